/* import_toggl.c — Toggl Track's "detailed report" CSV (and its import layout: start and
 * duration, no end). Columns are found by name; dates and times are local wall clock. */
#include "import_impl.h"

#include <stdlib.h>
#include <string.h>
#include "duration.h"
#include "money.h"

enum {
    T_USER, T_EMAIL, T_CLIENT, T_PROJECT, T_TASK, T_DESC, T_BILLABLE, T_SDATE, T_STIME,
    T_EDATE, T_ETIME, T_DUR, T_TAGS, T_AMOUNT, T_CURRENCY, T_N
};

static const struct col_def cols[] = {
    { T_USER, "User|Member|Username|User name|Name" },
    { T_EMAIL, "Email|E-mail|User email" },
    { T_CLIENT, "Client" },
    { T_PROJECT, "Project" },
    { T_TASK, "Task" },
    { T_DESC, "Description|Note|Notes" },
    { T_BILLABLE, "Billable" },
    { T_SDATE, "Start date" },
    { T_STIME, "Start time" },
    { T_EDATE, "End date|Stop date" },
    { T_ETIME, "End time|Stop time" },
    { T_DUR, "Duration" },
    { T_TAGS, "Tags|Tag" },
    { T_AMOUNT, "Amount (*|Amount|Billable amount" },
    { T_CURRENCY, "Currency" },
};

struct toggl {
    int pos[T_N];
    size_t width;
    char currency[4];   /* from the header "Amount (EUR)", else per row from "Currency" */
};

static int toggl_open(import_reader *r, tk_err *err)
{
    struct toggl *t = xcalloc(1, sizeof *t);
    r->impl = t;
    if (import_header_map(r, cols, TK_ARRAY_LEN(cols), t->pos, err))
        return -1;
    t->width = csv_nfields(r->csv);
    if (t->pos[T_SDATE] < 0)
        return import_header_missing(r, "Start date", err);
    if (t->pos[T_STIME] < 0)
        return import_header_missing(r, "Start time", err);
    if (t->pos[T_ETIME] < 0 && t->pos[T_DUR] < 0)
        return import_header_missing(r, "End time' or 'Duration", err);
    if (t->pos[T_AMOUNT] >= 0) {
        const char *h = csv_field(r->csv, (size_t)t->pos[T_AMOUNT]), *open = strchr(h, '(');
        char iso[4] = "";
        if (open && strlen(open) >= 5 && open[4] == ')') {
            memcpy(iso, open + 1, 3);
            iso[3] = '\0';
        }
        if (currency_valid(iso))
            memcpy(t->currency, iso, 4);
    }
    return 0;
}

/* Date and time columns → an instant and the parsed day and wall clock. */
static int read_when(import_reader *r, const struct toggl *t, int dcol, int tcol, tk_day fallback,
                     tk_day *day, int *sod, tk_err *err)
{
    char b[64];
    const char *d = import_col_text(r, t->pos[dcol]), *tm = import_col_text(r, t->pos[tcol]);
    const char *dname = dcol == T_SDATE ? "Start date" : "End date";
    const char *tname = tcol == T_STIME ? "Start time" : "End time";
    if (t->pos[dcol] < 0 || (!*d && dcol == T_EDATE))
        *day = fallback;
    else if (import_value_ymd(d, day))
        return import_row_fail(r, err, csv_line(r->csv), "bad %s '%s' (expected YYYY-MM-DD)", dname, import_show(d, b));
    if (import_value_clock(tm, sod))
        return import_row_fail(r, err, csv_line(r->csv), "bad %s '%s' (expected HH:MM:SS or hh:mm:ss AM/PM)",
                        tname, import_show(tm, b));
    return 0;
}

static int64_t make(tk_day day, int sod)
{
    return local_make(day, sod / 3600, sod / 60 % 60, sod % 60);
}

static int toggl_money(import_reader *r, const struct toggl *t, import_row *row, tk_err *err)
{
    const char *amount = import_col_text(r, t->pos[T_AMOUNT]);
    char b[64];
    if (t->currency[0])
        memcpy(row->currency, t->currency, 4);
    else if (import_value_currency(import_col_text(r, t->pos[T_CURRENCY]), row->currency))
        row->currency[0] = '\0';
    if (!*amount || !row->currency[0])
        return 0;
    if (import_value_amount(amount, currency_exponent(row->currency), &row->amount_minor))
        return import_row_fail(r, err, csv_line(r->csv), "bad Amount '%s' (expected a number such as 111.11)",
                        import_show(amount, b));
    return 0;
}

static int toggl_next(import_reader *r, import_row *row, tk_err *err)
{
    struct toggl *t = r->impl;
    int rc = import_csv_record(r, t->width, err);
    if (rc <= 0)
        return rc;
    long line = csv_line(r->csv);
    char b[64];
    import_row_begin(r, row, line);
    static const int text[][2] = {
        { T_USER, S_USER }, { T_EMAIL, S_EMAIL }, { T_CLIENT, S_CLIENT }, { T_PROJECT, S_PROJECT },
        { T_TASK, S_TASK }, { T_DESC, S_NOTE }, { T_TAGS, S_TAGS },
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(text); i++) {
        import_slot_set(r, (enum import_slot)text[i][1], import_col_text(r, t->pos[text[i][0]]));
        if (text[i][0] != T_TAGS)
            import_key_add(r, import_col_text(r, t->pos[text[i][0]]));
    }
    tk_day sday, eday;
    int ssod, esod;
    if (read_when(r, t, T_SDATE, T_STIME, 0, &sday, &ssod, err))
        return -1;
    row->start = make(sday, ssod);
    import_key_add_wall(r, sday, ssod);

    const char *dur = import_col_text(r, t->pos[T_DUR]), *etime = import_col_text(r, t->pos[T_ETIME]);
    int64_t dsec = -1;
    if (*dur && import_value_hms(dur, &dsec))
        return import_row_fail(r, err, line, "bad Duration '%s' (expected HH:MM:SS)", import_show(dur, b));
    if (*etime) {
        if (read_when(r, t, T_EDATE, T_ETIME, sday, &eday, &esod, err))
            return -1;
        row->end = make(eday, esod);
        bool end_date = *import_col_text(r, t->pos[T_EDATE]) != '\0';
        if (!end_date && row->end < row->start) /* no end date: past midnight */
            row->end = make(++eday, esod);
        int64_t span = row->end - row->start;
        if (dsec >= 0 && (span - dsec == 3600 || dsec - span == 3600))
            row->end = row->start + dsec;       /* a DST change: the duration knows better */
        if (row->end < row->start)
            return import_row_fail(r, err, line, "the entry ends before it starts");
        import_key_add_wall(r, eday, esod);
    } else if (dsec >= 0) {
        row->end = row->start + dsec;
        import_key_addi(r, dsec);
    } else {
        return import_row_fail(r, err, line, "neither an End time nor a Duration");
    }
    row->has_range = true;
    row->day = sday;
    row->seconds = row->end - row->start;
    if (row->seconds > DUR_MAX)
        return import_row_fail(r, err, line, "an entry longer than 10000 hours");
    const char *bill = import_col_text(r, t->pos[T_BILLABLE]);
    if (*bill) {
        if (import_value_yesno(bill, &row->billable))
            return import_row_fail(r, err, line, "bad Billable '%s' (expected Yes or No)", import_show(bill, b));
        row->has_billable = true;
    }
    if (toggl_money(r, t, row, err))
        return -1;
    import_row_finish(r, row);
    return 1;
}

static void toggl_close(import_reader *r)
{
    free(r->impl);
}

const struct import_format import_toggl = {
    .name = "toggl", .key_family = "toggl", .csv = true,
    .open = toggl_open, .next = toggl_next, .close = toggl_close,
};
