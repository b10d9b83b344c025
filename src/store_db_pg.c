/* store_db_pg.c — the driver's PostgreSQL backend over libpq.
 *
 * libpq is opened with dlopen the first time a PostgreSQL database is opened, so a tock on
 * sqlite neither loads it (and the TLS and Kerberos libraries it pulls in) at every start nor
 * needs it installed. A statement's SQL is rewritten once (?N → $N and the few sqlite-isms
 * store_db.h lists) and run with text parameters; integers are sent typed (int8), so
 * "?1 IS NULL" and arithmetic on parameters need no casts.
 *
 * Round trips are what a command pays for here (each tock command is a new process, so a new
 * connection and a new server backend), so each step costs one where it can: the connection's
 * settings, current_user and the schema version are one query (db_pg_connect); a statement's
 * first run is parsed, bound and run in one (PQexecParams); its second prepares it and runs it
 * in one (pipeline mode), and later runs execute the prepared statement.
 *
 * A result is fetched whole and stepped through row by row: a callback may query the store
 * while an iteration is under way, as it may on sqlite. */
#define _GNU_SOURCE /* RTLD_DEEPBIND (pq_load) */
#include "store_db.h"

#include <dlfcn.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util.h"

/* The libpq functions tock calls, found by name in libpq.so.5. */
#define PQ_FUNCS(X)                                                                           \
    X(PQconnectdb) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQreset)                      \
    X(PQsetNoticeProcessor) X(PQprepare) X(PQexecPrepared) X(PQexecParams) X(PQexec)         \
    X(PQresultStatus)                                                                         \
    X(PQresultErrorField) X(PQclear) X(PQntuples) X(PQnfields) X(PQfname) X(PQftype)         \
    X(PQgetvalue) X(PQgetisnull) X(PQgetlength) X(PQcmdTuples) X(PQtransactionStatus)        \
    X(PQdb)
/* libpq 14 and later; without them a statement's second run prepares in a round trip of its
 * own. */
#define PQ_PIPELINE_FUNCS(X)                                                                  \
    X(PQenterPipelineMode) X(PQexitPipelineMode) X(PQpipelineSync) X(PQsendPrepare)          \
    X(PQsendQueryPrepared) X(PQgetResult)
/* Listening (db_pg_notified: the TUI's liveness), reconnecting without blocking (db_pg_link)
 * and the session's server process (leases). */
#define PQ_NOTIFY_FUNCS(X)                                                                    \
    X(PQsocket) X(PQconsumeInput) X(PQnotifies) X(PQfreemem) X(PQbackendPID)                \
    X(PQresetStart) X(PQresetPoll)
static struct {
#define PQ_FIELD(f) __typeof__(f) *f;
    PQ_FUNCS(PQ_FIELD)
    PQ_NOTIFY_FUNCS(PQ_FIELD)
    PQ_PIPELINE_FUNCS(PQ_FIELD)
    bool pipeline;
} pq;

static const char *pq_load(void)
{
    static int state; /* 0 not tried, 1 loaded, -1 failed */
    static char why[256];
    if (state)
        return state > 0 ? NULL : why;
    /* Loading libpq and the ~20 libraries it links (TLS, Kerberos, LDAP) is most of what a
     * command on PostgreSQL costs in the process itself: ~10,000 relocations, each a symbol
     * looked up through the scopes. RTLD_LAZY leaves the functions of the libraries that allow
     * it unbound until called; RTLD_DEEPBIND looks up in libpq's own libraries before tock's
     * (ncurses, sqlite...), a third fewer instructions in all (callgrind). The sanitizers'
     * runtimes refuse RTLD_DEEPBIND. */
    int flags = RTLD_LAZY | RTLD_LOCAL;
#if defined(RTLD_DEEPBIND) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#if !defined(__has_feature)
    flags |= RTLD_DEEPBIND;
#elif !__has_feature(address_sanitizer) && !__has_feature(memory_sanitizer) && \
    !__has_feature(thread_sanitizer)
    flags |= RTLD_DEEPBIND;
#endif
#endif
    void *h = dlopen("libpq.so.5", flags);
    state = -1;
    if (!h) {
        snprintf(why, sizeof why, "PostgreSQL needs libpq (Debian: apt install libpq5): %s",
                 dlerror());
        return why;
    }
#define PQ_LOAD(f)                                                                            \
    if (!(*(void **)&pq.f = dlsym(h, #f))) {                                                  \
        snprintf(why, sizeof why, "this libpq has no %s", #f);                                \
        return why;                                                                           \
    }
    PQ_FUNCS(PQ_LOAD)
    PQ_NOTIFY_FUNCS(PQ_LOAD)
#define PQ_LOAD_OPTIONAL(f) &&(*(void **)&pq.f = dlsym(h, #f)) != NULL
    pq.pipeline = true PQ_PIPELINE_FUNCS(PQ_LOAD_OPTIONAL);
    state = 1;
    return NULL;
}

typedef struct pg_conn {
    db_conn base;
    PGconn *pg;
    char *user;         /* current_user */
    char *setup;        /* the SETs run on connecting, and again on reconnecting */
    int lock_ms;        /* lock_timeout set since (db_busy_timeout), or -1 */
    char err[512];
    int code;           /* the DB_ code of the last failure */
    int changes;
    int64_t total;
    unsigned gen;       /* bumped on reconnecting: prepared statements are gone */
    unsigned names;     /* prepared statement names handed out */
    bool in_tx;         /* BEGIN seen, COMMIT or ROLLBACK not yet */
    bool lost;          /* the connection went away inside a transaction */
    bool lost_seen;     /* a reconnect since db_pg_link last asked */
    bool resetting;     /* db_pg_link's reset is under way */
    int reset_wants;    /* what it waits for: PGRES_POLLING_READING or _WRITING */
    time_t reset_since;
} pg_conn;

typedef struct pg_stmt {
    db_stmt base;
    pg_conn *c;
    char *sql;          /* rewritten for PostgreSQL */
    int nparams;
    char **vals;        /* owned; NULL: SQL NULL */
    char *kinds;        /* per parameter: 'i' int8, 't' text, 'n' null */
    char *is_null_test; /* per parameter: 1 when the SQL asks "$N IS NULL" (then a text or
                         * NULL value is sent as text: the server cannot infer a type there) */
    char *prepared_kinds;
    char name[24];
    unsigned gen;
    int runs;           /* the first run is sent whole, a second prepares it (pg_step) */
    PGresult *res;
    int row, nrows;     /* row: the current one, -1 before the first */
} pg_stmt;

static const db_ops pg_ops;

#define C(c) ((pg_conn *)(c))
#define S(s) ((pg_stmt *)(s))

static bool ident_char(char ch)
{
    return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9');
}

static bool word_at(const char *p, const char *word)
{
    size_t n = strlen(word);
    return !strncasecmp(p, word, n);
}

/* The SQL as PostgreSQL takes it: ?N → $N, ? → $k, IFNULL( → COALESCE(, INSERT OR IGNORE →
 * INSERT ... ON CONFLICT DO NOTHING. Quoted text is left alone. *nparams: the highest $N. */
char *db_pg_rewrite(const char *sql, int *nparams)
{
    strbuf sb = { 0 };
    int next = 0, max = 0;
    bool ignore = false;
    char quote = 0;
    for (const char *p = sql; *p;) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            sb_addc(&sb, *p++);
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            sb_addc(&sb, *p++);
        } else if (*p == '$' && p[1] == '$') { /* a dollar-quoted body: copy to its end */
            const char *end = strstr(p + 2, "$$");
            size_t n = end ? (size_t)(end + 2 - p) : strlen(p);
            sb_addf(&sb, "%.*s", (int)n, p);
            p += n;
        } else if (*p == '?') {
            p++;
            int n = 0;
            if (*p >= '0' && *p <= '9')
                n = (int)strtol(p, (char **)&p, 10);
            else
                n = ++next;
            if (n > max)
                max = n;
            sb_addf(&sb, "$%d", n);
        } else if (word_at(p, "IFNULL(") && (p == sql || !ident_char(p[-1]))) {
            sb_add(&sb, "COALESCE(");
            p += 7;
        } else if (word_at(p, "INSERT OR IGNORE ")) {
            sb_add(&sb, "INSERT ");
            ignore = true;
            p += 17;
        } else {
            sb_addc(&sb, *p++);
        }
    }
    if (ignore) {
        /* Before any trailing ";" and blanks. */
        size_t n = sb.len;
        while (n && (sb.buf[n - 1] == ';' || sb.buf[n - 1] == '\n' || sb.buf[n - 1] == ' '))
            n--;
        sb.buf[n] = 0;
        sb.len = n;
        sb_add(&sb, " ON CONFLICT DO NOTHING");
    }
    if (nparams)
        *nparams = max;
    return sb_detach(&sb);
}

/* Records a failure from res (NULL: from the connection) as a DB_ code and one line. */
static int pg_fail(pg_conn *c, const PGresult *res)
{
    const char *state = res ? pq.PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? pq.PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (pq.PQstatus(c->pg) == CONNECTION_BAD || !state) {
        c->code = DB_LOST;
        if (c->in_tx)
            c->lost = true;
        msg = pq.PQerrorMessage(c->pg);
    } else if (!strncmp(state, "23", 2)) {
        c->code = !strcmp(state, "23503") ? DB_CONSTRAINT_FOREIGNKEY
                  : !strcmp(state, "23505") ? DB_CONSTRAINT | (8 << 8)
                                            : DB_CONSTRAINT | (1 << 8);
    } else if (!strcmp(state, "P0001")) {
        c->code = DB_CONSTRAINT | (7 << 8); /* a trigger refused (the audit log) */
    } else if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03") ||
               !strcmp(state, "57014")) {
        c->code = DB_BUSY;
    } else if (!strcmp(state, "53100")) {
        c->code = DB_FULL;
    } else if (!strcmp(state, "25006")) {
        c->code = DB_READONLY;
    } else {
        c->code = DB_ERROR;
    }
    snprintf(c->err, sizeof c->err, "%s", msg && *msg ? msg : "unknown error");
    /* libpq's messages end with a newline; one line for the user. */
    c->err[strcspn(c->err, "\n")] = 0;
    return c->code & 0xff ? c->code & 0xff : DB_ERROR;
}

/* A new connection under an old one: its server-side prepared statements are gone, and the
 * session's settings (the connection's first query, lock_timeout) are made again. */
static bool pg_connected_again(pg_conn *c)
{
    c->gen++;
    c->lost_seen = true;
    char *sql = c->lock_ms < 0 ? xstrdup(c->setup)
                               : xasprintf("%s; SET lock_timeout = %d", c->setup, c->lock_ms);
    PGresult *r = pq.PQexec(c->pg, sql);
    free(sql);
    bool ok = r && pq.PQresultStatus(r) == PGRES_COMMAND_OK;
    if (r)
        pq.PQclear(r);
    return ok;
}

/* Before a statement: a connection lost outside a transaction is made again (the TUI goes on
 * after the server restarts); inside one, everything fails until the rollback. */
static bool pg_ready(pg_conn *c)
{
    if (c->lost)
        return false;
    if (pq.PQstatus(c->pg) == CONNECTION_OK)
        return true;
    c->resetting = false;
    pq.PQreset(c->pg);
    if (pq.PQstatus(c->pg) != CONNECTION_OK)
        return false;
    return pg_connected_again(c);
}

/* Whether the rewritten SQL names $n (a parameter the SQL skips has no type the server can
 * infer: it is sent as text). */
static bool uses_param(const char *sql, int n)
{
    char probe[16];
    int len = snprintf(probe, sizeof probe, "$%d", n);
    for (const char *p = strstr(sql, probe); p; p = strstr(p + 1, probe))
        if (p[len] < '0' || p[len] > '9')
            return true;
    return false;
}

static int pg_prepare(db_conn *dc, const char *sql, db_stmt **out, bool persistent)
{
    (void)persistent;
    pg_stmt *s = xcalloc(1, sizeof *s);
    s->base.ops = &pg_ops;
    s->c = C(dc);
    s->sql = db_pg_rewrite(sql, &s->nparams);
    s->vals = xcalloc((size_t)s->nparams + 1, sizeof *s->vals);
    s->kinds = xcalloc((size_t)s->nparams + 1, 1);
    memset(s->kinds, 'n', (size_t)s->nparams);
    s->is_null_test = xcalloc((size_t)s->nparams + 1, 1);
    for (int i = 0; i < s->nparams; i++) {
        char probe[24];
        snprintf(probe, sizeof probe, "$%d IS ", i + 1);
        s->is_null_test[i] = strstr(s->sql, probe) != NULL || !uses_param(s->sql, i + 1);
    }
    s->row = -1;
    *out = &s->base;
    return DB_OK;
}

static void pg_clear_result(pg_stmt *s)
{
    if (s->res)
        pq.PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->nrows = 0;
}

/* The parameters' types as the server is told them. Owned by the caller. */
static Oid *param_types(const pg_stmt *s)
{
    Oid *types = xcalloc((size_t)s->nparams + 1, sizeof *types);
    for (int i = 0; i < s->nparams; i++)
        types[i] = s->kinds[i] == 'i' ? 20 /* int8 */ : s->is_null_test[i] ? 25 /* text */
                   : 0; /* the server infers the type from where the parameter stands */
    return types;
}

/* Whether s is prepared on the server, with the parameter types it now has (an integer
 * where a NULL was makes it prepare again), on this connection (a reconnect loses them). */
static bool pg_is_prepared(const pg_stmt *s)
{
    return s->name[0] && s->gen == s->c->gen && !strcmp(s->prepared_kinds, s->kinds);
}

static void pg_prepared(pg_stmt *s)
{
    free(s->prepared_kinds);
    s->prepared_kinds = xstrdup(s->kinds);
    s->gen = s->c->gen;
}

/* Prepares s on the server in a round trip of its own (a libpq without pipeline mode). */
static int pg_server_prepare(pg_stmt *s, const Oid *types)
{
    pg_conn *c = s->c;
    PGresult *r = pq.PQprepare(c->pg, s->name, s->sql, s->nparams, types);
    int rc = 0;
    if (!r || pq.PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = pg_fail(c, r);
        s->name[0] = 0;
    } else {
        pg_prepared(s);
    }
    if (r)
        pq.PQclear(r);
    return rc;
}

/* Prepares s and runs it in one round trip: Parse, Bind, Execute and Sync sent together
 * (pipeline mode). Its result, or NULL with the failure recorded (*rc). */
static PGresult *pg_prepare_run(pg_stmt *s, const Oid *types, int *rc)
{
    pg_conn *c = s->c;
    PGresult *prep = NULL, *run = NULL;
    bool sent = pq.PQenterPipelineMode(c->pg) &&
                pq.PQsendPrepare(c->pg, s->name, s->sql, s->nparams, types) &&
                pq.PQsendQueryPrepared(c->pg, s->name, s->nparams,
                                       (const char *const *)s->vals, NULL, NULL, 0) &&
                pq.PQpipelineSync(c->pg);
    /* The prepare's result, a NULL, the run's, a NULL, then the sync's; bounded, in case the
     * connection goes. */
    int query = 0;
    for (int i = 0; sent && i < 8; i++) {
        PGresult *r = pq.PQgetResult(c->pg);
        if (!r) {
            if (pq.PQstatus(c->pg) == CONNECTION_BAD)
                break;
            query++;
            continue;
        }
        if (pq.PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            pq.PQclear(r);
            break;
        }
        if (query == 0 && !prep)
            prep = r;
        else if (query == 1 && !run)
            run = r;
        else
            pq.PQclear(r);
    }
    pq.PQexitPipelineMode(c->pg);
    *rc = 0;
    if (!prep || pq.PQresultStatus(prep) != PGRES_COMMAND_OK) {
        *rc = pg_fail(c, prep);
        s->name[0] = 0;
        if (run)
            pq.PQclear(run);
        run = NULL;
    } else {
        pg_prepared(s);
    }
    if (prep)
        pq.PQclear(prep);
    if (!run && !*rc)
        *rc = pg_fail(c, NULL);
    return run;
}

static int pg_step(db_stmt *ds)
{
    pg_stmt *s = S(ds);
    pg_conn *c = s->c;
    if (s->res) {
        if (++s->row < s->nrows)
            return DB_ROW;
        return DB_DONE;
    }
    if (!pg_ready(c))
        return pg_fail(c, NULL);
    PGresult *r;
    if (s->runs++ == 0) {
        /* Most statements of a command run once: parse, bind and run in one round trip. */
        Oid *types = param_types(s);
        r = pq.PQexecParams(c->pg, s->sql, s->nparams, types, (const char *const *)s->vals,
                            NULL, NULL, 0);
        free(types);
    } else if (!pg_is_prepared(s)) {
        /* Run again (a loop): from now on it runs prepared. */
        Oid *types = param_types(s);
        snprintf(s->name, sizeof s->name, "tk%u", ++c->names);
        int rc = 0;
        if (pq.pipeline) {
            r = pg_prepare_run(s, types, &rc);
        } else {
            rc = pg_server_prepare(s, types);
            r = rc ? NULL
                   : pq.PQexecPrepared(c->pg, s->name, s->nparams,
                                       (const char *const *)s->vals, NULL, NULL, 0);
        }
        free(types);
        if (rc)
            return rc;
    } else {
        r = pq.PQexecPrepared(c->pg, s->name, s->nparams, (const char *const *)s->vals, NULL,
                              NULL, 0);
    }
    int rc;
    ExecStatusType st = r ? pq.PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        rc = pg_fail(c, r);
        if (r)
            pq.PQclear(r);
        return rc;
    }
    c->changes = atoi(pq.PQcmdTuples(r));
    c->total += c->changes;
    s->res = r;
    s->nrows = st == PGRES_TUPLES_OK ? pq.PQntuples(r) : 0;
    s->row = 0;
    return s->nrows > 0 ? DB_ROW : DB_DONE;
}

static int pg_reset(db_stmt *s)
{
    pg_clear_result(S(s));
    return DB_OK;
}

static int pg_clear_bindings(db_stmt *ds)
{
    pg_stmt *s = S(ds);
    for (int i = 0; i < s->nparams; i++) {
        free(s->vals[i]);
        s->vals[i] = NULL;
        s->kinds[i] = 'n';
    }
    return DB_OK;
}

static int pg_finalize(db_stmt *ds)
{
    pg_stmt *s = S(ds);
    pg_clear_result(s);
    pg_clear_bindings(ds);
    /* The server's prepared statement lives as long as the connection: closing it is a round
     * trip, and statements are finalized only when the connection closes (or for one-off
     * SQL, which is rare). */
    free(s->vals);
    free(s->kinds);
    free(s->is_null_test);
    free(s->prepared_kinds);
    free(s->sql);
    free(s);
    return DB_OK;
}

static int pg_busy(db_stmt *s) { return S(s)->res != NULL && S(s)->row < S(s)->nrows; }

static int pg_bind(pg_stmt *s, int i, char *v, char kind)
{
    if (i < 1 || i > s->nparams) {
        free(v);
        return DB_ERROR;
    }
    free(s->vals[i - 1]);
    s->vals[i - 1] = v;
    s->kinds[i - 1] = kind;
    return DB_OK;
}

static int pg_bind_int64(db_stmt *s, int i, int64_t v)
{
    return pg_bind(S(s), i, xasprintf("%lld", (long long)v), 'i');
}

static int pg_bind_text(db_stmt *s, int i, const char *v, int n, db_destructor d)
{
    (void)d;
    return pg_bind(S(s), i, n < 0 ? xstrdup(v) : xstrndup(v, (size_t)n), 't');
}

static int pg_bind_null(db_stmt *s, int i) { return pg_bind(S(s), i, NULL, 'n'); }

static bool pg_has(pg_stmt *s, int i)
{
    return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 && i < pq.PQnfields(s->res);
}

static const unsigned char *pg_column_text(db_stmt *ds, int i)
{
    pg_stmt *s = S(ds);
    if (!pg_has(s, i) || pq.PQgetisnull(s->res, s->row, i))
        return NULL;
    return (const unsigned char *)pq.PQgetvalue(s->res, s->row, i);
}

static int64_t pg_column_int64(db_stmt *ds, int i)
{
    const char *t = (const char *)pg_column_text(ds, i);
    if (!t)
        return 0;
    if (*t == 't' || *t == 'f') /* a boolean, as sqlite's 1 and 0 */
        return *t == 't';
    return strtoll(t, NULL, 10);
}

static int pg_column_type(db_stmt *ds, int i)
{
    pg_stmt *s = S(ds);
    if (!pg_has(s, i) || pq.PQgetisnull(s->res, s->row, i))
        return DB_NULL;
    switch (pq.PQftype(s->res, i)) {
    case 16: case 20: case 21: case 23: /* bool, int8, int2, int4 */
        return DB_INTEGER;
    case 700: case 701: case 1700: /* float4, float8, numeric */
        return DB_FLOAT;
    case 17:
        return DB_BLOB;
    default:
        return DB_TEXT;
    }
}

static int pg_column_bytes(db_stmt *ds, int i)
{
    pg_stmt *s = S(ds);
    return pg_has(s, i) ? pq.PQgetlength(s->res, s->row, i) : 0;
}

static int pg_column_count(db_stmt *ds)
{
    pg_stmt *s = S(ds);
    if (!s->res && pg_ready(s->c)) {
        /* Before the first step (store_dump names the columns first): run it now, and the
         * steps read its rows. */
        Oid *types = param_types(s);
        PGresult *r = pq.PQexecParams(s->c->pg, s->sql, s->nparams, types,
                                      (const char *const *)s->vals, NULL, NULL, 0);
        free(types);
        s->runs++;
        if (r && pq.PQresultStatus(r) == PGRES_TUPLES_OK) {
            s->res = r;
            s->nrows = pq.PQntuples(r);
            s->row = -1;
            s->c->changes = 0;
        } else if (r) {
            pg_fail(s->c, r);
            pq.PQclear(r);
        }
    }
    return s->res ? pq.PQnfields(s->res) : 0;
}

static const char *pg_column_name(db_stmt *ds, int i)
{
    pg_stmt *s = S(ds);
    return s->res && i >= 0 && i < pq.PQnfields(s->res) ? pq.PQfname(s->res, i) : NULL;
}

/* The SQL a store file runs with db_exec, in PostgreSQL's words: sqlite's transaction kinds
 * become a write lock (below) and a snapshot. */
static int pg_exec(db_conn *dc, const char *sql)
{
    pg_conn *c = C(dc);
    bool begin = false, end = false;
    char *text;
    if (!strcmp(sql, "BEGIN IMMEDIATE") || !strcmp(sql, "BEGIN")) {
        /* Every write transaction takes the one row of tock_state first: writers queue as
         * they do on sqlite (so every rule the app checks before it writes still holds with
         * many clients), readers never wait, and the counter is the data version the TUI
         * watches. */
        text = xstrdup("BEGIN; UPDATE tock_state SET data_version = data_version + 1");
        begin = true;
    } else if (!strcmp(sql, "BEGIN DEFERRED")) {
        text = xstrdup("BEGIN ISOLATION LEVEL REPEATABLE READ");
        begin = true;
    } else if (!strcmp(sql, "ROLLBACK")) {
        end = true;
        if (c->lost) { /* the server rolled it back when the connection went */
            c->lost = false;
            c->in_tx = false;
            return DB_OK;
        }
        text = xstrdup(sql);
    } else {
        end = !strcmp(sql, "COMMIT");
        text = db_pg_rewrite(sql, NULL);
    }
    int rc = DB_OK;
    if (!pg_ready(c)) {
        rc = pg_fail(c, NULL);
    } else {
        PGresult *r = pq.PQexec(c->pg, text);
        ExecStatusType st = r ? pq.PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
            rc = pg_fail(c, r);
        if (r)
            pq.PQclear(r);
    }
    free(text);
    if (begin && rc != DB_OK && pq.PQstatus(c->pg) == CONNECTION_OK &&
        pq.PQtransactionStatus(c->pg) == PQTRANS_INERROR) {
        /* A BEGIN that failed (the write lock not had in time) leaves no transaction, as on
         * sqlite: the caller tries again later with a new one. */
        PGresult *r = pq.PQexec(c->pg, "ROLLBACK");
        if (r)
            pq.PQclear(r);
    }
    if (begin)
        c->in_tx = pq.PQtransactionStatus(c->pg) == PQTRANS_INTRANS ||
                   pq.PQtransactionStatus(c->pg) == PQTRANS_INERROR;
    if (end && rc == DB_OK)
        c->in_tx = false;
    return rc;
}

static const char *pg_errmsg(db_conn *c) { return C(c)->err[0] ? C(c)->err : "not an error"; }
static int pg_errcode(db_conn *c) { return C(c)->code; }
static int pg_system_errno(db_conn *c) { (void)c; return 0; }
static int pg_changes(db_conn *c) { return C(c)->changes; }
static int64_t pg_total_changes(db_conn *c) { return C(c)->total; }

/* The id the last INSERT gave (every table with an id draws it from its identity sequence). */
static int64_t pg_last_insert_rowid(db_conn *dc)
{
    pg_conn *c = C(dc);
    PGresult *r = pq.PQexec(c->pg, "SELECT lastval()");
    int64_t id = 0;
    if (r && pq.PQresultStatus(r) == PGRES_TUPLES_OK && pq.PQntuples(r) == 1)
        id = strtoll(pq.PQgetvalue(r, 0, 0), NULL, 10);
    else
        pg_fail(c, r);
    if (r)
        pq.PQclear(r);
    return id;
}

static int pg_get_autocommit(db_conn *c)
{
    PGTransactionStatusType t = pq.PQtransactionStatus(C(c)->pg);
    return !C(c)->lost && (t == PQTRANS_IDLE || t == PQTRANS_UNKNOWN);
}

/* How long a statement waits for a lock (the write lock of pg_exec) before failing busy. */
static int pg_busy_timeout(db_conn *dc, int ms)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms);
    C(dc)->lock_ms = ms; /* for a reconnect (pg_ready) */
    return pg_exec(dc, sql);
}

static int pg_close(db_conn *dc)
{
    pg_conn *c = C(dc);
    if (c->pg)
        pq.PQfinish(c->pg);
    free(c->user);
    free(c->setup);
    free(c);
    return DB_OK;
}

static int pg_bind_parameter_count(db_stmt *s) { return S(s)->nparams; }

static const db_ops pg_ops = {
    pg_prepare, pg_step, pg_reset, pg_clear_bindings, pg_finalize, pg_busy, pg_bind_int64,
    pg_bind_text, pg_bind_null, pg_column_int64, pg_column_text, pg_column_type,
    pg_column_bytes, pg_column_count, pg_column_name, pg_exec, pg_errmsg, pg_errcode,
    pg_system_errno, pg_last_insert_rowid, pg_changes, pg_total_changes, pg_get_autocommit,
    pg_busy_timeout, pg_close, pg_bind_parameter_count,
};

/* Notices (a table that already exists, and such) are not for the user. */
static void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* The connection's first query: its settings, current_user and, where tock_state exists, the
 * schema version (*version; -1 when it could not be read), in one round trip. */
static bool pg_hello(pg_conn *c, int64_t *version)
{
    *version = -1;
    char *sql = xasprintf("%s; SELECT current_user, version FROM tock_state", c->setup);
    PGresult *r = pq.PQexec(c->pg, sql);
    free(sql);
    if (!r || pq.PQresultStatus(r) != PGRES_TUPLES_OK || pq.PQntuples(r) != 1) {
        /* No tock_state yet (a new database), or one this role cannot read: the store finds
         * out which. Its error rolled the settings back with it. */
        if (r)
            pq.PQclear(r);
        if (pq.PQstatus(c->pg) != CONNECTION_OK)
            return false;
        sql = xasprintf("%s; SELECT current_user", c->setup);
        r = pq.PQexec(c->pg, sql);
        free(sql);
        if (!r || pq.PQresultStatus(r) != PGRES_TUPLES_OK || pq.PQntuples(r) != 1) {
            if (r)
                pq.PQclear(r);
            return false;
        }
    } else {
        *version = strtoll(pq.PQgetvalue(r, 0, 1), NULL, 10);
    }
    c->user = xstrdup(pq.PQgetvalue(r, 0, 0));
    pq.PQclear(r);
    return true;
}

db_conn *db_pg_connect(const char *conninfo, const char *setup, int64_t *version,
                       char **errmsg)
{
    *errmsg = NULL;
    *version = -1;
    const char *why = pq_load();
    if (why) {
        *errmsg = xstrdup(why);
        return NULL;
    }
    /* A server that does not answer must not hang a command (or the grid reconnecting)
     * for ever: libpq waits without limit unless told; the user's setting wins. */
    char *info = NULL;
    if (!strstr(conninfo, "connect_timeout") && !getenv("PGCONNECT_TIMEOUT")) {
        bool uri = !strncmp(conninfo, "postgres", 8) && strstr(conninfo, "://");
        info = xasprintf("%s%s%s", conninfo, !uri ? " " : strchr(conninfo, '?') ? "&" : "?",
                         "connect_timeout=10");
    }
    PGconn *pg = pq.PQconnectdb(info ? info : conninfo);
    free(info);
    if (!pg || pq.PQstatus(pg) != CONNECTION_OK) {
        const char *m = pg ? pq.PQerrorMessage(pg) : "out of memory";
        *errmsg = xstrndup(m, strcspn(m, "\n"));
        if (pg)
            pq.PQfinish(pg);
        return NULL;
    }
    pq.PQsetNoticeProcessor(pg, pg_quiet, NULL);
    pg_conn *c = xcalloc(1, sizeof *c);
    c->base.ops = &pg_ops;
    c->base.dialect = DB_PG;
    c->pg = pg;
    c->lock_ms = -1;
    c->setup = xasprintf("SET client_min_messages = warning%s%s", setup && *setup ? "; " : "",
                         setup ? setup : "");
    if (!pg_hello(c, version)) {
        *errmsg = xstrdup(pq.PQerrorMessage(pg));
        (*errmsg)[strcspn(*errmsg, "\n")] = 0;
        pg_close(&c->base);
        return NULL;
    }
    return &c->base;
}

const char *db_pg_user(db_conn *c)
{
    return c && c->dialect == DB_PG ? C(c)->user : NULL;
}

/* A libpq URI, or a key=value connection string (service=tock, host=… dbname=…). */
bool db_is_pg_name(const char *name)
{
    if (!strncmp(name, "postgresql://", 13) || !strncmp(name, "postgres://", 11))
        return true;
    static const char *const keys[] = { "service=", "dbname=", "host=", "hostaddr=", "port=",
                                        "user=" };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        size_t n = strlen(keys[i]);
        if (!strncmp(name, keys[i], n))
            return true;
    }
    return false;
}

/* The notifications (LISTEN) that came in, without a round trip: libpq keeps those that came
 * with a statement's reply; the socket is read only when it holds more. *latest: the highest
 * integer payload seen (a counter; payloads carry ids, never data). Returns how many came, or
 * -1 when the connection turned out to be gone (the next statement or db_pg_link makes
 * it again). */
int db_pg_notified(db_conn *dc, int64_t *latest)
{
    pg_conn *c = C(dc);
    if (dc->dialect != DB_PG || c->lost || pq.PQstatus(c->pg) != CONNECTION_OK)
        return -1;
    struct pollfd p = { .fd = pq.PQsocket(c->pg), .events = POLLIN };
    if (p.fd >= 0 && poll(&p, 1, 0) == 1 &&
        (!pq.PQconsumeInput(c->pg) || pq.PQstatus(c->pg) != CONNECTION_OK))
        return -1;
    int n = 0;
    for (PGnotify *m; (m = pq.PQnotifies(c->pg)) != NULL; pq.PQfreemem(m)) {
        int64_t v = m->extra ? strtoll(m->extra, NULL, 10) : 0;
        if (v > *latest)
            *latest = v;
        n++;
    }
    return n;
}

/* The connection's socket, to wait on for notifications; -1 when there is none. */
int db_pg_socket(db_conn *dc)
{
    pg_conn *c = C(dc);
    if (dc->dialect != DB_PG || c->lost || pq.PQstatus(c->pg) != CONNECTION_OK)
        return -1;
    return pq.PQsocket(c->pg);
}

/* This connection's server process (pg_backend_pid), which names it in pg_stat_activity; 0
 * when there is no connection. */
int64_t db_pg_backend(db_conn *dc)
{
    pg_conn *c = C(dc);
    return dc->dialect == DB_PG && pq.PQstatus(c->pg) == CONNECTION_OK ? pq.PQbackendPID(c->pg) : 0;
}

/* The connection for a screen that must not freeze (store_pg_watch.c): a lost one is made
 * again with libpq's non-blocking reset, taken a step further at each call and waiting at
 * most about ms (a server that does not answer costs connect_timeout with PQreset). 0:
 * connected as before; 1: connected again since the last call (here, or by a statement:
 * cached statements re-prepare); -1: not connected now (a reset is under way, or failed and
 * the next call starts another). */
int db_pg_link(db_conn *dc, int ms)
{
    pg_conn *c = C(dc);
    if (dc->dialect != DB_PG)
        return 0;
    if (c->lost)
        return -1;
    if (!c->resetting && pq.PQstatus(c->pg) == CONNECTION_OK) {
        int seen = c->lost_seen;
        c->lost_seen = false;
        return seen;
    }
    if (c->in_tx)
        return -1;
    if (!c->resetting) {
        if (!pq.PQresetStart(c->pg))
            return -1;
        c->resetting = true;
        c->reset_wants = PGRES_POLLING_WRITING;
        c->reset_since = time(NULL);
    }
    int waited = 0;
    for (int steps = 0; steps < 64; steps++) {
        struct pollfd p = { .fd = pq.PQsocket(c->pg),
                            .events = c->reset_wants == PGRES_POLLING_READING ? POLLIN : POLLOUT };
        int wait = ms - waited < 20 ? ms - waited : 20;
        if (p.fd >= 0 && poll(&p, 1, wait > 0 ? wait : 0) == 0) {
            waited += wait;
            if (wait <= 0)
                break;
            continue;
        }
        PostgresPollingStatusType st = pq.PQresetPoll(c->pg);
        if (st == PGRES_POLLING_OK) {
            c->resetting = false;
            pg_connected_again(c);
            c->lost_seen = false;
            return 1;
        }
        if (st == PGRES_POLLING_FAILED) {
            c->resetting = false;
            return -1;
        }
        c->reset_wants = st;
    }
    if (time(NULL) - c->reset_since > 10) /* no answer: the next call starts again */
        c->resetting = false;
    return -1;
}
