#include "test.h"
#include "day.h"

#include <stdlib.h>
#include <time.h>

#include "clock.h"

TEST(day_roundtrip)
{
    int y, m, d;
    CHECK_INT(day_from_ymd(1970, 1, 1), 0);
    CHECK_INT(day_from_ymd(2000, 3, 1), 11017);
    for (tk_day x = -800000; x < 3000000; x += 997) {
        day_to_ymd(x, &y, &m, &d);
        CHECK_INT(day_from_ymd(y, m, d), x);
    }
    day_to_ymd(day_from_ymd(2024, 2, 29), &y, &m, &d);
    CHECK_INT(m * 100 + d, 229);
}

TEST(day_weekday_and_week)
{
    tk_day mon = day_from_ymd(2026, 11, 23);
    CHECK_INT(day_weekday(mon), 0);
    CHECK_INT(day_weekday(day_from_ymd(2026, 11, 29)), 6);
    CHECK_INT(day_week_start(day_from_ymd(2026, 11, 29), 0), mon);
    CHECK_INT(day_week_start(day_from_ymd(2026, 11, 29), 6), day_from_ymd(2026, 11, 29));
    CHECK_INT(day_week_start(day_from_ymd(2026, 11, 28), 6), day_from_ymd(2026, 11, 22));
    CHECK_INT(day_iso_week(mon), 48);
    CHECK_INT(day_iso_week(day_from_ymd(2027, 1, 1)), 53);
    CHECK_INT(day_iso_week(day_from_ymd(2024, 12, 30)), 1);
}

TEST(day_parse_inputs)
{
    tk_day today = day_from_ymd(2026, 11, 25), out = 0; /* a Wednesday */
    tk_err err;
    CHECK_INT(day_parse("2026-02-28", today, &out, &err), 0);
    CHECK_INT(out, day_from_ymd(2026, 2, 28));
    CHECK_INT(day_parse("yesterday", today, &out, &err), 0);
    CHECK_INT(out, today - 1);
    CHECK_INT(day_parse("mon", today, &out, &err), 0);
    CHECK_INT(out, today - 2);
    CHECK_INT(day_parse("wednesday", today, &out, &err), 0);
    CHECK_INT(out, today);
    const char *bad[] = { "", "2026-02-29", "2026-13-01", "2026-1-1", "26-01-01", "2026-01-01x",
                          "mo", "xyz", "2026-00-10", "9999999999" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err.msg[0] = 0;
        CHECK(day_parse(bad[i], today, &out, &err) == -1);
        CHECK(err.msg[0] != 0);
    }
}

struct split { tk_day days[8]; int64_t secs[8]; int n; };
static void collect(tk_day d, int64_t s, void *ctx)
{
    struct split *sp = ctx;
    if (sp->n < 8) {
        sp->days[sp->n] = d;
        sp->secs[sp->n++] = s;
    }
}

TEST(local_days_across_dst_berlin)
{
    t_set_tz("Europe/Berlin");
    tk_day spring = day_from_ymd(2026, 3, 29), autumn = day_from_ymd(2026, 10, 25);
    CHECK_INT(local_day_start(spring + 1) - local_day_start(spring), 23 * 3600);
    CHECK_INT(local_day_start(autumn + 1) - local_day_start(autumn), 25 * 3600);
    CHECK_INT(local_day_start(autumn + 2) - local_day_start(autumn + 1), 24 * 3600);
    /* 01:00–04:00 wall clock on the spring day is only two real hours. */
    int64_t a = local_make(spring, 1, 0, 0), b = local_make(spring, 4, 0, 0);
    CHECK_INT(b - a, 2 * 3600);
    /* A range over midnight counts in both days. */
    struct split sp = { .n = 0 };
    local_split_days(local_make(autumn, 22, 0, 0), local_make(autumn + 1, 1, 30, 0), collect, &sp);
    CHECK_INT(sp.n, 2);
    CHECK_INT(sp.days[0], autumn);
    CHECK_INT(sp.secs[0], 2 * 3600);
    CHECK_INT(sp.secs[1], 90 * 60);
    /* A whole autumn day, midnight to midnight, is 25 hours in one day. */
    sp.n = 0;
    local_split_days(local_day_start(autumn), local_day_start(autumn + 1), collect, &sp);
    CHECK_INT(sp.n, 1);
    CHECK_INT(sp.secs[0], 25 * 3600);
    CHECK_INT(local_day_of(local_day_start(autumn + 1) - 1), autumn);
}

TEST(local_days_across_dst_new_york)
{
    t_set_tz("America/New_York");
    tk_day spring = day_from_ymd(2026, 3, 8), autumn = day_from_ymd(2026, 11, 1);
    CHECK_INT(local_day_start(spring + 1) - local_day_start(spring), 23 * 3600);
    CHECK_INT(local_day_start(autumn + 1) - local_day_start(autumn), 25 * 3600);
    int64_t t;
    tk_err err;
    CHECK_INT(local_parse_datetime("2026-11-01T12:00:00", &t, &err), 0);
    CHECK_INT(local_day_of(t), autumn);
    CHECK_INT(local_seconds_of_day(t), 12 * 3600);
    char buf[32];
    CHECK_STR(utc_format(t, buf), "2026-11-01T17:00:00Z");
    CHECK_STR(local_format_iso(t, buf), "2026-11-01T12:00:00-05:00");
    /* A week containing the change is still seven days from Monday. */
    tk_day ws = day_week_start(autumn, 0);
    CHECK_INT(ws, day_from_ymd(2026, 10, 26));
    struct split sp = { .n = 0 };
    local_split_days(local_day_start(ws), local_day_start(ws + 7), collect, &sp);
    CHECK_INT(sp.n, 7);
    CHECK_INT(sp.secs[6], 25 * 3600);
}

TEST(datetime_and_clock_parse)
{
    int64_t t;
    tk_err err;
    CHECK_INT(local_parse_datetime("2026-11-23T09:00:00Z", &t, &err), 0);
    CHECK_INT(t, 1795424400);
    CHECK_INT(local_parse_datetime("2026-11-23 09:00", &t, &err), 0);
    CHECK(local_parse_datetime("2026-11-23T25:00:00", &t, &err) == -1);
    CHECK(local_parse_datetime("2026-11-23", &t, &err) == -1);
    CHECK(local_parse_datetime("", &t, &err) == -1);
    int s;
    CHECK_INT(parse_hhmm("09:30", &s, &err), 0);
    CHECK_INT(s, 9 * 3600 + 1800);
    CHECK_INT(parse_hhmm("24:00", &s, &err), 0);
    CHECK(parse_hhmm("25:99", &s, &err) == -1);
    CHECK(parse_hhmm("24:01", &s, &err) == -1);
    CHECK(parse_hhmm("9:5", &s, &err) == -1);
    CHECK(parse_hhmm("", &s, &err) == -1);
    setenv("TOCK_NOW", "2026-11-23T09:00:00", 1);
    CHECK_INT(clock_init(&err), 0);
    CHECK_INT(clock_now(), 1795424400);
    setenv("TOCK_NOW", "yesterday", 1);
    CHECK(clock_init(&err) == -1);
    unsetenv("TOCK_NOW");
    clock_init(&err);
}

TEST(clock_pinned_before_1970)
{
    tk_err err;
    /* An instant before the epoch is negative; it must pin the clock all the same. */
    setenv("TOCK_NOW", "1969-12-31T12:00:00", 1);
    CHECK_INT(clock_init(&err), 0);
    CHECK_INT(clock_now(), -43200);
    setenv("TOCK_NOW", "0001-01-01T00:00:00Z", 1);
    CHECK_INT(clock_init(&err), 0);
    CHECK_INT(clock_now(), (int64_t)DAY_MIN * 86400);
    unsetenv("TOCK_NOW");
    clock_init(&err);
}

TEST(local_make_checked_gaps)
{
    tk_err err;
    int64_t t;
    t_set_tz("Europe/Berlin");
    tk_day spring = day_from_ymd(2026, 3, 29), autumn = day_from_ymd(2026, 10, 25);
    CHECK_INT(local_make_checked(spring, 2 * 3600 + 1800, &t, &err), -1);
    CHECK(strstr(err.msg, "02:30 does not exist on 2026-03-29") != NULL);
    CHECK_INT(local_make_checked(spring, 3 * 3600, &t, &err), 0);
    CHECK_INT(t, local_make(spring, 3, 0, 0));
    CHECK_INT(local_make_checked(spring, 0, &t, &err), 0);
    CHECK_INT(t, local_day_start(spring));
    CHECK_INT(local_make_checked(spring, 24 * 3600, &t, &err), 0);
    CHECK_INT(t, local_day_start(spring + 1));
    CHECK_INT(local_make_checked(autumn, 2 * 3600 + 1800, &t, &err), 0); /* happens twice: fine */
    CHECK(local_parse_datetime("2026-03-29T02:30:00", &t, &err) == -1);
    CHECK_INT(local_parse_datetime("2026-03-29T02:30:00Z", &t, &err), 0);
}

/* local_make remembers a steady day's UTC offset; it must agree with mktime on every minute
 * around DST changes, and forget when TZ changes. */
static int64_t reference_make(tk_day day, int h, int mi)
{
    int y, m, d;
    day_to_ymd(day, &y, &m, &d);
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = h,
                     .tm_min = mi, .tm_isdst = -1 };
    return (int64_t)mktime(&tm);
}

TEST(local_make_agrees_with_mktime)
{
    static const char *const zones[] = { "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                                         "Asia/Kolkata", "UTC" };
    for (size_t z = 0; z < TK_ARRAY_LEN(zones); z++) {
        t_set_tz(zones[z]);
        for (tk_day day = day_from_ymd(2026, 3, 26); day <= day_from_ymd(2026, 4, 6); day++)
            for (int min = 0; min < 24 * 60; min += 15)
                CHECK_INT(local_make(day, min / 60, min % 60, 0), reference_make(day, min / 60, min % 60));
        tk_day oct = day_from_ymd(2026, 10, 25);
        for (int min = 0; min < 24 * 60; min += 15)
            CHECK_INT(local_make(oct, min / 60, min % 60, 0), reference_make(oct, min / 60, min % 60));
    }
    tk_day day = day_from_ymd(2026, 7, 1);
    t_set_tz("Europe/Berlin");
    int64_t berlin = local_make(day, 9, 0, 0);
    t_set_tz("America/New_York");
    CHECK_INT(local_make(day, 9, 0, 0) - berlin, 6 * 3600);
}

TEST(day_and_instant_formats_at_the_edges)
{
    char buf[32];
    CHECK_STR(day_format(DAY_MIN, buf), "0001-01-01");
    CHECK_STR(day_format(DAY_MAX, buf), "9999-12-31");
    CHECK_STR(day_format(day_from_ymd(2024, 2, 29), buf), "2024-02-29");
    CHECK_STR(utc_format(0, buf), "1970-01-01T00:00:00Z");
    CHECK_STR(utc_format(-1, buf), "1969-12-31T23:59:59Z");
    CHECK_STR(utc_format(86399, buf), "1970-01-01T23:59:59Z");
    char n[TK_I64_BUF];
    CHECK_INT((int64_t)tk_i64_format(INT64_MIN, n), 20);
    CHECK_STR(n, "-9223372036854775808");
    tk_i64_format(0, n);
    CHECK_STR(n, "0");
    tk_i64_format(INT64_MAX, n);
    CHECK_STR(n, "9223372036854775807");
    /* Each count of digits begins and ends where it should. */
    static const int64_t edges[] = { 9, 10, 99, 100, 999, 1000, -1, -9, -10, -100,
                                     999999999999999999, 1000000000000000000 };
    static const char *const texts[] = { "9", "10", "99", "100", "999", "1000", "-1", "-9",
                                         "-10", "-100", "999999999999999999",
                                         "1000000000000000000" };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        CHECK_INT((int64_t)tk_i64_format(edges[i], n), (int64_t)strlen(texts[i]));
        CHECK_STR(n, texts[i]);
    }
}

/* Gregorian leap years: every 4th, not every 100th, but every 400th (issue 23). */
TEST(day_leap_years)
{
    CHECK_INT(day_days_in_month(2000, 2), 29);
    CHECK_INT(day_days_in_month(1600, 2), 29);
    CHECK_INT(day_days_in_month(2024, 2), 29);
    CHECK_INT(day_days_in_month(1900, 2), 28);
    CHECK_INT(day_days_in_month(2100, 2), 28);
    CHECK_INT(day_days_in_month(2026, 2), 28);
    CHECK(day_valid_ymd(2000, 2, 29));
    CHECK(!day_valid_ymd(1900, 2, 29));
    CHECK_INT(day_from_ymd(2000, 3, 1) - day_from_ymd(2000, 2, 28), 2);
    CHECK_INT(day_from_ymd(1900, 3, 1) - day_from_ymd(1900, 2, 28), 1);
    int y, m, d;
    day_to_ymd(day_from_ymd(2000, 2, 29), &y, &m, &d);
    CHECK(y == 2000 && m == 2 && d == 29);
}
