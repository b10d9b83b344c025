/* import_harvest.c — Harvest's "detailed time report" CSV: hours on a date, and a start and
 * end time when the account records them. Columns are found by name; they vary by account. */
#include "import_impl.h"

#include <stdlib.h>
#include <string.h>
#include "money.h"

enum {
    H_DATE, H_CLIENT, H_PROJECT, H_TASK, H_NOTES, H_HOURS, H_BILLABLE, H_FIRST, H_LAST, H_USER,
    H_STARTED, H_ENDED, H_RATE, H_AMOUNT, H_CURRENCY, H_ID, H_EXTREF, H_N
};

static const struct col_def cols[] = {
    { H_DATE, "Date|Spent date" },
    { H_CLIENT, "Client" },
    { H_PROJECT, "Project" },
    { H_TASK, "Task" },
    { H_NOTES, "Notes|Note" },
    { H_HOURS, "Hours" },
    { H_BILLABLE, "Billable?|Billable" },
    { H_FIRST, "First name" },
    { H_LAST, "Last name" },
    { H_USER, "Person|User|Team member" },
    { H_STARTED, "Started|Started at|Start time" },
    { H_ENDED, "Ended|Ended at|End time" },
    { H_RATE, "Billable rate" },
    { H_AMOUNT, "Billable amount" },
    { H_CURRENCY, "Currency" },
    { H_ID, "Time entry ID|Entry ID" },
    /* A ticket in another tool (Jira, GitHub …): a URL whose last part names it. */
    { H_EXTREF, "External Reference URL|External reference|External Reference ID" },
};

/* Hours and the span of its times may differ by this much and still be one range. */
#define HARVEST_SLACK 60

struct harvest {
    int pos[H_N];
    size_t width;
};

static int harvest_open(import_reader *r, tk_err *err)
{
    struct harvest *h = xcalloc(1, sizeof *h);
    r->impl = h;
    if (import_header_map(r, cols, TK_ARRAY_LEN(cols), h->pos, err))
        return -1;
    h->width = csv_nfields(r->csv);
    if (h->pos[H_DATE] < 0)
        return import_header_missing(r, "Date", err);
    if (h->pos[H_HOURS] < 0 && (h->pos[H_STARTED] < 0 || h->pos[H_ENDED] < 0))
        return import_header_missing(r, "Hours", err);
    return 0;
}

static const char *col(import_reader *r, const struct harvest *h, int id)
{
    return import_col_text(r, h->pos[id]);
}

/* "First Last", or the single user column. */
static void harvest_user(import_reader *r, const struct harvest *h)
{
    strbuf *u = &r->slot[S_USER];
    sb_reset(u);
    if (h->pos[H_FIRST] < 0 && h->pos[H_LAST] < 0) {
        sb_add(u, col(r, h, H_USER));
        return;
    }
    const char *first = col(r, h, H_FIRST), *last = col(r, h, H_LAST);
    sb_addf(u, "%s%s%s", first, *first && *last ? " " : "", last);
}

/* Started/Ended, when both are there: a range on the row's day. 1 range, 0 none, -1 error. */
static int harvest_range(import_reader *r, const struct harvest *h, import_row *row, tk_err *err)
{
    const char *a = col(r, h, H_STARTED), *b = col(r, h, H_ENDED);
    char s[64];
    int sa, sb;
    if (!*a || !*b)
        return 0;
    if (import_value_clock(a, &sa))
        return import_row_fail(r, err, row->line, "bad Started '%s' (expected a time such as 9:00 or 9:00am)", import_show(a, s));
    if (import_value_clock(b, &sb))
        return import_row_fail(r, err, row->line, "bad Ended '%s' (expected a time such as 17:30 or 5:30pm)", import_show(b, s));
    row->start = local_make(row->day, sa / 3600, sa / 60 % 60, sa % 60);
    row->end = local_make(row->day + (sb < sa), sb / 3600, sb / 60 % 60, sb % 60);
    import_key_add_wall(r, row->day, sa);
    import_key_add_wall(r, row->day + (sb < sa), sb);
    return 1;
}

static int harvest_money(import_reader *r, const struct harvest *h, import_row *row, tk_err *err)
{
    if (import_value_currency(col(r, h, H_CURRENCY), row->currency)) {
        row->currency[0] = '\0';
        return 0;
    }
    int e = currency_exponent(row->currency);
    const char *rate = col(r, h, H_RATE), *amount = col(r, h, H_AMOUNT);
    char b[64];
    if (*rate && import_value_amount(rate, e, &row->rate_minor))
        return import_row_fail(r, err, row->line, "bad Billable Rate '%s'", import_show(rate, b));
    if (*amount && import_value_amount(amount, e, &row->amount_minor))
        return import_row_fail(r, err, row->line, "bad Billable Amount '%s'", import_show(amount, b));
    return 0;
}

/* The ticket an external reference names: the last part of its URL's path (".../PROJ-42"),
 * else the text itself. Returns a static buffer. */
static const char *harvest_ref(const char *ext)
{
    static char buf[128];
    size_t n = strcspn(ext, "?#");
    while (n && ext[n - 1] == '/')
        n--;
    size_t start = n;
    while (start && ext[start - 1] != '/')
        start--;
    if (n - start >= sizeof buf)
        return "";
    memcpy(buf, ext + start, n - start);
    buf[n - start] = '\0';
    return buf;
}

static int harvest_next(import_reader *r, import_row *row, tk_err *err)
{
    struct harvest *h = r->impl;
    int rc = import_csv_record(r, h->width, err);
    if (rc <= 0)
        return rc;
    long line = csv_line(r->csv);
    char b[64];
    import_row_begin(r, row, line);
    harvest_user(r, h);
    static const int text[][2] = {
        { H_CLIENT, S_CLIENT }, { H_PROJECT, S_PROJECT }, { H_TASK, S_TASK }, { H_NOTES, S_NOTE },
        { H_ID, S_SOURCE_ID },
    };
    import_key_add(r, sb_str(&r->slot[S_USER]));
    for (size_t i = 0; i < TK_ARRAY_LEN(text); i++) {
        import_slot_set(r, (enum import_slot)text[i][1], col(r, h, text[i][0]));
        if (text[i][0] != H_ID)
            import_key_add(r, col(r, h, text[i][0]));
    }
    import_slot_set(r, S_REF, harvest_ref(col(r, h, H_EXTREF)));
    const char *date = col(r, h, H_DATE), *hours = col(r, h, H_HOURS);
    if (import_value_ymd(date, &row->day))
        return import_row_fail(r, err, line, "bad Date '%s' (expected YYYY-MM-DD)", import_show(date, b));
    import_key_add(r, day_format(row->day, b));
    int64_t hsec = -1;
    if (*hours && import_value_hours(hours, &hsec))
        return import_row_fail(r, err, line, "bad Hours '%s' (expected decimal hours such as 1.5 or 1,5)",
                        import_show(hours, b));
    int ranged = harvest_range(r, h, row, err);
    if (ranged < 0)
        return -1;
    if (hsec < 0 && !ranged)
        return import_row_fail(r, err, line, "no Hours");
    import_key_addi(r, hsec);
    int64_t span = row->end - row->start;
    row->has_range = ranged && (hsec < 0 || (span - hsec <= HARVEST_SLACK && hsec - span <= HARVEST_SLACK));
    row->seconds = row->has_range ? span : hsec;
    if (!row->has_range)
        row->start = row->end = 0;
    const char *bill = col(r, h, H_BILLABLE);
    if (*bill) {
        if (import_value_yesno(bill, &row->billable))
            return import_row_fail(r, err, line, "bad Billable? '%s' (expected Yes or No)", import_show(bill, b));
        row->has_billable = true;
    }
    if (harvest_money(r, h, row, err))
        return -1;
    import_row_finish(r, row);
    return 1;
}

static void harvest_close(import_reader *r)
{
    free(r->impl);
}

const struct import_format import_harvest = {
    .name = "harvest", .key_family = "harvest", .csv = true,
    .open = harvest_open, .next = harvest_next, .close = harvest_close,
};
