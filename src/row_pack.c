/* row_pack.c — result sets of typed values as one checked blob (row_pack.h).
 *
 * Layout, integers little-endian:
 *   "tockrow2", key (8 bytes), gen (8), checksum of the payload (8), payload length (8);
 *   payload: number of sets (4), length of the texts (4); per set: columns (4), rows (4) and
 *   column after column: its kind (1: 0 when each row gives its own), the widths of its
 *   integers (1: 0..8), text offsets (1: 0..4) and text lengths (1: 0..4), base (8) and step
 *   (8); then each row's kind (when 0), integer, text offset and text length, each at its
 *   width. Then the texts (every distinct one once, each with a NUL) and 8 zero bytes.
 *
 * Column by column, each value at a fixed width, so that reading is arithmetic: a row's
 * value is found where it is, not by reading every value before it, and a blob is checked
 * whole without walking its integers. A busy week's 13,206 values were decoded into one
 * 317 KB array first (~0.5 M instructions, and 78 pages the week's read then reused): each
 * is now read where it is, when a reader asks for it. An integer is stored as its difference from base + step * row
 * (ids counting up take no byte); a text as its place among the texts (a tier or a day
 * repeated on hundreds of rates is there once). */
#include "row_pack.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char magic[8] = { 't', 'o', 'c', 'k', 'r', 'o', 'w', '2' };
enum { HEAD = 40, PAYLOAD_HEAD = 8, SET_HEAD = 8, COL_HEAD = 20, PAD = 8 };

/* Four lanes of 8 bytes side by side: one lane's multiply waits for the one before it, so a
 * single lane ran at a word per ~6 cycles (a 25 KB blob: ~7 µs); four keep the multiplier
 * busy. */
static uint64_t mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9e3779b97f4a7c15u;
    return h ^ (h >> 29);
}

uint64_t row_hash(const void *p, size_t n, uint64_t seed)
{
    const uint64_t k = 0x9e3779b97f4a7c15u;
    const unsigned char *b = p;
    uint64_t h[4] = { seed ^ ((uint64_t)n * k), seed + k, seed ^ (k >> 1), seed - k };
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        for (int l = 0; l < 4; l++) {
            uint64_t w;
            memcpy(&w, b + i + 8 * l, 8);
            h[l] = mix(h[l], w);
        }
    }
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h[0] = mix(h[0], w);
    }
    uint64_t w = 0;
    for (size_t j = 0; i + j < n; j++)
        w |= (uint64_t)b[i + j] << (8 * j);
    uint64_t x = mix(h[0], w);
    for (int l = 1; l < 4; l++)
        x = mix(x, h[l]);
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93u;
    return x ^ (x >> 32);
}

static void put_fixed(unsigned char *at, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        at[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_fixed(const unsigned char *at, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)at[i] << (8 * i);
    return v;
}

/* ---- writing ---- */

/* A value of the open set, its text already among the heap's. */
struct row_packed {
    int64_t i;
    uint32_t off, len;
    int kind;
};

struct row_seen {
    uint32_t off1;   /* offset + 1; 0: free */
    uint32_t len;
    uint64_t hash;   /* row_hash of the text: not computed again when the table grows */
};

/* Room for n more bytes at *buf (of *len used, *cap allocated). */
static void need(unsigned char **buf, size_t len, size_t *cap, size_t n)
{
    if (len + n <= *cap)
        return;
    size_t c = *cap ? *cap : 4096;
    while (c < len + n)
        c *= 2;
    *buf = xrealloc(*buf, c);
    *cap = c;
}

void row_pack_begin(row_packer *p, uint64_t key, uint64_t gen)
{
    memset(p, 0, sizeof *p);
    need(&p->buf, 0, &p->cap, HEAD + PAYLOAD_HEAD);
    memcpy(p->buf, magic, sizeof magic);
    put_fixed(p->buf + 8, key, 8);
    put_fixed(p->buf + 16, gen, 8);
    p->len = HEAD + PAYLOAD_HEAD;   /* the checksum, lengths and counts come at the end */
}

static uint32_t seen_slot(const row_packer *p, const char *t, size_t len, uint64_t h)
{
    size_t i = (size_t)h & (p->seen_cap - 1);
    while (p->seen[i].off1 && (p->seen[i].hash != h || p->seen[i].len != len ||
                               memcmp(p->heap + p->seen[i].off1 - 1, t, len)))
        i = (i + 1) & (p->seen_cap - 1);
    return (uint32_t)i;
}

/* Where text t (len bytes) is in the heap, put there when new. */
static uint32_t heap_text(row_packer *p, const char *t, size_t len)
{
    if (2 * (p->nseen + 1) > p->seen_cap) {
        struct row_seen *old = p->seen;
        size_t n = p->seen_cap;
        p->seen_cap = n ? 2 * n : 256;
        p->seen = xcalloc(p->seen_cap, sizeof *p->seen);
        for (size_t i = 0; i < n; i++) {
            size_t at = (size_t)old[i].hash & (p->seen_cap - 1);
            while (old[i].off1 && p->seen[at].off1)
                at = (at + 1) & (p->seen_cap - 1);
            if (old[i].off1)
                p->seen[at] = old[i];
        }
        free(old);
    }
    uint64_t h = row_hash(t, len, 0);
    uint32_t at = seen_slot(p, t, len, h);
    if (p->seen[at].off1)
        return p->seen[at].off1 - 1;
    if (p->heap_len + len + 1 >= UINT32_MAX) {
        p->too_big = 1;
        return 0;
    }
    need(&p->heap, p->heap_len, &p->heap_cap, len + 1);
    if (len)
        memcpy(p->heap + p->heap_len, t, len);
    p->heap[p->heap_len + len] = 0;
    p->seen[at] = (struct row_seen){ (uint32_t)p->heap_len + 1, (uint32_t)len, h };
    p->nseen++;
    p->heap_len += len + 1;
    return (uint32_t)(p->heap_len - len - 1);
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

static int unsigned_bytes(uint64_t v)
{
    int n = 0;
    for (; v; v >>= 8)
        n++;
    return n;
}

static bool has_text(int kind) { return kind == ROW_FLOAT || kind == ROW_TEXT || kind == ROW_BLOB; }

/* Column c's integers as base + step * row + a part of *width bytes, for step (arithmetic
 * modulo 2^64, so any step gives the integers back): base halfway between the extremes of
 * the parts, whose widths then hold every part between them. A null's integer is 0, stored
 * as any other: a reader of an integer need not look at its kind. */
static void fit(const row_packer *p, int c, uint64_t step, uint64_t *base, int *width)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    size_t nrows = p->nvals / (size_t)p->ncols;
    for (size_t r = 0; r < nrows; r++) {
        const struct row_packed *v = &p->vals[r * (size_t)p->ncols + (size_t)c];
        int64_t d = (int64_t)((uint64_t)v->i - step * r);
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    if (lo > hi) {
        *base = 0;
        *width = 0;
        return;
    }
    uint64_t span = (uint64_t)hi - (uint64_t)lo;
    *base = (uint64_t)lo + span / 2;
    if (span > INT64_MAX) {
        *width = 8;
        return;
    }
    int a = int_bytes((int64_t)((uint64_t)lo - *base)), b = int_bytes((int64_t)((uint64_t)hi - *base));
    *width = a > b ? a : b;
}

static void put_col(row_packer *p, int c)
{
    size_t nrows = p->nvals / (size_t)p->ncols;
    int kind = nrows ? p->vals[c].kind : ROW_NULL;
    uint32_t max_off = 0, max_len = 0;
    for (size_t r = 0; r < nrows; r++) {
        const struct row_packed *v = &p->vals[r * (size_t)p->ncols + (size_t)c];
        if (v->kind != kind)
            kind = 0;
        if (has_text(v->kind)) {
            max_off = v->off > max_off ? v->off : max_off;
            max_len = v->len > max_len ? v->len : max_len;
        }
    }
    /* Counting up (or down) steadily: a step; else none. The narrower wins. */
    uint64_t base, step = 0, base1;
    int width, width1;
    fit(p, c, 0, &base, &width);
    if (nrows > 1) {
        const struct row_packed *first = &p->vals[c];
        const struct row_packed *last = &p->vals[(nrows - 1) * (size_t)p->ncols + (size_t)c];
        uint64_t step1 = (uint64_t)((int64_t)((uint64_t)last->i - (uint64_t)first->i) /
                                    (int64_t)(nrows - 1));
        fit(p, c, step1, &base1, &width1);
        if (width1 < width) {
            step = step1;
            base = base1;
            width = width1;
        }
    }
    bool texts = kind == 0 || has_text(kind);
    int ow = texts ? unsigned_bytes(max_off) : 0, lw = texts ? unsigned_bytes(max_len) : 0;
    size_t per_row = (kind == 0) + (size_t)width + (size_t)ow + (size_t)lw;
    need(&p->buf, p->len, &p->cap, COL_HEAD + nrows * per_row);
    unsigned char *at = p->buf + p->len;
    at[0] = (unsigned char)kind;
    at[1] = (unsigned char)width;
    at[2] = (unsigned char)ow;
    at[3] = (unsigned char)lw;
    put_fixed(at + 4, base, 8);
    put_fixed(at + 12, step, 8);
    at += COL_HEAD;
    for (size_t r = 0; kind == 0 && r < nrows; r++)
        *at++ = (unsigned char)p->vals[r * (size_t)p->ncols + (size_t)c].kind;
    for (size_t r = 0; r < nrows; r++, at += width) {
        const struct row_packed *v = &p->vals[r * (size_t)p->ncols + (size_t)c];
        put_fixed(at, (uint64_t)v->i - step * r - base, width);
    }
    for (size_t r = 0; r < nrows; r++, at += ow) {
        const struct row_packed *v = &p->vals[r * (size_t)p->ncols + (size_t)c];
        put_fixed(at, has_text(v->kind) ? v->off : 0, ow);
    }
    for (size_t r = 0; r < nrows; r++, at += lw) {
        const struct row_packed *v = &p->vals[r * (size_t)p->ncols + (size_t)c];
        put_fixed(at, has_text(v->kind) ? v->len : 0, lw);
    }
    p->len = (size_t)(at - p->buf);
}

static void close_set(row_packer *p)
{
    if (!p->ncols)
        return;
    need(&p->buf, p->len, &p->cap, SET_HEAD);
    put_fixed(p->buf + p->len, (uint64_t)p->ncols, 4);
    put_fixed(p->buf + p->len + 4, p->nvals / (size_t)p->ncols, 4);
    p->len += SET_HEAD;
    for (int c = 0; c < p->ncols; c++)
        put_col(p, c);
    p->ncols = 0;
    p->nvals = 0;
}

void row_pack_set(row_packer *p, int ncols)
{
    close_set(p);
    p->ncols = ncols;
    p->nsets++;
}

void row_pack_row(row_packer *p, const row_val *vals)
{
    if (p->nvals + (size_t)p->ncols > p->vals_cap) {
        p->vals_cap = p->vals_cap ? 2 * p->vals_cap : 256;
        while (p->vals_cap < p->nvals + (size_t)p->ncols)
            p->vals_cap *= 2;
        p->vals = xrealloc(p->vals, p->vals_cap * sizeof *p->vals);
    }
    for (int c = 0; c < p->ncols; c++) {
        const row_val *v = &vals[c];
        struct row_packed *out = &p->vals[p->nvals++];
        *out = (struct row_packed){ v->type == ROW_NULL ? 0 : v->i, 0, 0, v->type };
        if (has_text(v->type)) {
            size_t len = v->len > 0 ? (size_t)v->len : 0;
            out->off = heap_text(p, len ? v->text : "", len);
            out->len = (uint32_t)len;
        }
    }
}

static void packer_free(row_packer *p)
{
    free(p->heap);
    free(p->seen);
    free(p->vals);
    memset(p, 0, sizeof *p);
}

unsigned char *row_pack_end(row_packer *p, size_t *len)
{
    close_set(p);
    if (p->too_big) {
        row_pack_free(p);
        *len = 0;
        return NULL;
    }
    need(&p->buf, p->len, &p->cap, p->heap_len + PAD);
    if (p->heap_len)
        memcpy(p->buf + p->len, p->heap, p->heap_len);
    memset(p->buf + p->len + p->heap_len, 0, PAD);
    p->len += p->heap_len + PAD;
    put_fixed(p->buf + HEAD, p->nsets, 4);
    put_fixed(p->buf + HEAD + 4, p->heap_len, 4);
    size_t payload = p->len - HEAD;
    put_fixed(p->buf + 24, row_hash(p->buf + HEAD, payload, 0), 8);
    put_fixed(p->buf + 32, payload, 8);
    unsigned char *b = p->buf;
    *len = p->len;
    packer_free(p);
    return b;
}

void row_pack_free(row_packer *p)
{
    free(p->buf);
    packer_free(p);
}

/* ---- reading ---- */

static uint64_t mask_of(int width)
{
    return width >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * width)) - 1;
}

/* A column's head at at and its rows' bytes after it, before end: 0 and *c, or -1. */
static int get_col(const unsigned char **at, const unsigned char *end, size_t nrows,
                   const char *heap, size_t heap_len, row_col *c)
{
    const unsigned char *b = *at;
    if (end - b < COL_HEAD)
        return -1;
    unsigned kind = b[0], width = b[1], ow = b[2], lw = b[3];
    bool texts = kind == 0 || has_text((int)kind);
    if (kind > ROW_NULL || width > 8 || ow > 4 || lw > 4 || (!texts && (ow || lw)))
        return -1;
    *c = (row_col){ .base = get_fixed(b + 4, 8), .step = get_fixed(b + 12, 8),
                    .int_mask = mask_of((int)width),
                    .int_sign = width ? (uint64_t)1 << (8 * width - 1) : 0,
                    .off_mask = (uint32_t)mask_of((int)ow),
                    .len_mask = (uint32_t)mask_of((int)lw), .kind = (unsigned char)kind,
                    .width = (unsigned char)width, .off_width = (unsigned char)ow,
                    .len_width = (unsigned char)lw };
    b += COL_HEAD;
    /* nrows < 2^32 and widths of at most 8: no product overflows */
    uint64_t bytes = (uint64_t)nrows * ((kind == 0) + width + ow + lw);
    if (bytes > (uint64_t)(end - b))
        return -1;
    c->kinds = kind == 0 ? b : NULL;
    c->ints = b + (kind == 0 ? nrows : 0);
    c->offs = c->ints + nrows * width;
    c->lens = c->offs + nrows * ow;
    *at = b + bytes;
    /* Every null's integer 0 (row_int does not look at kinds); every kind one of the five;
     * every text inside the heap and ended by its NUL. */
    if (kind == ROW_NULL && (width || c->base || c->step))
        return -1;
    if (!texts)
        return 0;
    for (size_t r = 0; c->kinds && r < nrows; r++) {
        if (c->kinds[r] < ROW_INTEGER || c->kinds[r] > ROW_NULL)
            return -1;
        if (c->kinds[r] == ROW_NULL && row_col_int(c, r))
            return -1;
    }
    /* A column of one kind whose rows take no byte has one text, on every row: checked once
     * (its rows may be as many as 2^32 - 1, in no bytes). Any other takes a byte a row. */
    size_t ntexts = !c->kinds && !ow && !lw && nrows ? 1 : nrows;
    for (size_t r = 0; r < ntexts; r++) {
        if (c->kinds && !has_text(c->kinds[r]))
            continue;
        size_t off = (size_t)(row_load8(c->offs + r * ow) & c->off_mask);
        size_t len = (size_t)(row_load8(c->lens + r * lw) & c->len_mask);
        if (off >= heap_len || len >= heap_len - off || len > INT32_MAX || heap[off + len])
            return -1;
    }
    return 0;
}

int row_unpack(const unsigned char *b, size_t n, uint64_t key, uint64_t gen, row_unpacked *out)
{
    out->nsets = 0;
    if (!b || n < HEAD + PAYLOAD_HEAD + PAD || memcmp(b, magic, sizeof magic) ||
        get_fixed(b + 8, 8) != key || get_fixed(b + 16, 8) != gen ||
        get_fixed(b + 32, 8) != n - HEAD || row_hash(b + HEAD, n - HEAD, 0) != get_fixed(b + 24, 8))
        return -1;
    uint64_t nsets = get_fixed(b + HEAD, 4), heap_len = get_fixed(b + HEAD + 4, 4);
    const unsigned char *at = b + HEAD + PAYLOAD_HEAD, *pad = b + n - PAD;
    if (nsets > ROW_PACK_SETS_MAX || heap_len > (size_t)(pad - at))
        return -1;
    for (int i = 0; i < PAD; i++)
        if (pad[i])
            return -1;
    const unsigned char *end = pad - heap_len;
    const char *heap = (const char *)end;
    row_col *cols = out->cols;
    for (uint64_t s = 0; s < nsets; s++) {
        if (end - at < SET_HEAD)
            return -1;
        uint64_t ncols = get_fixed(at, 4), nrows = get_fixed(at + 4, 4);
        at += SET_HEAD;
        if (ncols < 1 || ncols > ROW_PACK_COLS_MAX)
            return -1;
        out->sets[s] = (row_set){ (int)ncols, (size_t)nrows, heap, cols };
        for (uint64_t c = 0; c < ncols; c++)
            if (get_col(&at, end, (size_t)nrows, heap, (size_t)heap_len, cols++))
                return -1;
    }
    if (at != end)
        return -1;
    out->nsets = (int)nsets;
    return 0;
}

void row_get(const row_set *s, size_t row, row_val *out)
{
    for (int k = 0; k < s->ncols; k++) {
        int kind = row_kind(s, row, k);
        bool text = kind != ROW_INTEGER && kind != ROW_NULL;
        out[k] = (row_val){ kind, text ? row_len(s, row, k) : 0, row_int(s, row, k),
                            text ? row_text(s, row, k) : NULL };
    }
}
