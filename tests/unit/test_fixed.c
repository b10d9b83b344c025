/* Issue 18's arithmetic: percentages of a price, the fit under it, cost rates by day and
 * currency, basis points rounded half away from zero, and milestone lines on an invoice. */
#include "test.h"
#include "fixed.h"
#include "invoice.h"
#include "invoice_tax.h"

TEST(fixed_percentages)
{
    tk_err err;
    int32_t bp = 0;
    CHECK_INT(fixed_parse_pct("40%", &bp, &err), 1);
    CHECK_INT(bp, 4000);
    CHECK_INT(fixed_parse_pct("12.5 %", &bp, &err), 1);
    CHECK_INT(bp, 1250);
    CHECK_INT(fixed_parse_pct("100%", &bp, &err), 1);
    CHECK_INT(bp, 10000);
    CHECK_INT(fixed_parse_pct("100.01%", &bp, &err), -1);
    CHECK(strstr(err.msg, "over 100%"));
    CHECK_INT(fixed_parse_pct("0%", &bp, &err), -1);
    CHECK_INT(fixed_parse_pct("-5%", &bp, &err), -1);
    CHECK_INT(fixed_parse_pct("1.234%", &bp, &err), -1);
    CHECK_INT(fixed_parse_pct("40", &bp, &err), 0);      /* an amount, not a percentage */
    char buf[32];
    CHECK_STR(fixed_format_pct(4000, buf), "40");
    CHECK_STR(fixed_format_pct(1250, buf), "12.5");
    CHECK_STR(fixed_format_pct(25, buf), "0.25");
}

TEST(fixed_amounts_round_half_away_from_zero)
{
    int64_t a;
    CHECK_INT(fixed_pct_amount(500000, 4000, &a), 0);
    CHECK_INT(a, 200000);
    CHECK_INT(fixed_pct_amount(333, 5000, &a), 0);       /* 166.5 → 167 */
    CHECK_INT(a, 167);
    CHECK_INT(fixed_pct_amount(333, 1, &a), 0);          /* 0.0333 → 0 */
    CHECK_INT(a, 0);
    tk_err err;
    CHECK_INT(fixed_check_fits(500000, 350000, 150000, 2, "EUR", &err), 0);
    CHECK_INT(fixed_check_fits(500000, 350000, 150001, 2, "EUR", &err), -1);
    CHECK(strstr(err.msg, "1500.00 left"));
    CHECK_INT(fixed_check_fits(INT64_MAX, INT64_MAX, 1, 2, "EUR", &err), -1);
}

TEST(cost_rates_by_day_and_currency)
{
    tk_cost_rate r[] = {
        { .user_id = 2, .currency = "EUR", .amount_minor = 5000, .from = 20000 },
        { .user_id = 2, .currency = "EUR", .amount_minor = 3000, .from = DAY_MIN },
        { .user_id = 2, .currency = "USD", .amount_minor = 7000, .from = DAY_MIN },
        { .user_id = 3, .currency = "EUR", .amount_minor = 4000, .from = DAY_MIN },
    };
    CHECK_INT(cost_rate_find(r, 4, 2, "EUR", 19999)->amount_minor, 3000);
    CHECK_INT(cost_rate_find(r, 4, 2, "EUR", 20000)->amount_minor, 5000);
    CHECK_INT(cost_rate_find(r, 4, 2, "USD", 20000)->amount_minor, 7000);
    CHECK(cost_rate_find(r, 4, 2, "JPY", 20000) == NULL);
    CHECK(cost_rate_find(r, 4, 4, "EUR", 20000) == NULL);
    int64_t c;
    CHECK_INT(cost_of_seconds(4000, 5400, &c), 0);      /* 1.5 h × 40.00 */
    CHECK_INT(c, 6000);
    CHECK_INT(cost_of_seconds(1, 1800, &c), 0);         /* 0.5 → 1 */
    CHECK_INT(c, 1);
}

TEST(profit_basis_points)
{
    bool has;
    CHECK_INT(profit_bp(362000, 474000, &has), 7637);
    CHECK(has);
    CHECK_INT(profit_bp(-26000, 30000, &has), -8667);   /* −0.866666… away from zero */
    CHECK_INT(profit_bp(1, 20000, &has), 1);            /* 0.5 bp → 1 */
    CHECK_INT(profit_bp(-1, 20000, &has), -1);
    CHECK_INT(profit_bp(5, 0, &has), 0);
    CHECK(!has);
    char buf[32];
    CHECK_STR(profit_format_bp(-8667, buf), "-86.67");
}

TEST(invoice_milestone_lines)
{
    tk_inv_milestone m[] = { { 7, "Site", "Design", 200000, 4000, 20000, 0 },
                             { 9, "Site", "Extra", 12345, 0, 20001, 1 } };
    tk_inv_input in = { .currency = "EUR" };
    tk_invoice inv;
    tk_err err;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(invoice_add_milestones(&inv, m, 2, &err), 0);
    CHECK_INT(inv.nlines, 2);
    CHECK_STR(inv.lines[0].description, "Site: Design (40% of the price)");
    CHECK_STR(inv.lines[1].description, "Site: Extra");
    CHECK_INT(inv.lines[1].send_rate_minor, 12345);
    CHECK_INT(inv.lines[1].send_quantity_centi, 100);
    CHECK_INT(inv.lines[1].kind, INV_LINE_FIXED);
    CHECK_INT(inv.total_minor, 212345);
    CHECK_INT(inv.nmilestones, 2);
    CHECK_INT(inv.milestone_ids[1], 9);
    CHECK_INT(inv.nids, 0);
    /* A milestone's line keeps its project's tax; the client's (fee_tax) is for retainer
     * lines: 19 % of 123.45 is 23.4555, 23.46 once per line. */
    const tk_inv_tax vat[] = { { "vat19", 19000, "1", NULL } };
    CHECK_INT(invoice_tax(&inv, vat, 1, 1, &err), 0);
    CHECK_INT(inv.lines[0].tax, 0);
    CHECK_INT(inv.lines[0].tax_minor, 0);
    CHECK_INT(inv.lines[1].tax, 1);
    CHECK_INT(inv.lines[1].tax_minor, 2346);
    CHECK_INT(inv.gross_minor, 212345 + 2346);
    invoice_clear(&inv);
}
