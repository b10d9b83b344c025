/* Dates and times people type: day_parse, local_parse_datetime, parse_hhmm. Accepted values
 * are in range and (for dates) print back to themselves. */
#include <stdio.h>

#include "day.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int tz_set;
    if (!tz_set) {
        setenv("TZ", "Europe/Berlin", 1); /* DST gaps and folds to stumble over */
        tz_set = 1;
    }
    char *s = fuzz_cstr(data, size);
    tk_err err = { "" };
    tk_day today = day_from_ymd(2026, 11, 23), d;
    if (day_parse(s, today, &d, &err) == 0) {
        FUZZ_ASSERT(d >= DAY_MIN && d <= DAY_MAX);
        char buf[DAY_BUF];
        tk_day again;
        FUZZ_ASSERT(day_parse(day_format(d, buf), today, &again, &err) == 0 && again == d);
    }
    int64_t t;
    if (local_parse_datetime(s, &t, &err) == 0) {
        char buf[DAY_TIME_BUF];
        utc_format(t, buf);
        local_format_iso(t, buf);
        local_format_hm(t, buf);
        local_day_of(t);
    }
    int sod;
    if (parse_hhmm(s, &sod, &err) == 0)
        FUZZ_ASSERT(sod >= 0 && sod <= 24 * 3600);
    free(s);
    return 0;
}
