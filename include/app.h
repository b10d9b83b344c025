/* app.h — tock's operations, shared by the command line and the TUI: one place for the rules
 * (one timer per user, no overlaps, locked weeks and invoices, one transaction per change).
 * Nothing here prints; failures come back as one line in err. */
#ifndef TOCK_APP_H
#define TOCK_APP_H

#include <stdbool.h>
#include "config.h"
#include "model.h"
#include "store.h"
#include "week_grid.h"
#include "billing.h"
#include "retainer.h"

typedef struct tk_app {
    tk_config cfg;
    store *st;
    char *db_path;
    char *user;       /* OS login, from the password database */
    int64_t user_id;
} tk_app;

/* Loads config (path may be NULL), opens the database (db_path, else $TOCK_DB, else config,
 * else the XDG default, creating its folder), and registers the OS user. */
int app_open(tk_app *app, const char *config_path, const char *db_path, tk_err *err);
void app_close(tk_app *app);
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

/* Whether an entry may change: 1 locked (reason in err), 0 free, -1 error. */
int app_entry_locked(tk_app *app, const tk_entry *e, tk_err *err);
/* Validates and saves (insert when e->id is 0) inside the caller's transaction: derives the
 * local days from the range, refuses overlaps and locked weeks. */
int app_entry_save(tk_app *app, tk_entry *e, tk_err *err);
int app_entry_delete(tk_app *app, int64_t id, tk_err *err);

/* Each wraps its own transaction. */
int app_timer_start(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                    bool billable, const char *note, int64_t at, tk_err *err);
/* Stops the running timer at `at` into an entry (its id in *entry_id). 0 when nothing runs.
 * A time before the timer started, or more than DUR_MAX after, is refused. Starting refuses
 * `at` more than DUR_MAX ago, so every timer can be stopped. */
int app_timer_stop(tk_app *app, int64_t at, const char *note, int64_t *entry_id, tk_err *err);
int app_timer_cancel(tk_app *app, tk_err *err); /* 1 cancelled, 0 nothing ran */
/* Inside a transaction: the same, for callers composing a bigger change. */
int app_timer_stop_in_tx(tk_app *app, int64_t at, const char *note, int64_t *entry_id, tk_err *err);

/* The week starting on `start` for user_id: entries, the running timer (up to now), locks,
 * and each row's billed time and money (an entry bills in the week it starts). */
int app_week_load(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                  tk_err *err);

/* Sets the total of one grid cell (client/project/tier on a day) to `seconds` by adding,
 * adjusting or removing this user's duration entries for that cell. One transaction. */
int app_cell_set(tk_app *app, int64_t client_id, int64_t project_id, const char *tier, tk_day day,
                 int64_t seconds, tk_err *err);

/* ---- billing: what entries bill under their client's rules ---- */

/* Bills entries, caching each client's rules (rates, rounding, projects) for its lifetime.
 * Read-only: one biller serves one command or one screen refresh. */
typedef struct app_biller app_biller;

app_biller *app_biller_new(tk_app *app, tk_err *err);
void app_biller_free(app_biller *b);
/* The client record behind an id (borrowed from the cache), or NULL with err. */
const tk_client *app_biller_client(app_biller *b, int64_t client_id, tk_err *err);
/* The project record behind an id (borrowed), or NULL when id is 0 or unknown. */
const tk_project *app_biller_project(app_biller *b, int64_t client_id, int64_t project_id);
int app_bill(app_biller *b, const tk_entry *e, tk_bill *out, tk_err *err);

/* The client's retainer in force on date and its standing: 1 found, 0 none, -1 error. */
int app_retainer_status(tk_app *app, app_biller *b, const tk_client *c, tk_day date,
                        tk_retainer *r, tk_retainer_status *out, tk_err *err);

#endif
