/* Edges of bizhours.c that `make mutate` found untested (issue 23). */
#include "test.h"
#include "bizhours.h"

/* The first and last instants business hours can split are splittable: 0002-01-01T00:00Z
 * and 9998-12-31T00:00Z. */
TEST(bizhours_split_at_its_limits)
{
    tk_bizhours b;
    tk_err err;
    int64_t in, out;
    CHECK_INT(bizhours_parse("Mon-Fri 09:00-18:00", &b, &err), 0);
    CHECK_INT(bizhours_split(&b, -62104060800LL, -62104060800LL + 3600, &in, &out), 0);
    CHECK_INT(in + out, 3600);
    CHECK_INT(bizhours_split(&b, 253370678400LL - 3600, 253370678400LL, &in, &out), 0);
    CHECK_INT(in + out, 3600);
}

/* A time with seconds is refused as business hours' own error, not a bare parse error. */
TEST(bizhours_time_with_seconds)
{
    tk_bizhours b;
    tk_err err = { "" };
    CHECK(bizhours_parse("Mon-Fri 09:00:00-18:00", &b, &err) != 0);
    CHECK(strncmp(err.msg, "business hours: bad time", 24) == 0);
}

/* 1970-01-01 is not a holiday because some other day is. */
TEST(bizhours_holiday_past_the_last)
{
    tk_bizhours b;
    tk_err err;
    CHECK_INT(bizhours_parse("Mon-Fri 09:00-18:00", &b, &err), 0);
    CHECK_INT(bizhours_add_holidays(&b, "1969-12-25", &err), 0);
    CHECK(bizhours_is_holiday(&b, day_from_ymd(1969, 12, 25)));
    CHECK(!bizhours_is_holiday(&b, 0));
}

/* Four separate spans a day are allowed, a fifth is not. */
TEST(bizhours_most_spans)
{
    tk_bizhours b;
    tk_err err = { "" };
    CHECK_INT(bizhours_parse("Mon 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00", &b, &err), 0);
    CHECK(bizhours_parse("Mon 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00,16:00-17:00", &b,
                         &err) != 0);
    CHECK(strstr(err.msg, "more than 4 spans") != NULL);
}

/* Overlapping spans merge to the later end; a day with the most spans does not borrow the
 * next day's: Monday has nothing at 16:00 even though Tuesday does. */
TEST(bizhours_merged_and_full_days)
{
    tk_bizhours b;
    tk_err err = { "" };
    int64_t in, out;
    t_set_tz("UTC");
    tk_day mon = day_from_ymd(2026, 11, 23);
    CHECK_INT(bizhours_parse("Mon 09:00-12:00,11:00-13:00", &b, &err), 0);
    CHECK_INT(bizhours_split(&b, mon * 86400LL + 12 * 3600, mon * 86400LL + 13 * 3600, &in, &out), 0);
    CHECK_INT(in, 3600);
    CHECK_INT(bizhours_parse("Mon 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00;"
                             "Tue 16:00-17:00", &b, &err), 0);
    CHECK_INT(bizhours_split(&b, mon * 86400LL + 15 * 3600, mon * 86400LL + 18 * 3600, &in, &out), 0);
    CHECK_INT(in, 0);
    CHECK_INT(bizhours_split(&b, (mon + 1) * 86400LL + 15 * 3600, (mon + 1) * 86400LL + 18 * 3600,
                             &in, &out), 0);
    CHECK_INT(in, 3600);
}
