/* Taxes as tock.1 states them (`tax add --percent`, BILLING "Taxes"): a percentage from 0 to
 * 100 with at most three decimals, shown in its shortest form, and each invoice line's tax its
 * amount × the percentage rounded half away from zero once per line, as Zoho does; fee,
 * included and overage lines carry the client's tax. Written for issue 23's survivors. */
#include "test.h"
#include "invoice.h"
#include "invoice_tax.h"

static int32_t pct(const char *s)
{
    int32_t milli = -1;
    tk_err err = { "" };
    if (tax_parse_percent(s, &milli, &err))
        return -1;
    return milli;
}

TEST(tax_percent_as_typed)
{
    CHECK_INT(pct("19"), 19000);
    CHECK_INT(pct("19%"), 19000);
    CHECK_INT(pct("8.875"), 8875);
    CHECK_INT(pct("8.5"), 8500);          /* one decimal: 8.500, not 8.005 */
    CHECK_INT(pct("7.25"), 7250);
    CHECK_INT(pct("0.05"), 50);
    CHECK_INT(pct("9.99"), 9990);
    CHECK_INT(pct("10"), 10000);
    CHECK_INT(pct("0"), 0);
    CHECK_INT(pct("100"), 100000);
    CHECK_INT(pct("100.000"), 100000);
    CHECK_INT(pct("99.999"), 99999);
}

TEST(tax_percent_refusals)
{
    const char *bad[] = { "100.001", "100.1", "100.5", "101", "1000", "", "%", "19x",
                          "19%%", "8.8755", "-5", "abc" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int32_t milli = 12345;
        tk_err err = { "" };
        if (tax_parse_percent(bad[i], &milli, &err) != -1) {
            fprintf(stderr, "    accepted tax percentage '%s' as %d\n", bad[i], (int)milli);
            CHECK(!"a bad tax percentage is refused");
            continue;
        }
        CHECK(strstr(err.msg, "bad tax percentage"));
        CHECK(strstr(err.msg, bad[i]));
        CHECK_INT(milli, 12345);           /* nothing written */
    }
}

TEST(tax_percent_shown_shortest)
{
    char buf[16];
    CHECK_STR(tax_format_percent(19000, buf), "19");
    CHECK_STR(tax_format_percent(10000, buf), "10");      /* the integer's zeros stay */
    CHECK_STR(tax_format_percent(100000, buf), "100");
    CHECK_STR(tax_format_percent(0, buf), "0");
    CHECK_STR(tax_format_percent(8875, buf), "8.875");
    CHECK_STR(tax_format_percent(8870, buf), "8.87");
    CHECK_STR(tax_format_percent(8500, buf), "8.5");
    CHECK_STR(tax_format_percent(50, buf), "0.05");
    CHECK_STR(tax_format_percent(999, buf), "0.999");
    CHECK_STR(tax_format_percent(99999, buf), "99.999");
}

static char d_line[] = "a line", d_fee[] = "fee", d_included[] = "included",
            d_overage[] = "overage", d_hours[] = "hours", d_milestone[] = "Site: Design";

/* A hand-made invoice: lines of the given kinds, amounts and taxes, its net their sum. */
static void lines_of(tk_invoice *inv, tk_inv_line *l, size_t n)
{
    memset(inv, 0, sizeof *inv);
    memcpy(inv->currency, "EUR", 4);
    inv->lines = l;
    inv->nlines = n;
    for (size_t i = 0; i < n; i++) {
        if (!l[i].description)
            l[i].description = d_line;
        inv->total_minor += l[i].amount_minor;
    }
}

/* tock.1's examples: by entry, three lines of 33.00 at 8.875 % are 2.93 each (2.92875), 8.79;
 * one line of 99.00 is 8.79 too (8.78625). 19 % of 49.50 (9.405) + 175.50 (33.345) is 42.76 by
 * entry, 42.75 as one line of 225.00. The first line is taxed like the others. */
TEST(tax_rounds_each_line_half_away_from_zero)
{
    const tk_inv_tax taxes[] = { { "vat19", 19000, "1", NULL }, { "ny", 8875, "2", NULL } };
    tk_inv_line ny[3] = { { .amount_minor = 3300, .tax = 2 }, { .amount_minor = 3300, .tax = 2 },
                          { .amount_minor = 3300, .tax = 2 } };
    tk_invoice inv;
    tk_err err = { "" };
    lines_of(&inv, ny, 3);
    CHECK_INT(invoice_tax(&inv, taxes, 2, 0, &err), 0);
    for (int i = 0; i < 3; i++)
        CHECK_INT(ny[i].tax_minor, 293);
    CHECK_INT(inv.tax_minor, 879);
    CHECK_INT(inv.gross_minor, 9900 + 879);

    tk_inv_line one = { .amount_minor = 9900, .tax = 2 };
    lines_of(&inv, &one, 1);
    CHECK_INT(invoice_tax(&inv, taxes, 2, 0, &err), 0);
    CHECK_INT(one.tax_minor, 879);

    tk_inv_line two[2] = { { .amount_minor = 4950, .tax = 1 }, { .amount_minor = 17550, .tax = 1 } };
    lines_of(&inv, two, 2);
    CHECK_INT(invoice_tax(&inv, taxes, 2, 0, &err), 0);
    CHECK_INT(two[0].tax_minor, 941);      /* 9.405 → 9.41 */
    CHECK_INT(two[1].tax_minor, 3335);     /* 33.345 → 33.35 */
    CHECK_INT(inv.tax_minor, 4276);
    CHECK_INT(inv.gross_minor, 22500 + 4276);
    tk_inv_line whole = { .amount_minor = 22500, .tax = 1 };
    lines_of(&inv, &whole, 1);
    CHECK_INT(invoice_tax(&inv, taxes, 2, 0, &err), 0);
    CHECK_INT(inv.tax_minor, 4275);

    /* Below the half it rounds down: 19 % of 10.01 is 1.9019, 1.90; of 100000.00, 19000.00. */
    tk_inv_line more[2] = { { .amount_minor = 1001, .tax = 1 }, { .amount_minor = 10000000, .tax = 1 } };
    lines_of(&inv, more, 2);
    CHECK_INT(invoice_tax(&inv, taxes, 2, 0, &err), 0);
    CHECK_INT(more[0].tax_minor, 190);
    CHECK_INT(more[1].tax_minor, 1900000);
    CHECK_INT(inv.tax_minor, 1900190);
}

/* The fee, included and overage lines carry the client's tax (fee_tax) whatever they held; an
 * hourly line keeps its entries' tax (here the project's 7 %), a milestone's line its
 * project's (none here). */
TEST(tax_retainer_lines_carry_the_clients_tax)
{
    const tk_inv_tax taxes[] = { { "vat19", 19000, "1", NULL }, { "vat7", 7000, "2", NULL } };
    tk_inv_line l[5] = {
        { .kind = INV_LINE_FEE, .amount_minor = 200000, .tax = 0, .description = d_fee },
        { .kind = INV_LINE_INCLUDED, .amount_minor = 0, .tax = 2, .description = d_included },
        { .kind = INV_LINE_OVERAGE, .amount_minor = 15050, .tax = 2, .description = d_overage },
        { .kind = INV_LINE_HOURS, .amount_minor = 10000, .tax = 2, .description = d_hours },
        { .kind = INV_LINE_FIXED, .amount_minor = 50000, .tax = 0, .description = d_milestone },
    };
    tk_invoice inv;
    tk_err err = { "" };
    lines_of(&inv, l, 5);
    CHECK_INT(invoice_tax(&inv, taxes, 2, 1, &err), 0);
    CHECK_INT(l[0].tax, 1);
    CHECK_INT(l[0].tax_minor, 38000);
    CHECK_INT(l[1].tax, 1);
    CHECK_INT(l[1].tax_minor, 0);
    CHECK_INT(l[2].tax, 1);
    CHECK_INT(l[2].tax_minor, 2860);       /* 28.595 → 28.60 */
    CHECK_INT(l[3].tax, 2);
    CHECK_INT(l[3].tax_minor, 700);
    CHECK_INT(l[4].tax, 0);
    CHECK_INT(l[4].tax_minor, 0);
    CHECK_INT(inv.tax_minor, 38000 + 2860 + 700);
    CHECK_INT(inv.gross_minor, 275050 + 41560);

    /* No client tax: the retainer lines go untaxed. */
    l[0].tax = 2;
    lines_of(&inv, l, 5);
    CHECK_INT(invoice_tax(&inv, taxes, 2, 0, &err), 0);
    CHECK_INT(l[0].tax, 0);
    CHECK_INT(l[0].tax_minor, 0);
    CHECK_INT(inv.tax_minor, 700);
}

TEST(tax_unknown_on_a_line_is_refused)
{
    const tk_inv_tax taxes[] = { { "vat19", 19000, "1", NULL } };
    tk_inv_line l[2] = { { .amount_minor = 1000, .tax = 1, .description = d_line },
                         { .amount_minor = 1000, .tax = 2, .description = d_milestone } };
    tk_invoice inv;
    tk_err err = { "" };
    lines_of(&inv, l, 2);
    CHECK_INT(invoice_tax(&inv, taxes, 1, 0, &err), -1);
    CHECK(strstr(err.msg, "line 'Site: Design' has an unknown tax"));
    l[1].tax = -1;
    lines_of(&inv, l, 2);
    CHECK_INT(invoice_tax(&inv, taxes, 1, 0, &err), -1);
    CHECK(strstr(err.msg, "unknown tax"));
}
