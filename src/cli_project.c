/* cli_project.c — tock project list, project set and project bill: fixed prices, their
 * milestones and budgets (issue 18). Rules and transactions are app_fixed.c's. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_fixed.h"
#include "duration.h"
#include "json.h"
#include "money.h"
#include "text.h"

struct plist {
    jw w;
    bool json;
};

static void json_opt(jw *w, const char *key, bool has, int64_t v)
{
    if (has)
        jw_kint(w, key, v);
    else
        jw_knull(w, key);
}

static void project_json(jw *w, const app_project_row *r)
{
    const tk_project *p = r->p;
    bool fixed = p->fixed_minor >= 0, tracks = fixed || p->budget_seconds >= 0;
    jw_obj(w);
    jw_kstr(w, "client", r->client_key);
    jw_kstr(w, "project", p->key);
    jw_kstr(w, "name", p->name);
    jw_kbool(w, "billable", p->billable);
    jw_kbool(w, "archived", p->archived);
    jw_kbool(w, "outside_retainer", p->outside_retainer);
    jw_kstr(w, "currency", r->currency);
    json_opt(w, "fixed_minor", fixed, p->fixed_minor);
    json_opt(w, "billed_minor", fixed, r->standing.billed_minor);
    json_opt(w, "invoiced_minor", fixed, r->standing.invoiced_minor);
    json_opt(w, "left_minor", fixed, p->fixed_minor - r->standing.billed_minor);
    json_opt(w, "budget_seconds", p->budget_seconds >= 0, p->budget_seconds);
    if (tracks)
        jw_kint(w, "tracked_seconds", r->tracked_seconds);
    jw_end_obj(w);
}

static void project_text(const app_project_row *r)
{
    const tk_project *p = r->p;
    strbuf sb = { 0 };
    char t[32], b[32], m1[40], m2[40], m3[40];
    int exp = currency_exponent(r->currency);
    char *spec = xasprintf("%s/%s", r->client_key, p->key);
    text_fit(&sb, spec, 30, 1, 0);
    sb_addc(&sb, ' ');
    text_fit(&sb, p->name, 30, 0, 0);
    printf("%s%s%s", sb_str(&sb), p->billable ? "" : "  non-billable",
           p->archived ? "  archived" : "");
    if (p->fixed_minor >= 0)
        printf("  fixed-price %s %s, billed %s, %s left", money_format(p->fixed_minor, exp, m1),
               r->currency, money_format(r->standing.billed_minor, exp, m2),
               money_format(p->fixed_minor - r->standing.billed_minor, exp, m3));
    if (p->budget_seconds > 0)
        printf("  %s of %s budget (%lld%%)", dur_format_hmm(r->tracked_seconds, t),
               dur_format_hmm(p->budget_seconds, b),
               (long long)(r->tracked_seconds * 100 / p->budget_seconds));
    else if (p->fixed_minor >= 0)
        printf("  %s tracked", dur_format_hmm(r->tracked_seconds, t));
    putchar('\n');
    free(spec);
    sb_free(&sb);
}

static int print_project(const app_project_row *r, void *ctx)
{
    struct plist *l = ctx;
    if (l->json)
        project_json(&l->w, r);
    else
        project_text(r);
    return 0;
}

int cmd_project_list(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json"),
         all = cli_args_has(args, "all");
    char *const *pos = args->pos;
    int npos = args->npos;
    tk_err err = { "" };
    strbuf sb = { 0 };
    struct plist l = { .json = json };
    jw_init(&l.w, &sb);
    if (json)
        jw_arr(&l.w);
    if (app_project_list(app, npos ? pos[0] : NULL, all, print_project, &l, &err)) {
        sb_free(&sb);
        return cli_error(&err);
    }
    if (json) {
        jw_end_arr(&l.w);
        cli_print_json(&sb);
    }
    sb_free(&sb);
    return EXIT_OK;
}

int cmd_project_set(tk_app *app, const cli_args *args)
{
    bool outside = cli_args_has(args, "outside-retainer"),
         inside = cli_args_has(args, "inside-retainer"),
         billable = cli_args_has(args, "billable"),
         non_billable = cli_args_has(args, "non-billable");
    app_project_opts o = { .name = cli_args_get(args, "name"),
                           .fixed = cli_args_get(args, "fixed"),
                           .budget = cli_args_get(args, "budget-hours"),
                           .billable = -1, .outside_retainer = -1 };
    char *const *pos = args->pos;
    if (outside && inside)
        return cli_errorf("--outside-retainer and --inside-retainer exclude each other");
    if (billable && non_billable)
        return cli_errorf("--billable and --non-billable exclude each other");
    o.outside_retainer = outside ? 1 : inside ? 0 : -1;
    o.billable = billable ? 1 : non_billable ? 0 : -1;
    tk_err err = { "" };
    if (cli_check_text("project's name", o.name, &err))
        return cli_error(&err);
    tk_project now;
    if (app_project_set(app, pos[0], &o, &now, &err))
        return cli_error(&err);
    printf("updated project %s%s\n", pos[0], now.outside_retainer ? " (outside the retainer)" : "");
    tk_project_clear(&now);
    return EXIT_OK;
}

int cmd_project_bill(tk_app *app, const cli_args *args)
{
    const char *note = cli_args_get(args, "note"),
               *date = cli_args_get(args, "date");
    bool force = cli_args_has(args, "force");
    char *const *pos = args->pos;
    tk_err err = { "" };
    tk_day day = app_today();
    if (cli_check_text("milestone's description", note, &err) ||
        (date && cli_parse_day(date, &day, &err)))
        return cli_error(&err);
    tk_milestone m;
    if (app_project_bill(app, pos[0], pos[1], note, day, force, &m, &err))
        return cli_error(&err);
    printf("milestone %lld of %s recorded: it goes on the client's next invoice\n",
           (long long)m.id, pos[0]);
    tk_milestone_clear(&m);
    return EXIT_OK;
}
