/* ui_invoice.c — the invoice preview of the selected row's client: its lines and why each costs
 * what it does, lines left out and new descriptions, grouping, range, date and terms, the
 * entries behind a line, and sending to Zoho. The numbers come from app_invoice_draft and the
 * sending from app_invoice_prepare/record/submit, as tock invoice preview and push use them. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "money.h"
#include "text.h"


/* "payment terms 30 days", or the contact's own when none is set (buf of 48 bytes). */
static const char *terms_text(long terms, char *buf)
{
    if (terms < 0)
        snprintf(buf, 48, "the contact's payment terms");
    else
        snprintf(buf, 48, "payment terms %ld days", terms);
    return buf;
}
static const char *const range_names[UI_INV_RANGES] = { "this month", "last month",
                                                         "current sprint", "last sprint" };

/* ---- the drafts ---- */

static void free_lines(ui *u)
{
    for (size_t i = 0; u->inv.desc && i < u->inv.full.inv.nlines; i++)
        free(u->inv.desc[i]);
    free(u->inv.desc);
    free(u->inv.left_out);
    u->inv.desc = NULL;
    u->inv.left_out = NULL;
}

static void close_push(ui *u)
{
    if (!u->inv.prepared)
        return;
    app_push_clear(&u->inv.push);
    app_zoho_close(&u->inv.z);
    u->inv.prepared = false;
}

void ui_invoice_free(ui *u)
{
    close_push(u);
    free_lines(u);
    app_draft_clear(&u->inv.full);
    app_draft_clear(&u->inv.sent);
    tk_client_clear(&u->inv.client);
    free(u->inv.skip);
    free(u->inv.from);
    free(u->inv.to);
    free(u->inv.result);
    for (size_t i = 0; i < TK_ARRAY_LEN(u->inv.field); i++)
        ui_line_free(&u->inv.field[i]);
    memset(&u->inv, 0, sizeof u->inv);
}

/* The edits (entries of left-out lines, new descriptions) in arrays u->inv owns; they stay
 * valid until the next call. */
static app_draft_edits edits_of(ui *u)
{
    const tk_invoice *f = &u->inv.full.inv;
    size_t nskip = 0, ndesc = 0;
    for (size_t i = 0; i < f->nlines; i++) {
        nskip += u->inv.left_out[i] ? f->lines[i].nids : 0;
        ndesc += u->inv.desc[i] != NULL;
    }
    free(u->inv.skip);
    free(u->inv.from);
    free(u->inv.to);
    u->inv.skip = xcalloc(nskip + 1, sizeof *u->inv.skip);
    u->inv.from = xcalloc(ndesc + 1, sizeof *u->inv.from);
    u->inv.to = xcalloc(ndesc + 1, sizeof *u->inv.to);
    nskip = ndesc = 0;
    for (size_t i = 0; i < f->nlines; i++) {
        for (size_t j = 0; u->inv.left_out[i] && j < f->lines[i].nids; j++)
            u->inv.skip[nskip++] = f->lines[i].entry_ids[j];
        if (u->inv.desc[i]) {
            u->inv.from[ndesc] = f->lines[i].description;
            u->inv.to[ndesc++] = u->inv.desc[i];
        }
    }
    return (app_draft_edits){ u->inv.skip, nskip, u->inv.from, u->inv.to, ndesc };
}

/* What would be sent, after a change to the edits. */
static void rebuild_sent(ui *u)
{
    tk_err err = { "" };
    app_draft_edits ed = edits_of(u);
    app_draft_clear(&u->inv.sent);
    if (app_invoice_draft_edited(u->app, &u->inv.client, &u->inv.full.range, u->inv.grouping, 0,
                                 &ed, &u->inv.sent, &err))
        ui_fail(u, &err);
}

static int resolve_range(ui *u, int kind, app_range *r, tk_err *err)
{
    int y, m, d;
    char period[32];
    day_to_ymd(u->today, &y, &m, &d);
    if (kind == UI_INV_LAST_MONTH && --m == 0)
        m = 12, y--;
    snprintf(period, sizeof period, "%04d-%02d", y, m);
    if (kind == UI_INV_SPRINT || kind == UI_INV_LAST_SPRINT)
        return app_range_resolve(u->app, &u->inv.client, NULL, NULL, NULL,
                                 kind == UI_INV_SPRINT ? "current" : "last", r, err);
    return app_range_resolve(u->app, &u->inv.client, period, NULL, NULL, NULL, r, err);
}

/* Builds the draft of the range and grouping afresh: nothing left out, no new descriptions. */
static int load(ui *u, const app_range *r)
{
    tk_err err = { "" };
    free_lines(u);
    app_draft_clear(&u->inv.full);
    if (app_invoice_draft(u->app, &u->inv.client, r, u->inv.grouping, 0, &u->inv.full, &err)) {
        ui_fail(u, &err);
        return -1;
    }
    size_t n = u->inv.full.inv.nlines;
    u->inv.left_out = xcalloc(n + 1, sizeof *u->inv.left_out);
    u->inv.desc = xcalloc(n + 1, sizeof *u->inv.desc);
    u->inv.sel = u->inv.top = 0;
    rebuild_sent(u);
    return 0;
}

static void reload(ui *u)
{
    app_range r = u->inv.full.range;
    load(u, &r);
}

void ui_invoice_open(ui *u)
{
    week_row *row = ui_row(u);
    tk_err err = { "" };
    app_range r;
    ui_invoice_free(u);
    int rc = row ? app_client_get(u->app, row->client_id, &u->inv.client, &err) : -1;
    if (rc <= 0) {
        if (rc == 0)
            ui_msg(u, "no client behind this row");
        else
            ui_fail(u, &err);
        return;
    }
    if (inv_grouping_parse(u->app->cfg.group_by, &u->inv.grouping))
        u->inv.grouping = INV_BY_PROJECT_TIER;
    u->inv.range_kind = UI_INV_MONTH;
    u->inv.date = u->today;
    if (app_payment_terms(u->app, u->inv.client.id, &u->inv.terms, &err))
        u->inv.terms = u->app->cfg.zoho.payment_terms;
    if (resolve_range(u, UI_INV_MONTH, &r, &err)) {
        ui_fail(u, &err);
        return;
    }
    if (load(u, &r) == 0)
        ui_push(u, &ui_invoice_screen);
}

/* ---- drawing ---- */

static int exponent(const ui *u)
{
    return currency_exponent(u->inv.full.client.currency);
}

static const char *line_desc(const ui *u, size_t i)
{
    return u->inv.desc[i] ? u->inv.desc[i] : u->inv.full.inv.lines[i].description;
}

static size_t sendable_lines(const tk_invoice *inv)
{
    size_t n = 0;
    for (size_t i = 0; i < inv->nlines; i++)
        n += inv->lines[i].quantity_centi > 0;
    return n;
}

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

static cols measure(ui *u, int iw)
{
    const tk_invoice *inv = &u->inv.full.inv;
    char q[INV_QTY_BUF], r[32], m[32];
    cols c = { text_width("Hours"), text_width("Rate"), text_width("Amount"),
               text_width(u->inv.full.client.currency), 0 };
    for (size_t i = 0; i < inv->nlines; i++) {
        c.qw = widest(c.qw, inv_format_quantity(inv->lines[i].quantity_centi, q));
        c.rw = widest(c.rw, money_format(inv->lines[i].rate_minor, exponent(u), r));
        c.aw = widest(c.aw, money_format(inv->lines[i].amount_minor, exponent(u), m));
    }
    c.aw = widest(c.aw, money_format(u->inv.sent.inv.total_minor, exponent(u), m));
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

static void draw_line(ui *u, const cols *c, size_t i, int y, int x, int w)
{
    const tk_inv_line *l = &u->inv.full.inv.lines[i];
    char q[INV_QTY_BUF], r[32], m[32];
    strbuf sb = { 0 };
    add_row(&sb, c, u->inv.left_out[i] ? "[ ] " : "[x] ", line_desc(u, i),
            inv_format_quantity(l->quantity_centi, q), money_format(l->rate_minor, exponent(u), r),
            money_format(l->amount_minor, exponent(u), m), "");
    ui_role role = (int)i == u->inv.sel ? UI_ROLE_CURSOR
                 : u->inv.left_out[i] ? UI_ROLE_CELL_EMPTY : UI_ROLE_BOX;
    ui_put(y, x, w, role, sb_str(&sb), 0);
    sb_free(&sb);
}

static void draw_total(ui *u, const cols *c, int y, int x, int w)
{
    char m[32];
    size_t out = 0;
    for (size_t i = 0; i < u->inv.full.inv.nlines; i++)
        out += u->inv.left_out[i];
    strbuf sb = { 0 };
    add_row(&sb, c, "    ", out ? "Total (without the lines left out)" : "Total", "", "",
            money_format(u->inv.sent.inv.total_minor, exponent(u), m), u->inv.full.client.currency);
    ui_put(y, x, w, UI_ROLE_TOTALS, sb_str(&sb), 0);
    sb_free(&sb);
}

/* Why the selected line costs what it does: a title, then (its whole description when the list
 * cuts it, and) the explanation over `lines` lines. */
static void draw_detail(ui *u, const cols *c, int y, int x, int w, int lines)
{
    const app_draft *d = &u->inv.full;
    if (!d->inv.nlines)
        return;
    const tk_inv_line *l = &d->inv.lines[u->inv.sel];
    const app_line_note *n = &d->notes[u->inv.sel];
    char a[DAY_BUF], b[DAY_BUF];
    strbuf sb = { 0 };
    sb_addf(&sb, "Line %d of %zu · %s", u->inv.sel + 1, d->inv.nlines, inv_line_kind_name(l->kind));
    if (l->first_day)
        sb_addf(&sb, " · %s to %s", day_format(l->first_day, a), day_format(l->last_day, b));
    sb_addf(&sb, " · %zu entr%s%s", l->nids, l->nids == 1 ? "y" : "ies",
            l->nids ? " (Enter lists them)" : "");
    ui_put(y, x, w, UI_ROLE_BOX_TITLE, sb_str(&sb), 0);
    sb_reset(&sb);
    const char *desc = line_desc(u, (size_t)u->inv.sel);
    if (text_width(desc) > c->desc)
        sb_addf(&sb, "%s · ", desc);
    sb_add(&sb, n->explain ? n->explain : "");
    ui_put_wrapped(y + 1, x, w, lines, UI_ROLE_BOX, sb_str(&sb));
    sb_free(&sb);
}

/* The column titles; when the lines scroll, which of them show, with arrows that say where
 * the others are. */
static void draw_titles(ui *u, const cols *c, int y, int x, int w, int room)
{
    int n = (int)u->inv.full.inv.nlines;
    strbuf title = { 0 }, sb = { 0 };
    sb_add(&title, "Description");
    if (n > room)
        sb_addf(&title, "  %s%s %d–%d of %d", u->inv.top > 0 ? "↑" : "",
                u->inv.top + room < n ? "↓" : "", u->inv.top + 1, u->inv.top + room, n);
    add_row(&sb, c, "    ", sb_str(&title), "Hours", "Rate", "Amount", "");
    ui_put(y, x, w, UI_ROLE_COLUMNS, sb_str(&sb), 0);
    sb_free(&title);
    sb_free(&sb);
}

/* Lines of the result that fit (three at most). */
static int result_lines(const ui *u, int iw)
{
    if (!u->inv.result || !*u->inv.result)
        return 0;
    int need = (text_width(u->inv.result) + iw - 1) / iw;
    return need > 3 ? 3 : need;
}

/* The whole screen but the status line and a key bar of its own: the grid's keys do not work
 * here, so its key bar does not show. */
static void invoice_draw(ui *u)
{
    char a[DAY_BUF], b[DAY_BUF], dt[DAY_BUF];
    const app_draft *d = &u->inv.full;
    int y = 0, x = 0, h = u->lay.status_y, w = u->lay.cols;
    char *title = xasprintf("Invoice · %s · %s (%s to %s) · by %s", d->client.name, d->range.label,
                            day_format(d->range.from, a), day_format(d->range.to, b),
                            inv_grouping_name(d->grouping));
    ui_box(y, x, h, w, title);
    free(title);
    int iw = w - 4, ix = x + 2, n = (int)d->inv.nlines;
    cols c = measure(u, iw);
    /* Inside the frame: titles, lines, total, the detail (a title and explain lines), the
     * date line and the result; the lines get what is left, at least one. */
    int res = result_lines(u, iw), inside = h - 2;
    int explain = inside - 6 - res >= 6 ? 3 : 2;
    int room = inside - 4 - explain - res;
    if (room < 1)
        room = 1;
    if (u->inv.sel < u->inv.top)
        u->inv.top = u->inv.sel;
    if (u->inv.sel >= u->inv.top + room)
        u->inv.top = u->inv.sel - room + 1;
    draw_titles(u, &c, y + 1, ix, iw, room);
    if (!n)
        ui_put(y + 2, ix, iw, UI_ROLE_CELL_EMPTY, "nothing to invoice in this range (r changes it)", 0);
    for (int i = u->inv.top; i < n && i < u->inv.top + room; i++)
        draw_line(u, &c, (size_t)i, y + 2 + i - u->inv.top, ix, iw);
    int below = y + 2 + (n < room ? (n ? n : 1) : room);
    draw_total(u, &c, below, ix, iw);
    int bottom = y + h - 1;                  /* the frame's last line */
    int at = bottom - res - 1 - (1 + explain);
    if (at <= below)
        at = below + 1;
    draw_detail(u, &c, at, ix, iw, explain);
    char tt[48];
    char *info = xasprintf("Date %s · %s · reference %s · %s",
                           day_format(u->inv.date, dt), terms_text(u->inv.terms, tt),
                           u->inv.sent.reference, range_names[u->inv.range_kind]);
    ui_put(at + 1 + explain, ix, iw, UI_ROLE_CELL_EMPTY, info, 0);
    free(info);
    if (res)
        ui_put_wrapped(at + 2 + explain, ix, iw, res,
                    u->inv.result_error ? UI_ROLE_STATUS_ERROR : UI_ROLE_STATUS_INFO, u->inv.result);
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

static void move_sel(ui *u, int by)
{
    int n = (int)u->inv.full.inv.nlines;
    u->inv.sel += by;
    if (u->inv.sel >= n)
        u->inv.sel = n - 1;
    if (u->inv.sel < 0)
        u->inv.sel = 0;
}

static void toggle(ui *u)
{
    if (!u->inv.full.inv.nlines)
        return;
    if (u->inv.full.inv.lines[u->inv.sel].kind == INV_LINE_FIXED) {
        ui_msg(u, "a milestone goes on the client's next invoice whole; it cannot be left out");
        u->msg_error = true;
        return;
    }
    if (u->inv.full.inv.lines[u->inv.sel].kind != INV_LINE_HOURS) {
        /* Leaving out a fee changes nothing sent; leaving out included or overage time moves
         * the other lines: the screen would no longer add up. */
        ui_msg(u, "a retainer's lines are computed together and cannot be left out one by one");
        u->msg_error = true;
        return;
    }
    bool *out = &u->inv.left_out[u->inv.sel];
    *out = !*out;
    rebuild_sent(u);
    ui_msg(u, "%s %s", *out ? "left out" : "put back", line_desc(u, (size_t)u->inv.sel));
}

static void next_grouping(ui *u)
{
    u->inv.grouping = (inv_grouping)((u->inv.grouping + 1) % (INV_BY_TICKET + 1));
    reload(u);
    ui_msg(u, "grouped by %s", inv_grouping_name(u->inv.grouping));
}

/* The next range that exists for this client (a sprint needs one). */
static void next_range(ui *u)
{
    tk_err err = { "" };
    app_range r;
    for (int k = 1; k < UI_INV_RANGES; k++) {
        int kind = (u->inv.range_kind + k) % UI_INV_RANGES;
        if (resolve_range(u, kind, &r, &err) == 0) {
            u->inv.range_kind = kind;
            load(u, &r);
            ui_msg(u, "%s: %s", range_names[kind], r.label);
            return;
        }
    }
}

static void open_form(ui *u, bool desc)
{
    char d[DAY_BUF], t[32];
    if (desc && !u->inv.full.inv.nlines)
        return;
    u->inv.editing_desc = desc;
    u->inv.nfields = desc ? 1 : 2;
    u->inv.focus = 0;
    if (desc) {
        ui_line_set(&u->inv.field[0], line_desc(u, (size_t)u->inv.sel));
    } else {
        if (u->inv.terms >= 0)
            snprintf(t, sizeof t, "%ld", u->inv.terms);
        else
            t[0] = '\0';
        ui_line_set(&u->inv.field[0], day_format(u->inv.date, d));
        ui_line_set(&u->inv.field[1], t);
    }
    ui_push(u, &ui_invedit_screen);
}

static void set_result(ui *u, bool error, char *text)
{
    free(u->inv.result);
    u->inv.result = text;
    u->inv.result_error = error;
}

/* Checks with Zoho (credentials, the customer) and asks before anything is recorded. */
static void submit(ui *u)
{
    tk_err err = { "" };
    if (!sendable_lines(&u->inv.sent.inv)) {
        ui_msg(u, "nothing to send: every line is left out or empty");
        u->msg_error = true;
        return;
    }
    close_push(u);
    ui_busy(u, "Talking to Zoho…");
    app_draft_edits ed = edits_of(u);
    int rc = app_zoho_open(u->app, false, &u->inv.z, &err);
    if (rc == 0)
        rc = app_invoice_prepare_edited(u->app, &u->inv.z, &u->inv.client, &u->inv.full.range,
                                        u->inv.grouping, u->inv.date, &ed, &u->inv.push, &err);
    u->inv.prepared = true;
    if (rc) {
        close_push(u);
        set_result(u, true, xasprintf("not sent: %s", err.msg));
        return;
    }
    u->inv.push.payment_terms = u->inv.terms;
    set_result(u, false, NULL);
    ui_push(u, &ui_invsend_screen);
}

static void invoice_key(ui *u, ui_action a, int code)
{
    (void)code;
    switch (a) {
    case UI_ACT_UP: move_sel(u, -1); break;
    case UI_ACT_DOWN: move_sel(u, 1); break;
    case UI_ACT_PAGE_UP: move_sel(u, -10); break;
    case UI_ACT_PAGE_DOWN: move_sel(u, 10); break;
    case UI_ACT_INV_TOGGLE: toggle(u); break;
    case UI_ACT_INV_DESC: open_form(u, true); break;
    case UI_ACT_INV_TERMS: open_form(u, false); break;
    case UI_ACT_INV_GROUP: next_grouping(u); break;
    case UI_ACT_INV_RANGE: next_range(u); break;
    case UI_ACT_INV_ENTRIES:
        if (u->inv.full.inv.nlines && !u->inv.full.inv.lines[u->inv.sel].nids) {
            ui_msg(u, "no entries behind this line (%s)",
                   inv_line_kind_name(u->inv.full.inv.lines[u->inv.sel].kind));
        } else if (u->inv.full.inv.nlines) {
            u->inv.ent_sel = u->inv.ent_top = 0;
            ui_push(u, &ui_invline_screen);
        }
        break;
    case UI_ACT_INV_SUBMIT: submit(u); break;
    case UI_ACT_MARGIN:
        ui_margin_show(u, u->inv.client.key, u->inv.full.range.from, u->inv.full.range.to);
        break;
    case UI_ACT_HELP: ui_help_open(u); break;
    case UI_ACT_CLOSE: ui_pop(u); ui_reload(u); break;
    default: break;
    }
}

const ui_screen ui_invoice_screen = { UI_SC_BIT_INVOICE, invoice_draw, invoice_key };

/* ---- the entries behind a line ---- */

static bool on_line(const tk_inv_line *l, int64_t id)
{
    for (size_t i = 0; i < l->nids; i++)
        if (l->entry_ids[i] == id)
            return true;
    return false;
}

static void invline_draw(ui *u)
{
    const app_draft *d = &u->inv.full;
    const tk_inv_line *l = &d->inv.lines[u->inv.sel];
    int y, x, h, w;
    ui_box_centre(u, (int)l->nids + 5, 90, &y, &x, &h, &w);
    ui_box(y, x, h, w, line_desc(u, (size_t)u->inv.sel));
    int rows = h - 4, row = 0;
    if (u->inv.ent_sel >= (int)l->nids)
        u->inv.ent_sel = l->nids ? (int)l->nids - 1 : 0;
    if (u->inv.ent_sel < u->inv.ent_top)
        u->inv.ent_top = u->inv.ent_sel;
    if (u->inv.ent_sel >= u->inv.ent_top + rows)
        u->inv.ent_top = u->inv.ent_sel - rows + 1;
    for (size_t i = 0, k = 0; i < d->nentries; i++) {
        const tk_entry *e = &d->entries[i];
        if (!on_line(l, e->id))
            continue;
        int idx = (int)k++;
        if (idx < u->inv.ent_top || row >= rows)
            continue;
        char day[DAY_BUF], s[DAY_TIME_BUF], t[DAY_TIME_BUF], dur[32], bill[32];
        strbuf sb = { 0 };
        sb_addf(&sb, "%s %s  ", day_format(e->day, day), ui_weekday(e->day));
        if (e->has_range)
            sb_addf(&sb, "%s-%s", local_format_hm(e->start, s), local_format_hm(e->end, t));
        else
            sb_add(&sb, " (total)   ");
        sb_addf(&sb, " %6s  billed %6s  ", dur_format_hmm(e->seconds, dur),
                dur_format_hmm(d->items[i].bill.billed_seconds, bill));
        text_fit(&sb, e->note ? e->note : "", w - 4 - text_width(sb_str(&sb)), 1, 0);
        ui_put(y + 1 + row++, x + 2, w - 4, idx == u->inv.ent_sel ? UI_ROLE_CURSOR : UI_ROLE_BOX,
               sb_str(&sb), 0);
        sb_free(&sb);
    }
    static const ui_action hints[] = { UI_ACT_DOWN, UI_ACT_UP, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_INVLINE, hints, TK_ARRAY_LEN(hints));
}

static void invline_key(ui *u, ui_action a, int code)
{
    (void)code;
    int n = (int)u->inv.full.inv.lines[u->inv.sel].nids;
    switch (a) {
    case UI_ACT_UP: case UI_ACT_PAGE_UP: case UI_ACT_FIRST:
        u->inv.ent_sel -= a == UI_ACT_UP ? 1 : a == UI_ACT_PAGE_UP ? 10 : n;
        if (u->inv.ent_sel < 0)
            u->inv.ent_sel = 0;
        break;
    case UI_ACT_DOWN: case UI_ACT_PAGE_DOWN: case UI_ACT_LAST:
        u->inv.ent_sel += a == UI_ACT_DOWN ? 1 : a == UI_ACT_PAGE_DOWN ? 10 : n;
        break;
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: break;
    }
}

const ui_screen ui_invline_screen = { UI_SC_BIT_INVLINE, invline_draw, invline_key };

/* ---- the small form: a line's description, or the date and terms ---- */

static void invedit_draw(ui *u)
{
    static const char *const names[2][2] = { { "Date", "Terms" }, { "Text", "" } };
    int y, x, h, w;
    ui_box_centre(u, 7, 72, &y, &x, &h, &w);
    ui_box(y, x, h, w, u->inv.editing_desc ? "Line description (empty: as built)"
                                           : "Invoice date (YYYY-MM-DD) and payment terms (days)");
    for (int i = 0; i < u->inv.nfields; i++) {
        ui_put(y + 1 + i, x + 2, 6, i == u->inv.focus ? UI_ROLE_KEY : UI_ROLE_BOX,
               names[u->inv.editing_desc][i], 0);
        ui_draw_line(y + 1 + i, x + 9, w - 11, &u->inv.field[i], i == u->inv.focus);
    }
    static const ui_action hints[] = { UI_ACT_FIELD_NEXT, UI_ACT_CONFIRM, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_INVEDIT, hints, TK_ARRAY_LEN(hints));
}

static void save_desc(ui *u)
{
    size_t i = (size_t)u->inv.sel;
    const char *s = ui_line_str(&u->inv.field[0]);
    free(u->inv.desc[i]);
    u->inv.desc[i] = *s && strcmp(s, u->inv.full.inv.lines[i].description) ? xstrdup(s) : NULL;
    rebuild_sent(u);
    ui_pop(u);
    ui_msg(u, "description: %s", line_desc(u, i));
}

static void save_terms(ui *u)
{
    tk_err err = { "" };
    tk_day day;
    char *end;
    if (day_parse(ui_line_str(&u->inv.field[0]), u->today, &day, &err)) {
        ui_fail(u, &err);
        return;
    }
    const char *tt = ui_line_str(&u->inv.field[1]);
    long terms = strtol(tt, &end, 10);
    if (!*tt)   /* empty: the Zoho contact's own terms */
        terms = -1;
    else if (end == tt || *end || terms < 0 || terms > 3650) {
        ui_msg(u, "payment terms: a number of days, such as 14, or empty for the contact's");
        u->msg_error = true;
        return;
    }
    u->inv.date = day;
    u->inv.terms = terms;
    ui_pop(u);
}

static void invedit_key(ui *u, ui_action a, int code)
{
    switch (a) {
    case UI_ACT_FIELD_NEXT: case UI_ACT_FIELD_PREV:
        u->inv.focus = (u->inv.focus + 1) % u->inv.nfields;
        break;
    case UI_ACT_CONFIRM:
        if (u->inv.editing_desc)
            save_desc(u);
        else
            save_terms(u);
        break;
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: ui_line_key(&u->inv.field[u->inv.focus], a, code); break;
    }
}

const ui_screen ui_invedit_screen = { UI_SC_BIT_INVEDIT, invedit_draw, invedit_key };

/* ---- confirming and sending ---- */

static void invsend_draw(ui *u)
{
    const app_push *p = &u->inv.push;
    char m[32], d[DAY_BUF];
    int y, x, h, w;
    size_t n = sendable_lines(&p->draft.inv);
    char tt[48];
    char *q = xasprintf("Create a Zoho invoice for %s (customer %s): %s %s, %zu line%s, dated %s, "
                        "%s?", p->customer.name ? p->customer.name : "",
                        p->customer.id, money_format(p->draft.inv.total_minor, exponent(u), m),
                        p->draft.client.currency, n, n == 1 ? "" : "s", day_format(p->date, d),
                        terms_text(p->payment_terms, tt));
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

static void send(ui *u)
{
    tk_err err = { "" };
    int64_t id = 0;
    ui_pop(u);
    ui_busy(u, "Sending to Zoho…");
    if (app_invoice_record(u->app, &u->inv.push, &id, &err)) {
        set_result(u, true, xasprintf("not sent: %s", err.msg));
    } else {
        app_submit_result res;
        if (app_invoice_submit(u->app, &u->inv.z, id, &res, &err)) {
            set_result(u, true, xasprintf("invoice %lld: %s — see tock invoice list", (long long)id,
                                          err.msg));
        } else {
            set_result(u, res.status != ZOHO_OK, outcome(&res));
            tk_invoice_rec_clear(&res.rec);
        }
    }
    close_push(u);
    reload(u);
}

static void invsend_key(ui *u, ui_action a, int code)
{
    (void)code;
    if (a == UI_ACT_INV_YES) {
        send(u);
    } else if (a == UI_ACT_CLOSE || a == UI_ACT_INV_NO) {
        close_push(u);
        ui_pop(u);
        set_result(u, false, xasprintf("nothing was sent"));
    }
}

const ui_screen ui_invsend_screen = { UI_SC_BIT_INVSEND, invsend_draw, invsend_key };
