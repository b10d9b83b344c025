/* ui_layout.c — the one place that turns the terminal size into positions: header, grid,
 * retainer panel (beside the grid when wide, below when narrow), status and footer lines.
 * A wide terminal (WIDE columns or more) also gets each row's money for the week and a side
 * panel with the selected cell's entries and notes, under the retainers.
 * Pure arithmetic, run every frame, so a resize needs nothing but a new size. */
#include "ui.h"

#define PANEL_MIN 34      /* the panel's width beside the grid: at least … */
#define PANEL_MAX 44      /* … and at most */
#define LABEL_MIN 14
#define LABEL_MAX 40
#define WIDE 150          /* columns from which the money column and the notes show */
#define MONEY_W 15        /* " 12345.00 EUR" */

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Columns for labels, cells and money within width w. */
static void fit_columns(ui_layout *l, int w)
{
    l->cell_w = 7;
    l->total_w = 8;
    if (w - 7 * l->cell_w - l->total_w - l->money_w < LABEL_MIN + 4) {
        l->cell_w = 6;
        l->total_w = 7;
    }
    l->label_w = clamp(w - 7 * l->cell_w - l->total_w - l->money_w, 1, LABEL_MAX);
    l->grid_w = l->label_w + 7 * l->cell_w + l->total_w + l->money_w;
}

void ui_layout_compute(ui *u, int rows, int cols)
{
    ui_layout *l = &u->lay;
    *l = (ui_layout){ .rows = rows, .cols = cols };
    l->too_small = rows < UI_MIN_ROWS || cols < UI_MIN_COLS;
    if (l->too_small)
        return;
    l->footer_y = rows - 1;
    l->status_y = rows - 2;
    l->columns_y = 1;
    l->body_y = 2;
    int n = (int)u->rv.len;
    int natural = LABEL_MIN + 10 + 7 * 7 + 8;
    l->wide = cols >= WIDE;
    l->money_w = l->wide ? MONEY_W : 0;
    l->panel = n > 0 || l->wide;
    int panel_w = clamp(cols - natural - 2, 0, PANEL_MAX);
    l->panel_beside = l->panel && panel_w >= PANEL_MIN;
    if (l->wide) {
        /* The grid at its fullest, the panel (retainers, then the cell's notes) the rest. */
        fit_columns(l, cols - PANEL_MIN - 2);
        panel_w = cols - l->grid_w - 2;
    } else {
        fit_columns(l, l->panel_beside ? cols - panel_w - 2 : cols);
    }

    /* Below the rows: a rule, the totals and the bars (3 lines), then perhaps the panel. */
    int room = l->status_y - l->body_y - 3;
    int below = 0;
    if (l->panel && !l->panel_beside) {
        below = clamp(1 + 2 * n, 0, room - 3); /* keep three rows of grid */
        if (below < 3)
            below = 0, l->panel = false;
        else
            below += 1;                        /* a blank line above the panel */
    }
    int want = u->g.nrows ? (int)u->g.nrows : 1;
    l->body_h = clamp(want, 1, room - below);
    l->rule_y = l->body_y + l->body_h;
    l->totals_y = l->rule_y + 1;
    l->bars_y = l->totals_y + 1;
    if (l->panel_beside) {
        l->panel_x = cols - panel_w;
        l->panel_w = panel_w;
        l->panel_y = l->body_y - 1;
        l->panel_h = l->status_y - l->panel_y - 1;
    } else if (l->panel) {
        l->panel_x = 0;
        l->panel_w = clamp(cols, 1, 60);
        l->panel_y = l->bars_y + 2;
        l->panel_h = below - 1;
    }
}

void ui_layout_cell_pos(const ui *u, int *y, int *x)
{
    *y = u->lay.body_y + u->row - u->top;
    *x = u->lay.label_w + u->col * u->lay.cell_w;
}
