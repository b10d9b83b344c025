"""Money rules checked from the command line: each test here caught a bug that was planted in
the billing core and that the rest of the suite let through (issue 23), so the end-to-end suite
alone catches them, not only the C unit tests."""
from tockenv import TockCase
from test_invoice import Base as ZohoBase

YEAR = ("--from", "1600-01-01", "--to", "2026-12-31")


class MoneyRulesTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "100")
        self.t.ok("project", "add", "acme/api")

    def entry(self, *args):
        self.t.ok("add", *args)
        return max(self.t.json("log", *YEAR), key=lambda e: e["id"])

    def parts(self, e):
        # Rates, not amounts: issue 12 changes how a part's money is rounded, not its time.
        return [(p["tier"], p["seconds"], p["billed_seconds"], p["rate_minor"]) for p in e["parts"]]

    def test_rounding_goes_to_the_tier_of_the_last_second(self):
        # An entry ending exactly at close of business: its last second [17:59:59, 18:00) is
        # business time, so its rounding is standard (the instant 18:00 itself is not).
        self.t.config("[billing]\nbusiness_hours = Mon-Fri 09:00-18:00\n")
        self.t.ok("client", "set", "acme", "--round", "15m", "--round-mode", "up")
        e = self.entry("acme", "2026-11-23", "08:53-18:00")
        # The 8 minutes rounded up bill at 100/h, not 150/h (930.83 today, not 937.50).
        self.assertEqual(self.parts(e), [("after-hours", 420, 420, 15000),
                                         ("standard", 32400, 32880, 10000)])
        self.assertEqual(e["billed_seconds"], 33300)
        e = self.entry("acme", "2026-11-24", "08:53-18:01")   # ends after hours: rounding there
        self.assertEqual(self.parts(e), [("standard", 32400, 32400, 10000),
                                         ("after-hours", 480, 900, 15000)])
        e = self.entry("acme", "2026-11-25", "07:00-09:00")   # ends at opening: all after hours
        self.assertEqual(self.parts(e), [("after-hours", 7200, 7200, 15000)])

    def test_minimum_is_compared_with_the_billed_time(self):
        self.t.ok("client", "set", "acme", "--round", "15m", "--round-mode", "down", "--minimum", "40m")
        self.assertEqual(self.entry("acme", "2026-11-02", "44m")["billed_seconds"], 40 * 60)  # not 30
        self.assertEqual(self.entry("acme", "2026-11-03", "39m")["billed_seconds"], 40 * 60)
        self.assertEqual(self.entry("acme", "2026-11-04", "59m")["billed_seconds"], 45 * 60)
        self.t.ok("client", "set", "acme", "--round-mode", "nearest")
        self.assertEqual(self.entry("acme", "2026-11-05", "37m")["billed_seconds"], 40 * 60)
        self.assertEqual(self.entry("acme", "2026-11-06", "38m")["billed_seconds"], 45 * 60)

    def test_exact_half_of_nearest_rounds_up(self):
        self.t.ok("client", "set", "acme", "--round", "15m", "--round-mode", "nearest")
        self.assertEqual(self.entry("acme", "2026-11-02", "7m30s")["billed_seconds"], 900)
        self.assertEqual(self.entry("acme", "2026-11-03", "7m29s")["billed_seconds"], 0)
        self.assertEqual(self.entry("acme", "2026-11-04", "22m30s")["billed_seconds"], 1800)

    def test_a_multiplier_rounds_the_rate_half_up(self):
        self.t.config("[tiers]\nnight = 1.333\ntop = 100\n")
        self.t.ok("rate", "set", "acme", "standard", "100.50", "--from", "2026-01-01")
        # 100.50 × 1.333 = 133.9665 → 133.97; × 100 (the largest multiplier) = 10050.00
        e = self.entry("acme", "2026-11-02", "1h", "-s", "night")
        self.assertEqual((e["rate_minor"], e["amount_minor"]), (13397, 13397))
        e = self.entry("acme", "2026-11-03", "1h", "-s", "top")
        self.assertEqual((e["rate_minor"], e["amount_minor"]), (1005000, 1005000))
        e = self.entry("acme", "2026-11-04", "1h", "-s", "emergency")
        self.assertEqual(e["rate_minor"], 20100)

    def test_an_amount_rounds_half_up(self):
        # 30 minutes at 100.01/h is 50.005: 50.01; 15 minutes is 25.0025: 25.00 (by seconds or
        # by hundredths of an hour alike, so this holds before and after issue 12).
        self.t.ok("rate", "set", "acme", "standard", "100.01", "--from", "2026-01-01")
        self.assertEqual(self.entry("acme", "2026-11-02", "30m")["amount_minor"], 5001)
        self.assertEqual(self.entry("acme", "2026-11-03", "15m")["amount_minor"], 2500)
        self.t.ok("client", "add", "yen", "--currency", "JPY", "--rate", "3")
        self.assertEqual(self.entry("yen", "2026-11-04", "30m")["amount_minor"], 2)   # 1.5 yen

    def test_multiplier_bounds(self):
        self.t.config("[tiers]\nbig = 100\n")
        self.t.ok("client", "list")
        for bad in ("100.001", "0", "101"):
            self.t.config(f"[tiers]\nbig = {bad}\n")
            self.assertFails("client", "list", contains="bad multiplier")

    def test_amount_bounds(self):
        r = self.t.ok("rate", "set", "acme", "standard", "10000000000000")  # MONEY_MAX, exactly
        self.assertIn("10000000000000.00", r.out)
        self.t.ok("rate", "set", "acme", "standard", "10000000000000.00", "--from", "2026-11-01")
        self.t.ok("client", "add", "yen", "--currency", "JPY", "--rate", "1000000000000000")
        self.assertFails("client", "add", "yen2", "--currency", "JPY", "--rate", "1000000000000001")
        self.assertFails("rate", "set", "acme", "standard", "10000000000000.01", contains="too large")
        self.assertFails("rate", "set", "acme", "standard", "10000000000001", contains="too large")

    def test_every_zero_and_three_decimal_currency(self):
        zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split()
        three = "BHD IQD JOD KWD LYD OMR TND".split()
        for i, cur in enumerate(zero + three + ["EUR", "CHF"]):
            exp = 0 if cur in zero else 3 if cur in three else 2
            key = f"c{i}"
            self.assertFails("client", "add", key, "--currency", cur, "--rate", "1." + "5" * (exp + 1),
                             contains=f"more than {exp} decimals")
            self.t.ok("client", "add", key, "--currency", cur, "--rate", "12")
            shown = self.t.json("rate", "list", key)[0]
            self.assertEqual(shown["amount_minor"], 12 * 10 ** exp, cur)
        # Money in a three-decimal currency: 1.234/h for 1h30m = 1.851.
        self.t.ok("rate", "set", f"c{len(zero)}", "standard", "1.234", "--from", "2026-11-03")
        e = self.entry(f"c{len(zero)}", "2026-11-03", "1h30m")
        self.assertEqual((e["currency"], e["amount_minor"]), ("BHD", 1851))

    def test_duration_units_once_each_and_halves_up(self):
        self.assertFails("add", "acme", "2026-11-02", "1h2h", contains="units must go")
        self.assertFails("add", "acme", "2026-11-02", "30m1h", contains="units must go")
        self.assertFails("add", "acme", "2026-11-02", "5m5m", contains="units must go")
        self.assertEqual(self.entry("acme", "2026-11-02", "2.5s")["seconds"], 3)
        self.assertEqual(self.entry("acme", "2026-11-02", "2.4999s")["seconds"], 2)
        self.assertEqual(self.entry("acme", "2026-11-02", "0.0125m")["seconds"], 1)   # 0.75 s
        self.assertEqual(self.entry("acme", "2026-11-02", "1h30m15s")["seconds"], 5415)

    def test_leap_days(self):
        for ok in ("2000-02-29", "2024-02-29", "1600-02-29"):
            self.assertEqual(self.entry("acme", ok, "1h")["date"], ok)
        for bad in ("1900-02-29", "2026-02-29", "2100-02-29"):
            self.assertFails("add", "acme", bad, "1h", contains="bad date")
        # The day after 2000-02-28 is the 29th: a rate from then applies to it.
        self.t.ok("rate", "set", "acme", "standard", "200", "--from", "2000-02-29")
        days = {e["date"]: e["rate_minor"] for e in self.t.json("log", *YEAR)}
        self.assertEqual((days["1600-02-29"], days["2000-02-29"]), (10000, 20000))

    def test_a_rate_applies_from_its_first_day(self):
        self.t.ok("rate", "set", "acme", "standard", "120", "--from", "2026-03-01")
        self.assertEqual(self.entry("acme", "2026-02-28", "1h")["rate_minor"], 10000)
        self.assertEqual(self.entry("acme", "2026-03-01", "1h")["rate_minor"], 12000)


class InvoiceMoneyTest(ZohoBase):
    def test_a_missing_rate_anywhere_in_a_line_blocks_sending(self):
        # By day: a zero-rate standard hour and an unpriced emergency hour (the client has no
        # rate, only the project) share a line, the priced one first.
        self.t.ok("client", "add", "acme")
        self.t.ok("project", "add", "acme/api")
        self.t.ok("rate", "set", "acme/api", "standard", "0")
        self.t.ok("add", "acme/api", "2026-11-03", "1h")
        self.t.ok("add", "acme", "2026-11-03", "1h", "-s", "emergency")
        inv = self.preview("--period", "2026-11", "--group-by", "day")
        self.assertEqual([(l["seconds"], l["rate_minor"], l["missing_rate"]) for l in inv["lines"]],
                         [(7200, 0, True)])
        self.assertTrue(inv["missing_rate"])
        r = self.push("--period", "2026-11", "--group-by", "day")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("no rate", r.err)
        self.assertEqual(self.posts(), [])

    def test_per_entry_lines_keep_their_project(self):
        self.acme()
        self.t.ok("add", "acme/api", "2026-11-02", "1h")
        self.t.ok("add", "acme", "2026-11-03", "1h")
        inv = self.preview("--period", "2026-11", "--group-by", "entry")
        self.assertEqual([(l["project"], l["tier"], l["entry_ids"]) for l in inv["lines"]],
                         [("api", "standard", [1]), (None, "standard", [2])])

    def test_same_day_entries_use_prepaid_hours_in_id_order(self):
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "1", "--fee", "100", "--overage-rate", "180",
                  "--from", "2026-10-01")
        self.t.ok("add", "acme/api", "2026-11-03", "1h")
        self.t.ok("add", "acme/api", "2026-11-03", "30m")
        self.t.ok("add", "acme/api", "2026-11-02", "15m")   # an earlier day goes first
        inv = self.preview()
        self.assertEqual([(l["kind"], l["seconds"], l["entry_ids"]) for l in inv["lines"]],
                         [("fee", 0, []), ("included", 3600, [1, 3]), ("overage", 2700, [1, 2])])

    def test_line_amount_is_rate_times_rounded_hours(self):
        self.acme()
        self.t.ok("rate", "set", "acme", "standard", "133.33", "--from", "2026-11-01")
        self.t.ok("add", "acme/api", "2026-11-02", "1h07m")   # 1.1167 h → 1.12 × 133.33 = 149.3296
        self.t.ok("add", "acme/api", "2026-11-03", "27s")     # 0.0075 h → 0.01 (an exact half)
        inv = self.preview("--period", "2026-11", "--group-by", "entry")
        self.assertEqual([(l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [(1.12, 14933), (0.01, 133)])
        self.assertEqual(inv["total_minor"], 15066)

    def test_lines_of_one_key_follow_their_dates_not_their_rates(self):
        self.acme()
        self.t.ok("rate", "set", "acme", "standard", "120", "--from", "2026-11-15")   # lowered
        self.t.ok("add", "acme/api", "2026-11-10", "2h")
        self.t.ok("add", "acme/api", "2026-11-20", "1h")
        inv = self.preview()
        self.assertEqual([(l["description"], l["rate_minor"], l["amount_minor"]) for l in inv["lines"]],
                         [("api (standard), 2026-11-10", 15000, 30000),
                          ("api (standard), 2026-11-20", 12000, 12000)])

    def test_rollover_counts_only_unused_hours_of_the_previous_period(self):
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--rollover", "unused", "--from", "2026-10-01")
        self.t.ok("add", "acme/api", "2026-10-31", "7h")    # the previous period's last day
        self.t.ok("add", "acme/api", "2026-11-01", "14h")   # 10 + 3 rolled over: 1h overage
        inv = self.preview()
        self.assertEqual([(l["kind"], l["seconds"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", 0, 100000), ("included", 13 * 3600, 0), ("overage", 3600, 10000)])
        r = self.t.json("retainer", "acme", "--date", "2026-11-30")
        self.assertEqual((r["rollover_seconds"], r["prepaid_seconds"], r["overage_minor"]),
                         (3 * 3600, 13 * 3600, 10000))

    def test_nothing_rolls_over_from_an_overused_period(self):
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--rollover", "unused", "--from", "2026-10-01")
        self.t.ok("add", "acme/api", "2026-10-05", "12h")
        r = self.t.json("retainer", "acme", "--date", "2026-11-30")
        self.assertEqual((r["rollover_seconds"], r["prepaid_seconds"]), (0, 10 * 3600))

    def test_overage_money_rounds_half_up(self):
        # 30 min beyond at 100.01/h is 50.005: 50.01; 15 min is 25.0025: 25.00.
        for key, extra, want in (("acme", "1h30m", 5001), ("globex", "1h15m", 2500)):
            self.t.ok("client", "add", key, "--rate", "150")
            self.t.ok("retainer", "set", key, "--hours", "1", "--fee", "100", "--overage-rate",
                      "100.01", "--from", "2026-10-01")
            self.t.ok("add", key, "2026-11-02", extra)
            r = self.t.json("retainer", key, "--date", "2026-11-30")
            self.assertEqual(r["overage_minor"], want, key)

    def test_a_retainer_from_a_periods_last_day_rolls_that_period_over(self):
        # Prorated (the default), October's one day in force brings 10 h × 1/31 = 0:19:21 of
        # base: the 7 h used it all, nothing rolls over. Billed whole, October brings 10 h and
        # its 3 unused hours roll into November: 13 h.
        self.acme()
        for partial, want in (("prorate", (0, 10 * 3600)), ("whole", (3 * 3600, 13 * 3600))):
            self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                      "100", "--rollover", "unused", "--from", "2026-10-31", "--partial", partial)
            if partial == "prorate":
                self.t.ok("add", "acme/api", "2026-10-31", "7h")
            r = self.t.json("retainer", "acme", "--date", "2026-11-30")
            self.assertEqual((r["rollover_seconds"], r["prepaid_seconds"]), want, partial)
