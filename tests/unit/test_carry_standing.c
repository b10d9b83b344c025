/* app_carry_standing: a retainer period's standing goes into its stored text and comes back
 * as it was; any other text is refused whole (then the period is drawn again). */
#include "test.h"
#include "app_carry_standing.h"

static app_carry_standing sample(tk_day_usage *usage)
{
    app_carry_standing s = { 600, 150, 37, 4440, true, 20781, 1795600800, 912345,
                             { { 0 } }, usage, 3 };
    s.rolled.left[0] = 7200;
    s.rolled.left[11] = 36;
    usage[0] = (tk_day_usage){ 20760, 3600 };
    usage[1] = (tk_day_usage){ 20761, 900 };
    usage[2] = (tk_day_usage){ 20781, 123456789012345 };
    return s;
}

TEST(carry_standing_text_round_trips)
{
    tk_day_usage usage[3];
    app_carry_standing s = sample(usage), back;
    char *t = app_carry_standing_text(&s);
    CHECK_STR(t, "600 150 37 4440 1 20781 1795600800 912345;7200 0 0 0 0 0 0 0 0 0 0 36 ;"
                 "20760 3600;20761 900;20781 123456789012345;");
    CHECK(app_carry_standing_parse(t, &back));
    CHECK_INT(back.left_centi, 600);
    CHECK_INT(back.held_centi, 150);
    CHECK_INT(back.overage_centi, 37);
    CHECK_INT(back.overage_minor, 4440);
    CHECK(back.has_last_free);
    CHECK_INT(back.last_free_day, 20781);
    CHECK_INT(back.last_free_start, 1795600800);
    CHECK_INT(back.last_free_id, 912345);
    CHECK(!memcmp(&back.rolled, &s.rolled, sizeof s.rolled));
    CHECK_INT(back.n, 3);
    for (size_t i = 0; i < 3 && back.n == 3; i++) {
        CHECK_INT(back.usage[i].day, usage[i].day);
        CHECK_INT(back.usage[i].billed_seconds, usage[i].billed_seconds);
    }
    app_carry_standing_free(&back);
    free(t);
    /* No day used and no free entry: the totals and the buckets only. */
    s.n = 0;
    s.has_last_free = false;
    t = app_carry_standing_text(&s);
    CHECK_STR(t, "600 150 37 4440 0 0 0 0;7200 0 0 0 0 0 0 0 0 0 0 36 ;");
    CHECK(app_carry_standing_parse(t, &back));
    CHECK_INT(back.n, 0);
    CHECK(!back.has_last_free);
    CHECK_INT(back.left_centi, 600);
    app_carry_standing_free(&back);
    free(t);
}

TEST(carry_standing_refuses_any_other_text)
{
#define Z12 "0 0 0 0 0 0 0 0 0 0 0 0 ;"
    static const char *const bad[] = {
        "",
        "600 150 37 4440;" Z12,                                /* no last free entry */
        "600 150 37 0 0 0 0;" Z12,                             /* a total missing */
        "600 150 37 4440 2 0 0 0;" Z12,                        /* has: 0 or 1 */
        "600 150 37 4440 1 99999999 0 0;" Z12,                 /* its day past DAY_MAX */
        "600 150 37 4440 0 0 0 0;0 0 0 0 0 0 0 0 0 0 0 ;",     /* 11 buckets */
        "600 150 37 4440 0 0 0 0;0 " Z12,                      /* 13 */
        "600 150 37 4440 0 0 0 0;" Z12 "20760 3600",           /* a day cut short */
        "600 150 37 4440 0 0 0 0;" Z12 "20761 1;20760 1;",     /* days not ascending */
        "600 150 37 4440 0 0 0 0;" Z12 "20760 1;20760 1;",     /* a day twice */
        "600 150 37 4440 0 0 0 0;" Z12 "99999999 1;",          /* past DAY_MAX */
        "1234567890123456789 0 0 0 0 0 0 0;" Z12,              /* 19 digits */
        "600 150 37 4440 0 0 0 0;" Z12 "20760 1;x",
        "600 150 37 4440 0 0 0 0;" Z12 "20760 +1;",
        "600 150 -- 4440 0 0 0 0;" Z12,
    };
#undef Z12
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        app_carry_standing s;
        memset(&s, 0xab, sizeof s);
        bool ok = app_carry_standing_parse(bad[i], &s);
        if (ok)
            fprintf(stderr, "accepted: %s\n", bad[i]);
        CHECK(!ok);
        CHECK(s.usage == NULL);
        CHECK_INT(s.n, 0);
    }
}
