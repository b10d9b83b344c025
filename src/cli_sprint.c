/* cli_sprint.c — tock sprint add, every, list and report. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "money.h"
#include "text.h"
#include "app_sprint.h"

/* Resolves CLIENT (no project) into c; prints the error. */
static int client_arg(tk_app *app, const char *key, tk_client *c)
{
    tk_err err = { "" };
    tk_project p;
    if (strchr(key, '/'))
        return cli_errorf("expected a client, not a project: '%s'", key);
    if (app_resolve(app, key, c, &p, &err))
        return cli_error(&err);
    tk_project_clear(&p);
    return 0;
}

int cmd_sprint_add(tk_app *app, const cli_args *args)
{
    const char *from_s = cli_args_get(args, "from"),
               *to_s = cli_args_get(args, "to");
    char *const *pos = args->pos;
    int rc = 0;
    if (!from_s || !to_s) {
        fprintf(stderr, "tock sprint add: --from and --to are required\n");
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    tk_day from, to;
    if (cli_parse_day(from_s, &from, &err) || cli_parse_day(to_s, &to, &err))
        return cli_error(&err);
    tk_client c;
    if ((rc = client_arg(app, pos[0], &c)))
        return rc;
    rc = app_sprint_add(app, &c, pos[1], from, to, &err);
    if (rc == 0) {
        char a[DAY_BUF], b[DAY_BUF];
        printf("%s: sprint '%s' from %s to %s\n", c.key, pos[1], day_format(from, a), day_format(to, b));
    }
    tk_client_clear(&c);
    return rc ? cli_error(&err) : EXIT_OK;
}

int cmd_sprint_every(tk_app *app, const cli_args *args)
{
    const char *starting_s = cli_args_get(args, "starting");
    char *const *pos = args->pos;
    int rc = 0;
    tk_err err = { "" };
    int days;
    tk_day starting = app_week_of(app, app_today());
    if (app_parse_every(pos[1], &days, &err) || (starting_s && cli_parse_day(starting_s, &starting, &err)))
        return cli_error(&err);
    tk_client c;
    if ((rc = client_arg(app, pos[0], &c)))
        return rc;
    rc = app_sprint_every(app, &c, days, starting, &err);
    tk_sprint now;
    if (rc == 0) {
        char a[DAY_BUF], b[DAY_BUF];
        printf("%s: a sprint every %d days; Sprint 1 is %s to %s", c.key, days,
               day_format(starting, a), day_format(starting + days - 1, b));
        int cur = app_sprint_current(app, &c, app_today(), &now, &err);
        if (cur == 1)
            printf("; today is in %s", cli_text(now.name));
        printf("\n");
        tk_sprint_clear(&now);
        rc = cur < 0 ? -1 : 0;
    }
    tk_client_clear(&c);
    return rc ? cli_error(&err) : EXIT_OK;
}

static void sprints_json(const tk_client *c, const app_sprints *l, tk_day today)
{
    strbuf sb = { 0 };
    jw w;
    char d[DAY_BUF];
    jw_init(&w, &sb);
    jw_obj(&w);
    jw_kstr(&w, "client", c->key);
    jw_key(&w, "cadence");
    if (l->has_cadence) {
        jw_obj(&w);
        jw_kint(&w, "every_days", l->cadence.every_days);
        jw_kstr(&w, "starting", day_format(l->cadence.starting, d));
        jw_end_obj(&w);
    } else {
        jw_null(&w);
    }
    jw_key(&w, "sprints");
    jw_arr(&w);
    for (size_t i = 0; i < l->len; i++) {
        const tk_sprint *sp = &l->items[i];
        jw_obj(&w);
        jw_kstr(&w, "name", sp->name);
        jw_kstr(&w, "from", day_format(sp->from, d));
        jw_kstr(&w, "to", day_format(sp->to, d));
        jw_kbool(&w, "computed", sp->id == 0);
        jw_kbool(&w, "current", sp->from <= today && today <= sp->to);
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    jw_end_obj(&w);
    cli_print_json(&sb);
}

static void sprints_text(const tk_client *c, const app_sprints *l, tk_day today)
{
    char a[DAY_BUF], b[DAY_BUF];
    if (l->has_cadence)
        printf("%s: a sprint every %d days from %s\n", c->key, l->cadence.every_days,
               day_format(l->cadence.starting, a));
    if (!l->len)
        printf("%s has no sprints\n", c->key);
    for (size_t i = 0; i < l->len; i++) {
        const tk_sprint *sp = &l->items[i];
        strbuf sb = { 0 };
        text_fit(&sb, sp->name, 24, 1, 0);
        sb_addf(&sb, "  %s – %s", day_format(sp->from, a), day_format(sp->to, b));
        if (sp->from <= today && today <= sp->to)
            sb_add(&sb, "  (current)");
        puts(sb_str(&sb));
        sb_free(&sb);
    }
}

int cmd_sprint_list(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    char *const *pos = args->pos;
    int rc = 0;
    tk_err err = { "" };
    tk_client c;
    if ((rc = client_arg(app, pos[0], &c)))
        return rc;
    app_sprints l;
    rc = app_sprint_list(app, &c, app_today(), &l, &err);
    if (rc == 0 && json)
        sprints_json(&c, &l, app_today());
    else if (rc == 0)
        sprints_text(&c, &l, app_today());
    if (rc == 0)
        app_sprints_free(&l);
    tk_client_clear(&c);
    return rc ? cli_error(&err) : EXIT_OK;
}

static void hours_rows_json(jw *w, const char *key, const char *name, const app_hours_row *rows, size_t n)
{
    jw_key(w, key);
    jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        jw_obj(w);
        jw_kstr(w, name, *rows[i].key || strcmp(name, "project") ? rows[i].key : NULL);
        jw_kint(w, "seconds", rows[i].seconds);
        jw_kint(w, "billed_seconds", rows[i].billed_seconds);
        jw_kint(w, "amount_minor", rows[i].amount_minor);
        jw_end_obj(w);
    }
    jw_end_arr(w);
}

static void report_json(const tk_client *c, const tk_sprint *sp, const app_hours *h)
{
    strbuf sb = { 0 };
    jw w;
    char d[DAY_BUF];
    jw_init(&w, &sb);
    jw_obj(&w);
    jw_kstr(&w, "client", c->key);
    jw_kstr(&w, "currency", c->currency);
    jw_key(&w, "sprint");
    jw_obj(&w);
    jw_kstr(&w, "name", sp->name);
    jw_kstr(&w, "from", day_format(sp->from, d));
    jw_kstr(&w, "to", day_format(sp->to, d));
    jw_end_obj(&w);
    hours_rows_json(&w, "users", "user", h->users, h->nusers);
    hours_rows_json(&w, "projects", "project", h->projects, h->nprojects);
    jw_key(&w, "total");
    jw_obj(&w);
    jw_kint(&w, "seconds", h->total.seconds);
    jw_kint(&w, "billed_seconds", h->total.billed_seconds);
    jw_kint(&w, "amount_minor", h->total.amount_minor);
    jw_end_obj(&w);
    jw_end_obj(&w);
    cli_print_json(&sb);
}

static void report_row(const char *label, const app_hours_row *r, const tk_client *c)
{
    char a[32], b[32], m[32];
    strbuf sb = { 0 };
    text_fit(&sb, label, 24, 1, 0);
    sb_addf(&sb, " %8s %8s %12s %s", dur_format_hmm(r->seconds, a), dur_format_hmm(r->billed_seconds, b),
            money_format(r->amount_minor, currency_exponent(c->currency), m), c->currency);
    puts(sb_str(&sb));
    sb_free(&sb);
}

static void report_text(const tk_client *c, const tk_sprint *sp, const app_hours *h)
{
    char a[DAY_BUF], b[DAY_BUF];
    printf("%s · %s · %s – %s\n", c->key, cli_text(sp->name), day_format(sp->from, a), day_format(sp->to, b));
    printf("%-24s %8s %8s %12s\n", "developer", "worked", "billed", "amount");
    for (size_t i = 0; i < h->nusers; i++)
        report_row(h->users[i].key, &h->users[i], c);
    printf("%-24s %8s %8s %12s\n", "project", "worked", "billed", "amount");
    for (size_t i = 0; i < h->nprojects; i++)
        report_row(*h->projects[i].key ? h->projects[i].key : "(no project)", &h->projects[i], c);
    report_row("total", &h->total, c);
}

int cmd_sprint_report(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    char *const *pos = args->pos;
    int npos = args->npos;
    int rc = 0;
    tk_err err = { "" };
    tk_client c;
    if ((rc = client_arg(app, pos[0], &c)))
        return rc;
    tk_sprint sp;
    app_hours h;
    rc = app_sprint_find(app, &c, npos > 1 ? pos[1] : "current", app_today(), &sp, &err);
    if (rc == 0) {
        rc = app_hours_report(app, &c, sp.from, sp.to, &h, &err);
        if (rc == 0 && json)
            report_json(&c, &sp, &h);
        else if (rc == 0)
            report_text(&c, &sp, &h);
        if (rc == 0)
            app_hours_free(&h);
        tk_sprint_clear(&sp);
    }
    tk_client_clear(&c);
    return rc ? cli_error(&err) : EXIT_OK;
}
