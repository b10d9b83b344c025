/* app_team_week.h — each user's weeks (or months) as open, submitted, approved or rejected
 * (app_team_week.c; issue 17): tock submit, approve, reject, reopen, team week, and what
 * invoices and the status line make of them. */
#ifndef TOCK_APP_TEAM_WEEK_H
#define TOCK_APP_TEAM_WEEK_H

#include "app.h"

/* tock submit / approve / reject / reopen: one transaction each, recorded in the audit log.
 * login NULL: the user running tock. */
int app_week_submit(tk_app *app, tk_day day, tk_err *err);
int app_week_approve(tk_app *app, const char *login, tk_day day, tk_err *err);
int app_week_reject(tk_app *app, const char *login, tk_day day, const char *reason, tk_err *err);
int app_week_reopen(tk_app *app, const char *login, tk_day day, const char *reason, tk_err *err);

typedef struct app_team_amount {
    char *currency;
    int64_t minor;
} app_team_amount;

/* One member's period for tock team week and the approvals view. */
typedef struct app_team_row {
    int64_t user_id;
    char *login;
    tk_role role;
    store_week week;          /* state, reason, actor */
    int64_t seconds, billable_seconds, billed_seconds;  /* entries starting in the period,
                                                         * and a running timer that did */
    bool running;             /* their timer runs, started in the period (counted till now) */
    TK_VEC(app_team_amount) amounts;   /* one per currency, by first use */
    bool late;                /* the deadline passed and the period is open or rejected */
} app_team_row;

typedef struct app_team_rows {
    tk_day first, last;       /* the period */
    app_team_row *items;      /* active members by login */
    size_t len;
} app_team_rows;

/* Every active member's period containing day (leads and admin only). */
int app_team_week(tk_app *app, tk_day day, app_team_rows *out, tk_err *err);
void app_team_rows_free(app_team_rows *r);

/* The deadline of the period starting on first, as an instant; 0 when none is configured. */
int64_t app_period_deadline(const tk_app *app, tk_day first);

/* What the status line says about the team (NULL when nothing): for the user, "week 48 not
 * submitted" once its deadline passed; for leads and the admin, "3 weeks await approval".
 * Caller frees. */
char *app_team_notice(tk_app *app, int64_t now, tk_err *err);

/* Whether invoices take only approved time ([billing] invoice_approved_only, auto: more
 * than one user). */
bool app_invoice_approved_only(const tk_app *app);
/* Whether user_id's time on day is in an approved period: 1, 0, -1. */
int app_day_approved(tk_app *app, int64_t user_id, tk_day day, tk_err *err);

#endif
