/* app_tickets.h — time per ticket reference (app_tickets.c). */
#ifndef TOCK_APP_TICKETS_H
#define TOCK_APP_TICKETS_H

#include "app.h"

/* ---- tickets (app_tickets.c) ---- */

typedef struct app_ticket_row {
    char *client;              /* key */
    char *ref;                 /* "" for time without a ticket */
    char currency[4];
    int64_t entries, seconds, billed_seconds, amount_minor;
    tk_day first_day, last_day;
} app_ticket_row;
typedef TK_VEC(app_ticket_row) app_tickets;

/* Time per ticket of a client (NULL: every client) that starts in [from, to]: worked,
 * billed and its money (app_bill). Rows by client, then reference, "" last. */
int app_ticket_report(tk_app *app, const char *client, tk_day from, tk_day to, app_tickets *out,
                      tk_err *err);
void app_tickets_free(app_tickets *v);

#endif
