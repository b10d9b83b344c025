/* invoice_retainer.c — a retainer period's lines: its fee, the time its prepaid hours covered
 * (amount 0) and the overage beyond them, one line per overage rate. Every share was computed
 * by retainer_draw; here they are only added up. */
#include <stdlib.h>
#include <string.h>

#include "invoice_line.h"
#include "money.h"

static char *hours(int64_t centi, char *buf)
{
    return inv_format_quantity(centi, buf);
}

static void period_text(const tk_retainer_status *s, strbuf *sb)
{
    char a[DAY_BUF], b[DAY_BUF];
    sb_addf(sb, "%s to %s", day_format(s->period_start, a), day_format(s->period_end, b));
}

static int fee_line(tk_invoice *inv, const tk_retainer_status *s, tk_err *err)
{
    inv_ids none = { 0 };
    strbuf sb = { 0 };
    sb_add(&sb, "Retainer, ");
    period_text(s, &sb);
    tk_inv_line *l = inv_add_line(inv, INV_LINE_FEE, sb_detach(&sb));
    l->rate_minor = s->fee_minor;
    l->first_day = s->period_start;
    l->last_day = s->period_end;
    return inv_line_finish(inv, l, &none, err);
}

static char *included_text(const tk_retainer_status *s, int64_t included)
{
    char a[INV_QTY_BUF], b[INV_QTY_BUF], c[INV_QTY_BUF];
    strbuf sb = { 0 };
    sb_addf(&sb, "%s h included of %s h prepaid", hours(included, a),
            hours(bill_centi(s->prepaid_seconds), b));
    if (s->rollover_seconds > 0)
        sb_addf(&sb, " (%s h rolled over)", hours(bill_centi(s->rollover_seconds), c));
    sb_add(&sb, ", ");
    period_text(s, &sb);
    return sb_detach(&sb);
}

static int cmp_rate(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The distinct overage rates of parts with overage, ascending, in rates (caller frees). */
static size_t overage_rates(const tk_inv_entry *const *es, size_t n, int64_t **rates)
{
    size_t k = 0;
    *rates = xcalloc(n * BILL_MAX_PARTS + 1, sizeof **rates);
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < es[i]->bill.nparts; j++) {
            const tk_bill_part *p = &es[i]->bill.parts[j];
            if (p->quantity_centi > p->included_centi)
                (*rates)[k++] = p->overage_rate_minor;
        }
    if (k)
        qsort(*rates, k, sizeof **rates, cmp_rate);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || (*rates)[u - 1] != (*rates)[i])
            (*rates)[u++] = (*rates)[i];
    return u;
}

/* The included line (rate < 0) or the overage line at one rate. */
static int share_line(tk_invoice *inv, const tk_retainer_status *s, const tk_inv_entry *const *es,
                      size_t n, int64_t rate, bool several, tk_err *err)
{
    inv_ids ids = { 0 };
    bool included = rate < 0;
    tk_inv_line *l = inv_add_line(inv, included ? INV_LINE_INCLUDED : INV_LINE_OVERAGE, NULL);
    l->rate_minor = included ? 0 : rate;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < es[i]->bill.nparts; j++) {
            const tk_bill_part *p = &es[i]->bill.parts[j];
            int64_t q = included ? p->included_centi : p->quantity_centi - p->included_centi;
            /* Included seconds are the part's share in proportion to its hundredths. */
            int64_t secs = 0;
            if (p->quantity_centi > 0)
                tk_muldiv_round(p->billed_seconds, q, p->quantity_centi, &secs);
            if (q <= 0 || (!included && p->overage_rate_minor != rate))
                continue;
            if (inv_line_take(l, &ids, es[i]->entry_id, es[i]->day, secs, q,
                              included ? 0 : p->amount_minor)) {
                free(ids.items);
                return tk_fail(err, "invoice: too much time");
            }
        }
    char buf[INV_QTY_BUF], r[32];
    if (included) {
        l->description = included_text(s, l->quantity_centi);
    } else {
        strbuf sb = { 0 };
        sb_addf(&sb, "Overage beyond %s h prepaid, ", hours(bill_centi(s->prepaid_seconds), buf));
        period_text(s, &sb);
        if (several)
            sb_addf(&sb, " at %s/h", money_format(rate, currency_exponent(inv->currency), r));
        l->description = sb_detach(&sb);
    }
    return inv_line_finish(inv, l, &ids, err);
}

int inv_build_retainer(tk_invoice *inv, const tk_retainer_status *s,
                       const tk_inv_entry *const *entries, size_t n, tk_err *err)
{
    int rc = 0;
    if (s->fee_minor != 0)
        rc = fee_line(inv, s, err);
    if (!rc)
        rc = share_line(inv, s, entries, n, -1, false, err);
    int64_t *rates;
    size_t nrates = overage_rates(entries, n, &rates);
    for (size_t i = 0; i < nrates && !rc; i++)
        rc = share_line(inv, s, entries, n, rates[i], nrates > 1, err);
    free(rates);
    return rc;
}
