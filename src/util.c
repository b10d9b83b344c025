/* util.c — allocation wrappers, strbuf, checked integer arithmetic. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tk_fail(tk_err *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static void *oom(size_t n)
{
    fprintf(stderr, "tock: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    return p ? p : oom(n);
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    return p ? p : oom(n * size);
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    return q ? q : oom(n);
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    strbuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    return sb_detach(&sb);
}

static void sb_grow(strbuf *sb, size_t more)
{
    if (sb->len + more + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + more + 1)
        cap *= 2;
    sb->buf = xrealloc(sb->buf, cap);
    sb->cap = cap;
}

void sb_addn(strbuf *sb, const char *s, size_t n)
{
    sb_grow(sb, n);
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void sb_add(strbuf *sb, const char *s)
{
    sb_addn(sb, s, strlen(s));
}

void sb_addc(strbuf *sb, char c)
{
    if (sb->len + 2 > sb->cap)
        sb_grow(sb, 1);
    sb->buf[sb->len++] = c;
    sb->buf[sb->len] = '\0';
}

char *sb_reserve(strbuf *sb, size_t n)
{
    sb_grow(sb, n);
    return sb->buf + sb->len;
}

/* Formats into the spare room first; only a result that does not fit is formatted twice. */
void sb_vaddf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    sb_grow(sb, 64);
    size_t room = sb->cap - sb->len;
    int n = vsnprintf(sb->buf + sb->len, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        sb->buf[sb->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        sb_grow(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    }
    sb->len += (size_t)n;
}

void sb_addf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(sb, fmt, ap);
    va_end(ap);
}

void sb_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = '\0';
}

const char *sb_str(const strbuf *sb)
{
    return sb->buf ? sb->buf : "";
}

char *sb_detach(strbuf *sb)
{
    char *s = sb->buf ? sb->buf : xstrdup("");
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return s;
}

void sb_free(strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

int tk_mul64(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_mul_overflow(a, b, out) ? -1 : 0;
}

/* 128-bit intermediates: rate * seconds can exceed 64 bits near the limits. */
__extension__ typedef __int128 i128;

int tk_muldiv_round_wide(int64_t a, int64_t b, int64_t d, int64_t *out)
{
    if (d == 0)
        return -1;
    i128 p = (i128)a * b;
    int neg = (p < 0) != (d < 0);
    i128 ap = p < 0 ? -p : p, ad = d < 0 ? -(i128)d : d;
    i128 q = (ap + ad / 2) / ad;
    if (neg)
        q = -q;
    if (q > INT64_MAX || q < INT64_MIN)
        return -1;
    *out = (int64_t)q;
    return 0;
}

size_t tk_ids_find(const int64_t *ids, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] == id)
            return mid;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return n;
}

int tk_streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Decimal digits of u (1 for 0). */
static int digits_of(uint64_t u)
{
    int n = 1;
    for (uint64_t limit = 10; u >= limit; limit *= 10) {
        n++;
        if (n == 20)
            break; /* 10^19 < u: no power of ten above it fits */
    }
    return n;
}

size_t tk_i64_format(int64_t v, char buf[TK_I64_BUF])
{
    /* Two digits at a time, straight into buf: JSON listings format a dozen numbers per
     * entry. */
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                                "31323334353637383940414243444546474849505152535455565758596061"
                                "62636465666768697071727374757677787980818283848586878889909192"
                                "93949596979899";
    char *o = buf;
    uint64_t u = (uint64_t)v;
    if (v < 0) {
        *o++ = '-';
        u = (uint64_t)0 - u;
    }
    int n = digits_of(u);
    char *p = o + n;
    *p = '\0';
    while (u >= 100) {
        p -= 2;
        memcpy(p, pairs + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * u, 2);
    } else {
        *--p = (char)('0' + u);
    }
    return (size_t)(o - buf) + (size_t)n;
}

void str_pool_free(str_pool *p)
{
    for (size_t i = 0; i < p->blocks.len; i++)
        free(p->blocks.items[i]);
    free(p->blocks.items);
    memset(p, 0, sizeof *p);
}

bool tk_read_i64(const char **p, char end, int64_t *out)
{
    const char *t = *p;
    bool neg = *t == '-';
    t += neg;
    int64_t v = 0;
    int n = 0;
    for (; *t >= '0' && *t <= '9' && n < 19; t++, n++)
        v = v * 10 + (*t - '0');
    if (!n || n > 18 || *t != end)
        return false;
    *out = neg ? -v : v;
    *p = t + 1;
    return true;
}
