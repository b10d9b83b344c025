/* retainer.c — periods, rollover, usage and projections of a retainer. */
#include "retainer.h"

#include <string.h>

/* 128-bit intermediates for percentages and pace: seconds × days can exceed 64 bits. */
__extension__ typedef __int128 i128;

#define MAX_PERIOD_DAYS 92   /* the longest quarter */

static tk_day clamp_day(tk_day d)
{
    return d < DAY_MIN ? DAY_MIN : d > DAY_MAX ? DAY_MAX : d;
}

void retainer_period(const tk_retainer *r, tk_day date, int week_start_wday, tk_day *first,
                     tk_day *last)
{
    int y, m, d;
    date = clamp_day(date);
    switch (r->period) {
    case PERIOD_WEEK:
        *first = day_week_start(date, ((week_start_wday % 7) + 7) % 7);
        *last = *first + 6;
        return;
    case PERIOD_QUARTER:
        day_to_ymd(date, &y, &m, &d);
        *first = day_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
        *last = day_add_months(*first, 3) - 1;
        return;
    case PERIOD_MONTH:
    default:
        *first = day_month_start(date);
        *last = day_add_months(*first, 1) - 1;
        return;
    }
}

/* The previous period, if unused hours roll over into this one from it. */
static bool rollover_period(const tk_retainer *r, tk_day first, int wday, tk_day *pfirst,
                            tk_day *plast)
{
    if (r->rollover != ROLLOVER_UNUSED || first <= DAY_MIN)
        return false;
    retainer_period(r, first - 1, wday, pfirst, plast);
    return r->from <= *plast;   /* in force on some day of it */
}

void retainer_usage_range(const tk_retainer *r, tk_day date, int week_start_wday, tk_day *from,
                          tk_day *to)
{
    tk_day pfirst, plast;
    retainer_period(r, date, week_start_wday, from, to);
    if (rollover_period(r, *from, week_start_wday, &pfirst, &plast))
        *from = pfirst;
}

/* Sums usage on [first, last] into *total and, when per_day is set, into per_day[day-first]. */
static int sum_usage(const tk_day_usage *usage, size_t n, tk_day first, tk_day last,
                     int64_t *total, int64_t *per_day, tk_err *err)
{
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        if (usage[i].billed_seconds < 0)
            return tk_fail(err, "retainer: negative usage on day %d", (int)usage[i].day);
        if (usage[i].day < first || usage[i].day > last)
            continue;
        if (tk_add64(*total, usage[i].billed_seconds, total))
            return tk_fail(err, "retainer: usage too large");
        if (per_day)   /* cannot overflow: each day's share is part of *total */
            per_day[usage[i].day - first] += usage[i].billed_seconds;
    }
    return 0;
}

/* The day cumulative usage first reached prepaid (used ≥ prepaid is known). */
static tk_day exhausted_on(const int64_t *per_day, tk_day first, tk_day last, int64_t prepaid)
{
    int64_t cum = 0;
    for (tk_day d = first; d <= last; d++) {
        cum += per_day[d - first];
        if (cum >= prepaid)
            return d;
    }
    return last;
}

/* At the pace used/elapsed per day, the day usage reaches prepaid: day number
 * ceil(prepaid × elapsed / used) of the period. RETAINER_NO_DAY beyond last. */
static tk_day projected_on(int64_t used, int64_t prepaid, tk_day first, tk_day last, tk_day date)
{
    if (used <= 0)
        return RETAINER_NO_DAY;
    i128 elapsed = (i128)date - first + 1;
    i128 days = ((i128)prepaid * elapsed + used - 1) / used;
    return days - 1 <= (i128)last - first ? (tk_day)(first + days - 1) : RETAINER_NO_DAY;
}

/* The first day of [first, …] the retainer is in force. */
static tk_day in_force_lo(const tk_retainer *r, tk_day first)
{
    return r->from > first ? r->from : first;
}

/* A period's share of v: v × its days in force / its days, rounded half up, unless the
 * retainer bills partial periods whole. */
static int prorate(const tk_retainer *r, tk_day first, tk_day last, int64_t v, int64_t *out)
{
    tk_day lo = in_force_lo(r, first), hi = r->to < last ? r->to : last;
    if (r->whole || (lo == first && hi == last)) {
        *out = v;
        return 0;
    }
    return tk_muldiv_round(v, hi >= lo ? hi - lo + 1 : 0, last - first + 1, out);
}

/* Remaining, overage, alert and exhaustion; lo–hi are the period's days in force. */
static void standing(tk_retainer_status *s, const tk_retainer *r, const int64_t *per_day,
                     tk_day date, tk_day lo, tk_day hi)
{
    s->remaining_seconds = s->used_seconds < s->prepaid_seconds ?
                           s->prepaid_seconds - s->used_seconds : 0;
    s->overage_seconds = s->used_seconds > s->prepaid_seconds ?
                         s->used_seconds - s->prepaid_seconds : 0;
    s->alert = r->alert_pct > 0 && s->used_seconds > 0 &&
               (i128)s->used_seconds * 100 >= (i128)r->alert_pct * s->prepaid_seconds;
    s->exhausted = s->used_seconds >= s->prepaid_seconds;
    s->exhausts_on = s->exhausted ?
        exhausted_on(per_day + (lo - s->period_start), lo, hi, s->prepaid_seconds) :
        projected_on(s->used_seconds, s->prepaid_seconds, lo, hi, date);
    s->projected = !s->exhausted && s->exhausts_on != RETAINER_NO_DAY;
}

int64_t retainer_rolls_on(const tk_retainer *r, int64_t base, int64_t rollover, int64_t used)
{
    int64_t over = used > rollover ? used - rollover : 0;
    int64_t left = base > over ? base - over : 0;
    if (r->has_rollover_cap && left > r->rollover_cap)
        left = r->rollover_cap > 0 ? r->rollover_cap : 0;
    return left;
}

int retainer_period_base(const tk_retainer *r, tk_day first, tk_day last, int64_t *out)
{
    return prorate(r, first, last, r->prepaid_seconds, out);
}

static int status_core(const tk_retainer *r, tk_day date, int week_start_wday,
                       const tk_day_usage *usage, size_t n, bool given, int64_t roll,
                       tk_retainer_status *out, tk_err *err);

int retainer_status(const tk_retainer *r, tk_day date, int week_start_wday,
                    const tk_day_usage *usage, size_t n, tk_retainer_status *out, tk_err *err)
{
    return retainer_status_fifo(r, date, week_start_wday, usage, n, 0, out, err);
}

int retainer_status_fifo(const tk_retainer *r, tk_day date, int week_start_wday,
                         const tk_day_usage *usage, size_t n, int64_t prev_rollover,
                         tk_retainer_status *out, tk_err *err)
{
    return status_core(r, date, week_start_wday, usage, n, false, prev_rollover, out, err);
}

int retainer_status_rolled(const tk_retainer *r, tk_day date, int week_start_wday,
                           const tk_day_usage *usage, size_t n, int64_t rolled_in,
                           tk_retainer_status *out, tk_err *err)
{
    return status_core(r, date, week_start_wday, usage, n, true, rolled_in, out, err);
}

/* given: roll is the hours rolled into this period; else those rolled into the previous one
 * (and what rolls on from it is computed here, for an expiry of one period). */
static int status_core(const tk_retainer *r, tk_day date, int week_start_wday,
                       const tk_day_usage *usage, size_t n, bool given, int64_t roll,
                       tk_retainer_status *out, tk_err *err)
{
    int64_t prev_rollover = roll;
    tk_retainer_status s;
    int64_t per_day[MAX_PERIOD_DAYS] = { 0 }, prev_used;
    tk_day pfirst, plast, lo, hi;
    memset(&s, 0, sizeof s);
    s.exhausts_on = RETAINER_NO_DAY;
    if (date < DAY_MIN || date > DAY_MAX || r->from > date || r->to < date) {
        *out = s;
        return 0;
    }
    if (r->prepaid_seconds < 0)
        return tk_fail(err, "retainer: negative prepaid hours");
    s.applicable = true;
    retainer_period(r, date, week_start_wday, &s.period_start, &s.period_end);
    if (prorate(r, s.period_start, s.period_end, r->prepaid_seconds, &s.base_seconds) ||
        prorate(r, s.period_start, s.period_end, r->fee_minor, &s.fee_minor))
        return tk_fail(err, "retainer: prepaid hours or fee too large");
    s.prepaid_seconds = s.base_seconds;
    if (given && r->rollover == ROLLOVER_UNUSED) {
        s.rollover_seconds = roll > 0 ? roll : 0;
        if (tk_add64(s.base_seconds, s.rollover_seconds, &s.prepaid_seconds))
            return tk_fail(err, "retainer: prepaid hours too large");
    } else if (!given && rollover_period(r, s.period_start, week_start_wday, &pfirst, &plast)) {
        int64_t prev_base;
        if (sum_usage(usage, n, in_force_lo(r, pfirst), plast, &prev_used, NULL, err))
            return -1;
        if (prorate(r, pfirst, plast, r->prepaid_seconds, &prev_base))
            return tk_fail(err, "retainer: prepaid hours too large");
        s.rollover_seconds = retainer_rolls_on(r, prev_base, prev_rollover, prev_used);
        if (tk_add64(s.base_seconds, s.rollover_seconds, &s.prepaid_seconds))
            return tk_fail(err, "retainer: prepaid hours too large");
    }
    /* Only the days the retainer is in force use its hours. */
    lo = in_force_lo(r, s.period_start);
    hi = r->to < s.period_end ? r->to : s.period_end;
    if (sum_usage(usage, n, lo, hi, &s.used_seconds, per_day + (lo - s.period_start), err))
        return -1;
    s.overage_rate_minor = r->overage_minor;
    standing(&s, r, per_day, date, lo, hi);
    if (tk_muldiv_round(s.overage_rate_minor, s.overage_seconds, 3600, &s.overage_minor))
        return tk_fail(err, "retainer: overage amount too large");
    *out = s;
    return 0;
}
