/* Edges of billing.c that `make mutate` found untested (issue 23); each kills a mutant the
 * rest of the suite let through and says what a user would have seen. */
#include "test.h"
#include "billing.h"

#define M 60

static tk_bizhours office(void)
{
    tk_bizhours b;
    tk_err err;
    CHECK_INT(bizhours_parse("Mon-Fri 09:00-18:00", &b, &err), 0);
    return b;
}

/* The tiers column of `log` and the timer line: one name per part, joined by '+'. */
TEST(billing_tiers_column)
{
    tk_bill b;
    strbuf s = { 0 };
    memset(&b, 0, sizeof b);
    bill_tiers(&b, &s);
    CHECK_STR(s.buf, TIER_STANDARD);                    /* no parts: standard */
    sb_reset(&s);
    b.nparts = 1;
    strcpy(b.parts[0].tier, TIER_EMERGENCY);
    bill_tiers(&b, &s);
    CHECK_STR(s.buf, TIER_EMERGENCY);
    sb_reset(&s);
    b.nparts = 2;
    strcpy(b.parts[1].tier, TIER_AFTER_HOURS);
    bill_tiers(&b, &s);
    CHECK_STR(s.buf, TIER_EMERGENCY "+" TIER_AFTER_HOURS);
    sb_free(&s);
}

/* Hundredths of an hour left over go to the largest remainder, the later part on a tie:
 * 1.01 h split evenly is 0.50 + 0.51, never 0.51 + 0.50. */
TEST(billing_divide_tie_goes_to_the_later_part)
{
    int64_t w[2] = { 1818, 1818 }, q[2];
    bill_divide(101, w, 2, q);
    CHECK_INT(q[0], 50);
    CHECK_INT(q[1], 51);
    int64_t w3[3] = { 1, 1, 1 }, q3[3];
    bill_divide(100, w3, 3, q3);                         /* 33.33… each: the last gets 34 */
    CHECK_INT(q3[0], 33);
    CHECK_INT(q3[1], 33);
    CHECK_INT(q3[2], 34);
}

/* The tier in force at the last second, [end − 1 s, end), takes the rounding: an entry from
 * Monday 17:29 to Tuesday 09:00 ends after hours (08:59:59), even though 09:00:00 and later
 * are inside; its 14 rounded-up minutes are after-hours minutes. */
TEST(billing_last_second_before_opening)
{
    tk_bizhours hours = office();
    tk_rounding up = { 15 * M, ROUND_UP, 0 };
    tk_bill_rules rules = { &up, &hours, NULL, NULL, 0 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    t_set_tz("Europe/Berlin");
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.has_range = true;
    e.day = day_from_ymd(2026, 11, 23);                  /* a Monday */
    e.start = local_make(e.day, 17, 29, 0);
    e.end = local_make(e.day + 1, 9, 0, 0);
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.nparts, 2);
    CHECK_STR(b.parts[0].tier, TIER_STANDARD);
    CHECK_INT(b.parts[0].billed_seconds, 31 * M);
    CHECK_STR(b.parts[1].tier, TIER_AFTER_HOURS);
    CHECK_INT(b.parts[1].billed_seconds, 15 * 3600 + 14 * M);
}

/* One second into opening hours is inside: Monday 17:29 to Tuesday 09:00:01 ends in standard
 * time, which takes the rounding (13 min 59 s) this time. */
TEST(billing_last_second_just_after_opening)
{
    tk_bizhours hours = office();
    tk_rounding up = { 15 * M, ROUND_UP, 0 };
    tk_bill_rules rules = { &up, &hours, NULL, NULL, 0 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    t_set_tz("Europe/Berlin");
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.has_range = true;
    e.day = day_from_ymd(2026, 11, 23);
    e.start = local_make(e.day, 17, 29, 0);
    e.end = local_make(e.day + 1, 9, 0, 1);
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.nparts, 2);
    CHECK_STR(b.parts[0].tier, TIER_AFTER_HOURS);
    CHECK_INT(b.parts[0].billed_seconds, 15 * 3600);
    CHECK_STR(b.parts[1].tier, TIER_STANDARD);
    CHECK_INT(b.parts[1].billed_seconds, 31 * M + 1 + 13 * M + 59);
}

/* A single second of standard time is a part of its own: 17:59:59 to 18:10 is
 * "standard+after-hours", 1 s and 10 min. */
TEST(billing_one_second_part)
{
    tk_bizhours hours = office();
    tk_bill_rules rules = { NULL, &hours, NULL, NULL, 0 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    t_set_tz("Europe/Berlin");
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.has_range = true;
    e.day = day_from_ymd(2026, 11, 23);
    e.start = local_make(e.day, 17, 59, 59);
    e.end = local_make(e.day, 18, 10, 0);
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.nparts, 2);
    CHECK_STR(b.parts[0].tier, TIER_STANDARD);
    CHECK_INT(b.parts[0].actual_seconds, 1);
    CHECK_INT(b.parts[1].actual_seconds, 10 * M);
}

/* The rounding of the tier the entry ends in: after-hours work has a one-hour minimum here,
 * so 18:00 to 18:10 bills an hour (the client's own rounding has no minimum). */
TEST(billing_ending_tier_rules_the_rounding)
{
    tk_bizhours hours = office();
    tk_tier_rule ah;
    memset(&ah, 0, sizeof ah);
    ah.tier = (char *)TIER_AFTER_HOURS;
    ah.has_minimum = true;
    ah.rounding.minimum = 3600;
    tk_rounding none = { 0, ROUND_NONE, 0 };
    tk_bill_rules rules = { &none, &hours, NULL, &ah, 1 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    t_set_tz("Europe/Berlin");
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.has_range = true;
    e.day = day_from_ymd(2026, 11, 23);
    e.start = local_make(e.day, 18, 0, 0);
    e.end = local_make(e.day, 18, 10, 0);
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.billed_seconds, 3600);
}

/* A shortfall of one second is taken off the last part too: 10 min 1 s rounded down to the
 * minute bills 10 min, and the part says so. */
TEST(billing_one_second_shortfall)
{
    tk_rounding down = { M, ROUND_DOWN, 0 };
    tk_bill_rules rules = { &down, NULL, NULL, NULL, 0 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.seconds = 10 * M + 1;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.billed_seconds, 10 * M);
    CHECK_INT(b.nparts, 1);
    CHECK_INT(b.parts[0].billed_seconds, 10 * M);
}

/* Two parts both rounded away bill nothing: 17:59:30 to 18:00:20 rounded down to 15 min is
 * 0 h, 0.00 on every part. */
TEST(billing_two_parts_rounded_to_nothing)
{
    static const tk_tier_mult mults[] = { { TIER_AFTER_HOURS, 1500 } };
    static const tk_rate rate[] = { { 1, 1, 0, NULL, 10000, 0 } };
    tk_rate_card card = { rate, 1, mults, 1 };
    tk_bizhours hours = office();
    tk_rounding down = { 15 * M, ROUND_DOWN, 0 };
    tk_bill_rules rules = { &down, &hours, &card, NULL, 0 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    t_set_tz("Europe/Berlin");
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.has_range = true;
    e.day = day_from_ymd(2026, 11, 23);
    e.start = local_make(e.day, 17, 59, 30);
    e.end = local_make(e.day, 18, 0, 20);
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.nparts, 2);
    CHECK_INT(b.quantity_centi, 0);
    CHECK_INT(b.parts[0].quantity_centi, 0);
    CHECK_INT(b.parts[1].quantity_centi, 0);
    CHECK_INT(b.amount_minor, 0);
}

/* A rate that overflows once multiplied stops the bill with a reason; it is not billed as 0. */
TEST(billing_multiplied_rate_too_large_is_an_error)
{
    static const tk_tier_mult mults[] = { { TIER_EMERGENCY, 100000 } };   /* × 100 */
    static const tk_rate rate[] = { { 1, 1, 0, NULL, INT64_MAX / 10, 0 } };
    tk_rate_card card = { rate, 1, mults, 1 };
    tk_bill_rules rules = { NULL, NULL, &card, NULL, 0 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.seconds = 3600;
    e.tier = (char *)TIER_EMERGENCY;
    err.msg[0] = '\0';
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    CHECK(strstr(err.msg, "too large after its multiplier") != NULL);
}

/* One billed second without a rate is still a missing rate (it blocks sending). */
TEST(billing_one_unpriced_second_is_missing_a_rate)
{
    static const tk_rate rate[] = { { 1, 1, 0, NULL, 10000, 0 } };
    tk_rate_card card = { rate, 1, NULL, 0 };
    tk_bill_rules rules = { NULL, NULL, &card, NULL, 0 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.seconds = 1;
    e.tier = (char *)TIER_EMERGENCY;                 /* no multiplier, no rate of its own */
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.billed_seconds, 1);
    CHECK(b.missing_rate);
}

/* A tier's own rounding overrides the client's field by field: the client rounds down to
 * 15 min; after-hours rounds up to 30 min. 18:00-18:10 bills 30 min; set only the mode and
 * it is 15 min up; set nothing and it is the client's 0. */
TEST(billing_tier_rounding_field_by_field)
{
    tk_bizhours hours = office();
    tk_rounding client = { 15 * M, ROUND_DOWN, 0 };
    tk_tier_rule ah;
    memset(&ah, 0, sizeof ah);
    ah.tier = (char *)TIER_AFTER_HOURS;
    ah.has_round = ah.has_round_mode = true;
    ah.rounding.increment = 30 * M;
    ah.rounding.mode = ROUND_UP;
    tk_bill_rules rules = { &client, &hours, NULL, &ah, 1 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    t_set_tz("Europe/Berlin");
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.has_range = true;
    e.day = day_from_ymd(2026, 11, 23);
    e.start = local_make(e.day, 18, 0, 0);
    e.end = local_make(e.day, 18, 10, 0);
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.billed_seconds, 30 * M);
    ah.has_round = false;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.billed_seconds, 15 * M);
    ah.has_round_mode = false;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.billed_seconds, 0);
}
