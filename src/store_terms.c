/* store_terms.c — retainer fees an invoice bills, per-tier rules, and invoices in the way of a
 * change of terms (schema step 6). */
#include "store_impl.h"

int store_invoice_fees_set(store *st, int64_t invoice_id, const tk_day *periods, size_t n,
                           tk_err *err)
{
    static const char del[] = "DELETE FROM invoice_fees WHERE invoice_id = ?1";
    static const char ins[] = "INSERT OR IGNORE INTO invoice_fees(invoice_id, period) VALUES (?1, ?2)";
    db_stmt *s = store_prep(st, del, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, invoice_id);
    int rc = db_step(s);
    db_reset(s);
    if (rc != DB_DONE)
        return store_fail(st, err, "recording an invoice's retainer fees");
    for (size_t i = 0; i < n; i++) {
        if (!(s = store_prep(st, ins, err)))
            return -1;
        db_bind_int64(s, 1, invoice_id);
        store_bind_day(s, 2, periods[i]);
        rc = db_step(s);
        db_reset(s);
        if (rc != DB_DONE)
            return store_fail(st, err, "recording an invoice's retainer fees");
    }
    return 0;
}

/* ---- per-tier rules (schema step 6) ---- */

/* One tier_rules row from column `at` on (tier, round_seconds, round_mode, minimum_seconds,
 * covered, draw_permille, overage_minor); strings borrowed until the next step. */
static tk_tier_rule read_tier_rule(db_stmt *s, int at)
{
    tk_tier_rule r = { .tier = (char *)db_column_text(s, at), .covered = -1,
                       .draw_permille = -1, .overage_minor = -1 };
    r.has_round = db_column_type(s, at + 1) != DB_NULL;
    r.rounding.increment = db_column_int64(s, at + 1);
    r.has_round_mode = db_column_type(s, at + 2) != DB_NULL &&
                       round_mode_parse((const char *)db_column_text(s, at + 2),
                                        &r.rounding.mode) == 0;
    r.has_minimum = db_column_type(s, at + 3) != DB_NULL;
    r.rounding.minimum = db_column_int64(s, at + 3);
    if (db_column_type(s, at + 4) != DB_NULL)
        r.covered = db_column_int(s, at + 4) != 0;
    if (db_column_type(s, at + 5) != DB_NULL)
        r.draw_permille = (int32_t)db_column_int64(s, at + 5);
    if (db_column_type(s, at + 6) != DB_NULL)
        r.overage_minor = db_column_int64(s, at + 6);
    return r;
}

int store_tier_rule_each(store *st, int64_t client_id,
                         int (*fn)(const tk_tier_rule *r, void *ctx), void *ctx, tk_err *err)
{
    static const char sql[] =
        "SELECT tier, round_seconds, round_mode, minimum_seconds, covered, draw_permille, "
        "overage_minor FROM tier_rules WHERE client_id = ?1 ORDER BY tier";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_tier_rule r = read_tier_rule(s, 0);
        stop = fn(&r, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading tier rules");
    return stop;
}

const char store_sql_tier_rule_all[] =
    "SELECT client_id, tier, round_seconds, round_mode, minimum_seconds, covered, "
    "draw_permille, overage_minor FROM tier_rules ORDER BY client_id, tier";

int store_tier_rule_all(store *st,
                        int (*fn)(int64_t client_id, const tk_tier_rule *r, void *ctx),
                        void *ctx, tk_err *err)
{
    db_stmt *s = store_prep(st, store_sql_tier_rule_all, err);
    return s ? store_tier_rule_rows(st, s, fn, ctx, err) : -1;
}

int store_tier_rule_rows(store *st, db_stmt *s,
                         int (*fn)(int64_t client_id, const tk_tier_rule *r, void *ctx),
                         void *ctx, tk_err *err)
{
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_tier_rule r = read_tier_rule(s, 1);
        stop = fn(db_column_int64(s, 0), &r, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading tier rules");
    return stop;
}

int store_tier_rule_set(store *st, int64_t client_id, const tk_tier_rule *r, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO tier_rules(client_id, tier, round_seconds, round_mode, "
        "minimum_seconds, covered, draw_permille, overage_minor) VALUES (?1,?2,?3,?4,?5,?6,?7,?8) "
        "ON CONFLICT(client_id, tier) DO UPDATE SET round_seconds = excluded.round_seconds, "
        "round_mode = excluded.round_mode, minimum_seconds = excluded.minimum_seconds, "
        "covered = excluded.covered, draw_permille = excluded.draw_permille, "
        "overage_minor = excluded.overage_minor";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_text(s, 2, r->tier, -1, DB_TRANSIENT);
    if (r->has_round)
        db_bind_int64(s, 3, r->rounding.increment);
    else
        db_bind_null(s, 3);
    if (r->has_round_mode)
        db_bind_text(s, 4, round_mode_name(r->rounding.mode), -1, DB_STATIC);
    else
        db_bind_null(s, 4);
    if (r->has_minimum)
        db_bind_int64(s, 5, r->rounding.minimum);
    else
        db_bind_null(s, 5);
    if (r->covered >= 0)
        db_bind_int(s, 6, r->covered);
    else
        db_bind_null(s, 6);
    if (r->draw_permille >= 0)
        db_bind_int64(s, 7, r->draw_permille);
    else
        db_bind_null(s, 7);
    if (r->overage_minor >= 0)
        db_bind_int64(s, 8, r->overage_minor);
    else
        db_bind_null(s, 8);
    return store_exec_stmt(st, s, err, "saving the tier rule");
}

int store_invoice_holding(store *st, int64_t client_id, const char *tier, tk_day from,
                          int64_t *invoice_id, tk_err *err)
{
    /* A pending or sent invoice of the client with entries on or after from: of that tier
     * (explicitly, or by the clock for standard and after-hours), any tier when tier is NULL. */
    static const char sql[] =
        "SELECT i.id FROM invoices i JOIN invoice_entries ie ON ie.invoice_id = i.id "
        "JOIN entries e ON e.id = ie.entry_id WHERE i.client_id = ?1 AND" ENTRY_SEEN("e") "AND "
        "i.state IN ('pending', 'sent') AND e.day >= ?3 AND (?2 IS NULL OR e.tier = ?2 OR "
        "(e.tier IS NULL AND ?2 IN ('standard', 'after-hours'))) ORDER BY i.id LIMIT 1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    if (tier)
        db_bind_text(s, 2, tier, -1, DB_TRANSIENT);
    else
        db_bind_null(s, 2);
    store_bind_day(s, 3, from);
    int rc = db_step(s);
    if (rc == DB_ROW)
        *invoice_id = db_column_int64(s, 0);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading invoices");
    return rc == DB_ROW;
}
