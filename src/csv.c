/* csv.c — the streaming RFC 4180 reader and the writer's quoting helpers. */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

enum { CSV_FRESH, CSV_READING, CSV_DONE, CSV_FAILED };

struct csv_reader {
    instream in;
    char *name;
    strbuf rec;             /* the current record's fields, each NUL-terminated */
    size_t *offs;           /* start of each field in rec */
    const char **fields;    /* pointers into rec, rebuilt per record */
    size_t nfields, cap;
    long line;              /* physical line of the next unread byte */
    long rec_line;
    size_t max_record;
    int state;
};

static csv_reader *reader_new(const char *name, size_t max_record)
{
    csv_reader *r = xcalloc(1, sizeof *r);
    r->name = xstrdup(name ? name : "<stdin>");
    r->max_record = max_record ? max_record : CSV_MAX_RECORD;
    r->line = 1;
    return r;
}

csv_reader *csv_open(FILE *f, const char *name, size_t max_record)
{
    csv_reader *r = reader_new(name, max_record);
    instream_file(&r->in, f);
    return r;
}

csv_reader *csv_open_mem(const void *data, size_t len, const char *name, size_t max_record)
{
    csv_reader *r = reader_new(name, max_record);
    instream_mem(&r->in, data, len);
    return r;
}

csv_reader *csv_open_instream(instream *in, const char *name, size_t max_record)
{
    csv_reader *r = reader_new(name, max_record);
    r->in = *in;
    in->buf = NULL;
    in->p = in->end = NULL;
    return r;
}

void csv_close(csv_reader *r)
{
    if (!r)
        return;
    instream_free(&r->in);
    sb_free(&r->rec);
    free(r->offs);
    free(r->fields);
    free(r->name);
    free(r);
}

size_t csv_nfields(const csv_reader *r) { return r->nfields; }
long csv_line(const csv_reader *r) { return r->rec_line; }
const char *csv_name(const csv_reader *r) { return r->name; }

const char *csv_field(const csv_reader *r, size_t i)
{
    return i < r->nfields ? r->fields[i] : NULL;
}

size_t csv_buffer_bytes(const csv_reader *r)
{
    return r->rec.cap + r->cap * (sizeof *r->offs + sizeof *r->fields)
         + (r->in.buf ? INSTREAM_BUF : 0);
}

/* Fails the reader: every later csv_next returns -1 too. */
static int fail_at(csv_reader *r, tk_err *err, long line, const char *fmt, const char *detail)
{
    char what[400];
    snprintf(what, sizeof what, fmt, detail);
    r->state = CSV_FAILED;
    return tk_fail(err, "%s:%ld: %s", r->name, line, what);
}

static int start_field(csv_reader *r, tk_err *err)
{
    if (r->nfields == CSV_MAX_FIELDS)
        return fail_at(r, err, r->rec_line, "record has more than %s fields", "4096");
    if (r->nfields == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->offs = xrealloc(r->offs, r->cap * sizeof *r->offs);
        r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
    }
    r->offs[r->nfields++] = r->rec.len;
    return 0;
}

static int add_byte(csv_reader *r, int c, tk_err *err)
{
    if (c == 0)
        return fail_at(r, err, r->line, "NUL byte in the input%s", " (is this a binary or UTF-16 file?)");
    if (r->rec.len >= r->max_record) {
        char cap[32];
        snprintf(cap, sizeof cap, "%zu", r->max_record);
        return fail_at(r, err, r->rec_line, "record starting here is longer than %s bytes", cap);
    }
    sb_addc(&r->rec, (char)c);
    return 0;
}

/* Consumes the LF of a CRLF after c == '\r'; counts the line. */
static void line_break(csv_reader *r, int c)
{
    if (c == '\r' && instream_peek(&r->in) == '\n')
        instream_getc(&r->in);
    r->line++;
}

/* A quoted field, after its opening quote; returns the byte that ends it (',', CR, LF, EOF). */
static int read_quoted(csv_reader *r, tk_err *err)
{
    long opened = r->line;
    for (;;) {
        int c = instream_getc(&r->in);
        if (c == EOF) {
            r->state = CSV_FAILED;
            return tk_fail(err, "%s:%ld: unterminated quoted field (the quote opened here is never closed)",
                           r->name, opened) - 1;
        }
        if (c == '"') {
            if (instream_peek(&r->in) != '"') {
                c = instream_getc(&r->in);
                if (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                    fail_at(r, err, r->line, "text after a closing quote%s",
                            " (a quote inside a quoted field must be doubled: \"\")");
                    return -2;
                }
                return c;
            }
            instream_getc(&r->in);
        } else if (c == '\r' || c == '\n') {
            line_break(r, c);
            c = '\n';
        }
        if (add_byte(r, c, err))
            return -2;
    }
}

/* An unquoted field starting with c; returns the byte that ends it. */
static int read_plain(csv_reader *r, int c, tk_err *err)
{
    while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
        if (c == '"') {
            fail_at(r, err, r->line, "stray quote in an unquoted field%s",
                    " (a field with quotes must be quoted, each quote doubled)");
            return -2;
        }
        if (add_byte(r, c, err))
            return -2;
        c = instream_getc(&r->in);
    }
    return c;
}

static int skip_bom(csv_reader *r, tk_err *err)
{
    size_t n = instream_ensure(&r->in, 3);
    const unsigned char *p = r->in.p;
    if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
        r->in.p += 3;
    else if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
        return fail_at(r, err, 1, "the file is UTF-16%s; export it as UTF-8", "");
    return 0;
}

/* Checks every field of the record is UTF-8; names the physical line of a bad byte. */
static int check_utf8(csv_reader *r, tk_err *err)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *f = r->rec.buf + r->offs[i];
        size_t len = strlen(f), at = utf8_invalid_at(f, len);
        if (at == len)
            continue;
        long line = r->rec_line;
        for (const char *p = r->rec.buf; p < f + at; p++)
            line += *p == '\n';
        char detail[64];
        snprintf(detail, sizeof detail, "byte 0x%02x in field %zu", (unsigned char)f[at], i + 1);
        return fail_at(r, err, line, "invalid UTF-8 (%s); save the file as UTF-8", detail);
    }
    return 0;
}

int csv_next(csv_reader *r, tk_err *err)
{
    if (r->state == CSV_FAILED)
        return tk_fail(err, "%s: reading stopped after an earlier error", r->name);
    if (r->state == CSV_DONE)
        return 0;
    if (r->state == CSV_FRESH) {
        r->state = CSV_READING;
        if (skip_bom(r, err))
            return -1;
    }
    sb_reset(&r->rec);
    r->nfields = 0;
    int c = instream_getc(&r->in);
    while (c == '\r' || c == '\n') {       /* blank lines */
        line_break(r, c);
        c = instream_getc(&r->in);
    }
    if (c == EOF) {
        r->state = CSV_DONE;
        if (r->in.failed)
            return fail_at(r, err, r->line, "read error%s", "");
        return 0;
    }
    r->rec_line = r->line;
    for (;;) {
        if (start_field(r, err))
            return -1;
        c = c == '"' ? read_quoted(r, err) : read_plain(r, c, err);
        if (c < EOF)
            return -1;
        sb_addc(&r->rec, '\0');
        if (c != ',')
            break;
        c = instream_getc(&r->in);
    }
    if (c != EOF)
        line_break(r, c);
    if (r->in.failed)
        return fail_at(r, err, r->line, "read error%s", "");
    for (size_t i = 0; i < r->nfields; i++)
        r->fields[i] = r->rec.buf + r->offs[i];
    return check_utf8(r, err) ? -1 : 1;
}

bool csv_needs_quotes(const char *s)
{
    if (!s || !*s)
        return false;
    size_t n = strlen(s);
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return true;
    return strpbrk(s, ",\"\r\n") != NULL;
}

void csv_put_field(strbuf *out, const char *s)
{
    if (!s)
        return;
    if (!csv_needs_quotes(s)) {
        sb_add(out, s);
        return;
    }
    sb_addc(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            sb_addc(out, '"');
        sb_addc(out, *s);
    }
    sb_addc(out, '"');
}

void csv_put_record(strbuf *out, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_addc(out, ',');
        csv_put_field(out, fields[i]);
    }
    sb_add(out, "\r\n");
}
