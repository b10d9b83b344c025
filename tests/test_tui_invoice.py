"""The invoice preview screen, driven for real in tmux (see test_tui.py): its lines and total are
tock invoice preview --json's, leaving a line out and regrouping change them at once, and
sending goes to the fake Zoho (tests/fake_zoho.py) exactly once, or leaves a pending attempt
with the command that finishes it. The header names the selected client's current sprint."""
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_zoho  # noqa: E402
from test_tui import TMUX, TuiCase  # noqa: E402

LINE = re.compile(r"\[([ x])\] (.+?)\s+(\d+\.\d\d)\s+(\d+\.\d\d)\s+(\d+\.\d\d)\s*│")
TOTAL = re.compile(r"Total.*?\s(\d+\.\d\d) EUR")


def money(minor):
    return f"{minor // 100}.{minor % 100:02d}"


@unittest.skipUnless(TMUX, "tmux is not installed")
class InvoiceScreen(TuiCase):
    @classmethod
    def setUpClass(cls):
        cls.fake = fake_zoho.FakeZoho().start()

    @classmethod
    def tearDownClass(cls):
        cls.fake.stop()

    def setUp(self):
        super().setUp()
        with self.fake.lock:
            self.fake.control({"reset": True})
        self.config()
        t = self.t
        t.ok("client", "add", "acme", "--name", "Acme GmbH", "--rate", "150")
        t.ok("project", "add", "acme/api")
        t.ok("add", "acme/api", "2026-11-02", "7m", "-m", "call")        # 15m billed
        t.ok("add", "acme/api", "2026-11-03", "17:30-19:00")             # 30m + 1h after-hours
        t.ok("add", "acme", "2026-11-24", "45m", "-m", "this week")      # the grid's row

    def config(self, **over):
        zoho = {"api_url": self.fake.url + "/invoice/v3", "accounts_url": self.fake.url,
                "organization_id": fake_zoho.ORG_ID, "client_id": fake_zoho.CLIENT_ID,
                "client_secret": fake_zoho.CLIENT_SECRET, "refresh_token": fake_zoho.REFRESH_TOKEN,
                "timeout": "2", "max_retries": "1", "max_backoff": "0"}
        zoho.update(over)
        self.t.config("[billing]\nround = 15m\nbusiness_hours = Mon-Fri 09:00-18:00\n[zoho]\n" +
                      "".join(f"{k} = {v}\n" for k, v in zoho.items()))

    def preview(self, *extra):
        return self.t.json("invoice", "preview", "acme", "--period", "2026-11", *extra)

    def open_preview(self):
        p = self.open()
        p.keys("i")
        p.wait("Invoice · Acme GmbH · 2026-11")
        return p

    def screen_lines(self, screen):
        return [(m.group(1) == "x", m.group(2).strip(), m.group(3), m.group(4), m.group(5))
                for m in LINE.finditer(screen)]

    def wait_matches(self, p, doc, *texts):
        """Polls until the screen shows doc's lines and total (and texts); a capture can land
        mid-draw. On a timeout, fails saying what differs."""
        want = [(True, l["description"], f"{l['quantity']:.2f}", money(l["rate_minor"]),
                 money(l["amount_minor"])) for l in doc["lines"]]

        def ok(s):
            m = TOTAL.search(s)
            return (all(t in s for t in texts) and self.screen_lines(s) == want and m is not None
                    and m.group(1) == money(doc["total_minor"]))
        try:
            return p.wait(ok, what="the preview's lines and total")
        except AssertionError:
            self.assertMatches(p.screen(), doc)
            raise

    def assertMatches(self, screen, doc):
        want = [(True, l["description"], f"{l['quantity']:.2f}", money(l["rate_minor"]),
                 money(l["amount_minor"])) for l in doc["lines"]]
        self.assertEqual(self.screen_lines(screen), want, screen)
        self.assertEqual(TOTAL.search(screen).group(1), money(doc["total_minor"]), screen)

    def test_lines_total_exclude_grouping_and_entries(self):
        p = self.open_preview()
        doc = self.preview()
        first = doc["lines"][0]
        self.assertEqual(len(doc["lines"]), 3)
        # The lines and total of the CLI's preview; the selected line explains itself.
        self.wait_matches(p, doc, money(doc["total_minor"]) + " EUR", first["explanation"][:40])
        # Leave out the first line: the total drops by its amount at once.
        p.keys("Space")
        p.wait_all(money(doc["total_minor"] - first["amount_minor"]) + " EUR",
                   "[ ] " + first["description"])
        p.keys("Space")
        p.wait(money(doc["total_minor"]) + " EUR")
        # The entries behind the second line (api standard: 7m on 11-02 and 30m on 11-03).
        p.keys("j", "Enter")
        p.wait_all("billed", "2026-11-02 Mon", "call")
        p.keys("Escape")
        p.wait_gone("2026-11-02 Mon")
        # Regroup by project: the CLI's lines for --group-by project.
        p.keys("g")
        self.wait_matches(p, self.preview("--group-by", "project"), "by project ")

    def test_submit_honours_left_out_lines_and_descriptions(self):
        p = self.open_preview()
        doc = self.preview()
        first = doc["lines"][0]      # (no project) (standard), 45m
        p.keys("Space")
        p.keys("j", "e", "C-u")
        p.type("Consulting")
        p.keys("Enter")
        p.wait("[x] Consulting")
        p.keys("S")
        p.wait_all("Create a Zoho invoice for Acme GmbH",
                   money(doc["total_minor"] - first["amount_minor"]) + " EUR, 2 lines", timeout=10)
        p.keys("y")
        p.wait("Sent: Zoho invoice TOCK-000001", timeout=10)
        invs = self.t.json("invoice", "list")
        self.assertEqual([(i["state"], i["zoho_number"], i["entries"]) for i in invs],
                         [("sent", "TOCK-000001", 2)])
        with self.fake.lock:
            st = json.loads(json.dumps(self.fake.state.snapshot()))
        self.assertEqual(st["invoices_created"], 1)
        names = [li["name"] for li in st["invoices"][0]["request_body"]["line_items"]]
        self.assertEqual(names, ["Consulting", "api (after-hours)"])
        # The line left out is still there to invoice, and the screen shows it.
        left = self.preview()
        self.assertEqual([l["description"] for l in left["lines"]], [first["description"]])
        self.wait_matches(p, left)

    def test_zoho_failing_leaves_a_pending_attempt_and_says_how_to_finish(self):
        with self.fake.lock:
            self.fake.control({"faults": [{"path": "/invoices", "method": "GET", "kind": "status",
                                           "status": 500, "count": 2}]})
        p = self.open_preview()
        p.keys("S")
        p.wait("Create a Zoho invoice", timeout=10)
        p.keys("y")
        p.wait_all("tock invoice retry 1", "pending", timeout=10)
        self.assertEqual([i["state"] for i in self.t.json("invoice", "list")], ["pending"])

    def test_date_terms_and_cancel(self):
        p = self.open_preview()
        p.keys("d")
        p.wait("payment terms (days)")
        p.keys("C-u")
        p.type("2026-11-30")
        p.keys("Tab", "C-u")
        p.type("30")
        p.keys("Enter")
        p.wait("Date 2026-11-30 · payment terms 30 days")
        p.keys("S")
        p.wait_all("Create a Zoho invoice", "dated 2026-11-30, payment terms 30 days", timeout=10)
        p.keys("n")
        p.wait("nothing was sent")
        self.assertEqual(self.t.json("invoice", "list"), [])

    def test_explanation_wraps_without_losing_a_character(self):
        # An explanation wider than the box goes on over the next line, every character kept.
        p = self.open(cols=80, rows=24)
        p.keys("i")
        p.wait("Invoice · Acme GmbH · 2026-11")
        first = self.preview()["lines"][0]["explanation"]
        s = p.wait("Line 1 of")
        rows = [l.split("│")[1][1:-1] for l in s.split("\n") if l.count("│") >= 2]
        at = next(i for i, r in enumerate(rows) if r.startswith("Line 1 of"))
        self.assertGreater(len(first), len(rows[at + 1].rstrip()), s)
        # Broken between words: the first line ends where a space was.
        self.assertEqual(rows[at + 1].rstrip() + " " + rows[at + 2].strip(), first, s)

    def test_a_retainer_fee_line_has_no_entries_to_list(self):
        # The fee line stands for no entries: the screen does not offer to list them, and Enter
        # says so instead of opening an empty box.
        self.t.ok("retainer", "set", "acme", "--hours", "20", "--fee", "2500",
                  "--overage-rate", "180")
        p = self.open_preview()
        fee = self.preview()["lines"][0]
        self.assertEqual((fee["kind"], fee["entry_ids"]), ("fee", []))
        s = p.wait_all("Line 1 of", "0 entries")
        self.assertNotIn("Enter lists them", s)
        p.keys("Enter")
        s = p.wait("no entries behind this line")
        self.assertNotIn("j down  k up  Esc close", s)

    def test_retainer_lines_are_not_left_out_one_by_one(self):
        # A retainer's fee, included and overage lines are computed together: leaving one out
        # would show lines that no longer add up to the total (or a fee still sent). Space
        # refuses, and the total stays the CLI's.
        self.t.ok("retainer", "set", "acme", "--hours", "1", "--fee", "2500",
                  "--overage-rate", "180")
        p = self.open_preview()
        doc = self.preview()
        # (the fixture's after-hours time is overage at its own rate: a fourth line)
        self.assertEqual([l["kind"] for l in doc["lines"]][:3], ["fee", "included", "overage"])
        for down in (0, 1, 1):
            if down:
                p.keys("j")
            p.keys("Space")
            s = self.wait_matches(p, doc, "computed together")
            self.assertNotIn("[ ]", s)

    def test_header_shows_the_current_sprint(self):
        self.t.ok("sprint", "every", "acme", "2w", "--starting", "2026-11-02")
        p = self.open()
        p.wait("Sprint 2 11-16–11-29")
        # r walks the ranges: last month, then the current sprint, as the CLI resolves them.
        p.keys("i")
        p.wait("Invoice · Acme GmbH · 2026-11")
        p.keys("r")
        p.wait("Invoice · Acme GmbH · 2026-10 (2026-10-01 to 2026-10-31)")
        p.keys("r")
        # The header and the body can be captured mid-draw: wait for both.
        doc = self.t.json("invoice", "preview", "acme", "--sprint", "current")
        self.assertGreater(doc["total_minor"], 0)
        self.wait_matches(p, doc, "Invoice · Acme GmbH · Sprint 2 (2026-11-16 to 2026-11-29)")
