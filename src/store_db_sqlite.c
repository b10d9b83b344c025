/* store_db_sqlite.c — the driver's sqlite backend: each call passes straight to sqlite3. */
#include "store_db.h"

#include <assert.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "mem_slab.h"
#include "util.h"

static_assert(DB_ROW == SQLITE_ROW && DB_DONE == SQLITE_DONE && DB_NULL == SQLITE_NULL &&
              DB_INTEGER == SQLITE_INTEGER && DB_TEXT == SQLITE_TEXT &&
              DB_CONSTRAINT_FOREIGNKEY == SQLITE_CONSTRAINT_FOREIGNKEY &&
              DB_IOERR_WRITE == SQLITE_IOERR_WRITE && DB_IOERR_SHMSIZE == SQLITE_IOERR_SHMSIZE &&
              DB_NOTADB == SQLITE_NOTADB && DB_OPEN_URI == SQLITE_OPEN_URI &&
              DB_OPEN_NOMUTEX == SQLITE_OPEN_NOMUTEX && DB_OPEN_CREATE == SQLITE_OPEN_CREATE &&
              DB_PREPARE_PERSISTENT == SQLITE_PREPARE_PERSISTENT,
              "the driver's codes are sqlite's");

typedef struct lite_conn {
    db_conn base;
    sqlite3 *db;
} lite_conn;

typedef struct lite_stmt {
    db_stmt base;
    sqlite3_stmt *s;
} lite_stmt;

#define DB(c) (((lite_conn *)(c))->db)
#define ST(s) (((lite_stmt *)(s))->s)

static const db_ops lite_ops;

static int lite_prepare(db_conn *c, const char *sql, db_stmt **out, bool persistent)
{
    sqlite3_stmt *s = NULL;
    *out = NULL;
    int rc = sqlite3_prepare_v3(DB(c), sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &s,
                                NULL);
    if (rc != SQLITE_OK)
        return rc;
    lite_stmt *ls = xcalloc(1, sizeof *ls);
    ls->base.ops = &lite_ops;
    ls->s = s;
    *out = &ls->base;
    return SQLITE_OK;
}

static int lite_step(db_stmt *s) { return sqlite3_step(ST(s)); }
static int lite_reset(db_stmt *s) { return sqlite3_reset(ST(s)); }
static int lite_clear_bindings(db_stmt *s) { return sqlite3_clear_bindings(ST(s)); }
static int lite_busy(db_stmt *s) { return sqlite3_stmt_busy(ST(s)); }

static int lite_finalize(db_stmt *s)
{
    int rc = sqlite3_finalize(ST(s));
    free(s);
    return rc;
}

static int lite_bind_int64(db_stmt *s, int i, int64_t v) { return sqlite3_bind_int64(ST(s), i, v); }
static int lite_bind_null(db_stmt *s, int i) { return sqlite3_bind_null(ST(s), i); }
static int lite_bind_text(db_stmt *s, int i, const char *v, int n, db_destructor d)
{
    return sqlite3_bind_text(ST(s), i, v, n, d == DB_STATIC ? SQLITE_STATIC : SQLITE_TRANSIENT);
}
static int64_t lite_column_int64(db_stmt *s, int i) { return sqlite3_column_int64(ST(s), i); }
static const unsigned char *lite_column_text(db_stmt *s, int i)
{
    return sqlite3_column_text(ST(s), i);
}
static int lite_column_type(db_stmt *s, int i) { return sqlite3_column_type(ST(s), i); }
static int lite_column_bytes(db_stmt *s, int i) { return sqlite3_column_bytes(ST(s), i); }
static int lite_column_count(db_stmt *s) { return sqlite3_column_count(ST(s)); }
static const char *lite_column_name(db_stmt *s, int i) { return sqlite3_column_name(ST(s), i); }
static int lite_exec(db_conn *c, const char *sql) { return sqlite3_exec(DB(c), sql, NULL, NULL, NULL); }
static const char *lite_errmsg(db_conn *c) { return DB(c) ? sqlite3_errmsg(DB(c)) : "out of memory"; }
static int lite_errcode(db_conn *c) { return sqlite3_extended_errcode(DB(c)); }
static int lite_system_errno(db_conn *c) { return sqlite3_system_errno(DB(c)); }
static int64_t lite_last_insert_rowid(db_conn *c) { return sqlite3_last_insert_rowid(DB(c)); }
static int lite_changes(db_conn *c) { return sqlite3_changes(DB(c)); }
static int64_t lite_total_changes(db_conn *c) { return sqlite3_total_changes64(DB(c)); }
static int lite_get_autocommit(db_conn *c) { return sqlite3_get_autocommit(DB(c)); }
static int lite_busy_timeout(db_conn *c, int ms) { return sqlite3_busy_timeout(DB(c), ms); }

static int lite_bind_parameter_count(db_stmt *s) { return sqlite3_bind_parameter_count(ST(s)); }

static int lite_close(db_conn *c)
{
    int rc = sqlite3_close(DB(c));
    free(c);
    return rc;
}

static const db_ops lite_ops = {
    lite_prepare, lite_step, lite_reset, lite_clear_bindings, lite_finalize, lite_busy,
    lite_bind_int64, lite_bind_text, lite_bind_null, lite_column_int64, lite_column_text,
    lite_column_type, lite_column_bytes, lite_column_count, lite_column_name, lite_exec,
    lite_errmsg, lite_errcode, lite_system_errno, lite_last_insert_rowid, lite_changes,
    lite_total_changes, lite_get_autocommit, lite_busy_timeout, lite_close,
    lite_bind_parameter_count,
};

static int slab_init(void *app)
{
    (void)app;
    return SQLITE_OK;
}

static void slab_shutdown(void *app)
{
    (void)app;
}

/* sqlite's small allocations from mem_slab.c's free lists (see mem_slab.h for why). Not in a
 * sanitizer build, nor when TOCK_SYSTEM_MALLOC is set (tests/valgrind_cli.py): there each of
 * sqlite's allocations stays one of malloc's, which the checker watches. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static void use_slab(void)
{
    static const sqlite3_mem_methods slab = { mem_slab_malloc, mem_slab_free, mem_slab_realloc,
                                              mem_slab_size, mem_slab_roundup, slab_init,
                                              slab_shutdown, NULL };
    const char *system = getenv("TOCK_SYSTEM_MALLOC");
    if (!SANITIZED && (!system || !*system))
        sqlite3_config(SQLITE_CONFIG_MALLOC, &slab);
}

int db_sqlite_open(const char *name, db_conn **out, int flags)
{
    /* Before sqlite's first use: no memory statistics (tock reads none), so its every
     * allocation and free no longer takes and releases a global mutex. Later calls are
     * refused by sqlite and harmless. */
    static bool configured;
    if (!configured) {
        configured = true;
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        use_slab();
    }
    lite_conn *c = xcalloc(1, sizeof *c);
    c->base.ops = &lite_ops;
    c->base.dialect = DB_SQLITE;
    *out = &c->base;
    int rc = sqlite3_open_v2(name, &c->db, flags, NULL);
    if (c->db)
        sqlite3_extended_result_codes(c->db, 1);
    return rc;
}

void *db_sqlite_handle(db_conn *c)
{
    return c && c->dialect == DB_SQLITE ? DB(c) : NULL;
}

void *db_sqlite_stmt(db_stmt *s)
{
    return s && s->ops == &lite_ops ? ST(s) : NULL;
}
