/* app_profit.c — what clients, projects, people and months earn and cost: revenue from the
 * biller (app_bill: hourly time and retainer overage, the same figure every view shows),
 * retainer fees (app_retainer_period), fixed-price milestones; cost from each user's dated
 * cost rate. Money is summed per currency and never across currencies. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "store_cost.h"
#include "app_billing.h"
#include "billing.h"
#include "retainer.h"
#include "app_profit.h"
#include "app_cost.h"
#include "entry_set.h"

int profit_by_parse(const char *s, profit_by *out)
{
    static const char *const names[] = { "client", "project", "user", "month" };
    for (size_t i = 0; i < TK_ARRAY_LEN(names); i++)
        if (!strcmp(s, names[i])) {
            *out = (profit_by)i;
            return 0;
        }
    return -1;
}

/* What an hour of a user costs in a currency over a run of days: entries come user by user
 * and day by day (or client by client), so the answer of the last lookup for the pair holds
 * until the day leaves [lo, hi], between two of the user's cost changes. */
typedef struct cost_slot {
    int64_t user_id;
    const char *currency;      /* the biller's client record's: one pointer per client */
    tk_day lo, hi;
    bool has;
    int64_t rate;
} cost_slot;
#define COST_SLOTS 256         /* users × currencies: 64 slots thrashed on 20 users */

/* Which row an entry adds to, by what decides its key (see key_of): a client, project, user
 * and month, each 0 when the report is not by it. Open addressing over a power of two, at most
 * half full: a year bills hundreds of thousands of entries into a few hundred rows, and
 * building each entry's key text to find its row was a fifth of the report's time. */
typedef struct row_slot {
    int64_t client_id, project_id, user_id;
    int32_t month;
    int32_t row;                 /* index into rows + 1; 0: empty */
} row_slot;

typedef struct profit_ctx {
    tk_app *app;
    app_biller *b;
    profit_by by;
    tk_day from, to;
    int64_t project_id;        /* 0: all of the client's */
    app_costs costs;
    const char *login;         /* the user whose entries are read (the every-client pass) */
    strbuf key;                /* the row key being looked up (key_of) */
    TK_VEC(app_profit_row) rows;
    size_t last;               /* the row found last: consecutive entries often share it */
    row_slot *slots;           /* rows of entries (row_of_entry) */
    size_t nslots, nused;
    tk_day month_day;          /* the day whose month was computed last, and that month */
    int32_t month;
    cost_slot *cost_cache;     /* COST_SLOTS of them (cost_of) */
    entry_set *held;           /* the every-client pass: retainer clients' entries */
    const struct profit_users *users;  /* ... and its users, by index (take_held) */
    int64_t walk_client;       /* take_held: the client and day it is at */
    tk_day walk_day;
    int64_t user_index;        /* the user whose entries are read, in users */
    tk_err *err;
} profit_ctx;

static app_profit_row *row_for(profit_ctx *k, const char *key, const char *currency)
{
    if (k->last < k->rows.len && !strcmp(k->rows.items[k->last].key, key) &&
        !strcmp(k->rows.items[k->last].currency, currency))
        return &k->rows.items[k->last];
    for (size_t i = 0; i < k->rows.len; i++)
        if (!strcmp(k->rows.items[i].key, key) && !strcmp(k->rows.items[i].currency, currency)) {
            k->last = i;
            return &k->rows.items[i];
        }
    app_profit_row r = { .key = xstrdup(key), .budget_seconds = -1, .price_minor = -1 };
    snprintf(r.currency, sizeof r.currency, "%s", currency);
    TK_PUSH(k->rows, r);
    k->last = k->rows.len - 1;
    return &k->rows.items[k->last];
}

/* The row's key for something of client c on day by user (NULL: not a person's: fees and
 * milestones) and project (NULL: none; "" keeps "(no project)"). */
static const char *key_of(profit_ctx *k, const tk_client *c, const char *project,
                          const char *user, const char *what, tk_day day)
{
    char d[DAY_BUF];
    strbuf *sb = &k->key;
    sb_reset(sb);
    switch (k->by) {
    case PROFIT_BY_PROJECT:
        if (project && *project)
            sb_addf(sb, "%s/%s", c->key, project);
        else
            sb_addf(sb, "%s (%s)", c->key, what);
        break;
    case PROFIT_BY_USER:
        sb_add(sb, user ? user : what);
        break;
    case PROFIT_BY_MONTH:
        sb_addn(sb, day_format(day, d), 7);
        break;
    default:
        sb_add(sb, c->key);
        break;
    }
    return sb_str(sb);
}

static inline size_t slot_index(const profit_ctx *k, const row_slot *want)
{
    uint64_t h = (uint64_t)want->client_id * 0x9e3779b97f4a7c15u;
    h = (h ^ (uint64_t)want->project_id) * 0x9e3779b97f4a7c15u;
    h = (h ^ (uint64_t)want->user_id) * 0x9e3779b97f4a7c15u;
    h = (h ^ (uint32_t)want->month) * 0x9e3779b97f4a7c15u;
    size_t i = (size_t)(h >> 32) & (k->nslots - 1);
    for (;;) {
        const row_slot *t = &k->slots[i];
        if (!t->row || (t->client_id == want->client_id && t->project_id == want->project_id &&
                        t->user_id == want->user_id && t->month == want->month))
            return i;
        i = (i + 1) & (k->nslots - 1);
    }
}

/* The row of entry e of client c: found by the ids its key is made of, else made (key_of). */
static app_profit_row *row_of_entry(profit_ctx *k, const tk_client *c, const tk_entry *e,
                                    const char *login)
{
    row_slot want = { 0 };
    switch (k->by) {
    case PROFIT_BY_PROJECT:
        want.client_id = c->id;
        want.project_id = e->project_id;
        break;
    case PROFIT_BY_USER:   /* a user's rows differ by currency: the client decides it */
        want.client_id = c->id;
        want.user_id = e->user_id;
        break;
    case PROFIT_BY_MONTH:
        if (e->day != k->month_day || !k->month) {
            int y, m, d;
            day_to_ymd(e->day, &y, &m, &d);
            k->month_day = e->day;
            k->month = y * 12 + m;
        }
        want.client_id = c->id;
        want.month = k->month;
        break;
    default:
        want.client_id = c->id;
        break;
    }
    if (2 * (k->nused + 1) > k->nslots) {
        row_slot *old = k->slots;
        size_t n = k->nslots;
        k->nslots = n ? 2 * n : 256;
        k->slots = xcalloc(k->nslots, sizeof *k->slots);
        for (size_t i = 0; i < n; i++)
            if (old[i].row)
                k->slots[slot_index(k, &old[i])] = old[i];
        free(old);
    }
    row_slot *t = &k->slots[slot_index(k, &want)];
    if (t->row)
        return &k->rows.items[t->row - 1];
    /* Entries of the every-client pass come without names: the biller has them. */
    const tk_project *p = e->project ? NULL : app_biller_project(k->b, e->client_id, e->project_id);
    const char *key = key_of(k, c, e->project ? e->project : p ? p->key : "",
                             e->user ? e->user : login, "no project", e->day);
    app_profit_row *r = row_for(k, key, c->currency);
    *t = want;
    t->row = (int32_t)(r - k->rows.items) + 1;
    k->nused++;
    return r;
}

/* The rate of user in currency on day: its dated cost rate, else the config's default; false
 * when neither. The days around day with the same answer in *lo, *hi. */
static bool cost_rate_of(profit_ctx *k, int64_t user_id, const char *currency, tk_day day,
                         int64_t *rate, tk_day *lo, tk_day *hi)
{
    const tk_cost_rate *r = cost_rate_find(k->costs.items, k->costs.len, user_id, currency, day);
    *lo = r ? r->from : DAY_MIN;
    *hi = DAY_MAX;
    for (size_t i = 0; i < k->costs.len; i++) {
        const tk_cost_rate *c = &k->costs.items[i];
        if (c->user_id == user_id && c->from > day && c->from - 1 < *hi &&
            !strcmp(c->currency, currency))
            *hi = c->from - 1;
    }
    tk_err ignored;
    if (r)
        *rate = r->amount_minor;
    else if (*k->app->cfg.default_cost_rate)   /* checked when the config was read */
        money_parse(k->app->cfg.default_cost_rate, currency_exponent(currency), rate, &ignored);
    else
        return false;
    return true;
}

/* The cost of seconds worked by user on day, in currency: its cost rate, else the config's
 * default; false when neither. */
static bool cost_of(profit_ctx *k, int64_t user_id, const char *currency, tk_day day,
                    int64_t seconds, int64_t *cost)
{
    /* Both halves multiplied, the top bits taken: the pointers of a few clients' currencies
     * differ in low bits only, and xor-ing them in as they are sent a tenth of the lookups of a
     * year by 20 users to a slot another pair held. */
    uint64_t h = (uint64_t)user_id * 0x9e3779b97f4a7c15u +
                 (uint64_t)(uintptr_t)currency * 0xc2b2ae3d27d4eb4fu;
    cost_slot *c = &k->cost_cache[(h >> 32) % COST_SLOTS];
    if (c->currency != currency || c->user_id != user_id || day < c->lo || day > c->hi) {
        c->user_id = user_id;
        c->currency = currency;
        c->has = cost_rate_of(k, user_id, currency, day, &c->rate, &c->lo, &c->hi);
    }
    return c->has && cost_of_seconds(c->rate, seconds, cost) == 0;
}

static int add(int64_t *to, int64_t v, profit_ctx *k)
{
    return __builtin_add_overflow(*to, v, to) ? tk_fail(k->err, "report profit: amounts too large")
                                              : 0;
}

/* Adds what entry e (worked by login) bills and costs to its row. */
static int take_billed(profit_ctx *k, const tk_entry *e, const char *login)
{
    app_bill_total bill;
    if (app_bill_sum(k->b, e, &bill, k->err))
        return -1;
    const tk_client *c = bill.client;
    app_profit_row *r = row_of_entry(k, c, e, login);
    int64_t cost = 0, revenue = bill.billable ? bill.amount_minor : 0;
    if (add(&r->seconds, bill.actual_seconds, k) || add(&r->revenue_minor, revenue, k) ||
        (e->invoice_id && add(&r->invoiced_minor, revenue, k)))
        return -1;
    if (!cost_of(k, e->user_id, c->currency, e->day, bill.actual_seconds, &cost))
        return add(&r->uncosted_seconds, bill.actual_seconds, k);
    return add(&r->cost_minor, cost, k);
}

static int take_entry(const tk_entry *e, void *ctx)
{
    profit_ctx *k = ctx;
    if (e->day < k->from || e->day > k->to || (k->project_id && e->project_id != k->project_id))
        return 0;
    return take_billed(k, e, k->login);
}

static int take_milestone(const tk_milestone *m, void *ctx)
{
    profit_ctx *k = ctx;
    if (m->day < k->from || m->day > k->to || (k->project_id && m->project_id != k->project_id))
        return 0;
    const tk_client *c = app_biller_client(k->b, m->client_id, k->err);
    if (!c)
        return -1;
    app_profit_row *r = row_for(k, key_of(k, c, m->project, NULL, "fixed price", m->day),
                                c->currency);
    return add(&r->revenue_minor, m->amount_minor, k) ||
           (m->invoice_id && add(&r->invoiced_minor, m->amount_minor, k)) ? -1 : 0;
}

typedef TK_VEC(tk_retainer) retainer_vec;

static int keep_retainer(const tk_retainer *r, void *p)
{
    retainer_vec *v = p;
    TK_PUSH(*v, *r);
    return 0;
}

/* The fee of one retainer period, counted when its first day in force is in the range. */
static int take_fee(profit_ctx *k, const tk_client *c, const tk_retainer *ret, tk_day day)
{
    tk_retainer_status s;
    if (app_retainer_period(k->b, c, ret, day, &s, k->err))
        return -1;
    tk_day starts = s.period_start > ret->from ? s.period_start : ret->from;
    if (!s.applicable || starts < k->from || starts > k->to || !s.fee_minor)
        return 0;
    app_profit_row *r = row_for(k, key_of(k, c, NULL, NULL, "retainer fee", starts), c->currency);
    int billed = store_invoice_fee_billed(k->app->st, c->id, s.period_start, 0, k->err);
    return billed < 0 || add(&r->revenue_minor, s.fee_minor, k) ||
           (billed && add(&r->invoiced_minor, s.fee_minor, k)) ? -1 : 0;
}

/* Each retainer period starting in the range brings its fee (prorated when partial). */
static int take_fees(profit_ctx *k, const tk_client *c)
{
    retainer_vec rs = { 0 };
    int rc = store_retainer_each(k->app->st, c->id, keep_retainer, &rs, k->err) < 0 ? -1 : 0;
    for (size_t i = 0; i < rs.len && !rc; i++) {
        const tk_retainer *ret = &rs.items[i];
        tk_day lo = ret->from > k->from ? ret->from : k->from;
        tk_day hi = ret->to < k->to ? ret->to : k->to;
        for (tk_day day = lo; day <= hi && !rc;) {
            tk_day first, last;
            retainer_period(ret, day, k->app->cfg.week_start, &first, &last);
            rc = take_fee(k, c, ret, day);
            if (last >= hi)
                break;
            day = last + 1;
        }
    }
    free(rs.items);
    return rc;
}

typedef TK_VEC(tk_client) client_vec;

static int keep_client(const tk_client *c, void *p)
{
    client_vec *v = p;
    tk_client copy = *c;
    copy.key = xstrdup(c->key);
    copy.name = xstrdup(c->name);
    copy.currency = xstrdup(c->currency);
    copy.zoho_customer_id = c->zoho_customer_id ? xstrdup(c->zoho_customer_id) : NULL;
    TK_PUSH(*v, copy);
    return 0;
}

/* By project: each row's budget and price. */
static int project_terms(profit_ctx *k, const client_vec *cs)
{
    for (size_t i = 0; i < k->rows.len; i++) {
        app_profit_row *r = &k->rows.items[i];
        const char *slash = strchr(r->key, '/');
        for (size_t j = 0; slash && j < cs->len; j++) {
            if (strncmp(cs->items[j].key, r->key, (size_t)(slash - r->key)) ||
                cs->items[j].key[slash - r->key])
                continue;
            tk_project p;
            int found = store_project_get(k->app->st, cs->items[j].id, slash + 1, &p, k->err);
            if (found < 0)
                return -1;
            if (found) {
                r->budget_seconds = p.budget_seconds;
                r->price_minor = p.fixed_minor;
                tk_project_clear(&p);
            }
        }
    }
    return 0;
}

static int cmp_rows(const void *a, const void *b)
{
    const app_profit_row *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->currency, y->currency);
}

static int totals(app_profit *out)
{
    for (size_t i = 0; i < out->nrows; i++) {
        const app_profit_row *r = &out->rows[i];
        app_profit_row *t = NULL;
        for (size_t j = 0; j < out->ntotals && !t; j++)
            if (!strcmp(out->totals[j].currency, r->currency))
                t = &out->totals[j];
        if (!t) {
            out->totals = xrealloc(out->totals, (out->ntotals + 1) * sizeof *out->totals);
            t = &out->totals[out->ntotals++];
            *t = (app_profit_row){ .key = xstrdup("total"), .budget_seconds = -1, .price_minor = -1 };
            memcpy(t->currency, r->currency, sizeof t->currency);
        }
        if (tk_add64(t->seconds, r->seconds, &t->seconds) ||
            tk_add64(t->revenue_minor, r->revenue_minor, &t->revenue_minor) ||
            tk_add64(t->invoiced_minor, r->invoiced_minor, &t->invoiced_minor) ||
            tk_add64(t->cost_minor, r->cost_minor, &t->cost_minor) ||
            tk_add64(t->uncosted_seconds, r->uncosted_seconds, &t->uncosted_seconds))
            return -1;
    }
    return 0;
}

static int scan_client(profit_ctx *k, const tk_client *c)
{
    store_filter f = { .client_id = c->id, .project_id = k->project_id, .from = k->from,
                       .to = k->to };
    if (store_entry_each(k->app->st, &f, take_entry, k, k->err) < 0 ||
        store_milestone_each(k->app->st, c->id, k->project_id, 0, false, take_milestone, k,
                             k->err) < 0)
        return -1;
    /* A retainer's fee is the client's, not a project's. */
    return k->project_id ? 0 : take_fees(k, c);
}

typedef struct profit_users {
    struct profit_user { int64_t id; char *login; } *items;
    size_t len, cap;
} user_vec;

static int keep_user(int64_t id, const char *login, void *p)
{
    user_vec *v = p;
    struct profit_user u = { id, xstrdup(login ? login : "") };
    TK_PUSH(*v, u);
    return 0;
}

static int has_retainer(const tk_retainer *r, void *p)
{
    (void)r;
    *(bool *)p = true;
    return 1;
}

/* The every-client pass: an entry of a client with a retainer waits in k->held, so the
 * retainer's draws read their periods from memory (app_biller_source); any other is billed
 * now. */
static int take_or_hold(const tk_entry *e, void *ctx)
{
    profit_ctx *k = ctx;
    if (e->day < k->from || e->day > k->to)
        return 0;
    if (!entry_set_holds(k->held, e->client_id))
        return take_billed(k, e, k->login);
    entry_set_add(k->held, e, k->user_index);
    return 0;
}

static int set_each(const void *src, int64_t client_id, tk_day from, tk_day to,
                    int (*fn)(const tk_entry *e, void *ctx), void *ctx)
{
    return entry_set_each(src, client_id, from, to, fn, ctx);
}

static int take_held(const tk_entry *e, int64_t tag, void *ctx)
{
    profit_ctx *k = ctx;
    /* The held entries come by client and day: the periods behind are done with (their
     * totals stay for the fees), so only the current period's bills are in memory. */
    if (e->client_id != k->walk_client) {
        if (k->walk_client)
            app_biller_release(k->b, k->walk_client, DAY_MAX);
        k->walk_client = e->client_id;
        k->walk_day = e->day;
    } else if (e->day != k->walk_day) {
        app_biller_release(k->b, e->client_id, e->day);
        k->walk_day = e->day;
    }
    tk_entry copy = *e;
    copy.user_id = k->users->items[tag].id;
    return take_billed(k, &copy, k->users->items[tag].login);
}

/* Every client's entries of the range, user by user through the index that covers what
 * billing reads (store_entry_bills_each): no table lookups, so a year of a large history
 * reads only what it bills, once: the entries of clients with a retainer are held in memory
 * and billed after the others, their periods' draws reading them from there. */
static int scan_every_client(profit_ctx *k, const client_vec *cs)
{
    user_vec us = { 0 };
    int rc = store_user_each(k->app->st, keep_user, &us, k->err) < 0 ? -1 : 0;
    k->users = &us;
    k->held = entry_set_new(k->from, k->to);
    for (size_t i = 0; i < cs->len && rc == 0; i++) {
        bool any = false;
        if (store_retainer_each(k->app->st, cs->items[i].id, has_retainer, &any, k->err) < 0)
            rc = -1;
        else if (any)
            entry_set_hold(k->held, cs->items[i].id);
    }
    for (size_t i = 0; i < us.len && rc == 0; i++) {
        k->login = us.items[i].login;
        k->user_index = (int64_t)i;
        rc = store_entry_bills_each(k->app->st, us.items[i].id, k->from, k->to, take_or_hold,
                                    k, k->err) < 0 ? -1 : 0;
    }
    k->login = NULL;
    if (rc == 0) {
        entry_set_sort(k->held);
        app_biller_source(k->b, set_each, k->held);
        rc = entry_set_walk(k->held, take_held, k) ? -1 : 0;
    }
    for (size_t i = 0; i < cs->len && rc == 0; i++)
        if (store_milestone_each(k->app->st, cs->items[i].id, 0, 0, false, take_milestone, k,
                                 k->err) < 0 || take_fees(k, &cs->items[i]))
            rc = -1;
    k->users = NULL;
    for (size_t i = 0; i < us.len; i++)
        free(us.items[i].login);
    free(us.items);
    return rc;
}

int app_profit_report(tk_app *app, const char *spec, tk_day from, tk_day to, profit_by by,
                      app_profit *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    profit_ctx k = { .app = app, .by = by, .from = from, .to = to, .err = err,
                     .cost_cache = xcalloc(COST_SLOTS, sizeof(cost_slot)) };
    client_vec cs = { 0 };
    int rc = app_cost_list(app, &k.costs, err);
    if (rc == 0 && spec) {
        tk_client c;
        tk_project p;
        rc = app_find(app, spec, &c, &p, err);
        if (rc == 0) {
            k.project_id = p.id;
            TK_PUSH(cs, c);
            tk_project_clear(&p);
        }
    } else if (rc == 0) {
        rc = store_client_each(app->st, true, keep_client, &cs, err) < 0 ? -1 : 0;
    }
    if (rc == 0 && !(k.b = app_biller_new(app, err)))
        rc = -1;
    if (rc == 0 && !spec)
        rc = scan_every_client(&k, &cs);
    for (size_t i = 0; spec && i < cs.len && rc == 0; i++)
        rc = scan_client(&k, &cs.items[i]);
    if (rc == 0 && by == PROFIT_BY_PROJECT)
        rc = project_terms(&k, &cs);
    app_biller_free(k.b);
    entry_set_free(k.held);
    free(k.slots);
    free(k.cost_cache);
    for (size_t i = 0; i < cs.len; i++)
        tk_client_clear(&cs.items[i]);
    free(cs.items);
    app_costs_free(&k.costs);
    sb_free(&k.key);
    out->rows = k.rows.items;
    out->nrows = k.rows.len;
    if (out->nrows)
        qsort(out->rows, out->nrows, sizeof *out->rows, cmp_rows);
    if (rc == 0 && totals(out))
        rc = tk_fail(err, "report profit: amounts too large");
    if (rc)
        app_profit_free(out);
    return rc;
}

void app_profit_free(app_profit *p)
{
    for (size_t i = 0; i < p->nrows; i++)
        free(p->rows[i].key);
    for (size_t i = 0; i < p->ntotals; i++)
        free(p->totals[i].key);
    free(p->rows);
    free(p->totals);
    memset(p, 0, sizeof *p);
}

char *app_margin_line(tk_app *app, const char *spec, tk_day from, tk_day to, bool labelled,
                      tk_err *err)
{
    app_profit p;
    if (app_profit_report(app, spec, from, to, PROFIT_BY_CLIENT, &p, err))
        return NULL;
    strbuf sb = { 0 };
    char a[DAY_BUF], b[DAY_BUF];
    if (labelled)
        sb_addf(&sb, "%s %s to %s: ", spec, day_format(from, a), day_format(to, b));
    if (!p.ntotals)
        sb_add(&sb, "nothing worked or billed");
    for (size_t i = 0; i < p.ntotals; i++) {
        const app_profit_row *t = &p.totals[i];
        int e = currency_exponent(t->currency);
        char rev[40], cost[40], mar[40], pct[32], rate[40];
        bool has_pct, has_rate = false;
        int64_t margin = t->revenue_minor - t->cost_minor, hourly = 0;
        int64_t bp = profit_bp(margin, t->revenue_minor, &has_pct);
        has_rate = t->seconds > 0 && !tk_muldiv_round(t->revenue_minor, 3600, t->seconds, &hourly);
        sb_addf(&sb, "%srevenue %s, cost %s, margin %s %s", i ? "; " : "",
                money_format(t->revenue_minor, e, rev), money_format(t->cost_minor, e, cost),
                money_format(margin, e, mar), t->currency);
        if (has_pct)
            sb_addf(&sb, " (%s %%)", profit_format_bp(bp, pct));
        if (has_rate)
            sb_addf(&sb, ", %s/h", money_format(hourly, e, rate));
        if (t->uncosted_seconds)
            sb_add(&sb, ", some time without a cost rate");
    }
    app_profit_free(&p);
    return sb_detach(&sb);
}
