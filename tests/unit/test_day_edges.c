/* Edges of day.c that `make mutate` found untested (issue 23): wall-clock fields past the day,
 * and the parsers' and formats' limits. */
#include "test.h"
#include "day.h"

#include <time.h>

static int64_t mk(tk_day day, int h, int mi, int s)
{
    int y, m, d;
    day_to_ymd(day, &y, &m, &d);
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = h,
                     .tm_min = mi, .tm_sec = s, .tm_isdst = -1 };
    return (int64_t)mktime(&tm);
}

/* Fields past the day (an import's end at 24:00 or later, a leap second) are the wall clock
 * they add up to, like mktime: from Friday 2022-03-25 in Nuuk, hour 47 is Saturday 23:00,
 * after that evening's jump from 22:00 -03 to 23:00 -02, so 01:00Z, not Friday's offset. */
TEST(local_make_fields_past_the_day)
{
    t_set_tz("America/Nuuk");
    tk_day fri = day_from_ymd(2022, 3, 25);
    int64_t sun = (int64_t)(fri + 2) * 86400;
    CHECK_INT(local_make(fri, 47, 0, 0), sun + 3600);
    CHECK_INT(local_make(fri, 23, 60 * 24, 0), sun + 3600);
    /* glibc's mktime adds surplus seconds to the instant, not to the wall clock: same here */
    CHECK_INT(local_make(fri, 23, 0, 3600 * 24), mk(fri, 23, 0, 3600 * 24));
    CHECK_INT(local_make(fri, 47, 30, 0), mk(fri, 47, 30, 0));
    CHECK_INT(local_make(fri + 2, -1, 30, 0), mk(fri + 2, -1, 30, 0));
}

/* HH:MM has one or two digits of hours: "009:00" is refused, not read as 09:00. */
TEST(parse_hhmm_three_digit_hours)
{
    int sod = -1;
    tk_err err = { "" };
    CHECK_INT(parse_hhmm("9:00", &sod, &err), 0);
    CHECK_INT(sod, 9 * 3600);
    CHECK_INT(parse_hhmm("009:00", &sod, &err), -1);
    CHECK_STR(err.msg, "bad time '009:00' (expected HH:MM, 00:00 to 24:00)");
}

/* The last year tock shows keeps its four digits in an ISO instant. */
TEST(local_format_iso_year_9999)
{
    char buf[40];
    int64_t t = (int64_t)day_from_ymd(9999, 12, 31) * 86400 + 12 * 3600;
    CHECK_STR(local_format_iso(t, buf), "9999-12-31T12:00:00+00:00");
}

/* Month 0 and month 13 are not months. */
TEST(day_parse_month_0_and_13)
{
    tk_day d;
    tk_err err = { "" };
    CHECK_INT(day_parse("2026-00-10", 0, &d, &err), -1);
    CHECK_INT(day_parse("2026-00-01", 0, &d, &err), -1);
    CHECK_INT(day_parse("2026-13-01", 0, &d, &err), -1);
    CHECK_INT(day_parse("2026-13-10", 0, &d, &err), -1);
    CHECK(!day_valid_ymd(2026, 0, 10));
    CHECK(!day_valid_ymd(2026, 13, 10));
}

/* No text at all is a bad date and time, not a crash. */
TEST(local_parse_datetime_null)
{
    int64_t t = 7;
    tk_err err = { "" };
    CHECK_INT(local_parse_datetime(NULL, &t, &err), -1);
    CHECK_STR(err.msg, "bad date and time '' (expected YYYY-MM-DDTHH:MM[:SS])");
    CHECK_INT(local_parse_datetime("", &t, &err), -1);
}

/* Two digits means both are digits: "0/" (a character just below '0') is not minute -1. */
TEST(local_parse_datetime_one_digit_and_a_slash)
{
    int64_t t;
    tk_err err = { "" };
    CHECK_INT(local_parse_datetime("2026-11-03T0/:00Z", &t, &err), -1);
    CHECK_INT(local_parse_datetime("2026-11-03T10:0/Z", &t, &err), -1);
    CHECK_INT(local_parse_datetime("2026-11-03T10:00:/0Z", &t, &err), -1);
}

/* A UTC instant at the very start of a day far from 1970 is that day's 00:00:00. */
TEST(utc_format_midnight_far_from_1970)
{
    char b[DAY_TIME_BUF];
    CHECK_STR(utc_format((int64_t)day_from_ymd(2026, 11, 3) * 86400, b), "2026-11-03T00:00:00Z");
}
