/* bill_pack.c — bills held as a small head and only the parts they have (bill_pack.h). */
#include "bill_pack.h"

#include <stdlib.h>
#include <string.h>

size_t bill_pack_add(bill_pack *p, const tk_bill *b)
{
    bill_pack_head h = { b->actual_seconds, b->billed_seconds, b->quantity_centi,
                         b->amount_minor, (uint32_t)p->parts.len, b->period,
                         (int8_t)b->nparts, b->billable, b->missing_rate, b->retainer };
    for (int j = 0; j < b->nparts; j++)
        TK_PUSH(p->parts, b->parts[j]);
    TK_PUSH(p->heads, h);
    return p->heads.len - 1;
}

void bill_pack_peek(const bill_pack *p, size_t i, tk_bill *out)
{
    const bill_pack_head *h = &p->heads.items[i];
    out->billable = h->billable;
    out->actual_seconds = h->actual_seconds;
    out->billed_seconds = h->billed_seconds;
    out->quantity_centi = h->quantity_centi;
    out->amount_minor = h->amount_minor;
    out->missing_rate = h->missing_rate;
    out->nparts = h->nparts;
    out->retainer = h->retainer;
    out->period = h->period;
    if (h->nparts)
        memcpy(out->parts, &p->parts.items[h->first], (size_t)h->nparts * sizeof *out->parts);
}

void bill_pack_get(const bill_pack *p, size_t i, tk_bill *out)
{
    memset(out, 0, sizeof *out);
    bill_pack_peek(p, i, out);
}

void bill_pack_put(bill_pack *p, size_t i, const tk_bill *b)
{
    bill_pack_head *h = &p->heads.items[i];
    uint32_t first = h->first;
    *h = (bill_pack_head){ b->actual_seconds, b->billed_seconds, b->quantity_centi,
                           b->amount_minor, first, b->period, (int8_t)b->nparts, b->billable,
                           b->missing_rate, b->retainer };
    if (b->nparts)
        memcpy(&p->parts.items[first], b->parts, (size_t)b->nparts * sizeof *b->parts);
}

void bill_pack_free(bill_pack *p)
{
    free(p->heads.items);
    free(p->parts.items);
    memset(p, 0, sizeof *p);
}
