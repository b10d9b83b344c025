/* app_zoho_sync.c — an invoice's life after it is created: its status and balance due read
 * back from Zoho; a voided or deleted one frees its entries (audited) to be billed again. */
#include "app.h"
#include "zoho.h"
#include "app_zoho.h"
#include "app_zoho_sync.h"
#include "app_audit.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "csv.h"
#include "money.h"

static int collect_sent(const tk_invoice_rec *r, void *ctx)
{
    TK_VEC(int64_t) *v = ctx;
    if (r->state == INVOICE_SENT && r->zoho_invoice_id)
        TK_PUSH(*v, r->id);
    return 0;
}

struct reading {
    const struct zoho_invoice *zi;
    bool gone;
    app_sync_row *row;
};

static void set_str(char **field, const char *v)
{
    free(*field);
    *field = v ? xstrdup(v) : NULL;
}

/* Records what Zoho said of one invoice, in one transaction. */
static int record(tk_app *app, int64_t id, struct reading *rd, tk_err *err)
{
    tk_invoice_rec rec = { 0 };
    tk_err ignore;
    if (app_change_begin(app, err))
        return -1;
    int rc = store_invoice_get(app->st, id, &rec, err);
    if (rc == 0 || (rc > 0 && rec.state != INVOICE_SENT)) {   /* changed meanwhile */
        tk_invoice_rec_clear(&rec);
        app_change_cancel(app);
        return 0;
    }
    if (rc > 0) {
        int exp = currency_exponent(rec.currency);
        const char *status = rd->gone ? "deleted" : rd->zi->status;
        set_str(&rec.zoho_status, status);
        rec.has_zoho_balance = !rd->gone && rd->zi->balance &&
            money_parse(rd->zi->balance, exp, &rec.zoho_balance_minor, &ignore) == 0;
        rd->row->voided = rd->gone || tk_streq(status, "void");
        rc = 0;
        if (rd->row->voided) {
            rec.state = INVOICE_VOID;
            rec.void_utc = clock_now();
            rc = store_invoice_free_entries(app->st, id, &rd->row->freed, err);
        }
        char *before = app_audit_snap(app, "invoice", id, NULL);
        rec.updated = clock_now();
        if (rc == 0)
            rc = store_invoice_update(app->st, &rec, err);
        /* A status or balance read back is recorded when it changed (paid, say). */
        if (rd->row->voided)
            rc = app_audit_after(app, rc, "void", "invoice", id, NULL, before, err);
        else
            rc = app_audit_if_changed(app, rc, "sync", "invoice", id, NULL, before, err);
    }
    if (app_change_end(app, rc, NULL, NULL, 0, NULL, err) == 0 && rc == 0) {
        rd->row->rec = rec;
        return 0;
    }
    tk_invoice_rec_clear(&rec);
    return -1;
}

int app_invoice_sync(tk_app *app, app_zoho *z, int64_t client_id,
                     int (*fn)(const app_sync_row *row, void *ctx), void *ctx, tk_err *err)
{
    TK_VEC(int64_t) ids = { 0 };
    if (store_invoice_each(app->st, client_id, NULL, collect_sent, &ids, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ids.len; i++) {
        tk_invoice_rec rec;
        app_sync_row row = { 0 };
        if (store_invoice_get(app->st, ids.items[i], &rec, err) <= 0) {
            rc = -1;
            break;
        }
        struct zoho_invoice zi = { 0 };
        struct reading rd = { &zi, false, &row };
        row.status = zoho_get_invoice(z->zc, rec.zoho_invoice_id, &zi, &rd.gone, &row.why);
        if (row.status == ZOHO_OK)
            rc = record(app, rec.id, &rd, err);
        else
            row.rec = rec, memset(&rec, 0, sizeof rec);
        if (row.status != ZOHO_OK)
            app_zoho_hint(z, &row.why);
        if (rc == 0 && row.rec.id)
            rc = fn(&row, ctx) ? -1 : 0;
        tk_invoice_rec_clear(&row.rec);
        tk_invoice_rec_clear(&rec);
        zoho_invoice_clear(&zi);
    }
    free(ids.items);
    return rc;
}

int app_invoice_timesheet(tk_app *app, int64_t invoice_id, strbuf *out, tk_err *err)
{
    int64_t *ids = NULL;
    size_t n = 0;
    static const char *const head[] = { "date", "user", "project", "tier", "hours", "note" };
    if (store_invoice_entries(app->st, invoice_id, &ids, &n, err))
        return -1;
    csv_put_record(out, head, TK_ARRAY_LEN(head));
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        tk_entry e;
        rc = store_entry_get(app->st, ids[i], &e, err);
        if (rc <= 0) {
            rc = rc < 0 ? -1 : tk_fail(err, "entry %lld of invoice %lld is gone",
                                       (long long)ids[i], (long long)invoice_id);
            break;
        }
        rc = 0;
        char day[DAY_BUF], hours[32];
        int64_t centi = (e.seconds * 100 + 1800) / 3600;   /* hundredths of an hour */
        snprintf(hours, sizeof hours, "%lld.%02lld", (long long)(centi / 100),
                 (long long)(centi % 100));
        const char *row[] = { day_format(e.day, day), e.user, e.project, e.tier ? e.tier : "",
                              hours, e.note };
        csv_put_record(out, row, TK_ARRAY_LEN(row));
        tk_entry_clear(&e);
    }
    free(ids);
    return rc;
}
