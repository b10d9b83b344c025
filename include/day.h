/* day.h — calendar days and local time. Pure: libc's time-zone functions only.
 *
 * Instants are int64 seconds since the Unix epoch (UTC). A day is a local calendar date,
 * counted as days since 1970-01-01 in the proleptic Gregorian calendar, so day arithmetic is
 * integer arithmetic and never meets a DST gap. Converting between the two goes through the
 * process's time zone (set by clock.c, which also owns the current instant: nothing here
 * reads the clock or the environment), and a local day may be 23, 24 or 25 hours long. */
#ifndef TOCK_DAY_H
#define TOCK_DAY_H

#include <stdint.h>
#include "util.h"

typedef int32_t tk_day;

#define DAY_BUF 16       /* room for a formatted date */
#define DAY_TIME_BUF 40  /* room for a formatted date and time */

#define DAY_MIN (-719162)  /* 0001-01-01 */
#define DAY_MAX 2932896    /* 9999-12-31 */

tk_day day_from_ymd(int y, int m, int d);
void day_to_ymd(tk_day day, int *y, int *m, int *d);
int day_weekday(tk_day day);              /* 0 = Monday … 6 = Sunday */
int day_valid_ymd(int y, int m, int d);
int day_days_in_month(int y, int m);

/* "YYYY-MM-DD", "today", "yesterday", "tomorrow", or a weekday name ("mon", "monday"),
 * meaning the most recent such day on or before today. */
int day_parse(const char *s, tk_day today, tk_day *out, tk_err *err);
/* Writes "YYYY-MM-DD" into buf (DAY_BUF bytes). Returns buf. */
char *day_format(tk_day day, char *buf);

/* The first day of the week containing day, for a week that starts on first_wday (0 = Mon). */
tk_day day_week_start(tk_day day, int first_wday);
/* ISO 8601 week number of day. */
int day_iso_week(tk_day day);
/* First day of the month / quarter containing day. */
tk_day day_month_start(tk_day day);
tk_day day_add_months(tk_day first_of_month, int months);

/* Local time. */
int64_t local_day_start(tk_day day);             /* first instant of the local day */
tk_day local_day_of(int64_t instant);
int local_seconds_of_day(int64_t instant);       /* seconds since local midnight (wall clock) */
int64_t local_make(tk_day day, int hour, int min, int sec); /* wall clock → instant */
/* Seconds since local midnight (0 … 86400, 86400 being the next midnight) → instant, for
 * times people type. A wall-clock time the clocks skip (a DST gap) is refused with err; one
 * that happens twice is taken as mktime takes it. */
int local_make_checked(tk_day day, int seconds_of_day, int64_t *out, tk_err *err);
/* "2026-11-23T09:00:00" or "2026-11-23 09:00[:00]" in local time, or with a trailing "Z" in UTC. */
int local_parse_datetime(const char *s, int64_t *out, tk_err *err);
/* "2026-11-23T09:00:00Z" (a buffer of DAY_TIME_BUF bytes). */
char *utc_format(int64_t instant, char *buf);
/* "2026-11-23T09:00:00+01:00" in local time (DAY_TIME_BUF bytes). */
char *local_format_iso(int64_t instant, char *buf);
/* "HH:MM" of an instant in local time (DAY_TIME_BUF bytes). */
char *local_format_hm(int64_t instant, char *buf);

/* Splits [start, end) across the local days it touches: calls fn(day, seconds, ctx) for each
 * day with a non-zero share, in order. A range crossing midnight counts in both days. */
void local_split_days(int64_t start, int64_t end,
                      void (*fn)(tk_day day, int64_t seconds, void *ctx), void *ctx);

/* HH:MM with 00 ≤ HH ≤ 24 (24:00 only exactly), 00 ≤ MM ≤ 59; seconds of day. */
int parse_hhmm(const char *s, int *seconds_of_day, tk_err *err);

/* The process's time zone changed (clock.c calls this after tzset): local conversions forget
 * what they remembered of the old one. */
void local_zone_changed(void);

#endif
