/* app_entry.c — the rules every entry change obeys: no overlaps, nothing locked changes. */
#include "app.h"
#include "app_ref.h"
#include "app_entry.h"
#include "app_audit.h"
#include "app_team.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "duration.h"

/* Another user's time, or a submitted or approved period: app_team_may says why. */
static int week_locked(tk_app *app, int64_t user_id, tk_day day, tk_err *err)
{
    return app_team_may(app, TEAM_WRITE, user_id, day, err) ? 1 : 0;
}

int app_entry_locked(tk_app *app, const tk_entry *e, tk_err *err)
{
    if (e->invoice_id) {
        tk_fail(err, "entry %lld is on invoice %lld and locked", (long long)e->id,
                (long long)e->invoice_id);
        return 1;
    }
    int64_t pending;
    int rc = e->id ? store_entry_held(app->st, e->id, 0, &pending, err) : 0;
    if (rc == 1) {
        tk_fail(err, "entry %lld is on pending invoice %lld and locked; finish it with tock invoice "
                "retry %lld, or drop it with tock invoice discard %lld", (long long)e->id,
                (long long)pending, (long long)pending, (long long)pending);
        return 1;
    }
    if (rc < 0)
        return -1;
    rc = week_locked(app, e->user_id, e->day, err);
    if (rc == 0 && app_period_of(app, e->last_day) != app_period_of(app, e->day))
        rc = week_locked(app, e->user_id, e->last_day, err);
    return rc;
}

static int overlap_message(const tk_entry *o, tk_err *err)
{
    char a[DAY_TIME_BUF], b[DAY_TIME_BUF], d[DAY_BUF];
    return tk_fail(err, "overlaps entry %lld (%s%s%s %s %s-%s); nothing was changed",
                   (long long)o->id, o->client, *o->project ? "/" : "", o->project,
                   day_format(o->day, d), local_format_hm(o->start, a), local_format_hm(o->end, b));
}

int app_entry_check(tk_app *app, tk_entry *e, tk_err *err)
{
    if (e->has_range) {
        if (e->end < e->start)
            return tk_fail(err, "the entry ends before it starts");
        e->seconds = e->end - e->start;
        e->day = local_day_of(e->start);
        e->last_day = e->end > e->start ? local_day_of(e->end - 1) : e->day;
    } else {
        e->last_day = e->day;
    }
    if (e->seconds < 0 || e->seconds > DUR_MAX)
        return tk_fail(err, "duration out of range");
    if (e->day < DAY_MIN || e->last_day > DAY_MAX)
        return tk_fail(err, "date out of range");
    if (!e->has_range) {
        /* A duration fits its day, whichever way it got there (add, edit --date, a cell). */
        int64_t len = local_day_start(e->day + 1) - local_day_start(e->day);
        char d[DAY_BUF], h[32];
        if (e->seconds > len)
            return tk_fail(err, "%s is more than the %lld hours of %s",
                           dur_format_short(e->seconds, h), (long long)(len / 3600),
                           day_format(e->day, d));
    }
    return app_entry_locked(app, e, err) ? -1 : 0;
}

/* A range of e's user that e would overlap: an entry, or the running timer. */
static int check_overlap(tk_app *app, const tk_entry *e, tk_err *err)
{
    tk_entry o;
    int rc = store_entry_overlap(app->st, e->user_id, e->start, e->end, e->id, &o, err);
    if (rc == 1) {
        overlap_message(&o, err);
        tk_entry_clear(&o);
    }
    if (rc)
        return -1;
    tk_timer t;
    rc = store_timer_get(app->st, e->user_id, &t, err);
    if (rc <= 0)
        return rc;
    int hit = e->end > t.start;
    char hm[DAY_TIME_BUF];
    if (hit)
        tk_fail(err, "overlaps the running timer (%s%s%s since %s); nothing was changed",
                t.client, *t.project ? "/" : "", t.project, local_format_hm(t.start, hm));
    tk_timer_clear(&t);
    return hit ? -1 : 0;
}

/* Saves e: an insert (under e->id when set, else a new id) or an update of entry e->id. */
static int save(tk_app *app, tk_entry *e, bool insert, tk_err *err)
{
    if (app_entry_check(app, e, err))
        return -1;
    if (!insert) {
        tk_entry old;
        int rc = store_entry_get(app->st, e->id, &old, err);
        if (rc <= 0)
            return rc < 0 ? -1 : tk_fail(err, "no entry %lld", (long long)e->id);
        rc = app_entry_locked(app, &old, err);
        tk_entry_clear(&old);
        if (rc)
            return -1;
    }
    if (e->has_range && e->end > e->start && check_overlap(app, e, err))
        return -1;
    int64_t now = clock_now();
    e->updated = now;
    if (insert) {
        if (!e->id || !e->created)
            e->created = now;
        if (app_ref_store(app, e, true, err))
            return -1;
        return app_audit_change(app, "add", "entry", e->id, NULL, NULL, err);
    }
    char *before = app_audit_snap(app, "entry", e->id, NULL);
    if (app_ref_store(app, e, false, err)) {
        free(before);
        return -1;
    }
    return app_audit_change(app, "edit", "entry", e->id, NULL, before, err);
}

int app_entry_save(tk_app *app, tk_entry *e, tk_err *err)
{
    return save(app, e, !e->id, err);
}

int app_entry_readd(tk_app *app, tk_entry *e, tk_err *err)
{
    tk_entry other;
    int taken = e->id ? store_entry_get(app->st, e->id, &other, err) : 0;
    if (taken < 0)
        return -1;
    if (taken) {
        tk_entry_clear(&other);
        e->id = 0;
    }
    return save(app, e, true, err);
}

int app_entry_import(tk_app *app, tk_entry *e, tk_err *err)
{
    if (app_entry_check(app, e, err))
        return -1;
    e->created = e->updated = clock_now();
    return app_ref_store(app, e, true, err);
}

int app_entry_delete(tk_app *app, int64_t id, tk_err *err)
{
    tk_entry e;
    int rc = store_entry_get(app->st, id, &e, err);
    if (rc <= 0)
        return rc < 0 ? -1 : tk_fail(err, "no entry %lld", (long long)id);
    rc = app_entry_locked(app, &e, err);
    tk_entry_clear(&e);
    if (rc)
        return -1;
    char *before = app_audit_snap(app, "entry", id, NULL);
    if (store_entry_delete(app->st, id, err)) {
        free(before);
        return -1;
    }
    return app_audit_change(app, "delete", "entry", id, NULL, before, err);
}

struct cell {
    int64_t project_id;
    const char *tier;
    bool billable;
    tk_day day;
    int64_t ranged;            /* seconds from range entries, which a cell edit never touches */
    TK_VEC(tk_entry) durations;
};

static int same_tier(const char *a, const char *b)
{
    const char *x = a && strcmp(a, TIER_STANDARD) ? a : "";
    const char *y = b && strcmp(b, TIER_STANDARD) ? b : "";
    return !strcmp(x, y);
}

/* Timed entries keep their times: a cell edit only adjusts duration entries around them. */
static void add_share(tk_day day, int64_t seconds, void *p)
{
    struct cell *c = p;
    if (day == c->day)
        c->ranged += seconds;
}

static int collect_cell(const tk_entry *e, void *p)
{
    struct cell *c = p;
    if (e->project_id != c->project_id || !same_tier(e->tier, c->tier) ||
        e->billable != c->billable)
        return 0;
    if (e->has_range) {
        local_split_days(e->start, e->end, add_share, c); /* only its share of this day */
        return 0;
    }
    tk_entry copy;
    tk_entry_copy(&copy, e);
    TK_PUSH(c->durations, copy);
    return 0;
}

int app_entry_set_cell(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                 bool billable, tk_day day, int64_t seconds, tk_err *err)
{
    return app_entry_set_cell_if(app, client_id, project_id, tier, billable, day, seconds, -1, err);
}

int app_entry_set_cell_if(tk_app *app, int64_t client_id, int64_t project_id, const char *tier,
                    bool billable, tk_day day, int64_t seconds, int64_t expect, tk_err *err)
{
    if (seconds < 0 || seconds > 25 * 3600)
        return tk_fail(err, "a day holds at most 25 hours");
    if (app_change_begin(app, err))
        return -1;
    struct cell c = { .project_id = project_id, .tier = tier, .billable = billable, .day = day };
    store_filter f = { .user_id = app->user_id, .client_id = client_id, .from = day, .to = day };
    int rc = store_entry_each(app->st, &f, collect_cell, &c, err) < 0 ? -1 : 0;
    int64_t want = seconds - c.ranged, held = c.ranged;
    for (size_t i = 0; i < c.durations.len; i++)
        held += c.durations.items[i].seconds;
    char h[32];
    if (rc == 0 && expect >= 0 && held != expect)
        rc = tk_fail(err, "the cell changed since (it holds %s now); not undone",
                     dur_format_hmm(held, h));
    if (rc == 0 && want < 0)
        rc = tk_fail(err, "timed entries already hold more than that on this day; edit them with Enter");
    /* Keep the first duration entry (with its note) and fold the others into it. */
    for (size_t i = 0; rc == 0 && i < c.durations.len; i++) {
        tk_entry *e = &c.durations.items[i];
        if (i == 0 && want > 0) {
            e->seconds = want;
            rc = app_entry_save(app, e, err);
        } else {
            rc = app_entry_delete(app, e->id, err);
        }
    }
    if (rc == 0 && c.durations.len == 0 && want > 0) {
        tk_entry e = { .user_id = app->user_id, .client_id = client_id, .project_id = project_id,
                       .tier = tier && *tier ? (char *)tier : NULL, .billable = billable,
                       .day = day, .seconds = want, .note = (char *)"" };
        rc = app_entry_save(app, &e, err);
    }
    for (size_t i = 0; i < c.durations.len; i++)
        tk_entry_clear(&c.durations.items[i]);
    free(c.durations.items);
    return app_change_end(app, rc, NULL, NULL, 0, NULL, err);
}

/* "HH:MM-HH:MM" on day; an end before the start runs past midnight, for at most
 * max_overnight seconds (a longer one is likelier two swapped times). */
static int parse_span(const char *s, tk_day day, int64_t max_overnight, int64_t *start,
                      int64_t *end, tk_err *err)
{
    const char *dash = strchr(s, '-');
    if (!dash)
        return tk_fail(err, "bad time range '%s' (expected HH:MM-HH:MM)", s);
    char a[16];
    size_t n = (size_t)(dash - s);
    if (n >= sizeof a)
        return tk_fail(err, "bad time range '%s' (expected HH:MM-HH:MM)", s);
    memcpy(a, s, n);
    a[n] = '\0';
    int sa, sb;
    if (parse_hhmm(a, &sa, err) || parse_hhmm(dash + 1, &sb, err))
        return -1;
    if (sa == sb)
        return tk_fail(err, "the time range '%s' is empty", s);
    if (local_make_checked(day, sa, start, err) ||
        local_make_checked(sb > sa ? day : day + 1, sb, end, err))
        return -1;
    if (sb < sa && *end - *start > max_overnight) {
        char len[32], max[32];
        return tk_fail(err, "%s would run %s over midnight, more than [entry] max_overnight "
                       "(%s); did you mean %.*s-%s? (an overnight range like 22:00-02:00 is fine)",
                       s, dur_format_short(*end - *start, len), dur_format_short(max_overnight, max),
                       (int)strlen(dash + 1), dash + 1, a);
    }
    return 0;
}

/* DURATION or HH:MM-HH:MM into e (range or duration on day): what the CLI and the TUI
 * accept for an entry's time. */
int app_entry_parse_time(const tk_app *app, const char *s, tk_day day, tk_entry *e, tk_err *err)
{
    e->day = day;
    if (strchr(s, '-') && strchr(s, ':')) {
        e->has_range = true;
        return parse_span(s, day, app->cfg.max_overnight, &e->start, &e->end, err);
    }
    e->has_range = false;
    if (dur_parse(s, &e->seconds, err))
        return -1;
    int64_t len = local_day_start(day + 1) - local_day_start(day);
    if (e->seconds > len)
        return tk_fail(err, "%s is more than the %lld hours of %s", s, (long long)(len / 3600),
                       "that day");
    if (e->seconds == 0)
        return tk_fail(err, "a duration of zero records nothing");
    return 0;
}
