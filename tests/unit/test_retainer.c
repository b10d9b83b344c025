#include "test.h"
#include "retainer.h"

#define H 3600
#define D(y, m, d) day_from_ymd(y, m, d)

static tk_retainer monthly(void)
{
    tk_retainer r;
    memset(&r, 0, sizeof r);
    r.id = 1;
    r.client_id = 1;
    r.period = PERIOD_MONTH;
    r.prepaid_seconds = 20 * H;
    r.fee_minor = 200000;          /* 2000.00 a month */
    r.overage_minor = 12000;       /* 120.00/h beyond */
    r.rollover = ROLLOVER_NONE;
    r.alert_pct = 80;
    r.from = D(2026, 1, 1);
    r.to = DAY_MAX;
    r.whole = true;                /* partial periods whole here; retainer_prorated tests the default */
    return r;
}

TEST(retainer_periods)
{
    tk_retainer r = monthly();
    static const struct {
        tk_period period; int wday; int y, m, d; int fy, fm, fd, ly, lm, ld;
    } cases[] = {
        { PERIOD_MONTH, 0, 2026, 11, 10, 2026, 11, 1, 2026, 11, 30 },
        { PERIOD_MONTH, 0, 2026, 11, 1, 2026, 11, 1, 2026, 11, 30 },
        { PERIOD_MONTH, 0, 2026, 11, 30, 2026, 11, 1, 2026, 11, 30 },
        { PERIOD_MONTH, 0, 2028, 2, 29, 2028, 2, 1, 2028, 2, 29 },
        { PERIOD_MONTH, 0, 2026, 12, 31, 2026, 12, 1, 2026, 12, 31 },
        { PERIOD_QUARTER, 0, 2026, 1, 1, 2026, 1, 1, 2026, 3, 31 },
        { PERIOD_QUARTER, 0, 2026, 3, 31, 2026, 1, 1, 2026, 3, 31 },
        { PERIOD_QUARTER, 0, 2026, 4, 1, 2026, 4, 1, 2026, 6, 30 },
        { PERIOD_QUARTER, 0, 2026, 8, 15, 2026, 7, 1, 2026, 9, 30 },
        { PERIOD_QUARTER, 0, 2026, 12, 31, 2026, 10, 1, 2026, 12, 31 },
        { PERIOD_WEEK, 0, 2026, 11, 25, 2026, 11, 23, 2026, 11, 29 },   /* Mon–Sun */
        { PERIOD_WEEK, 0, 2026, 11, 23, 2026, 11, 23, 2026, 11, 29 },
        { PERIOD_WEEK, 6, 2026, 11, 25, 2026, 11, 22, 2026, 11, 28 },   /* Sun–Sat */
        { PERIOD_WEEK, 6, 2026, 11, 22, 2026, 11, 22, 2026, 11, 28 },
        { PERIOD_WEEK, -1, 2026, 11, 22, 2026, 11, 22, 2026, 11, 28 },  /* -1 ≡ Sunday */
        { PERIOD_WEEK, 0, 2026, 12, 31, 2026, 12, 28, 2027, 1, 3 },     /* over the year */
        { PERIOD_MONTH, 0, 9999, 12, 31, 9999, 12, 1, 9999, 12, 31 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tk_day first, last;
        r.period = cases[i].period;
        retainer_period(&r, D(cases[i].y, cases[i].m, cases[i].d), cases[i].wday, &first, &last);
        CHECK_INT(first, D(cases[i].fy, cases[i].fm, cases[i].fd));
        CHECK_INT(last, D(cases[i].ly, cases[i].lm, cases[i].ld));
    }
}

TEST(retainer_usage_range_for_rollover)
{
    tk_retainer r = monthly();
    tk_day from, to;
    retainer_usage_range(&r, D(2026, 11, 10), 0, &from, &to);
    CHECK_INT(from, D(2026, 11, 1));
    CHECK_INT(to, D(2026, 11, 30));
    r.rollover = ROLLOVER_UNUSED;
    retainer_usage_range(&r, D(2026, 11, 10), 0, &from, &to);
    CHECK_INT(from, D(2026, 10, 1));
    CHECK_INT(to, D(2026, 11, 30));
    r.from = D(2026, 11, 1);   /* not in force last month: nothing rolls over */
    retainer_usage_range(&r, D(2026, 11, 10), 0, &from, &to);
    CHECK_INT(from, D(2026, 11, 1));
    r.period = PERIOD_QUARTER;
    r.from = D(2026, 1, 1);
    retainer_usage_range(&r, D(2026, 11, 10), 0, &from, &to);
    CHECK_INT(from, D(2026, 7, 1));
    CHECK_INT(to, D(2026, 12, 31));
}

struct status_case {
    const char *what;
    tk_rollover rollover;
    int from_m, from_d;             /* retainer from 2026-mm-dd */
    int date_d;                     /* 2026-11-dd */
    tk_day_usage use[8];            /* day numbers filled as day-of-November offsets below */
    int nuse;
    int64_t rollover_s, prepaid, used, remaining, overage, overage_minor;
    int alert, exhausted, projected;
    int exhausts_d;                 /* 2026-11-dd, 0 = none */
};

/* Usage days are written as dates relative to 2026-11-01: 0 = Nov 1, -1 = Oct 31, 29 = Nov 30. */
static const struct status_case cases[] = {
    { "pace projects within the month", ROLLOVER_NONE, 1, 1, 10,
      { { 0, 2 * H }, { 4, 3 * H }, { 9, 5 * H } }, 3,
      0, 20 * H, 10 * H, 10 * H, 0, 0, 0, 0, 1, 20 },
    { "pace beyond the month", ROLLOVER_NONE, 1, 1, 10, { { 0, 5 * H } }, 1,
      0, 20 * H, 5 * H, 15 * H, 0, 0, 0, 0, 0, 0 },
    { "projected on the last day", ROLLOVER_NONE, 1, 1, 15, { { 0, 10 * H } }, 1,
      0, 20 * H, 10 * H, 10 * H, 0, 0, 0, 0, 1, 30 },
    { "nothing used", ROLLOVER_NONE, 1, 1, 10, { { 0, 0 } }, 0,
      0, 20 * H, 0, 20 * H, 0, 0, 0, 0, 0, 0 },
    { "used up exactly, unsorted and repeated days", ROLLOVER_NONE, 1, 1, 20,
      { { 4, 6 * H }, { 0, 10 * H }, { 4, 4 * H }, { 9, 0 } }, 4,
      0, 20 * H, 20 * H, 0, 0, 0, 1, 1, 0, 5 },
    { "overage", ROLLOVER_NONE, 1, 1, 20,
      { { 0, 10 * H }, { 2, 10 * H }, { 3, 1 * H + 1800 } }, 3,
      0, 20 * H, 21 * H + 1800, 0, 1 * H + 1800, 18000, 1, 1, 0, 3 },
    { "first and last day count, neighbours do not", ROLLOVER_NONE, 1, 1, 30,
      { { -1, 50 * H }, { 0, 1 * H }, { 29, 2 * H }, { 30, 50 * H } }, 4,
      0, 20 * H, 3 * H, 17 * H, 0, 0, 0, 0, 0, 0 },
    { "alert at 80%", ROLLOVER_NONE, 1, 1, 20, { { 0, 16 * H } }, 1,
      0, 20 * H, 16 * H, 4 * H, 0, 0, 1, 0, 1, 25 },
    { "no alert just below", ROLLOVER_NONE, 1, 1, 29, { { 0, 16 * H - 1 } }, 1,
      0, 20 * H, 16 * H - 1, 4 * H + 1, 0, 0, 0, 0, 0, 0 },
    { "rollover of unused", ROLLOVER_UNUSED, 1, 1, 10,
      { { -40, 99 * H }, { -31, 15 * H }, { 0, 5 * H } }, 3,
      5 * H, 25 * H, 5 * H, 20 * H, 0, 0, 0, 0, 0, 0 },
    { "rollover from the previous period's last day", ROLLOVER_UNUSED, 1, 1, 10,
      { { -1, 20 * H } }, 1, 0, 20 * H, 0, 20 * H, 0, 0, 0, 0, 0, 0 },
    { "rollover never below zero", ROLLOVER_UNUSED, 1, 1, 10,
      { { -10, 30 * H }, { 0, 21 * H } }, 2,
      0, 20 * H, 21 * H, 0, 1 * H, 12000, 1, 1, 0, 1 },
    { "rollover when nothing was used last month", ROLLOVER_UNUSED, 1, 1, 10,
      { { 0, 10 * H } }, 1, 20 * H, 40 * H, 10 * H, 30 * H, 0, 0, 0, 0, 0, 0 },
    { "no rollover into the first period", ROLLOVER_UNUSED, 11, 1, 10,
      { { 0, 10 * H } }, 1, 0, 20 * H, 10 * H, 10 * H, 0, 0, 0, 0, 1, 20 },
    { "rollover from a partial previous period", ROLLOVER_UNUSED, 10, 31, 10,
      { { 0, 10 * H } }, 1, 20 * H, 40 * H, 10 * H, 30 * H, 0, 0, 0, 0, 0, 0 },
    { "retainer starting today: pace from its first day", ROLLOVER_NONE, 11, 10, 10,
      { { 9, 4 * H } }, 1, 0, 20 * H, 4 * H, 16 * H, 0, 0, 0, 0, 1, 14 },
    { "days before the retainer starts are not its usage", ROLLOVER_NONE, 11, 10, 12,
      { { 8, 30 * H }, { 9, 4 * H }, { 11, 2 * H } }, 3,
      0, 20 * H, 6 * H, 14 * H, 0, 0, 0, 0, 1, 19 },
    { "usage in the previous period before from does not count", ROLLOVER_UNUSED, 10, 20, 10,
      { { -15, 30 * H }, { -5, 8 * H }, { 0, 10 * H } }, 3,
      12 * H, 32 * H, 10 * H, 22 * H, 0, 0, 0, 0, 0, 0 },
};

TEST(retainer_status_table)
{
    tk_day nov1 = D(2026, 11, 1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct status_case *c = &cases[i];
        tk_retainer r = monthly();
        r.rollover = c->rollover;
        r.from = D(2026, c->from_m, c->from_d);
        tk_day_usage use[8];
        for (int j = 0; j < c->nuse; j++) {
            use[j].day = nov1 + c->use[j].day;
            use[j].billed_seconds = c->use[j].billed_seconds;
        }
        tk_retainer_status s;
        tk_err err = { "" };
        int before = t_failed_checks;
        CHECK_INT(retainer_status(&r, D(2026, 11, c->date_d), 0, use, (size_t)c->nuse, &s, &err), 0);
        CHECK(s.applicable);
        CHECK_INT(s.period_start, nov1);
        CHECK_INT(s.period_end, D(2026, 11, 30));
        CHECK_INT(s.base_seconds, 20 * H);
        CHECK_INT(s.rollover_seconds, c->rollover_s);
        CHECK_INT(s.prepaid_seconds, c->prepaid);
        CHECK_INT(s.used_seconds, c->used);
        CHECK_INT(s.remaining_seconds, c->remaining);
        CHECK_INT(s.overage_seconds, c->overage);
        CHECK_INT(s.fee_minor, 200000);
        CHECK_INT(s.overage_rate_minor, 12000);
        CHECK_INT(s.overage_minor, c->overage_minor);
        CHECK_INT(s.alert, c->alert);
        CHECK_INT(s.exhausted, c->exhausted);
        CHECK_INT(s.projected, c->projected);
        CHECK_INT(s.exhausts_on, c->exhausts_d ? D(2026, 11, c->exhausts_d) : RETAINER_NO_DAY);
        if (t_failed_checks != before)
            fprintf(stderr, "    case '%s' (%s)\n", c->what, err.msg);
    }
}

TEST(retainer_rollover_does_not_compound)
{
    /* Sep: nothing used; Oct: 5 h used of 20 + 20 rolled over; Nov gets only Oct's unused base. */
    tk_retainer r = monthly();
    r.rollover = ROLLOVER_UNUSED;
    tk_day_usage use[] = { { D(2026, 10, 15), 5 * H } };
    tk_retainer_status oct, nov;
    tk_err err;
    CHECK_INT(retainer_status(&r, D(2026, 10, 20), 0, use, 1, &oct, &err), 0);
    CHECK_INT(oct.prepaid_seconds, 40 * H);
    CHECK_INT(oct.remaining_seconds, 35 * H);
    CHECK_INT(retainer_status(&r, D(2026, 11, 1), 0, use, 1, &nov, &err), 0);
    CHECK_INT(nov.rollover_seconds, 15 * H);
    CHECK_INT(nov.prepaid_seconds, 35 * H);
    /* First in, first out: October's 5 h came out of the 20 h rolled in from September, so
     * all of October's base rolls on — but never more than one period's base. */
    CHECK_INT(retainer_status_fifo(&r, D(2026, 11, 1), 0, use, 1, 20 * H, &nov, &err), 0);
    CHECK_INT(nov.rollover_seconds, 20 * H);
    CHECK_INT(retainer_status_fifo(&r, D(2026, 11, 1), 0, use, 1, 2 * H, &nov, &err), 0);
    CHECK_INT(nov.rollover_seconds, 17 * H);   /* 20 − (5 − 2) */
    CHECK_INT(retainer_rolls_on(&r, 20 * H, 2 * H, 30 * H), 0);
    /* The pace on the first day of a period with nothing used: none. */
    CHECK(!nov.projected);
    CHECK_INT(nov.exhausts_on, RETAINER_NO_DAY);
}

TEST(retainer_not_in_force)
{
    tk_retainer r = monthly();
    tk_retainer_status s;
    tk_err err;
    r.from = D(2026, 11, 11);
    r.to = D(2026, 11, 20);
    CHECK_INT(retainer_status(&r, D(2026, 11, 10), 0, NULL, 0, &s, &err), 0);
    CHECK(!s.applicable);
    CHECK_INT(s.used_seconds, 0);
    CHECK_INT(retainer_status(&r, D(2026, 11, 21), 0, NULL, 0, &s, &err), 0);
    CHECK(!s.applicable);
    CHECK_INT(retainer_status(&r, D(2026, 11, 11), 0, NULL, 0, &s, &err), 0);
    CHECK(s.applicable);
    CHECK_INT(retainer_status(&r, D(2026, 11, 20), 0, NULL, 0, &s, &err), 0);
    CHECK(s.applicable);
    r.from = DAY_MIN - 10;
    CHECK_INT(retainer_status(&r, DAY_MAX + 1, 0, NULL, 0, &s, &err), 0);
    CHECK(!s.applicable);
    CHECK_INT(retainer_status(&r, INT32_MIN, 0, NULL, 0, &s, &err), 0);
    CHECK(!s.applicable);
}

TEST(retainer_quarter_and_week)
{
    tk_retainer r = monthly();
    tk_retainer_status s;
    tk_err err;
    /* Q3 is 92 days: usage on its last day counts, and pace runs over the whole quarter. */
    r.period = PERIOD_QUARTER;
    r.prepaid_seconds = 92 * H;
    tk_day_usage q[] = { { D(2026, 7, 1), 1 * H }, { D(2026, 9, 30), 91 * H } };
    CHECK_INT(retainer_status(&r, D(2026, 9, 30), 0, q, 2, &s, &err), 0);
    CHECK_INT(s.period_start, D(2026, 7, 1));
    CHECK_INT(s.period_end, D(2026, 9, 30));
    CHECK_INT(s.used_seconds, 92 * H);
    CHECK(s.exhausted);
    CHECK_INT(s.exhausts_on, D(2026, 9, 30));
    CHECK_INT(retainer_status(&r, D(2026, 7, 1), 0, q, 1, &s, &err), 0);
    CHECK(s.projected);   /* 1 h a day → day 92 */
    CHECK_INT(s.exhausts_on, D(2026, 9, 30));
    /* Weeks from Sunday, 10 h prepaid, rollover of last week's unused. */
    r.period = PERIOD_WEEK;
    r.prepaid_seconds = 10 * H;
    r.rollover = ROLLOVER_UNUSED;
    tk_day_usage w[] = { { D(2026, 11, 21), 4 * H }, { D(2026, 11, 22), 3 * H },
                         { D(2026, 11, 23), 3 * H } };
    CHECK_INT(retainer_status(&r, D(2026, 11, 23), 6, w, 3, &s, &err), 0);
    CHECK_INT(s.period_start, D(2026, 11, 22));
    CHECK_INT(s.rollover_seconds, 6 * H);
    CHECK_INT(s.prepaid_seconds, 16 * H);
    CHECK_INT(s.used_seconds, 6 * H);
    CHECK(s.projected);   /* 3 h a day → 16 h on day 6 */
    CHECK_INT(s.exhausts_on, D(2026, 11, 27));
    /* The same usage with weeks from Monday. */
    CHECK_INT(retainer_status(&r, D(2026, 11, 23), 0, w, 3, &s, &err), 0);
    CHECK_INT(s.period_start, D(2026, 11, 23));
    CHECK_INT(s.rollover_seconds, 3 * H);
    CHECK_INT(s.used_seconds, 3 * H);
}

TEST(retainer_zero_and_limits)
{
    tk_retainer r = monthly();
    tk_retainer_status s;
    tk_err err = { "" };
    /* A fee-only retainer (0 h prepaid): everything is overage; exhausted from the start. */
    r.prepaid_seconds = 0;
    tk_day_usage u[] = { { D(2026, 11, 5), 90 * 60 } };
    CHECK_INT(retainer_status(&r, D(2026, 11, 10), 0, u, 1, &s, &err), 0);
    CHECK_INT(s.overage_seconds, 90 * 60);
    CHECK_INT(s.overage_minor, 18000);
    CHECK(s.exhausted);
    CHECK_INT(s.exhausts_on, D(2026, 11, 1));
    CHECK(s.alert);
    CHECK_INT(retainer_status(&r, D(2026, 11, 10), 0, NULL, 0, &s, &err), 0);
    CHECK(!s.alert);       /* nothing used: nothing to warn about */
    CHECK(s.exhausted);
    r.alert_pct = 0;
    CHECK_INT(retainer_status(&r, D(2026, 11, 10), 0, u, 1, &s, &err), 0);
    CHECK(!s.alert);

    /* Huge values: prepaid near INT64_MAX, pace arithmetic in 128 bits. */
    r = monthly();
    r.prepaid_seconds = INT64_MAX;
    tk_day_usage big[] = { { D(2026, 11, 1), INT64_MAX / 2 } };
    CHECK_INT(retainer_status(&r, D(2026, 11, 1), 0, big, 1, &s, &err), 0);
    CHECK(s.projected);   /* INT64_MAX is 2 × (INT64_MAX / 2) + 1: day 3 */
    CHECK_INT(s.exhausts_on, D(2026, 11, 3));
    CHECK_INT(s.remaining_seconds, INT64_MAX - INT64_MAX / 2);
    CHECK(!s.alert);

    /* Usage that overflows when summed, negative usage, prepaid + rollover overflow,
     * overage money overflow: all refused. */
    tk_day_usage two[] = { { D(2026, 11, 1), INT64_MAX }, { D(2026, 11, 2), 1 } };
    CHECK_INT(retainer_status(&r, D(2026, 11, 3), 0, two, 2, &s, &err), -1);
    tk_day_usage neg[] = { { D(2026, 11, 1), -1 } };
    CHECK_INT(retainer_status(&r, D(2026, 11, 3), 0, neg, 1, &s, &err), -1);
    r.rollover = ROLLOVER_UNUSED;
    CHECK_INT(retainer_status(&r, D(2026, 11, 3), 0, NULL, 0, &s, &err), -1);
    r = monthly();
    r.overage_minor = INT64_MAX;
    tk_day_usage over[] = { { D(2026, 11, 1), 30 * H } };
    err.msg[0] = '\0';
    CHECK_INT(retainer_status(&r, D(2026, 11, 3), 0, over, 1, &s, &err), -1);
    CHECK(err.msg[0] != '\0');
    r.prepaid_seconds = -1;
    CHECK_INT(retainer_status(&r, D(2026, 11, 3), 0, NULL, 0, &s, &err), -1);
    /* Usage of INT64_MAX in one day, just fitting. */
    r = monthly();
    r.overage_minor = 0;
    tk_day_usage max[] = { { D(2026, 11, 30), INT64_MAX } };
    CHECK_INT(retainer_status(&r, D(2026, 11, 30), 0, max, 1, &s, &err), 0);
    CHECK_INT(s.overage_seconds, INT64_MAX - 20 * H);
    CHECK_INT(s.exhausts_on, D(2026, 11, 30));
    CHECK(s.alert);
}

TEST(retainer_ending_mid_period)
{
    /* In force until Nov 15: usage after it is not the retainer's; the pace stops there. */
    tk_retainer r = monthly();
    r.to = D(2026, 11, 15);
    tk_day_usage u[] = { { D(2026, 11, 1), 5 * H }, { D(2026, 11, 16), 50 * H } };
    tk_retainer_status s;
    tk_err err;
    CHECK_INT(retainer_status(&r, D(2026, 11, 5), 0, u, 2, &s, &err), 0);
    CHECK_INT(s.used_seconds, 5 * H);
    CHECK(!s.projected);   /* 1 h a day reaches 20 h on Nov 20, after the retainer ends */
    CHECK_INT(s.exhausts_on, RETAINER_NO_DAY);
    u[0].billed_seconds = 6 * H;
    CHECK_INT(retainer_status(&r, D(2026, 11, 4), 0, u, 2, &s, &err), 0);
    CHECK(s.projected);    /* 1.5 h a day: 20 h on day 14 */
    CHECK_INT(s.exhausts_on, D(2026, 11, 14));
    CHECK_INT(retainer_status(&r, D(2026, 11, 16), 0, u, 2, &s, &err), 0);
    CHECK(!s.applicable);
}

/* The default for a partial period: fee and hours by its days in force. */
TEST(retainer_prorated)
{
    tk_retainer r = monthly();
    tk_retainer_status s;
    tk_err err;
    r.whole = false;
    r.from = D(2026, 3, 15);   /* 17 of March's 31 days */
    CHECK_INT(retainer_status(&r, D(2026, 3, 20), 0, NULL, 0, &s, &err), 0);
    CHECK_INT(s.base_seconds, 39484);        /* 72000 × 17 / 31 = 39483.87 */
    CHECK_INT(s.fee_minor, 109677);          /* 200000 × 17 / 31 = 109677.4 */
    /* Ending mid-April, rollover of March's unused prorated hours (capped at 1 h). */
    r.to = D(2026, 4, 10);     /* 10 of April's 30 days */
    r.rollover = ROLLOVER_UNUSED;
    r.has_rollover_cap = true;
    r.rollover_cap = 1 * H;
    tk_day_usage u[] = { { D(2026, 3, 16), 9 * H } };
    CHECK_INT(retainer_status(&r, D(2026, 4, 2), 0, u, 1, &s, &err), 0);
    CHECK_INT(s.base_seconds, 24000);        /* 72000 / 3 */
    CHECK_INT(s.fee_minor, 66667);
    CHECK_INT(s.rollover_seconds, 1 * H);    /* 39484 − 32400 = 7084, capped */
    CHECK_INT(s.prepaid_seconds, 24000 + 1 * H);
    r.has_rollover_cap = false;
    CHECK_INT(retainer_status(&r, D(2026, 4, 2), 0, u, 1, &s, &err), 0);
    CHECK_INT(s.rollover_seconds, 7084);
    r.whole = true;
    CHECK_INT(retainer_status(&r, D(2026, 4, 2), 0, u, 1, &s, &err), 0);
    CHECK_INT(s.base_seconds, 72000);
    CHECK_INT(s.rollover_seconds, 72000 - 9 * H);
}

/* Days outside years 1–9999 are clamped into them, never computed with (int overflow). */
TEST(retainer_period_of_an_out_of_range_day)
{
    tk_retainer r = monthly();
    tk_day first, last;
    retainer_period(&r, INT32_MIN, 0, &first, &last);
    CHECK_INT(first, DAY_MIN);
    CHECK_INT(last, DAY_MIN + 30);
    retainer_period(&r, INT32_MAX, 0, &first, &last);
    CHECK_INT(first, DAY_MAX - 30);
    CHECK_INT(last, DAY_MAX);
}

/* The pace of a single second used is a pace: 1 s on the 1st of 10 s prepaid runs out on the
 * 10th. */
TEST(retainer_projection_of_one_second)
{
    tk_retainer r = monthly();
    tk_retainer_status s;
    tk_err err;
    r.prepaid_seconds = 10;
    tk_day_usage u[] = { { D(2026, 11, 1), 1 } };
    CHECK_INT(retainer_status(&r, D(2026, 11, 1), 0, u, 1, &s, &err), 0);
    CHECK(s.projected);
    CHECK_INT(s.exhausts_on, D(2026, 11, 10));
}

/* The day the prepaid hours ran out counts every second: 9 s on the 3rd of 10 s prepaid is not
 * yet out; the 1 s on the 7th is. */
TEST(retainer_exhausted_on_the_exact_day)
{
    tk_retainer r = monthly();
    tk_retainer_status s;
    tk_err err;
    r.prepaid_seconds = 10;
    tk_day_usage u[] = { { D(2026, 11, 3), 9 }, { D(2026, 11, 7), 1 } };
    CHECK_INT(retainer_status(&r, D(2026, 11, 20), 0, u, 2, &s, &err), 0);
    CHECK(s.exhausted);
    CHECK_INT(s.exhausts_on, D(2026, 11, 7));
    u[0].day = D(2026, 11, 1);
    CHECK_INT(retainer_status(&r, D(2026, 11, 20), 0, u, 2, &s, &err), 0);
    CHECK_INT(s.exhausts_on, D(2026, 11, 7));
}
