/* store_cost.c — milestones of fixed prices, cost rates per user (issue 18).
 * A milestone is carried by an invoice through invoice_milestones and counts as billed while
 * that invoice is pending or sent and not void — the rule invoice_fees follows for fees. */
#include "store_impl.h"
#include "store_cost.h"

#include <stdio.h>
#include <string.h>

/* ---- milestones ---- */

int store_milestone_insert(store *st, tk_milestone *m, int64_t user_id, int64_t now, tk_err *err)
{
    static const char sql[] = "INSERT INTO milestones(project_id, amount_minor, pct_bp, note, day, "
                              "created_by, created_utc) VALUES (?1,?2,?3,?4,?5,?6,?7)";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, m->project_id);
    db_bind_int64(s, 2, m->amount_minor);
    if (m->pct_bp > 0)
        db_bind_int64(s, 3, m->pct_bp);
    else
        db_bind_null(s, 3);
    db_bind_text(s, 4, m->note ? m->note : "", -1, DB_TRANSIENT);
    store_bind_day(s, 5, m->day);
    store_bind_id(s, 6, user_id);
    db_bind_int64(s, 7, now);
    if (store_exec_stmt(st, s, err, "saving the milestone"))
        return -1;
    m->id = db_last_insert_rowid(st->db);
    m->created = now;
    return 0;
}

int store_milestone_total(store *st, int64_t project_id, int64_t *total, tk_err *err)
{
    static const char sql[] = "SELECT IFNULL(SUM(amount_minor), 0) FROM milestones WHERE project_id = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, project_id);
    int rc = db_step(s);
    if (rc == DB_ROW)
        *total = db_column_int64(s, 0);
    db_reset(s);
    return rc == DB_ROW ? 0 : store_fail(st, err, "reading milestones");
}

int store_milestone_each(store *st, int64_t client_id, int64_t project_id, int64_t except,
                         bool free_only, int (*fn)(const tk_milestone *m, void *ctx), void *ctx,
                         tk_err *err)
{
    static const char sql[] =
        "SELECT * FROM (SELECT m.id, m.project_id, p.client_id, p.key, m.amount_minor, "
        "IFNULL(m.pct_bp, 0), m.note, m.day, m.created_utc, "
        "(SELECT i.id FROM invoice_milestones im JOIN invoices i ON i.id = im.invoice_id "
        " WHERE im.milestone_id = m.id AND i.id != ?3 AND i.state IN ('pending', 'sent') "
        " ORDER BY i.id LIMIT 1) AS inv "
        "FROM milestones m JOIN projects p ON p.id = m.project_id "
        "WHERE (?1 = 0 OR p.client_id = ?1) AND (?2 = 0 OR m.project_id = ?2)) ms "
        /* The alias in an outer query: PostgreSQL's WHERE does not see the select list's. */
        "WHERE ?4 = 0 OR inv IS NULL ORDER BY day, id";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_int64(s, 2, project_id);
    db_bind_int64(s, 3, except);
    db_bind_int(s, 4, free_only);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_milestone m = { .id = db_column_int64(s, 0),
                           .project_id = db_column_int64(s, 1),
                           .client_id = db_column_int64(s, 2),
                           .project = store_col_text_or_empty(s, 3),
                           .amount_minor = db_column_int64(s, 4),
                           .pct_bp = (int32_t)db_column_int64(s, 5),
                           .note = store_col_text_or_empty(s, 6),
                           .day = store_col_day(s, 7),
                           .created = db_column_int64(s, 8),
                           .invoice_id = db_column_int64(s, 9) };
        stop = fn(&m, ctx);
        tk_milestone_clear(&m);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading milestones");
    return stop;
}

int store_invoice_milestones_set(store *st, int64_t invoice_id, const int64_t *ids, size_t n,
                                 tk_err *err)
{
    static const char del[] = "DELETE FROM invoice_milestones WHERE invoice_id = ?1";
    static const char ins[] = "INSERT OR IGNORE INTO invoice_milestones(invoice_id, milestone_id) "
                              "VALUES (?1, ?2)";
    db_stmt *s = store_prep(st, del, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, invoice_id);
    if (store_exec_stmt(st, s, err, "saving the invoice's milestones"))
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!(s = store_prep(st, ins, err)))
            return -1;
        db_bind_int64(s, 1, invoice_id);
        db_bind_int64(s, 2, ids[i]);
        if (store_exec_stmt(st, s, err, "saving the invoice's milestones"))
            return -1;
    }
    return 0;
}

/* ---- cost rates ---- */

int store_cost_insert(store *st, tk_cost_rate *r, int64_t now, tk_err *err)
{
    static const char sql[] = "INSERT INTO cost_rates(user_id, currency, amount_minor, from_day, "
                              "created_utc) VALUES (?1,?2,?3,?4,?5)";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, r->user_id);
    db_bind_text(s, 2, r->currency, -1, DB_TRANSIENT);
    db_bind_int64(s, 3, r->amount_minor);
    store_bind_day(s, 4, r->from);
    db_bind_int64(s, 5, now);
    if (store_exec_stmt(st, s, err, "saving the cost rate"))
        return -1;
    r->id = db_last_insert_rowid(st->db);
    return 0;
}

int store_cost_replace(store *st, const tk_cost_rate *r, tk_err *err)
{
    static const char sql[] = "UPDATE cost_rates SET amount_minor = ?3 WHERE user_id = ?1 AND "
                              "currency = ?2 AND from_day = ?4";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, r->user_id);
    db_bind_text(s, 2, r->currency, -1, DB_TRANSIENT);
    db_bind_int64(s, 3, r->amount_minor);
    store_bind_day(s, 4, r->from);
    if (store_exec_stmt(st, s, err, "saving the cost rate"))
        return -1;
    return db_changes(st->db) == 1 ? 0 : tk_fail(err, "saving the cost rate: it is gone");
}

int store_cost_each(store *st, int64_t user_id, int (*fn)(const tk_cost_rate *r, void *ctx),
                    void *ctx, tk_err *err)
{
    static const char sql[] =
        "SELECT c.id, c.user_id, u.login, c.currency, c.amount_minor, c.from_day "
        "FROM cost_rates c JOIN users u ON u.id = c.user_id "
        "WHERE ?1 = 0 OR c.user_id = ?1 ORDER BY u.login, c.currency, c.from_day";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_cost_rate r = { .id = db_column_int64(s, 0), .user_id = db_column_int64(s, 1),
                           .user = store_col_text_or_empty(s, 2),
                           .amount_minor = db_column_int64(s, 4),
                           .from = store_col_day(s, 5) };
        const unsigned char *cur = db_column_text(s, 3);
        snprintf(r.currency, sizeof r.currency, "%s", cur ? (const char *)cur : "");
        stop = fn(&r, ctx);
        tk_cost_rate_clear(&r);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading cost rates");
    return stop;
}

int store_user_invoiced_since(store *st, int64_t user_id, tk_day day, tk_err *err)
{
    static const char sql[] = "SELECT 1 FROM entries WHERE user_id = ?1 AND last_day >= ?2 "
                              "AND invoice_id IS NOT NULL AND" ENTRY_SEEN("entries") "LIMIT 1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, day);
    int rc = db_step(s);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading entries");
    return rc == DB_ROW;
}

int store_user_each(store *st, int (*fn)(int64_t id, const char *login, void *ctx), void *ctx,
                    tk_err *err)
{
    static const char sql[] = "SELECT id, login FROM users ORDER BY login";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW)
        stop = fn(db_column_int64(s, 0), (const char *)db_column_text(s, 1), ctx);
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading users");
    return stop;
}
