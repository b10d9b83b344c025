/* store_carry.h — what earlier retainer periods' entries drew, stored (schema step 17; the
 * rules are in app_carry.c). Derived data: carry_gen counts each client's entry changes (SQL
 * triggers in the writer's transaction), and a stored figure is keyed by the count it was
 * computed at. Same conventions as store.h. */
#ifndef TOCK_STORE_CARRY_H
#define TOCK_STORE_CARRY_H

#include "store.h"

typedef struct store_carry_row {
    int64_t client_id, retainer_id;
    tk_day first, last;          /* the period, as its draw reads it */
    int64_t gen;                 /* carry_gen of the client the figure was computed at */
    const char *rules;           /* digest of every rule the figure depends on */
    int64_t seconds;             /* prepaid seconds its entries need */
    const char *bills;           /* set: the period's draw (carry_draw, schema step 19), not a
                                  * figure of carry_usage; last and seconds unused */
} store_carry_row;

/* The client's change count now (0 before its first change). *clean: false when this
 * connection has uncommitted changes (a figure read through them must never be stored). */
int store_carry_gen(store *st, int64_t client_id, int64_t *gen, bool *clean, tk_err *err);
/* Whether this connection has uncommitted changes now (see *clean above). */
bool store_carry_clean(store *st);
/* The figures stored for a retainer of the client at change count gen. */
int store_carry_each(store *st, int64_t client_id, int64_t retainer_id, int64_t gen,
                     int (*fn)(const store_carry_row *r, void *ctx), void *ctx, tk_err *err);
/* The draw stored for the period of the client's retainer that begins on first, at change
 * count gen with these rules: 1 and *bills (the caller frees), 0 when there is none. */
int store_carry_draw_get(store *st, int64_t client_id, int64_t retainer_id, tk_day first,
                         int64_t gen, const char *rules, char **bills, tk_err *err);
/* Stores figures if it can at once, in its own short transaction: never waits for a lock, never
 * fails (a busy, read-only or refused database: nothing stored). A reader's connection may
 * store them (derived data, not a change: no audit record). STORE_CARRY_LATER: a transaction is
 * open, try after it; 1 stored; 0 not stored. */
#define STORE_CARRY_LATER 2
int store_carry_save(store *st, const store_carry_row *rows, size_t n);

#endif
