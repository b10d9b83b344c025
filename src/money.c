/* money.c — decimal text ↔ integer minor units. */
#include "money.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ISO 4217's current codes and their minor units (List One; funds and metals without minor
 * units, such as XAU or XDR, are left out: no one bills in them). Sorted by code. */
static const struct iso4217 {
    char code[4];
    int exponent;
} iso4217[] = {
    { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 },
    { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 },
    { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 },
    { "BOB", 2 }, { "BOV", 2 }, { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 },
    { "BYN", 2 }, { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
    { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 }, { "COU", 2 },
    { "CRC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 },
    { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 },
    { "FJD", 2 }, { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 },
    { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 }, { "HNL", 2 },
    { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 }, { "IQD", 3 },
    { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 }, { "KES", 2 },
    { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 },
    { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 },
    { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 }, { "MKD", 2 },
    { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 }, { "MVR", 2 },
    { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 },
    { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 },
    { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 },
    { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 },
    { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 }, { "SGD", 2 },
    { "SHP", 2 }, { "SLE", 2 }, { "SLL", 2 }, { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 },
    { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 },
    { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 },
    { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 },
    { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 }, { "VND", 0 },
    { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 },
    { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 }, { "ZWL", 2 },
};

static int cmp_code(const void *key, const void *elt)
{
    return strcmp(key, ((const struct iso4217 *)elt)->code);
}

static const struct iso4217 *currency_find(const char *iso)
{
    if (!iso || strlen(iso) != 3)
        return NULL;
    return bsearch(iso, iso4217, TK_ARRAY_LEN(iso4217), sizeof iso4217[0], cmp_code);
}

int currency_valid(const char *iso)
{
    return currency_find(iso) != NULL;
}

int currency_exponent(const char *iso)
{
    const struct iso4217 *c = currency_find(iso);
    return c ? c->exponent : 2;
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

/* Digits written by hand, not snprintf: a month's JSON formats two quantities per entry. */
char *money_format(int64_t minor, int exponent, char *buf)
{
    uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    char tmp[48], *p = tmp + sizeof tmp;
    *--p = '\0';
    for (int i = 0; i < exponent; i++, a /= 10)
        *--p = (char)('0' + a % 10);
    if (exponent > 0)
        *--p = '.';
    do
        *--p = (char)('0' + a % 10);
    while (a /= 10);
    if (minor < 0)
        *--p = '-';
    memcpy(buf, p, (size_t)(tmp + sizeof tmp - p));
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
