/* The calendar walked day by day from 0001-01-01 to 9999-12-31 with its own counter (a
 * month of 28 to 31 days, the Gregorian leap rule written out), against day.c's closed-form
 * arithmetic. `make mutate` found that spot checks let off-by-one mutants of those formulas
 * through (issue 23); a wrong date is a wrong day, week or period on every screen. */
#include <stdio.h>

#include "test.h"
#include "day.h"

#include <time.h>

static int leap(int y)
{
    return y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);
}

TEST(day_calendar_every_day)
{
    static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y = 1, m = 1, d = 1, wday = 0; /* 0001-01-01, proleptic Gregorian, was a Monday */
    int iso = 1, bad = 0;
    char buf[DAY_BUF], want[48];
    for (tk_day n = DAY_MIN; n <= DAY_MAX && bad < 5; n++) {
        int yy, mm, dd, dim = len[m - 1] + (m == 2 && leap(y));
        /* ISO weeks: a Monday starts the next one, or week 1 when its Thursday is in the
         * first seven days of January. */
        if (wday == 0 && n > DAY_MIN) {
            int ty = y, tm = m, td = d + 3;
            if (td > dim) {
                td -= dim;
                tm = m == 12 ? 1 : m + 1;
                ty = m == 12 ? y + 1 : y;
            }
            iso = tm == 1 && td <= 7 ? 1 : iso + 1;
            (void)ty;
        }
        day_to_ymd(n, &yy, &mm, &dd);
        int ok = day_from_ymd(y, m, d) == n && yy == y && mm == m && dd == d &&
                 day_weekday(n) == wday && day_days_in_month(y, m) == dim &&
                 day_valid_ymd(y, m, d) && !day_valid_ymd(y, m, dim + 1) &&
                 day_week_start(n, 0) == n - wday && day_week_start(n, 6) == n - (wday + 1) % 7 &&
                 (n < DAY_MIN + 7 || !(m == 1 || m == 12 || n % 5 == 0) ||
                  day_iso_week(n) == iso) &&
                 day_month_start(n) == n - (d - 1);
        if (ok && (d == 1 || n % 97 == 0)) {
            snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
            ok = !strcmp(day_format(n, buf), want);
        }
        if (!ok) {
            char msg[224];
            snprintf(msg, sizeof msg, "%04d-%02d-%02d (day %d): to_ymd %d-%d-%d, weekday %d, "
                     "iso week %d not %d", y, m, d, (int)n, yy, mm, dd, day_weekday(n),
                     day_iso_week(n), iso);
            t_fail_at(__FILE__, __LINE__, msg);
            bad++;
        }
        wday = (wday + 1) % 7;
        if (++d > dim) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    CHECK_INT(y, 10000);
    CHECK(!day_valid_ymd(0, 12, 31));
    CHECK(!day_valid_ymd(10000, 1, 1));
    CHECK(!day_valid_ymd(2026, 0, 1));
    CHECK(!day_valid_ymd(2026, 13, 1));
    CHECK(!day_valid_ymd(2026, 1, 0));
}

/* Months added to a first of the month: every month of 1..9999 and every step of ±3 years. */
TEST(day_add_months_every_month)
{
    int bad = 0;
    for (int y = 1; y <= 9999 && bad < 5; y++)
        for (int m = 1; m <= 12; m++) {
            tk_day first = day_from_ymd(y, m, 1);
            for (int k = -36; k <= 36; k += (y % 50 == 0 ? 1 : 13)) {
                int idx = (y * 12 + m - 1) + k, ty = idx / 12, tm = idx % 12 + 1;
                if (ty < 1 || ty > 9999)
                    continue;
                int yy, mm, dd;
                day_to_ymd(day_add_months(first, k), &yy, &mm, &dd);
                if (yy != ty || mm != tm || dd != 1) {
                    char msg[128];
                    snprintf(msg, sizeof msg, "%04d-%02d-01 %+d months: %d-%d-%d", y, m, k, yy,
                             mm, dd);
                    t_fail_at(__FILE__, __LINE__, msg);
                    bad++;
                }
            }
        }
}

/* A date is digits where the digits go: "2026-1a-05" is not 2026-01-05 (atoi would stop at
 * the letter). */
TEST(day_parse_refuses_letters_in_a_date)
{
    static const char *const bad[] = { "2026-1a-05", "202a-01-05", "2026-01-0x", "2026-01-+5" };
    tk_day d;
    tk_err err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(day_parse(bad[i], 0, &d, &err) == -1);
}

/* Dates and times as typed, and instants as shown, at the edges the campaign found open. */
TEST(day_times_typed_and_shown)
{
    tk_day today = day_from_ymd(2026, 11, 3), d;
    tk_err err;
    int64_t t, base = (int64_t)today * 86400;
    int sod;
    char b[DAY_TIME_BUF];
    CHECK_INT(day_parse("tomorrow", today, &d, &err), 0);
    CHECK_INT(d, today + 1);
    /* UTC: every field counts, 23:59:59 is a time, and so is a lower-case z. */
    CHECK_INT(local_parse_datetime("2026-11-03T10:30:15Z", &t, &err), 0);
    CHECK_INT(t, base + 10 * 3600 + 30 * 60 + 15);
    CHECK_INT(local_parse_datetime("2026-11-03T23:59:59Z", &t, &err), 0);
    CHECK_INT(t, base + 86399);
    CHECK_INT(local_parse_datetime("2026-11-03T23:59z", &t, &err), 0);
    CHECK_INT(t, base + 86340);
    CHECK(local_parse_datetime(NULL, &t, &err) == -1);
    CHECK(local_parse_datetime("", &t, &err) == -1);
    /* Local (Berlin, UTC+1 in November): seconds count too. */
    t_set_tz("Europe/Berlin");
    CHECK_INT(local_parse_datetime("2026-11-03T10:30:15", &t, &err), 0);
    CHECK_INT(t, base + 9 * 3600 + 30 * 60 + 15);
    CHECK_INT(local_seconds_of_day(t), 10 * 3600 + 30 * 60 + 15);
    CHECK_STR(local_format_hm(t, b), "10:30");
    CHECK_STR(local_format_iso(t, b), "2026-11-03T10:30:15+01:00");
    t_set_tz("Asia/Kolkata");
    CHECK_STR(local_format_iso(base, b), "2026-11-03T05:30:00+05:30");
    t_set_tz("UTC");
    CHECK_STR(local_format_iso(base, b), "2026-11-03T00:00:00+00:00");
    /* HH:MM: one-digit hours and minute 59. */
    CHECK_INT(parse_hhmm("9:00", &sod, &err), 0);
    CHECK_INT(sod, 9 * 3600);
    CHECK_INT(parse_hhmm("10:59", &sod, &err), 0);
    CHECK_INT(sod, 10 * 3600 + 59 * 60);
}

/* Words for days parse to 0 (success) and the right day; every weekday name is known;
 * the first and last characters of a date are checked too. */
TEST(day_parse_words_and_every_character)
{
    tk_day today = day_from_ymd(2026, 11, 25), d;   /* a Wednesday */
    tk_err err;
    CHECK_INT(day_parse("today", today, &d, &err), 0);
    CHECK_INT(d, today);
    CHECK_INT(day_parse("yesterday", today, &d, &err), 0);
    CHECK_INT(d, today - 1);
    CHECK_INT(day_parse("tomorrow", today, &d, &err), 0);
    CHECK_INT(d, today + 1);
    CHECK_INT(day_parse("sunday", today, &d, &err), 0);
    CHECK_INT(d, today - 3);
    CHECK_INT(day_parse("sun", today, &d, &err), 0);
    CHECK_INT(d, today - 3);
    static const char *const bad[] = { "2026-01-1x", "+026-01-05", " 026-01-05" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(day_parse(bad[i], today, &d, &err) == -1);
}

/* A day before year 1 (out of tock's range) formats as year 0000, never as garbage or 0001. */
TEST(day_format_before_year_one)
{
    char b[DAY_BUF];
    CHECK_STR(day_format(day_from_ymd(-1, 6, 1), b), "0000-06-01");
}

/* Date-and-time texts refused for each field out of place or out of range, and instants
 * shown in UTC far from 1970 (after the campaign's last run: day.c's parser survivors). */
TEST(day_datetime_refusals_and_utc_far_from_1970)
{
    static const char *const bad[] = {
        "2026-11-03T24:00Z", "2026-11-03T10:60Z", "2026-11-03T10:00:60Z", "2026-11-03X10:00Z",
        "2026-11-03T10-00Z", "2026-11-03T1x:00Z", "2026x11-03T10:00Z", "2026-11x03T10:00Z",
    };
    int64_t t;
    int sod;
    tk_err err = { "" };
    tk_day d;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(local_parse_datetime(bad[i], &t, &err) == -1);
    CHECK(day_parse("", 0, &d, &err) == -1);
    CHECK(strstr(err.msg, "empty date") != NULL);
    CHECK(parse_hhmm("10:60", &sod, &err) == -1);
    CHECK(parse_hhmm(":30", &sod, &err) == -1);
    char b[DAY_TIME_BUF];
    CHECK_STR(utc_format((int64_t)day_from_ymd(2026, 11, 3) * 86400 + 37815, b),
              "2026-11-03T10:30:15Z");
    CHECK_STR(utc_format(-86400, b), "1969-12-31T00:00:00Z");
    CHECK_STR(utc_format((int64_t)day_from_ymd(1900, 1, 1) * 86400 + 1, b),
              "1900-01-01T00:00:01Z");
    t_set_tz("Europe/Berlin");
    tk_day day = day_from_ymd(2026, 11, 3);
    CHECK_INT(local_parse_datetime("2026-11-03T00:00:01", &t, &err), 0);
    CHECK_INT(t, (int64_t)day * 86400 - 3600 + 1);
    CHECK_INT(local_parse_datetime("2026-11-03T01:59:58", &t, &err), 0);
    CHECK_INT(t, (int64_t)day * 86400 + 59 * 60 + 58);
}

/* local_format_hm keeps the local midnights of the last days it saw (a listing's times); it
 * must still say what localtime_r says on the days the clocks change, in zones that change
 * them at 02:00, at midnight (Havana), by half an hour (Lord Howe), or not at all, walking
 * forward and back over the change in steps that are not a divisor of an hour. */
TEST(day_local_hm_matches_localtime_across_dst)
{
    static const char *zones[] = { "Europe/Berlin", "America/New_York", "America/Havana",
                                   "Australia/Lord_Howe", "Asia/Kolkata" };
    static const int days[][3] = { { 2026, 3, 29 }, { 2026, 10, 25 }, { 2026, 3, 8 },
                                   { 2026, 11, 1 }, { 2026, 4, 5 }, { 2026, 10, 4 } };
    char b[DAY_TIME_BUF], want[16];
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        t_set_tz(zones[z]);
        for (size_t d = 0; d < sizeof days / sizeof days[0]; d++) {
            int64_t base = (int64_t)day_from_ymd(days[d][0], days[d][1], days[d][2]) * 86400;
            for (int dir = 0; dir < 2; dir++)
                for (int64_t s = -2 * 86400; s <= 2 * 86400; s += 7 * 60 + 13) {
                    int64_t t = base + (dir ? -s : s);
                    time_t tt = (time_t)t;
                    struct tm tm;
                    CHECK(localtime_r(&tt, &tm) != NULL);
                    snprintf(want, sizeof want, "%02d:%02d", tm.tm_hour, tm.tm_min);
                    CHECK_STR(local_format_hm(t, b), want);
                }
        }
    }
    t_set_tz("UTC");
}

/* A time exactly at a midnight reads 00:00, whether the day it starts or the day before was
 * the last one written (a listing writes an entry ending at midnight right after its start). */
TEST(day_local_hm_at_midnight_is_0000)
{
    static const char *zones[] = { "UTC", "Europe/Berlin", "America/New_York" };
    char b[DAY_TIME_BUF];
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        t_set_tz(zones[z]);
        for (tk_day d = day_from_ymd(2026, 6, 1); d < day_from_ymd(2026, 6, 4); d++) {
            int64_t midnight = local_day_start(d), next = local_day_start(d + 1);
            CHECK_STR(local_format_hm(midnight + 13 * 3600, b), "13:00");
            CHECK_STR(local_format_hm(next, b), "00:00");        /* the day after the kept one */
            CHECK_STR(local_format_hm(next - 60, b), "23:59");
            CHECK_STR(local_format_hm(midnight, b), "00:00");    /* the kept day's own start */
        }
    }
    t_set_tz("UTC");
}

/* A kept day belongs to its zone: after a change of zone the same instant reads the new
 * zone's clock; a leap second (23:59:60 in a right/ zone) reads as the minute it is in. */
TEST(day_local_hm_follows_the_zone_and_leap_seconds)
{
    char b[DAY_TIME_BUF];
    int64_t noon = (int64_t)day_from_ymd(2026, 6, 2) * 86400 + 12 * 3600;   /* UTC */
    t_set_tz("Europe/Berlin");
    CHECK_STR(local_format_hm(noon, b), "14:00");
    CHECK_STR(local_format_hm(noon + 60, b), "14:01");
    t_set_tz("America/New_York");
    CHECK_STR(local_format_hm(noon, b), "08:00");
    CHECK_STR(local_format_hm(noon + 60, b), "08:01");
    FILE *f = fopen("/usr/share/zoneinfo/right/UTC", "r");
    if (f) {   /* tzdata's leap-second zones (Debian ships them) */
        fclose(f);
        t_set_tz("right/UTC");
        /* 2016-12-31 23:59:60: 27 leap seconds after 1972, the last of them. */
        int64_t leap = (int64_t)day_from_ymd(2017, 1, 1) * 86400 + 26;
        CHECK_STR(local_format_hm(leap - 3600, b), "23:00");   /* that day kept */
        CHECK_STR(local_format_hm(leap, b), "23:59");
        CHECK_STR(local_format_hm(leap + 1, b), "00:00");
    }
    t_set_tz("UTC");
}
