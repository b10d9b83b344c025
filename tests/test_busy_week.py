"""A week of many clients (issue 21): past eight clients the billing cache reads every
client's rates, projects and retainers at once (app_rules.c), and the week's read skips the
neighbouring days' rows that have no time in it. What the grid shows must not change."""
import os
import pwd

from tockenv import TockCase


class BusyWeekTest(TockCase):
    now = "2026-11-25T20:00:00"

    def setUp(self):
        super().setUp()
        for i in range(1, 13):   # more clients than the cache reads one by one
            self.t.ok("client", "add", f"c{i:02d}", "--rate", str(10 * i))
            self.t.ok("add", f"c{i:02d}", "2026-11-24", "1h")
        self.t.ok("client", "add", "c13", "--rate", "30", "--currency", "USD")
        self.t.ok("add", "c13", "2026-11-27", "1h")
        # Rules of clients the grid meets after the first eight (read all at once).
        self.t.ok("project", "add", "c10/p")
        self.t.ok("rate", "set", "c10/p", "standard", "200")
        self.t.ok("add", "c10/p", "2026-11-25", "30m")
        self.t.ok("project", "add", "c12/free", "--non-billable")
        self.t.ok("add", "c12/free", "2026-11-25", "2h")
        self.t.ok("retainer", "set", "c11", "--hours", "1", "--fee", "100", "--overage-rate",
                  "50", "--from", "2026-11-01")
        self.t.ok("add", "c11", "2026-11-26", "2h")
        # The days around the week: a range into Monday, and two that stay outside.
        self.t.ok("add", "c01", "2026-11-22", "23:00-01:00")
        self.t.ok("add", "c02", "2026-11-22", "10:00-11:00")
        self.t.ok("add", "c02", "2026-11-30", "00:30-01:00")

    def rows(self):
        week = self.t.json("week", "2026-11-23")
        return week, {(r["client"], r["project"]): r for r in week["rows"]}

    def test_every_client_bills_under_its_own_rules(self):
        week, rows = self.rows()
        for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12):
            r = rows[(f"c{i:02d}", None)]
            self.assertEqual((r["billed_seconds"], r["amount_minor"], r["currency"]),
                             (3600, 1000 * i, "EUR"), r)
        # A project's own rate; a non-billable project; another currency.
        self.assertEqual(rows[("c10", "p")]["amount_minor"], 10000)
        free = rows[("c12", "free")]
        self.assertEqual((free["billable"], free["billed_seconds"], free["amount_minor"]),
                         (False, 0, 0))
        self.assertEqual((rows[("c13", None)]["amount_minor"], rows[("c13", None)]["currency"]),
                         (3000, "USD"))
        # The retainer's hour is prepaid; the two hours past it bill at the overage rate.
        self.assertEqual(rows[("c11", None)]["seconds"], [0, 3600, 0, 7200, 0, 0, 0])
        self.assertEqual(rows[("c11", None)]["amount_minor"], 10000)
        self.assertEqual({a["currency"]: a["amount_minor"] for a in week["totals"]["amounts"]},
                         {"EUR": 87000, "USD": 3000})

    def test_the_days_around_the_week_show_only_their_time_in_it(self):
        week, rows = self.rows()
        # Sunday 23:00 to Monday 01:00: Monday's hour shows, billed where it began (Sunday).
        self.assertEqual(rows[("c01", None)]["seconds"], [3600, 3600, 0, 0, 0, 0, 0])
        self.assertEqual(rows[("c01", None)]["billed_seconds"], 3600)
        self.assertEqual(rows[("c02", None)]["seconds"], [0, 3600, 0, 0, 0, 0, 0])
        self.assertEqual(week["totals"]["seconds"], [3600, 43200, 9000, 7200, 3600, 0, 0])


class WeekEdgeTest(TockCase):
    """The days next to a week are read from the start their time in the week could have
    (the longest entry before the week's first instant): what reaches in shows, by the
    second; what does not, and entries without a range, do not."""
    now = "2026-12-01T12:00:00"

    def setUp(self):
        super().setUp()
        for c in ("c01", "c02", "c03", "c04"):
            self.t.ok("client", "add", c, "--rate", "60")
        # Sunday's and the next Monday's time outside the week, and entries without a range.
        self.t.ok("add", "c03", "2026-11-22", "12:00-13:00")
        self.t.ok("add", "c03", "2026-11-22", "2h")
        self.t.ok("add", "c03", "2026-11-30", "3h")
        self.t.ok("add", "c03", "2026-11-30", "00:00-01:00")

    bulk = 0   # entries of one minute each on Wednesday, client "bulk" (a busy week's rows)

    def week(self, env=None):
        if self.bulk and not getattr(self, "bulk_done", False):
            self.t.ok("client", "add", "bulk")
            me = pwd.getpwuid(os.getuid()).pw_name
            path = os.path.join(self.t.dir, "bulk.csv")
            with open(path, "w") as f:
                f.write("id,user,client,project,tier,date,seconds\n")
                for i in range(self.bulk):
                    f.write(f"{1000 + i},{me},bulk,,,2026-11-25,60\n")
            self.t.ok("import", "tock", path)
            self.bulk_done = True
        w = self.t.run("week", "2026-11-23", "--json", env=env).json()
        rows = {r["client"]: r for r in w["rows"]}
        if self.bulk:   # what the tests below expect is the week without them
            b = rows.pop("bulk")
            self.assertEqual(b["seconds"], [0, 0, 60 * self.bulk, 0, 0, 0, 0])
            w["totals"]["seconds"] = [t - s for t, s in zip(w["totals"]["seconds"], b["seconds"])]
        return w, rows

    def test_an_entry_reaching_in_by_minutes_shows_those_minutes(self):
        # A longer entry that ends before Monday, then a short one 10 minutes into it.
        self.t.ok("add", "c01", "2026-11-22", "17:00-23:50")
        self.t.ok("add", "c02", "2026-11-22", "23:50-00:10")
        w, rows = self.week()
        self.assertNotIn("c01", rows)
        self.assertEqual(rows["c02"]["seconds"], [600, 0, 0, 0, 0, 0, 0])
        self.assertNotIn("c03", rows)
        self.assertEqual(w["totals"]["seconds"], [600, 0, 0, 0, 0, 0, 0])

    def test_the_longest_entry_reaching_in_shows(self):
        # It began the longest range before Monday's 00:05: the earliest start read.
        self.t.ok("add", "c01", "2026-11-22", "13:05-00:05")
        w, rows = self.week()
        self.assertEqual(rows["c01"]["seconds"], [300, 0, 0, 0, 0, 0, 0])
        self.assertEqual(w["totals"]["seconds"], [300, 0, 0, 0, 0, 0, 0])

    def test_an_entry_from_two_days_before_shows_its_monday(self):
        # A timer from Saturday 22:00 to Monday 00:30: its day is Saturday, two days out
        # (Sunday's range is taken out first: they would overlap).
        self.t.ok("rm", "1")
        self.t.ok("start", "c01", now="2026-11-21T22:00:00")
        self.t.ok("stop", now="2026-11-23T00:30:00")
        w, rows = self.week()
        self.assertEqual(rows["c01"]["seconds"], [1800, 0, 0, 0, 0, 0, 0])
        self.assertEqual(w["totals"]["seconds"], [1800, 0, 0, 0, 0, 0, 0])

    def test_entries_recorded_in_other_zones_show_where_their_hours_fall(self):
        # New York's Sunday evening is Berlin's Monday night; Tokyo's Monday morning is
        # Berlin's Sunday night.
        self.t.ok("add", "c04", "2026-11-22", "19:30-20:30", env={"TZ": "America/New_York"})
        self.t.ok("add", "c04", "2026-11-30", "07:00-07:45", env={"TZ": "Asia/Tokyo"})
        self.t.ok("add", "c04", "2026-11-30", "10:00-11:00", env={"TZ": "Asia/Tokyo"})
        w, rows = self.week()
        self.assertEqual(rows["c04"]["seconds"], [3600, 0, 0, 0, 0, 0, 2700])
        self.assertEqual(w["totals"]["seconds"], [3600, 0, 0, 0, 0, 0, 2700])


class EpochWeekTest(TockCase):
    """A range that starts at the epoch itself (start_utc 0, which a NULL start also reads as)
    is still a range: split at the local midnight it crosses, not counted whole on its day."""
    now = "1970-01-02T12:00:00"
    tz = "America/New_York"

    def test_a_range_starting_at_the_epoch_is_split_at_midnight(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "1969-12-31", "19:00-02:00")   # 00:00 UTC to 07:00 UTC
        w = self.t.run("week", "1969-12-31", "--json").json()
        self.assertEqual(w["rows"][0]["seconds"], [0, 0, 5 * 3600, 2 * 3600, 0, 0, 0])


class BusyWeekEdgeTest(WeekEdgeTest):
    """The same with 300 more entries in the week: past 256 of its own, sqlite seeks each day
    next to the week to the earliest start that can reach into it (store_entries.c)."""
    bulk = 300


if __name__ == "__main__":
    import unittest
    unittest.main()
