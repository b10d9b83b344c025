/* store_stage.c — a long change (an import) without holding the write lock: the change and
 * all its checks run on a private copy of the database, and only what it added is copied
 * into the database, in one short write transaction, when nobody wrote in between or what
 * others wrote cannot have changed what the change read. */
#include "store_impl.h"

#include <sqlite3.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* What a change on the copy may write. Rows are only added, after the last rowid of the moment
 * of the copy (timers, keyed by user: those its audit records say it started), except in
 * meta, whose few counters the copy holds whole. In foreign-key order. */
static const char *const stage_tables[] = { "users", "clients", "projects", "entries", "timers",
                                            "audit" };
enum { STAGE_USERS, STAGE_CLIENTS, STAGE_PROJECTS, STAGE_ENTRIES, STAGE_TIMERS, STAGE_AUDIT };

static int run(store *st, const char *sql, tk_err *err, const char *doing)
{
    return db_exec(st->db, sql, NULL, NULL, NULL) == DB_OK ? 0 : store_fail(st, err, doing);
}

/* Copies left by a tock killed mid-import ("DB.stage-PID-XXXXXX" whose PID is gone). */
static void remove_stale(const char *db)
{
    const char *slash = strrchr(db, '/');
    char *dir = slash ? xstrndup(db, slash == db ? 1 : (size_t)(slash - db)) : xstrdup(".");
    char *prefix = xasprintf("%s.stage-", slash ? slash + 1 : db);
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (strncmp(de->d_name, prefix, strlen(prefix)))
            continue;
        long pid = strtol(de->d_name + strlen(prefix), NULL, 10);
        if (pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno == ESRCH)) {
            char *p = xasprintf("%s/%s", dir, de->d_name);
            unlink(p);
            free(p);
        }
    }
    if (d)
        closedir(d);
    free(prefix);
    free(dir);
}

int store_stage_begin(store *st, store **copy, store_mark *mark, tk_err *err)
{
    *copy = NULL;
    if (st->pg) /* the change runs in place: PostgreSQL's readers do not wait for a writer */
        return tk_fail(err, "no working copy of a PostgreSQL database");
    remove_stale(st->path);
    char *path = xasprintf("%s.stage-%ld-XXXXXX", st->path, (long)getpid());
    int fd = mkstemp(path);
    if (fd < 0) {
        tk_fail(err, "cannot make a working copy beside %s: %s", st->path, strerror(errno));
        free(path);
        return -1;
    }
    close(fd);
    store *c = xcalloc(1, sizeof *c);
    c->path = path;
    int rc = db_sqlite_open(path, &c->db, DB_OPEN_READWRITE | DB_OPEN_NOMUTEX);
    if (rc != DB_OK) {
        tk_fail(err, "cannot open a working copy %s: %s", path,
                c->db ? db_errmsg(c->db) : "out of memory");
        store_stage_end(c);
        return -1;
    }
    /* One read transaction on st: the copy and the mark are of the same moment. */
    rc = run(st, "BEGIN DEFERRED; SELECT count(*) FROM meta", err, "reading the database");
    for (size_t i = 0; rc == 0 && i < sizeof stage_tables / sizeof *stage_tables; i++) {
        char *sql = xasprintf("SELECT ifnull(max(rowid), 0) FROM %s", stage_tables[i]);
        db_stmt *s;
        if (db_prepare_v2(st->db, sql, -1, &s, NULL) != DB_OK || db_step(s) != DB_ROW)
            rc = store_fail(st, err, "reading the database");
        else
            mark->max_rowid[i] = db_column_int64(s, 0);
        db_finalize(s);
        free(sql);
    }
    if (rc == 0) {
        mark->version = store_data_version(st);
        sqlite3_backup *b = sqlite3_backup_init(db_sqlite_handle(c->db), "main",
                                                db_sqlite_handle(st->db), "main");
        int step = b ? sqlite3_backup_step(b, -1) : DB_ERROR;
        if (b)
            sqlite3_backup_finish(b);
        if (step != DB_DONE)
            rc = store_fail(c, err, "copying the database");
    }
    store_rollback(st);
    /* The copy is thrown away: no journal, no syncing. Another import's rows, pending when
     * the copy was made (still being added, or of a process that died), are not seen on the
     * copy either; their source keys must not make the import's fail (store_stage_apply
     * waits for that import or removes its rows before adding this one's). */
    if (rc == 0)
        rc = run(c, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON; "
                 "UPDATE entries SET source_key = NULL WHERE id BETWEEN "
                 "(SELECT lo FROM entries_pending) AND (SELECT hi FROM entries_pending)",
                 err, "preparing the working copy");
    if (rc) {
        store_stage_end(c);
        return -1;
    }
    *copy = c;
    return 0;
}

/* ---- what another process wrote since the copy ---- */

/* The users the change on the copy added entries or timers for, and those it started a timer
 * for (a few: a user map's). */
typedef struct { int64_t *v; size_t n, cap; } idset;
typedef struct { idset users, timers; } stage_who;

static bool idset_has(const idset *s, int64_t id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == id)
            return true;
    return false;
}

static void idset_add(idset *s, int64_t id)
{
    if (idset_has(s, id))
        return;
    if (s->n == s->cap)
        s->v = xrealloc(s->v, (s->cap = s->cap * 2 + 8) * sizeof *s->v);
    s->v[s->n++] = id;
}

static int import_users(store *copy, const store_mark *m, stage_who *who, tk_err *err)
{
    static const char *const sql[] = {
        "SELECT DISTINCT user_id FROM entries WHERE id > ?1",
        "SELECT DISTINCT entity_id FROM audit WHERE id > ?1 AND entity = 'timer'",
    };
    for (size_t q = 0; q < 2; q++) {
        db_stmt *s;
        if (db_prepare_v2(copy->db, sql[q], -1, &s, NULL) != DB_OK)
            return store_fail(copy, err, "reading the working copy");
        db_bind_int64(s, 1, m->max_rowid[q ? STAGE_AUDIT : STAGE_ENTRIES]);
        int rc;
        while ((rc = db_step(s)) == DB_ROW) {
            idset_add(&who->users, db_column_int64(s, 0));
            if (q)
                idset_add(&who->timers, db_column_int64(s, 0));
        }
        db_finalize(s);
        if (rc != DB_DONE)
            return store_fail(copy, err, "reading the working copy");
    }
    return 0;
}

/* One integer from st (stage attached): the first column of the first row, or 0. */
static int scalar(store *st, const char *sql, const int64_t *args, int nargs, int64_t *out,
                  tk_err *err)
{
    db_stmt *s;
    if (db_prepare_v2(st->db, sql, -1, &s, NULL) != DB_OK)
        return store_fail(st, err, "checking the import against the database");
    for (int i = 0; i < nargs; i++)
        db_bind_int64(s, i + 1, args[i]);
    int rc = db_step(s);
    *out = rc == DB_ROW ? db_column_int64(s, 0) : 0;
    db_finalize(s);
    return rc == DB_ROW || rc == DB_DONE ? 0 : store_fail(st, err, "checking the import against the database");
}

/* Entries others added since the copy that the import's checks would have seen: one with a
 * source key the import used (a duplicate), one of an imported user on a day the import added
 * to (an overlap warning, or the same row a tock file names by id), one whose range meets an
 * imported range, or a range that reaches into a timer the import started. */
static const char sql_added_meets[] =
    "SELECT count(*) FROM main.entries x WHERE x.id > ?4 AND x.id < ?5 AND ("
    " (x.source_key IS NOT NULL AND EXISTS (SELECT 1 FROM stage.entries s"
    "   WHERE s.source_key = x.source_key AND s.id > ?1))"
    " OR EXISTS (SELECT 1 FROM stage.entries s WHERE s.user_id = x.user_id"
    "   AND s.day BETWEEN x.day AND x.last_day AND s.id > ?1)"
    " OR (x.start_utc IS NOT NULL AND EXISTS (SELECT 1 FROM stage.entries s"
    "   WHERE s.user_id = x.user_id AND s.start_utc >= x.start_utc - ?2"
    "   AND s.start_utc < x.end_utc AND s.end_utc > x.start_utc AND s.id > ?1))"
    " OR (x.start_utc IS NOT NULL AND EXISTS (SELECT 1 FROM stage.timers t"
    "   WHERE t.user_id = x.user_id AND x.end_utc > t.start_utc AND t.user_id IN"
    "   (SELECT entity_id FROM stage.audit WHERE id > ?3 AND entity = 'timer'))))";

/* A timer of user u started, stopped or cancelled by another process since the copy, u being
 * one the import added to: it changes what the import checked (issue 15's rule: no imported
 * range over the running timer; an open interval not started beside a running one) when the
 * import started u's timer, when u's timer ran at the copy, or when it runs now and an
 * imported range of u ends after its start. A stop's entry is weighed with the added rows. */
static int timer_touch(store *st, const store_mark *m, const stage_who *who, int64_t u,
                       int64_t span, tk_err *err)
{
    static const char sql[] =
        "SELECT EXISTS (SELECT 1 FROM stage.timers WHERE user_id = ?1) OR EXISTS (SELECT 1 "
        "FROM main.timers t JOIN stage.entries s ON s.user_id = t.user_id WHERE t.user_id = ?1 "
        "AND s.start_utc >= t.start_utc - ?2 AND s.end_utc > t.start_utc AND s.id > ?3)";
    if (idset_has(&who->timers, u))
        return 1;
    int64_t args[] = { u, span, m->max_rowid[STAGE_ENTRIES] }, hit;
    return scalar(st, sql, args, 3, &hit, err) ? -1 : hit != 0;
}

/* What others changed that cannot touch an import: rates and taxes are read when billing. */
static bool harmless(const char *entity)
{
    static const char *const ok[] = { "rate", "cost rate", "tax", "tax rule" };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (!strcmp(entity, ok[i]))
            return true;
    return false;
}

/* Whether a change another process committed since the copy may change what the import
 * checked (1), judged by its audit record (every change writes one) and the rows it added;
 * 0 when the import, made after those changes, would have done exactly the same. */
static int others_touch(store *st, const store_mark *m, const stage_who *who, int64_t lo,
                        int64_t hi, tk_err *err)
{
    int64_t n;
    for (int i = STAGE_USERS; i <= STAGE_PROJECTS; i++) {
        /* A new user, client or project: its key may be one the import made, and ids move. */
        char *sql = xasprintf("SELECT ifnull(max(rowid), 0) FROM main.%s", stage_tables[i]);
        int rc = scalar(st, sql, NULL, 0, &n, err);
        free(sql);
        if (rc || n != m->max_rowid[i])
            return rc ? -1 : 1;
    }
    int64_t span;
    if (scalar(st, "SELECT ifnull(max(CAST(value AS INTEGER)), 0) FROM stage.meta WHERE key = "
               "'max_range_seconds'", NULL, 0, &span, err))
        return -1;
    /* Others' entries: those since the copy, but for the import's own pending rows [lo, hi]
     * (two ranges of ids, so the pending ones are not even read). */
    int64_t mark = m->max_rowid[STAGE_ENTRIES];
    int64_t args[][5] = { { mark, span, m->max_rowid[STAGE_AUDIT], mark, lo ? lo : INT64_MAX },
                          { mark, span, m->max_rowid[STAGE_AUDIT], hi, INT64_MAX } };
    for (int r = 0; r < (lo ? 2 : 1); r++) {
        if (scalar(st, sql_added_meets, args[r], 5, &n, err))
            return -1;
        if (n)
            return 1;
    }
    db_stmt *s;
    if (db_prepare_v2(st->db, "SELECT a.action, a.entity, ifnull(a.entity_id, 0), "
                      "ifnull((SELECT user_id FROM main.entries WHERE id = a.entity_id), 0), "
                      "ifnull((SELECT user_id FROM stage.entries WHERE id = a.entity_id), 0) "
                      "FROM main.audit a WHERE a.id > ?1 ORDER BY a.id", -1, &s, NULL) != DB_OK)
        return store_fail(st, err, "checking the import against the database");
    db_bind_int64(s, 1, m->max_rowid[STAGE_AUDIT]);
    int rc, touch = 0;
    while (!touch && (rc = db_step(s)) == DB_ROW) {
        const char *action = (const char *)db_column_text(s, 0);
        const char *entity = (const char *)db_column_text(s, 1);
        int64_t id = db_column_int64(s, 2);
        if (!strcmp(entity, "entry"))
            /* Added rows were weighed above; an edit or removal of an imported user's entry
             * may have been what made a row a duplicate or an overlap. */
            touch = strcmp(action, "add") && strcmp(action, "import") &&
                    (idset_has(&who->users, db_column_int64(s, 3)) ||
                     idset_has(&who->users, db_column_int64(s, 4)) || !id);
        else if (!strcmp(entity, "timer"))
            touch = idset_has(&who->users, id) ? timer_touch(st, m, who, id, span, err) : !id;
        else if (!strcmp(entity, "week"))
            touch = idset_has(&who->users, id) || !id;  /* a week locked or opened */
        else
            touch = !harmless(entity);
    }
    if (!touch && rc != DB_DONE)
        touch = store_fail(st, err, "checking the import against the database");
    db_finalize(s);
    return touch;
}

/* ---- adding the copy's rows ---- */

/* The copy's entries with ids [from, to], moved up by shift. */
static int add_entry_rows(store *st, int64_t shift, int64_t from, int64_t to, tk_err *err)
{
    strbuf cols = { 0 };
    db_stmt *s;
    if (db_prepare_v2(st->db, "SELECT name FROM pragma_table_info('entries', 'stage') "
                      "WHERE name != 'id' ORDER BY cid", -1, &s, NULL) != DB_OK)
        return store_fail(st, err, "saving the import");
    while (db_step(s) == DB_ROW)
        sb_addf(&cols, ", %s", (const char *)db_column_text(s, 0));
    db_finalize(s);
    char *sql = xasprintf("INSERT INTO main.entries(id%s) SELECT id + %lld%s FROM stage.entries "
                          "WHERE id BETWEEN %lld AND %lld ORDER BY id", sb_str(&cols),
                          (long long)shift, sb_str(&cols), (long long)from, (long long)to);
    int rc = run(st, sql, err, "saving the import");
    free(sql);
    sb_free(&cols);
    return rc;
}

/* The entries the copy added, their ids moved up past those others added meanwhile. */
static int add_entries(store *st, const store_mark *m, tk_err *err)
{
    int64_t top;
    if (scalar(st, "SELECT ifnull(max(rowid), 0) FROM main.entries", NULL, 0, &top, err))
        return -1;
    int64_t shift = top > m->max_rowid[STAGE_ENTRIES] ? top - m->max_rowid[STAGE_ENTRIES] : 0;
    return add_entry_rows(st, shift, m->max_rowid[STAGE_ENTRIES] + 1, INT64_MAX, err);
}

/* The timers the import started (each has its audit record); others started none for
 * those users meanwhile, or the import starts again. */
static int add_timers(store *st, const store_mark *m, tk_err *err)
{
    char *sql = xasprintf("INSERT INTO main.timers SELECT * FROM stage.timers WHERE user_id IN "
                          "(SELECT entity_id FROM stage.audit WHERE entity = 'timer' AND id > %lld)",
                          (long long)m->max_rowid[STAGE_AUDIT]);
    int rc = run(st, sql, err, "saving the import");
    free(sql);
    return rc;
}

/* The copy's audit records, chained again after the records others appended meanwhile. */
static int add_audit(store *st, store *copy, const store_mark *m, tk_err *err)
{
    db_stmt *s;
    if (db_prepare_v2(copy->db, "SELECT at_utc, ifnull(user_id, 0), action, entity, "
                      "ifnull(entity_id, 0), detail FROM audit WHERE id > ?1 ORDER BY id", -1, &s,
                      NULL) != DB_OK)
        return store_fail(copy, err, "reading the working copy");
    db_bind_int64(s, 1, m->max_rowid[STAGE_AUDIT]);
    int rc = 0, step;
    while (rc == 0 && (step = db_step(s)) == DB_ROW)
        rc = store_audit(st, db_column_int64(s, 1), db_column_int64(s, 0),
                         (const char *)db_column_text(s, 2), (const char *)db_column_text(s, 3),
                         db_column_int64(s, 4), (const char *)db_column_text(s, 5), err);
    if (rc == 0 && step != DB_DONE)
        rc = store_fail(copy, err, "reading the working copy");
    db_finalize(s);
    return rc;
}

/* The largest range and span only grow: the larger of the two; a key the copy added, as is. */
static const char sql_meta_merge[] =
    "INSERT OR REPLACE INTO main.meta SELECT s.key, s.value FROM stage.meta s "
    "LEFT JOIN main.meta m ON m.key = s.key WHERE m.value IS NULL OR (m.value != s.value "
    "AND s.key IN ('max_range_seconds', 'max_span_days') "
    "AND CAST(s.value AS INTEGER) > CAST(m.value AS INTEGER))";

/* The copy's users, clients and projects (they keep their ids: others made none, or the
 * import starts again), timers, audit records (chained again) and meta counters. */
static int add_rest(store *st, store *copy, const store_mark *m, bool moved, tk_err *err)
{
    int rc = 0;
    for (int i = STAGE_USERS; rc == 0 && i <= STAGE_PROJECTS; i++) {
        char *sql = xasprintf("INSERT INTO main.%s SELECT * FROM stage.%s WHERE rowid > %lld",
                              stage_tables[i], stage_tables[i], (long long)m->max_rowid[i]);
        rc = run(st, sql, err, "saving the import");
        free(sql);
    }
    if (rc == 0)
        rc = add_timers(st, m, err);
    if (rc == 0)
        rc = add_audit(st, copy, m, err);
    if (rc == 0)
        rc = run(st, moved ? sql_meta_merge
                           : "INSERT OR REPLACE INTO main.meta SELECT * FROM stage.meta",
                 err, "saving the import");
    return rc;
}

/* A small import: the write lock is held from here to the commit, while its entries go in as
 * they are (renumbered past others' new ones). */
static int apply_locked(store *st, store *copy, const store_mark *m, const stage_who *who,
                        tk_err *err)
{
    int rc = store_begin(st, err);
    bool moved = rc == 0 && store_data_version(st) != m->version;
    if (moved)
        rc = others_touch(st, m, who, 0, 0, err);
    if (rc == 0)
        rc = add_entries(st, m, err);
    if (rc == 0)
        rc = add_rest(st, copy, m, moved, err);
    if (rc == 0)
        rc = store_commit(st, err);
    else
        store_rollback(st);
    return rc;
}

/* ---- a large import: entries in short steps, seen from one short last step ---- */

/* Below this many entries an import goes in in one step (a fraction of a second). */
enum { STAGE_SMALL = 40000 };
/* Each step aims at this long a hold of the write lock (ms), and after it leaves the lock
 * free for longer than sqlite's longest wait between two tries of a waiting writer (100 ms),
 * so a writer that waits gets its turn after one step. */
enum { STAGE_STEP_MS = 250, STAGE_PAUSE_MS = 120 };

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void pause_ms(int ms)
{
    struct timespec t = { 0, ms * 1000000L };
    nanosleep(&t, NULL);
}

/* For `make bench-import` (TOCK_BENCH_LOCK set): each hold of the write lock, on stderr. */
static void bench_hold(const char *what, int64_t ms)
{
    if (getenv("TOCK_BENCH_LOCK"))
        fprintf(stderr, "tock: %s held the write lock %lld ms\n", what, (long long)ms);
}

/* The clients the import added entries for: their stored retainer figures are counted again
 * at the switch (the triggers counted the rows when they went in, unseen). */
static int staged_clients(store *copy, const store_mark *m, idset *clients, tk_err *err)
{
    db_stmt *s;
    if (db_prepare_v2(copy->db, "SELECT DISTINCT client_id FROM entries WHERE id > ?1", -1, &s,
                      NULL) != DB_OK)
        return store_fail(copy, err, "reading the working copy");
    db_bind_int64(s, 1, m->max_rowid[STAGE_ENTRIES]);
    int rc;
    while ((rc = db_step(s)) == DB_ROW)
        idset_add(clients, db_column_int64(s, 0));
    db_finalize(s);
    return rc == DB_DONE ? 0 : store_fail(copy, err, "reading the working copy");
}

static int bump_carry(store *st, const idset *clients, tk_err *err)
{
    static const char sql[] = "INSERT INTO carry_gen VALUES (?1, 1) "
                              "ON CONFLICT DO UPDATE SET gen = gen + 1";
    for (size_t i = 0; i < clients->n; i++) {
        db_stmt *s = store_prep(st, sql, err);
        if (!s)
            return -1;
        db_bind_int64(s, 1, clients->v[i]);
        if (store_exec_stmt(st, s, err, "saving the import"))
            return -1;
    }
    return 0;
}

/* Reserves ids [*lo, *lo + n) past every entry (others' next ones come after them) and adds
 * the last of the copy's rows there, unseen: 0; 1 when another process changed what the
 * import read, or another import's range is pending (start again); -1. */
static int stage_reserve(store *st, const store_mark *m, const stage_who *who, int64_t n,
                         int64_t *lo, tk_err *err)
{
    if (store_begin(st, err))
        return -1;
    int rc = others_touch(st, m, who, 0, 0, err);
    if (rc == 0)
        rc = store_pending_reserve(st, n, lo, err);
    int64_t last = m->max_rowid[STAGE_ENTRIES] + n;
    if (rc == 0)
        rc = add_entry_rows(st, *lo + n - 1 - last, last, last, err);
    if (rc == 0)
        return store_commit(st, err);
    store_rollback(st);
    return rc;
}

/* For a test: TOCK_TEST_STAGE_STEP=N takes this path for any import, N rows a step; after
 * the first step, TOCK_TEST_STEP_WAIT=PATH makes PATH.ready appear and waits (a minute at
 * most) for PATH.go, so that a test can look, write or kill while the rows are unseen. */
static int64_t test_step(void)
{
    const char *n = getenv("TOCK_TEST_STAGE_STEP");
    return n && *n ? strtoll(n, NULL, 10) : 0;
}

static void test_step_wait(void)
{
    const char *path = getenv("TOCK_TEST_STEP_WAIT");
    if (!path || !*path)
        return;
    char *ready = xasprintf("%s.ready", path), *go = xasprintf("%s.go", path);
    FILE *f = fopen(ready, "w");
    if (f)
        fclose(f);
    for (int i = 0; i < 3000 && access(go, F_OK) != 0; i++)
        pause_ms(20);
    free(ready);
    free(go);
}

/* The copy's rows [first, last) in steps, each its own write transaction. */
static int stage_steps(store *st, int64_t shift, int64_t first, int64_t last, int64_t lo,
                       tk_err *err)
{
    int64_t fixed = test_step(), size = fixed > 0 ? fixed : 20000;
    for (int64_t a = first; a < last;) {
        int64_t b = a + size - 1 < last - 1 ? a + size - 1 : last - 1, t0 = now_ms();
        if (store_begin(st, err))
            return -1;
        int rc = store_pending_mine(st, lo, err);
        if (rc == 0)
            rc = tk_fail(err, "%s: the import's unfinished rows were removed by another "
                         "process", st->path);
        rc = rc == 1 ? add_entry_rows(st, shift, a, b, err) : -1;
        if (rc == 0)
            rc = store_commit(st, err);
        else
            store_rollback(st);
        if (rc)
            return -1;
        int64_t took = now_ms() - t0;
        bench_hold("a step of the import", took);
        if (a == first)
            test_step_wait();
        /* The next step's size aims at STAGE_STEP_MS. */
        if (fixed <= 0 && took < STAGE_STEP_MS / 2 && size < 400000)
            size *= 2;
        else if (fixed <= 0 && took > STAGE_STEP_MS * 2 && size > 1000)
            size /= 2;
        a = b + 1;
        pause_ms(STAGE_PAUSE_MS);
    }
    return 0;
}

/* The last step: what others wrote since the copy is weighed again (the rows it added and
 * its audit records: a few, read by index), then the users, clients, projects, timers, audit
 * records and counters go in, the import's clients' retainer figures are counted again, and
 * the range ends: every row of it is seen from this commit on. */
static int stage_switch(store *st, store *copy, const store_mark *m, const stage_who *who,
                        const idset *clients, int64_t lo, int64_t n, tk_err *err)
{
    int64_t t0 = now_ms();
    if (store_begin(st, err))
        return -1;
    int rc = others_touch(st, m, who, lo, lo + n - 1, err);
    if (rc == 0) {
        rc = store_pending_mine(st, lo, err);
        rc = rc == 1 ? 0 : rc == 0 ? tk_fail(err, "%s: the import's unfinished rows were "
                                             "removed by another process", st->path) : -1;
    }
    if (rc == 0)
        rc = add_rest(st, copy, m, true, err);
    if (rc == 0)
        rc = bump_carry(st, clients, err);
    if (rc == 0)
        rc = store_pending_release(st, err);
    if (rc == 0)
        rc = store_commit(st, err);
    else
        store_rollback(st);
    bench_hold("the import's last step", now_ms() - t0);
    return rc;
}

/* A large import: its entries go into st over several short write transactions, as a range
 * of ids no one sees (store_pending.c), and become seen in one short last one. What others
 * wrote meanwhile is weighed when the range is reserved and again in the last step; when it
 * changed what the import read, or anything fails, the range is removed (1 or -1). */
static int apply_staged(store *st, store *copy, const store_mark *m, const stage_who *who,
                        int64_t n, tk_err *err)
{
    idset clients = { 0 };
    int64_t lo = 0, last = m->max_rowid[STAGE_ENTRIES] + n;
    int rc = staged_clients(copy, m, &clients, err);
    if (rc == 0)
        rc = store_pending_settle(st, err);
    if (rc == 0)
        rc = stage_reserve(st, m, who, n, &lo, err);
    int64_t shift = lo + n - 1 - last;
    if (rc == 0)
        rc = stage_steps(st, shift, m->max_rowid[STAGE_ENTRIES] + 1, last, lo, err);
    if (rc == 0)
        rc = stage_switch(st, copy, m, who, &clients, lo, n, err);
    if (rc && lo) {
        /* Given up: the range's rows leave (an error of its own is not told over err's). */
        tk_err drop;
        store_pending_abandon(st, &drop);
    }
    free(clients.v);
    return rc;
}

int store_stage_apply(store *st, store *copy, const store_mark *mark, tk_err *err)
{
    stage_who who = { { 0 }, { 0 } };
    if (import_users(copy, mark, &who, err)) {
        free(who.users.v);
        free(who.timers.v);
        return -1;
    }
    db_stmt *s;
    if (db_prepare_v2(st->db, "ATTACH ?1 AS stage", -1, &s, NULL) != DB_OK) {
        free(who.users.v);
        free(who.timers.v);
        return store_fail(st, err, "reading the working copy");
    }
    db_bind_text(s, 1, copy->path, -1, DB_STATIC);
    int rc = db_step(s) == DB_DONE ? 0 : store_fail(st, err, "reading the working copy");
    db_finalize(s);
    /* How many entries the copy added, and whether their ids follow one another (an import
     * only adds: they do), so that they can be moved as one range. */
    int64_t n = 0, top = 0;
    if (rc == 0) {
        int64_t args[] = { mark->max_rowid[STAGE_ENTRIES] };
        rc = scalar(st, "SELECT count(*) FROM stage.entries WHERE id > ?1", args, 1, &n, err);
        if (rc == 0)
            rc = scalar(st, "SELECT ifnull(max(id), 0) FROM stage.entries", NULL, 0, &top, err);
    }
    if (rc == 0) {
        /* The rows come from a copy whose keys held; checking each again only holds the lock
         * longer. (An import's unseen rows name the users, clients and projects it adds in
         * its last step.) */
        db_exec(st->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
        if ((n >= STAGE_SMALL || (test_step() > 0 && n > 1)) &&
            top - mark->max_rowid[STAGE_ENTRIES] == n) {
            /* Each step's pages are written at its commit: a bounded cache. */
            db_exec(st->db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
            rc = apply_staged(st, copy, mark, &who, n, err);
        } else {
            /* A large page cache keeps the new index pages in memory until the commit. */
            db_exec(st->db, "PRAGMA cache_size = -524288", NULL, NULL, NULL);
            rc = store_pending_settle(st, err);
            if (rc == 0)
                rc = apply_locked(st, copy, mark, &who, err);
        }
        db_exec(st->db, "PRAGMA cache_size = -2000; PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    }
    db_exec(st->db, "DETACH stage", NULL, NULL, NULL);
    free(who.users.v);
    free(who.timers.v);
    return rc;
}

void store_stage_end(store *copy)
{
    if (!copy)
        return;
    char *path = copy->path;
    copy->path = xstrdup(path);
    store_close(copy);
    unlink(path);
    free(path);
}
