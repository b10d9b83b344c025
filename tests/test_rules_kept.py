"""Every client's rules kept across commands (issue 21, store_rules.c, schema step 21). A view
of more than eight clients reads every client's rules at once; on sqlite the rows it read are
kept in rules_cache and the next command replays them instead of reading the tables again.
It is derived data: triggers delete it on every change to clients, projects, rates, tier
rules and retainers, by tock or by hand in the sqlite3 shell, and a blob that does not check
out is ignored. So after any change every view must say exactly what a reading from scratch says
(TOCK_NO_CARRY=1 keeps and reads nothing), and show the change. Figures by hand: client
c<i> bills i * 10.00 an hour; each has one hour on Tuesday 2026-11-24."""
import sqlite3
import subprocess
import unittest

from tockenv import PG, TockCase, sqlite_only

SCRATCH = {"TOCK_NO_CARRY": "1"}
N = 12   # more clients than the billing cache reads one by one


class RulesKeptTest(TockCase):
    now = "2026-11-25T20:00:00"

    def setUp(self):
        super().setUp()
        for i in range(1, N + 1):
            self.t.ok("client", "add", f"c{i:02d}", "--rate", str(10 * i))
            self.t.ok("add", f"c{i:02d}", "2026-11-24", "1h")
        self.t.ok("project", "add", "c03/api")
        self.t.ok("add", "c03/api", "2026-11-25", "30m")

    def views(self, env=None):
        """The busy views, as printed."""
        return {" ".join(a): self.t.run(*a, env=env).out for a in (
            ["week", "2026-11-23", "--json"],
            ["log", "--from", "2026-11-01", "--to", "2026-11-30", "--json"],
            ["week", "2026-11-23"])}

    def amounts(self):
        """The week's rows: {client/project: (billed seconds, amount)}."""
        rows = self.t.json("week", "2026-11-23")["rows"]
        return {r["client"] + "/" + (r["project"] or ""): (r["billed_seconds"], r["amount_minor"])
                for r in rows}

    def kept(self):
        """Bytes of the kept rules, None when there are none; "pg" on PostgreSQL."""
        if PG:
            return "pg"
        con = sqlite3.connect(self.t.db)
        try:
            row = con.execute("SELECT length(rows) FROM rules_cache").fetchone()
            return row[0] if row else None
        finally:
            con.close()

    def kept_rows(self):
        con = sqlite3.connect(self.t.db)
        try:
            return con.execute("SELECT rows FROM rules_cache").fetchone()[0]
        finally:
            con.close()

    def sql(self, statement, *args):
        """A hand edit, as in the sqlite3 shell: its own connection and transaction."""
        con = sqlite3.connect(self.t.db)
        con.execute(statement, args)
        con.commit()
        con.close()

    def assertKeptAndAsFromScratch(self):
        """The first views keep the rules, the next replay them: both = from scratch."""
        scratch = self.views(SCRATCH)
        self.assertEqual(self.views(), scratch)
        kept = self.kept()
        self.assertIsNotNone(kept, "a busy view keeps every client's rules")
        self.assertEqual(self.views(), scratch)
        self.assertEqual(self.kept(), kept)

    def change(self, *args, sql=None, delete=False):
        """A catalog change between two commands: an insert or update deletes what was kept
        (a delete leaves it, with more rows than the table: ignored), and the views that
        follow are the from-scratch ones."""
        self.assertKeptAndAsFromScratch()
        if sql:
            self.sql(sql)
        else:
            self.t.ok(*args)
        if not PG and not delete:
            self.assertIsNone(self.kept())
        self.assertKeptAndAsFromScratch()

    def test_changes_by_tock_show_in_the_next_command(self):
        base = self.amounts()
        self.assertEqual(base["c05/"], (3600, 5000))
        self.assertEqual(base["c03/api"], (1800, 1500))
        # A rate from Monday on: c05 bills 80.00 an hour.
        self.change("rate", "set", "c05", "standard", "80", "--from", "2026-11-23")
        self.assertEqual(self.amounts()["c05/"], (3600, 8000))
        # A project made non-billable.
        self.change("project", "set", "c03/api", "--non-billable")
        self.assertEqual(self.amounts()["c03/api"], (0, 0))
        # A client's rounding: c07's hour and a quarter bills as an hour and a half.
        self.t.ok("add", "c07", "2026-11-26", "15m")
        self.change("client", "set", "c07", "--round", "30m", "--round-mode", "up")
        self.assertEqual(self.amounts()["c07/"], (5400, 10500))
        # A tier rule: c08's standard hours round to whole hours, up.
        self.t.ok("add", "c08", "2026-11-26", "10m")
        self.change("client", "set", "c08", "--tier", "standard", "--round", "1h",
                    "--round-mode", "up")
        self.assertEqual(self.amounts()["c08/"], (7200, 16000))
        # A retainer: c09's first hour of the month prepaid (its fee is not in the week).
        self.change("retainer", "set", "c09", "--hours", "1", "--fee", "100", "--overage-rate",
                    "50", "--from", "2026-11-01")
        self.assertEqual(self.amounts()["c09/"][1], 0)
        self.t.ok("add", "c09", "2026-11-26", "2h")
        self.assertEqual(self.amounts()["c09/"][1], 10000)
        # An archived client: its time stays in the week, and the views stay as from scratch.
        self.change("client", "archive", "c10")
        self.assertEqual(self.amounts()["c10/"], (3600, 10000))

    @sqlite_only("edits the sqlite file by hand")
    def test_hand_edits_in_the_sqlite3_shell_show_in_the_next_command(self):
        client = lambda key: f"(SELECT id FROM clients WHERE key = '{key}')"
        self.change(sql=f"UPDATE rates SET amount_minor = 7700 WHERE client_id = {client('c05')}")
        self.assertEqual(self.amounts()["c05/"], (3600, 7700))
        self.change(sql=f"UPDATE projects SET billable = 0 WHERE key = 'api'")
        self.assertEqual(self.amounts()["c03/api"], (0, 0))
        self.change(sql=f"INSERT INTO rates(client_id, tier, amount_minor, from_day, created_utc) "
                        f"VALUES ({client('c06')}, 'standard', 9900, '2026-11-20', 0)")
        self.assertEqual(self.amounts()["c06/"], (3600, 9900))
        self.change(sql=f"DELETE FROM rates WHERE client_id = {client('c06')} "
                        f"AND amount_minor = 9900", delete=True)
        self.assertEqual(self.amounts()["c06/"], (3600, 6000))
        self.change(sql=f"UPDATE clients SET round_seconds = 7200, round_mode = 'up' "
                        f"WHERE key = 'c04'")
        self.assertEqual(self.amounts()["c04/"], (7200, 8000))
        self.change(sql=f"INSERT INTO tier_rules(client_id, tier, round_seconds, round_mode) "
                        f"VALUES ({client('c02')}, 'standard', 10800, 'up')")
        self.assertEqual(self.amounts()["c02/"], (10800, 6000))
        self.change(sql=f"INSERT INTO retainers(client_id, period, prepaid_seconds, fee_minor, "
                        f"overage_minor, rollover, alert_pct, from_day, created_utc, partial, "
                        f"rollover_expiry, rollover_order) VALUES ({client('c01')}, 'month', "
                        f"36000, 0, 1000, 'none', 80, '2026-11-01', 0, 'prorate', 1, 'fifo')")
        self.assertEqual(self.amounts()["c01/"][1], 0)
        self.change(sql="DELETE FROM retainers", delete=True)
        self.assertEqual(self.amounts()["c01/"], (3600, 1000))
        # A client deleted with everything of it (its entry first).
        self.sql(f"DELETE FROM entries WHERE client_id = {client('c12')}")
        self.assertKeptAndAsFromScratch()
        self.change(sql="DELETE FROM clients WHERE key = 'c12'", delete=True)
        self.assertNotIn("c12/", self.amounts())

    @sqlite_only("damages the kept rows in the sqlite file")
    def test_damaged_kept_rows_are_ignored(self):
        self.views()
        good = self.kept_rows()
        # What they would say if replayed is plain to see: c05's rate, 50.00, by hand 77.00.
        self.sql("UPDATE rates SET amount_minor = 7700 WHERE client_id = "
                 "(SELECT id FROM clients WHERE key = 'c05')")
        scratch = self.views(SCRATCH)
        self.assertEqual(self.amounts()["c05/"], (3600, 7700))
        now = self.kept_rows()
        self.assertNotEqual(now, good)
        flipped = bytearray(good)
        flipped[len(good) // 2] ^= 0x04
        for bad in (bytes(flipped), good[:-1], good[: len(good) // 2], good + b"\0", b"",
                    b"tockrow1" + bytes(64), "not a blob at all"):
            self.sql("INSERT OR REPLACE INTO rules_cache(slot, rows) VALUES (1, ?)", bad)
            self.assertEqual(self.views(), scratch)
            self.assertEqual(self.amounts()["c05/"], (3600, 7700))
            # The live read put rows that check out in its place (and the next view read them).
            self.assertEqual(self.kept_rows(), now)

    def test_rates_from_many_days_each_from_its_own_day(self):
        # Fourteen first days, three rates a client, set client after client so that the
        # days come mixed in the rates' table (the reader parses each distinct day once, and
        # remembers eight): each client bills Tuesday's hour at its own rate in force, the
        # one of its latest first day up to that Tuesday. Days on both sides of it differ in
        # their last character only.
        days = [f"2026-11-{d:02d}" for d in (1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 23, 25, 26, 28)]
        rates = {i: [] for i in range(1, N + 1)}
        for r in range(3):
            for i in range(1, N + 1):
                day, amount = days[(5 * i + 3 * r) % len(days)], 100 * i + r + 1
                self.t.ok("rate", "set", f"c{i:02d}", "standard", str(amount), "--from", day)
                rates[i].append((day, amount))
        self.assertKeptAndAsFromScratch()
        amounts = self.amounts()
        for i in range(1, N + 1):
            in_force = max(x for x in rates[i] if x[0] <= "2026-11-24")[1]
            self.assertEqual(amounts[f"c{i:02d}/"], (3600, 100 * in_force), f"c{i:02d}")

    def test_views_while_other_processes_change_rates(self):
        # Readers keeping rules while writers change rates at the same time: whatever was
        # kept in between, once the writers are done every view is the from-scratch one.
        t = self.t
        writers = [t.popen("rate", "set", f"c{i:02d}", "standard", str(100 + i), "--from",
                           "2026-11-01", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for i in range(1, 5)]
        readers = [t.popen("week", "2026-11-23", "--json", stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) for _ in range(4)]
        for p in writers + readers:
            self.assertEqual(p.wait(timeout=60), 0)
        self.assertKeptAndAsFromScratch()
        amounts = self.amounts()
        for i in range(1, 5):
            self.assertEqual(amounts[f"c{i:02d}/"], (3600, 10000 + 100 * i))


if __name__ == "__main__":
    unittest.main()
