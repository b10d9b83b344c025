/* app_entry.h — the rules of one entry (app_entry.c): locked weeks and invoices, no
 * overlaps, what someone types for its time, and a grid cell set to a total. */
#ifndef TOCK_APP_ENTRY_H
#define TOCK_APP_ENTRY_H

#include "app.h"

/* Whether an entry may change: 1 locked (reason in err), 0 free, -1 error. */
int app_entry_locked(tk_app *app, const tk_entry *e, tk_err *err);
/* Validates and saves (insert when e->id is 0) inside the caller's transaction: derives the
 * local days from the range, refuses overlaps and locked weeks. */
int app_entry_save(tk_app *app, tk_entry *e, tk_err *err);
/* What app_entry_save checks short of overlaps — the range, the duration, the dates, locked
 * weeks — after deriving e's local days from its range. Writes nothing. */
int app_entry_check(tk_app *app, tk_entry *e, tk_err *err);
/* The importer's way in, inside the caller's transaction: inserts e after app_entry_check,
 * keeping ranges that overlap other entries or the running timer, as the source recorded
 * them (the caller finds and reports those). A non-zero e->id is kept (the caller makes sure
 * it is free). No audit row per entry: the caller records the import as a whole. */
int app_entry_import(tk_app *app, tk_entry *e, tk_err *err);
int app_entry_delete(tk_app *app, int64_t id, tk_err *err);
/* Adds a deleted entry back inside the caller's transaction, with every check of a new entry:
 * under its own id (and creation time) while that id is free, else under a new one. */
int app_entry_readd(tk_app *app, tk_entry *e, tk_err *err);

/* Sets the total of one grid cell (client/project/tier, billable or not, on a day) to
 * `seconds` by adding, adjusting or removing this user's duration entries for that cell (a
 * new one is billable as the row is). One transaction. */
int app_entry_set_cell(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                 bool billable, tk_day day, int64_t seconds, tk_err *err);
/* The same, only while the cell still holds `expect` seconds (in the same transaction); else
 * it fails with "changed since" and writes nothing. Undo uses it. */
int app_entry_set_cell_if(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                    bool billable, tk_day day, int64_t seconds, int64_t expect, tk_err *err);

/* What someone types for an entry's time on day: a duration ("1:30", "90m", "1.5h") or a
 * local range "HH:MM-HH:MM" (an end before the start runs past midnight, for at most
 * [entry] max_overnight). Sets e->day and either has_range/start/end or seconds. */
int app_entry_parse_time(const tk_app *app, const char *s, tk_day day, tk_entry *e,
                         tk_err *err);

#endif
