/* app_fixed.h — fixed-price projects (milestones on invoices), cost rates and profit, and
 * ticket references (issue 18): the rules and transactions, for the CLI and the TUI. Nothing
 * here prints; failures come back as one line in err. */
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

/* ---- ticket references (app_ref.c) ---- */

#define APP_REF_MAX 64   /* bytes */

/* A reference as typed: at most APP_REF_MAX bytes of UTF-8 without spaces or control
 * characters; "" clears one. 0, or -1 with err. */
int app_ref_check(const char *ref, tk_err *err);
/* The first match of [tickets] pattern in note (owned), or NULL (no pattern, no match). */
char *app_ref_from_note(tk_app *app, const char *note);
/* Inserts (insert) or updates e in the store with its reference: its own when it has one
 * (checked), else the one the pattern picks from its note. e is as before afterwards. */
int app_ref_store(tk_app *app, tk_entry *e, bool insert, tk_err *err);

/* app_timer_switch with the ticket reference the entry will carry (NULL: none given). */
int app_timer_switch_ref(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                         bool billable, const char *note, const char *ref, int64_t at,
                         int64_t *stopped_id, tk_err *err);

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

/* ---- tickets (app_tickets.c) ---- */

typedef struct app_ticket_row {
    char *client;              /* key */
    char *ref;                 /* "" for time without a ticket */
    char currency[4];
    int64_t entries, seconds, billed_seconds, amount_minor;
    tk_day first_day, last_day;
} app_ticket_row;
typedef TK_VEC(app_ticket_row) app_tickets;

/* Time per ticket of a client (NULL: every client) that starts in [from, to]: worked,
 * billed and its money (app_bill). Rows by client, then reference, "" last. */
int app_ticket_report(tk_app *app, const char *client, tk_day from, tk_day to, app_tickets *out,
                      tk_err *err);
void app_tickets_free(app_tickets *v);

#endif
