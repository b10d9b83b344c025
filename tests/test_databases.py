"""Databases a user did not make with this tock: read-only files and folders, explicit paths in
missing folders, damaged files. Reading works wherever the bytes can be read, nothing is left
beside a file that was only read, and a failure prints nothing on stdout."""
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
from tockenv import BIN, TockCase

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
        size = os.path.getsize(self.bad)
        with open(self.bad, "r+b") as f:   # the last third: rows late in the export
            f.seek(size * 2 // 3 // 4096 * 4096)
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
