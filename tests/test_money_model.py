"""tock's billing against the reference model (tests/money_model.py) on random clients, rules and
entries: per entry its billed time, its tier parts and their rates, and its money. Fixed seed;
TOCK_MODEL_WORLDS=N runs more (make stress). Each world is one database with its own business
hours, holidays, tiers and rounding; its clients have their own rounding, currency and rates;
its entries come in through one `tock import`."""
import json
import os
import random
import unittest
from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import money_model as mm
from tockenv import Tock

TZ = "Europe/Berlin"
ZONE = ZoneInfo(TZ)
WORLDS = int(os.environ.get("TOCK_MODEL_WORLDS", "6"))
SEED = int(os.environ.get("TOCK_MODEL_SEED", "23"))
CLIENTS, ENTRIES = 5, 11         # per world: 6 worlds × 5 clients × 11 entries = 330 entries

# Business hours as tock reads them, and as the model holds them (weekday → spans in seconds).
H = lambda hh, mm_=0: hh * 3600 + mm_ * 60
HOURS = [
    ("", None),
    ("Mon-Fri 09:00-18:00", {d: [(H(9), H(18))] for d in range(5)}),
    ("Mon-Fri 09:00-12:00 13:00-17:30", {d: [(H(9), H(12)), (H(13), H(17, 30))] for d in range(5)}),
    ("Mon-Thu 08:00-17:00, Fri 08:00-13:00",
     {**{d: [(H(8), H(17))] for d in range(4)}, 4: [(H(8), H(13))]}),
    ("Sat-Sun 10:00-14:00, Mon-Fri 07:30-19:15 20:00-24:00",
     {**{d: [(H(7, 30), H(19, 15)), (H(20), H(24))] for d in range(5)}, 5: [(H(10), H(14))],
      6: [(H(10), H(14))]}),
]
# Days that matter: leap days, DST changes in Berlin, a year's end.
SPECIAL_DAYS = [date(2024, 2, 29), date(2000, 2, 29), date(2024, 3, 31), date(2024, 10, 27),
                date(2024, 12, 31), date(2025, 1, 1), date(2024, 2, 28), date(2024, 3, 1)]
CURRENCIES = [("EUR", 2), ("JPY", 0), ("KWD", 3), ("CHF", 2), ("XPF", 0), ("BHD", 3)]
MODES = ["up", "nearest", "down", "none"]
INCREMENTS = [0, 60, 360, 900, 1800, 3600, 7]
EXTRA_TIERS = {"night": Fraction(5, 4), "weekend": Fraction(1333, 1000), "rush": Fraction(3)}


def dur(seconds):
    return f"{seconds}s"


def amount_text(minor, exp):
    s = str(minor).rjust(exp + 1, "0")
    return s if exp == 0 else f"{s[:-exp]}.{s[-exp:]}"


class World:
    """Random rules and entries for one database, built in tock and in the model alike."""

    def __init__(self, rng, index):
        self.rng, self.index = rng, index
        self.hours_spec, hours = rng.choice(HOURS)
        self.holidays = set(rng.sample(SPECIAL_DAYS, rng.randint(0, 2))) if hours else set()
        self.tiers = dict(rng.sample(sorted(EXTRA_TIERS.items()), rng.randint(0, 2)))
        self.multipliers = {"standard": Fraction(1), "after-hours": Fraction(3, 2),
                            "emergency": Fraction(2), **self.tiers}
        self.default_rounding = (rng.choice(INCREMENTS), rng.choice(MODES), rng.choice([0, 0, 600, 1200]))
        self.hours = hours
        self.clients = []   # (key, currency, exponent, mm.Rules, projects)
        self.entries = []   # (note, client key, mm.Entry)
        self.busy = []      # (start, end) of range entries: one user's never overlap

    def config(self):
        inc, mode, minimum = self.default_rounding
        text = f"[billing]\nround = {dur(inc)}\nround_mode = {mode}\nminimum = {dur(minimum)}\n"
        if self.hours_spec:
            text += f"business_hours = {self.hours_spec}\n"
        if self.holidays:
            text += "holidays = " + ", ".join(d.isoformat() for d in sorted(self.holidays)) + "\n"
        if self.tiers:
            text += "[tiers]\n" + "".join(f"{k} = {float(v):g}\n" for k, v in self.tiers.items())
        return text

    def pick_day(self):
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(SPECIAL_DAYS)
        return date(2024, 1, 1) + timedelta(days=rng.randrange(366))

    def make_client(self, t, c):
        rng = self.rng
        key = f"w{self.index}c{c}"
        cur, exp = rng.choice(CURRENCIES)
        inc, mode, minimum = self.default_rounding
        args = ["client", "add", key, "--currency", cur]
        rules = mm.Rules(hours=self.hours, holidays=self.holidays, multipliers=self.multipliers)
        if rng.random() < 0.85:
            minor = rng.choice([rng.randrange(1, 50000), 15000, 10050, 1, 333])
            args += ["--rate", amount_text(minor, exp)]
            rules.rates.append(mm.Rate(None, "standard", minor, None))
        t.ok(*args)
        if rng.random() < 0.6:
            inc, mode, minimum = rng.choice(INCREMENTS), rng.choice(MODES), rng.choice([0, 300, 2400, 5400])
            t.ok("client", "set", key, "--round", dur(inc), "--round-mode", mode, "--minimum", dur(minimum))
        rules.increment, rules.mode, rules.minimum = inc, mode, minimum
        projects = [None]
        for p in range(rng.randint(0, 2)):
            name = f"p{p}"
            t.ok("project", "add", f"{key}/{name}")
            projects.append(name)
        # Rates from a day on (entries land on that day and the day before), for the client or
        # a project, of any tier.
        used = set()
        for _ in range(rng.randint(0, 4)):
            project = rng.choice(projects)
            tier = rng.choice(["standard", "standard", "after-hours", "emergency", *self.tiers])
            start = self.pick_day()
            if (project, tier, start) in used:
                continue
            used.add((project, tier, start))
            minor = rng.randrange(0, 90000)
            target = f"{key}/{project}" if project else key
            t.ok("rate", "set", target, tier, amount_text(minor, exp), "--from", start.isoformat())
            rules.rates.append(mm.Rate(project, tier, minor, start))
        self.clients.append((key, cur, exp, rules, projects))

    def boundary_time(self, day):
        """A local time on day: often a business-hours boundary, ±0–1 minute, else any minute."""
        rng = self.rng
        spans = (self.hours or {}).get(day.weekday(), [])
        if spans and rng.random() < 0.6:
            sec = rng.choice([s for span in spans for s in span]) + rng.choice([0, 0, -60, 60])
        else:
            sec = rng.randrange(0, 24 * 60) * 60
        sec = max(0, min(sec, 86400 - 60))
        return datetime(day.year, day.month, day.day, tzinfo=ZONE) + timedelta(seconds=sec)

    def local(self, naive_start, seconds):
        """An aware start and end from a wall-clock start; None on a DST gap or overlap."""
        start = naive_start.replace(tzinfo=None)
        aware = start.replace(tzinfo=ZONE)
        back = aware.astimezone(ZoneInfo("UTC")).astimezone(ZONE).replace(tzinfo=None)
        if back != start or aware.replace(fold=1).utcoffset() != aware.utcoffset():
            return None
        s = aware.astimezone(ZoneInfo("UTC"))
        return s, s + timedelta(seconds=seconds)

    def make_entry(self, n, client):
        rng = self.rng
        key, cur, exp, rules, projects = client
        day = self.pick_day()
        tier = rng.choice([None, None, None, "standard", "after-hours", "emergency", *self.tiers])
        project = rng.choice(projects)
        billable = rng.random() > 0.1
        inc = rules.increment or 900
        if rng.random() < 0.5:
            # A duration, often near a rounding step, its half, or the minimum.
            base = rng.choice([inc * rng.randint(0, 6), rules.minimum, rng.randrange(1, 6 * 3600)])
            seconds = max(1, base + rng.choice([0, 0, 1, -1, inc // 2, inc // 2 - 1, 18, 17]))
            e = mm.Entry(day, seconds=seconds, tier=tier, project=project, billable=billable)
        else:
            for _ in range(20):
                length = rng.choice([rng.randrange(1, 14 * 60) * 60, rng.randrange(60, 7200),
                                     inc * rng.randint(1, 8) + rng.choice([0, 1, -1, inc // 2])])
                at = self.boundary_time(day)
                if rng.random() < 0.5:   # the boundary is where it ends
                    at -= timedelta(seconds=length)
                r = self.local(at, max(1, length))
                if r and not any(r[0] < b and a < r[1] for a, b in self.busy):
                    break
            else:
                return
            self.busy.append(r)
            e = mm.Entry(day, start=r[0], end=r[1], tier=tier, project=project, billable=billable)
        self.entries.append((f"m{self.index}-{n}", key, e))

    def make_close_entry(self, n, client):
        """One range from before opening to close of business on a working day (the planted
        bug of issue 23: the tier of the end instant is not the tier of the last second)."""
        key, _, _, _, projects = client
        for day in (date(2024, 11, 4) + timedelta(days=i) for i in range(7)):
            spans = (self.hours or {}).get(day.weekday())
            midnight = datetime(day.year, day.month, day.day, tzinfo=ZONE)
            if spans and not any(a < midnight + timedelta(days=1) and midnight < b
                                 for a, b in self.busy):
                start = midnight + timedelta(seconds=spans[0][0] - 7 * 60)
                end = midnight + timedelta(seconds=spans[-1][1])
                self.busy.append((start, end))
                self.entries.append((f"m{self.index}-{n}", key, mm.Entry(
                    day, start=start.astimezone(ZoneInfo("UTC")), end=end.astimezone(ZoneInfo("UTC")),
                    project=projects[-1])))
                return

    def import_rows(self):
        rows = []
        for note, key, e in self.entries:
            row = {"client": key, "project": e.project, "note": note, "billable": e.billable,
                   "tier": e.tier}
            if e.start is None:
                row.update(date=e.day.isoformat(), seconds=e.seconds)
            else:
                row.update(start=mm.utc(e.start), end=mm.utc(e.end))
            rows.append(row)
        return rows


class ModelTest(unittest.TestCase):
    """Built once for the class: the worlds, tock's log of them, and the model's bills."""

    @classmethod
    def setUpClass(cls):
        rng = random.Random(SEED)
        cls.cases = []   # (world, note, client, entry, tock's entry, model's bill)
        cls.toks = []
        for w in range(WORLDS):
            world = World(rng, w)
            t = Tock(now="2026-11-23T09:00:00", tz=TZ)
            cls.toks.append(t)
            t.config(world.config())
            for c in range(CLIENTS):
                world.make_client(t, c)
            for n in range(ENTRIES * CLIENTS):
                world.make_entry(n, rng.choice(world.clients))
            world.make_close_entry(ENTRIES * CLIENTS, world.clients[0])
            path = os.path.join(t.dir, "entries.json")
            with open(path, "w") as f:
                json.dump(world.import_rows(), f)
            t.ok("import", "tock", path)
            logged = {e["note"]: e for e in t.json("log", "--from", "1999-12-31", "--to", "2025-01-02")}
            rules = {c[0]: c[3] for c in world.clients}
            for note, key, e in world.entries:
                cls.cases.append((world, note, key, e, logged.get(note), mm.bill(e, rules[key], ZONE)))

    @classmethod
    def tearDownClass(cls):
        for t in cls.toks:
            t.cleanup()

    def describe(self, world, key, e, got, want):
        rules = dict(world.clients and {c[0]: c[3] for c in world.clients})[key]
        return (f"\nconfig:\n{world.config()}client {key}: round {rules.increment}s {rules.mode}, "
                f"minimum {rules.minimum}s, rates {rules.rates}\nentry {e}\n"
                f"tock:  {json.dumps(got)}\nmodel: {want}")

    def test_cases_cover_the_rules(self):
        """The random cases reach what they are meant to: not a vacuous comparison."""
        bills = [(e, b) for _, _, _, e, _, b in self.cases]
        self.assertGreaterEqual(len(bills), 250)
        self.assertTrue(any(len(b.parts) == 2 for _, b in bills), "no business-hours split")
        self.assertTrue(any(b.billed > b.actual and b.parts and b.parts[-1].tier == "after-hours"
                            and len(b.parts) == 2 for _, b in bills))
        def at_close(w, e):
            end = e.end.astimezone(ZONE)
            sec = end.hour * 3600 + end.minute * 60 + end.second
            return any(sec == span[1] for span in (w.hours or {}).get(end.weekday(), []))
        self.assertTrue(any(e.start and at_close(w, e) and len(b.parts) == 2
                            for w, _, _, e, _, b in self.cases), "no range ending at close")
        self.assertTrue(any(e.day == date(2024, 2, 29) for e, _ in bills))
        self.assertTrue(any(e.day == date(2000, 2, 29) for e, _ in bills))
        self.assertTrue(any(p.rate is None for _, b in bills for p in b.parts))
        rules = {c[0]: c[3] for w, *_ in self.cases for c in w.clients}
        cases = [(rules[key], e, b) for _, _, key, e, _, b in self.cases if e.billable]
        self.assertTrue(any(any(r.start == e.day for r in ru.rates) for ru, e, _ in cases),
                        "no entry on a rate's first day")
        self.assertTrue(any(ru.minimum and b.billed == ru.minimum > mm.rounded(b.actual, mm.Rules(
            ru.increment, ru.mode)) for ru, e, b in cases), "no minimum above the rounded time")
        self.assertTrue(any(ru.mode == "nearest" and ru.increment and
                            2 * (b.actual % ru.increment) == ru.increment for ru, e, b in cases),
                        "no exact half")
        exps = {c[2] for w, *_ in self.cases for c in w.clients}
        self.assertEqual(exps, {0, 2, 3})

    def test_billed_time_parts_and_rates_match_the_model(self):
        for world, note, key, e, got, want in self.cases:
            self.assertIsNotNone(got, f"entry {note} missing from tock's log")
            mine = (want.actual, want.billed,
                    [(p.tier, p.seconds, p.billed, p.rate or 0) for p in want.parts])
            theirs = (got["seconds"], got["billed_seconds"],
                      [(p["tier"], p["seconds"], p["billed_seconds"], p["rate_minor"]) for p in got["parts"]])
            self.assertEqual(theirs, mine, self.describe(world, key, e, got, want))

    def test_money_matches_the_model(self):
        for world, note, key, e, got, want in self.cases:
            mine = (want.amount, [p.amount for p in want.parts])
            theirs = (got["amount_minor"], [p["amount_minor"] for p in got["parts"]])
            self.assertEqual(theirs, mine, self.describe(world, key, e, got, want))


if __name__ == "__main__":
    unittest.main()
