/* app_invoice.h — the invoice draft (app_invoice.c). */
#ifndef TOCK_APP_INVOICE_H
#define TOCK_APP_INVOICE_H

#include "app.h"
#include "invoice.h"
#include "retainer.h"
#include "app_sprint.h"
#include "app_tax.h"

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

#endif
