/* invoice_fixed.c — the lines of fixed-price milestones: one each, quantity 1 at its amount,
 * after the hourly lines. The time tracked on a fixed-price project never bills (billing.h,
 * bill_is_billable): its price reaches invoices only through milestones. */
#include <stdlib.h>

#include "invoice_line.h"
#include "fixed.h"

static char *describe(const tk_inv_milestone *m)
{
    char pct[32];
    const char *project = m->project && *m->project ? m->project : "fixed price";
    if (m->pct_bp > 0)
        return xasprintf("%s: %s (%s%% of the price)", project, m->note ? m->note : "",
                         fixed_format_pct(m->pct_bp, pct));
    return xasprintf("%s: %s", project, m->note ? m->note : "");
}

int invoice_add_milestones(tk_invoice *inv, const tk_inv_milestone *m, size_t n, tk_err *err)
{
    if (n)
        inv->milestone_ids = xrealloc(inv->milestone_ids,
                                      (inv->nmilestones + n) * sizeof *inv->milestone_ids);
    for (size_t i = 0; i < n; i++) {
        if (m[i].amount_minor <= 0)
            return tk_fail(err, "invoice: milestone %lld has no amount", (long long)m[i].id);
        tk_inv_line *l = inv_add_line(inv, INV_LINE_FIXED, describe(&m[i]));
        l->quantity_centi = 100;
        l->rate_minor = m[i].amount_minor;
        l->amount_minor = m[i].amount_minor;
        l->first_day = l->last_day = m[i].day;
        l->milestone_id = m[i].id;
        l->tax = m[i].tax;
        inv_ids ids = { 0 };
        if (inv_line_finish(inv, l, &ids, err))
            return -1;
        inv->milestone_ids[inv->nmilestones++] = m[i].id;
    }
    return 0;
}
