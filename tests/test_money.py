"""The money rule and retainers as contracts (issue 12): one figure for the same entries in
every view, whatever the grouping, and retainer periods cut at their boundaries. Each scenario
has its arithmetic by hand in a comment. The rule: an entry's billed time in hundredths of an
hour (billed seconds / 36, half up), divided among its tier parts by largest remainder; each
part's amount = rate × hundredths / 100, rounded once; any set of entries is the sum."""
import csv
import io

from test_invoice import Base

GROUPINGS = ["project+tier", "project", "tier", "day", "entry"]


class OneFigure(Base):
    def views(self, client, frm, to):
        """The amount of the client's entries in [frm, to] by every view: log, export, each
        invoice grouping. Returns {view: amount_minor}."""
        out = {}
        log = self.t.json("log", "--from", frm, "--to", to, "--client", client)
        out["log"] = sum(e["amount_minor"] for e in log)
        rows = list(csv.DictReader(io.StringIO(self.t.ok("export", "--from", frm, "--to", to,
                                                         "--client", client).out)))
        out["export"] = sum(int(r["amount_minor"] or 0) for r in rows)
        for g in GROUPINGS:
            inv = self.preview("--from", frm, "--to", to, "--group-by", g, client=client)
            out[g] = inv["total_minor"]
            for line in inv["lines"]:
                self.assertEqual(round(line["send_rate_minor"] * line["send_quantity"]), line["amount_minor"])
        return out

    def assertOneFigure(self, client, frm, to, want):
        v = self.views(client, frm, to)
        self.assertEqual(v, {k: want for k in v})

    def test_split_at_business_hours(self):
        # 17:52-18:05 on a Monday, business hours end 18:00, 15m up, 150/h (after-hours 225).
        # Worked 8m standard + 5m after-hours = 13m, billed 15m; the 2m go to the part in force
        # at the end: standard 8m, after-hours 7m. 15m = 0.25 h, divided 8:7 → 13.33 : 11.67
        # → 13 and 11, the hundredth left to the larger remainder (after-hours): 0.13 + 0.12.
        # 150 × 0.13 = 19.50, 225 × 0.12 = 27.00: 46.50 (log said 46.25 by seconds, the
        # preview by entry 46.50).
        self.zoho_config("[billing]\nbusiness_hours = Mon-Fri 09:00-18:00\n")
        self.acme()
        self.t.ok("client", "set", "acme", "--round", "15m", "--round-mode", "up")
        self.t.ok("add", "acme/api", "2026-11-23", "17:52-18:05")
        e = self.t.json("log", "--from", "2026-11-23", "--to", "2026-11-23")[0]
        self.assertEqual([(p["tier"], p["quantity"], p["amount_minor"]) for p in e["parts"]],
                         [("standard", 0.13, 1950), ("after-hours", 0.12, 2700)])
        self.assertOneFigure("acme", "2026-11-01", "2026-11-30", 4650)
        week = self.t.json("week", now="2026-11-25T09:00:00")
        self.assertEqual(week["totals"]["amounts"], [{"currency": "EUR", "amount_minor": 4650}])
        r = self.t.ok("invoice", "preview", "acme", "--period", "2026-11", "--group-by", "entry", "--explain")
        self.assertIn("0.25 h divided: standard 0.13 h, after-hours 0.12 h", r.out)

    def test_jpy_rate(self):
        # JPY (no decimals) 12345/h × 1h10m: 4200 s / 36 = 116.67 → 1.17 h; 12345 × 1.17 =
        # 14443.65 → 14444 (the old log said 14403 by seconds, the invoice 14444). Zoho would
        # compute 12345 × 1.17 = 14443.65 itself, so the line goes as 1 × 14444.
        self.t.ok("client", "add", "jp", "--name", "Nippon KK", "--currency", "JPY", "--rate", "12345")
        self.t.ok("add", "jp", "2026-11-10", "1h10m")
        self.assertOneFigure("jp", "2026-11-01", "2026-11-30", 14444)
        line = self.preview(client="jp")["lines"][0]
        self.assertEqual((line["quantity"], line["rate_minor"], line["send_quantity"], line["send_rate_minor"]),
                         (1.17, 12345, 1.0, 14444))

    def test_99_99_an_hour(self):
        # 99.99/h, three 20-minute entries: each 1200 / 36 = 33.33 → 0.33 h, 99.99 × 0.33 =
        # 32.9967 → 33.00; together 99.00 (0.99 h). Before, the log said 33.33 each and the
        # invoice 98.99 (99.99 × 0.99 on the line): a cent off the log's 99.99... now one figure.
        self.t.ok("client", "add", "odd", "--name", "Odd Ltd", "--rate", "99.99")
        for d in ("2026-11-02", "2026-11-03", "2026-11-04"):
            self.t.ok("add", "odd", d, "20m")
        self.assertOneFigure("odd", "2026-11-01", "2026-11-30", 9900)
        line = self.preview(client="odd")["lines"][0]
        # 99.99 × 0.99 = 98.9901 ≠ 99.00: sent as one unit of 99.00, the hours in words.
        self.assertEqual((line["quantity"], line["send_quantity"], line["send_rate_minor"]), (0.99, 1.0, 9900))

    def test_three_decimal_currency(self):
        # KWD has 3 decimals: 12.345/h × 50m: 3000 / 36 = 83.33 → 0.83 h; 12345 × 0.83 =
        # 10246.35 → 10.246.
        self.t.ok("client", "add", "kw", "--name", "Kuwait Co", "--currency", "KWD", "--rate", "12.345")
        self.t.ok("add", "kw", "2026-11-10", "50m")
        self.assertOneFigure("kw", "2026-11-01", "2026-11-30", 10246)

    def test_retainer_overage_is_the_same_everywhere(self):
        # 10 h prepaid, overage 100/h, one entry of 10h20m: 37200 / 36 = 1033.33 → 10.33 h;
        # 10.00 included, 0.33 h overage × 100 = 33.00 (tock retainer said 33.33, the invoice
        # 33.00). The entry's own amount in log/export is its share: 33.00.
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "100",
                  "--from", "2026-11-01")
        self.t.ok("add", "acme/api", "2026-11-05", "10h20m")
        r = self.t.json("retainer", "acme", "--date", "2026-11-30")
        self.assertEqual(r["overage_minor"], 3300)
        self.assertEqual(self.t.json("log", "--from", "2026-11-01", "--to", "2026-11-30")[0]["amount_minor"], 3300)
        inv = self.preview()
        self.assertEqual([(l["kind"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", 1.0, 100000), ("included", 10.0, 0), ("overage", 0.33, 3300)])
        # Every view of the entries is their overage; the invoice adds the fee once.
        v = self.views("acme", "2026-11-01", "2026-11-30")
        self.assertEqual((v["log"], v["export"]), (3300, 3300))
        self.assertEqual({v[g] for g in GROUPINGS}, {103300})


class RetainerPeriods(Base):
    def retainer(self, *extra):
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "20", "--fee", "2500", "--overage-rate", "180",
                  "--rollover", "unused", "--from", "2026-01-01", *extra)

    def test_range_over_two_periods_bills_both_fees_once(self):
        # February + March, 20 h / 2500 a month, rollover of unused hours, both within their
        # hours (Feb 5 h; March 8 h of 20 + 20 rolled over): 2500 + 2500 = 5000 (it billed 4930:
        # March's terms only, February's 5 h hourly... and then offered February's fee again).
        self.retainer()
        self.t.ok("add", "acme/api", "2026-02-10", "5h")
        self.t.ok("add", "acme/api", "2026-03-10", "8h")
        inv = self.preview("--from", "2026-02-01", "--to", "2026-03-31")
        self.assertEqual([(l["kind"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", 1.0, 250000), ("included", 5.0, 0),
                          ("fee", 1.0, 250000), ("included", 8.0, 0)])
        self.assertEqual(inv["total_minor"], 500000)
        # (January's unused 20 h roll into February; February's 5 h come out of those first,
        # so February's own 20 h roll into March)
        self.assertEqual([p["rollover_seconds"] for p in inv["retainer_periods"]], [20 * 3600, 20 * 3600])
        self.assertEqual(self.push("--from", "2026-02-01", "--to", "2026-03-31").rc, 0)
        # Each period's fee was billed: a later invoice of either period has no fee.
        for period in ("2026-02", "2026-03"):
            inv = self.preview("--period", period)
            self.assertEqual(inv["total_minor"], 0, inv)
            self.assertTrue(inv["retainer"]["fee_billed_before"])

    def test_at_once_equals_in_pieces(self):
        # January 25 h (5 h overage × 180 = 900), February 3 h (rollover 0: January used all):
        # (25 h as 13 h + 12 h: a day holds 24)
        # at once 2500 + 900 + 2500 = 5900; January then February: 3400 + 2500.
        self.retainer()
        self.t.ok("add", "acme/api", "2026-01-20", "13h")
        self.t.ok("add", "acme/api", "2026-01-21", "12h")
        self.t.ok("add", "acme/api", "2026-02-03", "3h")
        at_once = self.preview("--from", "2026-01-01", "--to", "2026-02-28")["total_minor"]
        self.assertEqual(at_once, 590000)
        jan = self.preview("--period", "2026-01")["total_minor"]
        self.assertEqual(self.push("--period", "2026-01").rc, 0)
        feb = self.preview("--period", "2026-02")["total_minor"]
        self.assertEqual((jan, feb), (340000, 250000))

    def test_sprint_over_a_month_end_keeps_each_periods_hours(self):
        # 20 h a month (no rollover here), a sprint Jan 26 – Feb 8: Jan 28 22 h (2 h January
        # overage = 360), Feb 2 4 h (February's included). The old preview put all 26 h in
        # February's period (6 h overage). Now: 2500 + 360 + 2500 = 5360.
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "20", "--fee", "2500", "--overage-rate", "180",
                  "--from", "2026-01-01")
        self.t.ok("sprint", "add", "acme", "S", "--from", "2026-01-26", "--to", "2026-02-08")
        self.t.ok("add", "acme/api", "2026-01-28", "22h")
        self.t.ok("add", "acme/api", "2026-02-02", "4h")
        inv = self.preview("--sprint", "S")
        self.assertEqual([(l["kind"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", 1.0, 250000), ("included", 20.0, 0), ("overage", 2.0, 36000),
                          ("fee", 1.0, 250000), ("included", 4.0, 0)])
        self.assertEqual(inv["total_minor"], 536000)
        # The same by month.
        jan = self.preview("--period", "2026-01")["total_minor"]
        feb = self.preview("--period", "2026-02")["total_minor"]
        self.assertEqual(jan + feb, 536000)


class PartialPeriods(Base):
    def setUp(self):
        super().setUp()
        self.acme()   # 150/h

    def test_retainer_starting_on_the_15th(self):
        # 20 h / 2000 a month from March 15: 17 of March's 31 days. Work on March 5 (10 h) bills
        # hourly: 1500.00 (it was counted as included). March prorated: fee 2000 × 17/31 =
        # 1096.77; prepaid 72000 s × 17/31 = 39484 s = 10.97 h, which covers March 20's 4 h.
        # At once: 1500 + 1096.77 = 2596.77; March 1-14 alone: 1500.00 hourly, then the rest
        # 1096.77.
        self.t.ok("retainer", "set", "acme", "--hours", "20", "--fee", "2000", "--overage-rate", "180",
                  "--from", "2026-03-15")
        self.t.ok("add", "acme/api", "2026-03-05", "10h")
        self.t.ok("add", "acme/api", "2026-03-20", "4h")
        inv = self.preview("--period", "2026-03")
        self.assertEqual([(l["kind"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", 1.0, 109677), ("included", 4.0, 0), ("hours", 10.0, 150000)])
        self.assertEqual(inv["total_minor"], 259677)
        self.assertEqual(inv["retainer"]["prepaid_seconds"], 39492)   # 10.97 h in hundredths × 36
        first = self.preview("--from", "2026-03-01", "--to", "2026-03-14")["total_minor"]
        rest = self.preview("--from", "2026-03-15", "--to", "2026-03-31")["total_minor"]
        self.assertEqual((first, rest), (150000, 109677))
        r = self.t.json("retainer", "acme", "--date", "2026-03-20")
        self.assertEqual((r["fee_minor"], r["partial"]), (109677, "prorate"))

    def test_whole_partial_period(self):
        # --partial whole: March's fee and hours in full, 2000 + 1500 hourly = 3500.
        self.t.ok("retainer", "set", "acme", "--hours", "20", "--fee", "2000", "--overage-rate", "180",
                  "--from", "2026-03-15", "--partial", "whole")
        self.t.ok("add", "acme/api", "2026-03-05", "10h")
        self.t.ok("add", "acme/api", "2026-03-20", "4h")
        self.assertEqual(self.preview("--period", "2026-03")["total_minor"], 350000)

    def test_retainer_ended_mid_month(self):
        # From January, ended after March 15: March 1-15 is 15/31 of the month: fee 967.74,
        # prepaid 34839 s = 9.68 h, covering March 10's 5 h; March 20's 3 h bill hourly, 450.00
        # (the whole month billed hourly before). Total 1417.74.
        self.t.ok("retainer", "set", "acme", "--hours", "20", "--fee", "2000", "--overage-rate", "180",
                  "--from", "2026-01-01")
        self.t.ok("retainer", "end", "acme", "--from", "2026-03-16")
        self.t.ok("add", "acme/api", "2026-03-10", "5h")
        self.t.ok("add", "acme/api", "2026-03-20", "3h")
        inv = self.preview("--period", "2026-03")
        self.assertEqual([(l["kind"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", 1.0, 96774), ("included", 5.0, 0), ("hours", 3.0, 45000)])


class TiersAndRetainer(Base):
    def setUp(self):
        super().setUp()
        self.acme()   # 150/h; after-hours × 1.5, emergency × 2
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "100",
                  "--from", "2026-11-01")

    def test_tiers_draw_and_cost_at_their_multiplier(self):
        # 9 h standard draw 9 of the 10 h. 1 h after-hours needs 1.5: the 1 h left covers
        # 1 / 1.5 = 0.666 → 0.66 h, 0.34 h overage at 100 × 1.5 = 150/h: 51.00. 2 h emergency:
        # nothing left, 2 h at 100 × 2 = 200/h: 400.00 (it billed the plain 100/h before).
        # 1000 + 51 + 400 = 1451.00.
        self.t.ok("add", "acme/api", "2026-11-02", "9h")
        self.t.ok("add", "acme/api", "2026-11-03", "1h", "-s", "after-hours")
        self.t.ok("add", "acme/api", "2026-11-04", "2h", "-s", "emergency")
        inv = self.preview()
        self.assertEqual([(l["kind"], l["quantity"], l["rate_minor"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", 1.0, 100000, 100000), ("included", 9.66, 0, 0),
                          ("overage", 0.34, 15000, 5100), ("overage", 2.0, 20000, 40000)])
        self.assertEqual(inv["total_minor"], 145100)
        log = self.t.json("log", "--from", "2026-11-01", "--to", "2026-11-30")
        self.assertEqual([e["amount_minor"] for e in log], [0, 5100, 40000])
        r = self.t.json("retainer", "acme", "--date", "2026-11-30")
        self.assertEqual(r["overage_minor"], 45100)
        # Per project and tier: worked, drawn, overage and its money (after-hours drew the
        # last hour for 0.66 h of work).
        self.assertEqual([(u["project"], u["tier"], u["quantity"], u["drawn_seconds"], u["overage_seconds"],
                           u["overage_minor"]) for u in r["used_by"]],
                         [("api", "standard", 9.0, 9 * 3600, 0, 0),
                          ("api", "after-hours", 1.0, 3600, 34 * 36, 5100),
                          ("api", "emergency", 2.0, 0, 7200, 40000)])
        out = self.t.ok("retainer", "acme", "--date", "2026-11-30").out
        self.assertIn("api emergency: 2.00 h worked, drew 0:00, overage 2.00 h 400.00 EUR", out)

    def test_emergency_excluded_with_its_own_rate_and_minimum(self):
        # Emergency never draws and costs 250/h beyond; a call-out bills at least 1 h, in 30m
        # steps. A 10-minute emergency → 1 h → 250.00; 4 h standard stay included.
        self.t.ok("client", "set", "acme", "--tier", "emergency", "--retainer", "excluded",
                  "--overage-rate", "250", "--minimum", "1h", "--round", "30m")
        self.t.ok("add", "acme/api", "2026-11-02", "10m", "-s", "emergency")
        self.t.ok("add", "acme/api", "2026-11-03", "4h")
        inv = self.preview()
        self.assertEqual([(l["kind"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", 1.0, 100000), ("included", 4.0, 0), ("overage", 1.0, 25000)])
        # Standard time keeps the client's rounding (none): 4 h.
        self.assertEqual(self.t.json("log", "--from", "2026-11-03", "--to", "2026-11-03")[0]["billed_seconds"], 14400)

    def test_pay_as_you_go_project_on_the_same_invoice(self):
        # acme/site is outside the retainer: its 2 h bill 300.00 hourly beside the retainer.
        self.t.ok("project", "add", "acme/site")
        self.t.ok("project", "set", "acme/site", "--outside-retainer")
        self.t.ok("add", "acme/api", "2026-11-02", "3h")
        self.t.ok("add", "acme/site", "2026-11-03", "2h")
        inv = self.preview()
        self.assertEqual([(l["kind"], l["project"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", None, 1.0, 100000), ("included", None, 3.0, 0),
                          ("hours", "site", 2.0, 30000)])
        self.assertEqual(self.t.json("retainer", "acme", "--date", "2026-11-30")["used_seconds"], 3 * 3600)

    def test_bad_terms_one_line_nothing_written(self):
        import hashlib
        def digest():
            return self.t.ok("export").out + str(self.t.json("retainer", "acme", "--date", "2026-11-30"))
        before = digest()
        self.assertFails("client", "set", "acme", "--tier", "gold", "--minimum", "1h", contains="unknown tier")
        self.assertFails("client", "set", "acme", "--tier", "after-hours", "--draw", "-1", contains="negative multiplier")
        self.assertFails("retainer", "set", "acme", "--hours", "10", "--fee", "1", "--overage-rate", "1",
                         "--rollover", "unused", "--rollover-cap", "-5h", contains="below zero")
        self.assertFails("retainer", "set", "acme", "--hours", "10", "--fee", "1", "--overage-rate", "1",
                         "--partial", "half", contains="prorate or whole")
        self.assertFails("client", "set", "acme", "--draw", "2", contains="--tier")
        self.assertEqual(digest(), before)
        # After an invoice bills November, terms that would change it are refused, naming it.
        self.t.ok("add", "acme/api", "2026-11-02", "3h")
        self.assertEqual(self.push().rc, 0)
        inv_id = self.invoices()[0]["id"]
        for args in (("client", "set", "acme", "--tier", "standard", "--round", "1h"),
                     ("retainer", "set", "acme", "--hours", "5", "--fee", "1", "--overage-rate", "1",
                      "--from", "2026-11-01", "--partial", "whole"),
                     ("project", "set", "acme/api", "--outside-retainer")):
            self.assertFails(*args, contains=f"invoice {inv_id}")
        # From the next period on, new terms are fine.
        self.t.ok("retainer", "set", "acme", "--hours", "5", "--fee", "1", "--overage-rate", "1",
                  "--from", "2026-12-01")


class Rollover(Base):
    def test_rolled_over_hours_are_used_first_and_capped(self):
        # 10 h a month from September, rollover of unused hours. September: nothing used, so
        # October gets 10 h rolled over. October uses 6 h: first in, first out they come out
        # of the rolled-over 10 h, so all of October's own 10 h roll into November (it was
        # 10 - 6 = 4 h). With --rollover-cap 5: 5 h.
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "100",
                  "--rollover", "unused", "--from", "2026-09-01")
        self.t.ok("add", "acme/api", "2026-10-05", "6h")
        oct_ = self.t.json("retainer", "acme", "--date", "2026-10-20")
        self.assertEqual((oct_["rollover_seconds"], oct_["prepaid_seconds"]), (10 * 3600, 20 * 3600))
        nov = self.t.json("retainer", "acme", "--date", "2026-11-20")
        self.assertEqual((nov["rollover_seconds"], nov["prepaid_seconds"]), (10 * 3600, 20 * 3600))
        self.assertEqual(self.preview()["retainer"]["rollover_seconds"], 10 * 3600)
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "100",
                  "--rollover", "unused", "--rollover-cap", "5h", "--from", "2026-09-01")
        nov = self.t.json("retainer", "acme", "--date", "2026-11-20")
        self.assertEqual((nov["rollover_seconds"], nov["rollover_cap_seconds"]), (5 * 3600, 5 * 3600))
