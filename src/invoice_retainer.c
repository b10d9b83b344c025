/* invoice_retainer.c — a retainer client's lines: the fee, the time included in the prepaid
 * hours (amount 0) and the overage beyond them. */
#include <stdlib.h>

#include "invoice_line.h"

static char *hours(int64_t seconds, char *buf)
{
    return inv_format_quantity(inv_quantity_centi(seconds), buf);
}

static int fee_line(tk_invoice *inv, const tk_retainer_status *s, tk_err *err)
{
    char a[DAY_BUF], b[DAY_BUF];
    inv_ids none = { 0 };
    tk_inv_line *l = inv_add_line(inv, INV_LINE_FEE,
                                  xasprintf("Retainer, %s to %s", day_format(s->period_start, a),
                                            day_format(s->period_end, b)));
    l->quantity_centi = 100;
    l->rate_minor = s->fee_minor;
    l->first_day = s->period_start;
    l->last_day = s->period_end;
    return inv_line_finish(inv, l, &none, err);
}

static char *included_text(const tk_retainer_status *s, int64_t included)
{
    char a[INV_QTY_BUF], b[INV_QTY_BUF], c[INV_QTY_BUF];
    if (s->rollover_seconds > 0)
        return xasprintf("%s h included of %s h prepaid (%s h rolled over)", hours(included, a),
                         hours(s->prepaid_seconds, b), hours(s->rollover_seconds, c));
    return xasprintf("%s h included of %s h prepaid", hours(included, a),
                     hours(s->prepaid_seconds, b));
}

int inv_build_retainer(tk_invoice *inv, const tk_retainer_status *s,
                       const tk_inv_entry *const *entries, size_t n, tk_err *err)
{
    tk_inv_line inc = { 0 }, over = { 0 };
    inv_ids inc_ids = { 0 }, over_ids = { 0 };
    int64_t left = s->prepaid_seconds > 0 ? s->prepaid_seconds : 0;
    char buf[INV_QTY_BUF];
    if (s->fee_minor != 0 && fee_line(inv, s, err))
        return -1;
    /* Entries use up the prepaid hours in order; the rest is overage. */
    for (size_t i = 0; i < n; i++) {
        const tk_inv_entry *e = entries[i];
        int64_t billed = e->bill.billed_seconds, in = billed < left ? billed : left;
        left -= in;
        if ((in > 0 && inv_line_take(&inc, &inc_ids, e->entry_id, e->day, in)) ||
            (billed - in > 0 && inv_line_take(&over, &over_ids, e->entry_id, e->day, billed - in))) {
            free(inc_ids.items);
            free(over_ids.items);
            return tk_fail(err, "invoice: too much time");
        }
    }
    tk_inv_line *l = inv_add_line(inv, INV_LINE_INCLUDED, included_text(s, inc.seconds));
    l->seconds = inc.seconds;
    l->first_day = inc.first_day;
    l->last_day = inc.last_day;
    if (inv_line_finish(inv, l, &inc_ids, err)) {
        free(over_ids.items);
        return -1;
    }
    if (over.seconds == 0) {
        free(over_ids.items);
        return 0;
    }
    l = inv_add_line(inv, INV_LINE_OVERAGE, xasprintf("Overage beyond %s h prepaid",
                                                      hours(s->prepaid_seconds, buf)));
    l->seconds = over.seconds;
    l->rate_minor = s->overage_rate_minor;
    l->first_day = over.first_day;
    l->last_day = over.last_day;
    return inv_line_finish(inv, l, &over_ids, err);
}
