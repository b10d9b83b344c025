/* bizhours.c — parse business hours and holidays; split a time range into inside/outside. */
#include "bizhours.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const wday_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

/* Instants that are safely inside years 0002–9998 wherever the zone, so libc's local time and
 * day.h's int arithmetic are well defined. */
#define BIZ_T_MIN ((int64_t)-62104060800)  /* 0002-01-01T00:00:00Z */
#define BIZ_T_MAX ((int64_t)253370678400)  /* 9998-12-31T00:00:00Z */

static bool instant_ok(int64_t t)
{
    return t >= BIZ_T_MIN && t <= BIZ_T_MAX;
}

/* ---- parsing ---- */

typedef struct tok {
    const char *s;
    size_t n;
} tok;

/* The next token of [*p, end) separated by any of seps; skips leading seps. */
static int next_tok(const char **p, const char *end, const char *seps, tok *t)
{
    while (*p < end && strchr(seps, **p))
        (*p)++;
    if (*p >= end)
        return 0;
    t->s = *p;
    while (*p < end && !strchr(seps, **p))
        (*p)++;
    t->n = (size_t)(*p - t->s);
    return 1;
}

/* "mon", "Monday", "tues": a prefix of at least three letters of an English weekday name. */
static int parse_wday(const char *s, size_t n, int *wd)
{
    for (int i = 0; i < 7 && n >= 3; i++)
        if (n <= strlen(wday_names[i]) && !strncasecmp(s, wday_names[i], n)) {
            *wd = i;
            return 0;
        }
    return -1;
}

/* "Mon" or "Mon-Fri" (wrapping: "Fri-Mon") → a bit per weekday. */
static int parse_days(tok t, unsigned *mask, tk_err *err)
{
    const char *dash = memchr(t.s, '-', t.n);
    size_t n1 = dash ? (size_t)(dash - t.s) : t.n;
    int a, b;
    if (parse_wday(t.s, n1, &a) ||
        (dash ? parse_wday(dash + 1, t.n - n1 - 1, &b) : (b = a, 0)))
        return tk_fail(err, "business hours: bad days '%.*s' (expected e.g. Mon-Fri)",
                       (int)t.n, t.s);
    *mask = 0;
    for (int d = a;; d = (d + 1) % 7) {
        *mask |= 1u << d;
        if (d == b)
            break;
    }
    return 0;
}

static int parse_clock(const char *s, size_t n, int *sec, tk_err *err)
{
    char buf[8];
    if (n == 0 || n >= sizeof buf)
        return tk_fail(err, "business hours: bad time '%.*s' (expected HH:MM)", (int)n, s);
    memcpy(buf, s, n);
    buf[n] = '\0';
    return parse_hhmm(buf, sec, err);
}

/* "09:00-18:00" → seconds of the day. */
static int parse_span(tok t, tk_bizspan *sp, tk_err *err)
{
    const char *dash = memchr(t.s, '-', t.n);
    if (!dash)
        return tk_fail(err, "business hours: bad span '%.*s' (expected HH:MM-HH:MM)",
                       (int)t.n, t.s);
    size_t n1 = (size_t)(dash - t.s);
    if (parse_clock(t.s, n1, &sp->start, err) || parse_clock(dash + 1, t.n - n1 - 1, &sp->end, err))
        return -1;
    if (sp->start >= sp->end)
        return tk_fail(err, "business hours: span '%.*s' must end after it starts "
                       "(split a span over midnight into two days)", (int)t.n, t.s);
    return 0;
}

/* Adds sp to weekday wd, keeping the day's spans sorted and merged. */
static int add_span(tk_bizhours *b, int wd, tk_bizspan sp, tk_err *err)
{
    tk_bizspan all[BIZ_MAX_SPANS + 1];
    int n = b->nspans[wd], i = n, out = 0;
    memcpy(all, b->spans[wd], (size_t)n * sizeof *all);
    while (i > 0 && all[i - 1].start > sp.start) {   /* insertion keeps them sorted */
        all[i] = all[i - 1];
        i--;
    }
    all[i] = sp;
    for (i = 0; i <= n; i++) {
        if (out > 0 && all[i].start <= all[out - 1].end) {
            if (all[i].end > all[out - 1].end)
                all[out - 1].end = all[i].end;
        } else {
            all[out++] = all[i];
        }
    }
    if (out > BIZ_MAX_SPANS)
        return tk_fail(err, "business hours: more than %d spans on %s", BIZ_MAX_SPANS,
                       wday_names[wd]);
    memcpy(b->spans[wd], all, (size_t)out * sizeof *all);
    b->nspans[wd] = out;
    return 0;
}

/* One comma-separated group: "[days] span span…". */
static int parse_group(tk_bizhours *b, tok g, unsigned *mask, tk_err *err)
{
    const char *p = g.s, *end = g.s + g.n;
    tok t;
    int spans = 0;
    if (!next_tok(&p, end, " \t", &t))
        return tk_fail(err, "business hours: empty group (stray comma?)");
    if (isalpha((unsigned char)t.s[0])) {
        if (parse_days(t, mask, err))
            return -1;
    } else {
        if (!*mask)
            return tk_fail(err, "business hours: '%.*s' needs days first (e.g. Mon-Fri %.*s)",
                           (int)g.n, g.s, (int)t.n, t.s);
        p = t.s;   /* the token was a span: read it again below */
    }
    while (next_tok(&p, end, " \t", &t)) {
        tk_bizspan sp;
        if (parse_span(t, &sp, err))
            return -1;
        for (int d = 0; d < 7; d++)
            if ((*mask & (1u << d)) && add_span(b, d, sp, err))
                return -1;
        spans++;
    }
    if (!spans)
        return tk_fail(err, "business hours: '%.*s' has no times (expected e.g. 09:00-18:00)",
                       (int)g.n, g.s);
    return 0;
}

int bizhours_parse(const char *spec, tk_bizhours *out, tk_err *err)
{
    tk_bizhours b;
    memset(&b, 0, sizeof b);
    const char *p = spec ? spec : "", *end = p + strlen(p);
    tok g, first;
    const char *q = p;
    if (!next_tok(&q, end, " \t", &first) ||
        (first.n == 4 && !strncasecmp(first.s, "none", 4) && !next_tok(&q, end, " \t", &first))) {
        *out = b;   /* "" or "none": disabled */
        return 0;
    }
    b.enabled = true;
    unsigned mask = 0;
    /* Groups are separated by ',' or ';'; a stray separator makes an empty group. */
    for (const char *gs = p;; gs++) {
        const char *ge = gs;
        while (ge < end && *ge != ',' && *ge != ';')
            ge++;
        g.s = gs;
        g.n = (size_t)(ge - gs);
        if (parse_group(&b, g, &mask, err))
            return -1;
        if (ge >= end)
            break;
        gs = ge;
    }
    *out = b;
    return 0;
}

/* ---- holidays ---- */

static size_t holiday_pos(const tk_bizhours *b, tk_day day)
{
    size_t lo = 0, hi = b->nholidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool bizhours_is_holiday(const tk_bizhours *b, tk_day day)
{
    size_t i = holiday_pos(b, day);
    return i < b->nholidays && b->holidays[i] == day;
}

int bizhours_add_holidays(tk_bizhours *b, const char *list, tk_err *err)
{
    tk_bizhours tmp = *b;   /* all or nothing */
    const char *p = list ? list : "", *end = p + strlen(p);
    tok t;
    while (next_tok(&p, end, " \t,;", &t)) {
        char buf[16];
        tk_day day;
        if (t.n != 10)
            return tk_fail(err, "holidays: bad date '%.*s' (expected YYYY-MM-DD)", (int)t.n, t.s);
        memcpy(buf, t.s, t.n);
        buf[t.n] = '\0';
        if (day_parse(buf, 0, &day, NULL))
            return tk_fail(err, "holidays: bad date '%s' (expected YYYY-MM-DD)", buf);
        if (bizhours_is_holiday(&tmp, day))
            continue;
        if (tmp.nholidays == BIZ_MAX_HOLIDAYS)
            return tk_fail(err, "holidays: more than %d days", BIZ_MAX_HOLIDAYS);
        size_t i = holiday_pos(&tmp, day);
        memmove(tmp.holidays + i + 1, tmp.holidays + i, (tmp.nholidays - i) * sizeof(tk_day));
        tmp.holidays[i] = day;
        tmp.nholidays++;
    }
    *b = tmp;
    return 0;
}

/* ---- evaluation ---- */

/* The instant a wall-clock second of the day falls on, kept inside the day. Times in a DST
 * gap land where mktime puts them; 24:00 is the next day's start. */
static int64_t span_instant(tk_day day, int sec, int64_t day_lo, int64_t day_hi)
{
    if (sec <= 0)
        return day_lo;
    if (sec >= 86400)
        return day_hi;
    int64_t t = local_make(day, sec / 3600, sec / 60 % 60, sec % 60);
    return t < day_lo ? day_lo : t > day_hi ? day_hi : t;
}

/* Business seconds of [lo, hi), a piece of local day `day`. */
static int64_t inside_of_day(const tk_bizhours *b, tk_day day, int64_t lo, int64_t hi)
{
    if (bizhours_is_holiday(b, day))
        return 0;
    int wd = day_weekday(day);
    int64_t day_lo = local_day_start(day), day_hi = local_day_start(day + 1), sum = 0;
    for (int i = 0; i < b->nspans[wd]; i++) {
        int64_t s = span_instant(day, b->spans[wd][i].start, day_lo, day_hi);
        int64_t e = span_instant(day, b->spans[wd][i].end, day_lo, day_hi);
        if (s < lo)
            s = lo;
        if (e > hi)
            e = hi;
        if (e > s)
            sum += e - s;
    }
    return sum;
}

bool bizhours_contains(const tk_bizhours *b, int64_t instant)
{
    if (!b || !b->enabled)
        return true;
    if (!instant_ok(instant))
        return false;
    return inside_of_day(b, local_day_of(instant), instant, instant + 1) > 0;
}

int bizhours_split(const tk_bizhours *b, int64_t start_utc, int64_t end_utc,
                   int64_t *inside, int64_t *outside)
{
    *inside = *outside = 0;
    if (end_utc < start_utc || !instant_ok(start_utc) || !instant_ok(end_utc) ||
        end_utc - start_utc > BIZ_SPLIT_MAX)
        return -1;
    int64_t total = end_utc - start_utc, in = 0;
    if (!b || !b->enabled) {
        *inside = total;
        return 0;
    }
    tk_day d = local_day_of(start_utc);
    for (int64_t cur = start_utc; cur < end_utc; d++) {
        int64_t next = local_day_start(d + 1);
        int64_t stop = next < end_utc ? next : end_utc;
        if (stop > cur)
            in += inside_of_day(b, d, cur, stop);
        if (stop > cur)
            cur = stop;
    }
    *inside = in;
    *outside = total - in;
    return 0;
}
