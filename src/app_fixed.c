/* app_fixed.c — fixed-price projects: what `tock project set` changes, milestones recorded
 * with `tock project bill`, and the lines they make on the client's next invoice. A milestone
 * is billed by the first invoice that carries it (pending or sent, not void), like a retainer
 * period's fee; a failed, discarded or void invoice frees it again. */
#include "app_fixed.h"
#include "app_audit.h"
#include "app_team.h"
#include "clock.h"

#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "money.h"
#include "store_cost.h"
#include "app_invoice.h"
#include "invoice.h"

/* ---- project set ---- */

static int holding(tk_app *app, const tk_client *c, const char *what, tk_err *err)
{
    int64_t id;
    int rc = store_invoice_holding(app->st, c->id, NULL, DAY_MIN, &id, err);
    if (rc <= 0)
        return rc;
    return tk_fail(err, "%s would change invoice %lld of %s, which bills that time; discard it "
                   "first or keep the terms", what, (long long)id, c->key);
}

static int apply_price(tk_app *app, const tk_client *c, tk_project *p, const char *fixed,
                       tk_err *err)
{
    int64_t price = -1, billed = 0;
    if (strcmp(fixed, "none") && money_parse(fixed, currency_exponent(c->currency), &price, err))
        return -1;
    if (price == 0 || price < -1)
        return tk_fail(err, "a fixed price must be more than 0 ('%s'; none bills hourly)", fixed);
    if (store_milestone_total(app->st, p->id, &billed, err))
        return -1;
    char a[40], b[40];
    int exp = currency_exponent(c->currency);
    if (billed > 0 && price < billed)
        return tk_fail(err, "%s's milestones bill %s %s: the price cannot be %s", p->key,
                       money_format(billed, exp, a), c->currency,
                       price < 0 ? "none" : money_format(price, exp, b));
    if ((price >= 0) != (p->fixed_minor >= 0) &&
        holding(app, c, price >= 0 ? "making the project fixed-price" : "billing the project "
                "hourly", err))
        return -1;
    p->fixed_minor = price;
    return 0;
}

static int apply_opts(tk_app *app, const tk_client *c, tk_project *p, const app_project_opts *o,
                      tk_err *err)
{
    if (o->name) {
        if (!*o->name)
            return tk_fail(err, "a project's name cannot be empty");
        free(p->name);
        p->name = xstrdup(o->name);
    }
    if (o->fixed && apply_price(app, c, p, o->fixed, err))
        return -1;
    if (o->budget) {
        int64_t s = -1;
        if (strcmp(o->budget, "none") && dur_parse(o->budget, &s, err))
            return -1;
        p->budget_seconds = s;
    }
    if (o->billable >= 0 && p->billable != (o->billable > 0)) {
        if (holding(app, c, o->billable ? "making the project billable" :
                    "making the project non-billable", err))
            return -1;
        p->billable = o->billable > 0;
    }
    if (o->outside_retainer >= 0 && p->outside_retainer != (o->outside_retainer > 0)) {
        if (holding(app, c, "moving a project in or out of the retainer", err))
            return -1;
        p->outside_retainer = o->outside_retainer > 0;
    }
    return 0;
}

int app_project_set(tk_app *app, const char *spec, const app_project_opts *o, tk_project *now,
                    tk_err *err)
{
    tk_client c;
    tk_project p;
    memset(now, 0, sizeof *now);
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_resolve(app, spec, &c, &p, err))
        return -1;
    if (!p.id) {
        tk_client_clear(&c);
        return tk_fail(err, "expected CLIENT/PROJECT, got '%s'", spec);
    }
    int rc = app_change_begin(app, err);
    if (rc == 0) {
        char *before = app_audit_snap(app, "project", p.id, NULL);
        rc = apply_opts(app, &c, &p, o, err);
        if (rc == 0)
            rc = store_project_update(app->st, &p, err);
        rc = app_audit_change_end(app, rc, "set", "project", p.id, NULL, before, err);
    }
    tk_client_clear(&c);
    if (rc == 0)
        *now = p;
    else
        tk_project_clear(&p);
    return rc;
}

/* ---- milestones ---- */

static int milestone_amount(const tk_client *c, const tk_project *p, const char *what,
                            tk_milestone *m, tk_err *err)
{
    int32_t bp = 0;
    int is_pct = fixed_parse_pct(what, &bp, err);
    if (is_pct < 0)
        return -1;
    if (is_pct) {
        m->pct_bp = bp;
        if (fixed_pct_amount(p->fixed_minor, bp, &m->amount_minor))
            return tk_fail(err, "amount too large: '%s'", what);
    } else if (money_parse(what, currency_exponent(c->currency), &m->amount_minor, err)) {
        return -1;
    }
    if (m->amount_minor <= 0)
        return tk_fail(err, "a milestone bills more than 0 ('%s')", what);
    return 0;
}

/* Inside a transaction: the milestone fits the price (unless force) and is recorded. */
static int record_milestone(tk_app *app, const tk_client *c, const tk_project *p, bool force,
                            tk_milestone *m, tk_err *err)
{
    int64_t billed = 0;
    if (store_milestone_total(app->st, p->id, &billed, err))
        return -1;
    if (!force && fixed_check_fits(p->fixed_minor, billed, m->amount_minor,
                                   currency_exponent(c->currency), c->currency, err))
        return -1;
    return store_milestone_insert(app->st, m, app->user_id, clock_now(), err);
}

int app_project_bill(tk_app *app, const char *spec, const char *what, const char *note,
                     tk_day day, bool force, tk_milestone *out, tk_err *err)
{
    tk_client c;
    tk_project p;
    memset(out, 0, sizeof *out);
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (!note || !*note)
        return tk_fail(err, "a milestone needs a description: -m TEXT");
    if (app_resolve(app, spec, &c, &p, err))
        return -1;
    int rc = 0;
    if (!p.id)
        rc = tk_fail(err, "expected CLIENT/PROJECT, got '%s'", spec);
    else if (p.fixed_minor < 0)
        rc = tk_fail(err, "%s has no fixed price; set one with: tock project set %s --fixed AMOUNT",
                     spec, spec);
    if (rc == 0)
        rc = milestone_amount(&c, &p, what, out, err);
    if (rc == 0) {
        out->project_id = p.id;
        out->client_id = c.id;
        out->project = xstrdup(p.key);
        out->note = xstrdup(note);
        out->day = day;
        rc = app_change_begin(app, err);
        if (rc == 0) {
            rc = record_milestone(app, &c, &p, force, out, err);   /* sets out->id */
            rc = app_audit_change_end(app, rc, "bill", "milestone", out->id, NULL, NULL, err);
        }
    }
    tk_client_clear(&c);
    tk_project_clear(&p);
    if (rc)
        tk_milestone_clear(out);
    return rc;
}

static int add_standing(const tk_milestone *m, void *ctx)
{
    app_fixed_standing *s = ctx;
    s->billed_minor += m->amount_minor;
    if (m->invoice_id)
        s->invoiced_minor += m->amount_minor;
    return 0;
}

int app_project_standing(tk_app *app, const tk_project *p, app_fixed_standing *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    return store_milestone_each(app->st, p->client_id, p->id, 0, false, add_standing, out, err) < 0
               ? -1 : 0;
}

/* ---- on the draft ---- */

typedef TK_VEC(tk_milestone) milestone_vec;

static int keep_milestone(const tk_milestone *m, void *ctx)
{
    milestone_vec *v = ctx;
    tk_milestone copy = *m;
    copy.project = xstrdup(m->project);
    copy.note = xstrdup(m->note);
    TK_PUSH(*v, copy);
    return 0;
}

int app_fixed_collect(tk_app *app, app_draft *d, int64_t except, tk_err *err)
{
    milestone_vec v = { 0 };
    if (store_milestone_each(app->st, d->client.id, 0, except, true, keep_milestone, &v, err) < 0) {
        for (size_t i = 0; i < v.len; i++)
            tk_milestone_clear(&v.items[i]);
        free(v.items);
        return -1;
    }
    d->milestones = v.items;
    d->nmilestones = v.len;
    d->mitems = xcalloc(v.len ? v.len : 1, sizeof *d->mitems);
    for (size_t i = 0; i < v.len; i++) {
        tk_project p;
        /* The line names the project as the client knows it. */
        int found = store_project_get_id(app->st, v.items[i].project_id, &p, err);
        if (found < 0)
            return -1;
        if (found) {
            free(v.items[i].project);
            v.items[i].project = xstrdup(p.name);
            tk_project_clear(&p);
        }
        d->mitems[i] = (tk_inv_milestone){ v.items[i].id, v.items[i].project, v.items[i].note,
                                           v.items[i].amount_minor, v.items[i].pct_bp,
                                           v.items[i].day, 0 };
    }
    return 0;
}

void app_fixed_clear(app_draft *d)
{
    for (size_t i = 0; i < d->nmilestones; i++)
        tk_milestone_clear(&d->milestones[i]);
    free(d->milestones);
    free(d->mitems);
    d->milestones = NULL;
    d->mitems = NULL;
    d->nmilestones = 0;
}

char *app_fixed_explain(const app_draft *d, const tk_inv_line *l)
{
    char day[DAY_BUF];
    for (size_t i = 0; i < d->nmilestones; i++)
        if (d->milestones[i].id == l->milestone_id)
            return xasprintf("milestone %lld of the fixed price, recorded %s; billed once, by the "
                             "invoice that carries it (hours on a fixed-price project never bill)",
                             (long long)l->milestone_id, day_format(d->milestones[i].day, day));
    return xstrdup("");
}

int app_fixed_record(tk_app *app, int64_t invoice_id, const app_draft *d, tk_err *err)
{
    return store_invoice_milestones_set(app->st, invoice_id, d->inv.milestone_ids,
                                        d->inv.nmilestones, err);
}

/* ---- the list ---- */

struct list {
    tk_app *app;
    int (*fn)(const app_project_row *row, void *ctx);
    void *ctx;
    tk_client client;          /* the last client looked up, for its currency */
    tk_err *err;
    int failed;
};

static int list_one(const tk_project *p, const char *client_key, void *ctx)
{
    struct list *l = ctx;
    app_project_row row = { .p = p, .client_key = client_key };
    if (l->client.id != p->client_id) {
        tk_client_clear(&l->client);
        if (store_client_get_id(l->app->st, p->client_id, &l->client, l->err) <= 0)
            return l->failed = -1;
    }
    row.currency = l->client.currency;
    /* Budgets are for internal costing: time tracked against the budget, never billed. */
    if ((p->budget_seconds >= 0 || p->fixed_minor >= 0) &&
        store_project_tracked(l->app->st, p->client_id, p->id, &row.tracked_seconds, l->err))
        return l->failed = -1;
    if (p->fixed_minor >= 0 && app_project_standing(l->app, p, &row.standing, l->err))
        return l->failed = -1;
    return l->fn(&row, l->ctx);
}

int app_project_list(tk_app *app, const char *client, bool with_archived,
                     int (*fn)(const app_project_row *row, void *ctx), void *ctx, tk_err *err)
{
    struct list l = { .app = app, .fn = fn, .ctx = ctx, .err = err };
    int64_t client_id = 0;
    if (client) {
        tk_client c;
        int rc = store_client_get(app->st, client, &c, err);
        if (rc <= 0)
            return rc < 0 ? -1 : tk_fail(err, "no client '%s'", client);
        client_id = c.id;
        tk_client_clear(&c);
    }
    int rc = store_project_each(app->st, client_id, with_archived, list_one, &l, err);
    tk_client_clear(&l.client);
    return rc < 0 || l.failed ? -1 : 0;
}
