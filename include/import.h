/* import.h — streaming readers that turn other tools' exports into neutral rows.
 *
 * Formats: "toggl" (Toggl Track detailed report CSV), "harvest" (Harvest detailed time report
 * CSV), "timew" (the JSON array of `timew export`, or a Timewarrior extension's input),
 * "tock" (tock's own export, CSV or JSON, told apart by the first byte), "tock-csv", "tock-json".
 *
 * A reader holds one row at a time: memory stays bounded by the longest record (capped by
 * import_options.max_record), whatever the file's length, apart from 16 bytes per distinct row
 * remembered to give repeated identical rows distinct source keys. No database, no clock.
 *
 * Dates and times written without a zone (Toggl, Harvest, tock without an offset) are read in
 * the process's local time zone (TZ); Timewarrior's are UTC. */
#ifndef TOCK_IMPORT_H
#define TOCK_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "day.h"
#include "util.h"

#define IMPORT_KEY_LEN 65        /* 64 hex digits of SHA-256 and a NUL */
#define IMPORT_MAX_RECORD (1024 * 1024)

typedef struct import_options {
    /* Timewarrior: which tags name the client, project, task and tier, and which tag marks
     * billable time: "FIELD=SOURCE,..." with FIELD one of client, project, task, tier, billable.
     * SOURCE is a tag's 1-based position ("client=1"), a prefix ending in ':' whose tag gives
     * the rest as the value ("project=proj:" takes "proj:site" as "site"), or "-" for none.
     * For billable, SOURCE is a tag's exact text ("billable=billable"): billable when present.
     * Positions count the tags as exported, which Timewarrior sorts. Tags no field takes go to
     * `tags`. A map replaces the default, "client=1,project=2", entirely. */
    const char *map;
    size_t max_record;           /* cap on one CSV record / JSON object, bytes; 0: 1 MiB */
} import_options;

/* One entry read from the source. Strings are never NULL ("" when the source has none) and
 * belong to the reader: they stay valid until the next import_next or import_close. Names
 * are the source's text as written; making keys of them is the caller's business. */
typedef struct import_row {
    long line;                   /* physical line where the row starts */
    const char *user, *email;    /* who did the work, as the source names them */
    const char *client, *project, *task;
    const char *note;            /* Toggl description, Harvest notes, Timewarrior annotation */
    const char *tags;            /* comma-separated, as in Toggl ("a, b") */
    const char *tier;            /* "" = by the clock */
    bool has_billable, billable; /* has_billable false: the source does not say */
    bool has_range;              /* start/end known; otherwise a duration on `day` */
    int64_t start, end;          /* UTC seconds when has_range; end 0 when open */
    bool open;                   /* a running interval: a start without an end */
    tk_day day;                  /* local day of start, or the source's date */
    int64_t seconds;             /* worked time; end - start for a range; 0 when open */
    int64_t billed_seconds, rate_minor, amount_minor; /* -1 when unknown; rate is per hour */
    char currency[4];            /* ISO 4217 of rate/amount, "" when unknown */
    const char *week_state, *invoice; /* tock's own export only */
    /* tock's own export only: the display names of the client and project, whose keys
     * `client` and `project` are ("" when not given). */
    const char *client_name, *project_name;
    const char *source_id;       /* the source's own id when it has one (not stable for timew) */
    const char *ref;             /* a ticket reference: tock's ref, Harvest's external
                                  * reference (the last part of its URL); "" when none */
    /* A stable identity of the row: the same row in a re-export, in any order, gets the same
     * key; identical rows within one file get distinct keys (the 2nd, 3rd… copy is counted).
     * Built from the row's facts as the source writes them, so it does not depend on TZ. */
    char source_key[IMPORT_KEY_LEN];
} import_row;

typedef struct import_reader import_reader;

/* The format names import_open knows, NULL-terminated. */
const char *const *import_formats(void);
/* The format that the first bytes of a file look like ("toggl", "harvest", "timew", "tock"),
 * or NULL. Give it at least the first line (4 KiB is plenty). */
const char *import_detect(const void *head, size_t len);

/* A reader of f (not closed by import_close). filename names the input in messages (NULL:
 * "<stdin>"); opt may be NULL. Reads the header of a CSV: a missing required column is
 * reported here. NULL with err on an unknown format, a bad map or a bad header. */
import_reader *import_open(const char *format, FILE *f, const char *filename,
                           const import_options *opt, tk_err *err);
/* The same over len bytes at data, which must outlive the reader. */
import_reader *import_open_mem(const char *format, const void *data, size_t len,
                               const char *filename, const import_options *opt, tk_err *err);

/* What import_next returns. */
enum {
    IMPORT_ROW = 1,      /* *row is filled */
    IMPORT_END = 0,      /* no more rows */
    IMPORT_BAD_ROW = -1, /* this row's content is bad (a malformed date, time, duration…):
                          * err says "FILE:LINE: reason"; calling again goes on with the next
                          * row, so a caller may collect several errors */
    IMPORT_FATAL = -2,   /* the file itself is broken (unterminated quote, malformed JSON,
                          * read error): err says where; every further call returns this too */
};
int import_next(import_reader *r, import_row *row, tk_err *err);
void import_close(import_reader *r);

/* Bytes held by the reader's buffers (not counting the table of seen rows). */
size_t import_buffer_bytes(const import_reader *r);

/* For a fuzzer: reads every row of data as format; the number of rows, or -1 on an error. */
long import_fuzz(const char *format, const uint8_t *data, size_t size);

#endif
