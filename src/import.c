/* import.c — what the import formats share: opening and dispatch, the row's reusable buffers,
 * source keys, CSV header mapping, the JSON array scanner and the value parsers. */
#include "import_impl.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "sha256.h"

static const struct import_format *const formats[] = {
    &import_toggl, &import_harvest, &import_timew, &import_tock_csv, &import_tock_json,
};

const char *const *import_formats(void)
{
    static const char *const names[] = {
        "toggl", "harvest", "timew", "tock", "tock-csv", "tock-json", NULL,
    };
    return names;
}

/* ---- opening ---- */

static void skip_bom(instream *in)
{
    size_t n = instream_ensure(in, 3);
    if (n >= 3 && in->p[0] == 0xef && in->p[1] == 0xbb && in->p[2] == 0xbf)
        in->p += 3;
}

/* tock's export as JSON starts with '['; as CSV, with its header. */
static const struct import_format *tock_kind(instream *in)
{
    size_t n = instream_ensure(in, 4096);
    for (size_t i = 0; i < n; i++) {
        if (!isspace(in->p[i]))
            return in->p[i] == '[' ? &import_tock_json : &import_tock_csv;
    }
    return &import_tock_csv;
}

static const struct import_format *find_format(const char *name)
{
    if (!name)
        return NULL;
    if (!strcasecmp(name, "timewarrior"))
        name = "timew";
    for (size_t i = 0; i < TK_ARRAY_LEN(formats); i++)
        if (!strcasecmp(name, formats[i]->name))
            return formats[i];
    return NULL;
}

static import_reader *open_stream(const char *format, instream *in, const char *filename,
                                  const import_options *opt, tk_err *err)
{
    const struct import_format *fmt = find_format(format);
    bool tock = format && !strcasecmp(format, "tock");
    if (!fmt && !tock) {
        instream_free(in);
        tk_fail(err, "unknown import format '%s' (expected toggl, harvest, timew or tock)",
                format ? format : "");
        return NULL;
    }
    skip_bom(in);
    if (tock)
        fmt = tock_kind(in);
    import_reader *r = xcalloc(1, sizeof *r);
    r->fmt = fmt;
    r->name = xstrdup(filename ? filename : "<stdin>");
    r->map = opt && opt->map ? xstrdup(opt->map) : NULL;
    r->max_record = opt && opt->max_record ? opt->max_record : IMPORT_MAX_RECORD;
    r->js.line = 1;
    if (fmt->csv)
        r->csv = csv_open_instream(in, r->name, r->max_record);
    else
        r->in = *in;
    if (fmt->open(r, err)) {
        import_close(r);
        return NULL;
    }
    return r;
}

import_reader *import_open(const char *format, FILE *f, const char *filename,
                           const import_options *opt, tk_err *err)
{
    instream in;
    instream_file(&in, f);
    return open_stream(format, &in, filename, opt, err);
}

import_reader *import_open_mem(const char *format, const void *data, size_t len,
                               const char *filename, const import_options *opt, tk_err *err)
{
    instream in;
    instream_mem(&in, data, len);
    return open_stream(format, &in, filename, opt, err);
}

int import_next(import_reader *r, import_row *row, tk_err *err)
{
    if (r->failed) {
        tk_fail(err, "%s: reading stopped after an earlier error", r->name);
        return IMPORT_FATAL;
    }
    int rc = r->fmt->next(r, row, err);
    return rc < 0 && r->failed ? IMPORT_FATAL : rc;
}

void import_close(import_reader *r)
{
    if (!r)
        return;
    if (r->fmt->close)
        r->fmt->close(r);
    csv_close(r->csv);
    instream_free(&r->in);
    for (int i = 0; i < S_COUNT; i++)
        sb_free(&r->slot[i]);
    sb_free(&r->key);
    sb_free(&r->js.obj);
    free(r->seen);
    free(r->name);
    free(r->map);
    free(r);
}

size_t import_buffer_bytes(const import_reader *r)
{
    size_t n = r->key.cap + r->js.obj.cap + (r->in.buf ? INSTREAM_BUF : 0);
    for (int i = 0; i < S_COUNT; i++)
        n += r->slot[i].cap;
    return n + (r->csv ? csv_buffer_bytes(r->csv) : 0);
}

long import_fuzz(const char *format, const uint8_t *data, size_t size)
{
    tk_err err;
    import_options opt = { .map = "client=client:,project=2,billable=billable", .max_record = 4096 };
    import_reader *r = import_open_mem(format, data, size, "fuzz", &opt, &err);
    if (!r)
        return -1;
    import_row row;
    long rows = 0;
    bool bad = false;
    int rc;
    while ((rc = import_next(r, &row, &err)) != IMPORT_END && rc != IMPORT_FATAL) {
        rows += rc == IMPORT_ROW;
        bad = bad || rc == IMPORT_BAD_ROW;
    }
    bad = bad || rc == IMPORT_FATAL;
    import_close(r);
    return bad ? -1 : rows;
}

/* ---- detection ---- */

/* Whether the first line of a CSV has a field named name (ignoring case and quotes). */
static bool header_has(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name), i = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && line[j] != ',' && line[j] != '\n' && line[j] != '\r')
            j++;
        size_t a = i, b = j;
        while (a < b && (line[a] == '"' || line[a] == ' '))
            a++;
        while (b > a && (line[b - 1] == '"' || line[b - 1] == ' '))
            b--;
        if (b - a == n && !strncasecmp(line + a, name, n))
            return true;
        if (j >= len || line[j] != ',')
            break;
        i = j + 1;
    }
    return false;
}

static bool mem_has(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(s + i, needle, n))
            return true;
    return false;
}

const char *import_detect(const void *head, size_t len)
{
    const char *s = head;
    if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
        s += 3, len -= 3;
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    s += i, len -= i;
    if (!len)
        return NULL;
    if (s[0] == '[') {
        size_t j = 1;
        while (j < len && isspace((unsigned char)s[j]))
            j++;
        if (j < len && s[j] == ']')
            return NULL;                      /* an empty array: tock's or Timewarrior's */
        return mem_has(s, len, "\"client\":") ? "tock" : "timew";
    }
    if (mem_has(s, len, "\n[") && mem_has(s, len, "\"start\""))
        return "timew";                       /* an extension's input: settings, then JSON */
    if (header_has(s, len, "Start date") && (header_has(s, len, "Duration")
                                             || header_has(s, len, "End time")))
        return "toggl";
    if (header_has(s, len, "Date") && header_has(s, len, "Hours"))
        return "harvest";
    if (header_has(s, len, "client") && header_has(s, len, "seconds"))
        return "tock";
    return NULL;
}

/* ---- rows and keys ---- */

void import_row_begin(import_reader *r, import_row *row, long line)
{
    for (int i = 0; i < S_COUNT; i++)
        sb_reset(&r->slot[i]);
    sb_reset(&r->key);
    sb_add(&r->key, r->fmt->key_family);
    sb_addc(&r->key, ';');
    memset(row, 0, sizeof *row);
    row->line = line;
    row->billed_seconds = row->rate_minor = row->amount_minor = -1;
}

void import_slot_set(import_reader *r, enum import_slot s, const char *text)
{
    sb_reset(&r->slot[s]);
    sb_add(&r->slot[s], text ? text : "");
}

void import_key_add(import_reader *r, const char *text)
{
    sb_addf(&r->key, "%zu:", strlen(text));
    sb_add(&r->key, text);
    sb_addc(&r->key, ';');
}

void import_key_addi(import_reader *r, int64_t v)
{
    sb_addf(&r->key, "%" PRId64 ";", v);
}

void import_key_add_wall(import_reader *r, tk_day day, int sod)
{
    char d[DAY_BUF];
    sb_addf(&r->key, "%s %02d:%02d:%02d;", day_format(day, d), sod / 3600, sod / 60 % 60, sod % 60);
}

static uint64_t digest64(const strbuf *sb)
{
    unsigned char d[32];
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, sb->buf, sb->len);
    sha256_final(&c, d);
    uint64_t h = 0;
    for (int i = 0; i < 8; i++)
        h = h << 8 | d[i];
    return h ? h : 1;
}

static void seen_grow(import_reader *r)
{
    size_t cap = r->seen_cap ? r->seen_cap * 2 : 1024;
    struct seen_key *t = xcalloc(cap, sizeof *t);
    for (size_t i = 0; i < r->seen_cap; i++) {
        if (!r->seen[i].h)
            continue;
        size_t j = (size_t)r->seen[i].h & (cap - 1);
        while (t[j].h)
            j = (j + 1) & (cap - 1);
        t[j] = r->seen[i];
    }
    free(r->seen);
    r->seen = t;
    r->seen_cap = cap;
}

/* How many times this row's facts were seen before in this file; counts this one. */
static uint32_t seen_count(import_reader *r, uint64_t h)
{
    if (2 * (r->seen_len + 1) > r->seen_cap)
        seen_grow(r);
    size_t j = (size_t)h & (r->seen_cap - 1);
    while (r->seen[j].h && r->seen[j].h != h)
        j = (j + 1) & (r->seen_cap - 1);
    if (!r->seen[j].h) {
        r->seen[j].h = h;
        r->seen_len++;
    }
    return r->seen[j].n++;
}

void import_row_finish(import_reader *r, import_row *row)
{
    row->user = sb_str(&r->slot[S_USER]);
    row->email = sb_str(&r->slot[S_EMAIL]);
    row->client = sb_str(&r->slot[S_CLIENT]);
    row->project = sb_str(&r->slot[S_PROJECT]);
    row->task = sb_str(&r->slot[S_TASK]);
    row->note = sb_str(&r->slot[S_NOTE]);
    row->ref = sb_str(&r->slot[S_REF]);
    row->tags = sb_str(&r->slot[S_TAGS]);
    row->tier = sb_str(&r->slot[S_TIER]);
    row->week_state = sb_str(&r->slot[S_WEEK_STATE]);
    row->invoice = sb_str(&r->slot[S_INVOICE]);
    row->source_id = sb_str(&r->slot[S_SOURCE_ID]);
    row->client_name = sb_str(&r->slot[S_CLIENT_NAME]);
    row->project_name = sb_str(&r->slot[S_PROJECT_NAME]);
    uint32_t before = seen_count(r, digest64(&r->key));
    if (before)
        sb_addf(&r->key, "#%" PRIu32, before + 1);
    sha256_hex(r->key.buf, r->key.len, row->source_key);
}

/* ---- errors ---- */

int import_row_fail(import_reader *r, tk_err *err, long line, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tk_fail(err, "%s:%ld: %s", r->name, line, msg);
}

const char *import_show(const char *s, char buf[64])
{
    size_t n = 0;
    for (; s[n] && n < 40; n++)
        buf[n] = (unsigned char)s[n] < 0x20 || s[n] == 0x7f ? '?' : s[n];
    if (s[n]) {
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
        memcpy(buf + n, "...", 4);
    } else {
        buf[n] = '\0';
    }
    return buf;
}

/* ---- CSV headers ---- */

/* Whether field (trimmed) is one of the '|'-separated names; "x*" matches a prefix. */
static bool name_matches(const char *field, const char *names)
{
    while (*field == ' ')
        field++;
    size_t flen = strlen(field);
    while (flen && field[flen - 1] == ' ')
        flen--;
    for (const char *p = names; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n && p[n - 1] == '*') {
            if (flen >= n - 1 && !strncasecmp(field, p, n - 1))
                return true;
        } else if (flen == n && !strncasecmp(field, p, n)) {
            return true;
        }
        p += n + (bar != NULL);
    }
    return false;
}

int import_header_map(import_reader *r, const struct col_def *defs, size_t ndefs, int *pos, tk_err *err)
{
    int rc = csv_next(r->csv, err);
    if (rc <= 0) {
        r->failed = true;
        return rc < 0 ? -1 : import_row_fail(r, err, 1, "empty file: no header line");
    }
    for (size_t d = 0; d < ndefs; d++)
        pos[defs[d].id] = -1;
    for (size_t i = 0; i < csv_nfields(r->csv); i++) {
        for (size_t d = 0; d < ndefs; d++) {
            if (pos[defs[d].id] < 0 && name_matches(csv_field(r->csv, i), defs[d].names)) {
                pos[defs[d].id] = (int)i;
                break;
            }
        }
    }
    return 0;
}

int import_header_missing(import_reader *r, const char *column, tk_err *err)
{
    strbuf sb = { 0 };
    for (size_t i = 0; i < csv_nfields(r->csv) && sb.len < 200; i++) {
        char b[64];
        sb_addf(&sb, "%s%s", i ? ", " : "", import_show(csv_field(r->csv, i), b));
    }
    import_row_fail(r, err, csv_line(r->csv), "missing column '%s' (the header has: %s); is this a %s export?",
             column, sb_str(&sb), r->fmt->name);
    sb_free(&sb);
    r->failed = true;
    return -1;
}

int import_csv_record(import_reader *r, size_t width, tk_err *err)
{
    int rc = csv_next(r->csv, err);
    if (rc < 0)
        r->failed = true;
    if (rc == 1 && csv_nfields(r->csv) != width)
        return import_row_fail(r, err, csv_line(r->csv), "%zu fields where the header has %zu",
                        csv_nfields(r->csv), width);
    return rc;
}

const char *import_col_text(import_reader *r, int pos)
{
    const char *s = pos >= 0 ? csv_field(r->csv, (size_t)pos) : NULL;
    return s ? s : "";
}

/* ---- JSON arrays ---- */

enum { JS_START, JS_NEXT, JS_END };

static int js_getc(import_reader *r)
{
    int c = instream_getc(&r->in);
    r->js.line += c == '\n';
    return c;
}

static int js_skip_ws(import_reader *r)
{
    int c;
    do
        c = js_getc(r);
    while (c == ' ' || c == '\t' || c == '\r' || c == '\n');
    return c;
}

static int js_fail(import_reader *r, tk_err *err, long line, const char *what)
{
    r->failed = true;
    if (r->in.failed)
        return import_row_fail(r, err, line, "read error");
    return import_row_fail(r, err, line, "%s", what);
}

int import_json_skip_header(import_reader *r, tk_err *err)
{
    int c = instream_peek(&r->in);
    if (!isalpha(c))                    /* settings lines start with a name */
        return 0;
    size_t n = 0, line_len = 0;
    while ((c = js_getc(r)) != EOF) {
        if (++n > r->max_record)
            return js_fail(r, err, r->js.line, "the header before the JSON array is too long");
        if (c == '\n') {
            if (line_len == 0)
                return 0;
            line_len = 0;
        } else if (c != '\r') {
            line_len++;
        }
    }
    return js_fail(r, err, r->js.line, "no JSON array after the header lines");
}

/* Reads an object's text after its '{' into r->js.obj, up to its matching '}'. */
static int js_collect(import_reader *r, long opened, tk_err *err)
{
    strbuf *o = &r->js.obj;
    sb_reset(o);
    sb_addc(o, '{');
    int depth = 1;
    bool in_str = false, esc = false;
    while (depth > 0) {
        int c = js_getc(r);
        if (c == EOF)
            return js_fail(r, err, opened, "unterminated JSON object (it starts here)");
        if (c == 0)
            return js_fail(r, err, r->js.line, "NUL byte in the input");
        if (o->len >= r->max_record)
            return js_fail(r, err, opened, "JSON object starting here is too long");
        sb_addc(o, (char)c);
        if (in_str) {
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    size_t bad = utf8_invalid_at(o->buf, o->len);
    if (bad < o->len) {
        long line = opened;
        for (size_t i = 0; i < bad; i++)
            line += o->buf[i] == '\n';
        return js_fail(r, err, line, "invalid UTF-8; save the file as UTF-8");
    }
    return 0;
}

/* After an object: ',' for more, or ']' and nothing but space after it. */
static int js_after(import_reader *r, tk_err *err)
{
    int c = js_skip_ws(r);
    if (c == ',') {
        r->js.state = JS_NEXT;
        return 0;
    }
    if (c != ']')
        return js_fail(r, err, r->js.line, "expected ',' or ']' after an object");
    r->js.state = JS_END;
    if (js_skip_ws(r) != EOF)
        return js_fail(r, err, r->js.line, "text after the end of the JSON array");
    return 0;
}

int import_json_next_object(import_reader *r, json_val **obj, long *line, tk_err *err)
{
    int c;
    if (r->js.state == JS_END)
        return 0;
    if (r->js.state == JS_START) {
        tk_err why;
        if (json_ready(&why)) /* said once, not as the first object's fault */
            return js_fail(r, err, r->js.line, why.msg);
        c = js_skip_ws(r);
        if (c != '[')
            return js_fail(r, err, r->js.line, c == EOF ? "empty input: expected a JSON array"
                                                        : "expected a JSON array ('[')");
        r->js.state = JS_NEXT;
        c = js_skip_ws(r);
        if (c == ']') {
            r->js.state = JS_END;
            if (js_skip_ws(r) != EOF)
                return js_fail(r, err, r->js.line, "text after the end of the JSON array");
            return 0;
        }
    } else {
        c = js_skip_ws(r);
    }
    if (c != '{')
        return js_fail(r, err, r->js.line, c == ']' ? "a ',' before the array's ']'"
                       : c == EOF ? "unterminated JSON array" : "expected an object in the array");
    *line = r->js.line;
    if (js_collect(r, *line, err))
        return -1;
    tk_err perr;
    json_val *doc = json_parse(r->js.obj.buf, r->js.obj.len, &perr);
    if (!doc) {
        r->failed = true;
        return import_row_fail(r, err, *line, "%s in the object starting here", perr.msg);
    }
    if (js_after(r, err)) {
        json_free(doc);
        return -1;
    }
    *obj = doc;
    return 1;
}
