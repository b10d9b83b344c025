/* Edges of rate_card.c that `make mutate` found untested (issue 23). */
#include "test.h"
#include "rate_card.h"

/* The smallest multiplier, × 0.001, is a multiplier: 100.00/h after hours is 0.10/h. */
TEST(rate_card_smallest_multiplier)
{
    static const tk_tier_mult mults[] = { { TIER_AFTER_HOURS, 1 } };
    static const tk_rate rate[] = { { 1, 1, 0, NULL, 10000, 0 } };
    tk_rate_card card = { rate, 1, mults, 1 };
    tk_rate_hit hit;
    tk_err err;
    CHECK_INT(rate_card_permille(&card, TIER_AFTER_HOURS), 1);
    CHECK_INT(rate_card_find(&card, 0, TIER_AFTER_HOURS, 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 10);
    CHECK(hit.derived);
}

/* Two rates with the same id and first day (never from the database, which numbers them):
 * the later one in the card is in force, as rate_card.c documents. */
TEST(rate_card_same_id_the_later_wins)
{
    static const tk_rate rate[] = { { 5, 1, 0, NULL, 10000, 0 }, { 5, 1, 0, NULL, 12000, 0 } };
    tk_rate_card card = { rate, 2, NULL, 0 };
    tk_rate_hit hit;
    tk_err err;
    CHECK_INT(rate_card_find(&card, 0, NULL, 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 12000);
}

/* A multiplied rate rounds to the nearest minor unit: 100.01 × 1.25 = 125.0125 is 125.01,
 * not 125.02. */
TEST(rate_card_multiplied_rate_rounds_to_nearest)
{
    static const tk_tier_mult mults[] = { { TIER_AFTER_HOURS, 1250 } };
    static const tk_rate rate[] = { { 1, 1, 0, NULL, 10001, 0 } };
    tk_rate_card card = { rate, 1, mults, 1 };
    tk_rate_hit hit;
    tk_err err;
    CHECK_INT(rate_card_find(&card, 0, TIER_AFTER_HOURS, 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 12501);
}

/* Tiers whose names share a first letter are different tiers, each with its own rate (tock.1
 * BILLING: a tier's own rate, else standard × its multiplier): "rush" at 200.00/h, "remote"
 * without a rate of its own is standard × 1.5, "standby" at 50.00/h beside "standard". */
TEST(rate_card_tiers_sharing_a_first_letter)
{
    static const tk_tier_mult mults[] = { { "remote", 1500 } };
    static const tk_rate rate[] = { { 1, 1, 0, (char *)"rush", 20000, 0 },
                                    { 2, 1, 0, NULL, 10000, 0 },
                                    { 3, 1, 0, (char *)"standby", 5000, 0 } };
    tk_rate_card card = { rate, 3, mults, 1 };
    tk_rate_hit hit;
    tk_err err;
    CHECK_INT(rate_card_find(&card, 0, "rush", 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 20000);
    CHECK_INT(rate_card_find(&card, 0, "remote", 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 15000);
    CHECK(hit.derived);
    CHECK_INT(rate_card_find(&card, 0, "standby", 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 5000);
    CHECK_INT(rate_card_find(&card, 0, NULL, 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 10000);
    CHECK_INT(rate_card_find(&card, 0, TIER_STANDARD, 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 10000);
    CHECK_INT(rate_card_find(&card, 0, "rural", 0, &hit, &err), 0);   /* no rate, no multiplier */
}

/* Multipliers a hair either side of 1: × 1.001 and × 0.999 change the rate (1000.00/h is
 * 1001.00/h and 999.00/h); only × 1 leaves it as it is. */
TEST(rate_card_multipliers_next_to_one)
{
    static const tk_tier_mult mults[] = { { "up", 1001 }, { "down", 999 }, { "same", 1000 } };
    static const tk_rate rate[] = { { 1, 1, 0, NULL, 100000, 0 } };
    tk_rate_card card = { rate, 1, mults, 3 };
    tk_rate_hit hit;
    tk_err err;
    CHECK_INT(rate_card_find(&card, 0, "up", 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 100100);
    CHECK_INT(rate_card_find(&card, 0, "down", 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 99900);
    CHECK_INT(rate_card_find(&card, 0, "same", 0, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 100000);
    CHECK(hit.derived);
}
