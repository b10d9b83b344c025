/* instream.h — a buffered byte source over a FILE* or a memory block, for the streaming
 * readers (CSV, JSON arrays). Reading from memory is what fuzzers and tests use. */
#ifndef TOCK_INSTREAM_H
#define TOCK_INSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define INSTREAM_BUF 65536

typedef struct instream {
    FILE *f;                    /* NULL for a memory source; not owned */
    unsigned char *buf;         /* owned when reading a FILE */
    const unsigned char *p, *end;
    bool failed;                /* a read error (ferror) happened */
} instream;

/* Reads f (not closed by instream_free). */
void instream_file(instream *s, FILE *f);
/* Reads len bytes at data, which must outlive the stream. */
void instream_mem(instream *s, const void *data, size_t len);
void instream_free(instream *s);

int instream_refill_getc(instream *s); /* slow path of instream_getc */

/* The next byte (0–255), or EOF at the end or on a read error (see s->failed). */
static inline int instream_getc(instream *s)
{
    return s->p < s->end ? *s->p++ : instream_refill_getc(s);
}

/* Makes at least n (≤ INSTREAM_BUF) bytes available at s->p if the input has them; returns
 * how many are available. Consumes nothing. */
size_t instream_ensure(instream *s, size_t n);

/* The next byte without consuming it, or EOF. */
static inline int instream_peek(instream *s)
{
    return s->p < s->end || instream_ensure(s, 1) ? *s->p : EOF;
}

/* Offset of the first byte of s[0..len) that is not part of valid UTF-8 (overlong forms,
 * surrogates and code points past U+10FFFF are invalid), or len when all of it is valid. */
size_t utf8_invalid_at(const char *s, size_t len);

#endif
