/* model.h — the records tock keeps. Plain structs shared by the core, the store and the UI.
 * Strings are owned by the record (free with the matching *_clear) unless a comment says
 * otherwise. Amounts are minor units, durations seconds, instants UTC seconds. */
#ifndef TOCK_MODEL_H
#define TOCK_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include "day.h"

#define TIER_STANDARD "standard"
#define TIER_AFTER_HOURS "after-hours"
#define TIER_EMERGENCY "emergency"

/* Round-up rule for billing an entry. seconds == 0 or mode NONE: bill actual time. */
typedef enum { ROUND_NONE = 0, ROUND_UP, ROUND_NEAREST, ROUND_DOWN } round_mode;

typedef struct tk_rounding {
    int64_t increment;  /* seconds, 0 = none */
    round_mode mode;
    int64_t minimum;    /* seconds billed at least, for an entry with any time */
} tk_rounding;

typedef struct tk_client {
    int64_t id;
    char *key, *name, *currency;
    bool archived;
    bool billable;          /* false: all its time is non-billable */
    /* Per-client overrides of [billing]; has_rounding false = use the config's. */
    bool has_round, has_round_mode, has_minimum;
    tk_rounding rounding;
    char *zoho_customer_id; /* NULL when not pinned */
} tk_client;

typedef struct tk_project {
    int64_t id, client_id;
    char *key, *name;
    bool archived;
    bool billable;
    int64_t fixed_minor;    /* -1: billed hourly; else a fixed price, never billed hourly */
    int64_t budget_seconds; /* -1: none */
    bool outside_retainer;  /* billed hourly beside the client's retainer */
} tk_project;

/* A rate in force from a day on, for a client (project_id 0) or one of its projects. */
typedef struct tk_rate {
    int64_t id, client_id, project_id;
    char *tier;
    int64_t amount_minor;   /* per hour */
    tk_day from;
} tk_rate;

typedef enum { PERIOD_WEEK, PERIOD_MONTH, PERIOD_QUARTER } tk_period;
typedef enum { ROLLOVER_NONE, ROLLOVER_UNUSED } tk_rollover;

typedef struct tk_retainer {
    int64_t id, client_id;
    tk_period period;
    int64_t prepaid_seconds;
    int64_t fee_minor, overage_minor; /* fee per period; overage per hour */
    tk_rollover rollover;
    int alert_pct;
    tk_day from, to;                  /* to: last day in force, or DAY_MAX */
    bool whole;                       /* a partial period bills whole fee and hours (else
                                       * both prorated by its days in force) */
    bool has_rollover_cap;
    int64_t rollover_cap;             /* seconds at most rolled over, when has_rollover_cap */
    int rollover_expiry;              /* periods a rolled-over hour stays usable (0 or 1: the
                                       * next period only; at most ROLLOVER_MAX_EXPIRY) */
    bool rollover_current_first;      /* this period's hours are used before rolled-over ones
                                       * (else first in, first out: the oldest first) */
} tk_retainer;

/* A client's rules for one tier, beside its rates: rounding (per field, else the client's)
 * and how the tier meets the retainer (-1: the default, see retainer.h). */
typedef struct tk_tier_rule {
    char *tier;
    bool has_round, has_round_mode, has_minimum;
    tk_rounding rounding;
    int covered;                      /* 1 draws on prepaid hours, 0 never, -1 default */
    int32_t draw_permille;            /* prepaid hours per hour × 1000; -1 default */
    int64_t overage_minor;            /* per hour of its overage; -1 default */
} tk_tier_rule;

void tk_tier_rule_clear(tk_tier_rule *r);

/* A time entry: a range (has_range, start/end UTC) or a duration on a local day. */
typedef struct tk_entry {
    int64_t id, user_id, client_id, project_id;   /* project_id 0: none */
    char *user, *client, *project;                /* keys; project "" when none */
    char *tier;                                   /* NULL: by the clock (business hours) */
    bool billable;
    tk_day day, last_day;                         /* local days of the first and last second */
    bool has_range;
    int64_t start, end;                           /* when has_range */
    int64_t seconds;
    char *note;
    char *source_key;                             /* import identity, or NULL */
    int64_t invoice_id;                           /* 0: not invoiced */
    int64_t created, updated;
    char *ref;                                    /* a ticket reference (JIRA-123), or NULL */
} tk_entry;

/* The running timer of one user. */
typedef struct tk_timer {
    int64_t user_id, client_id, project_id;
    char *client, *project, *tier;                /* keys; tier NULL = by the clock */
    bool billable;
    char *note;
    int64_t start;
    char *ref;                                    /* the entry's ticket reference, or NULL */
} tk_timer;

typedef enum { WEEK_OPEN, WEEK_SUBMITTED, WEEK_APPROVED, WEEK_REJECTED } tk_week_state;

/* A sprint of a client: named explicitly, or computed from the client's cadence. */
typedef struct tk_sprint {
    int64_t id, client_id;                        /* id 0: computed from the cadence */
    char *name;
    tk_day from, to;                              /* inclusive */
} tk_sprint;

/* Sprints every `every_days` days from `starting`: "Sprint 1" is starting … starting+every-1. */
typedef struct tk_cadence {
    int64_t client_id;
    int every_days;
    tk_day starting;
} tk_cadence;

/* An invoice: one submission to Zoho, from its recorded attempt to Zoho's confirmation.
 * pending: recorded, not (yet) confirmed by Zoho — its entries are held; sent: Zoho confirmed
 * it and its entries are invoiced; failed: Zoho refused it (a dead letter) — its entries are
 * free; discarded: dropped by the user; void: voided or deleted in Zoho after it was sent —
 * its entries are free again. */
typedef enum { INVOICE_PENDING, INVOICE_SENT, INVOICE_FAILED, INVOICE_DISCARDED,
               INVOICE_VOID } tk_invoice_state;

typedef struct tk_invoice_rec {
    int64_t id, client_id;
    char *client_key;                             /* filled when read */
    tk_day from, to;
    char *label;                                  /* "2026-11", "Sprint 3", "2026-11-01 to …" */
    char *reference;                              /* Zoho's reference_number, unique */
    tk_invoice_state state;
    char *currency;
    int64_t total_minor;                          /* tock's total */
    char *payload;                                /* the request body for Zoho; no secrets */
    char *customer_id, *customer_name;
    tk_day invoice_date;
    char *group_by;
    int nlines, nentries;
    bool has_retainer_period;
    tk_day retainer_period;                       /* first day of the period whose fee it bills */
    char *zoho_invoice_id, *zoho_number, *zoho_status;  /* NULL until Zoho confirmed */
    bool has_zoho_total;
    int64_t zoho_total_minor;
    int attempts;                                 /* submissions tried */
    int creates;                                  /* create requests sent (outcome maybe unknown) */
    char *last_error;                             /* NULL: none */
    char *zoho_reply;                             /* a dead letter's reply body */
    int64_t failed_utc;                           /* 0: not failed */
    int64_t lease_pid, lease_until;               /* a submission in progress; 0: none */
    int64_t lease_start;                          /* the lease holder's start time (0: unknown) */
    char *planned_number;                         /* the invoice_number sent; NULL: Zoho's own */
    int number_gen;                               /* bumped when Zoho holds it on a void invoice */
    bool create_unknown;                          /* a create was sent and its outcome not read */
    int64_t last_create_utc;                      /* when the last create was sent; 0: never */
    bool has_zoho_balance;
    int64_t zoho_balance_minor;                   /* balance due, as last read from Zoho */
    int64_t void_utc;                             /* when found void or deleted in Zoho; 0 */
    int send_mode;                                /* once in Zoho: 0 leave a draft, 1 mark it
                                                     sent, 2 email it (TK_SEND_*) */
    int64_t created_by, created, updated;
} tk_invoice_rec;

void tk_sprint_clear(tk_sprint *s);
void tk_invoice_rec_clear(tk_invoice_rec *r);
const char *invoice_state_name(tk_invoice_state s);
int invoice_state_parse(const char *s, tk_invoice_state *out);

void tk_client_clear(tk_client *c);
void tk_project_clear(tk_project *p);
void tk_rate_clear(tk_rate *r);
void tk_entry_clear(tk_entry *e);
void tk_entry_copy(tk_entry *dst, const tk_entry *src);
/* Whether a and b show the same time: client, project, tier, billable, days, range or
 * duration, note (not ids of the row, timestamps, import keys or invoice). */
bool tk_entry_same(const tk_entry *a, const tk_entry *b);
void tk_timer_clear(tk_timer *t);

const char *round_mode_name(round_mode m);
int round_mode_parse(const char *s, round_mode *m);
const char *period_name(tk_period p);
int period_parse(const char *s, tk_period *p);
const char *week_state_name(tk_week_state s);
/* The state a stored name stands for; open for NULL or any other text. */
tk_week_state week_state_parse(const char *s);

#endif
