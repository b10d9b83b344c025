#include "test.h"
#include "billing.h"

#define M 60
#define H 3600
#define AH TIER_AFTER_HOURS
#define ST TIER_STANDARD

static const tk_tier_mult mults[] = { { AH, 1500 }, { TIER_EMERGENCY, 2000 } };
static tk_rate rates[] = {
    { 1, 1, 0, NULL, 10000, 0 },                        /* 100.00/h */
    { 2, 1, 0, (char *)TIER_STANDARD, 12000, 0 },       /* 120.00/h from 2026-11-30 */
    { 3, 1, 0, (char *)TIER_EMERGENCY, 30000, 0 },      /* explicit, not 2 × standard */
    { 4, 1, 7, NULL, 1, 0 },                            /* project 7: 0.01/h */
};

static tk_rate_card the_card(void)
{
    rates[1].from = day_from_ymd(2026, 11, 30);
    tk_rate_card c = { rates, sizeof rates / sizeof rates[0], mults, 2 };
    return c;
}

static tk_bizhours the_hours(void)
{
    tk_bizhours b;
    tk_err err;
    CHECK_INT(bizhours_parse("Mon-Fri 09:00-18:00", &b, &err), 0);
    return b;
}

/* Checks the invariants every bill must keep. */
static void check_sums(const tk_bill *b)
{
    int64_t a = 0, s = 0, m = 0, q = 0;
    for (int i = 0; i < b->nparts; i++) {
        q += b->parts[i].quantity_centi;
        a += b->parts[i].actual_seconds;
        s += b->parts[i].billed_seconds;
        m += b->parts[i].amount_minor;
        CHECK(b->parts[i].actual_seconds > 0);
        CHECK(b->parts[i].billed_seconds >= 0);
    }
    CHECK_INT(a, b->actual_seconds);
    CHECK_INT(s, b->billed_seconds);
    CHECK_INT(m, b->amount_minor);
    CHECK_INT(q, b->quantity_centi);
    CHECK_INT(b->quantity_centi, bill_centi(b->billed_seconds));
}

struct want_part { const char *tier; int64_t actual, billed, rate, amount; };

/* Days are offsets from Monday 2026-11-23; a range ends on day d2 (same day when d2 < d). */
static const struct bill_case {
    const char *what;
    int range, d, h1, m1, d2, h2, m2;
    int64_t seconds;                 /* duration entries */
    const char *tier;
    int64_t inc; round_mode mode; int64_t min;
    int billable;
    int64_t project;
    int64_t actual, billed, amount;
    int nparts;
    struct want_part p[2];
} cases[] = {
    { "lead example 17:30-19:00 15m up", 1, 0, 17, 30, 0, 19, 0, 0, NULL, 15 * M, ROUND_UP, 0, 1, 0,
      90 * M, 90 * M, 20000, 2,
      { { ST, 30 * M, 30 * M, 10000, 5000 }, { AH, 60 * M, 60 * M, 15000, 15000 } } },
    { "rounding goes to the last part", 1, 0, 17, 30, 0, 19, 5, 0, NULL, 15 * M, ROUND_UP, 0, 1, 0,
      95 * M, 105 * M, 23750, 2,
      { { ST, 30 * M, 30 * M, 10000, 5000 }, { AH, 65 * M, 75 * M, 15000, 18750 } } },
    /* 90m = 1.50 h, divided 70:20 by largest remainder: 116.67 and 33.33 → 1.17 h (the larger
     * remainder) and 0.33 h; 150.00 × 1.17 = 175.50, 100.00 × 0.33 = 33.00. */
    { "ends inside: standard last", 1, 0, 7, 50, 0, 9, 10, 0, NULL, 15 * M, ROUND_UP, 0, 1, 0,
      80 * M, 90 * M, 20850, 2,
      { { AH, 70 * M, 70 * M, 15000, 17550 }, { ST, 10 * M, 20 * M, 10000, 3300 } } },
    { "negative difference eats earlier parts", 1, 0, 8, 40, 0, 9, 5, 0, NULL, 15 * M, ROUND_DOWN,
      0, 1, 0, 25 * M, 15 * M, 3750, 2,
      { { AH, 20 * M, 15 * M, 15000, 3750 }, { ST, 5 * M, 0, 10000, 0 } } },
    { "ends on the last business second", 1, 0, 17, 52, 0, 18, 0, 0, NULL, 15 * M, ROUND_NEAREST,
      0, 1, 0, 8 * M, 15 * M, 2500, 1, { { ST, 8 * M, 15 * M, 10000, 2500 } } },
    { "starts on the first after-hours second", 1, 0, 18, 0, 0, 18, 8, 0, NULL, 15 * M,
      ROUND_NEAREST, 0, 1, 0, 8 * M, 15 * M, 3750, 1, { { AH, 8 * M, 15 * M, 15000, 3750 } } },
    { "over midnight", 1, 0, 22, 0, 1, 10, 0, 0, NULL, 0, ROUND_NONE, 0, 1, 0,
      12 * H, 12 * H, 175000, 2,
      { { AH, 11 * H, 11 * H, 15000, 165000 }, { ST, 1 * H, 1 * H, 10000, 10000 } } },
    { "weekend is after-hours", 1, 5, 10, 0, 5, 12, 0, 0, NULL, 15 * M, ROUND_UP, 0, 1, 0,
      2 * H, 2 * H, 30000, 1, { { AH, 2 * H, 2 * H, 15000, 30000 } } },
    { "duration 7m rounds up to 15m", 0, 0, 0, 0, 0, 0, 0, 7 * M, NULL, 15 * M, ROUND_UP, 0, 1, 0,
      7 * M, 15 * M, 2500, 1, { { ST, 7 * M, 15 * M, 10000, 2500 } } },
    { "duration 7m29s nearest then minimum", 0, 0, 0, 0, 0, 0, 0, 7 * M + 29, NULL, 15 * M,
      ROUND_NEAREST, 10 * M, 1, 0, 7 * M + 29, 10 * M, 1700, 1,   /* 10m = 0.17 h (16.67) */
      { { ST, 7 * M + 29, 10 * M, 10000, 1700 } } },
    { "explicit emergency rate", 0, 0, 0, 0, 0, 0, 0, 1 * H, TIER_EMERGENCY, 15 * M, ROUND_UP, 0, 1,
      0, 1 * H, 1 * H, 30000, 1, { { TIER_EMERGENCY, 1 * H, 1 * H, 30000, 30000 } } },
    { "explicit tier on a range is not split", 1, 0, 17, 0, 0, 19, 0, 0, AH, 0, ROUND_NONE, 0, 1, 0,
      2 * H, 2 * H, 30000, 1, { { AH, 2 * H, 2 * H, 15000, 30000 } } },
    { "empty tier means by the clock", 1, 0, 17, 30, 0, 19, 0, 0, "", 0, ROUND_NONE, 0, 1, 0,
      90 * M, 90 * M, 20000, 2,
      { { ST, 30 * M, 30 * M, 10000, 5000 }, { AH, 60 * M, 60 * M, 15000, 15000 } } },
    { "non-billable keeps actual", 1, 0, 17, 30, 0, 19, 0, 0, NULL, 15 * M, ROUND_UP, 1 * H, 0, 0,
      90 * M, 0, 0, 2, { { ST, 30 * M, 0, 0, 0 }, { AH, 60 * M, 0, 0, 0 } } },
    { "zero-minute range bills nothing", 1, 0, 10, 0, 0, 10, 0, 0, NULL, 15 * M, ROUND_UP, 1 * H, 1,
      0, 0, 0, 0, 0, { { NULL, 0, 0, 0, 0 } } },
    { "zero-minute duration", 0, 0, 0, 0, 0, 0, 0, 0, NULL, 15 * M, ROUND_UP, 1 * H, 1, 0,
      0, 0, 0, 0, { { NULL, 0, 0, 0, 0 } } },
    { "rate change on 2026-11-30", 0, 7, 0, 0, 0, 0, 0, 1 * H, NULL, 0, ROUND_NONE, 0, 1, 0,
      1 * H, 1 * H, 12000, 1, { { ST, 1 * H, 1 * H, 12000, 12000 } } },
    { "old rate on 2026-11-29", 0, 6, 0, 0, 0, 0, 0, 1 * H, NULL, 0, ROUND_NONE, 0, 1, 0,
      1 * H, 1 * H, 10000, 1, { { ST, 1 * H, 1 * H, 10000, 10000 } } },
    { "derived after-hours follows the new rate", 1, 7, 19, 0, 7, 20, 0, 0, NULL, 0,
      ROUND_NONE, 0, 1, 0, 1 * H, 1 * H, 18000, 1, { { AH, 1 * H, 1 * H, 18000, 18000 } } },
    { "money rounds half away from zero", 0, 0, 0, 0, 0, 0, 0, 30 * M, NULL, 0, ROUND_NONE, 0, 1, 7,
      30 * M, 30 * M, 1, 1, { { ST, 30 * M, 30 * M, 1, 1 } } },
    /* 29m59s = 1799 s = 49.97 hundredths → 0.50 h; 0.01 × 0.50 = 0.005 → 0.01. */
    { "hundredths round half up first", 0, 0, 0, 0, 0, 0, 0, 30 * M - 1, NULL, 0, ROUND_NONE, 0, 1, 7,
      30 * M - 1, 30 * M - 1, 1, 1, { { ST, 30 * M - 1, 30 * M - 1, 1, 1 } } },
    /* 1781 s = 49.47 hundredths → 0.49 h; 0.01 × 0.49 = 0.0049 → 0. */
    { "money below half rounds to 0", 0, 0, 0, 0, 0, 0, 0, 1781, NULL, 0, ROUND_NONE, 0, 1, 7,
      1781, 1781, 0, 1, { { ST, 1781, 1781, 1, 0 } } },
};

static void make_entry(tk_entry *e, const struct bill_case *c)
{
    tk_day mon = day_from_ymd(2026, 11, 23);
    memset(e, 0, sizeof *e);
    e->id = 42;
    e->client_id = 1;
    e->project_id = c->project;
    e->tier = (char *)c->tier;
    e->billable = c->billable;
    e->day = mon + c->d;
    e->has_range = c->range;
    if (c->range) {
        e->start = local_make(mon + c->d, c->h1, c->m1, 0);
        e->end = local_make(mon + (c->d2 < c->d ? c->d : c->d2), c->h2, c->m2, 0);
        e->seconds = -12345;   /* ignored for ranges */
    } else {
        e->seconds = c->seconds;
    }
}

static void run_cases(void)
{
    tk_rate_card card = the_card();
    tk_bizhours hours = the_hours();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct bill_case *c = &cases[i];
        tk_entry e;
        make_entry(&e, c);
        tk_rounding r = { c->inc, c->mode, c->min };
        tk_bill_rules rules = { &r, &hours, &card, NULL, 0 };
        tk_bill b;
        tk_err err = { "" };
        int before = t_failed_checks;
        CHECK_INT(bill_entry(&e, &rules, c->billable, &b, &err), 0);
        CHECK_INT(b.billable, c->billable);
        CHECK_INT(b.actual_seconds, c->actual);
        CHECK_INT(b.billed_seconds, c->billed);
        CHECK_INT(b.amount_minor, c->amount);
        CHECK_INT(b.nparts, c->nparts);
        CHECK(!b.missing_rate);
        for (int j = 0; j < c->nparts && j < b.nparts; j++) {
            CHECK_STR(b.parts[j].tier, c->p[j].tier);
            CHECK_INT(b.parts[j].actual_seconds, c->p[j].actual);
            CHECK_INT(b.parts[j].billed_seconds, c->p[j].billed);
            CHECK_INT(b.parts[j].rate_minor, c->p[j].rate);
            CHECK_INT(b.parts[j].amount_minor, c->p[j].amount);
            CHECK_INT(b.parts[j].has_rate, c->billable);
        }
        check_sums(&b);
        if (t_failed_checks != before)
            fprintf(stderr, "    case '%s' (%s)\n", c->what, err.msg);
    }
}

TEST(billing_table_berlin)
{
    t_set_tz("Europe/Berlin");
    run_cases();
}

TEST(billing_table_new_york)
{
    t_set_tz("America/New_York");
    run_cases();
}

TEST(billing_dst)
{
    t_set_tz("Europe/Berlin");
    tk_rate_card card = the_card();
    tk_bizhours hours = the_hours();
    tk_bill_rules rules = { NULL, &hours, &card, NULL, 0 };
    tk_entry e;
    memset(&e, 0, sizeof e);
    e.has_range = true;
    e.billable = true;
    /* Saturday 20:00 to Sunday 10:00 over the spring change: 13 real hours, all after-hours. */
    tk_day spring = day_from_ymd(2026, 3, 29), autumn = day_from_ymd(2026, 10, 25);
    e.day = spring - 1;
    e.start = local_make(spring - 1, 20, 0, 0);
    e.end = local_make(spring, 10, 0, 0);
    tk_bill b;
    tk_err err;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.nparts, 1);
    CHECK_INT(b.actual_seconds, 13 * H);
    CHECK_INT(b.amount_minor, 13 * 15000);
    /* Sunday 00:00 to Monday 10:00 over the autumn change: 25 h + 10 h, 1 h of it business. */
    e.day = autumn;
    e.start = local_day_start(autumn);
    e.end = local_make(autumn + 1, 10, 0, 0);
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.nparts, 2);
    CHECK_STR(b.parts[0].tier, AH);
    CHECK_INT(b.parts[0].actual_seconds, 34 * H);
    CHECK_STR(b.parts[1].tier, ST);
    CHECK_INT(b.parts[1].actual_seconds, 1 * H);
    check_sums(&b);
}

TEST(billing_without_rules)
{
    tk_entry e;
    memset(&e, 0, sizeof e);
    e.has_range = true;
    e.start = 1000;
    e.end = 1000 + 95 * M;
    tk_bill b;
    tk_err err;
    /* No rules: no rounding, no split, no rates. */
    CHECK_INT(bill_entry(&e, NULL, true, &b, &err), 0);
    CHECK_INT(b.billed_seconds, 95 * M);
    CHECK_INT(b.nparts, 1);
    CHECK_STR(b.parts[0].tier, ST);
    CHECK(!b.parts[0].has_rate);
    CHECK(b.missing_rate);
    CHECK_INT(b.amount_minor, 0);
    /* Disabled business hours: one standard part. */
    tk_bizhours off;
    CHECK_INT(bizhours_parse("none", &off, &err), 0);
    tk_bill_rules rules = { NULL, &off, NULL, NULL, 0 };
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.nparts, 1);
    /* A tier with no rate and no multiplier is billed 0 and flagged. */
    tk_rate_card card = the_card();
    rules.card = &card;
    e.tier = (char *)"weekend";
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK(b.missing_rate);
    CHECK_STR(b.parts[0].tier, "weekend");
    CHECK_INT(b.amount_minor, 0);
}

TEST(billing_is_billable)
{
    tk_entry e;
    tk_client c;
    tk_project p;
    memset(&e, 0, sizeof e);
    memset(&c, 0, sizeof c);
    memset(&p, 0, sizeof p);
    e.billable = c.billable = p.billable = true;
    p.fixed_minor = -1;
    CHECK(bill_is_billable(&e, &c, &p));
    CHECK(bill_is_billable(&e, &c, NULL));
    CHECK(bill_is_billable(&e, NULL, NULL));
    p.fixed_minor = 0;                       /* a fixed price of 0 is still fixed */
    CHECK(!bill_is_billable(&e, &c, &p));
    p.fixed_minor = -1;
    p.billable = false;
    CHECK(!bill_is_billable(&e, &c, &p));
    p.billable = true;
    c.billable = false;
    CHECK(!bill_is_billable(&e, &c, &p));
    c.billable = true;
    e.billable = false;
    CHECK(!bill_is_billable(&e, &c, &p));
}

TEST(billing_errors_and_limits)
{
    tk_rate_card card = the_card();
    tk_bizhours hours = the_hours();
    tk_rounding up = { 15 * M, ROUND_UP, 0 };
    tk_bill_rules rules = { &up, &hours, &card, NULL, 0 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    memset(&e, 0, sizeof e);
    e.billable = true;

    /* Duration entries. */
    e.seconds = -1;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    e.seconds = INT64_MAX;   /* rounding up would pass INT64_MAX */
    err.msg[0] = '\0';
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    CHECK(err.msg[0] != '\0');
    rules.rounding = NULL;   /* 100.00/h × INT64_MAX s overflows */
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    CHECK_INT(bill_entry(&e, &rules, false, &b, &err), 0);   /* not billed: no money */
    CHECK_INT(b.actual_seconds, INT64_MAX);
    CHECK_INT(b.amount_minor, 0);
    e.project_id = 7;        /* 0.01/h: INT64_MAX s is INT64_MAX/3600 minor units */
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.amount_minor, INT64_MAX / 3600 + 1);   /* …2.5 rounded up */
    check_sums(&b);
    e.seconds = INT64_MAX - INT64_MAX % (15 * M);
    rules.rounding = &up;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.billed_seconds, e.seconds);

    /* Range entries. */
    e.project_id = 0;
    e.has_range = true;
    e.start = 100;
    e.end = 99;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    e.start = INT64_MIN;
    e.end = INT64_MAX;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    e.end = INT64_MIN + 10 * M;   /* valid arithmetic, but no calendar to split it on */
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    e.tier = (char *)AH;          /* with a tier there is nothing to split */
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.billed_seconds, 15 * M);
    CHECK_INT(b.amount_minor, 3750);
    e.tier = NULL;
    e.start = 1795424400;         /* 2026-11-23 09:00 UTC */
    e.end = e.start + BIZ_SPLIT_MAX + 1;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    e.end = e.start + BIZ_SPLIT_MAX;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    check_sums(&b);

    /* A tier name too long to keep. */
    char longname[100];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    e.tier = longname;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    longname[BILL_TIER_MAX - 1] = '\0';   /* 64 bytes: fine */
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);

    /* Two parts whose amounts each fit but whose sum does not. */
    tk_rate huge[] = { { 1, 1, 0, NULL, INT64_MAX / 2 + 1, 0 } };
    tk_rate_card hc = { huge, 1, mults, 2 };
    rules.card = &hc;
    rules.rounding = NULL;
    e.tier = NULL;
    e.start = 1795424400 + 8 * H;   /* 17:00–19:00 UTC on a Monday */
    e.end = e.start + 2 * H;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), -1);
    huge[0].amount_minor = INT64_MAX / 3;
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.nparts, 2);
    check_sums(&b);
}

/* A tier name of 64 bytes is kept whole; one of 65 does not fit and is refused, not cut
 * (a mutant comparing with > instead of >= overflowed the part's name). */
TEST(billing_tier_name_at_its_limit)
{
    char name[BILL_TIER_MAX + 1];
    tk_entry e;
    tk_bill b;
    tk_err err;
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.seconds = H;
    memset(name, 'x', sizeof name - 1);
    name[BILL_TIER_MAX - 1] = '\0';            /* 64 bytes */
    e.tier = name;
    CHECK_INT(bill_entry(&e, NULL, true, &b, &err), 0);
    CHECK_INT((int64_t)strlen(b.parts[0].tier), BILL_TIER_MAX - 1);
    name[BILL_TIER_MAX - 1] = 'x';             /* 65 bytes */
    name[BILL_TIER_MAX] = '\0';
    CHECK_INT(bill_entry(&e, NULL, true, &b, &err), -1);
    CHECK(strstr(err.msg, "longer than 64 bytes") != NULL);
}

/* A part whose time all went to rounding bills nothing, so it needs no rate: no tier
 * multipliers here, so after-hours has none, and its 5 minutes are rounded away. */
TEST(billing_part_rounded_to_nothing_needs_no_rate)
{
    static const tk_rate std_only[] = { { 1, 1, 0, NULL, 10000, 0 } };
    tk_rate_card card = { std_only, 1, NULL, 0 };
    tk_bizhours hours = the_hours();
    tk_rounding down = { 15 * M, ROUND_DOWN, 0 };
    tk_bill_rules rules = { &down, &hours, &card, NULL, 0 };
    tk_entry e;
    tk_bill b;
    tk_err err;
    t_set_tz("Europe/Berlin");
    memset(&e, 0, sizeof e);
    e.billable = true;
    e.has_range = true;
    e.day = day_from_ymd(2026, 11, 23);                  /* a Monday */
    e.start = local_make(e.day, 17, 0, 0);
    e.end = local_make(e.day, 18, 5, 0);                 /* 60 min standard, 5 after hours */
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK_INT(b.nparts, 2);
    CHECK_STR(b.parts[1].tier, AH);
    CHECK_INT(b.parts[1].billed_seconds, 0);
    CHECK(!b.parts[1].has_rate);
    CHECK(!b.missing_rate);
    CHECK_INT(b.amount_minor, 10000);
    e.end = local_make(e.day, 18, 20, 0);                /* 5 of its 20 minutes are billed */
    CHECK_INT(bill_entry(&e, &rules, true, &b, &err), 0);
    CHECK(b.missing_rate);
}
