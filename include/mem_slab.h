/* mem_slab.h — the small-object allocator sqlite runs on (store_db_sqlite.c installs it).
 *
 * Debian's sqlite is built without lookaside memory (SQLITE_OMIT_LOOKASIDE), so each of the
 * ~1,800 allocations a process makes parsing the schema and preparing its statements, and
 * each free, went to malloc: a fifth of `tock status`. Sizes up to MEM_SLAB_MAX come from a
 * free list per 16-byte size class, carved from 64 KiB blocks that are kept until the process
 * ends (a process's peak of small objects is a few hundred KiB); larger ones from malloc.
 * Every block starts with an 8-byte header holding its usable size, so the payload is 8-byte
 * aligned, as sqlite requires.
 *
 * Not thread-safe: tock runs sqlite in its one thread. The signatures are sqlite's
 * (sqlite3_mem_methods), with int sizes. */
#ifndef TOCK_MEM_SLAB_H
#define TOCK_MEM_SLAB_H

#define MEM_SLAB_MAX 1024

void *mem_slab_malloc(int n);
void mem_slab_free(void *p);
void *mem_slab_realloc(void *p, int n);
/* The usable size of p (at least what was asked). */
int mem_slab_size(void *p);
/* What an allocation of n would really give. */
int mem_slab_roundup(int n);

#endif
