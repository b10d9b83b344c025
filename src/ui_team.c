/* ui_team.c — team mode on the grid: the week's state (and a rejection's reason) in the
 * header, submitting the week with one key and a confirmation, and a member's grid shown
 * read-only from the approvals view (the member screen, over the approvals view, so q comes
 * back to it as it was). Whose week the grid shows is grid state, shared (struct ui). */
#include "ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "text.h"
#include "app_team_week.h"
#include "app_team.h"

int64_t ui_team_owner(const ui *u)
{
    return u->team.view_user ? u->team.view_user : u->app->user_id;
}

const char *ui_team_owner_login(const ui *u)
{
    return u->team.view_user ? u->team.view_login : u->app->user;
}

void ui_team_reload(ui *u)
{
    tk_err err = { "" };
    app_period_state_clear(&u->team.state);
    if (app_period_state(u->app, ui_team_owner(u), u->week, &u->team.state, &err))
        memset(&u->team.state, 0, sizeof u->team.state);
}

void ui_team_header(const ui *u, strbuf *sb)
{
    const store_week *w = &u->team.state;
    if (w->state == WEEK_SUBMITTED || w->state == WEEK_APPROVED)
        sb_addf(sb, " · %s (locked)", week_state_name(w->state));
    else if (u->g.locked_days == 0x7f)
        sb_add(sb, " · locked");
    else if (w->state == WEEK_REJECTED)
        sb_add(sb, " · rejected");
    if (w->reason && *w->reason && w->state != WEEK_APPROVED) {
        sb_add(sb, ": ");
        text_add_printable(sb, w->reason);
    }
    if (u->team.view_user)
        sb_add(sb, " · read-only");
}

void ui_team_free(ui *u)
{
    app_period_state_clear(&u->team.state);
    free(u->team.view_login);
    memset(&u->team, 0, sizeof u->team);
}

/* ---- submitting ---- */

static void submit_draw(ui *u, void *st)
{
    (void)st;
    char label[APP_PERIOD_BUF], a[DAY_BUF], b[DAY_BUF], h[32];
    tk_day first = app_period_of(u->app, u->week), last = app_period_last(u->app, first);
    char *q = xasprintf("Submit your %s%s (%s – %s), %s recorded? It is locked until a lead "
                        "approves or rejects it.", u->app->cfg.team.monthly ? "month " : "",
                        app_period_label(u->app, first, label), day_format(first, a),
                        day_format(last, b), dur_format_hmm(u->g.total, h));
    int y, x, hh, w;
    ui_box_centre(u, 6, 96, &y, &x, &hh, &w);
    ui_box(y, x, hh, w, "Submit");
    ui_put_wrapped(y + 1, x + 2, w - 4, 2, UI_ROLE_BOX, q);
    free(q);
    static const ui_action hints[] = { UI_ACT_SUBMIT_YES, UI_ACT_SUBMIT_NO };
    ui_draw_hints(y + hh - 2, x + 2, w - 4, UI_SC_BIT_SUBMIT, hints, TK_ARRAY_LEN(hints));
}

static void submit_key(ui *u, void *st, ui_action a, int code)
{
    (void)st;
    (void)code;
    if (a == UI_ACT_SUBMIT_YES) {
        tk_err err = { "" };
        char label[APP_PERIOD_BUF];
        ui_pop(u);
        if (app_week_submit(u->app, u->week, &err)) {
            ui_fail(u, &err);
        } else {
            ui_reload(u);
            ui_msg(u, "%s submitted: locked until a lead approves or rejects it",
                   app_period_label(u->app, app_period_of(u->app, u->week), label));
        }
    } else if (a == UI_ACT_SUBMIT_NO || a == UI_ACT_CLOSE) {
        ui_pop(u);
        ui_msg(u, "not submitted");
    }
}

/* No state: it asks about the week on the grid below. */
const ui_screen ui_submit_screen = { UI_SC_BIT_SUBMIT, submit_draw, submit_key, NULL };

/* ---- a member's grid, read-only ---- */

void ui_member_open(ui *u, int64_t user_id, const char *login, tk_day day)
{
    u->team.view_user = user_id;
    free(u->team.view_login);
    u->team.view_login = xstrdup(login);
    u->week = app_week_of(u->app, day);
    u->row = u->top = 0;
    ui_reload(u);
    ui_push(u, &ui_member_screen, NULL);
    ui_msg(u, "%s's week, read-only: q goes back to the approvals", login);
}

/* The grid below, drawn again over the approvals view. */
static void member_draw(ui *u, void *st)
{
    (void)st;
    erase();
    ui_grid_screen.draw(u, NULL);
}

/* The grid's keys that move around pass to it; those that change or submit are refused; q
 * goes back to your own grid under the approvals view. */
static void member_key(ui *u, void *st, ui_action a, int code)
{
    (void)st;
    switch (a) {
    case UI_ACT_QUIT:
        u->team.view_user = 0;
        free(u->team.view_login);
        u->team.view_login = NULL;
        u->row = u->top = 0;
        ui_reload(u);
        ui_pop(u);
        return;
    case UI_ACT_TIMER: case UI_ACT_EDIT_CELL: case UI_ACT_CELL_ENTRIES: case UI_ACT_ADD_ROW:
    case UI_ACT_INVOICE: case UI_ACT_UNDO: case UI_ACT_SUBMIT: case UI_ACT_APPROVALS:
        ui_msg(u, "read-only: this is %s's week; q goes back to the approvals",
               u->team.view_login);
        u->msg_error = true;
        return;
    default:
        ui_grid_screen.key(u, NULL, a, code);
    }
}

/* The grid's keys (its bit); no state of its own: whose grid it is is the grid's (u->team). */
const ui_screen ui_member_screen = { UI_SC_BIT_GRID, member_draw, member_key, NULL };

/* ---- the grid's team keys ---- */

int ui_team_grid_key(ui *u, ui_action a)
{
    if (a == UI_ACT_SUBMIT) {
        tk_err err = { "" };
        if (app_team_may(u->app, TEAM_SUBMIT, u->app->user_id, u->week, &err))
            ui_fail(u, &err);
        else
            ui_push(u, &ui_submit_screen, NULL);
        return 1;
    }
    if (a == UI_ACT_APPROVALS) {
        tk_err err = { "" };
        if (app_team_may(u->app, TEAM_READ_ALL, 0, u->week, &err))
            ui_fail(u, &err);
        else
            ui_approvals_open(u);
        return 1;
    }
    return 0;
}
