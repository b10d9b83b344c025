/* app_targets.h — what time can be recorded on, for the grid's picker (app_targets.c). */
#ifndef TOCK_APP_TARGETS_H
#define TOCK_APP_TARGETS_H

#include "app.h"

/* Something time can be recorded on: a client, or one of its projects (project_id 0: none). */
typedef struct app_target {
    int64_t client_id, project_id;
    char *client, *project;  /* keys; project "" when none */
    char *name;              /* "Client name / Project name", for filtering and display */
    bool billable;
} app_target;

typedef struct app_targets {
    app_target *items;
    size_t len, cap;
} app_targets;

/* Every active client, each followed by its active projects, ordered by key. */
int app_targets_list(tk_app *app, app_targets *out, tk_err *err);
void app_targets_free(app_targets *t);

#endif
