/* cli_billing.c — tock rate … and tock retainer … */
#include "cli.h"
#include "app_catalog.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "duration.h"
#include "money.h"
#include "retainer_roll.h"
#include "text.h"
#include "app_billing.h"
#include "retainer.h"
#include "invoice.h"
#include "app_rates.h"

int cmd_rate_set(tk_app *app, const cli_args *args)
{
    const char *from_s = cli_args_get(args, "from");
    bool replace = cli_args_has(args, "replace");
    char *const *pos = args->pos;
    tk_err err = { "" };
    tk_client c;
    tk_rate r;
    if (app_rate_set(app, pos[0], pos[1], pos[2], from_s, replace, &r, &c, &err)) {
        tk_client_clear(&c);
        return cli_error(&err);
    }
    char d[DAY_BUF], m[32];
    printf("%s %s rate: %s %s/h from %s\n", pos[0], pos[1],
           money_format(r.amount_minor, currency_exponent(c.currency), m), c.currency,
           r.from == DAY_MIN ? "the beginning" : day_format(r.from, d));
    tk_client_clear(&c);
    return EXIT_OK;
}

struct rate_list {
    app_biller *b;
    const tk_client *c;
    int64_t project_id; /* 0: every rate; else the client's and this project's */
    jw w;
    bool json;
};

static int print_rate(const tk_rate *r, void *p)
{
    struct rate_list *l = p;
    if (l->project_id && r->project_id && r->project_id != l->project_id)
        return 0;
    const tk_project *pr = app_biller_project(l->b, l->c->id, r->project_id);
    char d[DAY_BUF], m[32];
    const char *from = r->from == DAY_MIN ? NULL : day_format(r->from, d);
    money_format(r->amount_minor, currency_exponent(l->c->currency), m);
    if (l->json) {
        jw_obj(&l->w);
        jw_kstr(&l->w, "client", l->c->key);
        jw_kstr(&l->w, "project", pr ? pr->key : NULL);
        jw_kstr(&l->w, "tier", r->tier);
        jw_kint(&l->w, "amount_minor", r->amount_minor);
        jw_kstr(&l->w, "currency", l->c->currency);
        jw_kstr(&l->w, "from", from);
        jw_end_obj(&l->w);
        return 0;
    }
    strbuf sb = { 0 };
    char *spec = pr ? xasprintf("%s/%s", l->c->key, pr->key) : xstrdup(l->c->key);
    text_fit(&sb, spec, 24, 1, 0);
    printf("%s %-12s %12s %s/h  from %s\n", sb_str(&sb), r->tier, m, l->c->currency,
           from ? from : "the beginning");
    free(spec);
    sb_free(&sb);
    return 0;
}

int cmd_rate_list(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    char *const *pos = args->pos;
    int rc = 0;
    tk_err err = { "" };
    tk_client c;
    tk_project p;
    if (app_find(app, pos[0], &c, &p, &err))
        return cli_error(&err);
    strbuf sb = { 0 };
    struct rate_list l = { .b = app_biller_new(app, &err), .c = &c, .project_id = p.id,
                           .json = json };
    jw_init(&l.w, &sb);
    if (json)
        jw_arr(&l.w);
    rc = l.b ? app_rate_each(app, c.id, print_rate, &l, &err) : -1;
    if (rc == 0 && json) {
        jw_end_arr(&l.w);
        cli_print_json(&sb);
    }
    sb_free(&sb);
    app_biller_free(l.b);
    tk_client_clear(&c);
    tk_project_clear(&p);
    return rc < 0 ? cli_error(&err) : EXIT_OK;
}

int cmd_retainer_set(tk_app *app, const cli_args *args)
{
    const char *hours = cli_args_get(args, "hours"),
               *period = cli_args_get_or(args, "period", "month"),
               *fee = cli_args_get(args, "fee"),
               *overage = cli_args_get(args, "overage-rate"),
               *from_s = cli_args_get(args, "from"),
               *rollover = cli_args_get_or(args, "rollover", "none"),
               *alert = cli_args_get_or(args, "alert", "80"),
               *partial = cli_args_get_or(args, "partial", "prorate"),
               *cap = cli_args_get(args, "rollover-cap"),
               *expires = cli_args_get(args, "rollover-expires"),
               *order = cli_args_get_or(args, "rollover-order", "fifo");
    char *const *pos = args->pos;
    int rc = 0;
    if (!hours || !fee || !overage) {
        fprintf(stderr, "tock retainer set: --hours, --fee and --overage-rate are required\n");
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    tk_retainer r = { .to = DAY_MAX };
    char *end;
    long pct = strtol(alert, &end, 10);
    if (dur_parse(hours, &r.prepaid_seconds, &err))
        return cli_error(&err);
    if (r.prepaid_seconds <= 0)
        return cli_errorf("a retainer needs some prepaid hours");
    if (period_parse(period, &r.period))
        return cli_errorf("bad period '%s' (expected week, month or quarter)", period);
    if (strcmp(rollover, "none") && strcmp(rollover, "unused"))
        return cli_errorf("bad rollover '%s' (expected none or unused)", rollover);
    r.rollover = strcmp(rollover, "unused") ? ROLLOVER_NONE : ROLLOVER_UNUSED;
    if (strcmp(partial, "prorate") && strcmp(partial, "whole"))
        return cli_errorf("bad --partial '%s' (expected prorate or whole)", partial);
    r.whole = !strcmp(partial, "whole");
    if (cap && *cap == '-')
        return cli_errorf("a rollover cap below zero: '%s'", cap);
    if (cap && dur_parse(cap, &r.rollover_cap, &err))
        return cli_error(&err);
    r.has_rollover_cap = cap != NULL;
    if (retainer_roll_options(rollover, expires, order, &r, &err))
        return cli_error(&err);
    if (*end || end == alert || pct < 0 || pct > 100)
        return cli_errorf("bad alert '%s' (expected a percentage from 0 to 100)", alert);
    r.alert_pct = (int)pct;
    tk_client c;
    rc = app_retainer_set(app, pos[0], fee, overage, from_s, &r, &c, &err);
    if (rc == 0) {
        char d[DAY_BUF], h[32], m[32];
        printf("%s: %s prepaid per %s for %s %s from %s\n", c.key,
               dur_format_short(r.prepaid_seconds, h), period_name(r.period),
               money_format(r.fee_minor, currency_exponent(c.currency), m), c.currency,
               day_format(r.from, d));
    }
    tk_client_clear(&c);
    return rc ? cli_error(&err) : EXIT_OK;
}

int cmd_retainer_end(tk_app *app, const cli_args *args)
{
    const char *from_s = cli_args_get(args, "from");
    char *const *pos = args->pos;
    int rc = 0;
    tk_err err = { "" };
    tk_client c;
    tk_day last;
    rc = app_retainer_end(app, pos[0], from_s, &last, &c, &err);
    if (rc == 0) {
        char d[DAY_BUF];
        printf("%s: retainer ends after %s\n", c.key, day_format(last, d));
    }
    tk_client_clear(&c);
    return rc ? cli_error(&err) : EXIT_OK;
}

static void uses_json(jw *w, const app_retainer_uses *u)
{
    char q[INV_QTY_BUF];
    jw_key(w, "used_by");
    jw_arr(w);
    for (size_t i = 0; i < u->len; i++) {
        jw_obj(w);
        jw_kstr(w, "project", *u->items[i].project ? u->items[i].project : NULL);
        jw_kstr(w, "tier", u->items[i].tier);
        jw_key(w, "quantity");
        jw_raw(w, inv_format_quantity(u->items[i].centi, q));
        jw_kint(w, "drawn_seconds", u->items[i].drawn_centi * 36);
        jw_kint(w, "overage_seconds", u->items[i].overage_centi * 36);
        jw_kint(w, "overage_minor", u->items[i].overage_minor);
        jw_end_obj(w);
    }
    jw_end_arr(w);
}

static void forecast_json(jw *w, const tk_retainer_forecast *f)
{
    jw_key(w, "forecast");
    jw_obj(w);
    jw_kint(w, "used_seconds", f->used_seconds);
    jw_kint(w, "overage_seconds", f->overage_seconds);
    jw_kint(w, "overage_minor", f->overage_minor);
    jw_kint(w, "total_minor", f->total_minor);
    jw_kbool(w, "final", f->final);
    jw_end_obj(w);
}

static void retainer_json(jw *w, const tk_client *c, const tk_retainer *r, const tk_retainer_status *s,
                          const app_retainer_uses *u, const tk_retainer_forecast *f)
{
    char d[DAY_BUF];
    jw_obj(w);
    jw_kstr(w, "client", c->key);
    jw_kstr(w, "period", period_name(r->period));
    jw_kstr(w, "partial", r->whole ? "whole" : "prorate");
    if (r->has_rollover_cap)
        jw_kint(w, "rollover_cap_seconds", r->rollover_cap);
    else
        jw_knull(w, "rollover_cap_seconds");
    jw_kstr(w, "rollover", r->rollover == ROLLOVER_UNUSED ? "unused" : "none");
    jw_kint(w, "rollover_expires", retainer_roll_expiry(r));
    jw_kstr(w, "rollover_order", r->rollover_current_first ? "current" : "fifo");
    jw_kint(w, "base_seconds", s->base_seconds);
    jw_kstr(w, "period_start", day_format(s->period_start, d));
    jw_kstr(w, "period_end", day_format(s->period_end, d));
    jw_kint(w, "prepaid_seconds", s->prepaid_seconds);
    jw_kint(w, "rollover_seconds", s->rollover_seconds);
    jw_kint(w, "used_seconds", s->used_seconds);
    jw_kint(w, "remaining_seconds", s->remaining_seconds);
    jw_kint(w, "overage_seconds", s->overage_seconds);
    jw_kint(w, "fee_minor", s->fee_minor);
    jw_kint(w, "overage_rate_minor", s->overage_rate_minor);
    jw_kint(w, "overage_minor", s->overage_minor);
    jw_kstr(w, "currency", c->currency);
    jw_kbool(w, "alert", s->alert);
    if (s->exhausts_on == RETAINER_NO_DAY)
        jw_knull(w, "exhausts_on");
    else
        jw_kstr(w, "exhausts_on", day_format(s->exhausts_on, d));
    jw_kint(w, "expiring_seconds", s->expiring_seconds);
    forecast_json(w, f);
    uses_json(w, u);
    jw_end_obj(w);
}

/* The period's terms and what used it, under a single client's line. */
static void retainer_detail(const tk_client *c, const tk_retainer *r, const tk_retainer_status *s,
                            const app_retainer_uses *u, const tk_retainer_forecast *f)
{
    int exp = currency_exponent(c->currency);
    char m[32], a[32], b[32], x[32];
    printf("  fee %s %s (%s), prepaid %s: %s of the period", money_format(s->fee_minor, exp, m),
           c->currency, r->whole ? "partial periods whole" : "partial periods prorated",
           dur_format_hmm(s->prepaid_seconds, a), dur_format_hmm(s->base_seconds, b));
    if (s->rollover_seconds)
        printf(" + %s rolled over", dur_format_hmm(s->rollover_seconds, x));
    printf("\n");
    if (r->rollover == ROLLOVER_UNUSED)
        printf("  rollover: unused hours live %d period%s, %s%s%s\n", retainer_roll_expiry(r),
               retainer_roll_expiry(r) == 1 ? "" : "s",
               r->rollover_current_first ? "this period's used first" : "oldest used first",
               s->expiring_seconds ? ", expiring unused at the period's end: " : "",
               s->expiring_seconds ? dur_format_hmm(s->expiring_seconds, x) : "");
    printf("  forecast%s: %s used, overage %s (%s %s), period total %s %s\n",
           f->final ? " (final)" : " at this pace", dur_format_hmm(f->used_seconds, a),
           dur_format_hmm(f->overage_seconds, b), money_format(f->overage_minor, exp, m),
           c->currency, money_format(f->total_minor, exp, x), c->currency);
    for (size_t i = 0; i < u->len; i++) {
        const app_retainer_use *e = &u->items[i];
        printf("  %s %s: %s h worked, drew %s", *e->project ? e->project : "(no project)", e->tier,
               inv_format_quantity(e->centi, a), dur_format_hmm(e->drawn_centi * 36, b));
        if (e->overage_centi)
            printf(", overage %s h %s %s", inv_format_quantity(e->overage_centi, x),
                   money_format(e->overage_minor, exp, m), c->currency);
        printf("\n");
    }
}

static void retainer_line(const tk_client *c, const tk_retainer_status *s)
{
    char a[DAY_BUF], b[DAY_BUF], used[32], pre[32], left[32], over[32], m[32], ex[DAY_BUF];
    strbuf sb = { 0 };
    text_fit(&sb, c->key, 16, 1, 0);
    printf("%s %s – %s  used %s of %s, %s left", sb_str(&sb), day_format(s->period_start, a),
           day_format(s->period_end, b), dur_format_hmm(s->used_seconds, used),
           dur_format_hmm(s->prepaid_seconds, pre), dur_format_hmm(s->remaining_seconds, left));
    if (s->overage_seconds)
        printf(", overage %s (%s %s)", dur_format_hmm(s->overage_seconds, over),
               money_format(s->overage_minor, currency_exponent(c->currency), m), c->currency);
    if (s->exhausts_on != RETAINER_NO_DAY)
        printf(", %s %s", s->exhausted ? "used up on" : "runs out about", day_format(s->exhausts_on, ex));
    printf("%s\n", s->alert ? "  [alert]" : "");
    sb_free(&sb);
}

struct show {
    tk_app *app;
    app_biller *b;
    tk_day date;
    jw w;
    bool json, detail;
    int shown;
    tk_err *err;
};

static int show_client(const tk_client *c, void *p)
{
    struct show *sh = p;
    tk_retainer r;
    tk_retainer_status s;
    int rc = app_retainer_status(sh->app, sh->b, c, sh->date, &r, &s, sh->err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return 0;
    app_retainer_uses u;
    if (app_retainer_uses_of(sh->b, c, &r, sh->date, &u, sh->err))
        return -1;
    tk_retainer_forecast f;
    if (retainer_forecast(&r, &s, sh->date, &f, sh->err)) {
        app_retainer_uses_free(&u);
        return -1;
    }
    sh->shown++;
    if (sh->json)
        retainer_json(&sh->w, c, &r, &s, &u, &f);
    else
        retainer_line(c, &s);
    if (!sh->json && sh->detail)
        retainer_detail(c, &r, &s, &u, &f);
    app_retainer_uses_free(&u);
    return 0;
}

int cmd_retainer_show(tk_app *app, const cli_args *args)
{
    const char *date_s = cli_args_get(args, "date");
    bool json = cli_args_has(args, "json");
    char *const *pos = args->pos;
    int npos = args->npos;
    int rc = 0;
    tk_err err = { "" };
    strbuf sb = { 0 };
    struct show sh = { .app = app, .date = app_today(), .json = json, .err = &err };
    if (date_s && cli_parse_day(date_s, &sh.date, &err))
        return cli_error(&err);
    if (!(sh.b = app_biller_new(app, &err)))
        return cli_error(&err);
    if (app_biller_count_timer(sh.b, clock_now(), &err) < 0) {
        app_biller_free(sh.b);
        return cli_error(&err);
    }
    jw_init(&sh.w, &sb);
    if (npos == 1) {
        tk_client c;
        tk_project p;
        rc = app_find(app, pos[0], &c, &p, &err);
        sh.detail = true;
        if (rc == 0) {
            rc = show_client(&c, &sh);
            if (rc == 0 && !sh.shown)
                rc = tk_fail(&err, "%s has no retainer on that day", c.key);
            tk_client_clear(&c);
            tk_project_clear(&p);
        }
    } else {
        if (json)
            jw_arr(&sh.w);
        rc = app_client_each(app, false, show_client, &sh, &err) < 0 ? -1 : 0;
        if (json)
            jw_end_arr(&sh.w);
        if (rc == 0 && !json && !sh.shown)
            printf("no retainers in force\n");
    }
    if (rc == 0 && json)
        cli_print_json(&sb);
    sb_free(&sb);
    app_biller_free(sh.b);
    return rc ? cli_error(&err) : EXIT_OK;
}
