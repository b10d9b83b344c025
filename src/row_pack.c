/* row_pack.c — result sets of typed values as one checked blob (row_pack.h).
 *
 * Layout, integers little-endian:
 *   "tockrow1", key (8 bytes), gen (8), checksum of the payload (8), payload length (8);
 *   payload: number of sets (4), of values in all (4), then per set: columns (4), rows (4), its values row after
 *   row, each a tag byte: its kind times 16 plus n, the bytes of its integer (0..8, signed,
 *   the fewest that hold it: a row id or an amount takes two or three, not ten as text),
 *   and then for a real, text or blob: a varint length, the bytes and a NUL. */
#include "row_pack.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char magic[8] = { 't', 'o', 'c', 'k', 'r', 'o', 'w', '1' };
enum { HEAD = 40 };

uint64_t row_hash(const void *p, size_t n, uint64_t seed)
{
    const uint64_t k = 0x9e3779b97f4a7c15u;
    const unsigned char *b = p;
    uint64_t h = seed ^ ((uint64_t)n * k);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    for (size_t j = 0; i + j < n; j++)
        w |= (uint64_t)b[i + j] << (8 * j);
    h = (h ^ w) * k;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93u;
    return h ^ (h >> 32);
}

/* ---- writing ---- */

static void need(row_packer *p, size_t n)
{
    if (p->len + n <= p->cap)
        return;
    size_t cap = p->cap ? p->cap : 4096;
    while (cap < p->len + n)
        cap *= 2;
    p->buf = xrealloc(p->buf, cap);
    p->cap = cap;
}

static void put_fixed(unsigned char *at, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        at[i] = (unsigned char)(v >> (8 * i));
}

static void put_varint(row_packer *p, uint64_t v)
{
    need(p, 10);
    while (v >= 0x80) {
        p->buf[p->len++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p->buf[p->len++] = (unsigned char)v;
}

void row_pack_begin(row_packer *p, uint64_t key, uint64_t gen)
{
    memset(p, 0, sizeof *p);
    need(p, HEAD + 8);
    memcpy(p->buf, magic, sizeof magic);
    put_fixed(p->buf + 8, key, 8);
    put_fixed(p->buf + 16, gen, 8);
    p->len = HEAD + 8;   /* the checksum, length and counts come at the end */
}

static void close_set(row_packer *p)
{
    if (p->ncols)
        put_fixed(p->buf + p->set_at, p->nrows, 4);
    p->ncols = 0;
}

void row_pack_set(row_packer *p, int ncols)
{
    close_set(p);
    need(p, 8);
    put_fixed(p->buf + p->len, (uint64_t)ncols, 4);
    p->set_at = p->len + 4;
    p->len += 8;
    p->ncols = ncols;
    p->nrows = 0;
    p->nsets++;
}

/* How many bytes hold v as a signed little-endian integer (0 for 0). */
static int int_bytes(int64_t v)
{
    uint64_t m = v < 0 ? ~(uint64_t)v : (uint64_t)v;   /* the bits beside the sign */
    int n = 0;
    while (m) {
        m >>= 8;
        n++;
    }
    /* the top bit of the last byte is the sign: one more byte when it is taken */
    if (n && n < 8 && ((v < 0 ? ~(uint64_t)v : (uint64_t)v) >> (8 * n - 1)))
        n++;
    return v < 0 && !n ? 1 : n;
}

void row_pack_row(row_packer *p, const row_val *vals)
{
    for (int c = 0; c < p->ncols; c++) {
        const row_val *v = &vals[c];
        size_t len = v->type == ROW_INTEGER || v->type == ROW_NULL || v->len <= 0
                     ? 0 : (size_t)v->len;
        need(p, 1 + 8 + 10 + len + 1);   /* tag, integer, length, bytes, NUL */
        unsigned char *at = p->buf + p->len;
        int n = v->type == ROW_NULL ? 0 : int_bytes(v->i);
        *at++ = (unsigned char)(v->type * 16 + n);
        for (int b = 0; b < n; b++)
            *at++ = (unsigned char)((uint64_t)v->i >> (8 * b));
        p->len = (size_t)(at - p->buf);
        if (v->type == ROW_NULL || v->type == ROW_INTEGER)
            continue;
        put_varint(p, len);
        if (len)
            memcpy(p->buf + p->len, v->text, len);
        p->len += len;
        p->buf[p->len++] = 0;
    }
    p->nrows++;
    p->nvals += (uint32_t)p->ncols;
}

unsigned char *row_pack_end(row_packer *p, size_t *len)
{
    close_set(p);
    put_fixed(p->buf + HEAD, p->nsets, 4);
    put_fixed(p->buf + HEAD + 4, p->nvals, 4);
    size_t payload = p->len - HEAD;
    put_fixed(p->buf + 24, row_hash(p->buf + HEAD, payload, 0), 8);
    put_fixed(p->buf + 32, payload, 8);
    unsigned char *b = p->buf;
    *len = p->len;
    memset(p, 0, sizeof *p);
    return b;
}

void row_pack_free(row_packer *p)
{
    free(p->buf);
    memset(p, 0, sizeof *p);
}

/* ---- reading ---- */

static uint64_t get_fixed(const unsigned char *at, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)at[i] << (8 * i);
    return v;
}

/* A varint at *at before end: 0 and *v, or -1. */
static int get_varint(const unsigned char **at, const unsigned char *end, uint64_t *v)
{
    const unsigned char *b = *at;
    if (b < end && *b < 0x80) {   /* most values: one byte */
        *v = *b;
        *at = b + 1;
        return 0;
    }
    uint64_t x = 0;
    for (int shift = 0; shift < 64 && b < end; shift += 7) {
        unsigned char c = *b++;
        x |= (uint64_t)(c & 0x7f) << shift;
        if (c < 0x80) {
            *v = x;
            *at = b;
            return 0;
        }
    }
    return -1;
}

/* Per tag byte: 0 when no value has it, else 1 + the width of its integer (a null has
 * none). One lookup instead of five tests a value. */
#define WIDTHS(kind) [kind * 16] = 1, [kind * 16 + 1] = 2, [kind * 16 + 2] = 3,                \
                     [kind * 16 + 3] = 4, [kind * 16 + 4] = 5, [kind * 16 + 5] = 6,            \
                     [kind * 16 + 6] = 7, [kind * 16 + 7] = 8, [kind * 16 + 8] = 9
static const unsigned char tag_width[256] = { WIDTHS(ROW_INTEGER), WIDTHS(ROW_FLOAT),
                                              WIDTHS(ROW_TEXT), WIDTHS(ROW_BLOB),
                                              [ROW_NULL * 16] = 1 };

/* n (0..8) bytes of a signed little-endian integer. */
static int64_t get_int(const unsigned char *at, unsigned n)
{
    if (!n)
        return 0;
    uint64_t v = at[0];   /* most are one to three bytes: those without a loop */
    if (n > 1)
        v |= (uint64_t)at[1] << 8;
    if (n > 2)
        v |= (uint64_t)at[2] << 16;
    for (unsigned i = 3; i < n; i++)
        v |= (uint64_t)at[i] << (8 * i);
    if (n < 8 && (at[n - 1] & 0x80))
        v |= ~(uint64_t)0 << (8 * n);
    return (int64_t)v;
}

void row_unpacked_free(row_unpacked *u)
{
    free(u->all);
    memset(u, 0, sizeof *u);
}

static int fail(row_unpacked *out)
{
    row_unpacked_free(out);
    return -1;
}

int row_unpack(const unsigned char *b, size_t n, uint64_t key, uint64_t gen, row_unpacked *out)
{
    memset(out, 0, sizeof *out);
    if (!b || n < HEAD + 8 || memcmp(b, magic, sizeof magic) || get_fixed(b + 8, 8) != key ||
        get_fixed(b + 16, 8) != gen || get_fixed(b + 32, 8) != n - HEAD ||
        row_hash(b + HEAD, n - HEAD, 0) != get_fixed(b + 24, 8))
        return -1;
    const unsigned char *at = b + HEAD + 8, *end = b + n;
    uint64_t nsets = get_fixed(b + HEAD, 4), total = get_fixed(b + HEAD + 4, 4);
    /* Each value takes a byte at least: counts past the bytes left are damage. */
    if (nsets > ROW_PACK_SETS_MAX || total > (size_t)(end - at))
        return -1;
    out->all = xmalloc((total ? total : 1) * sizeof *out->all);
    size_t used = 0, first[ROW_PACK_SETS_MAX];
    for (uint64_t s = 0; s < nsets; s++) {
        if (end - at < 8)
            return fail(out);
        uint64_t ncols = get_fixed(at, 4), nrows = get_fixed(at + 4, 4);
        at += 8;
        if (ncols < 1 || ncols > ROW_PACK_COLS_MAX || nrows > (total - used) / ncols)
            return fail(out);
        size_t nvals = (size_t)(ncols * nrows);
        first[s] = used;
        out->sets[s].ncols = (int)ncols;
        out->sets[s].nrows = (size_t)nrows;
        for (row_val *v = out->all + used, *last = v + nvals; v < last; v++) {
            if (at >= end)
                return fail(out);
            unsigned tag = *at++;
            unsigned w = tag_width[tag] - 1u;   /* no such tag: UINT_MAX, past any blob */
            if ((size_t)(end - at) < (size_t)w)
                return fail(out);
            *v = (row_val){ (int)(tag >> 4), 0, get_int(at, w), NULL };
            at += w;
            if (v->type == ROW_INTEGER || v->type == ROW_NULL)
                continue;
            uint64_t len;
            if (get_varint(&at, end, &len) || len >= (uint64_t)(end - at) || len > INT32_MAX ||
                at[len] != 0)
                return fail(out);
            v->text = (const char *)at;
            v->len = (int)len;
            at += len + 1;
        }
        used += nvals;
    }
    if (at != end || used != total)
        return fail(out);
    out->nsets = (int)nsets;
    for (int s = 0; s < out->nsets; s++)
        out->sets[s].vals = out->all + first[s];
    return 0;
}
