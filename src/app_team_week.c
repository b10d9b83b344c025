/* app_team_week.c — a user's period from open to submitted to approved (or rejected, or
 * reopened), the team's view of a period, deadlines, and what invoices may take. */
#include "app_team.h"
#include "app_audit.h"
#include "clock.h"
#include "app_billing.h"
#include "billing.h"
#include "app_team_week.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

/* Submitting while the timer runs in the period would lock time that is still growing. */
static int timer_outside(tk_app *app, tk_day first, tk_day last, tk_err *err)
{
    tk_timer t;
    int rc = store_timer_get(app->st, app->user_id, &t, err);
    if (rc <= 0)
        return rc;
    int64_t now = clock_now();
    bool inside = local_day_of(t.start) <= last && local_day_of(now > t.start ? now : t.start) >= first;
    char hm[DAY_TIME_BUF];
    if (inside)
        tk_fail(err, "your timer (%s%s%s since %s) runs in this %s; stop it first (tock stop)",
                t.client, *t.project ? "/" : "", t.project, local_format_hm(t.start, hm),
                app->cfg.team.monthly ? "month" : "week");
    tk_timer_clear(&t);
    return inside ? -1 : 0;
}

/* What the owner's period holds now (digest); a rejected period is submitted again only
 * once it differs from what was rejected: the lead asked for a change. */
static int changed_since_rejected(tk_app *app, tk_day first, char digest[SHA256_HEX],
                                  tk_err *err)
{
    store_week w;
    char *was = NULL;
    if (store_week_digest(app->st, app->user_id, first, app_period_last(app, first), digest,
                          err) ||
        app_period_state(app, app->user_id, first, &w, err))
        return -1;
    int rc = w.state == WEEK_REJECTED
                 ? store_week_submitted_digest(app->st, app->user_id, first, &was, err)
                 : 0;
    if (rc == 0 && was && !strcmp(was, digest)) {
        char d[DAY_BUF], label[APP_PERIOD_BUF];
        rc = tk_fail(err, "your %s of %s (%s) is as it was when %s rejected it (%s); change "
                     "it, then submit it again", app->cfg.team.monthly ? "month" : "week",
                     day_format(first, d), app_period_label(app, first, label),
                     w.actor ? w.actor : "a lead", w.reason ? w.reason : "no reason given");
    }
    free(was);
    store_week_clear(&w);
    return rc;
}

/* One state change of one period, in one transaction with its audit record. */
static int transition(tk_app *app, const char *login, tk_day day, team_action action,
                      tk_week_state to, const char *reason, tk_err *err)
{
    if (action == TEAM_REJECT || action == TEAM_REOPEN) {
        if (!reason || !*reason)
            return tk_fail(err, "a reason is required (-m REASON)");
        if (strlen(reason) > 1000)
            return tk_fail(err, "the reason is longer than 1000 bytes");
    }
    if (app_change_begin(app, err))
        return -1;
    int64_t target = app->user_id;
    tk_day first = app_period_of(app, day);
    int rc = login ? app_team_find(app, login, &target, NULL, err) : 0;
    if (rc == 0)
        rc = app_team_may(app, action, target, day, err);
    if (rc == 0 && action == TEAM_SUBMIT)
        rc = timer_outside(app, first, app_period_last(app, first), err);
    char digest[SHA256_HEX] = "";
    if (rc == 0 && action == TEAM_SUBMIT)
        rc = changed_since_rejected(app, first, digest, err);
    int64_t now = clock_now();
    /* The record: the week's row before and after (state, who, reason), keyed by its day. */
    char d[DAY_BUF];
    day_format(first, d);
    char *before = rc ? NULL : app_audit_snap(app, "week", target, d);
    if (rc == 0)
        rc = action == TEAM_SUBMIT
                 ? store_week_submit(app->st, target, first, now, digest, err)
                 : store_week_set(app->st, target, first, to, app->user_id, reason, now, err);
    static const char *const verbs[] = { [TEAM_SUBMIT] = "submit", [TEAM_APPROVE] = "approve",
                                         [TEAM_REJECT] = "reject", [TEAM_REOPEN] = "reopen" };
    return app_audit_change_end(app, rc, verbs[action], "week", target, d, before, err);
}

int app_week_submit(tk_app *app, tk_day day, tk_err *err)
{
    return transition(app, NULL, day, TEAM_SUBMIT, WEEK_SUBMITTED, NULL, err);
}

int app_week_approve(tk_app *app, const char *login, tk_day day, tk_err *err)
{
    return transition(app, login, day, TEAM_APPROVE, WEEK_APPROVED, NULL, err);
}

int app_week_reject(tk_app *app, const char *login, tk_day day, const char *reason, tk_err *err)
{
    return transition(app, login, day, TEAM_REJECT, WEEK_REJECTED, reason, err);
}

int app_week_reopen(tk_app *app, const char *login, tk_day day, const char *reason, tk_err *err)
{
    return transition(app, login, day, TEAM_REOPEN, WEEK_OPEN, reason, err);
}

/* ---- deadlines ---- */

int64_t app_period_deadline(const tk_app *app, tk_day first)
{
    int wday = app->cfg.team.submit_by.wday, secs = app->cfg.team.submit_by.seconds;
    if (wday < 0)
        return 0;
    tk_day d = app_period_last(app, first);
    while (day_weekday(d) != wday && d > first)   /* the period's last such weekday */
        d--;
    return local_make(d, secs / 3600, secs / 60 % 60, 0);
}

static bool late(tk_week_state s, int64_t deadline, int64_t now)
{
    return deadline && now >= deadline && (s == WEEK_OPEN || s == WEEK_REJECTED);
}

char *app_team_notice(tk_app *app, int64_t now, tk_err *err)
{
    if (app->user_id == APP_NO_USER || app->user_id == 0)
        return NULL;
    strbuf sb = { 0 };
    /* The latest period whose deadline has passed. */
    tk_day first = app_period_of(app, local_day_of(now));
    int64_t due = app_period_deadline(app, first);
    if (due && now < due) {
        first = app_period_of(app, first - 1);
        due = app_period_deadline(app, first);
    }
    if (due) {
        store_week w;
        if (app_period_state(app, app->user_id, first, &w, err))
            return NULL;
        char label[APP_PERIOD_BUF];
        if (late(w.state, due, now))
            sb_addf(&sb, "%s %s", app_period_label(app, first, label),
                    w.state == WEEK_REJECTED ? "rejected" : "not submitted");
        store_week_clear(&w);
    }
    /* A rejected week wants its owner's attention, deadline or not: this one or the last. */
    tk_day here = app_period_of(app, local_day_of(now)), last = app_period_of(app, here - 1);
    for (tk_day p = here; !sb.len && p >= last; p = app_period_of(app, p - 1)) {
        store_week w;
        if (app_period_state(app, app->user_id, p, &w, err)) {
            sb_free(&sb);
            return NULL;
        }
        char label[APP_PERIOD_BUF];
        if (w.state == WEEK_REJECTED)
            sb_addf(&sb, "%s rejected", app_period_label(app, p, label));
        store_week_clear(&w);
    }
    if (app->role == ROLE_ADMIN || app->role == ROLE_LEAD) {
        int64_t n = 0;
        if (store_week_count(app->st, WEEK_SUBMITTED,
                             app->cfg.team.self_approval ? 0 : app->user_id, DAY_MIN, &n, err)) {
            sb_free(&sb);
            return NULL;
        }
        const char *word = app->cfg.team.monthly ? "month" : "week";
        if (n)
            sb_addf(&sb, "%s%lld %s%s await%s approval", sb.len ? " · " : "", (long long)n, word,
                    n == 1 ? "" : "s", n == 1 ? "s" : "");
    }
    if (!sb.len) {
        sb_free(&sb);
        return NULL;
    }
    return sb.buf;
}

/* ---- the team's view of one period ---- */

struct members {
    TK_VEC(app_team_row) v;
};

static int take_member(const store_member *m, void *p)
{
    struct members *k = p;
    if (!m->active)
        return 0;
    app_team_row r = { .user_id = m->id, .login = xstrdup(m->login), .role = m->role };
    TK_PUSH(k->v, r);
    return 0;
}

struct sum {
    app_team_row *row;
    app_biller *b;
    tk_day first, last;
    tk_err *err;
};

static void add_amount(app_team_row *r, const char *currency, int64_t minor)
{
    for (size_t i = 0; i < r->amounts.len; i++)
        if (!strcmp(r->amounts.items[i].currency, currency)) {
            r->amounts.items[i].minor += minor;
            return;
        }
    app_team_amount a = { xstrdup(currency), minor };
    TK_PUSH(r->amounts, a);
}

/* An entry counts in the period it starts in, as invoices and week grids bill it. */
static int sum_entry(const tk_entry *e, void *p)
{
    struct sum *s = p;
    if (e->day < s->first || e->day > s->last)
        return 0;
    int64_t secs = e->has_range ? e->end - e->start : e->seconds;
    s->row->seconds += secs;
    tk_bill bill;
    if (app_bill(s->b, e, &bill, s->err))
        return -1;
    if (!bill.billable)
        return 0;
    s->row->billable_seconds += secs;
    s->row->billed_seconds += bill.billed_seconds;
    const tk_client *c = app_biller_client(s->b, e->client_id, s->err);
    if (!c)
        return -1;
    add_amount(s->row, c->currency, bill.amount_minor);
    return 0;
}

struct timers {
    app_team_rows *rows;
    app_biller *b;
    int64_t now;
    tk_err *err;
};

/* A running timer counts as the entry it makes when stopped now (as tock week and the
 * retainer standings count it): in the period it starts in, drawing after every saved entry. */
static int sum_timer(const tk_timer *t, const char *login, void *p)
{
    (void)login;
    struct timers *k = p;
    app_team_row *r = NULL;
    for (size_t i = 0; i < k->rows->len && !r; i++)
        if (k->rows->items[i].user_id == t->user_id)
            r = &k->rows->items[i];
    if (!r)
        return 0;   /* someone taken out of the team */
    int64_t end = k->now > t->start ? k->now : t->start;
    tk_entry e = { .id = INT64_MAX, .user_id = t->user_id, .client_id = t->client_id,
                   .project_id = t->project_id, .tier = t->tier, .billable = t->billable,
                   .has_range = true, .start = t->start, .end = end, .seconds = end - t->start,
                   .day = local_day_of(t->start),
                   .last_day = local_day_of(end > t->start ? end - 1 : end) };
    struct sum s = { r, k->b, k->rows->first, k->rows->last, k->err };
    r->running = e.day >= s.first && e.day <= s.last;
    return sum_entry(&e, &s);
}

int app_team_week(tk_app *app, tk_day day, app_team_rows *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    if (app_team_may(app, TEAM_READ_ALL, 0, day, err))
        return -1;
    out->first = app_period_of(app, day);
    out->last = app_period_last(app, out->first);
    struct members k = { 0 };
    if (app_read_begin(app, err))
        return -1;
    int rc = store_member_each(app->st, take_member, &k, err) < 0 ? -1 : 0;
    out->items = k.v.items;
    out->len = k.v.len;
    app_biller *b = rc ? NULL : app_biller_new(app, err);
    if (!b)
        rc = -1;
    int64_t now = clock_now(), due = app_period_deadline(app, out->first);
    for (size_t i = 0; rc == 0 && i < out->len; i++) {
        app_team_row *r = &out->items[i];
        struct sum s = { r, b, out->first, out->last, err };
        if (store_week_read(app->st, r->user_id, out->first, &r->week, err) < 0 ||
            store_entry_grid_each(app->st, r->user_id, out->first, out->last, sum_entry, &s,
                                  err) < 0)
            rc = -1;
        r->late = late(r->week.state, due, now);
    }
    struct timers running = { out, b, now, err };
    if (rc == 0 && store_timer_each(app->st, sum_timer, &running, err) < 0)
        rc = -1;
    app_biller_free(b);
    app_read_end(app);
    return rc;
}

void app_team_rows_free(app_team_rows *r)
{
    for (size_t i = 0; i < r->len; i++) {
        free(r->items[i].login);
        store_week_clear(&r->items[i].week);
        for (size_t j = 0; j < r->items[i].amounts.len; j++)
            free(r->items[i].amounts.items[j].currency);
        free(r->items[i].amounts.items);
    }
    free(r->items);
    memset(r, 0, sizeof *r);
}

/* ---- invoices ---- */

bool app_invoice_approved_only(const tk_app *app)
{
    int v = app->cfg.team.approved_only;
    return v == APPROVED_ONLY_AUTO ? app->team_size > 1 : v == APPROVED_ONLY_TRUE;
}

int app_day_approved(tk_app *app, int64_t user_id, tk_day day, tk_err *err)
{
    tk_week_state s;
    if (store_week_get(app->st, user_id, app_period_of(app, day), &s, err) < 0)
        return -1;
    return s == WEEK_APPROVED;
}
