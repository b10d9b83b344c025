/* retainer_view.h — what the retainer-balance panel shows of one client's retainer, as plain
 * numbers. No curses and no SQL: the app layer fills it, the UI draws it. */
#ifndef TOCK_RETAINER_VIEW_H
#define TOCK_RETAINER_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include "day.h"

typedef struct retainer_view {
    char *client;                    /* the client's display name (owned) */
    tk_day period_start, period_end; /* the period containing the day asked about */
    int64_t prepaid;                 /* seconds: base hours + rollover */
    int64_t used;                    /* billed seconds in the period */
    int64_t remaining;               /* prepaid − used, never < 0 */
    int64_t overage;                 /* used beyond prepaid, seconds */
    bool alert;                      /* used ≥ the retainer's alert percentage */
    /* The period's forecast as tock retainer shows it (retainer_roll.h): used by its end at
     * the pace so far, and fee + overage in the client's currency. */
    int64_t forecast_used;
    int64_t forecast_total_minor;
    bool forecast_final;
    char currency[4];
} retainer_view;

typedef struct retainer_views {
    retainer_view *items;
    size_t len, cap;
} retainer_views;

void retainer_views_free(retainer_views *v);

#endif
