/* text.c — UTF-8 decoding via the C library's wide-character functions. */
#include "text.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* Only LC_CTYPE: tock needs the character set (widths, ncursesw) and nothing else from the
 * locale; numbers stay C (JSON, money), messages English, and a process does not open a file
 * per locale category at every start. Set at the first character past ASCII (ASCII reads the
 * same in the C locale), or by the TUI before curses starts: loading it (~50 µs: three files
 * and a 350 KB mapping) was a tenth of what `tock status` costs, and most commands never
 * meet such a character. */
void text_init_locale(void)
{
    if (setlocale(LC_CTYPE, "") && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return;
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "C.utf8");
}

/* Decodes one character at s; returns its length in bytes, 0 at the end, -1 if invalid. */
static int next_char(const char *s, wchar_t *wc)
{
    if ((unsigned char)*s >= 0x80 && MB_CUR_MAX == 1)   /* still the C locale */
        text_init_locale();
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = mbrtowc(wc, s, MB_CUR_MAX, &st);
    if (n == (size_t)-1 || n == (size_t)-2)
        return -1;
    return (int)n;
}

int text_valid_utf8(const char *s)
{
    wchar_t wc;
    int n;
    while ((n = next_char(s, &wc)) > 0)
        s += n;
    return n == 0;
}

char *text_utf8_lossy(const char *s)
{
    strbuf sb = { 0 };
    wchar_t wc;
    int n;
    while ((n = next_char(s, &wc)) != 0) {
        if (n < 0) {
            sb_add(&sb, "\xef\xbf\xbd");
            n = 1;
        } else {
            sb_addn(&sb, s, (size_t)n);
        }
        s += n;
    }
    return sb_detach(&sb);
}

char *text_fold(const char *s)
{
    strbuf sb = { 0 };
    wchar_t wc;
    int n;
    while ((n = next_char(s, &wc)) != 0) {
        char out[MB_LEN_MAX];
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t m = n > 0 ? wcrtomb(out, (wchar_t)towlower((wint_t)wc), &st) : (size_t)-1;
        if (m == (size_t)-1) {
            n = n > 0 ? n : 1;
            sb_addn(&sb, s, (size_t)n);
        } else {
            sb_addn(&sb, out, m);
        }
        s += n;
    }
    return sb_detach(&sb);
}

/* Lower-case Latin letters U+00DF–U+017F without their marks ('\0': keep the letter). */
static const char latin1_plain[] = "saaaaaaaceeeeiiiidnooooo\0ouuuuyty";      /* U+00DF–U+00FF */
static const char ext_a_plain[] =                                              /* U+0100–U+017F */
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllllllln"
    "nnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* The letters some characters stand for when typed without marks (a single one goes into
 * one, the caller's). */
static const char *plain_letters(wchar_t c, bool spelled, char one[2])
{
    switch (c) {
    case 0xDF: return "ss";
    case 0xE6: return "ae";
    case 0xFE: return "th";
    case 0x153: return "oe";
    case 0x133: return "ij";
    case 0xE4: return spelled ? "ae" : "a";
    case 0xF6: return spelled ? "oe" : "o";
    case 0xFC: return spelled ? "ue" : "u";
    default: break;
    }
    if (c >= 0xDF && c <= 0xFF)
        one[0] = latin1_plain[c - 0xDF];
    else if (c >= 0x100 && c <= 0x17F)
        one[0] = ext_a_plain[c - 0x100];
    else
        return NULL;
    one[1] = '\0';
    return one[0] ? one : NULL;
}

char *text_fold_plain(const char *s, bool spelled)
{
    strbuf sb = { 0 };
    wchar_t wc;
    int n;
    while ((n = next_char(s, &wc)) != 0) {
        if (n < 0) {
            sb_addn(&sb, s, 1);
            s++;
            continue;
        }
        wchar_t lc = (wchar_t)towlower((wint_t)wc);
        char one[2];
        const char *plain = plain_letters(lc, spelled, one);
        if (plain) {
            sb_add(&sb, plain);
        } else if (!(lc >= 0x300 && lc <= 0x36F)) { /* combining marks go */
            char out[MB_LEN_MAX];
            mbstate_t st;
            memset(&st, 0, sizeof st);
            size_t m = wcrtomb(out, lc, &st);
            if (m == (size_t)-1)
                sb_addn(&sb, s, (size_t)n);
            else
                sb_addn(&sb, out, m);
        }
        s += n;
    }
    return sb_detach(&sb);
}

/* Printable ASCII is one column and shows as itself in every locale tock runs in: the screen's
 * labels are mostly that, so it skips the multibyte conversion. */
static bool plain_ascii(char c)
{
    return c >= 0x20 && c < 0x7f;
}

int text_width(const char *s)
{
    int w = 0, n;
    wchar_t wc;
    for (;;) {
        while (plain_ascii(*s))
            s++, w++;
        if ((n = next_char(s, &wc)) == 0)
            break;
        if (n < 0) {
            s++, w++;
            continue;
        }
        int cw = wcwidth(wc);
        w += cw < 0 ? 1 : cw;
        s += n;
    }
    return w;
}

/* One character (n bytes at s, or an invalid byte when n < 0) as a terminal shows it. */
static void add_shown(strbuf *sb, const char *s, int n, wchar_t wc)
{
    if (n < 0)
        sb_addc(sb, '?');
    else if (iswcntrl((wint_t)wc) || (wc >= 0x7f && wc < 0xa0))
        sb_addc(sb, ' ');
    else
        sb_addn(sb, s, (size_t)n);
}

void text_add_printable(strbuf *sb, const char *s)
{
    wchar_t wc;
    int n;
    for (;;) {
        const char *run = s;
        while (plain_ascii(*s))
            s++;
        if (s > run)
            sb_addn(sb, run, (size_t)(s - run));
        if ((n = next_char(s, &wc)) == 0)
            break;
        add_shown(sb, s, n, wc);
        s += n < 0 ? 1 : n;
    }
}

void text_fit(strbuf *sb, const char *s, int width, int pad, int align_right)
{
    if (width <= 0)
        return;
    int total = text_width(s);
    if (total <= width) {
        if (pad && align_right)
            for (int i = total; i < width; i++)
                sb_addc(sb, ' ');
        text_add_printable(sb, s);
        if (pad && !align_right)
            for (int i = total; i < width; i++)
                sb_addc(sb, ' ');
        return;
    }
    int used = 0, n;
    wchar_t wc;
    while ((n = next_char(s, &wc)) != 0) {
        int cw = n < 0 ? 1 : wcwidth(wc);
        if (cw < 0)
            cw = 1;
        if (used + cw > width - 1)
            break;
        add_shown(sb, s, n, wc);
        used += cw;
        s += n < 0 ? 1 : n;
    }
    sb_add(sb, "\xe2\x80\xa6"); /* … */
    used++;
    if (pad)
        for (; used < width; used++)
            sb_addc(sb, ' ');
}

int key_valid(const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || len > 64)
        return 0;
    wchar_t wc;
    int n;
    while ((n = next_char(s, &wc)) != 0) {
        if (n < 0)
            return 0;
        if (!(iswalnum((wint_t)wc) || wc == L'-' || wc == L'_' || wc == L'.'))
            return 0;
        s += n;
    }
    return 1;
}

char *key_slugify(const char *name)
{
    strbuf sb = { 0 };
    int dash = 0;
    wchar_t wc;
    int n;
    while ((n = next_char(name, &wc)) != 0 && sb.len < 60) {
        if (n < 0) {
            name++;
            dash = 1;
            continue;
        }
        if (iswalnum((wint_t)wc) || wc == L'_' || wc == L'.') {
            if (dash && sb.len)
                sb_addc(&sb, '-');
            dash = 0;
            char mb[MB_LEN_MAX];
            mbstate_t st;
            memset(&st, 0, sizeof st);
            size_t m = wcrtomb(mb, (wchar_t)towlower((wint_t)wc), &st);
            if (m != (size_t)-1)
                sb_addn(&sb, mb, m);
        } else {
            dash = 1;
        }
        name += n;
    }
    if (!sb.len)
        sb_add(&sb, "unnamed");
    return sb_detach(&sb);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = xcalloc(lb + 1, sizeof *row);
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

const char *key_suggest(const char *s, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    char *fs = text_fold(s); /* ACME means acme: people type names as they read them */
    for (size_t i = 0; i < n; i++) {
        char *fc = text_fold(candidates[i]);
        size_t d = edit_distance(fs, fc);
        if (strstr(fc, fs) == fc && strlen(fs) >= 2)
            d = d < 1 ? d : 1; /* a prefix is a good guess */
        free(fc);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    free(fs);
    size_t limit = strlen(s) / 3 + 1;
    return best && best_d <= (limit < 3 ? limit : 3) ? best : NULL;
}
