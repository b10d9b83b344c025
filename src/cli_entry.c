/* cli_entry.c — tock add, edit, rm and log. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "text.h"
#include "app_edit.h"
#include "app_entry.h"
#include "app_billing.h"
#include "app_cell.h"
#include "billing.h"
#include "invoice.h"
#include "app_read.h"

/* One entry as a line of the log; tiers: what it bills at. */
static void print_entry_line(const tk_entry *e, const char *tiers)
{
    char d[DAY_BUF], a[DAY_TIME_BUF], b[DAY_TIME_BUF], dur[32];
    strbuf sb = { 0 };
    char *spec = *e->project ? xasprintf("%s/%s", e->client, e->project) : xstrdup(e->client);
    sb_addf(&sb, "%6lld  %s  ", (long long)e->id, day_format(e->day, d));
    if (e->has_range)
        sb_addf(&sb, "%s-%s", local_format_hm(e->start, a), local_format_hm(e->end, b));
    else
        sb_add(&sb, "     -     ");
    sb_addf(&sb, " %7s  ", dur_format_brief(e->seconds, dur));
    text_fit(&sb, spec, 24, 1, 0);
    sb_add(&sb, " ");
    text_fit(&sb, tiers, 20, 1, 0);
    sb_addf(&sb, "%s%s  ", e->billable ? "" : " non-billable", e->invoice_id ? " invoiced" : "");
    if (e->ref && *e->ref)
        sb_addf(&sb, "[%s] ", e->ref);
    text_fit(&sb, e->note, 60, 0, 0);
    while (sb.len && sb.buf[sb.len - 1] == ' ')
        sb.buf[--sb.len] = '\0';
    puts(sb_str(&sb));
    sb_free(&sb);
    free(spec);
}

int cmd_add(tk_app *app, const cli_args *args)
{
    const char *tier = cli_args_get(args, "tier"),
               *note = cli_args_get(args, "note"),
               *ref = cli_args_get(args, "ref");
    bool non_billable = cli_args_has(args, "non-billable");
    char *const *pos = args->pos;
    int rc = 0;
    tk_err err = { "" };
    tk_day day;
    tk_entry e = { .user_id = app->user_id, .tier = (char *)tier, .note = (char *)(note ? note : ""),
                   .ref = (char *)ref };
    if (cli_check_text("note", note, &err) || cli_parse_day(pos[1], &day, &err) ||
        app_entry_parse_time(app, pos[2], day, &e, &err) || (tier && app_check_tier(app, tier, &err)))
        return cli_error(&err);
    tk_client c;
    tk_project p;
    if (app_resolve(app, pos[0], &c, &p, &err))
        return cli_error(&err);
    e.client_id = c.id;
    e.project_id = p.id;
    e.billable = !non_billable && c.billable && (!p.id || p.billable);
    rc = app_cell_commit(app, &e, NULL, &err);
    tk_client_clear(&c);
    tk_project_clear(&p);
    if (rc)
        return cli_error(&err);
    char d[DAY_BUF], dur[32];
    printf("added entry %lld: %s %s %s\n", (long long)e.id, pos[0], day_format(e.day, d),
           dur_format_brief(e.seconds, dur));
    return EXIT_OK;
}

int cmd_edit(tk_app *app, const cli_args *args)
{
    const char *to = cli_args_get(args, "to"),
               *date = cli_args_get(args, "date"),
               *duration = cli_args_get(args, "duration"),
               *time = cli_args_get(args, "time"),
               *tier = cli_args_get(args, "tier"),
               *note = cli_args_get(args, "note"),
               *ref = cli_args_get(args, "ref");
    bool billable = cli_args_has(args, "billable"),
         non_billable = cli_args_has(args, "non-billable");
    char *const *pos = args->pos;
    if (!to && !date && !duration && !time && !tier && !note && !billable && !non_billable &&
        !ref) {
        fprintf(stderr, "tock edit: nothing to change (see tock edit --help)\n");
        return EXIT_USAGE;
    }
    if (duration && time)
        return cli_errorf("--duration and --time exclude each other");
    if (billable && non_billable)
        return cli_errorf("--billable and --non-billable exclude each other");
    tk_err err = { "" };
    int64_t id;
    if (cli_parse_id(pos[0], &id, &err) || cli_check_text("note", note, &err))
        return cli_error(&err);
    app_entry_changes ch = { .to = to, .date = date, .time = time ? time : duration,
                             .tier = tier, .note = note, .billable = billable,
                             .non_billable = non_billable, .ref = ref };
    if (app_entry_edit(app, id, &ch, &err))
        return cli_error(&err);
    printf("changed entry %lld\n", (long long)id);
    return EXIT_OK;
}

int cmd_rm(tk_app *app, const cli_args *args)
{
    char *const *pos = args->pos;
    tk_err err = { "" };
    int64_t id;
    if (cli_parse_id(pos[0], &id, &err))
        return cli_error(&err);
    if (app_entry_rm(app, id, &err))
        return cli_error(&err);
    printf("deleted entry %lld\n", (long long)id);
    return EXIT_OK;
}

/* The fields of an entry every JSON listing shares. */
void cli_entry_json(jw *w, const tk_entry *e)
{
    char buf[DAY_TIME_BUF];
    JW_K(w, "id");
    jw_int(w, e->id);
    JW_K(w, "user");
    jw_str(w, e->user);
    JW_K(w, "client");
    jw_str(w, e->client);
    JW_K(w, "project");
    jw_str(w, *e->project ? e->project : NULL);
    JW_K(w, "tier");
    jw_str(w, e->tier);
    JW_K(w, "date");
    jw_str(w, day_format(e->day, buf));
    if (e->has_range) {
        JW_K(w, "start");
        jw_str(w, utc_format(e->start, buf));
        JW_K(w, "end");
        jw_str(w, utc_format(e->end, buf));
    } else {
        JW_K(w, "start");
        jw_null(w);
        JW_K(w, "end");
        jw_null(w);
    }
    JW_K(w, "seconds");
    jw_int(w, e->seconds);
    JW_K(w, "note");
    jw_str(w, e->note);
    JW_K(w, "ref");
    jw_str(w, e->ref && *e->ref ? e->ref : NULL);
    JW_K(w, "invoiced");
    jw_bool(w, e->invoice_id != 0);
}

struct log_ctx {
    jw w;
    bool json;
    const char *ref;           /* --ref: only entries with this reference */
    int64_t total;
    app_biller *b;
    tk_err *err;
};

/* What an entry bills: totals, and its parts (one per tier) when it has any. */
void cli_bill_json(jw *w, const tk_bill *bill, const char *currency)
{
    JW_K(w, "billable");
    jw_bool(w, bill->billable);
    JW_K(w, "billed_seconds");
    jw_int(w, bill->billed_seconds);
    JW_K(w, "rate_minor");
    jw_int(w, bill->nparts ? bill->parts[0].rate_minor : 0);
    JW_K(w, "amount_minor");
    jw_int(w, bill->amount_minor);
    JW_K(w, "currency");
    jw_str(w, currency);
    char q[INV_QTY_BUF];
    JW_K(w, "quantity");
    jw_raw(w, inv_format_quantity(bill->quantity_centi, q));
    JW_K(w, "retainer");
    jw_bool(w, bill->retainer);
    JW_K(w, "parts");
    jw_arr(w);
    for (int i = 0; i < bill->nparts; i++) {
        const tk_bill_part *pt = &bill->parts[i];
        jw_obj(w);
        JW_K(w, "tier");
        jw_str(w, pt->tier);
        JW_K(w, "seconds");
        jw_int(w, pt->actual_seconds);
        JW_K(w, "billed_seconds");
        jw_int(w, pt->billed_seconds);
        JW_K(w, "rate_minor");
        jw_int(w, pt->rate_minor);
        JW_K(w, "amount_minor");
        jw_int(w, pt->amount_minor);
        JW_K(w, "quantity");
        jw_raw(w, inv_format_quantity(pt->quantity_centi, q));
        if (bill->retainer) {
            JW_K(w, "included_quantity");
            jw_raw(w, inv_format_quantity(pt->included_centi, q));
            JW_K(w, "overage_rate_minor");
            jw_int(w, pt->overage_rate_minor);
        }
        jw_end_obj(w);
    }
    jw_end_arr(w);
}

static int log_entry(const tk_entry *e, void *p)
{
    struct log_ctx *l = p;
    if (l->ref && strcmp(l->ref, e->ref ? e->ref : ""))
        return 0;
    l->total += e->seconds;
    tk_bill bill;
    const tk_client *c = app_biller_client(l->b, e->client_id, l->err);
    if (!c || app_bill(l->b, e, &bill, l->err))
        return -1;
    if (!l->json) {
        strbuf tiers = { 0 };
        bill_tiers(&bill, &tiers);
        print_entry_line(e, sb_str(&tiers));
        sb_free(&tiers);
        return 0;
    }
    jw_obj(&l->w);
    cli_entry_json(&l->w, e);
    cli_bill_json(&l->w, &bill, c->currency);
    jw_end_obj(&l->w);
    if (jw_spill(&l->w))
        return tk_fail(l->err, "cannot write to stdout: %s", strerror(errno));
    return 0;
}

int cmd_log(tk_app *app, const cli_args *args)
{
    const char *from_s = cli_args_get(args, "from"),
               *to_s = cli_args_get(args, "to"),
               *client = cli_args_get(args, "client"),
               *ref = cli_args_get(args, "ref");
    bool json = cli_args_has(args, "json");
    int rc = 0;
    tk_err err = { "" };
    tk_day week = app_week_of(app, app_today());
    store_filter f = { .user_id = app->user_id, .from = week, .to = week + 6 };
    if ((from_s && cli_parse_day(from_s, &f.from, &err)) || (to_s && cli_parse_day(to_s, &f.to, &err)))
        return cli_error(&err);
    if (from_s && !to_s)
        f.to = app_today() > f.from ? app_today() : f.from;
    if (to_s && !from_s)
        f.from = f.to - 6;
    if (f.to < f.from)
        return cli_errorf("--to is before --from");
    if (client) {
        tk_client c;
        tk_project p;
        if (app_find(app, client, &c, &p, &err))
            return cli_error(&err);
        f.client_id = c.id;
        f.project_id = p.id;
        tk_client_clear(&c);
        tk_project_clear(&p);
    }
    strbuf sb = { 0 };
    struct log_ctx l = { .json = json, .ref = ref, .b = app_biller_new(app, &err), .err = &err };
    if (!l.b)
        return cli_error(&err);
    /* Streamed: the JSON goes out as entries are read, so a month of a busy team needs no
     * more memory than a day. An error after the first rows leaves them printed, the error on
     * stderr and a non-zero exit (tock(1), log). */
    jw_init(&l.w, &sb);
    jw_stream(&l.w, stdout);
    if (json)
        jw_arr(&l.w);
    rc = app_entry_each(app, &f, log_entry, &l, &err);
    app_biller_free(l.b);
    if (rc < 0) {
        sb_free(&sb);
        return cli_error(&err);
    }
    if (json) {
        jw_end_arr(&l.w);
        sb_addc(&sb, '\n');
        if (jw_spill_all(&l.w) || fflush(stdout)) {
            tk_fail(&err, "cannot write to stdout: %s", strerror(errno));
            sb_free(&sb);
            return cli_error(&err);
        }
    } else {
        char d[32];
        printf("%s total\n", dur_format_brief(l.total, d));
    }
    sb_free(&sb);
    return EXIT_OK;
}
