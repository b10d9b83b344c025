/* app_week.h — one user's week for the grid, with what each row bills (app_week.c). */
#ifndef TOCK_APP_WEEK_H
#define TOCK_APP_WEEK_H

#include "app.h"
#include "app_billing.h"
#include "app_rules.h"
#include "week_grid.h"

/* The week starting on `start` for user_id: entries, the running timer (up to now), locks,
 * and each row's billed time and money (an entry bills in the week it starts). */
int app_week_load(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                  tk_err *err);
/* The same, billing on *rules when set, else setting it to the rules cache the load read (the
 * caller frees it with app_rules_free): a screen refresh passes it on to its other views. */
int app_week_load_on(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                     app_rules **rules, tk_err *err);
/* The same on biller b, which the caller keeps: a screen that shows week after week while
 * the data does not change bills each retainer period and each memo key once (app_billing.h). */
int app_week_load_by(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                     app_biller *b, tk_err *err);

#endif
