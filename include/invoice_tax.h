/* invoice_tax.h — tax on an invoice's lines, as Zoho computes it. Pure.
 *
 * The rule (Zoho's): each line's tax is its amount (Zoho's item_total, which tock makes equal
 * to the line's amount to the minor unit) × the tax's percentage, rounded half away from zero
 * to the currency's minor unit, once per line; the invoice's tax is the sum of its lines',
 * and its gross total the net total plus that. A tax-exempt line carries Zoho's exemption id
 * and no tax. Percentages have at most three decimals (8.875 %), held in thousandths.
 * How sure: Zoho's pages state no rounding rule; a Zoho forum thread shows the API taxing the
 * rounded line amount (10 % of 54.55 = 5.46), and per-line rounding is what the fake does. An
 * organization's "round off the total" preference (Zoho Books) would change the total: the
 * push's comparison of Zoho's total with the gross then says so. */
#ifndef TOCK_INVOICE_TAX_H
#define TOCK_INVOICE_TAX_H

#include <stddef.h>
#include <stdint.h>
#include "invoice.h"

/* The rule in one sentence, for --explain (the man page's BILLING says it at length). */
#define INVOICE_TAX_RULE "Tax: each line's amount × its tax's percentage, rounded half away " \
    "from zero once per line, as Zoho computes it; the invoice's tax is the lines' sum."

typedef struct tk_inv_tax {
    const char *name;          /* tock's name for it ("vat19"); "exempt" for an exemption */
    int32_t percent_milli;     /* 19 % = 19000; 0 when exempt */
    const char *zoho_tax_id;   /* Zoho's tax (or tax group) id; NULL: not known to Zoho yet */
    const char *exemption;     /* Zoho's tax exemption id when exempt, else NULL */
} tk_inv_tax;

/* "19", "8.875", "0", "19%" → thousandths of a percent (0 … 100000). -1 with err. */
int tax_parse_percent(const char *s, int32_t *milli, tk_err *err);
/* "19", "8.875": the shortest form. buf of 16 bytes; returns buf. */
char *tax_format_percent(int32_t milli, char *buf);

/* One line's tax: amount × percent_milli / 100000, half away from zero. -1 on overflow. */
int tax_of_amount(int64_t amount_minor, int32_t percent_milli, int64_t *out);

/* Sets each line's tax (hourly lines carry their entries' tax already, a milestone's line its
 * project's; retainer lines — fee, included and overage — get fee_tax, the client's) and
 * tax_minor, and the invoice's tax_minor and gross_minor. taxes[0 … n) are what tax indexes
 * (1-based) point at. -1 with err on an index out of range or overflow. */
int invoice_tax(tk_invoice *inv, const tk_inv_tax *taxes, size_t n, int fee_tax, tk_err *err);

#endif
