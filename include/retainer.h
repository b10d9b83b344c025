/* retainer.h — prepaid hours per period: the period, rollover, usage, overage and alerts.
 * Pure: the caller supplies the retainer and the billed seconds per day. */
#ifndef TOCK_RETAINER_H
#define TOCK_RETAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "day.h"
#include "model.h"
#include "util.h"

/* exhausts_on when the prepaid hours are not used up, nor projected to be, in the period. */
#define RETAINER_NO_DAY DAY_MAX

/* The period containing date: a calendar month, a calendar quarter, or a week starting on
 * week_start_wday (0 = Monday). Periods are calendar ones whatever r->from is. */
void retainer_period(const tk_retainer *r, tk_day date, int week_start_wday, tk_day *first,
                     tk_day *last);

/* The days whose usage retainer_status needs: the previous period's first day (only when
 * unused hours roll over; else the current period's) through the current period's last. */
void retainer_usage_range(const tk_retainer *r, tk_day date, int week_start_wday, tk_day *from,
                          tk_day *to);

/* Billed seconds of the client's billable, hourly (not fixed-price) entries on one day. */
typedef struct tk_day_usage {
    tk_day day;
    int64_t billed_seconds;
} tk_day_usage;

typedef struct tk_retainer_status {
    bool applicable;            /* false: the retainer is not in force on date; rest is 0 */
    tk_day period_start, period_end;
    int64_t base_seconds;       /* the retainer's prepaid hours per period */
    int64_t rollover_seconds;   /* unused base hours of the previous period, if they roll over */
    int64_t prepaid_seconds;    /* base + rollover */
    int64_t used_seconds;       /* billed seconds in the period (all of it, even after date) */
                                /* … but only on days the retainer is in force */
    int64_t remaining_seconds;  /* prepaid − used, never < 0 */
    int64_t overage_seconds;    /* used beyond prepaid */
    int64_t fee_minor;          /* the period's fee */
    int64_t overage_rate_minor; /* per hour */
    int64_t overage_minor;      /* overage rate × overage seconds / 3600, rounded half up */
    bool alert;                 /* used > 0 and ≥ alert_pct % of prepaid (alert_pct ≤ 0: never) */
    bool exhausted;             /* used ≥ prepaid; exhausts_on is the day it happened */
    bool projected;             /* not yet, but the pace so far uses it up on exhausts_on */
    tk_day exhausts_on;         /* RETAINER_NO_DAY when neither */
} tk_retainer_status;

/* The retainer's standing on date, from usage (any order, several per day allowed; days
 * outside retainer_usage_range are ignored). Only days the retainer is in force count: in a
 * period where it starts (from) or ends (to), the days before or after are left out, and
 * the pace is measured from the later of period start and from, up to the earlier of
 * period end and to. Periods are never prorated: a partial period has full prepaid hours.
 *  - Rollover (r->rollover == ROLLOVER_UNUSED): the previous period's base hours minus its
 *    usage, if positive, and only when the retainer was in force in that period. Rollover
 *    never compounds: last period's own rollover is not carried again.
 *  - Exhaustion: when used ≥ prepaid, the first day cumulative usage reached prepaid; else the
 *    pace so far (used ÷ days from period start through date, inclusive) is projected and the
 *    day it reaches prepaid reported if that is within the period.
 * Returns 0 (check out->applicable), or -1 with err on negative usage or overflow. */
int retainer_status(const tk_retainer *r, tk_day date, int week_start_wday,
                    const tk_day_usage *usage, size_t n, tk_retainer_status *out, tk_err *err);

#endif
