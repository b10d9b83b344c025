/* entry_set.c — some clients' entries held in memory in billing order, so a retainer's draws
 * over a long range read each entry once from the store instead of once per period. */
#include "entry_set.h"

#include <stdlib.h>
#include <string.h>

/* What billing reads of an entry (store_billing_each's columns) and the caller's tag. */
typedef struct kept {
    int64_t id, client_id, project_id, start, end, seconds, invoice_id, tag;
    tk_day day, last_day;
    int tier;                    /* index into tiers; -1: none (by the clock) */
    bool billable, has_range;
} kept;

struct entry_set {
    tk_day from, to;
    TK_VEC(int64_t) held;        /* clients whose every entry of [from, to] is here */
    TK_VEC(char *) tiers;        /* each distinct tier text once */
    TK_VEC(kept) items;
    bool sorted;
};

entry_set *entry_set_new(tk_day from, tk_day to)
{
    entry_set *s = xcalloc(1, sizeof *s);
    s->from = from;
    s->to = to;
    return s;
}

void entry_set_free(entry_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->tiers.len; i++)
        free(s->tiers.items[i]);
    free(s->tiers.items);
    free(s->held.items);
    free(s->items.items);
    free(s);
}

void entry_set_hold(entry_set *s, int64_t client_id)
{
    if (!entry_set_holds(s, client_id))
        TK_PUSH(s->held, client_id);
}

bool entry_set_holds(const entry_set *s, int64_t client_id)
{
    for (size_t i = 0; i < s->held.len; i++)
        if (s->held.items[i] == client_id)
            return true;
    return false;
}

static int tier_index(entry_set *s, const char *tier)
{
    if (!tier)
        return -1;
    for (size_t i = 0; i < s->tiers.len; i++)
        if (!strcmp(s->tiers.items[i], tier))
            return (int)i;
    TK_PUSH(s->tiers, xstrdup(tier));
    return (int)s->tiers.len - 1;
}

void entry_set_add(entry_set *s, const tk_entry *e, int64_t tag)
{
    if (e->day < s->from || e->day > s->to)
        return;
    kept k = { e->id, e->client_id, e->project_id, e->has_range ? e->start : 0,
               e->has_range ? e->end : 0, e->seconds, e->invoice_id, tag, e->day, e->last_day,
               tier_index(s, e->tier), e->billable, e->has_range };
    TK_PUSH(s->items, k);
    s->sorted = false;
}

static int cmp_kept(const void *x, const void *y)
{
    const kept *a = x, *b = y;
    if (a->client_id != b->client_id)
        return a->client_id < b->client_id ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    if (a->start != b->start)   /* 0 without a range, as IFNULL(start_utc, 0) */
        return a->start < b->start ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

void entry_set_sort(entry_set *s)
{
    if (s->items.len)
        qsort(s->items.items, s->items.len, sizeof *s->items.items, cmp_kept);
    s->sorted = true;
}

static tk_entry entry_of(const entry_set *s, const kept *k)
{
    return (tk_entry){ .id = k->id, .client_id = k->client_id, .project_id = k->project_id,
                       .tier = k->tier >= 0 ? s->tiers.items[k->tier] : NULL,
                       .billable = k->billable, .day = k->day, .last_day = k->last_day,
                       .has_range = k->has_range, .start = k->start, .end = k->end,
                       .seconds = k->seconds, .invoice_id = k->invoice_id };
}

/* The first kept entry at or after (client_id, day). */
static size_t lower_bound(const entry_set *s, int64_t client_id, tk_day day)
{
    size_t lo = 0, hi = s->items.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const kept *k = &s->items.items[mid];
        if (k->client_id < client_id || (k->client_id == client_id && k->day < day))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int entry_set_each(const entry_set *s, int64_t client_id, tk_day from, tk_day to,
                   int (*fn)(const tk_entry *e, void *ctx), void *ctx)
{
    if (!s->sorted || from < s->from || to > s->to || !entry_set_holds(s, client_id))
        return ENTRY_SET_MISS;
    for (size_t i = lower_bound(s, client_id, from); i < s->items.len; i++) {
        const kept *k = &s->items.items[i];
        if (k->client_id != client_id || k->day > to)
            break;
        tk_entry e = entry_of(s, k);
        int rc = fn(&e, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

int entry_set_walk(const entry_set *s, int (*fn)(const tk_entry *e, int64_t tag, void *ctx),
                   void *ctx)
{
    for (size_t i = 0; i < s->items.len; i++) {
        tk_entry e = entry_of(s, &s->items.items[i]);
        int rc = fn(&e, s->items.items[i].tag, ctx);
        if (rc)
            return rc;
    }
    return 0;
}
