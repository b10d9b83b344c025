"""A long import beside other writers (issue 15, item 3): the import runs on a copy and adds its
rows in one short step. What another process wrote meanwhile is weighed: a write the import
could not have seen the difference of keeps the copy's work; one it could (an overlapping
entry, a new client of the same key, a timer) makes it start again, so that the result is what
an import made after that write would give. kill -9 at any moment leaves all or nothing.

TOCK_TEST_STAGE_WAIT=PATH makes tock stop between the import on the copy and adding its rows
(PATH.ready.TRY appears; it goes on once PATH.go exists), so each test writes exactly there."""
import os
import signal
import sqlite3
import subprocess
import time

from test_harden import toggl_rows
from tockenv import TockCase, sqlite_only

EPOCH_ORDINAL = 719163
NOV_16_2026 = EPOCH_ORDINAL + 20773   # a Monday, a week before the tests' now


@sqlite_only("the working copy is sqlite's; PostgreSQL imports in place")
class ImportBesideWritersTest(TockCase):

    def start_import(self, *args, hook="stage", feed=None):
        path = os.path.join(self.t.dir, hook)
        tmp = os.path.join(self.t.dir, "tmp")
        os.makedirs(tmp, exist_ok=True)
        self.t.env["TOCK_TEST_STAGE_WAIT"] = path
        self.t.env["TMPDIR"] = tmp
        try:
            p = self.t.popen("import", *args, stdin=subprocess.PIPE if feed else None,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if feed:   # a real pipe, not a file redirected: that could be read again
                p.stdin.write(feed)
                p.stdin.close()
                p.stdin = None   # communicate() must not flush it
        finally:
            del self.t.env["TOCK_TEST_STAGE_WAIT"]
            del self.t.env["TMPDIR"]
        self.wait_for(path + ".ready.0", p)
        return p, path

    def wait_for(self, name, p):
        for _ in range(3000):
            if os.path.exists(name):
                return
            if p.poll() is not None:
                self.fail(f"the import ended before {name}: {p.communicate()}")
            time.sleep(0.02)
        self.fail(f"no {name}")

    def finish(self, p, path):
        open(path + ".go", "w").close()
        out, err = p.communicate(timeout=120)
        return p.returncode, out, err

    def count(self):
        con = sqlite3.connect(self.t.db)
        n = con.execute("SELECT count(*) FROM entries").fetchone()[0]
        con.close()
        return n

    def assert_sound(self):
        r = subprocess.run(["sqlite3", self.t.db, "PRAGMA integrity_check; "
                            "PRAGMA foreign_key_check;"], capture_output=True, text=True)
        self.assertEqual(r.stdout.split(), ["ok"], r)
        self.t.ok("audit", "verify")

    def rows(self, n, first_day=NOV_16_2026 - 70):
        path = os.path.join(self.t.dir, f"rows{first_day}.csv")
        toggl_rows(path, n, first_day=first_day)
        return path

    def test_an_unrelated_write_keeps_the_copy(self):
        self.t.ok("client", "add", "acme")
        p, hook = self.start_import("toggl", self.rows(400))
        added = self.t.ok("add", "acme", "2026-11-20", "1h", "-m", "beside the import")
        rc, out, err = self.finish(p, hook)
        self.assertEqual(rc, 0, err)
        self.assertIn("imported 400 entries", out)
        self.assertFalse(os.path.exists(hook + ".ready.1"), "the import ran a second time")
        self.assertEqual(self.count(), 401)
        notes = [e["note"] for e in self.t.json("log", "--from", "2026-11-20", "--to",
                                                "2026-11-20")]
        self.assertEqual(notes, ["beside the import"], added)
        self.assert_sound()

    def test_a_piped_import_is_staged_too(self):
        """From a pipe the rows are kept in a temporary file first, so a piped import also runs
        on a copy: another writer gets in while it runs, instead of waiting for all of it."""
        self.t.ok("client", "add", "acme")
        rows = self.rows(300)
        with open(rows) as src:
            p, hook = self.start_import("toggl", "-", hook="piped", feed=src.read())
        self.t.ok("add", "acme", "2026-11-20", "1h", "-m", "beside the piped import")
        rc, out, err = self.finish(p, hook)
        self.assertEqual(rc, 0, err)
        self.assertIn("imported 300 entries", out)
        self.assertEqual(self.count(), 301)
        self.assertEqual(os.listdir(os.path.join(self.t.dir, "tmp")), [], "the copy was left")
        self.assert_sound()
        # No room for the copy (here: no such folder): one line, nothing imported, no crash.
        self.t.env["TMPDIR"] = os.path.join(self.t.dir, "gone")
        try:
            p = self.t.popen("import", "toggl", "-", stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        finally:
            del self.t.env["TMPDIR"]
        with open(rows) as src:
            out, err = p.communicate(src.read(), timeout=60)
        self.assertEqual(p.returncode, 1, (out, err))
        self.assertRegex(err, r"^tock: <stdin>: cannot keep a copy of the input: "
                         r".*; nothing was imported\n$")
        self.assertEqual(self.count(), 301)

    def test_an_overlap_added_meanwhile_is_seen(self):
        self.t.ok("client", "add", "acme")
        rows = self.rows(80)   # ten days from 2026-09-07, 09:00-09:55 first
        p, hook = self.start_import("toggl", rows, "--strict")
        self.t.ok("add", "acme", "2026-09-08", "09:30-10:30")
        rc, out, err = self.finish(p, hook)
        # As an import made after the add: --strict refuses the overlap, nothing is imported.
        self.assertEqual(rc, 1, out)
        self.assertIn("overlaps entry", err)
        self.assertTrue(os.path.exists(hook + ".ready.1"), "the overlap was not weighed")
        self.assertEqual(self.count(), 1)
        p, hook = self.start_import("toggl", rows, hook="again")
        self.t.ok("add", "acme", "2026-09-09", "09:30-10:30")
        rc, out, err = self.finish(p, hook)
        self.assertEqual(rc, 0, err)
        # Told once (not once a try), about both adds: rows 10-11 and 18-19 overlap them.
        self.assertEqual(err.count("overlaps entry"), 4, err)
        self.assertEqual(self.count(), 82)
        self.assert_sound()

    def test_a_client_added_meanwhile_is_used(self):
        p, hook = self.start_import("toggl", self.rows(30))
        self.t.ok("client", "add", "client-0", "--name", "Zero Ltd")
        rc, out, err = self.finish(p, hook)
        self.assertEqual(rc, 0, err)
        clients = {c["key"]: c["name"] for c in self.t.json("client", "list")}
        self.assertEqual(clients["client-0"], "Zero Ltd")
        self.assertEqual(len(self.t.json("log", "--from", "2026-09-01", "--to", "2026-09-30",
                                         "--client", "client-0")), 10)
        self.assert_sound()

    def test_a_timer_started_meanwhile_refuses_rows_over_it(self):
        self.t.ok("client", "add", "acme")
        p, hook = self.start_import("toggl", self.rows(40, first_day=NOV_16_2026))
        self.t.ok("start", "acme", "--at", "2026-11-17 10:30")
        rc, out, err = self.finish(p, hook)
        # Issue 15 item 2's rule, as if the import came after the start: refused, nothing kept.
        self.assertEqual(rc, 1, out)
        self.assertIn("overlaps the running timer", err)
        self.assertEqual(self.count(), 0)
        self.t.ok("stop", now="2026-11-23T09:00:00")
        self.assert_sound()

    def test_a_timer_started_and_stopped_elsewhere_keeps_the_copy(self):
        self.t.ok("client", "add", "acme")
        p, hook = self.start_import("toggl", self.rows(40))
        self.t.ok("start", "acme", "--at", "2026-11-23 08:00")
        self.t.ok("stop")
        rc, out, err = self.finish(p, hook)
        self.assertEqual(rc, 0, err)
        self.assertFalse(os.path.exists(hook + ".ready.1"), "the import ran a second time")
        self.assertEqual(self.count(), 41)
        self.assert_sound()

    def test_a_dry_run_takes_no_write_lock(self):
        self.t.ok("client", "add", "acme")
        p, hook = self.start_import("toggl", self.rows(2000), "--dry-run")
        db = sqlite3.connect(self.t.db, timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")   # raises when the dry run holds the lock
            db.execute("ROLLBACK")
        finally:
            db.close()
        self.t.ok("add", "acme", "2026-11-20", "1h")
        rc, out, err = self.finish(p, hook)
        self.assertEqual(rc, 0, err)
        self.assertIn("would import 2000 entries", out)
        self.assertEqual(self.count(), 1)

    def test_kill_while_adding_leaves_all_or_nothing(self):
        self.t.ok("client", "add", "acme")
        n, before = 3000, 0
        for i, delay in enumerate((0.0, 0.01, 0.03, 0.06, 0.1, 0.2, 0.4, 0.8)):
            p, hook = self.start_import("toggl", self.rows(n, first_day=730120 + i * 400),
                                        hook=f"kill{i}")
            self.t.ok("add", "acme", f"2026-11-{10 + i}", "1h")   # others write meanwhile
            before += 1
            open(hook + ".go", "w").close()
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.communicate(timeout=60)
            now = self.count()
            self.assertIn(now, (before, before + n), f"a torn import after {delay} s")
            before = now
            self.assert_sound()
        leftovers = [f for f in os.listdir(os.path.dirname(self.t.db)) if ".stage-" in f]
        self.t.ok("import", "toggl", self.rows(8, first_day=730120 + 9 * 400))
        self.assertEqual([f for f in os.listdir(os.path.dirname(self.t.db))
                          if ".stage-" in f], [], leftovers)
