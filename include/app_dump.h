/* app_dump.h — the database as a whole (app_dump.c): export --all and its restore, backup.
 * Nothing here prints. */
#ifndef TOCK_APP_DUMP_H
#define TOCK_APP_DUMP_H

#include "app.h"
#include "json.h"

/* The schema this tock writes, which a whole-database copy names. */
int app_schema_version(void);
/* Every row of every table through fns (store_dump), from one snapshot. */
int app_dump(tk_app *app, const store_dump_fns *fns, void *ctx, tk_err *err);
/* Restores a copy's tables (the JSON array of {"name", "columns", "rows"}) into this empty
 * database, all or nothing; *rows counts the rows read. The copy brings its own audit log,
 * so the restore adds no record to it. */
int app_restore(tk_app *app, const json_val *tables, long *rows, tk_err *err);
/* A consistent copy of the database at path (store_backup). */
int app_backup(tk_app *app, const char *path, bool replace, tk_err *err);

#endif
