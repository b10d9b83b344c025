/* bill_pack: a bill comes back as it was added or last put, whatever its number of parts. */
#include "test.h"
#include "bill_pack.h"

#include <string.h>

static tk_bill bill_of(int nparts, int64_t base)
{
    tk_bill b;
    memset(&b, 0, sizeof b);
    b.billable = true;
    b.actual_seconds = base;
    b.billed_seconds = base + 1;
    b.quantity_centi = base + 2;
    b.amount_minor = base + 3;
    b.nparts = nparts;
    b.period = (tk_day)base;
    for (int j = 0; j < nparts; j++) {
        snprintf(b.parts[j].tier, sizeof b.parts[j].tier, "t%d", j);
        b.parts[j].quantity_centi = base * 10 + j;
        b.parts[j].has_rate = true;
        b.parts[j].rate.rate_id = j + 1;
    }
    return b;
}

TEST(bill_pack_gives_back_each_bill)
{
    bill_pack p = { 0 };
    tk_bill a = bill_of(1, 100), none = bill_of(0, 200), three = bill_of(3, 300), got;
    none.billable = false;
    CHECK_INT(bill_pack_add(&p, &a), 0);
    CHECK_INT(bill_pack_add(&p, &none), 1);
    CHECK_INT(bill_pack_add(&p, &three), 2);
    bill_pack_get(&p, 0, &got);
    CHECK(memcmp(&got, &a, sizeof got) == 0);
    bill_pack_get(&p, 1, &got);
    CHECK(memcmp(&got, &none, sizeof got) == 0);
    bill_pack_get(&p, 2, &got);
    CHECK(memcmp(&got, &three, sizeof got) == 0);
    /* A draw marks it as a retainer's and changes its parts' amounts. */
    three.retainer = true;
    three.missing_rate = true;
    three.amount_minor = 7;
    three.parts[2].included_centi = 55;
    bill_pack_put(&p, 2, &three);
    bill_pack_get(&p, 2, &got);
    CHECK(memcmp(&got, &three, sizeof got) == 0);
    bill_pack_get(&p, 0, &got);   /* its neighbours untouched */
    CHECK(memcmp(&got, &a, sizeof got) == 0);
    bill_pack_free(&p);
    CHECK_INT(p.heads.len, 0);
}

/* peek gives what get gives, writing only the head and the bill's own parts: the parts past
 * them keep what the caller had there. */
TEST(bill_pack_peek_writes_only_the_bills_own_parts)
{
    bill_pack p = { 0 };
    tk_bill one = bill_of(1, 10), four = bill_of(BILL_MAX_PARTS, 40), none = bill_of(0, 70);
    four.retainer = true;
    four.missing_rate = true;
    none.billable = false;
    bill_pack_add(&p, &one);
    bill_pack_add(&p, &four);
    bill_pack_add(&p, &none);
    const tk_bill *want[] = { &one, &four, &none };
    for (size_t i = 0; i < 3; i++) {
        tk_bill got, full;
        memset(&got, 0xab, sizeof got);
        bill_pack_peek(&p, i, &got);
        bill_pack_get(&p, i, &full);
        CHECK(got.billable == want[i]->billable);
        CHECK(got.actual_seconds == want[i]->actual_seconds);
        CHECK(got.billed_seconds == want[i]->billed_seconds);
        CHECK(got.quantity_centi == want[i]->quantity_centi);
        CHECK(got.amount_minor == want[i]->amount_minor);
        CHECK(got.missing_rate == want[i]->missing_rate);
        CHECK(got.retainer == want[i]->retainer);
        CHECK(got.period == want[i]->period);
        CHECK_INT(got.nparts, want[i]->nparts);
        CHECK(memcmp(got.parts, full.parts, (size_t)got.nparts * sizeof got.parts[0]) == 0);
        for (int j = got.nparts; j < BILL_MAX_PARTS; j++)
            CHECK(got.parts[j].tier[0] == (char)0xab && got.parts[j].quantity_centi ==
                  (int64_t)0xabababababababab);
    }
    bill_pack_free(&p);
}
