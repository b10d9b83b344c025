/* store_impl.h — private to the store_*.c files: the sqlite handle and statement helpers. */
#ifndef TOCK_STORE_IMPL_H
#define TOCK_STORE_IMPL_H

#include "store.h"
#include "store_db.h"

/* Every statement a process prepares stays prepared (a TUI session prepares most of the
 * store's ~140), some twice (ENTRY_SEEN's two forms). */
#define STORE_NCACHE 192

struct store {
    db_conn *db;
    char *path;         /* a file, or a PostgreSQL connection string (never shown: it may
                         * hold a password); see store_name */
    bool pg;            /* PostgreSQL (store_pg.c) rather than a sqlite file */
    int busy_ms;        /* sqlite: the lock wait set (store_carry_save puts it back) */
    int64_t quiet_changes; /* sqlite: rows store_carry_save wrote (no data a user sees) */
    int64_t reconnects; /* PostgreSQL: connections made again (each one a data change) */
    /* PostgreSQL: the TUI's liveness (store_pg_watch.c): LISTENing on this connection, the
     * highest counter notified, and the link as the last store_data_version found it. */
    struct { bool listening; int64_t version; store_link link; } watch;
    /* PostgreSQL: the invoices whose push lease this session holds (store_lease.c); 0: free. */
    int64_t leases[8];
    /* plain: prepared with ENTRY_SEEN's test left out (store_prep); seen: the SQL has it. */
    struct { const char *sql; db_stmt *stmt; bool seen, plain; } cache[STORE_NCACHE];
    /* sqlite, inside a read transaction (store_read_begin): whether its snapshot holds a
     * pending range, asked by the first statement that has ENTRY_SEEN's test; with none,
     * statements run without the test. */
    enum { PENDING_ASK = 1, PENDING_NONE } pending;
    /* The last user store_user_get found, whose login store_audit hashes into each record
     * (saves it a query). */
    int64_t known_uid;
    char *known_login;
    /* sqlite: every client's rules as read, to be kept (store_rules.c); NULL: none. */
    struct store_rules_keep *rules_keep;
};

/* Entries of an import still being added (schema step 20, store_stage.c) are rows of
 * entries that no one sees yet: every statement that reads entries (a = its alias) leaves
 * out the pending range. Whether a range is pending is asked once a statement, in the
 * statement's own snapshot; with none (nearly always) no row pays more than a test of that
 * answer (report profit of a year: +12 % instructions when each row compared its id with the
 * bounds). Inside a read transaction it is asked once for the transaction instead, and the
 * test is left out of the statement (store_prep: 4 of the 17 VM steps a row of a busy week). */
#define ENTRY_SEEN_HEAD " (NOT EXISTS (SELECT 1 FROM entries_pending WHERE slot = 1) OR "
#define ENTRY_SEEN_TAIL "(SELECT hi FROM entries_pending WHERE slot = 1)) "
#define ENTRY_SEEN(a)                                                                       \
    ENTRY_SEEN_HEAD a ".id NOT BETWEEN (SELECT lo FROM entries_pending WHERE slot = 1) AND " \
    ENTRY_SEEN_TAIL

/* Removes this process's pending range (an import given up), or one whose process died,
 * in short write transactions; never waits for another's. 0 or -1. */
int store_pending_abandon(store *st, tk_err *err);
/* Inside the caller's write transaction (store_pending.c): records [*lo, *lo + n) as this
 * process's pending range past every entry id (0; 1 when a range is already pending; -1);
 * whether this process's range starting at lo is still recorded (1, 0, -1); and ends the
 * range, its rows seen from the commit on. */
int store_pending_reserve(store *st, int64_t n, int64_t *lo, tk_err *err);
int store_pending_mine(store *st, int64_t lo, tk_err *err);
int store_pending_release(store *st, tk_err *err);

/* A statement with a name, for store_explain. Tables end with { NULL, NULL }. */
typedef struct store_named_sql {
    const char *name, *sql;
} store_named_sql;
/* The statements every command or screen runs, by file. */
extern const store_named_sql store_hot_core[], store_hot_catalog[], store_hot_entries[],
    store_hot_team[], store_hot_profit[];

/* Every client's rules: the statements store_rules_all reads (store_rules.c keeps their rows
 * across commands) and their row readers, which step the statement they are given: a
 * prepared one, or store_rules.c's replay of the rows it kept. */
extern const char store_sql_client_all[], store_sql_rate_all[], store_sql_project_all[],
    store_sql_tier_rule_all[], store_sql_retainer_all[];
int store_client_rows(store *st, db_stmt *s, int (*fn)(const tk_client *c, void *ctx),
                      void *ctx, tk_err *err);
int store_rate_rows(store *st, db_stmt *s, int (*fn)(const tk_rate *r, void *ctx), void *ctx,
                    tk_err *err);
int store_project_rows(store *st, db_stmt *s, int (*fn)(const tk_project *p, void *ctx),
                       void *ctx, tk_err *err);
int store_tier_rule_rows(store *st, db_stmt *s,
                         int (*fn)(int64_t client_id, const tk_tier_rule *r, void *ctx),
                         void *ctx, tk_err *err);
int store_retainer_rows(store *st, db_stmt *s, int (*fn)(const tk_retainer *r, void *ctx),
                        void *ctx, tk_err *err);
/* The rules store_rules_all read and could not keep yet, forgotten (store_close). */
void store_rules_drop(store *st);

/* sqlite: a write of derived data that no screen shows (stored figures, kept rules) after a
 * reader's view, in its own short transaction: only when no transaction is open, the
 * database is writable and the write lock is free at once (never waits), even on a
 * connection that refuses writes (query_only); this connection's data version does not move.
 * put writes inside the transaction (0 or -1: rolled back). 1 written, 0 not. */
int store_quiet_write(store *st, int (*put)(store *st, void *ctx), void *ctx);

/* Each step is a NULL-terminated list of SQL statements. */
extern const char *const *const store_migrations[];
extern const int store_nmigrations;
/* A migration statement as this store runs it, without its "sqlite:"/"pg:" prefix; NULL when
 * it is for the other store. */
const char *store_migration_sql(const char *sql, bool pg);

/* PostgreSQL's store_data_version (store_pg_watch.c). */
int64_t store_pg_data_version(store *st);

/* PostgreSQL (store_pg.c): how store_open, store_open_read and store_open_quiet open it. */
enum { STORE_PG_WRITE, STORE_PG_READ, STORE_PG_QUIET };
int store_pg_open(const char *conninfo, int mode, store **out, tk_err *err);

/* In the migration's transaction: hashes the audit records of a database upgraded from
 * before the hash chain (store_audit.c). 0 or -1. */
int store_audit_chain_pending(store *st, tk_err *err);

/* A cached prepared statement for a static SQL string, reset and unbound; NULL + err on failure. */
db_stmt *store_prep(store *st, const char *sql, tk_err *err);
/* Translates the last sqlite failure into one line for the user. Returns -1. */
int store_fail(store *st, tk_err *err, const char *doing);
/* Steps a statement that returns no rows; 0 or -1. */
int store_exec_stmt(store *st, db_stmt *s, tk_err *err, const char *doing);

/* Binding and reading helpers for optional values. */
void store_bind_text(db_stmt *s, int i, const char *v);      /* NULL → NULL */
void store_bind_id(db_stmt *s, int i, int64_t id);           /* 0 → NULL */
void store_bind_day(db_stmt *s, int i, tk_day d);
char *store_col_text(db_stmt *s, int i);                     /* NULL stays NULL; owned */
char *store_col_text_or_empty(db_stmt *s, int i);            /* owned, never NULL */
tk_day store_col_day(db_stmt *s, int i);
/* store_col_day for a column whose days repeat from row to row (a week has seven): each
 * distinct text is parsed once. Start the cache zeroed, one per column. */
typedef struct store_day_cache {
    char text[10];
    tk_day day;
} store_day_cache;
tk_day store_col_day_cached(db_stmt *s, int i, store_day_cache *c);

#endif
