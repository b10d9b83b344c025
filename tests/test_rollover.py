"""Issue 12's rollover policy beyond one period, and the money forecast. Rolled-over hours
live --rollover-expires N periods; a period uses the oldest rolled-over hours first (first in,
first out) or, with --rollover-order current, its own hours first; --rollover-cap bounds what a
period starts with, the oldest hours dropped first. Each scenario's arithmetic is by hand."""
from test_invoice import Base

H = 3600


class RolloverExpiry(Base):
    def retainer(self, *extra):
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--rollover", "unused", "--from", "2026-09-01", *extra)

    def status(self, day):
        return self.t.json("retainer", "acme", "--date", day)

    def test_hours_live_n_periods_oldest_used_first(self):
        # 10 h a month from September, unused hours live 3 periods. September and October use
        # nothing: October starts with September's 10 h, November with October's 10 h and
        # September's 10 h (20 h; with an expiry of one period it would be 10 h). November uses
        # 4 h, out of the oldest first (September's: 6 h of them left). December starts with
        # November's 10 + October's 10 + September's 6 = 26 h; September's 6 h are in their
        # third period and expire at December's end if unused.
        self.retainer("--rollover-expires", "3")
        self.t.ok("add", "acme/api", "2026-11-05", "4h")
        self.assertEqual(self.status("2026-10-15")["rollover_seconds"], 10 * H)
        nov = self.status("2026-11-15")
        self.assertEqual((nov["rollover_seconds"], nov["prepaid_seconds"], nov["rollover_expires"]),
                         (20 * H, 30 * H, 3))
        dec = self.status("2026-12-15")
        self.assertEqual((dec["rollover_seconds"], dec["expiring_seconds"]), (26 * H, 6 * H))
        # The invoice of December starts from the same rolled-over hours.
        self.assertEqual(self.preview("--period", "2026-12")["retainer"]["rollover_seconds"], 26 * H)
        # The default, one period: November starts with October's 10 h only.
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--rollover", "unused", "--from", "2026-09-01")
        self.assertEqual(self.status("2026-11-15")["rollover_seconds"], 10 * H)
        self.assertEqual(self.status("2026-12-15")["rollover_seconds"], 10 * H)

    def test_current_first_order(self):
        # October starts with September's 10 h and uses 6 h. First in, first out (the default)
        # they come out of September's hours: all of October's own 10 h roll into November, and
        # 4 h of September's die unused at October's end. With --rollover-order current,
        # October's own hours go first: 10 - 6 = 4 h roll into November, and September's 10 h
        # expire unused.
        self.retainer()
        self.t.ok("add", "acme/api", "2026-10-05", "6h")
        oct_ = self.status("2026-10-20")
        self.assertEqual((oct_["rollover_order"], oct_["expiring_seconds"]), ("fifo", 4 * H))
        self.assertEqual(self.status("2026-11-20")["rollover_seconds"], 10 * H)
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--rollover", "unused", "--rollover-order", "current", "--from", "2026-09-01")
        oct_ = self.status("2026-10-20")
        self.assertEqual((oct_["rollover_order"], oct_["expiring_seconds"]), ("current", 10 * H))
        self.assertEqual(self.status("2026-11-20")["rollover_seconds"], 4 * H)
        self.assertEqual(self.preview()["retainer"]["rollover_seconds"], 4 * H)
        out = self.t.ok("retainer", "acme", "--date", "2026-10-20").out
        self.assertIn("rollover: unused hours live 1 period, this period's used first", out)

    def test_cap_drops_the_oldest_first(self):
        # Nothing used from September; expiry 3, cap 15 h. October may start with 10 h; November
        # with October's 10 + September's 10 = 20 h, capped to 15 h (5 h of September's
        # dropped); December with November's 10 + October's 10 + September's 5 = 25 → 15 h.
        self.retainer("--rollover-expires", "3", "--rollover-cap", "15h")
        self.assertEqual(self.status("2026-10-15")["rollover_seconds"], 10 * H)
        self.assertEqual(self.status("2026-11-15")["rollover_seconds"], 15 * H)
        self.assertEqual(self.status("2026-12-15")["rollover_seconds"], 15 * H)

    def test_bad_rollover_options(self):
        self.retainer()
        before = self.status("2026-11-15")
        for extra, says in ((["--rollover-expires", "0"], "from 1 to 12"),
                            (["--rollover-expires", "13"], "from 1 to 12"),
                            (["--rollover-expires", "2x"], "from 1 to 12"),
                            (["--rollover-order", "lifo"], "expected fifo or current")):
            r = self.t.run("retainer", "set", "acme", "--hours", "5", "--fee", "1", "--overage-rate",
                           "1", "--rollover", "unused", "--from", "2026-09-01", *extra)
            self.assertNotEqual(r.rc, 0)
            self.assertIn(says, r.err)
            self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
        r = self.t.run("retainer", "set", "acme", "--hours", "5", "--fee", "1", "--overage-rate", "1",
                       "--rollover-expires", "2", "--from", "2026-09-01")
        self.assertNotEqual(r.rc, 0)
        self.assertIn("need --rollover unused", r.err)
        self.assertEqual(self.status("2026-11-15"), before)   # nothing written

    def test_twelve_periods_is_the_most(self):
        # --rollover-expires 12, nothing used from September 2026: each month starts with every
        # earlier month's 10 h, August 2027 with 11 of them (110 h). September 2027 starts with
        # 12 (120 h, the most), and September 2026's 10 h, in their twelfth period, expire at
        # its end.
        self.retainer("--rollover-expires", "12")
        aug = self.status("2027-08-15")
        self.assertEqual((aug["rollover_seconds"], aug["expiring_seconds"], aug["rollover_expires"]),
                         (110 * H, 0, 12))
        sep = self.status("2027-09-15")
        self.assertEqual((sep["rollover_seconds"], sep["expiring_seconds"]), (120 * H, 10 * H))
        self.assertEqual(self.status("2027-10-15")["rollover_seconds"], 120 * H)

    def test_a_cap_of_zero_rolls_nothing(self):
        # --rollover-cap 0 with unused hours: October starts with none of September's 10 h.
        self.retainer("--rollover-expires", "3", "--rollover-cap", "0")
        oct_ = self.status("2026-10-15")
        self.assertEqual((oct_["rollover_seconds"], oct_["prepaid_seconds"],
                          oct_["rollover_cap_seconds"]), (0, 10 * H, 0))
        self.assertEqual(self.status("2026-12-15")["rollover_seconds"], 0)
        # A cap of one second lets exactly one second through.
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--rollover", "unused", "--from", "2026-09-01", "--rollover-expires", "3",
                  "--rollover-cap", "1s")
        self.assertEqual(self.status("2026-12-15")["rollover_seconds"], 1)


class Forecast(Base):
    def test_forecast_at_the_pace_so_far(self):
        # 10 h a month, fee 1000, overage 100/h, no rollover. By November 10 (10 of 30 days)
        # 5 h are used: at that pace 5 × 30 / 10 = 15 h by November 30, 5 h beyond the prepaid
        # 10 h: 5 × 100 = 500.00 overage, 1000 + 500 = 1500.00 for the period.
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--from", "2026-11-01")
        self.t.ok("add", "acme/api", "2026-11-03", "5h")
        f = self.t.json("retainer", "acme", "--date", "2026-11-10")["forecast"]
        self.assertEqual(f, {"used_seconds": 15 * H, "overage_seconds": 5 * H,
                             "overage_minor": 50000, "total_minor": 150000, "final": False})
        out = self.t.ok("retainer", "acme", "--date", "2026-11-10").out
        self.assertIn("forecast at this pace: 15:00 used, overage 5:00 (500.00 EUR), period "
                      "total 1500.00 EUR", out)
        # 12 h by the period's end: the forecast is the period's own figure, the invoice's.
        self.t.ok("add", "acme/api", "2026-11-20", "7h")
        f = self.t.json("retainer", "acme", "--date", "2026-11-30")["forecast"]
        self.assertEqual((f["used_seconds"], f["overage_minor"], f["total_minor"], f["final"]),
                         (12 * H, 20000, 120000, True))
        self.assertEqual(self.preview()["total_minor"], f["total_minor"])

    def test_status_f_is_the_forecast_tock_retainer_shows(self):
        # Now is 2026-12-02 09:00 (day 2 of 31): 12 h recorded and a timer running for an hour
        # count 13 h, beyond the prepaid 10 h, so the period's total at this pace is more than
        # the fee; the status line and tock retainer say the same, the running time included.
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--from", "2026-12-01")
        self.t.ok("add", "acme/api", "2026-12-01", "12h")
        self.t.ok("start", "acme/api", "--at", "08:00")
        f = self.t.json("retainer", "acme")["forecast"]
        self.assertGreater(f["total_minor"], 130000)
        total = f"{f['total_minor'] // 100}.{f['total_minor'] % 100:02d} EUR"
        self.assertEqual(self.t.ok("status", "--format", "%k %f").out, f"acme/api {total}\n")
        self.assertEqual(self.t.ok("status", "--format", "%k %e%R").out, "acme/api 1:00 · 0:00 left\n")


class RolloverModel(Base):
    """tock's rolled-over hours against the reference model (tests/money_model.py) on random
    monthly use, expiry, order and cap."""

    def test_random_worlds_match_the_model(self):
        import random
        import money_model as mm
        rng = random.Random(12)
        self.acme()
        months = [f"2026-{m:02d}" for m in range(1, 10)]
        for case in range(6):
            expiry, current = rng.randint(1, 4), rng.random() < 0.5
            cap = rng.choice([None, 5, 15, 30])
            extra = ["--rollover-expires", str(expiry)]
            if current:
                extra += ["--rollover-order", "current"]
            if cap is not None:
                extra += ["--rollover-cap", f"{cap}h"]
            self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                      "100", "--rollover", "unused", "--from", f"2026-01-01", *extra)
            used = []
            for m in months:
                hours = rng.choice([0, 0, 3, 8, 10, 14, 25])
                used.append(hours * H)
                for i, chunk in enumerate([min(12, hours - k) for k in range(0, hours, 12)]):
                    self.t.ok("add", "acme/api", f"{m}-{10 + i}", f"{chunk}h")
            want = mm.rolled_over([10 * H] * len(months), used, expiry, current,
                                  None if cap is None else cap * H)
            got = [self.t.json("retainer", "acme", "--date", f"{m}-28")["rollover_seconds"]
                   for m in months]
            self.assertEqual(got, want, (case, expiry, current, cap, used))
            for e in self.t.json("log", "--from", "2026-01-01", "--to", "2026-09-30"):
                self.t.ok("rm", str(e["id"]))
