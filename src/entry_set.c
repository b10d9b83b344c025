/* entry_set.c — some clients' entries held in memory in billing order, so a retainer's draws
 * over a long range read each entry once from the store instead of once per period. */
#include "entry_set.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* What billing reads of an entry (store_billing_each's columns) and the caller's tag, in 40
 * bytes: a year of a busy history holds tens of thousands (issue 21: peak RSS). An entry whose
 * values do not fit (ids or times past 32 bits, thousands of users or tiers...) is kept whole
 * in `wide` instead, and its `id` is its index there. */
typedef struct kept {
    uint32_t id, project_id, invoice_id;   /* 0: none */
    uint32_t start;              /* 0 without a range, as IFNULL(start_utc, 0) */
    uint32_t span, seconds;      /* span: end - start */
    tk_day day, last_day;
    uint32_t client;             /* index into held */
    unsigned tag : 13;
    unsigned flags : 3;          /* KEPT_* */
    unsigned tier : 16;          /* 1 + index into tiers; 0: none (by the clock) */
} kept;

#define KEPT_TAGS (1 << 13)
#define KEPT_TIERS 0xffff
static_assert(sizeof(kept) == 40, "kept: 40 bytes an entry");

#define KEPT_BILLABLE 1
#define KEPT_RANGE 2
#define KEPT_WIDE 4

typedef struct kept_wide {
    int64_t id, client_id, project_id, start, end, seconds, invoice_id, tag;
    tk_day last_day;
    int tier;
} kept_wide;

struct entry_set {
    tk_day from, to;
    TK_VEC(int64_t) held;        /* clients whose every entry of [from, to] is here */
    uint64_t small[64];          /* held ids below 4096, as bits: asked once per entry read */
    TK_VEC(char *) tiers;        /* each distinct tier text once */
    TK_VEC(kept) items;
    TK_VEC(kept_wide) wide;      /* the entries too large for a kept */
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
    free(s->wide.items);
    free(s);
}

void entry_set_hold(entry_set *s, int64_t client_id)
{
    if (entry_set_holds(s, client_id))
        return;
    TK_PUSH(s->held, client_id);
    if (client_id >= 0 && client_id < 4096)
        s->small[client_id >> 6] |= (uint64_t)1 << (client_id & 63);
}

/* client_id's index in held, or held.len. */
static size_t held_index(const entry_set *s, int64_t client_id)
{
    size_t i = 0;
    while (i < s->held.len && s->held.items[i] != client_id)
        i++;
    return i;
}

bool entry_set_holds(const entry_set *s, int64_t client_id)
{
    if (client_id >= 0 && client_id < 4096)
        return s->small[client_id >> 6] >> (client_id & 63) & 1;
    return held_index(s, client_id) < s->held.len;
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

static bool fits32(int64_t v)
{
    return v >= 0 && v <= (int64_t)UINT32_MAX;
}

void entry_set_add(entry_set *s, const tk_entry *e, int64_t tag)
{
    if (e->day < s->from || e->day > s->to)
        return;
    int64_t start = e->has_range ? e->start : 0, end = e->has_range ? e->end : 0;
    int tier = tier_index(s, e->tier);
    kept k = { .day = e->day, .last_day = e->last_day,
               .client = (uint32_t)held_index(s, e->client_id),
               .flags = (e->billable ? KEPT_BILLABLE : 0u) | (e->has_range ? KEPT_RANGE : 0u) };
    if (k.client < s->held.len && fits32(e->id) && fits32(e->project_id) &&
        fits32(e->invoice_id) && fits32(start) && end >= start && fits32(end - start) &&
        fits32(e->seconds) && tag >= 0 && tag < KEPT_TAGS && tier < KEPT_TIERS - 1) {
        k.id = (uint32_t)e->id;
        k.project_id = (uint32_t)e->project_id;
        k.invoice_id = (uint32_t)e->invoice_id;
        k.start = (uint32_t)start;
        k.span = (uint32_t)(end - start);
        k.seconds = (uint32_t)e->seconds;
        k.tag = (unsigned)tag & (KEPT_TAGS - 1);
        k.tier = (unsigned)(tier + 1) & KEPT_TIERS;
    } else {
        kept_wide w = { e->id, e->client_id, e->project_id, start, end, e->seconds,
                        e->invoice_id, tag, e->last_day, tier };
        k.flags |= KEPT_WIDE;
        k.id = (uint32_t)s->wide.len;
        TK_PUSH(s->wide, w);
    }
    TK_PUSH(s->items, k);
    s->sorted = false;
}

static int64_t kept_client(const entry_set *s, const kept *k)
{
    return k->flags & KEPT_WIDE ? s->wide.items[k->id].client_id : s->held.items[k->client];
}

static int64_t kept_start(const entry_set *s, const kept *k)
{
    return k->flags & KEPT_WIDE ? s->wide.items[k->id].start : k->start;
}

static int64_t kept_id(const entry_set *s, const kept *k)
{
    return k->flags & KEPT_WIDE ? s->wide.items[k->id].id : k->id;
}

static int64_t kept_tag(const entry_set *s, const kept *k)
{
    return k->flags & KEPT_WIDE ? s->wide.items[k->id].tag : k->tag;
}

static const entry_set *sorting;   /* the set entry_set_sort sorts, for cmp_kept */

static int cmp_kept(const void *x, const void *y)
{
    const kept *a = x, *b = y;
    if (!((a->flags | b->flags) & KEPT_WIDE)) {   /* held is in id order (entry_set_sort) */
        if (a->client != b->client)
            return a->client < b->client ? -1 : 1;
        if (a->day != b->day)
            return a->day < b->day ? -1 : 1;
        if (a->start != b->start)
            return a->start < b->start ? -1 : 1;
        return (a->id > b->id) - (a->id < b->id);
    }
    int64_t ca = kept_client(sorting, a), cb = kept_client(sorting, b);
    if (ca != cb)
        return ca < cb ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    int64_t sa = kept_start(sorting, a), sb = kept_start(sorting, b);
    if (sa != sb)   /* 0 without a range, as IFNULL(start_utc, 0) */
        return sa < sb ? -1 : 1;
    int64_t ia = kept_id(sorting, a), ib = kept_id(sorting, b);
    return (ia > ib) - (ia < ib);
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* An entry's place among those of its client and day (none wide): start, then id. */
static inline uint64_t day_rank(const kept *k)
{
    return (uint64_t)k->start << 32 | k->id;
}

/* Sorts it[0, n), entries of one client and day (none wide), into billing order by day_rank:
 * insertion for a few, else a merge sort with the comparison inline (a retainer client's
 * busy days, which qsort's calls made a sixth of the sort). tmp has room for n / 2. */
static void sort_day(kept *it, kept *tmp, size_t n)
{
    if (n < 12) {
        for (size_t i = 1; i < n; i++) {
            kept k = it[i];
            size_t j = i;
            for (; j > 0 && day_rank(&it[j - 1]) > day_rank(&k); j--)
                it[j] = it[j - 1];
            it[j] = k;
        }
        return;
    }
    size_t h = n / 2, i = 0, j = h, o = 0;
    sort_day(it, tmp, h);
    sort_day(it + h, tmp, n - h);
    if (day_rank(&it[h - 1]) < day_rank(&it[h]))
        return;   /* the halves are in order already */
    memcpy(tmp, it, h * sizeof *it);
    while (i < h && j < n)   /* o <= j: nothing unread is written over */
        it[o++] = day_rank(&tmp[i]) < day_rank(&it[j]) ? tmp[i++] : it[j++];
    while (i < h)
        it[o++] = tmp[i++];
}

/* A counting sort by (client, day), then each day's entries sorted (sort_day), for a set with
 * no wide entries over a range of days of reasonable length: a year of held entries sorts in
 * fewer comparisons than one merge sort of them all. The entries move in place, along the
 * cycles of where each goes: 4 bytes an entry besides them, not a second copy (peak RSS).
 * False when it does not apply. */
static bool sort_by_days(entry_set *s)
{
    size_t n = s->items.len;
    int64_t days = (int64_t)s->to - s->from + 1;
    if (s->wide.len || days < 1 || days > 4000 || n > UINT32_MAX ||
        (uint64_t)days * s->held.len > 4 * (uint64_t)n + 65536)
        return false;
    size_t nb = (size_t)days * s->held.len;
    kept *it = s->items.items;
    uint32_t *at = xcalloc(nb + 1, sizeof *at), *dest = xcalloc(n + 1, sizeof *dest);
    for (size_t i = 0; i < n; i++)
        at[it[i].client * (size_t)days + (size_t)(it[i].day - s->from) + 1]++;
    for (size_t b = 1; b <= nb; b++)
        at[b] += at[b - 1];
    for (size_t i = 0; i < n; i++)
        dest[i] = at[it[i].client * (size_t)days + (size_t)(it[i].day - s->from)]++;
    for (size_t i = 0; i < n; i++)
        while (dest[i] != i) {   /* each swap puts one entry where it goes */
            uint32_t j = dest[i];
            kept t = it[j];
            it[j] = it[i];
            it[i] = t;
            dest[i] = dest[j];
            dest[j] = j;
        }
    free(dest);
    /* at[b] is now where bucket b ends, and so where b + 1 begins. */
    size_t most = 0;
    for (size_t b = 0, lo = 0; b < nb; lo = at[b++])
        most = at[b] - lo > most ? at[b] - lo : most;
    kept *tmp = xcalloc(most / 2 + 1, sizeof *tmp);
    for (size_t b = 0, lo = 0; b < nb; lo = at[b++])
        sort_day(it + lo, tmp, at[b] - lo);
    free(tmp);
    free(at);
    return true;
}

void entry_set_sort(entry_set *s)
{
    /* Put held in id order and renumber the kept entries' clients to match, so cmp_kept
     * compares a kept's own fields. */
    size_t n = s->held.len;
    int64_t *old = xcalloc(n + 1, sizeof *old);
    uint32_t *rank = xcalloc(n + 1, sizeof *rank);
    if (n) {
        memcpy(old, s->held.items, n * sizeof *old);
        qsort(s->held.items, n, sizeof *s->held.items, cmp_id);
    }
    for (size_t i = 0; i < n; i++)
        rank[i] = (uint32_t)held_index(s, old[i]);
    for (size_t i = 0; i < s->items.len; i++)
        if (!(s->items.items[i].flags & KEPT_WIDE))
            s->items.items[i].client = rank[s->items.items[i].client];
    free(old);
    free(rank);
    sorting = s;
    if (s->items.len && !sort_by_days(s))
        qsort(s->items.items, s->items.len, sizeof *s->items.items, cmp_kept);
    sorting = NULL;
    s->sorted = true;
}

static tk_entry entry_of(const entry_set *s, const kept *k)
{
    tk_entry e = { .billable = k->flags & KEPT_BILLABLE, .day = k->day,
                   .has_range = k->flags & KEPT_RANGE };
    if (k->flags & KEPT_WIDE) {
        const kept_wide *w = &s->wide.items[k->id];
        e.id = w->id;
        e.client_id = w->client_id;
        e.project_id = w->project_id;
        e.tier = w->tier >= 0 ? s->tiers.items[w->tier] : NULL;
        e.last_day = w->last_day;
        e.start = w->start;
        e.end = w->end;
        e.seconds = w->seconds;
        e.invoice_id = w->invoice_id;
        return e;
    }
    e.id = k->id;
    e.client_id = s->held.items[k->client];
    e.project_id = k->project_id;
    e.tier = k->tier ? s->tiers.items[k->tier - 1] : NULL;
    e.last_day = k->last_day;
    e.start = k->start;
    e.end = (int64_t)k->start + k->span;
    e.seconds = k->seconds;
    e.invoice_id = k->invoice_id;
    return e;
}

/* The first kept entry at or after (client_id, day). */
static size_t lower_bound(const entry_set *s, int64_t client_id, tk_day day)
{
    size_t lo = 0, hi = s->items.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const kept *k = &s->items.items[mid];
        int64_t c = kept_client(s, k);
        if (c < client_id || (c == client_id && k->day < day))
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
        if (kept_client(s, k) != client_id || k->day > to)
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
        int rc = fn(&e, kept_tag(s, &s->items.items[i]), ctx);
        if (rc)
            return rc;
    }
    return 0;
}
