/* app_zoho_sync.h — invoices after they are created: read back from Zoho, and their
 * timesheets (app_zoho_sync.c). */
#ifndef TOCK_APP_ZOHO_SYNC_H
#define TOCK_APP_ZOHO_SYNC_H

#include "app_zoho.h"
#include "zoho.h"

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

#endif
