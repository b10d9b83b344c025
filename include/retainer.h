/* retainer.h — prepaid hours per period: the period, rollover, usage, overage and alerts.
 * Pure: the caller supplies the retainer and the billed seconds per day. */
#ifndef TOCK_RETAINER_H
#define TOCK_RETAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "billing.h"
#include "day.h"
#include "model.h"
#include "rate_card.h"
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
    int64_t invoiced_seconds;   /* prepaid drawn by entries invoices hold (app layer) */
    int64_t expiring_seconds;   /* rolled-over hours that expire unused at the period's end
                                 * (app layer, from retainer_roll_step) */
} tk_retainer_status;

/* The retainer's standing on date, from usage (any order, several per day allowed; days
 * outside retainer_usage_range are ignored). Only days the retainer is in force count: in a
 * period where it starts (from) or ends (to), the days before or after are left out, and
 * the pace is measured from the later of period start and from, up to the earlier of
 * period end and to. A partial period's fee and base hours are prorated by its days in force
 * (rounded half up) unless r->whole.
 *  - Rollover (r->rollover == ROLLOVER_UNUSED): the previous period's (prorated) base hours
 *    minus its usage, if positive, and only when the retainer was in force in that period,
 *    capped by r->rollover_cap. Rollover never compounds: last period's own rollover is not
 *    carried again (retainer_status_fifo: it is used first).
 *  - Exhaustion: when used ≥ prepaid, the first day cumulative usage reached prepaid; else the
 *    pace so far (used ÷ days from period start through date, inclusive) is projected and the
 *    day it reaches prepaid reported if that is within the period.
 * Returns 0 (check out->applicable), or -1 with err on negative usage or overflow. */
int retainer_status(const tk_retainer *r, tk_day date, int week_start_wday,
                    const tk_day_usage *usage, size_t n, tk_retainer_status *out, tk_err *err);

/* The same, knowing the hours rolled into the previous period: rolled-over hours are used
 * first (first in, first out), so what rolls on is the previous period's base less only the
 * usage its rollover did not absorb — never more than one period's base, then capped. */
int retainer_status_fifo(const tk_retainer *r, tk_day date, int week_start_wday,
                         const tk_day_usage *usage, size_t n, int64_t prev_rollover,
                         tk_retainer_status *out, tk_err *err);

/* The same, given the hours rolled into this period (retainer_roll.h traces them, for any
 * expiry and use order). */
int retainer_status_rolled(const tk_retainer *r, tk_day date, int week_start_wday,
                           const tk_day_usage *usage, size_t n, int64_t rolled_in,
                           tk_retainer_status *out, tk_err *err);

/* What rolls into the next period from one whose (prorated) base is base, into which
 * rolled rollover, and which used used: base − max(0, used − rollover), at least 0, capped. */
int64_t retainer_rolls_on(const tk_retainer *r, int64_t base, int64_t rollover, int64_t used);

/* A period's base prepaid seconds: prorated by its days in force unless r->whole. */
int retainer_period_base(const tk_retainer *r, tk_day first, tk_day last, int64_t *out);

/* How a tier meets a retainer (per client and tier; retainer_tier_cover gives the default). */
typedef struct tk_tier_cover {
    bool covered;              /* draws on the prepaid hours; false: all its time is overage */
    int32_t draw_permille;     /* prepaid hundredths drawn per hundredth worked, × 1000 */
    int64_t overage_rate_minor;/* per hour of its overage */
} tk_tier_cover;

/* The default: covered, drawing at the tier's rate multiplier (after-hours 1.5 h a worked hour;
 * standard, and a tier without a multiplier, 1 h), its overage at the retainer's overage rate ×
 * that multiplier, rounded half up. -1 with err on overflow. */
int retainer_tier_cover(const tk_retainer *r, const tk_rate_card *card, const char *tier,
                        tk_tier_cover *out, tk_err *err);

/* The retainer's share of billed entries of one period, in draw order (first in, first out):
 * each part of each billable bill, in order, draws its hundredths × its tier's draw multiplier
 * (rounded half up) from *left_centi (prepaid hundredths still free); a part the rest cannot
 * cover is split: the hundredths the rest covers (rounded down) are included, the others are
 * overage, and nothing is left. Sets bill->retainer and period, each part's included_centi,
 * overage_rate_minor and amount_minor (overage hundredths × overage rate / 100, rounded half
 * away from zero), and the bill's amount, their sum. *drawn_centi (may be NULL) adds the
 * prepaid hundredths drawn. cover(tier) says how each tier is covered. -1 with err on
 * overflow. */
typedef int (*retainer_cover_fn)(void *ctx, const char *tier, tk_tier_cover *out, tk_err *err);
int retainer_draw(tk_bill *const *bills, size_t n, tk_day period, retainer_cover_fn cover,
                  void *ctx, int64_t *left_centi, int64_t *drawn_centi, tk_err *err);

#endif
