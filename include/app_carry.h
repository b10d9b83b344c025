/* app_carry.h — what each earlier period of a rolling-over retainer drew, stored instead of
 * billed again on every view (issue 21; store_carry.h keeps it). A stored figure is used only
 * when nothing it depends on changed since: the client's entries (a change count SQL triggers
 * keep), its rules and the configuration's billing rules (a digest of what app_rules.c and the
 * biller bill with), and the time zone. Anything else: computed from the entries as before.
 * TOCK_NO_CARRY set (not empty): nothing stored is read or written (tests compare). */
#ifndef TOCK_APP_CARRY_H
#define TOCK_APP_CARRY_H

#include "app.h"
#include "app_rules.h"
#include "bizhours.h"

/* One client's stored figures, read once per biller. */
typedef struct app_carry_client app_carry_client;

/* What the biller bills with, beside the client's rules (borrowed). */
typedef struct app_carry_rules {
    const app_client_rules *client;
    const tk_bizhours *hours;
    const tk_tier_mult *mults;
    size_t nmults;
    int week_start;
} app_carry_rules;

/* The prepaid seconds the entries of r's period [first, last] need, when stored and current:
 * 1 and *seconds; 0 when it must be computed (then app_carry_note it); -1 with err. *cc is
 * made on first use (free with app_carry_client_free). */
int app_carry_find(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                   const tk_retainer *r, tk_day first, tk_day last, int64_t *seconds,
                   tk_err *err);
/* A figure app_carry_find did not have, computed from entries just read from the store (not
 * from entries held in memory, which may be older than the change count): kept to be stored
 * by app_carry_flush. */
void app_carry_note(tk_app *app, app_carry_client *cc, const tk_retainer *r, tk_day first,
                    tk_day last, int64_t seconds);
void app_carry_client_free(app_carry_client *cc);

/* A period's draw, entry by entry: ids ascending, each one's billed seconds and money. */
typedef struct app_carry_draw {
    int64_t *ids, *billed, *amount;
    size_t n;
} app_carry_draw;

/* The draw of r's period [first, last] as stored, when current: the client's change count and
 * rules as for app_carry_find, and the same entries held by pending invoices (pending,
 * ascending). 1 and *out (free with app_carry_draw_free); 0 when it must be drawn (then
 * app_carry_draw_note it); -1 with err. Only for a biller that counts no invoice as free. */
int app_carry_draw_find(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                        const tk_retainer *r, tk_day first, tk_day last, const int64_t *pending,
                        size_t npending, app_carry_draw *out, tk_err *err);
/* A draw app_carry_draw_find did not have, drawn from entries just read from the store: kept
 * to be stored by app_carry_flush (d is copied). */
void app_carry_draw_note(tk_app *app, app_carry_client *cc, const tk_retainer *r, tk_day first,
                         tk_day last, const int64_t *pending, size_t npending,
                         const app_carry_draw *d);
void app_carry_draw_free(app_carry_draw *d);
/* Stores what was noted if it can now (no transaction open, the write lock free at once);
 * never fails. */
void app_carry_flush(tk_app *app);
/* app_carry_flush, then forgets what could not be stored (app_close). */
void app_carry_close(tk_app *app);

/* Another figure of r's period [first, last] as text, stored beside its draw (carry_draw, a
 * row whose key is kind "/" the draw's key: current exactly when a draw stored with it would
 * be). app_carry_period_find: 1 and *text (free it), 0 when it must be computed, -1 with err.
 * app_carry_period_note keeps text (owned) to be stored as app_carry_draw_note does. */
int app_carry_period_find(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                          const tk_retainer *r, tk_day first, tk_day last,
                          const int64_t *pending, size_t npending, const char *kind,
                          char **text, tk_err *err);
void app_carry_period_note(tk_app *app, app_carry_client *cc, const tk_retainer *r,
                           tk_day first, tk_day last, const int64_t *pending, size_t npending,
                           const char *kind, char *text);

#endif
