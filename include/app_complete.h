/* app_complete.h — names that exist, for shell completion (app_complete.c). */
#ifndef TOCK_APP_COMPLETE_H
#define TOCK_APP_COMPLETE_H

#include "app.h"

/* ---- names that exist, for shell completion (app_complete.c) ---- */

typedef enum {
    APP_NAMES_CLIENTS,        /* active clients' keys */
    APP_NAMES_PROJECTS,       /* active projects as client/project */
    APP_NAMES_TIERS,          /* the configured tiers */
    APP_NAMES_OPEN_INVOICES,  /* ids of pending and failed invoices (retry, discard) */
    APP_NAMES_SPRINTS,        /* the client's sprint names, named and computed */
    APP_NAMES_USERS,          /* the team's users' logins */
} app_names_kind;

/* Calls fn once per name of the kind, in order (client: the client key, for sprints). An
 * unknown client gives no sprints. fn's non-zero return stops the listing. */
int app_names(tk_app *app, app_names_kind kind, const char *client,
              int (*fn)(const char *name, void *ctx), void *ctx, tk_err *err);

#endif
