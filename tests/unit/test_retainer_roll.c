#include "test.h"
#include "retainer_roll.h"

#define H 3600

static tk_retainer rolling(int expiry, bool current_first)
{
    tk_retainer r;
    memset(&r, 0, sizeof r);
    r.period = PERIOD_MONTH;
    r.prepaid_seconds = 10 * H;
    r.rollover = ROLLOVER_UNUSED;
    r.rollover_expiry = expiry;
    r.rollover_current_first = current_first;
    r.to = DAY_MAX;
    return r;
}

TEST(retainer_roll_one_period_is_the_old_rule)
{
    /* Expiry 1, first in first out: base − max(0, used − rolled), as retainer_rolls_on. */
    tk_retainer r = rolling(1, false);
    for (int64_t rolled = 0; rolled <= 12 * H; rolled += 3 * H)
        for (int64_t used = 0; used <= 25 * H; used += H) {
            tk_rolled in = { { rolled } }, out;
            int64_t expired;
            retainer_roll_step(&r, &in, 10 * H, used, &out, &expired);
            CHECK_INT(out.left[0], retainer_rolls_on(&r, 10 * H, rolled, used));
            CHECK_INT(retainer_rolled_total(&out), out.left[0]);
            CHECK_INT(expired, rolled > used ? rolled - used : 0);
        }
}

TEST(retainer_roll_ages_and_expires)
{
    tk_retainer r = rolling(3, false);
    tk_rolled s = { { 0 } };
    int64_t expired;
    retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);     /* Sept: nothing used */
    retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);     /* Oct */
    CHECK_INT(retainer_rolled_total(&s), 20 * H);
    retainer_roll_step(&r, &s, 10 * H, 4 * H, &s, &expired); /* Nov: Sept's hours first */
    CHECK_INT(s.left[0], 10 * H);
    CHECK_INT(s.left[1], 10 * H);
    CHECK_INT(s.left[2], 6 * H);
    CHECK_INT(expired, 0);
    retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);     /* Dec: Sept's 6 h die */
    CHECK_INT(expired, 6 * H);
    CHECK_INT(retainer_rolled_total(&s), 30 * H);
    /* Used beyond everything: nothing is handed on. */
    retainer_roll_step(&r, &s, 10 * H, 99 * H, &s, &expired);
    CHECK_INT(retainer_rolled_total(&s), 0);
    CHECK_INT(expired, 0);
}

TEST(retainer_roll_current_first_and_cap)
{
    tk_retainer r = rolling(1, true);
    tk_rolled in = { { 10 * H } }, out;
    int64_t expired;
    retainer_roll_step(&r, &in, 10 * H, 6 * H, &out, &expired);
    CHECK_INT(out.left[0], 4 * H);
    CHECK_INT(expired, 10 * H);
    retainer_roll_step(&r, &in, 10 * H, 12 * H, &out, &expired);   /* own 10, then 2 rolled */
    CHECK_INT(out.left[0], 0);
    CHECK_INT(expired, 8 * H);
    r = rolling(3, false);
    r.has_rollover_cap = true;
    r.rollover_cap = 15 * H;
    tk_rolled s = { { 10 * H, 10 * H } };
    retainer_roll_step(&r, &s, 10 * H, 0, &s, NULL);   /* 30 h → 15 h: the oldest dropped */
    CHECK_INT(s.left[0], 10 * H);
    CHECK_INT(s.left[1], 5 * H);
    CHECK_INT(s.left[2], 0);
    CHECK_INT(retainer_roll_max(&r), 15 * H);
    r.rollover = ROLLOVER_NONE;
    retainer_roll_step(&r, &s, 10 * H, 0, &s, &expired);
    CHECK_INT(retainer_rolled_total(&s), 0);
    CHECK_INT(expired, 0);
}

TEST(retainer_roll_options_parse)
{
    tk_retainer r = rolling(1, false);
    tk_err err = { "" };
    CHECK_INT(retainer_roll_options("unused", "3", "current", &r, &err), 0);
    CHECK_INT(r.rollover_expiry, 3);
    CHECK(r.rollover_current_first);
    CHECK_INT(retainer_roll_options("unused", "0", NULL, &r, &err), -1);
    CHECK_INT(retainer_roll_options("unused", "13", NULL, &r, &err), -1);
    CHECK_INT(retainer_roll_options("unused", "", NULL, &r, &err), -1);
    CHECK_INT(retainer_roll_options("unused", NULL, "lifo", &r, &err), -1);
    CHECK_INT(retainer_roll_options("none", "2", NULL, &r, &err), -1);
    CHECK_INT(retainer_roll_options("none", NULL, "fifo", &r, &err), 0);
}

TEST(retainer_forecast_pace)
{
    tk_retainer r = rolling(1, false);
    r.rollover = ROLLOVER_NONE;
    r.from = day_from_ymd(2026, 11, 1);
    r.fee_minor = 100000;
    tk_retainer_status s;
    memset(&s, 0, sizeof s);
    s.period_start = day_from_ymd(2026, 11, 1);
    s.period_end = day_from_ymd(2026, 11, 30);
    s.prepaid_seconds = 10 * H;
    s.used_seconds = 5 * H;
    s.fee_minor = 100000;
    s.overage_rate_minor = 10000;
    tk_retainer_forecast f;
    tk_err err = { "" };
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 10), &f, &err), 0);
    CHECK_INT(f.used_seconds, 15 * H);
    CHECK_INT(f.overage_minor, 50000);
    CHECK_INT(f.total_minor, 150000);
    CHECK(!f.final);
    /* A retainer that starts on the 16th: its pace counts from then (15 days in force). */
    r.from = day_from_ymd(2026, 11, 16);
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 11, 20), &f, &err), 0);
    CHECK_INT(f.used_seconds, 15 * H);   /* 5 h in 5 of 15 days */
    CHECK_INT(retainer_forecast(&r, &s, day_from_ymd(2026, 12, 3), &f, &err), 0);
    CHECK_INT(f.used_seconds, 5 * H);
    CHECK(f.final);
}
