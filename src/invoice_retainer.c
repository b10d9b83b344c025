/* invoice_retainer.c — a retainer client's lines: the fee, the time included in the prepaid
 * hours (amount 0) and the overage beyond them. */
#include <stdlib.h>
#include <string.h>

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

/* The entries' time split at the prepaid limit: two lines under construction. */
typedef struct prepaid_split {
    tk_inv_line inc, over;
    inv_ids inc_ids, over_ids;
} prepaid_split;

/* Entries use up the prepaid hours in order; the rest is overage. -1 on overflow. */
static int split_at_prepaid(prepaid_split *sp, int64_t prepaid,
                            const tk_inv_entry *const *entries, size_t n)
{
    int64_t left = prepaid > 0 ? prepaid : 0;
    for (size_t i = 0; i < n; i++) {
        const tk_inv_entry *e = entries[i];
        int64_t billed = e->bill.billed_seconds, in = billed < left ? billed : left;
        int64_t out = billed - in;
        left -= in;
        if (in > 0 && inv_line_take(&sp->inc, &sp->inc_ids, e->entry_id, e->day, in))
            return -1;
        if (out > 0 && inv_line_take(&sp->over, &sp->over_ids, e->entry_id, e->day, out))
            return -1;
    }
    return 0;
}

/* Adds a line built up in src, at rate, taking ids. */
static int add_split_line(tk_invoice *inv, inv_line_kind kind, char *description,
                          const tk_inv_line *src, int64_t rate, inv_ids *ids, tk_err *err)
{
    tk_inv_line *l = inv_add_line(inv, kind, description);
    l->seconds = src->seconds;
    l->first_day = src->first_day;
    l->last_day = src->last_day;
    l->rate_minor = rate;
    return inv_line_finish(inv, l, ids, err);
}

int inv_build_retainer(tk_invoice *inv, const tk_retainer_status *s,
                       const tk_inv_entry *const *entries, size_t n, tk_err *err)
{
    prepaid_split sp;
    char buf[INV_QTY_BUF];
    int rc = 0;
    memset(&sp, 0, sizeof sp);
    if (s->fee_minor != 0)
        rc = fee_line(inv, s, err);
    if (!rc && split_at_prepaid(&sp, s->prepaid_seconds, entries, n))
        rc = tk_fail(err, "invoice: too much time");
    if (!rc)
        rc = add_split_line(inv, INV_LINE_INCLUDED, included_text(s, sp.inc.seconds), &sp.inc, 0,
                            &sp.inc_ids, err);
    if (!rc && sp.over.seconds > 0) {
        char *text = xasprintf("Overage beyond %s h prepaid", hours(s->prepaid_seconds, buf));
        rc = add_split_line(inv, INV_LINE_OVERAGE, text, &sp.over, s->overage_rate_minor,
                            &sp.over_ids, err);
    }
    free(sp.inc_ids.items);    /* NULL once a line took them */
    free(sp.over_ids.items);
    return rc;
}
