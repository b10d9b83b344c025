/* day.c — civil-date arithmetic (Howard Hinnant's algorithms) and local-time conversions. */
#include "day.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

tk_day day_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (tk_day)(era * 146097 + doe - 719468);
}

void day_to_ymd(tk_day day, int *y, int *m, int *d)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int day_weekday(tk_day day)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (day + 3) % 7;
    return w < 0 ? w + 7 : w;
}

int day_days_in_month(int y, int m)
{
    static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

int day_valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= day_days_in_month(y, m);
}

static const char *const wday_names[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

static int parse_iso_date(const char *s, tk_day *out)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (!day_valid_ymd(y, m, d))
        return -1;
    *out = day_from_ymd(y, m, d);
    return 0;
}

int day_parse(const char *s, tk_day today, tk_day *out, tk_err *err)
{
    if (!s || !*s)
        return tk_fail(err, "empty date (expected YYYY-MM-DD, today or yesterday)");
    if (parse_iso_date(s, out) == 0)
        return 0;
    if (!strcasecmp(s, "today")) { *out = today; return 0; }
    if (!strcasecmp(s, "yesterday")) { *out = today - 1; return 0; }
    if (!strcasecmp(s, "tomorrow")) { *out = today + 1; return 0; }
    size_t n = strlen(s);
    for (int w = 0; w < 7 && n >= 3; w++) {
        if (!strncasecmp(s, wday_names[w], n) && n <= strlen(wday_names[w])) {
            int back = (day_weekday(today) - w + 7) % 7;
            *out = today - back;
            return 0;
        }
    }
    return tk_fail(err, "bad date '%s' (expected YYYY-MM-DD, today, yesterday or a weekday)", s);
}

/* Zero-padded decimal digits, by hand: export and log write several dates per row, and
 * snprintf was a third of their time. */
static char *put_digits(char *p, int v, int n)
{
    if (v < 0)
        v = 0; /* before year 1: out of tock's range, but never a garbage character */
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + n;
}

char *day_format(tk_day day, char *buf)
{
    int y, m, d;
    day_to_ymd(day, &y, &m, &d);
    char *p = put_digits(buf, y % 10000, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    *p++ = '-';
    p = put_digits(p, d, 2);
    *p = '\0';
    return buf;
}

tk_day day_week_start(tk_day day, int first_wday)
{
    return day - (day_weekday(day) - first_wday + 7) % 7;
}

int day_iso_week(tk_day day)
{
    /* The ISO week belongs to the year of its Thursday. */
    tk_day thursday = day - day_weekday(day) + 3;
    int y, m, d;
    day_to_ymd(thursday, &y, &m, &d);
    return (thursday - day_from_ymd(y, 1, 1)) / 7 + 1;
}

tk_day day_month_start(tk_day day)
{
    int y, m, d;
    day_to_ymd(day, &y, &m, &d);
    return day_from_ymd(y, m, 1);
}

tk_day day_add_months(tk_day first_of_month, int months)
{
    int y, m, d;
    day_to_ymd(first_of_month, &y, &m, &d);
    int idx = y * 12 + (m - 1) + months;
    return day_from_ymd(idx / 12, idx % 12 + 1, 1);
}

static void to_local_tm(int64_t instant, struct tm *tm);

static int64_t make_slow(tk_day day, int hour, int min, int sec)
{
    int y, m, d;
    day_to_ymd(day, &y, &m, &d);
    struct tm tm = { 0 };
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

/* Local wall clock minus UTC at instant t, in seconds. */
static int64_t offset_at(int64_t t)
{
    struct tm tm;
    to_local_tm(t, &tm);
    int64_t wall = (int64_t)day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 +
                   tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    return wall - t;
}

/* mktime reloads the time zone (a stat of its file) on every call, and an import makes
 * hundreds of thousands of them. The last day asked is remembered with its UTC offset when the
 * offset holds all that day; DST days always ask mktime. A cache of the zone in force, not
 * state: local_zone_changed() (called by clock.c, which owns TZ) forgets it. */
static struct {
    bool valid, steady;
    tk_day day;
    int64_t offset;
} memo;

/* A listing writes two local times an entry, mostly on the day of the last ones: the local
 * midnights of the last two steady days (one UTC offset all day) are kept, and a time on them
 * is its distance from midnight, without a localtime_r. Forgotten with the zone, like memo. */
static struct {
    bool valid;
    int64_t midnight;
} hm_days[2];
static int hm_next;

/* The local midnights last found: a week's bounds and each retainer period's key ask the same
 * few days again (alternating two days misses memo every time). Forgotten with the zone. */
#define DAY_STARTS 4
static struct {
    bool valid;
    tk_day day;
    int64_t start;
} day_starts[DAY_STARTS];
static int day_starts_next;

void local_zone_changed(void)
{
    memo.valid = false;
    hm_days[0].valid = hm_days[1].valid = false;
    for (int i = 0; i < DAY_STARTS; i++)
        day_starts[i].valid = false;
}

static bool steady_offset(tk_day day, int64_t *offset)
{
    if (!memo.valid || memo.day != day) {
        int64_t noon = make_slow(day, 12, 0, 0);
        memo.offset = offset_at(noon);
        memo.steady = offset_at(noon - 13 * 3600) == memo.offset &&
                      offset_at(noon + 13 * 3600) == memo.offset;
        memo.day = day;
        memo.valid = true;
    }
    *offset = memo.offset;
    return memo.steady;
}

int64_t local_make(tk_day day, int hour, int min, int sec)
{
    int64_t offset;
    bool plain = hour >= 0 && hour < 24 && min >= 0 && min < 60 && sec >= 0 && sec < 60;
    if (plain && steady_offset(day, &offset))
        return (int64_t)day * 86400 + hour * 3600 + min * 60 + sec - offset;
    return make_slow(day, hour, min, sec);
}

static int64_t day_start_slow(tk_day day);

int64_t local_day_start(tk_day day)
{
    for (int i = 0; i < DAY_STARTS; i++)
        if (day_starts[i].valid && day_starts[i].day == day)
            return day_starts[i].start;
    int64_t t = day_start_slow(day);
    day_starts[day_starts_next].valid = true;
    day_starts[day_starts_next].day = day;
    day_starts[day_starts_next].start = t;
    day_starts_next = (day_starts_next + 1) % DAY_STARTS;
    return t;
}

/* local_day_start without the kept days. */
static int64_t day_start_slow(tk_day day)
{
    int64_t t = local_make(day, 0, 0, 0);
    if (local_day_of(t) != day) {
        /* Midnight does not exist here and mktime put it on another day: back a day where a
         * DST jump at 00:00 was resolved backward, or past a day a zone skipped (Samoa went
         * from 2011-12-29 to 2011-12-31). The day begins at the first instant not before it:
         * bisect two days either side (day_of(lo) < day <= day_of(hi)). */
        int64_t lo = t - 2 * 86400, hi = t + 2 * 86400;
        while (hi - lo > 1) {
            int64_t mid = lo + (hi - lo) / 2;
            if (local_day_of(mid) < day)
                lo = mid;
            else
                hi = mid;
        }
        t = hi;
    }
    /* Where midnight repeats (clocks back from 01:00 to 00:00, as in Havana), mktime may
     * give the second one: the day began an hour earlier, at the first. */
    else if (local_day_of(t - 3600) == day)
        t -= 3600;
    return t;
}

int local_make_checked(tk_day day, int sod, int64_t *out, tk_err *err)
{
    if (sod == 0 || sod == 24 * 3600) {
        *out = local_day_start(sod ? day + 1 : day);
        return 0;
    }
    *out = local_make(day, sod / 3600, sod / 60 % 60, sod % 60);
    if (local_day_of(*out) == day && local_seconds_of_day(*out) == sod)
        return 0;
    char d[DAY_BUF];
    return tk_fail(err, "%02d:%02d does not exist on %s (the clocks skip it)", sod / 3600,
                   sod / 60 % 60, day_format(day, d));
}

static void to_local_tm(int64_t instant, struct tm *tm)
{
    time_t t = (time_t)instant;
    if (!localtime_r(&t, tm))
        memset(tm, 0, sizeof *tm);
}

tk_day local_day_of(int64_t instant)
{
    struct tm tm;
    to_local_tm(instant, &tm);
    return day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int local_seconds_of_day(int64_t instant)
{
    struct tm tm;
    to_local_tm(instant, &tm);
    return tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

void local_split_days(int64_t start, int64_t end,
                      void (*fn)(tk_day day, int64_t seconds, void *ctx), void *ctx)
{
    if (end <= start)
        return;
    tk_day d = local_day_of(start);
    int64_t cur = start;
    while (cur < end) {
        int64_t next = local_day_start(d + 1);
        int64_t stop = next < end ? next : end;
        if (stop > cur)
            fn(d, stop - cur, ctx);
        cur = stop;
        d++;
    }
}

static int two_digits(const char *s, int *v)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
        return -1;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return 0;
}

int local_parse_datetime(const char *s, int64_t *out, tk_err *err)
{
    char date[11];
    tk_day day;
    int hh = 0, mm = 0, ss = 0;
    size_t n = s ? strlen(s) : 0;
    int utc = n > 0 && (s[n - 1] == 'Z' || s[n - 1] == 'z');
    if (utc)
        n--;
    if (n != 16 && n != 19)
        goto bad;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (parse_iso_date(date, &day) || (s[10] != 'T' && s[10] != ' ') ||
        two_digits(s + 11, &hh) || s[13] != ':' || two_digits(s + 14, &mm) ||
        (n == 19 && (s[16] != ':' || two_digits(s + 17, &ss))) ||
        hh > 23 || mm > 59 || ss > 59)
        goto bad;
    if (utc)
        *out = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss;
    else if (local_make_checked(day, hh * 3600 + mm * 60 + ss, out, err))
        return -1;
    return 0;
bad:
    return tk_fail(err, "bad date and time '%s' (expected YYYY-MM-DDTHH:MM[:SS])", s ? s : "");
}

char *utc_format(int64_t instant, char *buf)
{
    int64_t days = instant >= 0 ? instant / 86400 : -((-instant + 86399) / 86400);
    int64_t rem = instant - days * 86400;
    day_format((tk_day)days, buf);
    char *p = buf + strlen(buf);
    *p++ = 'T';
    p = put_digits(p, (int)(rem / 3600), 2);
    *p++ = ':';
    p = put_digits(p, (int)(rem / 60 % 60), 2);
    *p++ = ':';
    p = put_digits(p, (int)(rem % 60), 2);
    *p++ = 'Z';
    *p = '\0';
    return buf;
}

char *local_format_iso(int64_t instant, char *buf)
{
    struct tm tm;
    to_local_tm(instant, &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(buf, 40, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
             (tm.tm_year + 1900) % 10000, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
             tm.tm_sec, sign, (off / 3600) % 100, off / 60 % 60);
    return buf;
}

/* hm_seconds_of_day when the instant is on neither kept day: localtime_r's answer, and its
 * day kept when it is steady. */
static __attribute__((noinline)) int hm_seconds_of_new_day(int64_t instant)
{
    struct tm tm;
    to_local_tm(instant, &tm);
    /* A leap second (23:59:60 in a right/ zone) shows as the minute it is in. */
    int sod = tm.tm_hour * 3600 + tm.tm_min * 60 + (tm.tm_sec < 60 ? tm.tm_sec : 59);
    int64_t offset;
    tk_day day = day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    if (steady_offset(day, &offset) && (int64_t)day * 86400 - offset == instant - sod) {
        hm_days[hm_next].valid = true;
        hm_days[hm_next].midnight = instant - sod;
        hm_next ^= 1;
    }
    return sod;
}

/* The local wall clock's seconds since midnight at instant (localtime_r's, DST-correct). */
static int hm_seconds_of_day(int64_t instant)
{
    int64_t rem;
    for (int i = 0; i < 2; i++)
        if (hm_days[i].valid && !__builtin_sub_overflow(instant, hm_days[i].midnight, &rem) &&
            rem >= 0 && rem < 86400)
            return (int)rem;
    return hm_seconds_of_new_day(instant);
}

char *local_format_hm(int64_t instant, char *buf)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                                "31323334353637383940414243444546474849505152535455565758596061";
    int sod = hm_seconds_of_day(instant);   /* < 86400 */
    memcpy(buf, pairs + 2 * (sod / 3600), 2);
    buf[2] = ':';
    memcpy(buf + 3, pairs + 2 * (sod / 60 % 60), 2);
    buf[5] = '\0';
    return buf;
}

int parse_hhmm(const char *s, int *seconds_of_day, tk_err *err)
{
    int h, m;
    size_t n = strlen(s);
    const char *colon = strchr(s, ':');
    if (!colon || colon - s < 1 || colon - s > 2 || n - (size_t)(colon - s) != 3)
        goto bad;
    for (const char *p = s; *p; p++)
        if (p != colon && !isdigit((unsigned char)*p))
            goto bad;
    h = atoi(s);
    m = atoi(colon + 1);
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        goto bad;
    *seconds_of_day = h * 3600 + m * 60;
    return 0;
bad:
    return tk_fail(err, "bad time '%s' (expected HH:MM, 00:00 to 24:00)", s);
}
