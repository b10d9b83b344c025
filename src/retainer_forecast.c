/* retainer_forecast.c — where a retainer period ends at the pace so far: hours, overage and
 * money. Pure. */
#include "retainer_roll.h"

#include "billing.h"

int retainer_forecast(const tk_retainer *r, const tk_retainer_status *s, tk_day date,
                      tk_retainer_forecast *out, tk_err *err)
{
    tk_day lo = r->from > s->period_start ? r->from : s->period_start;
    tk_day hi = r->to < s->period_end ? r->to : s->period_end;
    int64_t days = hi >= lo ? (int64_t)hi - lo + 1 : 1;
    int64_t elapsed = date < lo ? 1 : date >= hi ? days : (int64_t)date - lo + 1;
    int64_t extra_centi, extra_minor;
    out->used_seconds = s->used_seconds;
    if (elapsed < days && tk_muldiv_round(s->used_seconds, days, elapsed, &out->used_seconds))
        return tk_fail(err, "retainer: forecast too large");
    out->overage_seconds = out->used_seconds > s->prepaid_seconds ?
                           out->used_seconds - s->prepaid_seconds : 0;
    /* Overage beyond today's, at the retainer's plain overage rate (tiers unknown yet). */
    int64_t now_over = s->used_seconds > s->prepaid_seconds ? s->used_seconds - s->prepaid_seconds : 0;
    extra_centi = bill_centi(out->overage_seconds > now_over ? out->overage_seconds - now_over : 0);
    if (tk_muldiv_round(s->overage_rate_minor, extra_centi, 100, &extra_minor) ||
        tk_add64(s->overage_minor, extra_minor, &out->overage_minor) ||
        tk_add64(s->fee_minor, out->overage_minor, &out->total_minor))
        return tk_fail(err, "retainer: forecast too large");
    out->final = elapsed >= days;
    return 0;
}
