/* app_dump.c — the whole database: one snapshot of every table (export --all), restoring one
 * into an empty database, and a backup file. */
#include "app_dump.h"

#include <stdlib.h>

int app_schema_version(void)
{
    return store_schema_version();
}

int app_dump(tk_app *app, const store_dump_fns *fns, void *ctx, tk_err *err)
{
    int rc = app_read_begin(app, err);
    if (rc == 0)
        rc = store_dump(app->st, fns, ctx, err);
    app_read_end(app);
    return rc;
}

int app_backup(tk_app *app, const char *path, bool replace, tk_err *err)
{
    return store_backup(app->st, path, replace, err);
}

static int restore_table(tk_app *app, const json_val *t, long *rows, tk_err *err)
{
    const char *name = json_get_str(t, "name");
    const json_val *cols = json_get(t, "columns"), *list = json_get(t, "rows");
    size_t n = json_len(cols);
    if (!name || !n || !json_is_arr(list))
        return tk_fail(err, "a table without a name, columns or rows");
    const char **names = xcalloc(n, sizeof *names);
    store_value *v = xcalloc(n, sizeof *v);
    int rc = 0;
    const json_val *col = json_first(cols);
    for (size_t i = 0; i < n && rc == 0; i++, col = json_next(col))
        if (!(names[i] = json_str(col)))
            rc = tk_fail(err, "%s: a column name that is not text", name);
    store_restore *r = rc ? NULL : store_restore_table(app->st, name, names, (int)n, err);
    if (!r)
        rc = -1;
    /* Walked, not indexed: json_at and json_len each walk cJSON's list from its start, and
     * a table of 47 k rows took 13 s to restore. */
    size_t k = 0;
    for (const json_val *row = json_first(list); rc == 0 && row; row = json_next(row), k++) {
        if (json_len(row) != n) {
            rc = tk_fail(err, "%s: row %zu has %zu values for %zu columns", name, k + 1,
                         json_len(row), n);
            break;
        }
        const json_val *x = json_first(row);
        for (size_t i = 0; i < n && rc == 0; i++, x = json_next(x)) {
            if (json_is_null(x))
                v[i] = (store_value){ STORE_NULL, 0, NULL };
            else if (json_is_str(x))
                v[i] = (store_value){ STORE_TEXT, 0, json_str(x) };
            else if (json_is_num(x) && json_int(x, &v[i].i) == 0)
                v[i].kind = STORE_INT;
            else
                rc = tk_fail(err, "%s: row %zu, %s: not an integer, text or null", name, k + 1,
                             names[i]);
        }
        if (rc == 0)
            rc = store_restore_row(r, v, err);
        (*rows)++;
    }
    store_restore_end(r);
    free(names);
    free(v);
    return rc;
}

int app_restore(tk_app *app, const json_val *tables, long *rows, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    int rc = store_restore_begin(app->st, err);
    for (const json_val *t = json_first(tables); rc == 0 && t; t = json_next(t))
        rc = restore_table(app, t, rows, err);
    if (rc == 0)
        rc = store_restore_check(app->st, err);
    return app_change_end(app, rc, NULL, NULL, 0, NULL, err);
}
