#include "test.h"
#include "rate_card.h"

#include <stdlib.h>

static const tk_tier_mult mults[] = {
    { TIER_AFTER_HOURS, 1500 }, { TIER_EMERGENCY, 2000 }, { "odd", 1333 }, { "zero", 0 },
};

/* Client 1; project 10 has its own rates, project 11 has none. */
#define D(y, m, d) day_from_ymd(y, m, d)
static tk_rate rates[] = {
    { 1, 1, 0, NULL, 10000, 0 },                          /* client standard from 1970 */
    { 2, 1, 0, (char *)TIER_STANDARD, 12000, 0 },        /* from 2026-06-01, set in card() */
    { 3, 1, 0, (char *)TIER_EMERGENCY, 30000, 0 },
    { 4, 1, 10, (char *)TIER_STANDARD, 15000, 0 },
    { 5, 1, 10, (char *)TIER_STANDARD, 16000, 0 },       /* from 2026-11-15, set in card() */
    { 6, 1, 0, (char *)"odd", 1, 0 },                     /* an explicit rate of 0.01 */
    { 7, 1, 10, (char *)TIER_AFTER_HOURS, 20000, 0 },    /* from 2027-01-01, set in card() */
};

static tk_rate_card card(void)
{
    rates[1].from = D(2026, 6, 1);
    rates[4].from = D(2026, 11, 15);
    rates[6].from = D(2027, 1, 1);
    tk_rate_card c = { rates, sizeof rates / sizeof rates[0], mults, sizeof mults / sizeof mults[0] };
    return c;
}

TEST(rates_precedence_table)
{
    tk_rate_card c = card();
    static const struct {
        int64_t project; const char *tier; int y, m, d;
        int found; int64_t rate, base, id; int derived, project_level; int32_t permille;
    } cases[] = {
        /* client-wide standard, changing on 2026-06-01 */
        { 0, NULL, 2026, 5, 31, 1, 10000, 10000, 1, 0, 0, 1000 },
        { 0, NULL, 2026, 6, 1, 1, 12000, 12000, 2, 0, 0, 1000 },
        { 0, TIER_STANDARD, 2026, 6, 2, 1, 12000, 12000, 2, 0, 0, 1000 },
        { 11, NULL, 2026, 6, 1, 1, 12000, 12000, 2, 0, 0, 1000 },  /* no project rate */
        /* project rate overrides the client's, even the client's newer one */
        { 10, NULL, 2026, 7, 1, 1, 15000, 15000, 4, 0, 1, 1000 },
        { 10, NULL, 2026, 11, 14, 1, 15000, 15000, 4, 0, 1, 1000 },
        { 10, NULL, 2026, 11, 15, 1, 16000, 16000, 5, 0, 1, 1000 },  /* mid-month change */
        /* derived: standard (with precedence) × multiplier */
        { 0, TIER_AFTER_HOURS, 2026, 5, 31, 1, 15000, 10000, 1, 1, 0, 1500 },
        { 0, TIER_AFTER_HOURS, 2026, 6, 1, 1, 18000, 12000, 2, 1, 0, 1500 },
        { 10, TIER_AFTER_HOURS, 2026, 11, 15, 1, 24000, 16000, 5, 1, 1, 1500 },
        /* explicit tier rate: project's from 2027, before that derived */
        { 10, TIER_AFTER_HOURS, 2026, 12, 31, 1, 24000, 16000, 5, 1, 1, 1500 },
        { 10, TIER_AFTER_HOURS, 2027, 1, 1, 1, 20000, 20000, 7, 0, 1, 1000 },
        /* explicit client tier rate beats a derived project one */
        { 10, TIER_EMERGENCY, 2026, 12, 1, 1, 30000, 30000, 3, 0, 0, 1000 },
        { 0, TIER_EMERGENCY, 2026, 12, 1, 1, 30000, 30000, 3, 0, 0, 1000 },
        /* an explicit rate, however small, beats a derived one */
        { 11, "odd", 2026, 6, 1, 1, 1, 1, 6, 0, 0, 1000 },
        /* unknown tier, zero multiplier: not found */
        { 0, "nope", 2026, 6, 1, 0, 0, 0, 0, 0, 0, 0 },
        { 0, "zero", 2026, 6, 1, 0, 0, 0, 0, 0, 0, 0 },
        /* before any rate: not found */
        { 0, NULL, 1969, 12, 31, 0, 0, 0, 0, 0, 0, 0 },
        { 10, TIER_AFTER_HOURS, 1969, 12, 31, 0, 0, 0, 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tk_rate_hit h;
        memset(&h, 0, sizeof h);
        tk_err err;
        int rc = rate_card_find(&c, cases[i].project, cases[i].tier,
                                D(cases[i].y, cases[i].m, cases[i].d), &h, &err);
        CHECK_INT(rc, cases[i].found);
        if (rc == 1) {
            CHECK_INT(h.rate_minor, cases[i].rate);
            CHECK_INT(h.base_minor, cases[i].base);
            CHECK_INT(h.rate_id, cases[i].id);
            CHECK_INT(h.derived, cases[i].derived);
            CHECK_INT(h.project_level, cases[i].project_level);
            CHECK_INT(h.permille, cases[i].permille);
        }
        if (rc != cases[i].found || (rc == 1 && h.rate_minor != cases[i].rate))
            fprintf(stderr, "    case %zu\n", i);
    }
}

TEST(rates_multiplier_rounding)
{
    /* 0.01/h × 1.5 = 0.015 → 0.02 (half up); 3.33 × 1.5 = 4.995 → 5.00 */
    tk_rate r[] = { { 1, 1, 0, NULL, 1, 0 }, { 2, 1, 0, NULL, 333, 10 } };
    tk_rate_card c = { r, 2, mults, sizeof mults / sizeof mults[0] };
    tk_rate_hit h;
    tk_err err;
    CHECK_INT(rate_card_find(&c, 0, TIER_AFTER_HOURS, 5, &h, &err), 1);
    CHECK_INT(h.rate_minor, 2);
    CHECK_INT(rate_card_find(&c, 0, TIER_AFTER_HOURS, 10, &h, &err), 1);
    CHECK_INT(h.rate_minor, 500);
    CHECK_INT(rate_card_find(&c, 0, "odd", 10, &h, &err), 1);
    CHECK_INT(h.rate_minor, 444);   /* 333 × 1.333 = 443.889 */
    CHECK_INT(rate_card_permille(&c, NULL), 1000);
    CHECK_INT(rate_card_permille(&c, TIER_EMERGENCY), 2000);
    CHECK_INT(rate_card_permille(&c, "zero"), 0);
    CHECK_INT(rate_card_permille(NULL, "odd"), 0);
}

TEST(rates_ties_empty_and_overflow)
{
    tk_rate r[] = {
        { 5, 1, 0, NULL, 100, 10 }, { 9, 1, 0, NULL, 900, 10 }, { 7, 1, 0, NULL, 700, 10 },
        { 8, 1, 0, (char *)TIER_EMERGENCY, INT64_MAX, 10 },
    };
    tk_rate_card c = { r, 3, mults, sizeof mults / sizeof mults[0] };
    tk_rate_hit h;
    tk_err err = { "" };
    CHECK_INT(rate_card_find(&c, 0, NULL, 10, &h, &err), 1);
    CHECK_INT(h.rate_id, 9);   /* same day: the higher id */
    tk_rate_card none = { NULL, 0, NULL, 0 };
    CHECK_INT(rate_card_find(&none, 0, NULL, 10, &h, &err), 0);
    CHECK_INT(rate_card_find(&none, 0, TIER_AFTER_HOURS, 10, &h, &err), 0);
    CHECK_INT(rate_card_find(NULL, 0, NULL, 10, &h, &err), 0);
    /* An explicit INT64_MAX rate is returned as is; multiplying it overflows. */
    tk_rate_card all = { r, 4, mults, sizeof mults / sizeof mults[0] };
    CHECK_INT(rate_card_find(&all, 0, TIER_EMERGENCY, 10, &h, &err), 1);
    CHECK_INT(h.rate_minor, INT64_MAX);
    tk_rate big[] = { { 1, 1, 0, NULL, INT64_MAX / 2, 10 } };
    tk_rate_card bc = { big, 1, mults, sizeof mults / sizeof mults[0] };
    CHECK_INT(rate_card_find(&bc, 0, TIER_AFTER_HOURS, 10, &h, &err), 1);
    CHECK_INT(h.rate_minor, INT64_MAX / 2 + INT64_MAX / 4 + 1);   /* ×1.5, half up */
    CHECK_INT(rate_card_find(&bc, 0, TIER_EMERGENCY, 10, &h, &err), 1);
    CHECK_INT(h.rate_minor, INT64_MAX - 1);                       /* ×2 just fits */
    big[0].amount_minor = INT64_MAX / 2 + 1;
    err.msg[0] = '\0';
    CHECK_INT(rate_card_find(&bc, 0, TIER_EMERGENCY, 10, &h, &err), -1);
    CHECK(err.msg[0] != '\0');
}

TEST(rates_explain)
{
    tk_rate_card c = card();
    tk_rate_hit h;
    tk_err err;
    strbuf sb = { 0 };
    CHECK_INT(rate_card_find(&c, 10, TIER_AFTER_HOURS, D(2026, 11, 20), &h, &err), 1);
    rate_hit_explain(&h, 2, &sb);
    CHECK_STR(sb_str(&sb), "240.00/h: standard 160.00 × 1.5, project rate from 2026-11-15");
    sb_reset(&sb);
    CHECK_INT(rate_card_find(&c, 0, NULL, D(2026, 1, 1), &h, &err), 1);
    rate_hit_explain(&h, 2, &sb);
    CHECK_STR(sb_str(&sb), "100.00/h: client rate from 1970-01-01");
    sb_reset(&sb);
    CHECK_INT(rate_card_find(&c, 0, TIER_EMERGENCY, D(2026, 1, 1), &h, &err), 1);
    h.derived = true;
    h.permille = 2000;
    rate_hit_explain(&h, 0, &sb);
    CHECK_STR(sb_str(&sb), "30000/h: standard 30000 × 2, client rate from 1970-01-01");
    sb_reset(&sb);
    h.permille = 1250;
    rate_hit_explain(&h, 2, &sb);
    CHECK_STR(sb_str(&sb), "300.00/h: standard 300.00 × 1.25, client rate from 1970-01-01");
    sb_reset(&sb);
    h.permille = 1005;
    rate_hit_explain(&h, 2, &sb);
    CHECK_STR(sb_str(&sb), "300.00/h: standard 300.00 × 1.005, client rate from 1970-01-01");
    sb_reset(&sb);
    h.permille = 999;         /* below 1, and the largest multiplier */
    rate_hit_explain(&h, 2, &sb);
    CHECK_STR(sb_str(&sb), "300.00/h: standard 300.00 × 0.999, client rate from 1970-01-01");
    sb_reset(&sb);
    h.permille = 100000;
    rate_hit_explain(&h, 2, &sb);
    CHECK_STR(sb_str(&sb), "300.00/h: standard 300.00 × 100, client rate from 1970-01-01");
    sb_free(&sb);
}
