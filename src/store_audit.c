/* store_audit.c — the audit log: appending a chained record, snapshots of what a change
 * touched (its "before" and "after"), reading the log in order, and hashing the records an
 * older tock wrote before the chain existed. The hash itself is audit_chain.c's. */
#include "store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_chain.h"
#include "clock.h"
#include "json.h"

/* The log in order, for listing and verifying; the filters are NULL when unused. Each
 * record's login comes from the users read once beforehand (a join costs a lookup a record:
 * a third of what verifying a million records took), except when filtering by user. */
static const char sql_scan[] =
    "SELECT id, at_utc, user_id, NULL, action, entity, entity_id, detail, prev_hash, hash "
    "FROM audit WHERE id >= ?1 AND (?2 IS NULL OR at_utc >= CAST(?2 AS BIGINT)) "
    "AND (?4 IS NULL OR entity = ?4) ORDER BY id";
static const char sql_scan_user[] =
    "SELECT a.id, a.at_utc, a.user_id, u.login, a.action, a.entity, a.entity_id, a.detail, "
    "a.prev_hash, a.hash FROM audit a JOIN users u ON u.id = a.user_id "
    "WHERE a.id >= ?1 AND (?2 IS NULL OR a.at_utc >= CAST(?2 AS BIGINT)) AND u.login = ?3 "
    "AND (?4 IS NULL OR a.entity = ?4) ORDER BY a.id";
static const char sql_users[] = "SELECT id, login FROM users ORDER BY id";
static const char sql_head[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";

#ifdef TOCK_BENCH_NO_AUDIT
/* make bench's second binary: the same tock without its audit record, to price it. */
int store_audit(store *st, int64_t user_id, int64_t now, const char *action, const char *entity,
                int64_t entity_id, const char *detail, tk_err *err)
{
    (void)st, (void)user_id, (void)now, (void)action, (void)entity, (void)entity_id,
        (void)detail, (void)err;
    return 0;
}
#else
/* Appends one record after the current head, inside the caller's transaction (which holds
 * the write lock, so no other process appends between reading the head and writing). */
int store_audit(store *st, int64_t user_id, int64_t now, const char *action, const char *entity,
                int64_t entity_id, const char *detail, tk_err *err)
{
    static const char sql_login[] = "SELECT login FROM users WHERE id = ?1";
    static const char sql_ins[] =
        "INSERT INTO audit(id, at_utc, user_id, action, entity, entity_id, detail, prev_hash, "
        "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    int64_t seq = 0;
    char prev[SHA256_HEX] = "", hash[SHA256_HEX];
    if (store_audit_head(st, &seq, prev, err) < 0)
        return -1;
    char *login = NULL;
    if (user_id > 0 && user_id == st->known_uid) {
        login = xstrdup(st->known_login);
    } else if (user_id > 0) {
        db_stmt *s = store_prep(st, sql_login, err);
        if (!s)
            return -1;
        db_bind_int64(s, 1, user_id);
        int rc = db_step(s);
        if (rc == DB_ROW)
            login = store_col_text(s, 0);
        db_reset(s);
        if (rc != DB_ROW && rc != DB_DONE)
            return store_fail(st, err, "writing the audit log");
    }
    if (!detail)
        detail = "";
    audit_rec r = { .seq = seq + 1, .at = now, .user = login, .action = action, .entity = entity,
                    .entity_id = entity_id, .has_entity_id = entity_id != 0, .detail = detail,
                    .detail_len = strlen(detail) };
    audit_chain_hash(&r, prev, hash);
    free(login);
    db_stmt *s = store_prep(st, sql_ins, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, r.seq);
    db_bind_int64(s, 2, now);
    store_bind_id(s, 3, user_id > 0 ? user_id : 0);
    db_bind_text(s, 4, action, -1, DB_TRANSIENT);
    db_bind_text(s, 5, entity, -1, DB_TRANSIENT);
    store_bind_id(s, 6, entity_id);
    db_bind_text(s, 7, detail, -1, DB_TRANSIENT);
    store_bind_text(s, 8, seq ? prev : NULL);
    db_bind_text(s, 9, hash, -1, DB_TRANSIENT);
    return store_exec_stmt(st, s, err, "writing the audit log");
}
#endif

int store_audit_head(store *st, int64_t *seq, char hash[SHA256_HEX], tk_err *err)
{
    db_stmt *s = store_prep(st, sql_head, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    *seq = 0;
    hash[0] = '\0';
    if (rc == DB_ROW) {
        const char *h = (const char *)db_column_text(s, 1);
        *seq = db_column_int64(s, 0);
        snprintf(hash, SHA256_HEX, "%s", h ? h : "");
    }
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the audit log");
    return rc == DB_ROW;
}

static void row_of(db_stmt *s, store_audit_row *r)
{
    r->seq = db_column_int64(s, 0);
    r->at = db_column_int64(s, 1);
    r->user_id = db_column_int64(s, 2);
    r->user = (const char *)db_column_text(s, 3);
    r->action = (const char *)db_column_text(s, 4);
    r->entity = (const char *)db_column_text(s, 5);
    r->has_entity_id = db_column_type(s, 6) != DB_NULL;
    r->entity_id = db_column_int64(s, 6);
    r->detail = (const char *)db_column_text(s, 7);
    r->detail_len = (size_t)db_column_bytes(s, 7);
    r->prev_hash = (const char *)db_column_text(s, 8);
    r->hash = (const char *)db_column_text(s, 9);
}

/* Every user's login by id (ids ascending), for a scan. */
struct logins {
    TK_VEC(struct login { int64_t id; char *login; }) v;
    size_t last;
};

static int logins_load(store *st, struct logins *l, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_users, err);
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        struct login x = { db_column_int64(s, 0), store_col_text(s, 1) };
        TK_PUSH(l->v, x);
    }
    db_reset(s);
    return rc == DB_DONE ? 0 : store_fail(st, err, "reading users");
}

static const char *login_of(struct logins *l, int64_t id)
{
    if (l->last < l->v.len && l->v.items[l->last].id == id)
        return l->v.items[l->last].login;
    size_t lo = 0, hi = l->v.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->v.items[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == l->v.len || l->v.items[lo].id != id)
        return NULL;
    l->last = lo;
    return l->v.items[lo].login;
}

static void logins_free(struct logins *l)
{
    for (size_t i = 0; i < l->v.len; i++)
        free(l->v.items[i].login);
    free(l->v.items);
}

int store_audit_each(store *st, const store_audit_filter *f,
                     int (*fn)(const store_audit_row *r, void *ctx), void *ctx, tk_err *err)
{
    bool by_user = f && f->user;
    struct logins users = { 0 };
    if (!by_user && logins_load(st, &users, err)) {
        logins_free(&users);
        return -1;
    }
    db_stmt *s = store_prep(st, by_user ? sql_scan_user : sql_scan, err);
    if (!s) {
        logins_free(&users);
        return -1;
    }
    db_bind_int64(s, 1, f && f->first_seq ? f->first_seq : INT64_MIN);
    if (f && f->has_from)
        db_bind_int64(s, 2, f->from_at);
    if (by_user)
        store_bind_text(s, 3, f->user);
    store_bind_text(s, 4, f ? f->entity : NULL);
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        store_audit_row r;
        row_of(s, &r);
        if (!by_user)
            r.user = r.user_id ? login_of(&users, r.user_id) : NULL;
        stop = fn(&r, ctx);
    }
    db_reset(s);
    logins_free(&users);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading the audit log");
    return stop;
}

/* ---- snapshots ---- */

/* What a record's "before" and "after" hold for each kind of thing tock changes. The first
 * parameter is the record's entity id, the second its key (a tier, a week's first day, a
 * tax's name).
 * many: every row (an array), else the one row (an object). */
static const struct snap_sql {
    const char *entity, *sql;
    bool many;
} snaps[] = {
    { "entry", "SELECT * FROM entries WHERE id = ?1 AND" ENTRY_SEEN("entries"), false },
    { "timer", "SELECT * FROM timers WHERE user_id = ?1", false },
    { "client", "SELECT c.*, z.payment_terms FROM clients c "
                "LEFT JOIN client_zoho z ON z.client_id = c.id WHERE c.id = ?1", false },
    { "project", "SELECT * FROM projects WHERE id = ?1", false },
    { "rate", "SELECT * FROM rates WHERE client_id = ?1 ORDER BY id", true },
    { "retainer", "SELECT * FROM retainers WHERE client_id = ?1 ORDER BY id", true },
    { "tier rule", "SELECT * FROM tier_rules WHERE client_id = ?1 AND tier = ?2", false },
    { "sprint", "SELECT * FROM sprints WHERE id = ?1", false },
    { "sprint_cadence", "SELECT * FROM sprint_cadences WHERE client_id = ?1", false },
    { "invoice", "SELECT i.*, z.planned_number, z.number_gen, z.create_unknown, "
                 "z.zoho_balance_minor, z.void_utc, z.send_mode FROM invoices i "
                 "LEFT JOIN invoice_zoho z ON z.invoice_id = i.id WHERE i.id = ?1", false },
    { "week", "SELECT * FROM weeks WHERE user_id = ?1 AND week_start = ?2", false },
    { "user", "SELECT * FROM users WHERE id = ?1", false },
    /* A tax by its name (key): its id is known only once tock tax add has written it. */
    { "tax", "SELECT * FROM taxes WHERE name = ?2 OR id = ?1", false },
    { "tax rule", "SELECT * FROM tax_rules WHERE client_id = ?1 ORDER BY project_id", true },
    /* Issue 18: a milestone of a fixed price; a user's cost rates (entity id: the user). */
    { "milestone", "SELECT * FROM milestones WHERE id = ?1", false },
    { "cost rate", "SELECT * FROM cost_rates WHERE user_id = ?1 ORDER BY id", true },
};

/* Columns that change with every write or hold a copy of something else (an invoice's
 * payload is the whole document sent): left out, so a record says what changed. */
static bool skipped(const char *col)
{
    static const char *const cols[] = { "updated_utc", "payload", "lease_pid", "lease_until",
                                        "lease_start", "zoho_reply", "submitted_digest" };
    for (size_t i = 0; i < TK_ARRAY_LEN(cols); i++)
        if (!strcmp(col, cols[i]))
            return true;
    return false;
}

static void write_row(db_stmt *s, jw *w)
{
    jw_obj(w);
    for (int i = 0; i < db_column_count(s); i++) {
        const char *col = db_column_name(s, i);
        if (skipped(col))
            continue;
        jw_key(w, col);
        switch (db_column_type(s, i)) {
        case DB_NULL:
            jw_null(w);
            break;
        case DB_INTEGER:
            jw_int(w, db_column_int64(s, i));
            break;
        default:
            jw_str(w, (const char *)db_column_text(s, i));
        }
    }
    jw_end_obj(w);
}

int store_audit_snapshot(store *st, const char *entity, int64_t id, const char *key, char **out,
                         tk_err *err)
{
    *out = NULL;
#ifdef TOCK_BENCH_NO_AUDIT
    (void)st, (void)id, (void)key, (void)err, (void)entity;
    return 0;
#endif
    const struct snap_sql *q = NULL;
    for (size_t i = 0; i < TK_ARRAY_LEN(snaps) && !q; i++)
        if (!strcmp(snaps[i].entity, entity))
            q = &snaps[i];
    if (!q)
        return 0;
    db_stmt *s = store_prep(st, q->sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, id);
    if (db_bind_parameter_count(s) >= 2)
        store_bind_text(s, 2, key);
    strbuf sb = { 0 };
    jw w;
    jw_init(&w, &sb);
    if (q->many)
        jw_arr(&w);
    int rc, rows = 0;
    while ((rc = db_step(s)) == DB_ROW && (q->many || rows == 0)) {
        write_row(s, &w);
        rows++;
    }
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE) {
        sb_free(&sb);
        return store_fail(st, err, "reading what a change touched");
    }
    if (q->many)
        jw_end_arr(&w);
    if (rows || q->many)
        *out = sb_detach(&sb);
    sb_free(&sb);
    return 0;
}

/* ---- the chain's start ---- */

struct link {
    int64_t seq;
    char prev[SHA256_HEX], hash[SHA256_HEX];
};

struct pending {
    TK_VEC(struct link) links;
    char prev[SHA256_HEX];
};

static int link_row(const store_audit_row *r, void *p)
{
    struct pending *pd = p;
    struct link l = { .seq = r->seq };
    audit_rec rec = { .seq = r->seq, .at = r->at, .user = r->user, .action = r->action,
                      .entity = r->entity, .entity_id = r->entity_id,
                      .has_entity_id = r->has_entity_id, .detail = r->detail,
                      .detail_len = r->detail_len };
    snprintf(l.prev, sizeof l.prev, "%s", pd->prev);
    audit_chain_hash(&rec, pd->prev, l.hash);
    memcpy(pd->prev, l.hash, SHA256_HEX);
    TK_PUSH(pd->links, l);
    return 0;
}

/* A database upgraded from before the chain (the migration leaves 'audit_chain_pending' in
 * meta): its records are hashed in order, as they are, and become the chain's first links;
 * the chain vouches for them from the upgrade on. Inside the migration's transaction. A log
 * whose every record already has its hash (the step applied again over a chained log) is
 * left as it is: nothing was written without the chain. */
int store_audit_chain_pending(store *st, tk_err *err)
{
    static const char sql_pending[] =
        "SELECT EXISTS (SELECT 1 FROM audit WHERE hash IS NULL) FROM meta "
        "WHERE key = 'audit_chain_pending'";
    static const char sql_set[] = "UPDATE audit SET prev_hash = ?2, hash = ?3 WHERE id = ?1";
    db_stmt *s = store_prep(st, sql_pending, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    bool unhashed = rc == DB_ROW && db_column_int(s, 0);
    db_reset(s);
    if (rc == DB_DONE)
        return 0;
    if (rc != DB_ROW)
        return store_fail(st, err, "upgrading the audit log");
    struct pending pd = { 0 };
    rc = unhashed && store_audit_each(st, NULL, link_row, &pd, err) < 0 ? -1 : 0;
    /* The append-only trigger steps aside for these updates only (PostgreSQL: disabled in
     * this transaction; sqlite: dropped and made again). */
    const char *off = st->pg ? "ALTER TABLE audit DISABLE TRIGGER audit_append_only"
                             : "DROP TRIGGER audit_append_only_u";
    const char *on = st->pg ? "ALTER TABLE audit ENABLE TRIGGER audit_append_only"
                            : "CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit\n"
                              "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";
    if (rc == 0 && pd.links.len && db_exec(st->db, off, NULL, NULL, NULL) != DB_OK)
        rc = store_fail(st, err, "upgrading the audit log");
    for (size_t i = 0; rc == 0 && i < pd.links.len; i++) {
        if (!(s = store_prep(st, sql_set, err))) {
            rc = -1;
            break;
        }
        db_bind_int64(s, 1, pd.links.items[i].seq);
        store_bind_text(s, 2, i ? pd.links.items[i].prev : NULL);
        db_bind_text(s, 3, pd.links.items[i].hash, -1, DB_TRANSIENT);
        rc = store_exec_stmt(st, s, err, "upgrading the audit log");
    }
    if (rc == 0 && pd.links.len && db_exec(st->db, on, NULL, NULL, NULL) != DB_OK)
        rc = store_fail(st, err, "upgrading the audit log");
    if (rc == 0 && db_exec(st->db, "DELETE FROM meta WHERE key = 'audit_chain_pending'", NULL,
                                NULL, NULL) != DB_OK)
        rc = store_fail(st, err, "upgrading the audit log");
    if (rc == 0 && pd.links.len) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"hashed\":%zu}", pd.links.len);
        rc = store_audit(st, 0, clock_now(), "chain", "audit", 0, detail, err);
    }
    free(pd.links.items);
    return rc;
}

/* A whole-database copy goes into a new database (store_restore_begin): the one record of its
 * opener made its admin goes with that user's row, so the copy's own log is the log. Only a
 * log of that single record is cleared; the append-only trigger steps aside for it alone. */
int store_audit_forget_opening(store *st, tk_err *err)
{
    static const char sql[] =
        "SELECT COUNT(*), MIN(action), MIN(entity) FROM audit";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    bool opening = rc == DB_ROW && db_column_int64(s, 0) == 1 &&
                   tk_streq((const char *)db_column_text(s, 1), "add") &&
                   tk_streq((const char *)db_column_text(s, 2), "user");
    db_reset(s);
    if (rc != DB_ROW)
        return store_fail(st, err, "reading the audit log");
    if (!opening)
        return 0;
    const char *sqls[] = {
        st->pg ? "ALTER TABLE audit DISABLE TRIGGER audit_append_only"
               : "DROP TRIGGER audit_append_only_d",
        "DELETE FROM audit",
        st->pg ? "ALTER TABLE audit ENABLE TRIGGER audit_append_only"
               : "CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit\n"
                 "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(sqls); i++)
        if (db_exec(st->db, sqls[i], NULL, NULL, NULL) != DB_OK)
            return store_fail(st, err, "restoring the database");
    return 0;
}
