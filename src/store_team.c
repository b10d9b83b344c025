/* store_team.c — the team: users with their roles, and each user's period states. The SQL is
 * plain enough for PostgreSQL too (COALESCE, CASE, ON CONFLICT, integer flags compared). */
#include "store_impl.h"
#include "sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[] = { "member", "lead", "admin" };
const char *store_role_name(tk_role r)
{
    return (unsigned)r < 3 ? role_names[r] : "member";
}

int store_role_parse(const char *s, tk_role *out)
{
    for (int i = 0; s && i < 3; i++)
        if (!strcmp(s, role_names[i])) {
            *out = (tk_role)i;
            return 0;
        }
    return -1;
}

#define MEMBER_COLS "id, login, role, active, created_utc"

static void read_member(db_stmt *s, store_member *m, bool own_login)
{
    memset(m, 0, sizeof *m);
    m->id = db_column_int64(s, 0);
    m->login = own_login ? store_col_text_or_empty(s, 1) : (char *)db_column_text(s, 1);
    m->role = ROLE_MEMBER;
    store_role_parse((const char *)db_column_text(s, 2), &m->role);
    m->active = db_column_int(s, 3) != 0;
    m->created = db_column_int64(s, 4);
}

static int get_one(store *st, db_stmt *s, store_member *out, bool own_login, tk_err *err)
{
    int rc = db_step(s);
    if (rc == DB_ROW) {
        read_member(s, out, own_login);
        if (!own_login)
            out->login = NULL;
    }
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading users");
    return rc == DB_ROW;
}

static const char sql_member_get[] = "SELECT " MEMBER_COLS " FROM users WHERE login = ?1";
/* One row always: the team's counts, and the member's columns (NULL when there is none). */
static const char sql_member_get_counted[] =
    "SELECT u.id, u.login, u.role, u.active, u.created_utc, t.n, t.admins FROM "
    "(SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN role = 'admin' THEN 1 ELSE 0 END), 0) "
    "AS admins FROM users WHERE active = 1) t LEFT JOIN users u ON u.login = ?1";
/* A week's row, and apart from it the login of who set its state: most weeks have no row,
 * and a join costs every process that reads a week's state more to prepare. */
static const char sql_week_read[] = "SELECT state, reason, actor_id, updated_utc FROM weeks "
                                    "WHERE user_id = ?1 AND week_start = ?2";
static const char sql_week_actor[] = "SELECT login FROM users WHERE id = ?1";
static const char sql_week_count[] =
    "SELECT COUNT(*) FROM weeks w JOIN users u ON u.id = w.user_id "
    "WHERE w.state = ?1 AND w.week_start >= ?2 AND w.user_id != ?3 AND u.active = 1";

/* Every command opens with member_get_counted: member_get's search and a count of the users,
 * which scans users (a table that grows with the team, not with the history, so the check of
 * the hot statements is given member_get). status runs week_read and, for leads, week_count. */
const store_named_sql store_hot_team[] = {
    { "member_get", sql_member_get },
    { "week_read", sql_week_read },
    { "week_count", sql_week_count },
    { NULL, NULL },
};

int store_member_get(store *st, const char *login, store_member *out, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_member_get, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, login, -1, DB_TRANSIENT);
    return get_one(st, s, out, false, err);
}

int store_member_get_id(store *st, int64_t id, store_member *out, tk_err *err)
{
    static const char sql[] = "SELECT " MEMBER_COLS " FROM users WHERE id = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, id);
    return get_one(st, s, out, true, err);
}

int store_member_each(store *st, int (*fn)(const store_member *m, void *ctx), void *ctx,
                      tk_err *err)
{
    static const char sql[] = "SELECT " MEMBER_COLS " FROM users ORDER BY login";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc = DB_DONE, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        store_member m;
        read_member(s, &m, false);
        stop = fn(&m, ctx);
    }
    if (stop) {
        db_reset(s);
        return stop;
    }
    db_reset(s);
    return rc == DB_DONE ? 0 : store_fail(st, err, "reading users");
}

int store_member_put(store *st, const char *login, tk_role role, int64_t now, int64_t *id,
                     tk_err *err)
{
    static const char sql[] =
        "INSERT INTO users(login, role, created_utc, active) VALUES (?1, ?2, ?3, 1) "
        "ON CONFLICT(login) DO UPDATE SET role = excluded.role, active = 1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, login, -1, DB_TRANSIENT);
    db_bind_text(s, 2, store_role_name(role), -1, DB_STATIC);
    db_bind_int64(s, 3, now);
    if (store_exec_stmt(st, s, err, "saving the user"))
        return -1;
    store_member m;
    int rc = store_member_get(st, login, &m, err);
    if (rc == 1)
        *id = m.id;
    return rc == 1 ? 0 : rc < 0 ? -1 : tk_fail(err, "cannot add the user %s", login);
}

int store_member_deactivate(store *st, int64_t id, tk_err *err)
{
    static const char sql[] = "UPDATE users SET active = 0 WHERE id = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, id);
    return store_exec_stmt(st, s, err, "removing the user");
}

int store_member_grant(store *st, const char *login, const tk_role *role, tk_err *err)
{
    static const char sql[] = "SELECT tock_team_grant(?1, ?2)";
    if (!st->pg)
        return 1;
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, login, -1, DB_TRANSIENT);
    db_bind_text(s, 2, role ? store_role_name(*role) : "none", -1, DB_STATIC);
    int rc = db_step(s);
    int known = rc == DB_ROW && db_column_int(s, 0);
    db_reset(s);
    if (rc != DB_ROW)
        return store_fail(st, err, "granting the user's role");
    return known;
}

int store_member_count(store *st, int64_t *active, int64_t *admins, tk_err *err)
{
    static const char sql[] =
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN role = 'admin' THEN 1 ELSE 0 END), 0) "
        "FROM users WHERE active = 1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *active = db_column_int64(s, 0);
        if (admins)
            *admins = db_column_int64(s, 1);
    }
    db_reset(s);
    return rc == DB_ROW ? 0 : store_fail(st, err, "counting users");
}

int store_member_get_counted(store *st, const char *login, store_member *out, int64_t *active,
                             int64_t *admins, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_member_get_counted, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, login, -1, DB_TRANSIENT);
    int rc = db_step(s), found = 0;
    if (rc == DB_ROW) {
        *active = db_column_int64(s, 5);
        *admins = db_column_int64(s, 6);
        found = db_column_type(s, 0) != DB_NULL;
        if (found) {
            read_member(s, out, false);
            out->login = NULL;
        }
    }
    db_reset(s);
    return rc == DB_ROW ? found : store_fail(st, err, "reading users");
}

int store_member_admin(store *st, char **login, tk_err *err)
{
    static const char sql[] =
        "SELECT login FROM users WHERE active = 1 AND role = 'admin' ORDER BY id LIMIT 1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    if (rc == DB_ROW)
        *login = store_col_text_or_empty(s, 0);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading users");
    return rc == DB_ROW;
}

/* The state alone, by store_week_read's statement (one statement per row's shape: a week's
 * load and its header ask both). */
int store_week_get(store *st, int64_t user_id, tk_day week_start, tk_week_state *out, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_week_read, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, week_start);
    int rc = db_step(s);
    *out = rc == DB_ROW ? week_state_parse((const char *)db_column_text(s, 0)) : WEEK_OPEN;
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the week's state");
    return rc == DB_ROW;
}

int store_week_read(store *st, int64_t user_id, tk_day start, store_week *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = store_prep(st, sql_week_read, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, start);
    int rc = db_step(s);
    int64_t actor = 0;
    bool has_actor = false;
    if (rc == DB_ROW) {
        out->state = week_state_parse((const char *)db_column_text(s, 0));
        out->reason = store_col_text(s, 1);
        has_actor = db_column_type(s, 2) != DB_NULL;
        actor = db_column_int64(s, 2);
        out->updated = db_column_int64(s, 3);
    }
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the week's state");
    if (has_actor) {
        /* No such user: no actor (as the left join this replaces). */
        db_stmt *a = store_prep(st, sql_week_actor, err);
        if (!a) {
            store_week_clear(out);
            return -1;
        }
        db_bind_int64(a, 1, actor);
        int arc = db_step(a);
        if (arc == DB_ROW)
            out->actor = store_col_text(a, 0);
        db_reset(a);
        if (arc != DB_ROW && arc != DB_DONE) {
            store_week_clear(out);
            return store_fail(st, err, "reading the week's state");
        }
    }
    return rc == DB_ROW;
}

void store_week_clear(store_week *w)
{
    free(w->reason);
    free(w->actor);
    memset(w, 0, sizeof *w);
}

int store_week_count(store *st, tk_week_state state, int64_t exclude_user, tk_day from,
                     int64_t *n, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_week_count, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, week_state_name(state), -1, DB_STATIC);
    store_bind_day(s, 2, from);
    db_bind_int64(s, 3, exclude_user);
    int rc = db_step(s);
    if (rc == DB_ROW)
        *n = db_column_int64(s, 0);
    db_reset(s);
    return rc == DB_ROW ? 0 : store_fail(st, err, "counting weeks");
}

int store_week_each_approved(store *st, int (*fn)(int64_t user_id, tk_day start, void *ctx),
                             void *ctx, tk_err *err)
{
    static const char sql[] =
        "SELECT user_id, week_start FROM weeks WHERE state = 'approved'";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc = DB_DONE, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW)
        stop = fn(db_column_int64(s, 0), store_col_day(s, 1), ctx);
    db_reset(s);
    if (stop)
        return stop;
    return rc == DB_DONE ? 0 : store_fail(st, err, "reading weeks");
}

/* ---- what a period held when it was submitted ---- */

int store_week_digest(store *st, int64_t user_id, tk_day from, tk_day to,
                      char out[SHA256_HEX], tk_err *err)
{
    /* Every field a user can change, in id order: a row added, removed or edited in any way
     * changes the digest. */
    static const char sql[] =
        "SELECT id, client_id, project_id, tier, billable, day, last_day, start_utc, end_utc, "
        "seconds, note, ref FROM entries WHERE user_id = ?1 AND day <= ?3 AND last_day >= ?2 "
        "AND" ENTRY_SEEN("entries") "ORDER BY id";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, from);
    store_bind_day(s, 3, to);
    sha256_ctx c;
    sha256_init(&c);
    int rc;
    while ((rc = db_step(s)) == DB_ROW)
        for (int i = 0; i < 12; i++) {
            const char *v = db_column_type(s, i) == DB_NULL ? NULL
                                                            : (const char *)db_column_text(s, i);
            /* Each value ends with a NUL; a NULL is a lone 0x01, which no text is. */
            sha256_update(&c, v ? v : "\x01", (v ? strlen(v) : 1) + 1);
        }
    db_reset(s);
    if (rc != DB_DONE)
        return store_fail(st, err, "reading the week's entries");
    unsigned char d[32];
    sha256_final(&c, d);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
    return 0;
}

int store_week_submitted_digest(store *st, int64_t user_id, tk_day start, char **out,
                                tk_err *err)
{
    static const char sql[] =
        "SELECT submitted_digest FROM weeks WHERE user_id = ?1 AND week_start = ?2";
    *out = NULL;
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, start);
    int rc = db_step(s);
    if (rc == DB_ROW)
        *out = store_col_text(s, 0);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the week's state");
    return 0;
}

int store_week_submit(store *st, int64_t user_id, tk_day start, int64_t now,
                      const char *digest, tk_err *err)
{
    /* One statement: on PostgreSQL a member may change their week's row only while it is
     * open or rejected (step 13's weeks_resubmit), so state and digest change together. */
    static const char sql[] =
        "INSERT INTO weeks(user_id, week_start, state, actor_id, reason, updated_utc, "
        "submitted_digest) VALUES (?1, ?2, 'submitted', ?1, NULL, ?3, ?4) "
        "ON CONFLICT(user_id, week_start) DO UPDATE SET state = excluded.state, "
        "actor_id = excluded.actor_id, reason = excluded.reason, "
        "updated_utc = excluded.updated_utc, submitted_digest = excluded.submitted_digest";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, start);
    db_bind_int64(s, 3, now);
    store_bind_text(s, 4, digest);
    return store_exec_stmt(st, s, err, "saving the week's state");
}
