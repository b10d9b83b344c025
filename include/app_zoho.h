/* app_zoho.h — the Zoho client as tock opens it, and Zoho contacts and totals (app_zoho.c). */
#ifndef TOCK_APP_ZOHO_H
#define TOCK_APP_ZOHO_H

#include "app.h"
#include "zoho.h"
#include "app_invoice.h"

typedef struct app_zoho {
    zoho_client *zc;
    struct zoho_settings s;    /* borrows from the config and the fields below */
    char *client_secret, *refresh_token;   /* owned, wiped when closed */
    const char *client_secret_from, *refresh_token_from; /* where each came from, for messages */
    char *token_cache;
    bool guarded;              /* holds a zoho_secret_guard */
} app_zoho;

/* The [zoho] settings as the client takes them — the one place they are mapped. Secrets come
 * from TOCK_ZOHO_CLIENT_SECRET / TOCK_ZOHO_REFRESH_TOKEN, else the config, else the
 * *_command's output (or refresh_token_file's first line); the token cache lives in $XDG_STATE_HOME/tock/zoho-token.json. verbose
 * writes Zoho's (redacted) trace to stderr. Close with app_zoho_close, also after a failure. */
int app_zoho_open(tk_app *app, bool verbose, app_zoho *z, tk_err *err);
/* The same without a refresh token, for the authorization-code grant that makes one. */
int app_zoho_open_grant(tk_app *app, bool verbose, app_zoho *z, tk_err *err);
void app_zoho_close(app_zoho *z);
/* Adds where a secret came from to an error that names its setting. */
void app_zoho_hint(const app_zoho *z, tk_err *err);

typedef struct app_customer {
    char *id, *name;
    bool pinned;               /* the client's zoho_customer_id, not a lookup */
} app_customer;
void app_customer_clear(app_customer *cu);

/* Creates the client's Zoho contact: its display name, currency and (when given) email as the
 * primary person; refused when Zoho has a contact of that name (pin that one). *id is the new
 * contact (caller frees). */
int app_zoho_create_contact(app_zoho *z, const tk_client *c, const char *email, char **id,
                            tk_err *err);

/* Checks before the first create: the organization (its price precision) and the customer's
 * contact (active, in the client's currency), and that Zoho's total of payload (the request
 * body) equals the draft's to the minor unit. -1 with one line naming the fix. */
int app_zoho_precheck(app_zoho *z, const app_draft *d, const app_customer *cu,
                      const char *payload, tk_err *err);
/* The total Zoho computes for a request body: each line's rate rounded to `precision`
 * decimals times its quantity, rounded to `precision`, summed; in minor units of a currency
 * with `exponent` decimals. Pure. */
int app_zoho_total(const char *payload, int precision, int exponent, int64_t *total, tk_err *err);

/* The client's Zoho customer: its pinned zoho_customer_id, else the one contact whose name
 * is exactly the client's display name (and whose currency is the client's). Otherwise -1
 * with err listing candidates and the command that pins one. */
int app_zoho_customer(app_zoho *z, const tk_client *c, app_customer *out, tk_err *err);

#endif
