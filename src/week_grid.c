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
    for (size_t i = 0; i < g->blocks.len; i++)
        free(g->blocks.items[i]);
    free(g->blocks.items);
    free(g->rows);
    free(g->slots);
    memset(g, 0, sizeof *g);
}

#define WEEK_GRID_BLOCK 8192

char *week_grid_strdup(week_grid *g, const char *s)
{
    size_t n = strlen(s) + 1;
    if (n > g->block_left) {
        size_t size = n > WEEK_GRID_BLOCK ? n : WEEK_GRID_BLOCK;
        TK_PUSH(g->blocks, xmalloc(size));
        g->block_at = g->blocks.items[g->blocks.len - 1];
        g->block_left = size;
    }
    char *out = g->block_at;
    memcpy(out, s, n);
    g->block_at += n;
    g->block_left -= n;
    return out;
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

/* Indexes every row again: after a sort, or to grow (kept at most half full). */
static void reindex(week_grid *g)
{
    size_t want = 64;
    while (want < 2 * (g->nrows + 1))
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

week_row *week_grid_add(week_grid *g, const tk_entry *e)
{
    struct add_ctx c = { g, row_for(g, e->client_id, e->client, e->project_id, e->project,
                                    row_tier(e->tier), e->billable) };
    if (e->has_range)
        add_range(&c, e->start, e->end);
    else
        add_day(e->day, e->seconds, &c);
    if (e->invoice_id && e->day >= g->start && e->day < g->start + 7)
        c.r->locked_days |= 1u << (e->day - g->start);
    return c.r;
}

week_row *week_grid_add_timer(week_grid *g, const tk_timer *t, int64_t now)
{
    struct add_ctx c = { g, row_for(g, t->client_id, t->client, t->project_id, t->project,
                                    row_tier(t->tier), t->billable) };
    c.r->running = true;
    add_range(&c, t->start, now);
    return c.r;
}

static int cmp_row(const void *a, const void *b)
{
    const week_row *x = a, *y = b;
    int c = strcmp(x->client, y->client);
    if (!c)
        c = strcmp(x->project, y->project);
    if (!c)
        c = strcmp(x->tier, y->tier);
    if (!c)
        c = (int)y->billable - (int)x->billable; /* billable first */
    return c;
}

void week_grid_sort(week_grid *g)
{
    if (g->nrows > 1) {
        qsort(g->rows, g->nrows, sizeof *g->rows, cmp_row);
        if (g->nslots)
            reindex(g);
    }
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
