/* ui_entries.c — the entries behind one cell (ui_entlist.c), in a box over the grid: add, edit
 * (a form), delete, undo. */
#include "ui_entlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "text.h"
#include "app_billing.h"
#include "app_cell.h"
#include "billing.h"

static void entries_free(void *st)
{
    ui_entlist_free(st);
}

void ui_entries_open(ui *u)
{
    ui_entlist *ent = ui_entlist_new(u);
    if (ent)
        ui_push(u, &ui_entries_screen, ent);
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

static void entries_draw(ui *u, void *st)
{
    ui_entlist *ent = st;
    int y, x, h, w;
    int n = (int)ent->list.len;
    ui_box_centre(u, (n ? n : 1) + 5, 78, &y, &x, &h, &w);
    ui_box(y, x, h, w, ent->label);
    int lines = h - 4;
    if (ent->sel < ent->top)
        ent->top = ent->sel;
    if (ent->sel >= ent->top + lines)
        ent->top = ent->sel - lines + 1;
    if (!n)
        ui_put(y + 1, x + 2, w - 4, UI_ROLE_CELL_EMPTY, "no entries on this cell; a adds one", 0);
    tk_err err;
    app_biller *b = n ? app_biller_new(u->app, &err) : NULL;
    for (int i = ent->top; i < n && i < ent->top + lines; i++) {
        strbuf sb = { 0 };
        entry_line(b, &ent->list.items[i], &sb, w - 4 - 42);
        ui_role r = i == ent->sel ? UI_ROLE_CURSOR
                  : ent->list.items[i].invoice_id ? UI_ROLE_CELL_LOCKED : UI_ROLE_BOX;
        ui_put(y + 1 + i - ent->top, x + 2, w - 4, r, sb_str(&sb), 0);
        sb_free(&sb);
    }
    app_biller_free(b);
    static const ui_action hints[] = { UI_ACT_ENTRY_ADD, UI_ACT_ENTRY_EDIT, UI_ACT_ENTRY_DELETE,
                                       UI_ACT_UNDO, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_ENTRIES, hints, TK_ARRAY_LEN(hints));
}

static tk_entry *selected(ui_entlist *ent)
{
    return ent->sel < (int)ent->list.len ? &ent->list.items[ent->sel] : NULL;
}

static void delete_selected(ui *u, ui_entlist *ent)
{
    tk_entry *e = selected(ent);
    tk_err err = { "" };
    if (!e)
        return;
    if (app_cell_remove(u->app, e->id, e, &err)) {
        ui_fail(u, &err);
        return;
    }
    undo_push_entry(&u->undo, UNDO_ENTRY_DELETED, e, NULL);
    ui_msg(u, "deleted entry %lld; u undoes", (long long)e->id);
    ui_entlist_reload(u, ent);
    ui_reload(u);
}

static void move_sel(ui_entlist *ent, int by)
{
    int n = (int)ent->list.len;
    ent->sel += by;
    if (ent->sel >= n)
        ent->sel = n - 1;
    if (ent->sel < 0)
        ent->sel = 0;
}

static void entries_key(ui *u, void *st, ui_action a, int code)
{
    ui_entlist *ent = st;
    (void)code;
    tk_entry *e = selected(ent);
    switch (a) {
    case UI_ACT_UP: move_sel(ent, -1); break;
    case UI_ACT_DOWN: move_sel(ent, 1); break;
    case UI_ACT_PAGE_UP: move_sel(ent, -10); break;
    case UI_ACT_PAGE_DOWN: move_sel(ent, 10); break;
    case UI_ACT_FIRST: move_sel(ent, -(int)ent->list.len); break;
    case UI_ACT_LAST: move_sel(ent, (int)ent->list.len); break;
    case UI_ACT_ENTRY_ADD: ui_form_open(u, ent, NULL); break;
    case UI_ACT_ENTRY_EDIT: ui_form_open(u, ent, e); break;
    case UI_ACT_ENTRY_DELETE: delete_selected(u, ent); break;
    case UI_ACT_UNDO: ui_undo(u); ui_entlist_reload(u, ent); break;
    case UI_ACT_HELP: ui_help_open(u); break;
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: break;
    }
}

const ui_screen ui_entries_screen = { UI_SC_BIT_ENTRIES, entries_draw, entries_key, entries_free };
