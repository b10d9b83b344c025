"""Issue 18: fixed-price projects billed by milestones (to the preview and through the fake
Zoho), cost rates and tock report profit (figures worked out by hand below), and ticket
references (flags, notes, imports, grouping, report)."""
import os
import sqlite3

from test_invoice import Base
from tockenv import PG, TockCase, pg_psql


def db_exec(t, statement):
    """A change made outside tock, on either store (PostgreSQL: as the cluster's superuser)."""
    if PG:
        r = pg_psql(statement, db=t.pg_db)
        if r.returncode:
            raise RuntimeError(r.stderr)
        return
    con = sqlite3.connect(t.db)
    con.execute(statement)
    con.commit()
    con.close()

TEAM_MAP = "alice = alice\nbob = bob\n"


def tock_csv(rows):
    """tock's own CSV with the columns given per row (user, client, project, date, seconds …)."""
    head = list(rows[0].keys())
    lines = [",".join(head)] + [",".join(str(r[k]) for k in head) for r in rows]
    return "\r\n".join(lines) + "\r\n"


class FixedPriceTest(Base):
    """acme: api hourly at 150, site fixed at 5000.00 with a 40 h budget."""

    def setUp(self):
        super().setUp()
        self.acme()
        self.t.ok("project", "add", "acme/site", "--fixed", "5000", "--budget-hours", "40")
        self.t.ok("add", "acme/api", "2026-11-02", "2h")
        self.t.ok("add", "acme/site", "2026-11-03", "3h")

    def site(self):
        return [p for p in self.t.json("project", "list", "acme") if p["project"] == "site"][0]

    def test_hours_on_a_fixed_price_project_never_bill(self):
        inv = self.preview()
        self.assertEqual([(l["description"], l["amount_minor"]) for l in inv["lines"]],
                         [("api (standard)", 30000)])
        site = [e for e in self.entries() if e["project"] == "site"][0]
        self.assertEqual((site["billable"], site["amount_minor"]), (False, 0))

    def test_milestone_goes_to_the_preview_once_and_through_zoho(self):
        r = self.t.ok("project", "bill", "acme/site", "40%", "-m", "Design approved")
        self.assertIn("milestone 1 of acme/site recorded", r.out)
        inv = self.preview()
        self.assertEqual([(l["kind"], l["description"], l["quantity"], l["amount_minor"])
                          for l in inv["lines"]],
                         [("hours", "api (standard)", 2.0, 30000),
                          ("fixed", "site: Design approved (40% of the price)", 1.0, 200000)])
        self.assertEqual(inv["total_minor"], 230000)
        self.assertLinesAddUp(inv)
        text = self.t.ok("invoice", "preview", "acme", "--period", "2026-11").out
        self.assertIn("site: Design approved (40% of the price)", text)
        self.assertIn("2300.00 EUR", text)
        site = self.site()
        self.assertEqual((site["fixed_minor"], site["billed_minor"], site["invoiced_minor"],
                          site["left_minor"], site["tracked_seconds"], site["budget_seconds"]),
                         (500000, 200000, 0, 300000, 3 * 3600, 40 * 3600))
        r = self.push()
        self.assertEqual(r.rc, 0, r)
        body = self.state()["invoices"][0]["request_body"]
        self.assertEqual([(li["name"], li["rate"], li["quantity"], li.get("unit"))
                          for li in body["line_items"]],
                         [("api (standard)", 150.0, 2.0, "hrs"),
                          ("site: Design approved (40% of the price)", 2000.0, 1.0, None)])
        self.assertEqual(round(self.state()["invoices"][0]["total"] * 100), 230000)
        # Consumed by the invoice that carries it: never billed twice.
        self.assertEqual(self.preview()["lines"], [])
        self.assertIn("nothing to invoice", self.push().err)
        self.assertEqual(self.state()["invoices_created"], 1)
        self.assertEqual(self.site()["invoiced_minor"], 200000)
        # The next milestone goes alone on the next invoice, even without any hours.
        self.t.ok("project", "bill", "acme/site", "1000.50", "-m", "Build")
        inv = self.preview("--period", "2026-12")
        self.assertEqual([(l["description"], l["amount_minor"]) for l in inv["lines"]],
                         [("site: Build", 100050)])
        self.assertEqual(self.push("--period", "2026-12").rc, 0)
        self.assertEqual(self.state()["invoices_created"], 2)
        self.assertEqual(self.site()["left_minor"], 500000 - 200000 - 100050)

    def test_a_void_invoice_frees_its_milestone(self):
        self.t.ok("project", "bill", "acme/site", "10%", "-m", "Kick-off")
        self.assertEqual(self.push().rc, 0)
        self.control(void=["TOCK-000001"])
        self.t.ok("invoice", "sync")
        inv = self.preview()
        self.assertIn("site: Kick-off (10% of the price)", [l["description"] for l in inv["lines"]])
        self.assertEqual(self.site()["invoiced_minor"], 0)

    def test_never_beyond_the_price_without_force(self):
        self.t.ok("project", "bill", "acme/site", "70%", "-m", "Most of it")
        self.assertFails("project", "bill", "acme/site", "31%", "-m", "Too much",
                         contains="1550.00 EUR would bill beyond the price: 3500.00 EUR of 5000.00 "
                                  "billed, 1500.00 left")
        self.assertFails("project", "bill", "acme/site", "1500.01", "-m", "Too much",
                         contains="beyond the price")
        self.assertEqual(self.site()["billed_minor"], 350000)
        self.t.ok("project", "bill", "acme/site", "1500", "-m", "The rest")
        self.t.ok("project", "bill", "acme/site", "200", "-m", "Change request", "--force")
        self.assertEqual((self.site()["billed_minor"], self.site()["left_minor"]), (520000, -20000))

    def test_bad_milestones_write_nothing(self):
        before = self.site()
        self.assertFails("project", "bill", "acme/site", "101%", "-m", "x",
                         contains="a percentage over 100%")
        self.assertFails("project", "bill", "acme/site", "0%", "-m", "x", contains="bad percentage")
        self.assertFails("project", "bill", "acme/site", "0", "-m", "x", contains="more than 0")
        self.assertFails("project", "bill", "acme/site", "10%", contains="-m TEXT")
        self.assertFails("project", "bill", "acme/api", "10%", "-m", "x",
                         contains="acme/api has no fixed price")
        self.assertFails("project", "bill", "acme/nope", "10%", "-m", "x", contains="nope")
        self.assertEqual(self.site(), before)
        self.assertEqual(self.preview()["total_minor"], 30000)

    def test_milestones_prices_and_cost_rates_are_audited(self):
        t = self.t
        t.ok("project", "set", "acme/site", "--fixed", "5500")
        t.ok("project", "bill", "acme/site", "40%", "-m", "Design")
        me = self.t.json("log", "--from", "2026-11-01", "--to", "2026-11-30")[0]["user"]
        t.ok("cost", "set", me, "60")
        t.ok("cost", "set", me, "65")
        audit = lambda entity: [r for r in t.json("audit", "--entity", entity)]
        price = audit("project")[-1]
        self.assertEqual((price["action"], price["detail"]["before"]["fixed_minor"],
                          price["detail"]["after"]["fixed_minor"]), ("set", 500000, 550000))
        (bill,) = audit("milestone")
        self.assertEqual((bill["action"], bill["entity_id"], bill["detail"]["after"]["amount_minor"],
                          bill["detail"]["after"]["note"]), ("bill", 1, 220000, "Design"))
        first, second = audit("cost rate")
        self.assertEqual((first["detail"]["key"], first["detail"]["before"],
                          first["detail"]["after"][0]["amount_minor"]), (me, [], 6000))
        self.assertEqual((second["detail"]["before"][0]["amount_minor"],
                          second["detail"]["after"][0]["amount_minor"]), (6000, 6500))
        self.assertEqual(t.ok("audit", "verify").rc, 0)

    def test_project_set_changes_what_add_set(self):
        self.t.ok("project", "set", "acme/site", "--name", "Web site", "--fixed", "6000",
                  "--budget-hours", "50h")
        site = self.site()
        self.assertEqual((site["name"], site["fixed_minor"], site["budget_seconds"]),
                         ("Web site", 600000, 50 * 3600))
        self.t.ok("project", "bill", "acme/site", "50%", "-m", "Half")
        self.assertIn("Web site: Half (50% of the price)",
                      [l["description"] for l in self.preview()["lines"]])
        self.assertFails("project", "set", "acme/site", "--fixed", "2999.99",
                         contains="milestones bill 3000.00 EUR")
        self.assertFails("project", "set", "acme/site", "--fixed", "none", contains="cannot be none")
        self.t.ok("project", "set", "acme/api", "--non-billable", "--budget-hours", "10h")
        api = [p for p in self.t.json("project", "list") if p["project"] == "api"][0]
        self.assertEqual((api["billable"], api["budget_seconds"], api["fixed_minor"]),
                         (False, 36000, None))
        self.t.ok("project", "set", "acme/api", "--budget-hours", "none", "--billable")
        line = [l for l in self.t.ok("project", "list", "acme").out.splitlines() if "site" in l][0]
        self.assertIn("fixed-price 6000.00 EUR, billed 3000.00, 3000.00 left", line)
        self.assertIn("3:00 of 50:00 budget (6%)", line)
        # Billable or not while an invoice holds the client's time: refused.
        self.assertEqual(self.push().rc, 0)
        self.assertFails("project", "set", "acme/api", "--non-billable",
                         contains="would change invoice 1")


class ProfitTest(TockCase):
    """One client, November 2026, worked out by hand.

    acme (EUR): ops under a retainer (10 h for 1000.00 a month, overage 120.00/h), web outside
    it at 100.00/h, site fixed at 6000.00 with a 40 h budget and a 50 % milestone (3000.00).
    alice costs 40.00/h; bob 30.00/h, then 50.00/h from 2026-11-16.

      entry                 hours  revenue                       cost
      alice ops 11-03       6      0 (prepaid)                   240.00
      bob   ops 11-20       6      240.00 (2 h beyond 10 h)      300.00 (at 50)
      alice web 11-10       3      300.00                        120.00
      bob   web 11-12       2      200.00                        60.00 (at 30)
      alice site 11-05      5      0 (fixed price)               200.00
      bob   site 11-18      4      0                             200.00 (at 50)
      retainer fee                 1000.00
      milestone 11-25              3000.00
      total                 26     4740.00                       1120.00

    margin 3620.00 = 76.37 % (7637.13 bp); effective rate 4740.00 / 26 h = 182.31/h."""

    now = "2026-12-02T09:00:00"

    def setUp(self):
        super().setUp()
        t = self.t
        t.ok("client", "add", "acme", "--name", "ACME", "--currency", "EUR", "--rate", "100")
        t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "120",
             "--from", "2026-11-01")
        for p in ("ops", "web"):
            t.ok("project", "add", f"acme/{p}")
        t.ok("project", "set", "acme/web", "--outside-retainer")
        t.ok("project", "add", "acme/site", "--fixed", "6000", "--budget-hours", "40")
        rows = [("alice", "ops", "2026-11-03", 6), ("bob", "ops", "2026-11-20", 6),
                ("alice", "web", "2026-11-10", 3), ("bob", "web", "2026-11-12", 2),
                ("alice", "site", "2026-11-05", 5), ("bob", "site", "2026-11-18", 4)]
        path = os.path.join(t.dir, "team.csv")
        with open(path, "w") as f:
            f.write(tock_csv([{"user": u, "client": "acme", "project": p, "date": d,
                               "seconds": h * 3600, "note": f"{u} {p}"} for u, p, d, h in rows]))
        umap = os.path.join(t.dir, "team.map")
        with open(umap, "w") as f:
            f.write(TEAM_MAP)
        t.ok("import", "tock", path, "--user-map", umap)
        t.ok("project", "bill", "acme/site", "50%", "-m", "Launch", "--date", "2026-11-25")
        t.ok("cost", "set", "alice", "40")
        t.ok("cost", "set", "bob", "30")
        t.ok("cost", "set", "bob", "50", "--from", "2026-11-16")

    def profit(self, *args):
        return self.t.json("report", "profit", *args, "--period", "2026-11")

    def test_cost_list(self):
        self.assertEqual([(c["user"], c["amount_minor"], c["from"])
                          for c in self.t.json("cost", "list")],
                         [("alice", 4000, None), ("bob", 3000, None), ("bob", 5000, "2026-11-16")])
        self.assertIn("bob                  EUR      50.00/h  2026-11-16",
                      self.t.ok("cost", "list").out)

    def test_profit_of_the_client(self):
        p = self.profit("acme")
        row = p["rows"][0]
        self.assertEqual((row["key"], row["currency"], row["seconds"], row["revenue_minor"],
                          row["cost_minor"], row["margin_minor"], row["margin_bp"],
                          row["effective_rate_minor"], row["uncosted_seconds"]),
                         ("acme", "EUR", 26 * 3600, 474000, 112000, 362000, 7637, 18231, 0))
        self.assertEqual(p["totals"][0]["revenue_minor"], 474000)
        text = self.t.ok("report", "profit", "--period", "2026-11").out
        self.assertIn("76.37", text)
        self.assertIn("182.31", text)

    def test_profit_by_project(self):
        rows = {r["key"]: r for r in self.profit("--by", "project")["rows"]}
        got = {k: (r["seconds"] // 3600, r["revenue_minor"], r["cost_minor"], r["margin_bp"])
               for k, r in rows.items()}
        self.assertEqual(got, {"acme (retainer fee)": (0, 100000, 0, 10000),
                               "acme/ops": (12, 24000, 54000, -12500),
                               "acme/web": (5, 50000, 18000, 6400),
                               "acme/site": (9, 300000, 40000, 8667)})
        site = rows["acme/site"]
        self.assertEqual((site["budget_seconds"], site["budget_used_bp"], site["fixed_minor"]),
                         (40 * 3600, 2250, 600000))
        self.assertIsNone(rows["acme/web"]["budget_used_bp"])

    def test_profit_by_user_across_the_cost_change(self):
        rows = {r["key"]: r for r in self.profit("--by", "user")["rows"]}
        got = {k: (r["seconds"] // 3600, r["revenue_minor"], r["cost_minor"], r["margin_minor"],
                   r["margin_bp"]) for k, r in rows.items()}
        # alice: 300.00 − 560.00 = −260.00, −86.67 % (half away from zero); bob: 440.00 −
        # (6 h × 50 + 2 h × 30 + 4 h × 50 = 560.00) = −120.00, −27.27 %.
        self.assertEqual(got, {"alice": (14, 30000, 56000, -26000, -8667),
                               "bob": (12, 44000, 56000, -12000, -2727),
                               "fixed price": (0, 300000, 0, 300000, 10000),
                               "retainer fee": (0, 100000, 0, 100000, 10000)})

    def test_profit_by_month_and_of_one_project(self):
        months = self.t.json("report", "profit", "--by", "month", "--from", "2026-10-01",
                             "--to", "2026-12-31")["rows"]
        self.assertEqual([(m["key"], m["revenue_minor"]) for m in months],
                         [("2026-11", 474000), ("2026-12", 100000)])   # December's fee
        site = self.profit("acme/site")["rows"][0]
        self.assertEqual((site["key"], site["revenue_minor"], site["cost_minor"]),
                         ("acme", 300000, 40000))

    def test_default_cost_rate_and_uncosted_time(self):
        db_exec(self.t, "DELETE FROM cost_rates")
        row = self.profit()["rows"][0]
        self.assertEqual((row["cost_minor"], row["uncosted_seconds"]), (0, 26 * 3600))
        self.assertIn("some time has no cost rate",
                      self.t.ok("report", "profit", "--period", "2026-11").out)
        self.t.config("[billing]\ndefault_cost_rate = 10\n")
        row = self.profit()["rows"][0]
        self.assertEqual((row["cost_minor"], row["uncosted_seconds"]), (26000, 0))

    def test_currencies_are_never_added(self):
        self.t.ok("client", "add", "initech", "--currency", "USD", "--rate", "80")
        self.t.ok("add", "initech", "2026-11-09", "1h")
        p = self.profit()
        self.assertEqual([(r["key"], r["currency"], r["revenue_minor"]) for r in p["totals"]],
                         [("total", "EUR", 474000), ("total", "USD", 8000)])
        usd = [r for r in p["rows"] if r["currency"] == "USD"][0]
        self.assertEqual((usd["cost_minor"], usd["uncosted_seconds"]), (0, 3600))

    def test_bad_cost_rates_write_nothing(self):
        before = self.t.ok("cost", "list").out
        self.assertFails("cost", "set", "alice", "-5", contains="cannot be negative")
        self.assertFails("cost", "set", "alice", "abc")
        self.assertFails("cost", "set", "carol", "40", contains="no user 'carol'")
        self.assertFails("cost", "set", "alice", "40", "--currency", "XYZ1", contains="bad currency")
        self.assertFails("report", "profit", "--by", "week", contains="bad --by")
        self.assertEqual(self.t.ok("cost", "list").out, before)

    def test_members_see_no_costs(self):
        db_exec(self.t, "UPDATE users SET role = 'member'")
        for args in (("cost", "list"), ("cost", "set", "alice", "45"),
                     ("report", "profit")):
            self.assertFails(*args, contains="admins and leads only")
        db_exec(self.t, "UPDATE users SET role = 'lead' WHERE id = 1")
        self.t.ok("cost", "list")

    def test_a_team_member_sees_only_their_own_tickets(self):
        self.t.ok("add", "acme/web", "2026-11-11", "1h", "--ref", "W-1")
        rows = self.t.json("report", "tickets", "acme", "--period", "2026-11")
        self.assertEqual([(r["ref"], r["entries"]) for r in rows], [("W-1", 1), (None, 6)])
        db_exec(self.t, "UPDATE users SET role = 'member'")
        rows = self.t.json("report", "tickets", "acme", "--period", "2026-11")
        self.assertEqual([(r["ref"], r["entries"], r["seconds"]) for r in rows], [("W-1", 1, 3600)])


class ProfitOverMonthsTest(Base):
    """report profit of every client holds a retainer client's entries in memory and draws its
    periods from there; of one client it reads them from the store. Both must give the figures
    the invoices give, across a rate change, a cost change, rollover and an invoiced month.

    acme: 150/h, 180/h from October; a retainer from August of 10 h a month for 1000.00,
    overage 120/h, unused hours rolling over one month; web outside it. initech: 80/h, 100/h
    from October. Cost: 40/h, 60/h from October. August is invoiced.

      month  retainer use (api)      prepaid       overage             web (hourly)
      08     6 h                     10            -                   -
      09     12 h                    10 + 4        -                   2 h × 150 = 300.00
      10     8 h + 6 h = 14 h        10 + 2        2 h × 120 = 240.00  2 h × 180 = 360.00
      11     15 h                    10            5 h × 120 = 600.00  -
    initech: 2 h × 80 (09-22) + 2 h × 100 (10-27) = 360.00; its cost 2 × 40 + 2 × 60 = 200.00.
    acme October: 1000 + 240 + 360 = 1600.00 revenue; 16 h at 60 = 960.00 cost."""

    def setUp(self):
        super().setUp()
        t = self.t
        t.ok("client", "add", "acme", "--name", "Acme GmbH", "--currency", "EUR", "--rate", "150")
        t.ok("rate", "set", "acme", "standard", "180", "--from", "2026-10-01")
        t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "120",
             "--from", "2026-08-01", "--rollover", "unused")
        t.ok("project", "add", "acme/api")
        t.ok("project", "add", "acme/web")
        t.ok("project", "set", "acme/web", "--outside-retainer")
        t.ok("client", "add", "initech", "--currency", "EUR", "--rate", "80")
        t.ok("rate", "set", "initech", "standard", "100", "--from", "2026-10-01")
        for where, day, hours in (("acme/api", "2026-08-04", 6), ("acme/api", "2026-09-08", 12),
                                  ("acme/web", "2026-09-15", 2), ("initech", "2026-09-22", 2),
                                  ("acme/api", "2026-10-06", 8), ("acme/web", "2026-10-13", 2),
                                  ("acme/api", "2026-10-20", 6), ("initech", "2026-10-27", 2),
                                  ("acme/api", "2026-11-10", 15)):
            t.ok("add", where, day, f"{hours}h")
        me = t.json("log", "--from", "2026-08-04", "--to", "2026-08-04")[0]["user"]
        t.ok("cost", "set", me, "40")
        t.ok("cost", "set", me, "60", "--from", "2026-10-01")
        pushed = self.push("--period", "2026-08")
        self.assertEqual(pushed.rc, 0, pushed.err)

    def months(self, *args, start="2026-08-01"):
        rows = self.t.json("report", "profit", *args, "--by", "month", "--from", start,
                           "--to", "2026-11-30")["rows"]
        return {(r["key"], r["currency"]): r for r in rows}

    def test_every_client_and_one_client_give_the_same_figures(self):
        for start in ("2026-08-01", "2026-09-15", "2026-10-31"):
            every = {k: r for k, r in self.months(start=start).items()}
            acme = self.months("acme", start=start)
            initech = self.months("initech", start=start)
            for key, row in acme.items():
                other = initech.get(key)
                summed = dict(row)
                for f in ("seconds", "revenue_minor", "invoiced_minor", "cost_minor"):
                    summed[f] = row[f] + (other[f] if other else 0)
                for f in ("seconds", "revenue_minor", "invoiced_minor", "cost_minor"):
                    self.assertEqual(every[key][f], summed[f], (start, key, f))

    def test_the_figures_are_the_invoices(self):
        acme = self.months("acme")
        self.assertEqual(acme[("2026-10", "EUR")]["revenue_minor"], 160000)
        self.assertEqual(acme[("2026-10", "EUR")]["cost_minor"], 96000)
        self.assertEqual(acme[("2026-11", "EUR")]["revenue_minor"], 160000)
        for month in ("2026-09", "2026-10", "2026-11"):
            total = self.preview("--period", month)["total_minor"]
            self.assertEqual(acme[(month, "EUR")]["revenue_minor"], total, month)
        aug = acme[("2026-08", "EUR")]
        self.assertEqual((aug["revenue_minor"], aug["invoiced_minor"]), (100000, 100000))
        by_client = {r["key"]: r for r in self.t.json(
            "report", "profit", "--from", "2026-08-01", "--to", "2026-11-30")["rows"]}
        self.assertEqual((by_client["initech"]["revenue_minor"], by_client["initech"]["cost_minor"]),
                         (36000, 20000))
        self.assertEqual(by_client["acme"]["revenue_minor"],
                         sum(r["revenue_minor"] for r in acme.values()))


class ClosedCostPeriodTest(Base):
    def test_a_cost_rate_cannot_change_an_invoiced_period(self):
        self.acme()
        self.t.ok("add", "acme/api", "2026-11-10", "2h")
        self.assertEqual(self.push().rc, 0)
        me = self.t.json("log", "--from", "2026-11-01", "--to", "2026-11-30")[0]["user"]
        self.assertFails("cost", "set", me, "50", "--from", "2026-11-01",
                         contains="would change a closed period")
        self.assertFails("cost", "set", me, "50", contains="closed period")
        self.assertEqual(self.t.json("cost", "list"), [])
        self.t.ok("cost", "set", me, "50", "--from", "2026-11-11")
        row = self.t.json("report", "profit", "--period", "2026-11")["rows"][0]
        self.assertEqual((row["revenue_minor"], row["invoiced_minor"], row["uncosted_seconds"]),
                         (30000, 30000, 7200))


class TicketTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.config("[tickets]\npattern = [A-Z]+-[0-9]+\n")
        self.t.ok("client", "add", "acme", "--rate", "100")
        self.t.ok("project", "add", "acme/api")

    def refs(self, *args):
        return [(e["id"], e["ref"]) for e in self.t.json("log", "--from", "2026-11-01",
                                                          "--to", "2026-11-30", *args)]

    def test_refs_from_flags_and_notes(self):
        t = self.t
        t.ok("add", "acme/api", "2026-11-16", "1h", "--ref", "JIRA-123", "-m", "about OTHER-1")
        t.ok("add", "acme/api", "2026-11-16", "30m", "-m", "fix PROJ-42 login")
        t.ok("add", "acme/api", "2026-11-17", "30m", "-m", "no ticket here")
        t.ok("start", "acme/api", "--ref", "T-7", "--at", "08:00")
        self.assertEqual(t.json("status")["note"], "")
        t.ok("stop", "--at", "08:30")
        t.ok("run", "acme/api", "--ref", "OPS-9", "--", "true")
        t.ok("edit", "3", "--ref", "GH-5")
        self.assertEqual(self.refs(), [(1, "JIRA-123"), (2, "PROJ-42"), (3, "GH-5"), (4, "T-7"),
                                       (5, "OPS-9")])
        self.assertEqual(self.refs("--ref", "PROJ-42"), [(2, "PROJ-42")])
        self.assertIn("[JIRA-123] about OTHER-1", t.ok("log", "--from", "2026-11-16").out)
        self.assertFails("add", "acme/api", "2026-11-18", "1h", "--ref", "two words",
                         contains="no spaces")
        self.assertFails("edit", "1", "--ref", "x" * 65, contains="at most 64")
        self.assertFails("start", "acme/api", "--ref", "a\tb", contains="no spaces")
        self.assertEqual(len(self.refs()), 5)

    def test_no_pattern_no_ref(self):
        self.t.config("")
        self.t.ok("add", "acme/api", "2026-11-16", "30m", "-m", "fix PROJ-42 login")
        self.assertEqual(self.refs(), [(1, None)])

    def test_refs_from_imports_and_back(self):
        t = self.t
        files = {
            "tock.csv": tock_csv([{"client": "acme", "project": "api", "date": "2026-11-02",
                                   "seconds": 3600, "note": "n", "ref": "TCK-1"}]),
            "harvest.csv": "Date,Client,Project,Task,Notes,Hours,Billable?,External Reference URL\r\n"
                           "2026-11-03,acme,api,Development,login,1.5,Yes,"
                           "https://acme.atlassian.net/browse/HV-77\r\n"
                           "2026-11-04,acme,api,Design,mockups,1,Yes,\r\n",
            "toggl.csv": "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
                         "End date,End time,Duration,Tags\r\n"
                         "Me,me@example.org,acme,api,TG-5 checkout,button,Yes,2026-11-05,09:00:00,"
                         "2026-11-05,10:00:00,01:00:00,\r\n",
        }
        for name, text in files.items():
            path = os.path.join(t.dir, name)
            with open(path, "w") as f:
                f.write(text)
            t.ok("import", name.split(".")[0], path)
        self.assertEqual([r for _, r in self.refs()], ["TCK-1", "HV-77", None, "TG-5"])
        out = os.path.join(t.dir, "out.csv")
        t.ok("export", "-o", out)
        with open(out) as f:
            lines = f.read().splitlines()
        self.assertTrue(lines[0].endswith(",invoice,ref"), lines[0])
        self.assertTrue(lines[1].endswith(",TCK-1"), lines[1])
        other = self.t.__class__(now=self.now)
        try:
            other.ok("import", "tock", out)
            refs = [e["ref"] for e in other.json("log", "--from", "2026-11-01", "--to", "2026-11-30")]
            self.assertEqual(refs, ["TCK-1", "HV-77", None, "TG-5"])
        finally:
            other.cleanup()

    def test_invoice_grouped_by_ticket_and_report(self):
        t = self.t
        t.ok("add", "acme/api", "2026-11-02", "1h", "--ref", "B-2")
        t.ok("add", "acme/api", "2026-11-03", "2h", "--ref", "A-1")
        t.ok("add", "acme", "2026-11-04", "30m", "--ref", "A-1")
        t.ok("add", "acme/api", "2026-11-05", "15m")
        inv = t.json("invoice", "preview", "acme", "--period", "2026-11", "--group-by", "ticket")
        self.assertEqual([(l["description"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("A-1", 2.5, 25000), ("B-2", 1.0, 10000), ("(no ticket)", 0.25, 2500)])
        rows = t.json("report", "tickets", "acme", "--period", "2026-11")
        self.assertEqual([(r["ref"], r["entries"], r["seconds"], r["amount_minor"]) for r in rows],
                         [("A-1", 2, 9000, 25000), ("B-2", 1, 3600, 10000), (None, 1, 900, 2500)])
        text = t.ok("report", "tickets", "--period", "2026-11").out
        self.assertIn("(no ticket)", text)
        self.assertIn("250.00 EUR", text)


from test_tui import TMUX, TuiCase  # noqa: E402
import unittest  # noqa: E402


@unittest.skipUnless(TMUX, "tmux is not installed")
class TuiMarginAndTicket(TuiCase):
    def setUp(self):
        super().setUp()
        t = self.t
        t.ok("client", "add", "acme", "--rate", "100")
        t.ok("project", "add", "acme/api")
        t.ok("add", "acme/api", "2026-11-02", "2h")
        t.ok("add", "acme/api", "2026-11-24", "1h")
        me = t.json("log", "--from", "2026-11-24", "--to", "2026-11-24")[0]["user"]
        t.ok("cost", "set", me, "40")

    def test_margin_beside_the_grid_and_in_the_invoice(self):
        pane = self.open(cols=200, rows=40)
        pane.keys("m")
        # November: 3 h at 100.00 = 300.00, cost 3 h at 40.00 = 120.00.
        pane.wait("acme/api 2026-11-01 to 2026-11-30: revenue 300.00, cost 120.00, margin "
                  "180.00 EUR (60.00 %), 100.00/h")
        pane.keys("i")
        pane.wait("Invoice · acme · 2026-11")
        pane.keys("m")
        pane.wait("acme 2026-11-01 to 2026-11-30: revenue 300.00, cost 120.00")

    def test_wide_grid_shows_the_rows_margin_to_admins_only(self):
        pane = self.open(cols=200, rows=40)
        pane.wait_all("Margin · 2026-11", "revenue 300.00, cost 120.00, margin 180.00 EUR")
        pane.keys("q")
        db_exec(self.t, "UPDATE users SET role = 'member'")
        pane = self.open(cols=200, rows=40)
        pane.wait("Notes")
        self.assertNotIn("Margin", pane.screen())
        pane.keys("m")
        pane.wait("admins and leads only")

    def test_the_entry_form_sets_a_ticket(self):
        pane = self.open(cols=100, rows=30)
        pane.keys("h", "Enter")                     # Tue: the 1 h entry
        pane.wait("Esc close")
        pane.keys("Enter")
        pane.wait("Ticket")
        pane.keys("Tab", "Tab", "Tab")
        pane.type("SUP-12")
        pane.keys("Enter")
        pane.wait("saved entry")
        refs = [e["ref"] for e in self.t.json("log", "--from", "2026-11-24", "--to", "2026-11-24")]
        self.assertEqual(refs, ["SUP-12"])
