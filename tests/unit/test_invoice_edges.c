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
