/* invoice_hourly.c — hourly lines: billing parts grouped by the chosen grouping and by rate. */
#include <stdlib.h>
#include <string.h>

#include "invoice_line.h"
#include "money.h"

/* One billing part with its group key. Fields the grouping leaves out are "" or 0, so one
 * comparison serves every grouping. */
typedef struct part_ref {
    const char *ticket;          /* by ticket: the reference, "" for none */
    const char *project;
    int tier_rank;
    const char *tier;
    tk_day day;
    int64_t entry_id;
    int64_t rate;
    int tax;                     /* lines are split by tax as by rate */
    size_t seq;                  /* chronological position of the entry */
    const tk_inv_entry *e;
    const tk_bill_part *p;
} part_ref;

/* A run of parts with equal keys and rate: one line. */
typedef struct group {
    const part_ref *key;         /* its first part */
    size_t from, to;             /* refs[from, to) */
    size_t first_seq;
    tk_day first_day, last_day;
} group;

static int tier_rank(const char *tier)
{
    static const char *const known[] = { TIER_STANDARD, TIER_AFTER_HOURS, TIER_EMERGENCY };
    for (int i = 0; i < 3; i++)
        if (tk_streq(tier, known[i]))
            return i;
    return 3;
}

static bool has_project(inv_grouping g)
{
    return g == INV_BY_PROJECT_TIER || g == INV_BY_PROJECT;
}

static bool has_tier(inv_grouping g)
{
    return g == INV_BY_PROJECT_TIER || g == INV_BY_TIER || g == INV_BY_ENTRY;
}

static part_ref make_ref(const tk_inv_entry *e, const tk_bill_part *p, size_t seq, inv_grouping g)
{
    part_ref r = { "", "", 0, "", 0, 0, p->rate_minor, e->tax, seq, e, p };
    if (g == INV_BY_TICKET)
        r.ticket = e->ref ? e->ref : "";
    if (has_project(g))
        r.project = e->project_key ? e->project_key : "";
    if (has_tier(g)) {
        r.tier = p->tier;
        r.tier_rank = tier_rank(p->tier);
    }
    if (g == INV_BY_DAY || g == INV_BY_ENTRY)
        r.day = e->day;
    if (g == INV_BY_ENTRY)
        r.entry_id = e->entry_id;
    return r;
}

#define CMP(a, b) do { if ((a) != (b)) return (a) < (b) ? -1 : 1; } while (0)

/* The grouping key, rate left out. */
static int cmp_key(const part_ref *a, const part_ref *b)
{
    /* No ticket sorts last: "" would come first. */
    if (!*a->ticket != !*b->ticket)
        return *a->ticket ? -1 : 1;
    int c = strcmp(a->ticket, b->ticket);
    if (c)
        return c;
    c = strcmp(a->project, b->project);
    if (c)
        return c;
    CMP(a->day, b->day);
    CMP(a->entry_id, b->entry_id);
    CMP(a->tier_rank, b->tier_rank);
    return strcmp(a->tier, b->tier);
}

static int cmp_part(const void *x, const void *y)
{
    const part_ref *a = x, *b = y;
    int c = cmp_key(a, b);
    if (c)
        return c;
    CMP(a->rate, b->rate);
    CMP(a->tax, b->tax);
    CMP(a->seq, b->seq);
    return 0;
}

/* Lines of one key in the order their rates were first used. */
static int cmp_group(const void *x, const void *y)
{
    const group *a = x, *b = y;
    int c = cmp_key(a->key, b->key);
    if (c)
        return c;
    CMP(a->first_seq, b->first_seq);
    return 0;
}

/* Every part with billed time, keyed and sorted. Caller frees. */
static part_ref *collect_parts(const tk_inv_entry *const *es, size_t n, inv_grouping g,
                               size_t *count)
{
    part_ref *refs = xcalloc(n * BILL_MAX_PARTS + 1, sizeof *refs);
    *count = 0;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < es[i]->bill.nparts && j < BILL_MAX_PARTS; j++)
            if (es[i]->bill.parts[j].billed_seconds > 0)
                refs[(*count)++] = make_ref(es[i], &es[i]->bill.parts[j], i, g);
    if (*count)
        qsort(refs, *count, sizeof *refs, cmp_part);
    return refs;
}

/* Runs of equal key and rate, sorted for display. Caller frees. */
static group *make_groups(const part_ref *refs, size_t n, size_t *count)
{
    group *gs = xcalloc(n + 1, sizeof *gs);
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        group *g = *count ? &gs[*count - 1] : NULL;
        if (!g || cmp_key(g->key, &refs[i]) || g->key->rate != refs[i].rate ||
            g->key->tax != refs[i].tax) {
            g = &gs[(*count)++];
            g->key = &refs[i];
            g->from = i;
            g->first_seq = refs[i].seq;
            g->first_day = g->last_day = refs[i].e->day;
        }
        g->to = i + 1;
        if (refs[i].seq < g->first_seq)
            g->first_seq = refs[i].seq;
        if (refs[i].e->day < g->first_day)
            g->first_day = refs[i].e->day;
        if (refs[i].e->day > g->last_day)
            g->last_day = refs[i].e->day;
    }
    if (*count)
        qsort(gs, *count, sizeof *gs, cmp_group);
    return gs;
}

static const char *project_label(const tk_inv_entry *e)
{
    if (e->project_name && *e->project_name)
        return e->project_name;
    return e->project_key && *e->project_key ? e->project_key : "(no project)";
}

static void describe_key(strbuf *sb, const part_ref *k, inv_grouping g)
{
    char d[DAY_BUF];
    switch (g) {
    case INV_BY_PROJECT:
        sb_add(sb, project_label(k->e));
        break;
    case INV_BY_TIER:
        sb_add(sb, k->tier);
        break;
    case INV_BY_DAY:
        sb_add(sb, day_format(k->day, d));
        break;
    case INV_BY_ENTRY:
        sb_addf(sb, "%s %s", day_format(k->day, d), project_label(k->e));
        if (k->e->note && *k->e->note)
            sb_addf(sb, ": %s", k->e->note);
        if (k->tier_rank != 0)
            sb_addf(sb, " (%s)", k->tier);
        break;
    case INV_BY_TICKET:
        sb_add(sb, *k->ticket ? k->ticket : "(no ticket)");
        break;
    case INV_BY_PROJECT_TIER:
    default:
        sb_addf(sb, "%s (%s)", project_label(k->e), k->tier);
        break;
    }
}

/* Lines sharing a key differ by rate: tell them apart by dates when those do not overlap
 * (a rate change), else by the rate. gs[lo, hi) are the siblings, by first use. */
static void describe_sibling(strbuf *sb, const group *gs, size_t lo, size_t hi, size_t i,
                             int exponent)
{
    char a[DAY_BUF], b[DAY_BUF], r[32];
    bool disjoint = true;
    for (size_t k = lo; k + 1 < hi; k++)
        if (gs[k].last_day >= gs[k + 1].first_day)
            disjoint = false;
    if (!disjoint)
        sb_addf(sb, " at %s/h", money_format(gs[i].key->rate, exponent, r));
    else if (gs[i].first_day == gs[i].last_day)
        sb_addf(sb, ", %s", day_format(gs[i].first_day, a));
    else
        sb_addf(sb, ", %s to %s", day_format(gs[i].first_day, a), day_format(gs[i].last_day, b));
}

static int group_line(tk_invoice *inv, const group *g, const part_ref *refs, inv_grouping how,
                      char *description, tk_err *err)
{
    inv_ids ids = { 0 };
    tk_inv_line *l = inv_add_line(inv, INV_LINE_HOURS, description);
    l->rate_minor = g->key->rate;
    l->tax = g->key->tax;
    if (has_project(how) || how == INV_BY_ENTRY)
        l->project_key = xstrdup(g->key->e->project_key ? g->key->e->project_key : "");
    if (has_tier(how))
        l->tier = xstrdup(g->key->tier);
    for (size_t i = g->from; i < g->to; i++) {
        const part_ref *p = &refs[i];
        if (!p->p->has_rate)
            l->missing_rate = true;
        if (inv_line_take(l, &ids, p->e->entry_id, p->e->day, p->p->billed_seconds,
                          p->p->quantity_centi, p->p->amount_minor)) {
            free(ids.items);
            return tk_fail(err, "invoice: too much time on '%s'", l->description);
        }
    }
    return inv_line_finish(inv, l, &ids, err);
}

int inv_build_hourly(tk_invoice *inv, inv_grouping how, int exponent,
                     const tk_inv_entry *const *entries, size_t n, tk_err *err)
{
    size_t nrefs, ngroups, lo = 0;
    part_ref *refs = collect_parts(entries, n, how, &nrefs);
    group *gs = make_groups(refs, nrefs, &ngroups);
    int rc = 0;
    for (size_t i = 0; i < ngroups && !rc; i++) {
        strbuf sb = { 0 };
        size_t hi = i;
        if (i == 0 || cmp_key(gs[i - 1].key, gs[i].key))
            lo = i;
        while (hi < ngroups && !cmp_key(gs[hi].key, gs[i].key))
            hi++;
        describe_key(&sb, gs[i].key, how);
        if (hi - lo > 1)
            describe_sibling(&sb, gs, lo, hi, i, exponent);
        rc = group_line(inv, &gs[i], refs, how, sb_detach(&sb), err);
    }
    free(gs);
    free(refs);
    return rc;
}
