/* app_cost.h — cost rates (app_cost.c): who may see and set them, and their list. */
#ifndef TOCK_APP_COST_H
#define TOCK_APP_COST_H

#include "app.h"
#include "fixed.h"

/* ---- cost rates (app_cost.c) ---- */

/* Whether the user may see and set cost rates: admins and leads (app->role, app_team.c). */
int app_cost_allowed(tk_app *app, tk_err *err);
/* tock cost set USER AMOUNT [--currency CUR] [--from DATE]: refuses a negative amount and a
 * change that reaches into a period whose entries of that user are invoiced. */
int app_cost_set(tk_app *app, const char *user, const char *amount, const char *currency,
                 tk_day from, tk_err *err);
typedef TK_VEC(tk_cost_rate) app_costs;
int app_cost_list(tk_app *app, app_costs *out, tk_err *err);
void app_costs_free(app_costs *v);

#endif
