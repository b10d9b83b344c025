"""report profit of every client reads each user's entries from the first day of its range on,
by day, and stops at the first day past it (issue 18: a year at 1M entries): the entries on
the days either side count nowhere, those on its first and last day count, ranges bill their
span and durations their seconds, and one client's report (read another way) agrees."""
from test_invoice import Base
from tockenv import TockCase


class ProfitRangeEdgesTest(TockCase):
    now = "2026-11-23T09:00:00"

    def setUp(self):
        super().setUp()
        t = self.t
        t.ok("client", "add", "acme", "--currency", "EUR", "--rate", "100")
        t.ok("client", "add", "initech", "--currency", "EUR", "--rate", "60")
        for where, day, what in (("acme", "2026-09-30", "1h"),           # the day before
                                 ("acme", "2026-10-01", "09:00-10:30"),  # first day: 1.5 h
                                 ("initech", "2026-10-01", "2h"),        # 2 h
                                 ("acme", "2026-10-31", "45m"),          # last day: 0.75 h
                                 ("initech", "2026-10-31", "22:00-23:00"),   # 1 h
                                 ("acme", "2026-11-01", "09:00-13:00"),  # the day after
                                 ("initech", "2026-11-02", "3h")):
            t.ok("add", where, day, what)

    def rows(self, *args):
        return {r["key"]: (r["seconds"], r["revenue_minor"]) for r in self.t.json(
            "report", "profit", *args, "--from", "2026-10-01", "--to", "2026-10-31",
            "--json")["rows"]}

    def test_only_the_days_of_the_range_count(self):
        self.assertEqual(self.rows(), {"acme": (8100, 22500), "initech": (10800, 18000)})
        self.assertEqual(self.rows("--by", "month"), {"2026-10": (18900, 40500)})

    def test_every_client_agrees_with_each_client(self):
        every = self.rows()
        for client in ("acme", "initech"):
            self.assertEqual(self.rows(client), {client: every[client]})


class HeldEntriesDrawFirstTest(Base):
    """A retainer period draws the entries an invoice holds before the free ones, even when a
    free one comes first by day: acme's 10 prepaid hours go to the invoiced 8 h of 11-10, so
    the free 4 h of 11-05 use the last 2 and pay 2 h of overage at 180 (the draw puts the held
    entries ahead of the free ones without sorting them again)."""

    def setUp(self):
        super().setUp()
        self.acme()
        t = self.t
        t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "2000", "--overage-rate", "180",
             "--from", "2026-10-01")
        t.ok("add", "acme/api", "2026-11-05", "4h")
        t.ok("add", "acme/api", "2026-11-10", "8h")
        pushed = self.push("--from", "2026-11-08", "--to", "2026-11-15")
        self.assertEqual(pushed.rc, 0, pushed.err)

    def test_the_free_entry_draws_what_the_held_one_left(self):
        inv = self.preview("--from", "2026-11-01", "--to", "2026-11-07")
        self.assertEqual([(l["kind"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("included", 2.0, 0), ("overage", 2.0, 36000)])
        for spec in ((), ("acme",)):
            row = self.t.json("report", "profit", *spec, "--period", "2026-11")["rows"][0]
            self.assertEqual((row["revenue_minor"], row["invoiced_minor"]), (236000, 200000))
