/* bill_pack.h — many bills held compactly (bill_pack.c): a tk_bill has room for
 * BILL_MAX_PARTS parts (~800 bytes), most entries bill one. A retainer period's draw holds
 * every entry's bill of the period, thousands in a busy month (issue 21: peak RSS), here at
 * ~250 bytes each. Pure: no I/O. */
#ifndef TOCK_BILL_PACK_H
#define TOCK_BILL_PACK_H

#include <stddef.h>
#include <stdint.h>
#include "billing.h"
#include "util.h"

typedef struct bill_pack_head {
    int64_t actual_seconds, billed_seconds, quantity_centi, amount_minor;
    uint32_t first;              /* index of its first part in parts */
    tk_day period;
    int8_t nparts;
    bool billable, missing_rate, retainer;
} bill_pack_head;

typedef struct bill_pack {
    TK_VEC(bill_pack_head) heads;
    TK_VEC(tk_bill_part) parts;
} bill_pack;

/* Appends a copy of b; returns its index. */
size_t bill_pack_add(bill_pack *p, const tk_bill *b);
/* The bill at index i, as it was added or last put (parts past nparts zeroed). */
void bill_pack_get(const bill_pack *p, size_t i, tk_bill *out);
/* The bill at index i as bill_pack_get gives it, but only its head and its own parts are
 * written: out's parts past nparts are left as they were. For a change made and put back at
 * once (a retainer's draw), without clearing a whole tk_bill each time. */
void bill_pack_peek(const bill_pack *p, size_t i, tk_bill *out);
/* Replaces the bill at i by b, which has the same number of parts (a draw changes amounts). */
void bill_pack_put(bill_pack *p, size_t i, const tk_bill *b);
void bill_pack_free(bill_pack *p);

#endif
