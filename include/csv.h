/* csv.h — a streaming RFC 4180 reader, and the few helpers a CSV writer needs.
 *
 * Reading: one record at a time into buffers the reader reuses, so memory stays bounded by
 * the longest record (capped). Accepted: quoted fields with commas, doubled quotes and line
 * breaks; CRLF, LF or CR line ends; a UTF-8 byte-order mark at the start (skipped). Line breaks
 * inside a quoted field are handed out as "\n". Blank lines between records are skipped.
 * Refused, with "NAME:LINE: reason": an unterminated quoted field, a quote inside an unquoted
 * field or text after a closing quote, invalid UTF-8, a NUL byte, a record over the cap. */
#ifndef TOCK_CSV_H
#define TOCK_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "instream.h"
#include "util.h"

#define CSV_MAX_RECORD (1024 * 1024) /* default cap on one record's bytes */
#define CSV_MAX_FIELDS 4096          /* cap on fields in one record */

typedef struct csv_reader csv_reader;

/* A reader of f (not closed by csv_close). name is used in messages ("<stdin>" when NULL);
 * max_record caps one record's bytes (0: CSV_MAX_RECORD). Never fails. */
csv_reader *csv_open(FILE *f, const char *name, size_t max_record);
/* The same over len bytes at data, which must outlive the reader (for fuzzing and tests). */
csv_reader *csv_open_mem(const void *data, size_t len, const char *name, size_t max_record);
/* The same over a byte source already opened (and perhaps peeked at): the reader takes *in
 * over, leaving *in empty. */
csv_reader *csv_open_instream(instream *in, const char *name, size_t max_record);
void csv_close(csv_reader *r);

/* Reads the next record: 1, 0 at the end of input, -1 with err ("NAME:LINE: reason").
 * After an error the reader is spent: further calls return -1 again. */
int csv_next(csv_reader *r, tk_err *err);
size_t csv_nfields(const csv_reader *r);
/* Field i of the current record (NUL-terminated, valid until the next csv_next), or NULL
 * when i is out of range. */
const char *csv_field(const csv_reader *r, size_t i);
/* Physical line (1-based) where the current record starts. */
long csv_line(const csv_reader *r);
const char *csv_name(const csv_reader *r);
/* Bytes held by the reader's buffers, to show that streaming does not grow memory. */
size_t csv_buffer_bytes(const csv_reader *r);

/* ---- writing ---- */
/* Whether s needs quoting: a comma, quote, CR or LF, or leading/trailing space or tab. */
bool csv_needs_quotes(const char *s);
/* Appends s as one field, quoted (quotes doubled) when it needs it; NULL writes nothing. */
void csv_put_field(strbuf *out, const char *s);
/* Appends a whole record: fields separated by ',' and ended by "\r\n" (RFC 4180). */
void csv_put_record(strbuf *out, const char *const *fields, size_t n);

#endif
