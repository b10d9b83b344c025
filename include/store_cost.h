/* store_cost.h — the store's side of issue 18: milestones of fixed prices and the invoices
 * carrying them, cost rates per user, the users a report lists, ticket references. Same
 * conventions as store.h: 0 or -1 with err; *_each calls fn per row and stops on its non-zero
 * return. */
#ifndef TOCK_STORE_COST_H
#define TOCK_STORE_COST_H

#include "fixed.h"
#include "store.h"

int store_milestone_insert(store *st, tk_milestone *m, int64_t user_id, int64_t now, tk_err *err);
/* The sum of a project's milestones (all of them, billed or not). */
int store_milestone_total(store *st, int64_t project_id, int64_t *total, tk_err *err);
/* Milestones of a client (client_id 0: all) or of one project (project_id != 0), by day and
 * id, each with the invoice carrying it: a pending or sent invoice that is not void, other
 * than `except`. free_only: only those no such invoice carries. */
int store_milestone_each(store *st, int64_t client_id, int64_t project_id, int64_t except,
                         bool free_only, int (*fn)(const tk_milestone *m, void *ctx), void *ctx,
                         tk_err *err);
/* The milestones an invoice carries (replacing any it carried). */
int store_invoice_milestones_set(store *st, int64_t invoice_id, const int64_t *ids, size_t n,
                                 tk_err *err);

/* Cost rates. Insert fails with a unique violation on the same user, currency and day;
 * replace changes that one's amount. user_id 0: every user's, by login, currency, day. */
int store_cost_insert(store *st, tk_cost_rate *r, int64_t now, tk_err *err);
int store_cost_replace(store *st, const tk_cost_rate *r, tk_err *err);
int store_cost_each(store *st, int64_t user_id, int (*fn)(const tk_cost_rate *r, void *ctx),
                    void *ctx, tk_err *err);
/* 1 when user_id has an invoiced entry on or after day (its cost is in a closed period). */
int store_user_invoiced_since(store *st, int64_t user_id, tk_day day, tk_err *err);
/* Every user, by login. */
int store_user_each(store *st, int (*fn)(int64_t id, const char *login, void *ctx), void *ctx,
                    tk_err *err);

/* What billing reads of a user's entries that start on days [from, to] (store_profit.c), by
 * day, with user_id set and last_day not read (0: billing does not use it); a range's
 * seconds are its end − start, what billing uses (the stored figure is not read: a range
 * that ends before it starts, or too far after to count, gets 0, and billing refuses it);
 * fn's non-zero return stops and is returned. A report of a long range reads it user by
 * user. store_billing_each (store.h) reads a client's the same way. */
int store_entry_bills_each(store *st, int64_t user_id, tk_day from, tk_day to,
                           int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err);

#endif
