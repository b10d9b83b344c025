/* ui_invdraft.h — private to the invoice screens: the preview's model (ui_invdraft.c). The
 * preview (ui_invoice.c) owns one; the entries of a line (ui_invline.c), the small form
 * (ui_invedit.c) and the question before sending (ui_invsend.c) open over it and work on it. */
#ifndef TOCK_UI_INVDRAFT_H
#define TOCK_UI_INVDRAFT_H

#include "ui.h"
#include "app_sprint.h"
#include "app_invoice.h"
#include "app_zoho.h"
#include "app_submit.h"
#include "invoice.h"

enum { UI_INV_MONTH, UI_INV_LAST_MONTH, UI_INV_SPRINT, UI_INV_LAST_SPRINT, UI_INV_RANGES };

/* The invoice preview of one client. */
struct ui_invdraft {
    tk_client client;
    int range_kind;          /* UI_INV_* */
    inv_grouping grouping;
    app_draft full;          /* every line, as built */
    app_draft sent;          /* what goes to Zoho: full less left-out lines, new descriptions */
    bool *left_out;          /* per line of full */
    char **desc;             /* per line of full: a new description, or NULL */
    int64_t *skip;           /* the entries of the left-out lines (the edits' arrays) */
    const char **from, **to;
    int sel, top;            /* the selected line, the first shown */
    tk_day date;
    long terms;
    app_zoho z;              /* open between preparing and sending */
    app_push push;
    bool prepared;
    char *result;            /* what came of the last submission */
    bool result_error;
};

void ui_invdraft_free(ui_invdraft *inv);
/* The range of kind (UI_INV_*) for inv's client, as of today. */
int ui_invdraft_resolve(ui *u, ui_invdraft *inv, int kind, app_range *r, tk_err *err);
/* Builds the draft of the range and grouping afresh: nothing left out, no new descriptions. */
int ui_invdraft_load(ui *u, ui_invdraft *inv, const app_range *r);
void ui_invdraft_reload(ui *u, ui_invdraft *inv);    /* the same range again: no edits */
void ui_invdraft_rebuild(ui *u, ui_invdraft *inv);   /* what would be sent, after an edit */
/* The edits (entries of left-out lines, new descriptions) in arrays inv owns; they stay valid
 * until the next call. */
app_draft_edits ui_invdraft_edits(ui_invdraft *inv);
/* "payment terms 30 days", or the contact's own when none is set (buf of 48 bytes). */
const char *ui_invdraft_terms_text(long terms, char *buf);
const char *ui_invdraft_line_desc(const ui_invdraft *inv, size_t i); /* as edited */
int ui_invdraft_exponent(const ui_invdraft *inv);                     /* the currency's */
size_t ui_invdraft_sendable(const tk_invoice *inv);                   /* lines with hours */
void ui_invdraft_close_push(ui_invdraft *inv);
void ui_invdraft_set_result(ui_invdraft *inv, bool error, char *text); /* takes text */

#endif
