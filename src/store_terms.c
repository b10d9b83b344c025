/* store_terms.c — retainer fees an invoice bills, per-tier rules, and invoices in the way of a
 * change of terms (schema step 6). */
#include "store_impl.h"

int store_invoice_fees_set(store *st, int64_t invoice_id, const tk_day *periods, size_t n,
                           tk_err *err)
{
    static const char del[] = "DELETE FROM invoice_fees WHERE invoice_id = ?1";
    static const char ins[] = "INSERT OR IGNORE INTO invoice_fees(invoice_id, period) VALUES (?1, ?2)";
    sqlite3_stmt *s = store_prep(st, del, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, invoice_id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_fail(st, err, "recording an invoice's retainer fees");
    for (size_t i = 0; i < n; i++) {
        if (!(s = store_prep(st, ins, err)))
            return -1;
        sqlite3_bind_int64(s, 1, invoice_id);
        store_bind_day(s, 2, periods[i]);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return store_fail(st, err, "recording an invoice's retainer fees");
    }
    return 0;
}

/* ---- per-tier rules (schema step 6) ---- */

int store_tier_rule_each(store *st, int64_t client_id,
                         int (*fn)(const tk_tier_rule *r, void *ctx), void *ctx, tk_err *err)
{
    static const char sql[] =
        "SELECT tier, round_seconds, round_mode, minimum_seconds, covered, draw_permille, "
        "overage_minor FROM tier_rules WHERE client_id = ?1 ORDER BY tier";
    sqlite3_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, client_id);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        tk_tier_rule r = { .tier = (char *)sqlite3_column_text(s, 0), .covered = -1,
                           .draw_permille = -1, .overage_minor = -1 };
        r.has_round = sqlite3_column_type(s, 1) != SQLITE_NULL;
        r.rounding.increment = sqlite3_column_int64(s, 1);
        r.has_round_mode = sqlite3_column_type(s, 2) != SQLITE_NULL &&
                           round_mode_parse((const char *)sqlite3_column_text(s, 2),
                                            &r.rounding.mode) == 0;
        r.has_minimum = sqlite3_column_type(s, 3) != SQLITE_NULL;
        r.rounding.minimum = sqlite3_column_int64(s, 3);
        if (sqlite3_column_type(s, 4) != SQLITE_NULL)
            r.covered = sqlite3_column_int(s, 4) != 0;
        if (sqlite3_column_type(s, 5) != SQLITE_NULL)
            r.draw_permille = (int32_t)sqlite3_column_int64(s, 5);
        if (sqlite3_column_type(s, 6) != SQLITE_NULL)
            r.overage_minor = sqlite3_column_int64(s, 6);
        stop = fn(&r, ctx);
    }
    sqlite3_reset(s);
    if (!stop && rc != SQLITE_DONE)
        return store_fail(st, err, "reading tier rules");
    return stop;
}

int store_tier_rule_set(store *st, int64_t client_id, const tk_tier_rule *r, tk_err *err)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO tier_rules(client_id, tier, round_seconds, round_mode, "
        "minimum_seconds, covered, draw_permille, overage_minor) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)";
    sqlite3_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, client_id);
    sqlite3_bind_text(s, 2, r->tier, -1, SQLITE_TRANSIENT);
    if (r->has_round)
        sqlite3_bind_int64(s, 3, r->rounding.increment);
    else
        sqlite3_bind_null(s, 3);
    if (r->has_round_mode)
        sqlite3_bind_text(s, 4, round_mode_name(r->rounding.mode), -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 4);
    if (r->has_minimum)
        sqlite3_bind_int64(s, 5, r->rounding.minimum);
    else
        sqlite3_bind_null(s, 5);
    if (r->covered >= 0)
        sqlite3_bind_int(s, 6, r->covered);
    else
        sqlite3_bind_null(s, 6);
    if (r->draw_permille >= 0)
        sqlite3_bind_int64(s, 7, r->draw_permille);
    else
        sqlite3_bind_null(s, 7);
    if (r->overage_minor >= 0)
        sqlite3_bind_int64(s, 8, r->overage_minor);
    else
        sqlite3_bind_null(s, 8);
    return store_exec_stmt(st, s, err, "saving the tier rule");
}

int store_invoice_holding(store *st, int64_t client_id, const char *tier, tk_day from,
                          int64_t *invoice_id, tk_err *err)
{
    /* A pending or sent invoice of the client with entries on or after from: of that tier
     * (explicitly, or by the clock for standard and after-hours), any tier when tier is NULL. */
    static const char sql[] =
        "SELECT i.id FROM invoices i JOIN invoice_entries ie ON ie.invoice_id = i.id "
        "JOIN entries e ON e.id = ie.entry_id WHERE i.client_id = ?1 AND "
        "i.state IN ('pending', 'sent') AND e.day >= ?3 AND (?2 IS NULL OR e.tier = ?2 OR "
        "(e.tier IS NULL AND ?2 IN ('standard', 'after-hours'))) ORDER BY i.id LIMIT 1";
    sqlite3_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, client_id);
    if (tier)
        sqlite3_bind_text(s, 2, tier, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 2);
    store_bind_day(s, 3, from);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *invoice_id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(st, err, "reading invoices");
    return rc == SQLITE_ROW;
}
