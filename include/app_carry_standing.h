/* app_carry_standing.h — the totals of a retainer's current period that its standing needs
 * (what `tock retainer`, `status %r` and the TUI's panel show), stored beside the period's
 * draw (app_carry.h) so that a view showing every client's standing does not draw every
 * period again in every process (issue 21). Current exactly when the draw would be. */
#ifndef TOCK_APP_CARRY_STANDING_H
#define TOCK_APP_CARRY_STANDING_H

#include "app_carry.h"
#include "retainer.h"
#include "retainer_roll.h"

typedef struct app_carry_standing {
    int64_t left_centi;          /* prepaid hundredths no entry drew */
    int64_t held_centi;          /* drawn by entries invoices hold */
    int64_t overage_centi, overage_minor;
    /* The last entry not held by an invoice in draw order (day, start, id): a running timer
     * after it draws on top of the others (none: every entry is held, or there is none). */
    bool has_last_free;
    tk_day last_free_day;
    int64_t last_free_start, last_free_id;
    tk_rolled rolled;            /* rolled-over hours the period starts with, by age */
    tk_day_usage *usage;         /* prepaid seconds drawn, summed per day, days ascending */
    size_t n;
} app_carry_standing;

/* The standing of r's period [first, last] as stored, when current (pending: the entries
 * pending invoices hold, ascending, as for app_carry_draw_find): 1 and *out (free with
 * app_carry_standing_free), 0 when it must be drawn (then note it), -1 with err. Only for a
 * biller that counts no invoice as free, holds no entries in memory and does not count the
 * running timer in the period. */
int app_carry_standing_find(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                            const tk_retainer *r, tk_day first, tk_day last,
                            const int64_t *pending, size_t npending, app_carry_standing *out,
                            tk_err *err);
/* A standing just drawn from the store, to be stored (s->usage: per entry, in any order;
 * summed per day here). */
void app_carry_standing_note(tk_app *app, app_carry_client *cc, const tk_retainer *r,
                             tk_day first, tk_day last, const int64_t *pending,
                             size_t npending, const app_carry_standing *s);
void app_carry_standing_free(app_carry_standing *s);

/* The text of a standing and back (exposed for the unit tests): "left held overage_centi
 * overage_minor has_last_free last_free_day last_free_start last_free_id;" the 12 rolled
 * buckets each ended by ' ' then ';', then "day seconds;" per day. Parsing: false (and
 * nothing kept) unless all of it is whole and the days ascend. */
char *app_carry_standing_text(const app_carry_standing *s);
bool app_carry_standing_parse(const char *t, app_carry_standing *out);

#endif
