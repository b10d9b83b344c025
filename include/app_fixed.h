/* app_fixed.h — fixed-price projects (milestones on invoices; app_fixed.c): the rules and
 * transactions, for the CLI and the TUI. Nothing here prints; failures come back as one line
 * in err. */
#ifndef TOCK_APP_FIXED_H
#define TOCK_APP_FIXED_H

#include "app.h"
#include "invoice.h"
#include "app_invoice.h"
#include "fixed.h"

/* ---- fixed-price projects (app_fixed.c) ---- */

/* What `tock project set` changes; NULL / -1: leave as it is. */
typedef struct app_project_opts {
    const char *name;
    const char *fixed;         /* an amount, or "none": billed hourly again */
    const char *budget;        /* a duration, or "none" */
    int billable;              /* 1, 0, -1 */
    int outside_retainer;      /* 1, 0, -1 */
} app_project_opts;

/* One transaction: refuses a price below what its milestones bill, moving a project between
 * hourly and fixed-price (or billable and not) while an invoice holds the client's time. */
int app_project_set(tk_app *app, const char *spec, const app_project_opts *o, tk_project *now,
                    tk_err *err);

/* Records a milestone of a fixed-price project: what is "40%" or "1200.50" of its price.
 * Refused: a percentage over 100, an amount of 0, a project without a price, and (unless
 * force) a total beyond the price. *out is the milestone recorded (tk_milestone_clear it). */
int app_project_bill(tk_app *app, const char *spec, const char *what, const char *note,
                     tk_day day, bool force, tk_milestone *out, tk_err *err);

/* A project's price standing: the sum of its milestones (billed) and of those an invoice
 * carries (invoiced). */
typedef struct app_fixed_standing {
    int64_t billed_minor, invoiced_minor;
} app_fixed_standing;
int app_project_standing(tk_app *app, const tk_project *p, app_fixed_standing *out, tk_err *err);

/* One project of `tock project list`, with its client's currency, time tracked (all users,
 * all time) and, when fixed-price, its standing. */
typedef struct app_project_row {
    const tk_project *p;
    const char *client_key, *currency;
    int64_t tracked_seconds;
    app_fixed_standing standing;
} app_project_row;
/* client: NULL for every client's. fn's non-zero return stops. */
int app_project_list(tk_app *app, const char *client, bool with_archived,
                     int (*fn)(const app_project_row *row, void *ctx), void *ctx, tk_err *err);

/* The draft's side (app_invoice.c calls these): the client's milestones no other invoice
 * carries; what a fixed line is; recording them on the invoice. */
int app_fixed_collect(tk_app *app, app_draft *d, int64_t except, tk_err *err);
void app_fixed_clear(app_draft *d);
char *app_fixed_explain(const app_draft *d, const tk_inv_line *l);
int app_fixed_record(tk_app *app, int64_t invoice_id, const app_draft *d, tk_err *err);

#endif
