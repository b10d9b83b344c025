/* app_rules.h — the billing cache (app_rules.c): each client's rules (its record, rates,
 * projects, per-tier rules, retainers, rate card and rounding), read from the store once per
 * command or screen and found by id without a search. Any read-only view that bills many
 * entries (the week grid, the log, report profit) can share one: the first few clients are
 * read one by one (four statements each), after that every client's at once (five in all),
 * so a view of one client reads only that client and a busy week of hundreds of clients
 * does not pay hundreds of statements. */
#ifndef TOCK_APP_RULES_H
#define TOCK_APP_RULES_H

#include "app.h"
#include "rate_card.h"

typedef struct app_client_rules {
    tk_client client;
    TK_VEC(tk_rate) rates;
    TK_VEC(tk_project) projects;
    TK_VEC(tk_tier_rule) tiers;
    TK_VEC(tk_retainer) retainers;   /* by first day */
    tk_rate_card card;               /* over rates and the multipliers given to app_rules_new */
    tk_rounding rounding;            /* app_client_rounding */
    bool filling;                    /* app_rules.c's own: being read by app_rules_load_all */
    bool in_blocks;                  /* app_rules.c's own: its strings are the cache's */
} app_client_rules;

typedef struct app_rules app_rules;

/* mults (the config's tier multipliers) are copied; their names are borrowed from the config. */
app_rules *app_rules_new(tk_app *app, const tk_tier_mult *mults, size_t nmults);
/* One more holder (a second biller of the same screen refresh); each holder frees it once. */
app_rules *app_rules_keep(app_rules *r);
void app_rules_free(app_rules *r);
/* The rules of a client (borrowed from the cache), read on first use; NULL with err when
 * there is no such client or the store fails. */
const app_client_rules *app_rules_get(app_rules *r, int64_t client_id, tk_err *err);
/* Reads every client's rules now (a view that knows it will need most of them). */
int app_rules_load_all(app_rules *r, tk_err *err);
/* A view about to bill entries of at least nclients distinct clients: reads every client's
 * rules now when app_rules_get would come to that anyway (after the first few one by one). */
int app_rules_expect(app_rules *r, size_t nclients, tk_err *err);
/* The client's project with that id (borrowed), or NULL. */
const tk_project *app_rules_project(const app_client_rules *cr, int64_t project_id);

#endif
