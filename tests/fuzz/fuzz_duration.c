/* dur_parse: never crashes; what it accepts is in range and prints back to itself. */
#include <stdio.h>

#include "duration.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    int64_t secs = -1;
    tk_err err = { "" };
    if (dur_parse(s, &secs, &err) == 0) {
        FUZZ_ASSERT(secs >= 0 && secs <= DUR_MAX);
        char buf[64];
        int64_t again = -1;
        FUZZ_ASSERT(dur_parse(dur_format_short(secs, buf), &again, &err) == 0);
        FUZZ_ASSERT(again == secs);
        dur_format_hmm(secs, buf);
        dur_format_hmmss(secs, buf);
        dur_format_hours2(secs, buf);
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0');
    }
    free(s);
    return 0;
}
