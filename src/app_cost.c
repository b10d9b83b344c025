/* app_cost.c — what an hour of each user costs the agency: dated rates per user and currency,
 * like billing rates. Cost rates are internal: once a database has a team (roles), only its
 * admins and leads read or set them; every check is here, so the CLI, the TUI and reports
 * share it. */
#include "app_audit.h"
#include "app_team.h"
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "store_cost.h"
#include "app_cost.h"

/* The role is the team's (app_team_join): a database's first user is its admin. */
int app_cost_allowed(tk_app *app, tk_err *err)
{
    return app_team_may(app, TEAM_COST, 0, 0, err);
}

struct same_day {
    const tk_cost_rate *r;
    bool found;
};

static int find_same(const tk_cost_rate *r, void *ctx)
{
    struct same_day *s = ctx;
    if (!strcmp(r->currency, s->r->currency) && r->from == s->r->from)
        s->found = true;
    return 0;
}

int app_cost_set(tk_app *app, const char *user, const char *amount, const char *currency,
                 tk_day from, tk_err *err)
{
    tk_cost_rate r = { .from = from };
    const char *cur = currency ? currency : app->cfg.default_currency;
    if (!currency_valid(cur))
        return tk_fail(err, "bad currency '%s' (expected an ISO 4217 code such as EUR)", cur);
    snprintf(r.currency, sizeof r.currency, "%s", cur);
    if (*amount == '-')
        return tk_fail(err, "a cost rate cannot be negative ('%s')", amount);
    if (money_parse(amount, currency_exponent(cur), &r.amount_minor, err))
        return -1;
    if (app_cost_allowed(app, err))
        return -1;
    int rc = app_change_begin(app, err);
    if (rc)
        return -1;
    char *before = NULL;
    int found = store_user_get(app->st, user, &r.user_id, err);
    if (found == 0)
        rc = tk_fail(err, "no user '%s' (a user appears with their first entry or import)", user);
    else if (found < 0)
        rc = -1;
    int closed = rc ? 0 : store_user_invoiced_since(app->st, r.user_id, from, err);
    char day[DAY_BUF];
    if (closed < 0)
        rc = -1;
    else if (closed)
        rc = tk_fail(err, "%s has invoiced time on or after %s: a cost rate from then would change "
                     "a closed period; give a later --from", user, day_format(from, day));
    struct same_day s = { &r, false };
    if (rc == 0 && store_cost_each(app->st, r.user_id, find_same, &s, err) < 0)
        rc = -1;
    if (rc == 0)
        before = app_audit_snap(app, "cost rate", r.user_id, NULL);
    if (rc == 0)
        rc = s.found ? store_cost_replace(app->st, &r, err)
                     : store_cost_insert(app->st, &r, clock_now(), err);
    /* The record names the user (key) beside their rates before and after. */
    return app_audit_change_end(app, rc, "set", "cost rate", r.user_id, user, before, err);
}

static int keep_cost(const tk_cost_rate *r, void *ctx)
{
    app_costs *v = ctx;
    tk_cost_rate copy = *r;
    copy.user = xstrdup(r->user);
    TK_PUSH(*v, copy);
    return 0;
}

int app_cost_list(tk_app *app, app_costs *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    if (app_cost_allowed(app, err))
        return -1;
    if (store_cost_each(app->st, 0, keep_cost, out, err) < 0) {
        app_costs_free(out);
        return -1;
    }
    return 0;
}

void app_costs_free(app_costs *v)
{
    for (size_t i = 0; i < v->len; i++)
        tk_cost_rate_clear(&v->items[i]);
    free(v->items);
    memset(v, 0, sizeof *v);
}
