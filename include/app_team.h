/* app_team.h — team mode (issue 17; app_team.c): who may do what, members and roles, and
 * periods (app_team_week.h: their submission and approval). Every role and lock check is
 * app_team_may; every write path calls it. A database with one user works as it always did: that user is its
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
    TEAM_CATALOG,   /* change what time bills at: clients, projects, rates, retainers, tier
                     * rules, taxes, sprints, milestones (leads and the admin) */
    TEAM_COST,      /* read or set cost rates, see profit (leads and the admin) */
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

/* tock team add / set / rm (admin). */
int app_team_add(tk_app *app, const char *login, tk_role role, tk_err *err);
int app_team_set(tk_app *app, const char *login, tk_role role, tk_err *err);
int app_team_rm(tk_app *app, const char *login, tk_err *err);

#endif
