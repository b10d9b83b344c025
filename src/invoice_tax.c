/* invoice_tax.c — per-line tax, rounded as Zoho rounds it (invoice_tax.h). */
#include "invoice_tax.h"

#include <stdio.h>
#include <string.h>

int tax_parse_percent(const char *s, int32_t *milli, tk_err *err)
{
    int64_t whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9' && fdigits < 3; p++, fdigits++)
            frac = frac * 10 + (*p - '0');
    for (int i = fdigits; i < 3; i++)
        frac *= 10;
    if (*p == '%')
        p++;
    if (!digits || *p || whole * 1000 + frac > 100000)
        return tk_fail(err, "bad tax percentage '%s' (expected 0 to 100, at most 3 decimals, "
                       "e.g. 19 or 8.875)", s);
    *milli = (int32_t)(whole * 1000 + frac);
    return 0;
}

char *tax_format_percent(int32_t milli, char *buf)
{
    snprintf(buf, 16, "%d.%03d", (int)(milli / 1000), (int)(milli % 1000));
    char *end = buf + strlen(buf) - 1;
    while (*end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
    return buf;
}

int tax_of_amount(int64_t amount_minor, int32_t percent_milli, int64_t *out)
{
    return tk_muldiv_round(amount_minor, percent_milli, 100000, out);
}

int invoice_tax(tk_invoice *inv, const tk_inv_tax *taxes, size_t n, int fee_tax, tk_err *err)
{
    inv->tax_minor = 0;
    for (size_t i = 0; i < inv->nlines; i++) {
        tk_inv_line *l = &inv->lines[i];
        if (l->kind != INV_LINE_HOURS && l->kind != INV_LINE_FIXED)
            l->tax = fee_tax;
        l->tax_minor = 0;
        if (l->tax < 0 || (size_t)l->tax > n)
            return tk_fail(err, "invoice: line '%s' has an unknown tax", l->description);
        if (l->tax && (tax_of_amount(l->amount_minor, taxes[l->tax - 1].percent_milli,
                                     &l->tax_minor) ||
                       tk_add64(inv->tax_minor, l->tax_minor, &inv->tax_minor)))
            return tk_fail(err, "invoice: tax too large on '%s'", l->description);
    }
    if (tk_add64(inv->total_minor, inv->tax_minor, &inv->gross_minor))
        return tk_fail(err, "invoice: total too large");
    return 0;
}
