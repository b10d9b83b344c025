#include "test.h"
#include "import.h"
#include "import_impl.h"

#include <stdint.h>
#include <stdlib.h>

#define FIX "tests/fixtures/import/"
#define MAXROWS 16

/* Every row of an input, kept (the reader's own strings only live until the next row). */
typedef struct got {
    int n, bad, fatal;
    import_row row[MAXROWS];
    char err[4][sizeof(tk_err)];  /* the first messages: open, bad rows, fatal */
    int nerr;
} got;

#define CHECK_ERR(g, i, s) do { if ((g).nerr <= (i) || strcmp((g).err[i], (s))) { \
        fprintf(stderr, "    got message: %s\n", (g).nerr > (i) ? (g).err[i] : "(none)"); \
        CHECK(!"message: " s); } } while (0)

static const char *keep_str(const char *s)
{
    return xstrdup(s);
}

static void keep(import_row *dst, const import_row *src)
{
    *dst = *src;
    dst->user = keep_str(src->user);
    dst->email = keep_str(src->email);
    dst->client = keep_str(src->client);
    dst->project = keep_str(src->project);
    dst->task = keep_str(src->task);
    dst->note = keep_str(src->note);
    dst->tags = keep_str(src->tags);
    dst->tier = keep_str(src->tier);
    dst->week_state = keep_str(src->week_state);
    dst->invoice = keep_str(src->invoice);
    dst->source_id = keep_str(src->source_id);
    dst->client_name = keep_str(src->client_name);
    dst->project_name = keep_str(src->project_name);
}

static void got_free(got *g)
{
    for (int i = 0; i < g->n && i < MAXROWS; i++) {
        const import_row *r = &g->row[i];
        const char *s[] = { r->user, r->email, r->client, r->project, r->task, r->note, r->tags,
                            r->tier, r->week_state, r->invoice, r->source_id, r->client_name,
                            r->project_name };
        for (size_t k = 0; k < TK_ARRAY_LEN(s); k++)
            free((char *)(uintptr_t)s[k]);
    }
    memset(g, 0, sizeof *g);
}

static void note_err(got *g, const tk_err *err)
{
    if (g->nerr < 4)
        snprintf(g->err[g->nerr++], sizeof g->err[0], "%s", err->msg);
}

/* Reads all of r into g; returns g->n. */
static int drain(got *g, import_reader *r)
{
    import_row row;
    tk_err err;
    int rc;
    for (;;) {
        rc = import_next(r, &row, &err);
        if (rc == IMPORT_END)
            break;
        if (rc == IMPORT_ROW) {
            if (g->n < MAXROWS)
                keep(&g->row[g->n], &row);
            g->n++;
        } else {
            note_err(g, &err);
            if (rc == IMPORT_FATAL) {
                g->fatal++;
                CHECK_INT(import_next(r, &row, &err), IMPORT_FATAL); /* and it stays so */
                break;
            }
            g->bad++;
        }
    }
    import_close(r);
    return g->n;
}

/* -1 when the reader does not open (its message in g->err[0]). */
static int read_file(got *g, const char *format, const char *path, const import_options *opt)
{
    memset(g, 0, sizeof *g);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return -1;
    tk_err err;
    import_reader *r = import_open(format, f, path, opt, &err);
    int n = -1;
    if (r)
        n = drain(g, r);
    else
        note_err(g, &err);
    fclose(f);
    return n;
}

static int read_text(got *g, const char *format, const char *text, const import_options *opt)
{
    memset(g, 0, sizeof *g);
    tk_err err;
    import_reader *r = import_open_mem(format, text, strlen(text), "t", opt, &err);
    if (!r) {
        note_err(g, &err);
        return -1;
    }
    return drain(g, r);
}

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    return (int64_t)day_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static bool keys_distinct(const got *g)
{
    for (int i = 0; i < g->n && i < MAXROWS; i++) {
        if (strlen(g->row[i].source_key) != 64)
            return false;
        for (int j = 0; j < i; j++)
            if (!strcmp(g->row[i].source_key, g->row[j].source_key))
                return false;
    }
    return true;
}

/* ---------------------------------------------------------------- Toggl */

TEST(import_toggl_detailed_report)
{
    t_set_tz("Europe/Oslo");  /* UTC+1 in early March */
    got g;
    CHECK_INT(read_file(&g, "toggl", FIX "toggl.csv", NULL), 4);
    CHECK_INT(g.bad + g.fatal, 0);
    const import_row *r = g.row;
    CHECK_INT(r[0].line, 2);
    CHECK_STR(r[0].user, "Ada Lovelace");
    CHECK_STR(r[0].email, "ada@example.com");
    CHECK_STR(r[0].client, "Acme Corp");
    CHECK_STR(r[0].project, "Website Redesign");
    CHECK_STR(r[0].task, "Design");
    CHECK_STR(r[0].note, "Homepage mockups, round 2");
    CHECK_STR(r[0].tags, "client work, design");
    CHECK_STR(r[0].tier, "");
    CHECK(r[0].has_billable && r[0].billable);
    CHECK(r[0].has_range && !r[0].open);
    CHECK_INT(r[0].start, utc(2024, 3, 4, 8, 0, 0));
    CHECK_INT(r[0].end, utc(2024, 3, 4, 10, 30, 0));
    CHECK_INT(r[0].seconds, 9000);
    CHECK_INT(r[0].day, day_from_ymd(2024, 3, 4));
    CHECK_INT(r[0].amount_minor, 25000);
    CHECK_STR(r[0].currency, "EUR");
    CHECK_INT(r[0].rate_minor, -1);
    /* Quoted line breaks and doubled quotes; no client; 12-hour "01:15:00 PM". */
    CHECK_INT(r[1].line, 3);
    CHECK_STR(r[1].client, "");
    CHECK_STR(r[1].note, "Notes from the call:\n- budget ok\n- \"phase 2\" starts in April");
    CHECK(r[1].has_billable && !r[1].billable);
    CHECK_INT(r[1].start, utc(2024, 3, 4, 12, 15, 0));
    CHECK_INT(r[1].seconds, 1830);
    CHECK_INT(r[1].amount_minor, -1);
    /* A zero-length entry at "12:00:00 PM" (noon). */
    CHECK_INT(r[2].line, 6);
    CHECK_INT(r[2].seconds, 0);
    CHECK_INT(r[2].start, utc(2024, 3, 5, 11, 0, 0));
    CHECK_INT(r[2].end, r[2].start);
    CHECK_INT(r[2].amount_minor, 0);
    /* Past midnight: "11:30:00 PM" to "12:30:00 AM" the next day. */
    CHECK_INT(r[3].line, 7);
    CHECK_STR(r[3].note, "Late fix \xe2\x98\x95");
    CHECK_INT(r[3].start, utc(2024, 3, 5, 22, 30, 0));
    CHECK_INT(r[3].end, utc(2024, 3, 5, 23, 30, 0));
    CHECK_INT(r[3].day, day_from_ymd(2024, 3, 5));
    CHECK(keys_distinct(&g));
    got_free(&g);
}

TEST(import_toggl_columns_by_name)
{
    got g;
    CHECK_INT(read_file(&g, "toggl", FIX "toggl-renamed.csv", NULL), 3);
    CHECK_STR(g.row[0].user, "Bob Builder");
    CHECK_STR(g.row[0].client, "Initech");
    CHECK_STR(g.row[0].project, "Ops");
    CHECK_STR(g.row[0].note, "Server migration");
    CHECK_INT(g.row[0].seconds, 8 * 3600 + 3 * 60 + 27);
    CHECK_INT(g.row[0].start, utc(2024, 3, 6, 7, 30, 7));
    CHECK_STR(g.row[0].currency, "");
    /* Rows 2 and 3 are the same entry twice: both are kept, with distinct keys. */
    CHECK(keys_distinct(&g));
    got_free(&g);
}

TEST(import_toggl_start_and_duration_only)
{
    /* Toggl's own import layout: no end columns. Decimal and h:mm:ss durations. */
    got g;
    int n = read_text(&g, "toggl",
                      "Email,Start date,Start time,Duration,Project,Client,Description,Tags,Billable\n"
                      "a@example.com,2024-03-04,09:00:00,1:30:00,Web,Acme,Work,,\n"
                      "a@example.com,2024-03-04,11:00,1.25,Web,Acme,More,,yes\n", NULL);
    CHECK_INT(n, 2);
    CHECK_INT(g.row[0].start, utc(2024, 3, 4, 9, 0, 0));
    CHECK_INT(g.row[0].end, utc(2024, 3, 4, 10, 30, 0));
    CHECK(!g.row[0].has_billable);
    CHECK_STR(g.row[0].user, "");
    CHECK_INT(g.row[1].seconds, 4500);
    CHECK(g.row[1].has_billable && g.row[1].billable);
    got_free(&g);
    /* "Amount ()": no currency, so no amount. */
    CHECK_INT(read_text(&g, "toggl",
                        "Start date,Start time,End date,End time,Duration,Amount ()\n"
                        "2024-03-04,09:00:00,2024-03-04,10:00:00,01:00:00,50.00\n", NULL), 1);
    CHECK_INT(g.row[0].amount_minor, -1);
    CHECK_STR(g.row[0].currency, "");
    got_free(&g);
}

TEST(import_toggl_across_dst)
{
    t_set_tz("Europe/Oslo");   /* 2024-10-27 03:00 CEST → 02:00 CET; 2024-03-31 02:00 → 03:00 */
    got g;
    int n = read_text(&g, "toggl",
                      "Start date,Start time,End date,End time,Duration\n"
                      "2024-10-27,02:30:00,2024-10-27,02:15:00,00:45:00\n"
                      "2024-03-31,01:30:00,2024-03-31,03:30:00,01:00:00\n"
                      "2024-10-27,01:00:00,2024-10-27,04:00:00,04:00:00\n", NULL);
    CHECK_INT(n, 3);
    CHECK_INT(g.bad, 0);
    CHECK_INT(g.row[0].seconds, 2700);   /* the wall clock runs backwards; the duration is right */
    CHECK_INT(g.row[1].seconds, 3600);
    CHECK_INT(g.row[1].start, utc(2024, 3, 31, 0, 30, 0));
    CHECK_INT(g.row[2].seconds, 4 * 3600);
    CHECK_INT(g.row[2].end, g.row[2].start + 4 * 3600);
    got_free(&g);
}

static const char *toggl_head = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\n";

/* The source keys of a Toggl text, concatenated. */
static void toggl_keys(const char *body, strbuf *out)
{
    strbuf text = { 0 };
    sb_add(&text, toggl_head);
    sb_add(&text, body);
    got g;
    read_text(&g, "toggl", sb_str(&text), NULL);
    CHECK_INT(g.bad + g.fatal, 0);
    for (int i = 0; i < g.n; i++)
        sb_addf(out, "%s\n", g.row[i].source_key);
    got_free(&g);
    sb_free(&text);
}

TEST(import_source_keys_are_stable)
{
    const char *a = "Ada,a@x,Acme,Web,,One,Yes,2024-03-04,09:00:00,2024-03-04,10:00:00,01:00:00,\n";
    const char *b = "Ada,a@x,Acme,Web,,Two,Yes,2024-03-04,13:00:00,2024-03-04,14:00:00,01:00:00,\n";
    const char *b12 = "Ada,a@x,Acme,Web,,Two,No,2024-03-04,01:00:00 PM,2024-03-04,02:00:00 PM,01:00:00,x\n";
    strbuf ab = { 0 }, ba = { 0 }, one = { 0 }, k = { 0 };
    strbuf body = { 0 };
    sb_addf(&body, "%s%s", a, b);
    toggl_keys(sb_str(&body), &ab);
    /* Reordered rows, 12-hour times, other billable flag and tags: the same keys. */
    sb_reset(&body);
    sb_addf(&body, "%s%s", b12, a);
    toggl_keys(sb_str(&body), &ba);
    CHECK_INT(ab.len, 130);
    CHECK(ba.len == 130 && !memcmp(ab.buf, ba.buf + 65, 65) && !memcmp(ab.buf + 65, ba.buf, 65));
    /* Another time zone: the same keys (they are built from the wall clock as written). */
    t_set_tz("America/New_York");
    sb_reset(&body);
    sb_addf(&body, "%s%s", a, b);
    toggl_keys(sb_str(&body), &k);
    CHECK_STR(sb_str(&k), sb_str(&ab));
    t_set_tz("UTC");
    /* The same row three times: three keys, and the first ones are those of fewer copies. */
    sb_reset(&body);
    sb_addf(&body, "%s%s%s", a, a, a);
    strbuf three = { 0 }, two = { 0 };
    toggl_keys(sb_str(&body), &three);
    toggl_keys(a, &one);
    sb_reset(&body);
    sb_addf(&body, "%s%s", a, a);
    toggl_keys(sb_str(&body), &two);
    CHECK_INT(three.len, 195);
    CHECK(!strncmp(three.buf, one.buf, 65));
    CHECK(!strncmp(three.buf, two.buf, 130));
    CHECK(strncmp(three.buf, three.buf + 65, 64) && strncmp(three.buf + 65, three.buf + 130, 64));
    CHECK(!strncmp(one.buf, ab.buf, 65));
    /* Another format never shares keys with Toggl for the same facts. */
    CHECK(strncmp(one.buf, ba.buf, 64));
    sb_free(&ab); sb_free(&ba); sb_free(&one); sb_free(&k); sb_free(&body);
    sb_free(&three); sb_free(&two);
}

TEST(import_toggl_errors)
{
    got g;
    CHECK_INT(read_file(&g, "toggl", FIX "toggl-bad-date.csv", NULL), 1);
    CHECK_INT(g.bad, 1);
    CHECK_ERR(g, 0, FIX "toggl-bad-date.csv:3: bad Start date '2024-02-30' (expected YYYY-MM-DD)");
    got_free(&g);
    CHECK_INT(read_file(&g, "toggl", FIX "toggl-bad-duration.csv", NULL), 2);
    CHECK_ERR(g, 0, FIX "toggl-bad-duration.csv:4: bad Duration '1h:7x' (expected HH:MM:SS)");
    got_free(&g);
    CHECK_INT(read_file(&g, "toggl", FIX "toggl-unterminated.csv", NULL), 1);
    CHECK_INT(g.fatal, 1);
    CHECK_ERR(g, 0, FIX "toggl-unterminated.csv:3: unterminated quoted field (the quote opened here is never closed)");
    got_free(&g);
    CHECK_INT(read_file(&g, "toggl", FIX "toggl-missing-column.csv", NULL), -1);
    CHECK(strstr(g.err[0], FIX "toggl-missing-column.csv:1: missing column 'Start time' (the header has: User, Email,") == g.err[0]);
    got_free(&g);
    CHECK_INT(read_text(&g, "toggl", "Start date,Description\n", NULL), -1);
    CHECK_ERR(g, 0, "t:1: missing column 'Start time' (the header has: Start date, Description); is this a toggl export?");
    CHECK_INT(read_text(&g, "toggl", "Start date,Start time\n", NULL), -1);
    CHECK(strstr(g.err[0], "missing column 'End time' or 'Duration'") != NULL);
    CHECK_INT(read_text(&g, "toggl", "", NULL), -1);
    CHECK_ERR(g, 0, "t:1: empty file: no header line");
    /* Bad rows are reported one by one and reading goes on. */
    strbuf t = { 0 };
    sb_add(&t, toggl_head);
    sb_add(&t, "A,,C,P,,n,Yes,2024-03-04,25:00:00,2024-03-04,10:00:00,,\n");       /* 2 */
    sb_add(&t, "A,,C,P,,n,Yes,2024-03-04,13:00 PM,2024-03-04,10:00:00,,\n");       /* 3 */
    sb_add(&t, "A,,C,P,,n,Maybe,2024-03-04,09:00,2024-03-04,10:00:00,,\n");        /* 4 */
    sb_add(&t, "A,,C,P,,n,Yes,2024-03-04,11:00,2024-03-04,10:00:00,,\n");          /* 5 */
    sb_add(&t, "A,,C,P,,n,Yes,2024-03-04,09:00\n");                                 /* 6 */
    sb_add(&t, "A,,C,P,,n,Yes,2024-03-04,09:00,2024-03-04,10:00:00,,\n");          /* 7 */
    sb_add(&t, "A,,C,P,,n,Yes,2024-03-04,09:00,2024-03-04,,,\n");                  /* 8 */
    CHECK_INT(read_text(&g, "toggl", sb_str(&t), NULL), 1);
    CHECK_INT(g.bad, 6);
    CHECK_INT(g.row[0].line, 7);
    CHECK_ERR(g, 0, "t:2: bad Start time '25:00:00' (expected HH:MM:SS or hh:mm:ss AM/PM)");
    CHECK_ERR(g, 1, "t:3: bad Start time '13:00 PM' (expected HH:MM:SS or hh:mm:ss AM/PM)");
    CHECK_ERR(g, 2, "t:4: bad Billable 'Maybe' (expected Yes or No)");
    CHECK_ERR(g, 3, "t:5: the entry ends before it starts");
    got_free(&g);
    sb_free(&t);
    /* Broken CSV: a stray quote, invalid UTF-8 — fatal, with the line. */
    CHECK_INT(read_text(&g, "toggl", "Start date,Start time,Duration\n2024-03-04,09:00,1:00\n2024-03-04,09:00,1\"h\n", NULL), 1);
    CHECK(g.fatal == 1 && strstr(g.err[0], "t:3: stray quote") == g.err[0]);
    got_free(&g);
    CHECK_INT(read_text(&g, "toggl", "Start date,Start time,Duration,Description\n2024-03-04,09:00,1:00,\"caf\xe9\"\n", NULL), 0);
    CHECK(g.fatal == 1 && strstr(g.err[0], "t:2: invalid UTF-8") == g.err[0]);
    got_free(&g);
}

/* ---------------------------------------------------------------- Harvest */

TEST(import_harvest_detailed_report)
{
    got g;
    CHECK_INT(read_file(&g, "harvest", FIX "harvest.csv", NULL), 3);
    CHECK_INT(g.bad + g.fatal, 0);
    const import_row *r = g.row;
    CHECK_INT(r[0].line, 2);
    CHECK_STR(r[0].user, "Ada Lovelace");
    CHECK_STR(r[0].client, "Acme Corp");
    CHECK_STR(r[0].project, "Website Redesign");
    CHECK_STR(r[0].task, "Design");
    CHECK_STR(r[0].note, "Homepage, take 2");
    CHECK(!r[0].has_range);
    CHECK_INT(r[0].day, day_from_ymd(2024, 3, 4));
    CHECK_INT(r[0].seconds, 9000);                 /* "2,5" */
    CHECK(r[0].has_billable && r[0].billable);
    CHECK_STR(r[0].currency, "EUR");               /* "Euro - EUR" */
    CHECK_INT(r[0].rate_minor, 12000);
    CHECK_INT(r[0].amount_minor, 30000);
    CHECK_STR(r[1].client, "");
    CHECK_INT(r[1].seconds, 36);                   /* "0,01" h */
    CHECK(r[1].has_billable && !r[1].billable);
    CHECK_INT(r[2].line, 4);
    CHECK_STR(r[2].note, "Ticket #42\nand the follow-up");
    CHECK_INT(r[2].seconds, 37200);                /* "10,3333" h = 37199.88 s */
    CHECK_INT(r[2].amount_minor, 124000);          /* "1.240,00" */
    CHECK(keys_distinct(&g));
    got_free(&g);
}

TEST(import_harvest_with_times)
{
    t_set_tz("Europe/Oslo");
    got g;
    CHECK_INT(read_file(&g, "harvest", FIX "harvest-times.csv", NULL), 4);
    const import_row *r = g.row;
    CHECK(r[0].has_range);
    CHECK_INT(r[0].start, utc(2024, 3, 4, 8, 0, 0));   /* "9:00am" */
    CHECK_INT(r[0].end, utc(2024, 3, 4, 9, 30, 0));
    CHECK_INT(r[0].seconds, 5400);
    CHECK_STR(r[0].currency, "USD");
    /* Hours edited afterwards (2.0 h against 11:00–12:00): the hours win, as a duration. */
    CHECK(!r[1].has_range);
    CHECK_INT(r[1].seconds, 7200);
    /* "11:30pm" to "12:30am": past midnight. */
    CHECK(r[2].has_range);
    CHECK_INT(r[2].start, utc(2024, 3, 4, 22, 30, 0));
    CHECK_INT(r[2].end, utc(2024, 3, 4, 23, 30, 0));
    CHECK_INT(r[2].day, day_from_ymd(2024, 3, 4));
    CHECK(!r[3].has_range);
    CHECK_INT(r[3].seconds, 2700);
    got_free(&g);
}

TEST(import_harvest_errors)
{
    got g;
    CHECK_INT(read_file(&g, "harvest", FIX "harvest-bad-date.csv", NULL), 1);
    CHECK_ERR(g, 0, FIX "harvest-bad-date.csv:3: bad Date '04/03/2024' (expected YYYY-MM-DD)");
    got_free(&g);
    CHECK_INT(read_file(&g, "harvest", FIX "harvest-bad-hours.csv", NULL), 1);
    CHECK_INT(g.row[0].seconds, 5400);
    CHECK_ERR(g, 0, FIX "harvest-bad-hours.csv:3: bad Hours '-1' (expected decimal hours such as 1.5 or 1,5)");
    got_free(&g);
    CHECK_INT(read_file(&g, "harvest", FIX "harvest-unterminated.csv", NULL), 0);
    CHECK_INT(g.fatal, 1);
    CHECK(strstr(g.err[0], FIX "harvest-unterminated.csv:2: unterminated quoted field") == g.err[0]);
    got_free(&g);
    CHECK_INT(read_file(&g, "harvest", FIX "harvest-missing-column.csv", NULL), -1);
    CHECK(strstr(g.err[0], ":1: missing column 'Date' (the header has: Day, Client,") != NULL);
    got_free(&g);
    CHECK_INT(read_text(&g, "harvest", "Date,Hours,Client\n2024-03-04,1\n2024-03-04,,Acme\n2024-03-04,1,Acme\n", NULL), 1);
    CHECK_ERR(g, 0, "t:2: 2 fields where the header has 3");
    CHECK_ERR(g, 1, "t:3: no Hours");
    got_free(&g);
}

TEST(import_value_parsers)
{
    int64_t s;
    CHECK(import_value_hours("1.5", &s) == 0 && s == 5400);
    CHECK(import_value_hours(" 1,5 ", &s) == 0 && s == 5400);
    CHECK(import_value_hours("0.3333333333333333", &s) == 0 && s == 1200);
    CHECK(import_value_hours("0.000138", &s) == 0 && s == 0);          /* 0.4968 s */
    CHECK(import_value_hours("0.000139", &s) == 0 && s == 1);          /* 0.5004 s */
    CHECK(import_value_hours("1:30", &s) == 0 && s == 5400);
    CHECK(import_value_hours("1.234,5", &s) == 0 && s == 4444200);
    CHECK(import_value_hours("8", &s) == 0 && s == 28800);
    const char *bad_hours[] = { "", "-1", "1.2.3", "1,", "abc", "1.5h", "1:5", "1,2,3.4", "10001", "1 5" };
    for (size_t i = 0; i < TK_ARRAY_LEN(bad_hours); i++)
        CHECK(import_value_hours(bad_hours[i], &s) == -1);
    CHECK(import_value_hms("08:03:27", &s) == 0 && s == 29007);
    CHECK(import_value_hms("125:00:00", &s) == 0 && s == 450000);
    CHECK(import_value_hms("02:00:00 AM", &s) == 0 && s == 7200);   /* a Toggl export's quirk */
    CHECK(import_value_hms("0:45", &s) == 0 && s == 2700);
    CHECK(import_value_hms("1:60:00", &s) == -1);
    int sod;
    CHECK(import_value_clock("12:00:00 AM", &sod) == 0 && sod == 0);
    CHECK(import_value_clock("12:30:15 PM", &sod) == 0 && sod == 45015);
    CHECK(import_value_clock("9:00am", &sod) == 0 && sod == 32400);
    CHECK(import_value_clock("9:00 p.m.", &sod) == 0 && sod == 75600);
    CHECK(import_value_clock("23:59:59", &sod) == 0 && sod == 86399);
    const char *bad_clock[] = { "24:00", "13:00 PM", "0:00 AM", "7:5", "07:30:7", "7", "", "7:30 XM", "123:00" };
    for (size_t i = 0; i < TK_ARRAY_LEN(bad_clock); i++)
        CHECK(import_value_clock(bad_clock[i], &sod) == -1);
    int64_t m;
    CHECK(import_value_amount("2.000,0", 2, &m) == 0 && m == 200000);
    CHECK(import_value_amount("1,234.50", 2, &m) == 0 && m == 123450);
    CHECK(import_value_amount("100,0", 0, &m) == 0 && m == 100);
    CHECK(import_value_amount("0.005", 2, &m) == 0 && m == 1);
    CHECK(import_value_amount("12,34,5", 2, &m) == -1);
    CHECK(import_value_amount("1.2345.6", 2, &m) == -1);
    char iso[4];
    CHECK(import_value_currency("Euro - EUR", iso) == 0 && !strcmp(iso, "EUR"));
    CHECK(import_value_currency("United States Dollar - USD", iso) == 0 && !strcmp(iso, "USD"));
    CHECK(import_value_currency("NOK", iso) == 0 && !strcmp(iso, "NOK"));
    CHECK(import_value_currency("Euro", iso) == -1);
    t_set_tz("Europe/Oslo");
    int64_t t;
    CHECK(import_value_instant("2024-03-04T09:00:00+01:00", &t) == 0 && t == utc(2024, 3, 4, 8, 0, 0));
    CHECK(import_value_instant("2024-03-04T09:00:00-0230", &t) == 0 && t == utc(2024, 3, 4, 11, 30, 0));
    CHECK(import_value_instant("2024-03-04 09:00Z", &t) == 0 && t == utc(2024, 3, 4, 9, 0, 0));
    CHECK(import_value_instant("2024-03-04T09:00:00", &t) == 0 && t == utc(2024, 3, 4, 8, 0, 0));
    CHECK(import_value_instant("2024-03-04T09:00:00+1", &t) == -1);
    CHECK(import_value_instant("2024-03-04", &t) == -1);
    bool b;
    CHECK(import_value_yesno("Yes", &b) == 0 && b);
    CHECK(import_value_yesno("false", &b) == 0 && !b);
    CHECK(import_value_yesno("ja", &b) == -1);
}

/* ---------------------------------------------------------------- Timewarrior */

TEST(import_timew_export)
{
    got g;
    CHECK_INT(read_file(&g, "timew", FIX "timew.json", NULL), 5);
    CHECK_INT(g.bad + g.fatal, 0);
    const import_row *r = g.row;
    CHECK_INT(r[0].line, 2);
    CHECK_STR(r[0].client, "Acme Corp");
    CHECK_STR(r[0].project, "Website Redesign");
    CHECK_STR(r[0].tags, "design work");
    CHECK_STR(r[0].note, "Mockups, \"v2\", and a comma");
    CHECK_STR(r[0].source_id, "5");
    CHECK(r[0].has_range && !r[0].open && !r[0].has_billable);
    CHECK_INT(r[0].start, utc(2024, 3, 4, 8, 30, 0));
    CHECK_INT(r[0].end, utc(2024, 3, 4, 10, 15, 0));
    CHECK_INT(r[0].seconds, 6300);
    CHECK_STR(r[1].client, "Globex");
    CHECK_STR(r[1].project, "");
    CHECK_STR(r[2].client, "");                 /* no tags at all */
    CHECK_STR(r[2].tags, "");
    CHECK_STR(r[3].note, "Caf\xc3\xa9 \xe2\x98\x95");
    CHECK_INT(r[3].seconds, 9000);              /* across midnight UTC */
    CHECK(r[4].open && r[4].has_range);         /* still running */
    CHECK_INT(r[4].start, utc(2024, 3, 6, 8, 0, 0));
    CHECK_INT(r[4].end, 0);
    CHECK_INT(r[4].seconds, 0);
    CHECK_STR(r[4].note, "still running");
    CHECK(keys_distinct(&g));
    /* A map by prefixes, and a billable tag. Keys do not depend on the map. */
    got m;
    import_options opt = { .map = "client=client:,project=proj:,billable=billable" };
    CHECK_INT(read_file(&m, "timew", FIX "timew.json", &opt), 5);
    CHECK_STR(m.row[3].client, "Initech");
    CHECK_STR(m.row[3].project, "TPS reports");
    CHECK_STR(m.row[3].tags, "");
    CHECK(m.row[3].has_billable && m.row[3].billable);
    CHECK_STR(m.row[0].client, "");
    CHECK_STR(m.row[0].tags, "Acme Corp, Website Redesign, design work");
    CHECK(m.row[0].has_billable && !m.row[0].billable);
    for (int i = 0; i < 5; i++)
        CHECK_STR(m.row[i].source_key, g.row[i].source_key);
    got_free(&m);
    opt.map = "project=1,task=3,client=-";
    CHECK_INT(read_file(&m, "timew", FIX "timew.json", &opt), 5);
    CHECK_STR(m.row[0].client, "");
    CHECK_STR(m.row[0].project, "Acme Corp");
    CHECK_STR(m.row[0].task, "design work");
    CHECK_STR(m.row[0].tags, "Website Redesign");
    got_free(&m);
    got_free(&g);
}

TEST(import_timew_keys_and_days)
{
    /* Timewarrior renumbers intervals: ids do not matter, start + tags + annotation do. */
    got a, b;
    read_text(&a, "timew", "[{\"id\":1,\"start\":\"20240305T020000Z\",\"end\":\"20240305T030000Z\",\"tags\":[\"x\"]},"
                           "{\"id\":2,\"start\":\"20240305T040000Z\",\"end\":\"20240305T050000Z\",\"tags\":[\"x\"]}]", NULL);
    read_text(&b, "timew", "[{\"id\":7,\"start\":\"20240305T040000Z\",\"end\":\"20240305T050000Z\",\"tags\":[\"x\"]},\n"
                           " {\"id\":9,\"start\":\"20240305T020000Z\",\"tags\":[\"x\"]}]", NULL);
    CHECK(a.n == 2 && b.n == 2);
    CHECK_STR(a.row[0].source_key, b.row[1].source_key);   /* closed later: still the same */
    CHECK_STR(a.row[1].source_key, b.row[0].source_key);
    CHECK_INT(b.row[1].line, 2);
    got_free(&a);
    got_free(&b);
    t_set_tz("America/Los_Angeles");   /* 02:00Z is the evening before there */
    read_text(&a, "timew", "[{\"start\":\"20240305T020000Z\",\"end\":\"20240305T030000Z\"}]", NULL);
    CHECK_INT(a.row[0].day, day_from_ymd(2024, 3, 4));
    got_free(&a);
}

TEST(import_timew_shapes)
{
    got g;
    /* An extension's input: settings, a blank line, then the array. */
    CHECK_INT(read_text(&g, "timew", "color: on\r\nreports.day.axis: internal\r\n\r\n[\n"
                                      "{\"id\":1,\"start\":\"20240630T102128Z\",\"end\":\"20240630T102131Z\"}\n]\n", NULL), 1);
    CHECK_INT(g.row[0].line, 5);
    CHECK_INT(g.row[0].seconds, 3);
    got_free(&g);
    CHECK_INT(read_text(&g, "timew", "[\n]\n", NULL), 0);
    CHECK_INT(g.nerr, 0);
    CHECK_INT(read_text(&g, "timew", "\xef\xbb\xbf[]", NULL), 0);
    CHECK_INT(g.nerr, 0);
    /* Braces and brackets inside strings do not confuse the scanner. */
    CHECK_INT(read_text(&g, "timew", "[{\"start\":\"20240304T083000Z\",\"end\":\"20240304T093000Z\","
                                      "\"annotation\":\"a } ] { \\\" [\",\"tags\":[\"{x}\"]}]", NULL), 1);
    CHECK_STR(g.row[0].note, "a } ] { \" [");
    CHECK_STR(g.row[0].client, "{x}");
    got_free(&g);
    struct { const char *text, *msg; int rows; } bad[] = {
        { "", "t:1: empty input: expected a JSON array", 0 },
        { "{\"start\":\"20240304T083000Z\"}", "t:1: expected a JSON array ('[')", 0 },
        { "[{\"start\":\"20240304T083000Z\"},]", "t:1: a ',' before the array's ']'", 1 },
        { "[{\"start\":\"20240304T083000Z\"}]\nx", "t:2: text after the end of the JSON array", 0 },
        { "[1]", "t:1: expected an object in the array", 0 },
        { "[{\"start\":}]", "t:1: malformed JSON near byte 9 in the object starting here", 0 },
        { "[{\"start\":\"20240304T083000Z\"}\n{}]", "t:2: expected ',' or ']' after an object", 0 },
        { "[\n{\"start\":\"20240304T083000Z\"},\n", "t:3: unterminated JSON array", 1 },
        { "[{\"annotation\":\"caf\xe9\"}]", "t:1: invalid UTF-8; save the file as UTF-8", 0 },
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(bad); i++) {
        CHECK_INT(read_text(&g, "timew", bad[i].text, NULL), bad[i].rows);
        CHECK_INT(g.fatal, 1);
        if (g.nerr == 0 || strcmp(g.err[0], bad[i].msg)) {
            fprintf(stderr, "    case %zu: got message: %s\n", i, g.nerr ? g.err[0] : "(none)");
            CHECK(!"timew shape message");
        }
        got_free(&g);
    }
    /* A bad interval is one bad row; reading goes on. */
    int n = read_text(&g, "timew", "[{\"start\":\"20240304T083000Z\",\"tags\":\"x\"},"
                                    "{\"start\":\"20240304T083000Z\",\"tags\":[1]},"
                                    "{\"start\":\"20240304T083000Z\",\"end\":5},"
                                    "{\"start\":\"20240304T083000Z\",\"annotation\":[]},"
                                    "{\"start\":\"20240304T083000Z\"}]", NULL);
    CHECK_INT(n, 1);
    CHECK_INT(g.bad, 4);
    CHECK_ERR(g, 0, "t:1: \"tags\" is not an array");
    CHECK_ERR(g, 1, "t:1: tag 1 is not a string");
    CHECK_ERR(g, 2, "t:1: bad end '(not a string)' (expected e.g. 20240304T101500Z)");
    got_free(&g);
}

TEST(import_timew_errors)
{
    got g;
    CHECK_INT(read_file(&g, "timew", FIX "timew-bad-date.json", NULL), 1);
    CHECK_ERR(g, 0, FIX "timew-bad-date.json:3: bad start '2024-03-04 10:15' (expected e.g. 20240304T083000Z)");
    got_free(&g);
    CHECK_INT(read_file(&g, "timew", FIX "timew-bad-duration.json", NULL), 1);
    CHECK_ERR(g, 0, FIX "timew-bad-duration.json:3: the interval ends before it starts");
    got_free(&g);
    CHECK_INT(read_file(&g, "timew", FIX "timew-missing-column.json", NULL), 0);
    CHECK_ERR(g, 0, FIX "timew-missing-column.json:2: an interval without a \"start\"");
    got_free(&g);
    CHECK_INT(read_file(&g, "timew", FIX "timew-unterminated.json", NULL), 1);
    CHECK_INT(g.fatal, 1);
    CHECK_ERR(g, 0, FIX "timew-unterminated.json:3: unterminated JSON object (it starts here)");
    got_free(&g);
    struct { const char *map, *msg; } bad[] = {
        { "client=x", "bad tag map 'client=x': a tag prefix must end in ':' for client (expected e.g. client=1,project=2 or client=client:)" },
        { "colour=1", "bad tag map 'colour=1': unknown field colour (expected e.g. client=1,project=2 or client=client:)" },
        { "client", "bad tag map 'client': an item without '=' (expected e.g. client=1,project=2 or client=client:)" },
        { "client=0", "bad tag map 'client=0': positions start at 1, for client (expected e.g. client=1,project=2 or client=client:)" },
        { "client=", "bad tag map 'client=': nothing after = for client (expected e.g. client=1,project=2 or client=client:)" },
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(bad); i++) {
        import_options opt = { .map = bad[i].map };
        CHECK_INT(read_text(&g, "timew", "[]", &opt), -1);
        CHECK(g.nerr == 1 && !strcmp(g.err[0], bad[i].msg));
    }
}

/* ---------------------------------------------------------------- tock */

TEST(import_tock_csv_and_json)
{
    t_set_tz("Europe/Oslo");
    got c, j;
    CHECK_INT(read_file(&c, "tock", FIX "tock.csv", NULL), 3);
    CHECK_INT(read_file(&j, "tock", FIX "tock.json", NULL), 3);
    CHECK_INT(c.bad + c.fatal + j.bad + j.fatal, 0);
    for (int k = 0; k < 2; k++) {
        const import_row *r = k ? j.row : c.row;
        CHECK_STR(r[0].source_id, "17");
        CHECK_STR(r[0].user, "ada");
        CHECK_STR(r[0].client, "acme");
        CHECK_STR(r[0].project, "web");
        CHECK_STR(r[0].client_name, "ACME Corp");
        CHECK_STR(r[0].project_name, "Website");
        CHECK_STR(r[1].client_name, "");
        CHECK(r[0].has_range && r[0].has_billable && r[0].billable);
        CHECK_INT(r[0].start, utc(2024, 3, 4, 8, 0, 0));
        CHECK_INT(r[0].end, utc(2024, 3, 4, 9, 30, 0));
        CHECK_INT(r[0].seconds, 5400);
        CHECK_INT(r[0].billed_seconds, 5400);
        CHECK_INT(r[0].rate_minor, 12000);
        CHECK_INT(r[0].amount_minor, 18000);
        CHECK_STR(r[0].currency, "EUR");
        CHECK_STR(r[0].note, "Mockups, v2");
        CHECK_STR(r[0].week_state, "approved");
        CHECK_STR(r[0].invoice, "INV-2024-001");
        CHECK(!r[1].has_range);
        CHECK_INT(r[1].day, day_from_ymd(2024, 3, 4));
        CHECK_INT(r[1].seconds, 1800);
        CHECK_STR(r[1].tier, "emergency");
        CHECK_STR(r[1].project, "");
        CHECK_STR(r[1].note, "Phone call\nat night");
        CHECK_STR(r[1].invoice, "");
        CHECK(r[2].has_billable && !r[2].billable);
        CHECK_STR(r[2].currency, "");
        CHECK_INT(r[2].seconds, 900);
        CHECK(keys_distinct(k ? &j : &c));
    }
    CHECK_INT(c.row[1].line, 3);
    CHECK_INT(j.row[1].line, 7);
    /* The same entries as CSV and as JSON are the same entries. */
    for (int i = 0; i < 3; i++)
        CHECK_STR(c.row[i].source_key, j.row[i].source_key);
    got_free(&j);
    CHECK_INT(read_file(&j, "tock-csv", FIX "tock.csv", NULL), 3);
    CHECK_STR(j.row[2].source_key, c.row[2].source_key);
    got_free(&j);
    CHECK_INT(read_file(&j, "tock-json", FIX "tock.json", NULL), 3);
    got_free(&j);
    got_free(&c);
}

/* The header `tock export` writes (tests/test_import_export.py pins it there): every column
 * of it is one the reader takes. */
TEST(import_tock_reads_every_export_column)
{
    static const char text[] =
                        "id,user,client,client_name,project,project_name,tier,billable,date,start,"
                        "end,seconds,billed_seconds,rate_minor,amount_minor,currency,note,"
                        "week_state,invoice\r\n"
                        "7,ada,acme,ACME,api,Public API,emergency,no,2026-11-16,2026-11-16T08:00:00Z,"
                        "2026-11-16T09:30:00Z,5400,7200,30000,60000,USD,hi,approved,INV-7\r\n"
                        ",ada,acme,ACME,,,,yes,2026-11-23,2026-11-23T07:00:00Z,,,,,,USD,running,open,\r\n";
    got g;
    CHECK_INT(read_text(&g, "tock", text, NULL), 2);
    const import_row *r = &g.row[0];
    CHECK_STR(r->source_id, "7");
    CHECK_STR(r->user, "ada");
    CHECK_STR(r->client, "acme");
    CHECK_STR(r->client_name, "ACME");
    CHECK_STR(r->project, "api");
    CHECK_STR(r->project_name, "Public API");
    CHECK_STR(r->tier, "emergency");
    CHECK(r->has_billable && !r->billable);
    CHECK(r->has_range && !r->open);
    CHECK_INT(r->start, utc(2026, 11, 16, 8, 0, 0));
    CHECK_INT(r->seconds, 5400);
    CHECK_INT(r->billed_seconds, 7200);
    CHECK_INT(r->rate_minor, 30000);
    CHECK_INT(r->amount_minor, 60000);
    CHECK_STR(r->currency, "USD");
    CHECK_STR(r->note, "hi");
    CHECK_STR(r->week_state, "approved");
    CHECK_STR(r->invoice, "INV-7");
    CHECK(g.row[1].open && g.row[1].has_range);   /* a running timer */
    CHECK_STR(g.row[1].source_id, "");
    got_free(&g);
}

TEST(import_tock_errors)
{
    got g;
    CHECK_INT(read_file(&g, "tock", FIX "tock-bad-date.csv", NULL), 1);
    CHECK_ERR(g, 0, FIX "tock-bad-date.csv:3: bad date '2024-13-01' (expected YYYY-MM-DD)");
    got_free(&g);
    CHECK_INT(read_file(&g, "tock", FIX "tock-bad-duration.csv", NULL), 0);
    CHECK_ERR(g, 0, FIX "tock-bad-duration.csv:2: bad seconds '1h' (expected a whole number)");
    got_free(&g);
    CHECK_INT(read_file(&g, "tock", FIX "tock-unterminated.csv", NULL), 0);
    CHECK_INT(g.fatal, 1);
    got_free(&g);
    CHECK_INT(read_file(&g, "tock", FIX "tock-missing-column.csv", NULL), -1);
    CHECK(strstr(g.err[0], ":1: missing column 'client'") != NULL);
    got_free(&g);
    CHECK_INT(read_text(&g, "tock", "client,project,start,end,seconds,date,extra\n"
                                     "a,b,2024-03-04T09:00:00Z,2024-03-04T10:00:00Z,3599,,ignored\n"
                                     "a,b,,2024-03-04T10:00:00Z,,,\n"
                                     "a,b,,,,2024-03-04,\n"
                                     "a,b,2024-03-04T09:00:00Z,,,,\n", NULL), 1);
    CHECK_ERR(g, 0, "t:2: seconds 3599 disagrees with start and end (3600)");
    CHECK_ERR(g, 1, "t:3: an end without a start");
    CHECK_ERR(g, 2, "t:4: neither start and end, nor date and seconds");
    CHECK(g.row[0].open && g.row[0].seconds == 0);
    got_free(&g);
    CHECK_INT(read_text(&g, "tock", "[{\"client\":\"a\",\"project\":\"b\",\"date\":\"2024-03-04\",\"seconds\":1.5},"
                                     "{\"client\":\"a\",\"project\":{},\"date\":\"2024-03-04\",\"seconds\":1}]", NULL), 0);
    CHECK_ERR(g, 0, "t:1: bad seconds (expected a whole number)");
    CHECK_ERR(g, 1, "t:1: bad project (expected text)");
    got_free(&g);
}

/* ---------------------------------------------------------------- all formats */

TEST(import_detects_formats)
{
    static const struct { const char *file, *format; } cases[] = {
        { "toggl.csv", "toggl" }, { "toggl-renamed.csv", "toggl" }, { "harvest.csv", "harvest" },
        { "harvest-times.csv", "harvest" }, { "timew.json", "timew" }, { "tock.csv", "tock" },
        { "tock.json", "tock" },
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(cases); i++) {
        char path[128], head[4096];
        snprintf(path, sizeof path, FIX "%s", cases[i].file);
        FILE *f = fopen(path, "rb");
        CHECK(f != NULL);
        if (!f)
            continue;
        size_t n = fread(head, 1, sizeof head, f);
        fclose(f);
        const char *got_fmt = import_detect(head, n);
        CHECK_STR(got_fmt, cases[i].format);
    }
    const char *ext = "color: on\n\n[\n{\"id\":1,\"start\":\"20240630T102128Z\"}\n]\n";
    CHECK_STR(import_detect(ext, strlen(ext)), "timew");
    CHECK(import_detect("hello,world\n", 12) == NULL);
    CHECK(import_detect("", 0) == NULL);
    CHECK(import_detect("[]\n", 3) == NULL);         /* an empty export of tock or Timewarrior */
    CHECK(import_detect(" [ \n ] ", 7) == NULL);
}

TEST(import_formats_and_names)
{
    const char *const *names = import_formats();
    int n = 0;
    while (names[n])
        n++;
    CHECK(n >= 4);
    tk_err err;
    CHECK(import_open_mem("clockify", "", 0, "x", NULL, &err) == NULL);
    CHECK(strstr(err.msg, "unknown import format 'clockify'") != NULL);
    got g;
    CHECK_INT(read_file(&g, "Timewarrior", FIX "timew.json", NULL), 5);
    got_free(&g);
    import_options opt = { .max_record = 64 };
    CHECK_INT(read_file(&g, "toggl", FIX "toggl.csv", &opt), -1);
    CHECK(strstr(g.err[0], "toggl.csv:1: record starting here is longer than 64 bytes") != NULL);
}

/* Memory does not grow with the file: 100,000 rows (of one length, so that only a leak could
 * grow a buffer) through reused buffers. */
TEST(import_streams_100k_toggl_rows)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("\xef\xbb\xbfUser,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)\r\n", f);
    for (int i = 0; i < 100000; i++) {
        int day = 1 + i % 28, h = i % 20, m = i % 60;
        fprintf(f, "Ada,ada@example.com,Client %d,Project %d,,\"Row %06d, with a comma\",%s,2024-02-%02d,%02d:%02d:00,2024-02-%02d,%02d:%02d:30,01:00:30,tag,%d.%02d\r\n",
                i % 7, i % 13, i, i % 2 ? "Yes" : "No", day, h, m, day, h + 1, m, i % 500, i % 100);
    }
    rewind(f);
    tk_err err;
    import_reader *r = import_open("toggl", f, "big.csv", NULL, &err);
    CHECK(r != NULL);
    if (!r) {
        fclose(f);
        return;
    }
    import_row row;
    long rows = 0;
    size_t at_1000 = 0;
    int rc;
    char prev[IMPORT_KEY_LEN] = "";
    bool ok = true;
    while ((rc = import_next(r, &row, &err)) == IMPORT_ROW) {
        if (++rows == 1000)
            at_1000 = import_buffer_bytes(r);
        ok = ok && row.seconds == 3630 && row.line == rows + 1 && strcmp(prev, row.source_key);
        memcpy(prev, row.source_key, sizeof prev);
    }
    CHECK_INT(rc, IMPORT_END);
    CHECK_INT(rows, 100000);
    CHECK(ok);
    CHECK_INT(import_buffer_bytes(r), at_1000);
    CHECK(at_1000 < 128 * 1024);
    import_close(r);
    fclose(f);
}

TEST(import_streams_100k_timew_intervals)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("[\n", f);
    for (int i = 0; i < 100000; i++)
        fprintf(f, "%s{\"id\":%d,\"start\":\"2024%02d%02dT%02d0000Z\",\"end\":\"2024%02d%02dT%02d3000Z\",\"tags\":[\"c%d\",\"p\"],\"annotation\":\"n%d\"}\n",
                i ? "," : "", 100000 - i, 1 + i % 12, 1 + i % 28, i % 23, 1 + i % 12, 1 + i % 28, i % 23, i % 5, i);
    fputs("]\n", f);
    rewind(f);
    tk_err err;
    import_reader *r = import_open("timew", f, "big.json", NULL, &err);
    CHECK(r != NULL);
    if (!r) {
        fclose(f);
        return;
    }
    import_row row;
    long rows = 0;
    size_t at_1000 = 0;
    int rc;
    while ((rc = import_next(r, &row, &err)) == IMPORT_ROW)
        if (++rows == 1000)
            at_1000 = import_buffer_bytes(r);
    CHECK_INT(rc, IMPORT_END);
    CHECK_INT(rows, 100000);
    CHECK_INT(import_buffer_bytes(r), at_1000);
    CHECK_INT(row.line, 100001);
    import_close(r);
    fclose(f);
}

/* Every prefix of every fixture, and single-byte damage, through every format: errors are
 * fine, crashes and hangs are not (run under `make asan-test` to catch memory errors). */
TEST(import_survives_damaged_input)
{
    static const char *files[] = { "toggl.csv", "harvest.csv", "timew.json", "tock.csv", "tock.json" };
    static const char *formats[] = { "toggl", "harvest", "timew", "tock" };
    static const char damage[] = { '"', ',', '\n', '\r', '{', '}', '[', ']', '\\', '\0', '\xff', ':' };
    for (size_t fi = 0; fi < TK_ARRAY_LEN(files); fi++) {
        char path[128];
        snprintf(path, sizeof path, FIX "%s", files[fi]);
        FILE *f = fopen(path, "rb");
        CHECK(f != NULL);
        if (!f)
            continue;
        char buf[4096];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        for (size_t k = 0; k < TK_ARRAY_LEN(formats); k++) {
            for (size_t len = 0; len <= n; len++)
                import_fuzz(formats[k], (const uint8_t *)buf, len);
            for (size_t at = 0; at < n; at += 3) {
                char copy[4096];
                memcpy(copy, buf, n);
                copy[at] = damage[(at / 3) % TK_ARRAY_LEN(damage)];
                import_fuzz(formats[k], (const uint8_t *)copy, n);
            }
        }
        CHECK(import_fuzz(strstr(files[fi], "toggl") ? "toggl" : strstr(files[fi], "harvest") ? "harvest"
                          : strstr(files[fi], "timew") ? "timew" : "tock", (const uint8_t *)buf, n) > 0);
    }
}
