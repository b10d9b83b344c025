"""Invoice preview, sprints, and submission to Zoho exactly once: the tock binary against the
strict fake Zoho (tests/fake_zoho.py) on 127.0.0.1, with tiny timeouts and no backoff."""
import glob
import json
import os
import select
import sqlite3
import subprocess
import sys
import time
import unittest
from decimal import ROUND_HALF_UP, Decimal

from tockenv import BIN, TockCase

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_zoho  # noqa: E402

ACME_ID = "460000000026049"
SECRETS = (fake_zoho.CLIENT_SECRET, fake_zoho.REFRESH_TOKEN)


def zoho_amount(rate_minor, quantity):
    """What Zoho computes for a line: rate (2 decimals) × quantity, to the cent, in minor units."""
    rate = Decimal(rate_minor) / 100
    return int((rate * Decimal(str(quantity))).quantize(Decimal("0.01"), ROUND_HALF_UP) * 100)


class Base(TockCase):
    now = "2026-12-02T09:00:00"   # a Wednesday; November is finished

    @classmethod
    def setUpClass(cls):
        cls.fake = fake_zoho.FakeZoho().start()

    @classmethod
    def tearDownClass(cls):
        cls.fake.stop()

    def setUp(self):
        super().setUp()
        self.control(reset=True)
        self.zoho_config()

    def control(self, **cmd):
        with self.fake.lock:
            self.fake.control(cmd)

    def state(self):
        with self.fake.lock:
            return json.loads(json.dumps(self.fake.state.snapshot()))

    def posts(self):
        return [r for r in self.state()["requests"]
                if r["path"] == "/invoice/v3/invoices" and r["method"] == "POST"]

    def zoho_config(self, extra="", mode=0o600, **over):
        zoho = {"api_url": self.fake.url + "/invoice/v3", "accounts_url": self.fake.url,
                "organization_id": fake_zoho.ORG_ID, "client_id": fake_zoho.CLIENT_ID,
                "client_secret": fake_zoho.CLIENT_SECRET, "refresh_token": fake_zoho.REFRESH_TOKEN,
                "timeout": "2", "max_retries": "1", "max_backoff": "0"}
        zoho.update(over)
        text = extra + "\n[zoho]\n" + "".join(f"{k} = {v}\n" for k, v in zoho.items() if v is not None)
        return self.t.config(text, mode=mode)

    def acme(self):
        self.t.ok("client", "add", "acme", "--name", "Acme GmbH", "--rate", "150")
        self.t.ok("project", "add", "acme/api")

    def preview(self, *args, client="acme"):
        return self.t.json("invoice", "preview", client, *(args or ("--period", "2026-11")))

    def push(self, *args, client="acme", **kw):
        return self.t.run("invoice", "push", client, *(args or ("--period", "2026-11")), "--yes",
                          input="", **kw)

    def entries(self):
        return self.t.json("log", "--from", "2026-01-01", "--to", "2026-12-31")

    def invoices(self, *flags):
        return self.t.json("invoice", "list", *flags)

    def assertLinesAddUp(self, inv):
        for line in inv["lines"]:
            # What Zoho is sent multiplies out to the line's amount exactly.
            self.assertEqual(zoho_amount(line["send_rate_minor"], line["send_quantity"]), line["amount_minor"], line)
            if line["send_rate_minor"] != line["rate_minor"]:
                self.assertEqual(line["send_quantity"], 1.0, line)
        self.assertEqual(sum(l["amount_minor"] for l in inv["lines"]), inv["total_minor"])

    def assertExactlyOnce(self, n_invoices=1):
        st = self.state()
        self.assertEqual(st["invoices_created"], n_invoices)
        refs = [i["reference_number"] for i in st["invoices"]]
        self.assertEqual(len(set(refs)), len(refs))
        entries = [e for e in self.entries() if e["billable"]]
        self.assertTrue(entries)
        self.assertTrue(all(e["invoiced"] for e in entries), entries)
        con = sqlite3.connect(self.t.db)
        per_entry = con.execute("SELECT e.id, COUNT(i.id) FROM entries e JOIN invoice_entries ie "
                                "ON ie.entry_id = e.id JOIN invoices i ON i.id = ie.invoice_id "
                                "AND i.state = 'sent' GROUP BY e.id").fetchall()
        con.close()
        self.assertTrue(all(n == 1 for _, n in per_entry), per_entry)


class PreviewTest(Base):
    def test_preview_rounding_tiers_and_what_is_left_out(self):
        self.zoho_config("[billing]\nround = 15m\nbusiness_hours = Mon-Fri 09:00-18:00\n")
        self.acme()
        self.t.ok("project", "add", "acme/site", "--fixed", "5000")
        self.t.ok("add", "acme/api", "2026-11-02", "7m", "-m", "call")             # bills 15m
        self.t.ok("add", "acme/api", "2026-11-03", "17:30-19:00")                 # 30m + 60m after-hours
        self.t.ok("add", "acme/api", "2026-11-04", "1h", "--non-billable")
        self.t.ok("add", "acme/site", "2026-11-05", "2h")                         # fixed price
        self.t.ok("add", "acme/api", "2026-12-01", "1h")                          # outside the range
        inv = self.preview()
        self.assertEqual((inv["client"], inv["currency"], inv["from"], inv["to"]),
                         ("acme", "EUR", "2026-11-01", "2026-11-30"))
        lines = [(l["description"], l["quantity"], l["rate_minor"], l["amount_minor"], l["kind"])
                 for l in inv["lines"]]
        self.assertEqual(lines, [("api (standard)", 0.75, 15000, 11250, "hours"),
                                 ("api (after-hours)", 1.0, 22500, 22500, "hours")])
        self.assertEqual(inv["entry_ids"], [1, 2])
        self.assertEqual(inv["total_minor"], 33750)
        self.assertLinesAddUp(inv)
        std = inv["lines"][0]
        self.assertEqual((std["seconds"], std["actual_seconds"]), (2700, 420 + 1800))
        for text in ("standard", "150.00/h", "client rate", "rounded up to 15m", "0:37 worked"):
            self.assertIn(text, std["explanation"])
        self.assertIn("× 1.5", inv["lines"][1]["explanation"])
        self.assertTrue(inv["reference"].startswith("TOCK-") and len(inv["reference"]) == 21)
        self.assertEqual(set(inv), {"client", "client_name", "currency", "from", "to", "label",
                                    "group_by", "reference", "lines", "total_minor", "missing_rate",
                                    "entry_ids", "retainer", "retainer_periods", "net_minor",
                                    "tax_minor", "gross_minor", "taxes",
                                    "awaiting_approval_seconds"})
        self.assertEqual(set(std), {"description", "kind", "project", "tier", "quantity", "seconds",
                                    "actual_seconds", "rate_minor", "amount_minor", "first_day",
                                    "last_day", "missing_rate", "explanation", "entry_ids",
                                    "send_quantity", "send_rate_minor", "tax", "tax_minor"})
        r = self.t.ok("invoice", "preview", "acme", "--period", "2026-11")
        self.assertIn('"quantity"', self.t.ok("invoice", "preview", "acme", "--period", "2026-11",
                                              "--json").out.replace(" ", ""))
        self.assertIn("0.75", r.out)
        self.assertRegex(r.out, r"Total\s+337\.50 EUR")

    def test_quantities_as_zoho_computes_them(self):
        self.acme()
        self.t.ok("rate", "set", "acme", "standard", "133.33", "--replace")
        for day, dur in (("2026-11-02", "1h07m"), ("2026-11-03", "0:41"), ("2026-11-04", "2h59m")):
            self.t.ok("add", "acme/api", day, dur)
        inv = self.preview("--period", "2026-11", "--group-by", "entry")
        self.assertEqual(len(inv["lines"]), 3)
        self.assertLinesAddUp(inv)
        self.assertEqual([l["quantity"] for l in inv["lines"]], [1.12, 0.68, 2.98])

    def test_rate_change_mid_period_makes_two_lines(self):
        self.acme()
        self.t.ok("rate", "set", "acme", "standard", "200", "--from", "2026-11-15")
        self.t.ok("add", "acme/api", "2026-11-10", "2h")
        self.t.ok("add", "acme/api", "2026-11-20", "1h")
        inv = self.preview()
        self.assertEqual([(l["rate_minor"], l["quantity"], l["first_day"]) for l in inv["lines"]],
                         [(15000, 2.0, "2026-11-10"), (20000, 1.0, "2026-11-20")])
        self.assertIn("from 2026-11-15", inv["lines"][1]["explanation"])
        self.assertEqual(inv["total_minor"], 50000)
        self.assertLinesAddUp(inv)
        # The reference names the entries (whatever the grouping), so it is stable until they change.
        self.assertEqual(self.preview("--period", "2026-11", "--group-by", "day")["reference"], inv["reference"])
        self.t.ok("add", "acme/api", "2026-11-21", "1h")
        self.assertNotEqual(self.preview()["reference"], inv["reference"])

    def test_retainer_fee_included_and_overage(self):
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "2000", "--overage-rate", "180",
                  "--from", "2026-10-01")
        self.t.ok("add", "acme/api", "2026-11-03", "6h")
        self.t.ok("add", "acme/api", "2026-11-10", "6h", "-s", "after-hours")
        inv = self.preview()
        # By default a tier draws prepaid hours at its multiplier (after-hours 1.5) and its
        # overage costs the overage rate × that multiplier. 6 h standard draw 6 of the 10 h;
        # the after-hours 6 h would need 9, the 4 h left cover 4 / 1.5 = 2.666… → 2.66 h
        # (rounded down), and 3.34 h are overage at 180 × 1.5 = 270/h: 901.80.
        self.assertEqual([(l["kind"], l["quantity"], l["rate_minor"], l["amount_minor"]) for l in inv["lines"]],
                         [("fee", 1.0, 200000, 200000), ("included", 8.66, 0, 0),
                          ("overage", 3.34, 27000, 90180)])
        self.assertEqual(inv["lines"][2]["entry_ids"], [2])
        self.assertEqual(inv["total_minor"], 290180)
        self.assertEqual(inv["retainer"]["prepaid_seconds"], 36000)
        self.assertLinesAddUp(inv)

    def test_retainer_second_invoice_of_a_period(self):
        self.acme()
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "2000", "--overage-rate", "180",
                  "--from", "2026-10-01")
        self.t.ok("add", "acme/api", "2026-11-03", "8h")
        self.assertEqual(self.push("--from", "2026-11-01", "--to", "2026-11-15").rc, 0)
        self.t.ok("add", "acme/api", "2026-11-20", "4h")
        inv = self.preview("--from", "2026-11-16", "--to", "2026-11-30")
        self.assertEqual([(l["kind"], l["quantity"], l["amount_minor"]) for l in inv["lines"]],
                         [("included", 2.0, 0), ("overage", 2.0, 36000)])
        self.assertEqual((inv["retainer"]["fee_billed_before"], inv["retainer"]["prepaid_used_before"]),
                         (True, 8 * 3600))

    def test_group_by_option_and_config(self):
        self.zoho_config("[billing]\ngroup_by = day\n")
        self.acme()
        self.t.ok("add", "acme/api", "2026-11-02", "1h")
        self.t.ok("add", "acme", "2026-11-02", "1h")
        self.t.ok("add", "acme/api", "2026-11-03", "1h")
        self.assertEqual([l["description"] for l in self.preview()["lines"]], ["2026-11-02", "2026-11-03"])
        self.assertEqual([l["description"] for l in self.preview("--period", "2026-11", "--group-by", "project")["lines"]],
                         ["(no project)", "api"])
        self.assertFails("invoice", "preview", "acme", "--period", "2026-11", "--group-by", "week", rc=2)

    def test_range_options(self):
        self.acme()
        self.assertFails("invoice", "push", "acme", "--yes", rc=2)  # preview: this month
        self.assertFails("invoice", "preview", "acme", "--period", "2026-11", "--from", "2026-11-01",
                         "--to", "2026-11-02", rc=2)
        self.assertFails("invoice", "preview", "acme", "--from", "2026-11-01", rc=2)
        self.assertFails("invoice", "preview", "acme", "--period", "2026-13", contains="2026-11")
        self.assertFails("invoice", "preview", "acme", "--from", "2026-11-05", "--to", "2026-11-01",
                         contains="before")
        self.assertFails("invoice", "preview", "nobody", "--period", "2026-11", contains="no client")
        self.assertEqual(self.preview()["lines"], [])


class SprintTest(Base):
    def test_sprints_named_and_by_cadence(self):
        self.acme()
        self.t.ok("sprint", "add", "acme", "Launch", "--from", "2026-10-01", "--to", "2026-10-14")
        self.assertFails("sprint", "add", "acme", "Other", "--from", "2026-10-10", "--to", "2026-10-20",
                         contains="overlaps")
        self.assertFails("sprint", "add", "acme", "Launch", "--from", "2027-01-01", "--to", "2027-01-02",
                         contains="already")
        self.assertFails("sprint", "add", "acme", "current", "--from", "2027-01-01", "--to", "2027-01-02")
        self.assertFails("sprint", "every", "acme", "2x", "--starting", "2026-11-02")
        r = self.t.ok("sprint", "every", "acme", "2w", "--starting", "2026-11-02")
        self.assertIn("today is in Sprint 3", r.out)
        doc = self.t.json("sprint", "list", "acme")
        self.assertEqual(doc["cadence"], {"every_days": 14, "starting": "2026-11-02"})
        self.assertEqual([(s["name"], s["from"], s["to"], s["computed"], s["current"]) for s in doc["sprints"]],
                         [("Launch", "2026-10-01", "2026-10-14", False, False),
                          ("Sprint 1", "2026-11-02", "2026-11-15", True, False),
                          ("Sprint 2", "2026-11-16", "2026-11-29", True, False),
                          ("Sprint 3", "2026-11-30", "2026-12-13", True, True),
                          ("Sprint 4", "2026-12-14", "2026-12-27", True, False)])
        self.t.ok("add", "acme/api", "2026-11-16", "1h")
        self.t.ok("add", "acme", "2026-11-20", "30m")
        self.t.ok("add", "acme/api", "2026-12-01", "2h")
        self.assertEqual(self.preview("--sprint", "last")["entry_ids"], [1, 2])
        self.assertEqual(self.preview("--sprint", "current")["entry_ids"], [3])
        self.assertEqual(self.preview("--sprint", "Sprint 2")["label"], "Sprint 2")
        self.assertFails("invoice", "preview", "acme", "--sprint", "Nope", contains="Sprint 4")
        self.assertIn("Sprint 3", self.t.ok("sprint", "list", "acme").out)

    def test_sprint_report_per_developer_and_project(self):
        self.acme()
        self.t.ok("sprint", "add", "acme", "S1", "--from", "2026-11-02", "--to", "2026-11-15")
        self.t.ok("add", "acme/api", "2026-11-02", "1h30m")
        self.t.ok("add", "acme", "2026-11-03", "1h", "--non-billable")
        self.t.ok("add", "acme/api", "2026-11-20", "5h")   # after the sprint
        con = sqlite3.connect(self.t.db)
        con.execute("INSERT INTO users(login, created_utc) VALUES ('bob', 0)")
        con.execute("UPDATE entries SET user_id = (SELECT id FROM users WHERE login = 'bob') WHERE id = 2")
        con.commit()
        con.close()
        me = self.entries()[0]["user"]
        doc = self.t.json("sprint", "report", "acme", "S1")
        self.assertEqual(doc["sprint"], {"name": "S1", "from": "2026-11-02", "to": "2026-11-15"})
        users = {u["user"]: (u["seconds"], u["billed_seconds"]) for u in doc["users"]}
        self.assertEqual(users, {me: (5400, 5400), "bob": (3600, 0)})
        self.assertEqual([(p["project"], p["seconds"]) for p in doc["projects"]], [(None, 3600), ("api", 5400)])
        self.assertEqual((doc["total"]["seconds"], doc["total"]["amount_minor"]), (9000, 22500))
        out = self.t.ok("sprint", "report", "acme", "S1").out
        self.assertIn("bob", out)
        self.assertIn("1:30", out)
        self.assertFails("sprint", "report", "acme", contains="no current sprint")


class PushTest(Base):
    def setUp(self):
        super().setUp()
        self.acme()
        self.t.ok("add", "acme/api", "2026-11-02", "2h")
        self.t.ok("add", "acme/api", "2026-11-03", "1h30m", "-s", "after-hours")
        self.t.ok("add", "acme", "2026-11-04", "45m")

    def test_push_exactly_once_and_locks(self):
        before = self.preview()
        r = self.push()
        self.assertEqual(r.rc, 0, r)
        self.assertIn("TOCK-000001", r.out)
        self.assertExactlyOnce()
        zi = self.state()["invoices"][0]
        body = zi["request_body"]
        self.assertEqual(body["customer_id"], ACME_ID)
        self.assertEqual(body["reference_number"], before["reference"])
        self.assertLessEqual(len(body["reference_number"]), 50)
        self.assertEqual(body["date"], "2026-12-02")
        self.assertNotIn("payment_terms", body, "the contact's own terms apply unless set")
        self.assertEqual(zi["payment_terms"], 30)
        self.assertEqual(body["invoice_number"], "TOCK-000001")
        self.assertEqual([(li["name"], li["rate"], li["quantity"], li["unit"]) for li in body["line_items"]],
                         [("(no project) (standard)", 150.0, 0.75, "hrs"), ("api (standard)", 150.0, 2.0, "hrs"),
                          ("api (after-hours)", 225.0, 1.5, "hrs")])
        self.assertEqual(round(zi["total"] * 100), before["total_minor"])
        inv = self.invoices()[0]
        self.assertEqual((inv["state"], inv["zoho_number"], inv["zoho_total_minor"], inv["entries"]),
                         ("sent", "TOCK-000001", before["total_minor"], 3))
        self.assertEqual(self.preview()["lines"], [])
        self.assertFails("edit", "1", "-m", "changed", contains="invoice 1")
        self.assertFails("rm", "2", contains="locked")
        r = self.push()
        self.assertEqual(r.rc, 1)
        self.assertIn("nothing to invoice", r.err)
        self.assertEqual(self.state()["invoices_created"], 1)

    def test_push_off_terminal_needs_yes(self):
        r = self.t.run("invoice", "push", "acme", "--period", "2026-11", input="")
        self.assertEqual(r.rc, 2, r)
        self.assertIn("--yes", r.err)
        self.assertEqual(self.invoices(), [])
        self.assertEqual(self.state()["requests"], [])

    def test_push_asks_on_the_terminal(self):
        out, rc = self.on_tty(["invoice", "push", "acme", "--period", "2026-11"], "n\n")
        self.assertIn("Acme GmbH", out)
        self.assertIn("750.00 EUR, 3 lines", out)
        self.assertEqual(rc, 1)
        self.assertEqual(self.state()["invoices_created"], 0)
        out, rc = self.on_tty(["invoice", "push", "acme", "--period", "2026-11"], "y\n")
        self.assertEqual(rc, 0, out)
        self.assertExactlyOnce()

    def on_tty(self, args, answer):
        """Runs tock with a pseudo-terminal as its controlling terminal, stdin and stdout."""
        master, slave = os.openpty()
        # A session leader that opens the terminal makes it its controlling one; it outlives
        # tock so that the terminal is not hung up (and its output lost) when tock exits.
        child = ("import os, subprocess, sys, time\n"
                 "fd = os.open(sys.argv[1], os.O_RDWR)\n"
                 "[os.dup2(fd, i) for i in (0, 1, 2)]\n"
                 "rc = subprocess.call(sys.argv[2:])\n"
                 "time.sleep(0.3)\n"
                 "sys.exit(rc)\n")
        proc = subprocess.Popen([sys.executable, "-c", child, os.ttyname(slave), BIN, *args],
                                env=self.t.env, start_new_session=True, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # The slave stays open here too: until the child has opened it, reading the master
        # would fail.
        out, answered, deadline = b"", False, time.monotonic() + 20
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            out += os.read(master, 4096)
            if not answered and b"[y/N]" in out:
                os.write(master, answer.encode())
                answered = True
        os.close(master)
        os.close(slave)
        return out.decode(errors="replace"), proc.wait(timeout=20)

    # ---- faults ----
    def assertPending(self, r, n=1):
        self.assertEqual(r.rc, 1, r)
        self.assertIn(f"tock invoice retry {n}", r.err)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r)
        pending = self.invoices("--pending")
        self.assertEqual([i["id"] for i in pending], [n])
        self.assertTrue(pending[0]["last_error"])
        self.assertEqual(self.preview()["lines"], [], "entries of a pending attempt were offered again")
        self.assertFails("edit", "1", "-m", "x", contains="pending invoice")
        self.assertFalse(any(e["invoiced"] for e in self.entries()))

    def retry_ok(self, *args):
        r = self.t.run("invoice", "retry", *args)
        self.assertEqual(r.rc, 0, r)
        self.assertExactlyOnce()
        self.assertEqual(self.invoices("--pending"), [])
        return r

    def test_500_lookup_exhausted_stays_pending_then_retry(self):
        self.control(faults=[{"path": "/invoices", "method": "GET", "kind": "status", "status": 500,
                              "count": 2}])
        r = self.push()
        self.assertPending(r)
        self.assertIn("HTTP 500", r.err)
        self.assertEqual(self.posts(), [])
        self.assertEqual(self.invoices("--pending")[0]["attempts"], 1)
        self.retry_ok()

    def test_500_on_create_that_went_through_is_found_by_reference(self):
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "status", "status": 500,
                              "process": True}])
        self.assertPending(self.push())
        self.assertEqual(self.state()["invoices_created"], 1)
        r = self.retry_ok("1")
        self.assertIn("already in Zoho", r.out)
        self.assertEqual(len(self.posts()), 1)

    def test_429_with_retry_after_is_waited_for(self):
        self.zoho_config(max_backoff="3")
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "status", "status": 429,
                              "retry_after": 1}])
        t0 = time.monotonic()
        r = self.push()
        self.assertEqual(r.rc, 0, r)
        self.assertGreaterEqual(time.monotonic() - t0, 1.0)
        self.assertEqual([p["status"] for p in self.posts()], [429, 201])
        self.assertExactlyOnce()

    def test_hang_times_out_then_retry(self):
        self.zoho_config(timeout="1")
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "hang", "seconds": 3}])
        t0 = time.monotonic()
        r = self.push()
        self.assertLess(time.monotonic() - t0, 3)
        self.assertPending(r)
        self.retry_ok()

    def test_drop_after_create_then_retry_finds_it(self):
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "drop", "process": True}])
        r = self.push()
        self.assertPending(r)
        self.assertEqual(self.state()["invoices_created"], 1)
        r = self.retry_ok()
        self.assertIn("already in Zoho as TOCK-000001", r.out)
        self.assertEqual(len(self.posts()), 1, "a second create was sent")

    def test_400_is_a_dead_letter_then_requeue_or_discard(self):
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "status", "status": 400}])
        r = self.push()
        self.assertEqual(r.rc, 1, r)
        self.assertIn("kept as failed", r.err)
        failed = self.invoices("--failed")
        self.assertEqual([i["id"] for i in failed], [1])
        self.assertIn("HTTP 400", failed[0]["last_error"])
        self.assertEqual(json.loads(failed[0]["zoho_reply"])["code"], 2)
        self.assertTrue(failed[0]["failed_at"])
        self.assertIn("HTTP 400", self.t.ok("invoice", "list", "--failed").out)
        self.assertEqual(len(self.preview()["entry_ids"]), 3, "entries of a failed attempt stay free")
        self.assertFalse(any(e["invoiced"] for e in self.entries()))
        self.assertFails("invoice", "push", "acme", "--period", "2026-11", "--yes", input="",
                         contains="tock invoice discard 1")
        # Re-queued by retry ID, it goes through.
        self.retry_ok("1")
        self.assertEqual(self.invoices()[0]["state"], "sent")

    def test_400_then_discard_frees_the_entries(self):
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "status", "status": 400}])
        self.assertEqual(self.push().rc, 1)
        r = self.t.ok("invoice", "discard", "1")
        self.assertIn("discarded", r.out)
        self.assertEqual(self.invoices("--failed"), [])
        self.assertFails("invoice", "discard", "1", contains="already discarded")
        self.t.ok("edit", "1", "-m", "free again")
        self.assertEqual(self.push().rc, 0)
        self.assertExactlyOnce()
        self.assertFails("invoice", "discard", "1", contains="in Zoho")

    def test_discard_pending_asks_zoho_and_adopts_what_it_has(self):
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "drop", "process": True}])
        self.assertEqual(self.push().rc, 1)
        r = self.t.ok("invoice", "discard", "1")
        self.assertIn("adopted", r.out)
        self.assertEqual(self.preview()["lines"], [])
        self.assertExactlyOnce()

    def test_retry_without_pending(self):
        self.assertEqual(self.t.ok("invoice", "retry").out, "no pending invoices\n")
        self.assertFails("invoice", "retry", "7", contains="no invoice 7")

    # ---- configuration and customers ----
    def test_bad_credentials_name_the_setting(self):
        r = self.push(env={"TOCK_ZOHO_CLIENT_SECRET": "wrong-secret-123"})
        self.assertEqual(r.rc, 1, r)
        self.assertIn("zoho.client_secret", r.err)
        self.assertIn("TOCK_ZOHO_CLIENT_SECRET", r.err)
        self.assertEqual(self.invoices(), [], "an attempt was recorded with bad credentials")
        self.zoho_config(client_id="1000.WRONG")
        r = self.push()
        self.assertIn("zoho.client_id", r.err)
        self.zoho_config(refresh_token=None)
        self.assertIn("zoho.refresh_token is not set", self.push().err)
        self.assertEqual(self.state()["invoices_created"], 0)

    def test_no_zoho_config_at_all_says_so(self):
        # Nothing about Zoho configured: one line that says Zoho is not set up and where, not a
        # hunt through settings one at a time; nothing recorded, nothing sent.
        os.unlink(self.t.config(""))
        r = self.push()
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r)
        self.assertIn("Zoho is not set up", r.err)
        self.assertIn("config.ini", r.err)
        self.assertEqual(self.invoices(), [])
        self.assertEqual(self.state()["requests"], [])

    def test_wrong_organization_stays_pending_until_fixed(self):
        self.t.ok("client", "set", "acme", "--zoho-customer-id", ACME_ID)
        self.zoho_config(organization_id="60099999999")
        r = self.t.run("zoho", "check")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("zoho.organization_id 60099999999 is not one", r.err)
        self.assertIn(fake_zoho.ORG_ID, r.out)
        # The organization is read before anything is recorded: one line, no attempt.
        r = self.assertFails("invoice", "push", "acme", "--period", "2026-11", "--yes", input="",
                             contains="zoho.organization_id")
        self.assertEqual(self.invoices(), [])
        self.zoho_config()
        self.assertEqual(self.push().rc, 0)
        self.assertExactlyOnce()

    def test_customer_lookup_needs_exactly_one_contact(self):
        self.control(contacts=[{"contact_id": "460000000026099", "contact_name": "Acme GmbH",
                                "company_name": "Acme Two", "email": "two@acme.example",
                                "currency_code": "EUR"}])
        r = self.push()
        self.assertEqual(r.rc, 1)
        for text in (ACME_ID, "460000000026099", "tock client set acme --zoho-customer-id"):
            self.assertIn(text, r.err)
        self.assertEqual(self.invoices(), [])
        self.t.ok("client", "set", "acme", "--zoho-customer-id", "460000000026099")
        self.assertEqual(self.push().rc, 0)
        self.assertEqual(self.state()["invoices"][0]["customer_id"], "460000000026099")
        self.t.ok("client", "add", "ghost", "--name", "Nobody Inc", "--rate", "100")
        self.t.ok("add", "ghost", "2026-11-02", "1h")
        self.assertIn("no Zoho contact is named 'Nobody Inc'", self.push(client="ghost").err)
        self.t.ok("client", "add", "globex", "--name", "Globex Corporation", "--rate", "100")
        self.t.ok("add", "globex", "2026-11-02", "1h")
        self.assertIn("bills in USD", self.push(client="globex").err)

    def test_config_readable_by_others_is_refused(self):
        self.zoho_config(mode=0o644)
        r = self.t.run("invoice", "push", "acme", "--period", "2026-11", "--yes", input="")
        self.assertEqual(r.rc, 1)
        self.assertIn("chmod 600", r.err)
        self.assertEqual(self.state()["requests"], [])

    def test_zoho_check(self):
        r = self.t.ok("zoho", "check")
        for text in ("zoho.organization_id", fake_zoho.ORG_ID, "Tock Test Org", "from the config file",
                     "zoho-token.json", "ok:"):
            self.assertIn(text, r.out)

    def test_secrets_never_leak(self):
        secret_file = os.path.join(self.t.dir, "refresh")
        with open(secret_file, "w") as f:
            f.write(fake_zoho.REFRESH_TOKEN + "\n")
        self.zoho_config(refresh_token=None, refresh_token_command=f"cat {secret_file}")
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "status", "status": 400},
                             {"path": "/invoices", "method": "GET", "kind": "status", "status": 401}])
        runs = [self.t.run("invoice", "push", "acme", "--period", "2026-11", "--yes",
                           env={"TOCK_ZOHO_CLIENT_SECRET": "wrong-secret-456"}, input=""),
                self.t.run("invoice", "push", "acme", "--period", "2026-11", "--yes", "--verbose", input=""),
                self.t.run("invoice", "list", "--json"),
                self.t.run("invoice", "retry", "1", "--verbose"),
                self.t.run("zoho", "check", "--verbose")]
        self.assertIn("zoho.client_secret", runs[0].err)
        self.assertIn("zoho> POST", runs[1].err)
        self.assertIn("[REDACTED]", runs[1].err)
        self.assertIn("refresh_token_command", runs[4].out)
        tokens = self.state()["access_tokens"]
        self.assertTrue(tokens)
        leaks = SECRETS + tuple(tokens) + ("wrong-secret-456",)
        for r in runs:
            for s in leaks:
                self.assertNotIn(s, r.out + r.err)
        for path in glob.glob(self.t.db + "*"):
            with open(path, "rb") as f:
                data = f.read()
            for s in leaks:
                self.assertNotIn(s.encode(), data, path)
        self.assertExactlyOnce()


if __name__ == "__main__":
    unittest.main()
