/* retainer_roll.c — rolled-over hours by age: expiry after N periods, use order and cap. */
#include "retainer_roll.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int retainer_roll_expiry(const tk_retainer *r)
{
    int n = r->rollover_expiry;
    return n < 1 ? 1 : n > ROLLOVER_MAX_EXPIRY ? ROLLOVER_MAX_EXPIRY : n;
}

int64_t retainer_rolled_total(const tk_rolled *in)
{
    int64_t t = 0;
    for (int a = 0; a < ROLLOVER_MAX_EXPIRY; a++)
        t += in->left[a];   /* each ≤ a period's base, at most 12 of them: no overflow */
    return t;
}

/* Takes up to *need from *have. */
static void take(int64_t *have, int64_t *need)
{
    int64_t t = *have < *need ? *have : *need;
    if (t < 0)
        t = 0;
    *have -= t;
    *need -= t;
}

int64_t retainer_roll_max(const tk_retainer *r)
{
    int64_t most = r->prepaid_seconds > INT64_MAX / ROLLOVER_MAX_EXPIRY ? INT64_MAX :
                   r->prepaid_seconds * retainer_roll_expiry(r);
    if (r->has_rollover_cap && r->rollover_cap < most)
        most = r->rollover_cap > 0 ? r->rollover_cap : 0;
    return most;
}

void retainer_roll_step(const tk_retainer *r, const tk_rolled *in, int64_t base, int64_t used,
                        tk_rolled *out, int64_t *expired)
{
    int n = retainer_roll_expiry(r);
    tk_rolled b = *in;
    int64_t own = base > 0 ? base : 0, need = used > 0 ? used : 0;
    for (int a = n; a < ROLLOVER_MAX_EXPIRY; a++)
        b.left[a] = 0;   /* nothing older than the expiry can be held */
    if (r->rollover_current_first)
        take(&own, &need);
    for (int a = n - 1; a >= 0; a--)   /* the oldest rolled-over hours first */
        take(&b.left[a], &need);
    take(&own, &need);
    if (expired)
        *expired = r->rollover == ROLLOVER_UNUSED ? b.left[n - 1] : 0;
    memset(out, 0, sizeof *out);
    if (r->rollover != ROLLOVER_UNUSED)
        return;
    for (int a = n - 1; a >= 1; a--)
        out->left[a] = b.left[a - 1];
    out->left[0] = own;
    if (!r->has_rollover_cap)
        return;
    int64_t excess = retainer_rolled_total(out) - (r->rollover_cap > 0 ? r->rollover_cap : 0);
    for (int a = n - 1; a >= 0 && excess > 0; a--)   /* the oldest go first */
        take(&out->left[a], &excess);
}

int retainer_roll_options(const char *rollover, const char *expires, const char *order,
                          tk_retainer *r, tk_err *err)
{
    bool unused = rollover && !strcmp(rollover, "unused");
    r->rollover_expiry = 1;
    r->rollover_current_first = false;
    if (expires) {
        char *end;
        long n = strtol(expires, &end, 10);
        if (end == expires || *end || n < 1 || n > ROLLOVER_MAX_EXPIRY)
            return tk_fail(err, "bad --rollover-expires '%s' (expected a number of periods from "
                           "1 to %d)", expires, ROLLOVER_MAX_EXPIRY);
        r->rollover_expiry = (int)n;
    }
    if (order && strcmp(order, "fifo") && strcmp(order, "current"))
        return tk_fail(err, "bad --rollover-order '%s' (expected fifo or current)", order);
    r->rollover_current_first = order && !strcmp(order, "current");
    if (!unused && (expires || r->rollover_current_first))
        return tk_fail(err, "--rollover-expires and --rollover-order need --rollover unused");
    return 0;
}
