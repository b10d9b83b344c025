/* app_rates.h — rates and retainers (app_rates.c): each change is one transaction with its
 * audit record; the rules about invoiced work are here. Nothing here prints. */
#ifndef TOCK_APP_RATES_H
#define TOCK_APP_RATES_H

#include "app.h"

/* ---- rates and retainers (app_rates.c) ---- */

/* Sets the rate of spec (CLIENT or CLIENT/PROJECT) for tier: amount is in the client's
 * currency; from NULL is today, except that the first rate of its kind covers all earlier
 * work. Refused when it would change invoiced work, or when a rate of the same kind starts on
 * that day and not replace. *out is the rate set, *c its client (tk_client_clear it, also
 * after a failure). */
int app_rate_set(tk_app *app, const char *spec, const char *tier, const char *amount,
                 const char *from, bool replace, tk_rate *out, tk_client *c, tk_err *err);
/* The client's rates, as store_rate_each. */
int app_rate_each(tk_app *app, int64_t client_id, int (*fn)(const tk_rate *r, void *ctx),
                  void *ctx, tk_err *err);

/* Sets r (its terms filled in; client_id, from and the amounts set here) as spec's
 * retainer: fee and overage are in the client's currency; from NULL is the start of the
 * current period. It replaces the retainer in force from its first day on, unless an invoice
 * bills time of the period it starts in or later. *c is its client (tk_client_clear it, also
 * after a failure). */
int app_retainer_set(tk_app *app, const char *spec, const char *fee, const char *overage,
                     const char *from, tk_retainer *r, tk_client *c, tk_err *err);
/* Ends spec's retainer: from NULL is after the current period (else today). *last is the
 * last day it is in force; *c its client (tk_client_clear it, also after a failure). */
int app_retainer_end(tk_app *app, const char *spec, const char *from, tk_day *last,
                     tk_client *c, tk_err *err);

#endif
