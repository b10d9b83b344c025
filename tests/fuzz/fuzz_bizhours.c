/* Business-hours specs and holiday lists; an accepted spec splits a range consistently. */
#include <stdio.h>

#include "bizhours.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int tz_set;
    if (!tz_set) {
        setenv("TZ", "Europe/Berlin", 1);
        tz_set = 1;
    }
    char *s = fuzz_cstr(data, size);
    char *bar = strchr(s, '|'); /* "SPEC|HOLIDAYS" */
    if (bar)
        *bar = '\0';
    tk_bizhours b;
    tk_err err = { "" };
    if (bizhours_parse(s, &b, &err) == 0) {
        if (bar)
            bizhours_add_holidays(&b, bar + 1, &err);
        int64_t in, out, start = 1795000000; /* a week around 2026-11-18 */
        FUZZ_ASSERT(bizhours_split(&b, start, start + 7 * 86400, &in, &out) == 0);
        FUZZ_ASSERT(in >= 0 && out >= 0 && in + out == 7 * 86400);
    }
    free(s);
    return 0;
}
