"""tock's retainer invoices against the reference model (tests/retainer_model.py) on random
retainers: monthly, quarterly and weekly periods, a first and a last period in force only
partly (prorated or whole), rollover with and without a cap, living one period or more,
used oldest first or the period's own first, tiers that draw more than an hour
per hour, projects outside the retainer and work on days no retainer is in force. For each
client, the invoice of all its periods is compared with the model: the total, each period's fee,
prepaid and rolled-over hours, and each entry's share in `log --json`. Fixed seed;
TOCK_MODEL_WORLDS=N runs more (make stress)."""
import copy
import dataclasses
import json
import os
import random
import unittest
from datetime import date, timedelta

import money_model as mm
import retainer_model as rm
from test_money_model import TZ, ZONE, World, amount_text, dur
from tockenv import Tock

WORLDS = int(os.environ.get("TOCK_MODEL_WORLDS", "10"))
SEED = int(os.environ.get("TOCK_MODEL_SEED", "1"))
CLIENTS, ENTRIES = 3, 14
KINDS = ["month", "month", "month", "quarter", "week"]


class RetainerWorld(World):
    """A World whose days fall in a window around each client's retainer."""

    def __init__(self, rng, index):
        super().__init__(rng, index)
        self.week_start = rng.choice([0, 6])
        self.window = (date(2024, 1, 1), date(2024, 12, 31))
        self.retainers = {}   # client key → rm.Retainer

    def config(self):
        day = "monday" if self.week_start == 0 else "sunday"
        return f"[general]\nweek_start = {day}\n" + super().config()

    def pick_day(self):
        lo, hi = self.window
        return lo + timedelta(days=self.rng.randrange((hi - lo).days + 1))

    def make_retainer(self, t, client):
        rng = self.rng
        key, _, exp = client[0], client[1], client[2]
        kind = rng.choice(KINDS)
        start = date(2024, rng.randint(1, 9), rng.choice([1, 1, 2, 15, 29]))
        r = rm.Retainer(prepaid=rng.choice([3600, 36000, 27000, 5 * 3600 + 20 * 60, 1800]),
                        fee=rng.choice([100000, 12345, 99999, 1]), overage=rng.choice([15000, 9999, 1, 0]),
                        start=start, period=kind, rollover=rng.random() < 0.6,
                        whole=rng.random() < 0.3, week_start=self.week_start)
        if r.rollover and rng.random() < 0.6:
            r.cap = rng.choice([0, 900, 1800, 3600, 7200])
        if r.rollover:   # drawn apart, so that the worlds are those made before these options
            opt = random.Random(f"{SEED} {key}")
            r.expiry = opt.choice([1, 2, 3])
            r.current_first = opt.random() < 0.5
            if r.current_first:   # a cap often hides which hours were used first (the
                r.cap = None      # cap with either order: tests/test_rollover.py)
        args = ["retainer", "set", key, "--hours", dur(r.prepaid), "--fee", amount_text(r.fee, exp),
                "--overage-rate", amount_text(r.overage, exp), "--period", kind,
                "--from", start.isoformat(), "--rollover", "unused" if r.rollover else "none"]
        if r.cap is not None:
            args += ["--rollover-cap", dur(r.cap)]
        if r.expiry != 1:
            args += ["--rollover-expires", str(r.expiry)]
        if r.current_first:
            args += ["--rollover-order", "current"]
        if r.whole:
            args += ["--partial", "whole"]
        t.ok(*args)
        first, _ = rm.period_of(r, start)
        span = {"week": 7, "month": 31, "quarter": 92}[kind] * rng.randint(2, 4)
        if rng.random() < 0.4:
            r.end = start + timedelta(days=rng.randint(1, span))
            t.ok("retainer", "end", key, "--from", (r.end + timedelta(days=1)).isoformat())
        self.window = (first - timedelta(days=10), start + timedelta(days=span))
        self.retainers[key] = r

    def outside(self, t, client):
        """Sometimes one project of the client's bills hourly beside the retainer."""
        key, projects = client[0], client[4]
        named = [p for p in projects if p]
        if named and self.rng.random() < 0.5:
            t.ok("project", "set", f"{key}/{named[0]}", "--outside-retainer")
            return {named[0]}
        return set()


class RetainerModelTest(unittest.TestCase):
    """Built once: the worlds, tock's invoices and logs of them, and the model's."""

    @classmethod
    def setUpClass(cls):
        rng = random.Random(SEED)
        cls.cases = []   # (world, client key, tock's preview, tock's log by note, model dict)
        cls.toks = []
        for w in range(WORLDS):
            world = RetainerWorld(rng, w)
            t = Tock(now="2026-11-23T09:00:00", tz=TZ)
            cls.toks.append(t)
            t.config(world.config())
            outside = {}
            for c in range(CLIENTS):
                world.make_client(t, c)
                client = world.clients[-1]
                if rng.random() < 0.85:
                    world.make_retainer(t, client)
                else:
                    world.window = (date(2024, 1, 1), date(2024, 12, 31))
                outside[client[0]] = world.outside(t, client)
                for n in range(ENTRIES):
                    world.make_entry(f"{c}-{n}", client)
            path = os.path.join(t.dir, "entries.json")
            with open(path, "w") as f:
                json.dump(world.import_rows(), f)
            t.ok("import", "tock", path)
            logged = {e["note"]: e for e in t.json("log", "--from", "2023-01-01", "--to", "2026-01-01")}
            for client in world.clients:
                cls.cases.append(cls.model(t, world, client, logged, outside[client[0]]))

    @classmethod
    def model(cls, t, world, client, logged, outside):
        key, rules = client[0], client[3]
        r = world.retainers.get(key)
        items = []
        for note, k, e in world.entries:
            if k != key or note not in logged:
                continue
            day = e.start.astimezone(ZONE).date() if e.start else e.day
            bill = mm.bill(e, rules, ZONE)
            under = (r is not None and e.billable and r.start <= day <= r.end
                     and e.project not in outside)
            start = int(e.start.timestamp()) if e.start else 0
            items.append(rm.Item(note, day, start, logged[note]["id"], bill, under))
        if not items:
            return (world, key, None, logged, None)
        days = [it.day for it in items] + ([r.start] if r else [])
        if r:
            first, _ = rm.period_of(r, min(days))
            _, last = rm.period_of(r, max(days))
        else:
            first, last = min(days), max(days)
        total, periods = rm.invoice(r, items, world.multipliers, first, last)
        preview = t.json("invoice", "preview", key, "--from", first.isoformat(),
                         "--to", last.isoformat())
        return (world, key, preview, logged, {"total": total, "periods": periods, "items": items,
                                              "retainer": r, "range": (first, last)})

    @classmethod
    def tearDownClass(cls):
        for t in cls.toks:
            t.cleanup()

    def describe(self, world, key, want):
        r = want["retainer"]
        lines = [f"\nconfig:\n{world.config()}client {key}: retainer {r}", f"range {want['range']}"]
        for p in want["periods"]:
            lines.append(f"  period {p}")
        for it in sorted(want["items"], key=lambda it: (it.day, it.start, it.id)):
            lines.append(f"  entry {it.id} {it.day} under={it.under} billed={it.bill.billed} "
                         f"parts={[(p.tier, p.billed) for p in it.bill.parts]} share={it.share}")
        return "\n".join(lines)

    def test_cases_cover_the_rules(self):
        """The random retainers reach what they are meant to: not a vacuous comparison."""
        wants = [w for *_, w in self.cases if w and w["retainer"]]
        self.assertGreaterEqual(len(wants), WORLDS * 2)
        periods = [p for w in wants for p in w["periods"]]
        self.assertTrue(any(p.rollover > 0 for p in periods), "no rollover")
        self.assertTrue(any(w["retainer"].cap is not None and p.rollover == w["retainer"].cap > 0
                            for w in wants for p in w["periods"]), "no capped rollover")
        self.assertTrue(any(p.base not in (0, w["retainer"].prepaid)
                            for w in wants for p in w["periods"]), "no prorated period")
        items = [it for w in wants for it in w["items"]]
        self.assertTrue(any(it.under and it.share > 0 for it in items), "no overage")
        self.assertTrue(any(it.under and it.share == 0 and it.bill.billed for it in items),
                        "nothing included")
        self.assertTrue(any(it.under and 0 < sum(it.included) < it.bill.billed // 36 for it in items),
                        "no entry split between included and overage")
        self.assertTrue(any(not it.under and it.bill.amount for it in items), "no hourly work")
        self.assertEqual({w["retainer"].period for w in wants}, {"month", "quarter", "week"})

    def test_cases_cover_expiry_and_order(self):
        """Some period's rolled-over hours differ from what the next-period-only, oldest-first
        rule would give: --rollover-expires and --rollover-order are compared, not only set."""
        changed = {"expiry": False, "order": False}
        for world, _, _, _, want in self.cases:
            r = want and want["retainer"]
            if not r or not r.rollover or (r.expiry == 1 and not r.current_first):
                continue
            def rolled(ret):
                items = copy.deepcopy(want["items"])   # periods() sets the items' shares
                return [p.rollover for p in rm.periods(ret, want["range"][1], items,
                                                       world.multipliers)]
            mine = rolled(r)
            for what, plain in (("expiry", dataclasses.replace(r, expiry=1)),
                                ("order", dataclasses.replace(r, current_first=False))):
                changed[what] = changed[what] or rolled(plain) != mine
        self.assertEqual(changed, {"expiry": True, "order": True})

    def test_invoice_total_matches_the_model(self):
        for world, key, preview, _, want in self.cases:
            if want is None:
                continue
            self.assertEqual(preview["total_minor"], want["total"], self.describe(world, key, want))

    def test_periods_match_the_model(self):
        for world, key, preview, _, want in self.cases:
            if want is None or not want["retainer"]:
                continue
            mine = [(p.first.isoformat(), p.last.isoformat(), p.prepaid_centi * 36, p.rollover, p.fee)
                    for p in want["periods"]]
            theirs = [(p["period_start"], p["period_end"], p["prepaid_seconds"],
                       p["rollover_seconds"], p["fee_minor"])
                      for p in preview.get("retainer_periods", [])]
            self.assertEqual(theirs, mine, self.describe(world, key, want))

    def test_each_entrys_share_matches_the_model(self):
        for world, key, _, logged, want in self.cases:
            if want is None:
                continue
            for it in want["items"]:
                self.assertEqual(logged[it.key]["amount_minor"], it.share,
                                 f"entry {it.id}" + self.describe(world, key, want))


if __name__ == "__main__":
    unittest.main()
