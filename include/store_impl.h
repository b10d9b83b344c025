/* store_impl.h — private to the store_*.c files: the sqlite handle and statement helpers. */
#ifndef TOCK_STORE_IMPL_H
#define TOCK_STORE_IMPL_H

#include <sqlite3.h>
#include "store.h"

#define STORE_NCACHE 96

struct store {
    sqlite3 *db;
    char *path;
    struct { const char *sql; sqlite3_stmt *stmt; } cache[STORE_NCACHE];
    /* The last user store_user_get found, whose login store_audit hashes into each record
     * (saves it a query). */
    int64_t known_uid;
    char *known_login;
};

/* A statement with a name, for store_explain. Tables end with { NULL, NULL }. */
typedef struct store_named_sql {
    const char *name, *sql;
} store_named_sql;
/* The statements every command or screen runs, by file. */
extern const store_named_sql store_hot_core[], store_hot_catalog[], store_hot_entries[],
    store_hot_team[];

/* Each step is a NULL-terminated list of SQL statements. */
extern const char *const *const store_migrations[];
extern const int store_nmigrations;

/* In the migration's transaction: hashes the audit records of a database upgraded from
 * before the hash chain (store_audit.c). 0 or -1. */
int store_audit_chain_pending(store *st, tk_err *err);

/* A cached prepared statement for a static SQL string, reset and unbound; NULL + err on failure. */
sqlite3_stmt *store_prep(store *st, const char *sql, tk_err *err);
/* Translates the last sqlite failure into one line for the user. Returns -1. */
int store_fail(store *st, tk_err *err, const char *doing);
/* Steps a statement that returns no rows; 0 or -1. */
int store_exec_stmt(store *st, sqlite3_stmt *s, tk_err *err, const char *doing);

/* Binding and reading helpers for optional values. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);      /* NULL → NULL */
void store_bind_id(sqlite3_stmt *s, int i, int64_t id);           /* 0 → NULL */
void store_bind_day(sqlite3_stmt *s, int i, tk_day d);
char *store_col_text(sqlite3_stmt *s, int i);                     /* NULL stays NULL; owned */
char *store_col_text_or_empty(sqlite3_stmt *s, int i);            /* owned, never NULL */
tk_day store_col_day(sqlite3_stmt *s, int i);

#endif
