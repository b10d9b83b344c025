/* ui_approvals.c — a lead's approvals view: members × state × hours × billable × amount for
 * one week; approve, reject or reopen with a reason, open a member's grid read-only, move
 * between weeks. It reads the team again whenever the database changed (a member submitting
 * from another terminal shows without a key). */
#include "ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "duration.h"
#include "money.h"
#include "text.h"
#include "app_team_week.h"
#include "app_team.h"

/* The approvals view's own state; the reason prompt over it works on it too. */
typedef struct approvals {
    app_team_rows rows;          /* the period shown */
    int64_t version;             /* data_version the rows were read at (-1: read again) */
    int64_t minute;              /* the minute they were read in: a running timer grows */
    tk_day day;                  /* a day of the period */
    int sel, top;
    int judging;                 /* UI_ACT_REJECT or UI_ACT_REOPEN, for the reason prompt */
    ui_line reason;
} approvals;

void ui_approvals_open(ui *u)
{
    approvals *ap = xcalloc(1, sizeof *ap);
    ap->day = u->week;
    ap->version = -1;
    ui_push(u, &ui_approvals_screen, ap);
}

static void approvals_free(void *st)
{
    approvals *ap = st;
    app_team_rows_free(&ap->rows);
    ui_line_free(&ap->reason);
    free(ap);
}

static void load(ui *u, approvals *ap)
{
    tk_err err = { "" };
    int64_t v = app_data_version(u->app), minute = clock_now() / 60;
    bool running = false;
    for (size_t i = 0; i < ap->rows.len; i++)
        running |= ap->rows.items[i].running;
    if (v == ap->version && ap->rows.items && (!running || minute == ap->minute))
        return;
    ap->minute = minute;
    app_team_rows_free(&ap->rows);
    if (app_team_week(u->app, ap->day, &ap->rows, &err)) {
        ui_fail(u, &err);
        ap->version = -1;
        return;
    }
    ap->version = v;
    if (ap->sel >= (int)ap->rows.len)
        ap->sel = ap->rows.len ? (int)ap->rows.len - 1 : 0;
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

static void approvals_draw(ui *u, void *st)
{
    approvals *ap = st;
    load(u, ap);
    const app_team_rows *rs = &ap->rows;
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
    if (ap->sel < ap->top)
        ap->top = ap->sel;
    if (ap->sel >= ap->top + room)
        ap->top = ap->sel - room + 1;
    for (int i = 0; i < room && ap->top + i < (int)rs->len; i++) {
        const app_team_row *r = &rs->items[ap->top + i];
        sb_reset(&sb);
        text_fit(&sb, r->login, 16, 1, 0);
        sb_addf(&sb, " %-10s %8s %8s  ", week_state_name(r->week.state),
                dur_format_hmm(r->seconds, h1), dur_format_hmm(r->billable_seconds, h2));
        amounts(r, &sb);
        if (r->running)
            sb_add(&sb, "  running");
        if (r->late)
            sb_add(&sb, "  late");
        if (r->week.reason && *r->week.reason) {
            sb_add(&sb, "  · ");
            text_add_printable(&sb, r->week.reason);
        }
        bool sel = ap->top + i == ap->sel;
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

static const app_team_row *selected(ui *u, approvals *ap)
{
    if (ap->sel < 0 || ap->sel >= (int)ap->rows.len) {
        ui_msg(u, "nobody here");
        return NULL;
    }
    return &ap->rows.items[ap->sel];
}

static void done(ui *u, approvals *ap, int rc, const tk_err *err, const char *who,
                 const char *what)
{
    char label[APP_PERIOD_BUF];
    if (rc) {
        ui_fail(u, err);
        return;
    }
    ap->version = -1;
    ui_msg(u, "%s's %s %s", who, app_period_label(u->app, ap->rows.first, label), what);
}

static void approvals_key(ui *u, void *st, ui_action a, int code)
{
    (void)code;
    approvals *ap = st;
    const app_team_row *r;
    tk_err err = { "" };
    int n = (int)ap->rows.len;
    switch (a) {
    case UI_ACT_UP: if (ap->sel > 0) ap->sel--; break;
    case UI_ACT_DOWN: if (ap->sel + 1 < n) ap->sel++; break;
    case UI_ACT_PAGE_UP: case UI_ACT_FIRST: ap->sel = 0; break;
    case UI_ACT_PAGE_DOWN: case UI_ACT_LAST: ap->sel = n ? n - 1 : 0; break;
    case UI_ACT_WEEK_PREV:
        ap->day = app_period_of(u->app, ap->rows.first - 1);
        ap->version = -1;
        break;
    case UI_ACT_WEEK_NEXT:
        ap->day = app_period_last(u->app, ap->rows.first) + 1;
        ap->version = -1;
        break;
    case UI_ACT_APPROVE:
        if ((r = selected(u, ap)))
            done(u, ap, app_week_approve(u->app, r->login, ap->rows.first, &err), &err,
                 r->login, "approved");
        break;
    case UI_ACT_REJECT:
    case UI_ACT_REOPEN:
        if (!selected(u, ap))
            break;
        ap->judging = a;
        ui_line_set(&ap->reason, "");
        ui_push(u, &ui_reason_screen, ap);
        break;
    case UI_ACT_VIEW_GRID:
        if ((r = selected(u, ap)))
            ui_member_open(u, r->user_id, r->login, ap->rows.first);
        break;
    case UI_ACT_HELP: ui_help_open(u); break;
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: break;
    }
}

const ui_screen ui_approvals_screen = { UI_SC_BIT_APPROVALS, approvals_draw, approvals_key,
                                        approvals_free };

/* ---- the reason prompt ---- */

static void reason_draw(ui *u, void *st)
{
    approvals *ap = st;
    const app_team_row *r = ap->sel < (int)ap->rows.len ? &ap->rows.items[ap->sel] : NULL;
    int y, x, h, w;
    ui_box_centre(u, 6, 80, &y, &x, &h, &w);
    char *title = xasprintf("%s %s's week: why?", ap->judging == UI_ACT_REJECT ? "Reject"
                            : "Reopen", r ? r->login : "");
    ui_box(y, x, h, w, title);
    free(title);
    ui_draw_line(y + 2, x + 2, w - 4, &ap->reason, true);
    static const ui_action hints[] = { UI_ACT_CONFIRM, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_REASON, hints, TK_ARRAY_LEN(hints));
}

static void reason_key(ui *u, void *st, ui_action a, int code)
{
    approvals *ap = st;
    if (a == UI_ACT_CLOSE) {
        ui_pop(u);
        return;
    }
    if (a != UI_ACT_CONFIRM) {
        ui_line_key(&ap->reason, a, code);
        return;
    }
    const app_team_row *r = ap->sel < (int)ap->rows.len ? &ap->rows.items[ap->sel] : NULL;
    const char *why = ui_line_str(&ap->reason);
    if (!r)
        return;
    if (!*why) {
        ui_msg(u, "a reason is required");
        u->msg_error = true;
        return;
    }
    tk_err err = { "" };
    char *login = xstrdup(r->login);
    bool reject = ap->judging == UI_ACT_REJECT;
    int rc = reject ? app_week_reject(u->app, login, ap->rows.first, why, &err)
                    : app_week_reopen(u->app, login, ap->rows.first, why, &err);
    ui_pop(u);
    done(u, ap, rc, &err, login, reject ? "rejected" : "reopened");
    free(login);
}

/* Over the approvals view, on its state, which stays the view's. */
const ui_screen ui_reason_screen = { UI_SC_BIT_REASON, reason_draw, reason_key, NULL };
