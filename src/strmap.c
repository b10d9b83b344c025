/* strmap.c — open addressing with linear probing, FNV-1a, at most half full. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct strmap_slot {
    char *key;      /* NULL: empty */
    uint64_t hash;
    void *value;
};

static uint64_t hash_of(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static strmap_slot *find(const strmap *m, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    while (m->slots[i].key && (m->slots[i].hash != h || strcmp(m->slots[i].key, key)))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

static void grow(strmap *m)
{
    strmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 16;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].key)
            *find(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
    free(old.slots);
}

void *strmap_get(const strmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    strmap_slot *s = find(m, key, hash_of(key));
    return s->key ? s->value : NULL;
}

void strmap_put(strmap *m, const char *key, void *value)
{
    if (2 * (m->len + 1) > m->cap)
        grow(m);
    uint64_t h = hash_of(key);
    strmap_slot *s = find(m, key, h);
    if (!s->key) {
        s->key = xstrdup(key);
        s->hash = h;
        m->len++;
    }
    s->value = value;
}

void strmap_free(strmap *m, void (*free_value)(void *))
{
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key)
            continue;
        free(m->slots[i].key);
        if (free_value)
            free_value(m->slots[i].value);
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}
