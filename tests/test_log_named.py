"""tock log names each entry from the rules it bills by, as tock week does (the store sends a
user's listing without client or project keys): the names a person reads are the same, and a
row whose project belongs to another client (a hand edit) is one clear error in both views."""
import sqlite3

from tockenv import TockCase


class LogNamesTest(TockCase):
    now = "2026-11-23T09:00:00"

    def setUp(self):
        super().setUp()
        t = self.t
        t.ok("client", "add", "acme", "--currency", "EUR", "--rate", "100")
        t.ok("client", "add", "initech", "--currency", "EUR", "--rate", "60")
        t.ok("project", "add", "acme/web")
        t.ok("project", "add", "initech/ops")
        t.ok("add", "acme/web", "2026-11-23", "09:00-10:00")
        t.ok("add", "initech/ops", "2026-11-23", "10:00-11:30")
        t.ok("add", "acme", "2026-11-23", "45m")

    def test_log_names_every_entry_by_its_client_and_project(self):
        rows = self.t.json("log", "--from", "2026-11-23", "--to", "2026-11-23")
        self.assertEqual([(r["user"] is not None, r["client"], r["project"]) for r in rows],
                         [(True, "acme", None), (True, "acme", "web"),
                          (True, "initech", "ops")])
        text = self.t.ok("log", "--from", "2026-11-23", "--to", "2026-11-23").out
        self.assertIn("acme/web", text)
        self.assertIn("initech/ops", text)

    def test_a_project_of_another_client_is_one_error_in_log_and_week(self):
        with sqlite3.connect(self.t.db) as db:
            ops = db.execute("SELECT id FROM projects WHERE key = 'ops'").fetchone()[0]
            db.execute("UPDATE entries SET project_id = ? WHERE seconds = 2700", (ops,))
        db.close()
        for args in (("log", "--from", "2026-11-23", "--to", "2026-11-23", "--json"),
                     ("week", "2026-11-23", "--json")):
            r = self.t.run(*args)
            self.assertEqual(r.rc, 1, r)
            lines = r.err.strip().splitlines()
            self.assertEqual(len(lines), 1, r)
            self.assertIn("is not acme's", lines[0])
