/* row_pack: result sets come back as they were packed, value by value and kind by kind; a
 * blob made for another key or count, cut short, or changed in any byte gives nothing. */
#include "test.h"
#include "row_pack.h"

#include <stdbool.h>
#include <stdint.h>

static row_val integer(int64_t i) { return (row_val){ ROW_INTEGER, 0, i, NULL }; }
static row_val null(void) { return (row_val){ ROW_NULL, 0, 0, NULL }; }
static row_val text(const char *s, int64_t i)
{
    return (row_val){ ROW_TEXT, (int)strlen(s), i, s };
}

/* Where a blob made by row_pack puts things: the head, the payload's counts, the first
 * set's counts, its first column's head (kind, three widths, base, step) and rows. */
enum { AT_NSETS = 40, AT_HEAP_LEN = 44, AT_NCOLS = 48, AT_NROWS = 52, AT_KIND = 56,
       AT_WIDTH = 57, AT_OFF_WIDTH = 58, AT_LEN_WIDTH = 59, AT_BASE = 60, AT_ROWS = 76 };

/* Two sets: (id, name, amount) x 3 and (x) x 0, then (a, b) x 1 with a real and a blob. */
static unsigned char *sample(uint64_t key, uint64_t gen, size_t *len)
{
    row_packer p;
    row_pack_begin(&p, key, gen);
    row_pack_set(&p, 3);
    row_val r1[] = { integer(1), text("acme", 0), integer(INT64_MIN) };
    row_val r2[] = { integer(-2), text("", 0), null() };
    row_val r3[] = { integer(INT64_MAX), text("12abc", 12), integer(300) };
    row_pack_row(&p, r1);
    row_pack_row(&p, r2);
    row_pack_row(&p, r3);
    row_pack_set(&p, 1);
    row_pack_set(&p, 2);
    static const char bytes[] = { 'a', 0, 'b' };
    row_val r4[] = { { ROW_FLOAT, 4, 12, "12.5" }, { ROW_BLOB, 3, 0, bytes } };
    row_pack_row(&p, r4);
    return row_pack_end(&p, len);
}

static void check_val(const row_val *v, int type, int64_t i, const char *t, int len)
{
    CHECK_INT(v->type, type);
    CHECK_INT(v->i, i);
    CHECK_INT(v->len, len);
    if (t) {
        CHECK(v->text && memcmp(v->text, t, (size_t)len) == 0 && v->text[len] == 0);
    } else {
        CHECK(v->text == NULL);
    }
}

/* Set k's row r as row_get gives it, and each value part by part as row_at's readers do. */
static row_val *row_of(const row_unpacked *u, int k, size_t r)
{
    static row_val vals[ROW_PACK_COLS_MAX];
    const row_set *s = &u->sets[k];
    CHECK(r < s->nrows);
    row_get(s, r, vals);
    for (int c = 0; c < s->ncols; c++) {
        CHECK_INT(row_kind(s, r, c), vals[c].type);
        CHECK_INT(row_int(s, r, c), vals[c].i);
        if (vals[c].text) {
            CHECK(row_text(s, r, c) == vals[c].text);
            CHECK_INT(row_len(s, r, c), vals[c].len);
        }
    }
    return vals;
}

TEST(row_pack_gives_back_every_value_with_its_kind)
{
    size_t n;
    unsigned char *b = sample(77, 5, &n);
    row_unpacked u;
    CHECK_INT(row_unpack(b, n, 77, 5, &u), 0);
    CHECK_INT(u.nsets, 3);
    CHECK_INT(u.sets[0].ncols, 3);
    CHECK_INT(u.sets[0].nrows, 3);
    const row_val *v = row_of(&u, 0, 0);
    check_val(&v[0], ROW_INTEGER, 1, NULL, 0);
    check_val(&v[1], ROW_TEXT, 0, "acme", 4);
    check_val(&v[2], ROW_INTEGER, INT64_MIN, NULL, 0);
    v = row_of(&u, 0, 1);
    check_val(&v[0], ROW_INTEGER, -2, NULL, 0);
    check_val(&v[1], ROW_TEXT, 0, "", 0);
    check_val(&v[2], ROW_NULL, 0, NULL, 0);
    v = row_of(&u, 0, 2);
    check_val(&v[0], ROW_INTEGER, INT64_MAX, NULL, 0);
    check_val(&v[1], ROW_TEXT, 12, "12abc", 5);
    check_val(&v[2], ROW_INTEGER, 300, NULL, 0);
    CHECK_INT(u.sets[1].ncols, 1);
    CHECK_INT(u.sets[1].nrows, 0);
    CHECK_INT(u.sets[2].nrows, 1);
    v = row_of(&u, 2, 0);
    check_val(&v[0], ROW_FLOAT, 12, "12.5", 4);
    check_val(&v[1], ROW_BLOB, 0, "a\0b", 3);
    free(b);
}

TEST(row_pack_refuses_another_key_or_count)
{
    size_t n;
    unsigned char *b = sample(77, 5, &n);
    row_unpacked u;
    CHECK_INT(row_unpack(b, n, 78, 5, &u), -1);
    CHECK_INT(row_unpack(b, n, 77, 6, &u), -1);
    CHECK_INT(u.nsets, 0);
    CHECK_INT(row_unpack(NULL, 0, 77, 5, &u), -1);
    free(b);
}

/* Any single byte changed, any length cut off or added: refused, and nothing given. */
TEST(row_pack_refuses_a_damaged_blob)
{
    size_t n;
    unsigned char *b = sample(77, 5, &n);
    row_unpacked u;
    for (size_t i = 0; i < n; i++) {
        for (int bit = 0; bit < 8; bit++) {
            b[i] ^= (unsigned char)(1u << bit);
            CHECK_INT(row_unpack(b, n, 77, 5, &u), -1);
            CHECK_INT(u.nsets, 0);
            b[i] ^= (unsigned char)(1u << bit);
        }
    }
    for (size_t cut = 0; cut < n; cut++)
        CHECK_INT(row_unpack(b, cut, 77, 5, &u), -1);
    unsigned char *longer = malloc(n + 1);
    memcpy(longer, b, n);
    longer[n] = 0;
    CHECK_INT(row_unpack(longer, n + 1, 77, 5, &u), -1);
    free(longer);
    CHECK_INT(row_unpack(b, n, 77, 5, &u), 0);   /* and the blob itself still reads */
    free(b);
}

/* The checksum made right again after a change (a blob made, not damaged). */
static void reseal(unsigned char *b, size_t n)
{
    uint64_t sum = row_hash(b + 40, n - 40, 0);
    for (int i = 0; i < 8; i++)
        b[24 + i] = (unsigned char)(sum >> (8 * i));
}

/* Every value of every set (of its first 1000 rows: a row that takes no byte may be said
 * to be there 2^32 - 1 times): texts inside [b, b + n) and ended by their NUL, kinds
 * known. */
static void check_inside(const row_unpacked *u, const unsigned char *b, size_t n)
{
    for (int k = 0; k < u->nsets; k++) {
        for (size_t r = 0; r < u->sets[k].nrows && r < 1000; r++) {
            row_val vals[ROW_PACK_COLS_MAX];
            row_get(&u->sets[k], r, vals);
            for (int c = 0; c < u->sets[k].ncols; c++) {
                const row_val *v = &vals[c];
                CHECK(v->type >= ROW_INTEGER && v->type <= ROW_NULL);
                if (!v->text)
                    continue;
                const unsigned char *t = (const unsigned char *)v->text;
                CHECK(t > b + 48 && v->len >= 0 && t + v->len < b + n);
                CHECK(t[v->len] == 0);
            }
        }
    }
}

/* Any single bit after the head changed and the checksum made again: refused (a kind, a
 * width, an offset or a NUL that no longer fits) or read with every text inside the blob
 * and ended by its NUL; both happen. The checksum is not the only check. */
TEST(row_unpack_checks_every_value_not_only_the_checksum)
{
    size_t n;
    unsigned char *b = sample(77, 5, &n);
    int refused = 0, read = 0;
    for (size_t i = 40; i < n; i++) {
        for (int bit = 0; bit < 8; bit++) {
            b[i] ^= (unsigned char)(1u << bit);
            reseal(b, n);
            row_unpacked u;
            if (row_unpack(b, n, 77, 5, &u)) {
                refused++;
                CHECK_INT(u.nsets, 0);
            } else {
                read++;
                check_inside(&u, b, n);
            }
            b[i] ^= (unsigned char)(1u << bit);
        }
    }
    reseal(b, n);
    CHECK(refused > 0);
    CHECK(read > 0);
    free(b);
}

/* A blob whose checksum is right but whose counts promise more than it holds (made, not
 * damaged): refused without reading past its end. */
TEST(row_pack_refuses_counts_past_its_bytes)
{
    row_packer p;
    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 2);
    /* (not on a line: each row takes bytes) */
    row_val r[] = { integer(1), integer(1000) }, r2[] = { integer(5), integer(-7) },
            r3[] = { integer(6), integer(3) };
    row_pack_row(&p, r);
    row_pack_row(&p, r2);
    row_pack_row(&p, r3);
    size_t n;
    unsigned char *b = row_pack_end(&p, &n);
    row_unpacked u;
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);
    /* The sets, the texts' length, the set's columns and rows made huge. */
    static const int counts[] = { AT_NSETS, AT_HEAP_LEN, AT_NCOLS, AT_NROWS };
    for (int k = 0; k < 4; k++) {
        unsigned char was[4];
        memcpy(was, b + counts[k], 4);
        memcpy(b + counts[k], "\xff\xff\xff\x7f", 4);
        reseal(b, n);
        CHECK_INT(row_unpack(b, n, 1, 1, &u), -1);
        memcpy(b + counts[k], was, 4);
    }
    reseal(b, n);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);   /* put back: it reads */
    free(b);
}

/* Every integer comes back whatever its neighbours: widths' edges, the extremes side by side
 * (a difference past 64 bits), runs that count up, down, or by a step with a jump. */
TEST(row_pack_gives_back_integers_of_every_width)
{
    int64_t edge[64];
    size_t n = 0;
    edge[n++] = 0;
    edge[n++] = INT64_MIN;
    edge[n++] = INT64_MAX;
    for (int b = 1; b < 8; b++) {
        int64_t lim = (int64_t)1 << (8 * b - 1);
        edge[n++] = lim - 1;
        edge[n++] = lim;
        edge[n++] = -lim;
        edge[n++] = -lim - 1;
    }
    enum { RUN = 300 };
    row_packer p;
    size_t alone;   /* the first set alone */
    for (int both = 0; both < 2; both++) {
        row_pack_begin(&p, 3, 4);
        row_pack_set(&p, 2);
        for (size_t i = 0; i < n; i++) {
            row_val r[] = { integer(edge[i]), { ROW_TEXT, 1, edge[i], "x" } };
            row_pack_row(&p, r);
        }
        if (both)
            break;
        free(row_pack_end(&p, &alone));
    }
    /* (up by one, down by seven from the top, up by 1000 with a jump of one) */
    row_pack_set(&p, 3);
    for (int64_t i = 0; i < RUN; i++) {
        row_val r[] = { integer(i + 1), integer(INT64_MAX - 7 * i),
                        integer(1000 * i + (i == RUN / 2)) };
        row_pack_row(&p, r);
    }
    size_t len;
    unsigned char *b = row_pack_end(&p, &len);
    row_unpacked u;
    CHECK_INT(row_unpack(b, len, 3, 4, &u), 0);
    CHECK_INT(u.sets[0].nrows, n);
    for (size_t i = 0; i < n; i++) {
        const row_val *v = row_of(&u, 0, i);
        check_val(&v[0], ROW_INTEGER, edge[i], NULL, 0);
        check_val(&v[1], ROW_TEXT, edge[i], "x", 1);
    }
    CHECK_INT(u.sets[1].nrows, RUN);
    for (int64_t i = 0; i < RUN; i++) {
        const row_val *v = row_of(&u, 1, (size_t)i);
        CHECK_INT(v[0].i, i + 1);
        CHECK_INT(v[1].i, INT64_MAX - 7 * i);
        CHECK_INT(v[2].i, 1000 * i + (i == RUN / 2));
    }
    /* the first two runs take no byte a row, the third one: the set's counts, its three
     * columns' heads and a byte a row */
    CHECK_INT(len - alone, 8 + 3 * 20 + RUN);
    free(b);
}

/* Random integers, nulls and texts of random kinds mixed in each column: all come back. */
TEST(row_pack_gives_back_random_columns_of_mixed_kinds)
{
    static const char *const words[] = { "", "a", "standard", "2026-11-23", "a\0b" };
    uint64_t seed = 0x5eed;
    for (int round = 0; round < 20; round++) {
        enum { COLS = 5, ROWS = 97 };
        row_val rows[ROWS][COLS];
        row_packer p;
        row_pack_begin(&p, 9, 9);
        row_pack_set(&p, COLS);
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                uint64_t x = t_rand(&seed);
                int kind = (int)(x % 5) + 1;
                if (c == 0)
                    kind = ROW_INTEGER;   /* a column of one kind beside the mixed ones */
                int shift = (int)((x >> 8) % 64);
                int64_t i = (int64_t)(t_rand(&seed) >> shift) - (int64_t)(x >> 32 & 1) * 1000;
                int w = (int)((x >> 16) % 5);
                rows[r][c] = (row_val){ kind, 0, kind == ROW_NULL ? 0 : i, NULL };
                if (kind != ROW_INTEGER && kind != ROW_NULL) {
                    rows[r][c].text = words[w];
                    rows[r][c].len = w == 4 ? 3 : (int)strlen(words[w]);
                }
            }
            row_pack_row(&p, rows[r]);
        }
        size_t n;
        unsigned char *b = row_pack_end(&p, &n);
        row_unpacked u;
        CHECK_INT(row_unpack(b, n, 9, 9, &u), 0);
        for (int r = 0; r < ROWS; r++) {
            const row_val *v = row_of(&u, 0, (size_t)r);
            for (int c = 0; c < COLS; c++)
                check_val(&v[c], rows[r][c].type, rows[r][c].i, rows[r][c].text,
                          rows[r][c].len);
        }
        free(b);
    }
}

/* A text repeated (on every row, in two columns, as a text and as a blob) is kept once: the
 * blob grows by its references, not its bytes. */
TEST(row_pack_keeps_a_repeated_text_once)
{
    char day[] = "2026-11-23";
    row_packer p;
    size_t once, many;
    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 2);
    row_val r[] = { text(day, 2026), { ROW_BLOB, 10, 0, day } };
    row_pack_row(&p, r);
    unsigned char *b = row_pack_end(&p, &once);
    free(b);
    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 2);
    for (int i = 0; i < 1000; i++) {
        char copy[sizeof day];
        memcpy(copy, day, sizeof day);   /* the same bytes at another address */
        row_val rr[] = { text(copy, 2026), { ROW_BLOB, 10, 0, copy } };
        row_pack_row(&p, rr);
    }
    b = row_pack_end(&p, &many);
    CHECK(many < once + 1000 * 2);
    row_unpacked u;
    CHECK_INT(row_unpack(b, many, 1, 1, &u), 0);
    const row_val *v = row_of(&u, 0, 999);
    check_val(&v[0], ROW_TEXT, 2026, day, 10);
    check_val(&v[1], ROW_BLOB, 0, day, 10);
    CHECK(v[0].text == v[1].text);
    free(b);
}

TEST(row_hash_depends_on_every_byte_and_the_seed)
{
    const char a[] = "SELECT id FROM clients", b[] = "SELECT id FROM clientz";
    CHECK(row_hash(a, sizeof a - 1, 0) != row_hash(b, sizeof b - 1, 0));
    CHECK(row_hash(a, sizeof a - 1, 0) != row_hash(a, sizeof a - 1, 1));
    CHECK(row_hash(a, sizeof a - 2, 0) != row_hash(a, sizeof a - 1, 0));
    CHECK(row_hash(a, sizeof a - 1, 9) == row_hash(a, sizeof a - 1, 9));
}

/* ---- edges: what the blob's own checks decide, with the checksum right ---- */

/* The smallest blobs and the largest counts it takes: no set at all, a last set of no rows,
 * sixteen sets of 32 columns. */
TEST(row_pack_reads_its_edges)
{
    row_packer p;
    row_unpacked u;
    size_t n;
    row_pack_begin(&p, 1, 1);
    unsigned char *b = row_pack_end(&p, &n);
    CHECK_INT(n, 56);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);
    CHECK_INT(u.nsets, 0);
    free(b);

    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 1);
    row_val one[] = { integer(7) };
    row_pack_row(&p, one);
    row_pack_set(&p, 3);   /* the last, with no row */
    b = row_pack_end(&p, &n);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);
    CHECK_INT(u.nsets, 2);
    CHECK_INT(row_of(&u, 0, 0)[0].i, 7);
    CHECK_INT(u.sets[1].ncols, 3);
    CHECK_INT(u.sets[1].nrows, 0);
    free(b);

    row_val wide[ROW_PACK_COLS_MAX];
    for (int c = 0; c < ROW_PACK_COLS_MAX; c++)
        wide[c] = integer(c);
    row_pack_begin(&p, 1, 1);
    for (int s = 0; s < ROW_PACK_SETS_MAX; s++) {
        row_pack_set(&p, ROW_PACK_COLS_MAX);
        row_pack_row(&p, wide);
    }
    b = row_pack_end(&p, &n);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);
    CHECK_INT(u.nsets, ROW_PACK_SETS_MAX);
    CHECK_INT(u.sets[ROW_PACK_SETS_MAX - 1].ncols, ROW_PACK_COLS_MAX);
    CHECK_INT(row_of(&u, ROW_PACK_SETS_MAX - 1, 0)[ROW_PACK_COLS_MAX - 1].i,
              ROW_PACK_COLS_MAX - 1);
    free(b);

    row_pack_begin(&p, 1, 1);   /* one set too many */
    for (int s = 0; s <= ROW_PACK_SETS_MAX; s++)
        row_pack_set(&p, 1);
    b = row_pack_end(&p, &n);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), -1);
    free(b);
}

/* Texts around each width of their length and offset (one to three bytes), and every kind's
 * integer at its widest, come back whole. */
TEST(row_pack_gives_back_long_texts_and_wide_integers)
{
    static const int lens[] = { 0, 1, 127, 128, 255, 256, 300, 16383, 65535, 65536, 70000 };
    enum { NLENS = sizeof lens / sizeof *lens };
    char *text = malloc(70001);
    for (int i = 0; i < 70000; i++)
        text[i] = (char)('a' + i % 26);
    text[70000] = 0;
    row_packer p;
    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 4);
    for (int k = 0; k < NLENS; k++) {
        int64_t wide = k % 2 ? INT64_MIN : INT64_MAX;
        row_val r[] = { { ROW_TEXT, lens[k], wide, text + 70000 - lens[k] },
                        { ROW_FLOAT, 3, wide, "1.5" }, { ROW_BLOB, 2, wide, "ab" },
                        integer(wide) };
        row_pack_row(&p, r);
    }
    size_t n;
    unsigned char *b = row_pack_end(&p, &n);
    row_unpacked u;
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);
    CHECK_INT(u.sets[0].nrows, NLENS);
    for (int k = 0; k < NLENS; k++) {
        const row_val *v = row_of(&u, 0, (size_t)k);
        int64_t wide = k % 2 ? INT64_MIN : INT64_MAX;
        check_val(&v[0], ROW_TEXT, wide, text + 70000 - lens[k], lens[k]);
        check_val(&v[1], ROW_FLOAT, wide, "1.5", 3);
        check_val(&v[2], ROW_BLOB, wide, "ab", 2);
        check_val(&v[3], ROW_INTEGER, wide, NULL, 0);
    }
    free(b);
    free(text);
}

/* Blobs whose checksum is right but whose insides are not what a packer writes: a byte after
 * the last column, a kind or a width no column has, a text's offset or length past the
 * texts, a text without its NUL, the last 8 bytes not zero. Each is refused. */
TEST(row_unpack_refuses_made_blobs)
{
    row_packer p;
    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 1);
    row_val r[] = { text("xy", 0) };
    row_pack_row(&p, r);
    row_val r2[] = { text("z", 0) };
    row_pack_row(&p, r2);
    size_t n;
    unsigned char *good = row_pack_end(&p, &n);
    unsigned char *b = malloc(n + 1);
    row_unpacked u;
    /* the packer's choices, which the edits below rely on: a text column of one kind,
     * offsets and lengths a byte each, the texts "xy" and "z" */
    CHECK_INT(good[AT_KIND], ROW_TEXT);
    CHECK_INT(good[AT_OFF_WIDTH], 1);
    CHECK_INT(good[AT_LEN_WIDTH], 1);
    CHECK_INT(good[AT_HEAP_LEN], 5);

    memcpy(b, good, n);
    reseal(b, n);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);   /* resealed unchanged: it reads */

    /* a byte more before the texts: every part is where it was, one byte left over */
    memcpy(b, good, n - 13);
    b[n - 13] = 0;
    memcpy(b + n - 12, good + n - 13, 13);
    for (int i = 0; i < 8; i++)
        b[32 + i] = (unsigned char)((uint64_t)(n + 1 - 40) >> (8 * i));
    reseal(b, n + 1);
    CHECK_INT(row_unpack(b, n + 1, 1, 1, &u), -1);

    for (unsigned kind = 0; kind < 256; kind++) {   /* the column's kind */
        memcpy(b, good, n);
        b[AT_KIND] = (unsigned char)kind;
        reseal(b, n);
        int rc = row_unpack(b, n, 1, 1, &u);
        if (kind == 0 || kind > ROW_NULL || kind == ROW_INTEGER || kind == ROW_NULL)
            CHECK_INT(rc, -1);   /* kinds read from the offsets; none; ints with texts */
        else
            CHECK_INT(rc, 0);    /* a real or a blob: the same texts */
    }
    for (int at = AT_WIDTH; at <= AT_LEN_WIDTH; at++) {   /* widths past 8 and 4 */
        for (unsigned w = 0; w < 256; w++) {
            memcpy(b, good, n);
            b[at] = (unsigned char)w;
            reseal(b, n);
            if (w > (at == AT_WIDTH ? 8u : 4u))
                CHECK_INT(row_unpack(b, n, 1, 1, &u), -1);
            else if (row_unpack(b, n, 1, 1, &u) == 0)
                check_inside(&u, b, n);
        }
    }
    /* rows: ints (none, width 0), offsets 0 and 3, lengths 2 and 1 */
    CHECK_INT(good[AT_WIDTH], 0);
    for (unsigned off = 0; off < 256; off++) {
        memcpy(b, good, n);
        b[AT_ROWS + 1] = (unsigned char)off;
        reseal(b, n);
        bool fits = off == 1 || off == 3;   /* "y" or "z": one byte, then a NUL */
        CHECK_INT(row_unpack(b, n, 1, 1, &u), fits ? 0 : -1);
    }
    for (unsigned len = 0; len < 256; len++) {
        memcpy(b, good, n);
        b[AT_ROWS + 3] = (unsigned char)len;
        reseal(b, n);
        CHECK_INT(row_unpack(b, n, 1, 1, &u), len == 1 ? 0 : -1);   /* "z" then its NUL */
    }
    memcpy(b, good, n);   /* "xy" without its NUL */
    b[n - 8 - 3] = 'q';
    reseal(b, n);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), -1);
    for (int i = 1; i <= 8; i++) {   /* the 8 zero bytes */
        memcpy(b, good, n);
        b[n - (size_t)i] = 1;
        reseal(b, n);
        CHECK_INT(row_unpack(b, n, 1, 1, &u), -1);
    }
    free(b);
    free(good);
}

/* A null's integer is 0 as the blob holds it (readers of an integer do not look at its kind):
 * a made blob that says otherwise, in a column of nulls or of nulls among integers, is
 * refused. */
TEST(row_unpack_refuses_a_null_with_an_integer)
{
    for (int mixed = 0; mixed < 2; mixed++) {
        row_packer p;
        row_pack_begin(&p, 1, 1);
        row_pack_set(&p, 1);
        row_val a[] = { mixed ? integer(5) : null() }, b[] = { null() },
                c[] = { mixed ? integer(9) : null() };
        row_pack_row(&p, a);
        row_pack_row(&p, b);
        row_pack_row(&p, c);
        size_t n;
        unsigned char *blob = row_pack_end(&p, &n);
        row_unpacked u;
        CHECK_INT(row_unpack(blob, n, 1, 1, &u), 0);
        CHECK_INT(row_of(&u, 0, 1)[0].type, ROW_NULL);
        CHECK_INT(row_of(&u, 0, 1)[0].i, 0);
        CHECK_INT(blob[AT_KIND], mixed ? 0 : ROW_NULL);
        blob[AT_BASE] ^= 1;   /* every row's integer one off */
        reseal(blob, n);
        CHECK_INT(row_unpack(blob, n, 1, 1, &u), -1);
        free(blob);
    }
}

/* A set of a column whose rows take no byte (the same text on each) may say it has 2^32 - 1
 * rows: it is checked in one step, not row by row (a made blob of 88 bytes once kept the
 * fuzzer busy past its time limit). */
TEST(row_unpack_checks_rows_of_no_bytes_at_once)
{
    row_packer p;
    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 1);
    row_val r[] = { text("", 0) };
    row_pack_row(&p, r);
    size_t n;
    unsigned char *b = row_pack_end(&p, &n);
    CHECK_INT(b[AT_WIDTH] + b[AT_OFF_WIDTH] + b[AT_LEN_WIDTH], 0);
    memcpy(b + AT_NROWS, "\xff\xff\xff\xff", 4);
    reseal(b, n);
    row_unpacked u;
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);
    CHECK_INT(u.sets[0].nrows, 0xffffffffu);
    check_val(&row_of(&u, 0, 0xfffffffeu)[0], ROW_TEXT, 0, "", 0);
    free(b);
}
