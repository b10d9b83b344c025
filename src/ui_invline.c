/* ui_invline.c — the entries behind the invoice preview's selected line (Enter on a line):
 * each entry's day, time, duration, billed time and note. */
#include "ui_invdraft.h"

#include <stdlib.h>

#include "duration.h"
#include "text.h"
#include "app_invoice.h"
#include "invoice.h"

/* The list's state: the preview it belongs to, the selected entry and the first shown. */
typedef struct invline_state {
    const ui_invdraft *inv;
    int sel, top;
} invline_state;

static void invline_free(void *st)
{
    free(st);
}

void ui_invline_open(ui *u, ui_invdraft *inv)
{
    invline_state *s = xcalloc(1, sizeof *s);
    s->inv = inv;
    ui_push(u, &ui_invline_screen, s);
}

static bool on_line(const tk_inv_line *l, int64_t id)
{
    for (size_t i = 0; i < l->nids; i++)
        if (l->entry_ids[i] == id)
            return true;
    return false;
}

static void invline_draw(ui *u, void *st)
{
    invline_state *s = st;
    const ui_invdraft *inv = s->inv;
    const app_draft *d = &inv->full;
    const tk_inv_line *l = &d->inv.lines[inv->sel];
    int y, x, h, w;
    ui_box_centre(u, (int)l->nids + 5, 90, &y, &x, &h, &w);
    ui_box(y, x, h, w, ui_invdraft_line_desc(inv, (size_t)inv->sel));
    int rows = h - 4, row = 0;
    if (s->sel >= (int)l->nids)
        s->sel = l->nids ? (int)l->nids - 1 : 0;
    if (s->sel < s->top)
        s->top = s->sel;
    if (s->sel >= s->top + rows)
        s->top = s->sel - rows + 1;
    for (size_t i = 0, k = 0; i < d->nentries; i++) {
        const tk_entry *e = &d->entries[i];
        if (!on_line(l, e->id))
            continue;
        int idx = (int)k++;
        if (idx < s->top || row >= rows)
            continue;
        char day[DAY_BUF], a[DAY_TIME_BUF], b[DAY_TIME_BUF], dur[32], bill[32];
        strbuf sb = { 0 };
        sb_addf(&sb, "%s %s  ", day_format(e->day, day), ui_weekday(e->day));
        if (e->has_range)
            sb_addf(&sb, "%s-%s", local_format_hm(e->start, a), local_format_hm(e->end, b));
        else
            sb_add(&sb, " (total)   ");
        sb_addf(&sb, " %6s  billed %6s  ", dur_format_hmm(e->seconds, dur),
                dur_format_hmm(d->items[i].bill.billed_seconds, bill));
        text_fit(&sb, e->note ? e->note : "", w - 4 - text_width(sb_str(&sb)), 1, 0);
        ui_put(y + 1 + row++, x + 2, w - 4, idx == s->sel ? UI_ROLE_CURSOR : UI_ROLE_BOX,
               sb_str(&sb), 0);
        sb_free(&sb);
    }
    static const ui_action hints[] = { UI_ACT_DOWN, UI_ACT_UP, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_INVLINE, hints, TK_ARRAY_LEN(hints));
}

static void invline_key(ui *u, void *st, ui_action a, int code)
{
    invline_state *s = st;
    const ui_invdraft *inv = s->inv;
    (void)code;
    int n = (int)inv->full.inv.lines[inv->sel].nids;
    switch (a) {
    case UI_ACT_UP: case UI_ACT_PAGE_UP: case UI_ACT_FIRST:
        s->sel -= a == UI_ACT_UP ? 1 : a == UI_ACT_PAGE_UP ? 10 : n;
        if (s->sel < 0)
            s->sel = 0;
        break;
    case UI_ACT_DOWN: case UI_ACT_PAGE_DOWN: case UI_ACT_LAST:
        s->sel += a == UI_ACT_DOWN ? 1 : a == UI_ACT_PAGE_DOWN ? 10 : n;
        break;
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: break;
    }
}

const ui_screen ui_invline_screen = { UI_SC_BIT_INVLINE, invline_draw, invline_key, invline_free };

