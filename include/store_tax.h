/* store_tax.h — taxes and which applies to a client or one of its projects (schema step 9).
 * Part of the store interface (store.h); the caller holds the transaction for writes. */
#ifndef TOCK_STORE_TAX_H
#define TOCK_STORE_TAX_H

#include <stdint.h>
#include "store.h"

typedef struct tk_tax {
    int64_t id;
    const char *name;            /* borrowed for the callback's duration */
    int32_t percent_milli;
    const char *zoho_tax_id;     /* NULL: none */
} tk_tax;

/* Adds a tax, or changes the percentage and Zoho id of the one of that name. Sets t->id. */
int store_tax_put(store *st, tk_tax *t, int64_t now, tk_err *err);
/* Every tax by name; fn returns non-zero to stop (returned). */
int store_tax_each(store *st, int (*fn)(const tk_tax *t, void *ctx), void *ctx, tk_err *err);

/* A client's (project_id 0) or project's tax rule: tax_id, or an exemption; both 0/NULL
 * removes the rule. */
int store_tax_rule_set(store *st, int64_t client_id, int64_t project_id, int64_t tax_id,
                       const char *exemption, tk_err *err);
/* The client's rules, the client's own (project 0) first: t is NULL for an exemption. */
int store_tax_rule_each(store *st, int64_t client_id,
                        int (*fn)(int64_t project_id, const tk_tax *t, const char *exemption,
                                  void *ctx), void *ctx, tk_err *err);

#endif
