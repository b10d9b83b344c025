/* app_read.h — the readers of the commands that list things (app_read.c): entries, timers,
 * weeks, invoices and users for export and log. Nothing here prints. */
#ifndef TOCK_APP_READ_H
#define TOCK_APP_READ_H

#include "app.h"

/* Readers, each the store's answer (1 found, 0 not, -1 error for lookups). */
int app_entry_each(tk_app *app, const store_filter *f,
                   int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err);
/* Every running timer, by user login. */
int app_timer_each(tk_app *app, int (*fn)(const tk_timer *t, const char *login, void *ctx),
                   void *ctx, tk_err *err);
int app_week_state(tk_app *app, int64_t user_id, tk_day week_start, tk_week_state *out,
                   tk_err *err);
int app_user_id(tk_app *app, const char *login, int64_t *id, tk_err *err);
/* An invoice's reference by id (*out owned by the caller). */
int app_invoice_reference(tk_app *app, int64_t invoice_id, char **out, tk_err *err);
int app_invoice_get(tk_app *app, int64_t id, tk_invoice_rec *out, tk_err *err);
/* By id. client_id 0: every client's; state NULL: every state. */
int app_invoice_each(tk_app *app, int64_t client_id, const tk_invoice_state *state,
                     int (*fn)(const tk_invoice_rec *r, void *ctx), void *ctx, tk_err *err);
/* CLIENT or CLIENT/PROJECT as a filter (archived ones too: an export is of everything):
 * sets f->client_id and, with a project, f->project_id. */
int app_filter_spec(tk_app *app, const char *spec, store_filter *f, tk_err *err);

#endif
