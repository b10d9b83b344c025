/* app_profit.h — revenue, cost and margin (app_profit.c). */
#ifndef TOCK_APP_PROFIT_H
#define TOCK_APP_PROFIT_H

#include "app.h"

/* ---- profit (app_profit.c) ---- */

typedef enum { PROFIT_BY_CLIENT, PROFIT_BY_PROJECT, PROFIT_BY_USER, PROFIT_BY_MONTH } profit_by;
int profit_by_parse(const char *s, profit_by *out);

typedef struct app_profit_row {
    char *key;                 /* client, client/project, user login or YYYY-MM */
    char currency[4];
    int64_t seconds;           /* worked */
    int64_t revenue_minor;     /* hourly time and overage, retainer fees, milestones */
    int64_t invoiced_minor;    /* the part of it invoiced: entries on sent invoices, fees
                                * and milestones on pending or sent ones */
    int64_t cost_minor;        /* worked seconds at each user's cost rate */
    int64_t uncosted_seconds;  /* time of users without a cost rate in this currency */
    int64_t budget_seconds;    /* by project: its budget (-1: none) */
    int64_t price_minor;       /* by project: its fixed price (-1: none) */
} app_profit_row;

typedef struct app_profit {
    app_profit_row *rows;      /* by key, then currency */
    size_t nrows;
    app_profit_row *totals;    /* one per currency: never added across currencies */
    size_t ntotals;
} app_profit;

/* spec: NULL, a client or client/project. One read transaction. */
int app_profit_report(tk_app *app, const char *spec, tk_day from, tk_day to, profit_by by,
                      app_profit *out, tk_err *err);
void app_profit_free(app_profit *p);
/* One line for the TUI: spec's revenue, cost, margin (%), revenue per hour in [from, to],
 * after "SPEC FROM to TO: " when labelled. Owned; NULL with err (also for a user who may not
 * see costs). */
char *app_margin_line(tk_app *app, const char *spec, tk_day from, tk_day to, bool labelled,
                      tk_err *err);

#endif
