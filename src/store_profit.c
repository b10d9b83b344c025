/* store_profit.c — what a report of a long range reads of each entry: the columns billing
 * needs, straight from the index that covers them (issue 18: report profit over a year). */
#include "store_impl.h"
#include "store_cost.h"

#include <sqlite3.h>
#include <string.h>

/* What billing reads of an entry, in this order for both readers (bills_each). A NULL project
 * or invoice reads as 0 on both stores (db_column_int64), so no IFNULL per row. No last_day,
 * no lookback window: an entry belongs to the day it starts on. */
#define BILL_COLUMNS \
    "SELECT id, client_id, project_id, tier, billable, day, start_utc, " \
    "IFNULL(end_utc, seconds), invoice_id FROM entries "

/* A user's entries from a day on, by day: entries_user_list (schema step 18) holds every
 * column, no table lookup per row. No upper bound: the reader stops at the first day past
 * the range (bills_each), so sqlite checks one column of each row's key (user_id), not two. */
static const char sql_bills[] = BILL_COLUMNS "WHERE user_id = ?1 AND day >= ?2 AND"
                                ENTRY_SEEN("entries") "ORDER BY day";
/* A client's, in billing order: entries_client_bill (schema step 14) holds them in it. */
static const char sql_billing[] =
    BILL_COLUMNS "WHERE client_id = ?1 AND day BETWEEN ?2 AND ?3 AND" ENTRY_SEEN("entries")
    "ORDER BY day, IFNULL(start_utc, 0), id";

const store_named_sql store_hot_profit[] = {
    { "entry_bills", sql_bills },
    { "entries_billing", sql_billing },
    { NULL, NULL },
};

/* The day in column i, parsed once per distinct text (a user's rows come by day). Only the
 * text is asked for: strcmp stops at the first difference or NUL, so a shorter text is never
 * read past its end (and costs a third of a loop over the bytes). */
typedef struct day_memo {
    char text[11];   /* "YYYY-MM-DD" and its NUL; "" before the first */
    tk_day day;
} day_memo;

/* A row's columns: asked of sqlite itself on a sqlite store (db_sqlite_stmt), else through
 * the driver. A year is 200,000 rows of 9 columns, and the driver's two calls a column cost
 * more than 1 % of report profit. */
typedef struct bill_row {
    db_stmt *s;
    sqlite3_stmt *lite;          /* NULL: PostgreSQL */
} bill_row;

static inline int64_t row_int64(const bill_row *r, int i)
{
    return r->lite ? sqlite3_column_int64(r->lite, i) : db_column_int64(r->s, i);
}

static inline const char *row_text(const bill_row *r, int i)
{
    return (const char *)(r->lite ? sqlite3_column_text(r->lite, i) : db_column_text(r->s, i));
}

static inline bool row_null(const bill_row *r, int i)
{
    return r->lite ? sqlite3_column_type(r->lite, i) == SQLITE_NULL
                   : db_column_type(r->s, i) == DB_NULL;
}

static tk_day col_day(const bill_row *r, int i, day_memo *m)
{
    db_stmt *s = r->s;
    const char *t = row_text(r, i);
    if (t && m->text[0] && !strcmp(t, m->text))
        return m->day;
    m->day = store_col_day(s, i);
    if (t && strlen(t) == 10)
        memcpy(m->text, t, 11);
    else
        m->text[0] = '\0';
    return m->day;
}

/* The one reader of both: key is the user's or the client's id (?1), user_id the entry's user
 * when the query is by user, else 0 (billing does not ask). The user's query has no upper
 * bound (?3): its rows come by day, and the first past `to` ends the read. */
static int bills_each(store *st, const char *sql, int64_t key, int64_t user_id, tk_day from,
                      tk_day to, int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err)
{
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, key);
    store_bind_day(s, 2, from < DAY_MIN ? DAY_MIN : from);
    if (sql == sql_billing)
        store_bind_day(s, 3, to > DAY_MAX ? DAY_MAX : to);
    day_memo day = { "", 0 };
    bill_row r = { s, db_sqlite_stmt(s) };
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_day d = col_day(&r, 5, &day);
        if (d > to) {
            rc = DB_DONE;
            break;
        }
        /* The tier is the driver's own text, valid until the next step. */
        tk_entry e = { .id = row_int64(&r, 0), .user_id = user_id,
                       .client_id = row_int64(&r, 1),
                       .project_id = row_int64(&r, 2),
                       .tier = (char *)row_text(&r, 3),
                       .billable = row_int64(&r, 4) != 0,
                       .day = d,
                       .start = row_int64(&r, 6),
                       .invoice_id = row_int64(&r, 8) };
        /* NULL reads as 0: only a start at 0 asks which it is. Column 7 is a range's end,
         * else the stored seconds: a range bills end − start (bill_entry), which its stored
         * seconds are, so they are not read (one column less a row); a range that ends before
         * it starts or too late to count is refused by billing, whatever its seconds. */
        e.has_range = e.start != 0 || !row_null(&r, 6);
        if (!e.has_range)
            e.seconds = row_int64(&r, 7);
        else if (e.end = row_int64(&r, 7),
                 __builtin_sub_overflow(e.end, e.start, &e.seconds) || e.seconds < 0)
            e.seconds = 0;
        stop = fn(&e, ctx);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading entries");
    return stop;
}

int store_entry_bills_each(store *st, int64_t user_id, tk_day from, tk_day to,
                           int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err)
{
    return bills_each(st, sql_bills, user_id, user_id, from, to, fn, ctx, err);
}

int store_billing_each(store *st, int64_t client_id, tk_day from, tk_day to,
                       int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err)
{
    return bills_each(st, sql_billing, client_id, 0, from, to, fn, ctx, err);
}
