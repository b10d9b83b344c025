/* app_timer.c — the running timer: a database row, so no process holds it in memory. */
#include "app.h"
#include "app_ref.h"
#include "app_timer.h"
#include "app_entry.h"
#include "app_audit.h"
#include "app_team.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "duration.h"

/* Why the timer t cannot stop at `at` (before it started, or longer than any entry), or 0. */
static int check_stop(const tk_timer *t, int64_t at, tk_err *err)
{
    char d[DAY_BUF], hm[DAY_TIME_BUF], when[DAY_TIME_BUF];
    if (at >= t->start && at - t->start <= DUR_MAX)
        return 0;
    if (at < t->start)
        return tk_fail(err, "cannot stop the timer (%s%s%s since %s %s) at %s, before it started; "
                       "nothing was changed", t->client, *t->project ? "/" : "", t->project,
                       day_format(local_day_of(t->start), d), local_format_hm(t->start, hm),
                       local_format_hm(at, when));
    return tk_fail(err, "the timer (%s%s%s since %s %s) has run longer than %lld hours; stop it "
                   "with --at or cancel it", t->client, *t->project ? "/" : "", t->project,
                   day_format(local_day_of(t->start), d), local_format_hm(t->start, hm),
                   (long long)(DUR_MAX / 3600));
}

int app_timer_stop_in_tx(tk_app *app, int64_t at, const char *note, int64_t *entry_id, tk_err *err)
{
    tk_timer t;
    int rc = store_timer_get(app->st, app->user_id, &t, err);
    if (rc <= 0)
        return rc;
    if (check_stop(&t, at, err)) {
        tk_timer_clear(&t);
        return -1;
    }
    tk_entry e = { .user_id = app->user_id, .client_id = t.client_id, .project_id = t.project_id,
                   .tier = t.tier, .billable = t.billable, .has_range = true, .start = t.start,
                   .end = at, .note = note && *note ? (char *)note : t.note, .ref = t.ref };
    /* A locked period the timer ran into: say how to get out rather than only refuse. */
    tk_err why;
    tk_day last = local_day_of(at > t.start ? at - 1 : at);
    if (app_team_may(app, TEAM_WRITE, app->user_id, local_day_of(t.start), &why) ||
        app_team_may(app, TEAM_WRITE, app->user_id, last, &why)) {
        char hm[DAY_TIME_BUF], when[DAY_TIME_BUF], d[DAY_BUF];
        tk_fail(err, "cannot stop the timer (%s%s%s since %s %s) at %s: %s; stop it before the "
                "locked days with tock stop --at TIME, cancel it with tock cancel, or have the "
                "period reopened; nothing was changed", t.client, *t.project ? "/" : "", t.project,
                day_format(local_day_of(t.start), d), local_format_hm(t.start, hm),
                local_format_hm(at, when), why.msg);
        tk_timer_clear(&t);
        return -1;
    }
    /* The timer row goes first, so the new entry is not checked against itself. */
    char *before = app_audit_snap(app, "timer", app->user_id, NULL);
    rc = store_timer_delete(app->st, app->user_id, err);
    if (rc == 0)
        rc = app_audit_change(app, "stop", "timer", app->user_id, NULL, before, err);
    else
        free(before);
    if (rc == 0)
        rc = app_entry_save(app, &e, err);
    if (rc == 0 && entry_id)
        *entry_id = e.id;
    tk_timer_clear(&t);
    return rc < 0 ? -1 : 1;
}

static int finish(tk_app *app, int rc, tk_err *err)
{
    if (app_change_end(app, rc < 0 ? -1 : 0, NULL, NULL, 0, NULL, err))
        return -1;
    return rc;
}

int app_timer_start(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                    bool billable, const char *note, int64_t at, tk_err *err)
{
    return app_timer_switch(app, c, p, tier, billable, note, at, NULL, err);
}

int app_timer_switch(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                     bool billable, const char *note, int64_t at, int64_t *stopped_id,
                     tk_err *err)
{
    return app_timer_switch_ref(app, c, p, tier, billable, note, NULL, at, stopped_id, err);
}

int app_timer_switch_ref(tk_app *app, const tk_client *c, const tk_project *p, const char *tier,
                         bool billable, const char *note, const char *ref, int64_t at,
                         int64_t *stopped_id, tk_err *err)
{
    if (app_ref_check(ref, err))
        return -1;
    if (stopped_id)
        *stopped_id = 0;
    if (clock_now() - at > DUR_MAX)
        return tk_fail(err, "a timer cannot start more than %lld hours ago",
                       (long long)(DUR_MAX / 3600));
    if (app_change_begin(app, err))
        return -1;
    int rc = app_timer_stop_in_tx(app, at, NULL, stopped_id, err);
    if (rc >= 0 && app_team_may(app, TEAM_WRITE, app->user_id, local_day_of(at), err))
        rc = -1;
    tk_entry o;
    /* A timer runs from `at` until now: an entry in that span would overlap it the moment it
     * stops (an entry still ahead of now is met by the stop, which names it). */
    if (rc >= 0) {
        int64_t now = clock_now(), until = now > at ? now : at + 1;
        int hit = store_entry_overlap(app->st, app->user_id, at, until, 0, &o, err);
        if (hit == 1) {
            char a[DAY_TIME_BUF], b[DAY_TIME_BUF], e[DAY_TIME_BUF];
            if (o.start <= at)
                rc = tk_fail(err, "%s%s%s falls inside entry %lld (%s, until %s)",
                             at == now ? "now (" : "", local_format_hm(at, a), at == now ? ")" : "",
                             (long long)o.id, o.client, local_format_hm(o.end, b));
            else
                rc = tk_fail(err, "a timer from %s would run over entry %lld (%s, %s-%s)",
                             local_format_hm(at, a), (long long)o.id, o.client,
                             local_format_hm(o.start, b), local_format_hm(o.end, e));
            tk_entry_clear(&o);
        } else if (hit < 0) {
            rc = -1;
        }
    }
    if (rc >= 0) {
        tk_timer t = { .user_id = app->user_id, .client_id = c->id, .project_id = p ? p->id : 0,
                       .tier = (char *)tier, .billable = billable, .note = (char *)(note ? note : ""),
                       .start = at, .ref = (char *)ref };
        rc = store_timer_put(app->st, &t, err);
        if (rc == 0)
            rc = app_audit_change(app, "start", "timer", app->user_id, NULL, NULL, err);
    }
    return finish(app, rc, err);
}

int app_timer_stop(tk_app *app, int64_t at, const char *note, int64_t *entry_id, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    return finish(app, app_timer_stop_in_tx(app, at, note, entry_id, err), err);
}

int app_timer_toggle(tk_app *app, int64_t at, int64_t *entry_id, tk_entry *last, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    int rc = app_timer_stop_in_tx(app, at, NULL, entry_id, err);
    if (rc != 0)
        return finish(app, rc, err);
    app_change_cancel(app);
    rc = store_entry_last(app->st, app->user_id, last, err);
    if (rc <= 0)
        return rc < 0 ? -1 : tk_fail(err, "no timer is running and there is no entry to continue "
                                     "(tock start CLIENT[/PROJECT])");
    tk_client c = { 0 };
    tk_project p = { 0 };
    int found = store_client_get_id(app->st, last->client_id, &c, err);
    if (found > 0 && last->project_id)
        found = store_project_get_id(app->st, last->project_id, &p, err);
    if (found == 0)
        rc = tk_fail(err, "the latest entry's client or project no longer exists");
    else if (found < 0)
        rc = -1;
    else if (c.archived || p.archived)
        rc = tk_fail(err, "%s%s%s is archived; start another with tock start", last->client,
                     *last->project ? "/" : "", last->project);
    else
        rc = app_timer_switch_ref(app, &c, last->project_id ? &p : NULL, last->tier,
                                  last->billable, last->note, last->ref, at, NULL, err);
    tk_client_clear(&c);
    tk_project_clear(&p);
    if (rc < 0) {
        tk_entry_clear(last);
        return -1;
    }
    return 2;
}

int app_timer_cancel(tk_app *app, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    tk_timer t;
    int rc = store_timer_get(app->st, app->user_id, &t, err);
    if (rc == 1) {
        tk_timer_clear(&t);
        char *before = app_audit_snap(app, "timer", app->user_id, NULL);
        if (store_timer_delete(app->st, app->user_id, err)) {
            free(before);
            rc = -1;
        } else if (app_audit_change(app, "cancel", "timer", app->user_id, NULL, before, err)) {
            rc = -1;
        }
    }
    return finish(app, rc, err);
}

int app_timer_stop_if(tk_app *app, const tk_timer *own, int64_t at, int64_t *entry_id,
                      tk_err *err)
{
    tk_timer t;
    if (app_change_begin(app, err))
        return -1;
    int rc = store_timer_get(app->st, app->user_id, &t, err);
    if (rc == 1) {
        int same = t.client_id == own->client_id && t.project_id == own->project_id &&
                   t.start == own->start;
        tk_timer_clear(&t);
        rc = same ? app_timer_stop_in_tx(app, at > own->start ? at : own->start, NULL,
                                         entry_id, err)
                  : 0;
    }
    if (app_change_end(app, rc < 0 ? -1 : 0, NULL, NULL, 0, NULL, err))
        return -1;
    return rc;
}
