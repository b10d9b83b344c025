/* app_sprint.c — sprints (named, or computed from a cadence), the ranges an invoice can
 * cover, and hours per developer and project over a range. */
#include "app.h"
#include "billing.h"
#include "app_billing.h"
#include "app_sprint.h"
#include "app_audit.h"
#include "app_team.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "text.h"

/* ---- naming and adding ---- */

static int sprint_name_check(const char *name, tk_err *err)
{
    size_t len = strlen(name);
    if (len == 0 || len > APP_SPRINT_NAME_MAX)
        return tk_fail(err, "a sprint name has 1 to %d bytes", APP_SPRINT_NAME_MAX);
    if (!text_valid_utf8(name))
        return tk_fail(err, "a sprint name must be UTF-8 text");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return tk_fail(err, "a sprint name cannot hold control characters");
    if (!strcmp(name, "current") || !strcmp(name, "last"))
        return tk_fail(err, "'%s' is how --sprint names a sprint; pick another name", name);
    return 0;
}

struct overlap {
    tk_day from, to;
    const char *name;
    char *hit;           /* the first named sprint overlapping, or with the same name */
    bool same_name;
};

static int find_overlap(const tk_sprint *sp, void *p)
{
    struct overlap *o = p;
    bool same = !strcmp(sp->name, o->name);
    if (same || (sp->from <= o->to && o->from <= sp->to)) {
        char a[DAY_BUF], b[DAY_BUF];
        o->hit = xasprintf("'%s' (%s to %s)", sp->name, day_format(sp->from, a), day_format(sp->to, b));
        o->same_name = same;
        return 1;
    }
    return 0;
}

int app_sprint_add(tk_app *app, const tk_client *c, const char *name, tk_day from, tk_day to,
                   tk_err *err)
{
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (sprint_name_check(name, err))
        return -1;
    if (to < from)
        return tk_fail(err, "the sprint ends before it starts");
    if (app_change_begin(app, err))
        return -1;
    struct overlap o = { from, to, name, NULL, false };
    int rc = store_sprint_each(app->st, c->id, find_overlap, &o, err) < 0 ? -1 : 0;
    if (rc == 0 && o.hit)
        rc = o.same_name ? tk_fail(err, "%s already has a sprint named %s", c->key, o.hit)
                         : tk_fail(err, "the sprint overlaps %s of %s; sprints of a client do not overlap",
                                   o.hit, c->key);
    free(o.hit);
    tk_sprint sp = { .client_id = c->id, .name = (char *)name, .from = from, .to = to };
    if (rc == 0)
        rc = store_sprint_insert(app->st, &sp, err);
    if (rc == 0)
        rc = app_audit_change(app, "add", "sprint", sp.id, NULL, NULL, err);
    return app_change_end(app, rc ? -1 : 0, NULL, NULL, 0, NULL, err);
}

int app_parse_every(const char *s, int *days, tk_err *err)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    int unit = !strcmp(end, "w") ? 7 : !strcmp(end, "d") ? 1 : 0;
    if (errno || end == s || !unit || n <= 0 || n * unit > 366 || s[0] == '+' || s[0] == ' ')
        return tk_fail(err, "bad cadence '%s' (expected weeks or days such as 2w or 10d, at most a year)", s);
    *days = (int)(n * unit);
    return 0;
}

int app_sprint_every(tk_app *app, const tk_client *c, int every_days, tk_day starting,
                     tk_err *err)
{
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (every_days <= 0 || every_days > 366)
        return tk_fail(err, "a cadence is 1 to 366 days");
    if (app_change_begin(app, err))
        return -1;
    tk_cadence cad = { c->id, every_days, starting };
    char *before = app_audit_snap(app, "sprint_cadence", c->id, NULL);
    int rc = store_cadence_put(app->st, &cad, err);
    rc = app_audit_after(app, rc, "set", "sprint_cadence", c->id, NULL, before, err);
    return app_change_end(app, rc ? -1 : 0, NULL, NULL, 0, NULL, err);
}

/* ---- listing and finding ---- */

typedef TK_VEC(tk_sprint) sprint_vec;

static int keep_sprint(const tk_sprint *sp, void *p)
{
    sprint_vec *v = p;
    tk_sprint copy = *sp;
    copy.name = xstrdup(sp->name);
    TK_PUSH(*v, copy);
    return 0;
}

static bool named(const sprint_vec *v, const char *name)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i].id && !strcmp(v->items[i].name, name))
            return true;
    return false;
}

/* Sprint k (from 1) of a cadence. */
static tk_sprint computed(const tk_cadence *cad, int64_t k)
{
    tk_sprint sp = { .client_id = cad->client_id };
    sp.from = (tk_day)(cad->starting + (k - 1) * cad->every_days);
    sp.to = sp.from + cad->every_days - 1;
    sp.name = xasprintf("Sprint %lld", (long long)k);
    return sp;
}

static int cmp_sprint(const void *a, const void *b)
{
    const tk_sprint *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return strcmp(x->name, y->name);
}

int app_sprint_list(tk_app *app, const tk_client *c, tk_day today, app_sprints *out,
                    tk_err *err)
{
    memset(out, 0, sizeof *out);
    sprint_vec v = { 0 };
    int rc = store_sprint_each(app->st, c->id, keep_sprint, &v, err) < 0 ? -1 : 0;
    if (rc == 0)
        rc = store_cadence_get(app->st, c->id, &out->cadence, err);
    if (rc == 1) {
        out->has_cadence = true;
        int64_t last = today < out->cadence.starting ? 1
                       : (today - out->cadence.starting) / out->cadence.every_days + 2;
        for (int64_t k = 1; k <= last && out->cadence.starting + (k - 1) * out->cadence.every_days
                                             <= DAY_MAX - out->cadence.every_days; k++) {
            tk_sprint sp = computed(&out->cadence, k);
            if (named(&v, sp.name))
                tk_sprint_clear(&sp);
            else
                TK_PUSH(v, sp);
        }
        rc = 0;
    }
    if (v.len)
        qsort(v.items, v.len, sizeof *v.items, cmp_sprint);
    out->items = v.items;
    out->len = v.len;
    if (rc)
        app_sprints_free(out);
    return rc;
}

void app_sprints_free(app_sprints *l)
{
    for (size_t i = 0; i < l->len; i++)
        tk_sprint_clear(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Index of the sprint spec names in l, or -1. */
static long pick(const app_sprints *l, const char *spec, tk_day today)
{
    long best = -1;
    for (size_t i = 0; i < l->len; i++) {
        const tk_sprint *sp = &l->items[i], *b = best >= 0 ? &l->items[best] : NULL;
        if (!strcmp(spec, "current")) {
            if (sp->from <= today && today <= sp->to &&
                (!b || (sp->id && !b->id) || ((sp->id != 0) == (b->id != 0) && sp->from > b->from)))
                best = (long)i;
        } else if (!strcmp(spec, "last")) {
            if (sp->to < today && (!b || sp->to > b->to || (sp->to == b->to && sp->id && !b->id)))
                best = (long)i;
        } else if (!strcmp(sp->name, spec)) {
            return (long)i;
        }
    }
    return best;
}

/* "Sprint N" of the cadence, beyond the listed ones. */
static int far_sprint(const app_sprints *l, const char *spec, tk_sprint *out)
{
    long long k;
    int used = 0;
    if (!l->has_cadence || sscanf(spec, "Sprint %lld%n", &k, &used) != 1 || spec[used] || k < 1 ||
        k > (DAY_MAX - (int64_t)l->cadence.starting) / l->cadence.every_days)
        return 0;
    *out = computed(&l->cadence, k);
    return 1;
}

static void known_names(const app_sprints *l, strbuf *sb)
{
    size_t from = l->len > 5 ? l->len - 5 : 0;
    for (size_t i = from; i < l->len; i++)
        sb_addf(sb, "%s'%s'", i > from ? ", " : "", l->items[i].name);
}

int app_sprint_find(tk_app *app, const tk_client *c, const char *spec, tk_day today,
                    tk_sprint *out, tk_err *err)
{
    app_sprints l;
    memset(out, 0, sizeof *out);
    if (app_sprint_list(app, c, today, &l, err))
        return -1;
    long i = pick(&l, spec, today);
    int rc = 0;
    if (i >= 0) {
        *out = l.items[i];
        out->name = xstrdup(l.items[i].name);
    } else if (!far_sprint(&l, spec, out)) {
        strbuf sb = { 0 };
        known_names(&l, &sb);
        if (!l.len)
            rc = tk_fail(err, "%s has no sprints; add one with: tock sprint add %s NAME --from DATE --to DATE",
                         c->key, c->key);
        else if (!strcmp(spec, "current") || !strcmp(spec, "last"))
            rc = tk_fail(err, "%s has no %s sprint (%s: %s)", c->key,
                         !strcmp(spec, "current") ? "current" : "finished", l.len > 5 ? "latest" : "sprints",
                         sb_str(&sb));
        else
            rc = tk_fail(err, "%s has no sprint '%s' (%s: %s)", c->key, spec,
                         l.len > 5 ? "latest" : "sprints", sb_str(&sb));
        sb_free(&sb);
    }
    app_sprints_free(&l);
    return rc;
}

int app_sprint_current(tk_app *app, const tk_client *c, tk_day today, tk_sprint *out,
                       tk_err *err)
{
    app_sprints l;
    memset(out, 0, sizeof *out);
    if (app_sprint_list(app, c, today, &l, err))
        return -1;
    long i = pick(&l, "current", today);
    if (i >= 0) {
        *out = l.items[i];
        out->name = xstrdup(l.items[i].name);
    }
    app_sprints_free(&l);
    return i >= 0;
}

/* ---- ranges ---- */

static int parse_month(const char *s, tk_day *first, tk_day *last, tk_err *err)
{
    int y, m, used = 0;
    if (sscanf(s, "%4d-%2d%n", &y, &m, &used) != 2 || s[used] || used != 7 || m < 1 || m > 12 ||
        y < 1)
        return tk_fail(err, "bad period '%s' (expected a month such as 2026-11)", s);
    *first = day_from_ymd(y, m, 1);
    *last = day_from_ymd(y, m, day_days_in_month(y, m));
    return 0;
}

int app_range_resolve(tk_app *app, const tk_client *c, const char *period, const char *from,
                      const char *to, const char *sprint, app_range *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    int forms = (period != NULL) + (from || to) + (sprint != NULL);
    if (forms != 1 || (from && !to) || (to && !from))
        return tk_fail(err, "give one of --period MONTH, --from DATE --to DATE, or --sprint NAME");
    char a[DAY_BUF], b[DAY_BUF];
    if (period) {
        if (parse_month(period, &out->from, &out->to, err))
            return -1;
        snprintf(out->label, sizeof out->label, "%s", period);
    } else if (from) {
        if (day_parse(from, app_today(), &out->from, err) || day_parse(to, app_today(), &out->to, err))
            return -1;
        if (out->to < out->from)
            return tk_fail(err, "--to %s is before --from %s", to, from);
        snprintf(out->label, sizeof out->label, "%s to %s", day_format(out->from, a),
                 day_format(out->to, b));
    } else {
        tk_sprint sp;
        if (app_sprint_find(app, c, sprint, app_today(), &sp, err))
            return -1;
        out->from = sp.from;
        out->to = sp.to;
        snprintf(out->label, sizeof out->label, "%s", sp.name);
        tk_sprint_clear(&sp);
    }
    return 0;
}

/* ---- hours per developer and project ---- */

typedef TK_VEC(app_hours_row) row_vec;

struct hours_acc {
    app_biller *b;
    tk_day from, to;
    row_vec users, projects;
    app_hours_row total;
    tk_err *err;
};

static int row_add(app_hours_row *r, int64_t seconds, int64_t billed, int64_t amount)
{
    return tk_add64(r->seconds, seconds, &r->seconds) ||
           tk_add64(r->billed_seconds, billed, &r->billed_seconds) ||
           tk_add64(r->amount_minor, amount, &r->amount_minor);
}

static app_hours_row *row_for(row_vec *v, const char *key)
{
    for (size_t i = 0; i < v->len; i++)
        if (!strcmp(v->items[i].key, key))
            return &v->items[i];
    app_hours_row r = { xstrdup(key), 0, 0, 0 };
    TK_PUSH(*v, r);
    return &v->items[v->len - 1];
}

static int add_hours(const tk_entry *e, void *p)
{
    struct hours_acc *h = p;
    if (e->day < h->from || e->day > h->to)
        return 0;
    tk_bill bill;
    if (app_bill(h->b, e, &bill, h->err))
        return -1;
    int64_t billed = bill.billable ? bill.billed_seconds : 0;
    int64_t amount = bill.billable ? bill.amount_minor : 0;
    if (row_add(row_for(&h->users, e->user), bill.actual_seconds, billed, amount) ||
        row_add(row_for(&h->projects, e->project), bill.actual_seconds, billed, amount) ||
        row_add(&h->total, bill.actual_seconds, billed, amount))
        return tk_fail(h->err, "too many hours to add up");
    return 0;
}

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const app_hours_row *)a)->key, ((const app_hours_row *)b)->key);
}

int app_hours_report(tk_app *app, const tk_client *c, tk_day from, tk_day to, app_hours *out,
                     tk_err *err)
{
    memset(out, 0, sizeof *out);
    /* Hours per developer: in a team, members read only their own (app_team_may). */
    if (app_team_is_team(app) && app_team_may(app, TEAM_READ_ALL, 0, from, err))
        return -1;
    struct hours_acc h = { .from = from, .to = to, .err = err };
    if (!(h.b = app_biller_new(app, err)))
        return -1;
    store_filter f = { .client_id = c->id, .from = from, .to = to };
    int rc = store_entry_each(app->st, &f, add_hours, &h, err) < 0 ? -1 : 0;
    app_biller_free(h.b);
    if (h.users.len)
        qsort(h.users.items, h.users.len, sizeof *h.users.items, cmp_row);
    if (h.projects.len)
        qsort(h.projects.items, h.projects.len, sizeof *h.projects.items, cmp_row);
    out->users = h.users.items;
    out->nusers = h.users.len;
    out->projects = h.projects.items;
    out->nprojects = h.projects.len;
    out->total = h.total;
    if (rc)
        app_hours_free(out);
    return rc;
}

void app_hours_free(app_hours *h)
{
    for (size_t i = 0; i < h->nusers; i++)
        free(h->users[i].key);
    for (size_t i = 0; i < h->nprojects; i++)
        free(h->projects[i].key);
    free(h->users);
    free(h->projects);
    memset(h, 0, sizeof *h);
}
