/* billing.h — what one time entry bills: its tiers, rounded seconds, rates and money.
 * Pure: the caller supplies the entry and the rules; the result is a plain value. */
#ifndef TOCK_BILLING_H
#define TOCK_BILLING_H

#include <stdbool.h>
#include <stdint.h>
#include "bizhours.h"
#include "model.h"
#include "rate_card.h"
#include "util.h"

#define BILL_MAX_PARTS 4
#define BILL_TIER_MAX 65   /* a tier name of up to 64 bytes, and its NUL */

/* The share of an entry billed in one tier. */
typedef struct tk_bill_part {
    char tier[BILL_TIER_MAX];
    int64_t actual_seconds;
    int64_t billed_seconds;  /* after the entry's rounding; 0 when not billable */
    int64_t quantity_centi;  /* its share of the entry's billed hundredths of an hour */
    bool has_rate;           /* false: no rate applies (rate_minor and amount are 0) */
    tk_rate_hit rate;        /* which rate applied, when has_rate */
    int64_t rate_minor;      /* per hour */
    int64_t amount_minor;    /* rate × quantity_centi / 100, rounded half away from zero;
                              * under a retainer (bill.retainer) its overage share instead */
    int64_t included_centi;  /* under a retainer: the hundredths prepaid hours covered */
    int64_t drawn_centi;     /* under a retainer: the prepaid hundredths that drew */
    int64_t overage_rate_minor; /* under a retainer: the hourly rate of its overage */
} tk_bill_part;

/* A plain value: copy freely, nothing to free. Invariants: sum(parts.actual) == actual,
 * sum(parts.billed) == billed, sum(parts.quantity_centi) == quantity_centi,
 * sum(parts.amount) == amount. */
typedef struct tk_bill {
    bool billable;
    int64_t actual_seconds;
    int64_t billed_seconds;
    int64_t quantity_centi;  /* billed hours × 100, rounded half up: the unit money is built on */
    int64_t amount_minor;
    bool missing_rate;       /* some part with billed time had no rate (billed at 0) */
    int nparts;              /* 0 for an entry of no time; parts of 0 seconds are left out */
    tk_bill_part parts[BILL_MAX_PARTS]; /* the last is the tier in force when the entry ends */
    bool retainer;           /* billed under a retainer: amounts are overage shares */
    tk_day period;           /* then: the first day of its retainer period */
} tk_bill;

/* The rules in force for the entry's client; all borrowed, any may be NULL
 * (no rounding; no business hours; no rates). */
typedef struct tk_bill_rules {
    const tk_rounding *rounding;  /* the client's override, else the config's */
    const tk_bizhours *hours;
    const tk_rate_card *card;     /* that client's rates and the tier multipliers */
    const tk_tier_rule *tiers;    /* the client's per-tier rules (may be NULL) */
    size_t ntiers;
} tk_bill_rules;

/* The rounding of an entry ending in `tier`: the client's, field by field overridden by that
 * tier's rule. */
tk_rounding bill_tier_rounding(const tk_bill_rules *rules, const char *tier);

/* Whether an entry's time is billed: its own flag, its client's and its project's, and the
 * project is not fixed-price. client and project may be NULL (not known / no project). */
bool bill_is_billable(const tk_entry *e, const tk_client *client, const tk_project *project);
/* The same from the entry's and its client's flags (a caller that keeps them at hand). */
static inline bool bill_is_billable_by(bool entry, bool client, const tk_project *project)
{
    return entry && client && (!project || (project->billable && project->fixed_minor < 0));
}

/* The tier or tiers a bill is in, in order, joined by "+" ("standard+after-hours"); the
 * standard tier when it has no parts. */
void bill_tiers(const tk_bill *bill, strbuf *out);

/* Bills one entry.
 * Tiers: an entry with a tier is one part of that tier; a duration entry without one is
 * "standard"; a range entry without one is split by business hours (when enabled) into
 * "standard" inside and "after-hours" outside.
 * Time: a range entry's actual time is end − start (its `seconds` is not used); a duration
 * entry's is `seconds`. Rounding applies to the entry's total — the rule of the tier of its
 * last second when the client has one for that tier (bill_tier_rounding) — and the difference
 * goes to the last part; a negative difference larger than that part is taken from earlier
 * parts.
 * Money (the one rule every view shares): the entry's billed time in hundredths of an hour,
 * q = billed / 36 rounded half up, is divided among the parts by largest remainder in
 * proportion to their billed seconds (a tie goes to the later part), so the parts' hundredths
 * add up to q. Each part's rate is looked up for the entry's project, the part's tier and the
 * entry's day (e->day, its first local day); its amount = rate × its hundredths / 100, rounded
 * half away from zero. The entry's amount, and any set of entries', is the sum of its parts'.
 * A tier of "" counts as none. A non-billable entry keeps its actual time and parts, with
 * billed time and money 0.
 * Returns 0, or -1 with err on a malformed entry (negative time, end before start, a tier
 * name over 64 bytes, a range business hours cannot evaluate) or on overflow; *out is then
 * partly written. */
int bill_entry(const tk_entry *e, const tk_bill_rules *rules, bool billable, tk_bill *out,
               tk_err *err);

/* bill_entry with its rate lookups remembered in memo (rate_card.h; NULL = none), which must
 * belong to rules->card. */
int bill_entry_memo(const tk_entry *e, const tk_bill_rules *rules, tk_rate_memo *memo,
                    bool billable, tk_bill *out, tk_err *err);
/* bill_entry_memo for a caller that reads only the bill's fields and its nparts parts, not
 * its bytes: the parts past nparts and the bytes of a part's tier past its NUL are left as
 * they were (a busy week bills thousands of entries for their totals, and clearing all of a
 * bill cost a fifth of billing one). Every figure is bill_entry's. */
int bill_entry_lean(const tk_entry *e, const tk_bill_rules *rules, tk_rate_memo *memo,
                    bool billable, tk_bill *out, tk_err *err);

/* Divides q hundredths among n shares in proportion to weights (≥ 0) by largest remainder, ties
 * to the later share; all to the last share when the weights sum to 0. out sums to q. */
void bill_divide(int64_t q, const int64_t *weights, int n, int64_t *out);

/* Hours × 100 from seconds, rounded half up: 5400 → 150, 17 → 0, 18 → 1. seconds ≥ 0. */
int64_t bill_centi(int64_t seconds);

#endif
