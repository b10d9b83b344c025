/* Fixed prices at their edges (tock.1 `project bill`, `report profit`; issue 23's survivors of
 * fixed.c and invoice_fixed.c): the smallest percentage, a percentage typed with blanks after
 * it, how a percentage reads on the invoice line, milestones without a project name or an
 * amount, a total past the largest amount, many milestones on one invoice, a cost rounded
 * down, and the margin of the smallest revenue. */
#include "test.h"
#include "fixed.h"
#include "invoice.h"

TEST(fixed_smallest_percentage_and_blanks)
{
    tk_err err = { "" };
    int32_t bp = 0;
    CHECK_INT(fixed_parse_pct("0.01%", &bp, &err), 1);     /* more than 0: the least is 0.01 */
    CHECK_INT(bp, 1);
    /* Blanks after the sign, as a shell quote may leave them; nothing follows the text. */
    char typed[8] = "40% ";
    bp = 0;
    CHECK_INT(fixed_parse_pct(typed, &bp, &err), 1);
    CHECK_INT(bp, 4000);
    char typed2[8] = "5 %\t ";
    CHECK_INT(fixed_parse_pct(typed2, &bp, &err), 1);
    CHECK_INT(bp, 500);
}

/* How a milestone's percentage reads on its line: whole percentages without decimals. */
TEST(fixed_percentage_shown_on_the_line)
{
    char buf[32];
    CHECK_STR(fixed_format_pct(100, buf), "1");
    CHECK_STR(fixed_format_pct(10000, buf), "100");
    CHECK_STR(fixed_format_pct(1000, buf), "10");
    CHECK_STR(fixed_format_pct(1050, buf), "10.5");
    CHECK_STR(fixed_format_pct(1, buf), "0.01");
    CHECK_STR(fixed_format_pct(10, buf), "0.1");
    CHECK_STR(fixed_format_pct(3333, buf), "33.33");
}

/* A cost is rate × time rounded half away from zero: one second at 40.00/h is 0.0111, 0.01;
 * 100 s is 1.111, 1.11. */
TEST(fixed_cost_rounds_down_below_half)
{
    int64_t c = -1;
    CHECK_INT(cost_of_seconds(4000, 1, &c), 0);
    CHECK_INT(c, 1);
    CHECK_INT(cost_of_seconds(4000, 100, &c), 0);
    CHECK_INT(c, 111);
}

/* Only the rates handed over count: the one past n is another user's stretch of the list. */
TEST(fixed_cost_rate_from_the_rates_given)
{
    tk_cost_rate r[] = {
        { .user_id = 2, .currency = "EUR", .amount_minor = 3000, .from = DAY_MIN },
        { .user_id = 2, .currency = "EUR", .amount_minor = 4000, .from = 20000 },
        { .user_id = 2, .currency = "EUR", .amount_minor = 9900, .from = 20100 },
    };
    CHECK_INT(cost_rate_find(r, 2, 2, "EUR", 20200)->amount_minor, 4000);
    CHECK_INT(cost_rate_find(r, 1, 2, "EUR", 20200)->amount_minor, 3000);
    CHECK(cost_rate_find(r, 0, 2, "EUR", 20200) == NULL);
}

/* Revenue of one minor unit and no cost: a margin of 100.00 %. */
TEST(fixed_margin_of_the_smallest_revenue)
{
    bool has = false;
    char buf[32];
    CHECK_INT(profit_bp(1, 1, &has), 10000);
    CHECK(has);
    CHECK_STR(profit_format_bp(profit_bp(1, 1, &has), buf), "100.00");
    CHECK_INT(profit_bp(-1, 1, &has), -10000);
    CHECK(has);
}

TEST(invoice_milestone_without_project_or_amount)
{
    tk_inv_milestone m[] = { { 5, "", "Design", 100, 1, 20000, 0 },
                             { 6, NULL, "Launch", 1, 0, 20001, 0 } };
    tk_inv_input in = { .currency = "EUR" };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(invoice_add_milestones(&inv, m, 2, &err), 0);
    CHECK_INT(inv.nlines, 2);
    CHECK_STR(inv.lines[0].description, "fixed price: Design (0.01% of the price)");
    CHECK_STR(inv.lines[1].description, "fixed price: Launch");
    CHECK_INT(inv.lines[1].amount_minor, 1);                 /* one cent bills */
    CHECK_INT(inv.total_minor, 101);
    invoice_clear(&inv);

    /* A milestone of no amount (or less) is refused, naming it. */
    tk_inv_milestone none[] = { { 7, "Site", "Nothing", 0, 0, 20000, 0 } };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(invoice_add_milestones(&inv, none, 1, &err), -1);
    CHECK(strstr(err.msg, "milestone 7 has no amount"));
    invoice_clear(&inv);
    none[0].amount_minor = -100;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(invoice_add_milestones(&inv, none, 1, &err), -1);
    CHECK(strstr(err.msg, "milestone 7 has no amount"));
    invoice_clear(&inv);
}

/* Milestones whose total passes the largest amount are refused, not wrapped around. */
TEST(invoice_milestones_past_the_largest_total)
{
    tk_inv_milestone m[] = { { 1, "Site", "All", INT64_MAX, 0, 20000, 0 },
                             { 2, "Site", "One more", 1, 0, 20000, 0 } };
    tk_inv_input in = { .currency = "EUR" };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(invoice_add_milestones(&inv, m, 2, &err), -1);
    CHECK(strstr(err.msg, "amount too large on 'Site: One more'"));
    invoice_clear(&inv);
}

/* Sixty milestones on one invoice: a line each, in order, every id kept. */
TEST(invoice_many_milestones)
{
    enum { N = 60 };
    tk_inv_milestone m[N];
    char notes[N][24];   /* "step " and any int: gcc -O1 checks the widest */
    for (int i = 0; i < N; i++) {
        snprintf(notes[i], sizeof notes[i], "step %d", i + 1);
        m[i] = (tk_inv_milestone){ 100 + i, "Site", notes[i], 1000 + i, 0, 20000, 0 };
    }
    tk_inv_input in = { .currency = "EUR" };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(invoice_add_milestones(&inv, m, 30, &err), 0);
    CHECK_INT(invoice_add_milestones(&inv, m + 30, N - 30, &err), 0);
    CHECK_INT(inv.nlines, N);
    CHECK_INT(inv.nmilestones, N);
    int64_t total = 0;
    for (int i = 0; i < N; i++) {
        char want[32];
        snprintf(want, sizeof want, "Site: step %d", i + 1);
        CHECK_STR(inv.lines[i].description, want);
        CHECK_INT(inv.lines[i].milestone_id, 100 + i);
        CHECK_INT(inv.milestone_ids[i], 100 + i);
        total += 1000 + i;
    }
    CHECK_INT(inv.total_minor, total);
    invoice_clear(&inv);
}
