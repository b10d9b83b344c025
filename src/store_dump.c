/* store_dump.c — the whole database as rows of values, for `tock export --all`, and back into
 * an empty database, for `tock import`; and a consistent copy of the file (`tock backup`).
 * Every table is read whole (SELECT *), so a new column travels without a line of code; a new
 * table is one line of dump_tables. */
#include "store_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every table, parents before children (a row's references exist when it is restored), and
 * the order that makes a dump the same bytes every time. */
static const struct dump_table {
    const char *name, *order;
} dump_tables[] = {
    { "meta", "key" },
    { "users", "rowid" },
    { "clients", "rowid" },
    { "client_zoho", "client_id" },
    { "tier_rules", "client_id, tier" },
    { "projects", "rowid" },
    { "taxes", "rowid" },
    { "tax_rules", "client_id, project_id" },
    { "rates", "rowid" },
    { "retainers", "rowid" },
    { "invoices", "rowid" },
    { "invoice_zoho", "invoice_id" },
    { "invoice_fees", "invoice_id, period" },
    { "milestones", "rowid" },
    { "invoice_milestones", "invoice_id, milestone_id" },
    { "cost_rates", "rowid" },
    { "entries", "rowid" },
    { "invoice_entries", "rowid" },
    { "timers", "rowid" },
    { "weeks", "rowid" },
    { "sprints", "rowid" },
    { "sprint_cadences", "rowid" },
    { "audit", "rowid" },
};

static const struct dump_table *dump_table(const char *name)
{
    for (size_t i = 0; i < TK_ARRAY_LEN(dump_tables); i++)
        if (!strcmp(dump_tables[i].name, name))
            return &dump_tables[i];
    return NULL;
}

int store_dump(store *st, const store_dump_fns *fns, void *ctx, tk_err *err)
{
    for (size_t t = 0; t < TK_ARRAY_LEN(dump_tables); t++) {
        char *sql = xasprintf("SELECT * FROM \"%s\" ORDER BY %s", dump_tables[t].name,
                              dump_tables[t].order);
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
        free(sql);
        if (rc != SQLITE_OK)
            return store_fail(st, err, "reading the database");
        int n = sqlite3_column_count(s);
        const char **cols = xcalloc((size_t)n, sizeof *cols);
        store_value *v = xcalloc((size_t)n, sizeof *v);
        for (int i = 0; i < n; i++)
            cols[i] = sqlite3_column_name(s, i);
        rc = fns->table(dump_tables[t].name, cols, n, ctx);
        while (rc == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            rc = 0;
            for (int i = 0; i < n && rc == 0; i++) {
                switch (sqlite3_column_type(s, i)) {
                case SQLITE_NULL: v[i] = (store_value){ STORE_NULL, 0, NULL }; break;
                case SQLITE_INTEGER:
                    v[i] = (store_value){ STORE_INT, sqlite3_column_int64(s, i), NULL };
                    break;
                case SQLITE_TEXT:
                    v[i] = (store_value){ STORE_TEXT, 0, (const char *)sqlite3_column_text(s, i) };
                    break;
                default:
                    rc = tk_fail(err, "%s.%s holds a value tock does not write (a number with a "
                                 "fraction or binary data)", dump_tables[t].name, cols[i]);
                }
            }
            if (rc == 0)
                rc = fns->row(v, n, ctx);
        }
        if (rc == SQLITE_DONE)
            rc = fns->end ? fns->end(ctx) : 0;
        else if (rc > 0)
            rc = store_fail(st, err, "reading the database");
        sqlite3_finalize(s);
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
    sqlite3_stmt *insert;
    int n;
};

int store_restore_begin(store *st, tk_err *err)
{
    /* Empty: nothing but the user who runs this (registered when tock opened the database)
     * and the meta rows every new database has. */
    for (size_t t = 0; t < TK_ARRAY_LEN(dump_tables); t++) {
        if (!strcmp(dump_tables[t].name, "meta"))
            continue;
        char *sql = xasprintf("SELECT count(*) FROM \"%s\"", dump_tables[t].name);
        sqlite3_stmt *s = NULL;
        int64_t rows = -1;
        if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
            rows = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        free(sql);
        if (rows < 0)
            return store_fail(st, err, "reading the database");
        if (rows > (strcmp(dump_tables[t].name, "users") ? 0 : 1))
            return tk_fail(err, "%s is not empty (it has %s); a whole-database copy goes into "
                           "a new database: tock --db NEW.db import tock FILE", st->path,
                           dump_tables[t].name);
    }
    if (sqlite3_exec(st->db, "DELETE FROM users", NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(st, err, "restoring the database");
    return 0;
}

/* Whether column is one of table's. */
static int has_column(store *st, const char *table, const char *column, tk_err *err)
{
    static const char sql[] = "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2";
    sqlite3_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, column, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(st, err, "reading the database");
    return rc == SQLITE_ROW;
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
    sb_addf(&sql, "INSERT %sINTO \"%s\"(", strcmp(table, "meta") ? "" : "OR REPLACE ", table);
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
    store_restore *r = xcalloc(1, sizeof *r);
    r->st = st;
    r->table = dump_table(table)->name;
    r->n = n;
    if (sqlite3_prepare_v2(st->db, sb_str(&sql), -1, &r->insert, NULL) != SQLITE_OK) {
        store_fail(st, err, "restoring the database");
        store_restore_end(r);
        r = NULL;
    }
    sb_free(&sql);
    return r;
}

int store_restore_row(store_restore *r, const store_value *v, tk_err *err)
{
    sqlite3_reset(r->insert);
    for (int i = 0; i < r->n; i++) {
        if (v[i].kind == STORE_INT)
            sqlite3_bind_int64(r->insert, i + 1, v[i].i);
        else if (v[i].kind == STORE_TEXT)
            sqlite3_bind_text(r->insert, i + 1, v[i].s, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(r->insert, i + 1);
    }
    if (sqlite3_step(r->insert) == SQLITE_DONE)
        return 0;
    if (sqlite3_extended_errcode(r->st->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
        return tk_fail(err, "a row of %s refers to one the copy does not have", r->table);
    if ((sqlite3_extended_errcode(r->st->db) & 0xff) == SQLITE_CONSTRAINT)
        return tk_fail(err, "a row of %s breaks a rule of the table (%s)", r->table,
                       sqlite3_errmsg(r->st->db));
    return store_fail(r->st, err, "restoring the database");
}

void store_restore_end(store_restore *r)
{
    if (!r)
        return;
    sqlite3_finalize(r->insert);
    free(r);
}

int store_restore_check(store *st, tk_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    const char *table = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
    if (table)
        tk_fail(err, "a row of %s refers to one the copy does not have", table);
    sqlite3_finalize(s);
    if (table)
        return -1;
    return rc == SQLITE_DONE ? 0 : store_fail(st, err, "checking the copy");
}

int store_backup(store *st, const char *path, bool replace, tk_err *err)
{
    if (!replace && access(path, F_OK) == 0)
        return tk_fail(err, "%s exists; --force replaces it", path);
    char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", st->db, "main") : NULL;
    if (b) {
        /* One step copies every page under one read snapshot: writers go on, and the copy is
         * the database as of one moment. */
        rc = sqlite3_backup_step(b, -1);
        rc = sqlite3_backup_finish(b) == SQLITE_OK && rc == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    } else {
        rc = SQLITE_ERROR;
    }
    if (rc != SQLITE_OK)
        tk_fail(err, "cannot write %s: %s", path, dst ? sqlite3_errmsg(dst) : "out of memory");
    if (sqlite3_close(dst) != SQLITE_OK && rc == SQLITE_OK) {
        tk_fail(err, "cannot write %s", path);
        rc = SQLITE_ERROR;
    }
    if (rc == SQLITE_OK && rename(tmp, path)) {
        tk_fail(err, "cannot write %s: %s", path, strerror(errno));
        rc = SQLITE_ERROR;
    }
    if (rc != SQLITE_OK)
        unlink(tmp);
    free(tmp);
    return rc == SQLITE_OK ? 0 : -1;
}
