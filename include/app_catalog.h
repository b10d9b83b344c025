/* app_catalog.h — clients and projects (app_catalog.c; rates and retainers are app_rates.h):
 * each change is one transaction with its audit record; the rules about what may change
 * (an existing key, a currency whose decimals differ) are here, so the command line and any
 * screen that edits them share them. Nothing here prints. */
#ifndef TOCK_APP_CATALOG_H
#define TOCK_APP_CATALOG_H

#include "app.h"

/* ---- clients and projects ---- */

/* Adds client c (key, name, currency, billable as given; sets c->id) and, when rate is not
 * NULL, its standard rate from the beginning. Refused when the key exists. */
int app_client_add(tk_app *app, tk_client *c, const int64_t *rate_minor, tk_err *err);
int app_client_archive(tk_app *app, const char *key, tk_err *err);

/* What tock client set changes; NULL or false: unchanged. round, minimum and mode "default"
 * go back to the config's (else their parsed values apply); zoho_customer_id "" unpins;
 * terms "default" goes back to the config's, "contact" is the Zoho contact's own, else
 * terms_days. */
typedef struct app_client_edit {
    const char *name, *currency, *zoho_customer_id;
    const char *round, *minimum, *mode;
    int64_t round_seconds, minimum_seconds;
    round_mode mode_value;
    bool billable, non_billable, unarchive;
    const char *terms;
    long terms_days;
} app_client_edit;
/* Refuses a currency with other decimals while the client has an amount (rates, retainers,
 * fixed prices are minor units). */
int app_client_set(tk_app *app, const char *key, const app_client_edit *ed, tk_err *err);

/* Every client (archived ones too when with_archived), by key. */
int app_client_each(tk_app *app, bool with_archived,
                    int (*fn)(const tk_client *c, void *ctx), void *ctx, tk_err *err);
/* A client by key, archived ones too: 1 found, 0 not, -1 error. */
int app_client_by_key(tk_app *app, const char *key, tk_client *out, tk_err *err);

/* Adds CLIENT/PROJECT (p's key, name, billable, budget as given; sets p->id and
 * p->client_id). fixed (NULL: none) is a price in the client's currency. */
int app_project_add(tk_app *app, const char *client, tk_project *p, const char *fixed,
                    tk_err *err);
int app_project_archive(tk_app *app, const char *spec, tk_err *err);
/* A client's projects (client_id 0: every client's), as store_project_each. */
int app_project_each(tk_app *app, int64_t client_id, bool with_archived,
                     int (*fn)(const tk_project *p, const char *client_key, void *ctx),
                     void *ctx, tk_err *err);
/* Seconds tracked on a project, all users, all time (its budget's use). */
int app_project_tracked(tk_app *app, const tk_project *p, int64_t *seconds, tk_err *err);

#endif
