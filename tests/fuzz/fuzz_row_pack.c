/* row_pack: any payload with a right checksum (a made blob) is refused or reads with every
 * value's kind one of the five and every text inside the blob, ended by its NUL; any rows
 * packed come back value for value. The first byte picks which. */
#include <stdbool.h>
#include <stdio.h>

#include "fuzz.h"
#include "row_pack.h"

/* Every value of every set, as the replay reads them. */
static void read_all(const row_unpacked *u, const unsigned char *b, size_t n)
{
    for (int k = 0; k < u->nsets; k++) {
        const row_set *s = &u->sets[k];
        FUZZ_ASSERT(s->ncols >= 1 && s->ncols <= ROW_PACK_COLS_MAX);
        for (size_t r = 0; r < s->nrows && r < 4096; r++) {
            row_val v[ROW_PACK_COLS_MAX];
            row_get(s, r, v);
            for (int c = 0; c < s->ncols; c++) {
                FUZZ_ASSERT(v[c].type >= ROW_INTEGER && v[c].type <= ROW_NULL);
                FUZZ_ASSERT(v[c].type != ROW_NULL || v[c].i == 0);
                if (v[c].type == ROW_INTEGER || v[c].type == ROW_NULL) {
                    FUZZ_ASSERT(!v[c].text);
                    continue;
                }
                const unsigned char *t = (const unsigned char *)v[c].text;
                FUZZ_ASSERT(v[c].len >= 0 && t >= b && t + v[c].len < b + n);
                FUZZ_ASSERT(t[v[c].len] == 0);
            }
        }
    }
}

static void made(const uint8_t *data, size_t size)
{
    size_t n = 40 + size;
    unsigned char *b = malloc(n);
    if (!b)
        abort();
    memcpy(b, "tockrow2", 8);
    for (int i = 0; i < 8; i++) {
        b[8 + i] = (unsigned char)(i == 0);
        b[16 + i] = (unsigned char)(i == 0);
        b[32 + i] = (unsigned char)((uint64_t)size >> (8 * i));
    }
    memcpy(b + 40, data, size);
    uint64_t sum = row_hash(b + 40, size, 0);
    for (int i = 0; i < 8; i++)
        b[24 + i] = (unsigned char)(sum >> (8 * i));
    row_unpacked *u = malloc(sizeof *u);
    if (!u)
        abort();
    if (row_unpack(b, n, 1, 1, u) == 0)
        read_all(u, b, n);
    else
        FUZZ_ASSERT(u->nsets == 0);
    free(u);
    free(b);
}

/* Bytes as rows: a set's columns, then per value a kind and 8 bytes of integer or a text's
 * length and bytes. */
static void round_trip(const uint8_t *data, size_t size)
{
    enum { MAXV = 512 };
    static row_val vals[MAXV];
    if (size < 1)
        return;
    int ncols = data[0] % 8 + 1;
    size_t at = 1, nv = 0;
    while (at < size && nv < MAXV) {
        int kind = data[at++] % 5 + 1;
        row_val v = { kind, 0, 0, NULL };
        uint64_t x = 0;
        for (int i = 0; i < 8 && at < size; i++)
            x |= (uint64_t)data[at++] << (8 * i);
        if (kind != ROW_NULL)
            v.i = (int64_t)x;
        if (kind != ROW_INTEGER && kind != ROW_NULL) {
            size_t len = at < size ? data[at++] % 16 : 0;
            len = len < size - at ? len : size - at;
            v.text = (const char *)data + at;   /* not NUL-ended: the packer copies len bytes */
            v.len = (int)len;
            at += len;
        }
        vals[nv++] = v;
    }
    size_t nrows = nv / (size_t)ncols;
    row_packer p;
    row_pack_begin(&p, 7, 7);
    row_pack_set(&p, ncols);
    for (size_t r = 0; r < nrows; r++)
        row_pack_row(&p, vals + r * (size_t)ncols);
    size_t n;
    unsigned char *b = row_pack_end(&p, &n);
    FUZZ_ASSERT(b);
    row_unpacked *u = malloc(sizeof *u);
    if (!u)
        abort();
    FUZZ_ASSERT(row_unpack(b, n, 7, 7, u) == 0);
    FUZZ_ASSERT(u->nsets == 1 && u->sets[0].nrows == nrows);
    for (size_t r = 0; r < nrows; r++) {
        row_val got[ROW_PACK_COLS_MAX];
        row_get(&u->sets[0], r, got);
        for (int c = 0; c < ncols; c++) {
            const row_val *want = &vals[r * (size_t)ncols + (size_t)c];
            FUZZ_ASSERT(got[c].type == want->type && got[c].i == want->i &&
                        got[c].len == want->len);
            if (want->text)
                FUZZ_ASSERT(got[c].text && !memcmp(got[c].text, want->text, (size_t)want->len) &&
                            got[c].text[want->len] == 0);
            else
                FUZZ_ASSERT(!got[c].text);
        }
    }
    read_all(u, b, n);
    free(u);
    free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1)
        made(data + 1, size - 1);
    else
        round_trip(data + 1, size - 1);
    return 0;
}
