/* import_impl.h — private to src/import*.c: the reader's insides and the helpers the formats
 * share. Nothing else should include it. */
#ifndef TOCK_IMPORT_IMPL_H
#define TOCK_IMPORT_IMPL_H

#include "csv.h"
#include "import.h"
#include "instream.h"
#include "json.h"

/* The row's strings live in these reusable buffers. */
enum import_slot {
    S_USER, S_EMAIL, S_CLIENT, S_PROJECT, S_TASK, S_NOTE, S_TAGS, S_TIER,
    S_WEEK_STATE, S_INVOICE, S_SOURCE_ID, S_CLIENT_NAME, S_PROJECT_NAME, S_REF, S_COUNT
};

struct import_format {
    const char *name;
    const char *key_family;      /* formats that must dedupe against each other share it */
    bool csv;                    /* read through a csv_reader, else through instream */
    int (*open)(import_reader *r, tk_err *err);
    /* 1 row, 0 end, -1 error; on a structural error set r->failed */
    int (*next)(import_reader *r, import_row *row, tk_err *err);
    void (*close)(import_reader *r);
};

struct seen_key {
    uint64_t h;                  /* 0: empty slot */
    uint32_t n;                  /* times seen */
};

/* The JSON array scanner's state. */
struct jscan {
    int state;
    long line;
    strbuf obj;
};

struct import_reader {
    const struct import_format *fmt;
    char *name;
    char *map;
    size_t max_record;
    instream in;                 /* JSON formats */
    csv_reader *csv;             /* CSV formats */
    struct jscan js;
    strbuf slot[S_COUNT];
    strbuf key;                  /* canonical text of the current row, hashed into its key */
    struct seen_key *seen;
    size_t seen_len, seen_cap;
    bool failed;
    void *impl;                  /* the format's own state */
};

extern const struct import_format import_toggl, import_harvest, import_timew,
    import_tock_csv, import_tock_json;

/* ---- rows ---- */
/* Resets the slots and the key and gives row its defaults. */
void import_row_begin(import_reader *r, import_row *row, long line);
void import_slot_set(import_reader *r, enum import_slot s, const char *text);
/* Points row's strings at the slots and computes its source key from r->key. */
void import_row_finish(import_reader *r, import_row *row);
/* Adds one fact to the row's identity. */
void import_key_add(import_reader *r, const char *text);
void import_key_addi(import_reader *r, int64_t v);

/* ---- errors ---- */
/* "NAME:LINE: message"; returns -1. */
int import_row_fail(import_reader *r, tk_err *err, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A value for a message: at most 40 bytes, cut at a character, control characters as '?'. */
const char *import_show(const char *s, char buf[64]);

/* ---- CSV headers ---- */
/* A column: its id (an index into the caller's position array) and its names, '|'-separated,
 * matched ignoring case and surrounding spaces; a name ending in '*' matches as a prefix. */
struct col_def {
    int id;
    const char *names;
};
/* Reads the header record and fills pos[id] with each column's field index (-1: absent). */
int import_header_map(import_reader *r, const struct col_def *defs, size_t ndefs, int *pos, tk_err *err);
/* "NAME:LINE: missing column 'X' (the header has: …)"; returns -1. */
int import_header_missing(import_reader *r, const char *column, tk_err *err);
/* Reads the next data record, checking it has as many fields as the header:
 * 1, 0 at the end, -1 (sets r->failed). */
int import_csv_record(import_reader *r, size_t width, tk_err *err);
/* The record's field at pos, "" when the column is absent. */
const char *import_col_text(import_reader *r, int pos);

/* ---- JSON arrays ---- */
/* Skips a Timewarrior extension's header ("key: value" lines up to a blank line), if any. */
int import_json_skip_header(import_reader *r, tk_err *err);
/* The next object of the top-level array, parsed: 1 (*obj to json_free), 0 at the end, -1. */
int import_json_next_object(import_reader *r, json_val **obj, long *line, tk_err *err);

/* ---- values ---- */
int import_value_ymd(const char *s, tk_day *out);                     /* "YYYY-MM-DD" */
/* "H:MM", "HH:MM:SS", with an optional "AM"/"PM" (any case, space optional). */
int import_value_clock(const char *s, int *seconds_of_day);
/* "H:MM:SS" / "H:MM" (hours unbounded), tolerating a trailing " AM"/" PM" that some Toggl
 * exports write, or decimal hours. */
int import_value_hms(const char *s, int64_t *seconds);
/* Decimal hours with '.' or ',' ("20,0", "1.5", "1.234,5") or "H:MM"; rounds to the second. */
int import_value_hours(const char *s, int64_t *seconds);
/* A decimal amount with '.' or ',' as the decimal mark and the other as grouping, rounded
 * half away from zero to `exponent` decimals, as minor units. */
int import_value_amount(const char *s, int exponent, int64_t *minor);
int import_value_yesno(const char *s, bool *out);  /* yes/no, true/false, 1/0, y/n */
/* ISO 8601 "YYYY-MM-DD[T ]HH:MM[:SS]" with "Z", "±HH:MM", "±HHMM" or nothing (local). */
int import_value_instant(const char *s, int64_t *out);
/* "EUR", "Euro - EUR", "EUR - Euro": the ISO code into out[4], or -1. */
int import_value_currency(const char *s, char out[4]);
/* The wall clock "YYYY-MM-DD HH:MM:SS" of day + seconds_of_day, for keys. */
void import_key_add_wall(import_reader *r, tk_day day, int seconds_of_day);

#endif
