/* store_invoices.c — invoices (submission attempts to Zoho), their entries, sprints and meta. */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

int store_meta_get(store *st, const char *key, char **out, tk_err *err)
{
    static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, key, -1, DB_TRANSIENT);
    int rc = db_step(s);
    if (rc == DB_ROW)
        *out = store_col_text_or_empty(s, 0);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the database");
    return rc == DB_ROW;
}

/* ---- sprints ---- */

int store_sprint_insert(store *st, tk_sprint *sp, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO sprints(client_id, name, from_day, to_day) VALUES (?1, ?2, ?3, ?4)";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, sp->client_id);
    db_bind_text(s, 2, sp->name, -1, DB_TRANSIENT);
    store_bind_day(s, 3, sp->from);
    store_bind_day(s, 4, sp->to);
    int rc = db_step(s);
    db_reset(s);
    if (rc == DB_CONSTRAINT || (rc & 0xff) == DB_CONSTRAINT)
        return tk_fail(err, "the client already has a sprint named '%s'", sp->name);
    if (rc != DB_DONE)
        return store_fail(st, err, "saving the sprint");
    sp->id = db_last_insert_rowid(st->db);
    return 0;
}

int store_sprint_each(store *st, int64_t client_id,
                      int (*fn)(const tk_sprint *sp, void *ctx), void *ctx, tk_err *err)
{
    static const char sql[] = "SELECT id, client_id, name, from_day, to_day FROM sprints "
                              "WHERE client_id = ?1 ORDER BY from_day, name";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_sprint sp = { .id = db_column_int64(s, 0), .client_id = db_column_int64(s, 1),
                         .name = store_col_text_or_empty(s, 2), .from = store_col_day(s, 3),
                         .to = store_col_day(s, 4) };
        stop = fn(&sp, ctx);
        tk_sprint_clear(&sp);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading sprints");
    return stop;
}

int store_cadence_get(store *st, int64_t client_id, tk_cadence *out, tk_err *err)
{
    static const char sql[] =
        "SELECT every_days, starting FROM sprint_cadences WHERE client_id = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        out->client_id = client_id;
        out->every_days = db_column_int(s, 0);
        out->starting = store_col_day(s, 1);
    }
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the sprint cadence");
    return rc == DB_ROW;
}

int store_cadence_put(store *st, const tk_cadence *c, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO sprint_cadences(client_id, every_days, starting) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(client_id) DO UPDATE SET every_days = excluded.every_days, "
        "starting = excluded.starting";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, c->client_id);
    db_bind_int(s, 2, c->every_days);
    store_bind_day(s, 3, c->starting);
    return store_exec_stmt(st, s, err, "saving the sprint cadence");
}

/* ---- invoices ---- */

#define INVOICE_SELECT \
    "SELECT i.id, i.client_id, c.key, i.from_day, i.to_day, i.label, i.reference, i.state, " \
    "i.currency, i.total_minor, i.payload, i.customer_id, i.customer_name, i.invoice_date, " \
    "i.group_by, i.nlines, i.nentries, i.retainer_period, i.zoho_invoice_id, i.zoho_number, " \
    "i.zoho_status, i.zoho_total_minor, i.attempts, i.creates, i.last_error, i.zoho_reply, " \
    "IFNULL(i.failed_utc, 0), IFNULL(i.lease_pid, 0), IFNULL(i.lease_until, 0), " \
    "IFNULL(i.created_by, 0), i.created_utc, i.updated_utc, z.planned_number, " \
    "IFNULL(z.number_gen, 0), IFNULL(z.create_unknown, 0), IFNULL(z.last_create_utc, 0), " \
    "z.zoho_balance_minor, IFNULL(z.lease_start, 0), IFNULL(z.void_utc, 0), " \
    "IFNULL(z.send_mode, 0) " \
    "FROM invoices i JOIN clients c ON c.id = i.client_id " \
    "LEFT JOIN invoice_zoho z ON z.invoice_id = i.id "

static void read_invoice(db_stmt *s, tk_invoice_rec *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_column_int64(s, 0);
    r->client_id = db_column_int64(s, 1);
    r->client_key = store_col_text_or_empty(s, 2);
    r->from = store_col_day(s, 3);
    r->to = store_col_day(s, 4);
    r->label = store_col_text(s, 5);
    r->reference = store_col_text_or_empty(s, 6);
    invoice_state_parse((const char *)db_column_text(s, 7), &r->state);
    r->currency = store_col_text_or_empty(s, 8);
    r->total_minor = db_column_int64(s, 9);
    r->payload = store_col_text_or_empty(s, 10);
    r->customer_id = store_col_text(s, 11);
    r->customer_name = store_col_text(s, 12);
    r->invoice_date = store_col_day(s, 13);
    r->group_by = store_col_text(s, 14);
    r->nlines = db_column_int(s, 15);
    r->nentries = db_column_int(s, 16);
    r->has_retainer_period = db_column_type(s, 17) != DB_NULL;
    r->retainer_period = r->has_retainer_period ? store_col_day(s, 17) : 0;
    r->zoho_invoice_id = store_col_text(s, 18);
    r->zoho_number = store_col_text(s, 19);
    r->zoho_status = store_col_text(s, 20);
    r->has_zoho_total = db_column_type(s, 21) != DB_NULL;
    r->zoho_total_minor = db_column_int64(s, 21);
    r->attempts = db_column_int(s, 22);
    r->creates = db_column_int(s, 23);
    r->last_error = store_col_text(s, 24);
    r->zoho_reply = store_col_text(s, 25);
    r->failed_utc = db_column_int64(s, 26);
    r->lease_pid = db_column_int64(s, 27);
    r->lease_until = db_column_int64(s, 28);
    r->created_by = db_column_int64(s, 29);
    r->created = db_column_int64(s, 30);
    r->updated = db_column_int64(s, 31);
    r->planned_number = store_col_text(s, 32);
    r->number_gen = db_column_int(s, 33);
    r->create_unknown = db_column_int(s, 34) != 0;
    r->last_create_utc = db_column_int64(s, 35);
    r->has_zoho_balance = db_column_type(s, 36) != DB_NULL;
    r->zoho_balance_minor = db_column_int64(s, 36);
    r->lease_start = db_column_int64(s, 37);
    r->void_utc = db_column_int64(s, 38);
    r->send_mode = db_column_int(s, 39);
    /* A void invoice is stored as 'void' since schema step 9 (it was 'sent' + void_utc). */
}

static void bind_opt_int(db_stmt *s, int i, bool has, int64_t v)
{
    if (has)
        db_bind_int64(s, i, v);
    else
        db_bind_null(s, i);
}

/* The fields insert and update share, as ?1 … ?26. */
static void bind_invoice(db_stmt *s, const tk_invoice_rec *r)
{
    store_bind_day(s, 1, r->from);
    store_bind_day(s, 2, r->to);
    store_bind_text(s, 3, r->label);
    db_bind_text(s, 4, invoice_state_name(r->state), -1, DB_STATIC);
    db_bind_text(s, 5, r->currency, -1, DB_TRANSIENT);
    db_bind_int64(s, 6, r->total_minor);
    db_bind_text(s, 7, r->payload ? r->payload : "", -1, DB_TRANSIENT);
    store_bind_text(s, 8, r->customer_id);
    store_bind_text(s, 9, r->customer_name);
    store_bind_day(s, 10, r->invoice_date);
    store_bind_text(s, 11, r->group_by);
    db_bind_int(s, 12, r->nlines);
    db_bind_int(s, 13, r->nentries);
    if (r->has_retainer_period)
        store_bind_day(s, 14, r->retainer_period);
    else
        db_bind_null(s, 14);
    store_bind_text(s, 15, r->zoho_invoice_id);
    store_bind_text(s, 16, r->zoho_number);
    store_bind_text(s, 17, r->zoho_status);
    bind_opt_int(s, 18, r->has_zoho_total, r->zoho_total_minor);
    db_bind_int(s, 19, r->attempts);
    db_bind_int(s, 20, r->creates);
    store_bind_text(s, 21, r->last_error);
    store_bind_text(s, 22, r->zoho_reply);
    bind_opt_int(s, 23, r->failed_utc != 0, r->failed_utc);
    bind_opt_int(s, 24, r->lease_pid != 0, r->lease_pid);
    bind_opt_int(s, 25, r->lease_until != 0, r->lease_until);
    db_bind_int64(s, 26, r->updated);
}

/* The invoice's row of invoice_zoho (step 6), written with every save of the invoice. */
static int save_zoho(store *st, const tk_invoice_rec *r, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO invoice_zoho(invoice_id, planned_number, number_gen, "
        "create_unknown, last_create_utc, zoho_balance_minor, lease_start, void_utc, send_mode) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(invoice_id) DO UPDATE SET "
        "planned_number = excluded.planned_number, number_gen = excluded.number_gen, "
        "create_unknown = excluded.create_unknown, last_create_utc = excluded.last_create_utc, "
        "zoho_balance_minor = excluded.zoho_balance_minor, lease_start = excluded.lease_start, "
        "void_utc = excluded.void_utc, send_mode = excluded.send_mode";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, r->id);
    store_bind_text(s, 2, r->planned_number);
    db_bind_int(s, 3, r->number_gen);
    db_bind_int(s, 4, r->create_unknown);
    bind_opt_int(s, 5, r->last_create_utc != 0, r->last_create_utc);
    bind_opt_int(s, 6, r->has_zoho_balance, r->zoho_balance_minor);
    bind_opt_int(s, 7, r->lease_start != 0, r->lease_start);
    bind_opt_int(s, 8, r->state == INVOICE_VOID, r->void_utc ? r->void_utc : 1);
    db_bind_int(s, 9, r->send_mode);
    return store_exec_stmt(st, s, err, "saving the invoice");
}

int store_invoice_insert(store *st, tk_invoice_rec *r, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO invoices(from_day, to_day, label, state, currency, total_minor, payload, "
        "customer_id, customer_name, invoice_date, group_by, nlines, nentries, retainer_period, "
        "zoho_invoice_id, zoho_number, zoho_status, zoho_total_minor, attempts, creates, "
        "last_error, zoho_reply, failed_utc, lease_pid, lease_until, updated_utc, client_id, "
        "reference, created_by, created_utc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, "
        "?28, ?29, ?30)";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    bind_invoice(s, r);
    db_bind_int64(s, 27, r->client_id);
    db_bind_text(s, 28, r->reference, -1, DB_TRANSIENT);
    store_bind_id(s, 29, r->created_by);
    db_bind_int64(s, 30, r->created);
    if (store_exec_stmt(st, s, err, "recording the invoice"))
        return -1;
    r->id = db_last_insert_rowid(st->db);
    return save_zoho(st, r, err);
}

int store_invoice_update(store *st, const tk_invoice_rec *r, tk_err *err)
{
    static const char sql[] =
        "UPDATE invoices SET from_day = ?1, to_day = ?2, label = ?3, state = ?4, currency = ?5, "
        "total_minor = ?6, payload = ?7, customer_id = ?8, customer_name = ?9, "
        "invoice_date = ?10, group_by = ?11, nlines = ?12, nentries = ?13, "
        "retainer_period = ?14, zoho_invoice_id = ?15, zoho_number = ?16, zoho_status = ?17, "
        "zoho_total_minor = ?18, attempts = ?19, creates = ?20, last_error = ?21, "
        "zoho_reply = ?22, failed_utc = ?23, lease_pid = ?24, lease_until = ?25, "
        "updated_utc = ?26 WHERE id = ?27";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    bind_invoice(s, r);
    db_bind_int64(s, 27, r->id);
    if (store_exec_stmt(st, s, err, "saving the invoice"))
        return -1;
    return save_zoho(st, r, err);
}

static int get_one_invoice(store *st, db_stmt *s, tk_invoice_rec *out, tk_err *err)
{
    int rc = db_step(s);
    if (rc == DB_ROW)
        read_invoice(s, out);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading invoices");
    return rc == DB_ROW;
}

int store_invoice_get(store *st, int64_t id, tk_invoice_rec *out, tk_err *err)
{
    static const char sql[] = INVOICE_SELECT "WHERE i.id = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, id);
    return get_one_invoice(st, s, out, err);
}

int store_invoice_get_ref(store *st, const char *reference, tk_invoice_rec *out, tk_err *err)
{
    static const char sql[] = INVOICE_SELECT "WHERE i.reference = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, reference, -1, DB_TRANSIENT);
    return get_one_invoice(st, s, out, err);
}

int store_invoice_each(store *st, int64_t client_id, const tk_invoice_state *state,
                       int (*fn)(const tk_invoice_rec *r, void *ctx), void *ctx, tk_err *err)
{
    static const char sql[] = INVOICE_SELECT
        "WHERE (?1 = 0 OR i.client_id = ?1) AND (?2 IS NULL OR i.state = ?2) ORDER BY i.id";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    if (state)
        db_bind_text(s, 2, invoice_state_name(*state), -1, DB_STATIC);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_invoice_rec r;
        read_invoice(s, &r);
        stop = fn(&r, ctx);
        tk_invoice_rec_clear(&r);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading invoices");
    return stop;
}

int store_invoice_set_entries(store *st, int64_t invoice_id, const int64_t *ids, size_t n,
                              tk_err *err)
{
    static const char del[] = "DELETE FROM invoice_entries WHERE invoice_id = ?1";
    static const char ins[] = "INSERT INTO invoice_entries(invoice_id, entry_id) VALUES (?1, ?2)";
    db_stmt *s = store_prep(st, del, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, invoice_id);
    if (store_exec_stmt(st, s, err, "recording the invoice's entries"))
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!(s = store_prep(st, ins, err)))
            return -1;
        db_bind_int64(s, 1, invoice_id);
        db_bind_int64(s, 2, ids[i]);
        if (store_exec_stmt(st, s, err, "recording the invoice's entries"))
            return -1;
    }
    return 0;
}

/* Collects the first column of every row as ids (caller frees). */
static int collect_ids(store *st, db_stmt *s, int64_t **ids, size_t *n, tk_err *err)
{
    TK_VEC(int64_t) v = { 0 };
    int rc;
    while ((rc = db_step(s)) == DB_ROW)
        TK_PUSH(v, db_column_int64(s, 0));
    db_reset(s);
    if (rc != DB_DONE) {
        free(v.items);
        return store_fail(st, err, "reading the invoice's entries");
    }
    *ids = v.items;
    *n = v.len;
    return 0;
}

int store_invoice_entries(store *st, int64_t invoice_id, int64_t **ids, size_t *n, tk_err *err)
{
    static const char sql[] =
        "SELECT entry_id FROM invoice_entries WHERE invoice_id = ?1 ORDER BY entry_id";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, invoice_id);
    return collect_ids(st, s, ids, n, err);
}

int store_entries_pending(store *st, int64_t client_id, int64_t except, int64_t **ids, size_t *n,
                          tk_err *err)
{
    /* Most clients have no pending invoice: a look at the invoices alone says so (a busy
     * week asks for each retainer client; the join's first prepare cost twice this one's). */
    static const char any[] =
        "SELECT 1 FROM invoices WHERE client_id = ?1 AND state = 'pending' AND id != ?2";
    static const char sql[] =
        "SELECT DISTINCT ie.entry_id FROM invoices i JOIN invoice_entries ie ON ie.invoice_id = i.id "
        "WHERE i.client_id = ?1 AND i.state = 'pending' AND i.id != ?2 ORDER BY ie.entry_id";
    db_stmt *s = store_prep(st, any, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_int64(s, 2, except);
    int rc = db_step(s);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the invoice's entries");
    *ids = NULL;
    *n = 0;
    if (rc == DB_DONE)
        return 0;
    if (!(s = store_prep(st, sql, err)))
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_int64(s, 2, except);
    return collect_ids(st, s, ids, n, err);
}

int store_invoice_mark_entries(store *st, int64_t invoice_id, int64_t *marked, tk_err *err)
{
    static const char sql[] =
        "UPDATE entries SET invoice_id = ?1 WHERE invoice_id IS NULL AND" ENTRY_SEEN("entries")
        "AND id IN "
        "(SELECT entry_id FROM invoice_entries WHERE invoice_id = ?1)";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, invoice_id);
    if (store_exec_stmt(st, s, err, "marking entries invoiced"))
        return -1;
    *marked = db_changes(st->db);
    return 0;
}

int store_invoice_free_entries(store *st, int64_t invoice_id, int64_t *freed, tk_err *err)
{
    static const char sql[] = "UPDATE entries SET invoice_id = NULL WHERE invoice_id = ?1 AND"
                              ENTRY_SEEN("entries");
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, invoice_id);
    if (store_exec_stmt(st, s, err, "freeing the invoice's entries"))
        return -1;
    *freed = db_changes(st->db);
    return 0;
}

int store_entry_held(store *st, int64_t entry_id, int64_t except, int64_t *invoice_id,
                     tk_err *err)
{
    static const char sql[] =
        "SELECT invoice_id FROM entries WHERE id = ?1 AND invoice_id IS NOT NULL AND" ENTRY_SEEN("entries")
        "AND invoice_id != ?2 UNION ALL "
        "SELECT i.id FROM invoice_entries ie JOIN invoices i ON i.id = ie.invoice_id "
        "WHERE ie.entry_id = ?1 AND i.state = 'pending' AND i.id != ?2 LIMIT 1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, entry_id);
    db_bind_int64(s, 2, except);
    int rc = db_step(s);
    if (rc == DB_ROW)
        *invoice_id = db_column_int64(s, 0);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading invoices");
    return rc == DB_ROW;
}

int store_invoice_fee_billed(store *st, int64_t client_id, tk_day period, int64_t except,
                             tk_err *err)
{
    static const char sql[] =
        "SELECT 1 FROM invoices WHERE client_id = ?1 AND id != ?3 AND state IN ('pending', 'sent') "
        "AND (retainer_period = ?2 OR id IN (SELECT invoice_id FROM invoice_fees WHERE period = ?2)) "
        "LIMIT 1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    store_bind_day(s, 2, period);
    db_bind_int64(s, 3, except);
    int rc = db_step(s);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading invoices");
    return rc == DB_ROW;
}

/* ---- a client's Zoho settings ---- */

int store_client_terms_get(store *st, int64_t client_id, long *terms, tk_err *err)
{
    static const char sql[] = "SELECT payment_terms FROM client_zoho WHERE client_id = ?1 "
                              "AND payment_terms IS NOT NULL";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    int rc = db_step(s);
    if (rc == DB_ROW)
        *terms = (long)db_column_int64(s, 0);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the client's payment terms");
    return rc == DB_ROW;
}

int store_client_terms_put(store *st, int64_t client_id, bool set, long terms, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO client_zoho(client_id, payment_terms) VALUES (?1, ?2) "
        "ON CONFLICT(client_id) DO UPDATE SET payment_terms = excluded.payment_terms";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    bind_opt_int(s, 2, set, terms);
    return store_exec_stmt(st, s, err, "saving the client's payment terms");
}
