/* app_terms.h — a client's tier rules and a project's place in its retainer (app_terms.c). */
#ifndef TOCK_APP_TERMS_H
#define TOCK_APP_TERMS_H

#include "app.h"

/* tock client set KEY --tier TIER …: the options for that tier's rule, as typed (NULL:
 * unchanged; "default": back to the client's or the built-in). */
typedef struct app_tier_opts {
    const char *tier, *round, *mode, *minimum, *cover, *draw, *overage;
} app_tier_opts;
/* Sets a client's rule for one tier (app_terms.c), refused when an invoice bills that tier's
 * time; *key (caller frees) is the client's key on success. */
int app_tier_rule_set(tk_app *app, const char *client, const app_tier_opts *o, char **key,
                      tk_err *err);
/* The client's rule for tier into *out (untouched when it has none). */
int app_tier_rule_load(tk_app *app, int64_t client_id, const char *tier, tk_tier_rule *out,
                       tk_err *err);
/* Moves CLIENT/PROJECT out of (outside 1) or into (0) its client's retainer, or only records
 * that it was looked at (-1); refused while an invoice holds the client's time. */
int app_project_set_retainer(tk_app *app, const char *spec, int outside, bool *now_outside,
                             tk_err *err);

#endif
