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

/* A client of the grid's rows: its name (as its first row gave it), its currency (interned,
 * NULL until week_grid_set_currency) and, while sorting, the rank of that name. */
struct week_grid_client {
    int64_t id;
    char *name;
    char *currency;
    uint32_t rank;
};

void week_grid_free(week_grid *g)
{
    str_pool_free(&g->strings);
    for (size_t i = 0; i < g->blocks.len; i++)
        free(g->blocks.items[i]);
    free(g->blocks.items);
    free(g->rows);
    free(g->slots);
    free(g->clients);
    free(g->client_slots);
    free(g->interned.items);
    memset(g, 0, sizeof *g);
}

#define WEEK_GRID_BLOCK 8192
#define ROWS_BLOCK_MAX 512   /* rows per block at most (~72 KB) */

char *week_grid_strdup(week_grid *g, const char *s)
{
    return str_pool_dup(&g->strings, s, WEEK_GRID_BLOCK);
}

char *week_grid_intern(week_grid *g, const char *s)
{
    for (size_t i = 0; i < g->interned.len; i++) {
        const char *t = g->interned.items[i];
        if (*t == *s && !strcmp(t, s))   /* currencies mostly differ in their first letter */
            return g->interned.items[i];
    }
    TK_PUSH(g->interned, week_grid_strdup(g, s));
    return g->interned.items[g->interned.len - 1];
}

char *week_grid_currency_of(const week_grid *g, const week_row *r)
{
    return g->clients[r->client_ix].currency;
}

void week_grid_set_currency(week_grid *g, week_row *r, const char *s)
{
    r->currency = g->clients[r->client_ix].currency = week_grid_intern(g, s);
}

/* "" is shared, not copied (most rows have no tier, many no project). */
static char *grid_str(week_grid *g, const char *s)
{
    return s && *s ? week_grid_strdup(g, s) : (char *)"";
}

/* The hash of a row's key. Billable and non-billable time of the same work are two rows, so
 * neither hides in the other. */
static inline uint32_t key_hash(int64_t client_id, int64_t project_id, const char *tier, bool billable)
{
    uint64_t h = (uint64_t)client_id * 0x9e3779b97f4a7c15u ^ (uint64_t)project_id * 0xc2b2ae3d27d4eb4fu;
    h ^= billable;
    for (const unsigned char *c = (const unsigned char *)tier; *c; c++)
        h = (h ^ *c) * 0x100000001b3u;
    return (uint32_t)(h >> 32 ^ h >> 3);
}

/* Two tiers alike; most are "" (by the clock or standard), told apart without a call. */
static inline bool same_tier(const char *a, const char *b)
{
    return *a == *b && (!*a || !strcmp(a, b));
}

/* The slot of a row's key, or of the free slot where it would go. */
static inline size_t slot_of(const week_grid *g, uint32_t h, int64_t client_id, int64_t project_id,
                      const char *tier, bool billable)
{
    size_t i = h & (g->nslots - 1);
    for (;;) {
        uint32_t k = g->slots[i];
        if (!k)
            return i;
        const week_row *r = g->rows[k - 1];
        if (r->hash == h && r->client_id == client_id && r->project_id == project_id &&
            r->billable == billable && same_tier(r->tier, tier))
            return i;
        i = (i + 1) & (g->nslots - 1);
    }
}

/* Indexes every row again: after a sort, or to grow (kept at most half full; grown to a
 * quarter full, so a busy week's ~1,200 rows are indexed three times, not six). Each row
 * keeps its hash: nothing is hashed again. */
static void reindex(week_grid *g)
{
    g->slots_era++;
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
        size_t s = g->rows[i]->hash & (g->nslots - 1);
        while (g->slots[s])
            s = (s + 1) & (g->nslots - 1);
        g->slots[s] = (uint32_t)i + 1;
    }
}

/* The place of a client among the grid's, added (named `name`) when new. */
static uint32_t client_of(week_grid *g, int64_t id, const char *name)
{
    if (2 * (g->nclients + 1) > g->nclient_slots) {
        free(g->client_slots);
        g->nclient_slots = g->nclient_slots ? 2 * g->nclient_slots : 64;
        g->client_slots = xcalloc(g->nclient_slots, sizeof *g->client_slots);
        for (size_t i = 0; i < g->nclients; i++) {
            size_t s = (size_t)((uint64_t)g->clients[i].id * 0x9e3779b97f4a7c15u >> 32) &
                       (g->nclient_slots - 1);
            while (g->client_slots[s])
                s = (s + 1) & (g->nclient_slots - 1);
            g->client_slots[s] = (uint32_t)i + 1;
        }
    }
    size_t s = (size_t)((uint64_t)id * 0x9e3779b97f4a7c15u >> 32) & (g->nclient_slots - 1);
    for (uint32_t k; (k = g->client_slots[s]); s = (s + 1) & (g->nclient_slots - 1))
        if (g->clients[k - 1].id == id)
            return k - 1;
    if (g->nclients == g->clients_cap) {
        g->clients_cap = g->clients_cap ? 2 * g->clients_cap : 64;
        g->clients = xrealloc(g->clients, g->clients_cap * sizeof *g->clients);
    }
    g->clients[g->nclients] = (week_grid_client){ id, grid_str(g, name), NULL, 0 };
    g->client_slots[s] = (uint32_t)++g->nclients;
    return (uint32_t)g->nclients - 1;
}

/* Room for one more row: rows live in blocks that never move (growing one array copied
 * a busy week's rows eight times over), the row pointers in one array. */
static week_row *row_alloc(week_grid *g)
{
    if (!g->block_left) {
        size_t n = g->blocks.len < 5 ? (size_t)16 << g->blocks.len : ROWS_BLOCK_MAX;
        TK_PUSH(g->blocks, xmalloc(n * sizeof(week_row)));
        g->block_left = n;
        g->block_size = n;
    }
    week_row *r = g->blocks.items[g->blocks.len - 1] + (g->block_size - g->block_left--);
    if (g->nrows == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        g->rows = xrealloc(g->rows, g->cap * sizeof *g->rows);
    }
    g->rows[g->nrows++] = r;
    return r;
}

/* The row of a client/project/tier and billability, created when missing; h is the key's
 * hash, slot where slot_of found it or its free slot. */
static week_row *row_at(week_grid *g, uint32_t h, size_t slot, int64_t client_id,
                        const char *client, int64_t project_id, const char *project,
                        const char *tier, bool billable)
{
    if (g->slots[slot])
        return g->rows[g->slots[slot] - 1];
    uint32_t cx = client_of(g, client_id, client);
    week_row *r = row_alloc(g);
    memset(r, 0, sizeof *r);
    r->client_id = client_id;
    r->project_id = project_id;
    r->client = strcmp(g->clients[cx].name, client) ? grid_str(g, client) : g->clients[cx].name;
    r->project = grid_str(g, project);
    r->tier = grid_str(g, tier);
    r->billable = billable;
    r->hash = h;
    r->client_ix = cx;
    if (2 * (g->nrows + 1) > g->nslots) {
        reindex(g);
    } else {
        g->slots[slot] = (uint32_t)g->nrows;
        g->slots_era++;
    }
    return r;
}

static week_row *row_for(week_grid *g, int64_t client_id, const char *client, int64_t project_id,
                         const char *project, const char *tier, bool billable)
{
    if (!g->nslots)
        reindex(g);
    uint32_t h = key_hash(client_id, project_id, tier, billable);
    return row_at(g, h, slot_of(g, h, client_id, project_id, tier, billable), client_id, client,
                  project_id, project, tier, billable);
}

week_row *week_grid_row(week_grid *g, int64_t client_id, const char *client, int64_t project_id,
                        const char *project, const char *tier)
{
    const char *t = tier ? tier : "";
    if (!g->nslots)
        reindex(g);
    size_t slot = slot_of(g, key_hash(client_id, project_id, t, true), client_id, project_id, t,
                          true);
    if (g->slots[slot])
        return g->rows[g->slots[slot] - 1];
    return row_for(g, client_id, client, project_id, project, t, false);
}

struct add_ctx {
    week_grid *g;
    week_row *r;
};

static inline void add_day(tk_day day, int64_t seconds, void *p)
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
static inline void add_range(struct add_ctx *c, int64_t start, int64_t end)
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

week_row *week_grid_find(week_grid *g, const tk_entry *e, week_grid_spot *spot)
{
    if (!g->nslots)
        reindex(g);
    const char *t = row_tier(e->tier);
    spot->hash = key_hash(e->client_id, e->project_id, t, e->billable);
    spot->slot = slot_of(g, spot->hash, e->client_id, e->project_id, t, e->billable);
    spot->era = g->slots_era;
    uint32_t k = g->slots[spot->slot];
    return k ? g->rows[k - 1] : NULL;
}

week_row *week_grid_open(week_grid *g, const tk_entry *e, const week_grid_spot *spot,
                         const char *client, const char *project)
{
    /* The spot holds while the slots are as they were (a row added since may have taken
     * it; a sort or a reindex moved every row's slot). */
    if (!spot || spot->era != g->slots_era || !g->nslots)
        return row_for(g, e->client_id, client, e->project_id, project, row_tier(e->tier),
                       e->billable);
    return row_at(g, spot->hash, spot->slot, e->client_id, client, e->project_id, project,
                  row_tier(e->tier), e->billable);
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
    week_row *r = week_grid_open(g, e, NULL, e->client, e->project);
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

/* Rows are ordered by client, project and tier name (strcmp), billable first; rows whose
 * names tie keep the order they came in. A busy week has ~1,200 rows of ~200 clients: the
 * clients' names are sorted once, the rows put in their client's place by counting (stable),
 * and only a client's few rows are compared by project and tier. */

/* Merge sort of client places by name (stable). */
static void sort_clients(const week_grid_client *c, uint32_t *v, uint32_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_clients(c, v, tmp, h);
    sort_clients(c, v + h, tmp, n - h);
    if (strcmp(c[v[h - 1]].name, c[v[h]].name) <= 0)
        return;   /* already in order */
    memcpy(tmp, v, h * sizeof *v);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        v[k++] = strcmp(c[v[j]].name, c[tmp[i]].name) < 0 ? v[j++] : tmp[i++];
    while (i < h)
        v[k++] = tmp[i++];
}

/* Each client's rank: the number of distinct names before its own. */
static void rank_clients(week_grid *g, uint32_t *v, uint32_t *tmp)
{
    for (size_t i = 0; i < g->nclients; i++)
        v[i] = (uint32_t)i;
    sort_clients(g->clients, v, tmp, g->nclients);
    uint32_t rank = 0;
    for (size_t i = 0; i < g->nclients; i++) {
        if (i && strcmp(g->clients[v[i - 1]].name, g->clients[v[i]].name))
            rank++;
        g->clients[v[i]].rank = rank;
    }
}

/* strcmp's sign, without the call for the same or an empty string. */
static inline int name_cmp(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (*a != *b || !*a)
        return (int)(unsigned char)*a - (int)(unsigned char)*b;
    return strcmp(a, b);
}

/* Order within one client: project, tier, billable first. */
static int cmp_in_client(const week_row *x, const week_row *y)
{
    int d = name_cmp(x->project, y->project);
    if (!d)
        d = name_cmp(x->tier, y->tier);
    if (!d)
        d = (int)y->billable - (int)x->billable;
    return d;
}

void week_grid_sort(week_grid *g)
{
    if (g->nrows <= 1)
        return;
    size_t n = g->nrows, nc = g->nclients;
    uint32_t *v = xmalloc(2 * (nc + 1) * sizeof *v);
    rank_clients(g, v, v + nc + 1);
    /* Rows counted per rank, then each placed after the ranks before it, in the order they
     * are in now. */
    uint32_t *at = v;   /* its first nc + 1 reused */
    memset(at, 0, (nc + 1) * sizeof *at);
    for (size_t i = 0; i < n; i++)
        at[g->clients[g->rows[i]->client_ix].rank + 1]++;
    for (size_t r = 1; r <= nc; r++)
        at[r] += at[r - 1];
    week_row **out = xmalloc(g->cap * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[at[g->clients[g->rows[i]->client_ix].rank]++] = g->rows[i];
    free(v);
    /* Each client's run by project, tier and billability: insertion sort (stable). */
    for (size_t lo = 0, hi; lo < n; lo = hi) {
        uint32_t rank = g->clients[out[lo]->client_ix].rank;
        for (hi = lo + 1; hi < n && g->clients[out[hi]->client_ix].rank == rank; hi++) {
            week_row *r = out[hi];
            size_t j = hi;
            for (; j > lo && cmp_in_client(out[j - 1], r) > 0; j--)
                out[j] = out[j - 1];
            out[j] = r;
        }
    }
    free(g->rows);
    g->rows = out;
    /* Indexed again at the next lookup, if any (the command line's week has none). */
    free(g->slots);
    g->slots = NULL;
    g->nslots = 0;
    g->slots_era++;
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
