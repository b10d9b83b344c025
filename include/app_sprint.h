/* app_sprint.h — sprints and invoice ranges, and the hours report (app_sprint.c). */
#ifndef TOCK_APP_SPRINT_H
#define TOCK_APP_SPRINT_H

#include "app.h"

/* ---- sprints and invoice ranges (app_sprint.c) ----
 * A client's sprints are named ones (app_sprint_add) and, with a cadence (app_sprint_every),
 * "Sprint 1", "Sprint 2", … computed from it, never stored. A named sprint hides a computed
 * one of the same name. Named sprints of a client never overlap. */

#define APP_SPRINT_NAME_MAX 100   /* bytes */

int app_sprint_add(tk_app *app, const tk_client *c, const char *name, tk_day from, tk_day to,
                   tk_err *err);
/* "2w", "14d", "1w": days in *days (1 … 366). */
int app_parse_every(const char *s, int *days, tk_err *err);
int app_sprint_every(tk_app *app, const tk_client *c, int every_days, tk_day starting,
                     tk_err *err);

typedef struct app_sprints {
    tk_sprint *items;          /* by first day, then name; computed ones have id 0 */
    size_t len;
    bool has_cadence;
    tk_cadence cadence;
} app_sprints;

/* Named sprints, and the cadence's from Sprint 1 through the one after today's. Free with
 * app_sprints_free. */
int app_sprint_list(tk_app *app, const tk_client *c, tk_day today, app_sprints *out,
                    tk_err *err);
void app_sprints_free(app_sprints *l);
/* spec: a sprint's name, "current" (the one containing today; a named one wins) or "last"
 * (the one that ended most recently before today). 0 with *out filled (tk_sprint_clear it),
 * or -1 with err naming what exists. */
int app_sprint_find(tk_app *app, const tk_client *c, const char *spec, tk_day today,
                    tk_sprint *out, tk_err *err);
/* The client's sprint containing today, for the TUI's header: 1 found, 0 none, -1 error. */
int app_sprint_current(tk_app *app, const tk_client *c, tk_day today, tk_sprint *out,
                       tk_err *err);

/* Hours of a client's entries (all users, billable or not) that start in a range. */
typedef struct app_hours_row {
    char *key;                 /* user login, or project key ("" = no project) */
    int64_t seconds;           /* worked */
    int64_t billed_seconds;    /* billable time after rounding */
    int64_t amount_minor;
} app_hours_row;

typedef struct app_hours {
    app_hours_row *users, *projects;   /* by key */
    size_t nusers, nprojects;
    app_hours_row total;               /* key NULL */
} app_hours;

int app_hours_report(tk_app *app, const tk_client *c, tk_day from, tk_day to, app_hours *out,
                     tk_err *err);
void app_hours_free(app_hours *h);

/* What an invoice covers: local days from … to, and how to call it. */
typedef struct app_range {
    tk_day from, to;
    char label[APP_SPRINT_NAME_MAX + 40];   /* "2026-11", "Sprint 3", "2026-11-01 to 2026-11-15" */
} app_range;

/* Exactly one of: period ("YYYY-MM"); from and to (dates as day_parse reads them); sprint
 * (as app_sprint_find). The others NULL. */
int app_range_resolve(tk_app *app, const tk_client *c, const char *period, const char *from,
                      const char *to, const char *sprint, app_range *out, tk_err *err);

#endif
