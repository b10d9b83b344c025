"""Stored usage of earlier retainer periods (issue 21, app_carry.c, schema step 17). A view
stores what each earlier period of a rolling-over retainer drew and later views read it instead
of billing those periods again. It is derived data: after any change that could alter an
earlier period (an entry edited, added, imported or removed there; a rule of the client), every
view must say exactly what a computation from scratch says (TOCK_NO_CARRY=1 reads and stores
nothing). The current period's draw, entry by entry, is stored the same way for the week view
(schema step 19). The arithmetic of the scenario is by hand in the comments."""
import sqlite3
import subprocess
import unittest

from tockenv import PG, TockCase, pg_psql, sqlite_only

H = 3600
SCRATCH = {"TOCK_NO_CARRY": "1"}
# November's standing (app_carry_standing.h) is stored beside its draw with what October
# rolled into it: a planted October figure shows once November is drawn again.
FORGET_STANDINGS = "DELETE FROM carry_draw WHERE rules LIKE 'standing-%'"


class CarryTest(TockCase):
    now = "2026-11-25T09:00:00"   # a Wednesday in November

    def setUp(self):
        super().setUp()
        t = self.t
        t.ok("client", "add", "acme", "--rate", "100")
        t.ok("project", "add", "acme/api")
        # 10 h a month from October; what October leaves rolls into November (one period).
        t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "100",
             "--rollover", "unused", "--from", "2026-10-01")
        self.oct_id = self.added(t.ok("add", "acme/api", "2026-10-07", "4h"))
        for day, d in (("2026-11-23", "8h"), ("2026-11-24", "8h"), ("2026-11-25", "4h")):
            t.ok("add", "acme", day, d)

    @staticmethod
    def added(r):
        return r.out.split("added entry ")[1].split(":")[0]

    def views(self, env=None):
        """Every view of November's money, as printed."""
        t = self.t
        return {" ".join(a): t.run(*a, env=env).out for a in (
            ["week", "--json"],
            ["log", "--from", "2026-11-01", "--to", "2026-11-30", "--json"],
            ["retainer", "acme", "--json"],
            ["retainer", "--json"],
            ["invoice", "preview", "acme", "--period", "2026-11", "--json"])}

    def stored(self):
        """carry_usage rows: (first day, seconds)."""
        if PG:
            r = pg_psql("SELECT first_day, seconds FROM carry_usage ORDER BY first_day",
                        db=self.t.pg_db)
            self.assertEqual(r.returncode, 0, r.stderr)
            return [tuple(line.split("|")) for line in r.stdout.split()]
        con = sqlite3.connect(self.t.db)
        rows = con.execute("SELECT first_day, seconds FROM carry_usage "
                           "ORDER BY first_day").fetchall()
        con.close()
        return [(a, str(b)) for a, b in rows]

    def assertAsFromScratch(self, overage_h):
        """Stored (the first view stores, the second reads) = from scratch, and November's
        overage is overage_h hours."""
        scratch = self.views(SCRATCH)
        self.assertEqual(self.views(), scratch)
        self.assertEqual(self.views(), scratch)
        nov = self.t.json("retainer", "acme")
        self.assertEqual(nov["overage_seconds"], overage_h * H)
        self.assertEqual(nov["overage_minor"], overage_h * 10000)
        week = self.t.json("week")
        self.assertEqual(week["totals"]["amounts"],
                         [{"currency": "EUR", "amount_minor": overage_h * 10000}])
        return nov

    def test_earlier_period_changes_reach_this_week(self):
        t = self.t
        # October drew 4 h of 10: 6 h roll into November, which has 16 h for its 20 h: 4 h over.
        nov = self.assertAsFromScratch(4)
        self.assertEqual(nov["rollover_seconds"], 6 * H)
        self.assertIn(("2026-10-01", str(4 * H)), self.stored())
        # October's entry edited to 8 h: 2 h roll, 8 h over.
        t.ok("edit", self.oct_id, "--duration", "8h")
        self.assertEqual(self.assertAsFromScratch(8)["rollover_seconds"], 2 * H)
        # ... stored in place of the old figure, which can never count again.
        self.assertEqual([s for s in self.stored() if s[0] == "2026-10-01"],
                         [("2026-10-01", str(8 * H))])
        # Another October entry, 30m: 1.5 h roll, 8.5 h over.
        half = self.added(t.ok("add", "acme", "2026-10-08", "30m"))
        self.assertAsFromScratch(8.5)
        # A rule: the client rounds up to the hour. October's 8 h + 1 h: 1 h rolls, 9 h over
        # (November's whole hours do not change).
        t.ok("client", "set", "acme", "--round", "1h", "--round-mode", "up")
        self.assertAsFromScratch(9)
        # A project flag: October's api time is outside the retainer, only the 1 h draws:
        # 9 h roll, 20 h of 19: 1 h over.
        t.ok("project", "set", "acme/api", "--outside-retainer")
        self.assertAsFromScratch(1)
        # Imported into October: 3 h more of the client's own time: 6 h roll, 4 h over.
        user = t.json("log", "--from", "2026-10-01", "--to", "2026-10-31")[0]["user"]
        csv = ("id,user,client,client_name,project,project_name,tier,billable,date,start,end,"
               "seconds,billed_seconds,rate_minor,amount_minor,currency,note,week_state,"
               "invoice\r\n1," + user + ",acme,acme,,,,yes,2026-10-20,,,10800,10800,0,0,EUR,"
               "imported,,\r\n")
        t.ok("import", "tock", "-", input=csv)
        self.assertAsFromScratch(4)
        # October's 30m removed: 3 h draw (the api time is outside), 7 h roll, 3 h over.
        t.ok("rm", half)
        self.assertAsFromScratch(3)
        # The retainer's terms: 12 h a month from October. 12 - 3 = 9 h roll; November has
        # 21 h for its 20 h: nothing over.
        t.ok("retainer", "set", "acme", "--hours", "12", "--fee", "1000", "--overage-rate",
             "100", "--rollover", "unused", "--from", "2026-10-01")
        self.assertAsFromScratch(0)

    @sqlite_only("plants a figure in the sqlite file")
    def test_a_stored_figure_is_read_only_at_its_change_count(self):
        self.assertAsFromScratch(4)
        # A wrong figure at the current change count is believed (proof that views read it):
        # October said to have drawn 10 h, nothing rolls, 10 h over.
        con = sqlite3.connect(self.t.db)
        con.execute("UPDATE carry_usage SET seconds = 36000 WHERE first_day = '2026-10-01'")
        con.execute(FORGET_STANDINGS)
        con.commit()
        con.close()
        self.assertEqual(self.t.json("retainer", "acme")["overage_seconds"], 10 * H)
        # Any change to the client's entries, even in November, makes it stale: recomputed.
        self.t.ok("add", "acme", "2026-11-26", "1h", now="2026-11-26T12:00:00")
        self.assertEqual(self.t.json("retainer", "acme")["overage_seconds"], 5 * H)
        self.assertIn(("2026-10-01", str(4 * H)), self.stored())
        # So does the configuration's billing (a rule no table holds): business hours.
        con = sqlite3.connect(self.t.db)
        con.execute("UPDATE carry_usage SET seconds = 36000 WHERE first_day = '2026-10-01'")
        con.execute(FORGET_STANDINGS)
        con.commit()
        con.close()
        self.t.config("[billing]\nbusiness_hours = Mon-Fri 09:00-18:00\n")
        self.assertEqual(self.t.json("retainer", "acme")["overage_seconds"], 5 * H)
        # And the time zone.
        con = sqlite3.connect(self.t.db)
        con.execute("UPDATE carry_usage SET seconds = 36000 WHERE first_day = '2026-10-01'")
        con.execute(FORGET_STANDINGS)
        con.commit()
        con.close()
        self.assertEqual(self.t.json("retainer", "acme", env={"TZ": "UTC"})["overage_seconds"],
                         5 * H)

    @sqlite_only("holds the sqlite file's write lock")
    def test_a_reader_never_waits_for_the_write_lock(self):
        # Another process holds the write lock: views answer as from scratch and store
        # nothing (they would wait 15 s for it otherwise); once it is free they store.
        scratch = self.views(SCRATCH)
        con = sqlite3.connect(self.t.db, timeout=0)
        con.execute("BEGIN IMMEDIATE")
        try:
            self.assertEqual(self.views(), scratch)
            self.assertEqual(con.execute("SELECT count(*) FROM carry_usage").fetchone(), (0,))
        finally:
            con.rollback()
            con.close()
        self.assertEqual(self.views(), scratch)
        self.assertIn(("2026-10-01", str(4 * H)), self.stored())

    def test_views_while_other_processes_edit_earlier_periods(self):
        # Readers storing figures while writers change October at the same time: whatever
        # was stored in between, once the writers are done every view is the from-scratch one.
        t = self.t
        ids = [self.added(t.ok("add", "acme", f"2026-10-{10 + i}", "1h")) for i in range(4)]
        writers = [t.popen("edit", i, "--duration", f"{2 + n}h", stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) for n, i in enumerate(ids)]
        readers = [t.popen("week", "--json", stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) for _ in range(4)]
        for p in writers + readers:
            self.assertEqual(p.wait(timeout=60), 0)
        # October: 4 + 2 + 3 + 4 + 5 = 18 h of 10: nothing rolls, November 20 h of 10: 10 h over.
        self.assertAsFromScratch(10)

    def test_views_between_edits(self):
        # Figures stored by one command, entries changed by the next: each view is still the
        # from-scratch one.
        t = self.t
        for i in range(3):
            self.views()
            t.ok("add", "acme", f"2026-10-1{i}", "1h")
            self.assertEqual(self.views(), self.views(SCRATCH))

    def week_amounts(self, env=None):
        """The week's rows: {client/project: amount}."""
        rows = self.t.json("week", env=env)["rows"]
        return {r["client"] + "/" + (r["project"] or ""): r["amount_minor"] for r in rows}

    def plant(self, sql, *args):
        con = sqlite3.connect(self.t.db)
        con.execute(sql, args)
        con.commit()
        con.close()

    @sqlite_only("plants a draw and a pending invoice in the sqlite file")
    def test_the_current_periods_draw_is_read_only_while_it_is_current(self):
        # November's draw (schema step 19) is stored by the first week view and read by the
        # next. 2 h more on the api project make November 22 h of 16: 23rd and 24th use the
        # 16 h, the 25th's 4 h and the 26th's 2 h are over.
        t = self.t
        api = self.added(t.ok("add", "acme/api", "2026-11-26", "2h", now="2026-11-26T12:00:00"))
        scratch = self.week_amounts(SCRATCH)
        self.assertEqual(scratch, {"acme/": 40000, "acme/api": 20000})
        self.assertEqual(self.week_amounts(), scratch)
        con = sqlite3.connect(self.t.db)
        (n,) = con.execute("SELECT count(*) FROM carry_draw WHERE first_day = '2026-11-01'"
                           ).fetchone()
        con.close()
        self.assertEqual(n, 1)
        # A wrong draw at the current change count is believed (proof the week reads it): the
        # api entry said to cost 1.23.
        self.plant("UPDATE carry_draw SET bills = replace(bills, ?, ?)",
                   f"{api} 7200 20000;", f"{api} 7200 123;")
        self.assertEqual(self.week_amounts()["acme/api"], 123)
        # A pending invoice holds the api entry: it draws first (2 h included), the 24th's
        # last 2 h and the 25th's 4 h are over. Not an entry change, but the draw's key.
        self.plant("INSERT INTO invoices(id, client_id, from_day, to_day, reference, state, "
                   "currency, total_minor, payload, created_utc, updated_utc) VALUES "
                   "(1, 1, '2026-11-01', '2026-11-30', 'P-1', 'pending', 'EUR', 0, '{}', 0, 0)")
        self.plant("INSERT INTO invoice_entries VALUES (1, ?)", int(api))
        held = self.week_amounts(SCRATCH)
        self.assertEqual(held, {"acme/": 60000, "acme/api": 0})
        self.assertEqual(self.week_amounts(), held)
        self.assertEqual(self.views(), self.views(SCRATCH))
        # Gone again: the draw stored before it counts again (its key is current again), so
        # plant a wrong one and change an entry: any change to the client's entries makes it
        # stale.
        self.plant("DELETE FROM invoice_entries")
        self.plant("DELETE FROM invoices")
        self.assertEqual(self.week_amounts()["acme/api"], 123)
        t.ok("edit", api, "--duration", "3h", now="2026-11-26T12:00:00")
        self.assertEqual(self.week_amounts(), {"acme/": 40000, "acme/api": 30000})
        self.assertEqual(self.views(), self.views(SCRATCH))
        # A rule (the client's rate) and the time zone make it stale too.
        self.plant("UPDATE carry_draw SET bills = replace(bills, ?, ?)",
                   f"{api} 10800 30000;", f"{api} 10800 123;")
        self.assertEqual(self.week_amounts()["acme/api"], 123)
        self.assertEqual(self.week_amounts(env={"TZ": "UTC"})["acme/api"], 30000)
        t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
             "200", "--rollover", "unused", "--from", "2026-10-01")
        self.assertEqual(self.week_amounts(), {"acme/": 80000, "acme/api": 60000})
        self.assertEqual(self.views(), self.views(SCRATCH))
        # A stored draw is read whole or not at all: the api entry alone at 1.23 is believed,
        # the same with anything after its last entry, or an entry cut short, is not.
        self.plant("UPDATE carry_draw SET bills = ?", f"{api} 10800 123;")
        self.assertEqual(self.week_amounts()["acme/api"], 123)
        for bad in (f"{api} 10800 123;x", f"{api} 10800 123;{int(api) + 1} 1", f"{api} 10800 123"):
            self.plant("UPDATE carry_draw SET bills = ?", bad)
            self.assertEqual(self.week_amounts(), {"acme/": 80000, "acme/api": 60000}, bad)

    @unittest.skipUnless(PG, "row-level security is PostgreSQL's")
    def test_a_member_counts_changes_but_neither_reads_nor_writes_figures(self):
        # The owner (who sees everything) stores October's figure. A member's entry in
        # October still counts as a change (the trigger runs as the member); the member's own
        # views store nothing (they see only their own time) and cannot set a count back.
        t = self.t
        self.assertAsFromScratch(4)
        m, lead = f"{t.pg_db}_member", f"{t.pg_db}_lead"
        psql = lambda sql: subprocess.run(  # noqa: E731
            ["psql", "-X", "-q", "-A", "-t", "-h", PG, "-U", m, "-d", t.pg_db, "-c", sql],
            capture_output=True, text=True)
        try:
            pg_psql(f"CREATE ROLE {m} LOGIN")
            t.ok("team", "add", m)
            url = f"postgresql://{m}@/{t.pg_db}?host={PG}"
            t.ok("--db", url, "add", "acme", "2026-10-09", "2h")
            # 6 h in October: 4 h roll, 6 h over (the owner sees the member's time).
            self.assertAsFromScratch(6)
            self.assertEqual(t.run("--db", url, "retainer", "acme", "--json").out,
                             t.run("--db", url, "retainer", "acme", "--json", env=SCRATCH).out)
            self.assertEqual(psql("SELECT count(*) FROM carry_usage").stdout.strip(), "0")
            r = psql("UPDATE carry_gen SET gen = gen - 1")
            self.assertIn("only counts up", r.stderr)
            r = psql("DELETE FROM carry_gen")
            self.assertIn("permission denied", r.stderr)
            r = psql("INSERT INTO carry_usage VALUES (1, 1, '2026-10-01', '2026-10-31', 0, 'x', 0)")
            self.assertIn("row-level security", r.stderr)
            self.assertEqual(psql("SELECT count(*) FROM carry_draw").stdout.strip(), "0")
            r = psql("INSERT INTO carry_draw VALUES (1, 1, '2026-11-01', 0, 'x', '')")
            self.assertIn("row-level security", r.stderr)
            self.assertAsFromScratch(6)
            # A lead sees every entry: row-level security lets their views store figures.
            pg_psql(f"CREATE ROLE {lead} LOGIN")
            t.ok("team", "add", lead, "--role", "lead")
            pg_psql("DELETE FROM carry_usage", db=t.pg_db)
            lurl = f"postgresql://{lead}@/{t.pg_db}?host={PG}"
            self.assertEqual(t.run("--db", lurl, "retainer", "acme", "--json").out,
                             t.run("retainer", "acme", "--json", env=SCRATCH).out)
            self.assertIn(("2026-10-01", str(6 * H)), self.stored())
        finally:
            for role in (m, lead):
                pg_psql(f"DROP OWNED BY {role}", db=t.pg_db)
                pg_psql(f"DROP ROLE IF EXISTS {role}")
