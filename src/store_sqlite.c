/* store_sqlite.c — opening, migrating, transactions, users and weeks (the audit log is
 * store_audit.c's). */
#include "store_impl.h"
#include "store_rules.h"

#include <sqlite3.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int store_schema_version(void)
{
    return store_nmigrations;
}

/* sql with every ENTRY_SEEN test replaced by a true constant (owned by the caller). */
static char *without_seen(const char *sql)
{
    static const char head[] = ENTRY_SEEN_HEAD, tail[] = ENTRY_SEEN_TAIL;
    strbuf b = { 0 };
    const char *p = sql, *h, *t;
    while ((h = strstr(p, head)) && (t = strstr(h, tail))) {
        sb_addf(&b, "%.*s 1 ", (int)(h - p), p);
        p = t + sizeof tail - 1;
    }
    sb_addf(&b, "%s", p);
    return sb_detach(&b);
}

static db_stmt *prep(store *st, const char *sql, bool seen, tk_err *err);

/* Whether this read transaction's snapshot holds no pending range: asked once, by its first
 * statement with ENTRY_SEEN's test (the snapshot is the transaction's from its first read,
 * so the answer holds to its end). -1 on a failure. */
static int none_pending(store *st, tk_err *err)
{
    if (st->pending == PENDING_ASK) {
        static const char sql[] = "SELECT 1 FROM entries_pending WHERE slot = 1";
        db_stmt *s = prep(st, sql, false, err);
        if (!s)
            return -1;
        int rc = db_step(s);
        db_reset(s);
        if (rc != DB_ROW && rc != DB_DONE)
            return store_fail(st, err, "reading the database");
        st->pending = rc == DB_DONE ? PENDING_NONE : 0;
    }
    return st->pending == PENDING_NONE;
}

/* store_prep for SQL with ENTRY_SEEN's test (seen) or without. */
static db_stmt *prep(store *st, const char *sql, bool seen, tk_err *err)
{
    int plain = seen && st->pending ? none_pending(st, err) : 0;
    if (plain < 0)
        return NULL;
    /* A statement still stepping (a callback querying the store while an iteration runs)
     * must not be reset under its caller: then a second handle for the same SQL is made. */
    int free_slot = -1;
    for (int i = 0; i < STORE_NCACHE; i++) {
        if (st->cache[i].sql == sql && st->cache[i].plain == plain &&
            !db_stmt_busy(st->cache[i].stmt)) {
            db_reset(st->cache[i].stmt);
            db_clear_bindings(st->cache[i].stmt);
            return st->cache[i].stmt;
        }
        if (!st->cache[i].sql && free_slot < 0)
            free_slot = i;
    }
    char *text = plain ? without_seen(sql) : NULL;
    db_stmt *s = NULL;
    int rc = db_prepare_v3(st->db, text ? text : sql, -1, DB_PREPARE_PERSISTENT, &s, NULL);
    free(text);
    if (rc != DB_OK) {
        store_fail(st, err, "preparing a query");
        return NULL;
    }
    if (free_slot < 0)
        abort(); /* more distinct statements than slots: raise STORE_NCACHE */
    st->cache[free_slot].sql = sql;
    st->cache[free_slot].stmt = s;
    st->cache[free_slot].seen = seen;
    st->cache[free_slot].plain = plain;
    return s;
}

db_stmt *store_prep(store *st, const char *sql, tk_err *err)
{
    /* Whether sql has ENTRY_SEEN's test is known once it is cached. */
    for (int i = 0; i < STORE_NCACHE && st->cache[i].sql; i++) {
        if (st->cache[i].sql != sql)
            continue;
        if (!st->cache[i].seen && !db_stmt_busy(st->cache[i].stmt)) {
            db_reset(st->cache[i].stmt);
            db_clear_bindings(st->cache[i].stmt);
            return st->cache[i].stmt;
        }
        return prep(st, sql, st->cache[i].seen, err);
    }
    return prep(st, sql, !st->pg && strstr(sql, ENTRY_SEEN_HEAD), err);
}

int store_fail(store *st, tk_err *err, const char *doing)
{
    int code = db_extended_errcode(st->db) & 0xff;
    const char *msg = db_errmsg(st->db);
    if (db_extended_errcode(st->db) == DB_LOST)
        return tk_fail(err, "lost the connection to %s while %s (%s); nothing was changed",
                       st->path, doing, msg);
    switch (code) {
    case DB_BUSY:
    case DB_LOCKED:
        return tk_fail(err, STORE_BUSY " (another tock is writing); nothing was changed, try again");
    case DB_FULL:
        return tk_fail(err, "the disk is full while %s; nothing was changed", doing);
    case DB_READONLY:
        return tk_fail(err, "the database %s is read-only; nothing was changed", st->path);
    case DB_CORRUPT:
    case DB_NOTADB:
        return tk_fail(err, "%s is damaged or not a tock database (%s)", st->path, msg);
    case DB_CANTOPEN:
        return tk_fail(err, "cannot open the database %s", st->path);
    case DB_IOERR:
        /* A refused write is nearly always room: a full disk, a quota, a file size limit
         * (sqlite says DB_FULL only for ENOSPC on the main file). */
        if (db_extended_errcode(st->db) == DB_IOERR_WRITE ||
            db_extended_errcode(st->db) == DB_IOERR_SHMSIZE ||
            db_system_errno(st->db) == ENOSPC || db_system_errno(st->db) == EDQUOT ||
            db_system_errno(st->db) == EFBIG)
            return tk_fail(err, "could not write %s while %s: the disk may be full; nothing "
                           "was changed", st->path, doing);
        return tk_fail(err, "I/O error on %s while %s (%s)", st->path, doing, msg);
    default:
        return tk_fail(err, "database error while %s: %s", doing, msg);
    }
}

int store_exec_stmt(store *st, db_stmt *s, tk_err *err, const char *doing)
{
    int rc = db_step(s);
    db_reset(s);
    if (rc != DB_DONE && rc != DB_ROW)
        return store_fail(st, err, doing);
    return 0;
}

void store_bind_text(db_stmt *s, int i, const char *v)
{
    if (v)
        db_bind_text(s, i, v, -1, DB_TRANSIENT);
    else
        db_bind_null(s, i);
}

void store_bind_id(db_stmt *s, int i, int64_t id)
{
    if (id)
        db_bind_int64(s, i, id);
    else
        db_bind_null(s, i);
}

void store_bind_day(db_stmt *s, int i, tk_day d)
{
    char buf[DAY_BUF];
    db_bind_text(s, i, day_format(d, buf), -1, DB_TRANSIENT);
}

char *store_col_text(db_stmt *s, int i)
{
    const unsigned char *t = db_column_text(s, i);
    return t ? xstrdup((const char *)t) : NULL;
}

char *store_col_text_or_empty(db_stmt *s, int i)
{
    const unsigned char *t = db_column_text(s, i);
    return xstrdup(t ? (const char *)t : "");
}

/* Days are stored as "YYYY-MM-DD": read them without the general parser (this runs for
 * every entry of every listing, and every rate and retainer of every client's rules). */
static inline int digit(char c)
{
    return (unsigned char)(c - '0') < 10 ? c - '0' : -100000;   /* one non-digit: all < 0 */
}

tk_day store_col_day(db_stmt *s, int i)
{
    const char *t = (const char *)db_column_text(s, i);
    tk_day d = DAY_MAX;
    if (!t)
        return d;
    if (db_column_bytes(s, i) == 10 && t[4] == '-' && t[7] == '-') {
        int y = digit(t[0]) * 1000 + digit(t[1]) * 100 + digit(t[2]) * 10 + digit(t[3]);
        int m = digit(t[5]) * 10 + digit(t[6]), dd = digit(t[8]) * 10 + digit(t[9]);
        if (y >= 0 && m >= 0 && dd >= 0 && day_valid_ymd(y, m, dd))
            return day_from_ymd(y, m, dd);
    }
    day_parse(t, 0, &d, NULL);
    return d;
}

tk_day store_col_day_cached(db_stmt *s, int i, store_day_cache *c)
{
    const char *t = (const char *)db_column_text(s, i);
    /* The same ten characters and nothing after them: the day before (no length asked of the
     * driver; strncmp stops at a shorter text's end, so t[10] is inside it). */
    if (t && c->text[0] && !strncmp(t, c->text, sizeof c->text) && !t[sizeof c->text])
        return c->day;
    bool plain = t && db_column_bytes(s, i) == (int)sizeof c->text &&
                 strnlen(t, sizeof c->text) == sizeof c->text;
    tk_day d = store_col_day(s, i);
    if (plain) {
        memcpy(c->text, t, sizeof c->text);
        c->day = d;
    }
    return d;
}

static int exec(store *st, const char *sql, tk_err *err, const char *doing)
{
    if (db_exec(st->db, sql, NULL, NULL, NULL) != DB_OK)
        return store_fail(st, err, doing);
    return 0;
}

static int pragma_int(store *st, const char *sql, int *out, tk_err *err)
{
    db_stmt *s;
    if (db_prepare_v2(st->db, sql, -1, &s, NULL) != DB_OK)
        return store_fail(st, err, "reading the database");
    int rc = db_step(s);
    if (rc == DB_ROW)
        *out = db_column_int(s, 0);
    db_finalize(s);
    if (rc != DB_ROW)
        return store_fail(st, err, "reading the database");
    return 0;
}

/* Brings the schema up to date in one transaction, or refuses a database it does not know. */
static int migrate(store *st, tk_err *err)
{
    int version, tables;
    if (pragma_int(st, "PRAGMA user_version", &version, err))
        return -1;
    if (version > store_nmigrations)
        return tk_fail(err, "%s was written by a newer tock (schema %d, this tock knows %d); "
                       "upgrade tock — the database was not touched", st->path, version,
                       store_nmigrations);
    if (version == store_nmigrations)
        return 0;
    /* Refuse a foreign database before anything is written to it, WAL mode included (it
     * rewrites the header); the same check inside the transaction catches a race. The tables
     * are counted before the version is read again: another process that creates the
     * database meanwhile commits both at once, so tables it made come with its version. */
    if (pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables, err) ||
        pragma_int(st, "PRAGMA user_version", &version, err))
        return -1;
    if (version == store_nmigrations)
        return 0;
    if (version == 0 && tables > 0)
        return tk_fail(err, "%s is not a tock database (it has tables tock did not create); "
                       "it was not touched", st->path);
    /* WAL lets readers (tock status, the TUI) run beside a writer. It is persistent, so it is
     * set only while creating or upgrading. */
    db_stmt *wal;
    if (db_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &wal, NULL) == DB_OK) {
        db_step(wal);
        db_finalize(wal);
    }
    if (exec(st, "BEGIN IMMEDIATE", err, "upgrading the database"))
        return -1;
    if (pragma_int(st, "PRAGMA user_version", &version, err) ||
        pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables, err))
        goto fail;
    if (version == 0 && tables > 0) {
        tk_fail(err, "%s is not a tock database (it has tables tock did not create); "
                "it was not touched", st->path);
        goto fail;
    }
    for (int v = version; v < store_nmigrations; v++) {
        char sql[64];
        for (const char *const *sql_step = store_migrations[v]; *sql_step; sql_step++) {
            const char *sql_lite = store_migration_sql(*sql_step, false);
            if (sql_lite && exec(st, sql_lite, err, "upgrading the database"))
                goto fail;
        }
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (exec(st, sql, err, "upgrading the database"))
            goto fail;
    }
    if (store_audit_chain_pending(st, err)) /* records from before the chain get hashed */
        goto fail;
    if (exec(st, "COMMIT", err, "upgrading the database"))
        goto fail;
    return 0;
fail:
    db_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

static bool exists(const char *path, const char *suffix)
{
    char *p = xasprintf("%s%s", path, suffix);
    bool yes = access(p, F_OK) == 0;
    free(p);
    return yes;
}

/* Whether the folder holding path lets us create files (the -wal and -shm beside it). */
static bool folder_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return access(".", W_OK) == 0;
    char *dir = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
    bool yes = access(dir, W_OK) == 0;
    free(dir);
    return yes;
}

/* "file:" + path with the characters a URI gives meaning to escaped, + query. */
static char *file_uri(const char *path, const char *query)
{
    strbuf sb = { 0 };
    sb_addf(&sb, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20)
            sb_addf(&sb, "%%%02X", *p);
        else
            sb_addc(&sb, (char)*p);
    }
    sb_addf(&sb, "?%s", query);
    return sb_detach(&sb);
}

static int read_only(store *st, tk_err *err)
{
    return tk_fail(err, "the database %s is read-only%s; nothing was changed", st->path,
                   access(st->path, W_OK) ? "" : " (its folder cannot be written)");
}

/* busy_ms: how long a statement waits for another process's lock. */
static int open_handle(store *st, const char *name, int flags, bool persist_wal, int busy_ms,
                       tk_err *err)
{
    /* NOMUTEX: a connection belongs to one thread, so sqlite need not lock around every
     * call (every column read took and released a mutex). */
    if (db_sqlite_open(name, &st->db, flags | DB_OPEN_NOMUTEX) != DB_OK) {
        if (exists(st->path, "") && !folder_writable(st->path))
            return read_only(st, err);
        return tk_fail(err, "cannot open the database %s: %s", st->path,
                       st->db ? db_errmsg(st->db) : "out of memory");
    }
    db_busy_timeout(st->db, busy_ms);
    st->busy_ms = busy_ms;
    /* Keep the -wal and -shm files when the last connection closes (the WAL emptied and cut
     * to 4 MiB at most): otherwise every short-lived tock process creates, initialises and
     * deletes both, which was a good part of what `tock status` cost. */
    int persist = persist_wal;
    sqlite3_file_control(db_sqlite_handle(st->db), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    return exec(st, "PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 4194304", err,
                "opening the database");
}

int store_open(const char *path, store **out, tk_err *err)
{
    if (db_is_pg_name(path))
        return store_pg_open(path, STORE_PG_WRITE, out, err);
    store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    *out = NULL;
    /* A file we may not write, or a WAL database in a folder where its -wal cannot be made,
     * would open and fail at the first change (leaving -wal and -shm files): say so now. */
    if (exists(path, "") &&
        (access(path, W_OK) || (!folder_writable(path) && !exists(path, "-wal")))) {
        read_only(st, err);
        goto fail;
    }
    if (open_handle(st, path, DB_OPEN_READWRITE | DB_OPEN_CREATE, true, 15000, err) ||
        migrate(st, err))
        goto fail;
    *out = st;
    return 0;
fail:
    store_close(st);
    return -1;
}

/* Refuses a schema this binary cannot read as it is: a foreign file, a newer tock's, and
 * (as nothing here may migrate it) an older one. */
static int check_version(store *st, const char *path, bool quiet, tk_err *err)
{
    int version = 0;
    if (pragma_int(st, "PRAGMA user_version", &version, err))
        return -1;
    if (version == store_nmigrations)
        return 0;
    if (quiet)
        return tk_fail(err, "%s has schema %d, this tock reads %d", path, version,
                       store_nmigrations);
    if (version == 0)
        return tk_fail(err, "%s is not a tock database; it was not touched", path);
    if (version > store_nmigrations)
        return tk_fail(err, "%s was written by a newer tock (schema %d, this tock knows %d); "
                       "upgrade tock", path, version, store_nmigrations);
    return tk_fail(err, "%s is read-only and was written by an older tock (schema %d): open it "
                   "once with write access to upgrade it", path, version);
}

int store_open_read(const char *path, bool quiet, store **out, tk_err *err)
{
    if (db_is_pg_name(path))
        return store_pg_open(path, quiet ? STORE_PG_QUIET : STORE_PG_READ, out, err);
    *out = NULL;
    if (!exists(path, ""))
        return quiet ? tk_fail(err, "cannot open the database %s", path)
                     : store_open(path, out, err); /* a first run: the empty database it would read */
    bool wal = exists(path, "-wal"), shm = exists(path, "-shm");
    store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    int rc;
    if (!quiet && access(path, W_OK) == 0 && folder_writable(path)) {
        /* Our own database: a writable connection that refuses writes, so it can upgrade the
         * schema, and it removes the -wal and -shm it made when it is the last to close. */
        rc = open_handle(st, path, DB_OPEN_READWRITE, wal, 15000, err) || migrate(st, err) ||
             exec(st, "PRAGMA query_only = 1", err, "opening the database");
    } else {
        /* Someone else's file, a read-only copy, or a quiet look. With a -shm, writers may be
         * at work and sqlite shares their index (read-only if need be). Without one no
         * connection is open, and none can start in a read-only folder: read the file as it
         * is, creating nothing beside it. A quiet look never reads past a lock. */
        char *uri = file_uri(path, shm || quiet ? "mode=ro" : "mode=ro&immutable=1");
        /* A quiet look does not wait for a lock: it answers now or not at all. */
        rc = open_handle(st, uri, DB_OPEN_READONLY | DB_OPEN_URI, false,
                         quiet ? 0 : 15000, err);
        free(uri);
        if (!rc)
            rc = check_version(st, path, quiet, err);
    }
    /* A view is a short process that reads most pages once: sqlite's default cache (2 MB)
     * gave each page it read a fresh page of memory, a page fault apiece (a busy month's
     * listing read ~400). 64 pages hold what a view reads again (the indexes' upper levels,
     * an invoice's joins: `make bench` counts no more reads), and the rest reuse them. */
    if (!rc)
        rc = exec(st, "PRAGMA cache_size = 64", err, "opening the database");
    if (rc) {
        store_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

void store_close(store *st)
{
    if (!st)
        return;
    store_rules_flush(st);
    store_rules_drop(st);
    for (int i = 0; i < STORE_NCACHE; i++)
        if (st->cache[i].stmt)
            db_finalize(st->cache[i].stmt);
    db_close(st->db);
    free(st->known_login);
    free(st->path);
    free(st);
}

void store_busy_timeout(store *st, int ms)
{
    db_busy_timeout(st->db, ms);
    st->busy_ms = ms;
}

int store_begin(store *st, tk_err *err)
{
    st->pending = 0;
    return exec(st, "BEGIN IMMEDIATE", err, "starting a change");
}

int store_read_begin(store *st, tk_err *err)
{
    if (exec(st, "BEGIN DEFERRED", err, "reading the database"))
        return -1;
    st->pending = st->pg ? 0 : PENDING_ASK;
    return 0;
}

int store_commit(store *st, tk_err *err)
{
    st->pending = 0;
    if (exec(st, "COMMIT", err, "saving")) {
        db_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

int store_end(store *st, int rc, tk_err *err)
{
    if (rc) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

void store_rollback(store *st)
{
    st->pending = 0;
    if (!db_get_autocommit(st->db))
        db_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int64_t store_data_version(store *st)
{
    if (st->pg) /* notified by the server (store_pg_watch.c) */
        return store_pg_data_version(st);
    static const char sql[] = "PRAGMA data_version";
    db_stmt *s = store_prep(st, sql, NULL);
    int64_t v = -1;
    if (s && db_step(s) == DB_ROW)
        v = db_column_int64(s, 0);
    if (s)
        db_reset(s);
    /* data_version moves only when another connection commits; this connection's own changes
     * count too, so a screen that edits sees its own edits. */
    return v < 0 ? v : v + (int64_t)db_total_changes64(st->db) - st->quiet_changes;
}

bool store_round_trips(store *st)
{
    return st->pg;
}

static const char sql_user_get[] = "SELECT id FROM users WHERE login = ?1";
/* The hot statements, for store_explain. */
const store_named_sql store_hot_core[] = {
    { "user_get", sql_user_get },
    { NULL, NULL },
};

int store_user_ensure(store *st, const char *login, int64_t now, int64_t *id, tk_err *err)
{
    /* Several processes may meet a new user at once (tmux runs `tock status` in every pane):
     * whoever inserts second finds the row already there. */
    static const char ins[] =
        "INSERT INTO users(login, role, created_utc) VALUES (?1, "
        "CASE WHEN EXISTS(SELECT 1 FROM users) THEN 'member' ELSE 'admin' END, ?2) "
        "ON CONFLICT(login) DO NOTHING";
    int rc = store_user_get(st, login, id, err);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    db_stmt *s = store_prep(st, ins, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, login, -1, DB_TRANSIENT);
    db_bind_int64(s, 2, now);
    if (store_exec_stmt(st, s, err, "adding the user"))
        return -1;
    rc = store_user_get(st, login, id, err);
    return rc == 1 ? 0 : rc < 0 ? -1 : tk_fail(err, "cannot add the user %s", login);
}

int store_user_get(store *st, const char *login, int64_t *id, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_user_get, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, login, -1, DB_TRANSIENT);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *id = db_column_int64(s, 0);
        free(st->known_login);
        st->known_login = xstrdup(login);
        st->known_uid = *id;
    }
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading users");
    return rc == DB_ROW;
}

int store_week_set(store *st, int64_t user_id, tk_day week_start, tk_week_state state,
                   int64_t actor_id, const char *reason, int64_t now, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO weeks(user_id, week_start, state, actor_id, reason, updated_utc) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(user_id, week_start) DO UPDATE SET "
        "state = excluded.state, actor_id = excluded.actor_id, reason = excluded.reason, "
        "updated_utc = excluded.updated_utc";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, week_start);
    db_bind_text(s, 3, week_state_name(state), -1, DB_STATIC);
    store_bind_id(s, 4, actor_id);
    store_bind_text(s, 5, reason);
    db_bind_int64(s, 6, now);
    return store_exec_stmt(st, s, err, "saving the week's state");
}
