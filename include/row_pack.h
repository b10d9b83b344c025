/* row_pack.h — result sets of typed values (sqlite's five kinds) as one blob, and back
 * (row_pack.c). The store keeps every client's rules across commands as the rows their
 * statements gave (store_rules.c) and replays them through the same row readers. The blob
 * carries a key (what it was made for), a change count and a checksum over everything after
 * them: a blob that does not check out whole is refused, nothing of it is given. Pure: no
 * I/O. */
#ifndef TOCK_ROW_PACK_H
#define TOCK_ROW_PACK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Kinds of value, as sqlite's (and store_db.h's DB_INTEGER..DB_NULL). */
enum { ROW_INTEGER = 1, ROW_FLOAT = 2, ROW_TEXT = 3, ROW_BLOB = 4, ROW_NULL = 5 };
enum { ROW_PACK_SETS_MAX = 16, ROW_PACK_COLS_MAX = 32 };

/* One value: an integer as i; a real, text or blob as its text (NUL-terminated, len bytes
 * before the NUL) and i, what the database gave when it was asked for an integer. */
typedef struct row_val {
    int type;
    int len;
    int64_t i;
    const char *text;   /* NULL for an integer or a null */
} row_val;

/* ---- writing ---- */

typedef struct row_packer {
    unsigned char *buf;           /* the blob so far: its head and the sets closed */
    size_t len, cap;
    unsigned char *heap;          /* every distinct text once, each with its NUL */
    size_t heap_len, heap_cap;
    struct row_seen *seen;        /* the heap's texts by hash (open addressing) */
    size_t nseen, seen_cap;
    struct row_packed *vals;      /* the open set's values, row after row */
    size_t nvals, vals_cap;
    uint32_t nsets;
    int ncols;                    /* of the open set; 0: none open */
    int too_big;                  /* texts past what the blob can say: no blob */
} row_packer;

/* Starts a blob for key at change count gen. */
void row_pack_begin(row_packer *p, uint64_t key, uint64_t gen);
/* Starts the next result set, of ncols columns (1..ROW_PACK_COLS_MAX). */
void row_pack_set(row_packer *p, int ncols);
/* One row of the open set: its ncols values (copied). */
void row_pack_row(row_packer *p, const row_val *vals);
/* Ends the blob: *len bytes, owned by the caller (free), or NULL when its distinct texts
 * passed 4 GiB; p is empty again. */
unsigned char *row_pack_end(row_packer *p, size_t *len);
void row_pack_free(row_packer *p);

/* ---- reading ---- */

/* A column of a set as the blob holds it (row_pack.c's own: read it with row_get). */
typedef struct row_col {
    const unsigned char *kinds;   /* each row's kind, or NULL: every row is of kind */
    const unsigned char *ints, *offs, *lens;   /* each row's, width bytes apiece */
    uint64_t base, step;          /* a row's integer: base + step * row + its stored part */
    uint64_t int_mask, int_sign;
    uint32_t off_mask, len_mask;
    unsigned char kind, width, off_width, len_width;
} row_col;

typedef struct row_set {
    int ncols;
    size_t nrows;
    const char *heap;             /* the blob's texts */
    const row_col *cols;
} row_set;

typedef struct row_unpacked {
    int nsets;
    row_set sets[ROW_PACK_SETS_MAX];   /* the first nsets only */
    row_col cols[ROW_PACK_SETS_MAX * ROW_PACK_COLS_MAX];   /* theirs, set after set */
} row_unpacked;

/* The sets of blob [b, b + n) made for key at change count gen: 0 and *out, whose texts point
 * into b (keep it while reading them); -1 when it is not such a blob or is damaged in any
 * way (*out then holds no set). Nothing to free: *out points into b. */
int row_unpack(const unsigned char *b, size_t n, uint64_t key, uint64_t gen, row_unpacked *out);
/* Row row (< s->nrows) of s: its s->ncols values into out. */
void row_get(const row_set *s, size_t row, row_val *out);

/* 8 bytes at at, little-endian (a value's bytes and those after it, masked off: the blob
 * ends in 8 zero bytes, so none is read past it). */
static inline uint64_t row_load8(const unsigned char *at)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, at, 8);
    return v;
#else
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)at[i] << (8 * i);
    return v;
#endif
}

/* Row row (< s->nrows), column col (< s->ncols) of s, part by part (inline: a reader that
 * asks for a value's kind or integer reads only that): its kind; its integer (0 for a null);
 * for a real, text or blob its text and length. */
static inline int row_kind(const row_set *s, size_t row, int col)
{
    const row_col *c = &s->cols[col];
    return c->kinds ? c->kinds[row] : c->kind;
}

static inline int64_t row_col_int(const row_col *c, size_t row)
{
    uint64_t x = (row_load8(c->ints + row * c->width) & c->int_mask) ^ c->int_sign;
    return (int64_t)(c->base + c->step * row + x - c->int_sign);
}

static inline int64_t row_int(const row_set *s, size_t row, int col)
{
    return row_col_int(&s->cols[col], row);
}

static inline const char *row_text(const row_set *s, size_t row, int col)
{
    const row_col *c = &s->cols[col];
    return s->heap + (row_load8(c->offs + row * c->off_width) & c->off_mask);
}

static inline int row_len(const row_set *s, size_t row, int col)
{
    const row_col *c = &s->cols[col];
    return (int)(row_load8(c->lens + row * c->len_width) & c->len_mask);
}

/* A 64-bit hash of n bytes (not cryptographic: it finds damage, not forgery), chained by
 * seed: for the checksum and for keys made of several strings. */
uint64_t row_hash(const void *p, size_t n, uint64_t seed);

#endif
