"""A large import's rows go in over several short write transactions and stay unseen until one
short last step (issue 15, item 3; schema step 20): the ids between entries_pending's lo and hi
are rows no one sees. Every read of entries leaves them out, a writer goes on meanwhile, and
kill -9 at any step leaves nothing seen; the next import removes what it left.

TOCK_TEST_STAGE_STEP=N takes the stepped path for any import, N rows a step;
TOCK_TEST_STEP_WAIT=PATH stops it after its first step (PATH.ready; it goes on at PATH.go)."""
import os
import re
import signal
import sqlite3
import subprocess
import time
import unittest

from test_harden import toggl_rows
from tockenv import TockCase, sqlite_only

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
# The mechanism itself, the migrations, and what removes or adds the range's rows.
NOT_READS = {"store_schema.c", "store_stage.c", "store_pending.c"}


def statements(text):
    """The C statements of a file (comments out), split at ';' outside string literals, each
    #define with its continuation lines a statement of its own."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    out, cur, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c == "'":   # a character literal ('"', '\\'...)
            j = i + 1
            while text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
        elif c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
        elif c == "#" and text[:i].rstrip(" \t").endswith("\n"):
            j = i
            while True:
                k = text.index("\n", j)
                if text[k - 1] != "\\":
                    break
                j = k + 1
            out.append(text[i:k])
            i = k
        elif c == ";" or c == "{" or c == "}":
            out.append("".join(cur))
            cur = []
            i += 1
        else:
            cur.append(c)
            i += 1
    out.append("".join(cur))
    return out


READ = re.compile(r"\b(FROM|JOIN|UPDATE)\s+(main\.)?entries\b(?!_)")


class EveryQuerySeesTest(unittest.TestCase):
    """Every statement of the store that reads, changes or removes entries' rows leaves out the
    pending range (ENTRY_SEEN): a new query that forgets it fails here."""

    def test_every_statement_on_entries_leaves_out_the_pending_range(self):
        macros, seen_macros, forgot, seen = set(), {"ENTRY_SEEN"}, [], 0
        files = sorted(f for f in os.listdir(SRC) if f.startswith("store_") and f.endswith(".c"))
        for name in files:
            if name in NOT_READS:
                continue
            with open(os.path.join(SRC, name)) as f:
                stmts = statements(f.read())
            # Macros whose text names entries (ENTRY_SELECT, BILL_COLUMNS...) or such a macro
            # (ENTRY_USER_ALL), and those that hold ENTRY_SEEN or such a macro (ENTRY_RANGE).
            defs = [(m.group(1), s) for s in stmts
                    for m in [re.match(r"#\s*define\s+(\w+)", s)] if m]
            for _ in range(len(defs) + 1):
                for name_, body in defs:
                    if READ.search(body) or any(re.search(rf"\b{m}\b", body) for m in macros):
                        macros.add(name_)
                    if any(re.search(rf"\b{m}\b", body) for m in seen_macros):
                        seen_macros.add(name_)
            for s in stmts:
                if s.lstrip().startswith("#"):
                    continue
                uses = READ.search(s) or any(re.search(rf"\b{m}\b", s) for m in macros)
                if uses:
                    seen += 1
                    if not any(re.search(rf"\b{m}\b", s) for m in seen_macros):
                        forgot.append(f"{name}: {' '.join(s.split())[:160]}")
        self.assertGreater(seen, 20)   # the scan found the store's queries
        self.assertEqual(forgot, [])

    def test_the_scan_finds_a_query_that_forgets(self):
        bad = 'static const char sql[] = ENTRY_LIST "WHERE e.id = ?1";\n' \
              'static const char q[] = "SELECT 1 FROM entries WHERE x = 1";'
        stmts = [s for s in statements(bad) if READ.search(s) or "ENTRY_LIST" in s]
        self.assertEqual(len(stmts), 2)
        self.assertTrue(all("ENTRY_SEEN" not in s for s in stmts))


def process_start(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[19])


@sqlite_only("the pending range is sqlite's; PostgreSQL imports in place")
class PendingRangeTest(TockCase):

    def views(self):
        """What a user can read, command by command."""
        t = self.t
        cmds = [("status",), ("log", "--from", "2026-11-01", "--to", "2026-11-30"),
                ("log", "--json", "--from", "2026-11-01", "--to", "2026-11-30"),
                ("log", "--client", "acme", "--json"), ("week", "2026-11-18"),
                ("week", "2026-11-18", "--json"), ("retainer", "acme"),
                ("retainer", "acme", "--json"),
                ("invoice", "preview", "acme", "--from", "2026-11-01", "--to", "2026-11-30"),
                ("report", "profit", "--from", "2026-11-01", "--to", "2026-11-30"),
                ("report", "tickets", "--from", "2026-11-01", "--to", "2026-11-30"),
                ("project", "list"), ("team", "week", "2026-11-18"), ("export",),
                ("export", "--all"), ("audit", "verify")]
        out = {}
        for c in cmds:
            r = t.run(*c)
            out[c] = (r.rc, r.out, r.err)
        return out

    def plant(self, lo, n, pid):
        """n rows at ids lo..: copies of entry 1 (a range) a day earlier, and of entry 2
        (hours of a day) as they are; and the range, naming process pid."""
        con = sqlite3.connect(self.t.db)
        cols = [r[1] for r in con.execute("PRAGMA table_info(entries)") if r[1] != "id"]
        earlier = {"day": "date(day, '-1 day')", "last_day": "date(last_day, '-1 day')",
                   "start_utc": "start_utc - 86400", "end_utc": "end_utc - 86400"}
        for i in range(n):
            vals = ", ".join("'pending-key-%d'" % i if c == "source_key" else
                             earlier.get(c, c) if i % 2 == 0 else c for c in cols)
            con.execute(f"INSERT INTO entries(id, {', '.join(cols)}) SELECT {lo + i}, {vals} "
                        f"FROM entries WHERE id = {1 if i % 2 == 0 else 2}")
        try:
            start = process_start(pid)
        except OSError:
            start = 0
        con.execute("INSERT INTO entries_pending VALUES (1, ?, ?, ?, ?)",
                    (lo, lo + n - 1, pid, start))
        con.commit()
        con.close()

    def rows_in_table(self):
        con = sqlite3.connect(self.t.db)
        n = con.execute("SELECT count(*) FROM entries").fetchone()[0]
        con.close()
        return n

    def setup_history(self):
        t = self.t
        t.ok("client", "add", "acme")
        t.ok("rate", "set", "acme", "standard", "100")
        t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--from", "2026-10-01",
             "--overage-rate", "150", "--rollover", "unused")
        t.ok("project", "add", "acme/web")
        t.ok("add", "acme/web", "2026-11-18", "9:00-11:00", "-m", "first #T-1")
        t.ok("add", "acme", "2026-11-19", "2h", "-m", "second")
        t.ok("start", "acme", "--at", "2026-11-23T08:00:00")

    def test_every_view_leaves_out_a_pending_range(self):
        self.setup_history()
        before = self.views()
        self.plant(100, 5, os.getpid())   # this test runs: the range is live
        after = self.views()
        for cmd in before:
            self.assertEqual(after[cmd], before[cmd], f"tock {' '.join(cmd)}")
        # Not found by id, not changed, not removed; no overlap with what nobody sees.
        self.assertFails("edit", "100", "-m", "x", contains="100")
        self.assertFails("rm", "100", contains="100")
        r = self.t.ok("add", "acme", "2026-11-17", "9:30-10:30", "-m", "over an unseen one")
        self.assertNotIn("overlap", r.out + r.err)
        self.assertEqual(self.rows_in_table(), 3 + 5)

    def test_the_next_import_removes_a_dead_range(self):
        self.setup_history()
        self.t.ok("stop", "--at", "2026-11-23T08:30:00")
        before = self.views()
        dead = subprocess.Popen(["true"])
        dead.wait()
        self.plant(100, 30, dead.pid)
        self.assertEqual(self.views(), before)
        path = os.path.join(self.t.dir, "rows.csv")
        toggl_rows(path, 16, first_day=730120)
        self.t.ok("import", "toggl", path)
        self.assertEqual(self.rows_in_table(), 3 + 16)
        con = sqlite3.connect(self.t.db)
        self.assertEqual(con.execute("SELECT count(*) FROM entries_pending").fetchone(), (0,))
        con.close()

    def start_import(self, path, step=50):
        hook = os.path.join(self.t.dir, "step")
        env = {"TOCK_TEST_STAGE_STEP": str(step), "TOCK_TEST_STEP_WAIT": hook}
        self.t.env.update(env)
        try:
            p = self.t.popen("import", "toggl", path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        finally:
            for k in env:
                del self.t.env[k]
        for _ in range(3000):
            if os.path.exists(hook + ".ready"):
                return p, hook
            if p.poll() is not None:
                self.fail(f"the import ended before its first step: {p.communicate()}")
            time.sleep(0.02)
        self.fail("no first step")

    def sound(self):
        r = subprocess.run(["sqlite3", self.t.db, "PRAGMA integrity_check; "
                            "PRAGMA foreign_key_check;"], capture_output=True, text=True)
        self.assertEqual(r.stdout.split(), ["ok"], r)
        self.t.ok("audit", "verify")

    def test_rows_are_unseen_until_the_last_step_and_writers_go_on(self):
        self.t.ok("client", "add", "acme")
        path = os.path.join(self.t.dir, "rows.csv")
        toggl_rows(path, 400, first_day=730120)
        p, hook = self.start_import(path)
        try:
            self.assertGreater(self.rows_in_table(), 1)    # the first step is in the table
            self.assertEqual(self.t.json("log", "--from", "2000-01-01", "--to", "2030-01-01"),
                             [])
            self.assertNotIn("Client 0", self.t.ok("client", "list").out)
            self.t.ok("add", "acme", "2026-11-20", "1h", "-m", "beside the import")
        finally:
            open(hook + ".go", "w").close()
            out, err = p.communicate(timeout=120)
        self.assertEqual(p.returncode, 0, err)
        self.assertIn("imported 400 entries", out)
        self.assertEqual(len(self.t.json("log", "--from", "2000-01-01", "--to", "2030-01-01")),
                         401)
        self.assertEqual(self.rows_in_table(), 401)
        self.sound()

    def test_an_overlap_added_between_the_steps_is_seen_at_the_switch(self):
        self.t.ok("client", "add", "acme")
        path = os.path.join(self.t.dir, "rows.csv")
        toggl_rows(path, 200, first_day=730120)     # 2000-01-03 on, 09:00-09:55 ...
        p, hook = self.start_import(path)
        try:
            # Another writer adds an entry over an imported one: its own check cannot see
            # the unseen rows, so the last step must.
            self.t.ok("add", "acme", "2000-01-03", "9:10-9:20", "-m", "meanwhile")
        finally:
            open(hook + ".go", "w").close()
            out, err = p.communicate(timeout=120)
        self.assertEqual(p.returncode, 0, err)
        self.assertIn("overlap", err)                # the import ran again and saw it
        self.assertIn("imported 200 entries", out)
        self.assertEqual(self.rows_in_table(), 201)
        self.sound()

    def test_kill_at_a_step_leaves_nothing_seen_and_the_next_import_cleans_up(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-20", "1h")
        seen = self.views()
        path = os.path.join(self.t.dir, "rows.csv")
        toggl_rows(path, 300, first_day=730120)
        p, hook = self.start_import(path)
        p.send_signal(signal.SIGKILL)
        p.communicate(timeout=60)
        self.assertGreater(self.rows_in_table(), 1)
        self.assertEqual(self.views(), seen)          # nothing of it is seen
        self.t.ok("add", "acme", "2026-11-21", "1h")   # a writer goes on
        r = self.t.ok("import", "toggl", path)         # the same file again: every row
        self.assertIn("imported 300 entries", r.out)
        self.assertEqual(self.rows_in_table(), 302)
        self.sound()

    def test_two_imports_at_once_each_all_or_nothing(self):
        self.t.ok("client", "add", "acme")
        a, b = (os.path.join(self.t.dir, f"{x}.csv") for x in "ab")
        toggl_rows(a, 300, first_day=730120)
        toggl_rows(b, 300, first_day=731120)
        p, hook = self.start_import(a)
        q = self.t.popen("import", "toggl", b, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        time.sleep(0.5)
        self.assertIsNone(q.poll(), "the second import did not wait for the first")
        open(hook + ".go", "w").close()
        out, err = p.communicate(timeout=120)
        self.assertEqual(p.returncode, 0, err)
        out2, err2 = q.communicate(timeout=120)
        self.assertEqual(q.returncode, 0, err2)
        self.assertIn("imported 300 entries", out2)
        self.assertEqual(self.rows_in_table(), 600)
        self.sound()
