/* ui_grid.c — the weekly grid screen: header with the running timer, rows × days, totals, a
 * bar row of hours per day, the status line and the footer; and the grid's keys. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "duration.h"
#include "money.h"
#include "text.h"
#include "app_timer.h"
#include "app_cell.h"
#include "week_grid.h"

static void draw_header(ui *u)
{
    const ui_layout *l = &u->lay;
    char a[DAY_BUF], b[DAY_BUF], clock[32];
    strbuf right = { 0 }, left = { 0 };
    ui_role rrole = UI_ROLE_HEADER;
    if (u->have_timer) {
        sb_add(&right, "▶ ");
        sb_add(&right, u->timer.client);
        if (*u->timer.project)
            sb_addf(&right, "/%s", u->timer.project);
        int64_t el = u->now > u->timer.start ? u->now - u->timer.start : 0;
        sb_addf(&right, "  %s ", dur_format_hmmss(el, clock));
        rrole = UI_ROLE_HEADER_TIMER;
    } else {
        sb_add(&right, "no timer running ");
    }
    sb_addf(&left, " Week %d · %s – %s · %s", day_iso_week(u->week + 3), day_format(u->week, a),
            day_format(u->week + 6, b), ui_team_owner_login(u));
    ui_team_header(u, &left);
    const char *sprint = ui_sprint_label(u);
    if (sprint)
        sb_addf(&left, " · %s", sprint);
    int rw = text_width(sb_str(&right));
    if (rw > l->cols / 2)
        rw = l->cols / 2;
    /* Two blank columns keep the week and sprint from running into the timer. */
    ui_put(0, 0, l->cols - rw, UI_ROLE_HEADER, "", 0);
    ui_put(0, 0, l->cols - rw - 2, UI_ROLE_HEADER, sb_str(&left), 0);
    ui_put(0, l->cols - rw, rw, rrole, sb_str(&right), 1);
    sb_free(&left);
    sb_free(&right);
}

static void draw_columns(ui *u)
{
    const ui_layout *l = &u->lay;
    int x = l->label_w;
    ui_put(l->columns_y, 0, l->label_w, UI_ROLE_COLUMNS, "  Client/Project", 0);
    for (int d = 0; d < 7; d++, x += l->cell_w) {
        char h[32];
        int y, m, dd;
        day_to_ymd(u->week + d, &y, &m, &dd);
        /* "Mon 23" takes 6 columns: in narrower cells "Mo 23", so a blank keeps days apart. */
        snprintf(h, sizeof h, "%.*s %02d", l->cell_w > 6 ? 3 : 2, ui_weekday(u->week + d), dd);
        ui_role r = u->week + d == u->today ? UI_ROLE_TODAY
                  : (u->g.locked_days >> d) & 1 ? UI_ROLE_CELL_LOCKED : UI_ROLE_COLUMNS;
        ui_put(l->columns_y, x, l->cell_w, r, h, 1);
    }
    ui_put(l->columns_y, x, l->total_w, UI_ROLE_COLUMNS, "Total", 1);
    if (l->money_w)
        ui_put(l->columns_y, x + l->total_w, l->money_w, UI_ROLE_COLUMNS, "Amount", 1);
}

/* The week's money of a row (wide terminals): "1234.50 EUR", a quiet dot when none. */
static void draw_money(const ui_layout *l, int y, int64_t minor, const char *currency, ui_role r)
{
    if (!l->money_w)
        return;
    char m[32], buf[64];
    int x = l->label_w + 7 * l->cell_w + l->total_w;
    if (!minor || !currency || !*currency) {
        ui_put(y, x, l->money_w, minor ? r : UI_ROLE_CELL_EMPTY, "·", 1);
        return;
    }
    snprintf(buf, sizeof buf, "%s %s", money_format(minor, currency_exponent(currency), m),
             currency);
    ui_put(y, x, l->money_w, r, buf, 1);
}

/* The rows' money in *sum and the currency they all share, or NULL when they differ (then
 * there is no total to show). */
static const char *one_currency(const week_grid *g, int64_t *sum)
{
    const char *c = NULL;
    *sum = 0;
    for (size_t i = 0; i < g->nrows; i++) {
        const week_row *r = g->rows[i];
        if (!r->amount_minor || !r->currency)
            continue;
        if (c && strcmp(c, r->currency))
            return NULL;
        c = r->currency;
        *sum += r->amount_minor;
    }
    return c;
}

/* One duration cell: h:mm right-aligned, a quiet dot when empty. */
static void draw_cell(int y, int x, int w, int64_t seconds, ui_role r)
{
    char buf[32];
    if (!seconds && r != UI_ROLE_CURSOR)
        r = r == UI_ROLE_CELL_LOCKED ? r : UI_ROLE_CELL_EMPTY;
    ui_put(y, x, w, r, seconds ? dur_format_hmm(seconds, buf) : "·", 1);
}

/* A row's label in w columns. When it is cut, a non-billable row keeps its mark, shortened
 * to (nb), and its name is cut instead: else its row and its billable twin read alike. */
static void fit_label(const week_row *r, int w, strbuf *out)
{
    strbuf full = { 0 };
    week_row_label(r, &full);
    if (r->billable || text_width(sb_str(&full)) <= w) {
        sb_add(out, sb_str(&full));
    } else {
        week_row named = *r;
        named.billable = true;   /* the label without its mark */
        sb_reset(&full);
        week_row_label(&named, &full);
        text_fit(out, sb_str(&full), w - 5, 0, 0);
        sb_add(out, " (nb)");
    }
    sb_free(&full);
}

static void draw_row(ui *u, int i, int y)
{
    const ui_layout *l = &u->lay;
    const week_row *r = u->g.rows[i];
    bool sel = i == u->row;
    ui_role base = r->running ? UI_ROLE_ROW_RUNNING : !r->billable ? UI_ROLE_ROW_NONBILL
                                                                   : UI_ROLE_NORMAL;
    strbuf sb = { 0 };
    sb_add(&sb, r->running ? "▶ " : sel ? "› " : "  ");
    fit_label(r, l->label_w - 3, &sb);
    ui_put(y, 0, l->label_w - 1, base, sb_str(&sb), 0);
    sb_free(&sb);
    int x = l->label_w;
    for (int d = 0; d < 7; d++, x += l->cell_w) {
        ui_role cr = sel && d == u->col ? UI_ROLE_CURSOR
                   : ui_cell_locked(u, r, d, NULL, 0) ? UI_ROLE_CELL_LOCKED
                   : base == UI_ROLE_NORMAL ? UI_ROLE_CELL : base;
        draw_cell(y, x, l->cell_w, r->seconds[d], cr);
    }
    draw_cell(y, x, l->total_w, r->total, base == UI_ROLE_NORMAL ? UI_ROLE_TOTALS : base);
    draw_money(l, y, r->amount_minor, r->currency, base == UI_ROLE_NORMAL ? UI_ROLE_CELL : base);
}

/* Eighth blocks: a bar of w columns for value out of full. */
static void draw_bar(int y, int x, int w, int64_t value, int64_t full)
{
    static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
    strbuf sb = { 0 };
    int64_t units = full > 0 ? value * w * 8 / full : 0;
    if (value > 0 && units == 0)
        units = 1;
    for (int64_t i = 0; i < units / 8 && i < w; i++)
        sb_add(&sb, "█");
    if (units / 8 < w)
        sb_add(&sb, eighths[units % 8]);
    ui_put(y, x, w, UI_ROLE_BAR, sb_str(&sb), 0);
    sb_free(&sb);
}

static void draw_bottom(ui *u)
{
    const ui_layout *l = &u->lay;
    attrset(A_NORMAL);
    ui_role_on(UI_ROLE_RULE);
    mvhline(l->rule_y, 0, ACS_HLINE, l->grid_w);
    ui_put(l->totals_y, 0, l->label_w, UI_ROLE_TOTALS, "  Total", 0);
    int64_t full = 8 * 3600;
    for (int d = 0; d < 7; d++) {
        draw_cell(l->totals_y, l->label_w + d * l->cell_w, l->cell_w, u->g.totals[d],
                  u->week + d == u->today ? UI_ROLE_TODAY : UI_ROLE_TOTALS);
        if (u->g.totals[d] > full)
            full = u->g.totals[d];
    }
    draw_cell(l->totals_y, l->label_w + 7 * l->cell_w, l->total_w, u->g.total, UI_ROLE_TOTALS);
    int64_t sum;
    const char *cur = one_currency(&u->g, &sum);
    if (cur)
        draw_money(l, l->totals_y, sum, cur, UI_ROLE_TOTALS);
    ui_put(l->bars_y, 0, l->label_w, UI_ROLE_CELL_EMPTY, "  hours per day", 0);
    for (int d = 0; d < 7; d++)
        draw_bar(l->bars_y, l->label_w + d * l->cell_w + 1, l->cell_w - 1, u->g.totals[d], full);
}

static void draw_body(ui *u)
{
    const ui_layout *l = &u->lay;
    if (!u->g.nrows) {
        ui_put(l->body_y, 0, l->grid_w, UI_ROLE_CELL_EMPTY,
               "  No time this week. Press a to add a row, or start a timer: tock start CLIENT", 0);
        return;
    }
    if (u->row < u->top)
        u->top = u->row;
    if (u->row >= u->top + l->body_h)
        u->top = u->row - l->body_h + 1;
    if (u->top > (int)u->g.nrows - l->body_h)
        u->top = (int)u->g.nrows - l->body_h > 0 ? (int)u->g.nrows - l->body_h : 0;
    for (int i = u->top; i < (int)u->g.nrows && i < u->top + l->body_h; i++)
        draw_row(u, i, l->body_y + i - u->top);
}

/* The message of the last key, else what the cursor is on. */
static void draw_status(ui *u)
{
    const ui_layout *l = &u->lay;
    if (*u->msg) {
        ui_put(l->status_y, 0, l->cols, u->msg_error ? UI_ROLE_STATUS_ERROR : UI_ROLE_STATUS_INFO,
               u->msg, 0);
        return;
    }
    week_row *r = ui_row(u);
    if (!r)
        return;
    strbuf sb = { 0 };
    char why[128], d[DAY_BUF], dur[32];
    week_row_label(r, &sb);
    sb_addf(&sb, " · %s %s · %s", ui_weekday(u->week + u->col),
            day_format(u->week + u->col, d), dur_format_hmm(r->seconds[u->col], dur));
    bool locked = ui_cell_locked(u, r, u->col, why, sizeof why);
    if (locked)
        sb_addf(&sb, " · %s", why);
    ui_put(l->status_y, 0, l->cols, locked ? UI_ROLE_CELL_LOCKED : UI_ROLE_CELL_EMPTY,
           sb_str(&sb), 0);
    sb_free(&sb);
}

/* The footer: each action with a footer label, as "key label", from the action table. */
static void draw_footer(ui *u)
{
    const ui_layout *l = &u->lay;
    int x = 0;
    ui_fill(l->footer_y, 0, l->cols, UI_ROLE_FOOTER);
    for (int a = 0; a < UI_ACT_COUNT; a++) {
        char keys[64];
        if (!ui_actions[a].footer)
            continue;
        ui_action_keys((ui_action)a, UI_SC_BIT_GRID, keys, sizeof keys);
        keys[strcspn(keys, " ")] = '\0';
        int kw = text_width(keys), fw = text_width(ui_actions[a].footer);
        if (x + 1 + kw + 1 + fw > l->cols)
            break;
        ui_put(l->footer_y, x + 1, kw, UI_ROLE_FOOTER_KEY, keys, 0);
        ui_put(l->footer_y, x + 2 + kw, fw, UI_ROLE_FOOTER, ui_actions[a].footer, 0);
        x += 2 + kw + fw + 1;
    }
}

/* The grid's state is what every screen shares (struct ui): st is NULL. */
static void grid_draw(ui *u, void *st)
{
    (void)st;
    draw_header(u);
    draw_columns(u);
    draw_body(u);
    draw_bottom(u);
    ui_retainer_draw(u);
    draw_status(u);
    draw_footer(u);
}

/* The selected row, or NULL after telling the user how to get one. */
static week_row *need_row(ui *u)
{
    week_row *r = ui_row(u);
    if (!r)
        ui_msg(u, "no row here yet: press a to add one");
    return r;
}

/* The entry with this id, for the undo stack (NULL when it cannot be read back). */
static int fetch_entry(ui *u, int64_t id, tk_entry *out)
{
    tk_err err = { "" };
    return id && app_entry_get(u->app, id, out, &err) == 1;
}

static void toggle_timer(ui *u)
{
    week_row *r = need_row(u);
    if (!r)
        return;
    tk_err err = { "" };
    strbuf sb = { 0 };
    week_row_label(r, &sb);
    int rc;
    int64_t made = 0;
    tk_entry e;
    if (r->running) {
        rc = app_timer_stop(u->app, clock_now(), NULL, &made, &err);
        if (rc >= 0)
            ui_msg(u, "stopped %s; u undoes", sb_str(&sb));
        if (rc > 0 && fetch_entry(u, made, &e)) {
            undo_push_timer_stop(&u->undo, &e);
            tk_entry_clear(&e);
        }
    } else {
        rc = app_cell_start_timer(u->app, r->client_id, r->project_id, r->tier, clock_now(), &made,
                                 &err);
        tk_timer t;
        if (rc >= 0 && app_timer_get(u->app, &t, &err) == 1) {
            bool stopped = fetch_entry(u, made, &e);
            undo_push_timer_start(&u->undo, &t, stopped ? &e : NULL);
            if (stopped)
                tk_entry_clear(&e);
            tk_timer_clear(&t);
        }
        if (rc >= 0)
            ui_msg(u, "started %s; u undoes", sb_str(&sb));
    }
    sb_free(&sb);
    ui_reload(u);
    if (rc < 0)
        ui_fail(u, &err);
}

static void edit_cell(ui *u, int code)
{
    week_row *r = need_row(u);
    char why[128];
    if (!r)
        return;
    if (ui_cell_locked(u, r, u->col, why, sizeof why)) {
        ui_msg(u, "%s", why);
        u->msg_error = true;
        return;
    }
    if (r->running && u->week + u->col == u->today) {
        ui_msg(u, "the timer is running on this cell; stop it first (space)");
        u->msg_error = true;
        return;
    }
    ui_edit_open(u, code);
}

static void move_row(ui *u, int by)
{
    int n = (int)u->g.nrows;
    u->row += by;
    if (u->row >= n)
        u->row = n - 1;
    if (u->row < 0)
        u->row = 0;
}

static void grid_key(ui *u, void *st, ui_action a, int code)
{
    (void)st;
    if (ui_team_grid_key(u, a))
        return;
    switch (a) {
    case UI_ACT_QUIT: u->quit = true; break;
    case UI_ACT_HELP: ui_help_open(u); break;
    case UI_ACT_LEFT: if (u->col > 0) u->col--; break;
    case UI_ACT_RIGHT: if (u->col < 6) u->col++; break;
    case UI_ACT_UP: move_row(u, -1); break;
    case UI_ACT_DOWN: move_row(u, 1); break;
    case UI_ACT_PAGE_UP: move_row(u, -u->lay.body_h); break;
    case UI_ACT_PAGE_DOWN: move_row(u, u->lay.body_h); break;
    case UI_ACT_FIRST: move_row(u, -(int)u->g.nrows); break;
    case UI_ACT_LAST: move_row(u, (int)u->g.nrows); break;
    case UI_ACT_WEEK_PREV: ui_goto_week(u, u->week - 7); break;
    case UI_ACT_WEEK_NEXT: ui_goto_week(u, u->week + 7); break;
    case UI_ACT_TODAY:
        u->today = local_day_of(clock_now());
        ui_goto_week(u, app_week_of(u->app, u->today));
        u->col = u->today - u->week;
        break;
    case UI_ACT_TIMER: toggle_timer(u); break;
    case UI_ACT_EDIT_CELL: edit_cell(u, code); break;
    case UI_ACT_CELL_ENTRIES: if (need_row(u)) ui_entries_open(u); break;
    case UI_ACT_ADD_ROW: ui_picker_open(u, false); break;
    case UI_ACT_INVOICE: if (need_row(u)) ui_invoice_open(u); break;
    case UI_ACT_MARGIN: if (need_row(u)) ui_margin_row(u, ui_row(u)); break;
    case UI_ACT_UNDO: ui_undo(u); break;
    default: break;
    }
}

const ui_screen ui_grid_screen = { UI_SC_BIT_GRID, grid_draw, grid_key, NULL };
