/* Edges of duration.c that `make mutate` found untested (issue 23): the 10000 h limit, the
 * sixth decimal, a clock of four parts, malformed numbers, a second in brief. */
#include "test.h"
#include "duration.h"

TEST(duration_edges)
{
    static const struct { const char *in; int64_t want; const char *why; } cases[] = {
        { "36000000s", 36000000, NULL },                /* exactly 10000 h, in seconds */
        { "10000h", 36000000, NULL },
        { "360000000s", -1, "too large" },              /* ten times that: too large, not bad */
        { "360000000:00", -1, "too large" },
        { "99999999999999999999h", -1, "(expected e.g." },
        { "99999999999:00", -1, "bad duration" },
        { "1.9999999h", 7200, NULL },                   /* decimals past the sixth are dropped */
        { "0.000139h", 1, NULL },                       /* the sixth decimal counts: 0.5004 s */
        { "0.499999s", 0, NULL },                       /* under a half rounds down */
        { "1:00:00:00", -1, "bad duration" },           /* a clock has at most H:MM:SS */
        { "1.h", -1, "(expected e.g." },           /* not "unknown unit '1'" */
        { "h", -1, "(expected e.g." },
        { "1hm", -1, "bad duration" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t v = -7;
        tk_err err = { "" };
        int rc = dur_parse(cases[i].in, &v, &err);
        int ok = cases[i].want >= 0 ? rc == 0 && v == cases[i].want
                                    : rc == -1 && strstr(err.msg, cases[i].why) != NULL;
        if (!ok) {
            char m[160];
            snprintf(m, sizeof m, "'%s': rc %d, %lld, '%.60s'", cases[i].in, rc, (long long)v,
                     err.msg);
            t_fail_at(__FILE__, __LINE__, m);
        }
    }
    char b[32];
    CHECK_STR(dur_format_brief(1, b), "0:00:01");       /* under a minute shows its seconds */
    CHECK_STR(dur_format_brief(60, b), "0:01");            /* a minute is H:MM */
    CHECK_STR(dur_format_hmm(-5400, b), "-1:30");
    CHECK_STR(dur_format_hmmss(3600, b), "1:00:00");
    CHECK_STR(dur_format_hmmss(3599, b), "0:59:59");
    CHECK_STR(dur_format_hmmss(-5, b), "0:00:00");          /* never negative */
    CHECK_STR(dur_format_short(3599, b), "59m59s");
    CHECK_STR(dur_format_short(3600, b), "1h");
    CHECK_STR(dur_format_hours2(17, b), "0.00");            /* 1/100 h is 36 s, half up */
    CHECK_STR(dur_format_hours2(18, b), "0.01");
    CHECK_STR(dur_format_hours2(360000, b), "100.00");
}
