/* ui_form.c — one entry's time, tier, note and ticket in a small form over the entries screen.
 * Saving goes through app_cell_commit (overlap and lock rules included); the entry as it
 * was goes on the undo stack. */
#include "ui_entlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "app_entry.h"
#include "app_cell.h"
#include "app_ref.h"

enum { F_TIME, F_TIER, F_NOTE, F_REF, FIELDS };

static const char *const field_names[FIELDS] = { "Time", "Tier", "Note", "Ticket" };

/* The form's state: its fields, the entry being edited (id 0: a new one) and the entries
 * screen below, which it reloads after a save. */
typedef struct form_state {
    ui_line field[FIELDS];
    int focus;
    tk_entry base;
    ui_entlist *ent;
} form_state;

static void form_free(void *st)
{
    form_state *f = st;
    for (int i = 0; i < FIELDS; i++)
        ui_line_free(&f->field[i]);
    tk_entry_clear(&f->base);
    free(f);
}

static void time_text(const tk_entry *e, char *buf, size_t size)
{
    char a[DAY_TIME_BUF], b[DAY_TIME_BUF];
    if (e->has_range)
        snprintf(buf, size, "%s-%s", local_format_hm(e->start, a), local_format_hm(e->end, b));
    else
        dur_format_hmm(e->seconds, buf);
}

/* 1 with a message when the entry (NULL: a new one on the cell) may not change. */
static int refused(ui *u, const ui_entlist *ent, const tk_entry *e)
{
    char why[128];
    int d = ent->day - u->week;
    if (e && e->invoice_id)
        snprintf(why, sizeof why, "locked: entry %lld is on an invoice", (long long)e->id);
    else if (!(d >= 0 && d < 7 && ui_cell_locked(u, NULL, d, why, sizeof why)))
        return 0;
    ui_msg(u, "%s", why);
    u->msg_error = true;
    return 1;
}

/* The form starts from a new entry on the selected cell, billable as its client/project is. */
static int start_new(ui *u, form_state *f, tk_err *err)
{
    const ui_entlist *ent = f->ent;
    tk_entry *b = &f->base;
    b->user_id = u->app->user_id;
    b->client_id = ent->client_id;
    b->project_id = ent->project_id;
    b->tier = *ent->tier ? xstrdup(ent->tier) : NULL;
    b->day = ent->day;
    b->note = xstrdup("");
    ui_line_set(&f->field[F_TIME], "");
    ui_line_set(&f->field[F_TIER], ent->tier);
    ui_line_set(&f->field[F_NOTE], "");
    ui_line_set(&f->field[F_REF], "");
    return app_cell_billable(u->app, b->client_id, b->project_id, &b->billable, err);
}

static void start_edit(form_state *f, const tk_entry *e)
{
    char t[64];
    tk_entry_copy(&f->base, e);
    time_text(e, t, sizeof t);
    ui_line_set(&f->field[F_TIME], t);
    ui_line_set(&f->field[F_TIER], e->tier ? e->tier : "");
    ui_line_set(&f->field[F_NOTE], e->note ? e->note : "");
    ui_line_set(&f->field[F_REF], e->ref ? e->ref : "");
}

void ui_form_open(ui *u, ui_entlist *ent, const tk_entry *e)
{
    tk_err err = { "" };
    if (refused(u, ent, e))
        return;
    form_state *f = xcalloc(1, sizeof *f);
    f->ent = ent;
    if (e) {
        start_edit(f, e);
    } else if (start_new(u, f, &err)) {
        ui_fail(u, &err);
        form_free(f);
        return;
    }
    f->focus = F_TIME;
    ui_push(u, &ui_form_screen, f);
}

static void form_draw(ui *u, void *st)
{
    form_state *f = st;
    int y, x, h, w;
    ui_box_centre(u, 10, 64, &y, &x, &h, &w);
    char *title = f->base.id ? xasprintf("Entry %lld · %s", (long long)f->base.id, f->ent->label)
                             : xasprintf("New entry · %s", f->ent->label);
    ui_box(y, x, h, w, title);
    free(title);
    for (int i = 0; i < FIELDS; i++) {
        ui_put(y + 2 + i, x + 2, 6, i == f->focus ? UI_ROLE_KEY : UI_ROLE_BOX,
               field_names[i], 0);
        ui_draw_line(y + 2 + i, x + 8, w - 10, &f->field[i], i == f->focus);
    }
    ui_put(y + 1, x + 2, w - 4, UI_ROLE_CELL_EMPTY,
           "time: 1:30 or 09:00-10:30 · tier: empty = by the clock", 0);
    static const ui_action hints[] = { UI_ACT_FIELD_NEXT, UI_ACT_CONFIRM, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_FORM, hints, TK_ARRAY_LEN(hints));
}

/* The form's fields on a copy of the base entry; -1 with err when a field is wrong. */
static int form_entry(ui *u, form_state *f, tk_entry *e, tk_err *err)
{
    tk_entry_copy(e, &f->base);
    const char *tier = ui_line_str(&f->field[F_TIER]);
    if (*tier && app_check_tier(u->app, tier, err))
        return -1;
    if (app_entry_parse_time(u->app, ui_line_str(&f->field[F_TIME]), f->base.day, e, err))
        return -1;
    free(e->tier);
    e->tier = *tier ? xstrdup(tier) : NULL;
    free(e->note);
    e->note = xstrdup(ui_line_str(&f->field[F_NOTE]));
    /* An empty ticket on an entry that had none leaves it to [tickets] pattern; on one that
     * had one, it clears it. */
    const char *ref = ui_line_str(&f->field[F_REF]);
    free(e->ref);
    e->ref = *ref || f->base.ref ? xstrdup(ref) : NULL;
    return app_ref_check(e->ref, err);
}

static void form_save(ui *u, form_state *f)
{
    tk_err err = { "" };
    tk_entry e;
    int rc = form_entry(u, f, &e, &err);
    if (rc == 0)
        rc = app_cell_commit(u->app, &e, e.id ? &f->base : NULL, &err);
    if (rc) {
        ui_fail(u, &err);
    } else {
        bool added = !f->base.id;
        undo_push_entry(&u->undo, added ? UNDO_ENTRY_ADDED : UNDO_ENTRY_CHANGED,
                        added ? &e : &f->base, &e);
        ui_msg(u, "%s entry %lld; u undoes", added ? "added" : "saved", (long long)e.id);
        ui_pop(u);
        ui_entlist_reload(u, f->ent);
        ui_reload(u);
    }
    tk_entry_clear(&e);
}

static void form_key(ui *u, void *st, ui_action a, int code)
{
    form_state *f = st;
    switch (a) {
    case UI_ACT_FIELD_NEXT: f->focus = (f->focus + 1) % FIELDS; break;
    case UI_ACT_FIELD_PREV:
        f->focus = (f->focus + FIELDS - 1) % FIELDS;
        break;
    case UI_ACT_CONFIRM: form_save(u, f); break;
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: ui_line_key(&f->field[f->focus], a, code); break;
    }
}

const ui_screen ui_form_screen = { UI_SC_BIT_FORM, form_draw, form_key, form_free };
