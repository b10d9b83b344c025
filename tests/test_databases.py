"""Databases a user did not make with this tock: read-only files and folders, explicit paths in
missing folders, damaged files. Reading works wherever the bytes can be read, nothing is left
beside a file that was only read, and a failure prints nothing on stdout."""
import json
import os
import shutil
import sqlite3
import subprocess
import threading

from test_faults import IS_ROOT, _as_nobody, file_digest
from test_foundation import db_digest


def rows(path):
    """Every row (test_foundation.db_digest) of a copy: opening the file itself would
    checkpoint and remove its -wal and -shm."""
    d = os.path.join(os.path.dirname(os.path.dirname(path)), "digest")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for suffix in ("", "-wal"):
        if os.path.exists(path + suffix):
            shutil.copy(path + suffix, os.path.join(d, "x.db" + suffix))
    h = db_digest(os.path.join(d, "x.db"))
    shutil.rmtree(d)
    return h
from tockenv import BIN, TockCase, sqlite_only

READS = [["status"], ["week", "2026-11-20"], ["log", "--from", "2026-11-01"],
         ["export"], ["invoice", "preview", "acme", "--period", "2026-11"],
         ["rate", "list", "acme"], ["client", "list"], ["project", "list"],
         ["retainer", "acme"], ["sprint", "list", "acme"], ["invoice", "list"]]


def entries_csv(n, note_len=300):
    """A tock CSV export of n one-hour entries with long notes (a database of many pages)."""
    rows = ["id,user,client,client_name,project,project_name,tier,billable,date,start,end,"
            "seconds,billed_seconds,rate_minor,amount_minor,currency,note,week_state,invoice"]
    for i in range(n):
        day, hour = 1 + i // 10 % 28, 8 + i % 10
        m = 1 + i // 280
        d = f"2025-{m:02d}-{day:02d}"
        rows.append(f"{i + 1},root,acme,ACME,,,,yes,{d},{d}T{hour:02d}:00:00Z,"
                    f"{d}T{hour:02d}:50:00Z,3000,3000,0,0,EUR,{'n' * note_len},,")
    return "\r\n".join(rows) + "\r\n"


def entry_pages_at(db_path, fraction):
    """The file offset of the entries table's page that far through its pages (the table, not
    an index that also holds notes: the damage must hit rows), or of that far through the
    file where sqlite has no dbstat."""
    con = sqlite3.connect(db_path)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        pages = [p for (p,) in con.execute("SELECT pageno FROM dbstat WHERE name = 'entries' "
                                           "AND pagetype = 'leaf' ORDER BY pageno")]
    except sqlite3.OperationalError:
        pages, page_size = [], 4096
    finally:
        con.close()
    if not pages:
        return int(os.path.getsize(db_path) * fraction) // page_size * page_size
    return (pages[int(len(pages) * fraction)] - 1) * page_size


class ReadOnlyTest(TockCase):
    """Commands that only read open the database read-only."""

    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "100")
        self.t.ok("rate", "set", "acme", "after-hours", "150")
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "900",
                  "--overage-rate", "100", "--from", "2026-11-01")
        self.t.ok("add", "acme", "2026-11-20", "1h", "-m", "before")
        self.folder = os.path.join(self.t.dir, "copy")
        os.makedirs(self.folder)
        self.db = os.path.join(self.folder, "tock.db")
        # A copy as a backup would be: the file alone (tock keeps its WAL emptied on close).
        shutil.copy(self.t.db, self.db)
        self.expected = {tuple(a): self.t.run(*a) for a in READS}

    def run_as(self, args, preexec=None):
        return subprocess.run([BIN, "--db", self.db, *args], env=self.t.env,
                              capture_output=True, text=True, preexec_fn=preexec)

    def lock(self, file_mode, folder_mode):
        """Makes the copy read-only to whoever runs tock (nobody, when the tests run as root)."""
        os.chmod(self.db, file_mode)
        os.chmod(self.folder, folder_mode)
        os.chmod(self.t.dir, 0o755)
        return _as_nobody if IS_ROOT else None

    def assertReadsAndRefusesWrites(self, pre):
        before = sorted(os.listdir(self.folder)), file_digest(self.db), rows(self.db)
        for args in READS:
            r = self.run_as(args, pre)
            self.assertEqual(r.returncode, 0, (args, r.stderr))
            if args[0] not in ("status", "week", "log"):   # those show the OS user's own time
                self.assertEqual(r.stdout, self.expected[tuple(args)].out, args)
            self.assertEqual(sorted(os.listdir(self.folder)), before[0], args)
        self.assertIn("before", self.run_as(["export"], pre).stdout)
        for args in (["add", "acme", "2026-11-21", "2h"], ["start", "acme"],
                     ["client", "add", "other"]):
            r = self.run_as(args, pre)
            self.assertEqual(r.returncode, 1, (args, r))
            self.assertEqual(r.stdout, "")
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertIn("read-only; nothing was changed", r.stderr)
        self.assertEqual((sorted(os.listdir(self.folder)), file_digest(self.db),
                          rows(self.db)), before)

    def test_read_only_file(self):
        self.assertReadsAndRefusesWrites(self.lock(0o444, 0o777))

    def test_read_only_file_beside_the_writers_wal(self):
        # Another user's database in use: its -wal and -shm are there (and not ours to write).
        self.t.ok("--db", self.db, "add", "acme", "2026-11-19", "1h", "-m", "theirs")
        self.assertTrue(os.path.exists(self.db + "-shm"))
        self.expected = {tuple(a): self.t.run("--db", self.db, *a) for a in READS}
        for p in (self.db + "-wal", self.db + "-shm"):
            os.chmod(p, 0o444)
        self.assertReadsAndRefusesWrites(self.lock(0o444, 0o777))

    def test_read_only_folder(self):
        self.assertReadsAndRefusesWrites(self.lock(0o644, 0o555))

    def test_read_only_folder_and_file(self):
        self.assertReadsAndRefusesWrites(self.lock(0o444, 0o555))

    def test_a_reader_of_a_writable_database_leaves_no_wal_of_its_own(self):
        for args in READS:
            r = self.run_as(args)
            self.assertEqual(r.returncode, 0, (args, r.stderr))
            self.assertEqual(os.listdir(self.folder), ["tock.db"], args)
        self.assertEqual(self.run_as(["export"]).stdout, self.expected[("export",)].out)

    def test_readers_beside_a_writer(self):
        """Readers see a consistent, growing history while another process writes."""
        self.t.ok("--db", self.db, "status")
        n, failures, counts = 40, [], []

        def writer():
            for i in range(n):
                r = self.t.run("--db", self.db, "add", "acme", "2026-11-02",
                               f"{i // 6 + 8:02d}:{i % 6 * 10:02d}-{i // 6 + 8:02d}:{i % 6 * 10 + 5:02d}",
                               "-m", f"w{i}")
                if r.rc:
                    failures.append(r.err)

        th = threading.Thread(target=writer)
        th.start()
        for _ in range(60):
            r = self.t.run("--db", self.db, "export", "--format", "json")
            if r.rc:
                failures.append(r.err)
                break
            counts.append(len(r.json()))
            if not th.is_alive():
                break
        th.join()
        self.assertEqual(failures, [])
        self.assertEqual(counts, sorted(counts))
        self.assertEqual(len(self.t.run("--db", self.db, "export", "--format", "json").json()),
                         n + 1)


class ExplicitPathTest(TockCase):
    def test_explicit_path_in_a_missing_folder_is_refused(self):
        missing = os.path.join(self.t.dir, "no", "such", "dir")
        for how in (["--db", os.path.join(missing, "x.db")], ["--db=" + os.path.join(missing, "x.db")]):
            self.assertFails(*how, "client", "add", "acme",
                             contains=f"the folder {missing} does not exist")
        self.assertFails("status", env={"TOCK_DB": os.path.join(missing, "x.db")},
                         contains="does not exist")
        self.assertFalse(os.path.exists(os.path.join(self.t.dir, "no")))

    def test_the_default_path_gets_its_folders(self):
        self.assertFalse(os.path.exists(os.path.dirname(self.t.db)))
        self.t.ok("client", "add", "acme")
        self.assertTrue(os.path.exists(self.t.db))


class DamagedExportTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("import", "tock", "-", input=entries_csv(300))
        self.t.ok("status")  # a clean close: everything is in the main file
        self.bad = os.path.join(self.t.dir, "damaged.db")
        shutil.copy(self.t.db, self.bad)
        with open(self.bad, "r+b") as f:   # the entries' last third: rows late in the export
            f.seek(entry_pages_at(self.bad, 2 / 3))
            f.write(b"\xff" * 8192)

    def test_export_of_a_damaged_database_prints_nothing(self):
        for fmt in ("csv", "json"):
            self.assertFails("--db", self.bad, "export", "--format", fmt, contains="damaged")

    def test_export_to_a_file_is_whole_or_untouched(self):
        out = os.path.join(self.t.dir, "out", "export.csv")
        os.makedirs(os.path.dirname(out))
        with open(out, "w") as f:
            f.write("the previous export\n")
        self.assertFails("--db", self.bad, "export", "-o", out, contains="damaged")
        self.assertEqual(os.listdir(os.path.dirname(out)), ["export.csv"])
        with open(out) as f:
            self.assertEqual(f.read(), "the previous export\n")
        self.assertEqual(self.t.ok("export", "-o", out, "--format", "json").out, "")
        with open(out) as f:
            self.assertEqual(f.read(), self.t.ok("export", "--format", "json").out)
        self.assertEqual(os.listdir(os.path.dirname(out)), ["export.csv"])


class WholeDatabaseTest(TockCase):
    """tock export --all, tock import of it into an empty database, tock backup."""

    def setUp(self):
        super().setUp()
        t = self.t
        t.config("[billing]\nbusiness_hours = Mon-Fri 09:00-18:00\n")
        t.ok("client", "add", "acme", "--name", "ACME Corp", "--currency", "USD", "--rate", "150")
        t.ok("client", "set", "acme", "--round", "15m", "--round-mode", "up", "--minimum", "15m")
        t.ok("project", "add", "acme/api", "--budget-hours", "40")
        t.ok("client", "add", "old", "--non-billable")
        t.ok("client", "archive", "old")
        t.ok("rate", "set", "acme/api", "after-hours", "225")
        t.ok("rate", "set", "acme", "standard", "160", "--from", "2026-11-16")
        t.ok("retainer", "set", "acme", "--hours", "20", "--fee", "2500", "--overage-rate", "180",
             "--rollover", "unused", "--from", "2026-10-01")
        t.ok("sprint", "every", "acme", "2w", "--starting", "2026-11-02")
        t.ok("sprint", "add", "acme", "Launch", "--from", "2026-12-01", "--to", "2026-12-12")
        t.ok("add", "acme/api", "2026-11-20", "17:00-19:07", "-m", "über \"quoted\"\nline")
        t.ok("add", "acme", "2026-11-19", "1h", "--non-billable")
        t.ok("add", "acme", "2026-10-19", "3h", "-s", "emergency")
        # Settings kept in tables of their own (issues 12 and 13) must travel too.
        t.ok("client", "set", "acme", "--tier", "emergency", "--minimum", "1h", "--round", "30m")
        t.ok("client", "set", "acme", "--payment-terms", "30")
        t.ok("project", "set", "acme/api", "--outside-retainer")
        t.ok("start", "acme/api", "-m", "running", "--at", "08:30")
        self.new = os.path.join(self.t.dir, "new.db")

    def views(self, *db):
        return [self.t.run(*db, *a).out for a in (
            ["invoice", "preview", "acme", "--period", "2026-11", "--json", "--explain"],
            ["retainer", "acme", "--json"], ["status", "--format", "%k %E %r %t"],
            ["rate", "list", "acme", "--json"], ["client", "list", "--all", "--json"],
            ["sprint", "report", "acme", "current", "--json"], ["export"])]

    def test_export_all_restores_into_an_empty_database_identically(self):
        dump = self.t.ok("export", "--all").out
        doc = json.loads(dump)
        self.assertEqual(doc["tock_database"], 1)
        names = [t["name"] for t in doc["tables"]]
        # Every table of the schema, none forgotten when a migration adds one, but for the
        # derived figures of retainer periods (store_dump.c says why): a restore
        # counts its entries afresh and computes them again; for every client's rules kept
        # (rules_cache, read again from the restored tables); and for an import still being
        # added (entries_pending), whose rows no one sees yet.
        con = sqlite3.connect(self.t.db)
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%'")}
        con.close()
        derived = {"carry_gen", "carry_usage", "carry_draw", "entries_pending", "rules_cache"}
        self.assertTrue(derived <= tables)
        self.assertEqual(set(names), tables - derived)
        r = self.t.ok("--db", self.new, "import", "tock", "-", input=dump)
        self.assertIn("restored", r.out)
        self.assertEqual(self.t.ok("--db", self.new, "export", "--all").out, dump)
        self.assertEqual(self.views("--db", self.new), self.views())
        # auto finds it too
        other = os.path.join(self.t.dir, "other.db")
        path = os.path.join(self.t.dir, "all.json")
        self.t.ok("export", "--all", "-o", path)
        self.t.ok("--db", other, "import", "auto", path)
        self.assertEqual(self.t.ok("--db", other, "export", "--all").out, dump)

    def test_import_refuses_a_database_that_is_not_empty(self):
        dump = self.t.ok("export", "--all").out
        self.t.ok("--db", self.new, "client", "add", "mine")
        before = db_digest(self.new)
        self.assertFails("--db", self.new, "import", "tock", "-", input=dump, contains="not empty")
        self.assertEqual(db_digest(self.new), before)

    def test_a_bad_copy_writes_nothing(self):
        doc = json.loads(self.t.ok("export", "--all").out)
        entries = next(t for t in doc["tables"] if t["name"] == "entries")
        entries["rows"][0][2] = 999                 # a client that does not exist
        self.assertFails("--db", self.new, "import", "tock", "-", input=json.dumps(doc),
                         contains="refers to")
        entries["rows"][0][2] = 1
        entries["columns"][3] = "nope"
        self.assertFails("--db", self.new, "import", "tock", "-", input=json.dumps(doc),
                         contains="unknown column 'nope'")
        doc["schema"] = 999
        self.assertFails("--db", self.new, "import", "tock", "-", input=json.dumps(doc),
                         contains="schema 999")
        self.assertEqual(self.t.json("--db", self.new, "client", "list", "--all"), [])

    def test_export_all_takes_only_output(self):
        self.assertFails("export", "--all", "--format", "csv", rc=2, contains="--all")
        self.assertFails("export", "--all", "--client", "acme", rc=2, contains="--all")

    @sqlite_only("tock backup copies sqlite files (test_pg: its message on PostgreSQL)")
    def test_backup_is_consistent_while_others_write(self):
        copy = os.path.join(self.t.dir, "copy.db")
        self.t.ok("backup", copy)
        self.assertEqual(self.t.ok("--db", copy, "export", "--all").out,
                         self.t.ok("export", "--all").out)
        self.assertFails("backup", copy, contains="--force")
        n, failures = 30, []

        def writer():
            for i in range(n):
                r = self.t.run("add", "acme", "2026-11-02", f"{8 + i // 6:02d}:{i % 6 * 10:02d}-"
                               f"{8 + i // 6:02d}:{i % 6 * 10 + 5:02d}", "-m", f"w{i}")
                if r.rc:
                    failures.append(r.err)

        th = threading.Thread(target=writer)
        th.start()
        counts = []
        for k in range(40):
            r = self.t.run("backup", "--force", copy)
            if r.rc:
                failures.append(r.err)
                break
            con = sqlite3.connect(copy)
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            notes = [x for (x,) in con.execute("SELECT note FROM entries WHERE note LIKE 'w%'")]
            con.close()
            self.assertEqual(notes, [f"w{i}" for i in range(len(notes))])  # a prefix: one moment
            counts.append(len(notes))
            if not th.is_alive():
                break
        th.join()
        self.assertEqual(failures, [])
        self.assertEqual(counts, sorted(counts))
        self.assertEqual([f for f in os.listdir(self.t.dir) if "copy.db" in f], ["copy.db"])
