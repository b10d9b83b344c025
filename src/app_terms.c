/* app_terms.c — billing terms beside a client's own settings: a tier's rounding and how it
 * meets the retainer (tock client set KEY --tier TIER …), and a project outside the retainer
 * (tock project set). Changes that would alter what an invoice billed are refused; each change
 * is one transaction with its audit record. */
#include "app.h"
#include "app_terms.h"
#include "app_audit.h"
#include "app_team.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "duration.h"
#include "money.h"

/* A pending or sent invoice in the way of new terms for tier (NULL: any) from `from` on. */
static int refuse_if_invoiced(tk_app *app, const tk_client *c, const char *tier, tk_day from,
                              const char *what, tk_err *err)
{
    int64_t id;
    int rc = store_invoice_holding(app->st, c->id, tier, from, &id, err);
    if (rc <= 0)
        return rc;
    return tk_fail(err, "%s would change invoice %lld of %s, which bills that time; discard it "
                   "first or keep the terms", what, (long long)id, c->key);
}

int app_tier_rule_set(tk_app *app, const char *client, const app_tier_opts *o, char **key,
                      tk_err *err)
{
    tk_tier_rule r = { .covered = -1, .draw_permille = -1, .overage_minor = -1 };
    int64_t permille = -1;
    *key = NULL;
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_check_tier(app, o->tier, err))
        return -1;
    if (o->cover && strcmp(o->cover, "covered") && strcmp(o->cover, "excluded") &&
        strcmp(o->cover, "default"))
        return tk_fail(err, "bad --retainer '%s' (expected covered, excluded or default)", o->cover);
    /* The multiplier in thousandths: "1.5" is 1500, read as an amount with 3 decimals. */
    if (o->draw && *o->draw == '-')
        return tk_fail(err, "a negative multiplier: '%s' (prepaid hours drawn per hour worked, "
                       "e.g. 1.5)", o->draw);
    if (o->draw && strcmp(o->draw, "default") && money_parse(o->draw, 3, &permille, err))
        return tk_fail(err, "bad multiplier '%s' (prepaid hours drawn per hour worked, e.g. 1.5)",
                       o->draw);
    if (permille > 1000000)
        return tk_fail(err, "multiplier '%s' is too large (at most 1000)", o->draw);
    if (o->overage && *o->overage == '-')
        return tk_fail(err, "a negative overage rate: '%s'", o->overage);
    tk_client c;
    tk_project p;
    if (app_resolve(app, client, &c, &p, err))
        return -1;
    int rc = app_change_begin(app, err);
    char *before = rc ? NULL : app_audit_snap(app, "tier rule", c.id, o->tier);
    /* The rule as it is, then the options on top. */
    if (rc == 0)
        rc = app_tier_rule_load(app, c.id, o->tier, &r, err);
    if (rc == 0 && o->round) {
        r.has_round = strcmp(o->round, "default") != 0;
        if (r.has_round)
            rc = dur_parse(o->round, &r.rounding.increment, err);
    }
    if (rc == 0 && o->mode) {
        r.has_round_mode = strcmp(o->mode, "default") != 0;
        if (r.has_round_mode && round_mode_parse(o->mode, &r.rounding.mode))
            rc = tk_fail(err, "bad round mode '%s' (expected up, nearest, down or none)", o->mode);
    }
    if (rc == 0 && o->minimum) {
        r.has_minimum = strcmp(o->minimum, "default") != 0;
        if (r.has_minimum)
            rc = dur_parse(o->minimum, &r.rounding.minimum, err);
    }
    if (rc == 0 && o->cover)
        r.covered = !strcmp(o->cover, "default") ? -1 : !strcmp(o->cover, "covered");
    if (rc == 0 && o->draw)
        r.draw_permille = strcmp(o->draw, "default") ? (int32_t)permille : -1;
    if (rc == 0 && o->overage) {
        r.overage_minor = -1;
        if (strcmp(o->overage, "default"))
            rc = money_parse(o->overage, currency_exponent(c.currency), &r.overage_minor, err);
    }
    if (rc == 0)
        rc = refuse_if_invoiced(app, &c, o->tier, DAY_MIN, "a new rule for this tier", err);
    if (rc == 0) {
        free(r.tier);
        r.tier = xstrdup(o->tier);
        rc = store_tier_rule_set(app->st, c.id, &r, err);
    }
    rc = app_audit_after(app, rc, "set", "tier rule", c.id, o->tier, before, err);
    rc = app_change_end(app, rc, NULL, NULL, 0, NULL, err);
    if (rc == 0)
        *key = xstrdup(c.key);
    tk_tier_rule_clear(&r);
    tk_client_clear(&c);
    tk_project_clear(&p);
    return rc;
}

struct load {
    const char *tier;
    tk_tier_rule *out;
};

static int load_one(const tk_tier_rule *r, void *p)
{
    struct load *l = p;
    if (!tk_streq(r->tier, l->tier))
        return 0;
    *l->out = *r;
    l->out->tier = xstrdup(r->tier);
    return 1;
}

int app_tier_rule_load(tk_app *app, int64_t client_id, const char *tier, tk_tier_rule *out,
                       tk_err *err)
{
    struct load l = { tier, out };
    return store_tier_rule_each(app->st, client_id, load_one, &l, err) < 0 ? -1 : 0;
}

int app_project_set_retainer(tk_app *app, const char *spec, int outside, bool *now_outside,
                             tk_err *err)
{
    tk_client c;
    tk_project p;
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_resolve(app, spec, &c, &p, err))
        return -1;
    if (!p.id) {
        tk_client_clear(&c);
        return tk_fail(err, "expected CLIENT/PROJECT, got '%s'", spec);
    }
    int rc = app_change_begin(app, err);
    char *before = rc ? NULL : app_audit_snap(app, "project", p.id, NULL);
    if (rc == 0 && outside >= 0 && p.outside_retainer != (outside > 0))
        rc = refuse_if_invoiced(app, &c, NULL, DAY_MIN, "moving a project in or out of the retainer",
                                err);
    if (rc == 0 && outside >= 0) {
        p.outside_retainer = outside > 0;
        rc = store_project_update(app->st, &p, err);
    }
    rc = app_audit_after(app, rc, "set", "project", p.id, NULL, before, err);
    rc = app_change_end(app, rc, NULL, NULL, 0, NULL, err);
    *now_outside = p.outside_retainer;
    tk_client_clear(&c);
    tk_project_clear(&p);
    return rc;
}
