/* bill_entry_lean: every field and every part of a lean bill is bill_entry's, whatever the
 * bytes it was built over held; the rate memo answers NULL (standard) and "standard" alike. */
#include "test.h"
#include "billing.h"

#include <string.h>

static const tk_tier_mult lean_mults[] = { { TIER_AFTER_HOURS, 1500 }, { "rush", 2000 } };
static const tk_rate lean_rates[] = { { 1, 1, 0, NULL, 12345, 0 },
                                      { 2, 1, 7, (char *)"rush", 20000, 100 },
                                      { 3, 1, 7, (char *)TIER_STANDARD, 15000, 120 },
                                      { 4, 1, 0, (char *)TIER_AFTER_HOURS, 17777, 130 } };

/* a and b the same figures, part by part (a lean bill's bytes past them may differ). */
static void check_same_bill(const tk_bill *a, const tk_bill *b)
{
    CHECK_INT(a->billable, b->billable);
    CHECK_INT(a->actual_seconds, b->actual_seconds);
    CHECK_INT(a->billed_seconds, b->billed_seconds);
    CHECK_INT(a->quantity_centi, b->quantity_centi);
    CHECK_INT(a->amount_minor, b->amount_minor);
    CHECK_INT(a->missing_rate, b->missing_rate);
    CHECK_INT(a->retainer, b->retainer);
    CHECK_INT(a->period, b->period);
    CHECK_INT(a->nparts, b->nparts);
    for (int i = 0; i < a->nparts && i < b->nparts; i++) {
        const tk_bill_part *p = &a->parts[i], *q = &b->parts[i];
        CHECK_STR(p->tier, q->tier);
        CHECK_INT(p->actual_seconds, q->actual_seconds);
        CHECK_INT(p->billed_seconds, q->billed_seconds);
        CHECK_INT(p->quantity_centi, q->quantity_centi);
        CHECK_INT(p->has_rate, q->has_rate);
        CHECK(memcmp(&p->rate, &q->rate, sizeof p->rate) == 0);
        CHECK_INT(p->rate_minor, q->rate_minor);
        CHECK_INT(p->amount_minor, q->amount_minor);
        CHECK_INT(p->included_centi, q->included_centi);
        CHECK_INT(p->drawn_centi, q->drawn_centi);
        CHECK_INT(p->overage_rate_minor, q->overage_rate_minor);
    }
}

TEST(bill_lean_figures_are_bill_entrys)
{
    tk_bizhours hours;
    tk_err err;
    CHECK_INT(bizhours_parse("Mon-Fri 09:00-18:00", &hours, &err), 0);
    tk_rate_card card = { lean_rates, 4, lean_mults, 2 };
    tk_rounding up = { 900, ROUND_UP, 600 };
    tk_tier_rule rush = { .tier = (char *)"rush", .has_round = true,
                          .rounding = { 60, ROUND_NEAREST, 0 } };
    static const char *tiers[] = { NULL, "", TIER_STANDARD, TIER_AFTER_HOURS, "rush",
                                   "unpriced" };
    tk_rate_memo memo;
    memset(&memo, 0, sizeof memo);
    int n = 0;
    for (int r = 0; r < 2; r++)
        for (size_t t = 0; t < sizeof tiers / sizeof tiers[0]; t++)
            for (int64_t start = 1767250800; start < 1767250800 + 2 * 86400; start += 13 * 3599)
                for (int64_t secs = 0; secs <= 40000; secs += 7777)
                    for (int billable = 0; billable < 2; billable++) {
                        tk_bill_rules rules = { &up, &hours, &card, r ? &rush : NULL, r };
                        tk_entry e = { .id = 9, .client_id = 1, .project_id = (secs & 1) ? 0 : 7,
                                       .day = 110 + (tk_day)(secs % 40), .tier = (char *)tiers[t],
                                       .billable = true, .has_range = (start & 1) == 0,
                                       .start = start, .end = start + secs, .seconds = secs };
                        tk_bill whole, lean;
                        tk_err e1, e2;
                        memset(&lean, 0xa5, sizeof lean);   /* what it is built over */
                        int a = bill_entry(&e, &rules, billable, &whole, &e1);
                        int b = bill_entry_lean(&e, &rules, &memo, billable, &lean, &e2);
                        CHECK_INT(b, a);
                        if (!a)
                            check_same_bill(&lean, &whole);
                        n += whole.nparts == 2;
                    }
    CHECK(n > 0);   /* some were split by business hours */
}

/* What a malformed entry's error says, lean or whole: a range that ends before it starts is a
 * bad range, a duration below zero is negative time, and a tier name over 64 bytes is named. */
TEST(bill_lean_errors_name_what_is_wrong)
{
    char longer[BILL_TIER_MAX + 1];
    memset(longer, 't', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    const tk_entry bad[] = {
        { .id = 4, .has_range = true, .start = 100, .end = 99, .billable = true },
        { .id = 5, .seconds = -1, .billable = true },
        { .id = 6, .seconds = 60, .tier = longer, .billable = true },
    };
    static const char *says[] = { "entry 4: bad range", "entry 5 has negative time",
                                  "tier name 'tttt" };
    for (int lean = 0; lean < 2; lean++)
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            tk_bill b;
            tk_err err = { "" };
            int rc = lean ? bill_entry_lean(&bad[i], NULL, NULL, true, &b, &err)
                          : bill_entry(&bad[i], NULL, true, &b, &err);
            CHECK_INT(rc, -1);
            CHECK(strncmp(err.msg, says[i], strlen(says[i])) == 0);
        }
}
