/* entry_set.h — some clients' entries of a range of days, held in memory in billing order
 * (entry_set.c). A command that reads a long range once and bills it (report profit) hands
 * the set to the biller (app_biller_source), whose retainer draws then read their periods
 * from memory instead of the store. Pure: no I/O. */
#ifndef TOCK_ENTRY_SET_H
#define TOCK_ENTRY_SET_H

#include <stdbool.h>
#include <stdint.h>
#include "day.h"
#include "model.h"

typedef struct entry_set entry_set;

/* An empty set that will hold every entry of days [from, to] of the clients it is told to
 * hold (entry_set_hold). Owned by the caller: entry_set_free. */
entry_set *entry_set_new(tk_day from, tk_day to);
void entry_set_free(entry_set *s);
/* The set holds client_id's entries: the caller adds every one of them on the set's days
 * (and may add others: they are kept, never answered from). */
void entry_set_hold(entry_set *s, int64_t client_id);
bool entry_set_holds(const entry_set *s, int64_t client_id);
/* Copies what billing reads of e (ids, tier, flags, days, range, seconds, invoice) and
 * `tag`, a number of the caller's own (report profit: which user). Entries of days outside
 * the set's are not kept. */
void entry_set_add(entry_set *s, const tk_entry *e, int64_t tag);
/* Sorts what was added into billing order: by client, then day, start (0 without a range)
 * and id — the order store_billing_each reads. Call once, after the last add. */
void entry_set_sort(entry_set *s);

/* The entries of client_id on days [from, to] in billing order, as store_billing_each gives
 * them (user_id 0; the tier borrowed until the set is freed). fn returns 0 to go on, or a
 * negative number that stops the walk and is returned; else 0. ENTRY_SET_MISS (positive) when
 * the set does not hold that client or those days, or is not sorted yet: ask the store. */
#define ENTRY_SET_MISS 2
int entry_set_each(const entry_set *s, int64_t client_id, tk_day from, tk_day to,
                   int (*fn)(const tk_entry *e, void *ctx), void *ctx);

/* Every entry kept, in billing order, with its tag (for the caller's own pass over them). */
int entry_set_walk(const entry_set *s, int (*fn)(const tk_entry *e, int64_t tag, void *ctx),
                   void *ctx);

#endif
