#include "test.h"
#include "bizhours.h"

#define M 60
#define H 3600

static tk_bizhours parsed(const char *spec)
{
    tk_bizhours b;
    tk_err err = { "" };
    if (bizhours_parse(spec, &b, &err)) {
        fprintf(stderr, "    parse '%s': %s\n", spec, err.msg);
        t_failed_checks++;
    }
    return b;
}

/* inside/outside of local wall-clock times on day (h:m to h2:m2, possibly on day2). */
static void split_local(const tk_bizhours *b, tk_day d1, int h1, int m1, tk_day d2, int h2,
                        int m2, int64_t *in, int64_t *out)
{
    int rc = bizhours_split(b, local_make(d1, h1, m1, 0), local_make(d2, h2, m2, 0), in, out);
    CHECK_INT(rc, 0);
}

TEST(bizhours_parse_specs)
{
    tk_bizhours b = parsed("Mon-Fri 09:00-18:00");
    CHECK(b.enabled);
    for (int d = 0; d < 5; d++) {
        CHECK_INT(b.nspans[d], 1);
        CHECK_INT(b.spans[d][0].start, 9 * H);
        CHECK_INT(b.spans[d][0].end, 18 * H);
    }
    CHECK_INT(b.nspans[5], 0);
    CHECK_INT(b.nspans[6], 0);

    b = parsed("Mon-Thu 08:00-17:00, Fri 08:00-13:00");
    CHECK_INT(b.spans[3][0].end, 17 * H);
    CHECK_INT(b.spans[4][0].end, 13 * H);
    CHECK_INT(b.nspans[5], 0);

    b = parsed("mon-fri 09:00-12:00 13:00-18:00");
    CHECK_INT(b.nspans[2], 2);
    CHECK_INT(b.spans[2][1].start, 13 * H);

    b = parsed("Monday-Friday 09:00-12:00, 13:00-18:00; Sat 10:00-14:00");
    CHECK_INT(b.nspans[0], 2);
    CHECK_INT(b.nspans[5], 1);

    b = parsed("Fri-Mon 00:00-24:00");     /* wraps over the weekend */
    CHECK_INT(b.nspans[4] + b.nspans[5] + b.nspans[6] + b.nspans[0], 4);
    CHECK_INT(b.nspans[1], 0);
    CHECK_INT(b.spans[6][0].end, 24 * H);

    /* Overlapping and touching spans merge; the same day in two groups adds up. */
    b = parsed("Mon 09:00-12:00 11:00-13:00, Mon 13:00-14:00, Mon 15:00-16:00, Mon 08:00-08:30");
    CHECK_INT(b.nspans[0], 3);
    CHECK_INT(b.spans[0][0].start, 8 * H);
    CHECK_INT(b.spans[0][1].start, 9 * H);
    CHECK_INT(b.spans[0][1].end, 14 * H);
    CHECK_INT(b.spans[0][2].start, 15 * H);

    const char *off[] = { "", "none", "NONE", "  none  ", "   " };
    for (size_t i = 0; i < sizeof off / sizeof off[0]; i++) {
        b = parsed(off[i]);
        CHECK(!b.enabled);
    }
    tk_err err;
    CHECK_INT(bizhours_parse(NULL, &b, &err), 0);
    CHECK(!b.enabled);
}

TEST(bizhours_parse_errors)
{
    const char *bad[] = {
        "Mon-Fri", "Mon-Fri 9-18", "Mon-Fri 09:00", "Mon-Fri 18:00-09:00", "Mon-Fri 09:00-09:00",
        "Mo-Fr 09:00-18:00", "Mon-Fri 09:00-25:00", "Mon-Fri 09:00-18:00,", ",Mon 09:00-10:00",
        "09:00-18:00", "none Mon-Fri 09:00-18:00", "Mon-Fri 09:00-18:00 x",
        "Mon 01:00-02:00 03:00-04:00 05:00-06:00 07:00-08:00 09:00-10:00", "Funday 09:00-10:00",
        "Mon-Fri 09:00-18:00-19:00", "Mon-Fri 24:00-24:00", "Mon--Fri 09:00-18:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tk_bizhours b;
        tk_err err = { "" };
        int rc = bizhours_parse(bad[i], &b, &err);
        CHECK_INT(rc, -1);
        CHECK(err.msg[0] != '\0');
        if (rc != -1)
            fprintf(stderr, "    accepted '%s'\n", bad[i]);
    }
}

TEST(bizhours_holidays)
{
    tk_bizhours b = parsed("Mon-Fri 09:00-18:00");
    tk_err err;
    CHECK_INT(bizhours_add_holidays(&b, "2026-12-26, 2026-12-25 2026-12-25,2027-01-01", &err), 0);
    CHECK_INT(b.nholidays, 3);
    CHECK_INT(b.holidays[0], day_from_ymd(2026, 12, 25));
    CHECK_INT(b.holidays[2], day_from_ymd(2027, 1, 1));
    CHECK(bizhours_is_holiday(&b, day_from_ymd(2026, 12, 26)));
    CHECK(!bizhours_is_holiday(&b, day_from_ymd(2026, 12, 24)));
    CHECK_INT(bizhours_add_holidays(&b, "", &err), 0);
    CHECK_INT(bizhours_add_holidays(&b, NULL, &err), 0);
    /* All or nothing on a bad date. */
    CHECK_INT(bizhours_add_holidays(&b, "2026-05-01, 2026-02-30", &err), -1);
    CHECK(!bizhours_is_holiday(&b, day_from_ymd(2026, 5, 1)));
    CHECK_INT(bizhours_add_holidays(&b, "today", &err), -1);
    CHECK_INT(bizhours_add_holidays(&b, "2026-5-1", &err), -1);
    CHECK_INT(b.nholidays, 3);
    /* Capacity. */
    strbuf sb = { 0 };
    for (int i = 0; i < BIZ_MAX_HOLIDAYS; i++) {
        char d[DAY_BUF];
        sb_addf(&sb, "%s ", day_format(day_from_ymd(2030, 1, 1) + i, d));
    }
    CHECK_INT(bizhours_add_holidays(&b, sb_str(&sb), &err), -1);
    CHECK_INT(b.nholidays, 3);
    tk_bizhours empty = parsed("Mon-Fri 09:00-18:00");
    CHECK_INT(bizhours_add_holidays(&empty, sb_str(&sb), &err), 0);
    CHECK_INT(empty.nholidays, BIZ_MAX_HOLIDAYS);
    sb_free(&sb);

    /* Christmas on a Friday is wholly outside; the holiday ends at local midnight. */
    tk_day fri = day_from_ymd(2026, 12, 25);
    int64_t in, out;
    split_local(&b, fri, 10, 0, fri, 12, 0, &in, &out);
    CHECK_INT(in, 0);
    CHECK_INT(out, 2 * H);
    split_local(&b, fri - 1, 17, 0, fri, 10, 0, &in, &out);
    CHECK_INT(in, 1 * H);
    CHECK_INT(out, 16 * H);
}

TEST(bizhours_split_table)
{
    tk_bizhours b = parsed("Mon-Fri 09:00-18:00");
    tk_day mon = day_from_ymd(2026, 11, 23), sat = mon + 5;
    static const struct {
        int d1, h1, m1, d2, h2, m2;   /* day offsets from Monday */
        int64_t in, out;
    } cases[] = {
        { 0, 17, 30, 0, 19, 0, 30 * M, 60 * M },      /* the lead's example */
        { 0, 9, 0, 0, 18, 0, 9 * H, 0 },               /* exactly the day */
        { 0, 8, 59, 0, 9, 1, 1 * M, 1 * M },           /* first minute */
        { 0, 17, 59, 0, 18, 1, 1 * M, 1 * M },         /* last minute */
        { 0, 7, 0, 0, 10, 0, 1 * H, 2 * H },
        { 0, 22, 0, 1, 10, 0, 1 * H, 11 * H },         /* over midnight */
        { 4, 17, 0, 7, 10, 0, 2 * H, 63 * H },         /* Friday night to Monday */
        { 5, 10, 0, 5, 12, 0, 0, 2 * H },              /* Saturday */
        { 0, 0, 0, 7, 0, 0, 45 * H, 123 * H },         /* a whole week */
        { 0, 12, 0, 0, 12, 0, 0, 0 },                  /* empty */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t in = -1, out = -1;
        split_local(&b, mon + cases[i].d1, cases[i].h1, cases[i].m1, mon + cases[i].d2,
                    cases[i].h2, cases[i].m2, &in, &out);
        CHECK_INT(in, cases[i].in);
        CHECK_INT(out, cases[i].out);
        if (in != cases[i].in || out != cases[i].out)
            fprintf(stderr, "    case %zu\n", i);
    }
    /* Single seconds at the edges: 09:00:00 and 17:59:59 in, 08:59:59 and 18:00:00 out. */
    CHECK(bizhours_contains(&b, local_make(mon, 9, 0, 0)));
    CHECK(bizhours_contains(&b, local_make(mon, 17, 59, 59)));
    CHECK(!bizhours_contains(&b, local_make(mon, 8, 59, 59)));
    CHECK(!bizhours_contains(&b, local_make(mon, 18, 0, 0)));
    CHECK(!bizhours_contains(&b, local_make(sat, 12, 0, 0)));
    CHECK(!bizhours_contains(&b, INT64_MAX));
    CHECK(!bizhours_contains(&b, INT64_MIN));
}

TEST(bizhours_disabled_and_bad_ranges)
{
    tk_bizhours off = parsed("none"), b = parsed("Mon-Fri 09:00-18:00");
    tk_err err;
    CHECK_INT(bizhours_add_holidays(&off, "2026-11-28", &err), 0);
    int64_t in, out, t = local_make(day_from_ymd(2026, 11, 28), 10, 0, 0);
    CHECK_INT(bizhours_split(&off, t, t + 5 * H, &in, &out), 0);
    CHECK_INT(in, 5 * H);   /* disabled: everything inside, holidays ignored */
    CHECK_INT(out, 0);
    CHECK_INT(bizhours_split(NULL, t, t + 5 * H, &in, &out), 0);
    CHECK_INT(in, 5 * H);
    CHECK(bizhours_contains(&off, t));
    CHECK(bizhours_contains(NULL, INT64_MAX));
    /* Refused: inverted, too long, out of the calendar, overflowing. */
    CHECK_INT(bizhours_split(&b, t, t - 1, &in, &out), -1);
    CHECK_INT(in + out, 0);
    CHECK_INT(bizhours_split(&b, t, t + BIZ_SPLIT_MAX + 1, &in, &out), -1);
    CHECK_INT(bizhours_split(&b, t, t + BIZ_SPLIT_MAX, &in, &out), 0);
    CHECK_INT(in + out, BIZ_SPLIT_MAX);
    CHECK_INT(bizhours_split(&b, INT64_MIN, INT64_MAX, &in, &out), -1);
    CHECK_INT(bizhours_split(&b, INT64_MAX - 10, INT64_MAX, &in, &out), -1);
    CHECK_INT(bizhours_split(&b, INT64_MIN, INT64_MIN + 10, &in, &out), -1);
    CHECK_INT(bizhours_split(&off, INT64_MIN, INT64_MAX, &in, &out), -1);
}

/* DST: business hours are wall-clock, and the day's length changes outside them. */
TEST(bizhours_dst_berlin)
{
    t_set_tz("Europe/Berlin");
    tk_bizhours b = parsed("Mon-Sun 09:00-18:00");
    tk_day spring = day_from_ymd(2026, 3, 29), autumn = day_from_ymd(2026, 10, 25);
    int64_t in, out;
    /* Midnight to midnight: 23 h and 25 h days, 9 h inside either way. */
    CHECK_INT(bizhours_split(&b, local_day_start(spring), local_day_start(spring + 1), &in, &out), 0);
    CHECK_INT(in, 9 * H);
    CHECK_INT(out, 14 * H);
    CHECK_INT(bizhours_split(&b, local_day_start(autumn), local_day_start(autumn + 1), &in, &out), 0);
    CHECK_INT(in, 9 * H);
    CHECK_INT(out, 16 * H);
    /* Saturday 20:00 to Sunday 10:00 over the spring change: 13 real hours. */
    split_local(&b, spring - 1, 20, 0, spring, 10, 0, &in, &out);
    CHECK_INT(in, 1 * H);
    CHECK_INT(out, 12 * H);
    /* A span across the change itself: 00:00–06:00 on the autumn day is 7 real hours. */
    tk_bizhours night = parsed("Sun 00:00-06:00");
    CHECK_INT(bizhours_split(&night, local_day_start(autumn), local_day_start(autumn + 1), &in, &out), 0);
    CHECK_INT(in, 7 * H);
    CHECK_INT(out, 18 * H);
    CHECK_INT(bizhours_split(&night, local_day_start(spring), local_day_start(spring + 1), &in, &out), 0);
    CHECK_INT(in, 5 * H);
    CHECK_INT(out, 18 * H);
}

TEST(bizhours_dst_new_york)
{
    t_set_tz("America/New_York");
    tk_bizhours b = parsed("Mon-Fri 09:00-18:00");
    tk_err err;
    CHECK_INT(bizhours_add_holidays(&b, "2026-11-26", &err), 0);  /* Thanksgiving */
    tk_day sun = day_from_ymd(2026, 11, 1), mon = sun + 1;
    int64_t in, out;
    /* Saturday 17:00 through Monday 10:00 over the autumn change: 42 real hours. */
    split_local(&b, sun - 1, 17, 0, mon, 10, 0, &in, &out);
    CHECK_INT(in, 1 * H);
    CHECK_INT(out, 41 * H);
    /* The 17:30–19:00 example on a Monday, in New York. */
    split_local(&b, mon, 17, 30, mon, 19, 0, &in, &out);
    CHECK_INT(in, 30 * M);
    CHECK_INT(out, 60 * M);
    /* Spring: Sunday 08 March is 23 h, all outside. */
    tk_day spring = day_from_ymd(2026, 3, 8);
    CHECK_INT(bizhours_split(&b, local_day_start(spring), local_day_start(spring + 1), &in, &out), 0);
    CHECK_INT(in, 0);
    CHECK_INT(out, 23 * H);
    /* A week with a holiday: Mon-Fri minus Thursday. */
    tk_day wk = day_from_ymd(2026, 11, 23);
    CHECK_INT(bizhours_split(&b, local_day_start(wk), local_day_start(wk + 7), &in, &out), 0);
    CHECK_INT(in, 4 * 9 * H);
    CHECK_INT(in + out, 7 * 24 * H);
}

/* Holidays inserted between others keep the list sorted and whole. */
TEST(bizhours_holidays_inserted_in_the_middle)
{
    tk_bizhours b;
    tk_err err;
    CHECK_INT(bizhours_parse("Mon-Fri 09:00-18:00", &b, &err), 0);
    CHECK_INT(bizhours_add_holidays(&b, "2026-12-24, 2026-12-31, 2026-12-26, 2026-12-25", &err), 0);
    CHECK_INT(b.nholidays, 4);
    static const int want[] = { 24, 25, 26, 31 };
    for (int i = 0; i < 4; i++)
        CHECK_INT(b.holidays[i], day_from_ymd(2026, 12, want[i]));
    CHECK(bizhours_is_holiday(&b, day_from_ymd(2026, 12, 31)));
    CHECK(!bizhours_is_holiday(&b, day_from_ymd(2026, 12, 30)));
}
