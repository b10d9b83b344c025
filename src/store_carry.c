/* store_carry.c — stored figures of earlier retainer periods (store_carry.h, schema step 17).
 * Whoever reads a view stores what it had to compute, when the write lock is free at once; a
 * figure is only ever used at the change count it was computed at, so a stale or lost one
 * costs a recomputation, never a wrong amount. */
#include "store_impl.h"
#include "store_carry.h"

#include <sqlite3.h>

bool store_carry_clean(store *st)
{
    /* PostgreSQL: a write transaction holds an id from its first statement (store_begin
     * bumps tock_state), checked with the count in store_carry_gen; a read one never writes. */
    if (st->pg)
        return true;
    return sqlite3_txn_state(db_sqlite_handle(st->db), "main") != SQLITE_TXN_WRITE;
}

int store_carry_gen(store *st, int64_t client_id, int64_t *gen, bool *clean, tk_err *err)
{
    /* sqlite: no row is a count of 0 (a subquery for it cost twice the prepare). */
    static const char lite[] = "SELECT gen, 1 FROM carry_gen WHERE client_id = ?1";
    static const char pg[] = "SELECT IFNULL((SELECT gen FROM carry_gen WHERE client_id = ?1), 0), "
                             "CASE WHEN txid_current_if_assigned() IS NULL THEN 1 ELSE 0 END";
    db_stmt *s = store_prep(st, st->pg ? pg : lite, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    int rc = db_step(s);
    bool row = rc == DB_ROW;
    *gen = row ? db_column_int64(s, 0) : 0;
    *clean = (!row || db_column_int64(s, 1) != 0) && store_carry_clean(st);
    db_reset(s);
    return row || (rc == DB_DONE && !st->pg) ? 0
                                             : store_fail(st, err, "reading stored retainer usage");
}

int store_carry_each(store *st, int64_t client_id, int64_t retainer_id, int64_t gen,
                     int (*fn)(const store_carry_row *r, void *ctx), void *ctx, tk_err *err)
{
    static const char sql[] = "SELECT first_day, last_day, rules, seconds FROM carry_usage "
                              "WHERE client_id = ?1 AND retainer_id = ?2 AND gen = ?3";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_int64(s, 2, retainer_id);
    db_bind_int64(s, 3, gen);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        store_carry_row r = { client_id, retainer_id, store_col_day(s, 0), store_col_day(s, 1),
                              gen, (const char *)db_column_text(s, 2), db_column_int64(s, 3),
                              NULL };
        stop = fn(&r, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading stored retainer usage");
    return stop;
}

int store_carry_draw_get(store *st, int64_t client_id, int64_t retainer_id, tk_day first,
                         int64_t gen, const char *rules, char **bills, tk_err *err)
{
    static const char sql[] = "SELECT bills FROM carry_draw WHERE client_id = ?1 AND "
                              "retainer_id = ?2 AND first_day = ?3 AND rules = ?4 AND gen = ?5";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_int64(s, 2, retainer_id);
    store_bind_day(s, 3, first);
    db_bind_text(s, 4, rules, -1, DB_STATIC);
    db_bind_int64(s, 5, gen);
    int rc = db_step(s);
    if (rc == DB_ROW)
        *bills = store_col_text_or_empty(s, 0);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading a stored retainer draw");
    return rc == DB_ROW;
}

/* A period's draw replaces its draws of older change counts, as put_rows' figures do. */
static int put_draw(store *st, const store_carry_row *row)
{
    static const char old[] = "DELETE FROM carry_draw WHERE client_id = ?1 AND retainer_id = ?2 "
                              "AND first_day = ?3 AND gen < ?4";
    static const char sql[] =
        "INSERT INTO carry_draw(client_id, retainer_id, first_day, gen, rules, bills) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (client_id, retainer_id, first_day, rules) "
        "DO UPDATE SET gen = excluded.gen, bills = excluded.bills "
        "WHERE excluded.gen > carry_draw.gen";
    db_stmt *s = store_prep(st, old, NULL);
    if (!s)
        return -1;
    db_bind_int64(s, 1, row->client_id);
    db_bind_int64(s, 2, row->retainer_id);
    store_bind_day(s, 3, row->first);
    db_bind_int64(s, 4, row->gen);
    int rc = db_step(s);
    db_reset(s);
    if (rc != DB_DONE || !(s = store_prep(st, sql, NULL)))
        return -1;
    db_bind_int64(s, 1, row->client_id);
    db_bind_int64(s, 2, row->retainer_id);
    store_bind_day(s, 3, row->first);
    db_bind_int64(s, 4, row->gen);
    db_bind_text(s, 5, row->rules, -1, DB_TRANSIENT);
    db_bind_text(s, 6, row->bills, -1, DB_TRANSIENT);
    rc = db_step(s);
    db_reset(s);
    return rc == DB_DONE ? 0 : -1;
}

/* Each figure replaces its period's figures of older change counts (never valid again: a count
 * only goes up), whatever rules they were for, so old rules leave nothing behind for long. */
static int put_rows(store *st, const store_carry_row *rows, size_t n)
{
    static const char old[] = "DELETE FROM carry_usage WHERE client_id = ?1 AND retainer_id = ?2 "
                              "AND first_day = ?3 AND gen < ?4";
    static const char sql[] =
        "INSERT INTO carry_usage(client_id, retainer_id, first_day, last_day, gen, rules, "
        "seconds) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (client_id, retainer_id, "
        "first_day, rules) DO UPDATE SET last_day = excluded.last_day, gen = excluded.gen, "
        "seconds = excluded.seconds WHERE excluded.gen > carry_usage.gen";
    for (size_t i = 0; i < n; i++) {
        if (rows[i].bills) {
            if (put_draw(st, &rows[i]))
                return -1;
            continue;
        }
        db_stmt *s = store_prep(st, old, NULL);
        if (!s)
            return -1;
        db_bind_int64(s, 1, rows[i].client_id);
        db_bind_int64(s, 2, rows[i].retainer_id);
        store_bind_day(s, 3, rows[i].first);
        db_bind_int64(s, 4, rows[i].gen);
        int rc = db_step(s);
        db_reset(s);
        if (rc != DB_DONE || !(s = store_prep(st, sql, NULL)))
            return -1;
        db_bind_int64(s, 1, rows[i].client_id);
        db_bind_int64(s, 2, rows[i].retainer_id);
        store_bind_day(s, 3, rows[i].first);
        store_bind_day(s, 4, rows[i].last);
        db_bind_int64(s, 5, rows[i].gen);
        db_bind_text(s, 6, rows[i].rules, -1, DB_TRANSIENT);
        db_bind_int64(s, 7, rows[i].seconds);
        rc = db_step(s);
        db_reset(s);
        if (rc != DB_DONE)
            return -1;
    }
    return 0;
}

/* PostgreSQL: only a role that sees every entry (a member's figures would miss others'
 * time; row-level security refuses them too). Its own short transaction, read-write even on a
 * reader's session, without the write lock of tock_state (nothing a user sees changed, so
 * no screen is told to reload): no row of carry_usage is ever held longer than this, so it
 * waits for nothing but another such save. */
static int save_pg(store *st, const store_carry_row *rows, size_t n)
{
    static const char sql[] = "SELECT CASE WHEN tock_sees_all() THEN 1 ELSE 0 END";
    db_stmt *s = store_prep(st, sql, NULL);
    int rc = s ? db_step(s) : DB_ERROR;
    bool all = rc == DB_ROW && db_column_int(s, 0) != 0;
    if (s)
        db_reset(s);
    if (!all || db_exec(st->db, "START TRANSACTION READ WRITE", NULL, NULL, NULL) != DB_OK)
        return 0;
    int saved = !put_rows(st, rows, n) && db_exec(st->db, "COMMIT", NULL, NULL, NULL) == DB_OK;
    if (!db_get_autocommit(st->db))
        db_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return saved;
}

struct rows {
    const store_carry_row *rows;
    size_t n;
};

static int put_all(store *st, void *ctx)
{
    const struct rows *r = ctx;
    return put_rows(st, r->rows, r->n);
}

int store_carry_save(store *st, const store_carry_row *rows, size_t n)
{
    if (!db_get_autocommit(st->db))
        return STORE_CARRY_LATER;
    if (!n)
        return 1;
    if (st->pg)
        return save_pg(st, rows, n);
    struct rows r = { rows, n };
    return store_quiet_write(st, put_all, &r);
}
