/* undo.c — the TUI's undo stack, re-applied through app_* calls. */
#include "undo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "app_entry.h"
#include "app_cell.h"

static void rec_free(undo_rec *r)
{
    free(r->tier);
    free(r->label);
    tk_entry_clear(&r->entry);
    tk_entry_clear(&r->after);
}

static undo_rec *push(undo_stack *u)
{
    if (u->len == UNDO_DEPTH) {
        rec_free(&u->items[0]);
        memmove(u->items, u->items + 1, (u->len - 1) * sizeof *u->items);
        u->len--;
    }
    undo_rec blank = { 0 };
    TK_PUSH(*u, blank);
    return &u->items[u->len - 1];
}

void undo_push_cell(undo_stack *u, int64_t client_id, int64_t project_id, const char *tier,
                    bool billable, tk_day day, int64_t old_seconds, int64_t new_seconds)
{
    undo_rec *r = push(u);
    r->kind = UNDO_CELL;
    r->client_id = client_id;
    r->project_id = project_id;
    r->tier = xstrdup(tier ? tier : "");
    r->billable = billable;
    r->day = day;
    r->seconds = old_seconds;
    r->set_to = new_seconds;
}

void undo_push_entry(undo_stack *u, undo_kind kind, const tk_entry *e, const tk_entry *after)
{
    undo_rec *r = push(u);
    r->kind = kind;
    r->client_id = e->client_id;
    r->project_id = e->project_id;
    r->day = e->day;
    tk_entry_copy(&r->entry, e);
    if (after)
        tk_entry_copy(&r->after, after);
}

void undo_push_timer_start(undo_stack *u, const tk_timer *t, const tk_entry *stopped)
{
    undo_rec *r = push(u);
    r->kind = UNDO_TIMER_STARTED;
    r->client_id = t->client_id;
    r->project_id = t->project_id;
    r->day = local_day_of(t->start);
    r->timer_start = t->start;
    r->label = *t->project ? xasprintf("%s/%s", t->client, t->project) : xstrdup(t->client);
    if (stopped)
        tk_entry_copy(&r->entry, stopped);
}

void undo_push_timer_stop(undo_stack *u, const tk_entry *e)
{
    undo_rec *r = push(u);
    r->kind = UNDO_TIMER_STOPPED;
    r->client_id = e->client_id;
    r->project_id = e->project_id;
    r->day = e->day;
    tk_entry_copy(&r->entry, e);
}

/* An entry deleted and added back has a new id; older records must follow it. */
static void renumber(undo_stack *u, int64_t from, int64_t to)
{
    for (size_t i = 0; i < u->len; i++)
        if (u->items[i].kind != UNDO_CELL && u->items[i].entry.id == from)
            u->items[i].entry.id = to;
}

static int apply(tk_app *app, undo_stack *u, undo_rec *r, char *what, size_t n, tk_err *err)
{
    char d[DAY_TIME_BUF];
    switch (r->kind) {
    case UNDO_CELL:
        snprintf(what, n, "cell back to %s", dur_format_hmm(r->seconds, d));
        return app_entry_set_cell_if(app, r->client_id, r->project_id, r->tier, r->billable, r->day,
                               r->seconds, r->set_to, err);
    case UNDO_ENTRY_ADDED:
        snprintf(what, n, "removed the added entry");
        return app_cell_remove(app, r->entry.id, &r->after, err);
    case UNDO_ENTRY_CHANGED:
        snprintf(what, n, "entry %lld restored", (long long)r->entry.id);
        return app_cell_commit(app, &r->entry, &r->after, err);
    case UNDO_ENTRY_DELETED: {
        int64_t old = r->entry.id;
        if (app_cell_restore(app, &r->entry, err)) {
            r->entry.id = old;
            return -1;
        }
        if (r->entry.id == old) {
            snprintf(what, n, "entry %lld is back", (long long)old);
        } else {
            snprintf(what, n, "entry %lld is back as %lld (its id was taken since)",
                     (long long)old, (long long)r->entry.id);
            renumber(u, old, r->entry.id);
        }
        return 0;
    }
    case UNDO_TIMER_STARTED: {
        tk_timer t = { .client_id = r->client_id, .project_id = r->project_id,
                       .start = r->timer_start };
        const tk_entry *stopped = r->entry.id ? &r->entry : NULL;
        if (app_cell_undo_timer(app, &t, stopped, err))
            return -1;
        if (stopped)
            snprintf(what, n, "timer start on %s; %s runs again since %s", r->label,
                     r->entry.client, local_format_hm(r->entry.start, d));
        else
            snprintf(what, n, "timer start on %s (cancelled, nothing recorded)", r->label);
        return 0;
    }
    case UNDO_TIMER_STOPPED:
        if (app_cell_undo_timer(app, NULL, &r->entry, err))
            return -1;
        snprintf(what, n, "timer stop; %s runs again since %s", r->entry.client,
                 local_format_hm(r->entry.start, d));
        return 0;
    }
    return tk_fail(err, "unknown undo record");
}

int undo_apply(tk_app *app, undo_stack *u, tk_day *day, char *what, size_t what_size,
               tk_err *err)
{
    if (!u->len)
        return 0;
    undo_rec *r = &u->items[u->len - 1];
    *day = r->day;
    int rc = apply(app, u, r, what, what_size, err);
    rec_free(&u->items[--u->len]);
    return rc ? -1 : 1;
}

void undo_free(undo_stack *u)
{
    for (size_t i = 0; i < u->len; i++)
        rec_free(&u->items[i]);
    free(u->items);
    memset(u, 0, sizeof *u);
}
