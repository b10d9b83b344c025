/* app_timer.h — the running timer: start, switch, stop, cancel, toggle (app_timer.c);
 * each call is one transaction unless it says otherwise. */
#ifndef TOCK_APP_TIMER_H
#define TOCK_APP_TIMER_H

#include "app.h"

/* Stops the running timer at `at` (not before its start) only if it is still `own` (same
 * client, project and start): another process may have started a different one meanwhile.
 * 1 stopped (its entry in *entry_id), 0 not, -1 error. One transaction. */
int app_timer_stop_if(tk_app *app, const tk_timer *own, int64_t at, int64_t *entry_id,
                      tk_err *err);

/* Each wraps its own transaction. */
int app_timer_start(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                    bool billable, const char *note, int64_t at, tk_err *err);
/* The same, with the entry that stopping a running timer made in *stopped_id (else 0). */
int app_timer_switch(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                     bool billable, const char *note, int64_t at, int64_t *stopped_id,
                     tk_err *err);
/* Stops the running timer at `at` into an entry (its id in *entry_id). 0 when nothing runs.
 * A time before the timer started, or more than DUR_MAX after, is refused. Starting refuses
 * `at` more than DUR_MAX ago, so every timer can be stopped. */
int app_timer_stop(tk_app *app, int64_t at, const char *note, int64_t *entry_id, tk_err *err);
int app_timer_cancel(tk_app *app, tk_err *err); /* 1 cancelled, 0 nothing ran */
/* One key for the timer (tock toggle, tmux): stops the running one (1, its entry's id in
 * *entry_id), else starts one at `at` on what the user's latest entry was on — client,
 * project, tier, billable and note (2, that entry in *last: tk_entry_clear it). -1 when
 * nothing runs and there is no entry, or its client or project is archived. */
int app_timer_toggle(tk_app *app, int64_t at, int64_t *entry_id, tk_entry *last, tk_err *err);
/* Inside a transaction: the same, for callers composing a bigger change. */
int app_timer_stop_in_tx(tk_app *app, int64_t at, const char *note, int64_t *entry_id, tk_err *err);

/* app_timer_switch with the ticket reference the entry will carry (NULL: none given). */
int app_timer_switch_ref(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                         bool billable, const char *note, const char *ref, int64_t at,
                         int64_t *stopped_id, tk_err *err);

#endif
