/* cli_export.c — tock export: every entry with every field, as CSV (RFC 4180) or a JSON
 * array, streamed row by row (through a temporary file, so a failure prints nothing); the running timers come last, as rows without an end.
 * The columns are the ones `tock import tock` reads (import_tock.c). */
#include "cli.h"
#include "app_team.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "app_billing.h"
#include "billing.h"
#include "app_read.h"

enum col {
    C_ID, C_USER, C_CLIENT, C_CLIENT_NAME, C_PROJECT, C_PROJECT_NAME, C_TIER, C_BILLABLE, C_DATE, C_START, C_END, C_SECONDS,
    C_BILLED, C_RATE, C_AMOUNT, C_CURRENCY, C_NOTE, C_WEEK, C_INVOICE, C_REF, C_N
};

/* How a column is written: text that --spreadsheet guards, a number, or a boolean. */
enum kind { K_TEXT, K_NUM, K_BOOL };

static const struct {
    const char *name;
    enum kind kind;
} cols[C_N] = {
    [C_ID] = { "id", K_NUM }, [C_USER] = { "user", K_TEXT }, [C_CLIENT] = { "client", K_TEXT },
    [C_CLIENT_NAME] = { "client_name", K_TEXT }, [C_PROJECT] = { "project", K_TEXT },
    [C_PROJECT_NAME] = { "project_name", K_TEXT }, [C_TIER] = { "tier", K_TEXT },
    [C_BILLABLE] = { "billable", K_BOOL }, [C_DATE] = { "date", K_TEXT },
    [C_START] = { "start", K_TEXT }, [C_END] = { "end", K_TEXT },
    [C_SECONDS] = { "seconds", K_NUM }, [C_BILLED] = { "billed_seconds", K_NUM },
    [C_RATE] = { "rate_minor", K_NUM }, [C_AMOUNT] = { "amount_minor", K_NUM },
    [C_CURRENCY] = { "currency", K_TEXT }, [C_NOTE] = { "note", K_TEXT },
    [C_WEEK] = { "week_state", K_TEXT }, [C_INVOICE] = { "invoice", K_TEXT },
    [C_REF] = { "ref", K_TEXT },   /* the ticket reference (issue 18): last, so older files read */
};

/* One row's values as text; NULL or "" is empty (null in JSON). */
struct row {
    const char *v[C_N];
    char num[C_N][24];
    char date[DAY_BUF], start[DAY_TIME_BUF], end[DAY_TIME_BUF];
};

struct week_seen {
    int64_t user_id;
    tk_day week;
    tk_week_state state;
};

struct export {
    tk_app *app;
    app_biller *b;
    store_filter f;
    bool json, spreadsheet;
    FILE *o;                    /* the output: a cli_sink, so a failure leaves none */
    long rows;
    strbuf out;
    strbuf guarded[C_N];        /* --spreadsheet: cells with their apostrophe */
    /* Each user's last week looked up: rows come by day, users interleaved, so one slot per
     * user makes it one lookup per user and week. */
    TK_VEC(struct week_seen) weeks;
    int64_t invoice_id;         /* the last invoice looked up */
    char *invoice;
    tk_err *err;
};

static void set_num(struct row *r, enum col c, int64_t v)
{
    tk_i64_format(v, r->num[c]);
    r->v[c] = r->num[c];
}

static int week_state(struct export *x, int64_t user_id, tk_day day, const char **out)
{
    tk_day week = app_week_of(x->app, day);
    struct week_seen *w = NULL;
    for (size_t i = 0; i < x->weeks.len && !w; i++)
        if (x->weeks.items[i].user_id == user_id)
            w = &x->weeks.items[i];
    if (!w) {
        struct week_seen fresh = { user_id, week - 1, WEEK_OPEN };
        TK_PUSH(x->weeks, fresh);
        w = &x->weeks.items[x->weeks.len - 1];
    }
    if (w->week != week) {
        if (app_week_state(x->app, user_id, week, &w->state, x->err) < 0)
            return -1;
        w->week = week;
    }
    *out = week_state_name(w->state);
    return 0;
}

static int invoice_ref(struct export *x, int64_t id, const char **out)
{
    *out = NULL;
    if (!id)
        return 0;
    if (id != x->invoice_id) {
        free(x->invoice);
        x->invoice = NULL;
        x->invoice_id = id;
        if (app_invoice_reference(x->app, id, &x->invoice, x->err) < 0)
            return -1;
    }
    *out = x->invoice;
    return 0;
}

/* Whether a spreadsheet would take a text cell for a formula. */
static bool formula_like(const char *s)
{
    return *s && strchr("=+-@\t\r", *s);
}

static void put_csv(struct export *x, const struct row *r)
{
    const char *v[C_N];
    for (int i = 0; i < C_N; i++) {
        v[i] = r->v[i] ? r->v[i] : "";
        if (x->spreadsheet && cols[i].kind == K_TEXT && formula_like(v[i])) {
            sb_reset(&x->guarded[i]);
            sb_addc(&x->guarded[i], '\'');
            sb_add(&x->guarded[i], v[i]);
            v[i] = sb_str(&x->guarded[i]);
        }
    }
    csv_put_record(&x->out, v, C_N);
}

static void put_json(struct export *x, const struct row *r)
{
    jw w;
    sb_add(&x->out, x->rows ? ",\n" : "\n");
    jw_init(&w, &x->out);
    jw_obj(&w);
    for (int i = 0; i < C_N; i++) {
        const char *v = r->v[i];
        jw_key(&w, cols[i].name);
        if (!v || (!*v && i != C_NOTE))
            jw_null(&w);
        else if (cols[i].kind == K_NUM)
            jw_raw(&w, v);
        else if (cols[i].kind == K_BOOL)
            jw_bool(&w, !strcmp(v, "yes"));
        else
            jw_str(&w, v);
    }
    jw_end_obj(&w);
}

static int put_row(struct export *x, const struct row *r)
{
    sb_reset(&x->out);
    if (x->json)
        put_json(x, r);
    else
        put_csv(x, r);
    x->rows++;
    if (fwrite(x->out.buf, 1, x->out.len, x->o) != x->out.len)
        return tk_fail(x->err, "cannot write the export: %s", strerror(errno));
    return 0;
}

/* What every row has: who, what, when it started, the week's state. */
static int common(struct export *x, struct row *r, int64_t user_id, const char *user,
                  const tk_client *c, const tk_project *p, const char *tier, const char *note,
                  tk_day day)
{
    r->v[C_USER] = user;
    r->v[C_CLIENT] = c->key;
    r->v[C_CLIENT_NAME] = c->name;
    r->v[C_PROJECT] = p ? p->key : NULL;
    r->v[C_PROJECT_NAME] = p ? p->name : NULL;
    r->v[C_CURRENCY] = c->currency;
    r->v[C_TIER] = tier;
    r->v[C_NOTE] = note;
    r->v[C_DATE] = day_format(day, r->date);
    return week_state(x, user_id, day, &r->v[C_WEEK]);
}

static int export_entry(const tk_entry *e, void *ctx)
{
    struct export *x = ctx;
    struct row r = { 0 };
    tk_bill bill;
    const tk_client *c = app_biller_client(x->b, e->client_id, x->err);
    const tk_project *p = app_biller_project(x->b, e->client_id, e->project_id);
    if (!c || app_bill(x->b, e, &bill, x->err) ||
        common(x, &r, e->user_id, e->user, c, p, e->tier, e->note, e->day) ||
        invoice_ref(x, e->invoice_id, &r.v[C_INVOICE]))
        return -1;
    set_num(&r, C_ID, e->id);
    r.v[C_BILLABLE] = bill.billable ? "yes" : "no";
    if (e->has_range) {
        r.v[C_START] = utc_format(e->start, r.start);
        r.v[C_END] = utc_format(e->end, r.end);
    }
    set_num(&r, C_SECONDS, e->seconds);
    set_num(&r, C_BILLED, bill.billed_seconds);
    set_num(&r, C_RATE, bill.nparts ? bill.parts[0].rate_minor : 0);
    set_num(&r, C_AMOUNT, bill.amount_minor);
    r.v[C_REF] = e->ref;
    return put_row(x, &r);
}

/* A running timer: a row with a start and nothing that needs an end. */
static int export_timer(const tk_timer *t, const char *login, void *ctx)
{
    struct export *x = ctx;
    const store_filter *f = &x->f;
    tk_day day = local_day_of(t->start);
    if ((f->user_id && f->user_id != t->user_id) || (f->client_id && f->client_id != t->client_id) ||
        (f->project_id && f->project_id != t->project_id) || day < f->from || day > f->to)
        return 0;
    struct row r = { 0 };
    const tk_client *c = app_biller_client(x->b, t->client_id, x->err);
    const tk_project *p = app_biller_project(x->b, t->client_id, t->project_id);
    tk_entry e = { .billable = t->billable };
    if (!c || common(x, &r, t->user_id, login, c, p, t->tier, t->note, day))
        return -1;
    r.v[C_BILLABLE] = bill_is_billable(&e, c, p) ? "yes" : "no";
    r.v[C_START] = utc_format(t->start, r.start);
    r.v[C_REF] = t->ref;
    return put_row(x, &r);
}

static int export_all(struct export *x)
{
    if (x->json)
        fputc('[', x->o);
    else {
        const char *names[C_N];
        for (int i = 0; i < C_N; i++)
            names[i] = cols[i].name;
        csv_put_record(&x->out, names, C_N);
        fwrite(x->out.buf, 1, x->out.len, x->o);
    }
    int rc = app_entry_each(x->app, &x->f, export_entry, x, x->err);
    if (rc == 0)
        rc = app_timer_each(x->app, export_timer, x, x->err);
    if (rc == 0 && x->json)
        fputs(x->rows ? "\n]\n" : "]\n", x->o);
    return rc ? -1 : 0;
}

int cmd_export(tk_app *app, const cli_args *args)
{
    const char *format = cli_args_get(args, "format"),
               *from_s = cli_args_get(args, "from"),
               *to_s = cli_args_get(args, "to"),
               *user = cli_args_get(args, "user"),
               *client = cli_args_get(args, "client"),
               *output = cli_args_get(args, "output");
    bool spreadsheet = cli_args_has(args, "spreadsheet"),
         all = cli_args_has(args, "all");
    int rc = 0;
    if (all && (from_s || to_s || user || client || spreadsheet || format)) {
        fprintf(stderr, "tock export: --all is the whole database as JSON; it takes only -o\n");
        return EXIT_USAGE;
    }
    tk_err team_err = { "" };
    /* In a team database a member reads only their own time (app_team_may). */
    if (all && app_team_is_team(app) && app_team_may(app, TEAM_READ_ALL, 0, 0, &team_err))
        return cli_error(&team_err);
    if (all)
        return cli_dump(app, output);
    if (!format)
        format = "csv";
    if (strcmp(format, "csv") && strcmp(format, "json")) {
        fprintf(stderr, "tock export: bad --format '%s' (expected csv or json)\n", format);
        return EXIT_USAGE;
    }
    if (spreadsheet && !strcmp(format, "json")) {
        fprintf(stderr, "tock export: --spreadsheet is for CSV\n");
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    struct export x = { .app = app, .json = !strcmp(format, "json"), .spreadsheet = spreadsheet,
                        .f = { .from = DAY_MIN, .to = DAY_MAX }, .err = &err };
    if ((from_s && cli_parse_day(from_s, &x.f.from, &err)) || (to_s && cli_parse_day(to_s, &x.f.to, &err)))
        return cli_error(&err);
    if (x.f.to < x.f.from)
        return cli_errorf("--to is before --from");
    if (app_read_begin(app, &err))
        return cli_error(&err);
    if (user && (rc = app_user_id(app, user, &x.f.user_id, &err)) <= 0)
        rc = rc < 0 ? -1 : tk_fail(&err, "no user '%s'", user);
    else
        rc = 0;
    if (rc == 0 && app_team_is_team(app)) {
        if (!user && app_team_may(app, TEAM_READ_ALL, 0, 0, &err) == -1)
            x.f.user_id = app->user_id;   /* a member's export is their own time */
        else if (user)
            rc = app_team_may(app, TEAM_READ, x.f.user_id, 0, &err);
    }
    if (rc == 0 && client)
        rc = app_filter_spec(app, client, &x.f, &err);
    if (rc == 0 && !(x.b = app_biller_new(app, &err)))
        rc = -1;
    cli_sink sink = { 0 };
    if (rc == 0 && !(rc = cli_sink_open(&sink, output, &err))) {
        x.o = sink.f;
        if (export_all(&x)) {
            cli_sink_abort(&sink);
            rc = -1;
        } else {
            rc = cli_sink_commit(&sink, &err);
        }
    }
    app_read_end(app);
    app_biller_free(x.b);
    sb_free(&x.out);
    for (int i = 0; i < C_N; i++)
        sb_free(&x.guarded[i]);
    free(x.invoice);
    free(x.weeks.items);
    return rc ? cli_error(&err) : EXIT_OK;
}
