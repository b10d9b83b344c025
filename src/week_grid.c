/* week_grid.c — folds entries into the rows and columns of one week. */
#include "week_grid.h"

#include <stdlib.h>
#include <string.h>

void week_grid_init(week_grid *g, tk_day start)
{
    memset(g, 0, sizeof *g);
    g->start = start;
}

void week_grid_free(week_grid *g)
{
    for (size_t i = 0; i < g->nrows; i++) {
        free(g->rows[i].client);
        free(g->rows[i].project);
        free(g->rows[i].tier);
        free(g->rows[i].currency);
    }
    free(g->rows);
    memset(g, 0, sizeof *g);
}

static week_row *new_row(week_grid *g, int64_t client_id, const char *client, int64_t project_id,
                         const char *project, const char *tier, bool billable)
{
    if (g->nrows == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        g->rows = xrealloc(g->rows, g->cap * sizeof *g->rows);
    }
    week_row *r = &g->rows[g->nrows++];
    memset(r, 0, sizeof *r);
    r->client_id = client_id;
    r->project_id = project_id;
    r->client = xstrdup(client);
    r->project = xstrdup(project ? project : "");
    r->tier = xstrdup(tier);
    r->billable = billable;
    return r;
}

/* The row of a client/project/tier and billability: billable and non-billable time of the
 * same work are two rows, so neither hides in the other. */
static week_row *row_for(week_grid *g, int64_t client_id, const char *client, int64_t project_id,
                         const char *project, const char *tier, bool billable)
{
    for (size_t i = 0; i < g->nrows; i++) {
        week_row *r = &g->rows[i];
        if (r->client_id == client_id && r->project_id == project_id && !strcmp(r->tier, tier) &&
            r->billable == billable)
            return r;
    }
    return new_row(g, client_id, client, project_id, project, tier, billable);
}

week_row *week_grid_row(week_grid *g, int64_t client_id, const char *client, int64_t project_id,
                        const char *project, const char *tier)
{
    const char *t = tier ? tier : "";
    for (size_t i = 0; i < g->nrows; i++) {
        week_row *r = &g->rows[i];
        if (r->client_id == client_id && r->project_id == project_id && !strcmp(r->tier, t))
            return r;
    }
    return new_row(g, client_id, client, project_id, project, t, false);
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
        local_split_days(e->start, e->end, add_day, &c);
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
    local_split_days(t->start, now, add_day, &c);
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
    if (g->nrows > 1)
        qsort(g->rows, g->nrows, sizeof *g->rows, cmp_row);
}
