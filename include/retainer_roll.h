/* retainer_roll.h — rolled-over hours as buckets by age: how long they live (expiry after N
 * periods), in which order a period uses them (first in, first out, or this period's own
 * hours first), and the cap. Pure. */
#ifndef TOCK_RETAINER_ROLL_H
#define TOCK_RETAINER_ROLL_H

#include <stdint.h>
#include <stdbool.h>
#include "model.h"
#include "retainer.h"
#include "util.h"

#define ROLLOVER_MAX_EXPIRY 12

/* The hours a period starts with beyond its own: left[a] came from the period a + 1 periods
 * before it and is still unused; it expires at the end of the period where a + 1 == expiry. */
typedef struct tk_rolled {
    int64_t left[ROLLOVER_MAX_EXPIRY];
} tk_rolled;

/* r's expiry in periods, 1 … ROLLOVER_MAX_EXPIRY (0 reads as 1). */
int retainer_roll_expiry(const tk_retainer *r);

/* The sum of the buckets. */
int64_t retainer_rolled_total(const tk_rolled *in);

/* One period whose own (prorated) base is base and whose entries drew used prepaid seconds,
 * entered with *in: which hours it used (the oldest rolled-over ones first, then its own; or,
 * with r->rollover_current_first, its own first, then the rolled-over ones, oldest first), and
 * what it hands on in *out (in and out may be the same): its own unused base, and each
 * unused bucket one period older, those past r's expiry dropped. With a cap, the total handed
 * on is at most the cap, the oldest hours dropped first. Without rollover (ROLLOVER_NONE)
 * nothing is handed on. *expired (may be NULL): rolled-over hours that die unused at the end
 * of this period. Never negative. */
void retainer_roll_step(const tk_retainer *r, const tk_rolled *in, int64_t base, int64_t used,
                        tk_rolled *out, int64_t *expired);

/* The most a period can start with: expiry × prepaid seconds, or the cap if lower. */
int64_t retainer_roll_max(const tk_retainer *r);

/* Where the period ends if work goes on at the pace so far (used ÷ days in force elapsed
 * through date, × its days in force, rounded half up): prepaid seconds used, those beyond the
 * prepaid hours, the overage money (today's, plus the rest at the plain overage rate) and
 * the period's total (fee + overage). final: date is on or after its last day in force, so
 * the figures are the period's own. */
typedef struct tk_retainer_forecast {
    int64_t used_seconds, overage_seconds, overage_minor, total_minor;
    bool final;
} tk_retainer_forecast;
int retainer_forecast(const tk_retainer *r, const tk_retainer_status *s, tk_day date,
                      tk_retainer_forecast *out, tk_err *err);

/* Reads retainer set's --rollover, --rollover-expires N (1 … 12 periods) and --rollover-order
 * fifo|current (each NULL when not given) into r. -1 with a one-line err. */
int retainer_roll_options(const char *rollover, const char *expires, const char *order,
                          tk_retainer *r, tk_err *err);

#endif
