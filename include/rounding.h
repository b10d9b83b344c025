/* rounding.h — how much of an entry's time is billed. Pure integer arithmetic on seconds. */
#ifndef TOCK_ROUNDING_H
#define TOCK_ROUNDING_H

#include <stdint.h>
#include "model.h"

/* Billed seconds for an entry of actual_seconds under rule r (NULL: bill actual time).
 *   up:      ceiling to a multiple of r->increment (15m: 7m → 15m, 15m → 15m, 16m → 30m)
 *   nearest: to the nearest multiple, exact halves up (15m: 7m30s → 15m, 7m29s → 0)
 *   down:    floor to a multiple
 *   none, or increment ≤ 0: actual time
 * Then r->minimum is billed at least, for any entry with actual time > 0, whatever the mode.
 * actual ≤ 0 bills 0. Stores the result and returns 0, or returns -1 (out untouched) when
 * the result would not fit in int64. */
int round_bill_checked(int64_t actual_seconds, const tk_rounding *r, int64_t *out);

/* The same, clamped: a result beyond INT64_MAX comes back as INT64_MAX. Never UB. */
int64_t round_bill(int64_t actual_seconds, const tk_rounding *r);

#endif
