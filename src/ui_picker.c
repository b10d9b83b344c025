/* ui_picker.c — add a row: every active client and project, filtered as you type, Tab to
 * choose the tier, Enter to add. Each word must appear in the row's keys or names, ignoring
 * case and accents as people type them ("zurich" and "zuerich" find "Zürich AG"); a word with
 * a slash, "client/project", matches the client before it and the project after it, so
 * "zuerich/" lists that client's projects. */
#include "ui.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "text.h"
#include "app_cell.h"
#include "app_targets.h"

enum { HAY_CLIENT, HAY_PROJECT, HAYS = 4 }; /* each plain, then spelled */

/* The picker's state. */
typedef struct picker_state {
    app_targets all;
    char **hay;              /* per row: its client and project text, folded */
    size_t *match;
    size_t nmatch;
    int sel, top, tier;      /* tier: index into the choices (0 = standard) */
    ui_line filter;
    bool start;              /* tock pick: picking starts the timer and quits; closing quits */
} picker_state;

static void free_hays(picker_state *s)
{
    for (size_t i = 0; s->hay && i < HAYS * s->all.len; i++)
        free(s->hay[i]);
    free(s->hay);
    s->hay = NULL;
}

/* Folds every row's client and project text once, when the picker opens. */
static void make_hays(picker_state *s)
{
    const char *client_name = "";
    s->hay = xcalloc(HAYS * s->all.len + 1, sizeof *s->hay);
    for (size_t i = 0; i < s->all.len; i++) {
        const app_target *t = &s->all.items[i];
        if (!*t->project)
            client_name = t->name;   /* a client comes before its projects */
        const char *pname = t->name;
        if (*t->project && !strncmp(pname, client_name, strlen(client_name)) &&
            !strncmp(pname + strlen(client_name), " / ", 3))
            pname += strlen(client_name) + 3;
        char *c = xasprintf("%s %s", t->client, *t->project ? client_name : t->name);
        char *p = xasprintf("%s %s", t->project, *t->project ? pname : "");
        for (int spelled = 0; spelled < 2; spelled++) {
            s->hay[HAYS * i + 2 * HAY_CLIENT + spelled] = text_fold_plain(c, spelled);
            s->hay[HAYS * i + 2 * HAY_PROJECT + spelled] = text_fold_plain(p, spelled);
        }
        free(c);
        free(p);
    }
}

static bool in(char *const *hay, const char *word)
{
    return !*word || strstr(hay[0], word) || strstr(hay[1], word);
}

/* Every word (folded already) occurs in row i, as described at the top. */
static bool matches(const picker_state *s, size_t i, char *const *words, size_t nwords)
{
    char *const *client = s->hay + HAYS * i + 2 * HAY_CLIENT;
    char *const *project = s->hay + HAYS * i + 2 * HAY_PROJECT;
    bool has_project = *s->all.items[i].project;
    for (size_t k = 0; k < nwords; k++) {
        char *slash = strchr(words[k], '/');
        if (slash) {
            *slash = '\0';
            bool ok = has_project && in(client, words[k]) && in(project, slash + 1);
            *slash = '/';
            if (!ok)
                return false;
        } else if (!in(client, words[k]) && !in(project, words[k])) {
            return false;
        }
    }
    return true;
}

static void refilter(picker_state *s)
{
    free(s->match);
    s->match = xcalloc(s->all.len + 1, sizeof *s->match);
    s->nmatch = 0;
    /* The filter is folded and split once per keystroke, the rows once per opening. */
    char *folded = text_fold_plain(ui_line_str(&s->filter), false);
    TK_VEC(char *) words = { 0 };
    for (char *w = strtok(folded, " "); w; w = strtok(NULL, " "))
        TK_PUSH(words, w);
    for (size_t i = 0; i < s->all.len; i++)
        if (matches(s, i, words.items, words.len))
            s->match[s->nmatch++] = i;
    free(words.items);
    free(folded);
    s->sel = s->top = 0;
}

static void picker_free(void *st)
{
    picker_state *s = st;
    free_hays(s);
    app_targets_free(&s->all);
    free(s->match);
    ui_line_free(&s->filter);
    free(s);
}

void ui_picker_open(ui *u, bool start)
{
    tk_err err = { "" };
    picker_state *s = xcalloc(1, sizeof *s);
    s->start = start;
    if (app_targets_list(u->app, &s->all, &err)) {
        ui_fail(u, &err);
        picker_free(s);
        return;
    }
    make_hays(s);
    ui_line_set(&s->filter, "");
    refilter(s);
    ui_push(u, &ui_picker_screen, s);
}

static void picker_draw(ui *u, void *st)
{
    picker_state *s = st;
    int y, x, h, w;
    int want = (int)s->all.len + 6;
    ui_box_centre(u, want < 8 ? 8 : want > 20 ? 20 : want, 72, &y, &x, &h, &w);
    ui_box(y, x, h, w, "Add a row");
    ui_put(y + 1, x + 2, 8, UI_ROLE_BOX, "Filter", 0);
    ui_draw_line(y + 1, x + 10, w - 12, &s->filter, true);
    const char *tier = ui_tier_name(u, (size_t)s->tier);
    char *t = xasprintf("%s", *tier ? tier : "standard / by the clock");
    ui_put(y + 2, x + 2, 8, UI_ROLE_BOX, "Tier", 0);
    ui_put(y + 2, x + 10, w - 12, UI_ROLE_KEY, t, 0);
    free(t);
    int lines = h - 5;
    if (s->sel < s->top)
        s->top = s->sel;
    if (s->sel >= s->top + lines)
        s->top = s->sel - lines + 1;
    if (!s->nmatch)
        ui_put(y + 3, x + 2, w - 4, UI_ROLE_CELL_EMPTY,
               !s->all.len ? "no clients yet: tock client add KEY"
               : strchr(ui_line_str(&s->filter), '/')
                   ? "no such project: tock project add CLIENT/PROJECT adds one"
                   : "nothing matches", 0);
    int key_w = (w - 4) / 2;
    for (int i = s->top; i < (int)s->nmatch && i < s->top + lines; i++) {
        const app_target *p = &s->all.items[s->match[i]];
        char *spec = xasprintf("%s%s%s", p->client, *p->project ? "/" : "", p->project);
        char *name = xasprintf("%s%s", p->name, p->billable ? "" : " (non-billable)");
        ui_role r = i == s->sel ? UI_ROLE_CURSOR : p->billable ? UI_ROLE_BOX
                                                                    : UI_ROLE_ROW_NONBILL;
        ui_put(y + 3 + i - s->top, x + 2, key_w, r, spec, 0);
        ui_put(y + 3 + i - s->top, x + 2 + key_w, w - 4 - key_w, r, name, 0);
        free(spec);
        free(name);
    }
    static const ui_action hints[] = { UI_ACT_PICK, UI_ACT_PICK_TIER, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_PICKER, hints, TK_ARRAY_LEN(hints));
}

static void pick(ui *u, picker_state *s)
{
    if (!s->nmatch)
        return;
    const app_target *p = &s->all.items[s->match[s->sel]];
    const char *tier = ui_tier_name(u, (size_t)s->tier);
    if (s->start) {
        tk_err err = { "" };
        int64_t now = clock_now(), stopped;
        char hm[DAY_TIME_BUF];
        if (app_cell_start_timer(u->app, p->client_id, p->project_id, tier, now, &stopped, &err)) {
            ui_fail(u, &err);
            return;
        }
        free(u->picked);
        u->picked = xasprintf("started %s%s%s%s%s at %s", p->client, *p->project ? "/" : "",
                              p->project, *tier ? " " : "", tier, local_format_hm(now, hm));
        u->quit = true;
        return;
    }
    ui_pop(u);
    ui_pin(u, p, tier);
    ui_msg(u, "row %s%s%s%s%s added; type a duration or press space to start the timer",
           p->client, *p->project ? "/" : "", p->project, *tier ? " " : "", tier);
}

static void move_sel(picker_state *s, int by)
{
    int n = (int)s->nmatch;
    s->sel += by;
    if (s->sel >= n)
        s->sel = n - 1;
    if (s->sel < 0)
        s->sel = 0;
}

static void picker_key(ui *u, void *st, ui_action a, int code)
{
    picker_state *s = st;
    switch (a) {
    case UI_ACT_UP: move_sel(s, -1); break;
    case UI_ACT_DOWN: move_sel(s, 1); break;
    case UI_ACT_PAGE_UP: move_sel(s, -10); break;
    case UI_ACT_PAGE_DOWN: move_sel(s, 10); break;
    case UI_ACT_FIRST: move_sel(s, -(int)s->nmatch); break;
    case UI_ACT_LAST: move_sel(s, (int)s->nmatch); break;
    case UI_ACT_PICK_TIER: s->tier = (s->tier + 1) % (int)ui_tier_count(u); break;
    case UI_ACT_PICK: pick(u, s); break;
    case UI_ACT_CLOSE:
        if (s->start)
            u->quit = true;
        ui_pop(u);
        break;
    default:
        if (ui_line_key(&s->filter, a, code))
            refilter(s);
        break;
    }
}

const ui_screen ui_picker_screen = { UI_SC_BIT_PICKER, picker_draw, picker_key, picker_free };
