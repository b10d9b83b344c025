/* app_submit.c — invoices to Zoho exactly once: record the attempt, look for it by reference,
 * create it only when Zoho has none, record Zoho's answer. Every state change is its own
 * committed transaction, so a crash at any point leaves an attempt that a retry finishes. */
#include "app.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "money.h"

/* ---- preparing and recording ---- */

void app_push_clear(app_push *p)
{
    app_draft_clear(&p->draft);
    app_customer_clear(&p->customer);
    memset(p, 0, sizeof *p);
}

static size_t payload_lines(const tk_invoice *inv)
{
    size_t n = 0;
    for (size_t i = 0; i < inv->nlines; i++)
        n += inv->lines[i].quantity_centi > 0;
    return n;
}

/* What makes a draft unfit to send. */
static int draft_sendable(const app_draft *d, tk_err *err)
{
    char a[DAY_BUF], b[DAY_BUF];
    if (payload_lines(&d->inv) == 0)
        return tk_fail(err, "%s has nothing to invoice from %s to %s", d->client.key,
                       day_format(d->range.from, a), day_format(d->range.to, b));
    if (d->inv.missing_rate)
        return tk_fail(err, "some of %s's time has no rate (see tock invoice preview); set one "
                       "with: tock rate set %s TIER AMOUNT", d->client.key, d->client.key);
    return 0;
}

int app_invoice_prepare(tk_app *app, app_zoho *z, const tk_client *c, const app_range *r,
                        inv_grouping g, tk_day date, app_push *out, tk_err *err)
{
    return app_invoice_prepare_edited(app, z, c, r, g, date, NULL, out, err);
}

int app_invoice_prepare_edited(tk_app *app, app_zoho *z, const tk_client *c, const app_range *r,
                               inv_grouping g, tk_day date, const app_draft_edits *edits,
                               app_push *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    out->date = date;
    out->payment_terms = app->cfg.zoho.payment_terms;
    if (edits)
        out->edits = *edits;
    if (app_invoice_draft_edited(app, c, r, g, 0, edits, &out->draft, err) ||
        draft_sendable(&out->draft, err))
        return -1;
    /* Credentials are checked before anything is recorded. */
    if (zoho_authenticate(z->zc, err) != ZOHO_OK) {
        app_zoho_hint(z, err);
        return -1;
    }
    return app_zoho_customer(z, c, &out->customer, err);
}

/* Fills the fields of rec that come from a draft and its customer. */
static void from_draft(tk_invoice_rec *rec, const app_draft *d, const app_customer *cu,
                       tk_day date, long terms)
{
    free(rec->label);
    free(rec->currency);
    free(rec->payload);
    free(rec->customer_id);
    free(rec->customer_name);
    free(rec->group_by);
    rec->client_id = d->client.id;
    rec->from = d->range.from;
    rec->to = d->range.to;
    rec->label = xstrdup(d->range.label);
    rec->currency = xstrdup(d->client.currency);
    rec->total_minor = d->inv.total_minor;
    rec->payload = app_invoice_payload(d, cu->id, date, terms);
    rec->customer_id = xstrdup(cu->id);
    rec->customer_name = xstrdup(cu->name ? cu->name : "");
    rec->invoice_date = date;
    rec->group_by = xstrdup(inv_grouping_name(d->grouping));
    rec->nlines = (int)payload_lines(&d->inv);
    rec->nentries = (int)d->inv.nids;
    /* The first period whose fee it bills; every one is in invoice_fees (app_invoice_fees). */
    rec->has_retainer_period = false;
    for (size_t i = 0; i < d->nperiods && !rec->has_retainer_period; i++)
        if (d->periods[i].fee_minor != 0) {
            rec->has_retainer_period = true;
            rec->retainer_period = d->periods[i].period_start;
        }
}

/* Why a draft's reference is already taken, or 0 when it is free or discarded (reusable). */
static int reference_taken(const tk_invoice_rec *old, tk_err *err)
{
    long long id = (long long)old->id;
    switch (old->state) {
    case INVOICE_PENDING:
        return tk_fail(err, "these entries are already on pending invoice %lld; finish it with: "
                       "tock invoice retry %lld", id, id);
    case INVOICE_SENT:
        return tk_fail(err, "these entries are already on invoice %lld (%s)", id,
                       old->zoho_number ? old->zoho_number : "sent");
    case INVOICE_FAILED:
        return tk_fail(err, "these entries are on failed invoice %lld (%s); re-queue it with "
                       "tock invoice retry %lld, or drop it with tock invoice discard %lld", id,
                       old->last_error ? old->last_error : "refused by Zoho", id, id);
    default:
        return 0;
    }
}

static int record_draft(tk_app *app, const app_push *p, const app_draft *d, int64_t *id,
                        tk_err *err)
{
    tk_invoice_rec rec = { 0 };
    int found = store_invoice_get_ref(app->st, d->reference, &rec, err);
    int rc = found < 0 ? -1 : found ? reference_taken(&rec, err) : 0;
    int64_t now = tk_now();
    if (rc == 0) {
        /* A discarded attempt of the same entries comes back to life: Zoho may know it. */
        from_draft(&rec, d, &p->customer, p->date, p->payment_terms);
        rec.state = INVOICE_PENDING;
        rec.updated = now;
        free(rec.last_error);
        free(rec.zoho_reply);
        rec.last_error = rec.zoho_reply = NULL;
        rec.failed_utc = rec.lease_pid = rec.lease_until = 0;
        if (found) {
            rc = store_invoice_update(app->st, &rec, err);
        } else {
            rec.reference = xstrdup(d->reference);
            rec.created_by = app->user_id;
            rec.created = now;
            rc = store_invoice_insert(app->st, &rec, err);
        }
    }
    if (rc == 0)
        rc = store_invoice_set_entries(app->st, rec.id, d->inv.entry_ids, d->inv.nids, err);
    if (rc == 0)
        rc = app_invoice_fees(app, rec.id, d, err);
    if (rc == 0)
        rc = store_audit(app->st, app->user_id, now, "record", "invoice", rec.id, d->reference, err);
    *id = rec.id;
    tk_invoice_rec_clear(&rec);
    return rc;
}

int app_invoice_record(tk_app *app, app_push *p, int64_t *invoice_id, tk_err *err)
{
    app_draft now;
    if (store_begin(app->st, err))
        return -1;
    int rc = app_invoice_draft_edited(app, &p->draft.client, &p->draft.range, p->draft.grouping, 0,
                                      &p->edits, &now, err);
    if (rc == 0 && (strcmp(now.reference, p->draft.reference) ||
                    now.inv.total_minor != p->draft.inv.total_minor ||
                    now.inv.nlines != p->draft.inv.nlines))
        rc = tk_fail(err, "%s's entries changed meanwhile; nothing was recorded — run the command again",
                     p->draft.client.key);
    if (rc == 0)
        rc = record_draft(app, p, &now, invoice_id, err);
    app_draft_clear(&now);
    if (rc) {
        store_rollback(app->st);
        return -1;
    }
    return store_commit(app->st, err);
}

/* ---- submitting ---- */

static bool alive(int64_t pid)
{
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* Long enough for one submission: two calls, each with its retries and waits. */
static int64_t lease_seconds(const tk_config *cfg)
{
    const tk_zoho_config *z = &cfg->zoho;
    int64_t per_call = (z->timeout_seconds + z->max_backoff_seconds) * (z->max_retries + 1);
    return 60 + 3 * per_call;
}

/* Reads invoice id inside the caller's transaction: 0, or -1 with err when there is none. */
static int load(tk_app *app, int64_t id, tk_invoice_rec *rec, tk_err *err)
{
    int rc = store_invoice_get(app->st, id, rec, err);
    if (rc == 0)
        return tk_fail(err, "no invoice %lld (see tock invoice list)", (long long)id);
    return rc < 0 ? -1 : 0;
}

static int leased_by_other(const tk_invoice_rec *rec, tk_err *err)
{
    if (rec->lease_until > (int64_t)time(NULL) && rec->lease_pid != (int64_t)getpid() &&
        alive(rec->lease_pid))
        return tk_fail(err, "invoice %lld is being submitted by another tock (process %lld); "
                       "try again when it is done", (long long)rec->id, (long long)rec->lease_pid);
    return 0;
}

static int not_pending(const tk_invoice_rec *rec, tk_err *err)
{
    long long id = (long long)rec->id;
    switch (rec->state) {
    case INVOICE_PENDING:
        return 0;
    case INVOICE_SENT:
        return tk_fail(err, "invoice %lld is already in Zoho as %s", id,
                       rec->zoho_number ? rec->zoho_number : rec->zoho_invoice_id);
    case INVOICE_FAILED:
        return tk_fail(err, "invoice %lld failed; re-queue it with: tock invoice retry %lld", id, id);
    default:
        return tk_fail(err, "invoice %lld was discarded", id);
    }
}

/* One committed change to an invoice: fn edits the freshly read record. On success the
 * record as saved goes to *out (when out is not NULL; the caller clears it). */
static int change(tk_app *app, int64_t id, int (*fn)(tk_app *, tk_invoice_rec *, void *, tk_err *),
                  void *ctx, tk_invoice_rec *out, tk_err *err)
{
    tk_invoice_rec rec = { 0 };
    if (store_begin(app->st, err))
        return -1;
    int rc = load(app, id, &rec, err);
    if (rc == 0)
        rc = fn(app, &rec, ctx, err);
    if (rc == 0) {
        rec.updated = tk_now();
        rc = store_invoice_update(app->st, &rec, err);
    }
    rc = store_end(app->st, rc, err);
    if (rc == 0 && out) {
        tk_invoice_rec_clear(out);
        *out = rec;
    } else {
        tk_invoice_rec_clear(&rec);
    }
    return rc;
}

static int take_lease(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    (void)ctx;
    if (not_pending(rec, err) || leased_by_other(rec, err))
        return -1;
    rec->lease_pid = getpid();
    rec->lease_until = (int64_t)time(NULL) + lease_seconds(&app->cfg);
    rec->attempts++;
    return 0;
}

static int count_create(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    (void)app, (void)ctx, (void)err;
    rec->creates++;
    return 0;
}

struct outcome {
    app_submit_result *res;
    const struct zoho_invoice *zi;   /* when confirmed */
    bool from_lookup;                /* the failure was the lookup's, not the create's */
    const char *reply;               /* Zoho's reply body to a refusal */
};

static void set_str(char **field, const char *v)
{
    free(*field);
    *field = v ? xstrdup(v) : NULL;
}

static int confirm(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    struct outcome *o = ctx;
    set_str(&rec->zoho_invoice_id, o->zi->invoice_id);
    set_str(&rec->zoho_number, o->zi->invoice_number);
    set_str(&rec->zoho_status, o->zi->status);
    set_str(&rec->last_error, NULL);
    tk_err ignore;
    rec->has_zoho_total = o->zi->total &&
        money_parse(o->zi->total, currency_exponent(rec->currency), &rec->zoho_total_minor, &ignore) == 0;
    o->res->total_differs = !rec->has_zoho_total || rec->zoho_total_minor != rec->total_minor;
    o->res->currency_differs = o->zi->currency_code && strcmp(o->zi->currency_code, rec->currency);
    rec->state = INVOICE_SENT;
    rec->lease_pid = rec->lease_until = 0;
    int64_t marked;
    if (store_invoice_mark_entries(app->st, rec->id, &marked, err))
        return -1;
    return store_audit(app->st, app->user_id, tk_now(), "sent", "invoice", rec->id,
                       rec->zoho_number ? rec->zoho_number : rec->zoho_invoice_id, err);
}

static int fail(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    struct outcome *o = ctx;
    /* Refused outright, and no earlier create can have got through: a dead letter. */
    bool dead = o->res->status == ZOHO_PERMANENT && (!o->from_lookup || rec->creates == 0);
    set_str(&rec->last_error, o->res->why.msg);
    rec->lease_pid = rec->lease_until = 0;
    if (dead) {
        rec->state = INVOICE_FAILED;
        set_str(&rec->zoho_reply, o->reply);
        rec->failed_utc = tk_now();
    }
    return store_audit(app->st, app->user_id, tk_now(), dead ? "fail" : "defer", "invoice",
                       rec->id, zoho_status_name(o->res->status), err);
}

/* Asks Zoho for the invoice by reference and creates it when there is none: a zoho_status, or
 * -1 with err when the database failed. */
static int talk(tk_app *app, app_zoho *z, const tk_invoice_rec *rec, struct outcome *o,
                        struct zoho_invoice *zi, tk_err *err)
{
    size_t found = 0;
    zoho_status st = zoho_find_invoice_by_reference(z->zc, rec->reference, &found, zi, &o->res->why);
    o->from_lookup = true;
    if (st == ZOHO_OK && found > 0) {
        o->res->found = true;
        o->res->duplicates = found > 1 ? found : 0;
        return st;
    }
    if (st != ZOHO_OK)
        return st;
    /* Counted before it is sent: after a crash, a create may have happened. */
    if (change(app, rec->id, count_create, NULL, NULL, err))
        return -1;
    o->from_lookup = false;
    return zoho_create_invoice(z->zc, rec->payload, zi, &o->res->why);
}

int app_invoice_submit(tk_app *app, app_zoho *z, int64_t invoice_id, app_submit_result *out,
                       tk_err *err)
{
    memset(out, 0, sizeof *out);
    tk_invoice_rec rec = { 0 };
    if (change(app, invoice_id, take_lease, NULL, &rec, err))
        return -1;
    struct zoho_invoice zi = { 0 };
    struct outcome o = { .res = out, .zi = &zi };
    int st = talk(app, z, &rec, &o, &zi, err);
    tk_invoice_rec_clear(&rec);
    if (st < 0) {
        zoho_invoice_clear(&zi);
        return -1;
    }
    out->status = (zoho_status)st;
    int rc;
    if (out->status == ZOHO_OK) {
        rc = change(app, invoice_id, confirm, &o, &out->rec, err);
    } else {
        app_zoho_hint(z, &out->why);
        o.reply = zoho_last_reply(z->zc).body;
        rc = change(app, invoice_id, fail, &o, &out->rec, err);
    }
    zoho_invoice_clear(&zi);
    return rc;
}

/* ---- re-queueing and discarding ---- */

struct requeue {
    app_draft *d;
    const app_customer *cu;
};

static int requeue(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    struct requeue *q = ctx;
    long long id = (long long)rec->id;
    if (rec->state != INVOICE_FAILED)
        return rec->state == INVOICE_PENDING ? 0 : not_pending(rec, err);
    tk_client c;
    int rc = store_client_get_id(app->st, rec->client_id, &c, err);
    if (rc <= 0)
        return rc < 0 ? -1 : tk_fail(err, "invoice %lld has no client", id);
    app_range r = { rec->from, rec->to, "" };
    snprintf(r.label, sizeof r.label, "%s", rec->label ? rec->label : "");
    inv_grouping g = INV_BY_PROJECT_TIER;
    inv_grouping_parse(rec->group_by, &g);
    rc = app_invoice_draft(app, &c, &r, g, rec->id, q->d, err);
    if (rc == 0 && strcmp(q->d->reference, rec->reference))
        rc = tk_fail(err, "the entries of invoice %lld changed or are on another invoice since it "
                     "failed; drop it with tock invoice discard %lld and push again", id, id);
    if (rc == 0)
        rc = draft_sendable(q->d, err);
    tk_client_clear(&c);
    if (rc)
        return -1;
    from_draft(rec, q->d, q->cu, rec->invoice_date, app->cfg.zoho.payment_terms);
    rec->state = INVOICE_PENDING;
    set_str(&rec->last_error, NULL);
    set_str(&rec->zoho_reply, NULL);
    rec->failed_utc = 0;
    if (store_invoice_set_entries(app->st, rec->id, q->d->inv.entry_ids, q->d->inv.nids, err))
        return -1;
    return store_audit(app->st, app->user_id, tk_now(), "requeue", "invoice", rec->id, rec->reference, err);
}

int app_invoice_requeue(tk_app *app, app_zoho *z, int64_t invoice_id, tk_err *err)
{
    tk_invoice_rec rec;
    tk_client c;
    int rc = store_invoice_get(app->st, invoice_id, &rec, err);
    if (rc == 0)
        return tk_fail(err, "no invoice %lld (see tock invoice list)", (long long)invoice_id);
    if (rc < 0)
        return -1;
    bool failed = rec.state == INVOICE_FAILED;
    rc = failed ? store_client_get_id(app->st, rec.client_id, &c, err) : 0;
    tk_invoice_rec_clear(&rec);
    if (!failed)
        return 0;
    if (rc <= 0)
        return rc < 0 ? -1 : tk_fail(err, "invoice %lld has no client", (long long)invoice_id);
    /* The customer as it is now: pinning another one is how a refusal is often fixed. */
    app_customer cu;
    app_draft d = { 0 };
    rc = app_zoho_customer(z, &c, &cu, err);
    tk_client_clear(&c);
    if (rc)
        return -1;
    struct requeue q = { &d, &cu };
    rc = change(app, invoice_id, requeue, &q, NULL, err);
    app_draft_clear(&d);
    app_customer_clear(&cu);
    return rc;
}

static int discard(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    bool *may_exist = ctx;
    long long id = (long long)rec->id;
    if (rec->state == INVOICE_SENT)
        return tk_fail(err, "invoice %lld is in Zoho as %s; void it there, not here", id,
                       rec->zoho_number ? rec->zoho_number : rec->zoho_invoice_id);
    if (rec->state == INVOICE_DISCARDED)
        return tk_fail(err, "invoice %lld is already discarded", id);
    if (leased_by_other(rec, err))
        return -1;
    *may_exist = rec->state == INVOICE_PENDING && rec->creates > 0;
    rec->state = INVOICE_DISCARDED;
    rec->lease_pid = rec->lease_until = 0;
    return store_audit(app->st, app->user_id, tk_now(), "discard", "invoice", rec->id, rec->reference, err);
}

int app_invoice_discard(tk_app *app, int64_t invoice_id, bool *may_exist, tk_err *err)
{
    *may_exist = false;
    return change(app, invoice_id, discard, may_exist, NULL, err);
}
