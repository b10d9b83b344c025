/* Edges of retainer.c that `make mutate` found untested (issue 23). */
#include "test.h"
#include "retainer.h"

#define H 3600

static tk_retainer monthly(tk_day from)
{
    tk_retainer r;
    memset(&r, 0, sizeof r);
    r.id = 1;
    r.client_id = 1;
    r.period = PERIOD_MONTH;
    r.prepaid_seconds = 20 * H;
    r.fee_minor = 200000;
    r.rollover = ROLLOVER_UNUSED;
    r.from = from;
    r.to = DAY_MAX;
    return r;
}

/* A retainer starting on a month's last day is in force one day of 31: 1/31 of its hours,
 * not none. */
TEST(retainer_one_day_in_force_is_prorated)
{
    tk_retainer r = monthly(day_from_ymd(2026, 3, 31));
    int64_t base = -1;
    CHECK_INT(retainer_period_base(&r, day_from_ymd(2026, 3, 1), day_from_ymd(2026, 3, 31),
                                   &base), 0);
    CHECK_INT(base, 2323);                         /* 72000 / 31 = 2322.6 */
    tk_retainer_status s;
    tk_err err;
    CHECK_INT(retainer_status(&r, day_from_ymd(2026, 3, 31), 0, NULL, 0, &s, &err), 0);
    CHECK_INT(s.base_seconds, 2323);
    CHECK_INT(s.fee_minor, 6452);                  /* 2000.00 / 31 = 64.516 */
}

/* Nothing rolls into the first period there is (0001-01): no period before it. */
TEST(retainer_nothing_rolls_into_year_one)
{
    tk_retainer r = monthly(DAY_MIN);
    r.whole = true;
    tk_retainer_status s;
    tk_err err;
    CHECK_INT(retainer_status(&r, DAY_MIN + 14, 0, NULL, 0, &s, &err), 0);
    CHECK(s.applicable);
    CHECK_INT(s.rollover_seconds, 0);
    CHECK_INT(s.prepaid_seconds, 20 * H);
}

/* The first and the last day tock knows are days like any other. */
TEST(retainer_in_force_on_the_first_and_last_day)
{
    tk_retainer r = monthly(DAY_MIN);
    r.whole = true;
    tk_retainer_status s;
    tk_err err;
    CHECK_INT(retainer_status(&r, DAY_MIN, 0, NULL, 0, &s, &err), 0);
    CHECK(s.applicable);
    CHECK_INT(s.base_seconds, 20 * H);
    CHECK_INT(retainer_status(&r, DAY_MAX, 0, NULL, 0, &s, &err), 0);
    CHECK(s.applicable);
    CHECK_INT(s.period_end, DAY_MAX);
}

/* Hours rolled in from outside (retainer_roll.c traces them) count when unused hours roll
 * over, and only then. */
TEST(retainer_rolled_in_hours_count_only_with_rollover)
{
    tk_retainer r = monthly(day_from_ymd(2026, 1, 1));
    r.whole = true;
    tk_retainer_status s;
    tk_err err;
    tk_day d = day_from_ymd(2026, 3, 10);
    CHECK_INT(retainer_status_rolled(&r, d, 0, NULL, 0, 2 * H, &s, &err), 0);
    CHECK_INT(s.rollover_seconds, 2 * H);
    CHECK_INT(s.prepaid_seconds, 22 * H);
    r.rollover = ROLLOVER_NONE;
    CHECK_INT(retainer_status_rolled(&r, d, 0, NULL, 0, 2 * H, &s, &err), 0);
    CHECK_INT(s.rollover_seconds, 0);
    CHECK_INT(s.prepaid_seconds, 20 * H);
}

/* A retainer from mid-month that runs out: the day it ran out is the day usage reached its
 * (prorated) hours, counted from its first day, not the month's. */
TEST(retainer_exhausted_from_mid_period)
{
    tk_retainer r = monthly(day_from_ymd(2026, 3, 15));
    r.rollover = ROLLOVER_NONE;
    r.whole = true;
    tk_day_usage u[] = { { day_from_ymd(2026, 3, 16), 8 * H }, { day_from_ymd(2026, 3, 18), 8 * H },
                         { day_from_ymd(2026, 3, 20), 8 * H } };
    tk_retainer_status s;
    tk_err err;
    CHECK_INT(retainer_status(&r, day_from_ymd(2026, 3, 25), 0, u, 3, &s, &err), 0);
    CHECK(s.exhausted);
    CHECK_INT(s.exhausts_on, day_from_ymd(2026, 3, 20));
}

/* The pace projects the day the hours run out only inside the period: at 22500 s in ten
 * days, 20 h run out on day 32 of a 31-day March, which is no day of it; a little faster
 * and it is March 31. */
TEST(retainer_projection_stops_at_the_period_end)
{
    tk_retainer r = monthly(day_from_ymd(2026, 1, 1));
    r.rollover = ROLLOVER_NONE;
    r.whole = true;
    tk_day_usage u[] = { { day_from_ymd(2026, 3, 2), 22500 } };
    tk_retainer_status s;
    tk_err err;
    CHECK_INT(retainer_status(&r, day_from_ymd(2026, 3, 10), 0, u, 1, &s, &err), 0);
    CHECK(!s.exhausted);
    CHECK_INT(s.exhausts_on, RETAINER_NO_DAY);
    u[0].billed_seconds = 23226;
    CHECK_INT(retainer_status(&r, day_from_ymd(2026, 3, 10), 0, u, 1, &s, &err), 0);
    CHECK_INT(s.exhausts_on, day_from_ymd(2026, 3, 31));
}

/* The smallest alert, 1 %, and the smallest use, 1 s, still alert: 1 s of 100 s is 1 %. */
TEST(retainer_smallest_alert)
{
    tk_retainer r = monthly(day_from_ymd(2026, 1, 1));
    r.rollover = ROLLOVER_NONE;
    r.whole = true;
    r.prepaid_seconds = 100;
    r.alert_pct = 1;
    tk_day_usage u[] = { { day_from_ymd(2026, 3, 2), 1 } };
    tk_retainer_status s;
    tk_err err;
    CHECK_INT(retainer_status(&r, day_from_ymd(2026, 3, 10), 0, u, 1, &s, &err), 0);
    CHECK(s.alert);
}

/* Caps and rolled-in hours of a single second, or none, are taken as they are. */
TEST(retainer_one_second_caps_and_rolls)
{
    tk_retainer r = monthly(day_from_ymd(2026, 1, 1));
    r.whole = true;
    r.has_rollover_cap = true;
    r.rollover_cap = 1;
    CHECK_INT(retainer_rolls_on(&r, 72000, 0, 0), 1);
    r.rollover_cap = 0;
    CHECK_INT(retainer_rolls_on(&r, 72000, 0, 0), 0);
    r.has_rollover_cap = false;
    tk_retainer_status s;
    tk_err err;
    tk_day d = day_from_ymd(2026, 3, 10);
    CHECK_INT(retainer_status_rolled(&r, d, 0, NULL, 0, 1, &s, &err), 0);
    CHECK_INT(s.rollover_seconds, 1);
    CHECK_INT(retainer_status_rolled(&r, d, 0, NULL, 0, 0, &s, &err), 0);
    CHECK_INT(s.rollover_seconds, 0);
}

/* Overage money rounds to the nearest minor unit: at 100.00/h, 1 s over is 0.03 (2.78),
 * 4 s over is 0.11 (11.11). */
TEST(retainer_overage_money_rounds_to_nearest)
{
    tk_retainer r = monthly(day_from_ymd(2026, 1, 1));
    r.rollover = ROLLOVER_NONE;
    r.whole = true;
    r.prepaid_seconds = 100;
    r.overage_minor = 10000;
    tk_day_usage u[] = { { day_from_ymd(2026, 3, 2), 101 } };
    tk_retainer_status s;
    tk_err err;
    CHECK_INT(retainer_status(&r, day_from_ymd(2026, 3, 10), 0, u, 1, &s, &err), 0);
    CHECK_INT(s.overage_seconds, 1);
    CHECK_INT(s.overage_minor, 3);
    u[0].billed_seconds = 104;
    CHECK_INT(retainer_status(&r, day_from_ymd(2026, 3, 10), 0, u, 1, &s, &err), 0);
    CHECK_INT(s.overage_minor, 11);
}

/* A tier without a multiplier draws hour for hour and pays the plain overage rate: it is
 * not free. */
TEST(retainer_unmultiplied_tier_draws_hour_for_hour)
{
    static const tk_rate rate[] = { { 1, 1, 0, NULL, 10000, 0 } };
    tk_rate_card card = { rate, 1, NULL, 0 };
    tk_retainer r = monthly(day_from_ymd(2026, 1, 1));
    r.overage_minor = 12000;
    tk_tier_cover c;
    tk_err err;
    CHECK_INT(retainer_tier_cover(&r, &card, TIER_EMERGENCY, &c, &err), 0);
    CHECK(c.covered);
    CHECK_INT(c.draw_permille, 1000);
    CHECK_INT(c.overage_rate_minor, 12000);
    static const tk_tier_mult tiny[] = { { TIER_AFTER_HOURS, 1 } };   /* × 0.001 is one */
    card.mults = tiny;
    card.nmults = 1;
    CHECK_INT(retainer_tier_cover(&r, &card, TIER_AFTER_HOURS, &c, &err), 0);
    CHECK_INT(c.draw_permille, 1);
    CHECK_INT(c.overage_rate_minor, 12);
}

static int cover_1400(void *ctx, const char *tier, tk_tier_cover *out, tk_err *err)
{
    (void)ctx, (void)tier, (void)err;
    out->covered = true;
    out->draw_permille = 1400;     /* × 1.4 */
    out->overage_rate_minor = 10000;
    return 0;
}

/* Exactly enough prepaid hours left cover the part whole: 0.01 h at × 1.4 draws 0.01 h
 * (1.4 rounded), and with 0.01 h left it is included, not overage. */
TEST(retainer_draw_exactly_what_is_left)
{
    tk_bill b;
    memset(&b, 0, sizeof b);
    b.billable = true;
    b.nparts = 1;
    strcpy(b.parts[0].tier, TIER_STANDARD);
    b.parts[0].quantity_centi = 1;
    tk_bill *bills[] = { &b };
    int64_t left = 1, drawn = 0;
    tk_err err;
    CHECK_INT(retainer_draw(bills, 1, 0, cover_1400, NULL, &left, &drawn, &err), 0);
    CHECK_INT(b.parts[0].included_centi, 1);
    CHECK_INT(b.parts[0].drawn_centi, 1);
    CHECK_INT(left, 0);
    CHECK_INT(drawn, 1);
    CHECK_INT(b.amount_minor, 0);
}

struct draw_case { bool covered; int32_t permille; int64_t rate; };

static int cover_case(void *ctx, const char *tier, tk_tier_cover *out, tk_err *err)
{
    const struct draw_case *c = ctx;
    (void)tier;
    if (c->permille < 0)
        return tk_fail(err, "no cover");
    out->covered = c->covered;
    out->draw_permille = c->permille;
    out->overage_rate_minor = c->rate ? c->rate : 10000;
    return 0;
}

/* One part drawn on left prepaid hundredths; returns retainer_draw's result. */
static int draw_one(bool covered, int32_t permille, int64_t quantity, int64_t *left,
                    int64_t *drawn, tk_bill *b)
{
    struct draw_case c = { covered, permille, 0 };
    tk_bill *bills[] = { b };
    tk_err err;
    memset(b, 0, sizeof *b);
    b->billable = true;
    b->nparts = 1;
    strcpy(b->parts[0].tier, TIER_STANDARD);
    b->parts[0].quantity_centi = quantity;
    *drawn = 0;
    return retainer_draw(bills, 1, 0, cover_case, &c, left, drawn, &err);
}

/* First in, first out, part by part: what is included, what it draws, what is overage. */
TEST(retainer_draw_part_by_part)
{
    tk_bill b;
    int64_t left, drawn;
    left = 500;                                     /* plenty: all included */
    CHECK_INT(draw_one(true, 1000, 100, &left, &drawn, &b), 0);
    CHECK_INT(b.parts[0].included_centi, 100);
    CHECK_INT(drawn, 100);
    CHECK_INT(left, 400);
    CHECK_INT(b.amount_minor, 0);
    left = 500;                                     /* 0.01 h is drawn too */
    CHECK_INT(draw_one(true, 1000, 1, &left, &drawn, &b), 0);
    CHECK_INT(b.parts[0].included_centi, 1);
    CHECK_INT(drawn, 1);
    left = 60;                                      /* × 1.5 on 0.60 h left: 0.40 h included */
    CHECK_INT(draw_one(true, 1500, 100, &left, &drawn, &b), 0);
    CHECK_INT(b.parts[0].included_centi, 40);
    CHECK_INT(b.parts[0].drawn_centi, 60);
    CHECK_INT(drawn, 60);
    CHECK_INT(left, 0);
    CHECK_INT(b.amount_minor, 6000);                /* 0.60 h over at 100.00/h */
    left = 1;                                       /* too little for 0.01 h at × 1.5: none */
    CHECK_INT(draw_one(true, 1500, 100, &left, &drawn, &b), 0);
    CHECK_INT(b.parts[0].included_centi, 0);
    CHECK_INT(drawn, 0);
    CHECK_INT(left, 1);
    CHECK_INT(b.amount_minor, 10000);
    left = 1;                                       /* × 0.001: 0.01 h left pays for 10 h */
    CHECK_INT(draw_one(true, 1, 2000, &left, &drawn, &b), 0);
    CHECK_INT(b.parts[0].included_centi, 1000);
    CHECK_INT(left, 0);
    left = 500;                                     /* not covered: all overage, none drawn */
    CHECK_INT(draw_one(false, 1000, 100, &left, &drawn, &b), 0);
    CHECK_INT(b.parts[0].included_centi, 0);
    CHECK_INT(drawn, 0);
    CHECK_INT(left, 500);
    CHECK_INT(b.amount_minor, 10000);
    left = INT64_MAX;                               /* what it would draw overflows */
    CHECK_INT(draw_one(true, 3000, INT64_MAX / 2, &left, &drawn, &b), -1);
    left = 500;                                     /* the cover cannot be told */
    CHECK_INT(draw_one(true, -1, 100, &left, &drawn, &b), -1);
}

/* Rounding to the nearest, everywhere: a draw of 0.01 h at × 1.5 is 0.02 h; the overage
 * rate 123.45/h × 1.5 is 185.18/h and × 1.25 is 154.31/h; 0.01 h over at 123.55/h is 1.24
 * and at 123.45/h is 1.23. */
TEST(retainer_draw_rounds_to_nearest)
{
    tk_bill b;
    int64_t left = 5, drawn;
    CHECK_INT(draw_one(true, 1500, 1, &left, &drawn, &b), 0);
    CHECK_INT(drawn, 2);
    CHECK_INT(b.parts[0].included_centi, 1);
    static const tk_tier_mult mults[] = { { TIER_AFTER_HOURS, 1500 }, { TIER_EMERGENCY, 1250 } };
    tk_rate_card card = { NULL, 0, mults, 2 };
    tk_retainer r = monthly(day_from_ymd(2026, 1, 1));
    r.overage_minor = 12345;
    tk_tier_cover c;
    tk_err err;
    CHECK_INT(retainer_tier_cover(&r, &card, TIER_AFTER_HOURS, &c, &err), 0);
    CHECK_INT(c.overage_rate_minor, 18518);
    CHECK_INT(retainer_tier_cover(&r, &card, TIER_EMERGENCY, &c, &err), 0);
    CHECK_INT(c.overage_rate_minor, 15431);
    for (int k = 0; k < 2; k++) {
        struct draw_case dc = { false, 1000, k ? 12345 : 12355 };
        tk_bill *bills[] = { &b };
        memset(&b, 0, sizeof b);
        b.billable = true;
        b.nparts = 1;
        b.parts[0].quantity_centi = 1;
        left = 0;
        CHECK_INT(retainer_draw(bills, 1, 0, cover_case, &dc, &left, &drawn, &err), 0);
        CHECK_INT(b.amount_minor, k ? 123 : 124);
    }
}

/* A period with no day in force has no prepaid hours (a retainer from April, asked about
 * March). */
TEST(retainer_period_without_a_day_in_force)
{
    tk_retainer r = monthly(day_from_ymd(2026, 4, 1));
    int64_t base = -1;
    CHECK_INT(retainer_period_base(&r, day_from_ymd(2026, 3, 1), day_from_ymd(2026, 3, 31),
                                   &base), 0);
    CHECK_INT(base, 0);
}
