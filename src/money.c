/* money.c — decimal text ↔ integer minor units. */
#include "money.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int currency_valid(const char *iso)
{
    return iso && strlen(iso) == 3 && isupper((unsigned char)iso[0]) &&
           isupper((unsigned char)iso[1]) && isupper((unsigned char)iso[2]);
}

int currency_exponent(const char *iso)
{
    static const char *const zero[] = { "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
                                        "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF",
                                        "XPF" };
    static const char *const three[] = { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND" };
    for (size_t i = 0; i < TK_ARRAY_LEN(zero); i++)
        if (tk_streq(iso, zero[i]))
            return 0;
    for (size_t i = 0; i < TK_ARRAY_LEN(three); i++)
        if (tk_streq(iso, three[i]))
            return 3;
    return 2;
}

/* Digits with an optional point and at most max_frac decimals, scaled by 10^max_frac. */
static int parse_decimal(const char *s, int max_frac, int64_t limit, int64_t *out)
{
    int64_t v = 0;
    int digits = 0, frac = -1;
    for (; *s; s++) {
        if (*s == '.' && frac < 0) {
            frac = 0;
            continue;
        }
        if (!isdigit((unsigned char)*s))
            return -1;
        if (frac >= 0 && ++frac > max_frac)
            return -2;
        v = v * 10 + (*s - '0');
        digits++;
        if (v > limit)
            return -3;
    }
    if (!digits || frac == 0)
        return -1;
    for (int i = frac < 0 ? 0 : frac; i < max_frac; i++) {
        v *= 10;
        if (v > limit)
            return -3;
    }
    *out = v;
    return 0;
}

int money_parse(const char *s, int exponent, int64_t *minor, tk_err *err)
{
    if (!s || !*s)
        return tk_fail(err, "empty amount");
    if (*s == '-')
        return tk_fail(err, "negative amount '%s'", s);
    switch (parse_decimal(s, exponent, MONEY_MAX, minor)) {
    case 0:
        return 0;
    case -2:
        return tk_fail(err, "amount '%s' has more than %d decimals", s, exponent);
    case -3:
        return tk_fail(err, "amount '%s' is too large", s);
    default:
        return tk_fail(err, "bad amount '%s' (expected e.g. 150 or 150.00)", s);
    }
}

char *money_format(int64_t minor, int exponent, char *buf)
{
    uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t scale = 1;
    for (int i = 0; i < exponent; i++)
        scale *= 10;
    if (exponent == 0)
        snprintf(buf, 32, "%s%" PRIu64, minor < 0 ? "-" : "", a);
    else
        snprintf(buf, 32, "%s%" PRIu64 ".%0*" PRIu64, minor < 0 ? "-" : "", a / scale, exponent,
                 a % scale);
    return buf;
}

int permille_parse(const char *s, int32_t *permille, tk_err *err)
{
    int64_t v;
    if (!s || parse_decimal(s, 3, 100000, &v) || v == 0 || v > 100000)
        return tk_fail(err, "bad multiplier '%s' (expected a number such as 1.5)", s ? s : "");
    *permille = (int32_t)v;
    return 0;
}
