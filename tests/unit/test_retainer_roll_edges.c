/* Rollover and forecast edges, from tock.1 (retainer set, tock retainer, "Retainers"): how
 * long rolled-over hours live (1 period by default, at most 12), the cap (the oldest dropped
 * first), single seconds, and the forecast's pace (used ÷ days in force elapsed × its days in
 * force, half up) and money (today's overage plus the rest at the plain rate). */
#include "test.h"
#include "retainer_roll.h"

#define H 3600

static tk_retainer roll_unused(int expiry)
{
    tk_retainer r;
    memset(&r, 0, sizeof r);
    r.period = PERIOD_MONTH;
    r.prepaid_seconds = 10 * H;
    r.rollover = ROLLOVER_UNUSED;
    r.rollover_expiry = expiry;
    r.to = DAY_MAX;
    return r;
}

static tk_retainer with_cap(int expiry, int64_t cap)
{
    tk_retainer r = roll_unused(expiry);
    r.has_rollover_cap = true;
    r.rollover_cap = cap;
    return r;
}

TEST(retainer_roll_expires_option_from_1_to_12)
{
    tk_retainer r;
    tk_err err = { "" };
    memset(&r, 0, sizeof r);
    /* --rollover unused alone: the next period only, oldest first. */
    CHECK_INT(retainer_roll_options("unused", NULL, NULL, &r, &err), 0);
    CHECK_INT(retainer_roll_expiry(&r), 1);
    CHECK(!r.rollover_current_first);
    CHECK_INT(retainer_roll_options("unused", "1", "fifo", &r, &err), 0);
    CHECK_INT(retainer_roll_expiry(&r), 1);
    CHECK(!r.rollover_current_first);
    CHECK_INT(retainer_roll_options("unused", "10", NULL, &r, &err), 0);
    CHECK_INT(retainer_roll_expiry(&r), 10);
    CHECK_INT(retainer_roll_options("unused", "12", NULL, &r, &err), 0);   /* the most */
    CHECK_INT(retainer_roll_expiry(&r), 12);
    /* A number with anything after it is a typo, refused in one line. */
    err.msg[0] = 0;
    CHECK_INT(retainer_roll_options("unused", "2x", NULL, &r, &err), -1);
    CHECK(strstr(err.msg, "--rollover-expires '2x'") != NULL);
    CHECK_INT(retainer_roll_options("unused", "x", NULL, &r, &err), -1);
    CHECK_INT(retainer_roll_options("unused", "-1", NULL, &r, &err), -1);
}

TEST(retainer_roll_expiry_outside_1_to_12_reads_as_the_nearest)
{
    /* A retainer without an expiry (0, as before expiries existed) keeps hours one period;
     * none lives longer than 12. */
    tk_retainer r = roll_unused(0);
    CHECK_INT(retainer_roll_expiry(&r), 1);
    r.rollover_expiry = -3;
    CHECK_INT(retainer_roll_expiry(&r), 1);
    r.rollover_expiry = 13;
    CHECK_INT(retainer_roll_expiry(&r), 12);
    r.rollover_expiry = 12;
    CHECK_INT(retainer_roll_expiry(&r), 12);
    /* Expiry 0 rolls as 1: September's unused 10 h are October's, then die. */
    r = roll_unused(0);
    tk_rolled s = { { 0 } };
    int64_t expired = -1;
    retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);   /* Sept */
    CHECK_INT(retainer_rolled_total(&s), 10 * H);
    CHECK_INT(expired, 0);
    retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);   /* Oct: Sept's die at its end */
    CHECK_INT(expired, 10 * H);
    CHECK_INT(retainer_rolled_total(&s), 10 * H);           /* only Oct's own */
    CHECK_INT(s.left[0], 10 * H);
}

TEST(retainer_roll_twelve_periods_then_expire)
{
    /* --rollover-expires 12: a month's unused hours are usable in the 12 months after it and
     * die at the end of the 12th. */
    tk_retainer r = roll_unused(12);
    tk_rolled s = { { 0 } };
    int64_t expired = -1;
    for (int k = 0; k < 12; k++) {   /* months 0 … 11, nothing used */
        CHECK_INT(retainer_rolled_total(&s), k * 10 * H);
        retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);
        CHECK_INT(expired, 0);
    }
    /* Month 12 starts with 12 months of hours: the most it can (12 × 10 h). */
    CHECK_INT(retainer_rolled_total(&s), 120 * H);
    CHECK_INT(retainer_roll_max(&r), 120 * H);
    tk_rolled keep = s;
    retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);   /* month 0's 10 h die unused */
    CHECK_INT(expired, 10 * H);
    CHECK_INT(retainer_rolled_total(&s), 120 * H);
    /* Month 12 using 25 h instead: months 0 and 1 first, then 5 h of month 2's. */
    s = keep;
    retainer_roll_step(&r, &s, 10 * H, 25 * H, &s, &expired);
    CHECK_INT(expired, 0);
    CHECK_INT(s.left[11], 0);        /* month 1's: used up */
    CHECK_INT(s.left[10], 5 * H);    /* month 2's: 5 h left, usable through month 14 */
    CHECK_INT(s.left[0], 10 * H);    /* month 12's own */
    CHECK_INT(retainer_rolled_total(&s), 105 * H);
    /* Own hours first (--rollover-order current): month 12's 10 h, then 15 h from months 0
     * and 1, the oldest. */
    r.rollover_current_first = true;
    s = keep;
    retainer_roll_step(&r, &s, 10 * H, 25 * H, &s, &expired);
    CHECK_INT(expired, 0);
    CHECK_INT(s.left[0], 0);         /* month 12's own: used up */
    CHECK_INT(s.left[11], 5 * H);    /* month 1's */
    CHECK_INT(s.left[10], 10 * H);   /* month 2's, untouched */
    CHECK_INT(retainer_rolled_total(&s), 105 * H);
}

/* tk_rolled with a neighbour on each side: the rollover reads and writes its 12 buckets,
 * nothing beside them. */
struct fenced {
    int64_t before;
    tk_rolled r;
    int64_t after[2];
};

TEST(retainer_roll_touches_only_its_buckets)
{
    struct fenced f;
    memset(&f, 0, sizeof f);
    f.before = f.after[0] = f.after[1] = 7 * H;
    for (int a = 0; a < ROLLOVER_MAX_EXPIRY; a++)
        f.r.left[a] = H;
    CHECK_INT(retainer_rolled_total(&f.r), 12 * H);
    for (int expiry = 10; expiry <= 12; expiry++) {
        /* Every bucket full, nothing used, a cap of 5 h: the oldest dropped first. */
        tk_retainer r = with_cap(expiry, 5 * H);
        int64_t expired = -1;
        for (int a = 0; a < ROLLOVER_MAX_EXPIRY; a++)
            f.r.left[a] = a < expiry ? H : 0;
        retainer_roll_step(&r, &f.r, 10 * H, 0, &f.r, &expired);
        CHECK_INT(expired, H);
        CHECK_INT(retainer_rolled_total(&f.r), 5 * H);
        CHECK_INT(f.r.left[0], 5 * H);   /* the newest: this period's own, cut to the cap */
        CHECK_INT(f.before, 7 * H);
        CHECK_INT(f.after[0], 7 * H);
        CHECK_INT(f.after[1], 7 * H);
        /* The same without a cap: each bucket one period older, the last one gone. */
        r = roll_unused(expiry);
        for (int a = 0; a < ROLLOVER_MAX_EXPIRY; a++)
            f.r.left[a] = a < expiry ? H : 0;
        retainer_roll_step(&r, &f.r, 10 * H, 3 * H, &f.r, &expired);   /* the 3 oldest used */
        CHECK_INT(expired, 0);
        CHECK_INT(f.r.left[0], 10 * H);
        CHECK_INT(retainer_rolled_total(&f.r), 10 * H + (expiry - 3) * H);
        CHECK_INT(f.before, 7 * H);
        CHECK_INT(f.after[0], 7 * H);
        CHECK_INT(f.after[1], 7 * H);
    }
}

TEST(retainer_roll_cap_zero_one_second_and_exact)
{
    int64_t expired;
    /* --rollover-cap 0: nothing rolls over. */
    tk_retainer r = with_cap(3, 0);
    tk_rolled s = { { 0 } };
    retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);
    CHECK_INT(retainer_rolled_total(&s), 0);
    CHECK_INT(retainer_roll_max(&r), 0);
    /* --rollover-cap 1s: exactly one second does. */
    r = with_cap(3, 1);
    retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);
    CHECK_INT(retainer_rolled_total(&s), 1);
    CHECK_INT(s.left[0], 1);
    CHECK_INT(retainer_roll_max(&r), 1);
    /* A cap below this period's own unused hours, with nothing older: cut to the cap. */
    r = with_cap(1, 4 * H);
    tk_rolled z = { { 0 } };
    retainer_roll_step(&r, &z, 10 * H, 0, &z, &expired);
    CHECK_INT(z.left[0], 4 * H);
    /* A cap one second below what would roll: one second dropped, the oldest's. */
    r = with_cap(2, 18 * H - 1);
    tk_rolled t = { { 8 * H } };
    retainer_roll_step(&r, &t, 10 * H, 0, &t, &expired);
    CHECK_INT(t.left[0], 10 * H);
    CHECK_INT(t.left[1], 8 * H - 1);
    CHECK_INT(retainer_rolled_total(&t), 18 * H - 1);
    /* A cap exactly what would roll, or above it: nothing dropped. */
    r = with_cap(2, 18 * H);
    tk_rolled u = { { 8 * H } };
    retainer_roll_step(&r, &u, 10 * H, 0, &u, &expired);
    CHECK_INT(retainer_rolled_total(&u), 18 * H);
    /* The most a period can start with: expiry × the prepaid hours, or a lower cap. */
    r = roll_unused(3);
    CHECK_INT(retainer_roll_max(&r), 30 * H);
    r = with_cap(3, 31 * H);
    CHECK_INT(retainer_roll_max(&r), 30 * H);
    r = with_cap(3, 30 * H);
    CHECK_INT(retainer_roll_max(&r), 30 * H);
    r = with_cap(3, 29 * H);
    CHECK_INT(retainer_roll_max(&r), 29 * H);
    /* The largest prepaid hours whose 12 periods still fit are exact, larger ones the most. */
    r = roll_unused(12);
    r.prepaid_seconds = INT64_MAX / ROLLOVER_MAX_EXPIRY;
    CHECK_INT(retainer_roll_max(&r), (INT64_MAX / ROLLOVER_MAX_EXPIRY) * ROLLOVER_MAX_EXPIRY);
    r.rollover_expiry = 1;
    CHECK_INT(retainer_roll_max(&r), INT64_MAX / ROLLOVER_MAX_EXPIRY);
    r.prepaid_seconds = INT64_MAX / ROLLOVER_MAX_EXPIRY + 1;
    CHECK_INT(retainer_roll_max(&r), INT64_MAX);
}

TEST(retainer_roll_single_seconds)
{
    tk_retainer r = roll_unused(1);
    int64_t expired;
    /* One unused second of base rolls over; a base of nothing rolls nothing. */
    tk_rolled s = { { 0 } };
    retainer_roll_step(&r, &s, 1, 0, &s, &expired);
    CHECK_INT(s.left[0], 1);
    tk_rolled z = { { 0 } };
    retainer_roll_step(&r, &z, 0, 0, &z, &expired);
    CHECK_INT(retainer_rolled_total(&z), 0);
    /* One second used, first in first out: it comes from the 2 h rolled in, so 2 h − 1 s die
     * at the end and all 10 h of the base roll on. */
    tk_rolled t = { { 2 * H } };
    retainer_roll_step(&r, &t, 10 * H, 1, &t, &expired);
    CHECK_INT(expired, 2 * H - 1);
    CHECK_INT(t.left[0], 10 * H);
    /* Own hours first: the second comes from the base. */
    r.rollover_current_first = true;
    tk_rolled u = { { 2 * H } };
    retainer_roll_step(&r, &u, 10 * H, 1, &u, &expired);
    CHECK_INT(expired, 2 * H);
    CHECK_INT(u.left[0], 10 * H - 1);
}

TEST(retainer_roll_never_negative)
{
    /* The header's promise: whatever the period's base and use, nothing handed on and
     * nothing expiring is below zero. */
    tk_retainer r = roll_unused(2);
    tk_rolled s = { { 3 * H } };
    int64_t expired = -1;
    retainer_roll_step(&r, &s, -5 * H, -2 * H, &s, &expired);
    CHECK_INT(s.left[0], 0);
    CHECK_INT(s.left[1], 3 * H);
    CHECK_INT(expired, 0);
    tk_rolled t = { { 3 * H } };
    retainer_roll_step(&r, &t, 10 * H, -2 * H, &t, &expired);
    CHECK_INT(t.left[0], 10 * H);
    CHECK_INT(t.left[1], 3 * H);
}

/* November 2026 (30 days), 10 h prepaid, 100.00 fee and 100.00/h overage. */
static tk_retainer_status november(int64_t used)
{
    tk_retainer_status s;
    memset(&s, 0, sizeof s);
    s.period_start = day_from_ymd(2026, 11, 1);
    s.period_end = day_from_ymd(2026, 11, 30);
    s.prepaid_seconds = 10 * H;
    s.used_seconds = used;
    s.fee_minor = 10000;
    s.overage_rate_minor = 10000;
    return s;
}

static tk_retainer plain(void)
{
    tk_retainer r = roll_unused(1);
    r.rollover = ROLLOVER_NONE;
    r.from = day_from_ymd(2026, 1, 1);
    return r;
}

TEST(retainer_forecast_already_over)
{
    /* 12 h used by the 10th: 36 h at this pace, 26 h over; the 2 h over today are billed
     * already (200.00), the other 24 h at the overage rate. */
    tk_retainer r = plain();
    tk_retainer_status s = november(12 * H);
    s.overage_minor = 20000;
    tk_retainer_forecast f;
    tk_err err = { "" };
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 10), &f, &err), 0);
    CHECK_INT(f.used_seconds, 36 * H);
    CHECK_INT(f.overage_seconds, 26 * H);
    CHECK_INT(f.overage_minor, 20000 + 240000);
    CHECK_INT(f.total_minor, 10000 + 260000);
    CHECK(!f.final);
    /* On the last day the figures are the period's own. */
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 30), &f, &err), 0);
    CHECK_INT(f.used_seconds, 12 * H);
    CHECK_INT(f.overage_seconds, 2 * H);
    CHECK_INT(f.overage_minor, 20000);
    CHECK_INT(f.total_minor, 30000);
    CHECK(f.final);
}

TEST(retainer_forecast_under_the_prepaid_hours)
{
    /* 2 h by the 10th: 6 h by the end, no overage, the total is the fee. */
    tk_retainer r = plain();
    tk_retainer_status s = november(2 * H);
    tk_retainer_forecast f;
    tk_err err = { "" };
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 10), &f, &err), 0);
    CHECK_INT(f.used_seconds, 6 * H);
    CHECK_INT(f.overage_seconds, 0);
    CHECK_INT(f.overage_minor, 0);
    CHECK_INT(f.total_minor, 10000);
    /* Exactly the prepaid hours by the end: still no overage. */
    s.used_seconds = 12000;
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 10), &f, &err), 0);
    CHECK_INT(f.used_seconds, 10 * H);
    CHECK_INT(f.overage_seconds, 0);
    CHECK_INT(f.total_minor, 10000);
}

TEST(retainer_forecast_pace_rounds_half_up)
{
    tk_retainer r = plain();
    tk_retainer_status s = november(1);
    tk_retainer_forecast f;
    tk_err err = { "" };
    /* 1 s in 4 of 30 days: 7.5 s, half up 8. */
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 4), &f, &err), 0);
    CHECK_INT(f.used_seconds, 8);
    /* 1 s in 7 of 30 days: 4.29 s, 4. */
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 7), &f, &err), 0);
    CHECK_INT(f.used_seconds, 4);
}

TEST(retainer_forecast_overage_money_in_hundredths_half_up)
{
    /* 12006 s by the 10th: 36018 s at this pace, 18 s over 10 h. Overage bills in hundredths
     * of an hour (36 s), half up: 18 s is 0.01 h. */
    tk_retainer r = plain();
    tk_retainer_status s = november(12006);
    tk_retainer_forecast f;
    tk_err err = { "" };
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 10), &f, &err), 0);
    CHECK_INT(f.used_seconds, 36018);
    CHECK_INT(f.overage_seconds, 18);
    CHECK_INT(f.overage_minor, 100);   /* 0.01 h × 100.00 */
    CHECK_INT(f.total_minor, 10100);
    /* 0.01 h at 100.50/h is 1.005: half up, 1.01; at 100.01/h, 1.0001: 1.00. */
    s.overage_rate_minor = 10050;
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 10), &f, &err), 0);
    CHECK_INT(f.overage_minor, 101);
    s.overage_rate_minor = 10001;
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 10), &f, &err), 0);
    CHECK_INT(f.overage_minor, 100);
}

TEST(retainer_forecast_counts_only_days_in_force)
{
    tk_retainer_forecast f;
    tk_err err = { "" };
    /* In force since September: November's pace counts from November 1st. */
    tk_retainer r = plain();
    r.from = day_from_ymd(2026, 9, 15);
    tk_retainer_status s = november(5 * H);
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 10), &f, &err), 0);
    CHECK_INT(f.used_seconds, 15 * H);
    /* In force until the 20th: 5 h in 10 of its 20 days is 10 h, and on the 20th the
     * figures are final. */
    r.to = day_from_ymd(2026, 11, 20);
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 10), &f, &err), 0);
    CHECK_INT(f.used_seconds, 10 * H);
    CHECK(!f.final);
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 20), &f, &err), 0);
    CHECK_INT(f.used_seconds, 5 * H);
    CHECK(f.final);
}
