/* app_rates.c — setting rates and retainers, with the rules that keep invoiced work as it
 * was billed: no rate before the last invoiced day, no new retainer terms for a period an
 * invoice bills; and the first rate of a kind covers all earlier work. */
#include "app_audit.h"
#include "app_team.h"
#include "clock.h"

#include <string.h>

#include "money.h"
#include "app_billing.h"
#include "retainer.h"
#include "app_rates.h"

int app_rate_each(tk_app *app, int64_t client_id, int (*fn)(const tk_rate *r, void *ctx),
                  void *ctx, tk_err *err)
{
    return store_rate_each(app->st, client_id, fn, ctx, err);
}

struct rate_scan {
    int64_t project_id;
    const char *tier;
    tk_day from;
    int same_day, any;
};

static int scan_rate(const tk_rate *r, void *p)
{
    struct rate_scan *s = p;
    if (r->project_id == s->project_id && !strcmp(r->tier, s->tier)) {
        s->any = 1;
        s->same_day |= r->from == s->from;
    }
    return 0;
}

/* Inside the transaction: where r starts, whether it may, and writing it. */
static int rate_put(tk_app *app, const tk_client *c, const char *spec, const char *from,
                    bool replace, tk_rate *r, tk_err *err)
{
    struct rate_scan scan = { r->project_id, r->tier, r->from, 0, 0 };
    int rc = store_rate_each(app->st, c->id, scan_rate, &scan, err) < 0 ? -1 : 0;
    /* The first rate of a kind covers all earlier work; later ones apply from their day. */
    if (rc == 0 && !scan.any && !from)
        r->from = DAY_MIN;
    tk_day last;
    int inv = rc == 0 ? store_entry_last_invoiced_day(app->st, c->id, &last, err) : 0;
    char d[DAY_BUF];
    if (inv < 0)
        rc = -1;
    else if (inv == 1 && r->from <= last)
        rc = tk_fail(err, "%s has invoiced work up to %s; a rate from %s would change it "
                     "(use --from %s or later)", c->key, day_format(last, d),
                     r->from == DAY_MIN ? "the beginning" : from, day_format(last + 1, d));
    else if (rc == 0 && scan.same_day && !replace)
        rc = tk_fail(err, "a %s rate for %s from %s already exists; add --replace to change it",
                     r->tier, spec, r->from == DAY_MIN ? "the beginning" : day_format(r->from, d));
    if (rc == 0)
        rc = scan.same_day ? store_rate_replace(app->st, r, err)
                           : store_rate_insert(app->st, r, clock_now(), err);
    return rc;
}

int app_rate_set(tk_app *app, const char *spec, const char *tier, const char *amount,
                 const char *from, bool replace, tk_rate *out, tk_client *c, tk_err *err)
{
    tk_project p;
    memset(c, 0, sizeof *c);
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_check_tier(app, tier, err) || app_resolve(app, spec, c, &p, err))
        return -1;
    *out = (tk_rate){ .client_id = c->id, .project_id = p.id, .tier = (char *)tier,
                      .from = app_today() };
    tk_project_clear(&p);
    int rc = money_parse(amount, currency_exponent(c->currency), &out->amount_minor, err);
    if (rc == 0 && from)
        rc = day_parse(from, app_today(), &out->from, err);
    if (rc == 0 && !(rc = app_change_begin(app, err))) {
        char *before = app_audit_snap(app, "rate", c->id, NULL);
        rc = rate_put(app, c, spec, from, replace, out, err);
        rc = app_audit_change_end(app, rc, "set", "rate", c->id, NULL, before, err);
    }
    return rc ? -1 : 0;
}

int app_retainer_set(tk_app *app, const char *spec, const char *fee, const char *overage,
                     const char *from, tk_retainer *r, tk_client *c, tk_err *err)
{
    tk_project p;
    memset(c, 0, sizeof *c);
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_resolve(app, spec, c, &p, err))
        return -1;
    tk_project_clear(&p);
    int exp = currency_exponent(c->currency);
    r->client_id = c->id;
    int rc = money_parse(fee, exp, &r->fee_minor, err);
    if (rc == 0)
        rc = money_parse(overage, exp, &r->overage_minor, err);
    tk_day first, last;
    retainer_period(r, app_today(), app->cfg.week_start, &first, &last);
    r->from = first; /* by default from the start of the current period */
    if (rc == 0 && from)
        rc = day_parse(from, app_today(), &r->from, err);
    if (rc == 0 && !(rc = app_change_begin(app, err))) {
        /* A new retainer replaces the one in force from its first day on — unless an invoice
         * already bills time of the period it starts in or later. */
        int64_t inv_id;
        tk_day pfirst, plast;
        retainer_period(r, r->from, app->cfg.week_start, &pfirst, &plast);
        int held = store_invoice_holding(app->st, c->id, NULL, pfirst, &inv_id, err);
        rc = held < 0 ? -1 : held ? tk_fail(err, "new retainer terms from %s would change invoice "
                                            "%lld of %s, which bills that period; start them "
                                            "after it (--from) or discard it first",
                                            day_format(r->from, (char[DAY_BUF]){ 0 }),
                                            (long long)inv_id, c->key) : 0;
        char *before = app_audit_snap(app, "retainer", c->id, NULL);
        if (rc == 0)
            rc = store_retainer_end(app->st, c->id, r->from - 1, err);
        if (rc == 0)
            rc = store_retainer_insert(app->st, r, clock_now(), err);
        rc = app_audit_change_end(app, rc, "set", "retainer", c->id, NULL, before, err);
    }
    return rc ? -1 : 0;
}

/* Whether a retainer applies on `from` or later (what ending it from `from` changes). */
static int applies_from(const tk_retainer *r, void *p)
{
    return r->to >= *(const tk_day *)p;
}

int app_retainer_end(tk_app *app, const char *spec, const char *from, tk_day *last,
                     tk_client *c, tk_err *err)
{
    tk_project p;
    memset(c, 0, sizeof *c);
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_resolve(app, spec, c, &p, err))
        return -1;
    tk_project_clear(&p);
    tk_retainer r;
    tk_retainer_status s;
    app_biller *b = app_biller_new(app, err);
    int rc = b ? app_retainer_status(app, b, c, app_today(), &r, &s, err) : -1;
    app_biller_free(b);
    /* By default it ends with the current period. */
    tk_day first = rc == 1 ? s.period_end + 1 : app_today();
    if (rc >= 0 && from)
        rc = day_parse(from, app_today(), &first, err) ? -1 : rc;
    if (rc >= 0) {
        int any = store_retainer_each(app->st, c->id, applies_from, &first, err);
        char d[DAY_BUF];
        rc = any < 0 ? -1 : any == 0 ? tk_fail(err, "%s has no retainer in force on or after %s",
                                                c->key, day_format(first, d)) : 0;
    }
    if (rc == 0 && !(rc = app_change_begin(app, err))) {
        char *before = app_audit_snap(app, "retainer", c->id, NULL);
        rc = store_retainer_end(app->st, c->id, first - 1, err);
        rc = app_audit_change_end(app, rc, "end", "retainer", c->id, NULL, before, err);
    }
    *last = first - 1;
    return rc ? -1 : 0;
}
