/* store_dump.c — the whole database as rows of values, for `tock export --all`, and back into
 * an empty database, for `tock import`; and a consistent copy of the file (`tock backup`).
 * Every table is read whole (SELECT *), so a new column travels without a line of code; a new
 * table is one line of dump_tables. */
#include "store_impl.h"

#include <sqlite3.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every table, parents before children (a row's references exist when it is restored), and
 * the order that makes a dump the same bytes every time, on either store (by key: PostgreSQL
 * has no rowid). Left out on purpose: entries_pending (schema step 20: an import still
 * being added, whose rows are left out too), carry_gen, carry_usage (schema step 17) and
 * carry_draw (step 19), derived data — a restored database's triggers count its entries afresh, and figures stored at
 * another database's change counts could only be stale there (app_carry.c recomputes) —
 * and rules_cache (step 21), every client's rules as last read, read again from the
 * restored tables (store_rules.c). */
static const struct dump_table {
    const char *name, *order;
} dump_tables[] = {
    { "meta", "key" },
    { "users", "id" },
    { "clients", "id" },
    { "client_zoho", "client_id" },
    { "tier_rules", "client_id, tier" },
    { "projects", "id" },
    { "taxes", "id" },
    { "tax_rules", "client_id, project_id" },
    { "rates", "id" },
    { "retainers", "id" },
    { "invoices", "id" },
    { "invoice_zoho", "invoice_id" },
    { "invoice_fees", "invoice_id, period" },
    { "milestones", "id" },
    { "invoice_milestones", "invoice_id, milestone_id" },
    { "cost_rates", "id" },
    { "entries", "id" },
    { "invoice_entries", "invoice_id, entry_id" },
    { "timers", "user_id" },
    { "weeks", "user_id, week_start" },
    { "sprints", "id" },
    { "sprint_cadences", "client_id" },
    { "audit", "id" },
};

static const struct dump_table *dump_table(const char *name)
{
    for (size_t i = 0; i < TK_ARRAY_LEN(dump_tables); i++)
        if (!strcmp(dump_tables[i].name, name))
            return &dump_tables[i];
    return NULL;
}

/* The ORDER BY of a table. PostgreSQL compares text by its locale: text keys (those not
 * named id or *_id) are ordered by bytes, as sqlite does, so both stores dump alike. */
static char *dump_order(store *st, const char *order)
{
    if (!st->pg)
        return xstrdup(order);
    strbuf sb = { 0 };
    for (const char *p = order; *p;) {
        size_t n = strcspn(p, ",");
        bool key = (n == 2 && !strncmp(p, "id", 2)) || (n > 3 && !strncmp(p + n - 3, "_id", 3));
        sb_addf(&sb, "%.*s%s", (int)n, p, key ? "" : " COLLATE \"C\"");
        p += n;
        if (*p)
            sb_addc(&sb, *p++);
    }
    return sb_detach(&sb);
}

int store_dump(store *st, const store_dump_fns *fns, void *ctx, tk_err *err)
{
    for (size_t t = 0; t < TK_ARRAY_LEN(dump_tables); t++) {
        char *order = dump_order(st, dump_tables[t].order);
        /* An import's rows still being added (schema step 20) are no one's yet. */
        const char *seen = strcmp(dump_tables[t].name, "entries") ? ""
                                                                  : "WHERE" ENTRY_SEEN("entries");
        char *sql = xasprintf("SELECT * FROM \"%s\" %sORDER BY %s", dump_tables[t].name, seen,
                              order);
        free(order);
        db_stmt *s = NULL;
        int rc = db_prepare_v2(st->db, sql, -1, &s, NULL);
        free(sql);
        if (rc != DB_OK)
            return store_fail(st, err, "reading the database");
        int n = db_column_count(s);
        const char **cols = xcalloc((size_t)n, sizeof *cols);
        store_value *v = xcalloc((size_t)n, sizeof *v);
        for (int i = 0; i < n; i++)
            cols[i] = db_column_name(s, i);
        rc = fns->table(dump_tables[t].name, cols, n, ctx);
        while (rc == 0 && (rc = db_step(s)) == DB_ROW) {
            rc = 0;
            for (int i = 0; i < n && rc == 0; i++) {
                switch (db_column_type(s, i)) {
                case DB_NULL: v[i] = (store_value){ STORE_NULL, 0, NULL }; break;
                case DB_INTEGER:
                    v[i] = (store_value){ STORE_INT, db_column_int64(s, i), NULL };
                    break;
                case DB_TEXT:
                    v[i] = (store_value){ STORE_TEXT, 0, (const char *)db_column_text(s, i) };
                    break;
                default:
                    rc = tk_fail(err, "%s.%s holds a value tock does not write (a number with a "
                                 "fraction or binary data)", dump_tables[t].name, cols[i]);
                }
            }
            if (rc == 0)
                rc = fns->row(v, n, ctx);
        }
        if (rc == DB_DONE)
            rc = fns->end ? fns->end(ctx) : 0;
        else if (rc > 0)
            rc = store_fail(st, err, "reading the database");
        db_finalize(s);
        free(cols);
        free(v);
        if (rc)
            return rc < 0 ? -1 : rc;
    }
    return 0;
}

struct store_restore {
    store *st;
    const char *table;
    db_stmt *insert;
    int n;
};

int store_restore_begin(store *st, tk_err *err)
{
    /* Empty: nothing but the user who runs this (registered when tock opened the database)
     * and the meta rows every new database has. The record of that user's joining
     * (app_team_join) goes with their row: the copy's log is the log. */
    if (store_audit_forget_opening(st, err))
        return -1;
    for (size_t t = 0; t < TK_ARRAY_LEN(dump_tables); t++) {
        if (!strcmp(dump_tables[t].name, "meta"))
            continue;
        char *sql = xasprintf("SELECT count(*) FROM \"%s\"", dump_tables[t].name);
        db_stmt *s = NULL;
        int64_t rows = -1;
        if (db_prepare_v2(st->db, sql, -1, &s, NULL) == DB_OK &&
            db_step(s) == DB_ROW)
            rows = db_column_int64(s, 0);
        db_finalize(s);
        free(sql);
        if (rows < 0)
            return store_fail(st, err, "reading the database");
        if (rows > (strcmp(dump_tables[t].name, "users") ? 0 : 1))
            return tk_fail(err, "%s is not empty (it has %s); a whole-database copy goes into "
                           "a new database: tock --db NEW.db import tock FILE", st->path,
                           dump_tables[t].name);
    }
    if (db_exec(st->db, "DELETE FROM users", NULL, NULL, NULL) != DB_OK)
        return store_fail(st, err, "restoring the database");
    return 0;
}

/* Whether column is one of table's. */
static int has_column(store *st, const char *table, const char *column, tk_err *err)
{
    static const char sql[] = "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2";
    static const char sql_pg[] = "SELECT 1 FROM information_schema.columns WHERE "
                                 "table_schema = current_schema() AND table_name = ?1 AND "
                                 "column_name = ?2";
    db_stmt *s = store_prep(st, st->pg ? sql_pg : sql, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, table, -1, DB_TRANSIENT);
    db_bind_text(s, 2, column, -1, DB_TRANSIENT);
    int rc = db_step(s);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the database");
    return rc == DB_ROW;
}

store_restore *store_restore_table(store *st, const char *table, const char *const *cols, int n,
                                   tk_err *err)
{
    if (!dump_table(table)) {
        tk_fail(err, "unknown table '%s'", table);
        return NULL;
    }
    strbuf sql = { 0 };
    /* meta: the new database's own rows (its schema's bookkeeping) give way to the copy's. */
    sb_addf(&sql, "INSERT INTO \"%s\"(", table);
    for (int i = 0; i < n; i++) {
        int known = has_column(st, table, cols[i], err);
        if (known <= 0) {
            if (known == 0)
                tk_fail(err, "unknown column '%s' of %s", cols[i], table);
            sb_free(&sql);
            return NULL;
        }
        sb_addf(&sql, "%s\"%s\"", i ? ", " : "", cols[i]);
    }
    sb_add(&sql, ") VALUES (");
    for (int i = 0; i < n; i++)
        sb_addf(&sql, "%s?", i ? ", " : "");
    sb_add(&sql, ")");
    if (!strcmp(table, "meta")) /* n is 2: key, value (checked above) */
        sb_add(&sql, " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    store_restore *r = xcalloc(1, sizeof *r);
    r->st = st;
    r->table = dump_table(table)->name;
    r->n = n;
    if (db_prepare_v2(st->db, sb_str(&sql), -1, &r->insert, NULL) != DB_OK) {
        store_fail(st, err, "restoring the database");
        store_restore_end(r);
        r = NULL;
    }
    sb_free(&sql);
    return r;
}

int store_restore_row(store_restore *r, const store_value *v, tk_err *err)
{
    db_reset(r->insert);
    for (int i = 0; i < r->n; i++) {
        if (v[i].kind == STORE_INT)
            db_bind_int64(r->insert, i + 1, v[i].i);
        else if (v[i].kind == STORE_TEXT)
            db_bind_text(r->insert, i + 1, v[i].s, -1, DB_TRANSIENT);
        else
            db_bind_null(r->insert, i + 1);
    }
    if (db_step(r->insert) == DB_DONE)
        return 0;
    if (db_extended_errcode(r->st->db) == DB_CONSTRAINT_FOREIGNKEY)
        return tk_fail(err, "a row of %s refers to one the copy does not have", r->table);
    if ((db_extended_errcode(r->st->db) & 0xff) == DB_CONSTRAINT)
        return tk_fail(err, "a row of %s breaks a rule of the table (%s)", r->table,
                       db_errmsg(r->st->db));
    return store_fail(r->st, err, "restoring the database");
}

void store_restore_end(store_restore *r)
{
    if (!r)
        return;
    db_finalize(r->insert);
    free(r);
}

/* PostgreSQL checks references row by row as they are restored; what is left is to move
 * each identity past the ids the copy brought. */
static int restore_check_pg(store *st, tk_err *err)
{
    for (size_t t = 0; t < TK_ARRAY_LEN(dump_tables); t++) {
        if (strcmp(dump_tables[t].order, "id"))
            continue;
        char *sql = xasprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id)) "
                              "FROM \"%s\" HAVING max(id) IS NOT NULL",
                              dump_tables[t].name, dump_tables[t].name);
        int rc = db_exec(st->db, sql, NULL, NULL, NULL);
        free(sql);
        if (rc != DB_OK)
            return store_fail(st, err, "checking the copy");
    }
    return 0;
}

int store_restore_check(store *st, tk_err *err)
{
    if (st->pg)
        return restore_check_pg(st, err);
    db_stmt *s = NULL;
    int rc = db_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL);
    if (rc == DB_OK)
        rc = db_step(s);
    const char *table = rc == DB_ROW ? (const char *)db_column_text(s, 0) : NULL;
    if (table)
        tk_fail(err, "a row of %s refers to one the copy does not have", table);
    db_finalize(s);
    if (table)
        return -1;
    return rc == DB_DONE ? 0 : store_fail(st, err, "checking the copy");
}

int store_backup(store *st, const char *path, bool replace, tk_err *err)
{
    if (st->pg)
        return tk_fail(err, "tock backup copies a sqlite file; back up PostgreSQL with pg_dump "
                       "(or tock export --all, or tock db migrate --to FILE.db)");
    if (!replace && access(path, F_OK) == 0)
        return tk_fail(err, "%s exists; --force replaces it", path);
    char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(tmp, &dst, DB_OPEN_READWRITE | DB_OPEN_CREATE, NULL);
    sqlite3_backup *b =
        rc == DB_OK ? sqlite3_backup_init(dst, "main", db_sqlite_handle(st->db), "main") : NULL;
    if (b) {
        /* One step copies every page under one read snapshot: writers go on, and the copy is
         * the database as of one moment. */
        rc = sqlite3_backup_step(b, -1);
        rc = sqlite3_backup_finish(b) == DB_OK && rc == DB_DONE ? DB_OK : DB_ERROR;
    } else {
        rc = DB_ERROR;
    }
    if (rc != DB_OK)
        tk_fail(err, "cannot write %s: %s", path, dst ? sqlite3_errmsg(dst) : "out of memory");
    if (sqlite3_close(dst) != DB_OK && rc == DB_OK) {
        tk_fail(err, "cannot write %s", path);
        rc = DB_ERROR;
    }
    if (rc == DB_OK && rename(tmp, path)) {
        tk_fail(err, "cannot write %s: %s", path, strerror(errno));
        rc = DB_ERROR;
    }
    if (rc != DB_OK)
        unlink(tmp);
    free(tmp);
    return rc == DB_OK ? 0 : -1;
}
