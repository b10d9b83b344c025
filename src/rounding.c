/* rounding.c — round an entry's actual seconds to billed seconds. */
#include "rounding.h"

/* Rounds to a multiple of inc (> 0); -1 when rounding up would pass INT64_MAX. */
static int round_to_increment(int64_t s, int64_t inc, round_mode mode, int64_t *out)
{
    int64_t rem = s % inc;        /* s ≥ 0, so 0 ≤ rem < inc */
    int64_t floor = s - rem;
    int up = 0;
    if (mode == ROUND_UP)
        up = rem > 0;
    else if (mode == ROUND_NEAREST)
        up = rem >= inc - rem;    /* 2·rem ≥ inc without overflowing 2·rem */
    if (!up) {
        *out = floor;
        return 0;
    }
    return tk_add64(floor, inc, out);
}

int round_bill_checked(int64_t actual_seconds, const tk_rounding *r, int64_t *out)
{
    int64_t billed = actual_seconds;
    if (actual_seconds <= 0) {
        *out = 0;                 /* no time, nothing billed — not even the minimum */
        return 0;
    }
    int rounds = r && r->increment > 0 &&
                 (r->mode == ROUND_UP || r->mode == ROUND_NEAREST || r->mode == ROUND_DOWN);
    if (rounds && round_to_increment(actual_seconds, r->increment, r->mode, &billed))
        return -1;
    if (r && billed < r->minimum)
        billed = r->minimum;
    *out = billed;
    return 0;
}

int64_t round_bill(int64_t actual_seconds, const tk_rounding *r)
{
    int64_t billed;
    return round_bill_checked(actual_seconds, r, &billed) ? INT64_MAX : billed;
}
