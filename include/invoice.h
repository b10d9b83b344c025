/* invoice.h — turn billed entries into invoice lines, the way Zoho will compute them.
 * Pure: no I/O. The caller bills entries (billing.h) and, for a retainer client, computes the
 * period's status (retainer.h); this builds the lines, their quantities and the total. */
#ifndef TOCK_INVOICE_H
#define TOCK_INVOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "billing.h"
#include "retainer.h"
#include "util.h"

typedef enum {
    INV_BY_PROJECT_TIER = 0,   /* the default */
    INV_BY_PROJECT,
    INV_BY_TIER,
    INV_BY_DAY,
    INV_BY_ENTRY,
    INV_BY_TICKET,             /* by ticket reference (issue 18) */
} inv_grouping;

/* "project+tier", "project", "tier", "day", "entry", "ticket". */
const char *inv_grouping_name(inv_grouping g);
int inv_grouping_parse(const char *s, inv_grouping *g);

/* One billed entry. Strings are borrowed and must outlive invoice_build (not the invoice). */
typedef struct tk_inv_entry {
    int64_t entry_id;
    const char *project_key;   /* NULL or "" = no project */
    const char *project_name;  /* NULL = show the key */
    const char *note;          /* shown by the entry grouping; may be NULL */
    tk_day day;
    int64_t start;             /* a range's start (UTC); 0 for a duration: first in its day */
    tk_bill bill;              /* from bill_entry (and retainer_draw); non-billable: skipped */
    const char *ref;           /* its ticket reference (NULL or "": none) */
    int tax;                   /* invoice_tax.h: 1 + its tax's index; 0: untaxed */
} tk_inv_entry;

/* A fixed-price milestone (fixed.h), billed as one line of its amount (invoice_fixed.c).
 * Strings borrowed like tk_inv_entry's. */
typedef struct tk_inv_milestone {
    int64_t id;
    const char *project;       /* the project's name (or key) */
    const char *note;
    int64_t amount_minor;
    int32_t pct_bp;            /* 0: given as an amount */
    tk_day day;
    int tax;                   /* invoice_tax.h: 1 + its project's tax's index; 0: untaxed */
} tk_inv_milestone;

typedef struct tk_inv_input {
    const char *currency;                 /* ISO 4217, e.g. "EUR" */
    const tk_inv_entry *entries;
    size_t nentries;
    inv_grouping grouping;
    /* The retainer periods the range touches, chronological (fee_minor 0: billed before).
     * An entry whose bill.retainer is set goes to the period whose period_start is its
     * bill.period; the others are billed hourly. */
    const tk_retainer_status *periods;
    size_t nperiods;
} tk_inv_input;

typedef enum {
    INV_LINE_HOURS,      /* hourly time at one rate */
    INV_LINE_FEE,        /* a retainer's fee for the period */
    INV_LINE_INCLUDED,   /* time covered by prepaid hours: amount 0 */
    INV_LINE_OVERAGE,    /* time beyond prepaid hours, at the overage rate */
    INV_LINE_FIXED,      /* a milestone of a fixed price: quantity 1, rate its amount */
} inv_line_kind;

typedef struct tk_inv_line {
    inv_line_kind kind;
    char *description;
    int64_t seconds;          /* billed seconds behind the line (0 for a fee) */
    int64_t quantity_centi;   /* the sum of its parts' hundredths of an hour; 100 for a fee */
    int64_t rate_minor;       /* per hour (per period for a fee; 0 for included time) */
    int64_t amount_minor;     /* the sum of its parts' amounts (billing.h): never recomputed */
    /* What Zoho is sent, so that its rate × quantity is amount_minor exactly: the hours at
     * the hourly rate when rate × quantity / 100 has no remainder and equals the amount,
     * else quantity 1.00 at rate = amount (lump is then true; the description should say
     * the hours and the rate). */
    int64_t send_quantity_centi;
    int64_t send_rate_minor;
    bool lump;
    bool missing_rate;        /* hours with no rate found: billed at 0 */
    char *project_key;        /* when the grouping has one, else NULL ("" = no project) */
    char *tier;               /* when the grouping has one, else NULL */
    tk_day first_day, last_day;  /* of the line's entries (0 for a fee) */
    int64_t *entry_ids;       /* ascending, unique */
    size_t nids;
    int64_t milestone_id;     /* INV_LINE_FIXED: the milestone it bills */
    int tax;                  /* its entries' tax (hourly lines are split by it), 0: none */
    int64_t tax_minor;        /* invoice_tax.h: the tax on amount_minor, rounded per line */
} tk_inv_line;

/* Owns all its memory: free with invoice_clear. */
typedef struct tk_invoice {
    char currency[4];
    tk_inv_line *lines;
    size_t nlines;
    int64_t total_minor;      /* == the sum of the lines' amounts */
    bool missing_rate;        /* some line has time without a rate */
    int64_t *entry_ids;       /* every billable entry covered, even if billed 0; ascending */
    size_t nids;
    int64_t *milestone_ids;   /* every milestone billed, in line order */
    size_t nmilestones;
    int64_t tax_minor;        /* the lines' tax (invoice_tax.h; 0 untaxed) */
    int64_t gross_minor;      /* total_minor + tax_minor: what Zoho's total is */
} tk_invoice;

/* Builds the invoice into *out (owned by the caller; free with invoice_clear).
 * Hourly: the billing parts are grouped by the grouping and by rate (a group with parts at
 * two rates, e.g. a rate change mid-period, becomes two lines, told apart by their dates or,
 * if those overlap, their rates). Lines are ordered by project key, tier (standard,
 * after-hours, emergency, then others by name), day or entry, then chronologically.
 * Parts of 0 billed seconds make no line, but their entries are still in out->entry_ids.
 * Retainer periods, first, each: a fee line (unless its fee_minor is 0), one line of the time
 * the prepaid hours covered (amount 0), then overage lines, one per overage rate, each the sum
 * of its parts' overage (retainer_draw computed every share; the builder only adds them up).
 * Returns 0, or -1 with err (and *out empty) on a bad currency, a billable entry with negative
 * billed time, or overflow. */
int invoice_build(const tk_inv_input *in, tk_invoice *out, tk_err *err);
void invoice_clear(tk_invoice *inv);

/* Adds one line per milestone after the lines invoice_build made (in this order): quantity
 * 1.00 at its amount, its id in milestone_ids, the amount in the total. Returns 0, or -1 with
 * err (inv unchanged but for lines already added) on an amount of 0 or less, or overflow. */
int invoice_add_milestones(tk_invoice *inv, const tk_inv_milestone *m, size_t n, tk_err *err);

/* Hours × 100 from seconds, rounded half up (bill_centi). */
int64_t inv_quantity_centi(int64_t seconds);
/* rate × quantity_centi / 100, rounded half away from zero, as Zoho computes a line; -1 on
 * overflow. */
int inv_line_amount(int64_t rate_minor, int64_t quantity_centi, int64_t *amount);

#define INV_QTY_BUF 32
/* "2.50" from 250; "-0.05" from -5. buf of INV_QTY_BUF bytes; returns buf. */
char *inv_format_quantity(int64_t quantity_centi, char *buf);

#endif
