/* app_import_map.h — the name maps of tock import --users and --clients (app_import_map.c;
 * their insides are app_import_impl.h). */
#ifndef TOCK_APP_IMPORT_MAP_H
#define TOCK_APP_IMPORT_MAP_H

#include "util.h"

/* A file of "source name = value" lines (blank lines and lines starting with '#' skipped; the
 * last '=' splits, so names may hold one). Names match ignoring ASCII case and surrounding
 * space. */
typedef struct app_name_map app_name_map;

/* NULL with err ("FILE:LINE: reason") on a bad line or a name given twice. */
app_name_map *app_name_map_load(const char *path, tk_err *err);
void app_name_map_free(app_name_map *m);

#endif
