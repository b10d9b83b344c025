"""An independent reference model of what one time entry bills, written from the rules as the
man page states them (BILLING, [billing], [tiers]) and the money rule of issue 12, not from the
C code. Small, slow and obviously right: exact integers and Fractions, business time evaluated
clock minute by clock minute, no shortcuts.

The rules:
- Actual time: end − start for a range, else the duration.
- Tiers: an entry with a tier is one part of that tier. A duration without one is standard. A
  range without one is split by business hours (when set): its business seconds are standard,
  the rest after-hours; the part holding the entry's last second comes last. Parts of 0 seconds
  are left out. A holiday is a day entirely outside business hours.
- Rounding applies to the entry's total: to a multiple of the increment, up / nearest (an
  exact half up) / down, or not at all (none, or no increment); then at least the minimum, for
  any entry with time. The difference goes to the last part (the tier in force when the entry
  ends); a shortfall larger than it is taken from the parts before it.
- Rates: for the entry's first local day, the part's tier, and its project: the project's rate
  for that tier if it has one in force, else the client's; a rate is in force from its first day
  on and the latest start wins. A tier without a rate of its own is the standard rate (found the
  same way) × the tier's multiplier, rounded half up to a minor unit; a tier with no multiplier,
  or no standard rate, has no rate (billed at 0).
- Money (issue 12): the entry's hours in hundredths, q = round_half_up(billed / 36), are divided
  among its parts in proportion to their billed seconds by largest remainder (ties to the
  later part) so the parts add up to q; a
  part's amount is rate × q_part / 100 rounded half away from zero; the entry's is their sum.
- Not billable: the actual time and parts stay, billed time and money are 0.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Optional

STANDARD, AFTER_HOURS = "standard", "after-hours"


def round_half_up(x: Fraction) -> int:
    """Half away from zero, for x ≥ 0 and x < 0 alike."""
    if x < 0:
        return -round_half_up(-x)
    n = x.numerator // x.denominator
    return n + 1 if x - n >= Fraction(1, 2) else n


@dataclass
class Rate:
    project: Optional[str]    # None: the client's
    tier: str
    minor: int
    start: Optional[date]     # None: from the beginning


@dataclass
class Rules:
    increment: int = 0                 # seconds
    mode: str = "up"                   # up | nearest | down | none
    minimum: int = 0                   # seconds
    hours: Optional[dict] = None       # weekday (0 = Monday) → [(start, end) seconds of the day]
    holidays: set = field(default_factory=set)
    multipliers: dict = field(default_factory=dict)   # tier → Fraction; standard is 1
    rates: list = field(default_factory=list)         # [Rate]


@dataclass
class Entry:
    day: date                          # its first local day
    seconds: int = 0                   # a duration's
    start: Optional[datetime] = None   # a range's, aware
    end: Optional[datetime] = None
    tier: Optional[str] = None
    project: Optional[str] = None
    billable: bool = True


@dataclass
class Part:
    tier: str
    seconds: int
    billed: int = 0
    rate: Optional[int] = None         # None: no rate applies
    amount: int = 0


@dataclass
class Bill:
    actual: int
    billed: int
    parts: list
    amount: int


def is_business(instant: datetime, rules: Rules, tz) -> bool:
    if rules.hours is None:
        return True
    local = instant.astimezone(tz)
    if local.date() in rules.holidays:
        return False
    sec = local.hour * 3600 + local.minute * 60 + local.second
    return any(s <= sec < e for s, e in rules.hours.get(local.weekday(), []))


def split(entry: Entry, rules: Rules, tz) -> list:
    """(tier, seconds) parts, the tier of the last second last."""
    if entry.start is None:
        return [(entry.tier or STANDARD, entry.seconds)]
    actual = int((entry.end - entry.start).total_seconds())
    if entry.tier or rules.hours is None:
        return [(entry.tier or STANDARD, actual)]
    inside = 0
    t = entry.start
    while t < entry.end:
        # Business hours and UTC offsets change on whole minutes: one clock minute is all in or
        # all out, so it counts as one piece.
        nxt = min(entry.end, t.replace(second=0, microsecond=0) + timedelta(minutes=1))
        if is_business(t, rules, tz):
            inside += int((nxt - t).total_seconds())
        t = nxt
    outside = actual - inside
    last_inside = is_business(entry.end - timedelta(seconds=1), rules, tz)
    order = [(AFTER_HOURS, outside), (STANDARD, inside)] if last_inside else \
            [(STANDARD, inside), (AFTER_HOURS, outside)]
    return [(tier, s) for tier, s in order if s > 0]


def rounded(actual: int, rules: Rules) -> int:
    if actual <= 0:
        return 0
    billed, inc = actual, rules.increment
    if inc > 0 and rules.mode in ("up", "nearest", "down"):
        below = actual // inc * inc
        rest = actual - below
        if rules.mode == "up":
            billed = below + (inc if rest else 0)
        elif rules.mode == "nearest":
            billed = below + (inc if 2 * rest >= inc else 0)
        else:
            billed = below
    return max(billed, rules.minimum)


def in_force(rules: Rules, project, tier, day):
    best = None
    for i, r in enumerate(rules.rates):
        if r.project == project and r.tier == tier and (r.start is None or r.start <= day):
            key = (r.start or date.min, i)
            if best is None or key > best[0]:
                best = (key, r)
    return best[1] if best else None


def rate_for(rules: Rules, project, tier, day):
    def find(t):
        return (project and in_force(rules, project, t, day)) or in_force(rules, None, t, day)
    own = find(tier)
    if own:
        return own.minor
    mult = rules.multipliers.get(tier)
    std = find(STANDARD) if tier != STANDARD else None
    if mult is None or std is None:
        return None
    return round_half_up(std.minor * mult)


def hundredths(parts: list, billed: int) -> list:
    """The entry's hundredths of an hour divided among its parts by largest remainder."""
    total = round_half_up(Fraction(billed, 36))
    # Each part's share of the entry's hundredths, in proportion to its billed seconds.
    exact = [Fraction(total * p.billed, billed) if billed else Fraction(0) for p in parts]
    q = [int(x) for x in exact]
    left = total - sum(q)
    # Largest remainder first; of equal remainders, the later part first.
    order = sorted(range(len(parts)), key=lambda i: (exact[i] - q[i], i), reverse=True)
    for i in order[:left]:
        q[i] += 1
    return q


def bill(entry: Entry, rules: Rules, tz) -> Bill:
    pieces = split(entry, rules, tz)
    actual = sum(s for _, s in pieces)
    parts = [Part(tier, s) for tier, s in pieces]
    if not entry.billable:
        return Bill(actual, 0, parts, 0)
    billed = rounded(actual, rules)
    for p in parts:
        p.billed = p.seconds
    diff = billed - actual
    if parts and diff >= 0:
        parts[-1].billed += diff
    take = max(0, -diff)
    for p in reversed(parts):
        t = min(take, p.billed)
        p.billed -= t
        take -= t
    # The entry's day is the local day it starts on (a range from 23:59 belongs to that day).
    day = entry.start.astimezone(tz).date() if entry.start else entry.day
    for p in parts:
        p.rate = rate_for(rules, entry.project, p.tier, day)
    for p, q in zip(parts, hundredths(parts, billed)):
        p.amount = round_half_up(Fraction((p.rate or 0) * q, 100))
    return Bill(actual, billed, parts, sum(p.amount for p in parts))


def utc(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def rolled_over(bases: list, used: list, expiry: int = 1, current_first: bool = False,
                cap: Optional[int] = None) -> list:
    """Retainer rollover (issue 12), period by period: the hours each period starts with beyond
    its own base. Unused base hours are kept as buckets by age; a bucket lives `expiry` periods
    after its own. A period uses its rolled-over hours oldest first and then its own (first in,
    first out), or its own first and then the rolled-over ones, oldest first (current_first).
    What it did not use is handed on one period older; the total handed on is at most `cap`,
    the oldest hours dropped first."""
    buckets = []          # [(age in periods, seconds)], oldest first
    out = []
    for base, use in zip(bases, used):
        out.append(sum(s for _, s in buckets))
        own, need = base, use
        if current_first:
            t = min(own, need)
            own, need = own - t, need - t
        left = []
        for age, s in buckets:
            t = min(s, need)
            need -= t
            left.append((age, s - t))
        own -= min(own, need)
        handed = [(age + 1, s) for age, s in left if age + 1 <= expiry] + [(1, own)]
        if cap is not None:
            excess = sum(s for _, s in handed) - cap
            kept = []
            for age, s in handed:     # oldest first
                t = min(s, max(excess, 0))
                excess -= t
                kept.append((age, s - t))
            handed = kept
        buckets = handed
    return out


def line_tax(amount: int, percent_milli: int) -> int:
    """Issue 13: a line's tax, as Zoho computes it per line: its amount × the percentage,
    rounded half away from zero to the minor unit (percentages in thousandths)."""
    return round_half_up(Fraction(amount * percent_milli, 100000))
