/* app_submit.c — invoices to Zoho exactly once: record the attempt, look for it by reference,
 * create it only when Zoho has none, record Zoho's answer. Every state change is its own
 * committed transaction, so a crash at any point leaves an attempt that a retry finishes. */
#include "app.h"
#include "retainer.h"
#include "invoice.h"
#include "zoho.h"
#include "app_sprint.h"
#include "app_invoice.h"
#include "app_zoho.h"
#include "app_submit.h"
#include "app_zoho_sync.h"
#include "app_audit.h"
#include "app_fixed.h"
#include "store_lease.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "json.h"
#include "money.h"

static void set_str(char **field, const char *v);

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

/* The first pending attempt of the draft's client that overlaps its range. */
static int find_pending(const tk_invoice_rec *r, void *ctx)
{
    const app_draft *d = ((void **)ctx)[0];
    int64_t *id = ((void **)ctx)[1];
    if (r->from <= d->range.to && r->to >= d->range.from) {
        *id = r->id;
        return 1;
    }
    return 0;
}

/* What makes a draft unfit to send. */
static int draft_sendable(tk_app *app, const app_draft *d, tk_err *err)
{
    char a[DAY_BUF], b[DAY_BUF];
    tk_invoice_state pending = INVOICE_PENDING;
    int64_t held = 0;
    void *ctx[2] = { (void *)d, &held };
    if (payload_lines(&d->inv) == 0 &&
        store_invoice_each(app->st, d->client.id, &pending, find_pending, ctx, err) < 0)
        return -1;
    if (payload_lines(&d->inv) == 0 && held)
        return tk_fail(err, "nothing new to invoice for %s from %s to %s: its entries are on "
                       "pending invoice %lld; finish it with: tock invoice retry %lld",
                       d->client.key, day_format(d->range.from, a), day_format(d->range.to, b),
                       (long long)held, (long long)held);
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

int app_payment_terms(tk_app *app, int64_t client_id, long *terms, tk_err *err)
{
    *terms = app->cfg.zoho.payment_terms;
    return store_client_terms_get(app->st, client_id, terms, err) < 0 ? -1 : 0;
}

int app_invoice_prepare_edited(tk_app *app, app_zoho *z, const tk_client *c, const app_range *r,
                               inv_grouping g, tk_day date, const app_draft_edits *edits,
                               app_push *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    out->date = date;
    if (app_payment_terms(app, c->id, &out->payment_terms, err))
        return -1;
    if (edits)
        out->edits = *edits;
    if (app_invoice_draft_edited(app, c, r, g, 0, edits, &out->draft, err) ||
        draft_sendable(app, &out->draft, err))
        return -1;
    /* Credentials are checked before anything is recorded. */
    if (zoho_authenticate(z->zc, err) != ZOHO_OK) {
        app_zoho_hint(z, err);
        return -1;
    }
    if (app_zoho_customer(z, c, &out->customer, err))
        return -1;
    /* Zoho's total must be able to equal tock's before anything is recorded. */
    char *payload = app_invoice_payload(&out->draft, out->customer.id, date, out->payment_terms,
                                        NULL);
    int rc = app_zoho_precheck(z, &out->draft, &out->customer, payload, err);
    free(payload);
    return rc;
}

/* Fills the fields of rec that come from a draft and its customer. */
static void from_draft(tk_app *app, tk_invoice_rec *rec, const app_draft *d,
                       const app_customer *cu, tk_day date, long terms)
{
    char *head = app_audit_head_text(app);
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
    rec->total_minor = d->inv.gross_minor;   /* with tax: what Zoho's total is */
    rec->payload = app_invoice_payload(d, cu->id, date, terms, head);
    free(head);
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
        if (old->creates > 0)   /* it may be in Zoho: discarding asks Zoho first */
            return tk_fail(err, "these entries are on failed invoice %lld (%s), which may have "
                           "reached Zoho; re-queue it with tock invoice retry %lld, or drop it "
                           "with tock invoice discard %lld (which asks Zoho first)", id,
                           old->last_error ? old->last_error : "refused by Zoho", id, id);
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
    int64_t now = clock_now();
    if (rc == 0) {
        /* A discarded attempt of the same entries comes back to life: Zoho may know it. */
        from_draft(app, &rec, d, &p->customer, p->date, p->payment_terms);
        rec.state = INVOICE_PENDING;
        rec.updated = now;
        free(rec.last_error);
        free(rec.zoho_reply);
        rec.last_error = rec.zoho_reply = NULL;
        rec.failed_utc = rec.lease_pid = rec.lease_until = rec.lease_start = 0;
        /* A voided invoice's attempt comes back without Zoho's old answer. */
        set_str(&rec.zoho_invoice_id, NULL);
        set_str(&rec.zoho_number, NULL);
        set_str(&rec.zoho_status, NULL);
        rec.has_zoho_total = rec.has_zoho_balance = false;
        rec.void_utc = 0;
        rec.send_mode = p->send_mode;
        if (!found) {
            rec.reference = xstrdup(d->reference);
            rec.created_by = app->user_id;
            rec.created = now;
            rc = store_invoice_insert(app->st, &rec, err);
        }
        /* The attempt's own invoice number: Zoho refuses a second create with it. */
        if (rc == 0 && !rec.planned_number && tk_streq(app->cfg.zoho.invoice_numbers, "tock"))
            rec.planned_number = xasprintf("%s%06lld", app->cfg.zoho.invoice_prefix,
                                           (long long)rec.id);
        if (rc == 0)
            rc = store_invoice_update(app->st, &rec, err);
    }
    if (rc == 0)
        rc = store_invoice_set_entries(app->st, rec.id, d->inv.entry_ids, d->inv.nids, err);
    if (rc == 0)
        rc = app_invoice_fees(app, rec.id, d, err);
    if (rc == 0)
        rc = app_fixed_record(app, rec.id, d, err);
    if (rc == 0)
        rc = app_audit_change(app, "record", "invoice", rec.id, NULL, NULL, err);
    *id = rec.id;
    tk_invoice_rec_clear(&rec);
    return rc;
}

int app_invoice_record(tk_app *app, app_push *p, int64_t *invoice_id, tk_err *err)
{
    app_draft now;
    if (app_change_begin(app, err))
        return -1;
    int rc = app_invoice_draft_edited(app, &p->draft.client, &p->draft.range, p->draft.grouping, 0,
                                      &p->edits, &now, err);
    if (rc == 0 && (strcmp(now.reference, p->draft.reference) ||
                    now.inv.total_minor != p->draft.inv.total_minor ||
                    now.inv.gross_minor != p->draft.inv.gross_minor ||
                    now.inv.nlines != p->draft.inv.nlines))
        rc = tk_fail(err, "%s's entries changed meanwhile; nothing was recorded — run the command again",
                     p->draft.client.key);
    if (rc == 0)
        rc = record_draft(app, p, &now, invoice_id, err);
    app_draft_clear(&now);
    return app_change_end(app, rc ? -1 : 0, NULL, NULL, 0, NULL, err);
}

/* ---- submitting ---- */

/* Zoho's lists can lag behind a create by this long: an attempt whose create may have gone
 * through more recently is not created again on an empty lookup without its own number. */
#define LIST_LAG_SECONDS 900

/* Reads invoice id inside the caller's transaction: 0, or -1 with err when there is none. */
static int load(tk_app *app, int64_t id, tk_invoice_rec *rec, tk_err *err)
{
    int rc = store_invoice_get(app->st, id, rec, err);
    if (rc == 0)
        return tk_fail(err, "no invoice %lld (see tock invoice list)", (long long)id);
    return rc < 0 ? -1 : 0;
}

/* Takes the lease on rec for this process (store_lease.h: on a server, for this database
 * session), or refuses while another tock that lives holds it. */
static int claim(tk_app *app, tk_invoice_rec *rec, tk_err *err)
{
    char who[64];
    int rc = store_lease_take(app->st, rec->id, &rec->lease_pid, &rec->lease_start, who,
                              sizeof who, err);
    if (rc == 1)
        return tk_fail(err, "invoice %lld is being submitted by another tock (%s); try again "
                       "when it is done", (long long)rec->id, who);
    return rc;
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
    case INVOICE_VOID:
        return tk_fail(err, "invoice %lld was voided in Zoho; its entries are free to push again", id);
    default:
        return tk_fail(err, "invoice %lld was discarded", id);
    }
}

/* One committed change to an invoice: fn edits the freshly read record. On success the
 * record as saved goes to *out (when out is not NULL; the caller clears it). */
/* The action a change's callback asks to have recorded (audit_as), once the row it changed is
 * written, with the invoice before and after. One change runs at a time. */
static const char *audit_action;

static int audit_as(const char *action)
{
    audit_action = action;
    return 0;
}

static int change(tk_app *app, int64_t id, int (*fn)(tk_app *, tk_invoice_rec *, void *, tk_err *),
                  void *ctx, tk_invoice_rec *out, tk_err *err)
{
    tk_invoice_rec rec = { 0 };
    if (app_change_begin(app, err))
        return -1;
    audit_action = NULL;
    char *before = app_audit_snap(app, "invoice", id, NULL);
    int rc = load(app, id, &rec, err);
    if (rc == 0)
        rc = fn(app, &rec, ctx, err);
    if (rc == 0) {
        rec.updated = clock_now();
        rc = store_invoice_update(app->st, &rec, err);
    }
    if (audit_action)
        rc = app_audit_after(app, rc, audit_action, "invoice", id, NULL, before, err);
    else
        free(before);
    audit_action = NULL;
    rc = app_change_end(app, rc, NULL, NULL, 0, NULL, err);
    /* A lease this change took, or one the saved row no longer gives this process, goes back. */
    store_lease_settle(app->st, id, rc == 0, rec.lease_pid, rec.lease_start);
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
    if (not_pending(rec, err) || claim(app, rec, err))
        return -1;
    /* An attempt recorded before tock numbered its invoices gets its number before its
     * first create (after one, the organization's number may already exist). */
    if (!rec->planned_number && rec->creates == 0 && tk_streq(app->cfg.zoho.invoice_numbers, "tock"))
        rec->planned_number = xasprintf("%s%06lld", app->cfg.zoho.invoice_prefix, (long long)rec->id);
    rec->lease_until = 0;
    rec->attempts++;
    return 0;
}

static void set_str(char **field, const char *v)
{
    free(*field);
    *field = v ? xstrdup(v) : NULL;
}

/* The invoice number of generation gen: the base, then base-2, base-3, … */
static char *number_of(const char *base, int gen)
{
    return gen ? xasprintf("%s-%d", base, gen + 1) : xstrdup(base);
}

/* The number without its generation suffix. */
static char *number_base(const tk_invoice_rec *rec)
{
    char *b = xstrdup(rec->planned_number);
    char *dash = strrchr(b, '-');
    if (rec->number_gen && dash)
        *dash = '\0';
    return b;
}

static void bump_number(tk_invoice_rec *rec)
{
    if (!rec->planned_number)
        return;
    char *base = number_base(rec);
    rec->number_gen++;
    free(rec->planned_number);
    rec->planned_number = number_of(base, rec->number_gen);
    free(base);
}

enum end { END_SENT, END_PENDING, END_FAILED };

struct outcome {
    app_submit_result *res;
    struct zoho_invoice zi;          /* the invoice adopted or created */
    enum end end;
    bool bump;                       /* Zoho holds the planned number on another or void invoice */
    bool create_known;               /* the last create's outcome is known: nothing unread */
    const char *reply;               /* Zoho's reply body to a refusal */
};

/* Why a Zoho invoice cannot be this attempt's (into why), or false when it is. */
static bool misfit(const tk_invoice_rec *rec, const struct zoho_invoice *zi, char *why, size_t n)
{
    int exp = currency_exponent(rec->currency);
    int64_t total;
    tk_err ignore;
    char a[32], b[32];
    if (zi->status && !strcmp(zi->status, "void"))
        snprintf(why, n, "it is void");
    else if (zi->customer_id && rec->customer_id && strcmp(zi->customer_id, rec->customer_id))
        snprintf(why, n, "its customer is %s, not %s", zi->customer_id, rec->customer_id);
    else if (zi->currency_code && strcmp(zi->currency_code, rec->currency))
        snprintf(why, n, "it is in %s, not %s", zi->currency_code, rec->currency);
    else if (!zi->total || money_parse(zi->total, exp, &total, &ignore))
        snprintf(why, n, "its total (%s) cannot be read", zi->total ? zi->total : "none");
    else if (total != rec->total_minor)
        snprintf(why, n, "its total is %s %s, not tock's %s %s", money_format(total, exp, a),
                 rec->currency, money_format(rec->total_minor, exp, b), rec->currency);
    else
        return false;
    return true;
}

static const char *zname(const struct zoho_invoice *zi)
{
    return zi->invoice_number ? zi->invoice_number : zi->invoice_id;
}

/* What Zoho's invoices carrying this attempt's reference mean: adopted (o->zi, END_SENT),
 * a conflict the user settles in Zoho (END_PENDING, why), or none live (false). */
static bool judge(const tk_invoice_rec *rec, struct zoho_invoice_list *l, struct outcome *o)
{
    size_t live = 0, first = 0;
    strbuf names = { 0 };
    long long id = (long long)rec->id;
    for (size_t i = 0; i < l->len; i++) {
        const struct zoho_invoice *zi = &l->items[i];
        if (zi->status && !strcmp(zi->status, "void")) {
            o->bump |= rec->planned_number && tk_streq(zi->invoice_number, rec->planned_number);
            continue;
        }
        if (!live++)
            first = i;
        sb_addf(&names, "%s%s", live > 1 ? ", " : "", zname(zi));
    }
    char why[200];
    o->res->status = live ? ZOHO_PERMANENT : ZOHO_OK;
    o->end = END_PENDING;
    if (live > 1)
        tk_fail(&o->res->why, "%zu live Zoho invoices carry this attempt's reference %s (%s): void "
                "all but one in Zoho, then: tock invoice retry %lld", live, rec->reference,
                sb_str(&names), id);
    else if (live == 1 && misfit(rec, &l->items[first], why, sizeof why))
        tk_fail(&o->res->why, "Zoho's invoice %s carries this attempt's reference, but %s: void it "
                "in Zoho, then drop this attempt with tock invoice discard %lld (or create it again "
                "with tock invoice retry %lld)", zname(&l->items[first]), why, id, id);
    else if (live == 1) {
        o->zi = l->items[first];
        memset(&l->items[first], 0, sizeof l->items[first]);
        o->res->status = ZOHO_OK;
        o->res->found = true;
        o->end = END_SENT;
    }
    o->res->duplicates = live > 1 ? live : 0;
    sb_free(&names);
    return live > 0;
}

/* Looks the attempt up by reference: true when that settled it (o->end, o->res). */
static bool look_up(app_zoho *z, const tk_invoice_rec *rec, struct outcome *o)
{
    struct zoho_invoice_list l;
    zoho_status st = zoho_find_invoices(z->zc, "reference_number", rec->reference, &l,
                                        &o->res->why);
    bool settled = true;
    if (st != ZOHO_OK) {
        o->res->status = st;
        /* A refused lookup parks the attempt only when no create can have gone through. */
        o->end = st == ZOHO_PERMANENT && !rec->create_unknown ? END_FAILED : END_PENDING;
        o->reply = zoho_last_reply(z->zc).body;
    } else {
        settled = judge(rec, &l, o);
    }
    zoho_invoice_list_free(&l);
    return settled;
}

/* Zoho refused the number (code 1001): whose is it? */
static void number_taken(app_zoho *z, const tk_invoice_rec *rec, struct outcome *o)
{
    struct zoho_invoice_list l, ours = { 0 };
    long long id = (long long)rec->id;
    const char *num = rec->planned_number;
    o->res->status = ZOHO_PERMANENT;
    o->end = END_PENDING;
    zoho_status st = zoho_find_invoices(z->zc, "invoice_number", num, &l, &o->res->why);
    if (st != ZOHO_OK) {
        o->res->status = st;
        return;
    }
    for (size_t i = 0; i < l.len; i++)
        if (tk_streq(l.items[i].reference_number, rec->reference)) {
            ours.items = &l.items[i];
            ours.len = 1;
        }
    if (ours.len && judge(rec, &ours, o)) {
        o->create_known = true;
        zoho_invoice_list_free(&l);
        return;
    }
    o->res->status = ZOHO_PERMANENT;
    o->end = END_PENDING;
    if (l.len) {
        o->bump = o->create_known = true;
        tk_fail(&o->res->why, "invoice number %s is taken in Zoho by %s invoice; the next try "
                "uses a new number: tock invoice retry %lld", num,
                ours.len ? "a void" : "another", id);
    } else {
        tk_fail(&o->res->why, "Zoho says invoice number %s exists but does not list it yet (its "
                "lists can lag behind a create): try again in a minute with: tock invoice retry "
                "%lld", num, id);
    }
    zoho_invoice_list_free(&l);
}

static int count_create(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    (void)app, (void)err;
    struct outcome *o = ctx;
    if (o->bump)
        bump_number(rec);
    o->bump = false;
    rec->creates++;
    rec->create_unknown = true;
    rec->last_create_utc = clock_now();
    return 0;
}

/* The request body with the planned invoice number (caller frees). */
static char *body_with_number(const tk_invoice_rec *rec)
{
    if (!rec->planned_number || rec->payload[0] != '{')
        return xstrdup(rec->payload);
    strbuf sb = { 0 };
    sb_add(&sb, "{\"invoice_number\":");
    json_escape(&sb, rec->planned_number);
    sb_add(&sb, rec->payload[1] == '}' ? "" : ",");
    sb_add(&sb, rec->payload + 1);
    return sb_detach(&sb);
}

/* Creates the invoice; rec is the attempt as recorded after count_create. */
static void create(app_zoho *z, const tk_invoice_rec *rec, bool earlier_unknown, struct outcome *o)
{
    char *body = body_with_number(rec);
    char why[200];
    long long id = (long long)rec->id;
    /* Never send=true: the email goes after the timesheet is attached (send_on). */
    unsigned flags = rec->planned_number ? ZOHO_OWN_NUMBER : 0;
    zoho_status st = zoho_create_invoice(z->zc, body, flags, &o->zi, &o->res->why);
    free(body);
    o->res->status = st;
    o->end = END_PENDING;
    if (st == ZOHO_OK) {
        o->create_known = true;
        if (misfit(rec, &o->zi, why, sizeof why)) {
            o->res->status = ZOHO_PERMANENT;
            tk_fail(&o->res->why, "Zoho created invoice %s, but %s: void it in Zoho, then drop "
                    "this attempt with tock invoice discard %lld", zname(&o->zi), why, id);
        } else {
            o->end = END_SENT;
        }
        return;
    }
    if (st != ZOHO_PERMANENT)
        return;
    o->reply = zoho_last_reply(z->zc).body;
    if (zoho_last_reply(z->zc).code == 1001 && rec->planned_number) {
        number_taken(z, rec, o);
        return;
    }
    if (!earlier_unknown) {
        o->create_known = true;
        o->end = END_FAILED;
        return;
    }
    /* Refused now, but an earlier create's reply was lost: it may be there. */
    tk_err refused = o->res->why;
    if (look_up(z, rec, o))
        return;
    o->res->status = ZOHO_PERMANENT;
    o->end = END_PENDING;
    tk_fail(&o->res->why, "%s; an earlier create's reply was lost and Zoho does not list that "
            "invoice (yet): try again later with tock invoice retry %lld, or drop it with tock "
            "invoice discard %lld", refused.msg, id, id);
}

/* With the organization's own numbering a second create cannot be refused by Zoho: while an
 * unread create is recent, an empty lookup may only be lagging. */
static bool too_soon(const tk_invoice_rec *rec, struct outcome *o)
{
    int64_t wait = rec->last_create_utc + LIST_LAG_SECONDS - clock_now();
    if (rec->planned_number || !rec->create_unknown || wait <= 0)
        return false;
    o->res->status = ZOHO_TRANSIENT;
    o->end = END_PENDING;
    tk_fail(&o->res->why, "Zoho does not list the invoice whose create's reply was lost, but "
            "its lists can lag; with zoho.invoice_numbers = zoho tock does not create it again "
            "for %lld more s: tock invoice retry %lld then", (long long)wait, (long long)rec->id);
    return true;
}

static int confirm(tk_app *app, tk_invoice_rec *rec, struct outcome *o, tk_err *err)
{
    const struct zoho_invoice *zi = &o->zi;
    tk_err ignore;
    int exp = currency_exponent(rec->currency);
    set_str(&rec->zoho_invoice_id, zi->invoice_id);
    set_str(&rec->zoho_number, zi->invoice_number);
    set_str(&rec->zoho_status, zi->status);
    set_str(&rec->last_error, NULL);
    rec->has_zoho_total = zi->total && money_parse(zi->total, exp, &rec->zoho_total_minor, &ignore) == 0;
    rec->has_zoho_balance = zi->balance &&
        money_parse(zi->balance, exp, &rec->zoho_balance_minor, &ignore) == 0;
    o->res->total_differs = !rec->has_zoho_total || rec->zoho_total_minor != rec->total_minor;
    o->res->currency_differs = zi->currency_code && strcmp(zi->currency_code, rec->currency);
    rec->state = INVOICE_SENT;
    rec->create_unknown = false;
    int64_t marked;
    if (store_invoice_mark_entries(app->st, rec->id, &marked, err))
        return -1;
    return audit_as(o->res->found ? "adopt" : "sent");
}

/* Records what became of a submission (or of a discard's question to Zoho). */
static int finish(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    struct outcome *o = ctx;
    rec->lease_pid = rec->lease_until = rec->lease_start = 0;
    if (o->bump)
        bump_number(rec);
    if (o->create_known)
        rec->create_unknown = false;
    if (o->end == END_SENT)
        return confirm(app, rec, o, err);
    set_str(&rec->last_error, o->res->why.msg);
    if (o->end == END_FAILED) {
        rec->state = INVOICE_FAILED;
        set_str(&rec->zoho_reply, o->reply);
        rec->failed_utc = clock_now();
    }
    return audit_as(o->end == END_FAILED ? "fail" : "defer");
}

/* Asks Zoho for the attempt and creates it when Zoho has none; -1 when the database failed. */
static int talk(tk_app *app, app_zoho *z, tk_invoice_rec *rec, struct outcome *o, tk_err *err)
{
    bool earlier_unknown = rec->create_unknown;
    if (look_up(z, rec, o) || too_soon(rec, o))
        return 0;
    /* Counted (and a new number taken) before it is sent: after a crash, it may have happened. */
    if (change(app, rec->id, count_create, o, rec, err))
        return -1;
    create(z, rec, earlier_unknown, o);
    return 0;
}

static int record_sent(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    (void)app, (void)ctx, (void)err;
    set_str(&rec->zoho_status, "sent");
    return audit_as(rec->send_mode == 2 ? "email" : "mark-sent");
}

/* What the push asked for once the invoice exists: a draft marked sent, or emailed to the
 * contact (a create with send=true already did that). A failure leaves it a draft, said. */
static int send_on(tk_app *app, app_zoho *z, app_submit_result *res, tk_err *err)
{
    tk_invoice_rec *rec = &res->rec;
    if (!rec->send_mode || !tk_streq(rec->zoho_status, "draft"))
        return 0;
    zoho_status st;
    struct zoho_contact ct = { 0 };
    if (rec->send_mode == 1) {
        st = zoho_mark_sent(z->zc, rec->zoho_invoice_id, &res->send_why);
    } else {
        st = zoho_get_contact(z->zc, rec->customer_id, &ct, &res->send_why);
        if (st == ZOHO_OK && !(ct.email && *ct.email)) {
            tk_fail(&res->send_why, "the Zoho contact %s has no email address", rec->customer_id);
            st = ZOHO_PERMANENT;
        }
        if (st == ZOHO_OK)
            st = zoho_email_invoice(z->zc, rec->zoho_invoice_id, ct.email, &res->send_why);
    }
    zoho_contact_clear(&ct);
    res->send_failed = st != ZOHO_OK;
    if (res->send_failed)
        return 0;
    return change(app, rec->id, record_sent, NULL, rec, err);
}

/* The timesheet behind the invoice, attached once, where this run adopted the invoice (a
 * lost reply means the attach is tried again only through Zoho by hand: never twice). Before
 * an email, so that it goes with it. */
static int attach_timesheet(tk_app *app, app_zoho *z, app_submit_result *res, tk_err *err)
{
    const tk_invoice_rec *rec = &res->rec;
    strbuf csv = { 0 };
    if (app_invoice_timesheet(app, rec->id, &csv, err)) {
        sb_free(&csv);
        return -1;
    }
    char *name = xasprintf("timesheet-%s.csv", rec->zoho_number ? rec->zoho_number : rec->reference);
    res->attach_failed = zoho_attach_csv(z->zc, rec->zoho_invoice_id, name, sb_str(&csv), csv.len,
                                         &res->attach_why) != ZOHO_OK;
    free(name);
    sb_free(&csv);
    return 0;
}

int app_invoice_submit(tk_app *app, app_zoho *z, int64_t invoice_id, app_submit_result *out,
                       tk_err *err)
{
    memset(out, 0, sizeof *out);
    tk_invoice_rec rec = { 0 };
    if (change(app, invoice_id, take_lease, NULL, &rec, err))
        return -1;
    struct outcome o = { .res = out };
    int rc = talk(app, z, &rec, &o, err);
    tk_invoice_rec_clear(&rec);
    if (rc == 0) {
        if (out->status != ZOHO_OK)
            app_zoho_hint(z, &out->why);
        rc = change(app, invoice_id, finish, &o, &out->rec, err);
        if (rc) { /* Zoho was asked, and may have made it: the retry asks it first */
            tk_err why = *err;
            tk_fail(err, "%s — invoice %lld stays pending; finish it with: tock invoice retry "
                    "%lld", why.msg, (long long)invoice_id, (long long)invoice_id);
        }
    }
    bool sent = out->status == ZOHO_OK && out->rec.state == INVOICE_SENT;
    if (rc == 0 && sent)
        rc = attach_timesheet(app, z, out, err);
    if (rc == 0 && sent)
        rc = send_on(app, z, out, err);
    zoho_invoice_clear(&o.zi);
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
        rc = draft_sendable(app, q->d, err);
    tk_client_clear(&c);
    if (rc)
        return -1;
    long terms;
    if (app_payment_terms(app, rec->client_id, &terms, err))
        return -1;
    from_draft(app, rec, q->d, q->cu, rec->invoice_date, terms);
    rec->state = INVOICE_PENDING;
    set_str(&rec->last_error, NULL);
    set_str(&rec->zoho_reply, NULL);
    rec->failed_utc = 0;
    if (store_invoice_set_entries(app->st, rec->id, q->d->inv.entry_ids, q->d->inv.nids, err))
        return -1;
    return audit_as("requeue");
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

static int release(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    (void)app, (void)ctx, (void)err;
    if (store_lease_mine(app->st, rec->lease_pid, rec->lease_start))
        rec->lease_pid = rec->lease_start = 0;
    return 0;
}

/* The part of a discard that needs no Zoho: refuses what cannot be discarded, and drops an
 * attempt that cannot have reached Zoho. Else it takes the lease, for the question to Zoho. */
struct discarding {
    bool ask;                  /* a create was sent: Zoho must be asked first */
    bool force;
    app_discard_result *res;
    struct outcome *o;
};

static int drop(tk_app *app, tk_invoice_rec *rec, const char *how, tk_err *err)
{
    (void)app, (void)err;
    rec->state = INVOICE_DISCARDED;
    rec->lease_pid = rec->lease_until = rec->lease_start = 0;
    return audit_as(how);
}

static int discard_start(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    struct discarding *d = ctx;
    long long id = (long long)rec->id;
    if (rec->state == INVOICE_SENT)
        return tk_fail(err, "invoice %lld is in Zoho as %s; void it there, not here (then tock "
                       "invoice sync frees its entries)", id,
                       rec->zoho_number ? rec->zoho_number : rec->zoho_invoice_id);
    if (rec->state == INVOICE_DISCARDED || rec->state == INVOICE_VOID)
        return tk_fail(err, "invoice %lld is already %s", id,
                       rec->state == INVOICE_VOID ? "void" : "discarded");
    /* Taken now (given back by change() when the attempt is dropped at once). */
    if (claim(app, rec, err))
        return -1;
    d->ask = rec->creates > 0;
    if (!d->ask)
        return drop(app, rec, "discard", err);
    if (d->res->zoho_unreachable) {
        if (!d->force)
            return tk_fail(err, "invoice %lld may be in Zoho, and Zoho could not be asked (%s); "
                           "discard it anyway with --force (if Zoho has it, pushing these entries "
                           "again bills them twice)", id, d->res->why.msg);
        d->ask = false;
        d->res->forced = true;
        return drop(app, rec, "discard-forced", err);
    }
    return 0;
}

/* After asking Zoho: adopts what it has, or discards, or (without force) refuses. */
static int discard_end(tk_app *app, tk_invoice_rec *rec, void *ctx, tk_err *err)
{
    struct discarding *d = ctx;
    struct outcome *o = d->o;
    long long id = (long long)rec->id;
    char t[DAY_TIME_BUF];
    int64_t lag_ends = rec->last_create_utc + LIST_LAG_SECONDS;
    if (o->end == END_SENT) {
        d->res->adopted = true;
        rec->lease_pid = rec->lease_start = 0;
        return confirm(app, rec, o, err);
    }
    rec->lease_pid = rec->lease_start = 0;
    if (!d->force && o->res->status != ZOHO_OK)
        return tk_fail(err, "invoice %lld was not discarded: %s — discard it anyway with --force "
                       "(if Zoho has it, pushing these entries again bills them twice)", id,
                       o->res->why.msg);
    if (!d->force && rec->create_unknown && clock_now() < lag_ends)
        return tk_fail(err, "invoice %lld was not discarded: Zoho does not list it, but a create's "
                       "reply was lost and Zoho's lists can lag; ask again after %s, or discard it "
                       "now with --force (if Zoho has it, pushing these entries again bills them "
                       "twice)", id, utc_format(lag_ends, t));
    if (o->bump)
        bump_number(rec);
    d->res->forced = d->force && (o->res->status != ZOHO_OK || rec->create_unknown);
    if (!d->res->forced)
        rec->create_unknown = false;
    return drop(app, rec, d->res->forced ? "discard-forced" : "discard", err);
}

int app_invoice_discard(tk_app *app, app_zoho *z, int64_t invoice_id, bool force,
                        app_discard_result *out, tk_err *err)
{
    bool unreachable = out->zoho_unreachable;
    tk_err why = out->why;
    memset(out, 0, sizeof *out);
    out->zoho_unreachable = unreachable || !z;
    out->why = why;
    app_submit_result res = { 0 };
    struct outcome o = { .res = &res };
    struct discarding d = { .force = force, .res = out, .o = &o };
    tk_invoice_rec rec = { 0 };
    if (change(app, invoice_id, discard_start, &d, &rec, err))
        return -1;
    int rc = 0;
    if (d.ask) {
        look_up(z, &rec, &o);
        app_zoho_hint(z, &res.why);
        rc = change(app, invoice_id, discard_end, &d, &out->rec, err);
        if (rc) {   /* the lease goes back */
            tk_err ignore;
            change(app, invoice_id, release, NULL, NULL, &ignore);
        }
    } else {
        tk_invoice_rec_clear(&out->rec);
        out->rec = rec;
        memset(&rec, 0, sizeof rec);
    }
    tk_invoice_rec_clear(&rec);
    zoho_invoice_clear(&o.zi);
    return rc;
}
