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

/* Minutes count: with "Mon 09:30-18:00" the hour from 09:00 is half business time. */
TEST(bizhours_span_starting_at_half_past)
{
    tk_bizhours b;
    tk_err err = { "" };
    int64_t in, out;
    tk_day mon = day_from_ymd(2026, 11, 23);
    CHECK_INT(bizhours_parse("Mon 09:30-18:00", &b, &err), 0);
    CHECK_INT(bizhours_split(&b, mon * 86400LL + 9 * 3600, mon * 86400LL + 10 * 3600, &in, &out), 0);
    CHECK_INT(in, 1800);
    CHECK_INT(out, 1800);
}

/* A span that overlaps the first one merges with it (09:00–13:00 is 4 hours, not 5), and one
 * added later that bridges into the first span's end extends it: 09–11 and 10–12 make 09–12
 * even when 13–14 was added in between. */
TEST(bizhours_spans_merge_with_the_first)
{
    tk_bizhours b;
    tk_err err = { "" };
    int64_t in, out;
    tk_day mon = day_from_ymd(2026, 11, 23);
    int64_t t0 = mon * 86400LL;
    CHECK_INT(bizhours_parse("Mon 09:00-12:00,11:00-13:00", &b, &err), 0);
    CHECK_INT(bizhours_split(&b, t0 + 8 * 3600, t0 + 14 * 3600, &in, &out), 0);
    CHECK_INT(in, 4 * 3600);
    CHECK_INT(out, 2 * 3600);
    CHECK_INT(bizhours_parse("Mon 09:00-11:00 13:00-14:00 10:00-12:00", &b, &err), 0);
    CHECK_INT(bizhours_split(&b, t0 + 11 * 3600, t0 + 12 * 3600, &in, &out), 0);
    CHECK_INT(in, 3600);
    CHECK_INT(bizhours_split(&b, t0, t0 + 86400, &in, &out), 0);
    CHECK_INT(in, 4 * 3600);
}

/* A span with nothing before its dash is business hours' own "bad time" error. */
TEST(bizhours_span_without_a_start)
{
    tk_bizhours b;
    tk_err err = { "" };
    CHECK(bizhours_parse("Mon -18:00", &b, &err) != 0);
    CHECK_STR(err.msg, "business hours: bad time '' (expected HH:MM)");
}

/* Only "none" itself turns business hours off: "nonx" is a bad day name, not "none". */
TEST(bizhours_none_is_the_whole_word)
{
    tk_bizhours b;
    tk_err err = { "" };
    CHECK_INT(bizhours_parse("NONE", &b, &err), 0);
    CHECK(!b.enabled);
    CHECK(bizhours_parse("nonx", &b, &err) != 0);
    CHECK(strstr(err.msg, "bad days 'nonx'") != NULL);
}

/* A range is refused when either end is outside years 0002–9998, even if the other is inside. */
TEST(bizhours_split_refuses_either_end_out_of_range)
{
    tk_bizhours b;
    tk_err err;
    int64_t in = 1, out = 1;
    CHECK_INT(bizhours_parse("Mon-Fri 09:00-18:00", &b, &err), 0);
    CHECK_INT(bizhours_split(&b, -62104060800LL - 1, -62104060800LL + 3600, &in, &out), -1);
    CHECK_INT(in, 0);
    CHECK_INT(out, 0);
    CHECK_INT(bizhours_split(&b, 253370678400LL - 3600, 253370678400LL + 1, &in, &out), -1);
}

/* Business hours until 24:00 on the evening before a midnight that does not exist (Santiago,
 * 2026-09-06: 00:00 -04 jumps to 01:00 -03): Saturday's last hour is business time, and none
 * of Sunday is. */
TEST(bizhours_until_midnight_before_a_midnight_jump)
{
    tk_bizhours b;
    tk_err err = { "" };
    int64_t in, out;
    t_set_tz("America/Santiago");
    CHECK_INT(bizhours_parse("Sat 20:00-24:00", &b, &err), 0);
    tk_day sat = day_from_ymd(2026, 9, 5);
    int64_t t23 = local_make(sat, 23, 0, 0), sun1 = local_day_start(sat + 1);
    CHECK_INT(sun1 - t23, 3600);
    CHECK_INT(bizhours_split(&b, t23, sun1 + 3600, &in, &out), 0);
    CHECK_INT(in, 3600);
    CHECK_INT(out, 3600);
}

/* Business hours to 24:00 on the evening before San Luis' standard-time jump (2009-10-10,
 * -04; the 11th begins at 01:00 -03, where glibc's mktime may put 00:00 an hour back): the
 * whole last hour of the 10th is business time, and the 11th (a Sunday off) is not. */
TEST(bizhours_until_midnight_before_a_standard_time_jump)
{
    tk_bizhours b;
    tk_err err = { "" };
    int64_t in, out;
    t_set_tz("America/Argentina/San_Luis");
    CHECK_INT(bizhours_parse("Sat 00:00-24:00", &b, &err), 0);
    CHECK_INT(bizhours_split(&b, 1255226400, 1255237200, &in, &out), 0);  /* 02:00Z–05:00Z */
    CHECK_INT(in, 2 * 3600);
    CHECK_INT(out, 3600);
    CHECK(bizhours_contains(&b, 1255233600 - 1));
    CHECK(!bizhours_contains(&b, 1255233600));
}
