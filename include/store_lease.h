/* store_lease.h — who is pushing an invoice to Zoho right now (app_submit.c), for as long as
 * they live, so two tocks never submit one attempt at once.
 *
 * The lease is recorded in the invoice's row as (holder, start). What a holder is depends on
 * the store, and only the store knows: on a sqlite file, a process of this machine (its pid,
 * and its start time so that a reused pid is not taken for it); on PostgreSQL, a database
 * session on any machine (the server's process for it), which holds a session advisory lock
 * on the invoice: the lease lives exactly as long as the holder's connection, and no pid of
 * this machine decides anything. */
#ifndef TOCK_STORE_LEASE_H
#define TOCK_STORE_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Inside the caller's transaction: takes the lease on invoice id, whose row records
 * (*holder, *start), for this process, and sets them to what to record. 0; 1 when another
 * holder that lives has it (its name into who, e.g. "process 42"); -1 with err when the
 * database failed. A lease taken in a transaction that then fails must be given back with
 * store_lease_settle. */
int store_lease_take(store *st, int64_t id, int64_t *holder, int64_t *start, char *who,
                     size_t who_size, tk_err *err);
/* Whether (holder, start) names this process (or, on PostgreSQL, this session). */
bool store_lease_mine(store *st, int64_t holder, int64_t start);
/* After a change to invoice id, committed or not: the lease is given back unless the row as
 * saved (kept: whether it was) still names this process as its holder. */
void store_lease_settle(store *st, int64_t id, bool kept, int64_t holder, int64_t start);

/* A process of this machine: its start time in clock ticks since boot (0: unknown), which
 * with the pid names it even after the pid is reused; and whether (pid, start) still runs.
 * Also what names an import still being added (store_pending.c). */
int64_t store_lease_process_start(int64_t pid);
bool store_lease_process_alive(int64_t pid, int64_t start);

#endif
