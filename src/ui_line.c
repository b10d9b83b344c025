/* ui_line.c — a line of UTF-8 being typed: any length, edited at a cursor, and the part of it
 * a narrow field shows. No curses. */
#include "ui.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

const char *ui_line_str(const ui_line *l)
{
    return sb_str(&l->text);
}

void ui_line_set(ui_line *l, const char *s)
{
    sb_reset(&l->text);
    sb_add(&l->text, s);
    l->cur = l->text.len;
    l->view = 0;
}

void ui_line_free(ui_line *l)
{
    sb_free(&l->text);
    l->cur = l->view = 0;
}

static size_t prev_char(const char *s, size_t at)
{
    while (at > 0 && ((unsigned char)s[--at] & 0xC0) == 0x80)
        ;
    return at;
}

static size_t next_char(const char *s, size_t len, size_t at)
{
    if (at < len)
        at++;
    while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
        at++;
    return at;
}

/* Removes the bytes [from, to) of the text. */
static void cut(ui_line *l, size_t from, size_t to)
{
    char *s = l->text.buf;
    if (!s || from >= to)
        return;
    memmove(s + from, s + to, l->text.len - to + 1);
    l->text.len -= to - from;
    if (l->cur > from)
        l->cur = l->cur >= to ? l->cur - (to - from) : from;
    if (l->view > l->cur)
        l->view = l->cur;
}

static void insert_char(ui_line *l, int code)
{
    char mb[MB_LEN_MAX];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcrtomb(mb, (wchar_t)code, &st);
    if (n == (size_t)-1)
        return;
    sb_addn(&l->text, mb, n); /* grows the buffer; then the tail moves right of the cursor */
    char *s = l->text.buf;
    memmove(s + l->cur + n, s + l->cur, l->text.len - n - l->cur);
    memcpy(s + l->cur, mb, n);
    l->cur += n;
}

int ui_line_key(ui_line *l, ui_action a, int code)
{
    const char *s = ui_line_str(l);
    size_t len = l->text.len;
    if (l->cur > len)
        l->cur = len;
    if (ui_key_is_text(code)) {
        insert_char(l, code);
        return 1;
    }
    switch (a) {
    case UI_ACT_ERASE: cut(l, prev_char(s, l->cur), l->cur); return 1;
    case UI_ACT_ERASE_NEXT: cut(l, l->cur, next_char(s, len, l->cur)); return 1;
    case UI_ACT_CLEAR: ui_line_set(l, ""); return 1;
    case UI_ACT_CURSOR_LEFT: l->cur = prev_char(s, l->cur); return 1;
    case UI_ACT_CURSOR_RIGHT: l->cur = next_char(s, len, l->cur); return 1;
    case UI_ACT_LINE_START: l->cur = 0; return 1;
    case UI_ACT_LINE_END: l->cur = len; return 1;
    default: return 0;
    }
}

/* Columns of s[from, to). */
static int span_width(const char *s, size_t from, size_t to)
{
    char *part = xstrndup(s + from, to - from);
    int w = text_width(part);
    free(part);
    return w;
}

const char *ui_line_visible(ui_line *l, int w, bool *cut_left, int *cursor_col)
{
    const char *s = ui_line_str(l);
    size_t len = l->text.len;
    if (l->cur > len)
        l->cur = len;
    if (w < 3 || text_width(s) < w) {      /* all of it fits, with the cursor after it */
        l->view = 0;
    } else {
        /* The cursor's column, after a "…" on the left, stays left of a "…" on the right. */
        if (l->view > l->cur)
            l->view = l->cur;
        while (l->view < l->cur && (l->view > 0) + span_width(s, l->view, l->cur) > w - 2)
            l->view = next_char(s, len, l->view);
        /* At the end there is no "…" on the right: use its room. */
        while (l->view > 0 && l->cur == len &&
               1 + span_width(s, prev_char(s, l->view), len) <= w - 1)
            l->view = prev_char(s, l->view);
    }
    *cut_left = l->view > 0;
    *cursor_col = (*cut_left ? 1 : 0) + span_width(s, l->view, l->cur);
    return s + l->view;
}
