/* store_catalog.c — clients, projects, rates and retainers. */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

#define CLIENT_COLS "id, key, name, currency, archived, billable, round_seconds, round_mode, " \
                    "minimum_seconds, zoho_customer_id"

/* A column's text: the store's own (valid until the next step) when borrow, else a copy;
 * NULL as "" when or_empty, else as NULL. Inlined with borrow constant, as the readers below
 * (each caller pays only for its own kind). */
static inline __attribute__((always_inline)) char *col_str(db_stmt *s, int i, bool borrow, bool or_empty)
{
    const char *t = (const char *)db_column_text(s, i);
    if (!t && or_empty)
        t = "";
    return !t ? NULL : borrow ? (char *)t : xstrdup(t);
}

static inline __attribute__((always_inline)) void read_client_as(db_stmt *s, tk_client *c, bool borrow)
{
    memset(c, 0, sizeof *c);
    c->id = db_column_int64(s, 0);
    c->key = col_str(s, 1, borrow, true);
    c->name = col_str(s, 2, borrow, true);
    c->currency = col_str(s, 3, borrow, true);
    c->archived = db_column_int(s, 4);
    c->billable = db_column_int(s, 5);
    c->has_round = db_column_type(s, 6) != DB_NULL;
    c->rounding.increment = db_column_int64(s, 6);
    c->has_round_mode = db_column_type(s, 7) != DB_NULL;
    if (c->has_round_mode)
        round_mode_parse((const char *)db_column_text(s, 7), &c->rounding.mode);
    c->has_minimum = db_column_type(s, 8) != DB_NULL;
    c->rounding.minimum = db_column_int64(s, 8);
    c->zoho_customer_id = col_str(s, 9, borrow, false);
}

static void read_client(db_stmt *s, tk_client *c)
{
    read_client_as(s, c, false);
}

static const char sql_client_get[] = "SELECT " CLIENT_COLS " FROM clients WHERE key = ?1";

static int get_one_client(store *st, db_stmt *s, tk_client *out, tk_err *err)
{
    int rc = db_step(s);
    if (rc == DB_ROW)
        read_client(s, out);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading clients");
    return rc == DB_ROW;
}

int store_client_get(store *st, const char *key, tk_client *out, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_client_get, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, key, -1, DB_TRANSIENT);
    return get_one_client(st, s, out, err);
}

int store_client_get_id(store *st, int64_t id, tk_client *out, tk_err *err)
{
    static const char sql[] = "SELECT " CLIENT_COLS " FROM clients WHERE id = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, id);
    return get_one_client(st, s, out, err);
}

static void bind_client(db_stmt *s, const tk_client *c)
{
    db_bind_text(s, 1, c->key, -1, DB_TRANSIENT);
    db_bind_text(s, 2, c->name, -1, DB_TRANSIENT);
    db_bind_text(s, 3, c->currency, -1, DB_TRANSIENT);
    db_bind_int(s, 4, c->archived);
    db_bind_int(s, 5, c->billable);
    if (c->has_round)
        db_bind_int64(s, 6, c->rounding.increment);
    else
        db_bind_null(s, 6);
    store_bind_text(s, 7, c->has_round_mode ? round_mode_name(c->rounding.mode) : NULL);
    if (c->has_minimum)
        db_bind_int64(s, 8, c->rounding.minimum);
    else
        db_bind_null(s, 8);
    store_bind_text(s, 9, c->zoho_customer_id);
}

int store_client_insert(store *st, tk_client *c, int64_t now, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO clients(key, name, currency, archived, billable, round_seconds, round_mode, "
        "minimum_seconds, zoho_customer_id, created_utc) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    bind_client(s, c);
    db_bind_int64(s, 10, now);
    if (store_exec_stmt(st, s, err, "adding the client"))
        return -1;
    c->id = db_last_insert_rowid(st->db);
    return 0;
}

int store_client_update(store *st, const tk_client *c, tk_err *err)
{
    static const char sql[] =
        "UPDATE clients SET key = ?1, name = ?2, currency = ?3, archived = ?4, billable = ?5, "
        "round_seconds = ?6, round_mode = ?7, minimum_seconds = ?8, zoho_customer_id = ?9 "
        "WHERE id = ?10";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    bind_client(s, c);
    db_bind_int64(s, 10, c->id);
    return store_exec_stmt(st, s, err, "updating the client");
}

int store_client_each(store *st, bool with_archived,
                      int (*fn)(const tk_client *c, void *ctx), void *ctx, tk_err *err)
{
    static const char sql[] = "SELECT " CLIENT_COLS " FROM clients "
                              "WHERE ?1 <> 0 OR archived = 0 ORDER BY key";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, with_archived);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_client c;
        read_client(s, &c);
        stop = fn(&c, ctx);
        tk_client_clear(&c);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "listing clients");
    return stop;
}

int store_client_retainer_each(store *st, int (*fn)(const tk_client *c, void *ctx), void *ctx,
                               tk_err *err)
{
    /* From the few retainers to their clients, sorted after (not every client probed). */
    static const char sql[] = "SELECT " CLIENT_COLS " FROM clients WHERE archived = 0 AND "
                              "id IN (SELECT client_id FROM retainers) ORDER BY key";
    db_stmt *s = store_prep(st, sql, err);
    return s ? store_client_rows(st, s, fn, ctx, err) : -1;
}

#define PROJECT_COLS "p.id, p.client_id, p.key, p.name, p.archived, p.billable, p.fixed_minor, " \
                     "p.budget_seconds, c.key, p.outside_retainer"

static inline __attribute__((always_inline)) void read_project_as(db_stmt *s, tk_project *p, bool borrow)
{
    memset(p, 0, sizeof *p);
    p->id = db_column_int64(s, 0);
    p->client_id = db_column_int64(s, 1);
    p->key = col_str(s, 2, borrow, true);
    p->name = col_str(s, 3, borrow, true);
    p->archived = db_column_int(s, 4);
    p->billable = db_column_int(s, 5);
    p->fixed_minor = db_column_type(s, 6) == DB_NULL ? -1 : db_column_int64(s, 6);
    p->budget_seconds = db_column_type(s, 7) == DB_NULL ? -1 : db_column_int64(s, 7);
    p->outside_retainer = db_column_int(s, 9) != 0;
}

static void read_project(db_stmt *s, tk_project *p)
{
    read_project_as(s, p, false);
}

static const char sql_project_get[] = "SELECT " PROJECT_COLS " FROM projects p JOIN clients c "
                                     "ON c.id = p.client_id WHERE p.client_id = ?1 AND p.key = ?2";
static const char sql_projects_of_client[] =
    "SELECT " PROJECT_COLS " FROM projects p JOIN clients c ON c.id = p.client_id "
    "WHERE p.client_id = ?1 AND (?2 <> 0 OR (p.archived = 0 AND c.archived = 0)) ORDER BY p.key";
static const char sql_rate_each[] =
    "SELECT id, client_id, IFNULL(project_id, 0), tier, amount_minor, from_day FROM rates "
    "WHERE client_id = ?1 ORDER BY IFNULL(project_id, 0), tier, from_day";
static const char sql_retainer_each[] =
    "SELECT id, client_id, period, prepaid_seconds, fee_minor, overage_minor, rollover, "
    "alert_pct, from_day, to_day, partial, rollover_cap, rollover_expiry, rollover_order "
    "FROM retainers WHERE client_id = ?1 "
    "ORDER BY from_day";

/* The hot statements, for store_explain. */
const store_named_sql store_hot_catalog[] = {
    { "client_get", sql_client_get },
    { "project_get", sql_project_get },
    { "projects_of_client", sql_projects_of_client },
    { "rate_each", sql_rate_each },
    { "retainer_each", sql_retainer_each },
    { NULL, NULL },
};

static int get_one_project(store *st, db_stmt *s, tk_project *out, tk_err *err)
{
    int rc = db_step(s);
    if (rc == DB_ROW)
        read_project(s, out);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading projects");
    return rc == DB_ROW;
}

int store_project_get(store *st, int64_t client_id, const char *key, tk_project *out, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_project_get, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_text(s, 2, key, -1, DB_TRANSIENT);
    return get_one_project(st, s, out, err);
}

int store_project_get_id(store *st, int64_t id, tk_project *out, tk_err *err)
{
    static const char sql[] = "SELECT " PROJECT_COLS " FROM projects p JOIN clients c "
                              "ON c.id = p.client_id WHERE p.id = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, id);
    return get_one_project(st, s, out, err);
}

static void bind_project(db_stmt *s, const tk_project *p)
{
    db_bind_int64(s, 1, p->client_id);
    db_bind_text(s, 2, p->key, -1, DB_TRANSIENT);
    db_bind_text(s, 3, p->name, -1, DB_TRANSIENT);
    db_bind_int(s, 4, p->archived);
    db_bind_int(s, 5, p->billable);
    if (p->fixed_minor >= 0)
        db_bind_int64(s, 6, p->fixed_minor);
    else
        db_bind_null(s, 6);
    if (p->budget_seconds >= 0)
        db_bind_int64(s, 7, p->budget_seconds);
    else
        db_bind_null(s, 7);
    db_bind_int(s, 9, p->outside_retainer);
}

int store_project_insert(store *st, tk_project *p, int64_t now, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO projects(client_id, key, name, archived, billable, fixed_minor, "
        "budget_seconds, created_utc, outside_retainer) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    bind_project(s, p);
    db_bind_int64(s, 8, now);
    if (store_exec_stmt(st, s, err, "adding the project"))
        return -1;
    p->id = db_last_insert_rowid(st->db);
    return 0;
}

int store_project_update(store *st, const tk_project *p, tk_err *err)
{
    static const char sql[] =
        "UPDATE projects SET client_id = ?1, key = ?2, name = ?3, archived = ?4, billable = ?5, "
        "fixed_minor = ?6, budget_seconds = ?7, outside_retainer = ?9 WHERE id = ?8";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    bind_project(s, p);
    db_bind_int64(s, 8, p->id);
    return store_exec_stmt(st, s, err, "updating the project");
}

int store_project_each(store *st, int64_t client_id, bool with_archived,
                       int (*fn)(const tk_project *p, const char *client_key, void *ctx),
                       void *ctx, tk_err *err)
{
    /* One statement per access path: "?1 = 0 OR client_id = ?1" would read every project. */
    static const char all[] = "SELECT " PROJECT_COLS " FROM projects p JOIN clients c "
                              "ON c.id = p.client_id WHERE ?1 = 0 "
                              "AND (?2 <> 0 OR (p.archived = 0 AND c.archived = 0)) ORDER BY c.key, p.key";
    db_stmt *s = store_prep(st, client_id ? sql_projects_of_client : all, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_int(s, 2, with_archived);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_project p;
        read_project(s, &p);
        char *ckey = store_col_text_or_empty(s, 8);
        stop = fn(&p, ckey, ctx);
        free(ckey);
        tk_project_clear(&p);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "listing projects");
    return stop;
}

const char store_sql_client_all[] = "SELECT " CLIENT_COLS " FROM clients";

int store_client_rows(store *st, db_stmt *s, int (*fn)(const tk_client *c, void *ctx),
                      void *ctx, tk_err *err)
{
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_client c;
        read_client_as(s, &c, true);
        stop = fn(&c, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "listing clients");
    return stop;
}

const char store_sql_project_all[] =
    "SELECT p.id, p.client_id, p.key, p.name, p.archived, p.billable, p.fixed_minor, "
    "p.budget_seconds, NULL, p.outside_retainer FROM projects p";

int store_project_rows(store *st, db_stmt *s, int (*fn)(const tk_project *p, void *ctx),
                       void *ctx, tk_err *err)
{
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_project p;
        read_project_as(s, &p, true);
        stop = fn(&p, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "listing projects");
    return stop;
}

int store_project_of(store *st, int64_t client_id, int (*fn)(tk_project *p, void *ctx),
                     void *ctx, tk_err *err)
{
    /* No join for the client's key: a plainer statement to prepare, in every process that
     * bills a few clients. */
    static const char sql[] = "SELECT p.id, p.client_id, p.key, p.name, p.archived, p.billable, "
                              "p.fixed_minor, p.budget_seconds, NULL, p.outside_retainer "
                              "FROM projects p WHERE p.client_id = ?1 ORDER BY p.key";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_project p;
        read_project(s, &p);
        stop = fn(&p, ctx);
        tk_project_clear(&p);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "listing projects");
    return stop;
}

int store_rate_insert(store *st, tk_rate *r, int64_t now, tk_err *err)
{
    static const char sql[] = "INSERT INTO rates(client_id, project_id, tier, amount_minor, "
                              "from_day, created_utc) VALUES (?1,?2,?3,?4,?5,?6)";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, r->client_id);
    store_bind_id(s, 2, r->project_id);
    db_bind_text(s, 3, r->tier, -1, DB_TRANSIENT);
    db_bind_int64(s, 4, r->amount_minor);
    store_bind_day(s, 5, r->from);
    db_bind_int64(s, 6, now);
    if (store_exec_stmt(st, s, err, "saving the rate"))
        return -1;
    r->id = db_last_insert_rowid(st->db);
    return 0;
}

int store_rate_replace(store *st, const tk_rate *r, tk_err *err)
{
    static const char sql[] = "UPDATE rates SET amount_minor = ?4 WHERE client_id = ?1 AND "
                              "IFNULL(project_id, 0) = ?2 AND tier = ?3 AND from_day = ?5";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, r->client_id);
    db_bind_int64(s, 2, r->project_id);
    db_bind_text(s, 3, r->tier, -1, DB_TRANSIENT);
    db_bind_int64(s, 4, r->amount_minor);
    store_bind_day(s, 5, r->from);
    return store_exec_stmt(st, s, err, "saving the rate");
}

int store_rate_each(store *st, int64_t client_id,
                    int (*fn)(const tk_rate *r, void *ctx), void *ctx, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_rate_each, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_rate r = { .id = db_column_int64(s, 0), .client_id = db_column_int64(s, 1),
                      .project_id = db_column_int64(s, 2), .tier = col_str(s, 3, true, true),
                      .amount_minor = db_column_int64(s, 4), .from = store_col_day(s, 5) };
        stop = fn(&r, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading rates");
    return stop;
}

/* Every client's in one statement, for a view that bills hundreds of clients; in no order
 * (a rate card does not depend on it): a plain scan of the table. */
const char store_sql_rate_all[] =
    "SELECT id, client_id, IFNULL(project_id, 0), tier, amount_minor, from_day FROM rates";

/* The first days of every client's rates: a few dates (price changes) over and over, each
 * parsed once (a busy week's 776 rates have 7; parsing each was ~0.15 M instructions). */
enum { RATE_DAYS = 8 };
typedef struct rate_days {
    store_day_cache c[RATE_DAYS];
    unsigned next;   /* the one to replace */
} rate_days;

static tk_day rate_day(db_stmt *s, int i, rate_days *m)
{
    const char *t = (const char *)db_column_text(s, i);
    if (!t || db_column_bytes(s, i) != (int)sizeof m->c[0].text ||
        memchr(t, 0, sizeof m->c[0].text))
        return store_col_day(s, i);
    for (int k = 0; k < RATE_DAYS; k++)
        if (!memcmp(t, m->c[k].text, sizeof m->c[k].text))
            return m->c[k].day;
    store_day_cache *c = &m->c[m->next++ % RATE_DAYS];
    memcpy(c->text, t, sizeof c->text);
    c->day = store_col_day(s, i);
    return c->day;
}

int store_rate_rows(store *st, db_stmt *s, int (*fn)(const tk_rate *r, void *ctx), void *ctx,
                    tk_err *err)
{
    int rc, stop = 0;
    rate_days days = { 0 };   /* no text of ten NULs reaches a comparison */
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_rate r = { .id = db_column_int64(s, 0), .client_id = db_column_int64(s, 1),
                      .project_id = db_column_int64(s, 2), .tier = col_str(s, 3, true, true),
                      .amount_minor = db_column_int64(s, 4), .from = rate_day(s, 5, &days) };
        stop = fn(&r, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading rates");
    return stop;
}

int store_retainer_insert(store *st, tk_retainer *r, int64_t now, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO retainers(client_id, period, prepaid_seconds, fee_minor, overage_minor, "
        "rollover, alert_pct, from_day, to_day, created_utc, partial, rollover_cap, "
        "rollover_expiry, rollover_order) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, r->client_id);
    db_bind_text(s, 2, period_name(r->period), -1, DB_STATIC);
    db_bind_int64(s, 3, r->prepaid_seconds);
    db_bind_int64(s, 4, r->fee_minor);
    db_bind_int64(s, 5, r->overage_minor);
    db_bind_text(s, 6, r->rollover == ROLLOVER_UNUSED ? "unused" : "none", -1, DB_STATIC);
    db_bind_int(s, 7, r->alert_pct);
    store_bind_day(s, 8, r->from);
    if (r->to == DAY_MAX)
        db_bind_null(s, 9);
    else
        store_bind_day(s, 9, r->to);
    db_bind_int64(s, 10, now);
    db_bind_text(s, 11, r->whole ? "whole" : "prorate", -1, DB_STATIC);
    if (r->has_rollover_cap)
        db_bind_int64(s, 12, r->rollover_cap);
    else
        db_bind_null(s, 12);
    db_bind_int(s, 13, r->rollover_expiry > 1 ? r->rollover_expiry : 1);
    db_bind_text(s, 14, r->rollover_current_first ? "current" : "fifo", -1, DB_STATIC);
    if (store_exec_stmt(st, s, err, "saving the retainer"))
        return -1;
    r->id = db_last_insert_rowid(st->db);
    return 0;
}

int store_retainer_end(store *st, int64_t client_id, tk_day last, tk_err *err)
{
    static const char del[] = "DELETE FROM retainers WHERE client_id = ?1 AND from_day > ?2";
    static const char upd[] = "UPDATE retainers SET to_day = ?2 WHERE client_id = ?1 AND "
                              "from_day <= ?2 AND (to_day IS NULL OR to_day > ?2)";
    db_stmt *s = store_prep(st, del, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    store_bind_day(s, 2, last);
    if (store_exec_stmt(st, s, err, "ending the retainer"))
        return -1;
    s = store_prep(st, upd, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    store_bind_day(s, 2, last);
    return store_exec_stmt(st, s, err, "ending the retainer");
}

static tk_retainer read_retainer(db_stmt *s)
{
    tk_retainer r = { .id = db_column_int64(s, 0), .client_id = db_column_int64(s, 1),
                      .prepaid_seconds = db_column_int64(s, 3),
                      .fee_minor = db_column_int64(s, 4),
                      .overage_minor = db_column_int64(s, 5),
                      .alert_pct = db_column_int(s, 7), .from = store_col_day(s, 8),
                      .to = store_col_day(s, 9) };
    period_parse((const char *)db_column_text(s, 2), &r.period);
    r.rollover = tk_streq((const char *)db_column_text(s, 6), "unused") ? ROLLOVER_UNUSED
                                                                             : ROLLOVER_NONE;
    r.whole = tk_streq((const char *)db_column_text(s, 10), "whole");
    r.has_rollover_cap = db_column_type(s, 11) != DB_NULL;
    r.rollover_cap = db_column_int64(s, 11);
    r.rollover_expiry = db_column_int(s, 12);
    r.rollover_current_first = tk_streq((const char *)db_column_text(s, 13), "current");
    return r;
}

static int retainers_of(store *st, db_stmt *s, int (*fn)(const tk_retainer *r, void *ctx),
                        void *ctx, tk_err *err)
{
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_retainer r = read_retainer(s);
        stop = fn(&r, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading retainers");
    return stop;
}

int store_retainer_each(store *st, int64_t client_id,
                        int (*fn)(const tk_retainer *r, void *ctx), void *ctx, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_retainer_each, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    return retainers_of(st, s, fn, ctx, err);
}

const char store_sql_retainer_all[] =
    "SELECT id, client_id, period, prepaid_seconds, fee_minor, overage_minor, rollover, "
    "alert_pct, from_day, to_day, partial, rollover_cap, rollover_expiry, rollover_order "
    "FROM retainers ORDER BY client_id, from_day";

int store_retainer_rows(store *st, db_stmt *s, int (*fn)(const tk_retainer *r, void *ctx),
                        void *ctx, tk_err *err)
{
    return retainers_of(st, s, fn, ctx, err);
}
