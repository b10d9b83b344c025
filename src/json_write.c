/* json_write.c — a small streaming JSON writer into a strbuf. */
#include "json.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void jw_init(jw *w, strbuf *out)
{
    w->out = out;
    w->depth = 0;
    w->first[0] = 1;
    w->after_key = 0;
    w->sink = NULL;
}

void jw_stream(jw *w, FILE *f)
{
    w->sink = f;
}

int jw_spill_all(jw *w)
{
    strbuf *sb = w->out;
    if (!w->sink || !sb->len)
        return 0;
    size_t n = fwrite(sb->buf, 1, sb->len, w->sink);
    bool ok = n == sb->len;
    sb->len = 0;
    sb->buf[0] = '\0';
    return ok ? 0 : -1;
}

int jw_spill(jw *w)
{
    return w->out->len >= JW_SPILL ? jw_spill_all(w) : 0;
}

static void sep(jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (!w->first[w->depth])
        sb_addc(w->out, ',');
    w->first[w->depth] = 0;
}

static void open(jw *w, char c)
{
    sep(w);
    sb_addc(w->out, c);
    if (w->depth < (int)sizeof w->first - 1)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_(jw *w, char c)
{
    sb_addc(w->out, c);
    if (w->depth > 0)
        w->depth--;
}

void jw_obj(jw *w) { open(w, '{'); }
void jw_end_obj(jw *w) { close_(w, '}'); }
void jw_arr(jw *w) { open(w, '['); }
void jw_end_arr(jw *w) { close_(w, ']'); }

/* Length of the well-formed UTF-8 sequence at p, or 0 if it is not one. */
static size_t utf8_seq(const unsigned char *p)
{
    size_t n;
    unsigned cp;
    if (p[0] < 0x80)
        return 1;
    if ((p[0] & 0xe0) == 0xc0)
        n = 2, cp = p[0] & 0x1f;
    else if ((p[0] & 0xf0) == 0xe0)
        n = 3, cp = p[0] & 0x0f;
    else if ((p[0] & 0xf8) == 0xf0)
        n = 4, cp = p[0] & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    static const unsigned min[] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* JSON output is always valid UTF-8: a byte that is not part of a well-formed sequence (data
 * imported from elsewhere) becomes U+FFFD rather than breaking the consumer. Writes s escaped,
 * without quotes, at o, which has room for 6 bytes for each of s's (\u00XX is the most one
 * byte becomes); returns the end. A byte-by-table loop: escaping is most of what a long
 * listing costs. */
/* Bytes copied as they are: printable ASCII but the quote and the backslash. */
static const bool *plain_bytes(void)
{
    static bool plain[256];
    if (!plain['a'])
        for (int c = 0x20; c < 0x7f; c++)
            plain[c] = c != '"' && c != '\\';
    return plain;
}

static char *escape_body(char *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const bool *plain = plain_bytes();
    const unsigned char *p = (const unsigned char *)s;
    for (;;) {
        while (plain[*p])
            *o++ = (char)*p++;
        unsigned char c = *p;
        if (!c)
            break;
        if (c >= 0x80) {
            size_t n = utf8_seq(p);
            if (!n) {
                memcpy(o, "\xef\xbf\xbd", 3); /* U+FFFD */
                o += 3;
                n = 1;
            } else {
                for (size_t i = 0; i < n; i++)   /* 2-4 bytes: no call */
                    o[i] = (char)p[i];
                o += n;
            }
            p += n;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            memcpy(o, "u00", 3);
            o[3] = hex[c >> 4];
            o[4] = hex[c & 15];
            o += 5;
        }
        p++;
    }
    return o;
}

/* s quoted and escaped at o (room: 6 bytes a byte and the quotes); returns the end. */
static char *escape_into(char *o, const char *s)
{
    *o++ = '"';
    o = escape_body(o, s);
    *o++ = '"';
    return o;
}

/* Whether none of the 8 bytes in x needs escaping: each is printable ASCII (0x20-0x7e) and
 * neither the quote nor the backslash. Terms: 0x80 and up, 0x7f and up (+1), below 0x20, the
 * quote, the backslash (zero bytes of x ^ c); as a whole the test is exact once no byte is
 * 0x80 or above, which the first term decides. */
static inline bool plain8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return !((x | (x + ones) | (x - ones * 0x20) | (q - ones) | (b - ones)) & high);
}

/* plain8 of four bytes. */
static inline bool plain4(uint32_t x)
{
    const uint32_t ones = 0x01010101u, high = 0x80808080u;
    uint32_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return !((x | (x + ones) | (x - ones * 0x20) | (q - ones) | (b - ones)) & high);
}

char *jw_put_strn(char *o, const char *s, size_t n)
{
    size_t i = 0;
    uint64_t x;
    *o++ = '"';
    if (n >= 8) {
        for (; i + 8 <= n; i += 8) {
            memcpy(&x, s + i, 8);
            if (!plain8(x))
                break;
            memcpy(o + i, &x, 8);
        }
        /* The last few bytes as the last eight, again in part. */
        if (i < n && i + 8 > n) {
            memcpy(&x, s + n - 8, 8);
            if (plain8(x)) {
                memcpy(o + n - 8, &x, 8);
                i = n;
            }
        }
    } else if (n >= 4) {
        /* Names are short: the first four bytes and the last four, overlapping. */
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        if (plain4(a) && plain4(b)) {
            memcpy(o, &a, 4);
            memcpy(o + n - 4, &b, 4);
            i = n;
        }
    }
    const bool *plain = plain_bytes();
    while (i < n && plain[(unsigned char)s[i]]) {
        o[i] = s[i];
        i++;
    }
    if (i < n)
        o = escape_body(o + i, s + i);   /* from the first byte to escape on */
    else
        o += n;
    *o++ = '"';
    return o;
}

static void commit(strbuf *sb, const char *first, const char *end)
{
    sb->len += (size_t)(end - first);
    sb->buf[sb->len] = '\0';
}

void json_escape(strbuf *sb, const char *s)
{
    char *o = sb_reserve(sb, 6 * strlen(s) + 2);
    commit(sb, o, escape_into(o, s));
}

/* The separator before a value or key, written at o; returns the end. */
static char *sep_into(jw *w, char *o)
{
    if (w->after_key) {
        w->after_key = 0;
        return o;
    }
    if (!w->first[w->depth])
        *o++ = ',';
    w->first[w->depth] = 0;
    return o;
}

void jw_key(jw *w, const char *key)
{
    char *first = sb_reserve(w->out, 6 * strlen(key) + 4), *o = sep_into(w, first);
    o = escape_into(o, key);
    *o++ = ':';
    commit(w->out, first, o);
    w->after_key = 1;
}

void jw_key_raw(jw *w, const char *quoted_colon, size_t n)
{
    char *first = sb_reserve(w->out, n + 1), *o = sep_into(w, first);
    memcpy(o, quoted_colon, n);
    commit(w->out, first, o + n);
    w->after_key = 1;
}

void jw_str(jw *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    char *first = sb_reserve(w->out, 6 * strlen(s) + 3), *o = sep_into(w, first);
    commit(w->out, first, escape_into(o, s));
}

void jw_int(jw *w, int64_t v)
{
    char *first = sb_reserve(w->out, TK_I64_BUF + 1), *o = sep_into(w, first);
    commit(w->out, first, o + tk_i64_format(v, o));
}

void jw_bool(jw *w, bool v)
{
    sep(w);
    sb_add(w->out, v ? "true" : "false");
}

void jw_null(jw *w)
{
    sep(w);
    sb_add(w->out, "null");
}

void jw_raw(jw *w, const char *number_text)
{
    sep(w);
    sb_add(w->out, number_text);
}

char *jw_raw_begin(jw *w, size_t room)
{
    return sep_into(w, sb_reserve(w->out, room + 1));
}

void jw_raw_end(jw *w, char *end)
{
    w->out->len = (size_t)(end - w->out->buf);
    w->out->buf[w->out->len] = '\0';
}

char *jw_put_str(char *o, const char *s)
{
    return s ? escape_into(o, s) : JW_PUT(o, "null");
}

/* Decimal digits of u (1 for 0): a few comparisons for the numbers a listing writes. */
static int digits_of(uint64_t u)
{
    if (u < 100000)
        return u < 100 ? 1 + (u >= 10) : u < 1000 ? 3 : u < 10000 ? 4 : 5;
    if (u < 10000000000u)
        return u < 10000000 ? 6 + (u >= 1000000) : u < 100000000 ? 8 : u < 1000000000 ? 9 : 10;
    int n = 11;
    for (uint64_t limit = 100000000000u; n < 20 && u >= limit; limit *= 10)
        n++;
    return n;
}

/* As tk_i64_format, without its NUL: a month's listing writes ten numbers an entry. */
char *jw_put_int(char *o, int64_t v)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                                "31323334353637383940414243444546474849505152535455565758596061"
                                "62636465666768697071727374757677787980818283848586878889909192"
                                "93949596979899";
    if ((uint64_t)v < 10) {   /* most of a week's day cells are 0 */
        *o = (char)('0' + v);
        return o + 1;
    }
    uint64_t u = (uint64_t)v;
    if (v < 0) {
        *o++ = '-';
        u = (uint64_t)0 - u;
    }
    char *end = o + digits_of(u), *p = end;
    while (u >= 100) {
        p -= 2;
        memcpy(p, pairs + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10)
        memcpy(p - 2, pairs + 2 * u, 2);
    else
        p[-1] = (char)('0' + u);
    return end;
}

char *jw_put_text(char *o, const char *s)
{
    size_t n = strlen(s);
    memcpy(o, s, n);
    return o + n;
}

void jw_kstr(jw *w, const char *key, const char *s) { jw_key(w, key); jw_str(w, s); }
void jw_kint(jw *w, const char *key, int64_t v) { jw_key(w, key); jw_int(w, v); }
void jw_kbool(jw *w, const char *key, bool v) { jw_key(w, key); jw_bool(w, v); }
void jw_knull(jw *w, const char *key) { jw_key(w, key); jw_null(w); }
