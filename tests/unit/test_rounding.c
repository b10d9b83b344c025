#include "test.h"
#include "rounding.h"

#define M 60
#define H 3600

TEST(rounding_table)
{
    static const struct {
        int64_t inc; round_mode mode; int64_t min, actual, want;
    } cases[] = {
        /* up, 15m */
        { 15 * M, ROUND_UP, 0, 7 * M, 15 * M },
        { 15 * M, ROUND_UP, 0, 15 * M, 15 * M },
        { 15 * M, ROUND_UP, 0, 16 * M, 30 * M },
        { 15 * M, ROUND_UP, 0, 1, 15 * M },
        { 15 * M, ROUND_UP, 0, 15 * M + 1, 30 * M },
        { 15 * M, ROUND_UP, 0, 0, 0 },
        /* nearest, 15m: exact half goes up */
        { 15 * M, ROUND_NEAREST, 0, 7 * M + 30, 15 * M },
        { 15 * M, ROUND_NEAREST, 0, 7 * M + 29, 0 },
        { 15 * M, ROUND_NEAREST, 0, 22 * M + 29, 15 * M },
        { 15 * M, ROUND_NEAREST, 0, 22 * M + 30, 30 * M },
        { 15 * M, ROUND_NEAREST, 0, 15 * M, 15 * M },
        { 7, ROUND_NEAREST, 0, 3, 0 },        /* odd increment: 3 < 3.5 */
        { 7, ROUND_NEAREST, 0, 4, 7 },
        /* down */
        { 15 * M, ROUND_DOWN, 0, 29 * M + 59, 15 * M },
        { 15 * M, ROUND_DOWN, 0, 14 * M, 0 },
        { 15 * M, ROUND_DOWN, 0, 30 * M, 30 * M },
        /* none / no increment: actual */
        { 15 * M, ROUND_NONE, 0, 7 * M + 1, 7 * M + 1 },
        { 0, ROUND_UP, 0, 7 * M + 1, 7 * M + 1 },
        { -5, ROUND_UP, 0, 7 * M + 1, 7 * M + 1 },
        { 15 * M, (round_mode)42, 0, 7 * M + 1, 7 * M + 1 },
        /* minimum: after rounding, only with actual time > 0 */
        { 15 * M, ROUND_NEAREST, 10 * M, 7 * M + 29, 10 * M },
        { 15 * M, ROUND_DOWN, 30 * M, 1, 30 * M },
        { 15 * M, ROUND_UP, 30 * M, 16 * M, 30 * M },
        { 15 * M, ROUND_UP, 30 * M, 31 * M, 45 * M },
        { 15 * M, ROUND_UP, 30 * M, 0, 0 },
        { 0, ROUND_NONE, 1 * H, 1, 1 * H },
        { 0, ROUND_NONE, 1 * H, 2 * H, 2 * H },
        { 15 * M, ROUND_UP, -5, 1, 15 * M },
        /* negative actual bills nothing */
        { 15 * M, ROUND_UP, 30 * M, -1, 0 },
        { 15 * M, ROUND_UP, 0, INT64_MIN, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tk_rounding r = { cases[i].inc, cases[i].mode, cases[i].min };
        int64_t got = -1;
        CHECK_INT(round_bill_checked(cases[i].actual, &r, &got), 0);
        CHECK_INT(got, cases[i].want);
        CHECK_INT(round_bill(cases[i].actual, &r), cases[i].want);
        if (got != cases[i].want)
            fprintf(stderr, "    case %zu\n", i);
    }
}

TEST(rounding_null_rule_bills_actual)
{
    CHECK_INT(round_bill(1234, NULL), 1234);
    CHECK_INT(round_bill(0, NULL), 0);
    CHECK_INT(round_bill(INT64_MAX, NULL), INT64_MAX);
}

TEST(rounding_near_int64_limits)
{
    tk_rounding up = { 15 * M, ROUND_UP, 0 }, near = { 15 * M, ROUND_NEAREST, 0 };
    tk_rounding down = { 15 * M, ROUND_DOWN, 0 }, huge = { INT64_MAX, ROUND_NEAREST, 0 };
    int64_t top = INT64_MAX - INT64_MAX % (15 * M); /* the largest multiple of 15m */
    int64_t got = 0;
    /* Rounding up past INT64_MAX: checked fails, clamped saturates. */
    CHECK_INT(round_bill_checked(INT64_MAX, &up, &got), -1);
    CHECK_INT(round_bill(INT64_MAX, &up), INT64_MAX);
    CHECK_INT(round_bill_checked(top + 1, &up, &got), -1);
    CHECK_INT(round_bill_checked(top, &up, &got), 0);
    CHECK_INT(got, top);
    CHECK_INT(round_bill(INT64_MAX, &down), top);
    CHECK_INT(round_bill(top + 1, &near), top);
    /* An increment of INT64_MAX: halves compared without overflow. */
    CHECK_INT(round_bill(INT64_MAX / 2, &huge), 0);
    CHECK_INT(round_bill(INT64_MAX / 2 + 1, &huge), INT64_MAX);
    CHECK_INT(round_bill(INT64_MAX - 1, &huge), INT64_MAX);
    tk_rounding big_min = { 0, ROUND_NONE, INT64_MAX };
    CHECK_INT(round_bill(1, &big_min), INT64_MAX);
}
