/* import_tock.c — tock's own export, as CSV (a header of column names) or as a JSON array of
 * objects with the same keys. One table says what each column is; add a column there. */
#include "import_impl.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "duration.h"
#include "money.h"

enum kind { K_TEXT, K_BOOL, K_DATE, K_INSTANT, K_INT, K_CURRENCY };

static const struct tock_col {
    const char *name;
    enum kind kind;
    enum import_slot slot;  /* K_TEXT */
    size_t off;             /* K_INSTANT, K_INT: an int64_t in import_row */
    bool required;          /* the CSV header must have it */
} cols[] = {
    { "id", K_TEXT, S_SOURCE_ID, 0, false },
    { "user", K_TEXT, S_USER, 0, false },
    { "client", K_TEXT, S_CLIENT, 0, true },
    { "client_name", K_TEXT, S_CLIENT_NAME, 0, false },
    { "project", K_TEXT, S_PROJECT, 0, true },
    { "project_name", K_TEXT, S_PROJECT_NAME, 0, false },
    { "task", K_TEXT, S_TASK, 0, false },
    { "tier", K_TEXT, S_TIER, 0, false },
    { "billable", K_BOOL, S_COUNT, 0, false },
    { "date", K_DATE, S_COUNT, 0, false },
    { "start", K_INSTANT, S_COUNT, offsetof(import_row, start), false },
    { "end", K_INSTANT, S_COUNT, offsetof(import_row, end), false },
    { "seconds", K_INT, S_COUNT, offsetof(import_row, seconds), false },
    { "billed_seconds", K_INT, S_COUNT, offsetof(import_row, billed_seconds), false },
    { "rate_minor", K_INT, S_COUNT, offsetof(import_row, rate_minor), false },
    { "amount_minor", K_INT, S_COUNT, offsetof(import_row, amount_minor), false },
    { "currency", K_CURRENCY, S_COUNT, 0, false },
    { "note", K_TEXT, S_NOTE, 0, false },
    { "tags", K_TEXT, S_TAGS, 0, false },
    { "week_state", K_TEXT, S_WEEK_STATE, 0, false },
    { "invoice", K_TEXT, S_INVOICE, 0, false },
    { "ref", K_TEXT, S_REF, 0, false },
};
#define NCOLS TK_ARRAY_LEN(cols)

static const char *const expect[] = {
    [K_TEXT] = "text", [K_BOOL] = "yes or no", [K_DATE] = "YYYY-MM-DD",
    [K_INSTANT] = "e.g. 2026-11-23T09:00:00+01:00", [K_INT] = "a whole number",
    [K_CURRENCY] = "an ISO 4217 code such as EUR",
};

struct tock {
    int pos[NCOLS];         /* CSV: field index of each column, -1 absent */
    size_t width;
    strbuf text[NCOLS];     /* JSON: each value as text */
    const char *val[NCOLS]; /* this row's values; NULL or "" = none */
};

static int col_index(const char *name)
{
    for (size_t i = 0; i < NCOLS; i++)
        if (!strcmp(cols[i].name, name))
            return (int)i;
    return -1;
}

static int64_t *int_field(import_row *row, size_t off)
{
    return (int64_t *)(void *)((char *)row + off);
}

/* Parses one value into row; 0, or -1 when malformed. */
static int set_value(import_reader *r, const struct tock_col *c, const char *v, import_row *row)
{
    switch (c->kind) {
    case K_TEXT:
        import_slot_set(r, c->slot, v);
        return 0;
    case K_BOOL:
        row->has_billable = true;
        return import_value_yesno(v, &row->billable);
    case K_DATE:
        return import_value_ymd(v, &row->day);
    case K_INSTANT:
        return import_value_instant(v, int_field(row, c->off));
    case K_CURRENCY:
        return import_value_currency(v, row->currency);
    case K_INT: {
        char *end;
        if (*v < '0' || *v > '9' || strlen(v) > 18)
            return -1;
        long long n = strtoll(v, &end, 10);
        *int_field(row, c->off) = n;
        return *end ? -1 : 0;
    }
    }
    return -1;
}

/* The facts between values: a range, or a date and seconds. */
static int check_row(import_reader *r, struct tock *t, import_row *row, tk_err *err)
{
    bool has[NCOLS];
    for (size_t i = 0; i < NCOLS; i++)
        has[i] = t->val[i] && *t->val[i];
    bool start = has[col_index("start")], end = has[col_index("end")];
    bool date = has[col_index("date")], secs = has[col_index("seconds")];
    int64_t stated = row->seconds;
    if (start) {
        row->has_range = true;
        row->open = !end;
        row->end = end ? row->end : 0;
        if (end && row->end < row->start)
            return import_row_fail(r, err, row->line, "the entry ends before it starts");
        row->seconds = end ? row->end - row->start : 0;
        if (end && secs && stated != row->seconds)
            return import_row_fail(r, err, row->line, "seconds %" PRId64 " disagrees with start and end (%" PRId64 ")",
                            stated, row->seconds);
        row->day = local_day_of(row->start);
    } else if (end) {
        return import_row_fail(r, err, row->line, "an end without a start");
    } else if (!date || !secs) {
        return import_row_fail(r, err, row->line, "neither start and end, nor date and seconds");
    }
    if (row->seconds > DUR_MAX)
        return import_row_fail(r, err, row->line, "an entry longer than 10000 hours");
    return 0;
}

/* The row's identity: who, what, and when. */
static void tock_key(import_reader *r, const import_row *row)
{
    static const enum import_slot who[] = { S_USER, S_CLIENT, S_PROJECT, S_TASK, S_TIER, S_NOTE };
    for (size_t i = 0; i < TK_ARRAY_LEN(who); i++)
        import_key_add(r, sb_str(&r->slot[who[i]]));
    char d[DAY_BUF];
    if (row->has_range) {
        import_key_addi(r, row->start);
        import_key_addi(r, row->open ? -1 : row->end);
    } else {
        import_key_add(r, day_format(row->day, d));
        import_key_addi(r, row->seconds);
    }
}

/* t->val filled: parses, checks and finishes the row. */
static int build_row(import_reader *r, struct tock *t, import_row *row, long line, tk_err *err)
{
    char b[64];
    import_row_begin(r, row, line);
    for (size_t i = 0; i < NCOLS; i++) {
        const char *v = t->val[i];
        if (!v || !*v)
            continue;
        if (set_value(r, &cols[i], v, row))
            return import_row_fail(r, err, line, "bad %s '%s' (expected %s)", cols[i].name, import_show(v, b),
                            expect[cols[i].kind]);
    }
    if (check_row(r, t, row, err))
        return -1;
    tock_key(r, row);
    import_row_finish(r, row);
    return 1;
}

/* ---- CSV ---- */

static int csv_open_(import_reader *r, tk_err *err)
{
    struct tock *t = xcalloc(1, sizeof *t);
    r->impl = t;
    struct col_def defs[NCOLS];
    for (size_t i = 0; i < NCOLS; i++)
        defs[i] = (struct col_def){ (int)i, cols[i].name };
    if (import_header_map(r, defs, NCOLS, t->pos, err))
        return -1;
    t->width = csv_nfields(r->csv);
    for (size_t i = 0; i < NCOLS; i++)
        if (cols[i].required && t->pos[i] < 0)
            return import_header_missing(r, cols[i].name, err);
    bool range = t->pos[col_index("start")] >= 0 && t->pos[col_index("end")] >= 0;
    if (!range && t->pos[col_index("date")] < 0)
        return import_header_missing(r, "date", err);
    if (!range && t->pos[col_index("seconds")] < 0)
        return import_header_missing(r, "seconds", err);
    return 0;
}

static int csv_next_(import_reader *r, import_row *row, tk_err *err)
{
    struct tock *t = r->impl;
    int rc = import_csv_record(r, t->width, err);
    if (rc <= 0)
        return rc;
    for (size_t i = 0; i < NCOLS; i++)
        t->val[i] = t->pos[i] >= 0 ? import_col_text(r, t->pos[i]) : NULL;
    return build_row(r, t, row, csv_line(r->csv), err);
}

static void tock_close(import_reader *r)
{
    struct tock *t = r->impl;
    if (!t)
        return;
    for (size_t i = 0; i < NCOLS; i++)
        sb_free(&t->text[i]);
    free(t);
}

const struct import_format import_tock_csv = {
    .name = "tock-csv", .key_family = "tock", .csv = true,
    .open = csv_open_, .next = csv_next_, .close = tock_close,
};

/* ---- JSON ---- */

static int json_open_(import_reader *r, tk_err *err)
{
    (void)err;
    r->impl = xcalloc(1, sizeof(struct tock));
    return 0;
}

/* A JSON value as the text a CSV cell would hold; -1 for an object, array or fraction. */
static int value_text(const json_val *v, strbuf *out, const char **val)
{
    int64_t n;
    bool b;
    sb_reset(out);
    if (!v || json_is_null(v)) {
        *val = NULL;
        return 0;
    }
    if (json_is_str(v)) {
        *val = json_str(v);
        return 0;
    }
    if (json_bool(v, &b) == 0)
        sb_add(out, b ? "true" : "false");
    else if (json_is_num(v) && json_int(v, &n) == 0)
        sb_addf(out, "%" PRId64, n);
    else
        return -1;
    *val = sb_str(out);
    return 0;
}

static int json_next_(import_reader *r, import_row *row, tk_err *err)
{
    struct tock *t = r->impl;
    json_val *obj;
    long line;
    int rc = import_json_next_object(r, &obj, &line, err);
    if (rc <= 0)
        return rc;
    rc = 0;
    for (size_t i = 0; i < NCOLS && !rc; i++) {
        if (value_text(json_get(obj, cols[i].name), &t->text[i], &t->val[i]))
            rc = import_row_fail(r, err, line, "bad %s (expected %s)", cols[i].name, expect[cols[i].kind]);
    }
    if (!rc)
        rc = build_row(r, t, row, line, err);
    json_free(obj);
    return rc;
}

const struct import_format import_tock_json = {
    .name = "tock-json", .key_family = "tock", .csv = false,
    .open = json_open_, .next = json_next_, .close = tock_close,
};
