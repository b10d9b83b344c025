/* store_db.h — private to the store_*.c files: the small database driver both stores run on.
 *
 * The store's SQL runs through these calls, which mirror the sqlite3 calls the store used
 * (same arguments, same return codes, db_ for sqlite3_ and DB_ for SQLITE_), with two
 * backends chosen when the database is opened: sqlite (store_db_sqlite.c, a thin pass-through)
 * and PostgreSQL over libpq (store_db_pg.c). A store file written for sqlite3 is converted
 * mechanically:
 *
 *     sed -i -e 's/\bsqlite3_\(stmt\|bind_\|column_\|step\|reset\|clear_bindings\|finalize\|prepare_v[23]\|exec\|errmsg\|extended_errcode\|last_insert_rowid\|changes\|get_autocommit\|busy_timeout\|stmt_busy\|total_changes64\|system_errno\)/db_\1/g' \
 *            -e 's/\bSQLITE_\(OK\|ROW\|DONE\|NULL\|INTEGER\|TEXT\|TRANSIENT\|STATIC\|CONSTRAINT\|CONSTRAINT_FOREIGNKEY\|BUSY\|ERROR\|LOCKED\|FULL\|READONLY\|CORRUPT\|NOTADB\|CANTOPEN\|IOERR\|IOERR_WRITE\|IOERR_SHMSIZE\|PREPARE_PERSISTENT\)\b/DB_\1/g' \
 *            src/store_NEW.c
 *
 * and then by hand, where the compiler or `make test STORE=pg` points: INSERT OR REPLACE
 * (PostgreSQL has none: INSERT ... ON CONFLICT(key) DO UPDATE SET col = excluded.col, which
 * sqlite runs too), rowid (order by the key), an explicit NULL for an id to let the database
 * pick one (leave the column out), a bare integer used as a boolean ("?1 OR ..." → "?1 <> 0
 * OR ..."), and PRAGMAs or sqlite3_* calls without a db_ twin (branch on st->pg).
 *
 * Write SQL both stores accept: ?N parameters (rewritten to $N for PostgreSQL), COALESCE or
 * IFNULL (rewritten), INSERT OR IGNORE (rewritten to ON CONFLICT DO NOTHING), and
 * INSERT ... ON CONFLICT(key) DO UPDATE instead of INSERT OR REPLACE. Schema steps may give
 * a statement for one store only with a "sqlite:" or "pg:" prefix (store_schema.c). */
#ifndef TOCK_STORE_DB_H
#define TOCK_STORE_DB_H

#include <stdbool.h>
#include <stdint.h>

typedef struct db_conn db_conn;
typedef struct db_stmt db_stmt;

/* sqlite's values, so the sqlite backend passes them through (store_db_sqlite.c checks). */
enum {
    DB_OK = 0, DB_ERROR = 1, DB_BUSY = 5, DB_LOCKED = 6, DB_READONLY = 8, DB_IOERR = 10,
    DB_CORRUPT = 11, DB_FULL = 13, DB_CANTOPEN = 14, DB_CONSTRAINT = 19, DB_NOTADB = 26,
    DB_ROW = 100, DB_DONE = 101,
    DB_IOERR_WRITE = DB_IOERR | (3 << 8), DB_IOERR_SHMSIZE = DB_IOERR | (19 << 8),
    DB_CONSTRAINT_FOREIGNKEY = DB_CONSTRAINT | (3 << 8),
    /* PostgreSQL only: the connection to the server is gone. */
    DB_LOST = 1000,
};
enum { DB_INTEGER = 1, DB_FLOAT = 2, DB_TEXT = 3, DB_BLOB = 4, DB_NULL = 5 };
typedef void (*db_destructor)(void *);
#define DB_STATIC ((db_destructor)0)
#define DB_TRANSIENT ((db_destructor)-1)

typedef enum { DB_SQLITE, DB_PG } db_dialect;

/* What each backend implements; the db_ calls below dispatch through it. */
typedef struct db_ops {
    int (*prepare)(db_conn *c, const char *sql, db_stmt **out, bool persistent);
    int (*step)(db_stmt *s);
    int (*reset)(db_stmt *s);
    int (*clear_bindings)(db_stmt *s);
    int (*finalize)(db_stmt *s);
    int (*busy)(db_stmt *s);
    int (*bind_int64)(db_stmt *s, int i, int64_t v);
    int (*bind_text)(db_stmt *s, int i, const char *v, int n, db_destructor d);
    int (*bind_null)(db_stmt *s, int i);
    int64_t (*column_int64)(db_stmt *s, int i);
    const unsigned char *(*column_text)(db_stmt *s, int i);
    int (*column_type)(db_stmt *s, int i);
    int (*column_bytes)(db_stmt *s, int i);
    int (*column_count)(db_stmt *s);
    const char *(*column_name)(db_stmt *s, int i);
    int (*exec)(db_conn *c, const char *sql);
    const char *(*errmsg)(db_conn *c);
    int (*errcode)(db_conn *c);
    int (*system_errno)(db_conn *c);
    int64_t (*last_insert_rowid)(db_conn *c);
    int (*changes)(db_conn *c);
    int64_t (*total_changes)(db_conn *c);
    int (*get_autocommit)(db_conn *c);
    int (*busy_timeout)(db_conn *c, int ms);
    int (*close)(db_conn *c);
    int (*bind_parameter_count)(db_stmt *s);
} db_ops;

/* Every connection and statement starts with its backend's table. */
struct db_conn {
    const db_ops *ops;
    db_dialect dialect;
};
struct db_stmt {
    const db_ops *ops;
};

/* Opening is per backend (the flags and what a path means differ). */
/* sqlite: as sqlite3_open_v2; *out is set even on failure (for db_errmsg), as sqlite does. */
int db_sqlite_open(const char *name, db_conn **out, int flags);
/* The flags store_*.c pass to db_sqlite_open (sqlite's values). */
enum { DB_OPEN_READONLY = 0x1, DB_OPEN_READWRITE = 0x2, DB_OPEN_CREATE = 0x4,
       DB_OPEN_URI = 0x40, DB_OPEN_NOMUTEX = 0x8000 };
/* The sqlite3 handle under a sqlite connection, for what only sqlite has (backup, WAL,
 * ATTACH); NULL on PostgreSQL. Only store files that include sqlite3.h cast it. */
void *db_sqlite_handle(db_conn *c);
/* The sqlite3_stmt under a sqlite statement, NULL on PostgreSQL: for a reader of hundreds of
 * thousands of rows (store_profit.c), which then asks sqlite for each column directly. */
void *db_sqlite_stmt(db_stmt *s);
/* PostgreSQL: conninfo is any libpq connection string or URI; setup (may be NULL): SET
 * statements ("SET a = 1; SET b = 2") for the session, sent with the connection's first query
 * (which also reads current_user and the schema version in tock_state: *version, -1 when there
 * is none) and again after a reconnect. NULL + message on failure. */
db_conn *db_pg_connect(const char *conninfo, const char *setup, int64_t *version,
                       char **errmsg);
/* The SQL as PostgreSQL takes it (store_db.h's header says what is rewritten); owned by the
 * caller. *nparams (may be NULL): the highest parameter number. */
char *db_pg_rewrite(const char *sql, int *nparams);
/* Whether a database name is a PostgreSQL connection string rather than a file. */
bool db_is_pg_name(const char *name);
/* PostgreSQL: the server's current_user (owned by the connection). */
const char *db_pg_user(db_conn *c);
/* PostgreSQL: the notifications (LISTEN) that came in, with no round trip; *latest becomes
 * the highest integer payload seen. How many came, or -1: the connection is gone. */
int db_pg_notified(db_conn *c, int64_t *latest);
/* PostgreSQL, for a screen that must not freeze: a lost connection is made again without
 * blocking, a step per call (waiting at most about ms). 0 connected as before, 1 connected
 * again since the last call (by this call or by a statement), -1 not connected now. */
int db_pg_link(db_conn *c, int ms);
/* PostgreSQL: the socket notifications arrive on (to wait on), or -1. */
int db_pg_socket(db_conn *c);
/* PostgreSQL: the connection's server process id (pg_backend_pid), or 0. */
int64_t db_pg_backend(db_conn *c);

static inline int db_prepare_v2(db_conn *c, const char *sql, int n, db_stmt **out,
                                const char **tail)
{
    (void)n;
    (void)tail;
    return c->ops->prepare(c, sql, out, false);
}
/* The flags argument is sqlite's SQLITE_PREPARE_PERSISTENT or 0. */
#define DB_PREPARE_PERSISTENT 0x01
static inline int db_prepare_v3(db_conn *c, const char *sql, int n, unsigned flags,
                                db_stmt **out, const char **tail)
{
    (void)n;
    (void)tail;
    return c->ops->prepare(c, sql, out, (flags & DB_PREPARE_PERSISTENT) != 0);
}
static inline int db_step(db_stmt *s) { return s->ops->step(s); }
static inline int db_reset(db_stmt *s) { return s->ops->reset(s); }
static inline int db_clear_bindings(db_stmt *s) { return s->ops->clear_bindings(s); }
static inline int db_finalize(db_stmt *s) { return s ? s->ops->finalize(s) : DB_OK; }
static inline int db_stmt_busy(db_stmt *s) { return s->ops->busy(s); }
static inline int db_bind_int64(db_stmt *s, int i, int64_t v) { return s->ops->bind_int64(s, i, v); }
static inline int db_bind_int(db_stmt *s, int i, int v) { return s->ops->bind_int64(s, i, v); }
static inline int db_bind_text(db_stmt *s, int i, const char *v, int n, db_destructor d)
{
    return s->ops->bind_text(s, i, v, n, d);
}
static inline int db_bind_null(db_stmt *s, int i) { return s->ops->bind_null(s, i); }
static inline int64_t db_column_int64(db_stmt *s, int i) { return s->ops->column_int64(s, i); }
static inline int db_column_int(db_stmt *s, int i) { return (int)s->ops->column_int64(s, i); }
static inline const unsigned char *db_column_text(db_stmt *s, int i)
{
    return s->ops->column_text(s, i);
}
static inline int db_column_type(db_stmt *s, int i) { return s->ops->column_type(s, i); }
static inline int db_column_bytes(db_stmt *s, int i) { return s->ops->column_bytes(s, i); }
static inline int db_column_count(db_stmt *s) { return s->ops->column_count(s); }
/* The highest parameter number the statement uses. */
static inline int db_bind_parameter_count(db_stmt *s) { return s->ops->bind_parameter_count(s); }
static inline const char *db_column_name(db_stmt *s, int i) { return s->ops->column_name(s, i); }
/* As sqlite3_exec without a callback: runs one or more statements that return no rows. */
static inline int db_exec(db_conn *c, const char *sql, void *cb, void *arg, char **errmsg)
{
    (void)cb;
    (void)arg;
    (void)errmsg;
    return c->ops->exec(c, sql);
}
static inline const char *db_errmsg(db_conn *c) { return c->ops->errmsg(c); }
static inline int db_extended_errcode(db_conn *c) { return c->ops->errcode(c); }
static inline int db_system_errno(db_conn *c) { return c->ops->system_errno(c); }
static inline int64_t db_last_insert_rowid(db_conn *c) { return c->ops->last_insert_rowid(c); }
static inline int db_changes(db_conn *c) { return c->ops->changes(c); }
static inline int64_t db_total_changes64(db_conn *c) { return c->ops->total_changes(c); }
static inline int db_get_autocommit(db_conn *c) { return c->ops->get_autocommit(c); }
static inline int db_busy_timeout(db_conn *c, int ms) { return c->ops->busy_timeout(c, ms); }
static inline int db_close(db_conn *c) { return c ? c->ops->close(c) : DB_OK; }

#endif
