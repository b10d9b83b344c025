/* bill_memo's contract (bill_memo.h), from the outside: the same bill for the same key; never
 * another key's bill when any part of the key differs (client, project, tier, billable,
 * actual seconds, rates begun), even past 32 bits; tier names numbered once each, at most 64;
 * only bills it can give back whole are kept; a full memo starts again and keeps answering
 * right. A memo that answered with another key's bill would change money silently. */
#include "test.h"
#include "bill_memo.h"

#include <stdint.h>
#include <string.h>

static bool memo_amount(const bill_memo *m, bill_memo_key k, int64_t *a)
{
    *a = -12345;
    return bill_memo_get(m, &k, a);
}

/* A one-part bill as bill_entry makes it for k (standard tier unless k->tier names one). */
static tk_bill one_part(const bill_memo *m, const bill_memo_key *k, const char *tier,
                        int64_t amount)
{
    (void)m;
    tk_bill b;
    memset(&b, 0, sizeof b);
    b.billable = k->billable;
    b.actual_seconds = k->actual_seconds;
    b.billed_seconds = k->actual_seconds + 60;
    b.quantity_centi = 7;
    b.amount_minor = amount;
    b.nparts = 1;
    tk_bill_part *p = &b.parts[0];
    strcpy(p->tier, tier ? tier : TIER_STANDARD);
    p->actual_seconds = b.actual_seconds;
    p->billed_seconds = b.billed_seconds;
    p->quantity_centi = b.quantity_centi;
    p->has_rate = true;
    p->rate.rate_minor = p->rate_minor = 10000;
    p->rate.base_minor = 10000;
    p->rate.rate_id = 4;
    p->rate.from = 100;
    p->rate.permille = 1000;
    p->amount_minor = amount;
    return b;
}

TEST(bill_memo_each_part_of_the_key_is_its_own)
{
    bill_memo *m = bill_memo_new();
    int rush = bill_memo_tier(m, "rush");
    CHECK_INT(rush, 1);
    const bill_memo_key base = { 5, 9, 3600, 2, 0, true };
    bill_memo_key other[] = {
        { 4, 9, 3600, 2, 0, true }, { 6, 9, 3600, 2, 0, true },          /* client */
        { 5, 8, 3600, 2, 0, true }, { 5, 10, 3600, 2, 0, true },         /* project */
        { 5, 0, 3600, 2, 0, true },                                      /* no project */
        { 5, 9, 3599, 2, 0, true }, { 5, 9, 3601, 2, 0, true },          /* actual seconds */
        { 5, 9, 3600, 1, 0, true }, { 5, 9, 3600, 3, 0, true },          /* rates begun */
        { 5, 9, 3600, 2, (int16_t)rush, true },                          /* tier */
        { 5, 9, 3600, 2, 0, false },                                     /* billable */
        { 9, 5, 3600, 2, 0, true },                                      /* ids swapped */
    };
    size_t n = sizeof other / sizeof other[0];
    int64_t a;
    bill_memo_put(m, &base, 1000);
    tk_bill want = one_part(m, &base, NULL, 1000), got;
    bill_memo_put_bill(m, &base, &want);
    for (size_t i = 0; i < n; i++) {
        CHECK(!memo_amount(m, other[i], &a));
        CHECK(!bill_memo_get_bill(m, &other[i], &got));
    }
    /* Each remembered apart: every key gives back its own amount and bill. */
    for (size_t i = 0; i < n; i++) {
        bill_memo_put(m, &other[i], 2000 + (int64_t)i);
        tk_bill b = one_part(m, &other[i], other[i].tier ? "rush" : NULL, 2000 + (int64_t)i);
        bill_memo_put_bill(m, &other[i], &b);
    }
    CHECK(memo_amount(m, base, &a));
    CHECK_INT(a, 1000);
    CHECK(bill_memo_get_bill(m, &base, &got));
    CHECK(memcmp(&got, &want, sizeof got) == 0);
    for (size_t i = 0; i < n; i++) {
        CHECK(memo_amount(m, other[i], &a));
        CHECK_INT(a, 2000 + (int64_t)i);
        tk_bill b = one_part(m, &other[i], other[i].tier ? "rush" : NULL, 2000 + (int64_t)i);
        CHECK(bill_memo_get_bill(m, &other[i], &got));
        CHECK(memcmp(&got, &b, sizeof got) == 0);
    }
    /* A key it has, put again: the new amount, not a second entry beside the old. */
    bill_memo_put(m, &base, 1001);
    CHECK(memo_amount(m, base, &a));
    CHECK_INT(a, 1001);
    bill_memo_free(m);
}

/* Values up to 2^32 − 1 (ids, seconds) and 65,535 rates begun are remembered; past them, or
 * below 0, nothing is, and such a key never finds the bill of one equal in its low bits. */
TEST(bill_memo_keys_at_the_edges_of_their_slots)
{
    bill_memo *m = bill_memo_new();
    const int64_t u32 = UINT32_MAX;
    bill_memo_key fits[] = {
        { u32, 1, 1, 1, 0, true }, { 1, u32, 1, 1, 0, true }, { 1, 1, u32, 1, 0, true },
        { 1, 1, 1, UINT16_MAX, 0, true }, { 0, 0, 0, 0, 0, false },
    };
    bill_memo_key past[] = {
        { u32 + 1, 1, 1, 1, 0, true }, { 1, u32 + 1, 1, 1, 0, true },
        { 1, 1, u32 + 1, 1, 0, true }, { 1, 1, 1, UINT16_MAX + 1, 0, true },
        { -1, 1, 1, 1, 0, true }, { 1, -1, 1, 1, 0, true }, { 1, 1, -1, 1, 0, true },
        { 1, 1, 1, -1, 0, true },
        { ((int64_t)1 << 32) + 1, 1, 1, 1, 0, true },   /* low bits: {1, 1, 1, 1} */
        { 1, 1, ((int64_t)1 << 32) + 1, 1, 0, true },
        { 1, 1, 1, 65537, 0, true },
    };
    size_t nf = sizeof fits / sizeof fits[0], np = sizeof past / sizeof past[0];
    int64_t a;
    tk_bill got;
    for (size_t i = 0; i < nf; i++) {
        bill_memo_put(m, &fits[i], 10 + (int64_t)i);
        tk_bill b = one_part(m, &fits[i], NULL, 10 + (int64_t)i);
        bill_memo_put_bill(m, &fits[i], &b);
    }
    for (size_t i = 0; i < np; i++) {
        bill_memo_put(m, &past[i], 99);
        tk_bill b = one_part(m, &past[i], NULL, 99);
        bill_memo_put_bill(m, &past[i], &b);
        CHECK(!memo_amount(m, past[i], &a));
        CHECK(!bill_memo_get_bill(m, &past[i], &got));
    }
    for (size_t i = 0; i < nf; i++) {
        tk_bill b = one_part(m, &fits[i], NULL, 10 + (int64_t)i);
        CHECK(memo_amount(m, fits[i], &a));
        CHECK_INT(a, 10 + (int64_t)i);
        CHECK(bill_memo_get_bill(m, &fits[i], &got));
        CHECK(memcmp(&got, &b, sizeof got) == 0);
    }
    const bill_memo_key low = { 1, 1, 1, 1, 0, true };   /* what the wide keys wrap to */
    CHECK(!memo_amount(m, low, &a));
    /* Tier -1 (too many names: billed without the memo) is never an amount's key either. */
    const bill_memo_key untiered = { 1, 1, 1, 1, -1, true };
    bill_memo_put(m, &untiered, 99);
    CHECK(!memo_amount(m, untiered, &a));
    bill_memo_free(m);
}

TEST(bill_memo_tier_numbers)
{
    bill_memo *m = bill_memo_new();
    CHECK_INT(bill_memo_tier(m, NULL), 0);
    CHECK_INT(bill_memo_tier(m, ""), 0);
    CHECK_INT(bill_memo_tier(m, "rush"), 1);
    CHECK_INT(bill_memo_tier(m, "rusk"), 2);    /* same first byte, another name */
    CHECK_INT(bill_memo_tier(m, "rus"), 3);
    CHECK_INT(bill_memo_tier(m, "rush"), 1);
    CHECK_INT(bill_memo_tier(m, "rus"), 3);
    char longest[BILL_TIER_MAX + 1];
    memset(longest, 'x', sizeof longest);
    longest[BILL_TIER_MAX] = '\0';   /* 65 bytes: too long for a bill */
    CHECK_INT(bill_memo_tier(m, longest), -1);
    longest[BILL_TIER_MAX - 1] = '\0';   /* 64 bytes: the longest a bill holds */
    CHECK_INT(bill_memo_tier(m, longest), 4);
    char name[16];
    for (int i = 5; i <= 64; i++) {
        snprintf(name, sizeof name, "t%d", i);
        CHECK_INT(bill_memo_tier(m, name), i);
    }
    CHECK_INT(bill_memo_tier(m, "one too many"), -1);   /* 64 names known: no more */
    CHECK_INT(bill_memo_tier(m, "t64"), 64);            /* those known still answer */
    CHECK_INT(bill_memo_tier(m, "rush"), 1);
    CHECK_INT(bill_memo_tier(m, longest), 4);
    /* The bill of a tier comes back with that tier's name, the 64th's too. */
    bill_memo_key k = { 1, 2, 300, 1, 64, true };
    tk_bill b = one_part(m, &k, "t64", 50), got;
    bill_memo_put_bill(m, &k, &b);
    CHECK(bill_memo_get_bill(m, &k, &got));
    CHECK_STR(got.parts[0].tier, "t64");
    CHECK(memcmp(&got, &b, sizeof got) == 0);
    k.tier = 4;
    b = one_part(m, &k, longest, 50);
    bill_memo_put_bill(m, &k, &b);
    CHECK(bill_memo_get_bill(m, &k, &got));
    CHECK_STR(got.parts[0].tier, longest);
    bill_memo_free(m);
}

/* A bill the memo could not give back byte for byte is not kept: one of a retainer, parts
 * that do not match the bill, another tier than the key's. Either it is not found or it
 * comes back whole. */
TEST(bill_memo_keeps_only_bills_it_gives_back_whole)
{
    bill_memo *m = bill_memo_new();
    int rush = bill_memo_tier(m, "rush");
    for (int v = 0; v < 14; v++) {
        bill_memo_key k = { 1, 1, 1000 + v, 1, 0, true };
        tk_bill b = one_part(m, &k, NULL, 500), got;
        tk_bill_part *p = &b.parts[0];
        switch (v) {
        case 0: b.retainer = true; break;
        case 1: b.period = 20000; break;
        case 2: b.billable = false; break;
        case 3: b.actual_seconds++; break;
        case 4: p->actual_seconds--; break;
        case 5: p->billed_seconds++; break;
        case 6: p->quantity_centi++; break;
        case 7: p->amount_minor++; break;
        case 8: p->included_centi = 3; break;
        case 9: p->drawn_centi = 3; break;
        case 10: p->overage_rate_minor = 3; break;
        case 11: strcpy(p->tier, "rush"); break;             /* the key says standard */
        case 12: k.tier = (int16_t)rush; break;              /* the key says rush */
        case 13: b.nparts = 2; b.parts[1] = *p; break;
        }
        bill_memo_put_bill(m, &k, &b);
        memset(&got, 0x5a, sizeof got);
        CHECK(!bill_memo_get_bill(m, &k, &got) || memcmp(&got, &b, sizeof got) == 0);
    }
    /* A bill of no part (no time) and one without a rate come back whole. */
    bill_memo_key zero = { 1, 1, 0, 1, 0, true }, bare = { 1, 1, 7, 1, 0, false };
    tk_bill z, n, got;
    memset(&z, 0, sizeof z);
    z.billable = true;
    z.missing_rate = false;
    n = one_part(m, &bare, NULL, 0);
    n.parts[0].has_rate = false;
    memset(&n.parts[0].rate, 0, sizeof n.parts[0].rate);
    n.parts[0].rate_minor = 0;
    n.missing_rate = true;
    bill_memo_put_bill(m, &zero, &z);
    bill_memo_put_bill(m, &bare, &n);
    CHECK(bill_memo_get_bill(m, &zero, &got));
    CHECK(memcmp(&got, &z, sizeof got) == 0);
    CHECK(bill_memo_get_bill(m, &bare, &got));
    CHECK(memcmp(&got, &n, sizeof got) == 0);
    CHECK(got.missing_rate);
    bill_memo_free(m);
}

/* It grows from a few keys to its bound keeping every key, holds three quarters of its bound
 * (12,288 amounts, 3,072 bills), and on the next new key starts again with that key alone;
 * a key it has is updated in place without starting again. */
TEST(bill_memo_grows_keeps_and_starts_again_when_full)
{
    static const struct { bool bills; int64_t keep; } tables[] = { { false, 12288 },
                                                                    { true, 3072 } };
    for (size_t t = 0; t < 2; t++) {
        bill_memo *m = bill_memo_new();
        bool bills = tables[t].bills;
        int64_t keep = tables[t].keep, a;
        tk_bill got;
        for (int64_t i = 0; i < keep; i++) {
            bill_memo_key k = { 1 + i % 5, i % 3, 60 * i, 1, 0, true };
            if (bills) {
                tk_bill b = one_part(m, &k, NULL, i);
                bill_memo_put_bill(m, &k, &b);
            } else {
                bill_memo_put(m, &k, i);
            }
        }
        int64_t found = 0;
        for (int64_t i = 0; i < keep; i++) {
            bill_memo_key k = { 1 + i % 5, i % 3, 60 * i, 1, 0, true };
            if (bills ? bill_memo_get_bill(m, &k, &got) && got.amount_minor == i
                      : memo_amount(m, k, &a) && a == i)
                found++;
        }
        CHECK_INT(found, keep);
        /* Full: a key it has is updated, and nothing is forgotten. */
        bill_memo_key first = { 1, 0, 0, 1, 0, true };
        if (bills) {
            tk_bill b = one_part(m, &first, NULL, 77);
            bill_memo_put_bill(m, &first, &b);
            CHECK(bill_memo_get_bill(m, &first, &got));
            CHECK_INT(got.amount_minor, 77);
        } else {
            bill_memo_put(m, &first, 77);
            CHECK(memo_amount(m, first, &a));
            CHECK_INT(a, 77);
        }
        bill_memo_key last = { 1 + (keep - 1) % 5, (keep - 1) % 3, 60 * (keep - 1), 1, 0, true };
        CHECK(bills ? bill_memo_get_bill(m, &last, &got) : memo_amount(m, last, &a));
        /* One more new key: it starts again, with that key. */
        bill_memo_key next = { 9, 9, 9, 9, 0, false };
        if (bills) {
            tk_bill b = one_part(m, &next, NULL, 88);
            bill_memo_put_bill(m, &next, &b);
            CHECK(bill_memo_get_bill(m, &next, &got));
            CHECK_INT(got.amount_minor, 88);
            CHECK(!bill_memo_get_bill(m, &first, &got));
            CHECK(!bill_memo_get_bill(m, &last, &got));
        } else {
            bill_memo_put(m, &next, 88);
            CHECK(memo_amount(m, next, &a));
            CHECK_INT(a, 88);
            CHECK(!memo_amount(m, first, &a));
            CHECK(!memo_amount(m, last, &a));
        }
        /* The other table is untouched by this one. */
        CHECK(bills ? !memo_amount(m, next, &a) : !bill_memo_get_bill(m, &next, &got));
        /* Started again, it holds as many keys as before (next and keep - 1 more), and
         * starts again at the same count. */
        for (int64_t i = 1; i <= keep; i++) {
            bill_memo_key k = { 20 + i % 7, i % 2, 7 * i, 2, 0, false };
            if (bills) {
                tk_bill b = one_part(m, &k, NULL, -i);
                bill_memo_put_bill(m, &k, &b);
            } else {
                bill_memo_put(m, &k, -i);
            }
            bool has_next = bills ? bill_memo_get_bill(m, &next, &got) : memo_amount(m, next, &a);
            CHECK(has_next == (i < keep));
            if (has_next != (i < keep))
                break;
        }
        bill_memo_free(m);
    }
}

TEST(bill_memo_empty_answers_nothing)
{
    bill_memo *m = bill_memo_new();
    bill_memo_key k = { 0, 0, 0, 0, 0, false };
    int64_t a;
    tk_bill got;
    CHECK(!memo_amount(m, k, &a));
    CHECK_INT(a, -12345);   /* untouched */
    CHECK(!bill_memo_get_bill(m, &k, &got));
    bill_memo_free(m);
    bill_memo_free(NULL);
}
