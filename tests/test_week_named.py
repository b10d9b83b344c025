"""tock week names a row once, when it first meets the row's client and project, and finds
the row by their ids for every entry after (issue 21). A project of another client (a hand
edit) must still be the one-line error, naming the first such entry, whichever rows the
client has already; names and totals must be those of every entry."""
import sqlite3

from tockenv import TockCase, sqlite_only


class WeekNamedTest(TockCase):
    now = "2026-11-25T20:00:00"

    def setUp(self):
        super().setUp()
        t = self.t
        t.ok("client", "add", "acme", "--currency", "EUR", "--rate", "100")
        t.ok("client", "add", "initech", "--currency", "USD", "--rate", "60")
        t.ok("project", "add", "acme/web")
        t.ok("project", "add", "initech/ops")
        t.ok("add", "acme/web", "2026-11-23", "09:00-10:00")
        t.ok("add", "acme", "2026-11-23", "10:00-11:00")
        t.ok("add", "initech/ops", "2026-11-23", "11:00-12:00")
        t.ok("add", "acme/web", "2026-11-24", "09:00-09:30")
        t.ok("add", "acme", "2026-11-24", "10:00-10:15")
        t.ok("add", "acme", "2026-11-25", "10:00-10:45")

    def test_every_entry_of_a_row_adds_to_it_under_its_names(self):
        week = self.t.json("week", "2026-11-23")
        rows = {(r["client"], r["project"]): r for r in week["rows"]}
        self.assertEqual(list(rows), [("acme", None), ("acme", "web"), ("initech", "ops")])
        self.assertEqual(rows[("acme", "web")]["seconds"][:2], [3600, 1800])
        self.assertEqual(rows[("acme", None)]["seconds"][:3], [3600, 900, 2700])
        self.assertEqual((rows[("acme", None)]["amount_minor"], rows[("acme", None)]["currency"]),
                         (20000, "EUR"))
        self.assertEqual((rows[("initech", "ops")]["amount_minor"],
                          rows[("initech", "ops")]["currency"]), (6000, "USD"))
        self.assertEqual({a["currency"]: a["amount_minor"] for a in week["totals"]["amounts"]},
                         {"EUR": 35000, "USD": 6000})

    @sqlite_only("edits the sqlite file by hand")
    def test_a_project_of_another_client_is_an_error_though_the_client_has_rows(self):
        # Two of acme's entries moved to initech's project; acme already has two rows by then.
        with sqlite3.connect(self.t.db) as db:
            ops = db.execute("SELECT id FROM projects WHERE key = 'ops'").fetchone()[0]
            bad = [r[0] for r in db.execute(
                "SELECT id FROM entries WHERE seconds IN (900, 2700) ORDER BY day")]
            db.executemany("UPDATE entries SET project_id = ? WHERE id = ?",
                           [(ops, i) for i in bad])
        db.close()
        for args in (("week", "2026-11-23", "--json"), ("week", "2026-11-23")):
            r = self.t.run(*args)
            self.assertEqual(r.rc, 1, r)
            self.assertEqual(r.out, "", r)
            lines = r.err.strip().splitlines()
            self.assertEqual(len(lines), 1, r)
            # The first of them in the week's order (Tuesday's), by its id.
            self.assertIn(f"entry {bad[0]}: project {ops} is not acme's", lines[0])
