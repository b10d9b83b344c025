#include "test.h"
#include "invoice.h"

#include <stdlib.h>

#define M 60
#define H 3600
#define AH TIER_AFTER_HOURS
#define ST TIER_STANDARD
#define NOV(d) day_from_ymd(2026, 11, d)

/* ---- building inputs ---- */

struct p { const char *tier; int64_t billed, rate; int has_rate; };

static tk_inv_entry mk(int64_t id, int nov_day, const char *pkey, const char *pname,
                       const char *note, int billable, int nparts, const struct p *parts)
{
    tk_inv_entry e;
    memset(&e, 0, sizeof e);
    e.entry_id = id;
    e.day = NOV(nov_day);
    e.project_key = pkey;
    e.project_name = pname;
    e.note = note;
    e.bill.billable = billable;
    e.bill.nparts = nparts;
    for (int i = 0; i < nparts; i++) {
        tk_bill_part *bp = &e.bill.parts[i];
        snprintf(bp->tier, sizeof bp->tier, "%s", parts[i].tier);
        bp->actual_seconds = bp->billed_seconds = parts[i].billed;
        bp->has_rate = parts[i].has_rate;
        bp->rate_minor = parts[i].rate;
        int64_t sum;   /* totals as bill_entry keeps them; the huge test values only matter per part */
        if (!tk_add64(e.bill.billed_seconds, parts[i].billed, &sum))
            e.bill.billed_seconds = e.bill.actual_seconds = sum;
    }
    /* Hundredths and money as bill_entry makes them: the entry's q divided among its parts. */
    int64_t w[BILL_MAX_PARTS] = { 0 }, q[BILL_MAX_PARTS] = { 0 };
    for (int i = 0; i < nparts; i++)
        w[i] = parts[i].billed > 0 ? parts[i].billed : 0;
    e.bill.quantity_centi = bill_centi(e.bill.billed_seconds);
    bill_divide(e.bill.quantity_centi, w, nparts, q);
    for (int i = 0; i < nparts; i++) {
        tk_bill_part *bp = &e.bill.parts[i];
        bp->quantity_centi = q[i];
        if (tk_muldiv_round(parts[i].rate, q[i], 100, &bp->amount_minor))
            bp->amount_minor = 0;
        int64_t sum;
        if (!tk_add64(e.bill.amount_minor, bp->amount_minor, &sum))
            e.bill.amount_minor = sum;
    }
    return e;
}

/* A small month of work on two projects. */
static void pool(tk_inv_entry *es, size_t *n)
{
    static const struct p e1[] = { { ST, 90 * M, 10000, 1 } };
    static const struct p e2[] = { { ST, 30 * M, 10000, 1 }, { AH, 60 * M, 15000, 1 } };
    static const struct p e3[] = { { ST, 15 * M, 10000, 1 } };
    static const struct p e4[] = { { ST, 5 * H, 10000, 1 } };          /* not billable */
    static const struct p e5[] = { { ST, 0, 10000, 1 } };              /* rounded to nothing */
    size_t k = 0;
    es[k++] = mk(3, 3, "app", "App", NULL, 1, 1, e3);   /* out of order on purpose */
    es[k++] = mk(1, 2, "web", "Website", "Landing page", 1, 1, e1);
    es[k++] = mk(2, 3, "web", "Website", NULL, 1, 2, e2);
    es[k++] = mk(4, 4, "web", "Website", NULL, 0, 1, e4);
    es[k++] = mk(5, 5, "web", "Website", NULL, 1, 1, e5);
    *n = k;
}

/* ---- checking outputs ---- */

struct want { const char *desc; int64_t qc, rate, amount; const char *ids; inv_line_kind kind; };

static void ids_text(const tk_inv_line *l, char *buf, size_t size)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < l->nids && off < size; i++)
        off += (size_t)snprintf(buf + off, size - off, "%s%lld", i ? "," : "", (long long)l->entry_ids[i]);
}

/* Lines as wanted; and the total is the sum of the lines. */
static void check_invoice(const tk_invoice *inv, const struct want *w, size_t n, int64_t total)
{
    int64_t sum = 0;
    CHECK_INT(inv->nlines, n);
    for (size_t i = 0; i < inv->nlines; i++) {
        const tk_inv_line *l = &inv->lines[i];
        sum += l->amount_minor;
        /* What Zoho is sent multiplies out to the line's amount exactly. */
        CHECK_INT((__extension__(__int128)l->send_rate_minor * l->send_quantity_centi) % 100, 0);
        CHECK_INT((__extension__(__int128)l->send_rate_minor * l->send_quantity_centi) / 100, l->amount_minor);
        CHECK_INT(l->lump, l->send_quantity_centi != l->quantity_centi ||
                           l->send_rate_minor != l->rate_minor);
        if (i >= n)
            continue;
        char ids[256];
        ids_text(l, ids, sizeof ids);
        CHECK_STR(l->description, w[i].desc);
        CHECK_INT(l->quantity_centi, w[i].qc);
        CHECK_INT(l->rate_minor, w[i].rate);
        CHECK_INT(l->amount_minor, w[i].amount);
        CHECK_STR(ids, w[i].ids);
        CHECK_INT(l->kind, w[i].kind);
    }
    CHECK_INT(inv->total_minor, sum);
    CHECK_INT(inv->total_minor, total);
}

static const struct want by_project_tier[] = {
    { "App (standard)", 25, 10000, 2500, "3", INV_LINE_HOURS },
    { "Website (standard)", 200, 10000, 20000, "1,2", INV_LINE_HOURS },
    { "Website (after-hours)", 100, 15000, 15000, "2", INV_LINE_HOURS },
};
static const struct want by_project[] = {
    { "App", 25, 10000, 2500, "3", INV_LINE_HOURS },
    { "Website at 100.00/h", 200, 10000, 20000, "1,2", INV_LINE_HOURS },
    { "Website at 150.00/h", 100, 15000, 15000, "2", INV_LINE_HOURS },
};
static const struct want by_tier[] = {
    { "standard", 225, 10000, 22500, "1,2,3", INV_LINE_HOURS },
    { "after-hours", 100, 15000, 15000, "2", INV_LINE_HOURS },
};
static const struct want by_day[] = {
    { "2026-11-02", 150, 10000, 15000, "1", INV_LINE_HOURS },
    { "2026-11-03 at 100.00/h", 75, 10000, 7500, "2,3", INV_LINE_HOURS },
    { "2026-11-03 at 150.00/h", 100, 15000, 15000, "2", INV_LINE_HOURS },
};
static const struct want by_entry[] = {
    { "2026-11-02 Website: Landing page", 150, 10000, 15000, "1", INV_LINE_HOURS },
    { "2026-11-03 Website", 50, 10000, 5000, "2", INV_LINE_HOURS },
    { "2026-11-03 Website (after-hours)", 100, 15000, 15000, "2", INV_LINE_HOURS },
    { "2026-11-03 App", 25, 10000, 2500, "3", INV_LINE_HOURS },
};

TEST(invoice_groupings_table)
{
    static const struct {
        inv_grouping g; const struct want *w; size_t n;
    } cases[] = {
        { INV_BY_PROJECT_TIER, by_project_tier, 3 }, { INV_BY_PROJECT, by_project, 3 },
        { INV_BY_TIER, by_tier, 2 }, { INV_BY_DAY, by_day, 3 }, { INV_BY_ENTRY, by_entry, 4 },
    };
    tk_inv_entry es[8];
    size_t n;
    pool(es, &n);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tk_inv_input in = { "EUR", es, n, cases[i].g, NULL, 0 };
        tk_invoice inv;
        tk_err err = { "" };
        int before = t_failed_checks;
        CHECK_INT(invoice_build(&in, &inv, &err), 0);
        CHECK_STR(inv.currency, "EUR");
        check_invoice(&inv, cases[i].w, cases[i].n, 37500);
        /* Every billable entry is covered, the zero-billed one too; the non-billable is not. */
        CHECK_INT(inv.nids, 4);
        CHECK_INT(inv.entry_ids[0], 1);
        CHECK_INT(inv.entry_ids[3], 5);
        CHECK(!inv.missing_rate);
        if (t_failed_checks != before)
            fprintf(stderr, "    grouping %s\n", inv_grouping_name(cases[i].g));
        invoice_clear(&inv);
    }
}

TEST(invoice_line_keys)
{
    tk_inv_entry es[8];
    size_t n;
    pool(es, &n);
    tk_inv_input in = { "EUR", es, n, INV_BY_PROJECT_TIER, NULL, 0 };
    tk_invoice inv;
    tk_err err;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_STR(inv.lines[0].project_key, "app");
    CHECK_STR(inv.lines[2].tier, AH);
    CHECK_INT(inv.lines[1].first_day, NOV(2));
    CHECK_INT(inv.lines[1].last_day, NOV(3));
    CHECK_INT(inv.lines[1].seconds, 2 * H);
    invoice_clear(&inv);
    in.grouping = INV_BY_DAY;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK(inv.lines[0].project_key == NULL);
    CHECK(inv.lines[0].tier == NULL);
    invoice_clear(&inv);
    in.grouping = INV_BY_TIER;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK(inv.lines[0].project_key == NULL);
    CHECK_STR(inv.lines[0].tier, ST);
    invoice_clear(&inv);
}

TEST(invoice_rate_change_mid_period)
{
    static const struct p old1[] = { { ST, 2 * H, 10000, 1 } }, new1[] = { { ST, 1 * H, 12000, 1 } };
    static const struct p old2[] = { { ST, 30 * M, 10000, 1 } };
    static const struct p last[] = { { ST, 15 * M, 12000, 1 } };
    tk_inv_entry es[] = {
        mk(10, 20, "web", "Website", NULL, 1, 1, new1),
        mk(11, 1, "web", "Website", NULL, 1, 1, old1),   /* first day of the month */
        mk(12, 12, "web", "Website", NULL, 1, 1, old2),
        mk(13, 30, "web", "Website", NULL, 1, 1, last),  /* last day of the month */
    };
    static const struct want w[] = {
        { "Website (standard), 2026-11-01 to 2026-11-12", 250, 10000, 25000, "11,12", INV_LINE_HOURS },
        { "Website (standard), 2026-11-20 to 2026-11-30", 125, 12000, 15000, "10,13", INV_LINE_HOURS },
    };
    tk_inv_input in = { "EUR", es, 4, INV_BY_PROJECT_TIER, NULL, 0 };
    tk_invoice inv;
    tk_err err;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    check_invoice(&inv, w, 2, 40000);
    invoice_clear(&inv);
    /* A single day at the new rate reads as one date. */
    in.nentries = 3;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_STR(inv.lines[1].description, "Website (standard), 2026-11-20");
    invoice_clear(&inv);
}

TEST(invoice_quantity_and_amount_rounding)
{
    static const struct { int64_t seconds, qc; } q[] = {
        { 0, 0 }, { 17, 0 }, { 18, 1 }, { 36, 1 }, { 53, 1 }, { 54, 2 }, { 1200, 33 },
        { 5400, 150 }, { 3600, 100 }, { INT64_MAX, INT64_MAX / 36 },
        { INT64_MAX - 25, INT64_MAX / 36 }, { INT64_MAX - 26, INT64_MAX / 36 - 1 },
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
        CHECK_INT(inv_quantity_centi(q[i].seconds), q[i].qc);
    static const struct { int64_t rate, qc, amount; int rc; } a[] = {
        { 3333, 25, 833, 0 }, { 3333, 50, 1667, 0 }, { 10000, 33, 3300, 0 }, { 1, 50, 1, 0 },
        { 1, 49, 0, 0 }, { 0, 100, 0, 0 }, { INT64_MAX, 100, INT64_MAX, 0 },
        { INT64_MAX, 101, 0, -1 }, { INT64_MAX / 2, 200, INT64_MAX - 1, 0 },
    };
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
        int64_t amount = 0;
        CHECK_INT(inv_line_amount(a[i].rate, a[i].qc, &amount), a[i].rc);
        if (a[i].rc == 0)
            CHECK_INT(amount, a[i].amount);
    }
    /* Three 20-minute entries: each bills 0.33 h (the rule: hundredths per entry), the line
     * their sum, 0.99 h = 99.00. */
    static const struct p twenty[] = { { ST, 20 * M, 10000, 1 } };
    tk_inv_entry es[] = {
        mk(1, 2, "web", NULL, NULL, 1, 1, twenty), mk(2, 3, "web", NULL, NULL, 1, 1, twenty),
        mk(3, 4, "web", NULL, NULL, 1, 1, twenty),
    };
    static const struct want w[] = { { "web (standard)", 99, 10000, 9900, "1,2,3", INV_LINE_HOURS } };
    tk_inv_input in = { "EUR", es, 3, INV_BY_PROJECT_TIER, NULL, 0 };
    tk_invoice inv;
    tk_err err;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    check_invoice(&inv, w, 1, 9900);
    invoice_clear(&inv);
    in.nentries = 1;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.lines[0].quantity_centi, 33);
    CHECK_INT(inv.total_minor, 3300);
    invoice_clear(&inv);
}

TEST(invoice_format_and_names)
{
    char b[INV_QTY_BUF];
    CHECK_STR(inv_format_quantity(250, b), "2.50");
    CHECK_STR(inv_format_quantity(0, b), "0.00");
    CHECK_STR(inv_format_quantity(5, b), "0.05");
    CHECK_STR(inv_format_quantity(100, b), "1.00");
    CHECK_STR(inv_format_quantity(-5, b), "-0.05");
    CHECK_STR(inv_format_quantity(INT64_MAX, b), "92233720368547758.07");
    CHECK_STR(inv_format_quantity(INT64_MIN, b), "-92233720368547758.08");
    inv_grouping g;
    const char *names[] = { "project+tier", "project", "tier", "day", "entry" };
    for (int i = 0; i < 5; i++) {
        CHECK_INT(inv_grouping_parse(names[i], &g), 0);
        CHECK_INT(g, i);
        CHECK_STR(inv_grouping_name(g), names[i]);
    }
    CHECK_INT(inv_grouping_parse("client", &g), -1);
    CHECK_INT(inv_grouping_parse(NULL, &g), -1);
    CHECK_STR(inv_grouping_name((inv_grouping)99), "project+tier");
}

TEST(invoice_missing_rates_and_edge_entries)
{
    static const struct p norate[] = { { "weekend", 1 * H, 0, 0 } };
    static const struct p same_rate[] = { { ST, 1 * H, 10000, 1 }, { AH, 30 * M, 10000, 1 } };
    static const struct p one_second[] = { { ST, 1, 10000, 1 } };
    tk_inv_entry es[] = {
        mk(1, 2, "web", "Website", NULL, 1, 1, norate),
        mk(2, 3, NULL, NULL, NULL, 1, 2, same_rate),    /* no project; two tiers at one rate */
        mk(3, 4, "", NULL, NULL, 1, 1, one_second),
    };
    tk_inv_input in = { "EUR", es, 3, INV_BY_PROJECT, NULL, 0 };
    tk_invoice inv;
    tk_err err;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    /* The entry with no rate is a line at 0, flagged; one entry with two parts is listed once. */
    CHECK(inv.missing_rate);
    CHECK_INT(inv.nlines, 2);
    CHECK_STR(inv.lines[0].description, "(no project)");
    CHECK_INT(inv.lines[0].seconds, 90 * M + 1);
    CHECK_INT(inv.lines[0].nids, 2);
    CHECK_STR(inv.lines[0].project_key, "");
    CHECK_STR(inv.lines[1].description, "Website");
    CHECK(inv.lines[1].missing_rate);
    CHECK(!inv.lines[0].missing_rate);
    CHECK_INT(inv.total_minor, 15000);
    invoice_clear(&inv);
    /* No entries at all: an empty invoice. */
    in.nentries = 0;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 0);
    CHECK_INT(inv.total_minor, 0);
    CHECK_INT(inv.nids, 0);
    invoice_clear(&inv);
    in.entries = NULL;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    invoice_clear(&inv);
}

static tk_retainer_status status(int64_t prepaid, int64_t rollover, int64_t fee)
{
    tk_retainer_status s;
    memset(&s, 0, sizeof s);
    s.applicable = true;
    s.period_start = NOV(1);
    s.period_end = NOV(30);
    s.base_seconds = prepaid - rollover;
    s.rollover_seconds = rollover;
    s.prepaid_seconds = prepaid;
    s.fee_minor = fee;
    s.overage_rate_minor = 12000;
    return s;
}

/* Every tier covered 1:1, overage at the status's rate. */
static int cover_all(void *ctx, const char *tier, tk_tier_cover *out, tk_err *err)
{
    (void)tier;
    (void)err;
    const tk_retainer_status *s = ctx;
    out->covered = true;
    out->draw_permille = 1000;
    out->overage_rate_minor = s->overage_rate_minor;
    return 0;
}

/* The entries' shares of s's prepaid hours, by day then id (as the app draws them). */
static int draw(tk_inv_entry *es, size_t n, const tk_retainer_status *s)
{
    tk_bill *order[16];
    size_t k = 0;
    for (int day = 0; day <= 31; day++)
        for (int64_t id = 0; id < 16; id++)
            for (size_t i = 0; i < n && k < 16; i++)
                if (es[i].day == NOV(day) && es[i].entry_id == id)
                    order[k++] = &es[i].bill;
    int64_t left = bill_centi(s->prepaid_seconds);
    tk_err err;
    return retainer_draw(order, k, s->period_start, cover_all, (void *)s, &left, NULL, &err);
}

TEST(invoice_retainer_table)
{
    static const struct p e8[] = { { ST, 8 * H, 10000, 1 } };
    static const struct p e10[] = { { ST, 6 * H, 10000, 1 }, { AH, 4 * H, 15000, 1 } };
    static const struct p e4[] = { { ST, 4 * H, 10000, 1 } };
    static const struct p e90[] = { { TIER_EMERGENCY, 90 * M, 30000, 1 } };
    static const struct p e0[] = { { ST, 0, 10000, 1 } };
    tk_inv_entry es[] = {
        mk(4, 12, "web", NULL, NULL, 1, 1, e90),
        mk(3, 9, "app", NULL, NULL, 1, 1, e4),        /* crosses the prepaid limit */
        mk(1, 1, "web", NULL, NULL, 1, 1, e8),        /* first day of the period */
        mk(2, 5, "web", NULL, NULL, 1, 2, e10),
        mk(5, 30, "web", NULL, NULL, 0, 1, e8),       /* not billable */
        mk(6, 30, "web", NULL, NULL, 1, 1, e0),       /* last day, billed 0 */
    };
    static const struct want over[] = {
        { "Retainer, 2026-11-01 to 2026-11-30", 100, 200000, 200000, "", INV_LINE_FEE },
        { "20.00 h included of 20.00 h prepaid, 2026-11-01 to 2026-11-30", 2000, 0, 0, "1,2,3",
          INV_LINE_INCLUDED },
        { "Overage beyond 20.00 h prepaid, 2026-11-01 to 2026-11-30", 350, 12000, 42000, "3,4",
          INV_LINE_OVERAGE },
    };
    static const struct want under[] = {
        { "Retainer, 2026-11-01 to 2026-11-30", 100, 200000, 200000, "", INV_LINE_FEE },
        { "23.50 h included of 30.00 h prepaid (5.00 h rolled over), 2026-11-01 to 2026-11-30",
          2350, 0, 0, "1,2,3,4",
          INV_LINE_INCLUDED },
    };
    static const struct want exact[] = {
        { "23.50 h included of 23.50 h prepaid, 2026-11-01 to 2026-11-30", 2350, 0, 0, "1,2,3,4",
          INV_LINE_INCLUDED },
    };
    static const struct want none_prepaid[] = {
        { "0.00 h included of 0.00 h prepaid, 2026-11-01 to 2026-11-30", 0, 0, 0, "",
          INV_LINE_INCLUDED },
        { "Overage beyond 0.00 h prepaid, 2026-11-01 to 2026-11-30", 2350, 12000, 282000,
          "1,2,3,4", INV_LINE_OVERAGE },
    };
    static const struct {
        const char *what; int64_t prepaid, rollover, fee; const struct want *w; size_t n;
        int64_t total;
    } cases[] = {
        { "overage", 20 * H, 0, 200000, over, 3, 242000 },
        { "under, with rollover", 30 * H, 5 * H, 200000, under, 2, 200000 },
        { "exactly used, no fee", 23 * H + 30 * M, 0, 0, exact, 1, 0 },
        { "no prepaid hours", 0, 0, 0, none_prepaid, 2, 282000 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tk_retainer_status s = status(cases[i].prepaid, cases[i].rollover, cases[i].fee);
        tk_inv_entry mine[6];
        tk_invoice inv;
        tk_err err = { "" };
        int before = t_failed_checks;
        memcpy(mine, es, sizeof mine);
        CHECK_INT(draw(mine, 6, &s), 0);
        tk_inv_input in = { "EUR", mine, 6, INV_BY_ENTRY, &s, 1 };   /* grouping: hourly only */
        CHECK_INT(invoice_build(&in, &inv, &err), 0);
        check_invoice(&inv, cases[i].w, cases[i].n, cases[i].total);
        CHECK_INT(inv.nids, 5);
        if (t_failed_checks != before)
            fprintf(stderr, "    retainer case '%s' (%s)\n", cases[i].what, err.msg);
        invoice_clear(&inv);
    }
    /* Entries no retainer drew: billed hourly. */
    tk_retainer_status s = status(20 * H, 0, 200000);
    tk_inv_input in = { "EUR", es, 6, INV_BY_PROJECT_TIER, NULL, 0 };
    tk_invoice inv;
    tk_err err;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.lines[0].kind, INV_LINE_HOURS);
    CHECK_INT(inv.total_minor, 4 * 10000 + 14 * 10000 + 4 * 15000 + 45000);
    invoice_clear(&inv);
    /* A drawn entry whose period is not given is refused. */
    CHECK_INT(draw(es, 6, &s), 0);
    CHECK_INT(invoice_build(&in, &inv, &err), -1);
}

TEST(invoice_errors_and_overflow)
{
    static const struct p huge[] = { { ST, 2 * H, INT64_MAX / 2 + 1, 1 } };
    static const struct p half[] = { { ST, 1 * H, INT64_MAX / 2 + 1, 1 } };
    static const struct p maxs[] = { { ST, INT64_MAX, 1, 1 } };
    tk_inv_entry es[] = {
        mk(1, 2, "web", NULL, NULL, 1, 1, huge), mk(2, 2, "app", NULL, NULL, 1, 1, half),
        mk(3, 3, "zzz", NULL, NULL, 1, 1, half), mk(4, 3, "web", NULL, NULL, 1, 1, maxs),
        mk(5, 4, "web", NULL, NULL, 1, 1, maxs),
    };
    tk_inv_input in = { "EUR", es, 1, INV_BY_PROJECT_TIER, NULL, 0 };
    tk_invoice inv;
    tk_err err = { "" };
    /* Two lines that fit alone but not summed. */
    in.entries = es + 1;
    in.nentries = 2;
    CHECK_INT(invoice_build(&in, &inv, &err), -1);
    CHECK(err.msg[0] != '\0');
    CHECK_INT(inv.nlines, 0);
    /* Seconds that overflow when summed into one line; and a fitting INT64_MAX line. */
    in.entries = es + 3;
    CHECK_INT(invoice_build(&in, &inv, &err), -1);
    in.nentries = 1;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.lines[0].quantity_centi, INT64_MAX / 36);
    CHECK_INT(inv.total_minor, (INT64_MAX / 36 + 50) / 100);
    invoice_clear(&inv);
    /* Retainer: an overage amount overflowing, and fee + overage overflowing. */
    tk_retainer_status s = status(0, 0, 0);
    tk_inv_entry one[1];
    memcpy(one, es, sizeof one);
    s.overage_rate_minor = INT64_MAX;
    CHECK_INT(draw(one, 1, &s), -1);
    memcpy(one, es + 1, sizeof one);
    s.overage_rate_minor = 1;
    CHECK_INT(draw(one, 1, &s), 0);
    s.fee_minor = INT64_MAX;
    in.entries = one;
    in.nentries = 1;
    in.periods = &s;
    in.nperiods = 1;
    CHECK_INT(invoice_build(&in, &inv, &err), -1);   /* fee + overage */
    /* Malformed bills: negative time, too many parts. */
    static const struct p neg[] = { { ST, -1, 10000, 1 } };
    tk_inv_entry bad_bill[] = { mk(9, 2, "web", NULL, NULL, 1, 1, neg) };
    in.periods = NULL;
    in.nperiods = 0;
    in.entries = bad_bill;
    in.nentries = 1;
    CHECK_INT(invoice_build(&in, &inv, &err), -1);
    bad_bill[0].bill.parts[0].billed_seconds = 1;
    bad_bill[0].bill.billed_seconds = 1;
    bad_bill[0].bill.nparts = BILL_MAX_PARTS + 1;
    CHECK_INT(invoice_build(&in, &inv, &err), -1);
    bad_bill[0].bill.billable = false;   /* skipped, so not checked */
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    invoice_clear(&inv);
    /* Bad currency. */
    const char *bad[] = { NULL, "", "eur", "EURO", "E1R" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        in.currency = bad[i];
        CHECK_INT(invoice_build(&in, &inv, &err), -1);
    }
}

/* From entries through bill_entry to the invoice, as the CLI will do it. */
TEST(invoice_from_billed_entries)
{
    t_set_tz("Europe/Berlin");
    static const tk_tier_mult mults[] = { { AH, 1500 } };
    tk_rate rates[] = { { 1, 1, 0, NULL, 9000, 0 }, { 2, 1, 0, NULL, 9900, 0 } };
    rates[1].from = NOV(16);
    tk_rate_card card = { rates, 2, mults, 1 };
    tk_bizhours hours;
    tk_err err;
    CHECK_INT(bizhours_parse("Mon-Fri 09:00-18:00", &hours, &err), 0);
    tk_rounding r = { 15 * M, ROUND_UP, 0 };
    tk_bill_rules rules = { &r, &hours, &card, NULL, 0 };
    static const struct { int d, h1, m1, h2, m2; } ranges[] = {
        { 2, 17, 30, 19, 0 },    /* Mon: 30m standard + 60m after-hours at 90.00 */
        { 13, 9, 0, 9, 7 },      /* Fri: 7m → 15m */
        { 16, 17, 50, 18, 20 },  /* Mon after the rate change: 10m + 20m */
        { 30, 8, 0, 8, 1 },      /* last day, 1m → 15m after-hours */
    };
    tk_inv_entry es[4];
    for (int i = 0; i < 4; i++) {
        tk_entry e;
        memset(&e, 0, sizeof e);
        e.id = i + 1;
        e.billable = true;
        e.has_range = true;
        e.day = NOV(ranges[i].d);
        e.start = local_make(e.day, ranges[i].h1, ranges[i].m1, 0);
        e.end = local_make(e.day, ranges[i].h2, ranges[i].m2, 0);
        memset(&es[i], 0, sizeof es[i]);
        es[i].entry_id = e.id;
        es[i].day = e.day;
        es[i].project_key = "web";
        CHECK_INT(bill_entry(&e, &rules, true, &es[i].bill, &err), 0);
    }
    static const struct want w[] = {
        { "web (standard), 2026-11-02 to 2026-11-13", 75, 9000, 6750, "1,2", INV_LINE_HOURS },
        { "web (standard), 2026-11-16", 17, 9900, 1683, "3", INV_LINE_HOURS },
        { "web (after-hours), 2026-11-02", 100, 13500, 13500, "1", INV_LINE_HOURS },
        { "web (after-hours), 2026-11-16 to 2026-11-30", 58, 14850, 8614, "3,4", INV_LINE_HOURS },
    };
    /* Entry 3 (17:50-18:20, 30m = 0.50 h) divides 10m:20m as 0.17 + 0.33 (16.67 has the larger
     * remainder); entry 4 bills 15m = 0.25 h. After-hours: 148.50 × 0.33 = 49.005 → 49.01 and
     * 148.50 × 0.25 = 37.125 → 37.13: 86.14 — not 148.50 × 0.58 = 86.13, so that line goes to
     * Zoho as one unit of 86.14. */
    tk_inv_input in = { "EUR", es, 4, INV_BY_PROJECT_TIER, NULL, 0 };
    tk_invoice inv;
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    check_invoice(&inv, w, 4, 6750 + 1683 + 13500 + 8614);
    CHECK(inv.lines[3].lump);
    CHECK_INT(inv.lines[3].send_quantity_centi, 100);
    CHECK_INT(inv.lines[3].send_rate_minor, 8614);
    CHECK(!inv.lines[0].lump);
    invoice_clear(&inv);
}

/* A billable entry of no time has no parts: a sane bill, on no line (not an error). */
TEST(invoice_entry_without_parts)
{
    static const struct p e1[] = { { ST, H, 10000, 1 } };
    tk_inv_entry es[] = { mk(1, 2, "web", NULL, NULL, 1, 0, NULL), mk(2, 3, "web", NULL, NULL, 1, 1, e1) };
    tk_inv_input in = { "EUR", es, 2, INV_BY_PROJECT_TIER, NULL, 0 };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, 1);
    CHECK_INT(inv.total_minor, 10000);
    CHECK_INT(inv.nids, 2);
    invoice_clear(&inv);
}

/* A bill may hold up to BILL_MAX_PARTS parts; all of them reach the lines. */
TEST(invoice_entry_with_the_most_parts)
{
    static const struct p four[BILL_MAX_PARTS] = {
        { ST, H, 10000, 1 }, { AH, H, 15000, 1 }, { TIER_EMERGENCY, H, 20000, 1 }, { "night", H, 12500, 1 },
    };
    tk_inv_entry es[] = { mk(1, 2, "web", NULL, NULL, 1, BILL_MAX_PARTS, four) };
    tk_inv_input in = { "EUR", es, 1, INV_BY_PROJECT_TIER, NULL, 0 };
    tk_invoice inv;
    tk_err err = { "" };
    CHECK_INT(invoice_build(&in, &inv, &err), 0);
    CHECK_INT(inv.nlines, BILL_MAX_PARTS);
    CHECK_INT(inv.total_minor, 57500);
    invoice_clear(&inv);
}
