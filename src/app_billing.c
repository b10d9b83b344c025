/* app_billing.c — feeding the pure billing core from the store: rates, rounding and business
 * hours per client, cached for one command or one screen. */
#include "app.h"
#include "rounding.h"

#include <stdlib.h>
#include <string.h>

typedef struct client_rules {
    tk_client client;
    TK_VEC(tk_rate) rates;
    TK_VEC(tk_project) projects;
    tk_rate_card card;
    tk_rounding rounding;
} client_rules;

struct app_biller {
    tk_app *app;
    tk_bizhours hours;
    tk_tier_mult *mults;
    size_t nmults;
    TK_VEC(client_rules *) clients;
    bool counts_timer;           /* app_biller_count_timer: the running timer as usage */
    int64_t timer_client;
    store_usage timer;
    /* clients by id: open addressing over a power of two, at most half full. A busy week
     * bills thousands of entries of hundreds of clients: no linear search per entry. */
    client_rules **slots;
    size_t nslots;
};

static size_t slot_of(const app_biller *b, int64_t client_id)
{
    uint64_t h = (uint64_t)client_id * 0x9e3779b97f4a7c15u;
    size_t i = (size_t)(h >> 32) & (b->nslots - 1);
    while (b->slots[i] && b->slots[i]->client.id != client_id)
        i = (i + 1) & (b->nslots - 1);
    return i;
}

static void index_client(app_biller *b, client_rules *cr)
{
    if (2 * (b->clients.len + 1) > b->nslots) {
        free(b->slots);
        b->nslots = b->nslots ? 2 * b->nslots : 64;
        b->slots = xcalloc(b->nslots, sizeof *b->slots);
        for (size_t i = 0; i < b->clients.len; i++)
            b->slots[slot_of(b, b->clients.items[i]->client.id)] = b->clients.items[i];
    }
    b->slots[slot_of(b, cr->client.id)] = cr;
}

app_biller *app_biller_new(tk_app *app, tk_err *err)
{
    app_biller *b = xcalloc(1, sizeof *b);
    b->app = app;
    if (bizhours_parse(app->cfg.business_hours, &b->hours, err) ||
        bizhours_add_holidays(&b->hours, app->cfg.holidays, err)) {
        free(b);
        return NULL;
    }
    b->nmults = app->cfg.ntiers;
    b->mults = xcalloc(b->nmults, sizeof *b->mults);
    for (size_t i = 0; i < b->nmults; i++) {
        b->mults[i].name = app->cfg.tiers[i].name;
        b->mults[i].permille = app->cfg.tiers[i].permille;
    }
    return b;
}

void app_biller_free(app_biller *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->clients.len; i++) {
        client_rules *r = b->clients.items[i];
        tk_client_clear(&r->client);
        for (size_t j = 0; j < r->rates.len; j++)
            tk_rate_clear(&r->rates.items[j]);
        for (size_t j = 0; j < r->projects.len; j++)
            tk_project_clear(&r->projects.items[j]);
        free(r->rates.items);
        free(r->projects.items);
        free(r);
    }
    free(b->clients.items);
    free(b->slots);
    free(b->mults);
    free(b);
}

static int keep_rate(const tk_rate *r, void *p)
{
    client_rules *cr = p;
    tk_rate copy = *r;
    copy.tier = xstrdup(r->tier);
    TK_PUSH(cr->rates, copy);
    return 0;
}

static int keep_project(const tk_project *p, const char *client_key, void *ctx)
{
    (void)client_key;
    client_rules *cr = ctx;
    tk_project copy = *p;
    copy.key = xstrdup(p->key);
    copy.name = xstrdup(p->name);
    TK_PUSH(cr->projects, copy);
    return 0;
}

tk_rounding app_client_rounding(const tk_config *cfg, const tk_client *c)
{
    tk_rounding r = cfg->rounding;
    if (c->has_round)
        r.increment = c->rounding.increment;
    if (c->has_round_mode)
        r.mode = c->rounding.mode;
    if (c->has_minimum)
        r.minimum = c->rounding.minimum;
    return r;
}

static client_rules *rules_for(app_biller *b, int64_t client_id, tk_err *err)
{
    client_rules *hit = b->nslots ? b->slots[slot_of(b, client_id)] : NULL;
    if (hit)
        return hit;
    client_rules *cr = xcalloc(1, sizeof *cr);
    int rc = store_client_get_id(b->app->st, client_id, &cr->client, err);
    if (rc == 0)
        tk_fail(err, "no client with id %lld", (long long)client_id);
    if (rc == 1 && (store_rate_each(b->app->st, client_id, keep_rate, cr, err) < 0 ||
                    store_project_each(b->app->st, client_id, true, keep_project, cr, err) < 0))
        rc = -1;
    if (rc != 1) {
        tk_client_clear(&cr->client);
        free(cr);
        return NULL;
    }
    cr->card = (tk_rate_card){ cr->rates.items, cr->rates.len, b->mults, b->nmults };
    cr->rounding = app_client_rounding(&b->app->cfg, &cr->client);
    index_client(b, cr);
    TK_PUSH(b->clients, cr);
    return cr;
}

int app_biller_count_timer(app_biller *b, int64_t now, tk_err *err)
{
    tk_timer t;
    int rc = store_timer_get(b->app->st, b->app->user_id, &t, err);
    if (rc <= 0)
        return rc;
    b->counts_timer = true;
    b->timer_client = t.client_id;
    b->timer = (store_usage){ .day = local_day_of(t.start), .project_id = t.project_id,
                              .billable = t.billable,
                              .seconds = now > t.start ? now - t.start : 0 };
    tk_timer_clear(&t);
    return 1;
}

const tk_client *app_biller_client(app_biller *b, int64_t client_id, tk_err *err)
{
    client_rules *cr = rules_for(b, client_id, err);
    return cr ? &cr->client : NULL;
}

const tk_project *app_biller_project(app_biller *b, int64_t client_id, int64_t project_id)
{
    client_rules *cr = project_id ? rules_for(b, client_id, NULL) : NULL;
    for (size_t i = 0; cr && i < cr->projects.len; i++)
        if (cr->projects.items[i].id == project_id)
            return &cr->projects.items[i];
    return NULL;
}

int app_bill(app_biller *b, const tk_entry *e, tk_bill *out, tk_err *err)
{
    client_rules *cr = rules_for(b, e->client_id, err);
    if (!cr)
        return -1;
    const tk_project *p = app_biller_project(b, e->client_id, e->project_id);
    tk_bill_rules rules = { &cr->rounding, &b->hours, &cr->card };
    return bill_entry(e, &rules, bill_is_billable(e, &cr->client, p), out, err);
}

struct usage {
    client_rules *cr;
    app_biller *b;
    TK_VEC(tk_day_usage) days;
};

/* What an entry adds to a retainer: its billed total, which depends only on its time and the
 * client's rounding (rounding applies to an entry's total, whatever its tiers), and nothing
 * when it is not billable — so no full bill, and no entry record, is needed. */
static int add_usage(const store_usage *su, void *p)
{
    struct usage *u = p;
    tk_entry e = { .client_id = u->cr->client.id, .project_id = su->project_id,
                   .billable = su->billable };
    const tk_project *pr = app_biller_project(u->b, e.client_id, e.project_id);
    if (!bill_is_billable(&e, &u->cr->client, pr))
        return 0;
    int64_t billed = round_bill(su->seconds, &u->cr->rounding);
    if (billed > 0) {
        tk_day_usage du = { su->day, billed };
        TK_PUSH(u->days, du);
    }
    return 0;
}

struct pick {
    tk_day date;
    tk_retainer found;
    int have;
};

static int pick_retainer(const tk_retainer *r, void *p)
{
    struct pick *k = p;
    if (r->from <= k->date && k->date <= r->to) {
        k->found = *r;
        k->have = 1;
    }
    return 0;
}

int app_retainer_status(tk_app *app, app_biller *b, const tk_client *c, tk_day date,
                        tk_retainer *r, tk_retainer_status *out, tk_err *err)
{
    struct pick k = { .date = date };
    if (store_retainer_each(app->st, c->id, pick_retainer, &k, err) < 0)
        return -1;
    if (!k.have)
        return 0;
    *r = k.found;
    tk_day from, to;
    retainer_usage_range(r, date, app->cfg.week_start, &from, &to);
    struct usage u = { .cr = rules_for(b, c->id, err), .b = b };
    if (!u.cr)
        return -1;
    int rc = store_usage_each(app->st, c->id, from, to, add_usage, &u, err) < 0 ? -1 : 0;
    /* The running timer bills as it would if stopped now. */
    if (rc == 0 && b->counts_timer && b->timer_client == c->id && b->timer.day >= from &&
        b->timer.day <= to)
        rc = add_usage(&b->timer, &u);
    if (rc == 0)
        rc = retainer_status(r, date, app->cfg.week_start, u.days.items, u.days.len, out, err);
    free(u.days.items);
    if (rc)
        return -1;
    return out->applicable ? 1 : 0;
}
