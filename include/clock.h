/* clock.h — the one clock and the process's time zone. Not part of the pure core: the core
 * (day.c, billing, invoices…) is given `now` and reads no environment; the app, CLI and TUI ask
 * here. */
#ifndef TOCK_CLOCK_H
#define TOCK_CLOCK_H

#include <stdint.h>
#include "util.h"

/* The current instant. TOCK_NOW (local "YYYY-MM-DDTHH:MM:SS", or UTC with a trailing Z) pins
 * it, for tests and scripts. */
int64_t clock_now(void);
/* Reads TZ and TOCK_NOW again; returns -1 with err if TOCK_NOW is set but malformed. */
int clock_init(tk_err *err);
/* Switches the process to time zone tz (NULL: the system's), for tests and tools. */
void clock_set_zone(const char *tz);

#endif
