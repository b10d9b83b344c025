/* store_lease.c — push leases (store_lease.h): a process of this machine on a sqlite file, a
 * database session of any machine on PostgreSQL. */
#include "store_impl.h"
#include "store_lease.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- a file: a process of this machine ---- */

/* A process's start time in clock ticks since boot (/proc/PID/stat, field 22): with the pid it
 * names one process even after the pid is reused. 0 when it cannot be read. */
int64_t store_lease_process_start(int64_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%lld/stat", (long long)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    for (int field = 2; p && field < 22; field++)
        p = strchr(p + 1, ' ');
    return p ? strtoll(p + 1, NULL, 10) : 0;
}

/* Whether the process that took a lease is still running: the lease lives as long as it. */
bool store_lease_process_alive(int64_t pid, int64_t start)
{
    if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno != EPERM))
        return false;
    int64_t now = start ? store_lease_process_start(pid) : 0;
    return !start || !now || now == start;
}

static int file_take(int64_t *holder, int64_t *start, char *who, size_t n)
{
    int64_t me = (int64_t)getpid();
    if (*holder && *holder != me && store_lease_process_alive(*holder, *start)) {
        snprintf(who, n, "process %lld", (long long)*holder);
        return 1;
    }
    *holder = me;
    *start = store_lease_process_start(me);
    return 0;
}

/* ---- PostgreSQL: a database session, held by a session advisory lock ---- */

static int64_t *held_slot(store *st, int64_t id)
{
    for (size_t i = 0; i < sizeof st->leases / sizeof *st->leases; i++)
        if (st->leases[i] == id)
            return &st->leases[i];
    return NULL;
}

static int pg_take(store *st, int64_t id, int64_t *holder, int64_t *start, char *who, size_t n,
                   tk_err *err)
{
    /* Keys: tock's leases (746308, apart from the migrations' lock in store_pg.c) and the
     * invoice (an int4: ids beyond it share a lock, which only makes a lease wait). */
    static const char sql[] =
        "SELECT pg_try_advisory_lock(746308, CAST(?1 % 2147483647 AS integer))";
    int64_t me = db_pg_backend(st->db);
    if (!me || !held_slot(st, id) || *holder != me) {
        int64_t *slot = held_slot(st, 0);
        db_stmt *s = store_prep(st, sql, err);
        if (!s)
            return -1;
        db_bind_int64(s, 1, id);
        int rc = db_step(s);
        int got = rc == DB_ROW && db_column_int64(s, 0);
        db_reset(s);
        if (rc != DB_ROW)
            return store_fail(st, err, "taking the invoice's lease");
        if (!got) {
            snprintf(who, n, "database session %lld", (long long)*holder);
            return 1;
        }
        if (slot && !held_slot(st, id))
            *slot = id;
        me = db_pg_backend(st->db); /* the session that holds it (made again, maybe) */
    }
    *holder = me;
    *start = 0;
    return 0;
}

static void pg_give(store *st, int64_t id)
{
    static const char sql[] =
        "SELECT pg_advisory_unlock(746308, CAST(?1 % 2147483647 AS integer))";
    int64_t *slot = held_slot(st, id);
    if (!slot)
        return;
    *slot = 0;
    /* Session locks count: give back every time it was taken (bounded: it is taken once per
     * change at most, and changes are few). */
    for (int i = 0; i < 64; i++) {
        db_stmt *s = store_prep(st, sql, NULL);
        if (!s)
            return;
        db_bind_int64(s, 1, id);
        int more = db_step(s) == DB_ROW && db_column_int64(s, 0);
        db_reset(s);
        if (!more)
            return;
    }
}

/* ---- either ---- */

int store_lease_take(store *st, int64_t id, int64_t *holder, int64_t *start, char *who,
                     size_t who_size, tk_err *err)
{
    if (st->pg)
        return pg_take(st, id, holder, start, who, who_size, err);
    return file_take(holder, start, who, who_size);
}

bool store_lease_mine(store *st, int64_t holder, int64_t start)
{
    (void)start;
    if (st->pg)
        return holder != 0 && holder == db_pg_backend(st->db);
    return holder == (int64_t)getpid();
}

void store_lease_settle(store *st, int64_t id, bool kept, int64_t holder, int64_t start)
{
    if (st->pg && !(kept && store_lease_mine(st, holder, start)))
        pg_give(st, id);
}
