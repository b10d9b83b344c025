/* app_cell.c — operations the full-screen grid needs: the entries behind one cell, one-entry
 * transactions, default billability, starting the timer on a row and undoing it. */
#include "app.h"
#include "app_timer.h"
#include "app_entry.h"
#include "app_cell.h"
#include "app_audit.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "duration.h"

void tk_entry_list_free(tk_entry_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        tk_entry_clear(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Rows fold "standard" and "by the clock" together; so does a cell. */
static const char *row_tier(const char *tier)
{
    return tier && strcmp(tier, TIER_STANDARD) ? tier : "";
}

struct cell_ctx {
    int64_t project_id;
    const char *tier;
    bool billable;
    tk_entry_list *out;
};

static int keep_cell_entry(const tk_entry *e, void *p)
{
    struct cell_ctx *c = p;
    if (e->project_id != c->project_id || strcmp(row_tier(e->tier), c->tier) ||
        e->billable != c->billable)
        return 0;
    tk_entry copy;
    tk_entry_copy(&copy, e);
    TK_PUSH(*c->out, copy);
    return 0;
}

int app_cell_entries(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                     bool billable, tk_day day, tk_entry_list *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    struct cell_ctx c = { project_id, row_tier(tier), billable, out };
    store_filter f = { .user_id = app->user_id, .client_id = client_id, .from = day, .to = day };
    if (store_entry_each(app->st, &f, keep_cell_entry, &c, err) < 0) {
        tk_entry_list_free(out);
        return -1;
    }
    return 0;
}

/* Inside the caller's transaction: 0 when entry `id` is still as expect shows it. */
static int still_as(tk_app *app, int64_t id, const tk_entry *expect, tk_err *err)
{
    if (!expect)
        return 0;
    tk_entry now;
    int rc = store_entry_get(app->st, id, &now, err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return tk_fail(err, "entry %lld was deleted elsewhere since; nothing changed", (long long)id);
    bool same = tk_entry_same(&now, expect);
    tk_entry_clear(&now);
    return same ? 0 : tk_fail(err, "entry %lld was changed elsewhere since; left as it is", (long long)id);
}

int app_cell_commit(tk_app *app, tk_entry *e, const tk_entry *expect, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    int rc = still_as(app, e->id, expect, err);
    if (rc == 0)
        rc = app_entry_save(app, e, err);
    return app_change_end(app, rc, NULL, NULL, 0, NULL, err);
}

int app_cell_remove(tk_app *app, int64_t id, const tk_entry *expect, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    int rc = still_as(app, id, expect, err);
    if (rc == 0)
        rc = app_entry_delete(app, id, err);
    return app_change_end(app, rc, NULL, NULL, 0, NULL, err);
}

int app_cell_restore(tk_app *app, tk_entry *e, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    return app_change_end(app, app_entry_readd(app, e, err), NULL, NULL, 0, NULL, err);
}

int app_cell_billable(tk_app *app, int64_t client_id, int64_t project_id, bool *out,
                         tk_err *err)
{
    tk_client c;
    int rc = store_client_get_id(app->st, client_id, &c, err);
    if (rc <= 0)
        return rc < 0 ? -1 : tk_fail(err, "no client %lld", (long long)client_id);
    *out = c.billable;
    tk_client_clear(&c);
    if (!project_id)
        return 0;
    tk_project p;
    rc = store_project_get_id(app->st, project_id, &p, err);
    if (rc <= 0)
        return rc < 0 ? -1 : tk_fail(err, "no project %lld", (long long)project_id);
    *out = *out && p.billable;
    tk_project_clear(&p);
    return 0;
}

int app_cell_start_timer(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                        int64_t at, int64_t *stopped_id, tk_err *err)
{
    bool billable;
    *stopped_id = 0;
    if (app_cell_billable(app, client_id, project_id, &billable, err))
        return -1;
    tk_client c = { .id = client_id };
    tk_project p = { .id = project_id };
    return app_timer_switch(app, &c, project_id ? &p : NULL, tier && *tier ? tier : NULL,
                            billable, NULL, at, stopped_id, err);
}

/* Inside the caller's transaction: cancels the running timer if it is still `started`. */
static int cancel_started(tk_app *app, const tk_timer *started, tk_err *err)
{
    tk_timer t;
    int rc = store_timer_get(app->st, app->user_id, &t, err);
    if (rc < 0)
        return -1;
    bool same = rc == 1 && t.start == started->start && t.client_id == started->client_id &&
                t.project_id == started->project_id;
    if (rc == 1)
        tk_timer_clear(&t);
    if (!same)
        return tk_fail(err, "the timer was stopped or changed elsewhere since; not undone");
    char *before = app_audit_snap(app, "timer", app->user_id, NULL);
    if (store_timer_delete(app->st, app->user_id, err)) {
        free(before);
        return -1;
    }
    return app_audit_change(app, "cancel", "timer", app->user_id, NULL, before, err);
}

/* Inside the caller's transaction: the entry a stop made goes, and its timer runs again. */
static int resume_stopped(tk_app *app, const tk_entry *e, tk_err *err)
{
    tk_timer t;
    int running = store_timer_get(app->st, app->user_id, &t, err);
    if (running == 1) {
        tk_fail(err, "a timer runs (%s%s%s); stop it before undoing the earlier stop", t.client,
                *t.project ? "/" : "", t.project);
        tk_timer_clear(&t);
    }
    if (running)
        return -1;
    if (still_as(app, e->id, e, err) || app_entry_delete(app, e->id, err))
        return -1;
    tk_timer back = { .user_id = app->user_id, .client_id = e->client_id,
                      .project_id = e->project_id, .tier = e->tier, .billable = e->billable,
                      .note = e->note ? e->note : (char *)"", .start = e->start };
    if (store_timer_put(app->st, &back, err))
        return -1;
    return app_audit_change(app, "start", "timer", app->user_id, NULL, NULL, err);
}

int app_cell_undo_timer(tk_app *app, const tk_timer *started, const tk_entry *stopped, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    int rc = started ? cancel_started(app, started, err) : 0;
    if (rc == 0 && stopped)
        rc = resume_stopped(app, stopped, err);
    return app_change_end(app, rc, NULL, NULL, 0, NULL, err);
}

