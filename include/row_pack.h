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
    unsigned char *buf;
    size_t len, cap;
    size_t set_at;      /* where the open set's row count goes */
    uint32_t nrows, nsets, nvals;
    int ncols;          /* of the open set; 0: none open */
} row_packer;

/* Starts a blob for key at change count gen. */
void row_pack_begin(row_packer *p, uint64_t key, uint64_t gen);
/* Starts the next result set, of ncols columns (1..ROW_PACK_COLS_MAX). */
void row_pack_set(row_packer *p, int ncols);
/* One row of the open set: its ncols values. */
void row_pack_row(row_packer *p, const row_val *vals);
/* Ends the blob: *len bytes, owned by the caller (free); p is empty again. */
unsigned char *row_pack_end(row_packer *p, size_t *len);
void row_pack_free(row_packer *p);

/* ---- reading ---- */

typedef struct row_set {
    int ncols;
    size_t nrows;
    const row_val *vals;   /* nrows * ncols, row after row */
} row_set;

typedef struct row_unpacked {
    row_set sets[ROW_PACK_SETS_MAX];
    int nsets;
    row_val *all;          /* every set's values (free with row_unpacked_free) */
} row_unpacked;

/* The sets of blob [b, b + n) made for key at change count gen: 0 and *out, whose texts point
 * into b (keep it while reading them); -1 when it is not such a blob or is damaged in any
 * way (*out then holds nothing). */
int row_unpack(const unsigned char *b, size_t n, uint64_t key, uint64_t gen, row_unpacked *out);
void row_unpacked_free(row_unpacked *u);

/* A 64-bit hash of n bytes (not cryptographic: it finds damage, not forgery), chained by
 * seed: for the checksum and for keys made of several strings. */
uint64_t row_hash(const void *p, size_t n, uint64_t seed);

#endif
