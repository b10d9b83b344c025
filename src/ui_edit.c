/* ui_edit.c — the inline cell editor: type a duration over the selected cell, Enter sets the
 * cell's total through app_entry_set_cell (one transaction), and the old total goes on the undo stack. */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>

#include "duration.h"
#include "app_entry.h"
#include "week_grid.h"

/* The editor's state: the line being typed. */
typedef struct edit_state {
    ui_line line;
} edit_state;

static void edit_free(void *st)
{
    edit_state *s = st;
    ui_line_free(&s->line);
    free(s);
}

void ui_edit_open(ui *u, int first_code)
{
    edit_state *s = xcalloc(1, sizeof *s);
    ui_line_set(&s->line, "");
    if ((first_code >= '0' && first_code <= '9') || first_code == '.')
        ui_line_key(&s->line, UI_ACT_NONE, first_code);
    ui_push(u, &ui_edit_screen, s);
}

static void edit_draw(ui *u, void *st)
{
    edit_state *s = st;
    int y, x;
    ui_layout_cell_pos(u, &y, &x);
    /* Past the cell's leading blank, so it keeps apart from the day before; the next cell's
     * leading blank gives the cursor room. */
    ui_draw_line(y, x + 1, u->lay.cell_w, &s->line, true);
    if (!*u->msg)
        ui_put(u->lay.status_y, 0, u->lay.cols, UI_ROLE_STATUS_INFO,
               "set this cell's total: 1:30, 90m or 1.5h (0 empties it) · Enter saves · Esc cancels", 0);
}

static void edit_confirm(ui *u, edit_state *s)
{
    week_row *r = ui_row(u);
    tk_err err = { "" };
    int64_t seconds;
    if (!r) {
        ui_pop(u);
        return;
    }
    if (dur_parse(ui_line_str(&s->line), &seconds, &err)) {
        ui_fail(u, &err);
        return;
    }
    int64_t old = r->seconds[u->col];
    int64_t cid = r->client_id, pid = r->project_id;
    char *tier = xstrdup(r->tier);
    tk_day day = u->week + u->col;
    if (app_entry_set_cell(u->app, cid, pid, tier, r->billable, day, seconds, &err)) {
        ui_fail(u, &err);
    } else {
        char a[32], b[32];
        undo_push_cell(&u->undo, cid, pid, tier, r->billable, day, old, seconds);
        ui_pop(u);
        ui_reload(u);
        ui_msg(u, "cell set to %s (was %s); u undoes", dur_format_hmm(seconds, a),
               dur_format_hmm(old, b));
    }
    free(tier);
}

static void edit_key(ui *u, void *st, ui_action a, int code)
{
    edit_state *s = st;
    if (a == UI_ACT_CONFIRM)
        edit_confirm(u, s);
    else if (a == UI_ACT_CLOSE)
        ui_pop(u);
    else
        ui_line_key(&s->line, a, code);
}

const ui_screen ui_edit_screen = { UI_SC_BIT_EDIT, edit_draw, edit_key, edit_free };
