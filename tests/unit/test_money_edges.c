/* Edges of the money core that `make mutate` found untested (issue 23): each test kills a
 * mutant that the rest of the suite let through, and says what a user would have seen. */
#include "test.h"
#include "money.h"
#include "util.h"

/* "1..50" is a typo, not 1.50: a second point right after the first was taken as the first. */
TEST(money_parse_refuses_two_points)
{
    int64_t v = 0;
    tk_err err;
    CHECK(money_parse("1..50", 2, &v, &err) == -1);
    CHECK(money_parse("1..5", 3, &v, &err) == -1);
    CHECK(money_parse("1.5.0", 2, &v, &err) == -1);
}

/* Nothing is not negative: zero yen once printed as "-0". */
TEST(money_format_zero_has_no_sign)
{
    char b[32];
    CHECK_STR(money_format(0, 0, b), "0");
    CHECK_STR(money_format(0, 2, b), "0.00");
    CHECK_STR(money_format(0, 3, b), "0.000");
    CHECK_STR(money_format(-1, 0, b), "-1");
}

/* Every currency's decimals, per ISO 4217's minor units: 2 unless listed here. A wrong
 * exponent bills 100 times too much or too little in that currency. The codes are walked
 * AAA..ZZZ, so no entry of tock's table goes unchecked. */
TEST(money_every_currency_exponent)
{
    static const char *const zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV "
                                    "XAF XOF XPF";
    static const char *const three = "BHD IQD JOD KWD LYD OMR TND";
    static const char *const four = "CLF UYW";
    int checked = 0;
    char c[4] = { 0 };
    for (c[0] = 'A'; c[0] <= 'Z'; c[0]++)
        for (c[1] = 'A'; c[1] <= 'Z'; c[1]++)
            for (c[2] = 'A'; c[2] <= 'Z'; c[2]++) {
                if (!currency_valid(c))
                    continue;
                int want = strstr(zero, c) ? 0 : strstr(three, c) ? 3 : strstr(four, c) ? 4 : 2;
                if (currency_exponent(c) != want) {
                    char m[64];
                    snprintf(m, sizeof m, "%s has %d decimals, not %d", c,
                             currency_exponent(c), want);
                    t_fail_at(__FILE__, __LINE__, m);
                }
                checked++;
            }
    CHECK(checked > 150);
}

/* Each refusal says why: too many decimals is not "a bad amount", too large is not either. */
TEST(money_parse_says_why)
{
    int64_t v;
    tk_err err;
    CHECK(money_parse("1.234", 2, &v, &err) == -1);
    CHECK(!strcmp(err.msg, "amount '1.234' has more than 2 decimals"));
    CHECK(money_parse("5.5", 0, &v, &err) == -1);
    CHECK(!strcmp(err.msg, "amount '5.5' has more than 0 decimals"));
    CHECK(money_parse("99999999999999", 2, &v, &err) == -1);
    CHECK(!strcmp(err.msg, "amount '99999999999999' is too large"));   /* too large scaled */
    CHECK(money_parse("1000000000000001", 2, &v, &err) == -1);          /* or already read */
    CHECK(!strcmp(err.msg, "amount '1000000000000001' is too large"));
    CHECK(money_parse("", 2, &v, &err) == -1);
    CHECK(!strcmp(err.msg, "empty amount"));
    CHECK(money_parse("1,5", 2, &v, &err) == -1);
    CHECK(!strcmp(err.msg, "bad amount '1,5' (expected e.g. 150 or 150.00)"));
}
