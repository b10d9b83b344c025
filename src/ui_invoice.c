/* ui_invdraft.c — the invoice preview of the selected row's client: its lines and why each costs
 * what it does, lines left out and new descriptions, grouping and range; the screens over it
 * (ui_invline.c, ui_invedit.c, ui_invsend.c) show a line's entries, edit, and send to Zoho.
 * The numbers come from app_invoice_draft and the sending from app_invoice_prepare, as tock
 * invoice preview and push use them. */
#include "ui_invdraft.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "money.h"
#include "text.h"
#include "app_sprint.h"
#include "app_invoice.h"
#include "app_zoho.h"
#include "app_submit.h"
#include "week_grid.h"
#include "invoice.h"

static const char *const range_names[UI_INV_RANGES] = { "this month", "last month",
                                                         "current sprint", "last sprint" };

void ui_invoice_open(ui *u)
{
    week_row *row = ui_row(u);
    tk_err err = { "" };
    app_range r;
    ui_invdraft *inv = xcalloc(1, sizeof *inv);
    int rc = row ? app_client_get(u->app, row->client_id, &inv->client, &err) : -1;
    if (rc <= 0) {
        if (rc == 0)
            ui_msg(u, "no client behind this row");
        else
            ui_fail(u, &err);
        ui_invdraft_free(inv);
        return;
    }
    if (inv_grouping_parse(u->app->cfg.group_by, &inv->grouping))
        inv->grouping = INV_BY_PROJECT_TIER;
    inv->range_kind = UI_INV_MONTH;
    inv->date = u->today;
    if (app_payment_terms(u->app, inv->client.id, &inv->terms, &err))
        inv->terms = u->app->cfg.zoho.payment_terms;
    if (ui_invdraft_resolve(u, inv, UI_INV_MONTH, &r, &err)) {
        ui_fail(u, &err);
        ui_invdraft_free(inv);
        return;
    }
    if (ui_invdraft_load(u, inv, &r) == 0)
        ui_push(u, &ui_invoice_screen, inv);
    else
        ui_invdraft_free(inv);
}

/* ---- drawing ---- */

/* The widths of the number columns, from what they hold this frame. */
typedef struct cols {
    int qw, rw, aw, cw;     /* hours, rate, amount, currency */
    int desc;               /* the description: what is left */
} cols;

static int widest(int w, const char *s)
{
    int t = text_width(s);
    return t > w ? t : w;
}

static cols measure(const ui_invdraft *s, int iw)
{
    const tk_invoice *inv = &s->full.inv;
    char q[INV_QTY_BUF], r[32], m[32];
    cols c = { text_width("Hours"), text_width("Rate"), text_width("Amount"),
               text_width(s->full.client.currency), 0 };
    for (size_t i = 0; i < inv->nlines; i++) {
        c.qw = widest(c.qw, inv_format_quantity(inv->lines[i].quantity_centi, q));
        c.rw = widest(c.rw, money_format(inv->lines[i].rate_minor, ui_invdraft_exponent(s), r));
        c.aw = widest(c.aw, money_format(inv->lines[i].amount_minor, ui_invdraft_exponent(s), m));
    }
    c.aw = widest(c.aw, money_format(s->sent.inv.total_minor, ui_invdraft_exponent(s), m));
    c.desc = iw - 4 - (1 + c.qw + 2 + c.rw + 2 + c.aw + 1 + c.cw);
    if (c.desc < 1)
        c.desc = 1;
    return c;
}

/* "[x] description  hours  rate  amount" in the measured columns. */
static void add_row(strbuf *sb, const cols *c, const char *mark, const char *desc, const char *q,
                    const char *r, const char *m, const char *currency)
{
    sb_add(sb, mark);
    text_fit(sb, desc, c->desc, 1, 0);
    sb_addc(sb, ' ');
    text_fit(sb, q, c->qw, 1, 1);
    sb_add(sb, "  ");
    text_fit(sb, r, c->rw, 1, 1);
    sb_add(sb, "  ");
    text_fit(sb, m, c->aw, 1, 1);
    sb_addc(sb, ' ');
    sb_add(sb, currency);
}

static void draw_line(const ui_invdraft *inv, const cols *c, size_t i, int y, int x, int w)
{
    const tk_inv_line *l = &inv->full.inv.lines[i];
    char q[INV_QTY_BUF], r[32], m[32];
    int e = ui_invdraft_exponent(inv);
    strbuf sb = { 0 };
    add_row(&sb, c, inv->left_out[i] ? "[ ] " : "[x] ", ui_invdraft_line_desc(inv, i),
            inv_format_quantity(l->quantity_centi, q), money_format(l->rate_minor, e, r),
            money_format(l->amount_minor, e, m), "");
    ui_role role = (int)i == inv->sel ? UI_ROLE_CURSOR
                 : inv->left_out[i] ? UI_ROLE_CELL_EMPTY : UI_ROLE_BOX;
    ui_put(y, x, w, role, sb_str(&sb), 0);
    sb_free(&sb);
}

static void draw_total(const ui_invdraft *inv, const cols *c, int y, int x, int w)
{
    char m[32];
    size_t out = 0;
    for (size_t i = 0; i < inv->full.inv.nlines; i++)
        out += inv->left_out[i];
    strbuf sb = { 0 }, desc = { 0 };
    const tk_invoice *sent = &inv->sent.inv;
    int exp = ui_invdraft_exponent(inv);
    bool taxed = false;
    for (size_t i = 0; i < sent->nlines; i++)
        taxed = taxed || sent->lines[i].tax > 0;
    sb_add(&desc, out ? "Total (without the lines left out)" : "Total");
    if (taxed) {   /* net in the column; the tax and the gross, as Zoho computes them */
        char t[32], g[32];
        sb_addf(&desc, "; tax %s, gross %s", money_format(sent->tax_minor, exp, t),
                money_format(sent->gross_minor, exp, g));
    }
    add_row(&sb, c, "    ", sb_str(&desc), "", "", money_format(sent->total_minor, exp, m),
            inv->full.client.currency);
    ui_put(y, x, w, UI_ROLE_TOTALS, sb_str(&sb), 0);
    sb_free(&desc);
    sb_free(&sb);
}

/* Why the selected line costs what it does: a title, then (its whole description when the list
 * cuts it, and) the explanation over `lines` lines. */
static void draw_detail(const ui_invdraft *inv, const cols *c, int y, int x, int w, int lines)
{
    const app_draft *d = &inv->full;
    if (!d->inv.nlines)
        return;
    const tk_inv_line *l = &d->inv.lines[inv->sel];
    const app_line_note *n = &d->notes[inv->sel];
    char a[DAY_BUF], b[DAY_BUF];
    strbuf sb = { 0 };
    sb_addf(&sb, "Line %d of %zu · %s", inv->sel + 1, d->inv.nlines, inv_line_kind_name(l->kind));
    if (l->first_day)
        sb_addf(&sb, " · %s to %s", day_format(l->first_day, a), day_format(l->last_day, b));
    sb_addf(&sb, " · %zu entr%s%s", l->nids, l->nids == 1 ? "y" : "ies",
            l->nids ? " (Enter lists them)" : "");
    ui_put(y, x, w, UI_ROLE_BOX_TITLE, sb_str(&sb), 0);
    sb_reset(&sb);
    const char *desc = ui_invdraft_line_desc(inv, (size_t)inv->sel);
    if (text_width(desc) > c->desc)
        sb_addf(&sb, "%s · ", desc);
    sb_add(&sb, n->explain ? n->explain : "");
    ui_put_wrapped(y + 1, x, w, lines, UI_ROLE_BOX, sb_str(&sb));
    sb_free(&sb);
}

/* The column titles; when the lines scroll, which of them show, with arrows that say where
 * the others are. */
static void draw_titles(const ui_invdraft *inv, const cols *c, int y, int x, int w, int room)
{
    int n = (int)inv->full.inv.nlines;
    strbuf title = { 0 }, sb = { 0 };
    sb_add(&title, "Description");
    if (n > room)
        sb_addf(&title, "  %s%s %d–%d of %d", inv->top > 0 ? "↑" : "",
                inv->top + room < n ? "↓" : "", inv->top + 1, inv->top + room, n);
    add_row(&sb, c, "    ", sb_str(&title), "Hours", "Rate", "Amount", "");
    ui_put(y, x, w, UI_ROLE_COLUMNS, sb_str(&sb), 0);
    sb_free(&title);
    sb_free(&sb);
}

/* Lines of the result that fit (three at most). */
static int result_lines(const ui_invdraft *inv, int iw)
{
    if (!inv->result || !*inv->result)
        return 0;
    int need = (text_width(inv->result) + iw - 1) / iw;
    return need > 3 ? 3 : need;
}

/* The whole screen but the status line and a key bar of its own: the grid's keys do not work
 * here, so its key bar does not show. */
static void invoice_draw(ui *u, void *st)
{
    ui_invdraft *inv = st;
    char a[DAY_BUF], b[DAY_BUF], dt[DAY_BUF];
    const app_draft *d = &inv->full;
    int y = 0, x = 0, h = u->lay.status_y, w = u->lay.cols;
    char *title = xasprintf("Invoice · %s · %s (%s to %s) · by %s", d->client.name, d->range.label,
                            day_format(d->range.from, a), day_format(d->range.to, b),
                            inv_grouping_name(d->grouping));
    ui_box(y, x, h, w, title);
    free(title);
    int iw = w - 4, ix = x + 2, n = (int)d->inv.nlines;
    cols c = measure(inv, iw);
    /* Inside the frame: titles, lines, total, the detail (a title and explain lines), the
     * date line and the result; the lines get what is left, at least one. */
    int res = result_lines(inv, iw), inside = h - 2;
    int explain = inside - 6 - res >= 6 ? 3 : 2;
    int room = inside - 4 - explain - res;
    if (room < 1)
        room = 1;
    if (inv->sel < inv->top)
        inv->top = inv->sel;
    if (inv->sel >= inv->top + room)
        inv->top = inv->sel - room + 1;
    draw_titles(inv, &c, y + 1, ix, iw, room);
    if (!n)
        ui_put(y + 2, ix, iw, UI_ROLE_CELL_EMPTY, "nothing to invoice in this range (r changes it)", 0);
    for (int i = inv->top; i < n && i < inv->top + room; i++)
        draw_line(inv, &c, (size_t)i, y + 2 + i - inv->top, ix, iw);
    int below = y + 2 + (n < room ? (n ? n : 1) : room);
    draw_total(inv, &c, below, ix, iw);
    int bottom = y + h - 1;                  /* the frame's last line */
    int at = bottom - res - 1 - (1 + explain);
    if (at <= below)
        at = below + 1;
    draw_detail(inv, &c, at, ix, iw, explain);
    char tt[48];
    char *info = xasprintf("Date %s · %s · reference %s · %s",
                           day_format(inv->date, dt), ui_invdraft_terms_text(inv->terms, tt),
                           inv->sent.reference, range_names[inv->range_kind]);
    ui_put(at + 1 + explain, ix, iw, UI_ROLE_CELL_EMPTY, info, 0);
    free(info);
    if (res)
        ui_put_wrapped(at + 2 + explain, ix, iw, res,
                    inv->result_error ? UI_ROLE_STATUS_ERROR : UI_ROLE_STATUS_INFO, inv->result);
    ui_fill(u->lay.status_y, 0, u->lay.cols, UI_ROLE_NORMAL);
    if (*u->msg)
        ui_put(u->lay.status_y, 0, u->lay.cols, u->msg_error ? UI_ROLE_STATUS_ERROR
                                                             : UI_ROLE_STATUS_INFO, u->msg, 0);
    /* The keys that matter most first: sending and leaving; ? lists every key. */
    static const ui_action keys[] = { UI_ACT_INV_SUBMIT, UI_ACT_CLOSE, UI_ACT_INV_TOGGLE,
                                      UI_ACT_INV_DESC, UI_ACT_INV_GROUP, UI_ACT_INV_RANGE,
                                      UI_ACT_INV_TERMS, UI_ACT_INV_ENTRIES, UI_ACT_HELP };
    ui_draw_keybar(u, UI_SC_BIT_INVOICE, keys, TK_ARRAY_LEN(keys));
}

/* ---- keys ---- */

static void move_sel(ui_invdraft *inv, int by)
{
    int n = (int)inv->full.inv.nlines;
    inv->sel += by;
    if (inv->sel >= n)
        inv->sel = n - 1;
    if (inv->sel < 0)
        inv->sel = 0;
}

static void toggle(ui *u, ui_invdraft *inv)
{
    if (!inv->full.inv.nlines)
        return;
    if (inv->full.inv.lines[inv->sel].kind == INV_LINE_FIXED) {
        ui_msg(u, "a milestone goes on the client's next invoice whole; it cannot be left out");
        u->msg_error = true;
        return;
    }
    if (inv->full.inv.lines[inv->sel].kind != INV_LINE_HOURS) {
        /* Leaving out a fee changes nothing sent; leaving out included or overage time moves
         * the other lines: the screen would no longer add up. */
        ui_msg(u, "a retainer's lines are computed together and cannot be left out one by one");
        u->msg_error = true;
        return;
    }
    bool *out = &inv->left_out[inv->sel];
    *out = !*out;
    ui_invdraft_rebuild(u, inv);
    ui_msg(u, "%s %s", *out ? "left out" : "put back", ui_invdraft_line_desc(inv, (size_t)inv->sel));
}

static void next_grouping(ui *u, ui_invdraft *inv)
{
    inv->grouping = (inv_grouping)((inv->grouping + 1) % (INV_BY_TICKET + 1));
    ui_invdraft_reload(u, inv);
    ui_msg(u, "grouped by %s", inv_grouping_name(inv->grouping));
}

/* The next range that exists for this client (a sprint needs one). */
static void next_range(ui *u, ui_invdraft *inv)
{
    tk_err err = { "" };
    app_range r;
    for (int k = 1; k < UI_INV_RANGES; k++) {
        int kind = (inv->range_kind + k) % UI_INV_RANGES;
        if (ui_invdraft_resolve(u, inv, kind, &r, &err) == 0) {
            inv->range_kind = kind;
            ui_invdraft_load(u, inv, &r);
            ui_msg(u, "%s: %s", range_names[kind], r.label);
            return;
        }
    }
}

/* Checks with Zoho (credentials, the customer) and asks before anything is recorded. */
static void submit(ui *u, ui_invdraft *inv)
{
    tk_err err = { "" };
    if (!ui_invdraft_sendable(&inv->sent.inv)) {
        ui_msg(u, "nothing to send: every line is left out or empty");
        u->msg_error = true;
        return;
    }
    ui_invdraft_close_push(inv);
    ui_busy(u, "Talking to Zoho…");
    app_draft_edits ed = ui_invdraft_edits(inv);
    int rc = app_zoho_open(u->app, false, &inv->z, &err);
    if (rc == 0)
        rc = app_invoice_prepare_edited(u->app, &inv->z, &inv->client, &inv->full.range,
                                        inv->grouping, inv->date, &ed, &inv->push, &err);
    inv->prepared = true;
    if (rc) {
        ui_invdraft_close_push(inv);
        ui_invdraft_set_result(inv, true, xasprintf("not sent: %s", err.msg));
        return;
    }
    inv->push.payment_terms = inv->terms;
    ui_invdraft_set_result(inv, false, NULL);
    ui_invsend_open(u, inv);
}

static void invoice_key(ui *u, void *st, ui_action a, int code)
{
    ui_invdraft *inv = st;
    (void)code;
    switch (a) {
    case UI_ACT_UP: move_sel(inv, -1); break;
    case UI_ACT_DOWN: move_sel(inv, 1); break;
    case UI_ACT_PAGE_UP: move_sel(inv, -10); break;
    case UI_ACT_PAGE_DOWN: move_sel(inv, 10); break;
    case UI_ACT_INV_TOGGLE: toggle(u, inv); break;
    case UI_ACT_INV_DESC: ui_invedit_open(u, inv, true); break;
    case UI_ACT_INV_TERMS: ui_invedit_open(u, inv, false); break;
    case UI_ACT_INV_GROUP: next_grouping(u, inv); break;
    case UI_ACT_INV_RANGE: next_range(u, inv); break;
    case UI_ACT_INV_ENTRIES:
        if (inv->full.inv.nlines && !inv->full.inv.lines[inv->sel].nids) {
            ui_msg(u, "no entries behind this line (%s)",
                   inv_line_kind_name(inv->full.inv.lines[inv->sel].kind));
        } else if (inv->full.inv.nlines) {
            ui_invline_open(u, inv);
        }
        break;
    case UI_ACT_INV_SUBMIT: submit(u, inv); break;
    case UI_ACT_MARGIN:
        ui_margin_show(u, inv->client.key, inv->full.range.from, inv->full.range.to);
        break;
    case UI_ACT_HELP: ui_help_open(u); break;
    case UI_ACT_CLOSE: ui_pop(u); ui_reload(u); break;
    default: break;
    }
}

static void invoice_free(void *st)
{
    ui_invdraft_free(st);
}

const ui_screen ui_invoice_screen = { UI_SC_BIT_INVOICE, invoice_draw, invoice_key, invoice_free };

