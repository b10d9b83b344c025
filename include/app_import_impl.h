/* app_import_impl.h — private to src/app_import*.c: the name map's insides. */
#ifndef TOCK_APP_IMPORT_IMPL_H
#define TOCK_APP_IMPORT_IMPL_H

#include "app_import_map.h"
#include "strmap.h"

struct map_item {
    char *name, *value;
    long line;
};

struct app_name_map {
    char *path;
    strmap by_name;                     /* folded name → struct map_item * */
    TK_VEC(struct map_item *) items;    /* in file order */
};

/* The item for a source name (matched as the map matches), or NULL. m may be NULL. */
const struct map_item *name_map_find(const app_name_map *m, const char *name);

#endif
