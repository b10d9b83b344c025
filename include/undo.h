/* undo.h — the TUI's undo stack: what each change replaced, re-applied through the app layer
 * (never SQL). No curses. Cell edits remember the cell's old total; entry changes remember the
 * entry as it was. The timer keys are on it too: undoing a start cancels that timer (and lets
 * the one it stopped run on), undoing a stop removes the entry it made and the timer runs on. */
#ifndef TOCK_UNDO_H
#define TOCK_UNDO_H

#include <stddef.h>
#include "app.h"

#define UNDO_DEPTH 100

typedef enum {
    UNDO_CELL,           /* a cell was set: client/project/tier/day had `seconds` */
    UNDO_ENTRY_ADDED,    /* entry.id was added: undo deletes it */
    UNDO_ENTRY_CHANGED,  /* entry was changed: undo saves this old copy back */
    UNDO_ENTRY_DELETED,  /* entry was deleted: undo adds this copy again, under its id */
    UNDO_TIMER_STARTED,  /* a timer started (timer_*); entry: the one its start stopped, or id 0 */
    UNDO_TIMER_STOPPED,  /* the timer stopped into entry */
} undo_kind;

typedef struct undo_rec {
    undo_kind kind;
    int64_t client_id, project_id;
    char *tier;          /* cell: row tier ("" = standard / by the clock) */
    bool billable;       /* cell: the row's billable or non-billable time */
    tk_day day;          /* the day the change touched (to show it after undoing) */
    int64_t seconds;     /* cell: the old total */
    int64_t set_to;      /* cell: the total it was set to (undo refuses if it changed since) */
    tk_entry entry;      /* entry kinds: owned copy */
    tk_entry after;      /* added/changed: the entry as the change left it (undo refuses if it
                          * changed since); deleted: unused */
    int64_t timer_start; /* timer started: its start, client and label ("acme/web") */
    char *label;
} undo_rec;

typedef struct undo_stack {
    undo_rec *items;
    size_t len, cap;
} undo_stack;

void undo_push_cell(undo_stack *u, int64_t client_id, int64_t project_id, const char *tier,
                    bool billable, tk_day day, int64_t old_seconds, int64_t new_seconds);
/* Copies e (added: the new entry; changed: the entry before; deleted: the deleted one) and
 * after (the entry as saved; NULL when deleted). */
void undo_push_entry(undo_stack *u, undo_kind kind, const tk_entry *e, const tk_entry *after);
/* A timer started (t; stopped: the entry stopping the previous one made, or NULL). */
void undo_push_timer_start(undo_stack *u, const tk_timer *t, const tk_entry *stopped);
/* The timer stopped into entry e. */
void undo_push_timer_stop(undo_stack *u, const tk_entry *e);
/* Undoes the newest change. Returns 1 done (its day in *day, a few words in what), 0 nothing
 * to undo, -1 refused (err; the record is dropped, since it can no longer apply). */
int undo_apply(tk_app *app, undo_stack *u, tk_day *day, char *what, size_t what_size,
               tk_err *err);
void undo_free(undo_stack *u);

#endif
