/* app_invoice.c — the draft invoice of a client's range: which entries it bills, its lines
 * (invoice.h builds them), why each line costs what it does, its reference, and the request
 * body Zoho receives. */
#include "app.h"
#include "app_team_week.h"
#include "billing.h"
#include "retainer.h"
#include "invoice.h"
#include "app_tax.h"
#include "app_billing.h"
#include "app_sprint.h"
#include "app_invoice.h"
#include "app_fixed.h"
#include "app_team.h"

#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "json.h"
#include "money.h"
#include "sha256.h"

const char *inv_line_kind_name(inv_line_kind k)
{
    static const char *const names[] = { "hours", "fee", "included", "overage", "fixed" };
    return (unsigned)k < TK_ARRAY_LEN(names) ? names[k] : "hours";
}

/* ---- which entries ---- */

struct collect {
    app_biller *b;
    tk_day from, to;
    const int64_t *pending;    /* entries held by pending invoices, ascending */
    size_t npending;
    int64_t except;
    const app_draft_edits *edits;
    TK_VEC(tk_entry) entries;
    TK_VEC(tk_inv_entry) items;  /* items[i] bills entries[i] */
    int64_t held_billed;       /* billed seconds of held entries (for the retainer pass) */
    tk_app *app;
    bool approved_only;        /* [billing] invoice_approved_only: unapproved time waits */
    int64_t waiting_seconds;
    tk_err *err;
};

static bool held(const struct collect *k, const tk_entry *e)
{
    return (e->invoice_id && e->invoice_id != k->except) || tk_ids_find(k->pending, k->npending, e->id) < k->npending;
}

static bool skipped(const app_draft_edits *ed, int64_t id)
{
    for (size_t i = 0; ed && i < ed->nskip; i++)
        if (ed->skip[i] == id)
            return true;
    return false;
}

/* Billable, free entries starting in the range, less those the edits leave out. */
static int take_entry(const tk_entry *e, void *p)
{
    struct collect *k = p;
    if (e->day < k->from || e->day > k->to || held(k, e) || skipped(k->edits, e->id))
        return 0;
    tk_bill bill;
    if (app_bill(k->b, e, &bill, k->err))
        return -1;
    if (!bill.billable)
        return 0;
    if (k->approved_only) {
        int ok = app_day_approved(k->app, e->user_id, e->day, k->err);
        if (ok < 0)
            return -1;
        if (!ok) {
            k->waiting_seconds += bill.actual_seconds;
            return 0;
        }
    }
    tk_entry copy;
    tk_entry_copy(&copy, e);
    TK_PUSH(k->entries, copy);
    /* The strings are the copy's own allocations: they stay put when the vector grows. */
    tk_inv_entry item = { copy.id, copy.project, NULL, copy.note, copy.day,
                          copy.has_range ? copy.start : 0, bill, copy.ref, 0 };
    TK_PUSH(k->items, item);
    return 0;
}

static int keep_retainer(const tk_retainer *r, void *p)
{
    TK_VEC(tk_retainer) *v = p;
    TK_PUSH(*v, *r);
    return 0;
}

static void add_period(app_draft *d, const tk_retainer_status *s, bool fee_before)
{
    d->periods = xrealloc(d->periods, (d->nperiods + 1) * sizeof *d->periods);
    d->fee_billed_before = xrealloc(d->fee_billed_before,
                                    (d->nperiods + 1) * sizeof *d->fee_billed_before);
    d->periods[d->nperiods] = *s;
    d->fee_billed_before[d->nperiods++] = fee_before;
}

/* The retainer periods the range touches, cut at their boundaries: each with its own fee
 * (0 when an earlier invoice billed it), prepaid hours and overage. */
static int retainer_terms(tk_app *app, struct collect *k, app_draft *d, tk_err *err)
{
    TK_VEC(tk_retainer) rs = { 0 };
    int rc = store_retainer_each(app->st, d->client.id, keep_retainer, &rs, err) < 0 ? -1 : 0;
    for (size_t i = 0; i < rs.len && !rc; i++) {
        const tk_retainer *r = &rs.items[i];
        tk_day lo = r->from > d->range.from ? r->from : d->range.from;
        tk_day hi = r->to < d->range.to ? r->to : d->range.to;
        for (tk_day day = lo; day <= hi && !rc;) {
            tk_retainer_status s;
            tk_day first, last;
            retainer_period(r, day, app->cfg.week_start, &first, &last);
            rc = app_retainer_period(k->b, &d->client, r, day, &s, err);
            int fee = rc ? -1 : store_invoice_fee_billed(app->st, d->client.id, s.period_start,
                                                          k->except, err);
            if (fee < 0)
                rc = -1;
            if (!rc) {
                if (fee == 1)
                    s.fee_minor = 0;
                add_period(d, &s, fee == 1);
                d->retainer = true;
            }
            if (last >= hi)
                break;
            day = last + 1;
        }
    }
    free(rs.items);
    return rc;
}

/* ---- explanations ---- */

static bool part_on_line(const tk_inv_line *l, const tk_entry *e, const tk_bill_part *p)
{
    return p->billed_seconds > 0 && p->rate_minor == l->rate_minor &&
           (!l->tier || !strcmp(l->tier, p->tier)) &&
           (!l->project_key || !strcmp(l->project_key, e->project ? e->project : ""));
}

static void rounding_text(const tk_rounding *r, strbuf *sb)
{
    char a[32], b[32];
    bool rounds = r->increment > 0 && r->mode != ROUND_NONE;
    if (!rounds && r->minimum <= 0) {
        sb_add(sb, "actual time");
        return;
    }
    if (rounds)
        sb_addf(sb, "each entry rounded %s to %s", r->mode == ROUND_UP ? "up" :
                r->mode == ROUND_DOWN ? "down" : "to the nearest", dur_format_short(r->increment, a));
    if (r->minimum > 0)
        sb_addf(sb, "%sat least %s", rounds ? ", " : "each entry ", dur_format_short(r->minimum, b));
}

/* "150.00/h: client rate from 2026-01-01" without the day when a rate covers all dates. */
static void rate_text(const tk_rate_hit *hit, int exponent, strbuf *sb)
{
    strbuf t = { 0 };
    rate_hit_explain(hit, exponent, &t);
    const char *s = sb_str(&t);
    char min[DAY_BUF], *cut = strstr(s, day_format(DAY_MIN, min));
    if (hit->from == DAY_MIN && cut && cut - s >= 6 && !strncmp(cut - 6, " from ", 6)) {
        sb_addn(sb, s, (size_t)(cut - 6 - s));
        sb_add(sb, " for all dates");
    } else {
        sb_add(sb, s);
    }
    sb_free(&t);
}

/* How the hundredths of entries split between tiers were divided (at most three named). */
static void divisions_text(const app_draft *d, const tk_inv_line *l, strbuf *sb)
{
    int shown = 0, more = 0;
    char q[INV_QTY_BUF];
    for (size_t i = 0; i < d->nentries; i++) {
        const tk_bill *bill = &d->items[i].bill;
        if (bill->nparts < 2 || tk_ids_find(l->entry_ids, l->nids, d->entries[i].id) == l->nids)
            continue;
        if (shown == 3) {
            more++;
            continue;
        }
        sb_addf(sb, "; entry %lld: %s h divided:", (long long)d->entries[i].id,
                inv_format_quantity(bill->quantity_centi, q));
        for (int j = 0; j < bill->nparts; j++)
            sb_addf(sb, "%s %s %s h", j ? "," : "", bill->parts[j].tier,
                    inv_format_quantity(bill->parts[j].quantity_centi, q));
        sb_add(sb, " (largest remainder)");
        shown++;
    }
    if (more)
        sb_addf(sb, "; %d more entries divided the same way", more);
}

static void explain_hours(const app_draft *d, const tk_inv_line *l, const tk_rounding *rounding,
                          int exponent, app_line_note *n)
{
    strbuf sb = { 0 };
    const tk_bill_part *first = NULL;
    n->has_actual = true;
    for (size_t i = 0; i < d->nentries; i++) {
        if (tk_ids_find(l->entry_ids, l->nids, d->entries[i].id) == l->nids)
            continue;
        for (int j = 0; j < d->items[i].bill.nparts; j++) {
            const tk_bill_part *p = &d->items[i].bill.parts[j];
            if (!part_on_line(l, &d->entries[i], p))
                continue;
            n->actual_seconds += p->actual_seconds;
            if (!first)
                first = p;
        }
    }
    char w[32], b[32];
    if (l->tier)
        sb_addf(&sb, "%s; ", l->tier);
    if (first && first->has_rate)
        rate_text(&first->rate, exponent, &sb);
    else
        sb_add(&sb, "no rate applies: billed at 0 (set one with tock rate set)");
    sb_addf(&sb, "; %s worked, %s billed (", dur_format_hmm(n->actual_seconds, w),
            dur_format_hmm(l->seconds, b));
    rounding_text(rounding, &sb);
    sb_add(&sb, ")");
    divisions_text(d, l, &sb);
    n->explain = sb_detach(&sb);
}

/* The period a retainer line belongs to. */
static const tk_retainer_status *line_period(const app_draft *d, const tk_inv_line *l)
{
    for (size_t i = 0; i < d->nperiods; i++)
        if (d->periods[i].period_start <= l->first_day && l->first_day <= d->periods[i].period_end)
            return &d->periods[i];
    return d->nperiods ? &d->periods[0] : NULL;
}

static void explain_retainer(const app_draft *d, const tk_inv_line *l, int exponent,
                             app_line_note *n)
{
    const tk_retainer_status *s = line_period(d, l);
    char a[DAY_BUF], b[DAY_BUF], h1[32], h2[32], h3[32], m[32], q[INV_QTY_BUF];
    if (!s)
        n->explain = xstrdup("");
    else if (l->kind == INV_LINE_FEE)
        n->explain = xasprintf("retainer fee for the period %s to %s, billed once",
                               day_format(s->period_start, a), day_format(s->period_end, b));
    else if (l->kind == INV_LINE_INCLUDED)
        n->explain = xasprintf("prepaid hours of %s to %s: %s (%s rolled over), %s drawn by "
                               "earlier invoices; entries draw first in first out (day, start), "
                               "each tier at its multiplier",
                               day_format(s->period_start, a), day_format(s->period_end, b),
                               dur_format_hmm(s->prepaid_seconds, h1),
                               dur_format_hmm(s->rollover_seconds, h3),
                               dur_format_hmm(s->invoiced_seconds, h2));
    else
        n->explain = xasprintf("%s h beyond the prepaid hours at %s/h (the retainer's overage "
                               "rate × the tier's multiplier); each entry's part rounded once",
                               inv_format_quantity(l->quantity_centi, q),
                               money_format(l->rate_minor, exponent, m));
}

/* ---- the reference ---- */

static int make_reference(tk_app *app, app_draft *d, tk_err *err)
{
    char *instance = NULL;
    int rc = store_meta_get(app->st, "instance", &instance, err);
    if (rc < 0)
        return -1;
    char a[DAY_BUF], b[DAY_BUF], hex[SHA256_HEX];
    strbuf sb = { 0 };
    sb_addf(&sb, "tock invoice\n%s\n%lld\n%s\n%s\n%s\n", instance ? instance : "",
            (long long)d->client.id, d->client.key, day_format(d->range.from, a),
            day_format(d->range.to, b));
    for (size_t i = 0; i < d->inv.nids; i++)
        sb_addf(&sb, "%s%lld", i ? "," : "", (long long)d->inv.entry_ids[i]);
    /* Milestones change the reference only when there are some: older ones stay the same. */
    for (size_t i = 0; i < d->inv.nmilestones; i++)
        sb_addf(&sb, "%sm%lld", i ? "," : "\n", (long long)d->inv.milestone_ids[i]);
    sha256_hex(sb.buf ? sb.buf : "", sb.len, hex);
    hex[16] = '\0';
    for (char *p = hex; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A');
    memcpy(d->reference, "TOCK-", 5);
    memcpy(d->reference + 5, hex, 17);
    sb_free(&sb);
    free(instance);
    return 0;
}

/* ---- the draft ---- */

/* New descriptions from the edits, matched on the built ones. */
static void describe(tk_invoice *inv, const app_draft_edits *ed)
{
    for (size_t i = 0; ed && i < inv->nlines; i++)
        for (size_t j = 0; j < ed->ndesc; j++)
            if (!strcmp(inv->lines[i].description, ed->desc_from[j]) && *ed->desc_to[j]) {
                free(inv->lines[i].description);
                inv->lines[i].description = xstrdup(ed->desc_to[j]);
                break;
            }
}

static int build(tk_app *app, struct collect *k, app_draft *d, tk_err *err)
{
    if (app_taxes_load(app, d->client.id, &d->taxes, err))
        return -1;
    for (size_t i = 0; i < d->nentries; i++) {
        const tk_entry *e = &d->entries[i];
        const tk_project *p = app_biller_project(k->b, e->client_id, e->project_id);
        d->items[i].project_name = p ? p->name : NULL;
        d->items[i].tax = app_taxes_for(&d->taxes, e->project_id);
    }
    for (size_t i = 0; i < d->nmilestones; i++)   /* a milestone is taxed as its project */
        d->mitems[i].tax = app_taxes_for(&d->taxes, d->milestones[i].project_id);
    tk_inv_input in = { d->client.currency, d->items, d->nentries, d->grouping, d->periods,
                        d->nperiods };
    int rc = invoice_build(&in, &d->inv, err);
    if (rc == 0 && invoice_add_milestones(&d->inv, d->mitems, d->nmilestones, err)) {
        invoice_clear(&d->inv);
        rc = -1;
    }
    if (rc == 0)
        rc = invoice_tax(&d->inv, d->taxes.taxes, d->taxes.n, d->taxes.client_tax, err);
    /* The names belong to the biller, which goes when the draft is made. */
    for (size_t i = 0; i < d->nentries; i++)
        d->items[i].project_name = NULL;
    if (rc)
        return -1;
    describe(&d->inv, k->edits);
    int exponent = currency_exponent(d->client.currency);
    tk_rounding rounding = app_client_rounding(&app->cfg, &d->client);
    d->notes = xcalloc(d->inv.nlines ? d->inv.nlines : 1, sizeof *d->notes);
    for (size_t i = 0; i < d->inv.nlines; i++) {
        if (d->inv.lines[i].kind == INV_LINE_HOURS)
            explain_hours(d, &d->inv.lines[i], &rounding, exponent, &d->notes[i]);
        else if (d->inv.lines[i].kind == INV_LINE_FIXED)
            d->notes[i].explain = app_fixed_explain(d, &d->inv.lines[i]);
        else
            explain_retainer(d, &d->inv.lines[i], exponent, &d->notes[i]);
    }
    return make_reference(app, d, err);
}

int app_invoice_draft(tk_app *app, const tk_client *c, const app_range *r, inv_grouping g,
                      int64_t except, app_draft *out, tk_err *err)
{
    return app_invoice_draft_edited(app, c, r, g, except, NULL, out, err);
}

int app_invoice_draft_edited(tk_app *app, const tk_client *c, const app_range *r, inv_grouping g,
                             int64_t except, const app_draft_edits *edits, app_draft *out,
                             tk_err *err)
{
    memset(out, 0, sizeof *out);
    /* An invoice shows everyone's time (and, by entry, their notes): in a team, leads and
     * the admin invoice. */
    tk_err why;
    if (app_team_is_team(app) && app_team_may(app, TEAM_READ_ALL, 0, r->from, &why)) {
        return tk_fail(err, "only a lead or the admin invoices in a team database");
    }
    out->client = *c;
    out->client.key = xstrdup(c->key);
    out->client.name = xstrdup(c->name);
    out->client.currency = xstrdup(c->currency);
    out->client.zoho_customer_id = c->zoho_customer_id ? xstrdup(c->zoho_customer_id) : NULL;
    out->range = *r;
    out->grouping = g;
    struct collect k = { .from = r->from, .to = r->to, .except = except, .edits = edits,
                         .app = app, .approved_only = app_invoice_approved_only(app), .err = err };
    int64_t *pending = NULL;
    if (!(k.b = app_biller_new(app, err)))
        return -1;
    app_biller_except(k.b, except);
    int rc = store_entries_pending(app->st, c->id, except, &pending, &k.npending, err);
    k.pending = pending;
    store_filter f = { .client_id = c->id, .from = r->from, .to = r->to, .uninvoiced_only = true };
    if (rc == 0 && store_entry_each(app->st, &f, take_entry, &k, err) < 0)
        rc = -1;
    out->entries = k.entries.items;
    out->items = k.items.items;
    out->nentries = k.entries.len;
    out->waiting_seconds = k.waiting_seconds;
    if (rc == 0)
        rc = retainer_terms(app, &k, out, err);
    if (rc == 0)
        rc = app_fixed_collect(app, out, except, err);
    if (rc == 0)
        rc = build(app, &k, out, err);
    free(pending);
    app_biller_free(k.b);
    return rc ? -1 : 0;
}

void app_draft_clear(app_draft *d)
{
    for (size_t i = 0; i < d->inv.nlines && d->notes; i++)
        free(d->notes[i].explain);
    free(d->notes);
    invoice_clear(&d->inv);
    for (size_t i = 0; i < d->nentries; i++)
        tk_entry_clear(&d->entries[i]);
    free(d->entries);
    free(d->items);
    app_fixed_clear(d);
    free(d->periods);
    free(d->fee_billed_before);
    app_taxes_free(&d->taxes);
    tk_client_clear(&d->client);
    memset(d, 0, sizeof *d);
}

/* ---- what Zoho receives ---- */

/* At most max bytes of s, cut on a UTF-8 boundary. Caller frees. */
static char *utf8_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return xstrdup(s);
    while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    return xstrndup(s, max);
}

static void days_text(tk_day first, tk_day last, strbuf *sb)
{
    char a[DAY_BUF], b[DAY_BUF];
    if (first == last)
        sb_add(sb, day_format(first, a));
    else
        sb_addf(sb, "%s to %s", day_format(first, a), day_format(last, b));
}

static void line_item(jw *w, const tk_inv_line *l, int exponent, const app_taxes *tx)
{
    char rate[40], qty[INV_QTY_BUF];
    strbuf desc = { 0 };
    char *name = utf8_cut(l->description, 100);
    /* Zoho multiplies rate by quantity: a line whose amount is not exactly that at the
     * hourly rate goes as one unit of its amount, the hours and rate said in words. */
    if (l->lump)
        sb_addf(&desc, "%s h × %s/h, ", inv_format_quantity(l->quantity_centi, qty),
                money_format(l->rate_minor, exponent, rate));
    days_text(l->first_day, l->last_day, &desc);
    jw_obj(w);
    jw_kstr(w, "name", name);
    jw_kstr(w, "description", sb_str(&desc));
    jw_key(w, "rate");
    jw_raw(w, money_format(l->send_rate_minor, exponent, rate));
    jw_key(w, "quantity");
    jw_raw(w, inv_format_quantity(l->send_quantity_centi, qty));
    if (l->kind != INV_LINE_FEE && l->kind != INV_LINE_FIXED && !l->lump)
        jw_kstr(w, "unit", "hrs");
    /* Zoho computes the tax from its tax id (app_tax_zoho_ready checked there is one). */
    if (l->tax > 0 && (size_t)l->tax <= tx->n && tx->taxes[l->tax - 1].zoho_tax_id)
        jw_kstr(w, "tax_id", tx->taxes[l->tax - 1].zoho_tax_id);
    if (l->tax > 0 && (size_t)l->tax <= tx->n && tx->taxes[l->tax - 1].exemption)
        jw_kstr(w, "tax_exemption_id", tx->taxes[l->tax - 1].exemption);
    jw_end_obj(w);
    free(name);
    sb_free(&desc);
}

char *app_invoice_payload(const app_draft *d, const char *customer_id, tk_day date,
                          long payment_terms, const char *audit_head)
{
    strbuf sb = { 0 }, notes = { 0 };
    char day[DAY_BUF];
    int exponent = currency_exponent(d->client.currency);
    jw w;
    jw_init(&w, &sb);
    jw_obj(&w);
    jw_kstr(&w, "customer_id", customer_id);
    jw_kstr(&w, "date", day_format(date, day));
    if (payment_terms >= 0)   /* else the contact's own terms */
        jw_kint(&w, "payment_terms", payment_terms);
    jw_kstr(&w, "reference_number", d->reference);
    sb_addf(&notes, "%s: %s (", d->client.name, d->range.label);
    days_text(d->range.from, d->range.to, &notes);
    sb_add(&notes, ")");
    /* What the audit log said when the invoice was recorded: its tail cannot be cut later
     * without this invoice showing it (tock audit verify --against). */
    if (audit_head)
        sb_addf(&notes, "\ntock audit head: %s", audit_head);
    jw_kstr(&w, "notes", sb_str(&notes));
    jw_key(&w, "line_items");
    jw_arr(&w);
    /* A line of no quantity costs nothing, and Zoho refuses it. */
    for (size_t i = 0; i < d->inv.nlines; i++)
        if (d->inv.lines[i].quantity_centi > 0)
            line_item(&w, &d->inv.lines[i], exponent, &d->taxes);
    jw_end_arr(&w);
    jw_end_obj(&w);
    sb_free(&notes);
    return sb_detach(&sb);
}

int app_invoice_fees(tk_app *app, int64_t invoice_id, const app_draft *d, tk_err *err)
{
    tk_day *v = xcalloc(d->nperiods + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < d->nperiods; i++)
        if (d->periods[i].fee_minor != 0)
            v[n++] = d->periods[i].period_start;
    int rc = store_invoice_fees_set(app->st, invoice_id, v, n, err);
    free(v);
    return rc;
}
