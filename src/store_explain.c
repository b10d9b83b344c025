/* store_explain.c — the query plans of the hot statements, so a test can keep them off full
 * table scans. A debugging aid: nothing in tock's commands calls it. */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

static const store_named_sql *const hot_tables[] = { store_hot_core, store_hot_catalog,
                                                     store_hot_entries, store_hot_team,
                                                     store_hot_profit };

static const char *hot_sql(const char *which)
{
    for (size_t t = 0; t < TK_ARRAY_LEN(hot_tables); t++)
        for (const store_named_sql *q = hot_tables[t]; q->name; q++)
            if (!strcmp(q->name, which))
                return q->sql;
    return NULL;
}

size_t store_hot_names(const char **names, size_t max)
{
    size_t n = 0;
    for (size_t t = 0; t < TK_ARRAY_LEN(hot_tables); t++)
        for (const store_named_sql *q = hot_tables[t]; q->name; q++, n++)
            if (n < max)
                names[n] = q->name;
    return n;
}

int store_explain(store *st, const char *which, strbuf *out, tk_err *err)
{
    const char *sql = hot_sql(which);
    if (st->pg)
        return tk_fail(err, "query plans are shown for sqlite databases only");
    if (!sql)
        return tk_fail(err, "no hot statement named '%s'", which);
    char *text = xasprintf("EXPLAIN QUERY PLAN %s", sql);
    db_stmt *s = NULL;
    int rc = db_prepare_v2(st->db, text, -1, &s, NULL);
    free(text);
    if (rc != DB_OK)
        return store_fail(st, err, "explaining a query");
    /* Rows are (id, parent, notused, detail); indent each detail under its parent. */
    TK_VEC(int) ids = { 0 };
    TK_VEC(int) depth = { 0 };
    while ((rc = db_step(s)) == DB_ROW) {
        int id = db_column_int(s, 0), parent = db_column_int(s, 1), d = 0;
        for (size_t i = 0; i < ids.len; i++)
            if (ids.items[i] == parent)
                d = depth.items[i] + 1;
        TK_PUSH(ids, id);
        TK_PUSH(depth, d);
        for (int i = 0; i < d; i++)
            sb_add(out, "  ");
        sb_add(out, (const char *)db_column_text(s, 3));
        sb_addc(out, '\n');
    }
    free(ids.items);
    free(depth.items);
    db_finalize(s);
    if (rc != DB_DONE)
        return store_fail(st, err, "explaining a query");
    return 0;
}
