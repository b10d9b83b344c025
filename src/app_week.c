/* app_week.c — loading one week: the only query is bounded by the week's days (and one on
 * each side). */
#include "app.h"
#include "week_grid.h"
#include "billing.h"
#include "app_week.h"
#include "app_billing.h"
#include "app_team.h"

#include <stdlib.h>
#include <string.h>

struct load {
    week_grid *g;
    app_biller *b;
    tk_err *err;
    int64_t all_minor;  /* every currency at once: only to know the sums cannot overflow */
    int64_t begin, end; /* the week's instants in the current time zone */
};

static int add_entry(const tk_entry *e, void *p)
{
    struct load *l = p;
    bool billed_here = e->day >= l->g->start && e->day <= l->g->start + 6; /* the day it began */
    if (!billed_here && !(e->has_range && e->end > l->begin && e->start < l->end))
        return 0; /* a neighbouring day's entry that has no time in this week */
    /* The store sends ids only; the keys come from the biller's cache of each client, once
     * per row: a row is found by the entry's client and project ids, so its pair was named,
     * and checked (a project of another client is an error), when the row was made. */
    week_grid_spot spot;
    week_row *row = week_grid_find(l->g, e, &spot);
    const tk_client *c = NULL;
    if (!row) {
        tk_entry named = *e;
        if (!(c = app_biller_name(l->b, &named, l->err)))
            return -1;
        row = week_grid_open(l->g, e, &spot, named.client, named.project);
    }
    week_grid_put(l->g, row, e);
    if (!billed_here)
        return 0;
    int64_t billed, amount;
    if (app_bill_brief(l->b, e, &billed, &amount, l->err))
        return -1;
    /* Amounts are never negative, so a grand total that fits means every per-currency sum
     * of rows fits too. */
    if (tk_add64(row->billed_seconds, billed, &row->billed_seconds) ||
        tk_add64(row->amount_minor, amount, &row->amount_minor) ||
        tk_add64(l->g->billed_seconds, billed, &l->g->billed_seconds) ||
        tk_add64(l->all_minor, amount, &l->all_minor))
        return tk_fail(l->err, "the week's billed amounts are too large to add up");
    /* At its first entry billed here (not one of a day beside): its client's, as another
     * of its rows found it, else the biller's. */
    if (!row->currency && !(row->currency = week_grid_currency_of(l->g, row))) {
        if (!c && !(c = app_biller_client(l->b, e->client_id, l->err)))
            return -1;
        week_grid_set_currency(l->g, row, c->currency);
    }
    return 0;
}

/* The week's first entries are held until the biller knows whether the week is busy: one
 * with many clients reads every client's rules at once (app_rules_expect) instead of the
 * first few one by one first. The rest go straight to add_entry. */
#define HELD_MAX 64

struct held {
    struct load *l;
    tk_entry entries[HELD_MAX];
    size_t n;
    TK_VEC(char *) tiers;       /* the held entries' tiers, each copied once */
    uint64_t clients;           /* bit (client id mod 64) of each client seen */
    bool streaming;             /* past the held ones */
};

static char *held_tier(struct held *h, const char *tier)
{
    if (!tier)
        return NULL;
    for (size_t i = 0; i < h->tiers.len; i++)
        if (!strcmp(h->tiers.items[i], tier))
            return h->tiers.items[i];
    TK_PUSH(h->tiers, xstrdup(tier));
    return h->tiers.items[h->tiers.len - 1];
}

/* At least this many distinct clients (ids that share a bit count once): enough to tell a
 * busy week from a quiet one. */
static size_t held_clients(const struct held *h)
{
    size_t n = 0;
    for (uint64_t b = h->clients; b; b &= b - 1)
        n++;
    return n;
}

/* Tells the rules cache what is coming, then folds and bills the held entries. */
static int held_flush(struct held *h)
{
    h->streaming = true;
    if (app_rules_expect(app_biller_rules(h->l->b), held_clients(h), h->l->err))
        return -1;
    for (size_t i = 0; i < h->n; i++)
        if (add_entry(&h->entries[i], h->l))
            return -1;
    return 0;
}

static int hold_entry(const tk_entry *e, void *p)
{
    struct held *h = p;
    if (h->streaming)
        return add_entry(e, h->l);
    h->entries[h->n] = *e;
    h->entries[h->n++].tier = held_tier(h, e->tier);
    h->clients |= (uint64_t)1 << ((uint64_t)e->client_id & 63);
    return h->n == HELD_MAX ? held_flush(h) : 0;
}

/* Reads the week's entries, folding and billing each. */
static int read_week(tk_app *app, int64_t user_id, tk_day start, struct load *l)
{
    struct held h;   /* not zeroed whole: its entries are written before they are read */
    h.l = l;
    h.n = 0;
    h.tiers.items = NULL;
    h.tiers.len = h.tiers.cap = 0;
    h.clients = 0;
    h.streaming = false;
    int rc = store_entry_week_each(app->st, user_id, start, start + 6, l->begin, l->end,
                                   hold_entry, &h, l->err) < 0 ? -1 : 0;
    if (rc == 0 && !h.streaming)
        rc = held_flush(&h);
    for (size_t i = 0; i < h.tiers.len; i++)
        free(h.tiers.items[i]);
    free(h.tiers.items);
    return rc;
}

/* On biller `on`, else on one of its own (on *rules when set, else setting it). */
static int load_week(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                     app_biller *on, app_rules **rules, tk_err *err)
{
    struct load l = { g, on ? on : app_biller_new_on(app, rules ? *rules : NULL, err), err, 0,
                      local_day_start(start), local_day_start(start + 7) };
    if (!l.b)
        return -1;
    if (!on && rules && !*rules)
        *rules = app_rules_keep(app_biller_rules(l.b));
    /* Entries keep the local days of where they were recorded; read after a move to another
     * time zone, a range may fall a day earlier or later. One day more on each side finds
     * it, and week_grid_add keeps only the seconds inside this week. */
    int rc = read_week(app, user_id, start, &l);
    if (!on)
        app_biller_free(l.b);
    if (rc)
        return -1;
    tk_timer t;
    rc = store_timer_get(app->st, user_id, &t, err);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        week_grid_add_timer(g, &t, now);
        tk_timer_clear(&t);
    }
    /* Each day is locked when its period is (with monthly periods, a week may hold two). */
    for (int i = 0; i < 7; i++) {
        tk_week_state s;
        if (i && app_period_of(app, start + i) == app_period_of(app, start + i - 1)) {
            if (g->locked_days & (1u << (i - 1)))
                g->locked_days |= 1u << i;
            continue;
        }
        if (store_week_get(app->st, user_id, app_period_of(app, start + i), &s, err) < 0)
            return -1;
        if (s == WEEK_SUBMITTED || s == WEEK_APPROVED)
            g->locked_days |= 1u << i;
    }
    return 0;
}

int app_week_load(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                  tk_err *err)
{
    return app_week_load_on(app, user_id, start, now, g, NULL, err);
}

static int load_on(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                   app_biller *on, app_rules **rules, tk_err *err)
{
    week_grid_init(g, start);
    /* One snapshot: the week's entries, the bills of its retainer periods, the timer and the
     * locks agree, and a busy week's hundreds of statements share one read transaction
     * instead of each taking and releasing its own. Inside a caller's transaction (the
     * BEGIN fails), it reads in that one. */
    tk_err ignored = { "" };
    bool own = app_read_begin(app, &ignored) == 0;
    int rc = load_week(app, user_id, start, now, g, on, rules, err);
    if (own)
        app_read_end(app);
    if (rc)
        return -1;
    week_grid_sort(g);
    return 0;
}

int app_week_load_on(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                     app_rules **rules, tk_err *err)
{
    return load_on(app, user_id, start, now, g, NULL, rules, err);
}

int app_week_load_by(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                     app_biller *b, tk_err *err)
{
    return load_on(app, user_id, start, now, g, b, NULL, err);
}
