/* sqlite's small-object allocator: sizes, reuse, growth and alignment as sqlite relies on them. */
#include "test.h"
#include "mem_slab.h"

#include <stdint.h>

TEST(mem_slab_gives_at_least_what_is_asked_rounded_as_it_says)
{
    for (int n = 1; n <= MEM_SLAB_MAX + 40; n += 7) {
        char *p = mem_slab_malloc(n);
        CHECK(p != NULL);
        CHECK_INT((uintptr_t)p % 8, 0);                 /* sqlite's alignment */
        CHECK(mem_slab_size(p) >= n);
        CHECK_INT(mem_slab_size(p), mem_slab_roundup(n));
        memset(p, 0xab, (size_t)mem_slab_size(p));      /* all of it is usable */
        mem_slab_free(p);
    }
    CHECK_INT(mem_slab_roundup(1), 16);
    CHECK_INT(mem_slab_roundup(16), 16);
    CHECK_INT(mem_slab_roundup(17), 32);
    CHECK_INT(mem_slab_roundup(MEM_SLAB_MAX), MEM_SLAB_MAX);
    CHECK_INT(mem_slab_roundup(MEM_SLAB_MAX + 1), MEM_SLAB_MAX + 1);
    CHECK_INT(mem_slab_size(NULL), 0);
    mem_slab_free(NULL);
}

TEST(mem_slab_reuses_a_freed_chunk_of_its_class_and_no_other)
{
    char *a = mem_slab_malloc(40), *b = mem_slab_malloc(40);
    CHECK(a != b);
    mem_slab_free(a);
    char *c = mem_slab_malloc(100);                   /* another class: not a's room */
    CHECK(c != a);
    char *d = mem_slab_malloc(33);                    /* a's class (48) */
    CHECK(d == a);
    mem_slab_free(b);
    mem_slab_free(c);
    mem_slab_free(d);
}

TEST(mem_slab_live_chunks_never_overlap)
{
    enum { N = 3000 };   /* past one 64 KiB block */
    static char *p[N];
    for (int i = 0; i < N; i++) {
        int n = 1 + (i * 37) % 300;
        p[i] = mem_slab_malloc(n);
        CHECK(p[i] != NULL);
        memset(p[i], i & 0xff, (size_t)n);
    }
    for (int i = 0; i < N; i++) {
        int n = 1 + (i * 37) % 300;
        for (int k = 0; k < n; k++)
            if ((unsigned char)p[i][k] != (unsigned)(i & 0xff)) {
                CHECK(!"a chunk was written by another");
                break;
            }
    }
    for (int i = 0; i < N; i++)
        mem_slab_free(p[i]);
}

TEST(mem_slab_realloc_keeps_the_bytes_across_classes_and_to_malloc)
{
    char *p = mem_slab_realloc(NULL, 10);
    for (int i = 0; i < 10; i++)
        p[i] = (char)('a' + i);
    CHECK(mem_slab_realloc(p, 12) == p);              /* still its class */
    p = mem_slab_realloc(p, 200);
    CHECK(mem_slab_size(p) >= 200);
    for (int i = 10; i < 200; i++)
        p[i] = 'x';
    p = mem_slab_realloc(p, MEM_SLAB_MAX + 500);      /* from a class to malloc */
    CHECK(mem_slab_size(p) >= MEM_SLAB_MAX + 500);
    CHECK(!memcmp(p, "abcdefghij", 10));
    CHECK(p[199] == 'x');
    p[MEM_SLAB_MAX + 499] = 'z';
    p = mem_slab_realloc(p, 3 * MEM_SLAB_MAX);        /* malloc to malloc */
    CHECK(!memcmp(p, "abcdefghij", 10));
    CHECK(p[MEM_SLAB_MAX + 499] == 'z');
    p = mem_slab_realloc(p, 5);                       /* shrinking keeps what fits */
    CHECK(!memcmp(p, "abcde", 5));
    char *q = mem_slab_realloc(mem_slab_malloc(500), 20);   /* a much smaller class */
    CHECK(mem_slab_size(q) == 32);
    mem_slab_free(q);
    mem_slab_free(p);
}

TEST(mem_slab_carves_neighbours_from_one_block)
{
    /* A block serves many chunks: once the class's free list is drained (sqlite, used by
     * other tests, may have freed some), neighbours sit one chunk apart (a new block per
     * chunk would be 64 KiB each). */
    enum { N = 400 };
    char *p[N];
    int adjacent = 0;
    for (int i = 0; i < N; i++) {
        p[i] = mem_slab_malloc(1000);
        if (i && p[i] - p[i - 1] == 8 + 1008)
            adjacent++;
    }
    CHECK(adjacent >= N / 2);
    for (int i = 0; i < N; i++)
        mem_slab_free(p[i]);
}

TEST(mem_slab_an_empty_or_negative_request_still_gets_a_byte)
{
    char *a = mem_slab_malloc(0), *b = mem_slab_malloc(-5);
    CHECK(a && b && a != b);
    CHECK(mem_slab_size(a) >= 1);
    CHECK(mem_slab_size(b) >= 1);
    a[0] = b[0] = 'x';
    mem_slab_free(a);
    mem_slab_free(b);
    char *c = mem_slab_realloc(NULL, 0);
    CHECK(c && mem_slab_size(c) >= 1);
    mem_slab_free(c);
}

TEST(mem_slab_edges_of_the_classes)
{
    /* What sqlite is told an allocation of 0 gives is what it gives. */
    char *z = mem_slab_malloc(0);
    CHECK_INT(mem_slab_roundup(0), mem_slab_size(z));
    mem_slab_free(z);
    /* The largest class's chunk is the slab's, not malloc's: growing it copies it out. */
    char *p = mem_slab_malloc(MEM_SLAB_MAX);
    CHECK_INT(mem_slab_size(p), MEM_SLAB_MAX);
    memset(p, 'q', MEM_SLAB_MAX);
    p = mem_slab_realloc(p, 3000);
    CHECK(mem_slab_size(p) >= 3000);
    CHECK(p[0] == 'q' && p[MEM_SLAB_MAX - 1] == 'q');
    mem_slab_free(p);
}
