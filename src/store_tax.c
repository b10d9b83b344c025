/* store_tax.c — taxes and tax rules (store_tax.h, schema step 9). */
#include "store_impl.h"
#include "store_tax.h"

int store_tax_put(store *st, tk_tax *t, int64_t now, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO taxes(name, percent_milli, zoho_tax_id, created_utc) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(name) DO UPDATE SET percent_milli = excluded.percent_milli, "
        "zoho_tax_id = excluded.zoho_tax_id RETURNING id";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, t->name, -1, DB_TRANSIENT);
    db_bind_int(s, 2, t->percent_milli);
    if (t->zoho_tax_id)
        db_bind_text(s, 3, t->zoho_tax_id, -1, DB_TRANSIENT);
    else
        db_bind_null(s, 3);
    db_bind_int64(s, 4, now);
    int rc = db_step(s);
    if (rc == DB_ROW)
        t->id = db_column_int64(s, 0);
    while (rc == DB_ROW)
        rc = db_step(s);
    db_reset(s);
    return rc == DB_DONE ? 0 : store_fail(st, err, "saving the tax");
}

static void read_tax(db_stmt *s, int col, tk_tax *t)
{
    t->id = db_column_int64(s, col);
    t->name = (const char *)db_column_text(s, col + 1);
    t->percent_milli = db_column_int(s, col + 2);
    t->zoho_tax_id = (const char *)db_column_text(s, col + 3);
}

int store_tax_each(store *st, int (*fn)(const tk_tax *t, void *ctx), void *ctx, tk_err *err)
{
    static const char sql[] = "SELECT id, name, percent_milli, zoho_tax_id FROM taxes ORDER BY name";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_tax t;
        read_tax(s, 0, &t);
        stop = fn(&t, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading taxes");
    return stop;
}

int store_tax_rule_set(store *st, int64_t client_id, int64_t project_id, int64_t tax_id,
                       const char *exemption, tk_err *err)
{
    static const char del[] = "DELETE FROM tax_rules WHERE client_id = ?1 AND project_id = ?2";
    static const char put[] =
        "INSERT INTO tax_rules(client_id, project_id, tax_id, exemption) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(client_id, project_id) "
        "DO UPDATE SET tax_id = excluded.tax_id, exemption = excluded.exemption";
    bool none = !tax_id && !exemption;
    db_stmt *s = store_prep(st, none ? del : put, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_int64(s, 2, project_id);
    if (!none) {
        if (tax_id)
            db_bind_int64(s, 3, tax_id);
        else
            db_bind_null(s, 3);
        if (exemption)
            db_bind_text(s, 4, exemption, -1, DB_TRANSIENT);
        else
            db_bind_null(s, 4);
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
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_tax t;
        bool has = db_column_type(s, 2) != DB_NULL;
        read_tax(s, 2, &t);
        stop = fn(db_column_int64(s, 0), has ? &t : NULL,
                  (const char *)db_column_text(s, 1), ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading tax rules");
    return stop;
}
