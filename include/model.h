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
} tk_retainer;

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
} tk_entry;

/* The running timer of one user. */
typedef struct tk_timer {
    int64_t user_id, client_id, project_id;
    char *client, *project, *tier;                /* keys; tier NULL = by the clock */
    bool billable;
    char *note;
    int64_t start;
} tk_timer;

typedef enum { WEEK_OPEN, WEEK_SUBMITTED, WEEK_APPROVED, WEEK_REJECTED } tk_week_state;

void tk_client_clear(tk_client *c);
void tk_project_clear(tk_project *p);
void tk_rate_clear(tk_rate *r);
void tk_entry_clear(tk_entry *e);
void tk_entry_copy(tk_entry *dst, const tk_entry *src);
void tk_timer_clear(tk_timer *t);

const char *round_mode_name(round_mode m);
int round_mode_parse(const char *s, round_mode *m);
const char *period_name(tk_period p);
int period_parse(const char *s, tk_period *p);
const char *week_state_name(tk_week_state s);

#endif
