/* store_quiet.c — a write of derived data after a reader's view (store_impl.h's
 * store_quiet_write): stored retainer figures (store_carry.c) and kept rules
 * (store_rules.c). Nothing a user sees changes, so it must cost a view nothing: it never
 * waits for the lock and never fails the command. */
#include "store_impl.h"

#include <sqlite3.h>

int store_quiet_write(store *st, int (*put)(store *st, void *ctx), void *ctx)
{
    if (st->pg || !db_get_autocommit(st->db))
        return 0;
    sqlite3 *db = db_sqlite_handle(st->db);
    if (sqlite3_db_readonly(db, "main"))
        return 0;
    /* A reader's connection refuses writes (query_only): these rows only, then again. */
    int query_only = 0;
    db_stmt *s = store_prep(st, "PRAGMA query_only", NULL);
    if (!s)
        return 0;
    if (db_step(s) == DB_ROW)
        query_only = db_column_int(s, 0);
    db_reset(s);
    if (query_only && db_exec(st->db, "PRAGMA query_only = 0", NULL, NULL, NULL) != DB_OK)
        return 0;
    db_busy_timeout(st->db, 0);
    int saved = 0;
    int64_t changes = (int64_t)db_total_changes64(st->db);
    if (db_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == DB_OK) {
        saved = !put(st, ctx) && db_exec(st->db, "COMMIT", NULL, NULL, NULL) == DB_OK;
        if (!db_get_autocommit(st->db))
            db_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
    /* Nothing a screen shows changed: this connection's data version stays (others' moves,
     * as for any commit; they reload once and find what was stored). */
    st->quiet_changes += (int64_t)db_total_changes64(st->db) - changes;
    db_busy_timeout(st->db, st->busy_ms);
    if (query_only)
        db_exec(st->db, "PRAGMA query_only = 1", NULL, NULL, NULL);
    return saved;
}
