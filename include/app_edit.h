/* app_edit.h — tock edit and tock rm: one entry changed or deleted by id (app_edit.c). */
#ifndef TOCK_APP_EDIT_H
#define TOCK_APP_EDIT_H

#include "app.h"

/* What tock edit changes; NULL or false: unchanged. date as day_parse reads it; time a
 * duration or a range (app_entry_parse_time) on the entry's (new) day; tier "" is by the
 * clock; to moves it to CLIENT[/PROJECT]. */
typedef struct app_entry_changes {
    const char *to, *date, *time, *tier, *note;
    bool billable, non_billable;
    const char *ref;           /* a ticket reference; "" removes it (issue 18) */
} app_entry_changes;
/* Changes the user's own entry id in one transaction (app_entry_save's checks and record). */
int app_entry_edit(tk_app *app, int64_t id, const app_entry_changes *ch, tk_err *err);
/* Deletes the user's own entry id in one transaction. */
int app_entry_rm(tk_app *app, int64_t id, tk_err *err);

#endif
