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

enum { HAY_CLIENT, HAY_PROJECT, HAYS = 4 }; /* each plain, then spelled */

static void free_hays(ui *u)
{
    for (size_t i = 0; u->pick.hay && i < HAYS * u->pick.all.len; i++)
        free(u->pick.hay[i]);
    free(u->pick.hay);
    u->pick.hay = NULL;
}

/* Folds every row's client and project text once, when the picker opens. */
static void make_hays(ui *u)
{
    const char *client_name = "";
    u->pick.hay = xcalloc(HAYS * u->pick.all.len + 1, sizeof *u->pick.hay);
    for (size_t i = 0; i < u->pick.all.len; i++) {
        const app_target *t = &u->pick.all.items[i];
        if (!*t->project)
            client_name = t->name;   /* a client comes before its projects */
        const char *pname = t->name;
        if (*t->project && !strncmp(pname, client_name, strlen(client_name)) &&
            !strncmp(pname + strlen(client_name), " / ", 3))
            pname += strlen(client_name) + 3;
        char *c = xasprintf("%s %s", t->client, *t->project ? client_name : t->name);
        char *p = xasprintf("%s %s", t->project, *t->project ? pname : "");
        for (int spelled = 0; spelled < 2; spelled++) {
            u->pick.hay[HAYS * i + 2 * HAY_CLIENT + spelled] = text_fold_plain(c, spelled);
            u->pick.hay[HAYS * i + 2 * HAY_PROJECT + spelled] = text_fold_plain(p, spelled);
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
static bool matches(const ui *u, size_t i, char *const *words, size_t nwords)
{
    char *const *client = u->pick.hay + HAYS * i + 2 * HAY_CLIENT;
    char *const *project = u->pick.hay + HAYS * i + 2 * HAY_PROJECT;
    bool has_project = *u->pick.all.items[i].project;
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

static void refilter(ui *u)
{
    free(u->pick.match);
    u->pick.match = xcalloc(u->pick.all.len + 1, sizeof *u->pick.match);
    u->pick.nmatch = 0;
    /* The filter is folded and split once per keystroke, the rows once per opening. */
    char *folded = text_fold_plain(ui_line_str(&u->pick.filter), false);
    TK_VEC(char *) words = { 0 };
    for (char *w = strtok(folded, " "); w; w = strtok(NULL, " "))
        TK_PUSH(words, w);
    for (size_t i = 0; i < u->pick.all.len; i++)
        if (matches(u, i, words.items, words.len))
            u->pick.match[u->pick.nmatch++] = i;
    free(words.items);
    free(folded);
    u->pick.sel = u->pick.top = 0;
}

void ui_picker_free(ui *u)
{
    free_hays(u);
    app_targets_free(&u->pick.all);
    free(u->pick.match);
    u->pick.match = NULL;
    u->pick.nmatch = 0;
}

void ui_picker_open(ui *u)
{
    tk_err err = { "" };
    ui_picker_free(u);
    if (app_targets_list(u->app, &u->pick.all, &err)) {
        ui_fail(u, &err);
        return;
    }
    make_hays(u);
    ui_line_set(&u->pick.filter, "");
    u->pick.tier = 0;
    refilter(u);
    ui_push(u, &ui_picker_screen);
}

static void picker_draw(ui *u)
{
    int y, x, h, w;
    int want = (int)u->pick.all.len + 6;
    ui_box_centre(u, want < 8 ? 8 : want > 20 ? 20 : want, 72, &y, &x, &h, &w);
    ui_box(y, x, h, w, "Add a row");
    ui_put(y + 1, x + 2, 8, UI_ROLE_BOX, "Filter", 0);
    ui_draw_line(y + 1, x + 10, w - 12, &u->pick.filter, true);
    const char *tier = ui_tier_name(u, (size_t)u->pick.tier);
    char *t = xasprintf("%s", *tier ? tier : "standard / by the clock");
    ui_put(y + 2, x + 2, 8, UI_ROLE_BOX, "Tier", 0);
    ui_put(y + 2, x + 10, w - 12, UI_ROLE_KEY, t, 0);
    free(t);
    int lines = h - 5;
    if (u->pick.sel < u->pick.top)
        u->pick.top = u->pick.sel;
    if (u->pick.sel >= u->pick.top + lines)
        u->pick.top = u->pick.sel - lines + 1;
    if (!u->pick.nmatch)
        ui_put(y + 3, x + 2, w - 4, UI_ROLE_CELL_EMPTY,
               !u->pick.all.len ? "no clients yet: tock client add KEY"
               : strchr(ui_line_str(&u->pick.filter), '/')
                   ? "no such project: tock project add CLIENT/PROJECT adds one"
                   : "nothing matches", 0);
    int key_w = (w - 4) / 2;
    for (int i = u->pick.top; i < (int)u->pick.nmatch && i < u->pick.top + lines; i++) {
        const app_target *p = &u->pick.all.items[u->pick.match[i]];
        char *spec = xasprintf("%s%s%s", p->client, *p->project ? "/" : "", p->project);
        char *name = xasprintf("%s%s", p->name, p->billable ? "" : " (non-billable)");
        ui_role r = i == u->pick.sel ? UI_ROLE_CURSOR : p->billable ? UI_ROLE_BOX
                                                                    : UI_ROLE_ROW_NONBILL;
        ui_put(y + 3 + i - u->pick.top, x + 2, key_w, r, spec, 0);
        ui_put(y + 3 + i - u->pick.top, x + 2 + key_w, w - 4 - key_w, r, name, 0);
        free(spec);
        free(name);
    }
    static const ui_action hints[] = { UI_ACT_PICK, UI_ACT_PICK_TIER, UI_ACT_CLOSE };
    ui_draw_hints(y + h - 2, x + 2, w - 4, UI_SC_BIT_PICKER, hints, TK_ARRAY_LEN(hints));
}

static void pick(ui *u)
{
    if (!u->pick.nmatch)
        return;
    const app_target *p = &u->pick.all.items[u->pick.match[u->pick.sel]];
    const char *tier = ui_tier_name(u, (size_t)u->pick.tier);
    if (u->pick.start) {
        tk_err err = { "" };
        int64_t now = tk_now(), stopped;
        char hm[DAY_TIME_BUF];
        if (app_timer_start_ids(u->app, p->client_id, p->project_id, tier, now, &stopped, &err)) {
            ui_fail(u, &err);
            return;
        }
        free(u->pick.started);
        u->pick.started = xasprintf("started %s%s%s%s%s at %s", p->client, *p->project ? "/" : "",
                                    p->project, *tier ? " " : "", tier, local_format_hm(now, hm));
        u->quit = true;
        return;
    }
    ui_pop(u);
    ui_pin(u, p, tier);
    ui_msg(u, "row %s%s%s%s%s added; type a duration or press space to start the timer",
           p->client, *p->project ? "/" : "", p->project, *tier ? " " : "", tier);
}

static void move_sel(ui *u, int by)
{
    int n = (int)u->pick.nmatch;
    u->pick.sel += by;
    if (u->pick.sel >= n)
        u->pick.sel = n - 1;
    if (u->pick.sel < 0)
        u->pick.sel = 0;
}

static void picker_key(ui *u, ui_action a, int code)
{
    switch (a) {
    case UI_ACT_UP: move_sel(u, -1); break;
    case UI_ACT_DOWN: move_sel(u, 1); break;
    case UI_ACT_PAGE_UP: move_sel(u, -10); break;
    case UI_ACT_PAGE_DOWN: move_sel(u, 10); break;
    case UI_ACT_FIRST: move_sel(u, -(int)u->pick.nmatch); break;
    case UI_ACT_LAST: move_sel(u, (int)u->pick.nmatch); break;
    case UI_ACT_PICK_TIER: u->pick.tier = (u->pick.tier + 1) % (int)ui_tier_count(u); break;
    case UI_ACT_PICK: pick(u); break;
    case UI_ACT_CLOSE:
        if (u->pick.start)
            u->quit = true;
        ui_pop(u);
        break;
    default:
        if (ui_line_key(&u->pick.filter, a, code))
            refilter(u);
        break;
    }
}

const ui_screen ui_picker_screen = { UI_SC_BIT_PICKER, picker_draw, picker_key };
