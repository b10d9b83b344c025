/* cli_team.c — team mode on the command line: tock submit, approve, reject, reopen, and
 * tock team add / list / rm / set / week / remind. The rules are app_team's. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "app_team.h"
#include "clock.h"
#include "duration.h"
#include "money.h"
#include "text.h"
#include "app_team_week.h"

/* DATE (default today) → a day, or EXIT_USER after printing why. */
static int day_arg(int npos, char *const *pos, int at, tk_day *day)
{
    tk_err err = { "" };
    *day = app_today();
    if (npos > at && cli_parse_day(pos[at], day, &err))
        return cli_error(&err);
    return 0;
}

static void said(tk_app *app, const char *who, tk_day day, const char *what)
{
    char first[DAY_BUF], label[APP_PERIOD_BUF];
    tk_day p = app_period_of(app, day);
    printf("%s%s%s %s (%s) %s\n", who ? who : "your", who ? "'s " : " ",
           app->cfg.team.monthly ? "month of" : "week of", day_format(p, first),
           app_period_label(app, p, label), what);
}

int cmd_submit(tk_app *app, const cli_args *args)
{
    tk_day day;
    int rc = day_arg(args->npos, args->pos, 0, &day);
    if (rc)
        return rc;
    tk_err err = { "" };
    if (app_week_submit(app, day, &err))
        return cli_error(&err);
    said(app, NULL, day, "submitted; it is locked until a lead approves or rejects it");
    return EXIT_OK;
}

/* approve, reject and reopen: USER [DATE] [-m REASON]. */
static int judge(tk_app *app, const char *cmd, const cli_args *args)
{
    bool approve = !strcmp(cmd, "approve");
    const char *reason = approve ? NULL : cli_args_get(args, "note");
    char *const *pos = args->pos;
    tk_day day;
    int rc = day_arg(args->npos, pos, 1, &day);
    if (rc)
        return rc;
    tk_err err = { "" };
    if (cli_check_text("reason", reason, &err))
        return cli_error(&err);
    if (approve)
        rc = app_week_approve(app, pos[0], day, &err);
    else if (!strcmp(cmd, "reject"))
        rc = app_week_reject(app, pos[0], day, reason, &err);
    else
        rc = app_week_reopen(app, pos[0], day, reason, &err);
    if (rc)
        return cli_error(&err);
    said(app, cli_text(pos[0]), day, approve ? "approved" : !strcmp(cmd, "reject")
                                   ? "rejected; it is open again for its owner" : "reopened");
    return EXIT_OK;
}

int cmd_approve(tk_app *app, const cli_args *args)
{
    return judge(app, "approve", args);
}

int cmd_reject(tk_app *app, const cli_args *args)
{
    return judge(app, "reject", args);
}

int cmd_reopen(tk_app *app, const cli_args *args)
{
    return judge(app, "reopen", args);
}

/* ---- members ---- */

static int role_arg(const char *cmd, const char *s, tk_role *role)
{
    if (!s) {
        fprintf(stderr, "tock team %s: --role admin|lead|member is required\n", cmd);
        return EXIT_USAGE;
    }
    if (app_role_parse(s, role)) {
        fprintf(stderr, "tock team %s: unknown role '%s' (admin, lead or member)\n", cmd,
                cli_text(s));
        return EXIT_USAGE;
    }
    return 0;
}

static int team_change(tk_app *app, const char *cmd, const cli_args *args)
{
    bool rm = !strcmp(cmd, "rm");
    const char *role_s = rm ? NULL : cli_args_get(args, "role");
    char *const *pos = args->pos;
    int rc = 0;
    tk_role role = ROLE_MEMBER;
    if (!rm && (role_s || strcmp(cmd, "add")) && (rc = role_arg(cmd, role_s, &role)))
        return rc;
    tk_err err = { "" };
    if (rm)
        rc = app_team_rm(app, pos[0], &err);
    else if (!strcmp(cmd, "add"))
        rc = app_team_add(app, pos[0], role, &err);
    else
        rc = app_team_set(app, pos[0], role, &err);
    if (rc)
        return cli_error(&err);
    if (rm)
        printf("%s is no longer in the team (their time stays)\n", cli_text(pos[0]));
    else
        printf("%s is %s %s\n", cli_text(pos[0]), role == ROLE_ADMIN ? "an" : "a",
               app_role_name(role));
    return EXIT_OK;
}

int cmd_team_add(tk_app *app, const cli_args *args)
{
    return team_change(app, "add", args);
}

int cmd_team_set(tk_app *app, const cli_args *args)
{
    return team_change(app, "set", args);
}

int cmd_team_rm(tk_app *app, const cli_args *args)
{
    return team_change(app, "rm", args);
}

struct listing {
    bool json;
    jw w;
};

static int list_member(const store_member *m, void *p)
{
    struct listing *l = p;
    if (!m->active)
        return 0;
    if (l->json) {
        jw_obj(&l->w);
        jw_kstr(&l->w, "user", m->login);
        jw_kstr(&l->w, "role", app_role_name(m->role));
        jw_end_obj(&l->w);
    } else {
        printf("%-20s %s\n", cli_text(m->login), app_role_name(m->role));
    }
    return 0;
}

int cmd_team_list(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    tk_err err = { "" };
    strbuf sb = { 0 };
    struct listing l = { .json = json };
    if (json) {
        jw_init(&l.w, &sb);
        jw_arr(&l.w);
    }
    if (app_team_each(app, list_member, &l, &err) < 0) {
        sb_free(&sb);
        return cli_error(&err);
    }
    if (json) {
        jw_end_arr(&l.w);
        cli_print_json(&sb);
    }
    return EXIT_OK;
}

/* ---- the team's period ---- */

static void amounts_text(const app_team_row *r, strbuf *sb)
{
    char m[48];
    if (!r->amounts.len)
        sb_add(sb, "·");
    for (size_t i = 0; i < r->amounts.len; i++) {
        const app_team_amount *a = &r->amounts.items[i];
        sb_addf(sb, "%s%s %s", i ? " + " : "", money_format(a->minor,
                currency_exponent(a->currency), m), a->currency);
    }
}

static void team_week_json(tk_app *app, const app_team_rows *rows, strbuf *sb)
{
    jw w;
    char d[DAY_BUF], label[APP_PERIOD_BUF];
    jw_init(&w, sb);
    jw_obj(&w);
    jw_kstr(&w, "period", app->cfg.team.monthly ? "month" : "week");
    jw_kstr(&w, "label", app_period_label(app, rows->first, label));
    jw_kstr(&w, "from", day_format(rows->first, d));
    jw_kstr(&w, "to", day_format(rows->last, d));
    jw_key(&w, "members");
    jw_arr(&w);
    for (size_t i = 0; i < rows->len; i++) {
        const app_team_row *r = &rows->items[i];
        jw_obj(&w);
        jw_kstr(&w, "user", r->login);
        jw_kstr(&w, "role", app_role_name(r->role));
        jw_kstr(&w, "state", week_state_name(r->week.state));
        jw_kstr(&w, "reason", r->week.reason);
        jw_kstr(&w, "by", r->week.actor);
        jw_kbool(&w, "late", r->late);
        jw_kint(&w, "seconds", r->seconds);
        jw_kint(&w, "billable_seconds", r->billable_seconds);
        jw_kint(&w, "billed_seconds", r->billed_seconds);
        jw_kbool(&w, "running", r->running);
        jw_key(&w, "amounts");
        jw_arr(&w);
        for (size_t k = 0; k < r->amounts.len; k++) {
            jw_obj(&w);
            jw_kstr(&w, "currency", r->amounts.items[k].currency);
            jw_kint(&w, "amount_minor", r->amounts.items[k].minor);
            jw_end_obj(&w);
        }
        jw_end_arr(&w);
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    jw_end_obj(&w);
}

static void team_week_text(tk_app *app, const app_team_rows *rows)
{
    char a[DAY_BUF], b[DAY_BUF], label[APP_PERIOD_BUF], h1[32], h2[32];
    printf("%s%s · %s – %s\n", app->cfg.team.monthly ? "Month " : "",
           app_period_label(app, rows->first, label), day_format(rows->first, a),
           day_format(rows->last, b));
    printf("%-16s %-10s %8s %8s  %s\n", "user", "state", "hours", "billable", "amount");
    strbuf sb = { 0 };
    for (size_t i = 0; i < rows->len; i++) {
        const app_team_row *r = &rows->items[i];
        sb_reset(&sb);
        text_fit(&sb, r->login, 16, 1, 0);
        sb_addf(&sb, " %-10s %8s %8s  ", week_state_name(r->week.state),
                dur_format_hmm(r->seconds, h1), dur_format_hmm(r->billable_seconds, h2));
        amounts_text(r, &sb);
        if (r->running)
            sb_add(&sb, "  running");
        if (r->late)
            sb_add(&sb, "  late");
        if (r->week.reason && *r->week.reason) {
            sb_add(&sb, "  (");
            text_add_printable(&sb, r->week.reason);
            sb_add(&sb, ")");
        }
        puts(sb_str(&sb));
    }
    sb_free(&sb);
}

int cmd_team_week(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    tk_day day;
    int rc = day_arg(args->npos, args->pos, 0, &day);
    if (rc)
        return rc;
    tk_err err = { "" };
    app_team_rows rows;
    if (app_team_week(app, day, &rows, &err)) {
        app_team_rows_free(&rows);
        return cli_error(&err);
    }
    if (json) {
        strbuf sb = { 0 };
        team_week_json(app, &rows, &sb);
        cli_print_json(&sb);
    } else {
        team_week_text(app, &rows);
    }
    app_team_rows_free(&rows);
    return EXIT_OK;
}

/* A login safe to put in a mail header as a local address. */
static bool mailable(const char *login)
{
    return *login && login[strspn(login, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789._-")] == '\0' && *login != '-';
}

/* One reminder through the local sendmail (-t: the recipient comes from the To: header, so
 * no name reaches a shell). 0 sent, -1 with err. */
static int mail_reminder(const char *login, const char *label, const char *deadline,
                         tk_err *err)
{
    FILE *p = popen("PATH=\"$PATH:/usr/sbin:/usr/lib\" exec sendmail -t -oi", "w");
    if (!p)
        return tk_fail(err, "cannot run sendmail");
    fprintf(p, "To: %s\nSubject: tock: %s not submitted\n\n"
               "Your %s in tock was due %s and is not submitted yet.\n"
               "Submit it with: tock submit\n", login, label, label, deadline);
    int status = pclose(p);
    if (status != 0)
        return tk_fail(err, "sendmail failed for %s (status %d)", login, status);
    return 0;
}

int cmd_team_remind(tk_app *app, const cli_args *args)
{
    int rc;
    tk_err err = { "" };
    if (app->cfg.team.submit_by.wday < 0)
        return cli_errorf("no deadline is set: [team] submit_by = Fri 17:00 in the config");
    /* Default: the latest period whose deadline has passed. */
    int64_t now = clock_now();
    tk_day day = app_period_of(app, app_today());
    if (now < app_period_deadline(app, day))
        day = app_period_of(app, day - 1);
    if (args->npos && (rc = day_arg(args->npos, args->pos, 0, &day)))
        return rc;
    app_team_rows rows;
    if (app_team_week(app, day, &rows, &err)) {
        app_team_rows_free(&rows);
        return cli_error(&err);
    }
    char label[APP_PERIOD_BUF], when[DAY_TIME_BUF + DAY_BUF];
    app_period_label(app, rows.first, label);
    int64_t due = app_period_deadline(app, rows.first);
    char d[DAY_BUF], hm[DAY_TIME_BUF];
    snprintf(when, sizeof when, "%s %s", day_format(local_day_of(due), d), local_format_hm(due, hm));
    size_t nlate = 0;
    rc = EXIT_OK;
    for (size_t i = 0; i < rows.len; i++) {
        const app_team_row *r = &rows.items[i];
        if (!r->late)
            continue;
        nlate++;
        printf("%s: %s %s (due %s)\n", cli_text(r->login), label,
               r->week.state == WEEK_REJECTED ? "rejected, not resubmitted" : "not submitted",
               when);
        if (!app->cfg.team.remind_mail)
            continue;
        if (!mailable(r->login))
            rc = cli_errorf("not mailing '%s': not a plain login", cli_text(r->login));
        else if (mail_reminder(r->login, label, when, &err))
            rc = cli_error(&err);
    }
    if (!nlate)
        printf("nobody is late for %s (due %s)\n", label, when);
    app_team_rows_free(&rows);
    return rc;
}
