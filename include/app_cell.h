/* app_cell.h — what the full-screen grid does to one cell (app_cell.c). */
#ifndef TOCK_APP_CELL_H
#define TOCK_APP_CELL_H

#include "app.h"

typedef struct tk_entry_list {
    tk_entry *items;
    size_t len, cap;
} tk_entry_list;
void tk_entry_list_free(tk_entry_list *l);

/* The entries of one grid cell: this user's entries of client/project/tier (tier "" or NULL =
 * standard or by the clock, like week_grid rows), billable or not, that touch day, oldest
 * first. One query bounded by the day. Caller frees out with tk_entry_list_free. */
int app_cell_entries(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                     bool billable, tk_day day, tk_entry_list *out, tk_err *err);
/* app_entry_save / app_entry_delete, each in its own transaction. With `expect` (else NULL),
 * only if the entry is still as expect shows it (what a person sees: client, project, tier,
 * billable, day, times, note), so an undo never overwrites a change made elsewhere since. */
int app_cell_commit(tk_app *app, tk_entry *e, const tk_entry *expect, tk_err *err);
int app_cell_remove(tk_app *app, int64_t id, const tk_entry *expect, tk_err *err);
/* app_entry_readd in its own transaction: a deleted entry back, under its own id if free. */
int app_cell_restore(tk_app *app, tk_entry *e, tk_err *err);
/* Whether new time on client/project (0: none) is billable: the client's and project's flags. */
int app_cell_billable(tk_app *app, int64_t client_id, int64_t project_id, bool *out,
                         tk_err *err);
/* Starts the timer on a grid row, by ids (tier "" or NULL: by the clock), billable by default.
 * The entry that stopping a running timer made, if any, in *stopped_id (else 0). */
int app_cell_start_timer(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                        int64_t at, int64_t *stopped_id, tk_err *err);
/* Undoes the grid's timer keys in one transaction. started (else NULL): the timer that was
 * started, cancelled if it is still the one running. stopped (else NULL): the entry a stop
 * made, removed if still as it was, and its timer runs again from its start. Refuses when
 * anything changed since, or (undoing a stop alone) when another timer runs. */
int app_cell_undo_timer(tk_app *app, const tk_timer *started, const tk_entry *stopped, tk_err *err);

#endif
