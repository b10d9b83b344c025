/* app_team.h — team mode (issue 17): who may do what, and each user's weeks (or months) as
 * open, submitted, approved or rejected. Every role and lock check is app_team_may; every
 * write path calls it. A database with one user works as it always did: that user is its
 * admin, and no step is added. */
#ifndef TOCK_APP_TEAM_H
#define TOCK_APP_TEAM_H

#include "app.h"

typedef enum {
    TEAM_WRITE,     /* add, change or delete target's time on day (entries, timer, import) */
    TEAM_READ,      /* read target's entries and weeks */
    TEAM_SUBMIT,    /* submit target's period containing day */
    TEAM_APPROVE,   /* approve it */
    TEAM_REJECT,    /* reject it (a reason is required) */
    TEAM_REOPEN,    /* open an approved or submitted period again (a reason is required) */
    TEAM_MANAGE,    /* add, remove or change members */
    TEAM_READ_ALL,  /* see every member's state and hours (tock team week, remind) */
} team_action;

/* Whether the user running tock may do `action` to target_user's time on `day` (day: for
 * the locks of TEAM_WRITE and the state checks of the week actions; 0 when none applies).
 * 0 allowed; -1 with the reason, and who can help, in err. The one place for the rules. */
int app_team_may(tk_app *app, team_action action, int64_t target_user, tk_day day,
                 tk_err *err);

/* Opening: the OS user is found in the database (or, in a database with no users yet, made
 * its admin). A user not in a team database is refused with a line naming the admin. */
int app_team_join(tk_app *app, bool read_only, tk_err *err);

/* A period: a week (from [general] week_start) or, with [team] period = month, a month. */
tk_day app_period_of(const tk_app *app, tk_day day);       /* its first day */
tk_day app_period_last(const tk_app *app, tk_day first);   /* its last day */
#define APP_PERIOD_BUF 24
/* "week 48" or "2026-11". */
char *app_period_label(const tk_app *app, tk_day first, char *buf);
/* The user's period's state: 0 (store_week filled: clear it) or -1. */
int app_period_state(tk_app *app, int64_t user_id, tk_day day, store_week *out, tk_err *err);
void app_period_state_clear(store_week *w);
/* Roles by name ("admin", "lead", "member"): app_role_parse 0 or -1. */
const char *app_role_name(tk_role r);
int app_role_parse(const char *s, tk_role *out);
/* Every user ever in the team, by login (m->active false: taken out). */
int app_team_each(tk_app *app, int (*fn)(const store_member *m, void *ctx), void *ctx,
                  tk_err *err);
/* Whether the database has more than one active user. */
bool app_team_is_team(const tk_app *app);

/* A member by login: 0 with *id (and role), -1 "no user … in this team" naming who exists. */
int app_team_find(tk_app *app, const char *login, int64_t *id, tk_role *role, tk_err *err);

/* tock submit / approve / reject / reopen: one transaction each, recorded in the audit log.
 * login NULL: the user running tock. */
int app_week_submit(tk_app *app, tk_day day, tk_err *err);
int app_week_approve(tk_app *app, const char *login, tk_day day, tk_err *err);
int app_week_reject(tk_app *app, const char *login, tk_day day, const char *reason, tk_err *err);
int app_week_reopen(tk_app *app, const char *login, tk_day day, const char *reason, tk_err *err);

/* tock team add / set / rm (admin). */
int app_team_add(tk_app *app, const char *login, tk_role role, tk_err *err);
int app_team_set(tk_app *app, const char *login, tk_role role, tk_err *err);
int app_team_rm(tk_app *app, const char *login, tk_err *err);

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
    int64_t seconds, billable_seconds, billed_seconds;  /* entries starting in the period */
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
