/* util.h — allocation that never fails silently, a growable string, and the error type.
 * Every recoverable error in tock is a tk_err filled with one human line. */
#ifndef TOCK_UTIL_H
#define TOCK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>

#define TK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* One line of explanation for the user; empty when nothing went wrong. */
typedef struct tk_err {
    char msg[512];
} tk_err;

/* Fill err (may be NULL) and return -1, so `return tk_fail(err, ...)` reads naturally. */
int tk_fail(tk_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated buffer. Zero-initialise, then append; free with sb_free. */
typedef struct strbuf {
    char *buf;
    size_t len, cap;
} strbuf;

void sb_add(strbuf *sb, const char *s);
void sb_addn(strbuf *sb, const char *s, size_t n);
void sb_addc(strbuf *sb, char c);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(strbuf *sb, const char *fmt, va_list ap);
/* Room for n more bytes and a NUL after the end; write there, then add what was written to
 * sb->len and put the NUL back. Lets a hot writer skip a bounds check per byte. */
char *sb_reserve(strbuf *sb, size_t n);
void sb_reset(strbuf *sb);
const char *sb_str(const strbuf *sb); /* never NULL */
char *sb_detach(strbuf *sb);          /* caller frees */
void sb_free(strbuf *sb);

/* A growable array of pointers or values: `TK_VEC(struct entry) v = {0}; TK_PUSH(v, e);` */
#define TK_VEC(T) struct { T *items; size_t len, cap; }
#define TK_PUSH(v, x) do { \
        if ((v).len == (v).cap) { \
            (v).cap = (v).cap ? (v).cap * 2 : 8; \
            (v).items = xrealloc((v).items, (v).cap * sizeof(*(v).items)); \
        } \
        (v).items[(v).len++] = (x); \
    } while (0)

/* Strings copied into blocks that are freed together (a busy week's rows, every client's
 * rules: thousands of small strings without an allocation and a free each). A zeroed pool is
 * empty; block is the size of each new block (a longer string gets a block of its own). */
typedef struct str_pool {
    TK_VEC(char *) blocks;
    char *at;
    size_t left;
} str_pool;
void str_pool_free(str_pool *p);
/* Inline: a busy week copies thousands of short strings. */
static inline char *str_pool_dup(str_pool *p, const char *s, size_t block)
{
    size_t n = strlen(s) + 1;
    if (n > p->left) {
        size_t size = n > block ? n : block;
        TK_PUSH(p->blocks, xmalloc(size));
        p->at = p->blocks.items[p->blocks.len - 1];
        p->left = size;
    }
    char *out = p->at;
    memcpy(out, s, n);
    p->at += n;
    p->left -= n;
    return out;
}

/* A decimal integer at *p ended by `end` (at most a leading minus and 18 digits, so no
 * overflow), as tock writes its stored figures: true with *out, *p past `end`; false and *p
 * unmoved otherwise. */
bool tk_read_i64(const char **p, char end, int64_t *out);

/* Checked 64-bit arithmetic: 0 on success, -1 on overflow. Inline: a busy week adds up
 * tens of thousands of seconds and amounts this way. */
static inline int tk_add64(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_add_overflow(a, b, out) ? -1 : 0;
}
int tk_mul64(int64_t a, int64_t b, int64_t *out);
/* a*b/d rounded half away from zero, without intermediate overflow; -1 if the result overflows. */
int tk_muldiv_round_wide(int64_t a, int64_t b, int64_t d, int64_t *out);
/* ... inline when all three are below 2^31 (money and time almost always are: then 64 bits do
 * it without a 128-bit division or a call; billing a busy month calls this 26,000 times). */
static inline int tk_muldiv_round(int64_t a, int64_t b, int64_t d, int64_t *out)
{
    if (a > -INT32_MAX && a < INT32_MAX && b > -INT32_MAX && b < INT32_MAX && d > -INT32_MAX &&
        d < INT32_MAX && d != 0) {
        int64_t p = a * b, ad = d < 0 ? -d : d, ap = p < 0 ? -p : p;
        int64_t q = (ap + ad / 2) / ad;
        *out = (p < 0) != (d < 0) ? -q : q;
        return 0;
    }
    return tk_muldiv_round_wide(a, b, d, out);
}

int tk_streq(const char *a, const char *b); /* NULL-safe */
/* The index of id in ids, sorted ascending, or n when it is not there. */
size_t tk_ids_find(const int64_t *ids, size_t n, int64_t id);

/* v in decimal into buf (NUL-terminated); returns its length. Writers of many numbers use it
 * instead of snprintf, which was a large share of export's time. */
#define TK_I64_BUF 21
size_t tk_i64_format(int64_t v, char buf[TK_I64_BUF]);

#endif
