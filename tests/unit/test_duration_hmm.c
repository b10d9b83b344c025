/* dur_format_hmm writes its digits by hand: the same text as the printf format it replaced,
 * "%s%lld:%02d", for every magnitude and sign. */
#include "test.h"
#include "duration.h"

#include <stdint.h>

static void check_one(int64_t v)
{
    char got[24], want[32];
    int64_t a = v < 0 ? -v : v;
    snprintf(want, sizeof want, "%s%" PRId64 ":%02d", v < 0 ? "-" : "", a / 3600,
             (int)(a / 60 % 60));
    dur_format_hmm(v, got);
    if (strcmp(got, want))
        fprintf(stderr, "%" PRId64 ": %s != %s\n", v, got, want);
    CHECK_STR(got, want);
}

TEST(duration_hmm_as_printf)
{
    static const int64_t some[] = { 0, 1, 59, 60, 599, 600, 3599, 3600, 3660, 35999, 36000,
                                    86399, 86400, 360000, 3600000, 36000000, 999999999,
                                    INT64_MAX, INT64_MAX - 3599, INT64_MIN + 1 };
    for (size_t i = 0; i < sizeof some / sizeof *some; i++) {
        check_one(some[i]);
        check_one(-some[i]);
    }
    /* Every minute of ten days, and a stride through larger ones, both signs. */
    for (int64_t v = 0; v <= 864000; v += 37) {
        check_one(v);
        check_one(-v);
    }
    for (int64_t v = 1; v > 0 && v < INT64_MAX / 3; v = v * 3 + 1) {
        check_one(v);
        check_one(-v);
    }
}
