/* app_team.c — who may do what in a team database: roles, membership and the locks of
 * submitted and approved periods. app_team_may is the one place these rules live. */
#include "app_team.h"
#include "app_audit.h"
#include "clock.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tk_day app_period_of(const tk_app *app, tk_day day)
{
    return app->cfg.team.monthly ? day_month_start(day) : day_week_start(day, app->cfg.week_start);
}

tk_day app_period_last(const tk_app *app, tk_day first)
{
    return app->cfg.team.monthly ? day_add_months(first, 1) - 1 : first + 6;
}

char *app_period_label(const tk_app *app, tk_day first, char *buf)
{
    int y, m, d;
    if (app->cfg.team.monthly) {
        day_to_ymd(first, &y, &m, &d);
        snprintf(buf, APP_PERIOD_BUF, "%04d-%02d", y, m);
    } else {
        snprintf(buf, APP_PERIOD_BUF, "week %d", day_iso_week(first + 3));
    }
    return buf;
}

static const char *period_word(const tk_app *app)
{
    return app->cfg.team.monthly ? "month" : "week";
}

int app_period_state(tk_app *app, int64_t user_id, tk_day day, store_week *out, tk_err *err)
{
    return store_week_read(app->st, user_id, app_period_of(app, day), out, err) < 0 ? -1 : 0;
}

void app_period_state_clear(store_week *w)
{
    store_week_clear(w);
}

const char *app_role_name(tk_role r)
{
    return store_role_name(r);
}

int app_role_parse(const char *s, tk_role *out)
{
    return store_role_parse(s, out);
}

int app_team_each(tk_app *app, int (*fn)(const store_member *m, void *ctx), void *ctx,
                  tk_err *err)
{
    return store_member_each(app->st, fn, ctx, err);
}

bool app_team_is_team(const tk_app *app)
{
    return app->team_size > 1;
}

/* The admin's login for messages (caller frees); "the admin" when there is none. */
static char *admin_login(tk_app *app)
{
    char *login = NULL;
    tk_err ignored;
    if (store_member_admin(app->st, &login, &ignored) != 1)
        return xstrdup("the admin");
    return login;
}

/* The first user of a new database becomes its admin, with the record of it, in one
 * transaction. Two processes may meet the new database at once: the second finds the row
 * (store_user_ensure adds none), and records nothing. */
static int first_user(tk_app *app, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    int64_t before = 0;
    int rc = store_member_count(app->st, &before, NULL, err);
    if (rc == 0)
        rc = store_user_ensure(app->st, app->user, clock_now(), &app->user_id, err);
    store_member me;
    if (rc == 0 && store_member_get(app->st, app->user, &me, err) < 0)
        rc = -1;
    if (rc == 0)
        app->role = me.role;
    if (rc == 0)
        rc = store_member_count(app->st, &app->team_size, NULL, err);
    if (rc == 0 && before == 0 && app->team_size == 1)
        return app_audit_change_end(app, rc, "add", "user", app->user_id, NULL, NULL, err);
    return app_change_end(app, rc, NULL, NULL, 0, NULL, err);
}

int app_team_join(tk_app *app, bool read_only, tk_err *err)
{
    store_member m;
    int64_t admins = 0;
    int rc = store_member_get_counted(app->st, app->user, &m, &app->team_size, &admins, err);
    if (rc < 0)
        return -1;
    app->role = ROLE_MEMBER;
    if (rc == 1 && m.active) {
        app->user_id = m.id;
        app->role = m.role;
        return 0;
    }
    if (app->team_size == 0) {
        /* A new database: its first user is its admin. A reader registers no one: a login
         * the database has never seen owns nothing. */
        if (read_only) {
            app->user_id = APP_NO_USER;
            return 0;
        }
        return first_user(app, err);
    }
    if (read_only && app->team_size == 1 && rc == 0) {
        /* Someone else's single-user database, read as before: nothing of it is ours. */
        app->user_id = APP_NO_USER;
        return 0;
    }
    char *admin = admin_login(app);
    tk_fail(err, "%s is not in the team of %s; its admin %s can add you: tock team add %s",
            app->user, app->db_path, admin, app->user);
    free(admin);
    return -1;
}

int app_team_find(tk_app *app, const char *login, int64_t *id, tk_role *role, tk_err *err)
{
    store_member m;
    int rc = store_member_get(app->st, login, &m, err);
    if (rc < 0)
        return -1;
    if (rc == 0 || !m.active)
        return tk_fail(err, "no user '%s' in this team (tock team list shows who is)", login);
    *id = m.id;
    if (role)
        *role = m.role;
    return 0;
}

/* A user's login for messages (caller frees). */
static char *login_of(tk_app *app, int64_t user_id)
{
    if (user_id == app->user_id)
        return xstrdup(app->user);
    store_member m;
    tk_err ignored;
    if (store_member_get_id(app->st, user_id, &m, &ignored) == 1)
        return m.login;
    return xasprintf("user %lld", (long long)user_id);
}

/* Refuses a change to a submitted or approved period, saying why and who can reopen it. */
static int check_lock(tk_app *app, int64_t target, tk_day day, tk_err *err)
{
    store_week w;
    if (app_period_state(app, target, day, &w, err))
        return -1;
    tk_week_state s = w.state;
    store_week_clear(&w);
    if (s != WEEK_SUBMITTED && s != WEEK_APPROVED)
        return 0;
    char first[DAY_BUF], label[APP_PERIOD_BUF];
    tk_day p = app_period_of(app, day);
    char *who = login_of(app, target), *admin = admin_login(app);
    tk_fail(err, "the %s of %s is %s and locked (%s); a lead or the admin (%s) can reopen it: "
            "tock reopen %s %s -m REASON", period_word(app), day_format(p, first),
            week_state_name(s), app_period_label(app, p, label), admin, who, first);
    free(who);
    free(admin);
    return -1;
}

/* The state a week action needs the period to be in; else a line saying what it is. */
static int check_state(tk_app *app, team_action action, int64_t target, tk_day day,
                       tk_err *err)
{
    store_week w;
    if (app_period_state(app, target, day, &w, err))
        return -1;
    tk_week_state s = w.state;
    store_week_clear(&w);
    bool ok = action == TEAM_SUBMIT    ? s == WEEK_OPEN || s == WEEK_REJECTED
              : action == TEAM_APPROVE ? s == WEEK_SUBMITTED
              : action == TEAM_REJECT  ? s == WEEK_SUBMITTED
                                       : s == WEEK_SUBMITTED || s == WEEK_APPROVED;
    if (ok)
        return 0;
    char first[DAY_BUF], label[APP_PERIOD_BUF];
    tk_day p = app_period_of(app, day);
    char *who = login_of(app, target);
    if (action == TEAM_SUBMIT)
        tk_fail(err, "your %s of %s (%s) is already %s", period_word(app), day_format(p, first),
                app_period_label(app, p, label), week_state_name(s));
    else
        tk_fail(err, "%s's %s of %s (%s) is %s%s", who, period_word(app), day_format(p, first),
                app_period_label(app, p, label), week_state_name(s),
                action == TEAM_REOPEN        ? ", not submitted or approved"
                : action == TEAM_REJECT && s == WEEK_APPROVED
                    ? " already; to change it, reopen it (tock reopen USER DATE -m REASON)"
                : s == WEEK_APPROVED ? " already" : ", not submitted");
    free(who);
    return -1;
}

int app_team_may(tk_app *app, team_action action, int64_t target, tk_day day, tk_err *err)
{
    bool self = target == app->user_id;
    bool boss = app->role == ROLE_ADMIN || app->role == ROLE_LEAD;
    switch (action) {
    case TEAM_READ:
        if (self || boss)
            return 0;
        return tk_fail(err, "members read only their own %ss; a lead or the admin can read "
                       "others'", period_word(app));
    case TEAM_READ_ALL:
        if (boss)
            return 0;
        return tk_fail(err, "only a lead or the admin sees the team's %ss", period_word(app));
    case TEAM_CATALOG:
        /* A single-user database's one user is its admin: nothing changes for them. */
        if (boss)
            return 0;
        {
            char *admin = admin_login(app);
            tk_fail(err, "only a lead or the admin (%s) changes clients, projects, rates, "
                    "retainers, taxes and sprints", admin);
            free(admin);
        }
        return -1;
    case TEAM_COST:
        if (boss)
            return 0;
        return tk_fail(err, "cost rates and profit are for admins and leads only");
    case TEAM_MANAGE:
        if (app->role == ROLE_ADMIN)
            return 0;
        {
            char *admin = admin_login(app);
            tk_fail(err, "only the admin (%s) changes the team", admin);
            free(admin);
        }
        return -1;
    case TEAM_WRITE:
        if (!self && app->role != ROLE_ADMIN) {
            char *who = login_of(app, target);
            tk_fail(err, "that is %s's time; you may change only your own", who);
            free(who);
            return -1;
        }
        return check_lock(app, target, day, err);
    case TEAM_SUBMIT:
        if (!self)
            return tk_fail(err, "only its owner submits a %s", period_word(app));
        return check_state(app, action, target, day, err);
    case TEAM_APPROVE:
    case TEAM_REJECT:
    case TEAM_REOPEN:
        if (!boss)
            return tk_fail(err, "only a lead or the admin may %s a %s",
                           action == TEAM_APPROVE ? "approve" : action == TEAM_REJECT ? "reject"
                                                                                     : "reopen",
                           period_word(app));
        if (action == TEAM_APPROVE && self && !app->cfg.team.self_approval)
            return tk_fail(err, "you may not approve your own %s ([team] allow_self_approval "
                           "is false); another lead or the admin approves it", period_word(app));
        return check_state(app, action, target, day, err);
    }
    return tk_fail(err, "unknown action");
}

/* ---- members ---- */

/* PostgreSQL: the login's group role follows its tock role (NULL: out of the team). */
static int grant(tk_app *app, const char *login, const tk_role *role, tk_err *err)
{
    int rc = store_member_grant(app->st, login, role, err);
    if (rc == 0 && role) /* one whose role is gone may still leave the team */
        return tk_fail(err, "no PostgreSQL role '%s' (the database's administrator makes it: "
                       "CREATE ROLE %s LOGIN)", login, login);
    return rc < 0 ? -1 : 0;
}

int app_team_add(tk_app *app, const char *login, tk_role role, tk_err *err)
{
    if (app_team_may(app, TEAM_MANAGE, 0, 0, err))
        return -1;
    /* Identity is the OS login (PostgreSQL: the role, checked in the change): a name the
     * password database does not know is a typo. */
    bool server = store_is_server(app->db_path);
    if (!server && !getpwnam(login))
        return tk_fail(err, "no OS user '%s' on this system (add it with useradd first)", login);
    if (app_change_begin(app, err))
        return -1;
    store_member m;
    int rc = store_member_get(app->st, login, &m, err);
    if (rc == 1 && m.active)
        rc = tk_fail(err, "%s is already in the team, as %s (tock team set %s --role …)", login,
                     store_role_name(m.role), login);
    int64_t id = 0;
    /* Someone taken out of the team and added again: their row as it was. */
    char *before = rc == 1 ? app_audit_snap(app, "user", m.id, NULL) : NULL;
    if (rc >= 0)
        rc = store_member_put(app->st, login, role, clock_now(), &id, err);
    if (rc >= 0)
        rc = grant(app, login, &role, err);
    return app_audit_change_end(app, rc, "add", "user", id, NULL, before, err);
}

/* The admin may not leave the team without one: someone must be able to add users. */
static int keeps_an_admin(tk_app *app, const store_member *m, tk_role new_role, tk_err *err)
{
    int64_t active, admins;
    if (m->role != ROLE_ADMIN || new_role == ROLE_ADMIN)
        return 0;
    if (store_member_count(app->st, &active, &admins, err))
        return -1;
    if (admins <= 1)
        return tk_fail(err, "%s is the only admin; make another user admin first", m->login);
    return 0;
}

/* A member's new role, or (role NULL) their leaving the team: never the last admin's. */
static int member_change(tk_app *app, const char *login, const tk_role *role, tk_err *err)
{
    if (app_team_may(app, TEAM_MANAGE, 0, 0, err) || app_change_begin(app, err))
        return -1;
    int64_t id = 0;
    tk_role old = ROLE_MEMBER;
    int rc = app_team_find(app, login, &id, &old, err);
    store_member m = { .id = id, .login = (char *)login, .role = old };
    if (rc == 0)
        rc = keeps_an_admin(app, &m, role ? *role : ROLE_MEMBER, err);
    char *before = rc ? NULL : app_audit_snap(app, "user", id, NULL);
    /* Leaving keeps their entries, weeks and invoices: the row is only marked out of the team. */
    if (rc == 0)
        rc = role ? store_member_put(app->st, login, *role, clock_now(), &id, err)
                  : store_member_deactivate(app->st, id, err);
    if (rc == 0)
        rc = grant(app, login, role, err);
    return app_audit_change_end(app, rc, role ? "edit" : "delete", "user", id, NULL, before, err);
}

int app_team_set(tk_app *app, const char *login, tk_role role, tk_err *err)
{
    return member_change(app, login, &role, err);
}

int app_team_rm(tk_app *app, const char *login, tk_err *err)
{
    return member_change(app, login, NULL, err);
}
