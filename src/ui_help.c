/* ui_help.c — the `?` overlay: every screen's keys, generated from the action table. */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define KEYS_W 22

/* Line i of the help into title (a screen's name), or keys + help; a blank line has neither.
 * Returns the number of lines when i is past the end. */
static int help_line(int i, const char **title, const char **help, char *keys, size_t size)
{
    int n = 0;
    *title = *help = NULL;
    keys[0] = '\0';
    if (i == n++) {
        *help = "Ctrl-C quits from anywhere; a running timer keeps running.";
        return -1;
    }
    for (int s = 0; s < UI_SC_COUNT; s++) {
        if (i == n++) {
            *help = "";
            return -1;
        }
        if (i == n++) {
            *title = ui_screens[s].title;
            return -1;
        }
        for (int a = 0; a < UI_ACT_COUNT; a++) {
            char k[128];
            if (!(ui_actions[a].screens & (1u << s)) || !*ui_action_keys((ui_action)a, s, k, sizeof k))
                continue;
            if (i == n++) {
                snprintf(keys, size, "%s", k);
                *help = ui_actions[a].help;
                return -1;
            }
        }
    }
    return n;
}

/* The overlay's state: the first line shown. */
typedef struct help_state {
    int top;
} help_state;

static void help_free(void *st)
{
    free(st);
}

void ui_help_open(ui *u)
{
    ui_push(u, &ui_help_screen, xcalloc(1, sizeof(help_state)));
}

static void help_draw(ui *u, void *st)
{
    help_state *s = st;
    int y, x, h, w;
    char keys[128];
    const char *title, *help;
    int total = help_line(1 << 30, &title, &help, keys, sizeof keys);
    ui_box_centre(u, total + 3, 80, &y, &x, &h, &w);
    int lines = h - 3;
    if (s->top > total - lines)
        s->top = total - lines > 0 ? total - lines : 0;
    ui_box(y, x, h, w, "tock keys");
    for (int i = 0; i < lines && s->top + i < total; i++) {
        help_line(s->top + i, &title, &help, keys, sizeof keys);
        int ly = y + 1 + i;
        if (title)
            ui_put(ly, x + 2, w - 4, UI_ROLE_BOX_TITLE, title, 0);
        else if (*keys) {
            ui_put(ly, x + 3, KEYS_W, UI_ROLE_KEY, keys, 0);
            ui_put(ly, x + 3 + KEYS_W, w - 5 - KEYS_W, UI_ROLE_BOX, help, 0);
        } else
            ui_put(ly, x + 2, w - 4, UI_ROLE_BOX, help, 0);
    }
    if (total > lines)
        ui_put(y + h - 2, x + 2, w - 4, UI_ROLE_CELL_EMPTY, "j/k scroll · ? or Esc closes", 1);
    else
        ui_put(y + h - 2, x + 2, w - 4, UI_ROLE_CELL_EMPTY, "? or Esc closes", 1);
}

static void help_key(ui *u, void *st, ui_action a, int code)
{
    help_state *s = st;
    (void)code;
    switch (a) {
    case UI_ACT_UP: if (s->top > 0) s->top--; break;
    case UI_ACT_DOWN: s->top++; break;
    case UI_ACT_PAGE_UP: s->top = s->top > 10 ? s->top - 10 : 0; break;
    case UI_ACT_PAGE_DOWN: s->top += 10; break;
    case UI_ACT_FIRST: s->top = 0; break;
    case UI_ACT_LAST: s->top = 1 << 20; break;
    case UI_ACT_HELP:
    case UI_ACT_CLOSE: ui_pop(u); break;
    default: break;
    }
}

const ui_screen ui_help_screen = { UI_SC_BIT_HELP, help_draw, help_key, help_free };
