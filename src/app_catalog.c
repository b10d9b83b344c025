/* app_catalog.c — clients and projects: adding, changing, archiving, listing. */
#include "app_catalog.h"
#include "app_audit.h"
#include "app_team.h"
#include "clock.h"

#include <stdlib.h>
#include <string.h>

#include "money.h"

int app_client_each(tk_app *app, bool with_archived,
                    int (*fn)(const tk_client *c, void *ctx), void *ctx, tk_err *err)
{
    return store_client_each(app->st, with_archived, fn, ctx, err);
}

int app_client_by_key(tk_app *app, const char *key, tk_client *out, tk_err *err)
{
    return store_client_get(app->st, key, out, err);
}

int app_project_each(tk_app *app, int64_t client_id, bool with_archived,
                     int (*fn)(const tk_project *p, const char *client_key, void *ctx),
                     void *ctx, tk_err *err)
{
    return store_project_each(app->st, client_id, with_archived, fn, ctx, err);
}

int app_project_tracked(tk_app *app, const tk_project *p, int64_t *seconds, tk_err *err)
{
    return store_project_tracked(app->st, p->client_id, p->id, seconds, err);
}

int app_client_add(tk_app *app, tk_client *c, const int64_t *rate_minor, tk_err *err)
{
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_change_begin(app, err))
        return -1;
    tk_client existing;
    int rc = store_client_get(app->st, c->key, &existing, err);
    if (rc == 1) {
        tk_client_clear(&existing);
        rc = tk_fail(err, "client '%s' already exists", c->key);
    }
    rc = rc < 0 ? -1 : store_client_insert(app->st, c, clock_now(), err);
    if (rc == 0 && rate_minor) {
        /* The first rate covers all earlier work. */
        tk_rate r = { .client_id = c->id, .tier = (char *)TIER_STANDARD,
                      .amount_minor = *rate_minor, .from = DAY_MIN };
        rc = store_rate_insert(app->st, &r, clock_now(), err);
    }
    if (rc == 0)
        rc = app_audit_change(app, "add", "client", c->id, NULL, NULL, err);
    if (rc == 0 && rate_minor)
        rc = app_audit_change(app, "set", "rate", c->id, NULL, NULL, err);
    return app_change_end(app, rc, NULL, NULL, 0, NULL, err);
}

/* Loads a client by key for a change inside a transaction. */
static int load_client(tk_app *app, const char *key, tk_client *c, tk_err *err)
{
    int rc = store_client_get(app->st, key, c, err);
    if (rc == 0)
        return tk_fail(err, "no client '%s'", key);
    return rc < 0 ? -1 : 0;
}

int app_client_archive(tk_app *app, const char *key, tk_err *err)
{
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_change_begin(app, err))
        return -1;
    tk_client c = { 0 };
    int rc = load_client(app, key, &c, err);
    char *before = rc ? NULL : app_audit_snap(app, "client", c.id, NULL);
    if (rc == 0) {
        c.archived = true;
        rc = store_client_update(app->st, &c, err);
    }
    rc = app_audit_change_end(app, rc, "archive", "client", c.id, NULL, before, err);
    tk_client_clear(&c);
    return rc;
}

/* The first amount stored for a client (a rate, retainer or fixed price), described in sb. */
struct priced {
    strbuf *sb;
    const tk_client *c;
};

static int priced_rate(const tk_rate *r, void *p)
{
    struct priced *x = p;
    char m[32];
    sb_addf(x->sb, "a %s rate of %s %s", r->tier,
            money_format(r->amount_minor, currency_exponent(x->c->currency), m), x->c->currency);
    return 1;
}

static int priced_retainer(const tk_retainer *r, void *p)
{
    struct priced *x = p;
    char m[32];
    sb_addf(x->sb, "a retainer fee of %s %s",
            money_format(r->fee_minor, currency_exponent(x->c->currency), m), x->c->currency);
    return 1;
}

static int priced_project(const tk_project *p, const char *client_key, void *ctx)
{
    struct priced *x = ctx;
    if (p->fixed_minor < 0)
        return 0;
    sb_addf(x->sb, "the fixed price of %s/%s", client_key, p->key);
    return 1;
}

/* Amounts are minor units: a currency with other decimals would silently rescale every
 * amount the client has. Refuses that change while any amount is stored. */
static int check_currency_change(tk_app *app, const tk_client *c, const char *currency,
                                 tk_err *err)
{
    if (!strcmp(c->currency, currency) ||
        currency_exponent(c->currency) == currency_exponent(currency))
        return 0;
    strbuf sb = { 0 };
    struct priced x = { &sb, c };
    int rc = store_rate_each(app->st, c->id, priced_rate, &x, err);
    if (rc == 0)
        rc = store_retainer_each(app->st, c->id, priced_retainer, &x, err);
    if (rc == 0)
        rc = store_project_each(app->st, c->id, true, priced_project, &x, err);
    if (rc > 0)
        rc = tk_fail(err, "%s has %s; %s has %d decimals where %s has %d, so its amounts would "
                     "change (add a new client for %s work)", c->key, sb_str(&sb), currency,
                     currency_exponent(currency), c->currency, currency_exponent(c->currency),
                     currency);
    sb_free(&sb);
    return rc < 0 ? -1 : 0;
}

static void apply_edit(tk_client *c, const app_client_edit *ed)
{
    if (ed->name)
        free(c->name), c->name = xstrdup(ed->name);
    if (ed->currency)
        free(c->currency), c->currency = xstrdup(ed->currency);
    if (ed->round)
        c->has_round = strcmp(ed->round, "default") != 0, c->rounding.increment = ed->round_seconds;
    if (ed->minimum)
        c->has_minimum = strcmp(ed->minimum, "default") != 0,
        c->rounding.minimum = ed->minimum_seconds;
    if (ed->mode)
        c->has_round_mode = strcmp(ed->mode, "default") != 0, c->rounding.mode = ed->mode_value;
    if (ed->zoho_customer_id)
        free(c->zoho_customer_id),
        c->zoho_customer_id = *ed->zoho_customer_id ? xstrdup(ed->zoho_customer_id) : NULL;
    if (ed->billable || ed->non_billable)
        c->billable = ed->billable;
    if (ed->unarchive)
        c->archived = false;
}

int app_client_set(tk_app *app, const char *key, const app_client_edit *ed, tk_err *err)
{
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_change_begin(app, err))
        return -1;
    tk_client c = { 0 };
    int rc = load_client(app, key, &c, err);
    if (rc == 0 && ed->currency)
        rc = check_currency_change(app, &c, ed->currency, err);
    char *before = rc ? NULL : app_audit_snap(app, "client", c.id, NULL);
    if (rc == 0) {
        apply_edit(&c, ed);
        rc = store_client_update(app->st, &c, err);
    }
    if (rc == 0 && ed->terms)
        rc = store_client_terms_put(app->st, c.id, strcmp(ed->terms, "default") != 0,
                                    strcmp(ed->terms, "contact") ? ed->terms_days : -1, err);
    rc = app_audit_change_end(app, rc, "set", "client", c.id, NULL, before, err);
    tk_client_clear(&c);
    return rc;
}

int app_project_add(tk_app *app, const char *client, tk_project *p, const char *fixed,
                    tk_err *err)
{
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_change_begin(app, err))
        return -1;
    tk_client c = { 0 };
    tk_project existing;
    int rc = load_client(app, client, &c, err);
    if (rc == 0 && fixed &&
        money_parse(fixed, currency_exponent(c.currency), &p->fixed_minor, err))
        rc = -1;
    if (rc == 0) {
        int found = store_project_get(app->st, c.id, p->key, &existing, err);
        if (found == 1) {
            tk_project_clear(&existing);
            rc = tk_fail(err, "project '%s/%s' already exists", client, p->key);
        } else if (found < 0) {
            rc = -1;
        }
    }
    p->client_id = c.id;
    if (rc == 0)
        rc = store_project_insert(app->st, p, clock_now(), err);
    rc = app_audit_change_end(app, rc, "add", "project", p->id, NULL, NULL, err);
    tk_client_clear(&c);
    return rc;
}

int app_project_archive(tk_app *app, const char *spec, tk_err *err)
{
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    tk_client c;
    tk_project p;
    if (app_resolve(app, spec, &c, &p, err))
        return -1;
    int rc = 0;
    if (!p.id)
        rc = tk_fail(err, "expected CLIENT/PROJECT, got '%s'", spec);
    else if (!(rc = app_change_begin(app, err))) {
        char *before = app_audit_snap(app, "project", p.id, NULL);
        p.archived = true;
        rc = store_project_update(app->st, &p, err);
        rc = app_audit_change_end(app, rc, "archive", "project", p.id, NULL, before, err);
    }
    tk_client_clear(&c);
    tk_project_clear(&p);
    return rc;
}
