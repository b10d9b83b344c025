/* ui_approvals.c — a lead's approvals view: members × state × hours × billable × amount for
 * one week; approve, reject or reopen with a reason, open a member's grid read-only, move
 * between weeks. It reads the team again whenever the database changed (a member submitting
 * from another terminal shows without a key). */
#include "ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "money.h"
#include "text.h"

static void load(ui *u)
{
    tk_err err = { "" };
    int64_t v = app_data_version(u->app);
    if (v == u->team.version && u->team.rows.items)
        return;
    app_team_rows_free(&u->team.rows);
    if (app_team_week(u->app, u->team.day, &u->team.rows, &err)) {
        ui_fail(u, &err);
        u->team.version = -1;
        return;
    }
    u->team.version = v;
    if (u->team.sel >= (int)u->team.rows.len)
        u->team.sel = u->team.rows.len ? (int)u->team.rows.len - 1 : 0;
}

static void amounts(const app_team_row *r, strbuf *sb)
{
    char m[48];
    for (size_t i = 0; i < r->amounts.len; i++)
        sb_addf(sb, "%s%s %s", i ? " + " : "", money_format(r->amounts.items[i].minor,
                currency_exponent(r->amounts.items[i].currency), m), r->amounts.items[i].currency);
    if (!r->amounts.len)
        sb_add(sb, "·");
}

static void approvals_draw(ui *u)
{
    load(u);
    const app_team_rows *rs = &u->team.rows;
    char a[DAY_BUF], b[DAY_BUF], label[APP_PERIOD_BUF], h1[32], h2[32];
    int y = 0, x = 0, h = u->lay.status_y, w = u->lay.cols;
    char *title = xasprintf("Approvals · %s · %s – %s", app_period_label(u->app, rs->first, label),
                            day_format(rs->first, a), day_format(rs->last, b));
    ui_box(y, x, h, w, title);
    free(title);
    int iw = w - 4, ix = x + 2, room = h - 3;
    strbuf sb = { 0 };
    sb_addf(&sb, "%-16s %-10s %8s %8s  %s", "Member", "State", "Hours", "Billable", "Amount");
    ui_put(y + 1, ix, iw, UI_ROLE_COLUMNS, sb_str(&sb), 0);
    if (room < 1)
        room = 1;
    if (u->team.sel < u->team.top)
        u->team.top = u->team.sel;
    if (u->team.sel >= u->team.top + room)
        u->team.top = u->team.sel - room + 1;
    for (int i = 0; i < room && u->team.top + i < (int)rs->len; i++) {
        const app_team_row *r = &rs->items[u->team.top + i];
        sb_reset(&sb);
        text_fit(&sb, r->login, 16, 1, 0);
        sb_addf(&sb, " %-10s %8s %8s  ", week_state_name(r->week.state),
                dur_format_hmm(r->seconds, h1), dur_format_hmm(r->billable_seconds, h2));
        amounts(r, &sb);
        if (r->late)
            sb_add(&sb, "  late");
        if (r->week.reason && *r->week.reason) {
            sb_add(&sb, "  · ");
            text_add_printable(&sb, r->week.reason);
        }
        bool sel = u->team.top + i == u->team.sel;
        ui_role role = sel ? UI_ROLE_CURSOR : r->week.state == WEEK_SUBMITTED ? UI_ROLE_TODAY
                     : r->week.state == WEEK_APPROVED ? UI_ROLE_CELL_LOCKED : UI_ROLE_CELL;
        ui_put(y + 2 + i, ix, iw, role, sb_str(&sb), 0);
    }
    sb_free(&sb);
    ui_fill(u->lay.status_y, 0, u->lay.cols, UI_ROLE_NORMAL);
    if (*u->msg)
        ui_put(u->lay.status_y, 0, u->lay.cols, u->msg_error ? UI_ROLE_STATUS_ERROR
                                                             : UI_ROLE_STATUS_INFO, u->msg, 0);
    static const ui_action keys[] = { UI_ACT_APPROVE, UI_ACT_REJECT, UI_ACT_REOPEN,
                                      UI_ACT_VIEW_GRID, UI_ACT_WEEK_PREV, UI_ACT_WEEK_NEXT,
                                      UI_ACT_CLOSE, UI_ACT_HELP };
    ui_draw_keybar(u, UI_SC_BIT_APPROVALS, keys, TK_ARRAY_LEN(keys));
}

static const app_team_row *selected(ui *u)
{
    if (u->team.sel < 0 || u->team.sel >= (int)u->team.rows.len) {
        ui_msg(u, "nobody here");
        return NULL;
    }
    return &u->team.rows.items[u->team.sel];
}

static void done(ui *u, int rc, const tk_err *err, const char *who, const char *what)
{
    char label[APP_PERIOD_BUF];
    if (rc) {
        ui_fail(u, err);
        return;
    }
    u->team.version = -1;
    ui_msg(u, "%s's %s %s", who, app_period_label(u->app, u->team.rows.first, label), what);
}

static void view_grid(ui *u, const app_team_row *r)
{
    u->team.view_user = r->user_id;
    free(u->team.view_login);
    u->team.view_login = xstrdup(r->login);
    u->week = app_week_of(u->app, u->team.rows.first);
    u->row = u->top = 0;
    ui_pop(u);
    ui_reload(u);
    ui_msg(u, "%s's week, read-only: q goes back to the approvals", r->login);
}

static void approvals_key(ui *u, ui_action a, int code)
{
    (void)code;
    const app_team_row *r;
    tk_err err = { "" };
    int n = (int)u->team.rows.len;
    switch (a) {
    case UI_ACT_UP: if (u->team.sel > 0) u->team.sel--; break;
    case UI_ACT_DOWN: if (u->team.sel + 1 < n) u->team.sel++; break;
    case UI_ACT_PAGE_UP: case UI_ACT_FIRST: u->team.sel = 0; break;
    case UI_ACT_PAGE_DOWN: case UI_ACT_LAST: u->team.sel = n ? n - 1 : 0; break;
    case UI_ACT_WEEK_PREV:
        u->team.day = app_period_of(u->app, u->team.rows.first - 1);
        u->team.version = -1;
        break;
    case UI_ACT_WEEK_NEXT:
        u->team.day = app_period_last(u->app, u->team.rows.first) + 1;
        u->team.version = -1;
        break;
    case UI_ACT_APPROVE:
        if ((r = selected(u)))
            done(u, app_week_approve(u->app, r->login, u->team.rows.first, &err), &err, r->login,
                 "approved");
        break;
    case UI_ACT_REJECT:
    case UI_ACT_REOPEN:
        if (!selected(u))
            break;
        u->team.judging = a;
        ui_line_set(&u->team.reason, "");
        ui_push(u, &ui_reason_screen);
        break;
    case UI_ACT_VIEW_GRID:
        if ((r = selected(u)))
            view_grid(u, r);
        break;
    case UI_ACT_HELP: ui_help_open(u); break;
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: break;
    }
}

const ui_screen ui_approvals_screen = { UI_SC_BIT_APPROVALS, approvals_draw, approvals_key };

/* ---- the reason prompt ---- */

static void reason_draw(ui *u)
{
    const app_team_row *r = u->team.sel < (int)u->team.rows.len
                                ? &u->team.rows.items[u->team.sel] : NULL;
    int y, x, h, w;
    ui_box_centre(u, 6, 80, &y, &x, &h, &w);
    char *title = xasprintf("%s %s's week: why?", u->team.judging == UI_ACT_REJECT ? "Reject"
                            : "Reopen", r ? r->login : "");
    ui_box(y, x, h, w, title);
    free(title);
    ui_draw_line(y + 2, x + 2, w - 4, &u->team.reason, true);
    static const ui_action hints[] = { UI_ACT_CONFIRM, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_REASON, hints, TK_ARRAY_LEN(hints));
}

static void reason_key(ui *u, ui_action a, int code)
{
    if (a == UI_ACT_CLOSE) {
        ui_pop(u);
        return;
    }
    if (a != UI_ACT_CONFIRM) {
        ui_line_key(&u->team.reason, a, code);
        return;
    }
    const app_team_row *r = u->team.sel < (int)u->team.rows.len
                                ? &u->team.rows.items[u->team.sel] : NULL;
    const char *why = ui_line_str(&u->team.reason);
    if (!r)
        return;
    if (!*why) {
        ui_msg(u, "a reason is required");
        u->msg_error = true;
        return;
    }
    tk_err err = { "" };
    char *login = xstrdup(r->login);
    bool reject = u->team.judging == UI_ACT_REJECT;
    int rc = reject ? app_week_reject(u->app, login, u->team.rows.first, why, &err)
                    : app_week_reopen(u->app, login, u->team.rows.first, why, &err);
    ui_pop(u);
    done(u, rc, &err, login, reject ? "rejected" : "reopened");
    free(login);
}

const ui_screen ui_reason_screen = { UI_SC_BIT_REASON, reason_draw, reason_key };
