/* ui_invedit.c — the invoice preview's small form: the selected line's description, or the
 * invoice's date and payment terms. */
#include "ui_invdraft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The form's state: the preview it edits and its one or two fields. */
typedef struct invedit_state {
    ui_invdraft *inv;
    bool desc;               /* the description; else the date and terms */
    ui_line field[2];
    int nfields, focus;
} invedit_state;

static void invedit_free(void *st)
{
    invedit_state *s = st;
    for (size_t i = 0; i < TK_ARRAY_LEN(s->field); i++)
        ui_line_free(&s->field[i]);
    free(s);
}

void ui_invedit_open(ui *u, ui_invdraft *inv, bool desc)
{
    char d[DAY_BUF], t[32];
    if (desc && !inv->full.inv.nlines)
        return;
    invedit_state *s = xcalloc(1, sizeof *s);
    s->inv = inv;
    s->desc = desc;
    s->nfields = desc ? 1 : 2;
    if (desc) {
        ui_line_set(&s->field[0], ui_invdraft_line_desc(inv, (size_t)inv->sel));
    } else {
        if (inv->terms >= 0)
            snprintf(t, sizeof t, "%ld", inv->terms);
        else
            t[0] = '\0';
        ui_line_set(&s->field[0], day_format(inv->date, d));
        ui_line_set(&s->field[1], t);
    }
    ui_push(u, &ui_invedit_screen, s);
}

static void invedit_draw(ui *u, void *st)
{
    invedit_state *s = st;
    static const char *const names[2][2] = { { "Date", "Terms" }, { "Text", "" } };
    int y, x, h, w;
    ui_box_centre(u, 7, 72, &y, &x, &h, &w);
    ui_box(y, x, h, w, s->desc ? "Line description (empty: as built)"
                                           : "Invoice date (YYYY-MM-DD) and payment terms (days)");
    for (int i = 0; i < s->nfields; i++) {
        ui_put(y + 1 + i, x + 2, 6, i == s->focus ? UI_ROLE_KEY : UI_ROLE_BOX,
               names[s->desc][i], 0);
        ui_draw_line(y + 1 + i, x + 9, w - 11, &s->field[i], i == s->focus);
    }
    static const ui_action hints[] = { UI_ACT_FIELD_NEXT, UI_ACT_CONFIRM, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_INVEDIT, hints, TK_ARRAY_LEN(hints));
}

static void save_desc(ui *u, invedit_state *s)
{
    ui_invdraft *inv = s->inv;
    size_t i = (size_t)inv->sel;
    const char *text = ui_line_str(&s->field[0]);
    free(inv->desc[i]);
    inv->desc[i] = *text && strcmp(text, inv->full.inv.lines[i].description) ? xstrdup(text)
                                                                             : NULL;
    ui_invdraft_rebuild(u, inv);
    ui_pop(u);
    ui_msg(u, "description: %s", ui_invdraft_line_desc(inv, i));
}

static void save_terms(ui *u, invedit_state *s)
{
    ui_invdraft *inv = s->inv;
    tk_err err = { "" };
    tk_day day;
    char *end;
    if (day_parse(ui_line_str(&s->field[0]), u->today, &day, &err)) {
        ui_fail(u, &err);
        return;
    }
    const char *tt = ui_line_str(&s->field[1]);
    long terms = strtol(tt, &end, 10);
    if (!*tt)   /* empty: the Zoho contact's own terms */
        terms = -1;
    else if (end == tt || *end || terms < 0 || terms > 3650) {
        ui_msg(u, "payment terms: a number of days, such as 14, or empty for the contact's");
        u->msg_error = true;
        return;
    }
    inv->date = day;
    inv->terms = terms;
    ui_pop(u);
}

static void invedit_key(ui *u, void *st, ui_action a, int code)
{
    invedit_state *s = st;
    switch (a) {
    case UI_ACT_FIELD_NEXT: case UI_ACT_FIELD_PREV:
        s->focus = (s->focus + 1) % s->nfields;
        break;
    case UI_ACT_CONFIRM:
        if (s->desc)
            save_desc(u, s);
        else
            save_terms(u, s);
        break;
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: ui_line_key(&s->field[s->focus], a, code); break;
    }
}

const ui_screen ui_invedit_screen = { UI_SC_BIT_INVEDIT, invedit_draw, invedit_key, invedit_free };

