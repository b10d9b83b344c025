#include "test.h"
#include "duration.h"

TEST(duration_parse_good)
{
    static const struct { const char *in; int64_t want; } cases[] = {
        { "1h30m", 5400 }, { "90m", 5400 }, { "1.5h", 5400 }, { "1:30", 5400 }, { "2", 7200 },
        { "0.25", 900 }, { "45s", 45 }, { "1h", 3600 }, { "1h0m5s", 3605 }, { "0:07", 420 },
        { "1:30:15", 5415 }, { "0m", 0 }, { "7m", 420 }, { "10000h", 36000000 },
        { "1.333h", 4799 }, { "2H15M", 8100 }, { ".5h", 1800 }, { "0:59", 3540 },
        { "0:00:59", 59 }, { "1:59:59", 7199 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t s = -1;
        tk_err err = { "" };
        CHECK_INT(dur_parse(cases[i].in, &s, &err), 0);
        CHECK_INT(s, cases[i].want);
        if (s != cases[i].want)
            fprintf(stderr, "    input %s: %s\n", cases[i].in, err.msg);
    }
}

TEST(duration_parse_bad)
{
    const char *bad[] = { "", "1h7x", "-5m", "25:99", "1:5", "h", "1.5.5h", "30m1h", "1hh",
                          "10001h", "99999999999999999999", "1:30:", ":30", "5m3", "1 h",
                          "abc", "1.", "12:60", "1:30:60", "1:30x", "1:30:15x", "0:00:99" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t s = 0;
        tk_err err = { "" };
        CHECK(dur_parse(bad[i], &s, &err) == -1);
        CHECK(err.msg[0] != '\0');
        CHECK(strchr(err.msg, '\n') == NULL);
    }
}

TEST(duration_format)
{
    char b[32];
    CHECK_STR(dur_format_hmm(5400, b), "1:30");
    CHECK_STR(dur_format_hmm(59, b), "0:00");
    CHECK_STR(dur_format_hmm(36000000, b), "10000:00");
    CHECK_STR(dur_format_hmmss(3723, b), "1:02:03");
    CHECK_STR(dur_format_brief(2, b), "0:00:02");
    CHECK_STR(dur_format_brief(59, b), "0:00:59");
    CHECK_STR(dur_format_brief(60, b), "0:01");
    CHECK_STR(dur_format_brief(0, b), "0:00");
    CHECK_STR(dur_format_brief(3601, b), "1:00");
    CHECK_STR(dur_format_short(5400, b), "1h30m");
    CHECK_STR(dur_format_short(0, b), "0m");
    CHECK_STR(dur_format_short(7200, b), "2h");
    CHECK_STR(dur_format_short(61, b), "1m1s");
    CHECK_STR(dur_format_hours2(5400, b), "1.50");
    CHECK_STR(dur_format_hours2(420, b), "0.12");  /* 7 min = 0.1166… h */
    CHECK_STR(dur_format_hours2(900, b), "0.25");
}

/* A unit given twice is a typo, not a sum; a fraction's exact half rounds up (issue 23). */
TEST(duration_units_once_and_halves_up)
{
    const char *bad[] = { "1h2h", "5m5m", "1s1s", "1h30m1m", "2m1h" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t s = 0;
        tk_err err = { "" };
        CHECK(dur_parse(bad[i], &s, &err) == -1);
    }
    static const struct { const char *in; int64_t want; } cases[] = {
        { "2.5s", 3 }, { "2.4999s", 2 }, { "0.5s", 1 }, { "0.0125m", 1 }, { "0.00025h", 1 },
        { "0.000138h", 0 }, { "1.0000005s", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t s = -1;
        tk_err err = { "" };
        CHECK_INT(dur_parse(cases[i].in, &s, &err), 0);
        CHECK_INT(s, cases[i].want);
    }
}
