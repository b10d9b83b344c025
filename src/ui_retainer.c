/* ui_retainer.c — the retainer-balance panel: per client, used of prepaid hours as a bar that
 * turns to the alert colour at the alert percentage and to the overage colour beyond prepaid.
 * Fed by app_retainers_for_panel (through ui_reload); hidden when there are no retainers. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "duration.h"
#include "money.h"
#include "text.h"
#include "app_cell.h"
#include "week_grid.h"
#include "retainer_view.h"

void ui_retainer_bar(const retainer_view *v, int w, int *used_cells, int *over_cells)
{
    *used_cells = *over_cells = 0;
    if (w <= 0)
        return;
    if (v->overage > 0) {
        /* The whole bar is used + overage; the overage part is the tail. */
        int64_t all = v->prepaid + v->overage;
        *used_cells = (int)(v->prepaid * w / all);
        *over_cells = w - *used_cells;
        if (*over_cells == 0)
            *over_cells = 1, (*used_cells)--;
        return;
    }
    if (v->prepaid <= 0)
        return;
    int64_t used = v->used < v->prepaid ? v->used : v->prepaid;
    *used_cells = (int)((used * w + v->prepaid / 2) / v->prepaid);
    if (used > 0 && *used_cells == 0)
        *used_cells = 1;
}

static void blocks(int y, int x, int n, const char *block, ui_role r)
{
    strbuf sb = { 0 };
    for (int i = 0; i < n; i++)
        sb_add(&sb, block);
    ui_put(y, x, n, r, sb_str(&sb), 0);
    sb_free(&sb);
}

static void draw_one(const retainer_view *v, int y, int x, int w)
{
    char a[32], b[32], c[32], line[96];
    ui_role role = v->overage > 0 ? UI_ROLE_RETAINER_OVER
                 : v->alert ? UI_ROLE_RETAINER_ALERT : UI_ROLE_RETAINER_OK;
    if (v->overage > 0)
        snprintf(line, sizeof line, "%s/%s +%s over", dur_format_hmm(v->used, a),
                 dur_format_hmm(v->prepaid, b), dur_format_hmm(v->overage, c));
    else
        snprintf(line, sizeof line, "%s/%s %s left", dur_format_hmm(v->used, a),
                 dur_format_hmm(v->prepaid, b), dur_format_hmm(v->remaining, c));
    int lw = text_width(line);
    if (lw > w - 4)
        lw = w - 4;
    ui_put(y, x, w - lw - 1, UI_ROLE_NORMAL, v->client, 0);
    ui_put(y, x + w - lw, lw, v->overage > 0 || v->alert ? role : UI_ROLE_NORMAL, line, 1);
    int used, over;
    ui_retainer_bar(v, w, &used, &over);
    blocks(y + 1, x, used, "█", v->overage > 0 ? UI_ROLE_RETAINER_OK : role);
    blocks(y + 1, x + used, over, "█", UI_ROLE_RETAINER_OVER);
    blocks(y + 1, x + used + over, w - used - over, "░", UI_ROLE_RULE);
}

/* Wide: the period and how much of it has gone, under the bar. */
static void draw_period(const retainer_view *v, tk_day today, int y, int x, int w)
{
    char a[DAY_BUF], b[DAY_BUF], line[128];
    long days = (long)(v->period_end - v->period_start + 1);
    long gone = (long)(today - v->period_start + 1);
    snprintf(line, sizeof line, "period %s – %s · day %ld of %ld", day_format(v->period_start, a),
             day_format(v->period_end, b), gone, days);
    ui_put(y, x, w, UI_ROLE_CELL_EMPTY, line, 0);
}

/* Wide: where the period ends at this pace, as tock retainer's forecast says. */
static void draw_forecast(const retainer_view *v, int y, int x, int w)
{
    char a[32], m[32], line[128];
    snprintf(line, sizeof line, "%s %s used · %s %s", v->forecast_final ? "period:" :
             "forecast:", dur_format_hmm(v->forecast_used, a),
             money_format(v->forecast_total_minor, currency_exponent(v->currency), m), v->currency);
    ui_put(y, x, w, UI_ROLE_CELL_EMPTY, line, 0);
}

/* Wide: the selected cell's entries, each with its time and its whole note (wrapped). */
static void draw_notes(ui *u, int y, int x, int w, int bottom)
{
    week_row *r = ui_row(u);
    if (!r || y >= bottom)
        return;
    char d[DAY_BUF], a[DAY_TIME_BUF], b[DAY_TIME_BUF], dur[32];
    strbuf sb = { 0 };
    sb_addf(&sb, "Notes · %s%s%s · %s %s", r->client, *r->project ? "/" : "", r->project,
            ui_weekday(u->week + u->col), day_format(u->week + u->col, d));
    ui_put(y++, x, w, UI_ROLE_BOX_TITLE, sb_str(&sb), 0);
    const tk_entry_list *l = ui_cell_notes(u);
    if (!l || !l->len) {
        if (y < bottom)
            ui_put(y, x, w, UI_ROLE_CELL_EMPTY, "no entries on this cell", 0);
        sb_free(&sb);
        return;
    }
    for (size_t i = 0; i < l->len && y < bottom; i++) {
        const tk_entry *e = &l->items[i];
        sb_reset(&sb);
        if (e->has_range)
            sb_addf(&sb, "%s-%s ", local_format_hm(e->start, a), local_format_hm(e->end, b));
        sb_addf(&sb, "%s", dur_format_hmm(e->seconds, dur));
        if (e->tier)
            sb_addf(&sb, " [%s]", e->tier);
        ui_put(y++, x, w, UI_ROLE_KEY, sb_str(&sb), 0);
        /* The whole note, over as many lines as there are. */
        if (e->note && *e->note && y < bottom)
            y += ui_put_wrapped(y, x + 2, w - 2, bottom - y, UI_ROLE_NORMAL, e->note);
    }
    sb_free(&sb);
}

void ui_retainer_draw(ui *u)
{
    const ui_layout *l = &u->lay;
    if (!l->panel)
        return;
    int x = l->panel_x + 2, w = l->panel_w - 3;
    if (l->panel_beside) {
        ui_role_on(UI_ROLE_RULE);
        mvvline(l->panel_y, l->panel_x, ACS_VLINE, l->panel_h);
        attrset(A_NORMAL);
    }
    int y = l->panel_y, bottom = l->panel_y + l->panel_h;
    if (u->rv.len) {
        ui_put(y++, x, w, UI_ROLE_BOX_TITLE, "Retainers", 0);
        int step = l->wide ? 4 : 2;
        for (size_t i = 0; i < u->rv.len && y + step - 1 < bottom; i++, y += step) {
            draw_one(&u->rv.items[i], y, x, w);
            if (l->wide) {
                draw_period(&u->rv.items[i], u->today, y + 2, x, w);
                draw_forecast(&u->rv.items[i], y + 3, x, w);
            }
        }
        y++;
    }
    if (l->wide && l->panel_beside) {
        /* The row's margin for its month, for those who may see costs (tock report profit). */
        const char *margin = ui_row_margin(u);
        if (margin && y + 1 < bottom) {
            char month[DAY_BUF];
            day_format(u->margin.month, month);
            month[7] = '\0';
            char *title = xasprintf("Margin · %s", month);
            ui_put(y++, x, w, UI_ROLE_BOX_TITLE, title, 0);
            free(title);
            y += ui_put_wrapped(y, x, w, bottom - y, UI_ROLE_NORMAL, margin) + 1;
        }
        draw_notes(u, y, x, w, bottom);
    }
}
