/* import_value.c — the value parsers the import formats share: dates, clock times, durations,
 * decimal hours and amounts in either decimal mark, yes/no, ISO 8601 instants, currencies. */
#include "import_impl.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "duration.h"
#include "money.h"

static const char *trim(const char *s, size_t *len)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int import_value_ymd(const char *s, tk_day *out)
{
    size_t n;
    s = trim(s, &n);
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1 || m < 0 || d < 0 || !day_valid_ymd(y, m, d))
        return -1;
    *out = day_from_ymd(y, m, d);
    return 0;
}

/* "H:MM" or "H:MM:SS" at s (n bytes), hours of 1 to hdigits digits: the parts, or -1. */
static int clock_parts(const char *s, size_t n, int hdigits, int64_t *h, int *m, int *sec)
{
    size_t i = 0;
    int64_t hv = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && (int)i < hdigits)
        hv = hv * 10 + (s[i++] - '0');
    if (i == 0 || i >= n || s[i] != ':')
        return -1;
    if (n - i != 3 && n - i != 6)
        return -1;
    *m = digits(s + i + 1, 2);
    *sec = 0;
    if (n - i == 6) {
        if (s[i + 3] != ':')
            return -1;
        *sec = digits(s + i + 4, 2);
    }
    if (*m < 0 || *m > 59 || *sec < 0 || *sec > 59)
        return -1;
    *h = hv;
    return 0;
}

/* Strips a trailing "AM"/"PM" ("a.m.", any case, space optional): 1 am, 2 pm, 0 none. */
static int strip_ampm(const char *s, size_t *n)
{
    char t[8];
    size_t k = 0, i = *n;
    while (i > 0 && k < sizeof t && (isalpha((unsigned char)s[i - 1]) || s[i - 1] == '.'))
        if (s[--i] != '.')
            t[k++] = (char)tolower((unsigned char)s[i]);
    if (k != 2 || t[0] != 'm' || (t[1] != 'a' && t[1] != 'p'))
        return 0;
    while (i > 0 && s[i - 1] == ' ')
        i--;
    *n = i;
    return t[1] == 'a' ? 1 : 2;
}

int import_value_clock(const char *s, int *seconds_of_day)
{
    size_t n;
    s = trim(s, &n);
    int ampm = strip_ampm(s, &n), m, sec;
    int64_t h;
    if (clock_parts(s, n, 2, &h, &m, &sec))
        return -1;
    if (ampm) {
        if (h < 1 || h > 12)
            return -1;
        h = h % 12 + (ampm == 2 ? 12 : 0);
    } else if (h > 23) {
        return -1;
    }
    *seconds_of_day = (int)h * 3600 + m * 60 + sec;
    return 0;
}

int import_value_hms(const char *s, int64_t *seconds)
{
    size_t n;
    s = trim(s, &n);
    if (!memchr(s, ':', n))
        return import_value_hours(s, seconds);
    strip_ampm(s, &n);
    int m, sec;
    int64_t h;
    if (clock_parts(s, n, 6, &h, &m, &sec))
        return -1;
    int64_t v = h * 3600 + m * 60 + sec;
    if (v > DUR_MAX)
        return -1;
    *seconds = v;
    return 0;
}

/* A non-negative decimal number with '.' or ',' as its mark: the whole part, and the first
 * 15 fraction digits as an integer with their count. */
static int parse_decimal(const char *s, int64_t *whole, int64_t *frac, int *fdigits)
{
    size_t n;
    s = trim(s, &n);
    if (!n)
        return -1;
    const char *dot = NULL, *comma = NULL;
    int ndot = 0, ncomma = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            dot = s + i, ndot++;
        else if (s[i] == ',')
            comma = s + i, ncomma++;
        else if (s[i] < '0' || s[i] > '9')
            return -1;
    }
    const char *mark = NULL;
    char group = 0;
    if (ndot && ncomma) {
        mark = dot > comma ? dot : comma;
        group = dot > comma ? ',' : '.';
        if ((group == ',' ? ndot : ncomma) != 1)
            return -1;
    } else if (ndot + ncomma == 1) {
        mark = dot ? dot : comma;
    } else if (ndot + ncomma > 1) {
        group = ndot ? '.' : ',';
    }
    const char *end = mark ? mark : s + n;
    int64_t w = 0;
    int run = 0, groups = 0;
    for (const char *p = s; p < end; p++) {
        if (*p == group) {
            if (run == 0 || (groups && run != 3) || (!groups && run > 3))
                return -1;
            groups++;
            run = 0;
            continue;
        }
        if (w > INT64_C(100000000000000))
            return -1;
        w = w * 10 + (*p - '0');
        run++;
    }
    if (run == 0 && (end > s || !mark))
        return -1;
    if (groups && run != 3)
        return -1;
    int64_t f = 0;
    int fd = 0;
    if (mark) {
        const char *p = mark + 1;
        if (p == s + n)
            return -1;
        for (; p < s + n; p++)
            if (fd < 15)
                f = f * 10 + (*p - '0'), fd++;
    }
    *whole = w;
    *frac = f;
    *fdigits = fd;
    return 0;
}

static int64_t pow10i(int n)
{
    int64_t v = 1;
    while (n-- > 0)
        v *= 10;
    return v;
}

/* whole.frac × unit, rounded half away from zero. */
static int scale(int64_t whole, int64_t frac, int fdigits, int64_t unit, int64_t *out)
{
    int64_t a, b;
    if (tk_mul64(whole, unit, &a) || tk_muldiv_round(frac, unit, pow10i(fdigits), &b)
        || tk_add64(a, b, out))
        return -1;
    return 0;
}

int import_value_hours(const char *s, int64_t *seconds)
{
    size_t n;
    const char *t = trim(s, &n);
    if (memchr(t, ':', n)) {
        int m, sec;
        int64_t h;
        if (clock_parts(t, n, 6, &h, &m, &sec))
            return -1;
        *seconds = h * 3600 + m * 60 + sec;
        return *seconds > DUR_MAX ? -1 : 0;
    }
    int64_t w, f, v;
    int fd;
    if (parse_decimal(s, &w, &f, &fd) || scale(w, f, fd, 3600, &v) || v > DUR_MAX)
        return -1;
    *seconds = v;
    return 0;
}

int import_value_amount(const char *s, int exponent, int64_t *minor)
{
    int64_t w, f, v;
    int fd;
    if (parse_decimal(s, &w, &f, &fd) || scale(w, f, fd, pow10i(exponent), &v) || v > MONEY_MAX)
        return -1;
    *minor = v;
    return 0;
}

int import_value_yesno(const char *s, bool *out)
{
    static const char *const yes[] = { "yes", "true", "1", "y" }, *const no[] = { "no", "false", "0", "n" };
    size_t n;
    s = trim(s, &n);
    for (size_t i = 0; i < TK_ARRAY_LEN(yes); i++) {
        if (strlen(yes[i]) == n && !strncasecmp(s, yes[i], n))
            return *out = true, 0;
        if (strlen(no[i]) == n && !strncasecmp(s, no[i], n))
            return *out = false, 0;
    }
    return -1;
}

int import_value_instant(const char *s, int64_t *out)
{
    size_t n;
    s = trim(s, &n);
    if (n < 16 || (s[10] != 'T' && s[10] != ' '))
        return -1;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    tk_day day;
    int h = digits(s + 11, 2), m = digits(s + 14, 2), sec = 0;
    if (import_value_ymd(date, &day) || s[13] != ':' || h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    size_t i = 16;
    if (i < n && s[i] == ':') {
        if (n < 19 || (sec = digits(s + 17, 2)) < 0 || sec > 59)
            return -1;
        i = 19;
    }
    int sod = h * 3600 + m * 60 + sec;
    if (i == n) {
        *out = local_make(day, h, m, sec);
        return 0;
    }
    int64_t offset = 0;
    if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == n) {
        offset = 0;
    } else if (s[i] == '+' || s[i] == '-') {
        const char *z = s + i + 1;
        size_t zn = n - i - 1;
        int oh = digits(z, 2), om = zn == 5 && z[2] == ':' ? digits(z + 3, 2)
                                  : zn == 4 ? digits(z + 2, 2) : -1;
        if (oh < 0 || oh > 23 || om < 0 || om > 59)
            return -1;
        offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
    } else {
        return -1;
    }
    *out = (int64_t)day * 86400 + sod - offset;
    return 0;
}

int import_value_currency(const char *s, char out[4])
{
    size_t n;
    s = trim(s, &n);
    const char *cands[2] = { s, NULL };
    size_t lens[2] = { n, 0 };
    const char *dash = NULL;
    for (size_t i = 0; i + 3 <= n; i++)
        if (!memcmp(s + i, " - ", 3))
            dash = s + i;
    if (dash) {
        lens[0] = (size_t)(dash - s);
        cands[1] = dash + 3;
        lens[1] = n - lens[0] - 3;
    }
    for (int k = 1; k >= 0; k--) {
        if (!cands[k] || lens[k] != 3)
            continue;
        char iso[4] = { cands[k][0], cands[k][1], cands[k][2], '\0' };
        if (currency_valid(iso)) {
            memcpy(out, iso, 4);
            return 0;
        }
    }
    return -1;
}
