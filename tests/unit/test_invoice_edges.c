/* Edges of invoice.c that `make mutate` found untested (issue 23): the order of entries and
 * of a line's entry ids when they arrive neither by start nor by id. */
#include "test.h"
#include "invoice.h"

static tk_inv_entry one_hour(int64_t id, int64_t start)
{
    tk_inv_entry e;
    memset(&e, 0, sizeof e);
    e.entry_id = id;
    e.day = day_from_ymd(2026, 11, 3);
    e.start = start;
    e.project_key = "web";
    e.project_name = "Website";
    e.bill.billable = true;
    e.bill.nparts = 1;
    snprintf(e.bill.parts[0].tier, sizeof e.bill.parts[0].tier, "%s", TIER_STANDARD);
    e.bill.actual_seconds = e.bill.billed_seconds = 3600;
    e.bill.quantity_centi = 100;
    e.bill.amount_minor = 10000;
    tk_bill_part *p = &e.bill.parts[0];
    p->actual_seconds = p->billed_seconds = 3600;
    p->quantity_centi = 100;
    p->has_rate = true;
    p->rate_minor = 10000;
    p->amount_minor = 10000;
    return e;
}

/* Entries of one day arriving in no order (7 at 14:00, 8 and 6 at 09:00): per-entry lines
 * go by id, and a line's entry ids are listed in increasing order, once each. */
TEST(invoice_same_day_entries_in_no_order)
{
    int64_t nine = day_from_ymd(2026, 11, 3) * 86400LL + 9 * 3600;
    tk_inv_entry es[] = { one_hour(7, nine + 5 * 3600), one_hour(8, nine), one_hour(6, nine) };
    tk_inv_input in = { "EUR", es, 3, INV_BY_ENTRY, NULL, 0 };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 3);
    if (inv.nlines == 3) {
        CHECK_INT(inv.lines[0].entry_ids[0], 6);
        CHECK_INT(inv.lines[1].entry_ids[0], 7);
        CHECK_INT(inv.lines[2].entry_ids[0], 8);
    }
    invoice_clear(&inv);
    in.grouping = INV_BY_PROJECT;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 1);
    if (inv.nlines == 1) {
        CHECK_INT(inv.lines[0].nids, 3);
        CHECK_INT(inv.lines[0].entry_ids[0], 6);
        CHECK_INT(inv.lines[0].entry_ids[1], 7);
        CHECK_INT(inv.lines[0].entry_ids[2], 8);
    }
    CHECK_INT(inv.total_minor, 30000);
    CHECK_INT(inv.gross_minor, 30000);              /* untaxed: the gross is the total */
    invoice_clear(&inv);
}

/* A bill tock could not have made (negative time on the entry or on its first part) is
 * refused with a reason, never invoiced. */
TEST(invoice_refuses_negative_time)
{
    tk_inv_entry es[] = { one_hour(1, 0) };
    tk_inv_input in = { "EUR", es, 1, INV_BY_PROJECT, NULL, 0 };
    tk_invoice inv;
    tk_err err = { "" };
    es[0].bill.billed_seconds = -1;
    CHECK_INT(invoice_build(&in, &inv, &err), -1);
    CHECK(strstr(err.msg, "malformed bill") != NULL);
    es[0] = one_hour(1, 0);
    es[0].bill.parts[0].billed_seconds = -1;
    CHECK_INT(invoice_build(&in, &inv, &err), -1);
    CHECK(strstr(err.msg, "malformed bill") != NULL);
}

static tk_inv_entry priced(int64_t id, int64_t start, const char *tier, int64_t rate,
                           const char *ref)
{
    tk_inv_entry e = one_hour(id, start);
    snprintf(e.bill.parts[0].tier, sizeof e.bill.parts[0].tier, "%s", tier);
    e.bill.parts[0].rate_minor = rate;
    e.bill.parts[0].amount_minor = e.bill.amount_minor = rate;
    e.ref = ref;
    return e;
}

/* Lines of one key go in the order their rates were first used, by time of day and then by
 * id, not by id alone: entry 2 at 09:00 (120.00) comes before entry 1 at 14:00 (100.00);
 * entries 4 (110.00) and 3 (130.00) start together at 08:00, so 3 comes first. */
TEST(invoice_rates_in_order_of_first_use)
{
    int64_t day = day_from_ymd(2026, 11, 3) * 86400LL;
    tk_inv_entry es[] = { priced(1, day + 14 * 3600, TIER_STANDARD, 10000, NULL),
                          priced(2, day + 9 * 3600, TIER_STANDARD, 12000, NULL) };
    tk_inv_input in = { "EUR", es, 2, INV_BY_PROJECT, NULL, 0 };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 2);
    if (inv.nlines == 2) {
        CHECK_INT(inv.lines[0].rate_minor, 12000);
        CHECK_INT(inv.lines[1].rate_minor, 10000);
    }
    invoice_clear(&inv);
    tk_inv_entry same[] = { priced(4, day + 8 * 3600, TIER_STANDARD, 11000, NULL),
                            priced(3, day + 8 * 3600, TIER_STANDARD, 13000, NULL) };
    in.entries = same;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 2);
    if (inv.nlines == 2) {
        CHECK_INT(inv.lines[0].rate_minor, 13000);
        CHECK_INT(inv.lines[1].rate_minor, 11000);
    }
    invoice_clear(&inv);
    tk_inv_entry sorted[] = { same[1], same[0] };   /* the same, already in id order */
    in.entries = sorted;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 2);
    if (inv.nlines == 2)
        CHECK_INT(inv.lines[0].rate_minor, 13000);
    invoice_clear(&inv);
}

/* By ticket: one line per reference, tickets first and work without one last; other
 * groupings ignore the reference. */
TEST(invoice_by_ticket)
{
    int64_t day = day_from_ymd(2026, 11, 3) * 86400LL;
    tk_inv_entry es[] = { priced(1, day + 8 * 3600, TIER_STANDARD, 10000, NULL),
                          priced(2, day + 9 * 3600, TIER_STANDARD, 10000, "T-2"),
                          priced(3, day + 10 * 3600, TIER_STANDARD, 10000, "T-1") };
    tk_inv_input in = { "EUR", es, 3, INV_BY_TICKET, NULL, 0 };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 3);
    if (inv.nlines == 3) {
        CHECK_INT(inv.lines[0].entry_ids[0], 3);     /* T-1 */
        CHECK_INT(inv.lines[1].entry_ids[0], 2);     /* T-2 */
        CHECK_INT(inv.lines[2].entry_ids[0], 1);     /* no ticket: last */
    }
    invoice_clear(&inv);
    in.grouping = INV_BY_PROJECT;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 1);
    invoice_clear(&inv);
}

/* By tier: standard, after-hours, emergency, then other tiers by name, even one whose name
 * sorts before "emergency". */
TEST(invoice_tier_order)
{
    int64_t day = day_from_ymd(2026, 11, 3) * 86400LL;
    tk_inv_entry es[] = { priced(1, day + 8 * 3600, "call-out", 10000, NULL),
                          priced(2, day + 9 * 3600, TIER_EMERGENCY, 10000, NULL),
                          priced(3, day + 10 * 3600, TIER_STANDARD, 10000, NULL) };
    tk_inv_input in = { "EUR", es, 3, INV_BY_TIER, NULL, 0 };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 3);
    if (inv.nlines == 3) {
        CHECK_INT(inv.lines[0].entry_ids[0], 3);
        CHECK_INT(inv.lines[1].entry_ids[0], 2);
        CHECK_INT(inv.lines[2].entry_ids[0], 1);
    }
    invoice_clear(&inv);
}

/* A retainer without an overage rate: what went over is an overage line at 0.00, not a
 * second "included" line; and the included line carries the seconds behind it. */
TEST(invoice_retainer_overage_at_zero)
{
    tk_retainer_status s;
    memset(&s, 0, sizeof s);
    s.applicable = true;
    s.period_start = day_from_ymd(2026, 11, 1);
    s.period_end = day_from_ymd(2026, 11, 30);
    s.base_seconds = s.prepaid_seconds = 1800;
    tk_inv_entry es[] = { one_hour(1, 0) };
    es[0].bill.retainer = true;
    es[0].bill.period = s.period_start;
    es[0].bill.amount_minor = 0;
    tk_bill_part *p = &es[0].bill.parts[0];
    p->included_centi = 50;
    p->drawn_centi = 50;
    p->overage_rate_minor = 0;
    p->amount_minor = 0;
    tk_inv_input in = { "EUR", es, 1, INV_BY_PROJECT, &s, 1 };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 2);
    if (inv.nlines == 2) {
        CHECK_INT(inv.lines[0].kind, INV_LINE_INCLUDED);
        CHECK_INT(inv.lines[0].quantity_centi, 50);
        CHECK_INT(inv.lines[0].seconds, 1800);
        CHECK_INT(inv.lines[1].kind, INV_LINE_OVERAGE);
        CHECK_INT(inv.lines[1].quantity_centi, 50);
        CHECK_INT(inv.lines[1].amount_minor, 0);
    }
    invoice_clear(&inv);
}

/* Included and overage seconds are each part's share of its billed seconds, rounded to the
 * nearest: 3601 s of which 0.33 h included is 1188 s included and 2413 s over; a single
 * rolled-over second is still mentioned; two overage rates each name their rate. */
TEST(invoice_retainer_shares_and_texts)
{
    tk_retainer_status s;
    memset(&s, 0, sizeof s);
    s.applicable = true;
    s.period_start = day_from_ymd(2026, 11, 1);
    s.period_end = day_from_ymd(2026, 11, 30);
    s.base_seconds = 1188;
    s.rollover_seconds = 1;
    s.prepaid_seconds = 1189;
    tk_inv_entry es[] = { one_hour(1, 0), one_hour(2, 0) };
    for (int i = 0; i < 2; i++) {
        es[i].bill.retainer = true;
        es[i].bill.period = s.period_start;
    }
    tk_bill_part *p = &es[0].bill.parts[0];
    p->billed_seconds = es[0].bill.billed_seconds = 3601;
    p->quantity_centi = 100;
    p->included_centi = 33;
    p->overage_rate_minor = 12000;
    p->amount_minor = es[0].bill.amount_minor = 8040;
    p = &es[1].bill.parts[0];
    p->included_centi = 0;
    p->overage_rate_minor = 15000;
    p->amount_minor = es[1].bill.amount_minor = 15000;
    tk_inv_input in = { "EUR", es, 2, INV_BY_PROJECT, &s, 1 };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 3);
    if (inv.nlines == 3) {
        CHECK_INT(inv.lines[0].seconds, 1188);
        CHECK(strstr(inv.lines[0].description, "rolled over") != NULL);
        CHECK_INT(inv.lines[1].seconds, 2413);
        CHECK(strstr(inv.lines[1].description, " at 120.00/h") != NULL);
        CHECK(strstr(inv.lines[2].description, " at 150.00/h") != NULL);
    }
    invoice_clear(&inv);
}
