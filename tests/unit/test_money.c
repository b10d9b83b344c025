#include "test.h"
#include "money.h"
#include "util.h"

TEST(money_parse_and_format)
{
    int64_t v;
    tk_err err;
    char b[32];
    CHECK_INT(money_parse("150", 2, &v, &err), 0);
    CHECK_INT(v, 15000);
    CHECK_INT(money_parse("150.5", 2, &v, &err), 0);
    CHECK_INT(v, 15050);
    CHECK_INT(money_parse("0.01", 2, &v, &err), 0);
    CHECK_INT(v, 1);
    CHECK_INT(money_parse("12000", 0, &v, &err), 0);
    CHECK_INT(v, 12000);
    CHECK_INT(money_parse("1.234", 3, &v, &err), 0);
    CHECK_INT(v, 1234);
    const char *bad[] = { "", "-5", "1.234", "1,50", "abc", "1.", ".", "1e5", "10000000000000000" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(money_parse(bad[i], 2, &v, &err) == -1);
    CHECK(money_parse("1.5", 0, &v, &err) == -1);
    CHECK_STR(money_format(15050, 2, b), "150.50");
    CHECK_STR(money_format(-5, 2, b), "-0.05");
    CHECK_STR(money_format(12000, 0, b), "12000");
    CHECK_STR(money_format(INT64_MIN, 2, b), "-92233720368547758.08");
    CHECK_INT(currency_exponent("JPY"), 0);
    CHECK_INT(currency_exponent("KWD"), 3);
    CHECK_INT(currency_exponent("EUR"), 2);
    CHECK(currency_valid("EUR"));
    CHECK(!currency_valid("eur"));
    CHECK(!currency_valid("EURO"));
    CHECK(!currency_valid("ZZZ"));       /* three capitals, but no currency */
    CHECK(!currency_valid("XAU"));       /* gold: not billed in */
    CHECK(!currency_valid(""));
    const char *ok[] = { "AED", "CHF", "JPY", "USD", "XCG", "ZWG" }; /* both ends of the table */
    for (size_t i = 0; i < TK_ARRAY_LEN(ok); i++)
        CHECK(currency_valid(ok[i]));
    CHECK_INT(currency_exponent("CLF"), 4);
    CHECK_INT(currency_exponent("ISK"), 0);
    int32_t pm;
    CHECK_INT(permille_parse("1.5", &pm, &err), 0);
    CHECK_INT(pm, 1500);
    CHECK(permille_parse("0", &pm, &err) == -1);
    CHECK(permille_parse("-1", &pm, &err) == -1);
}

TEST(checked_arithmetic)
{
    int64_t r;
    CHECK_INT(tk_muldiv_round(15000, 5400, 3600, &r), 0);
    CHECK_INT(r, 22500);
    CHECK_INT(tk_muldiv_round(1, 1, 2, &r), 0);
    CHECK_INT(r, 1);           /* half rounds away from zero */
    CHECK_INT(tk_muldiv_round(-1, 1, 2, &r), 0);
    CHECK_INT(r, -1);
    CHECK_INT(tk_muldiv_round(INT64_MAX, 3600, 3600, &r), 0);
    CHECK_INT(r, INT64_MAX);   /* no intermediate overflow */
    CHECK(tk_muldiv_round(INT64_MAX, 2, 1, &r) == -1);
    CHECK(tk_add64(INT64_MAX, 1, &r) == -1);
    CHECK(tk_mul64(INT64_MAX / 2 + 1, 2, &r) == -1);
}

/* Bugs once planted in money.c that got through (issue 23). */
TEST(money_bounds_exactly)
{
    int64_t v;
    tk_err err;
    int32_t pm;
    CHECK_INT(money_parse("10000000000000", 2, &v, &err), 0);
    CHECK_INT(v, MONEY_MAX);
    CHECK_INT(money_parse("10000000000000.00", 2, &v, &err), 0);
    CHECK_INT(money_parse("1000000000000000", 0, &v, &err), 0);
    CHECK_INT(v, MONEY_MAX);
    CHECK(money_parse("10000000000000.01", 2, &v, &err) == -1);
    CHECK(money_parse("1000000000000001", 0, &v, &err) == -1);
    CHECK_INT(permille_parse("100", &pm, &err), 0);
    CHECK_INT(pm, 100000);
    CHECK(permille_parse("100.001", &pm, &err) == -1);
    CHECK_INT(permille_parse("0.001", &pm, &err), 0);
    CHECK_INT(pm, 1);
    static const char *const zero[] = { "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
                                        "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF",
                                        "XPF" };
    static const char *const three[] = { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND" };
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        CHECK_INT(currency_exponent(zero[i]), 0);
    for (size_t i = 0; i < sizeof three / sizeof three[0]; i++)
        CHECK_INT(currency_exponent(three[i]), 3);
    CHECK_INT(currency_exponent("XPD"), 2);
    CHECK_INT(currency_exponent("TNE"), 2);
}
