/* clock.c — the current instant (TOCK_NOW pins it) and the time zone (TZ). The only reader of
 * either: day.c converts with whatever zone is in force and is told here when it changes. */
#include "clock.h"

#include <stdlib.h>
#include <time.h>

#include "day.h"

static int64_t pinned_now;
static int pinned; /* an instant before 1970 is negative, so it cannot double as the flag */

void clock_set_zone(const char *tz)
{
    if (tz)
        setenv("TZ", tz, 1);
    else
        unsetenv("TZ");
    tzset();
    local_zone_changed();
}

int clock_init(tk_err *err)
{
    tzset();
    local_zone_changed();
    const char *s = getenv("TOCK_NOW");
    pinned = 0;
    if (!s || !*s)
        return 0;
    int64_t t;
    if (local_parse_datetime(s, &t, err))
        return tk_fail(err, "TOCK_NOW: bad value '%s' (expected YYYY-MM-DDTHH:MM:SS)", s);
    pinned_now = t;
    pinned = 1;
    return 0;
}

int64_t clock_now(void)
{
    return pinned ? pinned_now : (int64_t)time(NULL);
}
