/* store_pending.c — the range of entry ids a large import is still adding (schema step 20):
 * rows in entries that every read leaves out (ENTRY_SEEN) until the import's last short step
 * deletes the range's row. One range at a time. A range whose process died is removed by the
 * next import, a few thousand rows per short write transaction, the range shrinking with
 * them, so its rows are never seen. sqlite only: PostgreSQL imports in place (its readers
 * and writers do not wait for a writer). */
#include "store_impl.h"
#include "store_lease.h"

#include <time.h>
#include <unistd.h>

/* Rows removed per write transaction: a short hold even on a large database (about 50 µs a
 * row there, its indexes and all); after each, the lock stays free for longer than sqlite's
 * longest sleep between two tries of a waiting writer (100 ms), so writers get their turn. */
enum { PENDING_DROP = 5000, PENDING_PAUSE_MS = 120 };
/* How long an import waits for another one's range, in tenths of a second. */
enum { PENDING_WAIT = 36000 };

typedef struct { int64_t lo, hi, pid, started; } pending_row;

/* 1 and *p: a range is pending; 0: none; -1 with err. */
static int pending_get(store *st, pending_row *p, tk_err *err)
{
    static const char sql[] = "SELECT lo, hi, pid, started FROM entries_pending WHERE slot = 1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    if (rc == DB_ROW)
        *p = (pending_row){ db_column_int64(s, 0), db_column_int64(s, 1), db_column_int64(s, 2),
                            db_column_int64(s, 3) };
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the database");
    return rc == DB_ROW;
}

static void pause_a_moment(void)
{
    struct timespec t = { 0, PENDING_PAUSE_MS * 1000000L };
    nanosleep(&t, NULL);
}

static bool pending_mine(const pending_row *p)
{
    return p->pid == (int64_t)getpid();
}

/* One short write transaction: the top PENDING_DROP rows of a range nobody adds to any more
 * (its process died, or it is this process's own, given up) leave, and the range with them.
 * 1: more to remove; 0: none left; -1 with err. */
static int drop_some(store *st, tk_err *err)
{
    static const char del[] = "DELETE FROM entries WHERE id BETWEEN ?1 AND ?2";
    static const char shrink[] = "UPDATE entries_pending SET hi = ?1 WHERE slot = 1";
    static const char gone[] = "DELETE FROM entries_pending WHERE slot = 1";
    if (store_begin(st, err))
        return -1;
    pending_row p;
    int rc = pending_get(st, &p, err);
    if (rc <= 0 || (!pending_mine(&p) && store_lease_process_alive(p.pid, p.started))) {
        store_rollback(st);
        return rc < 0 ? -1 : 0;
    }
    /* The range's top PENDING_DROP rows (a killed import filled it from the bottom, and its
     * last row first: most of the top may be empty). */
    static const char edge[] = "SELECT id FROM entries WHERE id BETWEEN ?1 AND ?2 "
                               "ORDER BY id DESC LIMIT 1 OFFSET ?3";
    int64_t from = p.lo;
    db_stmt *s = store_prep(st, edge, err);
    if (!s) {
        store_rollback(st);
        return -1;
    }
    db_bind_int64(s, 1, p.lo);
    db_bind_int64(s, 2, p.hi);
    db_bind_int64(s, 3, PENDING_DROP - 1);
    rc = db_step(s);
    if (rc == DB_ROW && db_column_int64(s, 0) > p.lo)
        from = db_column_int64(s, 0);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE) {
        rc = store_fail(st, err, "reading the database");
        store_rollback(st);
        return rc;
    }
    s = store_prep(st, del, err);
    rc = s ? 0 : -1;
    if (rc == 0) {
        db_bind_int64(s, 1, from);
        db_bind_int64(s, 2, p.hi);
        rc = store_exec_stmt(st, s, err, "removing an unfinished import");
    }
    if (rc == 0 && (s = store_prep(st, from > p.lo ? shrink : gone, err)) == NULL)
        rc = -1;
    if (rc == 0) {
        if (from > p.lo)
            db_bind_int64(s, 1, from - 1);
        rc = store_exec_stmt(st, s, err, "removing an unfinished import");
    }
    if (rc == 0)
        rc = store_commit(st, err);
    else
        store_rollback(st);
    return rc ? -1 : from > p.lo;
}

int store_pending_settle(store *st, tk_err *err)
{
    if (st->pg)
        return 0;
    struct timespec tick = { 0, 100000000L };
    /* Another import's range: wait while its process runs (an import ends, or dies), an
     * hour at most. */
    for (int waited = 0;; ) {
        pending_row p;
        int rc = pending_get(st, &p, err);
        if (rc <= 0)
            return rc;
        if (!pending_mine(&p) && store_lease_process_alive(p.pid, p.started)) {
            if (waited++ == PENDING_WAIT)
                return tk_fail(err, "another import (process %lld) is still adding its "
                               "entries; try again when it ends", (long long)p.pid);
            nanosleep(&tick, NULL);
            continue;
        }
        while ((rc = drop_some(st, err)) == 1)
            pause_a_moment();
        if (rc)
            return -1;
    }
}

int store_pending_abandon(store *st, tk_err *err)
{
    int rc;
    while ((rc = drop_some(st, err)) == 1)
        pause_a_moment();
    return rc;
}

int store_pending_reserve(store *st, int64_t n, int64_t *lo, tk_err *err)
{
    pending_row p;
    int rc = pending_get(st, &p, err);
    if (rc)
        return rc;
    static const char top[] = "SELECT IFNULL(MAX(id), 0) FROM entries";
    db_stmt *s = store_prep(st, top, err);
    if (!s)
        return -1;
    rc = db_step(s);
    *lo = db_column_int64(s, 0) + 1;
    db_reset(s);
    if (rc != DB_ROW)
        return store_fail(st, err, "reading the database");
    static const char add[] = "INSERT INTO entries_pending(slot, lo, hi, pid, started) "
                              "VALUES (1, ?1, ?2, ?3, ?4)";
    if (!(s = store_prep(st, add, err)))
        return -1;
    int64_t me = (int64_t)getpid();
    db_bind_int64(s, 1, *lo);
    db_bind_int64(s, 2, *lo + n - 1);
    db_bind_int64(s, 3, me);
    db_bind_int64(s, 4, store_lease_process_start(me));
    return store_exec_stmt(st, s, err, "saving the import");
}

int store_pending_mine(store *st, int64_t lo, tk_err *err)
{
    pending_row p;
    int rc = pending_get(st, &p, err);
    return rc < 0 ? -1 : rc == 1 && pending_mine(&p) && p.lo == lo;
}

int store_pending_release(store *st, tk_err *err)
{
    static const char sql[] = "DELETE FROM entries_pending WHERE slot = 1";
    db_stmt *s = store_prep(st, sql, err);
    return s ? store_exec_stmt(st, s, err, "saving the import") : -1;
}
