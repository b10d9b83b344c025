/* cli_terms.c — billing terms beside a client's own settings: a tier's rounding and how it
 * meets the retainer (tock client set KEY --tier TIER …), and a project outside the retainer
 * (tock project set). Changes that would alter what an invoice billed are refused. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

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

int cli_tier_rule_set(tk_app *app, const char *client, const cli_tier_opts *o)
{
    tk_err err = { "" };
    tk_tier_rule r = { .covered = -1, .draw_permille = -1, .overage_minor = -1 };
    int64_t permille = -1;
    if (app_check_tier(app, o->tier, &err))
        return cli_error(&err);
    if (o->cover && strcmp(o->cover, "covered") && strcmp(o->cover, "excluded") &&
        strcmp(o->cover, "default"))
        return cli_errorf("bad --retainer '%s' (expected covered, excluded or default)", o->cover);
    /* The multiplier in thousandths: "1.5" is 1500, read as an amount with 3 decimals. */
    if (o->draw && *o->draw == '-')
        return cli_errorf("a negative multiplier: '%s' (prepaid hours drawn per hour worked, "
                          "e.g. 1.5)", o->draw);
    if (o->draw && strcmp(o->draw, "default") && money_parse(o->draw, 3, &permille, &err))
        return cli_errorf("bad multiplier '%s' (prepaid hours drawn per hour worked, e.g. 1.5)",
                          o->draw);
    if (permille > 1000000)
        return cli_errorf("multiplier '%s' is too large (at most 1000)", o->draw);
    if (o->overage && *o->overage == '-')
        return cli_errorf("a negative overage rate: '%s'", o->overage);
    tk_client c;
    tk_project p;
    if (app_resolve(app, client, &c, &p, &err))
        return cli_error(&err);
    int rc = store_begin(app->st, &err);
    /* The rule as it is, then the options on top. */
    if (rc == 0)
        rc = cli_tier_rule_load(app, c.id, o->tier, &r, &err);
    if (rc == 0 && o->round) {
        r.has_round = strcmp(o->round, "default") != 0;
        if (r.has_round)
            rc = dur_parse(o->round, &r.rounding.increment, &err);
    }
    if (rc == 0 && o->mode) {
        r.has_round_mode = strcmp(o->mode, "default") != 0;
        if (r.has_round_mode && round_mode_parse(o->mode, &r.rounding.mode))
            rc = tk_fail(&err, "bad round mode '%s' (expected up, nearest, down or none)", o->mode);
    }
    if (rc == 0 && o->minimum) {
        r.has_minimum = strcmp(o->minimum, "default") != 0;
        if (r.has_minimum)
            rc = dur_parse(o->minimum, &r.rounding.minimum, &err);
    }
    if (rc == 0 && o->cover)
        r.covered = !strcmp(o->cover, "default") ? -1 : !strcmp(o->cover, "covered");
    if (rc == 0 && o->draw)
        r.draw_permille = strcmp(o->draw, "default") ? (int32_t)permille : -1;
    if (rc == 0 && o->overage) {
        r.overage_minor = -1;
        if (strcmp(o->overage, "default"))
            rc = money_parse(o->overage, currency_exponent(c.currency), &r.overage_minor, &err);
    }
    if (rc == 0)
        rc = refuse_if_invoiced(app, &c, o->tier, DAY_MIN, "a new rule for this tier", &err);
    if (rc == 0) {
        free(r.tier);
        r.tier = xstrdup(o->tier);
        rc = store_tier_rule_set(app->st, c.id, &r, &err);
    }
    if (rc == 0)
        rc = store_audit(app->st, app->user_id, tk_now(), "set", "tier rule", c.id, o->tier, &err);
    rc = store_end(app->st, rc, &err);
    if (rc == 0)
        printf("updated %s's %s rule\n", c.key, o->tier);
    tk_tier_rule_clear(&r);
    tk_client_clear(&c);
    tk_project_clear(&p);
    return rc ? cli_error(&err) : EXIT_OK;
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

int cli_tier_rule_load(tk_app *app, int64_t client_id, const char *tier, tk_tier_rule *out,
                       tk_err *err)
{
    struct load l = { tier, out };
    return store_tier_rule_each(app->st, client_id, load_one, &l, err) < 0 ? -1 : 0;
}

int cmd_project_set(tk_app *app, int argc, char **argv)
{
    bool outside = false, inside = false;
    char *pos[1];
    int npos;
    cli_opt opts[] = { { "outside-retainer", 0, NULL, &outside },
                       { "inside-retainer", 0, NULL, &inside }, { 0 } };
    int rc = cli_parse("project set", argc, argv, opts, pos, 1, 1, &npos, NULL, NULL);
    if (rc)
        return rc;
    if (outside && inside)
        return cli_errorf("--outside-retainer and --inside-retainer exclude each other");
    tk_err err = { "" };
    tk_client c;
    tk_project p;
    if (app_resolve(app, pos[0], &c, &p, &err))
        return cli_error(&err);
    if (!p.id) {
        tk_client_clear(&c);
        return cli_errorf("expected CLIENT/PROJECT, got '%s'", pos[0]);
    }
    rc = store_begin(app->st, &err);
    if (rc == 0 && (outside || inside) && p.outside_retainer != outside)
        rc = refuse_if_invoiced(app, &c, NULL, DAY_MIN, "moving a project in or out of the retainer",
                                &err);
    if (rc == 0 && (outside || inside)) {
        p.outside_retainer = outside;
        rc = store_project_update(app->st, &p, &err);
    }
    if (rc == 0)
        rc = store_audit(app->st, app->user_id, tk_now(), "set", "project", p.id, pos[0], &err);
    rc = store_end(app->st, rc, &err);
    if (rc == 0)
        printf("updated project %s%s\n", pos[0], p.outside_retainer ? " (outside the retainer)" : "");
    tk_client_clear(&c);
    tk_project_clear(&p);
    return rc ? cli_error(&err) : EXIT_OK;
}
