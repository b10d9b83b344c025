/* bill_memo: a remembered bill comes back byte for byte as bill_entry made it; amounts by key;
 * a bill of two parts is not kept; the tables forget when full and keep answering right. */
#include "test.h"
#include "bill_memo.h"

#include <string.h>

static const tk_tier_mult memo_mults[] = { { TIER_AFTER_HOURS, 1500 } };
static const tk_rate memo_rates[] = { { 1, 1, 0, NULL, 12345, 0 },
                                      { 2, 1, 7, (char *)"rush", 20000, 100 } };

static tk_bill billed(const tk_entry *e, bool billable)
{
    tk_rate_card card = { memo_rates, 2, memo_mults, 1 };
    tk_rounding up = { 360, ROUND_UP, 900 };
    tk_bill_rules rules = { &up, NULL, &card, NULL, 0 };
    tk_bill b;
    tk_err err;
    CHECK_INT(bill_entry(e, &rules, billable, &b, &err), 0);
    return b;
}

TEST(bill_memo_gives_back_bills_byte_for_byte)
{
    static const char *tiers[] = { NULL, "", TIER_AFTER_HOURS, "rush", "unpriced", TIER_STANDARD };
    bill_memo *m = bill_memo_new();
    for (size_t t = 0; t < sizeof tiers / sizeof tiers[0]; t++)
        for (int64_t secs = 0; secs <= 7200; secs += 1799)
            for (int billable = 0; billable < 2; billable++) {
                tk_entry e = { .id = 3, .client_id = 1, .project_id = 7, .day = 150,
                               .seconds = secs, .tier = (char *)tiers[t],
                               .billable = true };
                tk_bill want = billed(&e, billable), got;
                bill_memo_key k = { 1, 7, secs, 2, (int16_t)bill_memo_tier(m, tiers[t]),
                                    billable };
                CHECK(k.tier >= 0);
                if (tiers[t] && !*tiers[t]) {   /* "" is NULL's key: NULL's bill is its own */
                    CHECK(bill_memo_get_bill(m, &k, &got));
                    CHECK(memcmp(&got, &want, sizeof got) == 0);
                }
                CHECK(bill_memo_get_bill(m, &k, &got) == (tiers[t] && !*tiers[t]));
                bill_memo_put_bill(m, &k, &want);
                memset(&got, 0xa5, sizeof got);
                CHECK(bill_memo_get_bill(m, &k, &got));
                CHECK(memcmp(&got, &want, sizeof got) == 0);
                bill_memo_put(m, &k, want.amount_minor + 1);
                int64_t amount = 0;
                CHECK(bill_memo_get(m, &k, &amount));
                CHECK_INT(amount, want.amount_minor + 1);
            }
    CHECK_INT(bill_memo_tier(m, ""), 0);
    CHECK_INT(bill_memo_tier(m, "rush"), bill_memo_tier(m, "rush"));
    bill_memo_free(m);
}

TEST(bill_memo_keeps_no_bill_of_two_parts)
{
    bill_memo *m = bill_memo_new();
    tk_bill two;
    memset(&two, 0, sizeof two);
    two.billable = true;
    two.actual_seconds = two.billed_seconds = 120;
    two.nparts = 2;
    strcpy(two.parts[0].tier, TIER_STANDARD);
    strcpy(two.parts[1].tier, TIER_AFTER_HOURS);
    two.parts[0].actual_seconds = two.parts[1].actual_seconds = 60;
    bill_memo_key k = { 1, 0, 120, 1, 0, true };
    bill_memo_put_bill(m, &k, &two);
    CHECK(!bill_memo_get_bill(m, &k, &two));
    bill_memo_free(m);
}

TEST(bill_memo_starts_again_at_its_bound_and_answers_right)
{
    bill_memo *m = bill_memo_new();
    for (int64_t i = 0; i < 100000; i++) {
        bill_memo_key k = { i % 7, i % 3, i, (int32_t)(i % 5), 0, true };
        bill_memo_put(m, &k, i * 2);
    }
    int found = 0;
    for (int64_t i = 0; i < 100000; i++) {
        bill_memo_key k = { i % 7, i % 3, i, (int32_t)(i % 5), 0, true };
        int64_t a = -1;
        if (bill_memo_get(m, &k, &a)) {
            found++;
            CHECK_INT(a, i * 2);
        }
    }
    CHECK(found > 1000 && found < 100000);   /* the last ones kept, not all */
    bill_memo_key first = { 99999 % 7, 99999 % 3, 99999, 99999 % 5, 0, true },
                  other = { 1, 1, 1, 1, 0, false };
    int64_t a = -1;
    CHECK(bill_memo_get(m, &first, &a));
    CHECK_INT(a, 99999 * 2);
    CHECK(!bill_memo_get(m, &other, &a));   /* billable differs: not found */
    bill_memo_put(m, &first, 5);            /* a key it has is still updated */
    CHECK(bill_memo_get(m, &first, &a));
    CHECK_INT(a, 5);
    /* Past 32 bits: not remembered, never confused with a small key. */
    bill_memo_key wide = { (int64_t)1 << 33, 0, 0, 0, 0, true };
    bill_memo_put(m, &wide, 9);
    CHECK(!bill_memo_get(m, &wide, &a));
    CHECK(bill_memo_get(m, &first, &a));
    CHECK_INT(a, 5);
    bill_memo_free(m);
}
