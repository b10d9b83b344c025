/* ui_line.c — a line of UTF-8 being typed, edited at its end. No curses. */
#include "ui.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

void ui_line_set(ui_line *l, const char *s)
{
    size_t n = strlen(s);
    if (n >= sizeof l->buf)
        n = sizeof l->buf - 1;
    memcpy(l->buf, s, n);
    l->buf[n] = '\0';
    l->len = n;
}

/* Drops the last character (all its UTF-8 bytes). */
static void erase_char(ui_line *l)
{
    while (l->len > 0) {
        unsigned char c = (unsigned char)l->buf[--l->len];
        if ((c & 0xC0) != 0x80)
            break;
    }
    l->buf[l->len] = '\0';
}

static void add_char(ui_line *l, int code)
{
    char mb[MB_LEN_MAX];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcrtomb(mb, (wchar_t)code, &st);
    if (n == (size_t)-1 || l->len + n >= sizeof l->buf)
        return;
    memcpy(l->buf + l->len, mb, n);
    l->len += n;
    l->buf[l->len] = '\0';
}

int ui_line_key(ui_line *l, ui_action a, int code)
{
    if (ui_key_is_text(code)) {
        add_char(l, code);
        return 1;
    }
    if (a == UI_ACT_ERASE) {
        erase_char(l);
        return 1;
    }
    if (a == UI_ACT_CLEAR) {
        ui_line_set(l, "");
        return 1;
    }
    return 0;
}
