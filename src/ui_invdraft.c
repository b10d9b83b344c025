/* ui_invdraft.c — the invoice preview's model: a client's draft for a range and grouping, the
 * lines left out and the new descriptions, what would be sent, and a push being prepared. No
 * curses: the preview (ui_invoice.c) and the screens over it draw it and change it. */
#include "ui_invdraft.h"

#include <stdio.h>
#include <stdlib.h>

#include "money.h"
#include "app_sprint.h"
#include "app_invoice.h"
#include "app_zoho.h"
#include "app_submit.h"
#include "invoice.h"

const char *ui_invdraft_terms_text(long terms, char *buf)
{
    if (terms < 0)
        snprintf(buf, 48, "the contact's payment terms");
    else
        snprintf(buf, 48, "payment terms %ld days", terms);
    return buf;
}

static void free_lines(ui_invdraft *inv)
{
    for (size_t i = 0; inv->desc && i < inv->full.inv.nlines; i++)
        free(inv->desc[i]);
    free(inv->desc);
    free(inv->left_out);
    inv->desc = NULL;
    inv->left_out = NULL;
}

void ui_invdraft_close_push(ui_invdraft *inv)
{
    if (!inv->prepared)
        return;
    app_push_clear(&inv->push);
    app_zoho_close(&inv->z);
    inv->prepared = false;
}

void ui_invdraft_free(ui_invdraft *inv)
{
    ui_invdraft_close_push(inv);
    free_lines(inv);
    app_draft_clear(&inv->full);
    app_draft_clear(&inv->sent);
    tk_client_clear(&inv->client);
    free(inv->skip);
    free(inv->from);
    free(inv->to);
    free(inv->result);
    free(inv);
}

/* The edits (entries of left-out lines, new descriptions) in arrays inv owns; they stay
 * valid until the next call. */
app_draft_edits ui_invdraft_edits(ui_invdraft *inv)
{
    const tk_invoice *f = &inv->full.inv;
    size_t nskip = 0, ndesc = 0;
    for (size_t i = 0; i < f->nlines; i++) {
        nskip += inv->left_out[i] ? f->lines[i].nids : 0;
        ndesc += inv->desc[i] != NULL;
    }
    free(inv->skip);
    free(inv->from);
    free(inv->to);
    inv->skip = xcalloc(nskip + 1, sizeof *inv->skip);
    inv->from = xcalloc(ndesc + 1, sizeof *inv->from);
    inv->to = xcalloc(ndesc + 1, sizeof *inv->to);
    nskip = ndesc = 0;
    for (size_t i = 0; i < f->nlines; i++) {
        for (size_t j = 0; inv->left_out[i] && j < f->lines[i].nids; j++)
            inv->skip[nskip++] = f->lines[i].entry_ids[j];
        if (inv->desc[i]) {
            inv->from[ndesc] = f->lines[i].description;
            inv->to[ndesc++] = inv->desc[i];
        }
    }
    return (app_draft_edits){ inv->skip, nskip, inv->from, inv->to, ndesc };
}

void ui_invdraft_rebuild(ui *u, ui_invdraft *inv)
{
    tk_err err = { "" };
    app_draft_edits ed = ui_invdraft_edits(inv);
    app_draft_clear(&inv->sent);
    if (app_invoice_draft_edited(u->app, &inv->client, &inv->full.range, inv->grouping, 0,
                                 &ed, &inv->sent, &err))
        ui_fail(u, &err);
}

int ui_invdraft_resolve(ui *u, ui_invdraft *inv, int kind, app_range *r, tk_err *err)
{
    int y, m, d;
    char period[32];
    day_to_ymd(u->today, &y, &m, &d);
    if (kind == UI_INV_LAST_MONTH && --m == 0)
        m = 12, y--;
    snprintf(period, sizeof period, "%04d-%02d", y, m);
    if (kind == UI_INV_SPRINT || kind == UI_INV_LAST_SPRINT)
        return app_range_resolve(u->app, &inv->client, NULL, NULL, NULL,
                                 kind == UI_INV_SPRINT ? "current" : "last", r, err);
    return app_range_resolve(u->app, &inv->client, period, NULL, NULL, NULL, r, err);
}

int ui_invdraft_load(ui *u, ui_invdraft *inv, const app_range *r)
{
    tk_err err = { "" };
    free_lines(inv);
    app_draft_clear(&inv->full);
    if (app_invoice_draft(u->app, &inv->client, r, inv->grouping, 0, &inv->full, &err)) {
        ui_fail(u, &err);
        return -1;
    }
    size_t n = inv->full.inv.nlines;
    inv->left_out = xcalloc(n + 1, sizeof *inv->left_out);
    inv->desc = xcalloc(n + 1, sizeof *inv->desc);
    inv->sel = inv->top = 0;
    ui_invdraft_rebuild(u, inv);
    return 0;
}

void ui_invdraft_reload(ui *u, ui_invdraft *inv)
{
    app_range r = inv->full.range;
    ui_invdraft_load(u, inv, &r);
}

int ui_invdraft_exponent(const ui_invdraft *inv)
{
    return currency_exponent(inv->full.client.currency);
}

const char *ui_invdraft_line_desc(const ui_invdraft *inv, size_t i)
{
    return inv->desc[i] ? inv->desc[i] : inv->full.inv.lines[i].description;
}

size_t ui_invdraft_sendable(const tk_invoice *inv)
{
    size_t n = 0;
    for (size_t i = 0; i < inv->nlines; i++)
        n += inv->lines[i].quantity_centi > 0;
    return n;
}

void ui_invdraft_set_result(ui_invdraft *inv, bool error, char *text)
{
    free(inv->result);
    inv->result = text;
    inv->result_error = error;
}
