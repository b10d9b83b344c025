/* json.h — the JSON codec. Writing is tock's own (exact int64, decimals from integers);
 * reading wraps cJSON, which only json_read.c (and its loader) includes. */
#ifndef TOCK_JSON_H
#define TOCK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "util.h"

/* ---- writer ---- */
typedef struct jw {
    strbuf *out;
    int depth;
    unsigned char first[32]; /* per nesting level: nothing written yet */
    int after_key;
    FILE *sink;              /* jw_stream: where jw_spill sends the buffer */
} jw;

void jw_init(jw *w, strbuf *out);
/* Streaming, for output of any length in bounded memory: after jw_stream, jw_spill (called
 * between records) writes the buffer to f once it holds JW_SPILL bytes and empties it, and
 * jw_spill_all writes what is left. Both return -1 on a write error (errno set). */
#define JW_SPILL 32768
void jw_stream(jw *w, FILE *f);
int jw_spill(jw *w);
int jw_spill_all(jw *w);
void jw_obj(jw *w);       /* { */
void jw_end_obj(jw *w);   /* } */
void jw_arr(jw *w);       /* [ */
void jw_end_arr(jw *w);   /* ] */
void jw_key(jw *w, const char *key);
/* A key written as it is, for hot loops: JW_K(w, "id") for a literal that needs no escaping. */
void jw_key_raw(jw *w, const char *quoted_colon, size_t n);
#define JW_K(w, key) jw_key_raw((w), "\"" key "\":", sizeof("\"" key "\":") - 1)
void jw_str(jw *w, const char *s);   /* NULL writes null */
void jw_int(jw *w, int64_t v);
void jw_bool(jw *w, bool v);
void jw_null(jw *w);
void jw_raw(jw *w, const char *number_text); /* a number already formatted, e.g. "150.00" */
/* Shorthands: key + value. */
void jw_kstr(jw *w, const char *key, const char *s);
void jw_kint(jw *w, const char *key, int64_t v);
void jw_kbool(jw *w, const char *key, bool v);
void jw_knull(jw *w, const char *key);
void json_escape(strbuf *sb, const char *s);
/* Raw writing, for the hot loop of a long listing: jw_raw_begin reserves room bytes (the
 * caller's bound on what it writes) and writes the separator a value or key needs there;
 * write with the jw_put_* helpers, then hand the end to jw_raw_end. */
char *jw_raw_begin(jw *w, size_t room);
void jw_raw_end(jw *w, char *end);
char *jw_put_str(char *o, const char *s);    /* quoted and escaped: 6 bytes a byte + 2; NULL: null */
/* As jw_put_str of s, whose length n (strlen) the caller knows: plain ASCII goes eight bytes
 * at a time. */
char *jw_put_strn(char *o, const char *s, size_t n);
char *jw_put_int(char *o, int64_t v);        /* TK_I64_BUF bytes */
char *jw_put_text(char *o, const char *s);   /* s as it is, e.g. a formatted number */
#define JW_PUT(o, lit) (memcpy((o), (lit), sizeof(lit) - 1), (o) + sizeof(lit) - 1)

/* ---- reader ---- */
typedef struct json_val json_val; /* opaque: a node of a parsed document */

/* 0 when JSON can be read, else -1 with why in err: libcjson is opened with dlopen the first
 * time (json_cjson_load.c) and may be missing. json_parse asks itself; a command that reads
 * JSON only after other work, or takes a parse failure for "not JSON", asks first. */
int json_ready(tk_err *err);
/* Parses text (len bytes, need not be NUL-terminated). Caller frees with json_free. */
json_val *json_parse(const char *text, size_t len, tk_err *err);
void json_free(json_val *doc);

json_val *json_get(const json_val *obj, const char *key); /* NULL if absent or not an object */
size_t json_len(const json_val *arr);                      /* 0 if not an array */
/* The i-th element: a walk from the first (cJSON keeps a list), so a loop over a long array
 * uses json_first and json_next instead. */
json_val *json_at(const json_val *arr, size_t i);
/* The first element of an array (NULL if empty or not an array), and the one after v. */
json_val *json_first(const json_val *arr);
json_val *json_next(const json_val *v);
bool json_is_str(const json_val *v);
bool json_is_num(const json_val *v);
bool json_is_null(const json_val *v);
bool json_is_obj(const json_val *v);
bool json_is_arr(const json_val *v);
const char *json_str(const json_val *v);           /* NULL unless a string */
/* An integer number (or a string of digits, as Zoho sends ids) within ±2^53: 0, else -1. */
int json_int(const json_val *v, int64_t *out);
/* A number as decimal text with at most `decimals` places, e.g. 375.5 → "375.50". */
int json_decimal(const json_val *v, int decimals, char *buf, size_t size);
int json_bool(const json_val *v, bool *out);
/* Convenience: the string at key, or NULL. */
const char *json_get_str(const json_val *obj, const char *key);

#endif
