"""Taxes on invoices (issue 13): a Zoho tax per client and per project, tax-exempt lines, net,
tax and gross in the preview and JSON, equal to what the fake Zoho computes (per line,
item_total × percentage, half up: Zoho's rule). Arithmetic by hand in each test."""
import random

import money_model as mm
from test_invoice import Base

VAT19, VAT7, NYC = "460000000070001", "460000000070002", "460000000070003"
EXPORT = "460000000071001"


class Taxes(Base):
    def setup_acme(self):
        self.acme()
        self.t.ok("project", "add", "acme/export")
        self.t.ok("tax", "add", "vat19", "--percent", "19", "--zoho-id", VAT19)
        self.t.ok("tax", "set", "acme", "vat19")
        self.t.ok("tax", "set", "acme/export", "--exempt", EXPORT)
        # api: 1h10m → 1.17 h × 150 = 175.50; 20m → 0.33 h × 150 = 49.50; one line of
        # 1.50 h = 225.00, tax 19 % = 42.75. export: 2 h = 300.00, exempt. Net 525.00,
        # tax 42.75, gross 567.75.
        self.t.ok("add", "acme/api", "2026-11-03", "1h10m")
        self.t.ok("add", "acme/api", "2026-11-04", "20m")
        self.t.ok("add", "acme/export", "2026-11-05", "2h")

    def test_preview_shows_net_tax_gross_and_zoho_agrees(self):
        self.setup_acme()
        inv = self.preview()
        self.assertEqual((inv["total_minor"], inv["net_minor"], inv["tax_minor"], inv["gross_minor"]),
                         (52500, 52500, 4275, 56775))
        self.assertEqual([(l["project"], l["tax"], l["tax_minor"]) for l in inv["lines"]],
                         [("api", "vat19", 4275), ("export", "exempt", 0)])
        self.assertEqual([(t["name"], t["net_minor"], t["tax_minor"], t["exemption"]) for t in inv["taxes"]],
                         [("vat19", 22500, 4275, None), ("exempt", 30000, 0, EXPORT)])
        out = self.t.ok("invoice", "preview", "acme", "--period", "2026-11").out
        self.assertIn("Tax vat19 19 %", out)
        self.assertRegex(out, r"Gross\s+567\.75 EUR")
        out = self.t.ok("invoice", "preview", "acme", "--period", "2026-11", "--explain").out
        self.assertIn("rounded half away from zero once per line, as Zoho computes it", out)
        r = self.push()
        self.assertEqual(r.rc, 0, r)
        self.assertNotIn("differs", r.out + r.err)
        z = self.state()["invoices"][-1]
        self.assertEqual((z["sub_total"], z["tax_total"], z["total"]), (525.0, 42.75, 567.75))
        body = z["request_body"]["line_items"]
        self.assertEqual([(li.get("tax_id"), li.get("tax_exemption_id")) for li in body],
                         [(VAT19, None), (None, EXPORT)])
        self.assertEqual(self.invoices()[0]["total_minor"], 56775)
        # The net stays one figure with the log: the entries' amounts are net.
        log = self.t.json("log", "--from", "2026-11-01", "--to", "2026-11-30")
        self.assertEqual(sum(e["amount_minor"] for e in log), 52500)

    def test_tax_is_rounded_per_line_as_zoho_does(self):
        # NYC 8.875 %, USD client at 99.99/h. By entry: three 20m lines of 0.33 h = 33.00 each,
        # tax 2.92875 → 2.93 each: 8.79. One line (by project): 99.00, tax 8.78625 → 8.79.
        # 55m: 0.92 h × 99.99 = 91.9908 → 91.99 (one unit of 91.99 to Zoho), tax 8.1641… → 8.16.
        self.t.ok("client", "add", "globex", "--name", "Globex Corporation", "--currency", "USD",
                  "--rate", "99.99")
        self.t.ok("tax", "add", "nyc", "--percent", "8.875", "--zoho-id", NYC)
        self.t.ok("tax", "set", "globex", "nyc")
        for d in ("2026-11-02", "2026-11-03", "2026-11-04"):
            self.t.ok("add", "globex", d, "20m")
        self.t.ok("add", "globex", "2026-11-05", "55m")
        by_entry = self.preview("--period", "2026-11", "--group-by", "entry", client="globex")
        self.assertEqual([l["tax_minor"] for l in by_entry["lines"]], [293, 293, 293, 816])
        self.assertEqual((by_entry["net_minor"], by_entry["tax_minor"]), (19099, 1695))
        self.assertEqual(self.push("--period", "2026-11", "--group-by", "entry", client="globex").rc, 0)
        z = self.state()["invoices"][-1]
        self.assertEqual((z["sub_total"], z["tax_total"], z["total"]), (190.99, 16.95, 207.94))
        self.assertEqual(self.invoices()[0]["zoho_total_minor"], 20794)

    def test_random_lines_match_the_model_and_the_fake(self):
        # Random rates, durations and percentages: tock's per-line tax equals the model's
        # (money_model.line_tax) and, once pushed, the fake Zoho's tax_total and total.
        rng = random.Random(13)
        for case in range(4):
            key = f"c{case}"
            rate = rng.choice(["99.99", "150", "12.34", "87.65"])
            pct = rng.choice(["19", "7", "8.875", "16", "0.5"])
            self.t.ok("client", "add", key, "--name", "Acme GmbH", "--rate", rate)
            self.t.ok("client", "set", key, "--zoho-customer-id", "460000000026049")
            self.t.ok("project", "add", f"{key}/a")
            self.t.ok("project", "add", f"{key}/b")
            self.control(taxes=[{"tax_id": f"46000000008000{case}", "tax_name": f"T{case}",
                                 "tax_percentage": float(pct)}])
            self.t.ok("tax", "add", f"t{case}", "--percent", pct, "--zoho-id", f"46000000008000{case}")
            self.t.ok("tax", "set", key, f"t{case}")
            for i in range(rng.randint(2, 6)):
                self.t.ok("add", f"{key}/{rng.choice('ab')}", f"2026-11-{i + 2:02d}",
                          f"{rng.randint(1, 300)}m")
            inv = self.preview("--period", "2026-11", "--group-by", "entry", client=key)
            milli = int(round(float(pct) * 1000))
            for l in inv["lines"]:
                self.assertEqual(l["tax_minor"], mm.line_tax(l["amount_minor"], milli), l)
            self.assertEqual(self.push("--period", "2026-11", "--group-by", "entry", client=key).rc, 0)
            z = self.state()["invoices"][-1]
            self.assertEqual((round(z["tax_total"] * 100), round(z["total"] * 100)),
                             (inv["tax_minor"], inv["gross_minor"]), (case, rate, pct))

    def test_a_project_tax_splits_lines(self):
        # acme at 19 %, acme/b at 7 %: by tier, the standard hours of both projects would be one
        # line; they are two, one per tax. api 1 h = 150.00 → 28.50; b 2 h = 300.00 → 21.00.
        self.acme()
        self.t.ok("project", "add", "acme/b")
        self.t.ok("tax", "add", "vat19", "--percent", "19", "--zoho-id", VAT19)
        self.t.ok("tax", "add", "vat7", "--percent", "7", "--zoho-id", VAT7)
        self.t.ok("tax", "set", "acme", "vat19")
        self.t.ok("tax", "set", "acme/b", "vat7")
        self.t.ok("add", "acme/api", "2026-11-03", "1h")
        self.t.ok("add", "acme/b", "2026-11-04", "2h")
        inv = self.preview("--period", "2026-11", "--group-by", "tier")
        self.assertEqual(sorted((l["tax"], l["amount_minor"], l["tax_minor"]) for l in inv["lines"]),
                         [("vat19", 15000, 2850), ("vat7", 30000, 2100)])
        self.assertEqual(inv["gross_minor"], 45000 + 4950)
        # --none: the project falls back to the client's tax.
        self.t.ok("tax", "set", "acme/b", "--none")
        inv = self.preview("--period", "2026-11", "--group-by", "tier")
        self.assertEqual([(l["tax"], l["tax_minor"]) for l in inv["lines"]], [("vat19", 8550)])

    def test_retainer_lines_carry_the_clients_tax(self):
        # Fee 1000 + overage: 10 h prepaid, 11 h worked → 1 h × 100 overage. 19 % of 1000 =
        # 190.00, of 100 = 19.00: tax 209.00, gross 1309.00.
        self.acme()
        self.t.ok("tax", "add", "vat19", "--percent", "19", "--zoho-id", VAT19)
        self.t.ok("tax", "set", "acme", "vat19")
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "100",
                  "--from", "2026-11-01")
        self.t.ok("add", "acme/api", "2026-11-05", "11h")
        inv = self.preview()
        self.assertEqual([(l["kind"], l["tax"], l["tax_minor"]) for l in inv["lines"]],
                         [("fee", "vat19", 19000), ("included", "vat19", 0), ("overage", "vat19", 1900)])
        self.assertEqual((inv["net_minor"], inv["gross_minor"]), (110000, 130900))
        self.assertEqual(self.push().rc, 0)
        self.assertEqual(self.state()["invoices"][-1]["total"], 1309.0)

    def test_push_refuses_a_tax_zoho_does_not_know_or_computes_otherwise(self):
        self.acme()
        self.t.ok("add", "acme/api", "2026-11-03", "1h")
        self.t.ok("tax", "add", "local", "--percent", "19")
        self.t.ok("tax", "set", "acme", "local")
        r = self.push()
        self.assertNotEqual(r.rc, 0)
        self.assertIn("tax 'local' has no Zoho tax id", r.err)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
        # Zoho's tax 460000000070002 is 7 %: tock's 19 % would not be what Zoho charges.
        self.t.ok("tax", "add", "local", "--percent", "19", "--zoho-id", VAT7)
        r = self.push()
        self.assertNotEqual(r.rc, 0)
        self.assertIn("is 7 %, tock's tax local 19 %", r.err)
        self.t.ok("tax", "add", "local", "--percent", "19", "--zoho-id", "460000000079999")
        self.assertIn("Zoho has no tax 460000000079999", self.push().err)
        self.assertEqual(self.posts(), [])
        self.assertEqual(self.invoices(), [])

    def test_bad_tax_input(self):
        self.acme()
        for args, says in ((["tax", "add", "v", "--percent", "101"], "bad tax percentage"),
                           (["tax", "add", "v", "--percent", "-1"], "bad tax percentage"),
                           (["tax", "add", "v", "--percent", "19.1234"], "bad tax percentage"),
                           (["tax", "add", "v", "--percent", "x"], "bad tax percentage"),
                           (["tax", "add", "v w", "--percent", "1"], "bad tax name"),
                           (["tax", "add", "exempt", "--percent", "1"], "bad tax name"),
                           (["tax", "add", "v", "--percent", "1", "--zoho-id", "12a"], "bad Zoho tax id"),
                           (["tax", "set", "acme", "nope"], "no tax 'nope'"),
                           (["tax", "set", "acme", "--exempt", "x1"], "bad exemption id"),
                           (["tax", "set", "nobody", "--exempt", "1"], "nobody")):
            r = self.t.run(*args)
            self.assertNotEqual(r.rc, 0, args)
            self.assertIn(says, r.err)
            self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
        r = self.t.run("tax", "set", "acme", "vat", "--none")
        self.assertNotEqual(r.rc, 0)
        self.assertEqual(self.t.json("tax", "list", "--json"), [])
        self.assertEqual(self.preview()["taxes"], [])

    def test_contact_default_tax(self):
        # The contact's default tax (19 %) becomes tax zoho-<id> and the client's rule, so the
        # preview shows it: 1 h × 150 = 150.00, tax 28.50. A contact without one is refused.
        self.control(contacts=[{"contact_id": "460000000026077", "contact_name": "Taxed AG",
                                "company_name": "Taxed AG", "email": "a@taxed.example",
                                "currency_code": "EUR", "payment_terms": 30, "tax_id": VAT19,
                                "tax_name": "VAT 19", "tax_percentage": 19.0}])
        self.acme()
        r = self.t.run("tax", "set", "acme", "--contact-default")
        self.assertNotEqual(r.rc, 0)
        self.assertIn("has no default tax", r.err)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
        self.t.ok("client", "set", "acme", "--zoho-customer-id", "460000000026077")
        out = self.t.ok("tax", "set", "acme", "--contact-default").out
        self.assertEqual(out, f"acme: tax zoho-{VAT19} (VAT 19, 19 %), its Zoho contact's default\n")
        self.t.ok("add", "acme/api", "2026-11-03", "1h")
        inv = self.preview()
        self.assertEqual((inv["tax_minor"], inv["taxes"][0]["zoho_tax_id"]), (2850, VAT19))
        self.assertEqual(self.push().rc, 0)
        self.assertEqual(self.state()["invoices"][-1]["total"], 178.5)

    def test_zoho_taxes_lists_the_organizations(self):
        out = self.t.json("zoho", "taxes", "--json")
        self.assertIn({"tax_id": NYC, "tax_name": "NYC sales tax", "tax_percentage": 8.875}, out)

    def test_taxes_survive_export_all_and_import(self):
        import os
        self.setup_acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--rollover", "unused", "--rollover-expires", "2", "--from", "2026-10-01")
        path = os.path.join(self.t.dir, "all.json")
        self.t.ok("export", "--all", "-o", path)
        db = os.path.join(self.t.dir, "copy.db")
        self.t.ok("--db", db, "import", "tock", path)
        with open(path) as f:
            self.assertEqual(self.t.ok("--db", db, "export", "--all").out, f.read())
        self.assertEqual(self.t.json("--db", db, "invoice", "preview", "acme", "--period", "2026-11"),
                         self.preview())
