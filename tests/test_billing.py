"""Rates, tiers, rounding, business hours and retainers as the CLI reports them."""
from tockenv import TockCase


class RateTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "150")
        self.t.ok("project", "add", "acme/api")

    def entry(self, *args):
        self.t.ok("add", *args)
        return self.t.json("log", "--from", "2026-01-01", "--to", "2026-12-31")[-1]

    def test_rate_list_and_project_override(self):
        self.t.ok("rate", "set", "acme/api", "standard", "160.50")
        rates = self.t.json("rate", "list", "acme")
        self.assertEqual([(r["project"], r["tier"], r["amount_minor"], r["from"]) for r in rates],
                         [(None, "standard", 15000, None), ("api", "standard", 16050, None)])
        self.assertEqual(self.entry("acme/api", "2026-11-20", "1h")["amount_minor"], 16050)
        self.assertEqual(self.entry("acme", "2026-11-20", "1h")["amount_minor"], 15000)

    def test_rate_list_of_a_project(self):
        self.t.ok("project", "add", "acme/web")
        self.t.ok("rate", "set", "acme/api", "standard", "160")
        self.t.ok("rate", "set", "acme/web", "standard", "170")
        rates = self.t.json("rate", "list", "acme/api")
        self.assertEqual([(r["project"], r["amount_minor"]) for r in rates],
                         [(None, 15000), ("api", 16000)])  # what can apply to acme/api
        self.assertEqual(len(self.t.json("rate", "list", "acme")), 3)

    def test_rate_change_applies_from_its_day_only(self):
        self.t.ok("rate", "set", "acme", "standard", "200", "--from", "2026-11-15")
        before = self.entry("acme", "2026-11-14", "2h")
        after = self.entry("acme", "2026-11-15", "2h")
        self.assertEqual((before["rate_minor"], before["amount_minor"]), (15000, 30000))
        self.assertEqual((after["rate_minor"], after["amount_minor"]), (20000, 40000))

    def test_tier_multipliers_and_explicit_rates(self):
        e = self.entry("acme", "2026-11-20", "1h", "-s", "after-hours")
        self.assertEqual(e["rate_minor"], 22500)  # 150 × 1.5
        self.t.ok("rate", "set", "acme", "emergency", "400")
        self.assertEqual(self.entry("acme", "2026-11-21", "30m", "-s", "emergency")["amount_minor"], 20000)

    def test_rounding_rules(self):
        self.t.config("[billing]\nround = 15m\nround_mode = up\n")
        billed = lambda d: self.entry("acme", d[0], d[1])["billed_seconds"]
        self.assertEqual(billed(("2026-11-02", "7m")), 900)
        self.assertEqual(billed(("2026-11-03", "15m")), 900)
        self.assertEqual(billed(("2026-11-04", "16m")), 1800)
        e = self.t.json("log", "--from", "2026-11-02", "--to", "2026-11-02")[0]
        self.assertEqual((e["seconds"], e["billed_seconds"], e["amount_minor"]), (420, 900, 3750))
        self.t.ok("client", "set", "acme", "--round", "6m", "--round-mode", "nearest")
        self.assertEqual(billed(("2026-11-05", "7m")), 360)
        self.assertEqual(billed(("2026-11-06", "9m")), 720)

    def test_business_hours_split(self):
        self.t.config("[billing]\nbusiness_hours = Mon-Fri 09:00-18:00\n")
        e = self.entry("acme", "2026-11-23", "17:30-19:00")
        parts = [(p["tier"], p["billed_seconds"], p["amount_minor"]) for p in e["parts"]]
        self.assertEqual(parts, [("standard", 1800, 7500), ("after-hours", 3600, 22500)])
        self.assertEqual(e["amount_minor"], 30000)
        # An explicit tier wins over the clock.
        e = self.entry("acme", "2026-11-24", "17:30-19:00", "-s", "standard")
        self.assertEqual([p["tier"] for p in e["parts"]], ["standard"])
        # Weekends are outside business hours entirely.
        e = self.entry("acme", "2026-11-28", "10:00-11:00")
        self.assertEqual([p["tier"] for p in e["parts"]], ["after-hours"])

    def test_non_billable_tracked_not_billed(self):
        e = self.entry("acme", "2026-11-20", "2h", "--non-billable")
        self.assertEqual((e["billable"], e["seconds"], e["billed_seconds"], e["amount_minor"]),
                         (False, 7200, 0, 0))

    def test_week_json_gains_money(self):
        self.t.ok("add", "acme/api", "2026-11-23", "1h30m")
        self.t.ok("add", "acme", "2026-11-24", "1h")
        w = self.t.json("week")
        self.assertEqual([(r["project"], r["billed_seconds"], r["amount_minor"], r["currency"])
                          for r in w["rows"]], [(None, 3600, 15000, "EUR"), ("api", 5400, 22500, "EUR")])
        self.assertEqual(w["totals"]["amounts"], [{"currency": "EUR", "amount_minor": 37500}])

    def test_bad_input_writes_nothing(self):
        self.t.ok("rate", "set", "acme", "standard", "170", "--from", "2026-11-01")
        before = self.t.digest()
        for args, msg in [
            (("rate", "set", "acme", "standard", "-5"), "negative amount"),
            (("rate", "set", "acme", "standard", "1.234"), "decimals"),
            (("rate", "set", "acme", "gold", "100"), "unknown tier"),
            (("rate", "set", "acme", "standard", "180", "--from", "2026-11-01"), "--replace"),
            (("rate", "set", "nope", "standard", "1"), "no client"),
            (("retainer", "set", "acme", "--hours", "0", "--fee", "1", "--overage-rate", "1"), "prepaid hours"),
            (("retainer", "set", "acme", "--hours", "10", "--fee", "x", "--overage-rate", "1"), "bad amount"),
            (("retainer", "set", "acme", "--hours", "10", "--fee", "1", "--overage-rate", "1",
              "--period", "fortnight"), "bad period"),
            (("client", "set", "acme", "--round", "7x"), "bad duration"),
        ]:
            with self.subTest(args=args):
                self.assertFails(*args, contains=msg)
        self.assertEqual(self.t.digest(), before)
        self.t.ok("rate", "set", "acme", "standard", "180", "--from", "2026-11-01", "--replace")

    def test_bad_business_hours_in_config(self):
        self.t.config("[billing]\nbusiness_hours = Mon-Fri 9-18\n")
        self.assertFails("status", contains="[billing] business_hours")


class RetainerTest(TockCase):
    now = "2026-11-16T12:00:00"

    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "150")
        self.t.ok("retainer", "set", "acme", "--hours", "20", "--fee", "2500",
                  "--overage-rate", "180", "--alert", "80")

    def test_status_fields(self):
        self.t.ok("add", "acme", "2026-11-02", "4h")
        self.t.ok("add", "acme", "2026-11-09", "4h")
        self.t.ok("add", "acme", "2026-11-10", "5h", "--non-billable")
        r = self.t.json("retainer", "acme")
        self.assertEqual({k: r[k] for k in ("client", "period_start", "period_end", "prepaid_seconds",
                                             "used_seconds", "remaining_seconds", "overage_seconds",
                                             "fee_minor", "overage_minor", "currency", "alert")},
                         {"client": "acme", "period_start": "2026-11-01", "period_end": "2026-11-30",
                          "prepaid_seconds": 72000, "used_seconds": 28800, "remaining_seconds": 43200,
                          "overage_seconds": 0, "fee_minor": 250000, "overage_minor": 0,
                          "currency": "EUR", "alert": False})
        # 8 h in 16 days: 20 h would take 40 days, after the month ends.
        self.assertIsNone(r["exhausts_on"])

    def test_overage_alert_and_exhaustion(self):
        self.t.ok("add", "acme", "2026-11-02", "10h")
        self.t.ok("add", "acme", "2026-11-03", "7h")
        r = self.t.json("retainer", "acme")
        self.assertTrue(r["alert"])  # 17 of 20 h ≥ 80 %
        self.assertEqual(r["exhausts_on"], "2026-11-19")  # 17 h in 16 days: 1.0625 h/day reaches 20 h on day 19
        self.t.ok("add", "acme", "2026-11-04", "4h30m")
        r = self.t.json("retainer", "acme")
        self.assertEqual((r["remaining_seconds"], r["overage_seconds"], r["overage_minor"]),
                         (0, 5400, 27000))
        self.assertEqual(r["exhausts_on"], "2026-11-04")

    def test_rounded_time_counts_and_fixed_projects_do_not(self):
        self.t.ok("client", "set", "acme", "--round", "15m")
        self.t.ok("project", "add", "acme/site", "--fixed", "5000", "--budget-hours", "40")
        self.t.ok("add", "acme", "2026-11-02", "7m")
        self.t.ok("add", "acme/site", "2026-11-02", "3h")
        self.assertEqual(self.t.json("retainer", "acme")["used_seconds"], 900)

    def test_rollover_of_unused_hours(self):
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "150", "--rollover", "unused", "--from", "2026-10-01")
        self.t.ok("add", "acme", "2026-10-05", "6h")
        r = self.t.json("retainer", "acme")
        self.assertEqual((r["prepaid_seconds"], r["rollover_seconds"]), (14 * 3600, 4 * 3600))
        self.assertEqual(self.t.json("retainer", "acme", "--date", "2026-10-20")["prepaid_seconds"],
                         10 * 3600)

    def test_all_clients_lists_every_client_with_a_retainer(self):
        """The list asks the first client directly and then reads which clients have a
        retainer at all: a client without one asked first hides none of the others."""
        self.t.ok("client", "add", "aardvark")
        self.t.ok("client", "add", "zeta")
        self.t.ok("retainer", "set", "zeta", "--hours", "5", "--fee", "500", "--overage-rate",
                  "100", "--from", "2026-11-01")
        self.assertEqual([r["client"] for r in self.t.json("retainer")], ["acme", "zeta"])
        self.assertIn("zeta", self.t.ok("retainer").out)
        self.assertNotIn("aardvark", self.t.ok("retainer").out)

    def test_all_clients_and_end(self):
        self.t.ok("client", "add", "globex")
        self.assertEqual([r["client"] for r in self.t.json("retainer")], ["acme"])
        self.t.ok("retainer", "end", "acme")
        self.assertEqual(self.t.json("retainer", "acme")["period_end"], "2026-11-30")
        self.assertFails("retainer", "acme", "--date", "2026-12-01", contains="no retainer")

    def test_status_line_counts_the_timer_as_it_will_bill(self):
        self.t.ok("add", "acme", "2026-11-02", "15h")
        self.t.ok("start", "acme", "--non-billable", now="2026-11-16T11:00:00")
        self.assertEqual(self.t.ok("status", "--format", "%r").out, "5:00\n")  # not billed: not used
        self.t.ok("cancel")
        self.t.ok("client", "set", "acme", "--round", "15m")
        self.t.ok("start", "acme", now="2026-11-16T11:53:00")
        self.assertEqual(self.t.ok("status", "--format", "%r").out, "4:45\n")  # 7 min bill 15

    def test_end_from_its_first_day_removes_it(self):
        # The retainer set in setUp runs from 2026-11-01: ending it from then undoes it.
        self.t.ok("retainer", "end", "acme", "--from", "2026-11-01")
        self.assertFails("retainer", "acme", contains="no retainer")
        self.assertFails("retainer", "end", "acme", "--from", "2026-11-01",
                         contains="no retainer in force on or after 2026-11-01")

    def test_status_line_shows_hours_left(self):
        self.t.ok("add", "acme", "2026-11-02", "15h")
        self.t.ok("start", "acme", now="2026-11-16T11:00:00")
        r = self.t.ok("status", "--format", "%k %e · %r left")
        self.assertEqual(r.out, "acme 1:00 · 4:00 left\n")
        r = self.t.ok("status", "--format", "%k %e%R")
        self.assertEqual(r.out, "acme 1:00 · 4:00 left\n")

    def test_status_line_without_a_retainer_has_no_dangling_words(self):
        self.t.ok("client", "add", "beta")
        self.t.ok("start", "beta", now="2026-11-16T11:00:00")
        self.assertEqual(self.t.ok("status", "--format", "%k %e%R").out, "beta 1:00\n")
        self.assertEqual(self.t.ok("status", "--format", "[%r]").out, "[]\n")


class ArchivedClientTest(TockCase):
    def test_archived_clients_can_still_be_read(self):
        self.t.ok("client", "add", "acme", "--rate", "150")
        self.t.ok("project", "add", "acme/api")
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "150")
        self.t.ok("add", "acme/api", "today", "1h")
        self.t.ok("client", "archive", "acme")
        # Archiving hides a client from pickers; its time, rates and retainer stay readable.
        self.assertEqual(len(self.t.json("log", "--client", "acme")), 1)
        self.assertEqual(len(self.t.json("log", "--client", "acme/api")), 1)
        self.assertEqual(self.t.json("rate", "list", "acme")[0]["amount_minor"], 15000)
        self.assertEqual(self.t.json("retainer", "acme")["used_seconds"], 3600)
        # Writing to it is still refused.
        self.assertFails("add", "acme", "today", "1h", contains="archived")


class CurrencyChangeTest(TockCase):
    def test_currency_with_other_decimals_keeps_amounts_or_is_refused(self):
        self.t.ok("client", "add", "acme", "--rate", "150")
        before = self.t.digest()
        # 150.00 EUR is 15000 minor units; read as JPY that would be 15000 yen.
        self.assertFails("client", "set", "acme", "--currency", "JPY", contains="150.00 EUR")
        self.assertEqual(self.t.digest(), before)
        self.t.ok("client", "set", "acme", "--currency", "USD")  # same decimals: a relabel
        self.assertEqual(self.t.json("rate", "list", "acme")[0]["currency"], "USD")
        self.t.ok("client", "add", "new")
        self.t.ok("client", "set", "new", "--currency", "JPY")  # nothing priced yet
        self.t.ok("project", "add", "new/site", "--fixed", "5000")
        self.assertFails("client", "set", "new", "--currency", "KWD", contains="new/site")


class EditBillableTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "100")
        self.t.ok("client", "add", "internal", "--non-billable")

    def billable(self):
        return [(e["client"], e["billable"], e["amount_minor"]) for e in self.t.json("log")]

    def test_moving_an_entry_follows_the_new_client(self):
        self.t.ok("add", "internal", "today", "1h")
        self.t.ok("edit", "1", "--to", "acme")
        self.assertEqual(self.billable(), [("acme", True, 10000)])
        self.t.ok("edit", "1", "--to", "internal")
        self.assertEqual(self.billable(), [("internal", False, 0)])
        self.assertFalse(self.t.json("week")["rows"][0]["billable"])

    def test_an_entry_marked_non_billable_stays_so(self):
        self.t.ok("project", "add", "acme/api")
        self.t.ok("add", "acme", "today", "1h", "--non-billable")
        self.t.ok("edit", "1", "--to", "acme/api")
        self.assertEqual(self.billable(), [("acme", False, 0)])
        self.t.ok("edit", "1", "--to", "acme", "--billable")
        self.assertEqual(self.billable(), [("acme", True, 10000)])


class HugeAmountTest(TockCase):
    def test_week_amounts_never_wrap(self):
        import sqlite3
        self.t.ok("client", "add", "acme", "--rate", "10000000000000")  # the largest rate
        self.t.ok("add", "acme", "today", "24h")
        con = sqlite3.connect(self.t.db)
        cols = ("user_id, client_id, project_id, tier, billable, day, last_day, start_utc, "
                "end_utc, seconds, note, created_utc, updated_utc")
        for _ in range(400):  # as many 24 h entries as `tock add` accepts, one by one
            con.execute(f"INSERT INTO entries({cols}) SELECT {cols} FROM entries WHERE id = 1")
        con.commit()
        con.close()
        r = self.t.run("week", "--json")
        if r.rc == 0:
            w = r.json()
            self.assertTrue(all(a["amount_minor"] >= 0 for a in w["totals"]["amounts"]), w["totals"])
            self.assertTrue(all(row["amount_minor"] >= 0 for row in w["rows"]))
        else:
            self.assertFails("week", "--json", contains="too large")
