/* ui_draw.c — colour roles (a colour and a monochrome attribute per role) and drawing that
 * measures text in columns, never bytes. */
#include "ui.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "text.h"

#define COLOR_DEFAULT (-1)

static attr_t role_attr[UI_ROLE_COUNT];
static int cursor_y = -1, cursor_x = -1;

static short colour(short c, bool default_ok, short fallback)
{
    return c == COLOR_DEFAULT && !default_ok ? fallback : c;
}

void ui_colors_init(bool want_color)
{
    bool color = want_color && has_colors() && start_color() == OK;
    bool default_ok = color && use_default_colors() == OK;
#define UI_ROLE_INIT(id, fg, bg, attr, mono) \
    if (color) { \
        init_pair((short)(UI_ROLE_##id + 1), colour(COLOR_##fg, default_ok, COLOR_WHITE), \
                  colour(COLOR_##bg, default_ok, COLOR_BLACK)); \
        role_attr[UI_ROLE_##id] = (attr_t)COLOR_PAIR(UI_ROLE_##id + 1) | (attr_t)(attr); \
    } else { \
        role_attr[UI_ROLE_##id] = (attr_t)(mono); \
    }
    UI_ROLES(UI_ROLE_INIT)
#undef UI_ROLE_INIT
}

void ui_role_on(ui_role r)
{
    attrset(role_attr[r]);
}

#define PUT_CELLS 512

/* Cells of printable ASCII, made once (setcchar per cell would cost more than the rest). */
static cchar_t ascii_cell[0x7f];
static bool ascii_ready;

static const cchar_t *cell_of_ascii(char c)
{
    if (!ascii_ready) {
        for (int i = 0x20; i < 0x7f; i++) {
            wchar_t wc[2] = { (wchar_t)i, L'\0' };
            setcchar(&ascii_cell[i], wc, A_NORMAL, 0, NULL);
        }
        ascii_ready = true;
    }
    return &ascii_cell[(unsigned char)c];
}

/* The character at s when it takes one column and shows as itself (what text_fit keeps as
 * it is): its length in bytes, else 0. */
static size_t one_column(const char *s, cchar_t *cell)
{
    if (*s >= 0x20 && *s < 0x7f) {
        *cell = *cell_of_ascii(*s);
        return 1;
    }
    /* The last few others (a frame repeats "·", "█", "░" and "…" hundreds of times). */
    static struct { char bytes[MB_LEN_MAX]; size_t len; cchar_t cell; } seen[4];
    static unsigned next;
    for (int i = 0; i < 4; i++) {
        size_t j = 0;   /* byte by byte: s may end first (its '\0' differs) */
        while (j < seen[i].len && s[j] == seen[i].bytes[j])
            j++;
        if (seen[i].len && j == seen[i].len) {
            *cell = seen[i].cell;
            return j;
        }
    }
    wchar_t wc[2] = { L'\0', L'\0' };
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t len = mbrtowc(wc, s, MB_CUR_MAX, &st);
    if (len == 0 || len == (size_t)-1 || len == (size_t)-2 || iswcntrl((wint_t)wc[0]) ||
        (wc[0] >= 0x7f && wc[0] < 0xa0) || wcwidth(wc[0]) != 1 ||
        setcchar(cell, wc, A_NORMAL, 0, NULL) != OK)
        return 0;
    if (len <= MB_LEN_MAX) {
        unsigned i = next++ % 4;
        memcpy(seen[i].bytes, s, len);
        seen[i].len = len;
        seen[i].cell = *cell;
    }
    return len;
}

/* ui_put for text of one-column characters, fitted into w columns as text_fit fits it (padded
 * with blanks, or cut with "…"), written as cells at once (wadd_wchnstr) and each rendered
 * with the window's attributes as waddnstr renders each character, without its byte-by-byte
 * multibyte decoding: most of a frame's cost. The cursor is left where waddnstr leaves it.
 * False, having written nothing, for any other text: then text_fit and waddnstr do it. */
static bool put_cells(int y, int x, int w, const char *s, int align_right)
{
    cchar_t text[PUT_CELLS + 1], cells[PUT_CELLS];
    int n = 0;
    if (w > PUT_CELLS || y < 0 || x < 0 || y >= LINES || x + w > COLS)
        return false;
    while (*s) {
        size_t len = one_column(s, &text[n]);
        if (!len)
            return false;
        if (n++ == w)   /* w + 1 columns at least, whatever follows: cut */
            break;
        s += len;
    }
    const cchar_t *blank = cell_of_ascii(' ');
    int at = 0;
    if (n > w) {
        /* Cut: the first w - 1 characters and an ellipsis. */
        memcpy(cells, text, (size_t)(w - 1) * sizeof *cells);
        at = w - 1;
        if (!one_column("\xe2\x80\xa6", &cells[at++]))
            return false;
    } else {
        if (align_right)
            for (; at < w - n; at++)
                cells[at] = *blank;
        memcpy(cells + at, text, (size_t)n * sizeof *cells);
        for (at += n; at < w; at++)
            cells[at] = *blank;
    }
    move(y, x);
    wadd_wchnstr(stdscr, cells, w);
    if (x + w < COLS)
        move(y, x + w);
    else if (y + 1 < LINES)
        move(y + 1, 0);
    else
        move(y, COLS - 1);
    return true;
}

void ui_put(int y, int x, int w, ui_role r, const char *s, int align_right)
{
    if (w <= 0)
        return;
    attrset(role_attr[r]);
    if (!put_cells(y, x, w, s, align_right)) {
        strbuf sb = { 0 };
        text_fit(&sb, s, w, 1, align_right);
        mvaddstr(y, x, sb_str(&sb));
        sb_free(&sb);
    }
    attrset(A_NORMAL);
}

void ui_fill(int y, int x, int w, ui_role r)
{
    ui_put(y, x, w, r, "", 0);
}

void ui_box(int y, int x, int h, int w, const char *title)
{
    for (int i = 0; i < h; i++)
        ui_fill(y + i, x, w, UI_ROLE_BOX);
    attrset(role_attr[UI_ROLE_BOX]);
    mvhline(y, x + 1, ACS_HLINE, w - 2);
    mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvvline(y + 1, x, ACS_VLINE, h - 2);
    mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
    mvaddch(y, x, ACS_ULCORNER);
    mvaddch(y, x + w - 1, ACS_URCORNER);
    mvaddch(y + h - 1, x, ACS_LLCORNER);
    mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    attrset(A_NORMAL);
    if (title && *title && w > 6) {
        strbuf t = { 0 };
        sb_addc(&t, ' ');
        sb_add(&t, title);
        sb_addc(&t, ' ');
        int tw = text_width(sb_str(&t));
        ui_put(y, x + 2, tw < w - 4 ? tw : w - 4, UI_ROLE_BOX_TITLE, sb_str(&t), 0);
        sb_free(&t);
    }
}

void ui_box_centre(const ui *u, int want_h, int want_w, int *y, int *x, int *h, int *w)
{
    *w = want_w < u->lay.cols - 2 ? want_w : u->lay.cols - 2;
    *h = want_h < u->lay.rows - 2 ? want_h : u->lay.rows - 2;
    *y = (u->lay.rows - *h) / 2;
    *x = (u->lay.cols - *w) / 2;
}

/* The part of s past its first w columns (its end when it fits). */
static char *past_width(char *s, int w)
{
    char *p = s;
    while (*p) {
        char *q = p + 1;
        while ((*q & 0xC0) == 0x80)
            q++;
        char c = *q;
        *q = '\0';
        int over = text_width(s) > w;
        *q = c;
        if (over)
            return p;
        p = q;
    }
    return p;
}

/* The end of the first line of s in w columns: after the last space that fits, else where the
 * columns run out. */
static char *line_end(char *s, int w)
{
    char *rest = past_width(s, w);
    if (!*rest)
        return rest;
    for (char *p = rest; p > s; p--)
        if (p[-1] == ' ')
            return p;
    return rest;
}

int ui_put_wrapped(int y, int x, int w, int n, ui_role role, const char *text)
{
    strbuf sb = { 0 };
    sb_add(&sb, text);
    char *s = sb.buf;
    int i = 0;
    for (; s && *s && i < n; i++) {
        char *rest = i + 1 < n ? line_end(s, w) : s + strlen(s);
        if (rest == s)                 /* a character wider than the line: it goes alone */
            for (rest++; (*rest & 0xC0) == 0x80; rest++)
                ;
        char c = *rest;
        *rest = '\0';
        ui_put(y + i, x, w, role, s, 0);
        *rest = c;
        s = rest;
    }
    sb_free(&sb);
    return i;
}

void ui_draw_line(int y, int x, int w, ui_line *l, bool focus)
{
    bool cut_left;
    int col;
    const char *s = ui_line_visible(l, w, &cut_left, &col);
    ui_put(y, x, w, UI_ROLE_INPUT, "", 0);
    if (cut_left)
        ui_put(y, x, 1, UI_ROLE_INPUT, "…", 0);
    ui_put(y, x + cut_left, w - cut_left, UI_ROLE_INPUT, s, 0); /* "…" on the right when cut */
    if (focus) {
        cursor_y = y;
        cursor_x = x + col;
    }
}

void ui_cursor_reset(void)
{
    cursor_y = cursor_x = -1;
}

void ui_cursor_place(void)
{
    if (cursor_y < 0) {
        curs_set(0);
        return;
    }
    curs_set(1);
    move(cursor_y, cursor_x);
}

/* "key word" pairs for the given actions, e.g. "a add  Enter edit", from the action table:
 * the first key that works on the screen and the last word of the action's name. */
void ui_draw_hints(int y, int x, int w, int screen_bit, const ui_action *acts, size_t n)
{
    int used = 0;
    for (size_t i = 0; i < n; i++) {
        char keys[64];
        ui_action_keys(acts[i], screen_bit, keys, sizeof keys);
        keys[strcspn(keys, " ")] = '\0';
        const char *name = ui_actions[acts[i]].name, *dash = strrchr(name, '-');
        const char *word = dash ? dash + 1 : name;
        int kw = text_width(keys), ww = text_width(word);
        if (!kw || used + kw + 1 + ww > w)
            break;
        ui_put(y, x + used, kw, UI_ROLE_KEY, keys, 0);
        ui_put(y, x + used + kw + 1, ww, UI_ROLE_BOX, word, 0);
        used += kw + 1 + ww + 2;
    }
}

void ui_draw_keybar(const ui *u, int screen_bit, const ui_action *acts, size_t n)
{
    int y = u->lay.footer_y, w = u->lay.cols, x = 0;
    ui_fill(y, 0, w, UI_ROLE_FOOTER);
    char last[64];
    ui_action_keys(acts[n - 1], screen_bit, last, sizeof last);
    last[strcspn(last, " ")] = '\0';
    int reserve = 1 + text_width(last) + 1 + text_width(ui_actions[acts[n - 1]].footer
                                                         ? ui_actions[acts[n - 1]].footer
                                                         : ui_actions[acts[n - 1]].name);
    for (size_t i = 0; i < n; i++) {
        char keys[64];
        ui_action_keys(acts[i], screen_bit, keys, sizeof keys);
        keys[strcspn(keys, " ")] = '\0';
        const char *name = ui_actions[acts[i]].name, *dash = strrchr(name, '-');
        const char *word = i + 1 == n && ui_actions[acts[i]].footer ? ui_actions[acts[i]].footer
                         : dash ? dash + 1 : name;
        int kw = text_width(keys), fw = text_width(word);
        /* The last key (help, which lists the rest) always shows. */
        if (!kw || (i + 1 < n && x + 1 + kw + 1 + fw + 1 + reserve > w))
            continue;
        ui_put(y, x + 1, kw, UI_ROLE_FOOTER_KEY, keys, 0);
        ui_put(y, x + 2 + kw, fw, UI_ROLE_FOOTER, word, 0);
        x += 2 + kw + fw + 1;
    }
}

void ui_busy(const ui *u, const char *text)
{
    int y, x, h, w;
    ui_box_centre(u, 5, text_width(text) + 8, &y, &x, &h, &w);
    ui_box(y, x, h, w, "Zoho");
    ui_put(y + 2, x + 3, w - 6, UI_ROLE_KEY, text, 0);
    curs_set(0);
    refresh();
}
