/* duration.c — parse what people type for a duration, format it back. */
#include "duration.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Reads digits [. digits] at *p: whole part and the fraction scaled to micro-units. */
static int read_number(const char **p, int64_t *whole, int64_t *micro, int *had_point)
{
    const char *s = *p;
    int64_t w = 0, f = 0;
    int digits = 0, fdigits = 0;
    *had_point = 0;
    while (isdigit((unsigned char)*s)) {
        if (w > DUR_MAX)
            return -1;
        w = w * 10 + (*s++ - '0');
        digits++;
    }
    if (*s == '.') {
        *had_point = 1;
        s++;
        if (!isdigit((unsigned char)*s))
            return -1;
        while (isdigit((unsigned char)*s)) {
            if (fdigits < 6) {
                f = f * 10 + (*s - '0');
                fdigits++;
            }
            s++;
            digits++;
        }
        while (fdigits++ < 6)
            f *= 10;
    }
    if (!digits)
        return -1;
    *whole = w;
    *micro = f;
    *p = s;
    return 0;
}

/* "H:MM" or "H:MM:SS". */
static int parse_clock(const char *s, int64_t *out)
{
    int64_t parts[3] = { 0 };
    int n = 0;
    while (n < 3) {
        int64_t v = 0;
        int digits = 0;
        while (isdigit((unsigned char)*s)) {
            if (v > DUR_MAX)
                return -1;
            v = v * 10 + (*s++ - '0');
            digits++;
        }
        if (!digits || (n > 0 && digits != 2))
            return -1;
        parts[n++] = v;
        if (*s != ':')
            break;
        s++;
    }
    if (*s || n < 2 || parts[1] > 59 || (n == 3 && parts[2] > 59))
        return -1;
    *out = parts[0] * 3600 + parts[1] * 60 + parts[2];
    return 0;
}

int dur_parse(const char *s, int64_t *seconds, tk_err *err)
{
    if (!s || !*s)
        return tk_fail(err, "empty duration (expected e.g. 1h30m, 90m, 1.5h or 1:30)");
    if (*s == '-')
        return tk_fail(err, "negative duration '%s'", s);
    int64_t total = 0;
    if (strchr(s, ':')) {
        if (parse_clock(s, &total))
            return tk_fail(err, "bad duration '%s' (expected H:MM, e.g. 1:30)", s);
    } else {
        const char *p = s;
        int units_seen = 0, last_unit = 0;
        while (*p) {
            int64_t whole, micro;
            int point;
            if (read_number(&p, &whole, &micro, &point))
                return tk_fail(err, "bad duration '%s' (expected e.g. 1h30m, 90m, 1.5h or 1:30)", s);
            int64_t unit;
            int rank;
            switch (*p) {
            case 'h': case 'H': unit = 3600; rank = 3; p++; break;
            case 'm': case 'M': unit = 60; rank = 2; p++; break;
            case 's': case 'S': unit = 1; rank = 1; p++; break;
            case '\0':
                if (units_seen)
                    return tk_fail(err, "bad duration '%s': a number without a unit after '%.*s'",
                                   s, (int)(p - s), s);
                unit = 3600; rank = 3; /* a bare number is hours, as in Harvest */
                break;
            default:
                return tk_fail(err, "bad duration '%s': unknown unit '%c' (use h, m or s)", s, *p);
            }
            if (last_unit && rank >= last_unit)
                return tk_fail(err, "bad duration '%s': units must go from hours to seconds", s);
            if (whole > DUR_MAX)
                return tk_fail(err, "duration '%s' is too large (at most 10000h)", s);
            last_unit = rank;
            units_seen++;
            total += whole * unit + (micro * unit + 500000) / 1000000;
            if (total > DUR_MAX)
                return tk_fail(err, "duration '%s' is too large (at most 10000h)", s);
        }
    }
    if (total > DUR_MAX)
        return tk_fail(err, "duration '%s' is too large (at most 10000h)", s);
    *seconds = total;
    return 0;
}

char *dur_format_hmm(int64_t seconds, char *buf)
{
    /* "%s%lld:%02d" with the digits written here: a week's grid shows hundreds of these in
     * every frame, and snprintf cost ~1,400 instructions each (issue 21). */
    uint64_t s = seconds < 0 ? 0 - (uint64_t)seconds : (uint64_t)seconds;
    uint64_t h = s / 3600;
    unsigned m = (unsigned)(s / 60 % 60);
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + h % 10);
        h /= 10;
    } while (h);
    char *p = buf;
    if (seconds < 0)
        *p++ = '-';
    while (n)
        *p++ = digits[--n];
    *p++ = ':';
    *p++ = (char)('0' + m / 10);
    *p++ = (char)('0' + m % 10);
    *p = '\0';
    return buf;
}

char *dur_format_brief(int64_t seconds, char *buf)
{
    return seconds > 0 && seconds < 60 ? dur_format_hmmss(seconds, buf)
                                       : dur_format_hmm(seconds, buf);
}

char *dur_format_hmmss(int64_t seconds, char *buf)
{
    if (seconds < 0)
        seconds = 0;
    snprintf(buf, 24, "%" PRId64 ":%02d:%02d", seconds / 3600, (int)(seconds / 60 % 60),
             (int)(seconds % 60));
    return buf;
}

char *dur_format_short(int64_t seconds, char *buf)
{
    int64_t h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
    char *p = buf;
    size_t left = 32;
    int n;
    if (h) {
        n = snprintf(p, left, "%" PRId64 "h", h);
        p += n; left -= (size_t)n;
    }
    if (m || (!h && !s)) {
        n = snprintf(p, left, "%" PRId64 "m", m);
        p += n; left -= (size_t)n;
    }
    if (s)
        snprintf(p, left, "%" PRId64 "s", s);
    return buf;
}

char *dur_format_hours2(int64_t seconds, char *buf)
{
    int64_t centi = (seconds + 18) / 36; /* 1/100 h = 36 s, half up */
    snprintf(buf, 24, "%" PRId64 ".%02d", centi / 100, (int)(centi % 100));
    return buf;
}
