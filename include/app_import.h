/* app_import.h — bringing another tool's time into tock, as one operation shared by the
 * command line and (later) the TUI.
 *
 * The rows come from an import.h reader; this layer makes tock records of them:
 *  - people: every entry belongs to the user running the import, unless a user map names a
 *    login for the source's user name or email;
 *  - names: a client or project name that is a valid key is the key; any other becomes one by
 *    key_slugify ("Acme Corp" → acme-corp) and stays the display name; a client map sends
 *    source names to existing keys; rows without a client go to a default client;
 *  - identity: a row whose source key is already in the database is a duplicate and adds
 *    nothing, so importing a file twice adds nothing the second time. A tock row whose id names
 *    an entry here with the same facts is a duplicate too (your own export, imported back);
 *  - overlaps: kept as the source recorded them, and reported as warnings (errors if strict);
 *    a row that overlaps the user's running timer is a bad row, since the timer could then
 *    neither stop nor restart;
 *  - an open interval starts the user's timer, unless one runs already or an entry lies
 *    between its start and now (a warning: not started);
 *  - a tock export imported into a database without entries keeps its entry ids.
 * Everything happens in one transaction: a bad row stops the import and nothing is written,
 * unless skip_bad, which reports the row and goes on. The work runs on a private copy of the
 * database (store_stage_*), so the write lock is held only while the finished rows are added;
 * if another process wrote meanwhile something the import may have read, a file is imported
 * again on a new copy (three tries), then from its top under the write lock (as from a pipe,
 * or without room for the copy); warnings are told for the try that counts only. A dry run
 * does all of it on the copy and never takes the lock, so it reports exactly what a real
 * import would do. Memory does not grow with the rows (apart from the reader's 16 bytes per
 * row, and the warnings of a try, held until it counts): clients, projects and users are
 * cached by name.
 * Nothing here prints. */
#ifndef TOCK_APP_IMPORT_H
#define TOCK_APP_IMPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "app.h"
#include "app_import_map.h"

#define APP_IMPORT_DEFAULT_CLIENT "no-client"

typedef enum { APP_IMPORT_WARNING, APP_IMPORT_SKIPPED } app_import_note;

typedef struct app_import_opts {
    const char *format;          /* a name import_open knows */
    const char *filename;        /* names the input in messages */
    const char *map;             /* Timewarrior tag map (import_options.map); NULL: default */
    const char *default_client;  /* key for rows without a client; NULL: "no-client" */
    const app_name_map *users;   /* source user name or email → login; NULL: the importer */
    const app_name_map *clients; /* source client name → an existing client key */
    bool strict;                 /* overlaps and open intervals not started are errors */
    bool skip_bad;               /* report bad rows and import the rest */
    bool dry_run;                /* roll back at the end */
    /* Each warning or skipped row as one line, "FILE:LINE: …"; may be NULL. */
    void (*note)(void *ctx, app_import_note kind, const char *line);
    /* Called every 1000 rows; may be NULL. */
    void (*progress)(void *ctx, long rows);
    void *ctx;
} app_import_opts;

typedef struct app_import_client {
    char *key, *name;
    int64_t id;                  /* 0 while it does not exist */
    bool created, billable;
    char currency[4];            /* of the first row naming one, for a new client */
    long entries;                /* added by this import */
    int64_t seconds;
} app_import_client;

typedef struct app_import_project {
    app_import_client *client;
    char *key, *name;
    int64_t id;
    bool created, billable;
} app_import_project;

typedef struct app_import_user {
    char *login;
    int64_t id;
    bool created;
} app_import_user;

typedef struct app_import_timer {
    char *login, *spec;          /* "client" or "client/project" */
    int64_t start;
} app_import_timer;

typedef struct app_import_result {
    long rows;                   /* rows read, bad ones included */
    long entries;                /* entries added */
    int64_t seconds;             /* their time */
    long duplicates;             /* rows already in the database */
    long skipped;                /* bad rows left out (skip_bad) */
    long warnings;               /* overlaps kept, open intervals not started */
    bool stopped_at_bad_row;     /* the failure was a bad row (skip_bad would go on) */
    TK_VEC(app_import_client *) clients;   /* every client a row named, first seen first */
    TK_VEC(app_import_project *) projects; /* likewise */
    TK_VEC(app_import_user *) users;
    TK_VEC(app_import_timer) timers;       /* timers started */
} app_import_result;

/* Imports f (read to its end, not closed) with opt. 0 with *res filled (free it with
 * app_import_result_free), or -1 with err and nothing written ("FILE:LINE: reason" for a bad
 * row); *res is still filled enough to free. Wraps its own transaction. */
int app_import(tk_app *app, FILE *f, const app_import_opts *opt, app_import_result *res,
               tk_err *err);
void app_import_result_free(app_import_result *res);

#endif
