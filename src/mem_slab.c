/* mem_slab.c — free lists by size class for sqlite's small allocations (see mem_slab.h). */
#include "mem_slab.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GRAIN 16
#define CLASSES (MEM_SLAB_MAX / GRAIN)
#define HEADER 8
#define BLOCK 65536

/* A free chunk's payload holds the next free chunk of its class. */
typedef struct chunk {
    struct chunk *next;
} chunk;

static chunk *free_list[CLASSES + 1];   /* by class: usable size / GRAIN */
static char *bump, *bump_end;           /* the rest of the newest block */
static void *blocks;                    /* every block, linked through its first word, so a
                                         * leak checker sees them reachable */

static uint64_t *header_of(void *p)
{
    return (uint64_t *)((char *)p - HEADER);
}

/* A new chunk of class c carved from the current block (a new one when it is used up), or
 * NULL when there is no memory. */
static void *carve(size_t c)
{
    size_t stride = HEADER + c * GRAIN;
    if (!bump || (size_t)(bump_end - bump) < stride) {
        char *b = malloc(BLOCK);
        if (!b)
            return NULL;
        memcpy(b, &blocks, sizeof blocks);
        blocks = b;
        bump = b + 16;   /* after the link; 16 keeps the first payload 8-aligned */
        bump_end = b + BLOCK;
    }
    char *h = bump;
    bump += stride;
    uint64_t size = c * GRAIN;
    memcpy(h, &size, sizeof size);
    return h + HEADER;
}

void *mem_slab_malloc(int n)
{
    size_t want = n > 0 ? (size_t)n : 1;
    if (want > MEM_SLAB_MAX) {
        uint64_t *h = malloc(HEADER + want);
        if (!h)
            return NULL;
        *h = want;
        return (char *)h + HEADER;
    }
    size_t c = (want + GRAIN - 1) / GRAIN;
    chunk *f = free_list[c];
    if (f) {
        free_list[c] = f->next;
        return f;
    }
    return carve(c);
}

void mem_slab_free(void *p)
{
    if (!p)
        return;
    uint64_t size = *header_of(p);
    if (size > MEM_SLAB_MAX) {
        free(header_of(p));
        return;
    }
    chunk *f = p;
    f->next = free_list[size / GRAIN];
    free_list[size / GRAIN] = f;
}

int mem_slab_size(void *p)
{
    return p ? (int)*header_of(p) : 0;
}

int mem_slab_roundup(int n)
{
    if (n <= 0)
        return GRAIN;
    if (n <= MEM_SLAB_MAX)
        return (n + GRAIN - 1) / GRAIN * GRAIN;
    return n;
}

void *mem_slab_realloc(void *p, int n)
{
    if (!p)
        return mem_slab_malloc(n);
    size_t want = n > 0 ? (size_t)n : 1;
    uint64_t size = *header_of(p);
    if (size > MEM_SLAB_MAX && want > MEM_SLAB_MAX) {
        uint64_t *h = realloc(header_of(p), HEADER + want);
        if (!h)
            return NULL;
        *h = want;
        return (char *)h + HEADER;
    }
    if (want <= size && (size > MEM_SLAB_MAX || want > size - GRAIN))
        return p;   /* still its class */
    void *q = mem_slab_malloc(n);
    if (!q)
        return NULL;
    memcpy(q, p, want < size ? want : size);
    mem_slab_free(p);
    return q;
}
