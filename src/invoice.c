/* invoice.c — the invoice builder's entry point, its lines and quantities. */
#include "invoice.h"

#include <stdlib.h>
#include <string.h>

#include "invoice_line.h"
#include "money.h"

static const char *const grouping_names[] = { "project+tier", "project", "tier", "day", "entry",
                                              "ticket" };

const char *inv_grouping_name(inv_grouping g)
{
    return (unsigned)g < TK_ARRAY_LEN(grouping_names) ? grouping_names[g] : grouping_names[0];
}

int inv_grouping_parse(const char *s, inv_grouping *g)
{
    for (size_t i = 0; i < TK_ARRAY_LEN(grouping_names); i++)
        if (tk_streq(s, grouping_names[i])) {
            *g = (inv_grouping)i;
            return 0;
        }
    return -1;
}

int64_t inv_quantity_centi(int64_t seconds)
{
    return bill_centi(seconds);
}

int inv_line_amount(int64_t rate_minor, int64_t quantity_centi, int64_t *amount)
{
    return tk_muldiv_round(rate_minor, quantity_centi, 100, amount);
}

char *inv_format_quantity(int64_t quantity_centi, char *buf)
{
    return money_format(quantity_centi, 2, buf);   /* the same shape: "-12.50" */
}

/* ---- lines ---- */

tk_inv_line *inv_add_line(tk_invoice *inv, inv_line_kind kind, char *description)
{
    inv->lines = xrealloc(inv->lines, (inv->nlines + 1) * sizeof *inv->lines);
    tk_inv_line *l = &inv->lines[inv->nlines++];
    memset(l, 0, sizeof *l);
    l->kind = kind;
    l->description = description;
    return l;
}

int inv_line_take(tk_inv_line *l, inv_ids *ids, int64_t entry_id, tk_day day, int64_t seconds,
                  int64_t centi, int64_t amount)
{
    if (tk_add64(l->seconds, seconds, &l->seconds) ||
        tk_add64(l->quantity_centi, centi, &l->quantity_centi) ||
        tk_add64(l->amount_minor, amount, &l->amount_minor))
        return -1;
    if (!ids->len || day < l->first_day)
        l->first_day = day;
    if (!ids->len || day > l->last_day)
        l->last_day = day;
    TK_PUSH(*ids, entry_id);
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts and removes duplicates in place; returns the new length. */
static size_t sort_unique(int64_t *v, size_t n)
{
    size_t out = 0;
    if (n)
        qsort(v, n, sizeof *v, cmp_i64);
    for (size_t i = 0; i < n; i++)
        if (!out || v[out - 1] != v[i])
            v[out++] = v[i];
    return out;
}

int inv_line_finish(tk_invoice *inv, tk_inv_line *l, inv_ids *ids, tk_err *err)
{
    l->entry_ids = ids->items;
    l->nids = sort_unique(ids->items, ids->len);
    memset(ids, 0, sizeof *ids);
    if (l->kind == INV_LINE_FEE) {
        l->quantity_centi = 100;
        l->amount_minor = l->rate_minor;
    }
    __extension__ typedef __int128 i128;
    i128 exact = (i128)l->rate_minor * l->quantity_centi;
    l->lump = exact % 100 != 0 || exact / 100 != l->amount_minor;
    l->send_quantity_centi = l->lump ? 100 : l->quantity_centi;
    l->send_rate_minor = l->lump ? l->amount_minor : l->rate_minor;
    if (tk_add64(inv->total_minor, l->amount_minor, &inv->total_minor))
        return tk_fail(err, "invoice: amount too large on '%s'", l->description);
    if (l->missing_rate)
        inv->missing_rate = true;
    return 0;
}

/* ---- building ---- */

static int cmp_chrono(const void *a, const void *b)
{
    const tk_inv_entry *x = *(const tk_inv_entry *const *)a, *y = *(const tk_inv_entry *const *)b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->entry_id > y->entry_id) - (x->entry_id < y->entry_id);
}

/* A bill as bill_entry makes them: no negative time, parts within bounds. */
static bool bill_sane(const tk_bill *b)
{
    if (b->billed_seconds < 0 || b->nparts < 0 || b->nparts > BILL_MAX_PARTS)
        return false;
    for (int i = 0; i < b->nparts; i++)
        if (b->parts[i].billed_seconds < 0)
            return false;
    return true;
}

/* The billable entries by day, then id, in *out (caller frees); their count in *n. */
static int billable_entries(const tk_inv_input *in, const tk_inv_entry ***out, size_t *n,
                            tk_err *err)
{
    const tk_inv_entry **v = xcalloc(in->nentries ? in->nentries : 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; i < in->nentries; i++) {
        const tk_inv_entry *e = &in->entries[i];
        if (!e->bill.billable)
            continue;
        if (!bill_sane(&e->bill)) {
            free(v);
            return tk_fail(err, "invoice: entry %lld has a malformed bill", (long long)e->entry_id);
        }
        v[(*n)++] = e;
    }
    if (*n)
        qsort(v, *n, sizeof *v, cmp_chrono);
    *out = v;
    return 0;
}

static void collect_ids(tk_invoice *inv, const tk_inv_entry *const *es, size_t n)
{
    inv->entry_ids = xcalloc(n ? n : 1, sizeof *inv->entry_ids);
    for (size_t i = 0; i < n; i++)
        inv->entry_ids[i] = es[i]->entry_id;
    inv->nids = sort_unique(inv->entry_ids, n);
}

int invoice_build(const tk_inv_input *in, tk_invoice *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    if (!currency_valid(in->currency))
        return tk_fail(err, "invoice: bad currency '%s'", in->currency ? in->currency : "");
    memcpy(out->currency, in->currency, 4);
    int exponent = currency_exponent(in->currency);
    size_t n;
    const tk_inv_entry **es = NULL;
    if (billable_entries(in, &es, &n, err))
        return -1;
    collect_ids(out, es, n);
    /* Retainer periods first, then the hourly rest (es keeps its order, split in two). */
    const tk_inv_entry **mine = xcalloc(n ? n : 1, sizeof *mine);
    size_t nhourly = 0, nmine;
    int rc = 0;
    for (size_t p = 0; p < in->nperiods && !rc; p++) {
        nmine = 0;
        for (size_t i = 0; i < n; i++)
            if (es[i]->bill.retainer && es[i]->bill.period == in->periods[p].period_start)
                mine[nmine++] = es[i];
        rc = inv_build_retainer(out, &in->periods[p], mine, nmine, err);
    }
    for (size_t i = 0; i < n; i++) {
        bool placed = false;
        for (size_t p = 0; es[i]->bill.retainer && p < in->nperiods; p++)
            placed = placed || es[i]->bill.period == in->periods[p].period_start;
        if (es[i]->bill.retainer && !placed && !rc)
            rc = tk_fail(err, "invoice: entry %lld is under a retainer period not given",
                         (long long)es[i]->entry_id);
        if (!es[i]->bill.retainer)
            mine[nhourly++] = es[i];
    }
    if (!rc)
        rc = inv_build_hourly(out, in->grouping, exponent, mine, nhourly, err);
    if (!rc)
        out->gross_minor = out->total_minor;   /* untaxed until invoice_tax */
    free(mine);
    free(es);
    if (rc)
        invoice_clear(out);
    return rc;
}

void invoice_clear(tk_invoice *inv)
{
    for (size_t i = 0; i < inv->nlines; i++) {
        free(inv->lines[i].description);
        free(inv->lines[i].project_key);
        free(inv->lines[i].tier);
        free(inv->lines[i].entry_ids);
    }
    free(inv->lines);
    free(inv->entry_ids);
    free(inv->milestone_ids);
    memset(inv, 0, sizeof *inv);
}
