/* store_tax.c — taxes and tax rules (store_tax.h, schema step 9). */
#include "store_impl.h"
#include "store_tax.h"

int store_tax_put(store *st, tk_tax *t, int64_t now, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO taxes(name, percent_milli, zoho_tax_id, created_utc) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(name) DO UPDATE SET percent_milli = excluded.percent_milli, "
        "zoho_tax_id = excluded.zoho_tax_id RETURNING id";
    sqlite3_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, t->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, t->percent_milli);
    if (t->zoho_tax_id)
        sqlite3_bind_text(s, 3, t->zoho_tax_id, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 3);
    sqlite3_bind_int64(s, 4, now);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        t->id = sqlite3_column_int64(s, 0);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, err, "saving the tax");
}

static void read_tax(sqlite3_stmt *s, int col, tk_tax *t)
{
    t->id = sqlite3_column_int64(s, col);
    t->name = (const char *)sqlite3_column_text(s, col + 1);
    t->percent_milli = sqlite3_column_int(s, col + 2);
    t->zoho_tax_id = (const char *)sqlite3_column_text(s, col + 3);
}

int store_tax_each(store *st, int (*fn)(const tk_tax *t, void *ctx), void *ctx, tk_err *err)
{
    static const char sql[] = "SELECT id, name, percent_milli, zoho_tax_id FROM taxes ORDER BY name";
    sqlite3_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        tk_tax t;
        read_tax(s, 0, &t);
        stop = fn(&t, ctx);
    }
    sqlite3_reset(s);
    if (!stop && rc != SQLITE_DONE)
        return store_fail(st, err, "reading taxes");
    return stop;
}

int store_tax_rule_set(store *st, int64_t client_id, int64_t project_id, int64_t tax_id,
                       const char *exemption, tk_err *err)
{
    static const char del[] = "DELETE FROM tax_rules WHERE client_id = ?1 AND project_id = ?2";
    static const char put[] =
        "INSERT OR REPLACE INTO tax_rules(client_id, project_id, tax_id, exemption) "
        "VALUES (?1, ?2, ?3, ?4)";
    bool none = !tax_id && !exemption;
    sqlite3_stmt *s = store_prep(st, none ? del : put, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, client_id);
    sqlite3_bind_int64(s, 2, project_id);
    if (!none) {
        if (tax_id)
            sqlite3_bind_int64(s, 3, tax_id);
        else
            sqlite3_bind_null(s, 3);
        if (exemption)
            sqlite3_bind_text(s, 4, exemption, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(s, 4);
    }
    return store_exec_stmt(st, s, err, "saving the tax rule");
}

int store_tax_rule_each(store *st, int64_t client_id,
                        int (*fn)(int64_t project_id, const tk_tax *t, const char *exemption,
                                  void *ctx), void *ctx, tk_err *err)
{
    static const char sql[] =
        "SELECT r.project_id, r.exemption, t.id, t.name, t.percent_milli, t.zoho_tax_id "
        "FROM tax_rules r LEFT JOIN taxes t ON t.id = r.tax_id WHERE r.client_id = ?1 "
        "ORDER BY r.project_id";
    sqlite3_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, client_id);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        tk_tax t;
        bool has = sqlite3_column_type(s, 2) != SQLITE_NULL;
        read_tax(s, 2, &t);
        stop = fn(sqlite3_column_int64(s, 0), has ? &t : NULL,
                  (const char *)sqlite3_column_text(s, 1), ctx);
    }
    sqlite3_reset(s);
    if (!stop && rc != SQLITE_DONE)
        return store_fail(st, err, "reading tax rules");
    return stop;
}
