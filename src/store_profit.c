/* store_profit.c — what a report of a long range reads of each entry: the columns billing
 * needs, straight from the index that covers them (issue 18: report profit over a year). */
#include "store_impl.h"
#include "store_cost.h"

#include <string.h>

/* entries_user_list (schema step 17) holds every column read here: no table lookup per row.
 * No last_day, no lookback window: an entry belongs to the day it starts on. A NULL project or
 * invoice reads as 0 on both stores (db_column_int64), so no IFNULL per row. */
static const char sql_bills[] =
    "SELECT id, client_id, project_id, tier, billable, day, start_utc, end_utc, seconds, "
    "invoice_id FROM entries WHERE user_id = ?1 AND day BETWEEN ?2 AND ?3";

const store_named_sql store_hot_profit[] = {
    { "entry_bills", sql_bills },
    { NULL, NULL },
};

int store_entry_bills_each(store *st, int64_t user_id, tk_day from, tk_day to,
                           int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_bills, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, from < DAY_MIN ? DAY_MIN : from);
    store_bind_day(s, 3, to > DAY_MAX ? DAY_MAX : to);
    store_day_cache day = { { 0 }, 0 }; /* the index gives a user's rows by day */
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        /* The tier is the driver's own text, valid until the next step. */
        tk_entry e = { .id = db_column_int64(s, 0), .user_id = user_id,
                       .client_id = db_column_int64(s, 1),
                       .project_id = db_column_int64(s, 2),
                       .tier = (char *)db_column_text(s, 3),
                       .billable = db_column_int(s, 4) != 0,
                       .day = store_col_day_cached(s, 5, &day),
                       .has_range = db_column_type(s, 6) != DB_NULL,
                       .start = db_column_int64(s, 6), .end = db_column_int64(s, 7),
                       .seconds = db_column_int64(s, 8),
                       .invoice_id = db_column_int64(s, 9) };
        stop = fn(&e, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading entries");
    return stop;
}
