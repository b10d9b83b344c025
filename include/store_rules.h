/* store_rules.h — every client's rules read at once (store_rules.c): the rows of clients,
 * rates, projects, tier rules and retainers, as store_client_all, store_rate_all,
 * store_project_all, store_tier_rule_all and store_retainer_all give them, in that order.
 * On sqlite they are kept across commands (schema step 21): derived data, used only while no
 * row of those tables has changed since. Same conventions as store.h. */
#ifndef TOCK_STORE_RULES_H
#define TOCK_STORE_RULES_H

#include "store.h"

typedef struct store_rules_fns {
    int (*client)(const tk_client *c, void *ctx);
    int (*rate)(const tk_rate *r, void *ctx);
    int (*project)(const tk_project *p, void *ctx);
    int (*tier_rule)(int64_t client_id, const tk_tier_rule *r, void *ctx);
    int (*retainer)(const tk_retainer *r, void *ctx);
} store_rules_fns;

/* Every row of the five, each given to its function (strings borrowed for the call), all
 * from one snapshot: the caller's transaction, or one of its own. 0, -1 with err, or what a
 * function returned to stop. */
int store_rules_all(store *st, const store_rules_fns *fns, void *ctx, tk_err *err);
/* Keeps what store_rules_all read, when it can now (no transaction open, the write lock free
 * at once); never fails. Also done by store_close. */
void store_rules_flush(store *st);

#endif
