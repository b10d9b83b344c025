/* app_import.c — one import as one transaction: rows from a reader become users, clients,
 * projects, entries and timers, with duplicates, overlaps and bad rows accounted for.
 * Every check of a row runs before anything is created for it, so a skipped row leaves
 * nothing behind. */
#include "app_import.h"
#include "app_import_impl.h"
#include "app_audit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "import.h"
#include "json.h"
#include "text.h"
#include "app_entry.h"
#include "app_ref.h"

/* What a step of a row ends in. */
enum { ROW_OK = 0, ROW_BAD = 1, ROW_DUP = 2, ROW_FATAL = -1 };

struct run {
    tk_app *app;
    const app_import_opts *o;
    app_import_result *res;
    const char *default_client;
    strmap user_by_name;        /* "user\x1femail" → app_import_user * */
    strmap user_by_login;
    strmap client_by_name;      /* source name → app_import_client * */
    strmap client_by_key;
    strmap project_by_name;     /* "client key\x1fsource name" → app_import_project * */
    strmap project_by_key;      /* "client key/project key" */
    bool tock;                  /* tock's own format: rows may carry our entry ids */
    bool keep_ids;              /* ... and the database had no entries: keep them */
    strbuf note, key;
    long line;                  /* of the row being taken */
};

/* "FILE:LINE: message" into err; returns ROW_BAD. */
static int bad(struct run *r, tk_err *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(struct run *r, tk_err *err, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tk_fail(err, "%s:%ld: %s", r->o->filename, r->line, msg);
    return ROW_BAD;
}

/* A warning, or under strict an error: ROW_OK after telling the caller, or ROW_BAD. */
static int warn(struct run *r, tk_err *err, const char *what, const char *outcome)
{
    if (r->o->strict)
        return bad(r, err, "%s (--strict)", what);
    char line[600];
    snprintf(line, sizeof line, "%s:%ld: %s; %s", r->o->filename, r->line, what, outcome);
    r->res->warnings++;
    if (r->o->note)
        r->o->note(r->o->ctx, APP_IMPORT_WARNING, line);
    return ROW_OK;
}

/* ---- who ---- */

/* A login as the OS writes them: no space, control character, '/' or ':'. */
static bool login_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64 || *s == '-' || !text_valid_utf8(s))
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == 0x7f || *s == '/' || *s == ':')
            return false;
    return true;
}

static app_import_user *user_slot(struct run *r, const char *login, tk_err *err)
{
    app_import_user *u = strmap_get(&r->user_by_login, login);
    if (u)
        return u;
    u = xcalloc(1, sizeof *u);
    u->login = xstrdup(login);
    if (!strcmp(login, r->app->user))
        u->id = r->app->user_id;
    else if (store_user_get(r->app->st, login, &u->id, err) < 0) {
        free(u->login);
        free(u);
        return NULL;
    }
    TK_PUSH(r->res->users, u);
    strmap_put(&r->user_by_login, login, u);
    return u;
}

/* The user a row belongs to: the importer, or whom the user map names. */
static int row_user(struct run *r, const import_row *row, app_import_user **out, tk_err *err)
{
    const app_name_map *m = r->o->users;
    if (!m) {
        *out = user_slot(r, r->app->user, err);
        return *out ? ROW_OK : ROW_FATAL;
    }
    sb_reset(&r->key);
    sb_addf(&r->key, "%s\x1f%s", row->user, row->email);
    if ((*out = strmap_get(&r->user_by_name, sb_str(&r->key))))
        return ROW_OK;
    const struct map_item *it = name_map_find(m, row->user);
    if (!it)
        it = name_map_find(m, row->email);
    if (!it)
        it = name_map_find(m, "*");
    if (!it && (*row->user || *row->email))
        return bad(r, err, "no login for user '%s' in %s (add a line '%s = LOGIN', or '* = LOGIN')",
                   *row->user ? row->user : row->email, m->path, *row->user ? row->user : row->email);
    *out = user_slot(r, it ? it->value : r->app->user, err);
    if (!*out)
        return ROW_FATAL;
    strmap_put(&r->user_by_name, sb_str(&r->key), *out);
    return ROW_OK;
}

static int ensure_user(struct run *r, app_import_user *u, tk_err *err)
{
    if (u->id)
        return 0;
    u->created = true;
    return store_user_ensure(r->app->st, u->login, clock_now(), &u->id, err);
}

/* ---- what ---- */

/* The key a source name becomes. A tock row names keys: kept when valid. Another tool's name
 * is a display name: its slug ("Globex" → globex, "Client A" → client-a), unless a record
 * already has exactly that key (exists: 1/0/-1 for the name as a key). */
static char *key_of(const struct run *r, const char *name, int exists)
{
    if (key_valid(name) && (r->tock || exists == 1))
        return xstrdup(name);
    return key_slugify(name);
}

/* Whether a client with exactly this key exists: 1, 0, -1. */
static int client_exists(struct run *r, const char *key, tk_err *err)
{
    const app_import_client *c = strmap_get(&r->client_by_key, key);
    if (c)
        return c->id != 0;
    tk_client rec;
    int rc = store_client_get(r->app->st, key, &rec, err);
    if (rc == 1)
        tk_client_clear(&rec);
    return rc;
}

static int project_exists(struct run *r, const app_import_client *c, const char *key, tk_err *err)
{
    tk_project rec;
    int rc = c->id ? store_project_get(r->app->st, c->id, key, &rec, err) : 0;
    if (rc == 1)
        tk_project_clear(&rec);
    return rc;
}

static app_import_client *client_slot(struct run *r, char *key, const char *name, tk_err *err)
{
    app_import_client *c = strmap_get(&r->client_by_key, key);
    if (c) {
        free(key);
        return c;
    }
    c = xcalloc(1, sizeof *c);
    c->key = key;
    c->billable = true;
    tk_client rec;
    int rc = store_client_get(r->app->st, key, &rec, err);
    if (rc < 0) {
        free(c->key);
        free(c);
        return NULL;
    }
    if (rc == 1) {
        c->id = rec.id;
        c->billable = rec.billable;
        c->name = xstrdup(rec.name);
        tk_client_clear(&rec);
    } else {
        c->name = xstrdup(name && *name ? name : key);
    }
    TK_PUSH(r->res->clients, c);
    strmap_put(&r->client_by_key, key, c);
    return c;
}

/* The client a row's client name means: the client map's, its key, or the default. */
/* display: the name a tock row gives the client key `name`, or "". */
static app_import_client *row_client(struct run *r, const char *name, const char *display,
                                     tk_err *err)
{
    app_import_client *c = strmap_get(&r->client_by_name, name);
    if (c)
        return c;
    const struct map_item *it = name_map_find(r->o->clients, name);
    if (!*name)
        c = client_slot(r, xstrdup(r->default_client), NULL, err);
    else if (it)
        c = client_slot(r, xstrdup(it->value), NULL, err);
    else if (r->tock)
        c = client_slot(r, key_of(r, name, 0), display, err);
    else if (!key_valid(name))
        c = client_slot(r, key_of(r, name, 0), name, err);
    else {
        int exists = client_exists(r, name, err);
        c = exists < 0 ? NULL : client_slot(r, key_of(r, name, exists), name, err);
    }
    if (c)
        strmap_put(&r->client_by_name, name, c);
    return c;
}

static app_import_project *row_project(struct run *r, app_import_client *c, const char *name,
                                       const char *display, tk_err *err)
{
    sb_reset(&r->key);
    sb_addf(&r->key, "%s\x1f%s", c->key, name);
    app_import_project *p = strmap_get(&r->project_by_name, sb_str(&r->key));
    if (p)
        return p;
    int exists = !r->tock && key_valid(name) ? project_exists(r, c, name, err) : 0;
    if (exists < 0)
        return NULL;
    char *key = key_of(r, name, exists);
    char *both = xasprintf("%s/%s", c->key, key);
    p = strmap_get(&r->project_by_key, both);
    if (p) {
        free(key);
    } else {
        p = xcalloc(1, sizeof *p);
        p->client = c;
        p->key = key;
        p->billable = true;
        tk_project rec;
        int rc = c->id ? store_project_get(r->app->st, c->id, key, &rec, err) : 0;
        if (rc == 1) {
            p->id = rec.id;
            p->billable = rec.billable;
            p->name = xstrdup(rec.name);
            tk_project_clear(&rec);
        } else {
            p->name = xstrdup(*display ? display : name);
        }
        TK_PUSH(r->res->projects, p);
        strmap_put(&r->project_by_key, both, p);
        if (rc < 0) {
            free(both);
            return NULL;
        }
    }
    free(both);
    strmap_put(&r->project_by_name, sb_str(&r->key), p);
    return p;
}

static int ensure_client(struct run *r, app_import_client *c, tk_err *err)
{
    if (c->id)
        return 0;
    tk_client rec = { .key = c->key, .name = c->name, .billable = true,
                      .currency = c->currency[0] ? c->currency : r->app->cfg.default_currency };
    if (store_client_insert(r->app->st, &rec, clock_now(), err))
        return -1;
    c->id = rec.id;
    c->created = true;
    return app_audit_change(r->app, "add", "client", c->id, NULL, NULL, err);
}

static int ensure_project(struct run *r, app_import_project *p, tk_err *err)
{
    if (!p || p->id)
        return 0;
    tk_project rec = { .client_id = p->client->id, .key = p->key, .name = p->name,
                       .billable = true, .fixed_minor = -1, .budget_seconds = -1 };
    if (store_project_insert(r->app->st, &rec, clock_now(), err))
        return -1;
    p->id = rec.id;
    p->created = true;
    return app_audit_change(r->app, "add", "project", p->id, NULL, NULL, err);
}

/* ---- the entry ---- */

/* The note: the task in front of the source's note, and the tags no field took behind it. */
static const char *row_note(struct run *r, const import_row *row)
{
    strbuf *n = &r->note;
    sb_reset(n);
    sb_add(n, row->task);
    if (*row->task && *row->note)
        sb_add(n, ": ");
    sb_add(n, row->note);
    if (*row->tags)
        sb_addf(n, "%s[%s]", n->len ? " " : "", row->tags);
    return sb_str(n);
}

/* Our own id on a tock row, or 0. */
static int64_t row_id(const import_row *row)
{
    char *end;
    errno = 0;
    long long v = strtoll(row->source_id, &end, 10);
    return *row->source_id && !*end && !errno && v > 0 ? v : 0;
}

/* Whether the tock row's id names an entry here with the same facts: 1, 0, -1. */
static int same_entry_here(struct run *r, const tk_entry *e, const app_import_user *u,
                           const app_import_client *c, const app_import_project *p, int64_t id,
                           tk_err *err)
{
    tk_entry o;
    int rc = id ? store_entry_get(r->app->st, id, &o, err) : 0;
    if (rc <= 0)
        return rc;
    bool same = !strcmp(o.user, u->login) && !strcmp(o.client, c->key) &&
                !strcmp(o.project, p ? p->key : "") &&
                !strcmp(o.tier ? o.tier : "", e->tier ? e->tier : "") &&
                o.has_range == e->has_range && !strcmp(o.note, e->note) &&
                (e->has_range ? o.start == e->start && o.end == e->end
                              : o.day == e->day && o.seconds == e->seconds);
    tk_entry_clear(&o);
    return same;
}

static void describe(const tk_entry *o, char *buf, size_t size)
{
    char a[DAY_TIME_BUF], b[DAY_TIME_BUF], d[DAY_BUF];
    snprintf(buf, size, "overlaps entry %lld (%s%s%s %s %s-%s)", (long long)o->id, o->client,
             *o->project ? "/" : "", o->project, day_format(o->day, d),
             local_format_hm(o->start, a), local_format_hm(o->end, b));
}

/* A range that overlaps another range of its user: a warning. One that overlaps the running
 * timer is refused: kept, it would leave a timer that neither stop nor start accepts. */
static int check_overlaps(struct run *r, const tk_entry *e, tk_err *err)
{
    if (!e->user_id || !e->has_range || e->end <= e->start)
        return ROW_OK;
    char what[300] = "";
    tk_timer t;
    int rc = store_timer_get(r->app->st, e->user_id, &t, err);
    if (rc < 0)
        return ROW_FATAL;
    if (rc == 1) {
        char hm[DAY_TIME_BUF];
        bool hit = e->end > t.start;
        if (hit)
            snprintf(what, sizeof what, "overlaps the running timer (%s%s%s since %s)", t.client,
                     *t.project ? "/" : "", t.project, local_format_hm(t.start, hm));
        tk_timer_clear(&t);
        if (hit)
            return bad(r, err, "%s: stop or cancel the timer first", what);
    }
    tk_entry o;
    rc = store_entry_overlap(r->app->st, e->user_id, e->start, e->end, 0, &o, err);
    if (rc < 0)
        return ROW_FATAL;
    if (rc == 1) {
        describe(&o, what, sizeof what);
        tk_entry_clear(&o);
    }
    return *what ? warn(r, err, what, "kept") : ROW_OK;
}

static int ensure_all(struct run *r, app_import_user *u, app_import_client *c,
                      app_import_project *p, tk_entry *e, tk_err *err)
{
    if (ensure_user(r, u, err) || ensure_client(r, c, err) || ensure_project(r, p, err))
        return ROW_FATAL;
    e->user_id = u->id;
    e->client_id = c->id;
    e->project_id = p ? p->id : 0;
    return ROW_OK;
}

/* An open interval: the user's running timer, unless one runs already. */
static int take_open(struct run *r, const import_row *row, tk_entry *e, app_import_user *u,
                     app_import_client *c, app_import_project *p, tk_err *err)
{
    char since[DAY_TIME_BUF + DAY_BUF], d[DAY_BUF], hm[DAY_TIME_BUF], what[400];
    snprintf(since, sizeof since, "%s %s", day_format(local_day_of(row->start), d),
             local_format_hm(row->start, hm));
    if (u->id) {
        tk_timer t;
        int rc = store_timer_get(r->app->st, u->id, &t, err);
        if (rc < 0)
            return ROW_FATAL;
        if (rc == 1) {
            bool same = t.start == row->start;
            tk_timer_clear(&t);
            if (same)
                return ROW_DUP;
            snprintf(what, sizeof what, "an open interval since %s, but a timer already runs "
                     "for %s", since, u->login);
            return warn(r, err, what, "not started");   /* a warning, and nothing to add */
        }
        /* The timer runs from its start until now: an entry anywhere in that span would make
         * it impossible to stop, as app_timer_start knows. */
        tk_entry o;
        int64_t now = clock_now(), until = now > row->start ? now : row->start + 1;
        rc = store_entry_overlap(r->app->st, u->id, row->start, until, 0, &o, err);
        if (rc < 0)
            return ROW_FATAL;
        if (rc == 1) {
            bool same = o.start == row->start && o.client_id == c->id;
            char over[300];
            describe(&o, over, sizeof over);
            tk_entry_clear(&o);
            if (same)
                return ROW_DUP;  /* imported before, and stopped since */
            snprintf(what, sizeof what, "an open interval since %s %s", since, over);
            return warn(r, err, what, "not started");
        }
    }
    if (ensure_all(r, u, c, p, e, err))
        return ROW_FATAL;
    tk_timer t = { .user_id = u->id, .client_id = c->id, .project_id = p ? p->id : 0,
                   .tier = e->tier, .billable = e->billable, .note = e->note, .start = row->start,
                   .ref = e->ref };
    if (store_timer_put(r->app->st, &t, err) ||
        app_audit_change(r->app, "start", "timer", u->id, NULL, NULL, err))
        return ROW_FATAL;
    app_import_timer it = { xstrdup(u->login),
                            p ? xasprintf("%s/%s", c->key, p->key) : xstrdup(c->key), row->start };
    TK_PUSH(r->res->timers, it);
    return ROW_OK;
}

static int take_entry(struct run *r, const import_row *row, tk_entry *e, app_import_user *u,
                      app_import_client *c, app_import_project *p, tk_err *err)
{
    tk_err why;
    if (app_entry_check(r->app, e, &why))
        return bad(r, err, "%s", why.msg);
    int64_t id = r->tock ? row_id(row) : 0;
    if (id && !r->keep_ids) {
        int same = same_entry_here(r, e, u, c, p, id, err);
        if (same)
            return same < 0 ? ROW_FATAL : ROW_DUP;
    }
    int rc = check_overlaps(r, e, err);
    if (rc != ROW_OK)
        return rc;
    if (ensure_all(r, u, c, p, e, err))
        return ROW_FATAL;
    if (id && r->keep_ids) {
        tk_entry o;
        rc = store_entry_get(r->app->st, id, &o, err);
        if (rc < 0)
            return ROW_FATAL;
        if (rc == 1)
            tk_entry_clear(&o);   /* the file repeats an id: this one gets a new one */
        e->id = rc == 1 ? 0 : id;
    }
    if (app_entry_import(r->app, e, err))
        return ROW_FATAL;
    r->res->entries++;
    r->res->seconds += e->seconds;
    c->entries++;
    c->seconds += e->seconds;
    return ROW_OK;
}

/* One row read well: ROW_OK, ROW_DUP, ROW_BAD (err says why) or ROW_FATAL. */
static int take_row(struct run *r, const import_row *row, tk_err *err)
{
    app_import_user *u;
    app_import_client *c;
    app_import_project *p = NULL;
    tk_err why;
    r->line = row->line;
    int rc = row_user(r, row, &u, err);
    if (rc != ROW_OK)
        return rc;
    if (!(c = row_client(r, row->client, row->client_name, err)) ||
        (*row->project && !(p = row_project(r, c, row->project, row->project_name, err))))
        return ROW_FATAL;
    if (*row->tier && app_check_tier(r->app, row->tier, &why))
        return bad(r, err, "%s", why.msg);
    rc = store_entry_source_exists(r->app->st, row->source_key, err);
    if (rc)
        return rc < 0 ? ROW_FATAL : ROW_DUP;
    if (!c->id && !c->currency[0] && row->currency[0])
        memcpy(c->currency, row->currency, sizeof c->currency);
    tk_entry e = { .user_id = u->id, .client_id = c->id, .project_id = p ? p->id : 0,
                   .tier = *row->tier ? (char *)row->tier : NULL,
                   .billable = row->has_billable ? row->billable : c->billable && (!p || p->billable),
                   .has_range = row->has_range, .start = row->start, .end = row->end,
                   .day = row->day, .seconds = row->seconds, .note = (char *)row_note(r, row),
                   .source_key = (char *)row->source_key };
    /* The source's ticket, else [tickets] pattern in its task (Toggl's task often names one),
     * else (app_ref_store) in the note. */
    tk_err ignored;
    char *task_ref = NULL;
    if (*row->ref && !app_ref_check(row->ref, &ignored))
        e.ref = (char *)row->ref;
    else if (*row->task)
        e.ref = task_ref = app_ref_from_note(r->app, row->task);
    rc = row->open ? take_open(r, row, &e, u, c, p, err) : take_entry(r, row, &e, u, c, p, err);
    free(task_ref);
    return rc;
}

/* ---- the whole file ---- */

/* The maps name logins and clients that can be used. */
static int check_maps(struct run *r, tk_err *err)
{
    const app_name_map *m = r->o->users;
    for (size_t i = 0; m && i < m->items.len; i++) {
        const struct map_item *it = m->items.items[i];
        if (!login_valid(it->value))
            return tk_fail(err, "%s:%ld: '%s' is not a login", m->path, it->line, it->value);
    }
    m = r->o->clients;
    for (size_t i = 0; m && i < m->items.len; i++) {
        const struct map_item *it = m->items.items[i];
        tk_client c;
        int rc = key_valid(it->value) ? store_client_get(r->app->st, it->value, &c, err) : 0;
        if (rc < 0)
            return -1;
        if (rc == 0)
            return tk_fail(err, "%s:%ld: no client '%s' (the client map names existing clients; "
                           "add it with: tock client add KEY)", m->path, it->line, it->value);
        tk_client_clear(&c);
    }
    if (!key_valid(r->default_client))
        return tk_fail(err, "bad default client '%s' (letters, digits, '-', '_', '.')",
                       r->default_client);
    return 0;
}

/* A row that cannot be imported: skipped and told, or the end of the import. */
static int bad_row(struct run *r, const tk_err *why)
{
    if (!r->o->skip_bad) {
        r->res->stopped_at_bad_row = true;
        return -1;
    }
    r->res->skipped++;
    if (r->o->note)
        r->o->note(r->o->ctx, APP_IMPORT_SKIPPED, why->msg);
    return 0;
}

static int read_all(struct run *r, import_reader *rd, tk_err *err)
{
    import_row row;
    for (;;) {
        int rc = import_next(rd, &row, err);
        if (rc == IMPORT_END)
            return 0;
        if (rc == IMPORT_FATAL)
            return -1;
        r->res->rows++;
        if (r->o->progress && r->res->rows % 1000 == 0)
            r->o->progress(r->o->ctx, r->res->rows);
        if (rc == IMPORT_ROW)
            rc = take_row(r, &row, err);
        else
            rc = ROW_BAD;
        if (rc == ROW_FATAL || (rc == ROW_BAD && bad_row(r, err)))
            return -1;
        r->res->duplicates += rc == ROW_DUP;
    }
}

/* Whether the import created anything (a duplicate-only import writes nothing, not even
 * its audit line). */
static bool changed(const app_import_result *res)
{
    bool any = res->entries || res->timers.len;
    for (size_t i = 0; !any && i < res->clients.len; i++)
        any = res->clients.items[i]->created;
    for (size_t i = 0; !any && i < res->projects.len; i++)
        any = res->projects.items[i]->created;
    for (size_t i = 0; !any && i < res->users.len; i++)
        any = res->users.items[i]->created;
    return any;
}

static void run_free(struct run *r)
{
    strmap_free(&r->user_by_name, NULL);
    strmap_free(&r->user_by_login, NULL);
    strmap_free(&r->client_by_name, NULL);
    strmap_free(&r->client_by_key, NULL);
    strmap_free(&r->project_by_name, NULL);
    strmap_free(&r->project_by_key, NULL);
    sb_free(&r->note);
    sb_free(&r->key);
}

/* The import on app->st, in one transaction. */
static int import_once(tk_app *app, FILE *f, const app_import_opts *opt, app_import_result *res,
                       tk_err *err)
{
    memset(res, 0, sizeof *res);
    struct run r = { .app = app, .o = opt, .res = res,
                     .default_client = opt->default_client ? opt->default_client
                                                           : APP_IMPORT_DEFAULT_CLIENT,
                     .tock = opt->format && !strncasecmp(opt->format, "tock", 4) };
    import_options io = { .map = opt->map };
    import_reader *rd = NULL;
    int rc = check_maps(&r, err);
    if (rc == 0 && !(rd = import_open(opt->format, f, opt->filename, &io, err)))
        rc = -1;
    if (rc == 0)
        rc = app_change_begin(app, err);
    if (rc == 0) {
        int any = r.tock ? store_entry_any(app->st, err) : 1;
        r.keep_ids = any == 0;
        rc = any < 0 ? -1 : read_all(&r, rd, err);
        bool write = rc == 0 && !opt->dry_run && changed(res);
        /* One record for the whole import: its source and how many entries it added (each
         * entry keeps its source_key), not a before and after per entry. */
        strbuf detail = { 0 };
        jw w;
        jw_init(&w, &detail);
        jw_obj(&w);
        jw_key(&w, "after");
        jw_obj(&w);
        jw_kstr(&w, "format", opt->format);
        jw_kstr(&w, "file", opt->filename);
        jw_kint(&w, "entries", res->entries);
        jw_end_obj(&w);
        jw_end_obj(&w);
        if (write)
            rc = app_change_end(app, rc, "import", "entry", 0, sb_str(&detail), err);
        else
            app_change_cancel(app);   /* a dry run, a failure or nothing new: nothing kept */
        sb_free(&detail);
    }
    import_close(rd);
    run_free(&r);
    return rc;
}

/* A file can be read again from the start; a pipe cannot. */
static bool rereadable(FILE *f, long *start)
{
    struct stat st;
    return fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (*start = ftell(f)) >= 0;
}

/* The import runs on a working copy (store_stage_begin), so the write lock is held only while
 * its rows are added: writers and the TUI wait a moment, not the length of the import. A dry
 * run never takes the lock. When another process wrote meanwhile, store_stage_apply weighs
 * what it wrote against what the import read; only a change that could alter the import (an
 * overlapping or duplicate entry, a timer or week of an imported user, a new client...) makes
 * it run again on a new copy, STAGE_TRIES times at most, then under the write lock, as it
 * does from a pipe or without room for the copy. */
enum { STAGE_TRIES = 3 };

/* For a test (TOCK_TEST_STAGE_WAIT=PATH): after the import on a copy, PATH.ready.TRY appears
 * and the import waits (a minute at most) for PATH.go, so that the test can write to the
 * database between the copy and its rows being added. */
static void test_stage_wait(int try)
{
    const char *path = getenv("TOCK_TEST_STAGE_WAIT");
    if (!path || !*path)
        return;
    char *ready = xasprintf("%s.ready.%d", path, try), *go = xasprintf("%s.go", path);
    FILE *f = fopen(ready, "w");
    if (f)
        fclose(f);
    struct stat st;
    struct timespec tick = { 0, 20000000L };
    for (int i = 0; i < 3000 && stat(go, &st) != 0; i++)
        nanosleep(&tick, NULL);
    free(ready);
    free(go);
}

/* A try's warnings and skipped rows, told only when that try is the one that counts: an
 * import that starts again would tell them twice. */
struct held_note { app_import_note kind; char *line; };
struct held { const app_import_opts *o; TK_VEC(struct held_note) notes; };

static void hold_note(void *ctx, app_import_note kind, const char *line)
{
    struct held *h = ctx;
    struct held_note n = { kind, xstrdup(line) };
    TK_PUSH(h->notes, n);
}

static void hold_progress(void *ctx, long rows)
{
    struct held *h = ctx;
    h->o->progress(h->o->ctx, rows);
}

static void held_end(struct held *h, bool tell)
{
    for (size_t i = 0; i < h->notes.len; i++) {
        if (tell)
            h->o->note(h->o->ctx, h->notes.items[i].kind, h->notes.items[i].line);
        free(h->notes.items[i].line);
    }
    free(h->notes.items);
    h->notes.items = NULL;
    h->notes.len = h->notes.cap = 0;
}

/* The import under the write lock, in place: after a large import that another process is
 * still adding (its source keys are in the table, unseen) or removing what one that died
 * left (store_pending_settle). */
static int in_place(tk_app *app, FILE *f, const app_import_opts *opt, app_import_result *res,
                    tk_err *err)
{
    if (!opt->dry_run && store_pending_settle(app->st, err))
        return -1;
    return import_once(app, f, opt, res, err);
}

/* A pipe's rows copied to an unlinked file in $TMPDIR (or /tmp), so that a piped import too
 * runs on a working copy and can be read again: otherwise it held the write lock for as long
 * as it ran. NULL with err set when there is no room: nothing was imported. */
static FILE *spool(FILE *f, const char *name, tk_err *err)
{
    const char *dir = getenv("TMPDIR");
    char *path = xasprintf("%s/tock-import-XXXXXX", dir && *dir == '/' ? dir : "/tmp");
    int fd = mkstemp(path);
    FILE *out = fd < 0 ? NULL : fdopen(fd, "w+");
    if (fd >= 0)
        unlink(path);
    free(path);
    if (!out) {
        if (fd >= 0)
            close(fd);
        tk_fail(err, "%s: cannot keep a copy of the input: %s", name, strerror(errno));
        return NULL;
    }
    char buf[65536];
    size_t n;
    errno = 0;   /* a failure below names its own cause, not an earlier call's */
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    if (ferror(f) || ferror(out) || fflush(out) || fseek(out, 0, SEEK_SET)) {
        tk_fail(err, "%s: cannot keep a copy of the input: %s", name,
                errno ? strerror(errno) : "read or write error");
        fclose(out);
        return NULL;
    }
    return out;
}

static int import_staged(tk_app *app, FILE *f, const app_import_opts *opt,
                         app_import_result *res, tk_err *err);

int app_import(tk_app *app, FILE *f, const app_import_opts *opt, app_import_result *res,
               tk_err *err)
{
    long start = 0;
    memset(res, 0, sizeof *res);   /* the caller reads and frees it whatever happens */
    if (rereadable(f, &start) || opt->dry_run)
        return import_staged(app, f, opt, res, err);
    FILE *copy = spool(f, opt->filename, err);
    if (!copy)
        return -1;
    int rc = import_staged(app, copy, opt, res, err);
    fclose(copy);
    return rc;
}

/* The import of a file that can be read again (or a dry run), on working copies. */
static int import_staged(tk_app *app, FILE *f, const app_import_opts *opt,
                         app_import_result *res, tk_err *err)
{
    long start = 0;
    struct held held = { .o = opt };
    app_import_opts staged = *opt;
    staged.ctx = &held;
    staged.note = opt->note ? hold_note : NULL;
    staged.progress = opt->progress ? hold_progress : NULL;
    store *live = app->st, *copy;
    store_mark mark;
    if (!rereadable(f, &start) && !opt->dry_run)
        return in_place(app, f, opt, res, err); /* not reached: app_import spooled a pipe */
    for (int try = 0;; try++) {
        if (try == STAGE_TRIES || store_stage_begin(live, &copy, &mark, err))
            return in_place(app, f, opt, res, err); /* others keep interfering; no room */
        app->st = copy;
        int rc = import_once(app, f, &staged, res, err);
        app->st = live;
        test_stage_wait(try);
        if (rc == 0 && !opt->dry_run && changed(res))
            rc = store_stage_apply(live, copy, &mark, err);
        store_stage_end(copy);
        held_end(&held, rc != 1);
        if (rc != 1)
            return rc;
        app_import_result_free(res);
        if (fseek(f, start, SEEK_SET))
            return tk_fail(err, "%s: cannot read it again: %s", opt->filename, strerror(errno));
    }
}

void app_import_result_free(app_import_result *res)
{
    for (size_t i = 0; i < res->clients.len; i++) {
        free(res->clients.items[i]->key);
        free(res->clients.items[i]->name);
        free(res->clients.items[i]);
    }
    for (size_t i = 0; i < res->projects.len; i++) {
        free(res->projects.items[i]->key);
        free(res->projects.items[i]->name);
        free(res->projects.items[i]);
    }
    for (size_t i = 0; i < res->users.len; i++) {
        free(res->users.items[i]->login);
        free(res->users.items[i]);
    }
    for (size_t i = 0; i < res->timers.len; i++) {
        free(res->timers.items[i].login);
        free(res->timers.items[i].spec);
    }
    free(res->clients.items);
    free(res->projects.items);
    free(res->users.items);
    free(res->timers.items);
    memset(res, 0, sizeof *res);
}
