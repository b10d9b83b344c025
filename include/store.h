/* store.h — the one interface to tock's database. The core and the UI see only this; sqlite
 * lives behind it (store_*.c), so a server-backed store can be added without touching them.
 * The store never prompts or prints: every failure is a return of -1 with one line in err.
 *
 * Conventions: lookups return 1 found, 0 not found, -1 error. Writes happen between
 * store_begin and store_commit (one transaction per user command). Records handed to a
 * callback are valid only during the call; copy what you keep. A callback returning non-zero
 * stops the iteration, and that value is returned. */
#ifndef TOCK_STORE_H
#define TOCK_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "model.h"
#include "util.h"

typedef struct store store;

/* Opens (creating if needed) and migrates the database at path. A database made by a newer
 * tock, or a file that is not a tock database, is refused and left untouched. */
int store_open(const char *path, store **out, tk_err *err);
/* Opens the database for reading only: every write fails as read-only (but for figures
 * derived from the entries, stored when the file can be written: store_carry.h), and
 * nothing is left beside the file that was not there (no -wal or -shm of its own). A read-only file, or one
 * in a read-only folder, can be read. A missing database is created as store_open does.
 * quiet (answers that must never change anything, such as shell completion): the database
 * must exist and be of this tock's schema; nothing is created, migrated or written, and a
 * locked file fails at once instead of after a busy wait. */
int store_open_read(const char *path, bool quiet, store **out, tk_err *err);
void store_close(store *st);
/* Whether a database name is a PostgreSQL connection string or URI (postgresql://…,
 * postgres://…, service=…, host=… dbname=…) rather than a file. */
bool store_is_server(const char *name);
/* Who the database says is connected (PostgreSQL: current_user), or NULL when the database
 * does not know (sqlite: the OS login is the identity). Owned by st. */
const char *store_login(store *st);
int store_schema_version(void);         /* the version this binary writes */

/* One write transaction; it takes the write lock at once so writers queue, not fail. */
int store_begin(store *st, tk_err *err);
int store_commit(store *st, tk_err *err);
void store_rollback(store *st);
/* Ends the transaction a change began: commits when rc is 0, else rolls back and returns rc. */
int store_end(store *st, int rc, tk_err *err);
/* A read transaction: what is read until store_rollback is one snapshot, and writers are
 * not blocked (WAL). */
int store_read_begin(store *st, tk_err *err);
/* Changes whenever the data changes, committed by another process or by this one: a cheap
 * way to know when to reload. */
int64_t store_data_version(store *st);
/* How the connection to the database stood at the last store_data_version: a file is always
 * UP; a server's connection can be lost (DOWN: each call tries to make it again, and the
 * version reads -1) and made again (BACK, reported once: anything may have changed). */
typedef enum { STORE_LINK_UP, STORE_LINK_DOWN, STORE_LINK_BACK } store_link;
store_link store_data_link(store *st);
/* A descriptor that becomes readable when the data may have changed (a server's
 * notification), for a screen to wait on beside the keyboard; -1 when there is none (a file:
 * poll store_data_version). */
int store_data_fd(store *st);
/* Whether each statement costs a round trip to a server: a view then reads what it may need
 * in a few statements over many rows rather than many statements over few. */
bool store_round_trips(store *st);
/* How long a change waits for another process's write lock before failing with an error
 * that starts with STORE_BUSY (default 15 s; the TUI waits less and tries again). */
void store_busy_timeout(store *st, int ms);
#define STORE_BUSY "the database is busy"

/* A long change (an import) without holding the write lock for its length. store_stage_begin
 * copies st as of one moment into a private file beside it (readers and writers go on) and
 * opens the copy as *copy, with *mark naming that moment (and where each table's rows end); the caller makes its whole change,
 * checks and all, on the copy. store_stage_apply then adds to st the rows the change added
 * to users, clients, projects, entries, timers and audit (and its meta counters), seen by
 * others all at once: a few in one short write transaction; many entries over several short
 * ones, as a pending range of ids no one sees (store_pending.c), then the rest in one short
 * last one that ends the range. 0; or 1 and nothing seen when another process wrote to
 * st since the copy something the change may have read (an entry of a user it added to on
 * the same day or range, the same source key, a timer or week of such a user, a new user,
 * client or project, an edit or removal of such a user's entry, anything else but rates and
 * taxes): start again; or -1 with err. Entries others added meanwhile keep their ids; the
 * copy's come after them; its audit records are chained after theirs.
 * store_stage_end closes and deletes the copy. */
typedef struct store_mark {
    int64_t version, max_rowid[6];
} store_mark;
int store_stage_begin(store *st, store **copy, store_mark *mark, tk_err *err);
/* Before an import on sqlite: waits while another process adds a large import's rows (an hour
 * at most: then -1 with err), and removes those of one that died (store_pending.c). 0. */
int store_pending_settle(store *st, tk_err *err);
int store_stage_apply(store *st, store *copy, const store_mark *mark, tk_err *err);
void store_stage_end(store *copy);

/* Users: the OS login owns every entry and action. The first user becomes admin. */
int store_user_ensure(store *st, const char *login, int64_t now, int64_t *id, tk_err *err);
/* The id of an existing user: 1 found, 0 not, -1 error. Creates nothing. */
int store_user_get(store *st, const char *login, int64_t *id, tk_err *err);

/* Clients and projects. */
int store_client_get(store *st, const char *key, tk_client *out, tk_err *err);
int store_client_get_id(store *st, int64_t id, tk_client *out, tk_err *err);
int store_client_insert(store *st, tk_client *c, int64_t now, tk_err *err); /* sets c->id */
int store_client_update(store *st, const tk_client *c, tk_err *err);
int store_client_each(store *st, bool with_archived,
                      int (*fn)(const tk_client *c, void *ctx), void *ctx, tk_err *err);
/* The active clients that have a retainer (in force or not), by key as store_client_each
 * gives them: the retainer panel's, which shows a few clients of hundreds. Their strings are
 * the store's, valid during fn only. */
int store_client_retainer_each(store *st, int (*fn)(const tk_client *c, void *ctx), void *ctx,
                               tk_err *err);

int store_project_get(store *st, int64_t client_id, const char *key, tk_project *out, tk_err *err);
int store_project_get_id(store *st, int64_t id, tk_project *out, tk_err *err);
int store_project_insert(store *st, tk_project *p, int64_t now, tk_err *err);
int store_project_update(store *st, const tk_project *p, tk_err *err);
/* Every project of one client (archived too) in key order, as store_rules_all gives every
 * client's (the client's key not read: a billing cache knows it). */
int store_project_of(store *st, int64_t client_id, int (*fn)(tk_project *p, void *ctx),
                     void *ctx, tk_err *err);
/* client_id 0: every client's projects, ordered by client key then project key. */
int store_project_each(store *st, int64_t client_id, bool with_archived,
                       int (*fn)(const tk_project *p, const char *client_key, void *ctx),
                       void *ctx, tk_err *err);

/* Seconds tracked on a project, all users, all time (for budgets). */
int store_project_tracked(store *st, int64_t client_id, int64_t project_id, int64_t *seconds,
                          tk_err *err);

/* Rates (project_id 0 = client-wide) and retainers of one client. */
int store_rate_insert(store *st, tk_rate *r, int64_t now, tk_err *err);
int store_rate_replace(store *st, const tk_rate *r, tk_err *err); /* same scope, tier and day */
int store_rate_each(store *st, int64_t client_id,
                    int (*fn)(const tk_rate *r, void *ctx), void *ctx, tk_err *err);
int store_retainer_insert(store *st, tk_retainer *r, int64_t now, tk_err *err);
/* Ends the retainer in force on `last` (to_day = last; one starting after it is removed). */
int store_retainer_end(store *st, int64_t client_id, tk_day last, tk_err *err);
int store_retainer_each(store *st, int64_t client_id,
                        int (*fn)(const tk_retainer *r, void *ctx), void *ctx, tk_err *err);

/* Entries. A filter field of 0 means "any"; from/to are inclusive local days that the entry
 * touches (a range over midnight is found from both days). */
typedef struct store_filter {
    int64_t user_id, client_id, project_id;
    tk_day from, to;
    bool uninvoiced_only;
    /* Only what a listing shows and bills (a user's entries, `tock log`): each entry's
     * last_day is its day, source_key NULL, created and updated 0, and fewer columns are read
     * for every entry. */
    bool shown_only;
    /* Entries come without their client's and project's keys (NULL): the caller names them
     * from the rules it bills by (app_biller_name), and no name is read per listing. */
    bool unnamed;
} store_filter;

/* Sets e->id; an id already in e (non-zero) is kept, and the caller makes sure it is free. */
int store_entry_insert(store *st, tk_entry *e, tk_err *err);
int store_entry_update(store *st, const tk_entry *e, tk_err *err);
int store_entry_delete(store *st, int64_t id, tk_err *err);
int store_entry_get(store *st, int64_t id, tk_entry *out, tk_err *err);
int store_entry_each(store *st, const store_filter *f,
                     int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err);
/* A user's entries with time in [from, to] (found like store_entry_each's), in no particular
 * order, with only what a week grid folds and bills: id, client_id, project_id, tier,
 * billable, day, the range or seconds, invoice_id. last_day is not read (set to day); user,
 * client, project, note, source_key are NULL, created/updated 0; every string lives only
 * during the call. */
int store_entry_grid_each(store *st, int64_t user_id, tk_day from, tk_day to,
                          int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err);
/* What a week grid of days [first, last] shows and bills, as store_entry_grid_each gives it:
 * the entries of those days, and ranges of the days around them (entries keep the local days
 * where they were recorded) with time in [begin, end), the week's instants. */
int store_entry_week_each(store *st, int64_t user_id, tk_day first, tk_day last, int64_t begin,
                          int64_t end, int (*fn)(const tk_entry *e, void *ctx), void *ctx,
                          tk_err *err);

/* The client's entries whose first day is in [from, to], by day, start and id, with only what
 * billing reads: id, client and project ids, tier (borrowed for the call), billable, first
 * day, range or seconds (a range's: end − start), invoice id (store_profit.c: the reader of
 * store_entry_bills_each). */
int store_billing_each(store *st, int64_t client_id, tk_day from, tk_day to,
                       int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err);
/* A range entry of user_id that overlaps [start, end), other than exclude_id. An empty range
 * (start == end) covers no time and overlaps nothing. */
int store_entry_overlap(store *st, int64_t user_id, int64_t start, int64_t end,
                        int64_t exclude_id, tk_entry *out, tk_err *err);
/* The last day of the client's invoiced work: 1 found (in *out), 0 none, -1 error. */
int store_entry_last_invoiced_day(store *st, int64_t client_id, tk_day *out, tk_err *err);
int store_entry_source_exists(store *st, const char *source_key, tk_err *err); /* 1/0/-1 */
int store_entry_any(store *st, tk_err *err);
/* The user's latest entry (by first day, then end): 1 found, 0 none, -1 error. */
int store_entry_last(store *st, int64_t user_id, tk_entry *out, tk_err *err);    /* 1 when the database has any entry, 0, -1 */

/* A value of the database's meta table (e.g. "instance", its random identity): 1 found (caller
 * frees *out), 0 none, -1 error. */
int store_meta_get(store *st, const char *key, char **out, tk_err *err);

/* Sprints of a client (ordered by first day, then name) and its cadence (at most one). */
int store_sprint_insert(store *st, tk_sprint *s, tk_err *err); /* sets s->id */
int store_sprint_each(store *st, int64_t client_id,
                      int (*fn)(const tk_sprint *s, void *ctx), void *ctx, tk_err *err);
int store_cadence_get(store *st, int64_t client_id, tk_cadence *out, tk_err *err);
int store_cadence_put(store *st, const tk_cadence *c, tk_err *err); /* replaces */

/* Invoices (tk_invoice_rec). Insert sets r->id; update writes every field but the id, the
 * client, the reference and the creation. */
int store_invoice_insert(store *st, tk_invoice_rec *r, tk_err *err);
int store_invoice_update(store *st, const tk_invoice_rec *r, tk_err *err);
int store_invoice_get(store *st, int64_t id, tk_invoice_rec *out, tk_err *err);
int store_invoice_get_ref(store *st, const char *reference, tk_invoice_rec *out, tk_err *err);
/* By id. client_id 0: every client's; state NULL: every state. */
int store_invoice_each(store *st, int64_t client_id, const tk_invoice_state *state,
                       int (*fn)(const tk_invoice_rec *r, void *ctx), void *ctx, tk_err *err);
/* The entries an invoice covers: replaced as a whole, read ascending (caller frees *ids). */
int store_invoice_set_entries(store *st, int64_t invoice_id, const int64_t *ids, size_t n,
                              tk_err *err);
int store_invoice_entries(store *st, int64_t invoice_id, int64_t **ids, size_t *n, tk_err *err);
/* Marks the invoice's entries as invoiced by it; entries on another invoice are left alone.
 * *marked: how many were marked. */
int store_invoice_mark_entries(store *st, int64_t invoice_id, int64_t *marked, tk_err *err);
/* Un-marks the entries invoiced by invoice_id (a voided or deleted Zoho invoice); *freed: how
 * many. */
int store_invoice_free_entries(store *st, int64_t invoice_id, int64_t *freed, tk_err *err);
/* Whether an entry is held by an invoice other than `except` (0: none): on a sent invoice, or
 * listed by a pending one. 1 (that invoice's id in *invoice_id), 0 free, -1 error. */
int store_entry_held(store *st, int64_t entry_id, int64_t except, int64_t *invoice_id,
                     tk_err *err);
/* The client's entries listed by pending invoices other than `except`, ascending (caller
 * frees *ids). */
int store_entries_pending(store *st, int64_t client_id, int64_t except, int64_t **ids, size_t *n,
                          tk_err *err);
/* Whether a pending or sent invoice of the client, other than `except`, bills the retainer
 * fee of the period starting on `period`: 1 yes, 0 no, -1 error. */
/* ---- terms of issue 12 (store_terms.c) ---- */
/* The client's per-tier rules (strings borrowed for the call). */
int store_tier_rule_each(store *st, int64_t client_id,
                         int (*fn)(const tk_tier_rule *r, void *ctx), void *ctx, tk_err *err);
/* Sets the rule of (client, r->tier), replacing it whole. */
int store_tier_rule_set(store *st, int64_t client_id, const tk_tier_rule *r, tk_err *err);
/* A pending or sent invoice of the client that holds entries from `from` on, of `tier`
 * (explicit, or by the clock for standard and after-hours; NULL: any): 1 with its id, 0 none. */
int store_invoice_holding(store *st, int64_t client_id, const char *tier, tk_day from,
                          int64_t *invoice_id, tk_err *err);
/* The retainer periods (first days) whose fee invoice_id bills, replacing any recorded. */
int store_invoice_fees_set(store *st, int64_t invoice_id, const tk_day *periods, size_t n,
                           tk_err *err);
int store_invoice_fee_billed(store *st, int64_t client_id, tk_day period, int64_t except,
                             tk_err *err);

/* A client's payment terms for Zoho invoices: 1 (days in *terms, -1: its Zoho contact's own),
 * 0 none (the config's), -1 error. put with set false goes back to none. */
int store_client_terms_get(store *st, int64_t client_id, long *terms, tk_err *err);
int store_client_terms_put(store *st, int64_t client_id, bool set, long terms, tk_err *err);

/* The running timer: a row, so it survives kill -9 and reboots. */
int store_timer_get(store *st, int64_t user_id, tk_timer *out, tk_err *err);
int store_timer_put(store *st, const tk_timer *t, tk_err *err);
int store_timer_delete(store *st, int64_t user_id, tk_err *err);
/* Every running timer, by user login. */
int store_timer_each(store *st, int (*fn)(const tk_timer *t, const char *login, void *ctx),
                     void *ctx, tk_err *err);

/* An invoice's reference ("INV-2026-001") by id: 1 found (*out owned by the caller), 0, -1. */
int store_invoice_reference(store *st, int64_t invoice_id, char **out, tk_err *err);

/* Week approval state of a user's week (open when never recorded). */
int store_week_get(store *st, int64_t user_id, tk_day week_start, tk_week_state *out, tk_err *err);
int store_week_set(store *st, int64_t user_id, tk_day week_start, tk_week_state s,
                   int64_t actor_id, const char *reason, int64_t now, tk_err *err);

/* ---- the team: members, roles and week states (store_team.c) ---- */

/* ROLE_MEMBER is 0: a zeroed tk_app may do the least. */
typedef enum { ROLE_MEMBER, ROLE_LEAD, ROLE_ADMIN } tk_role;
const char *store_role_name(tk_role r);
/* "admin", "lead", "member" → 0 and *out; -1 otherwise. */
int store_role_parse(const char *s, tk_role *out);

typedef struct store_member {
    int64_t id;
    char *login;      /* owned by get_id's caller; borrowed during store_member_each */
    tk_role role;
    bool active;      /* false: taken out of the team (tock team rm); their time stays */
    int64_t created;
} store_member;

/* By login (out->login left NULL) or by id (out->login owned): 1 found, 0 not, -1 error. */
int store_member_get(store *st, const char *login, store_member *out, tk_err *err);
int store_member_get_id(store *st, int64_t id, store_member *out, tk_err *err);
/* Every user ever known, active or not, by login. */
int store_member_each(store *st, int (*fn)(const store_member *m, void *ctx), void *ctx,
                      tk_err *err);
/* Adds login with role (active), or makes an existing one active with role; *id its id. */
int store_member_put(store *st, const char *login, tk_role role, int64_t now, int64_t *id,
                     tk_err *err);
int store_member_deactivate(store *st, int64_t id, tk_err *err);
/* PostgreSQL: gives login the group role of its tock role (tock_member, tock_lead or
 * tock_admin; role NULL: none of them), where the connected role may grant it (else leaves
 * it to the database's administrator). 1 done or left, 0 no such PostgreSQL role, -1 error.
 * sqlite: 1, nothing to do (a file's access is the file system's). */
int store_member_grant(store *st, const char *login, const tk_role *role, tk_err *err);
/* How many users are active, and how many of them are admins. */
int store_member_count(store *st, int64_t *active, int64_t *admins, tk_err *err);
/* store_member_get and store_member_count in one statement (every command opens with both:
 * one round trip on PostgreSQL). 1 found, 0 not (the counts set either way), -1 error. */
int store_member_get_counted(store *st, const char *login, store_member *out, int64_t *active,
                             int64_t *admins, tk_err *err);
/* The login of the first active admin (caller frees): 1, 0 none, -1. */
int store_member_admin(store *st, char **login, tk_err *err);

/* One user's period as recorded: open with no reason when never recorded (returns 0). */
typedef struct store_week {
    tk_week_state state;
    char *reason;     /* owned, NULL when none */
    char *actor;      /* login of who set the state last, owned, NULL when none */
    int64_t updated;
} store_week;
int store_week_read(store *st, int64_t user_id, tk_day start, store_week *out, tk_err *err);
void store_week_clear(store_week *w);
/* What a user's entries in [from, to] are now, as a SHA-256 hex digest: any entry added,
 * removed or changed in that period changes it. */
int store_week_digest(store *st, int64_t user_id, tk_day from, tk_day to,
                      char out[65], tk_err *err);
/* The digest stored when the period was last submitted (*out owned; NULL: none, or the
 * period was submitted by a tock older than schema step 15). */
int store_week_submitted_digest(store *st, int64_t user_id, tk_day start, char **out,
                                tk_err *err);
/* The owner submits the period: its state, and what it held (digest). */
int store_week_submit(store *st, int64_t user_id, tk_day start, int64_t now,
                      const char *digest, tk_err *err);
/* Periods in `state` whose owner is not exclude_user (0: none), from `from` on: *n of them. */
int store_week_count(store *st, tk_week_state state, int64_t exclude_user, tk_day from,
                     int64_t *n, tk_err *err);
/* Every approved period (user, first day), in no particular order. */
int store_week_each_approved(store *st, int (*fn)(int64_t user_id, tk_day start, void *ctx),
                             void *ctx, tk_err *err);

/* ---- the audit log (store_audit.c) ---- */

/* Appends a record after the log's head, chained to it (audit_chain.h), in the caller's
 * transaction: the same one as the change it describes. */
int store_audit(store *st, int64_t user_id, int64_t now, const char *action,
                const char *entity, int64_t entity_id, const char *detail, tk_err *err);
/* The last record's number and hash: 1, or 0 when the log is empty (seq 0, hash ""), -1. */
int store_audit_head(store *st, int64_t *seq, char hash[65], tk_err *err);
/* Before a whole-database copy goes into a new database: a log holding only the record of its
 * opener made admin is cleared (that user's row goes too). 0 or -1. */
int store_audit_forget_opening(store *st, tk_err *err);
/* What `entity` number id (with key: a tier, a week's first day; else NULL) holds now, as
 * compact JSON (an object; an array of rows for rates and retainers), owned by the caller in
 * *out; *out NULL when there is none. 0 or -1. */
int store_audit_snapshot(store *st, const char *entity, int64_t id, const char *key, char **out,
                         tk_err *err);
/* A record as stored; strings borrowed for the length of the callback (user NULL when the
 * record has none or its user row is gone). */
typedef struct store_audit_row {
    int64_t seq, at, user_id, entity_id;
    bool has_entity_id;
    const char *user, *action, *entity, *detail, *prev_hash, *hash;
    size_t detail_len;
} store_audit_row;
typedef struct store_audit_filter {
    int64_t first_seq;       /* 0: from the first */
    bool has_from;
    int64_t from_at;         /* records at or after this instant */
    const char *user;        /* a login, or NULL */
    const char *entity;      /* or NULL */
} store_audit_filter;
/* Every record matching f (NULL: all), in order; fn's non-zero stops and is returned. */
int store_audit_each(store *st, const store_audit_filter *f,
                     int (*fn)(const store_audit_row *r, void *ctx), void *ctx, tk_err *err);

/* Debugging: the names of the statements every command or screen runs (up to max of them in
 * names; returns how many there are), and the query plan of one of them, one step a line,
 * nested steps indented ("SEARCH e USING INDEX entries_user_day (user_id=? AND day>? AND day<?)").
 * A test keeps these off full table scans. */
size_t store_hot_names(const char **names, size_t max);
int store_explain(store *st, const char *which, strbuf *out, tk_err *err);

/* ---- the whole database (store_dump.c) ---- */

/* A value of a column as tock stores them: NULL, an integer or UTF-8 text. */
typedef struct store_value {
    enum { STORE_NULL, STORE_INT, STORE_TEXT } kind;
    int64_t i;
    const char *s;   /* borrowed, for the call */
} store_value;

typedef struct store_dump_fns {
    int (*table)(const char *name, const char *const *cols, int n, void *ctx);
    int (*row)(const store_value *v, int n, void *ctx);
    int (*end)(void *ctx);      /* the table's last row was given; may be NULL */
} store_dump_fns;

/* Every row of every table, parents before children, each table in a fixed order: two equal
 * databases give the same calls. Inside a read transaction for one snapshot. */
int store_dump(store *st, const store_dump_fns *fns, void *ctx, tk_err *err);

/* Restoring a dump, inside the caller's transaction: begin refuses a database that is not
 * empty (and drops the user registered on opening it); each table's rows then go through a
 * store_restore (columns checked against the table); check refuses dangling references. */
typedef struct store_restore store_restore;
int store_restore_begin(store *st, tk_err *err);
store_restore *store_restore_table(store *st, const char *table, const char *const *cols, int n,
                                   tk_err *err);
int store_restore_row(store_restore *r, const store_value *v, tk_err *err);
void store_restore_end(store_restore *r);
int store_restore_check(store *st, tk_err *err);

/* A consistent copy of the database as a new file at path (sqlite's online backup, one
 * snapshot while others write), written beside it and renamed. An existing path is refused
 * unless replace. */
int store_backup(store *st, const char *path, bool replace, tk_err *err);

#endif
