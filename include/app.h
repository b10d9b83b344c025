/* app.h — tock's operations, shared by the command line and the TUI: one place for the rules
 * (one timer per user, no overlaps, locked weeks and invoices, one transaction per change).
 * Nothing here prints; failures come back as one line in err. */
#ifndef TOCK_APP_H
#define TOCK_APP_H

#include <stdbool.h>
#include "config.h"
#include "model.h"
#include "retainer_view.h"
#include "store.h"
#include "week_grid.h"
#include "billing.h"
#include "retainer.h"
#include "invoice.h"
#include "app_tax.h"
#include "zoho.h"

typedef struct tk_app {
    tk_config cfg;
    store *st;
    char *db_path;
    char *user;       /* OS login, from the password database */
    int64_t user_id;
    tk_role role;     /* in this database (app_team.c) */
    int64_t team_size;/* active users when it was opened */
} tk_app;

/* Loads config (path may be NULL), opens the database (db_path, else $TOCK_DB, else config,
 * else the XDG default, creating its folder), and registers the OS user. read_only: the
 * database is only read (store_open_read), and a user it does not know gets APP_NO_USER. */
int app_open(tk_app *app, const char *config_path, const char *db_path, bool read_only,
             tk_err *err);
#define APP_NO_USER INT64_C(-1)   /* matches no row */
void app_close(tk_app *app);
/* For the full-screen grid: a busy database fails within 200 ms instead of the CLI's 15 s, so
 * the screen never freezes; the grid says it is waiting and retries. */
void app_interactive(tk_app *app);
/* The same for looking only (shell completion): the database must exist and is opened
 * read-only (store_open_read, quiet); nothing is created, migrated or registered (user_id stays 0
 * when the OS user never used this database). Close with app_close, also after a failure. */
int app_open_readonly(tk_app *app, const char *config_path, const char *db_path, tk_err *err);
/* ---- one change, one transaction, one audit record (app_change.c) ----
 * A change begins with app_change_begin and ends with app_change_end, which (when rc is 0 and
 * action is not NULL) records it in the audit log, then commits; any other rc rolls back and
 * is returned. app_audit is the only writer of audit rows: a change that records more than
 * one (or that is part of a bigger one) calls it inside its own transaction. */
int app_audit(tk_app *app, const char *action, const char *entity, int64_t entity_id,
              const char *detail, tk_err *err);
int app_change_begin(tk_app *app, tk_err *err);
int app_change_end(tk_app *app, int rc, const char *action, const char *entity,
                   int64_t entity_id, const char *detail, tk_err *err);
/* One snapshot for a reader of many things (an export): what is read until app_read_end is
 * one state of the database, and writers are not blocked. */
int app_read_begin(tk_app *app, tk_err *err);
void app_read_end(tk_app *app);
tk_day app_today(void);

/* ---- one entry or timer by the command line (app_edit.c, app_timer.c) ---- */
/* What tock edit changes; NULL or false: unchanged. date as day_parse reads it; time a
 * duration or a range (app_entry_parse_time) on the entry's (new) day; tier "" is by the
 * clock; to moves it to CLIENT[/PROJECT]. */
typedef struct app_entry_changes {
    const char *to, *date, *time, *tier, *note;
    bool billable, non_billable;
    const char *ref;           /* a ticket reference; "" removes it (issue 18) */
} app_entry_changes;
/* Changes the user's own entry id in one transaction (app_entry_save's checks and record). */
int app_entry_edit(tk_app *app, int64_t id, const app_entry_changes *ch, tk_err *err);
/* Deletes the user's own entry id in one transaction. */
int app_entry_rm(tk_app *app, int64_t id, tk_err *err);
/* Stops the running timer at `at` (not before its start) only if it is still `own` (same
 * client, project and start): another process may have started a different one meanwhile.
 * 1 stopped (its entry in *entry_id), 0 not, -1 error. One transaction. */
int app_timer_stop_if(tk_app *app, const tk_timer *own, int64_t at, int64_t *entry_id,
                      tk_err *err);

/* Today's week start under the configured first weekday. */
tk_day app_week_of(const tk_app *app, tk_day day);

/* "client" or "client/project" → records (project id 0 when none given). Unknown names are
 * refused with a suggestion. Caller clears c and p. */
int app_resolve(tk_app *app, const char *spec, tk_client *c, tk_project *p, tk_err *err);
/* The same for reading (log, rate list, retainer): archived clients and projects are found. */
int app_find(tk_app *app, const char *spec, tk_client *c, tk_project *p, tk_err *err);
/* Splits "client/project" into owned parts (project NULL when absent); -1 on a bad key. */
int app_split_spec(const char *spec, char **client, char **project, tk_err *err);
int app_check_tier(const tk_app *app, const char *tier, tk_err *err);

/* Whether an entry may change: 1 locked (reason in err), 0 free, -1 error. */
int app_entry_locked(tk_app *app, const tk_entry *e, tk_err *err);
/* Validates and saves (insert when e->id is 0) inside the caller's transaction: derives the
 * local days from the range, refuses overlaps and locked weeks. */
int app_entry_save(tk_app *app, tk_entry *e, tk_err *err);
/* What app_entry_save checks short of overlaps — the range, the duration, the dates, locked
 * weeks — after deriving e's local days from its range. Writes nothing. */
int app_entry_check(tk_app *app, tk_entry *e, tk_err *err);
/* The importer's way in, inside the caller's transaction: inserts e after app_entry_check,
 * keeping ranges that overlap other entries or the running timer, as the source recorded
 * them (the caller finds and reports those). A non-zero e->id is kept (the caller makes sure
 * it is free). No audit row per entry: the caller records the import as a whole. */
int app_entry_import(tk_app *app, tk_entry *e, tk_err *err);
int app_entry_delete(tk_app *app, int64_t id, tk_err *err);
/* Adds a deleted entry back inside the caller's transaction, with every check of a new entry:
 * under its own id (and creation time) while that id is free, else under a new one. */
int app_entry_readd(tk_app *app, tk_entry *e, tk_err *err);

/* Each wraps its own transaction. */
int app_timer_start(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                    bool billable, const char *note, int64_t at, tk_err *err);
/* The same, with the entry that stopping a running timer made in *stopped_id (else 0). */
int app_timer_switch(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                     bool billable, const char *note, int64_t at, int64_t *stopped_id,
                     tk_err *err);
/* Stops the running timer at `at` into an entry (its id in *entry_id). 0 when nothing runs.
 * A time before the timer started, or more than DUR_MAX after, is refused. Starting refuses
 * `at` more than DUR_MAX ago, so every timer can be stopped. */
int app_timer_stop(tk_app *app, int64_t at, const char *note, int64_t *entry_id, tk_err *err);
int app_timer_cancel(tk_app *app, tk_err *err); /* 1 cancelled, 0 nothing ran */
/* One key for the timer (tock toggle, tmux): stops the running one (1, its entry's id in
 * *entry_id), else starts one at `at` on what the user's latest entry was on — client,
 * project, tier, billable and note (2, that entry in *last: tk_entry_clear it). -1 when
 * nothing runs and there is no entry, or its client or project is archived. */
int app_timer_toggle(tk_app *app, int64_t at, int64_t *entry_id, tk_entry *last, tk_err *err);
/* Inside a transaction: the same, for callers composing a bigger change. */
int app_timer_stop_in_tx(tk_app *app, int64_t at, const char *note, int64_t *entry_id, tk_err *err);

/* The week starting on `start` for user_id: entries, the running timer (up to now), locks,
 * and each row's billed time and money (an entry bills in the week it starts). */
int app_week_load(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                  tk_err *err);

/* Sets the total of one grid cell (client/project/tier, billable or not, on a day) to
 * `seconds` by adding, adjusting or removing this user's duration entries for that cell (a
 * new one is billable as the row is). One transaction. */
int app_entry_set_cell(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                 bool billable, tk_day day, int64_t seconds, tk_err *err);
/* The same, only while the cell still holds `expect` seconds (in the same transaction); else
 * it fails with "changed since" and writes nothing. Undo uses it. */
int app_entry_set_cell_if(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                    bool billable, tk_day day, int64_t seconds, int64_t expect, tk_err *err);

/* ---- billing: what entries bill under their client's rules ---- */

/* Bills entries, caching each client's rules (rates, rounding, projects) for its lifetime.
 * Read-only: one biller serves one command or one screen refresh. */
typedef struct app_biller app_biller;

app_biller *app_biller_new(tk_app *app, tk_err *err);
void app_biller_free(app_biller *b);
/* The client record behind an id (borrowed from the cache), or NULL with err. */
const tk_client *app_biller_client(app_biller *b, int64_t client_id, tk_err *err);
/* From now on the biller's retainer standings (app_retainer_status) count the user's running
 * timer as the entry it makes when stopped at `now`: the TUI's panel, `tock retainer` and
 * `status %r` all do, so they show one figure. 1 a timer runs, 0 none, -1 error. */
int app_biller_count_timer(app_biller *b, int64_t now, tk_err *err);
/* The project record behind an id (borrowed), or NULL when id is 0 or unknown. */
const tk_project *app_biller_project(app_biller *b, int64_t client_id, int64_t project_id);
/* What an entry bills — the one figure every view shows. For an entry on a day the client's
 * retainer is in force, its share of the retainer invoice (bill.retainer): the period's
 * billable entries draw on its prepaid hours first in first out (retainer_draw), those an
 * invoice holds first, then the free ones by day, start and id; an entry the period has not
 * seen (not saved, a running timer) draws after all of them. */
int app_bill(app_biller *b, const tk_entry *e, tk_bill *out, tk_err *err);
/* Entries of this invoice count as free (not held), for building it again. */
void app_biller_except(app_biller *b, int64_t invoice_id);

/* The standing of retainer r in its period containing date (clamped into the days it is in
 * force), from the same draw as app_bill: prepaid, rollover, remaining, overage and its money. */
int app_retainer_period(app_biller *b, const tk_client *c, const tk_retainer *r, tk_day date,
                        tk_retainer_status *out, tk_err *err);

/* What used a retainer period, per project and tier (the same draw). */
typedef struct app_retainer_use {
    char *project;             /* key, "" for none */
    char tier[BILL_TIER_MAX];
    int64_t centi;             /* hundredths worked (billed) */
    int64_t drawn_centi;       /* prepaid hundredths they drew */
    int64_t overage_centi;     /* hundredths beyond the prepaid hours */
    int64_t overage_minor;     /* what that overage costs */
} app_retainer_use;
typedef struct app_retainer_uses {
    app_retainer_use *items;   /* in first-drawn order of (project, tier) by id */
    size_t len, cap;
} app_retainer_uses;
int app_retainer_uses_of(app_biller *b, const tk_client *c, const tk_retainer *r, tk_day date,
                         app_retainer_uses *out, tk_err *err);
void app_retainer_uses_free(app_retainer_uses *v);

/* The client's retainer in force on date and its standing: 1 found, 0 none, -1 error. */
int app_retainer_status(tk_app *app, app_biller *b, const tk_client *c, tk_day date,
                        tk_retainer *r, tk_retainer_status *out, tk_err *err);

/* The client's rounding: its own overrides, else the config's, field by field. */
tk_rounding app_client_rounding(const tk_config *cfg, const tk_client *c);

/* ---- sprints and invoice ranges (app_sprint.c) ----
 * A client's sprints are named ones (app_sprint_add) and, with a cadence (app_sprint_every),
 * "Sprint 1", "Sprint 2", … computed from it, never stored. A named sprint hides a computed
 * one of the same name. Named sprints of a client never overlap. */

#define APP_SPRINT_NAME_MAX 100   /* bytes */

int app_sprint_add(tk_app *app, const tk_client *c, const char *name, tk_day from, tk_day to,
                   tk_err *err);
/* "2w", "14d", "1w": days in *days (1 … 366). */
int app_parse_every(const char *s, int *days, tk_err *err);
int app_sprint_every(tk_app *app, const tk_client *c, int every_days, tk_day starting,
                     tk_err *err);

typedef struct app_sprints {
    tk_sprint *items;          /* by first day, then name; computed ones have id 0 */
    size_t len;
    bool has_cadence;
    tk_cadence cadence;
} app_sprints;

/* Named sprints, and the cadence's from Sprint 1 through the one after today's. Free with
 * app_sprints_free. */
int app_sprint_list(tk_app *app, const tk_client *c, tk_day today, app_sprints *out,
                    tk_err *err);
void app_sprints_free(app_sprints *l);
/* spec: a sprint's name, "current" (the one containing today; a named one wins) or "last"
 * (the one that ended most recently before today). 0 with *out filled (tk_sprint_clear it),
 * or -1 with err naming what exists. */
int app_sprint_find(tk_app *app, const tk_client *c, const char *spec, tk_day today,
                    tk_sprint *out, tk_err *err);
/* The client's sprint containing today, for the TUI's header: 1 found, 0 none, -1 error. */
int app_sprint_current(tk_app *app, const tk_client *c, tk_day today, tk_sprint *out,
                       tk_err *err);

/* Hours of a client's entries (all users, billable or not) that start in a range. */
typedef struct app_hours_row {
    char *key;                 /* user login, or project key ("" = no project) */
    int64_t seconds;           /* worked */
    int64_t billed_seconds;    /* billable time after rounding */
    int64_t amount_minor;
} app_hours_row;

typedef struct app_hours {
    app_hours_row *users, *projects;   /* by key */
    size_t nusers, nprojects;
    app_hours_row total;               /* key NULL */
} app_hours;

int app_hours_report(tk_app *app, const tk_client *c, tk_day from, tk_day to, app_hours *out,
                     tk_err *err);
void app_hours_free(app_hours *h);

/* What an invoice covers: local days from … to, and how to call it. */
typedef struct app_range {
    tk_day from, to;
    char label[APP_SPRINT_NAME_MAX + 40];   /* "2026-11", "Sprint 3", "2026-11-01 to 2026-11-15" */
} app_range;

/* Exactly one of: period ("YYYY-MM"); from and to (dates as day_parse reads them); sprint
 * (as app_sprint_find). The others NULL. */
int app_range_resolve(tk_app *app, const tk_client *c, const char *period, const char *from,
                      const char *to, const char *sprint, app_range *out, tk_err *err);

/* ---- invoices: the draft (app_invoice.c) ----
 * A draft bills the client's billable entries that start in the range and that no invoice
 * holds (a sent one, or a pending attempt). Non-billable and fixed-price time is left out.
 * Retainer clients: the range is cut at the retainer's period boundaries; each period the
 * retainer is in force on some day of the range brings its fee (once in its life: left out
 * when an earlier invoice billed it), its included time and its overage (each entry's share,
 * app_bill); work on days no retainer is in force bills hourly on the same invoice. */

typedef struct app_line_note {
    bool has_actual;
    int64_t actual_seconds;    /* worked time behind an hourly line, before rounding */
    char *explain;             /* one line: rate and where it comes from, rounding, tier */
} app_line_note;

typedef struct app_draft {
    tk_client client;          /* a copy */
    app_range range;
    inv_grouping grouping;
    tk_invoice inv;            /* lines, total, entry ids (invoice.h) */
    app_line_note *notes;      /* one per line */
    tk_entry *entries;         /* the billable entries considered */
    tk_inv_entry *items;       /* what each bills: items[i].bill is entries[i]'s */
    struct tk_milestone *milestones;  /* fixed-price milestones it bills (app_fixed.c) */
    tk_inv_milestone *mitems;         /* mitems[i] bills milestones[i] */
    size_t nmilestones;
    size_t nentries;
    bool retainer;             /* some period billed under a retainer: periods[] */
    tk_retainer_status *periods; /* the retainer periods the range touches, chronological */
    size_t nperiods;
    bool *fee_billed_before;   /* per period: its fee is on an earlier invoice */
    char reference[32];        /* "TOCK-" and 16 hex digits: client, range, entries, database */
    app_taxes taxes;           /* the client's taxes (app_tax.h); inv's lines point into them */
    int64_t waiting_seconds;   /* billable time left out: its week is not approved yet */
} app_draft;

/* Builds the draft (caller clears it with app_draft_clear, also after a failure). except: an
 * invoice whose own entries count as free (0: none). */
int app_invoice_draft(tk_app *app, const tk_client *c, const app_range *r, inv_grouping g,
                      int64_t except, app_draft *out, tk_err *err);

/* What someone changed in a draft before sending it (the TUI's preview): entries left out
 * (they stay free for a later invoice, and the reference, which names the entries, changes
 * with them) and new descriptions, each for the lines whose built description is desc_from[i].
 * Everything is borrowed; NULL or empty arrays change nothing. */
typedef struct app_draft_edits {
    const int64_t *skip;       /* entry ids, any order */
    size_t nskip;
    const char *const *desc_from, *const *desc_to;
    size_t ndesc;
} app_draft_edits;

/* app_invoice_draft with edits (NULL: none). */
int app_invoice_draft_edited(tk_app *app, const tk_client *c, const app_range *r, inv_grouping g,
                             int64_t except, const app_draft_edits *edits, app_draft *out,
                             tk_err *err);
void app_draft_clear(app_draft *d);
/* The money rule in one sentence, for --explain (the man page says it at length). */
#define APP_MONEY_RULE "Each entry bills its rounded time in hundredths of an hour (seconds / 36, " \
    "half up), divided among its tiers by largest remainder; each part is rate × hundredths, " \
    "rounded once; a line, a view and the invoice are the sum of their parts."
/* Records which retainer periods' fees the draft bills, for invoice invoice_id (in the
 * caller's transaction): each period's fee is billed once in its life. */
int app_invoice_fees(tk_app *app, int64_t invoice_id, const app_draft *d, tk_err *err);
const char *inv_line_kind_name(inv_line_kind k);   /* hours, fee, included, overage */

/* The request body for Zoho's POST /invoices (caller frees): lines with a quantity, the
 * rate in the currency's decimals, quantities with two, the reference and payment terms, and
 * in the notes the audit log's head ("SEQ:HASH", NULL: none) when it was recorded. */
char *app_invoice_payload(const app_draft *d, const char *customer_id, tk_day date,
                          long payment_terms, const char *audit_head);

/* ---- Zoho (app_zoho.c) ---- */

typedef struct app_zoho {
    zoho_client *zc;
    struct zoho_settings s;    /* borrows from the config and the fields below */
    char *client_secret, *refresh_token;   /* owned, wiped when closed */
    const char *client_secret_from, *refresh_token_from; /* where each came from, for messages */
    char *token_cache;
    bool guarded;              /* holds a zoho_secret_guard */
} app_zoho;

/* The [zoho] settings as the client takes them — the one place they are mapped. Secrets come
 * from TOCK_ZOHO_CLIENT_SECRET / TOCK_ZOHO_REFRESH_TOKEN, else the config, else the
 * *_command's output (or refresh_token_file's first line); the token cache lives in $XDG_STATE_HOME/tock/zoho-token.json. verbose
 * writes Zoho's (redacted) trace to stderr. Close with app_zoho_close, also after a failure. */
int app_zoho_open(tk_app *app, bool verbose, app_zoho *z, tk_err *err);
/* The same without a refresh token, for the authorization-code grant that makes one. */
int app_zoho_open_grant(tk_app *app, bool verbose, app_zoho *z, tk_err *err);
void app_zoho_close(app_zoho *z);
/* Adds where a secret came from to an error that names its setting. */
void app_zoho_hint(const app_zoho *z, tk_err *err);

/* ---- tock zoho connect (app_zoho_connect.c) ---- */
typedef enum { APP_CONNECT_FILE, APP_CONNECT_COMMAND, APP_CONNECT_CONFIG } app_connect_kind;
typedef struct app_zoho_connect {
    app_connect_kind kind;     /* where the refresh token goes */
    char *path;                /* FILE: zoho.refresh_token_file, the home folder expanded */
    const char *command;       /* COMMAND: zoho.refresh_token_command (the config's) */
    char *config_path;         /* CONFIG: the file whose zoho.refresh_token the user replaces */
    char *console_url;         /* Zoho's API console for the configured data centre */
    const char *scopes;        /* what the grant code must be generated with */
    bool env_wins;             /* TOCK_ZOHO_REFRESH_TOKEN is set: it overrides the stored one */
    bool replaced;             /* FILE: the file held a token before */
    app_zoho z;                /* the client, without a refresh token */
} app_zoho_connect;
/* Opens the client (client id and secret) and decides where the token goes, refusing a
 * config with none or several places, or a file that is a link: all before the user makes a
 * grant code. Close with app_zoho_connect_close, also after a failure. */
int app_zoho_connect_open(tk_app *app, bool verbose, app_zoho_connect *k, tk_err *err);
/* Exchanges the grant code. FILE: writes the token there (mode 0600, atomically), *token
 * NULL. Else *token is the token for the user to store (caller frees with zoho_secret_free).
 * On failure nothing is written and err holds neither the code nor a token. */
int app_zoho_connect_finish(app_zoho_connect *k, const char *code, char **token, tk_err *err);
void app_zoho_connect_close(app_zoho_connect *k);

typedef struct app_customer {
    char *id, *name;
    bool pinned;               /* the client's zoho_customer_id, not a lookup */
} app_customer;
void app_customer_clear(app_customer *cu);

/* Creates the client's Zoho contact: its display name, currency and (when given) email as the
 * primary person; refused when Zoho has a contact of that name (pin that one). *id is the new
 * contact (caller frees). */
int app_zoho_create_contact(app_zoho *z, const tk_client *c, const char *email, char **id,
                            tk_err *err);

/* Checks before the first create: the organization (its price precision) and the customer's
 * contact (active, in the client's currency), and that Zoho's total of payload (the request
 * body) equals the draft's to the minor unit. -1 with one line naming the fix. */
int app_zoho_precheck(app_zoho *z, const app_draft *d, const app_customer *cu,
                      const char *payload, tk_err *err);
/* The total Zoho computes for a request body: each line's rate rounded to `precision`
 * decimals times its quantity, rounded to `precision`, summed; in minor units of a currency
 * with `exponent` decimals. Pure. */
int app_zoho_total(const char *payload, int precision, int exponent, int64_t *total, tk_err *err);

/* The client's Zoho customer: its pinned zoho_customer_id, else the one contact whose name
 * is exactly the client's display name (and whose currency is the client's). Otherwise -1
 * with err listing candidates and the command that pins one. */
int app_zoho_customer(app_zoho *z, const tk_client *c, app_customer *out, tk_err *err);

/* ---- invoices: submission, exactly once (app_submit.c) ----
 * An attempt is recorded (pending, its entries held, the request body kept — it holds no
 * secret) and committed before Zoho hears of it. Zoho is then asked for an invoice with the
 * attempt's reference; only if there is none is one created. Zoho's confirmation is recorded
 * and the entries marked invoiced in one transaction. A transient failure or a configuration
 * problem leaves the attempt pending (app_invoice_submit again finishes it); a refusal makes it
 * failed (a dead letter: its entries are free again, Zoho's reply is kept). */

typedef struct app_push {
    app_draft draft;
    app_customer customer;
    tk_day date;               /* the invoice's date */
    long payment_terms;        /* the config's; the caller may change it before recording */
    app_draft_edits edits;     /* borrowed: must outlive app_invoice_record */
    int send_mode;             /* 0: leave it a draft; 1: mark it sent; 2: Zoho emails it */
} app_push;

/* The client's payment terms (tock client set --payment-terms), else [zoho] payment_terms;
 * -1: the Zoho contact's own. */
int app_payment_terms(tk_app *app, int64_t client_id, long *terms, tk_err *err);
/* The draft and its customer, for the caller to confirm. Clear with app_push_clear. */
int app_invoice_prepare(tk_app *app, app_zoho *z, const tk_client *c, const app_range *r,
                        inv_grouping g, tk_day date, app_push *out, tk_err *err);
/* The same for an edited draft (edits NULL: none); app_invoice_record builds it again with
 * the same edits. A failed invoice that had edits is re-queued without them: tock invoice
 * retry then refuses it when entries were left out (discard it and push again). */
int app_invoice_prepare_edited(tk_app *app, app_zoho *z, const tk_client *c, const app_range *r,
                               inv_grouping g, tk_day date, const app_draft_edits *edits,
                               app_push *out, tk_err *err);
void app_push_clear(app_push *p);
/* Records the attempt in its own transaction: the draft is built again under the write lock
 * and must be the one prepared. *invoice_id is the attempt. */
int app_invoice_record(tk_app *app, app_push *p, int64_t *invoice_id, tk_err *err);

typedef struct app_submit_result {
    zoho_status status;        /* ZOHO_OK: sent; TRANSIENT/AUTH: still pending; PERMANENT: failed */
    bool found;                /* Zoho already had it: an earlier try got through */
    size_t duplicates;         /* more than one Zoho invoice carries the reference */
    bool total_differs;        /* Zoho's total is not tock's */
    bool currency_differs;     /* Zoho's currency is not the client's */
    bool send_failed;          /* in Zoho, but marking it sent or emailing it failed (send_why) */
    tk_err send_why;
    bool attach_failed;        /* in Zoho, but its timesheet could not be attached (attach_why) */
    tk_err attach_why;
    tk_invoice_rec rec;        /* the invoice afterwards (tk_invoice_rec_clear it) */
    tk_err why;                /* when not ZOHO_OK */
} app_submit_result;

/* Submits a pending invoice. -1 with err when it could not be tried (not pending, another tock
 * is submitting it, the database); else 0 and the outcome in *out. */
int app_invoice_submit(tk_app *app, app_zoho *z, int64_t invoice_id, app_submit_result *out,
                       tk_err *err);
/* A failed invoice back to pending, its draft built again for the current customer; refused
 * when its entries changed or are held elsewhere. */
int app_invoice_requeue(tk_app *app, app_zoho *z, int64_t invoice_id, tk_err *err);
/* Drops a pending or failed invoice; its entries are free. One that may have reached Zoho (a
 * create was sent) is looked up first: Zoho's invoice is adopted (out->adopted; the attempt is
 * sent), a conflicting one or no answer refuses the discard, and so does an empty answer while
 * a create's lost reply is recent (Zoho's lists lag) — unless force (out->forced says the
 * discard took that risk). z NULL, or out->zoho_unreachable set by the caller with out->why:
 * Zoho cannot be asked. out->rec is the invoice afterwards (tk_invoice_rec_clear it). */
typedef struct app_discard_result {
    bool zoho_unreachable;
    tk_err why;
    bool adopted, forced;
    tk_invoice_rec rec;
} app_discard_result;
int app_invoice_discard(tk_app *app, app_zoho *z, int64_t invoice_id, bool force,
                        app_discard_result *out, tk_err *err);
/* ---- invoices after they are created (app_zoho_sync.c) ---- */
typedef struct app_sync_row {
    zoho_status status;        /* ZOHO_OK: read (rec is the invoice afterwards) */
    tk_err why;                /* when not ZOHO_OK */
    bool voided;               /* void or deleted in Zoho: now void, its entries freed */
    int64_t freed;             /* entries freed */
    tk_invoice_rec rec;
} app_sync_row;
/* Reads each sent invoice of the client (0: every client) back from Zoho: its status (draft,
 * sent, overdue, paid, …) and balance due. A voided or deleted one becomes void and its
 * entries are free to invoice again (audited). fn sees each row; non-zero stops. -1 on a
 * database failure (err). */
int app_invoice_sync(tk_app *app, app_zoho *z, int64_t client_id,
                     int (*fn)(const app_sync_row *row, void *ctx), void *ctx, tk_err *err);

/* The timesheet behind an invoice: a CSV (RFC 4180) of its entries — date, user, project,
 * tier, hours (to the hundredth), note — appended to out. */
int app_invoice_timesheet(tk_app *app, int64_t invoice_id, strbuf *out, tk_err *err);

/* --- What the full-screen grid needs beyond the CLI (app_cell.c, app_targets.c) --- */

typedef struct tk_entry_list {
    tk_entry *items;
    size_t len, cap;
} tk_entry_list;
void tk_entry_list_free(tk_entry_list *l);

/* The entries of one grid cell: this user's entries of client/project/tier (tier "" or NULL =
 * standard or by the clock, like week_grid rows), billable or not, that touch day, oldest
 * first. One query bounded by the day. Caller frees out with tk_entry_list_free. */
int app_cell_entries(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                     bool billable, tk_day day, tk_entry_list *out, tk_err *err);
/* app_entry_save / app_entry_delete, each in its own transaction. With `expect` (else NULL),
 * only if the entry is still as expect shows it (what a person sees: client, project, tier,
 * billable, day, times, note), so an undo never overwrites a change made elsewhere since. */
int app_cell_commit(tk_app *app, tk_entry *e, const tk_entry *expect, tk_err *err);
int app_cell_remove(tk_app *app, int64_t id, const tk_entry *expect, tk_err *err);
/* app_entry_readd in its own transaction: a deleted entry back, under its own id if free. */
int app_cell_restore(tk_app *app, tk_entry *e, tk_err *err);
/* Whether new time on client/project (0: none) is billable: the client's and project's flags. */
int app_cell_billable(tk_app *app, int64_t client_id, int64_t project_id, bool *out,
                         tk_err *err);
/* Starts the timer on a grid row, by ids (tier "" or NULL: by the clock), billable by default.
 * The entry that stopping a running timer made, if any, in *stopped_id (else 0). */
int app_cell_start_timer(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                        int64_t at, int64_t *stopped_id, tk_err *err);
/* Undoes the grid's timer keys in one transaction. started (else NULL): the timer that was
 * started, cancelled if it is still the one running. stopped (else NULL): the entry a stop
 * made, removed if still as it was, and its timer runs again from its start. Refuses when
 * anything changed since, or (undoing a stop alone) when another timer runs. */
int app_cell_undo_timer(tk_app *app, const tk_timer *started, const tk_entry *stopped, tk_err *err);
/* What someone types for an entry's time on day: a duration ("1:30", "90m", "1.5h") or a
 * local range "HH:MM-HH:MM" (an end before the start runs past midnight, for at most
 * [entry] max_overnight). Sets e->day and either has_range/start/end or seconds. */
int app_entry_parse_time(const tk_app *app, const char *s, tk_day day, tk_entry *e,
                         tk_err *err);

/* Something time can be recorded on: a client, or one of its projects (project_id 0: none). */
typedef struct app_target {
    int64_t client_id, project_id;
    char *client, *project;  /* keys; project "" when none */
    char *name;              /* "Client name / Project name", for filtering and display */
    bool billable;
} app_target;

typedef struct app_targets {
    app_target *items;
    size_t len, cap;
} app_targets;

/* Every active client, each followed by its active projects, ordered by key. */
int app_targets_list(tk_app *app, app_targets *out, tk_err *err);
void app_targets_free(app_targets *t);

/* The retainer-balance panel: one view per active client with a retainer in force on `day`
 * (app_retainer_status), in client order; out->len 0 when there are none (then the panel is
 * not shown). Caller frees out with retainer_views_free. */
int app_retainers_for_panel(tk_app *app, tk_day day, int64_t now, retainer_views *out,
                            tk_err *err);

/* ---- names that exist, for shell completion (app_complete.c) ---- */

typedef enum {
    APP_NAMES_CLIENTS,        /* active clients' keys */
    APP_NAMES_PROJECTS,       /* active projects as client/project */
    APP_NAMES_TIERS,          /* the configured tiers */
    APP_NAMES_OPEN_INVOICES,  /* ids of pending and failed invoices (retry, discard) */
    APP_NAMES_SPRINTS,        /* the client's sprint names, named and computed */
    APP_NAMES_USERS,          /* the team's users' logins */
} app_names_kind;

/* Calls fn once per name of the kind, in order (client: the client key, for sprints). An
 * unknown client gives no sprints. fn's non-zero return stops the listing. */
int app_names(tk_app *app, app_names_kind kind, const char *client,
              int (*fn)(const char *name, void *ctx), void *ctx, tk_err *err);

/* tock client set KEY --tier TIER …: the options for that tier's rule, as typed (NULL:
 * unchanged; "default": back to the client's or the built-in). */
typedef struct app_tier_opts {
    const char *tier, *round, *mode, *minimum, *cover, *draw, *overage;
} app_tier_opts;
/* Sets a client's rule for one tier (app_terms.c), refused when an invoice bills that tier's
 * time; *key (caller frees) is the client's key on success. */
int app_tier_rule_set(tk_app *app, const char *client, const app_tier_opts *o, char **key,
                      tk_err *err);
/* The client's rule for tier into *out (untouched when it has none). */
int app_tier_rule_load(tk_app *app, int64_t client_id, const char *tier, tk_tier_rule *out,
                       tk_err *err);
/* Moves CLIENT/PROJECT out of (outside 1) or into (0) its client's retainer, or only records
 * that it was looked at (-1); refused while an invoice holds the client's time. */
int app_project_set_retainer(tk_app *app, const char *spec, int outside, bool *now_outside,
                             tk_err *err);

/* Reads for the screens and commands that show one thing (each is the store's answer:
 * 1 found, 0 not, -1 error): an entry by id, this user's running timer, a client by id; and a
 * number that changes whenever anyone commits (the grid's liveness). */
int app_entry_get(tk_app *app, int64_t id, tk_entry *out, tk_err *err);

/* `tock db migrate` (app_migrate.c): copies the whole database from into the empty database
 * to (a sqlite file or a PostgreSQL connection string, either way round) in one transaction
 * of to, and commits only when every table reads back from to as it reads from from. A file
 * it created is removed when it fails. */
typedef struct app_migrate_result {
    long rows;
    int tables;
} app_migrate_result;
int app_db_migrate(const char *from, const char *to, app_migrate_result *res, tk_err *err);
int app_timer_get(tk_app *app, tk_timer *out, tk_err *err);
int app_client_get(tk_app *app, int64_t id, tk_client *out, tk_err *err);
int64_t app_data_version(tk_app *app);

#endif
