/* fixed.c — milestones of a fixed price, cost rates and margins: the arithmetic, no I/O. */
#include "fixed.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

void tk_milestone_clear(tk_milestone *m)
{
    free(m->project);
    free(m->note);
    memset(m, 0, sizeof *m);
}

void tk_cost_rate_clear(tk_cost_rate *r)
{
    free(r->user);
    memset(r, 0, sizeof *r);
}

int fixed_parse_pct(const char *s, int32_t *bp, tk_err *err)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n || s[n - 1] != '%')
        return 0;
    char *num = xstrndup(s, n - 1);
    size_t m = strlen(num);
    while (m && isspace((unsigned char)num[m - 1]))
        num[--m] = '\0';
    int64_t v;
    tk_err ignored;
    /* A percentage is a number with at most two decimals: the money parser with exponent 2. */
    int rc = money_parse(num, 2, &v, &ignored);
    free(num);
    if (rc || v <= 0)
        return tk_fail(err, "bad percentage '%s' (expected e.g. 40%% or 12.5%%, more than 0)", s);
    if (v > 10000)
        return tk_fail(err, "a percentage over 100%% ('%s') bills more than the price", s);
    *bp = (int32_t)v;
    return 1;
}

int fixed_pct_amount(int64_t price_minor, int32_t bp, int64_t *amount)
{
    return tk_muldiv_round(price_minor, bp, 10000, amount);
}

int fixed_check_fits(int64_t price_minor, int64_t billed_minor, int64_t amount_minor,
                     int exponent, const char *currency, tk_err *err)
{
    int64_t after;
    char a[40], b[40], c[40], d[40];
    if (tk_add64(billed_minor, amount_minor, &after) || after > price_minor)
        return tk_fail(err, "%s %s would bill beyond the price: %s %s of %s billed, %s left "
                       "(--force bills it anyway)", money_format(amount_minor, exponent, a),
                       currency, money_format(billed_minor, exponent, b), currency,
                       money_format(price_minor, exponent, c),
                       money_format(price_minor - billed_minor, exponent, d));
    return 0;
}

const tk_cost_rate *cost_rate_find(const tk_cost_rate *rates, size_t n, int64_t user_id,
                                   const char *currency, tk_day day)
{
    const tk_cost_rate *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const tk_cost_rate *r = &rates[i];
        if (r->user_id != user_id || strcmp(r->currency, currency) || r->from > day)
            continue;
        if (!best || r->from > best->from)
            best = r;
    }
    return best;
}

int cost_of_seconds(int64_t rate_minor, int64_t seconds, int64_t *cost)
{
    return tk_muldiv_round(rate_minor, seconds, 3600, cost);
}

int64_t profit_bp(int64_t part, int64_t whole, bool *has)
{
    int64_t bp = 0;
    *has = whole != 0 && tk_muldiv_round(part, 10000, whole, &bp) == 0;
    return *has ? bp : 0;
}

char *profit_format_bp(int64_t bp, char *buf)
{
    return money_format(bp, 2, buf);
}

char *fixed_format_pct(int32_t bp, char *buf)
{
    money_format(bp, 2, buf);
    size_t n = strlen(buf);
    if (n > 3 && !strcmp(buf + n - 3, ".00"))
        buf[n - 3] = '\0';
    else if (n > 1 && buf[n - 1] == '0' && strchr(buf, '.'))
        buf[n - 1] = '\0';
    return buf;
}
