/* cli_invoice.c — tock invoice preview, push, list, retry, discard, and tock zoho check.
 * The rules live in the app layer (app_invoice.c, app_submit.c, app_zoho.c); this file reads
 * options, asks for confirmation and prints. */
#include "cli.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "duration.h"
#include "money.h"
#include "text.h"
#include "app_sprint.h"
#include "app_invoice.h"
#include "app_zoho.h"
#include "app_submit.h"
#include "app_zoho_sync.h"
#include "retainer.h"
#include "invoice.h"
#include "zoho.h"
#include "app_read.h"

/* Options every command that builds an invoice shares. */
typedef struct range_opts {
    const char *period, *from, *to, *sprint, *group_by;
} range_opts;

/* The range options as given (the table declares them: OPT_RANGE in cli.c). */
#define RANGE_OPTS(a) { cli_args_get(a, "period"), cli_args_get(a, "from"), \
                        cli_args_get(a, "to"), cli_args_get(a, "sprint"), \
                        cli_args_get(a, "group-by") }

/* Client, range and grouping from the options: 0, EXIT_USAGE, or EXIT_USER (printed).
 * this_month: no range means this month (a preview, as the TUI's; a push names its range). */
static int resolve(tk_app *app, const char *cmd, const char *key, const range_opts *o,
                   bool this_month, tk_client *c, app_range *r, inv_grouping *g)
{
    int forms = (o->period != NULL) + (o->from || o->to) + (o->sprint != NULL);
    const char *period = o->period;
    char month[16];
    if (forms == 0 && this_month) {
        int y, m, d;
        day_to_ymd(app_today(), &y, &m, &d);
        snprintf(month, sizeof month, "%04d-%02d", y, m);
        period = month;
        forms = 1;
    }
    if (forms != 1 || (!o->from) != (!o->to)) {
        fprintf(stderr, "tock %s: give one of --period MONTH, --from DATE --to DATE, or --sprint "
                        "NAME|current|last\n", cmd);
        return EXIT_USAGE;
    }
    const char *gname = o->group_by ? o->group_by : app->cfg.group_by;
    if (inv_grouping_parse(gname, g)) {
        fprintf(stderr, "tock %s: bad --group-by '%s' (project+tier, project, tier, day or entry)\n",
                cmd, gname);
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    tk_project p;
    if (strchr(key, '/'))
        return cli_errorf("expected a client, not a project: '%s'", key);
    if (app_resolve(app, key, c, &p, &err))
        return cli_error(&err);
    tk_project_clear(&p);
    if (app_range_resolve(app, c, period, o->from, o->to, o->sprint, r, &err)) {
        tk_client_clear(c);
        return cli_error(&err);
    }
    return 0;
}

/* ---- preview ---- */

static void line_json(jw *w, const app_draft *dr, const tk_inv_line *l, const app_line_note *n)
{
    char q[INV_QTY_BUF], d[DAY_BUF];
    jw_obj(w);
    jw_kstr(w, "description", l->description);
    jw_kstr(w, "kind", inv_line_kind_name(l->kind));
    jw_kstr(w, "project", l->project_key && *l->project_key ? l->project_key : NULL);
    jw_kstr(w, "tier", l->tier);
    jw_key(w, "quantity");
    jw_raw(w, inv_format_quantity(l->quantity_centi, q));
    jw_kint(w, "seconds", l->seconds);
    if (n->has_actual)
        jw_kint(w, "actual_seconds", n->actual_seconds);
    else
        jw_knull(w, "actual_seconds");
    jw_kint(w, "rate_minor", l->rate_minor);
    jw_kint(w, "amount_minor", l->amount_minor);
    jw_key(w, "send_quantity");
    jw_raw(w, inv_format_quantity(l->send_quantity_centi, q));
    jw_kint(w, "send_rate_minor", l->send_rate_minor);
    jw_kstr(w, "first_day", l->first_day ? day_format(l->first_day, d) : NULL);
    jw_kstr(w, "last_day", l->last_day ? day_format(l->last_day, d) : NULL);
    jw_kbool(w, "missing_rate", l->missing_rate);
    cli_tax_line_json(w, dr, l);
    jw_kstr(w, "explanation", n->explain);
    jw_key(w, "entry_ids");
    jw_arr(w);
    for (size_t i = 0; i < l->nids; i++)
        jw_int(w, l->entry_ids[i]);
    jw_end_arr(w);
    jw_end_obj(w);
}

static void period_json(jw *w, const tk_retainer_status *s, bool fee_before)
{
    char d[DAY_BUF];
    jw_obj(w);
    jw_kstr(w, "period_start", day_format(s->period_start, d));
    jw_kstr(w, "period_end", day_format(s->period_end, d));
    jw_kint(w, "prepaid_seconds", s->prepaid_seconds);
    jw_kint(w, "rollover_seconds", s->rollover_seconds);
    jw_kint(w, "prepaid_used_before", s->invoiced_seconds);
    jw_kbool(w, "fee_billed_before", fee_before);
    jw_kint(w, "fee_minor", s->fee_minor);
    jw_kint(w, "overage_rate_minor", s->overage_rate_minor);
    jw_end_obj(w);
}

/* "retainer": the last period (null without one), "retainer_periods": every period. */
static void retainer_json(jw *w, const app_draft *dr)
{
    jw_key(w, "retainer");
    if (!dr->nperiods)
        jw_null(w);
    else
        period_json(w, &dr->periods[dr->nperiods - 1], dr->fee_billed_before[dr->nperiods - 1]);
    jw_key(w, "retainer_periods");
    jw_arr(w);
    for (size_t i = 0; i < dr->nperiods; i++)
        period_json(w, &dr->periods[i], dr->fee_billed_before[i]);
    jw_end_arr(w);
}

static void preview_json(const app_draft *dr)
{
    strbuf sb = { 0 };
    jw w;
    char d[DAY_BUF];
    jw_init(&w, &sb);
    jw_obj(&w);
    jw_kstr(&w, "client", dr->client.key);
    jw_kstr(&w, "client_name", dr->client.name);
    jw_kstr(&w, "currency", dr->client.currency);
    jw_kstr(&w, "from", day_format(dr->range.from, d));
    jw_kstr(&w, "to", day_format(dr->range.to, d));
    jw_kstr(&w, "label", dr->range.label);
    jw_kstr(&w, "group_by", inv_grouping_name(dr->grouping));
    jw_kstr(&w, "reference", dr->reference);
    jw_key(&w, "lines");
    jw_arr(&w);
    for (size_t i = 0; i < dr->inv.nlines; i++)
        line_json(&w, dr, &dr->inv.lines[i], &dr->notes[i]);
    jw_end_arr(&w);
    jw_kint(&w, "total_minor", dr->inv.total_minor);
    cli_tax_json(&w, dr);
    jw_kbool(&w, "missing_rate", dr->inv.missing_rate);
    jw_kint(&w, "awaiting_approval_seconds", dr->waiting_seconds);
    jw_key(&w, "entry_ids");
    jw_arr(&w);
    for (size_t i = 0; i < dr->inv.nids; i++)
        jw_int(&w, dr->inv.entry_ids[i]);
    jw_end_arr(&w);
    retainer_json(&w, dr);
    jw_end_obj(&w);
    cli_print_json(&sb);
}

#define DESC_W 44

static void preview_text(const app_draft *dr, bool explain)
{
    char a[DAY_BUF], b[DAY_BUF], q[INV_QTY_BUF], r[32], m[32];
    int exp = currency_exponent(dr->client.currency);
    printf("%s · %s (%s to %s) · %s · by %s\n", cli_text(dr->client.name), cli_text(dr->range.label),
           day_format(dr->range.from, a), day_format(dr->range.to, b), dr->client.currency,
           inv_grouping_name(dr->grouping));
    char w[32];
    if (!dr->inv.nlines) {
        printf("nothing to invoice\n");
        if (dr->waiting_seconds)
            printf("%s hours wait for approval (tock team week)\n",
                   dur_format_hmm(dr->waiting_seconds, w));
        return;
    }
    strbuf sb = { 0 };
    if (explain)
        printf("%s\n", APP_MONEY_RULE);
    text_fit(&sb, "", DESC_W, 1, 0);
    printf("%s %9s %12s %14s\n", sb_str(&sb), "hours", "rate", "amount");
    for (size_t i = 0; i < dr->inv.nlines; i++) {
        const tk_inv_line *l = &dr->inv.lines[i];
        sb_reset(&sb);
        text_fit(&sb, l->description, DESC_W, 1, 0);
        printf("%s %9s %12s %14s%s\n", sb_str(&sb), inv_format_quantity(l->quantity_centi, q),
               money_format(l->rate_minor, exp, r), money_format(l->amount_minor, exp, m),
               l->missing_rate ? " *" : "");
        if (explain) {
            sb_reset(&sb);
            text_fit(&sb, dr->notes[i].explain, 600, 0, 0);
            printf("    %s\n", sb_str(&sb));
        }
    }
    sb_reset(&sb);
    text_fit(&sb, "Total", DESC_W, 1, 0);
    printf("%s %9s %12s %14s %s\n", sb_str(&sb), "", "", money_format(dr->inv.total_minor, exp, m),
           dr->client.currency);
    cli_tax_text(dr, DESC_W, explain);
    if (dr->inv.missing_rate)
        printf("* time without a rate, billed at 0: set one with tock rate set %s TIER AMOUNT\n",
               dr->client.key);
    if (dr->waiting_seconds)
        printf("%s hours wait for approval and are not on this invoice (tock team week)\n",
               dur_format_hmm(dr->waiting_seconds, w));
    sb_free(&sb);
}

int cmd_invoice_preview(tk_app *app, const cli_args *args)
{
    range_opts o = RANGE_OPTS(args);
    bool json = cli_args_has(args, "json"),
         explain = cli_args_has(args, "explain");
    char *const *pos = args->pos;
    int rc = 0;
    tk_client c;
    app_range r;
    inv_grouping g;
    if ((rc = resolve(app, "invoice preview", pos[0], &o, true, &c, &r, &g)))
        return rc;
    tk_err err = { "" };
    app_draft d;
    rc = app_invoice_draft(app, &c, &r, g, 0, &d, &err);
    if (rc == 0 && json)
        preview_json(&d);
    else if (rc == 0)
        preview_text(&d, explain);
    app_draft_clear(&d);
    tk_client_clear(&c);
    return rc ? cli_error(&err) : EXIT_OK;
}

/* ---- push ---- */

/* Asks on the terminal; 1 yes, 0 no, -1 when there is no terminal to ask. */
static int confirm(const app_push *p)
{
    if (!isatty(STDIN_FILENO))
        return -1;
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return -1;
    FILE *tty = fdopen(fd, "r+");
    if (!tty) {
        close(fd);
        return -1;
    }
    char m[32], d[DAY_BUF], answer[16] = "";
    const app_draft *dr = &p->draft;
    size_t nlines = 0;
    for (size_t i = 0; i < dr->inv.nlines; i++)
        nlines += dr->inv.lines[i].quantity_centi > 0;
    fprintf(tty, "Create a Zoho invoice for %s (customer %s): %s %s, %zu line%s, dated %s? [y/N] ",
            p->customer.name, p->customer.id,
            money_format(dr->inv.total_minor, currency_exponent(dr->client.currency), m),
            dr->client.currency, nlines, nlines == 1 ? "" : "s", day_format(p->date, d));
    fflush(tty);
    int yes = fgets(answer, sizeof answer, tty) && (!strcmp(answer, "y\n") || !strcmp(answer, "yes\n") ||
                                                     !strcmp(answer, "Y\n"));
    fclose(tty);
    return yes;
}

static void warn_result(const app_submit_result *res)
{
    const tk_invoice_rec *r = &res->rec;
    char a[32], b[32];
    int exp = currency_exponent(r->currency);
    if (res->duplicates)
        fprintf(stderr, "tock: warning: %zu Zoho invoices carry reference %s; delete the extra "
                        "ones in Zoho\n", res->duplicates, r->reference);
    if (res->total_differs && r->has_zoho_total)
        fprintf(stderr, "tock: warning: Zoho's total %s %s differs from tock's %s %s on invoice %lld; "
                        "check it in Zoho\n", money_format(r->zoho_total_minor, exp, a), r->currency,
                money_format(r->total_minor, exp, b), r->currency, (long long)r->id);
    else if (res->total_differs)
        fprintf(stderr, "tock: warning: Zoho's total for invoice %lld could not be read; check it "
                        "in Zoho\n", (long long)r->id);
    if (res->currency_differs)
        fprintf(stderr, "tock: warning: the Zoho customer of invoice %lld bills in another currency "
                        "than %s\n", (long long)r->id, r->currency);
    if (res->attach_failed)
        fprintf(stderr, "tock: warning: invoice %lld is in Zoho as %s without its timesheet: %s\n",
                (long long)r->id, r->zoho_number, res->attach_why.msg);
    if (res->send_failed)
        fprintf(stderr, "tock: warning: invoice %lld is in Zoho as %s but is still a draft: %s — "
                        "%s it in Zoho\n", (long long)r->id, r->zoho_number, res->send_why.msg,
                r->send_mode == 2 ? "send" : "mark");
}

/* Prints what became of a submission; EXIT_OK only when Zoho has it. */
static int report(const app_submit_result *res)
{
    const tk_invoice_rec *r = &res->rec;
    long long id = (long long)r->id;
    char m[32];
    if (res->status == ZOHO_OK) {
        printf("invoice %lld: %s Zoho as %s (%s) for %s, %s %s, %d line%s, %d entr%s invoiced\n", id,
               res->found ? "already in" : "created in", cli_text(r->zoho_number ? r->zoho_number : r->zoho_invoice_id),
               cli_text(r->zoho_status ? r->zoho_status : "?"), cli_text(r->customer_name),
               money_format(r->total_minor, currency_exponent(r->currency), m), r->currency, r->nlines,
               r->nlines == 1 ? "" : "s", r->nentries, r->nentries == 1 ? "y" : "ies");
        warn_result(res);
        return EXIT_OK;
    }
    if (r->state == INVOICE_FAILED)
        return cli_errorf("Zoho refused invoice %lld, kept as failed: %s — see tock invoice list "
                          "--failed; tock invoice retry %lld re-queues it, tock invoice discard %lld "
                          "frees its entries", id, res->why.msg, id, id);
    if (res->status == ZOHO_AUTH)
        return cli_errorf("invoice %lld is pending: %s — fix that, then run: tock invoice retry %lld",
                          id, res->why.msg, id);
    if (res->status == ZOHO_PERMANENT)   /* the reason names what to do */
        return cli_errorf("invoice %lld is pending: %s", id, res->why.msg);
    return cli_errorf("invoice %lld is pending: %s — finish it with: tock invoice retry %lld", id,
                      res->why.msg, id);
}

int cmd_invoice_push(tk_app *app, const cli_args *args)
{
    range_opts o = RANGE_OPTS(args);
    const char *date_s = cli_args_get(args, "date");
    bool yes = cli_args_has(args, "yes"),
         verbose = cli_args_has(args, "verbose"),
         send = cli_args_has(args, "send"),
         mark_sent = cli_args_has(args, "mark-sent");
    char *const *pos = args->pos;
    int rc = 0;
    if (send && mark_sent) {
        fprintf(stderr, "tock invoice push: --send or --mark-sent, not both\n");
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    tk_day date = app_today();
    if (date_s && cli_parse_day(date_s, &date, &err))
        return cli_error(&err);
    if (!yes && !isatty(STDIN_FILENO)) {
        fprintf(stderr, "tock invoice push: not on a terminal: add --yes to push without asking\n");
        return EXIT_USAGE;
    }
    tk_client c;
    app_range r;
    inv_grouping g;
    if ((rc = resolve(app, "invoice push", pos[0], &o, false, &c, &r, &g)))
        return rc;
    app_zoho z;
    app_push p = { 0 };
    int64_t id = 0;
    rc = app_zoho_open(app, verbose, &z, &err);
    if (rc == 0)
        rc = app_invoice_prepare(app, &z, &c, &r, g, date, &p, &err);
    p.send_mode = send ? 2 : mark_sent ? 1 : 0;
    if (rc == 0 && !yes) {
        int ok = confirm(&p);
        rc = ok == 1 ? 0 : tk_fail(&err, ok == 0 ? "nothing was pushed" :
                                   "no terminal to confirm on: add --yes to push without asking");
    }
    if (rc == 0)
        rc = app_invoice_record(app, &p, &id, &err);
    int status = rc ? cli_error(&err) : EXIT_OK;
    if (rc == 0) {
        app_submit_result res;
        rc = app_invoice_submit(app, &z, id, &res, &err);
        status = rc ? cli_error(&err) : report(&res);
        if (rc == 0)
            tk_invoice_rec_clear(&res.rec);
    }
    app_push_clear(&p);
    app_zoho_close(&z);
    tk_client_clear(&c);
    return status;
}

/* ---- list ---- */

struct listing {
    jw w;
    bool json;
    int shown;
};

static void invoice_json(jw *w, const tk_invoice_rec *r)
{
    char d[DAY_BUF], t[DAY_TIME_BUF];
    jw_obj(w);
    jw_kint(w, "id", r->id);
    jw_kstr(w, "client", r->client_key);
    jw_kstr(w, "from", day_format(r->from, d));
    jw_kstr(w, "to", day_format(r->to, d));
    jw_kstr(w, "label", r->label);
    jw_kstr(w, "state", invoice_state_name(r->state));
    jw_kstr(w, "reference", r->reference);
    jw_kstr(w, "currency", r->currency);
    jw_kint(w, "total_minor", r->total_minor);
    jw_kstr(w, "date", day_format(r->invoice_date, d));
    jw_kstr(w, "customer_id", r->customer_id);
    jw_kstr(w, "customer_name", r->customer_name);
    jw_kstr(w, "group_by", r->group_by);
    jw_kint(w, "lines", r->nlines);
    jw_kint(w, "entries", r->nentries);
    jw_kstr(w, "zoho_invoice_id", r->zoho_invoice_id);
    jw_kstr(w, "zoho_number", r->zoho_number);
    jw_kstr(w, "zoho_status", r->zoho_status);
    if (r->has_zoho_total)
        jw_kint(w, "zoho_total_minor", r->zoho_total_minor);
    else
        jw_knull(w, "zoho_total_minor");
    if (r->has_zoho_balance)
        jw_kint(w, "zoho_balance_minor", r->zoho_balance_minor);
    else
        jw_knull(w, "zoho_balance_minor");
    jw_kstr(w, "invoice_number", r->planned_number);
    jw_kint(w, "attempts", r->attempts);
    jw_kstr(w, "last_error", r->last_error);
    jw_kstr(w, "failed_at", r->failed_utc ? utc_format(r->failed_utc, t) : NULL);
    jw_kstr(w, "zoho_reply", r->zoho_reply);
    jw_kstr(w, "created_at", utc_format(r->created, t));
    jw_kstr(w, "updated_at", utc_format(r->updated, t));
    jw_end_obj(w);
}

static void invoice_line(const tk_invoice_rec *r)
{
    char m[32], t[DAY_TIME_BUF];
    strbuf sb = { 0 };
    sb_addf(&sb, "%5lld  %-9s  ", (long long)r->id, invoice_state_name(r->state));
    text_fit(&sb, r->client_key, 12, 1, 0);
    sb_add(&sb, "  ");
    text_fit(&sb, r->label ? r->label : "", 24, 1, 0);
    sb_addf(&sb, " %12s %s  ", money_format(r->total_minor, currency_exponent(r->currency), m),
            r->currency);
    if (r->state == INVOICE_SENT || r->state == INVOICE_VOID)
        sb_addf(&sb, "%s (%s", r->zoho_number ? r->zoho_number : r->zoho_invoice_id,
                r->zoho_status ? r->zoho_status : "");
    if ((r->state == INVOICE_SENT || r->state == INVOICE_VOID) && r->has_zoho_balance)
        sb_addf(&sb, ", balance %s", money_format(r->zoho_balance_minor,
                                                  currency_exponent(r->currency), m));
    if (r->state == INVOICE_SENT || r->state == INVOICE_VOID)
        sb_add(&sb, ")");
    else if (r->state == INVOICE_FAILED)
        sb_addf(&sb, "failed %s: ", utc_format(r->failed_utc, t));
    else
        sb_addf(&sb, "%d attempt%s%s", r->attempts, r->attempts == 1 ? "" : "s",
                r->last_error ? ": " : "");
    if (r->state != INVOICE_SENT && r->state != INVOICE_VOID && r->last_error)
        text_fit(&sb, r->last_error, 160, 0, 0);
    puts(sb_str(&sb));
    sb_free(&sb);
}

static int list_one(const tk_invoice_rec *r, void *p)
{
    struct listing *l = p;
    l->shown++;
    if (l->json)
        invoice_json(&l->w, r);
    else
        invoice_line(r);
    return 0;
}

int cmd_invoice_list(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json"),
         pending = cli_args_has(args, "pending"),
         failed = cli_args_has(args, "failed");
    const char *client = cli_args_get(args, "client");
    int rc = 0;
    if (pending && failed) {
        fprintf(stderr, "tock invoice list: --pending or --failed, not both\n");
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    tk_client c = { 0 };
    tk_project p;
    if (client && app_resolve(app, client, &c, &p, &err))
        return cli_error(&err);
    if (client)
        tk_project_clear(&p);
    tk_invoice_state st = pending ? INVOICE_PENDING : INVOICE_FAILED;
    strbuf sb = { 0 };
    struct listing l = { .json = json };
    jw_init(&l.w, &sb);
    if (json)
        jw_arr(&l.w);
    rc = app_invoice_each(app, c.id, pending || failed ? &st : NULL, list_one, &l, &err) < 0;
    if (!rc && json) {
        jw_end_arr(&l.w);
        cli_print_json(&sb);
    } else if (!rc && !l.shown) {
        printf("no %sinvoices\n", pending ? "pending " : failed ? "failed " : "");
    }
    sb_free(&sb);
    tk_client_clear(&c);
    return rc ? cli_error(&err) : EXIT_OK;
}

/* ---- retry and discard ---- */

static int collect_pending(const tk_invoice_rec *r, void *p)
{
    TK_VEC(int64_t) *v = p;
    TK_PUSH(*v, r->id);
    return 0;
}

/* Re-queues a failed invoice, then submits it: the exit status. */
static int retry_one(tk_app *app, app_zoho *z, int64_t id)
{
    tk_err err = { "" };
    app_submit_result res;
    if (app_invoice_requeue(app, z, id, &err) || app_invoice_submit(app, z, id, &res, &err))
        return cli_error(&err);
    int rc = report(&res);
    tk_invoice_rec_clear(&res.rec);
    return rc;
}

int cmd_invoice_retry(tk_app *app, const cli_args *args)
{
    bool verbose = cli_args_has(args, "verbose");
    char *const *pos = args->pos;
    int npos = args->npos;
    tk_err err = { "" };
    int64_t id = 0;
    if (npos && cli_parse_id(pos[0], &id, &err))
        return cli_errorf("bad invoice id '%s'", pos[0]);
    TK_VEC(int64_t) ids = { 0 };
    tk_invoice_state pending = INVOICE_PENDING;
    if (id)
        TK_PUSH(ids, id);
    else if (app_invoice_each(app, 0, &pending, collect_pending, &ids, &err) < 0)
        return cli_error(&err);
    if (!ids.len) {
        printf("no pending invoices\n");
        return EXIT_OK;
    }
    app_zoho z;
    if (app_zoho_open(app, verbose, &z, &err)) {
        free(ids.items);
        app_zoho_close(&z);
        return cli_error(&err);
    }
    int status = EXIT_OK;
    for (size_t i = 0; i < ids.len; i++)
        if (retry_one(app, &z, ids.items[i]) != EXIT_OK)
            status = EXIT_USER;
    app_zoho_close(&z);
    free(ids.items);
    return status;
}

int cmd_invoice_discard(tk_app *app, const cli_args *args)
{
    bool force = cli_args_has(args, "force"),
         verbose = cli_args_has(args, "verbose");
    char *const *pos = args->pos;
    int rc = 0;
    tk_err err = { "" };
    int64_t id;
    if (cli_parse_id(pos[0], &id, &err))
        return cli_errorf("bad invoice id '%s'", pos[0]);
    tk_invoice_rec rec;
    rc = app_invoice_get(app, id, &rec, &err);
    if (rc <= 0)
        return rc < 0 ? cli_error(&err) : cli_errorf("no invoice %lld (see tock invoice list)",
                                                     (long long)id);
    /* Zoho is asked only about an attempt that may have reached it. */
    bool ask = rec.creates > 0 && (rec.state == INVOICE_PENDING || rec.state == INVOICE_FAILED);
    tk_invoice_rec_clear(&rec);
    app_zoho z = { 0 };
    app_discard_result res = { 0 };
    if (ask && app_zoho_open(app, verbose, &z, &res.why))
        res.zoho_unreachable = true;
    rc = app_invoice_discard(app, ask && !res.zoho_unreachable ? &z : NULL, id, force, &res, &err);
    app_zoho_close(&z);
    if (rc)
        return cli_error(&err);
    const tk_invoice_rec *r = &res.rec;
    if (res.adopted)
        printf("invoice %lld is in Zoho as %s: adopted (sent, %d entr%s invoiced), not discarded\n",
               (long long)id, r->zoho_number ? r->zoho_number : r->zoho_invoice_id, r->nentries,
               r->nentries == 1 ? "y" : "ies");
    else
        printf("invoice %lld discarded; its entries are free to invoice again\n", (long long)id);
    if (res.forced)
        fprintf(stderr, "tock: warning: invoice %lld was discarded without Zoho's word that it "
                        "does not exist; if it does, pushing these entries again bills them "
                        "twice\n", (long long)id);
    tk_invoice_rec_clear(&res.rec);
    return EXIT_OK;
}

/* ---- sync ---- */

struct syncing {
    jw w;
    bool json;
    int failed;
};

static int sync_row(const app_sync_row *row, void *ctx)
{
    struct syncing *sy = ctx;
    const tk_invoice_rec *r = &row->rec;
    long long id = (long long)r->id;
    const char *num = r->zoho_number ? r->zoho_number : r->zoho_invoice_id;
    char m[32];
    sy->failed += row->status != ZOHO_OK;
    if (sy->json) {
        jw_obj(&sy->w);
        jw_kint(&sy->w, "id", r->id);
        jw_kstr(&sy->w, "zoho_number", num);
        jw_kstr(&sy->w, "state", invoice_state_name(r->state));
        jw_kstr(&sy->w, "zoho_status", row->status == ZOHO_OK ? r->zoho_status : NULL);
        if (row->status == ZOHO_OK && r->has_zoho_balance)
            jw_kint(&sy->w, "balance_minor", r->zoho_balance_minor);
        else
            jw_knull(&sy->w, "balance_minor");
        jw_kint(&sy->w, "entries_freed", row->freed);
        jw_kstr(&sy->w, "error", row->status == ZOHO_OK ? NULL : row->why.msg);
        jw_end_obj(&sy->w);
    } else if (row->status != ZOHO_OK) {
        fprintf(stderr, "tock: invoice %lld (%s): %s\n", id, num, row->why.msg);
    } else if (row->voided) {
        printf("invoice %lld %s: %s in Zoho — its %lld entr%s free to invoice again\n", id, num,
               r->zoho_status, (long long)row->freed, row->freed == 1 ? "y is" : "ies are");
    } else {
        printf("invoice %lld %s: %s", id, num, r->zoho_status ? r->zoho_status : "?");
        if (r->has_zoho_balance)
            printf(", balance %s %s", money_format(r->zoho_balance_minor,
                                                  currency_exponent(r->currency), m), r->currency);
        putchar('\n');
    }
    return 0;
}

int cmd_invoice_sync(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json"),
         verbose = cli_args_has(args, "verbose");
    const char *client = cli_args_get(args, "client");
    int rc = 0;
    tk_err err = { "" };
    tk_client c = { 0 };
    tk_project p;
    if (client && app_resolve(app, client, &c, &p, &err))
        return cli_error(&err);
    if (client)
        tk_project_clear(&p);
    app_zoho z;
    strbuf sb = { 0 };
    struct syncing sy = { .json = json };
    jw_init(&sy.w, &sb);
    rc = app_zoho_open(app, verbose, &z, &err);
    if (rc == 0 && json)
        jw_arr(&sy.w);
    if (rc == 0)
        rc = app_invoice_sync(app, &z, c.id, sync_row, &sy, &err);
    app_zoho_close(&z);
    tk_client_clear(&c);
    if (rc == 0 && json) {
        jw_end_arr(&sy.w);
        cli_print_json(&sb);
    }
    sb_free(&sb);
    if (rc)
        return cli_error(&err);
    return sy.failed ? EXIT_USER : EXIT_OK;
}

/* ---- zoho contacts ---- */

int cli_zoho_create_contact(tk_app *app, const char *key, const char *email, char **id,
                            tk_err *err)
{
    tk_client c;
    tk_project p;
    app_zoho z;
    if (strchr(key, '/'))
        return tk_fail(err, "expected a client, not a project: '%s'", key);
    if (app_resolve(app, key, &c, &p, err))
        return -1;
    tk_project_clear(&p);
    int rc = c.zoho_customer_id && *c.zoho_customer_id ?
             tk_fail(err, "client %s is already billed as Zoho contact %s", key, c.zoho_customer_id) :
             app_zoho_open(app, false, &z, err);
    if (rc == 0)
        rc = app_zoho_create_contact(&z, &c, email, id, err);
    if (!(c.zoho_customer_id && *c.zoho_customer_id))
        app_zoho_close(&z);
    tk_client_clear(&c);
    return rc;
}

int cmd_zoho_contacts(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json"),
         verbose = cli_args_has(args, "verbose");
    int rc = 0;
    tk_err err = { "" };
    app_zoho z;
    struct zoho_contact_list l = { 0 };
    rc = app_zoho_open(app, verbose, &z, &err);
    if (rc == 0 && zoho_list_contacts(z.zc, &l, &err) != ZOHO_OK) {
        app_zoho_hint(&z, &err);
        rc = -1;
    }
    app_zoho_close(&z);
    if (rc)
        return cli_error(&err);
    strbuf sb = { 0 };
    jw w;
    jw_init(&w, &sb);
    if (json)
        jw_arr(&w);
    for (size_t i = 0; i < l.len; i++) {
        const struct zoho_contact *k = &l.items[i];
        if (json) {
            jw_obj(&w);
            jw_kstr(&w, "contact_id", k->contact_id);
            jw_kstr(&w, "contact_name", k->contact_name);
            jw_kstr(&w, "company_name", k->company_name);
            jw_kstr(&w, "email", k->email);
            jw_kstr(&w, "currency_code", k->currency_code);
            jw_kstr(&w, "status", k->status);
            jw_end_obj(&w);
            continue;
        }
        sb_reset(&sb);
        sb_addf(&sb, "%-20s ", k->contact_id);
        text_fit(&sb, k->contact_name ? k->contact_name : "", 32, 1, 0);
        sb_addf(&sb, "  %-3s  %-8s  %s", k->currency_code ? k->currency_code : "",
                k->status ? k->status : "", k->email ? k->email : "");
        puts(sb_str(&sb));
    }
    if (json) {
        jw_end_arr(&w);
        cli_print_json(&sb);
    } else if (!l.len) {
        printf("no Zoho contacts\n");
    }
    if (l.more)
        fprintf(stderr, "tock: note: Zoho has more than the %zu contacts shown\n", l.len);
    sb_free(&sb);
    zoho_contact_list_free(&l);
    return EXIT_OK;
}

/* ---- zoho check ---- */

static void setting_line(const char *name, const char *value)
{
    printf("  %-22s %s\n", name, value && *value ? cli_text(value) : "(not set)");
}

static void show_settings(const tk_app *app, const app_zoho *z)
{
    char n[64];
    const tk_zoho_config *zc = &app->cfg.zoho;
    printf("settings%s%s:\n", app->cfg.path ? " from " : " (no config file)",
           cli_text(app->cfg.path));
    setting_line("zoho.region", zc->region);
    setting_line("API root", zoho_api_root(z->zc));
    setting_line("zoho.accounts_url", zc->accounts_url && *zc->accounts_url ? zc->accounts_url
                                                                            : "(the region's)");
    setting_line("zoho.organization_id", zc->organization_id);
    setting_line("zoho.client_id", zc->client_id);
    printf("  %-22s set, from %s\n", "zoho.client_secret", z->client_secret_from);
    printf("  %-22s set, from %s\n", "zoho.refresh_token", z->refresh_token_from);
    setting_line("token cache", z->token_cache);
    snprintf(n, sizeof n, "%ld s, %ld retries, at most %ld s between", zc->timeout_seconds,
             zc->max_retries, zc->max_backoff_seconds);
    setting_line("requests", n);
    if (zc->payment_terms >= 0)
        snprintf(n, sizeof n, "%ld days", zc->payment_terms);
    else
        snprintf(n, sizeof n, "(each contact's own)");
    setting_line("zoho.payment_terms", n);
    if (tk_streq(zc->invoice_numbers, "tock"))
        snprintf(n, sizeof n, "tock's own: %s000042", zc->invoice_prefix);
    else
        snprintf(n, sizeof n, "the organization's (a lost reply can mean two)");
    setting_line("invoice numbers", n);
}

int cmd_zoho_check(tk_app *app, const cli_args *args)
{
    bool verbose = cli_args_has(args, "verbose");
    int rc = 0;
    tk_err err = { "" };
    app_zoho z;
    struct zoho_org_list orgs = { 0 };
    rc = app_zoho_open(app, verbose, &z, &err);
    if (rc == 0 && zoho_list_organizations(z.zc, &orgs, &err) != ZOHO_OK) {
        app_zoho_hint(&z, &err);
        rc = -1;
    }
    if (rc) {
        app_zoho_close(&z);
        return cli_error(&err);
    }
    const char *want = app->cfg.zoho.organization_id;
    const struct zoho_org *mine = NULL;
    show_settings(app, &z);
    printf("organizations:\n");
    for (size_t i = 0; i < orgs.len; i++) {
        const struct zoho_org *o = &orgs.items[i];
        bool is = want && o->organization_id && !strcmp(want, o->organization_id);
        if (is)
            mine = o;
        printf("  %s %s (%s)%s%s\n", cli_text(o->organization_id ? o->organization_id : "?"),
               cli_text(o->name), cli_text(o->currency_code ? o->currency_code : "?"),
               o->is_default ? " default" : "", is ? "  <- zoho.organization_id" : "");
    }
    if (!want || !*want)
        rc = cli_errorf("zoho.organization_id is not set: set it to one of the organizations above");
    else if (!mine)
        rc = cli_errorf("zoho.organization_id %s is not one of your organizations: set it to one "
                        "of those above", want);
    else
        printf("ok: tock can reach Zoho Invoice as %s\n", cli_text(mine->name ? mine->name : want));
    zoho_org_list_free(&orgs);
    app_zoho_close(&z);
    return rc;
}
