/* bizhours.h — business hours and holidays, and how much of a time range falls inside them.
 * Pure: local time through day.h (the process's TZ), no I/O, no allocation. */
#ifndef TOCK_BIZHOURS_H
#define TOCK_BIZHOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "day.h"
#include "util.h"

#define BIZ_MAX_SPANS 4        /* separate spans in one weekday, e.g. a lunch break makes 2 */
#define BIZ_MAX_HOLIDAYS 512

/* Wall-clock span of a local day in seconds since midnight, 0 ≤ start < end ≤ 86400. */
typedef struct tk_bizspan {
    int start, end;
} tk_bizspan;

/* Plain value: copy freely, nothing to free. */
typedef struct tk_bizhours {
    bool enabled;                          /* false: every instant is business time */
    int nspans[7];                         /* per weekday, 0 = Monday */
    tk_bizspan spans[7][BIZ_MAX_SPANS];    /* sorted, never overlapping or touching */
    size_t nholidays;
    tk_day holidays[BIZ_MAX_HOLIDAYS];     /* sorted, unique */
} tk_bizhours;

/* Parses a spec into *out (which it resets, holidays included):
 *   ""  or "none"                        disabled (everything is business hours)
 *   "Mon-Fri 09:00-18:00"
 *   "Mon-Thu 08:00-17:00, Fri 08:00-13:00"
 *   "Mon-Fri 09:00-12:00 13:00-18:00"    several spans a day (also "…09:00-12:00, 13:00-18:00":
 *                                        a group without days reuses the previous group's days)
 * Days are English names or 3-letter abbreviations, any case; a range may wrap (Fri-Mon).
 * Times are HH:MM, 24:00 allowed as an end; a span may not cross midnight (write two).
 * Groups naming the same day add up; overlapping spans merge. -1 with err on a bad spec. */
int bizhours_parse(const char *spec, tk_bizhours *out, tk_err *err);

/* Adds holidays from "2026-12-25, 2026-12-26" (commas and/or spaces; duplicates fine).
 * A holiday is a local day entirely outside business hours. Holidays are ignored while
 * business hours are disabled. -1 with err (and b unchanged) on a bad date or too many. */
int bizhours_add_holidays(tk_bizhours *b, const char *list, tk_err *err);

bool bizhours_is_holiday(const tk_bizhours *b, tk_day day);

/* Whether the instant (a UTC second) is a business second, in local time. */
bool bizhours_contains(const tk_bizhours *b, int64_t instant);

/* Longest range bizhours_split evaluates: 10,000 hours, like DUR_MAX. */
#define BIZ_SPLIT_MAX ((int64_t)10000 * 3600)

/* Seconds of [start_utc, end_utc) inside and outside business hours, evaluated day by day in
 * local time, so a range over midnight or a 23/25-hour DST day is counted right. A NULL or
 * disabled b puts everything inside. inside + outside == end - start. Returns 0; or -1 (both
 * outputs 0) when end < start, or the range is longer than BIZ_SPLIT_MAX or outside years
 * 0002–9998, so a caller can refuse such an entry instead of guessing. */
int bizhours_split(const tk_bizhours *b, int64_t start_utc, int64_t end_utc,
                   int64_t *inside, int64_t *outside);

#endif
