/* store_stage.c — a long change (an import) without holding the write lock: the change and
 * all its checks run on a private copy of the database, and only what it added is copied
 * into the database, in one short write transaction, when nobody wrote in between. */
#include "store_impl.h"

#include <sqlite3.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a change on the copy may write. Rows are only added, after the last rowid of the moment
 * of the copy (timers, keyed by user, are compared whole), except in meta, whose few counters
 * the copy holds whole. In foreign-key order. */
static const char *const added[] = { "users", "clients", "projects", "entries", "timers", "audit" };

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
    for (size_t i = 0; rc == 0 && i < sizeof added / sizeof *added; i++) {
        char *sql = xasprintf("SELECT ifnull(max(rowid), 0) FROM %s", added[i]);
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
    /* The copy is thrown away: no journal, no syncing. */
    if (rc == 0)
        rc = run(c, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON",
                 err, "preparing the working copy");
    if (rc) {
        store_stage_end(c);
        return -1;
    }
    *copy = c;
    return 0;
}

int store_stage_apply(store *st, store *copy, const store_mark *mark, tk_err *err)
{
    db_stmt *s;
    if (db_prepare_v2(st->db, "ATTACH ?1 AS stage", -1, &s, NULL) != DB_OK)
        return store_fail(st, err, "reading the working copy");
    db_bind_text(s, 1, copy->path, -1, DB_STATIC);
    int rc = db_step(s) == DB_DONE ? 0 : store_fail(st, err, "reading the working copy");
    db_finalize(s);
    if (rc)
        return -1;
    /* The rows come from a copy whose keys held; checking each again only holds the lock longer. */
    db_exec(st->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    rc = store_begin(st, err);
    if (rc == 0 && store_data_version(st) != mark->version)
        rc = 1; /* someone wrote since the copy was made: what it checked may no longer hold */
    for (size_t i = 0; rc == 0 && i < sizeof added / sizeof *added; i++) {
        char *sql = strcmp(added[i], "timers")
                        ? xasprintf("INSERT INTO main.%s SELECT * FROM stage.%s WHERE rowid > %lld",
                                    added[i], added[i], (long long)mark->max_rowid[i])
                        : xasprintf("INSERT INTO main.%s SELECT * FROM stage.%s WHERE rowid NOT IN "
                                    "(SELECT rowid FROM main.%s)", added[i], added[i], added[i]);
        rc = run(st, sql, err, "saving the import");
        free(sql);
    }
    if (rc == 0)
        rc = run(st, "INSERT OR REPLACE INTO main.meta SELECT * FROM stage.meta", err,
                 "saving the import");
    if (rc == 0)
        rc = store_commit(st, err);
    else
        store_rollback(st);
    db_exec(st->db, "DETACH stage; PRAGMA foreign_keys = ON", NULL,
                 NULL, NULL);
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
