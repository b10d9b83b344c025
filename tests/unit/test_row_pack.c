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

TEST(row_pack_gives_back_every_value_with_its_kind)
{
    size_t n;
    unsigned char *b = sample(77, 5, &n);
    row_unpacked u;
    CHECK_INT(row_unpack(b, n, 77, 5, &u), 0);
    CHECK_INT(u.nsets, 3);
    CHECK_INT(u.sets[0].ncols, 3);
    CHECK_INT(u.sets[0].nrows, 3);
    const row_val *v = u.sets[0].vals;
    check_val(&v[0], ROW_INTEGER, 1, NULL, 0);
    check_val(&v[1], ROW_TEXT, 0, "acme", 4);
    check_val(&v[2], ROW_INTEGER, INT64_MIN, NULL, 0);
    check_val(&v[3], ROW_INTEGER, -2, NULL, 0);
    check_val(&v[4], ROW_TEXT, 0, "", 0);
    check_val(&v[5], ROW_NULL, 0, NULL, 0);
    check_val(&v[6], ROW_INTEGER, INT64_MAX, NULL, 0);
    check_val(&v[7], ROW_TEXT, 12, "12abc", 5);
    check_val(&v[8], ROW_INTEGER, 300, NULL, 0);
    CHECK_INT(u.sets[1].ncols, 1);
    CHECK_INT(u.sets[1].nrows, 0);
    CHECK_INT(u.sets[2].nrows, 1);
    check_val(&u.sets[2].vals[0], ROW_FLOAT, 12, "12.5", 4);
    check_val(&u.sets[2].vals[1], ROW_BLOB, 0, "a\0b", 3);
    row_unpacked_free(&u);
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
    CHECK(u.all == NULL);
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
            int rc = row_unpack(b, n, 77, 5, &u);
            CHECK_INT(rc, -1);
            if (rc == 0)
                row_unpacked_free(&u);
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
    row_unpacked_free(&u);
    free(b);
}

/* The checksum made right again after a change (a blob made, not damaged). */
static void reseal(unsigned char *b, size_t n)
{
    uint64_t sum = row_hash(b + 40, n - 40, 0);
    for (int i = 0; i < 8; i++)
        b[24 + i] = (unsigned char)(sum >> (8 * i));
}

/* Any single bit after the counts changed and the checksum made again: refused (a tag, a
 * length, a NUL that no longer fits) or read with every text inside the blob and ended by
 * its NUL; both happen. The checksum is not the only check. */
TEST(row_unpack_checks_every_value_not_only_the_checksum)
{
    size_t n;
    unsigned char *b = sample(77, 5, &n);
    int refused = 0, read = 0;
    for (size_t i = 40 + 8; i < n; i++) {
        for (int bit = 0; bit < 8; bit++) {
            b[i] ^= (unsigned char)(1u << bit);
            reseal(b, n);
            row_unpacked u;
            if (row_unpack(b, n, 77, 5, &u)) {
                refused++;
                CHECK_INT(u.nsets, 0);
            } else {
                read++;
                for (int k = 0; k < u.nsets; k++) {
                    for (size_t j = 0; j < u.sets[k].nrows * (size_t)u.sets[k].ncols; j++) {
                        const row_val *v = &u.sets[k].vals[j];
                        if (!v->text)
                            continue;
                        const unsigned char *t = (const unsigned char *)v->text;
                        CHECK(t > b + 48 && v->len >= 0 && t + v->len < b + n);
                        CHECK(t[v->len] == 0);
                    }
                }
                row_unpacked_free(&u);
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
 * damaged): refused without reading past its end or allocating what it promises. */
TEST(row_pack_refuses_counts_past_its_bytes)
{
    row_packer p;
    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 2);
    row_val r[] = { integer(1), integer(2) };
    row_pack_row(&p, r);
    size_t n;
    unsigned char *b = row_pack_end(&p, &n);
    /* Counts made huge (values in all at 44, the set's rows at 52, 4 bytes each), and the
     * checksum made again. */
    row_unpacked u;
    for (int at = 44; at <= 52; at += 8) {
        unsigned char was[4];
        memcpy(was, b + at, 4);
        memcpy(b + at, "\xff\xff\xff\x7f", 4);
        uint64_t sum = row_hash(b + 40, n - 40, 0);
        for (int i = 0; i < 8; i++)
            b[24 + i] = (unsigned char)(sum >> (8 * i));
        CHECK_INT(row_unpack(b, n, 1, 1, &u), -1);
        memcpy(b + at, was, 4);
    }
    uint64_t sum = row_hash(b + 40, n - 40, 0);
    for (int i = 0; i < 8; i++)
        b[24 + i] = (unsigned char)(sum >> (8 * i));
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);   /* put back: it reads */
    row_unpacked_free(&u);
    free(b);
}

/* Each integer in the fewest bytes that hold it, signed: every width's edges come back. */
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
    row_packer p;
    row_pack_begin(&p, 3, 4);
    row_pack_set(&p, 2);
    for (size_t i = 0; i < n; i++) {
        row_val r[] = { integer(edge[i]), { ROW_TEXT, 1, edge[i], "x" } };
        row_pack_row(&p, r);
    }
    size_t len;
    unsigned char *b = row_pack_end(&p, &len);
    row_unpacked u;
    CHECK_INT(row_unpack(b, len, 3, 4, &u), 0);
    CHECK_INT(u.sets[0].nrows, n);
    for (size_t i = 0; i < n; i++) {
        check_val(&u.sets[0].vals[2 * i], ROW_INTEGER, edge[i], NULL, 0);
        check_val(&u.sets[0].vals[2 * i + 1], ROW_TEXT, edge[i], "x", 1);
    }
    row_unpacked_free(&u);
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

/* A blob made by hand: the head (key 1, count 1, the payload's length and checksum) written
 * over b[0..40) for the payload b[40..n). */
static void made(unsigned char *b, size_t n)
{
    memcpy(b, "tockrow1", 8);
    for (int i = 0; i < 8; i++) {
        b[8 + i] = (unsigned char)(i == 0);
        b[16 + i] = (unsigned char)(i == 0);
        b[32 + i] = (unsigned char)((uint64_t)(n - 40) >> (8 * i));
    }
    reseal(b, n);
}

static void put4(unsigned char *at, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        at[i] = (unsigned char)(v >> (8 * i));
}

/* The smallest blobs and the largest counts it takes: no set at all, a last set of no rows,
 * sixteen sets of 32 columns. Sets past the last hold nothing. */
TEST(row_pack_reads_its_edges)
{
    row_packer p;
    row_unpacked u;
    size_t n;
    row_pack_begin(&p, 1, 1);
    unsigned char *b = row_pack_end(&p, &n);
    CHECK_INT(n, 48);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);
    CHECK_INT(u.nsets, 0);
    row_unpacked_free(&u);
    free(b);

    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 1);
    row_val one[] = { integer(7) };
    row_pack_row(&p, one);
    row_pack_set(&p, 3);   /* the last, with no row: its counts end the blob */
    b = row_pack_end(&p, &n);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);
    CHECK_INT(u.nsets, 2);
    CHECK_INT(u.sets[1].ncols, 3);
    CHECK_INT(u.sets[1].nrows, 0);
    CHECK(u.sets[2].vals == NULL);
    row_unpacked_free(&u);
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
    CHECK_INT(u.sets[ROW_PACK_SETS_MAX - 1].vals[ROW_PACK_COLS_MAX - 1].i, ROW_PACK_COLS_MAX - 1);
    row_unpacked_free(&u);
    free(b);

    row_pack_begin(&p, 1, 1);   /* one set too many */
    for (int s = 0; s <= ROW_PACK_SETS_MAX; s++)
        row_pack_set(&p, 1);
    b = row_pack_end(&p, &n);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), -1);
    free(b);
}

/* Texts around each width of their length (one, two and three bytes), and every kind's
 * integer at its widest, come back whole. */
TEST(row_pack_gives_back_long_texts_and_wide_integers)
{
    static const int lens[] = { 0, 1, 127, 128, 300, 16383, 16384, 70000 };
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
        const row_val *v = &u.sets[0].vals[4 * k];
        int64_t wide = k % 2 ? INT64_MIN : INT64_MAX;
        check_val(&v[0], ROW_TEXT, wide, text + 70000 - lens[k], lens[k]);
        check_val(&v[1], ROW_FLOAT, wide, "1.5", 3);
        check_val(&v[2], ROW_BLOB, wide, "ab", 2);
        check_val(&v[3], ROW_INTEGER, wide, NULL, 0);
    }
    row_unpacked_free(&u);
    free(b);
    free(text);
}

/* Blobs whose checksum is right but whose insides are not what a packer writes: a byte after
 * the last value, a count with its top byte set, a tag no value has, a text's length that
 * never ends. Each is refused. */
TEST(row_unpack_refuses_made_blobs)
{
    row_packer p;
    row_pack_begin(&p, 1, 1);
    row_pack_set(&p, 2);
    row_val r[] = { integer(5), text("x", 0) };
    row_pack_row(&p, r);
    size_t n;
    unsigned char *good = row_pack_end(&p, &n);
    unsigned char *b = malloc(n + 1);
    row_unpacked u;

    memcpy(b, good, n);
    b[n] = 0;
    made(b, n + 1);
    CHECK_INT(row_unpack(b, n + 1, 1, 1, &u), -1);

    /* nsets, values in all, the set's columns and rows: each with 1 << 24 added */
    static const int counts[] = { 40, 44, 48, 52 };
    for (int k = 0; k < 4; k++) {
        memcpy(b, good, n);
        b[counts[k] + 3] = 1;
        made(b, n);
        CHECK_INT(row_unpack(b, n, 1, 1, &u), -1);
    }

    memcpy(b, good, n);
    made(b, n);
    CHECK_INT(row_unpack(b, n, 1, 1, &u), 0);   /* made again unchanged: it reads */
    row_unpacked_free(&u);
    for (unsigned tag = 0; tag < 256; tag++) {   /* the first value's tag */
        memcpy(b, good, n);
        b[56] = (unsigned char)tag;
        made(b, n);
        int kind = (int)(tag >> 4), width = (int)(tag & 15);
        bool known = (kind >= ROW_INTEGER && kind <= ROW_BLOB && width <= 8) ||
                     tag == ROW_NULL * 16;
        if (!known)
            CHECK_INT(row_unpack(b, n, 1, 1, &u), -1);
        else if (row_unpack(b, n, 1, 1, &u) == 0)
            row_unpacked_free(&u);
    }
    free(b);
    free(good);

    /* One text whose length's bytes all say "more", to the blob's end. */
    unsigned char m[48 + 8 + 3];
    memset(m, 0, sizeof m);
    put4(m + 40, 1);
    put4(m + 44, 1);
    put4(m + 48, 1);
    put4(m + 52, 1);
    m[56] = ROW_TEXT * 16;
    m[57] = 0x80;
    m[58] = 0x80;
    made(m, sizeof m);
    CHECK_INT(row_unpack(m, sizeof m, 1, 1, &u), -1);
    m[58] = 0x00;   /* ended: a text of no bytes, but its NUL is missing */
    made(m, sizeof m);
    CHECK_INT(row_unpack(m, sizeof m, 1, 1, &u), -1);
}
