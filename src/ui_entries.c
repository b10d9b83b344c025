/* ui_entries.c — the entries behind one cell, in a box over the grid: add, edit (a form),
 * delete, undo. Loaded with one query bounded by the day (app_cell_entries). */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "text.h"

void ui_entries_reload(ui *u)
{
    tk_err err = { "" };
    tk_entry_list_free(&u->ent.list);
    if (app_cell_entries(u->app, u->ent.client_id, u->ent.project_id, u->ent.tier,
                         u->ent.billable, u->ent.day, &u->ent.list, &err))
        ui_fail(u, &err);
    if (u->ent.sel >= (int)u->ent.list.len)
        u->ent.sel = u->ent.list.len ? (int)u->ent.list.len - 1 : 0;
}

void ui_entries_open(ui *u)
{
    week_row *r = ui_row(u);
    if (!r)
        return;
    char d[DAY_BUF];
    free(u->ent.tier);
    free(u->ent.label);
    u->ent.client_id = r->client_id;
    u->ent.project_id = r->project_id;
    u->ent.tier = xstrdup(r->tier);
    u->ent.billable = r->billable;
    u->ent.day = u->week + u->col;
    u->ent.label = xasprintf("%s%s%s%s%s%s · %s %s", r->client, *r->project ? "/" : "",
                             r->project, *r->tier ? " [" : "", r->tier, *r->tier ? "]" : "",
                             ui_weekday(u->ent.day), day_format(u->ent.day, d));
    u->ent.sel = u->ent.top = 0;
    ui_entries_reload(u);
    ui_push(u, &ui_entries_screen);
}

/* One entry of the cell; biller bills it, to show the tier or tiers it bills at. */
static void entry_line(app_biller *biller, const tk_entry *e, strbuf *sb, int note_w)
{
    char a[DAY_TIME_BUF], b[DAY_TIME_BUF], dur[32];
    if (e->has_range)
        sb_addf(sb, "%s-%s", local_format_hm(e->start, a), local_format_hm(e->end, b));
    else
        sb_add(sb, "  (total)  ");
    sb_addf(sb, " %6s  ", dur_format_hmm(e->seconds, dur));
    strbuf tiers = { 0 };
    tk_bill bill;
    tk_err err;
    if (biller && app_bill(biller, e, &bill, &err) == 0)
        bill_tiers(&bill, &tiers);
    else
        sb_add(&tiers, e->tier ? e->tier : TIER_STANDARD);
    text_fit(sb, sb_str(&tiers), 20, 1, 0);
    sb_free(&tiers);
    sb_add(sb, " ");
    strbuf note = { 0 };
    sb_add(&note, e->note ? e->note : "");
    if (!e->billable)
        sb_add(&note, " (non-billable)");
    if (e->invoice_id)
        sb_addf(&note, " (invoiced #%lld)", (long long)e->invoice_id);
    text_fit(sb, sb_str(&note), note_w, 1, 0);
    sb_free(&note);
}

static void entries_draw(ui *u)
{
    int y, x, h, w;
    int n = (int)u->ent.list.len;
    ui_box_centre(u, (n ? n : 1) + 5, 78, &y, &x, &h, &w);
    ui_box(y, x, h, w, u->ent.label);
    int lines = h - 4;
    if (u->ent.sel < u->ent.top)
        u->ent.top = u->ent.sel;
    if (u->ent.sel >= u->ent.top + lines)
        u->ent.top = u->ent.sel - lines + 1;
    if (!n)
        ui_put(y + 1, x + 2, w - 4, UI_ROLE_CELL_EMPTY, "no entries on this cell; a adds one", 0);
    tk_err err;
    app_biller *b = n ? app_biller_new(u->app, &err) : NULL;
    for (int i = u->ent.top; i < n && i < u->ent.top + lines; i++) {
        strbuf sb = { 0 };
        entry_line(b, &u->ent.list.items[i], &sb, w - 4 - 42);
        ui_role r = i == u->ent.sel ? UI_ROLE_CURSOR
                  : u->ent.list.items[i].invoice_id ? UI_ROLE_CELL_LOCKED : UI_ROLE_BOX;
        ui_put(y + 1 + i - u->ent.top, x + 2, w - 4, r, sb_str(&sb), 0);
        sb_free(&sb);
    }
    app_biller_free(b);
    static const ui_action hints[] = { UI_ACT_ENTRY_ADD, UI_ACT_ENTRY_EDIT, UI_ACT_ENTRY_DELETE,
                                       UI_ACT_UNDO, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_ENTRIES, hints, TK_ARRAY_LEN(hints));
}

static tk_entry *selected(ui *u)
{
    return u->ent.sel < (int)u->ent.list.len ? &u->ent.list.items[u->ent.sel] : NULL;
}

static void delete_selected(ui *u)
{
    tk_entry *e = selected(u);
    tk_err err = { "" };
    if (!e)
        return;
    if (app_entry_remove(u->app, e->id, e, &err)) {
        ui_fail(u, &err);
        return;
    }
    undo_push_entry(&u->undo, UNDO_ENTRY_DELETED, e, NULL);
    ui_msg(u, "deleted entry %lld; u undoes", (long long)e->id);
    ui_entries_reload(u);
    ui_reload(u);
}

static void move_sel(ui *u, int by)
{
    int n = (int)u->ent.list.len;
    u->ent.sel += by;
    if (u->ent.sel >= n)
        u->ent.sel = n - 1;
    if (u->ent.sel < 0)
        u->ent.sel = 0;
}

static void entries_key(ui *u, ui_action a, int code)
{
    (void)code;
    tk_entry *e = selected(u);
    switch (a) {
    case UI_ACT_UP: move_sel(u, -1); break;
    case UI_ACT_DOWN: move_sel(u, 1); break;
    case UI_ACT_PAGE_UP: move_sel(u, -10); break;
    case UI_ACT_PAGE_DOWN: move_sel(u, 10); break;
    case UI_ACT_FIRST: move_sel(u, -(int)u->ent.list.len); break;
    case UI_ACT_LAST: move_sel(u, (int)u->ent.list.len); break;
    case UI_ACT_ENTRY_ADD: ui_form_open(u, NULL); break;
    case UI_ACT_ENTRY_EDIT: ui_form_open(u, e); break;
    case UI_ACT_ENTRY_DELETE: delete_selected(u); break;
    case UI_ACT_UNDO: ui_undo(u); ui_entries_reload(u); break;
    case UI_ACT_HELP: ui_help_open(u); break;
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: break;
    }
}

const ui_screen ui_entries_screen = { UI_SC_BIT_ENTRIES, entries_draw, entries_key };
