/* instream.c — buffered byte input from a FILE* or memory; UTF-8 validation with position. */
#include "instream.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

void instream_file(instream *s, FILE *f)
{
    s->f = f;
    s->buf = xmalloc(INSTREAM_BUF);
    s->p = s->end = s->buf;
    s->failed = false;
}

void instream_mem(instream *s, const void *data, size_t len)
{
    s->f = NULL;
    s->buf = NULL;
    s->p = data;
    s->end = s->p + len;
    s->failed = false;
}

void instream_free(instream *s)
{
    free(s->buf);
    s->buf = NULL;
    s->p = s->end = NULL;
}

size_t instream_ensure(instream *s, size_t n)
{
    size_t have = (size_t)(s->end - s->p);
    if (have >= n || !s->f || s->failed)
        return have;
    memmove(s->buf, s->p, have);
    s->p = s->buf;
    s->end = s->buf + have;
    while (have < n && !feof(s->f)) {
        size_t got = fread(s->buf + have, 1, INSTREAM_BUF - have, s->f);
        if (got == 0) {
            if (ferror(s->f))
                s->failed = true;
            break;
        }
        have += got;
        s->end = s->buf + have;
    }
    return have;
}

int instream_refill_getc(instream *s)
{
    if (instream_ensure(s, 1) == 0)
        return EOF;
    return *s->p++;
}

size_t utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned min, cp;
        if (c >= 0xc2 && c <= 0xdf)
            n = 1, min = 0x80, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            n = 2, min = 0x800, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            n = 3, min = 0x10000, cp = c & 0x07;
        else
            return i;
        if (len - i <= n)
            return i;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += n + 1;
    }
    return len;
}
