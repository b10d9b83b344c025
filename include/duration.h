/* duration.h — durations are integer seconds. Parsing and formatting only. */
#ifndef TOCK_DURATION_H
#define TOCK_DURATION_H

#include <stdint.h>
#include "util.h"

/* Longest duration tock accepts anywhere: 10,000 hours. */
#define DUR_MAX ((int64_t)10000 * 3600)

/* Accepts "1h30m", "90m", "45s", "1h", "1.5h", "1:30", "1:30:15", and a bare number of hours
 * ("2", "0.25"). Decimal hours round to the nearest second. Negative, empty, malformed or
 * over DUR_MAX: -1 with one line in err. */
int dur_parse(const char *s, int64_t *seconds, tk_err *err);

/* "h:mm" (minutes truncated), e.g. 5400 → "1:30"; buf of at least 24 bytes. */
char *dur_format_hmm(int64_t seconds, char *buf);
/* "h:mm", but "0:00:ss" under a minute, so a short run does not read as nothing (log, week);
 * buf of at least 24 bytes. */
char *dur_format_brief(int64_t seconds, char *buf);
/* "h:mm:ss", e.g. for a running clock; buf of at least 24 bytes. */
char *dur_format_hmmss(int64_t seconds, char *buf);
/* "1h30m", "45m", "0m", "2h"; seconds shown only when not whole minutes; buf ≥ 32 bytes. */
char *dur_format_short(int64_t seconds, char *buf);
/* Hours with two decimals from seconds, rounded half up: 5400 → "1.50"; buf ≥ 24 bytes. */
char *dur_format_hours2(int64_t seconds, char *buf);

#endif
