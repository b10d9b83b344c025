/* bill_memo.h — what an entry bills, remembered by everything its bill depends on
 * (bill_memo.c). An entry split by no business hours bills the same money for the same client,
 * project, tier, billable flag, actual seconds and set of rates in force (its day matters only
 * through which of the client's rates have begun): a year of 200,000 entries has ~13,000
 * such keys, so report profit bills each key once (issue 18). Pure: no I/O. */
#ifndef TOCK_BILL_MEMO_H
#define TOCK_BILL_MEMO_H

#include <stdbool.h>
#include <stdint.h>
#include "billing.h"
#include "util.h"

typedef struct bill_memo_key {
    int64_t client_id, project_id;
    int64_t actual_seconds;
    int32_t rates_begun;   /* how many of the client's rates start on or before the day */
    int16_t tier;          /* bill_memo_tier's number */
    bool billable;         /* the entry's, its client's and its project's (bill_is_billable) */
} bill_memo_key;

typedef struct bill_memo bill_memo;

bill_memo *bill_memo_new(void);
void bill_memo_free(bill_memo *m);
/* A small number for a tier name (NULL or "": 0), the same for the same name; -1 when the
 * memo knows too many names to add it, or it is too long for a bill (the entry is then
 * billed without the memo). */
int bill_memo_tier(bill_memo *m, const char *tier);
/* The amount remembered for k: true and *amount_minor, else false. */
bool bill_memo_get(const bill_memo *m, const bill_memo_key *k, int64_t *amount_minor);
/* Remembers k's amount. The memo's size is bounded: when full (three quarters of its slots
 * at its bound) a new key makes it start again, forgetting every other; a key it has is just
 * updated. A key of ids or seconds past 32 bits is not remembered. */
void bill_memo_put(bill_memo *m, const bill_memo_key *k, int64_t amount_minor);
/* The whole bill remembered for k, byte for byte as bill_entry made it: true and *out. */
bool bill_memo_get_bill(const bill_memo *m, const bill_memo_key *k, tk_bill *out);
/* Remembers bill b of k when it has at most one part (else nothing); bounded as above. */
void bill_memo_put_bill(bill_memo *m, const bill_memo_key *k, const tk_bill *b);

#endif
