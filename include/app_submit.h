/* app_submit.h — invoices submitted to Zoho exactly once (app_submit.c). */
#ifndef TOCK_APP_SUBMIT_H
#define TOCK_APP_SUBMIT_H

#include "app_zoho.h"
#include "app_invoice.h"
#include "invoice.h"
#include "zoho.h"

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

#endif
