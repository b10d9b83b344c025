/* app_retainer_panel.c — the numbers behind the TUI's retainer-balance panel: for each active
 * client with a retainer in force on `day`, its standing from the billing engine
 * (app_retainer_status, counting the running timer as `tock retainer` and `status %r` do).
 * Only the clients that have a retainer are read; each one's current period comes from its
 * standing stored beside the period's draw when current (app_carry_standing.h). The TUI calls
 * this on a reload: when the data changed (here or elsewhere), the day changed, or a running
 * timer's minute went by. */
#include "app.h"
#include "retainer.h"
#include "retainer_view.h"
#include "app_billing.h"
#include "app_retainer_panel.h"
#include "retainer_roll.h"
#include "app_carry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void retainer_views_free(retainer_views *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i].client);
    free(v->items);
    memset(v, 0, sizeof *v);
}

struct panel {
    tk_app *app;
    app_biller *b;
    app_biller *timer_b;         /* counts the running timer: for timer_client's periods */
    int64_t timer_client;
    tk_day day;
    retainer_views *out;
    tk_err *err;
};

static int add_client(const tk_client *c, void *p)
{
    struct panel *k = p;
    tk_retainer r;
    tk_retainer_status s;
    app_biller *b = k->timer_b && c->id == k->timer_client ? k->timer_b : k->b;
    int rc = app_retainer_status(k->app, b, c, k->day, &r, &s, k->err);
    if (rc <= 0)
        return rc;
    tk_retainer_forecast f;
    if (retainer_forecast(&r, &s, k->day, &f, k->err))
        return -1;
    retainer_view v = { .client = xstrdup(*c->name ? c->name : c->key),
                        .period_start = s.period_start, .period_end = s.period_end,
                        .prepaid = s.prepaid_seconds, .used = s.used_seconds,
                        .remaining = s.remaining_seconds, .overage = s.overage_seconds,
                        .alert = s.alert, .forecast_used = f.used_seconds,
                        .forecast_total_minor = f.total_minor, .forecast_final = f.final };
    snprintf(v.currency, sizeof v.currency, "%s", c->currency);
    TK_PUSH(*k->out, v);
    return 0;
}

int app_retainers_for_panel(tk_app *app, tk_day day, int64_t now, retainer_views *out,
                            tk_err *err)
{
    return app_retainers_for_panel_on(app, day, now, NULL, out, err);
}

int app_retainers_for_panel_on(tk_app *app, tk_day day, int64_t now, app_rules *rules,
                               retainer_views *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    struct panel k = { app, NULL, NULL, 0, day, out, err };
    if (!(k.b = app_biller_new_on(app, rules, err)))
        return -1;
    app_biller_standings(k.b);
    int rc = app_biller_count_timer(k.b, now, err) < 0 ? -1 : 0;
    if (rc == 0)
        rc = store_client_retainer_each(app->st, add_client, &k, err) < 0 ? -1 : 0;
    app_biller_free(k.b);
    if (rc)
        retainer_views_free(out);
    return rc;
}

int app_retainers_for_panel_by(tk_app *app, tk_day day, int64_t now, app_biller *b,
                               retainer_views *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    struct panel k = { app, b, NULL, 0, day, out, err };
    app_biller_standings(b);   /* the screen's: its week loads bill by app_bill_brief, as before */
    /* The running timer draws only in its own client's periods: that client is drawn on a
     * biller that counts it, every other on b as the week drew it. */
    tk_timer t;
    int running = store_timer_get(app->st, app->user_id, &t, err);
    int rc = running < 0 ? -1 : 0;
    if (running == 1) {
        k.timer_client = t.client_id;
        tk_timer_clear(&t);
        k.timer_b = app_biller_new_on(app, app_biller_rules(b), err);
        if (!k.timer_b || app_biller_count_timer(k.timer_b, now, err) < 0)
            rc = -1;
        else
            app_biller_standings(k.timer_b);
    }
    if (rc == 0)
        rc = store_client_retainer_each(app->st, add_client, &k, err) < 0 ? -1 : 0;
    app_biller_free(k.timer_b);
    /* What a biller's free would store of earlier retainer periods, stored now as then. */
    app_carry_flush(app);
    if (rc)
        retainer_views_free(out);
    return rc;
}
