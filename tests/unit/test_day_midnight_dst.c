/* Zones whose clocks change at midnight (Santiago, Havana, Beirut in 2026): local_make's
 * cached offset and local_day_start must agree with mktime and with the wall clock on the
 * days around each change. `make mutate` (issue 23) found the cache's window and the
 * day-start correction untested: Berlin and New York change at 02:00–03:00. */
#include "test.h"
#include "day.h"

#include <stdbool.h>
#include <time.h>

static int64_t mk(tk_day day, int h, int mi, int s)
{
    int y, m, d;
    day_to_ymd(day, &y, &m, &d);
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = h,
                     .tm_min = mi, .tm_sec = s, .tm_isdst = -1 };
    return (int64_t)mktime(&tm);
}

/* The day an instant falls on, by the C library. */
static tk_day day_of(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Checks local_day_start against the wall clock and local_make against mktime every 15
 * minutes on the days around a clock change (y-m-d) in zone; counts failures in *bad. */
static void check_change(const char *zone, int y, int mo, int dd, int *bad)
{
    t_set_tz(zone);
    tk_day mid = day_from_ymd(y, mo, dd);
    for (tk_day day = mid - 1; day <= mid + 1 && *bad < 5; day++) {
        /* The day's first instant: the first minute whose wall-clock day is this one. */
        int64_t first = mk(day - 1, 12, 0, 0);
        while (day_of(first) != day)
            first += 60;
        int64_t got = local_day_start(day);
        /* Where midnight repeats (Havana, 2026-11-01: 00:59:59 CDT is followed by
         * 00:00 CST) the day began at the first one: the campaign found local_day_start
         * giving the second, an hour late. */
        if (got != first) {
            char m[120];
            snprintf(m, sizeof m, "%s day %d: local_day_start %lld, wall clock %lld",
                     zone, (int)day, (long long)got, (long long)first);
            t_fail_at(__FILE__, __LINE__, m);
            (*bad)++;
        }
        for (int min = 0; min < 24 * 60; min += 15) {
            int64_t want = mk(day, min / 60, min % 60, 0);
            int64_t have = local_make(day, min / 60, min % 60, 0);
            if (have != want) {
                char m[120];
                snprintf(m, sizeof m, "%s day %d %02d:%02d: local_make %lld, mktime %lld",
                         zone, (int)day, min / 60, min % 60, (long long)have, (long long)want);
                t_fail_at(__FILE__, __LINE__, m);
                (*bad)++;
            }
        }
    }
}

TEST(day_midnight_dst_zones)
{
    static const struct { const char *zone; int m, d; } changes[] = {
        { "America/Santiago", 4, 4 }, { "America/Santiago", 9, 6 },
        { "America/Havana", 3, 8 }, { "America/Havana", 11, 1 },
        { "Asia/Beirut", 3, 29 }, { "Asia/Beirut", 10, 24 },
    };
    int bad = 0;
    for (size_t c = 0; c < sizeof changes / sizeof changes[0] && bad < 5; c++)
        check_change(changes[c].zone, 2026, changes[c].m, changes[c].d, &bad);
}

/* Zones whose clocks change in the evening: Nuuk at 01:00 UTC, which was 22:00 local in
 * 2022 (22:00 -03 jumps to 23:00 -02 on 2022-03-26; 23:00 -02 goes back to 22:00 -03 on
 * 2022-10-29) and 23:00/24:00 in 2026. The steady-day offset cache must see a change late in
 * the day it is asked about, or 22:30 gets noon's offset. */
TEST(day_evening_dst_zone)
{
    static const struct { int y, m, d; } changes[] = {
        { 2022, 3, 26 }, { 2022, 10, 29 }, { 2026, 3, 28 }, { 2026, 10, 24 },
    };
    int bad = 0;
    for (size_t c = 0; c < sizeof changes / sizeof changes[0] && bad < 5; c++)
        check_change("America/Nuuk", changes[c].y, changes[c].m, changes[c].d, &bad);
    /* What a user sees: 2022-03-26 22:30 does not exist; 21:30 is 00:30Z, 23:30 is 01:30Z. */
    t_set_tz("America/Nuuk");
    tk_day sat = day_from_ymd(2022, 3, 26);
    CHECK_INT(local_make(sat, 21, 30, 0) - sat * 86400LL, 24 * 3600 + 1800);
    CHECK_INT(local_make(sat, 23, 30, 0) - sat * 86400LL, 25 * 3600 + 1800);
    CHECK_INT(local_day_start(sat + 1) - sat * 86400LL, 26 * 3600);
}

static void add_day(tk_day day, int64_t seconds, void *ctx)
{
    int64_t *per = ctx;
    per[day - day_from_ymd(2011, 12, 29)] += seconds;
}

/* A day that never happened: Samoa skipped 2011-12-30 (23:59:59 -10 on the 29th was followed
 * by 00:00 +14 on the 31st). It begins where the 31st begins, so it has no time, and the
 * 29th keeps its last hour: 22:00 on the 29th to 01:00 on the 31st is 2 h + 0 + 1 h. */
TEST(day_skipped_by_samoa)
{
    t_set_tz("Pacific/Apia");
    tk_day d29 = day_from_ymd(2011, 12, 29);
    CHECK_INT(local_day_start(d29 + 1), 1325239200);   /* 2011-12-30T10:00:00Z */
    CHECK_INT(local_day_start(d29 + 2), 1325239200);
    int64_t per[3] = { 0, 0, 0 };
    local_split_days(local_make(d29, 22, 0, 0), local_make(d29 + 2, 1, 0, 0), add_day, per);
    CHECK_INT(per[0], 2 * 3600);
    CHECK_INT(per[1], 0);
    CHECK_INT(per[2], 3600);
    /* Asked first for the 31st, then for the skipped day (mktime's guess differs) */
    t_set_tz("Pacific/Apia");
    CHECK_INT(local_day_start(d29 + 2), 1325239200);
    CHECK_INT(local_day_start(d29 + 1), 1325239200);
}

static void add_day_san_luis(tk_day day, int64_t seconds, void *ctx)
{
    int64_t *per = ctx;
    per[day - day_from_ymd(2009, 10, 10)] += seconds;
}

/* A midnight that does not exist without a change of DST flag: San Luis (Argentina) moved
 * from -04 to -03 at 2009-10-11 00:00, a change of standard time, and there glibc's mktime
 * puts 00:00 an hour back, at 23:00 on the 10th. The 11th still begins at 01:00 -03
 * (04:00Z): 22:00 on the 10th to 02:00 on the 11th is 2 h on the 10th and 1 h on the 11th. */
TEST(day_start_after_a_standard_time_jump)
{
    t_set_tz("America/Argentina/San_Luis");
    tk_day d10 = day_from_ymd(2009, 10, 10);
    CHECK_INT(local_day_start(d10 + 1), 1255233600);   /* 2009-10-11T04:00:00Z */
    CHECK_INT(local_day_start(d10 + 2), 1255233600 + 23 * 3600);   /* a 23-hour day */
    int64_t per[2] = { 0, 0 };
    local_split_days(1255226400, 1255237200, add_day_san_luis, per);  /* 02:00Z to 05:00Z */
    CHECK_INT(per[0], 2 * 3600);
    CHECK_INT(per[1], 3600);
}

/* Midnights lost to odd offsets: Monrovia went from -00:44:30 to GMT at 1972-01-07 00:00
 * (the day began at 00:44:30), Kiritimati from -10:40 to -10:00 at 1979-10-01 00:00 (it
 * began at 00:40). Asked before and after a time of that day (mktime's guess differs),
 * the day begins exactly there, to the second. */
TEST(day_start_after_odd_offset_jumps)
{
    static const struct { const char *zone; int y, m, d; int64_t first; } jumps[] = {
        { "Africa/Monrovia", 1972, 1, 7, 63590400 + 2670 },        /* 00:44:30 GMT */
        { "Pacific/Kiritimati", 1979, 10, 1, 307584000 + 36000 + 2400 }, /* 00:40 -10 */
    };
    for (size_t i = 0; i < sizeof jumps / sizeof jumps[0]; i++) {
        tk_day day = day_from_ymd(jumps[i].y, jumps[i].m, jumps[i].d);
        t_set_tz(jumps[i].zone);
        CHECK_INT(local_day_start(day), jumps[i].first);
        t_set_tz(jumps[i].zone);
        CHECK_INT(local_make(day, 12, 0, 0) > jumps[i].first, 1);
        CHECK_INT(local_day_start(day), jumps[i].first);
        CHECK_INT(local_day_of(jumps[i].first - 1), day - 1);
    }
}

/* The midnights local_day_start keeps are the zone's in force: the same days asked again
 * after a change of zone give that zone's midnights, and more days than it keeps, asked in
 * turn, each their own. */
TEST(day_start_kept_midnights_follow_the_zone)
{
    tk_day mon = day_from_ymd(2026, 11, 23);
    t_set_tz("Europe/Berlin");
    for (int round = 0; round < 2; round++)
        for (int d = 0; d < 8; d++)
            CHECK_INT(local_day_start(mon + d), (int64_t)(mon + d) * 86400 - 3600);
    t_set_tz("America/New_York");
    for (int d = 0; d < 8; d++)
        CHECK_INT(local_day_start(mon + d), (int64_t)(mon + d) * 86400 + 5 * 3600);
    t_set_tz("Europe/Berlin");
    CHECK_INT(local_day_start(mon), (int64_t)mon * 86400 - 3600);
    /* Two days asked in turn (a retainer period's first and last), each its own. */
    for (int i = 0; i < 6; i++)
        CHECK_INT(local_day_start(mon + (i & 1) * 30), (int64_t)(mon + (i & 1) * 30) * 86400 - 3600);
    t_set_tz("UTC");
}
