/* store_rules.c — every client's rules read at once (store_rules.h), kept across commands on
 * sqlite (schema step 21).
 *
 * A busy week bills ~200 clients: reading their rows (~2,000 of clients, rates, projects,
 * tier rules, retainers) was ~4.2 M instructions of its ~28.7 M, in every command. So the
 * rows the five statements gave are kept in rules_cache as one blob (row_pack.h: each value
 * with its kind) and given again through the SAME row readers (store_client_rows and the
 * rest), stepping a replay statement instead of sqlite's: one piece of code per column, so
 * a new column cannot be forgotten by the copy.
 *
 * Derived data, never a source of truth. Triggers in the writer's own transaction (tock, an
 * import, the sqlite3 shell: whoever writes) delete the blob on every insert or update of the
 * five tables; a delete alone leaves a table fewer rows than the blob holds of it (every
 * statement reads its whole table), which the reader counts. It is used only when it is
 * there, checks out whole (its checksum), was made for these very statements and schema (its
 * key) and holds as many rows as each table, read in the same snapshot as the rest of the
 * view; anything else reads live. Live rows read outside a write transaction (rows read
 * through this connection's uncommitted changes could be rolled back) are kept afterwards,
 * in a short write of their own after the view (store_quiet_write), and only when nothing at
 * all was committed since their snapshot (store_data_version unchanged: no one's change can
 * have been missed). PostgreSQL always reads live: each statement there is a round trip
 * either way.
 *
 * Why no change count, and no delete triggers: every process parses every trigger when it
 * opens the database (tock status included); one that counts (UPDATE ... SET gen = gen + 1)
 * takes ~20 k instructions, one that deletes ~12.7 k; counting five small tables' rows, only
 * in a view that reads every client's rules, costs less than five more triggers in every
 * command. */
#include "store_impl.h"
#include "store_rules.h"
#include "store_carry.h"
#include "row_pack.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NSETS = 5 };

struct store_rules_keep {
    unsigned char *blob;
    size_t len;
    int64_t version;   /* store_data_version in the snapshot the rows were read in */
};

/* row_pack's change count: unused (the triggers delete a blob instead). */
enum { GEN = 0 };

static const char *const set_sql[NSETS] = { store_sql_client_all, store_sql_rate_all,
                                            store_sql_project_all, store_sql_tier_rule_all,
                                            store_sql_retainer_all };

/* What a blob is for: these statements' text and the schema they read (a step that changes
 * a column's meaning changes the version). */
static uint64_t rules_key(void)
{
    static uint64_t key;
    if (!key) {
        static const char what[] = "tock rules 1";
        uint64_t h = row_hash(what, sizeof what - 1, (uint64_t)store_nmigrations);
        for (int k = 0; k < NSETS; k++)
            h = row_hash(set_sql[k], strlen(set_sql[k]), h);
        key = h | 1;
    }
    return key;
}

/* From scratch, as for stored retainer figures (app_carry.c): tests compare the two. */
static bool kept_off(void)
{
    const char *v = getenv("TOCK_NO_CARRY");
    return v && *v;
}

static int run_set(store *st, int k, db_stmt *s, const store_rules_fns *f, void *ctx,
                   tk_err *err)
{
    switch (k) {
    case 0: return store_client_rows(st, s, f->client, ctx, err);
    case 1: return store_rate_rows(st, s, f->rate, ctx, err);
    case 2: return store_project_rows(st, s, f->project, ctx, err);
    case 3: return store_tier_rule_rows(st, s, f->tier_rule, ctx, err);
    default: return store_retainer_rows(st, s, f->retainer, ctx, err);
    }
}

/* ---- the reader's side: a statement over decoded values ---- */

/* Both statements below give their reader the current row's values as row_vals: just
 * recorded from sqlite, or read from a blob where it holds them (row_at gives back what
 * was recorded: the first read and every replay hand the readers the very same values). */
typedef struct row_stmt {
    db_stmt base;
    int ncols;
    int nrow;             /* the current row's values: ncols on a row, else 0 */
    const row_val *row;   /* a recorded row, NULL before the first and after the last */
    char num[24];         /* an integer asked for as text */
} row_stmt;

static const row_val null_val = { ROW_NULL, 0, 0, NULL };

/* Every column of every row goes through here (~13 k in a busy week): one test. */
static const row_val *val_at(db_stmt *s, int i)
{
    row_stmt *r = (row_stmt *)s;
    return (unsigned)i < (unsigned)r->nrow ? &r->row[i] : &null_val;
}

/* r on row (NULL: on none). */
static void at_row(row_stmt *r, const row_val *row)
{
    r->row = row;
    r->nrow = row ? r->ncols : 0;
}

static int rs_ok(db_stmt *s) { (void)s; return DB_OK; }
static int rs_bind_int64(db_stmt *s, int i, int64_t v) { (void)s; (void)i; (void)v; return DB_ERROR; }
static int rs_bind_null(db_stmt *s, int i) { (void)s; (void)i; return DB_ERROR; }
static int rs_bind_text(db_stmt *s, int i, const char *v, int n, db_destructor d)
{
    (void)s; (void)i; (void)v; (void)n; (void)d;
    return DB_ERROR;
}
static int64_t rs_int64(db_stmt *s, int i) { return val_at(s, i)->i; }
static int rs_type(db_stmt *s, int i) { return val_at(s, i)->type; }

/* An integer as sqlite gives it as text. */
static const char *int_text(db_stmt *s, const row_val *v)
{
    row_stmt *r = (row_stmt *)s;
    snprintf(r->num, sizeof r->num, "%lld", (long long)v->i);
    return r->num;
}

static const unsigned char *rs_text(db_stmt *s, int i)
{
    const row_val *v = val_at(s, i);
    if (v->type == ROW_INTEGER)
        return (const unsigned char *)int_text(s, v);
    return (const unsigned char *)v->text;
}

static int rs_bytes(db_stmt *s, int i)
{
    const row_val *v = val_at(s, i);
    return v->type == ROW_INTEGER ? (int)strlen(int_text(s, v)) : v->len;
}

static int rs_count(db_stmt *s) { return ((row_stmt *)s)->ncols; }
static const char *rs_name(db_stmt *s, int i) { (void)s; (void)i; return NULL; }
static int rs_params(db_stmt *s) { (void)s; return 0; }

/* ---- replaying kept rows ---- */

typedef struct replay_stmt {
    row_stmt rs;          /* rs.row unused: each value is read where the blob holds it, as
                           * the reader asks for it (row_pack.c) */
    const row_set *set;
    size_t next;          /* the current row + 1 */
} replay_stmt;

static int rp_step(db_stmt *s)
{
    replay_stmt *r = (replay_stmt *)s;
    if (r->next >= r->set->nrows) {
        r->rs.nrow = 0;
        return DB_DONE;
    }
    r->next++;
    r->rs.nrow = r->rs.ncols;
    return DB_ROW;
}

static int rp_reset(db_stmt *s)
{
    replay_stmt *r = (replay_stmt *)s;
    r->next = 0;
    r->rs.nrow = 0;
    return DB_OK;
}

static int rp_busy(db_stmt *s) { return ((row_stmt *)s)->nrow != 0; }

/* Column i of the current row, as val_at gives a recorded one: whether there is one. */
static bool rp_on(db_stmt *s, int i)
{
    return (unsigned)i < (unsigned)((replay_stmt *)s)->rs.nrow;
}

#define RP_SET(s) (((replay_stmt *)(s))->set)
#define RP_ROW(s) (((replay_stmt *)(s))->next - 1)

static int64_t rp_int64(db_stmt *s, int i)
{
    return rp_on(s, i) ? row_int(RP_SET(s), RP_ROW(s), i) : 0;
}

static int rp_type(db_stmt *s, int i)
{
    return rp_on(s, i) ? row_kind(RP_SET(s), RP_ROW(s), i) : ROW_NULL;
}

static const unsigned char *rp_text(db_stmt *s, int i)
{
    int kind = rp_type(s, i);
    if (kind == ROW_INTEGER) {
        row_val v = { kind, 0, row_int(RP_SET(s), RP_ROW(s), i), NULL };
        return (const unsigned char *)int_text(s, &v);
    }
    return kind == ROW_NULL ? NULL : (const unsigned char *)row_text(RP_SET(s), RP_ROW(s), i);
}

static int rp_bytes(db_stmt *s, int i)
{
    int kind = rp_type(s, i);
    if (kind == ROW_INTEGER)
        return (int)strlen((const char *)rp_text(s, i));
    return kind == ROW_NULL ? 0 : row_len(RP_SET(s), RP_ROW(s), i);
}

/* Statement calls only: a replay has no connection. */
static const db_ops replay_ops = {
    .step = rp_step, .reset = rp_reset, .clear_bindings = rs_ok, .finalize = rs_ok,
    .busy = rp_busy, .bind_int64 = rs_bind_int64, .bind_text = rs_bind_text,
    .bind_null = rs_bind_null, .column_int64 = rp_int64, .column_text = rp_text,
    .column_type = rp_type, .column_bytes = rp_bytes, .column_count = rs_count,
    .column_name = rs_name, .bind_parameter_count = rs_params,
};

/* The blob, and the five tables' rows in set order (a delete since the blob was kept leaves
 * fewer): one statement to prepare and step, not two. */
static const char sql_get[] =
    "SELECT rows, (SELECT count(*) FROM clients), (SELECT count(*) FROM rates), "
    "(SELECT count(*) FROM projects), (SELECT count(*) FROM tier_rules), "
    "(SELECT count(*) FROM retainers) FROM rules_cache WHERE slot = 1";

/* Whether each table has as many rows as u's set of it (s on sql_get's row). */
static bool whole(db_stmt *s, const row_unpacked *u)
{
    for (int k = 0; k < NSETS; k++)
        if (db_column_int64(s, 1 + k) != (int64_t)u->sets[k].nrows)
            return false;
    return true;
}

/* The kept rows given to f: 1; 0 when there are none to give; or what a reader returned (an
 * error or a stop). */
static int replay(store *st, const store_rules_fns *f, void *ctx, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_get, NULL);
    if (!s)
        return 0;
    int rc = 0;
    if (db_step(s) == DB_ROW) {
        sqlite3_stmt *ls = db_sqlite_stmt(s);
        const unsigned char *b = sqlite3_column_blob(ls, 0);
        int n = sqlite3_column_bytes(ls, 0);
        /* On the heap (~41 KB, most never touched): on the stack it pushed the readers and
         * all they call onto ~10 pages of stack no command had touched, a fault each. */
        row_unpacked *u = xmalloc(sizeof *u);
        if (b && n > 0 && row_unpack(b, (size_t)n, rules_key(), GEN, u) == 0 &&
            u->nsets == NSETS && whole(s, u)) {
            rc = 1;
            for (int k = 0; k < NSETS && rc == 1; k++) {
                replay_stmt r = { { { &replay_ops }, u->sets[k].ncols, 0, NULL, "" },
                                  &u->sets[k], 0 };
                int got = run_set(st, k, &r.rs.base, f, ctx, err);
                if (got)
                    rc = got;
            }
        }
        free(u);
    }
    db_reset(s);   /* the blob was borrowed until here */
    return rc;
}

/* ---- reading live, and recording what was read ---- */

/* A live statement whose rows are recorded as they are stepped; its reader reads them from
 * the record. */
typedef struct record_stmt {
    row_stmt rs;
    db_stmt *live;
    row_packer *pk;
    bool done;   /* stepped to its end */
    row_val vals[ROW_PACK_COLS_MAX];
} record_stmt;

#define LIVE(s) (((record_stmt *)(s))->live)

/* Whether sqlite could read a number at the start of t (else it reads 0: no need to ask). */
static bool numeric_start(const char *t)
{
    while (*t == ' ' || (*t >= '\t' && *t <= '\r'))
        t++;
    return (*t >= '0' && *t <= '9') || *t == '-' || *t == '+' || *t == '.';
}

static void record_row(record_stmt *r)
{
    for (int c = 0; c < r->rs.ncols; c++) {
        row_val *v = &r->vals[c];
        *v = (row_val){ db_column_type(r->live, c), 0, 0, NULL };
        if (v->type == DB_INTEGER)
            v->i = db_column_int64(r->live, c);
        if (v->type == DB_INTEGER || v->type == DB_NULL)
            continue;
        /* Text first, then its length (sqlite's order); a real's or text's integer too, as
         * sqlite gives it, for a reader that asks. */
        v->text = (const char *)db_column_text(r->live, c);
        v->len = v->text ? db_column_bytes(r->live, c) : 0;
        if (!v->text)
            v->text = "";
        if (numeric_start(v->text))
            v->i = db_column_int64(r->live, c);
    }
    row_pack_row(r->pk, r->vals);
    at_row(&r->rs, r->vals);
}

static int rec_step(db_stmt *s)
{
    record_stmt *r = (record_stmt *)s;
    int rc = db_step(r->live);
    at_row(&r->rs, NULL);
    if (rc == DB_ROW)
        record_row(r);
    else if (rc == DB_DONE)
        r->done = true;
    return rc;
}

static int rec_reset(db_stmt *s)
{
    at_row(&((record_stmt *)s)->rs, NULL);
    return db_reset(LIVE(s));
}

static int rec_busy(db_stmt *s) { return db_stmt_busy(LIVE(s)); }

static const db_ops record_ops = {
    .step = rec_step, .reset = rec_reset, .clear_bindings = rs_ok, .finalize = rs_ok,
    .busy = rec_busy, .bind_int64 = rs_bind_int64, .bind_text = rs_bind_text,
    .bind_null = rs_bind_null, .column_int64 = rs_int64, .column_text = rs_text,
    .column_type = rs_type, .column_bytes = rs_bytes, .column_count = rs_count,
    .column_name = rs_name, .bind_parameter_count = rs_params,
};

static void keep(store *st, unsigned char *blob, size_t len, int64_t version)
{
    store_rules_drop(st);
    st->rules_keep = xcalloc(1, sizeof *st->rules_keep);
    *st->rules_keep = (struct store_rules_keep){ blob, len, version };
}

/* The five statements read live; recorded to be kept when record is set. */
static int live(store *st, const store_rules_fns *f, void *ctx, bool record, tk_err *err)
{
    row_packer pk;
    bool recording = record;
    if (recording)
        row_pack_begin(&pk, rules_key(), GEN);
    int rc = 0;
    for (int k = 0; k < NSETS && !rc; k++) {
        db_stmt *s = store_prep(st, set_sql[k], err);
        if (!s) {
            rc = -1;
            break;
        }
        int ncols = db_column_count(s);
        if (recording && (ncols < 1 || ncols > ROW_PACK_COLS_MAX)) {
            row_pack_free(&pk);
            recording = false;
        }
        if (!recording) {
            rc = run_set(st, k, s, f, ctx, err);
            continue;
        }
        row_pack_set(&pk, ncols);
        record_stmt r = { { { &record_ops }, ncols, 0, NULL, "" }, s, &pk, false, { { 0 } } };
        rc = run_set(st, k, &r.rs.base, f, ctx, err);
        if (!rc && !r.done) {   /* a reader stopped early: not every row was recorded */
            row_pack_free(&pk);
            recording = false;
        }
    }
    int64_t version = recording && !rc ? store_data_version(st) : -1;
    if (version >= 0) {
        size_t len;
        unsigned char *blob = row_pack_end(&pk, &len);
        if (blob)
            keep(st, blob, len, version);
    } else if (recording) {
        row_pack_free(&pk);
    }
    return rc;
}

/* ---- the whole ---- */

int store_rules_all(store *st, const store_rules_fns *f, void *ctx, tk_err *err)
{
    if (st->pg || kept_off())
        return live(st, f, ctx, false, err);
    /* The blob and the rows it stands for: one snapshot. */
    bool own = db_get_autocommit(st->db);
    if (own && store_read_begin(st, err))
        return -1;
    int rc = replay(st, f, ctx, err);
    if (rc == 1) {
        rc = 0;
    } else if (rc == 0) {
        bool record = store_carry_clean(st) &&
                      !sqlite3_db_readonly(db_sqlite_handle(st->db), "main");
        rc = live(st, f, ctx, record, err);
    }
    if (own) {
        store_rollback(st);
        store_rules_flush(st);
    }
    return rc;
}

static int put_blob(store *st, void *ctx)
{
    const struct store_rules_keep *k = ctx;
    /* In the write lock's snapshot: anyone's commit since the rows were read (a change to the
     * rules among them, whose trigger found nothing to delete then) and they are not kept. */
    if (store_data_version(st) != k->version)
        return -1;
    static const char sql[] = "INSERT INTO rules_cache(slot, rows) VALUES (1, ?1) "
                              "ON CONFLICT(slot) DO UPDATE SET rows = excluded.rows";
    db_stmt *s = store_prep(st, sql, NULL);
    if (!s)
        return -1;
    sqlite3_bind_blob(db_sqlite_stmt(s), 1, k->blob, (int)k->len, SQLITE_STATIC);
    int rc = db_step(s);
    db_reset(s);
    db_clear_bindings(s);   /* the blob is freed next */
    return rc == DB_DONE ? 0 : -1;
}

void store_rules_flush(store *st)
{
    if (!st->rules_keep || !db_get_autocommit(st->db))
        return;
    if (st->rules_keep->len <= INT32_MAX)
        store_quiet_write(st, put_blob, st->rules_keep);
    store_rules_drop(st);   /* kept, or not now: the next reader records again */
}

void store_rules_drop(store *st)
{
    if (!st->rules_keep)
        return;
    free(st->rules_keep->blob);
    free(st->rules_keep);
    st->rules_keep = NULL;
}
