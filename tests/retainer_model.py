"""An independent reference model of retainers and of what an invoice of a retainer client
bills, written from the man page (BILLING item 6, `retainer set`, `retainer end`) and not from
the C code, on top of money_model's per-entry bills. Small, slow and obviously right: every
period is walked from the retainer's first, exact integers and Fractions only.

The rules, as tock.1 states them, with the choices the page leaves open marked (choice):
- Periods are calendar months, quarters or weeks (starting on the configured week day). A
  retainer is in force from its first day to the day before `retainer end --from DATE`.
- A period the retainer is in force on only some days has its fee and prepaid hours prorated by
  those days, v × days in force / days rounded half up (choice: half up, like every other
  rounding of money), or whole with `--partial whole`.
- An entry is under the retainer when it is billable, on a day the retainer is in force, and not
  on a project `--outside-retainer`; anything else bills hourly (money_model.bill).
- A part draws its hundredths × its tier's draw multiplier (the tier's rate multiplier; 1 for a
  tier without one), rounded half up (choice). Entries draw first in first out by day, start and
  id (choice: an entry without a start — a duration — before ranges of its day). A part the rest
  cannot cover is split: the hundredths the rest pays for, rounded down, are included; the rest
  of the prepaid hours is then used up (choice, what "the rest pays for" leaves). The other
  hundredths are overage at the overage rate × the tier's multiplier (rounded half up to a minor
  unit), the part's overage money rate × hundredths / 100 rounded half away from zero.
- Rollover (`--rollover unused`): a period's unused base hours roll on and live
  `--rollover-expires N` periods after their own (1 by default: the next period only). A period
  uses its rolled-over hours oldest first and then its own (first in, first out), or with
  `--rollover-order current` its own first and then the rolled-over ones, oldest first; what it
  did not use is handed on one period older, those past N dropped, the total at most
  `--rollover-cap` (the oldest hours dropped first). "Used" is what the period's entries would
  draw uncapped, as whole hundredths × 36 s (choice: the same unit the draw uses). The order
  changes only what rolls on: within a period, prepaid hours are one pool.
- A period's prepaid hundredths are its prepaid seconds / 36 rounded half up; that is what
  the invoice shows as its prepaid hours.
- An invoice of a range made of whole periods bills each period in force on some day of the
  range: its fee once, plus the overage money of its entries; work not under the retainer bills
  hourly on the same invoice. Each entry's own amount (log --json) is its share: 0 for included
  time, its overage money for the rest.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Optional

import money_model as mm

NEVER = date.max


@dataclass
class Retainer:
    prepaid: int                 # seconds per period
    fee: int                     # minor units
    overage: int                 # minor units per hour
    start: date
    end: date = NEVER            # the last day in force
    period: str = "month"        # month | quarter | week
    rollover: bool = False
    cap: Optional[int] = None    # seconds
    expiry: int = 1              # periods rolled-over hours live (--rollover-expires)
    current_first: bool = False  # --rollover-order current
    whole: bool = False
    week_start: int = 0          # 0 = Monday


@dataclass
class Period:
    first: date
    last: date
    base: int = 0                # prorated prepaid seconds
    fee: int = 0
    rollover: int = 0
    used: int = 0                # seconds drawn, uncapped, for what rolls on

    @property
    def prepaid(self):
        return self.base + self.rollover

    @property
    def prepaid_centi(self):
        """The prepaid hundredths entries draw on."""
        return mm.round_half_up(Fraction(self.prepaid, 36))


@dataclass
class Item:
    """An entry as the retainer sees it."""
    key: object                  # whatever the caller names it by
    day: date
    start: int                   # 0 for a duration, else the UTC instant in seconds
    id: int
    bill: mm.Bill
    under: bool                  # draws on the retainer
    share: int = 0               # its amount on the invoice
    included: list = field(default_factory=list)   # included hundredths per part


def period_of(r: Retainer, d: date):
    if r.period == "week":
        first = d - timedelta(days=(d.weekday() - r.week_start) % 7)
        return first, first + timedelta(days=6)
    if r.period == "quarter":
        first = date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
        months = 3
    else:
        first = date(d.year, d.month, 1)
        months = 1
    y, m = divmod(first.month - 1 + months, 12)
    return first, date(first.year + y, m + 1, 1) - timedelta(days=1)


def prorate(r: Retainer, first: date, last: date, v: int) -> int:
    lo, hi = max(first, r.start), min(last, r.end)
    if r.whole or (lo == first and hi == last):
        return v
    days = (hi - lo).days + 1 if hi >= lo else 0
    return mm.round_half_up(Fraction(v * days, (last - first).days + 1))


def permille(multipliers: dict, tier: str) -> int:
    m = multipliers.get(tier)
    return int(m * 1000) if m else 1000


def part_hundredths(bill: mm.Bill) -> list:
    return mm.hundredths(bill.parts, bill.billed)


def need(bill: mm.Bill, multipliers: dict) -> int:
    """What an entry draws with no limit, in hundredths."""
    return sum(mm.round_half_up(Fraction(q * permille(multipliers, p.tier), 1000))
               for p, q in zip(bill.parts, part_hundredths(bill)))


def draw(items: list, left: int, r: Retainer, multipliers: dict) -> int:
    """Draws items (in order) on left hundredths; sets their shares; returns what is left."""
    for it in items:
        it.share, it.included = 0, []
        for p, q in zip(it.bill.parts, part_hundredths(it.bill)):
            m = permille(multipliers, p.tier)
            want = mm.round_half_up(Fraction(q * m, 1000))
            if want <= left:
                inc = q
            else:
                inc, want = min(q, left * 1000 // m), left
            if inc == 0:
                want = 0
            left -= want
            rate = mm.round_half_up(Fraction(r.overage * m, 1000))
            it.share += mm.round_half_up(Fraction(rate * (q - inc), 100))
            it.included.append(inc)
    return left


def roll_on(r: Retainer, prev: Period, buckets: list) -> list:
    """What the period after prev starts with beyond its own base, as [(age, seconds)] oldest
    first, from prev's base, what it used and the buckets it started with."""
    own, need = prev.base, prev.used
    if r.current_first:
        t = min(own, need)
        own, need = own - t, need - t
    left = []
    for age, s in buckets:
        t = min(s, need)
        need -= t
        left.append((age, s - t))
    own -= min(own, need)
    handed = [(age + 1, s) for age, s in left if age + 1 <= r.expiry] + [(1, own)]
    excess = sum(s for _, s in handed) - r.cap if r.cap is not None else 0
    kept = []
    for age, s in handed:        # oldest first
        t = min(s, max(excess, 0))
        excess -= t
        kept.append((age, s - t))
    return kept


def periods(r: Retainer, until: date, items: list, multipliers: dict) -> list:
    """Every period from the retainer's first to the one holding until, drawn in order."""
    out = []
    buckets = []
    first, last = period_of(r, r.start)
    while first <= until:
        p = Period(first, last, prorate(r, first, last, r.prepaid), prorate(r, first, last, r.fee))
        if first > r.end:
            p.base = p.fee = 0
        if out and r.rollover and out[-1].first <= r.end:
            buckets = roll_on(r, out[-1], buckets)
        else:
            buckets = []
        p.rollover = sum(s for _, s in buckets)
        mine = sorted((it for it in items if it.under and first <= it.day <= last),
                      key=lambda it: (it.day, it.start, it.id))
        p.used = sum(need(it.bill, multipliers) for it in mine) * 36
        draw(mine, p.prepaid_centi, r, multipliers)
        out.append(p)
        first, last = period_of(r, last + timedelta(days=1))
    return out


def invoice(r: Optional[Retainer], items: list, multipliers: dict, first: date, last: date):
    """The total of an invoice of [first, last] (whole periods), its periods in force, and each
    item's share set. Items not under the retainer bill their hourly amount."""
    for it in items:
        if not it.under:
            it.share = it.bill.amount
    billed = []
    if r is not None:
        billed = [p for p in periods(r, last, items, multipliers)
                  if p.first >= first and p.last <= last and p.first <= r.end]
    total = sum(p.fee for p in billed) + sum(it.share for it in items if first <= it.day <= last)
    return total, billed
