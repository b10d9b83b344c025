/* app.h — what every user of the app layer needs (app.c, app_change.c): the open database
 * (tk_app), one change as one transaction with its audit record, and names resolved to
 * records. Each app_*.c module declares its own operations in its own header (app_timer.h for
 * app_timer.c, …); the rules (one timer per user, no overlaps, locked weeks and invoices)
 * live there. Nothing here prints; failures come back as one line in err. */
#ifndef TOCK_APP_H
#define TOCK_APP_H

#include <stdbool.h>
#include "config.h"
#include "model.h"
#include "store.h"      /* the store handle and tk_role */

typedef struct tk_app {
    tk_config cfg;
    store *st;
    char *db_path;
    char *user;       /* OS login, from the password database */
    int64_t user_id;
    tk_role role;     /* in this database (app_team.c) */
    int64_t team_size;/* active users when it was opened */
    struct app_carry *carry; /* retainer usage computed, to be stored (app_carry.c) */
} tk_app;

/* Loads config (path may be NULL), opens the database (db_path, else $TOCK_DB, else config,
 * else the XDG default, creating its folder), and registers the OS user. read_only: the
 * database is only read (store_open_read), and a user it does not know gets APP_NO_USER. */
int app_open(tk_app *app, const char *config_path, const char *db_path, bool read_only,
             tk_err *err);
#define APP_NO_USER INT64_C(-1)   /* matches no row */
void app_close(tk_app *app);
/* For the full-screen grid: a busy database fails within 200 ms instead of the CLI's 15 s, so
 * the screen never freezes; the grid says it is waiting and retries. */
void app_interactive(tk_app *app);
/* The same for looking only (shell completion): the database must exist and is opened
 * read-only (store_open_read, quiet); nothing is created, migrated or registered (user_id stays 0
 * when the OS user never used this database). Close with app_close, also after a failure. */
int app_open_readonly(tk_app *app, const char *config_path, const char *db_path, tk_err *err);
/* ---- one change, one transaction, one audit record (app_change.c) ----
 * A change begins with app_change_begin and ends with app_change_end, which (when rc is 0 and
 * action is not NULL) records it in the audit log, then commits; any other rc rolls back and
 * is returned. app_audit is the only writer of audit rows: a change that records more than
 * one (or that is part of a bigger one) calls it inside its own transaction. */
int app_audit(tk_app *app, const char *action, const char *entity, int64_t entity_id,
              const char *detail, tk_err *err);
int app_change_begin(tk_app *app, tk_err *err);
int app_change_end(tk_app *app, int rc, const char *action, const char *entity,
                   int64_t entity_id, const char *detail, tk_err *err);
/* Ends a change keeping nothing and recording nothing (a dry run, or nothing to do). */
void app_change_cancel(tk_app *app);
/* One snapshot for a reader of many things (an export): what is read until app_read_end is
 * one state of the database, and writers are not blocked. */
int app_read_begin(tk_app *app, tk_err *err);
void app_read_end(tk_app *app);
tk_day app_today(void);

/* Today's week start under the configured first weekday. */
tk_day app_week_of(const tk_app *app, tk_day day);

/* "client" or "client/project" → records (project id 0 when none given). Unknown names are
 * refused with a suggestion. Caller clears c and p. */
int app_resolve(tk_app *app, const char *spec, tk_client *c, tk_project *p, tk_err *err);
/* The same for reading (log, rate list, retainer): archived clients and projects are found. */
int app_find(tk_app *app, const char *spec, tk_client *c, tk_project *p, tk_err *err);
/* Splits "client/project" into owned parts (project NULL when absent); -1 on a bad key. */
int app_split_spec(const char *spec, char **client, char **project, tk_err *err);
int app_check_tier(const tk_app *app, const char *tier, tk_err *err);

/* Reads for the screens and commands that show one thing (each is the store's answer:
 * 1 found, 0 not, -1 error): an entry by id, this user's running timer, a client by id; and a
 * number that changes whenever anyone commits (the grid's liveness). */
int app_entry_get(tk_app *app, int64_t id, tk_entry *out, tk_err *err);

/* `tock db migrate` (app_migrate.c): copies the whole database from into the empty database
 * to (a sqlite file or a PostgreSQL connection string, either way round) in one transaction
 * of to, and commits only when every table reads back from to as it reads from from. A file
 * it created is removed when it fails. */
typedef struct app_migrate_result {
    long rows;
    int tables;
} app_migrate_result;
int app_db_migrate(const char *from, const char *to, app_migrate_result *res, tk_err *err);
int app_timer_get(tk_app *app, tk_timer *out, tk_err *err);
int app_client_get(tk_app *app, int64_t id, tk_client *out, tk_err *err);
int64_t app_data_version(tk_app *app);
/* The connection as the last app_data_version found it (store_data_link: a server's can be
 * lost and made again), and a descriptor to wait on for the next change, or -1 (then poll). */
store_link app_data_link(tk_app *app);
int app_data_fd(tk_app *app);

#endif
