/* ui_actions.c — the action table made data, and how its key names read. No curses: the man
 * page generator links this file alone. */
#include "ui_actions.h"

#include <stdbool.h>
#include <string.h>

const ui_action_info ui_actions[UI_ACT_COUNT] = {
#define UI_ACTION_INFO(id, name, keys, screens, footer, help) \
    [UI_ACT_##id] = { name, keys, screens, footer, help },
    UI_ACTIONS(UI_ACTION_INFO)
#undef UI_ACTION_INFO
};

const ui_screen_info ui_screens[UI_SC_COUNT] = {
#define UI_SCREEN_INFO(id, title, text) [UI_SC_BIT_##id] = { title, text },
    UI_SCREENS(UI_SCREEN_INFO)
#undef UI_SCREEN_INFO
};

/* How each named key reads on screen, and in the man page (plain ASCII for troff). */
static const struct {
    const char *name, *label, *doc;
} labels[] = {
    { "<Left>", "←", "Left" }, { "<Right>", "→", "Right" }, { "<Up>", "↑", "Up" },
    { "<Down>", "↓", "Down" }, { "<PgUp>", "PgUp", "PgUp" }, { "<PgDn>", "PgDn", "PgDn" },
    { "<Home>", "Home", "Home" }, { "<End>", "End", "End" }, { "<Enter>", "Enter", "Enter" },
    { "<Esc>", "Esc", "Esc" }, { "<Space>", "Space", "Space" }, { "<Tab>", "Tab", "Tab" },
    { "<BTab>", "S-Tab", "Shift-Tab" }, { "<BS>", "Backspace", "Backspace" },
    { "<Del>", "Del", "Delete" }, { "<digit>", "0-9", "0-9" },
};

static const char *key_label(const char *name, size_t len, char *buf, size_t size, bool doc)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strlen(labels[i].name) == len && !strncmp(labels[i].name, name, len)) {
            snprintf(buf, size, "%s", doc ? labels[i].doc : labels[i].label);
            return buf;
        }
    if (len == 5 && !strncmp(name, "<C-", 3) && name[4] == '>') {
        char c = name[3];
        snprintf(buf, size, "Ctrl-%c", c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        return buf;
    }
    snprintf(buf, size, "%.*s", (int)len, name);
    return buf;
}

const char *ui_key_label(const char *name, size_t len, char *buf, size_t size)
{
    return key_label(name, len, buf, size, false);
}

static const char *action_keys(ui_action a, int screen_bit, char *buf, size_t size, bool doc)
{
    const char *k = ui_actions[a].keys;
    int text = screen_bit >= 0 && screen_bit < UI_SC_COUNT && ui_screens[screen_bit].takes_text;
    size_t used = 0;
    buf[0] = '\0';
    while (*k) {
        size_t len = strcspn(k, " ");
        if (len && !(text && (len == 1 || !strncmp(k, "<digit>", len)))) {
            char label[32];
            key_label(k, len, label, sizeof label, doc);
            int n = snprintf(buf + used, size - used, "%s%s", used ? " " : "", label);
            if (n < 0 || (size_t)n >= size - used)
                break;
            used += (size_t)n;
        }
        k += len;
        k += strspn(k, " ");
    }
    return buf;
}

const char *ui_action_keys(ui_action a, int screen_bit, char *buf, size_t size)
{
    return action_keys(a, screen_bit, buf, size, false);
}

void ui_actions_write_man(FILE *f)
{
    for (int s = 0; s < UI_SC_COUNT; s++) {
        fprintf(f, ".SS %s\n", ui_screens[s].title);
        for (int a = 0; a < UI_ACT_COUNT; a++) {
            char keys[128];
            if (!(ui_actions[a].screens & (1u << s)) ||
                !*action_keys((ui_action)a, s, keys, sizeof keys, true))
                continue;
            fprintf(f, ".TP\n.B \"");
            for (const char *k = keys; *k; k++)
                fputs(*k == '-' ? "\\-" : *k == '\\' ? "\\e" : (char[2]){ *k, 0 }, f);
            fprintf(f, "\"\n%s\n", ui_actions[a].help);
        }
    }
}
