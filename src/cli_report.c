/* cli_report.c — tock report profit and tock report tickets: tables and --json of what
 * app_profit.c and app_tickets.c compute. Percentages are basis points in --json
 * (margin_bp 4250 = 42.50 %) and two decimals in the table; both rounded half away from zero. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "json.h"
#include "money.h"
#include "text.h"
#include "app_sprint.h"
#include "app_profit.h"
#include "fixed.h"
#include "app_tickets.h"

/* The range of --period or --from/--to; this month when neither. */
int cli_report_range(tk_app *app, const char *period, const char *from, const char *to,
                     app_range *r, tk_err *err)
{
    char month[DAY_BUF];
    if (!period && !from && !to) {
        day_format(app_today(), month);
        month[7] = '\0';
        period = month;
    }
    return app_range_resolve(app, NULL, period, from, to, NULL, r, err);
}

/* Derived figures of a row: margin, its share of revenue, revenue per hour worked and the
 * budget used by its hours (has_* false when there is nothing to divide by). */
typedef struct profit_fig {
    int64_t margin, margin_bp, hourly, budget_bp;
    bool has_margin_bp, has_hourly, has_budget;
} profit_fig;

static profit_fig figures(const app_profit_row *r)
{
    profit_fig f = { .margin = r->revenue_minor - r->cost_minor };
    f.margin_bp = profit_bp(f.margin, r->revenue_minor, &f.has_margin_bp);
    f.has_hourly = r->seconds > 0 &&
                   tk_muldiv_round(r->revenue_minor, 3600, r->seconds, &f.hourly) == 0;
    f.budget_bp = r->budget_seconds > 0 ? profit_bp(r->seconds, r->budget_seconds, &f.has_budget) : 0;
    return f;
}

static void row_json(jw *w, const app_profit_row *r)
{
    profit_fig f = figures(r);
    jw_obj(w);
    jw_kstr(w, "key", r->key);
    jw_kstr(w, "currency", r->currency);
    jw_kint(w, "seconds", r->seconds);
    jw_kint(w, "revenue_minor", r->revenue_minor);
    jw_kint(w, "invoiced_minor", r->invoiced_minor);
    jw_kint(w, "uninvoiced_minor", r->revenue_minor - r->invoiced_minor);
    jw_kint(w, "cost_minor", r->cost_minor);
    jw_kint(w, "uncosted_seconds", r->uncosted_seconds);
    jw_kint(w, "margin_minor", f.margin);
    if (f.has_margin_bp)
        jw_kint(w, "margin_bp", f.margin_bp);
    else
        jw_knull(w, "margin_bp");
    if (f.has_hourly)
        jw_kint(w, "effective_rate_minor", f.hourly);
    else
        jw_knull(w, "effective_rate_minor");
    if (r->budget_seconds >= 0)
        jw_kint(w, "budget_seconds", r->budget_seconds);
    else
        jw_knull(w, "budget_seconds");
    if (f.has_budget)
        jw_kint(w, "budget_used_bp", f.budget_bp);
    else
        jw_knull(w, "budget_used_bp");
    if (r->price_minor >= 0)
        jw_kint(w, "fixed_minor", r->price_minor);
    jw_end_obj(w);
}

static void row_text(const app_profit_row *r)
{
    profit_fig f = figures(r);
    int e = currency_exponent(r->currency);
    char h[32], rev[40], cost[40], mar[40], pct[32], rate[40], bud[32];
    strbuf sb = { 0 };
    text_fit(&sb, r->key, 24, 1, 0);
    printf("%s %s %8s %12s %12s %12s %8s %10s %8s%s\n", sb_str(&sb), r->currency,
           dur_format_hmm(r->seconds, h), money_format(r->revenue_minor, e, rev),
           money_format(r->cost_minor, e, cost), money_format(f.margin, e, mar),
           f.has_margin_bp ? profit_format_bp(f.margin_bp, pct) : "-",
           f.has_hourly ? money_format(f.hourly, e, rate) : "-",
           f.has_budget ? profit_format_bp(f.budget_bp, bud) : "-",
           r->uncosted_seconds ? "  (some time has no cost rate)" : "");
    sb_free(&sb);
}

int cmd_report_profit(tk_app *app, const cli_args *args)
{
    const char *period = cli_args_get(args, "period"),
               *from = cli_args_get(args, "from"),
               *to = cli_args_get(args, "to"),
               *by_s = cli_args_get_or(args, "by", "client");
    bool json = cli_args_has(args, "json");
    char *const *pos = args->pos;
    int npos = args->npos;
    tk_err err = { "" };
    profit_by by;
    if (profit_by_parse(by_s, &by))
        return cli_errorf("bad --by '%s' (expected client, project, user or month)", by_s);
    app_range r;
    app_profit p;
    if (cli_report_range(app, period, from, to, &r, &err) ||
        app_profit_report(app, npos ? pos[0] : NULL, r.from, r.to, by, &p, &err))
        return cli_error(&err);
    char a[DAY_BUF], b[DAY_BUF];
    if (json) {
        strbuf sb = { 0 };
        jw w;
        jw_init(&w, &sb);
        jw_obj(&w);
        jw_kstr(&w, "from", day_format(r.from, a));
        jw_kstr(&w, "to", day_format(r.to, b));
        jw_kstr(&w, "by", by_s);
        jw_key(&w, "rows");
        jw_arr(&w);
        for (size_t i = 0; i < p.nrows; i++)
            row_json(&w, &p.rows[i]);
        jw_end_arr(&w);
        jw_key(&w, "totals");
        jw_arr(&w);
        for (size_t i = 0; i < p.ntotals; i++)
            row_json(&w, &p.totals[i]);
        jw_end_arr(&w);
        jw_end_obj(&w);
        cli_print_json(&sb);
        sb_free(&sb);
    } else {
        printf("profit %s to %s, by %s\n", day_format(r.from, a), day_format(r.to, b), by_s);
        printf("%-24s cur %8s %12s %12s %12s %8s %10s %8s\n", "", "hours", "revenue", "cost",
               "margin", "margin%", "per hour", "budget%");
        for (size_t i = 0; i < p.nrows; i++)
            row_text(&p.rows[i]);
        for (size_t i = 0; i < p.ntotals; i++)
            row_text(&p.totals[i]);
        if (!p.nrows)
            printf("nothing worked or billed in this range\n");
    }
    app_profit_free(&p);
    return EXIT_OK;
}

static void ticket_json(jw *w, const app_ticket_row *r)
{
    char a[DAY_BUF], b[DAY_BUF];
    jw_obj(w);
    jw_kstr(w, "client", r->client);
    jw_kstr(w, "ref", *r->ref ? r->ref : NULL);
    jw_kint(w, "entries", r->entries);
    jw_kint(w, "seconds", r->seconds);
    jw_kint(w, "billed_seconds", r->billed_seconds);
    jw_kint(w, "amount_minor", r->amount_minor);
    jw_kstr(w, "currency", r->currency);
    jw_kstr(w, "first_day", day_format(r->first_day, a));
    jw_kstr(w, "last_day", day_format(r->last_day, b));
    jw_end_obj(w);
}

int cmd_report_tickets(tk_app *app, const cli_args *args)
{
    const char *period = cli_args_get(args, "period"),
               *from = cli_args_get(args, "from"),
               *to = cli_args_get(args, "to");
    bool json = cli_args_has(args, "json");
    char *const *pos = args->pos;
    int npos = args->npos;
    tk_err err = { "" };
    app_range r;
    app_tickets v;
    if (cli_report_range(app, period, from, to, &r, &err) ||
        app_ticket_report(app, npos ? pos[0] : NULL, r.from, r.to, &v, &err))
        return cli_error(&err);
    strbuf sb = { 0 };
    jw w;
    jw_init(&w, &sb);
    if (json)
        jw_arr(&w);
    else
        printf("%-16s %-20s %7s %8s %8s %12s\n", "client", "ticket", "entries", "hours", "billed",
               "amount");
    for (size_t i = 0; i < v.len; i++) {
        const app_ticket_row *t = &v.items[i];
        char h[32], bh[32], m[40];
        if (json) {
            ticket_json(&w, t);
            continue;
        }
        strbuf line = { 0 };
        text_fit(&line, t->client, 16, 1, 0);
        sb_addc(&line, ' ');
        text_fit(&line, *t->ref ? t->ref : "(no ticket)", 20, 1, 0);
        printf("%s %7lld %8s %8s %12s %s\n", sb_str(&line), (long long)t->entries,
               dur_format_hmm(t->seconds, h), dur_format_hmm(t->billed_seconds, bh),
               money_format(t->amount_minor, currency_exponent(t->currency), m), t->currency);
        sb_free(&line);
    }
    if (json) {
        jw_end_arr(&w);
        cli_print_json(&sb);
    }
    sb_free(&sb);
    app_tickets_free(&v);
    return EXIT_OK;
}
