/* week_grid.c — folds entries into the rows and columns of one week. */
#include "week_grid.h"

#include <stdlib.h>
#include <string.h>

void week_grid_init(week_grid *g, tk_day start)
{
    memset(g, 0, sizeof *g);
    g->start = start;
    /* Computed once: splitting each entry at midnights was a time zone conversion or two per
     * entry (a busy week has thousands). */
    for (int d = 0; d < 8; d++)
        g->bounds[d] = local_day_start(start + d);
}

void week_grid_free(week_grid *g)
{
    str_pool_free(&g->strings);
    free(g->rows);
    free(g->slots);
    memset(g, 0, sizeof *g);
}

#define WEEK_GRID_BLOCK 8192

char *week_grid_strdup(week_grid *g, const char *s)
{
    return str_pool_dup(&g->strings, s, WEEK_GRID_BLOCK);
}

/* The slot of a row's key, or of the free slot where it would go. Billable and non-billable
 * time of the same work are two rows, so neither hides in the other. */
static size_t slot_of(const week_grid *g, int64_t client_id, int64_t project_id, const char *tier,
                      bool billable)
{
    uint64_t h = (uint64_t)client_id * 0x9e3779b97f4a7c15u ^ (uint64_t)project_id * 0xc2b2ae3d27d4eb4fu;
    h ^= billable;
    for (const unsigned char *c = (const unsigned char *)tier; *c; c++)
        h = (h ^ *c) * 0x100000001b3u;
    size_t i = (size_t)(h ^ h >> 29) & (g->nslots - 1);
    for (;;) {
        size_t k = g->slots[i];
        if (!k)
            return i;
        const week_row *r = &g->rows[k - 1];
        if (r->client_id == client_id && r->project_id == project_id && r->billable == billable &&
            !strcmp(r->tier, tier))
            return i;
        i = (i + 1) & (g->nslots - 1);
    }
}

/* Indexes every row again: after a sort, or to grow (kept at most half full; grown to a
 * quarter full, so a busy week's ~1,200 rows are indexed three times, not six). */
static void reindex(week_grid *g)
{
    size_t want = 64;
    while (want < 4 * (g->nrows + 1))
        want *= 2;
    if (want != g->nslots) {
        free(g->slots);
        g->slots = xcalloc(want, sizeof *g->slots);
        g->nslots = want;
    } else {
        memset(g->slots, 0, g->nslots * sizeof *g->slots);
    }
    for (size_t i = 0; i < g->nrows; i++) {
        const week_row *r = &g->rows[i];
        g->slots[slot_of(g, r->client_id, r->project_id, r->tier, r->billable)] = i + 1;
    }
}

/* The row of a client/project/tier and billability, created when missing. */
static week_row *row_for(week_grid *g, int64_t client_id, const char *client, int64_t project_id,
                         const char *project, const char *tier, bool billable)
{
    if (!g->nslots)
        reindex(g);
    size_t slot = slot_of(g, client_id, project_id, tier, billable);
    if (g->slots[slot])
        return &g->rows[g->slots[slot] - 1];
    if (g->nrows == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        g->rows = xrealloc(g->rows, g->cap * sizeof *g->rows);
    }
    week_row *r = &g->rows[g->nrows++];
    memset(r, 0, sizeof *r);
    r->client_id = client_id;
    r->project_id = project_id;
    r->client = week_grid_strdup(g, client);
    r->project = week_grid_strdup(g, project ? project : "");
    r->tier = week_grid_strdup(g, tier);
    r->billable = billable;
    if (2 * (g->nrows + 1) > g->nslots)
        reindex(g);
    else
        g->slots[slot] = g->nrows;
    return r;
}

week_row *week_grid_row(week_grid *g, int64_t client_id, const char *client, int64_t project_id,
                        const char *project, const char *tier)
{
    const char *t = tier ? tier : "";
    if (!g->nslots)
        reindex(g);
    size_t slot = slot_of(g, client_id, project_id, t, true);
    if (g->slots[slot])
        return &g->rows[g->slots[slot] - 1];
    return row_for(g, client_id, client, project_id, project, t, false);
}

struct add_ctx {
    week_grid *g;
    week_row *r;
};

static void add_day(tk_day day, int64_t seconds, void *p)
{
    struct add_ctx *c = p;
    int d = day - c->g->start;
    if (d < 0 || d > 6)
        return;
    c->r->seconds[d] += seconds;
    c->r->total += seconds;
    c->g->totals[d] += seconds;
    c->g->total += seconds;
}

/* A range's seconds in each day of the week, cut at the local midnights found once. */
static void add_range(struct add_ctx *c, int64_t start, int64_t end)
{
    const int64_t *b = c->g->bounds;
    if (end <= start || end <= b[0] || start >= b[7])
        return;
    /* Most ranges begin and end within one day of the week: that day alone (days are 23 to
     * 25 hours, so the day of start is the one guessed at 24 hours or beside it). */
    if (start >= b[0]) {
        int64_t g = (start - b[0]) / 86400;
        int d = g > 6 ? 6 : (int)g;
        if (start < b[d])
            d--;
        else if (d < 6 && start >= b[d + 1])
            d++;
        if (d >= 0 && start >= b[d] && end <= b[d + 1]) {
            add_day(c->g->start + d, end - start, c);
            return;
        }
    }
    for (int d = 0; d < 7; d++) {
        int64_t lo = start > b[d] ? start : b[d], hi = end < b[d + 1] ? end : b[d + 1];
        if (hi > lo)
            add_day(c->g->start + d, hi - lo, c);
    }
}

/* Rows show an explicit tier other than standard; "by the clock" and standard share a row. */
static const char *row_tier(const char *tier)
{
    return tier && strcmp(tier, TIER_STANDARD) ? tier : "";
}

week_row *week_grid_find(week_grid *g, const tk_entry *e)
{
    if (!g->nslots)
        reindex(g);
    size_t k = g->slots[slot_of(g, e->client_id, e->project_id, row_tier(e->tier), e->billable)];
    return k ? &g->rows[k - 1] : NULL;
}

week_row *week_grid_open(week_grid *g, const tk_entry *e, const char *client, const char *project)
{
    return row_for(g, e->client_id, client, e->project_id, project, row_tier(e->tier),
                   e->billable);
}

void week_grid_put(week_grid *g, week_row *r, const tk_entry *e)
{
    struct add_ctx c = { g, r };
    if (e->has_range)
        add_range(&c, e->start, e->end);
    else
        add_day(e->day, e->seconds, &c);
    if (e->invoice_id && e->day >= g->start && e->day < g->start + 7)
        r->locked_days |= 1u << (e->day - g->start);
}

week_row *week_grid_add(week_grid *g, const tk_entry *e)
{
    week_row *r = week_grid_open(g, e, e->client, e->project);
    week_grid_put(g, r, e);
    return r;
}

week_row *week_grid_add_timer(week_grid *g, const tk_timer *t, int64_t now)
{
    struct add_ctx c = { g, row_for(g, t->client_id, t->client, t->project_id, t->project,
                                    row_tier(t->tier), t->billable) };
    c.r->running = true;
    add_range(&c, t->start, now);
    return c.r;
}

/* Rows are ordered by client, project and tier name, billable first. A busy week has ~1,200
 * rows of ~200 clients: each client's name is ranked once, so most comparisons are of two
 * numbers, and the rows are merge-sorted by index (stable, as glibc's qsort was: the same
 * order even for rows whose names tie). */
struct sort_ctx {
    const week_row *rows;
    const uint32_t *rank;   /* by row index: its client name's rank */
};

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_at(const struct sort_ctx *c, uint32_t a, uint32_t b)
{
    if (c->rank[a] != c->rank[b])
        return c->rank[a] < c->rank[b] ? -1 : 1;
    const week_row *x = &c->rows[a], *y = &c->rows[b];
    int d = strcmp(x->project, y->project);
    if (!d)
        d = strcmp(x->tier, y->tier);
    if (!d)
        d = (int)y->billable - (int)x->billable; /* billable first */
    return d;
}

static void merge_sort(const struct sort_ctx *c, uint32_t *v, uint32_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(c, v, tmp, h);
    merge_sort(c, v + h, tmp, n - h);
    if (cmp_at(c, v[h - 1], v[h]) <= 0)
        return;   /* already in order */
    memcpy(tmp, v, h * sizeof *v);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        v[k++] = cmp_at(c, v[j], tmp[i]) < 0 ? v[j++] : tmp[i++];
    while (i < h)
        v[k++] = tmp[i++];
}

/* rank[i]: the rank of row i's client name among the rows' clients (equal names rank
 * equal). The clients found by id in a table over a power of two, at most half full. */
static void rank_clients(const week_grid *g, uint32_t *rank)
{
    size_t nslots = 64;
    while (nslots < 2 * g->nrows)
        nslots *= 2;
    uint32_t *slot = xcalloc(nslots, sizeof *slot);     /* distinct client + 1, 0 = free */
    const char **names = xmalloc(g->nrows * sizeof *names);
    uint32_t *of = xmalloc(g->nrows * sizeof *of);     /* row -> distinct client */
    size_t n = 0;
    for (size_t i = 0; i < g->nrows; i++) {
        uint64_t h = (uint64_t)g->rows[i].client_id * 0x9e3779b97f4a7c15u;
        size_t s = (size_t)(h >> 32) & (nslots - 1);
        while (slot[s] && g->rows[of[slot[s] - 1]].client_id != g->rows[i].client_id)
            s = (s + 1) & (nslots - 1);
        if (!slot[s]) {
            names[n] = g->rows[i].client;
            slot[s] = (uint32_t)++n;
            of[n - 1] = (uint32_t)i;   /* the first row of distinct client n - 1 */
        }
        rank[i] = slot[s] - 1;
    }
    /* Each distinct client's rank: the first place of its name among the sorted names. */
    const char **sorted = xmalloc(n * sizeof *sorted);
    memcpy(sorted, names, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_name);
    uint32_t *dr = xmalloc(n * sizeof *dr);
    for (size_t d = 0; d < n; d++) {
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(sorted[mid], names[d]) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        dr[d] = (uint32_t)lo;
    }
    for (size_t i = 0; i < g->nrows; i++)
        rank[i] = dr[rank[i]];
    free(dr);
    free(sorted);
    free(of);
    free(names);
    free(slot);
}

void week_grid_sort(week_grid *g)
{
    if (g->nrows <= 1)
        return;
    size_t n = g->nrows;
    uint32_t *rank = xmalloc(n * sizeof *rank);
    uint32_t *v = xmalloc(n * sizeof *v);
    uint32_t *tmp = xmalloc((n / 2 + 1) * sizeof *tmp);
    rank_clients(g, rank);
    for (size_t i = 0; i < n; i++)
        v[i] = (uint32_t)i;
    struct sort_ctx c = { g->rows, rank };
    merge_sort(&c, v, tmp, n);
    /* Row v[i] goes to place i: moved along each cycle of the permutation, in place (a copy
     * of a busy week's rows was ~40 fresh pages). */
    for (size_t i = 0; i < n; i++) {
        if (v[i] == i)
            continue;
        week_row hold = g->rows[i];
        size_t j = i;
        while (v[j] != i) {
            size_t k = v[j];
            g->rows[j] = g->rows[k];
            v[j] = (uint32_t)j;
            j = k;
        }
        g->rows[j] = hold;
        v[j] = (uint32_t)j;
    }
    free(tmp);
    free(v);
    free(rank);
    /* Indexed again at the next lookup, if any (the command line's week has none). */
    free(g->slots);
    g->slots = NULL;
    g->nslots = 0;
}

void week_row_label(const week_row *r, strbuf *sb)
{
    sb_add(sb, r->client);
    if (*r->project)
        sb_addf(sb, "/%s", r->project);
    if (*r->tier)
        sb_addf(sb, " [%s]", r->tier);
    if (!r->billable)
        sb_add(sb, " (non-billable)");
}
