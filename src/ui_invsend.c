/* ui_invsend.c — the question before an invoice goes to Zoho, and the sending: recorded
 * first (app_invoice_record), then submitted (app_invoice_submit), as tock invoice push does. */
#include "ui_invdraft.h"

#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "text.h"
#include "app_submit.h"
#include "zoho.h"

void ui_invsend_open(ui *u, ui_invdraft *inv)
{
    ui_push(u, &ui_invsend_screen, inv);
}

static void invsend_draw(ui *u, void *st)
{
    const ui_invdraft *inv = st;
    const app_push *p = &inv->push;
    char m[32], d[DAY_BUF];
    int y, x, h, w;
    size_t n = ui_invdraft_sendable(&p->draft.inv);
    char tt[48];
    char *q = xasprintf("Create a Zoho invoice for %s (customer %s): %s %s, %zu line%s, dated %s, "
                        "%s?", p->customer.name ? p->customer.name : "", p->customer.id,
                        money_format(p->draft.inv.total_minor, ui_invdraft_exponent(inv), m),
                        p->draft.client.currency, n, n == 1 ? "" : "s", day_format(p->date, d),
                        ui_invdraft_terms_text(p->payment_terms, tt));
    ui_box_centre(u, 6, 96, &y, &x, &h, &w);
    ui_box(y, x, h, w, "Send to Zoho");
    ui_put(y + 1, x + 2, w - 4, UI_ROLE_BOX, q, 0);
    if (text_width(q) > w - 4)   /* a long name: the question again, from its amount on */
        ui_put(y + 2, x + 2, w - 4, UI_ROLE_BOX, strstr(q, "): ") + 3, 0);
    free(q);
    static const ui_action hints[] = { UI_ACT_INV_YES, UI_ACT_INV_NO };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_INVSEND, hints, TK_ARRAY_LEN(hints));
}

/* What came of a submission, as tock invoice push says it. */
static char *outcome(const app_submit_result *res)
{
    const tk_invoice_rec *r = &res->rec;
    long long id = (long long)r->id;
    char m[32];
    if (res->status == ZOHO_OK)
        return xasprintf("Sent: Zoho invoice %s (%s) for %s, %s %s, %d line%s%s%s",
                         r->zoho_number ? r->zoho_number : r->zoho_invoice_id,
                         r->zoho_status ? r->zoho_status : "?", r->customer_name ? r->customer_name : "",
                         money_format(r->total_minor, currency_exponent(r->currency), m), r->currency,
                         r->nlines, r->nlines == 1 ? "" : "s",
                         res->total_differs ? " · Zoho's total differs: check it in Zoho" : "",
                         res->duplicates ? " · more than one Zoho invoice has its reference" : "");
    if (r->state == INVOICE_FAILED)
        return xasprintf("Zoho refused invoice %lld, kept as failed: %s — tock invoice retry %lld "
                         "re-queues it, tock invoice discard %lld frees its entries", id,
                         res->why.msg, id, id);
    if (res->status == ZOHO_AUTH)
        return xasprintf("invoice %lld is pending: %s — fix that, then run: tock invoice retry %lld",
                         id, res->why.msg, id);
    return xasprintf("invoice %lld is pending: %s — finish it with: tock invoice retry %lld", id,
                     res->why.msg, id);
}

static void send(ui *u, ui_invdraft *inv)
{
    tk_err err = { "" };
    int64_t id = 0;
    ui_pop(u);
    ui_busy(u, "Sending to Zoho…");
    if (app_invoice_record(u->app, &inv->push, &id, &err)) {
        ui_invdraft_set_result(inv, true, xasprintf("not sent: %s", err.msg));
    } else {
        app_submit_result res;
        if (app_invoice_submit(u->app, &inv->z, id, &res, &err)) {
            ui_invdraft_set_result(inv, true, xasprintf("invoice %lld: %s — see tock invoice list",
                                                       (long long)id, err.msg));
        } else {
            ui_invdraft_set_result(inv, res.status != ZOHO_OK, outcome(&res));
            tk_invoice_rec_clear(&res.rec);
        }
    }
    ui_invdraft_close_push(inv);
    ui_invdraft_reload(u, inv);
}

static void invsend_key(ui *u, void *st, ui_action a, int code)
{
    ui_invdraft *inv = st;
    (void)code;
    if (a == UI_ACT_INV_YES) {
        send(u, inv);
    } else if (a == UI_ACT_CLOSE || a == UI_ACT_INV_NO) {
        ui_invdraft_close_push(inv);
        ui_pop(u);
        ui_invdraft_set_result(inv, false, xasprintf("nothing was sent"));
    }
}

/* The state is the preview's (it prepared the push): nothing of its own to free. */
const ui_screen ui_invsend_screen = { UI_SC_BIT_INVSEND, invsend_draw, invsend_key, NULL };
