/* ui_keys.c — reads keys, and turns the action table's key names into codes: the one key
 * dispatch of the TUI. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

typedef struct binding {
    int code;
    ui_action action;
} binding;

static binding bindings[256];
static size_t nbindings;

static void bind(int code, ui_action a)
{
    if (nbindings == TK_ARRAY_LEN(bindings)) {
        fprintf(stderr, "tock: too many key bindings\n");
        abort();
    }
    bindings[nbindings++] = (binding){ code, a };
}

static const struct {
    const char *name;
    int codes[3];
} named[] = {
    { "<Left>", { UI_FKEY(KEY_LEFT) } },   { "<Right>", { UI_FKEY(KEY_RIGHT) } },
    { "<Up>", { UI_FKEY(KEY_UP) } },       { "<Down>", { UI_FKEY(KEY_DOWN) } },
    { "<PgUp>", { UI_FKEY(KEY_PPAGE) } },  { "<PgDn>", { UI_FKEY(KEY_NPAGE) } },
    { "<Home>", { UI_FKEY(KEY_HOME) } },   { "<End>", { UI_FKEY(KEY_END) } },
    { "<Enter>", { '\n', '\r', UI_FKEY(KEY_ENTER) } },
    { "<Esc>", { 27 } },                   { "<Space>", { ' ' } },
    { "<Tab>", { '\t' } },                 { "<BTab>", { UI_FKEY(KEY_BTAB) } },
    { "<BS>", { UI_FKEY(KEY_BACKSPACE), 127, 8 } },
    { "<Del>", { UI_FKEY(KEY_DC) } },
};

/* One key name of the table → its codes. A name the table should not hold aborts. */
static void bind_name(const char *k, size_t len, ui_action a)
{
    if (len == 1) {
        bind((unsigned char)k[0], a);
        return;
    }
    if (len == 7 && !strncmp(k, "<digit>", len)) {
        for (int c = '0'; c <= '9'; c++)
            bind(c, a);
        bind('.', a);
        return;
    }
    if (len == 5 && !strncmp(k, "<C-", 3) && k[4] == '>') {
        bind(k[3] & 0x1f, a);
        return;
    }
    for (size_t i = 0; i < TK_ARRAY_LEN(named); i++)
        if (strlen(named[i].name) == len && !strncmp(named[i].name, k, len)) {
            for (int j = 0; j < 3 && named[i].codes[j]; j++)
                bind(named[i].codes[j], a);
            return;
        }
    fprintf(stderr, "tock: unknown key name '%.*s' in the action table\n", (int)len, k);
    abort();
}

void ui_keys_init(void)
{
    nbindings = 0;
    for (int a = 0; a < UI_ACT_COUNT; a++) {
        const char *k = ui_actions[a].keys;
        while (*k) {
            size_t len = strcspn(k, " ");
            if (len)
                bind_name(k, len, (ui_action)a);
            k += len;
            while (*k == ' ')
                k++;
        }
    }
}

int ui_key_is_text(int code)
{
    return !UI_IS_FKEY(code) && code >= 32 && code != 127 && iswprint((wint_t)code);
}

ui_action ui_key_action(int screen_bit, int code)
{
    if (ui_screens[screen_bit].takes_text && ui_key_is_text(code))
        return UI_ACT_NONE;
    for (size_t i = 0; i < nbindings; i++)
        if (bindings[i].code == code && (ui_actions[bindings[i].action].screens & (1u << screen_bit)))
            return bindings[i].action;
    return UI_ACT_NONE;
}

int ui_read_key(int *code)
{
    wint_t wc;
    int rc = get_wch(&wc);
    if (rc == ERR)
        return -1;
    *code = rc == KEY_CODE_YES ? UI_FKEY((int)wc) : (int)wc;
    return 0;
}
