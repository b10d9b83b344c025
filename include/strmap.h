/* strmap.h — a small hash table from strings to pointers, for caches that live as long as one
 * command (an import's clients and projects by name). Pure. */
#ifndef TOCK_STRMAP_H
#define TOCK_STRMAP_H

#include <stddef.h>

typedef struct strmap_slot strmap_slot;

/* Zero-initialise; free with strmap_free. */
typedef struct strmap {
    strmap_slot *slots;
    size_t len, cap;
} strmap;

/* The value stored under key, or NULL. */
void *strmap_get(const strmap *m, const char *key);
/* Stores value under a copy of key, replacing any earlier value (which is not freed). */
void strmap_put(strmap *m, const char *key, void *value);
/* Frees the keys; free_value (may be NULL) is called on each value. */
void strmap_free(strmap *m, void (*free_value)(void *));

#endif
