/* app.c — opening tock's world: config, database, user; resolving names. */
#include "app.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app_carry.h"
#include "app_team.h"
#include "clock.h"
#include "text.h"

/* The OS user from the password database, never $USER. */
static char *os_login(void)
{
    struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_name && *pw->pw_name)
        return xstrdup(pw->pw_name);
    return xasprintf("uid%ld", (long)getuid());
}

static int mkdirs(const char *dir, tk_err *err)
{
    char *p = xstrdup(dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) && errno != EEXIST) {
            tk_fail(err, "cannot create %s: %s", p, strerror(errno));
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = 0;
    if (mkdir(p, 0700) && errno != EEXIST)
        rc = tk_fail(err, "cannot create %s: %s", p, strerror(errno));
    free(p);
    return rc;
}

/* The database's path; *is_default when it is the XDG one, whose folder tock may create. */
static char *database_path(const tk_app *app, const char *db_path, bool *is_default)
{
    *is_default = false;
    if (db_path && *db_path)
        return xstrdup(db_path);
    const char *env = getenv("TOCK_DB");
    if (env && *env)
        return xstrdup(env);
    if (app->cfg.database && *app->cfg.database) {
        char *home = app->cfg.database[0] == '~' && app->cfg.database[1] == '/' ? config_home() : NULL;
        char *path = home ? xasprintf("%s%s", home, app->cfg.database + 1) : xstrdup(app->cfg.database);
        free(home);
        return path;
    }
    *is_default = true;
    char *dir = config_xdg_dir("DATA");
    char *path = dir ? xasprintf("%s/tock.db", dir) : NULL;
    free(dir);
    return path;
}

/* Creates the default database's folder; a path the user chose must be in a folder that
 * exists (a typo must not become a new, empty database somewhere). */
static int database_folder(const char *path, bool is_default, tk_err *err)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return 0;
    char *dir = xstrndup(path, (size_t)(slash - path));
    struct stat sb;
    int rc = 0;
    if (is_default)
        rc = mkdirs(dir, err);
    else if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
        rc = tk_fail(err, "cannot open the database %s: the folder %s does not exist", path, dir);
    free(dir);
    return rc;
}

/* How app_open_as opens the database. */
enum open_how { OPEN_WRITE, OPEN_READ, OPEN_LOOK };

static int app_open_as(tk_app *app, const char *config_path, const char *db_path,
                       enum open_how how, tk_err *err)
{
    memset(app, 0, sizeof *app);
    if (clock_init(err) || config_load(&app->cfg, config_path, err))
        return -1;
    bool is_default;
    app->db_path = database_path(app, db_path, &is_default);
    if (!app->db_path)
        return tk_fail(err, "%s", CONFIG_NO_HOME);
    /* A look creates nothing, not even the default database's folder. */
    if (how != OPEN_LOOK && !store_is_server(app->db_path) &&
        database_folder(app->db_path, is_default, err))
        return -1;
    if (how == OPEN_WRITE ? store_open(app->db_path, &app->st, err)
                          : store_open_read(app->db_path, how == OPEN_LOOK, &app->st, err))
        return -1;
    /* Who the database says is connected (PostgreSQL: the role), else the OS login. */
    app->user = store_login(app->st) ? xstrdup(store_login(app->st)) : os_login();
    if (how != OPEN_LOOK)
        return app_team_join(app, how == OPEN_READ, err);
    /* A look registers no one and joins no team: it only reads who this login is. */
    return store_user_get(app->st, app->user, &app->user_id, err) < 0 ? -1 : 0;
}

int app_open(tk_app *app, const char *config_path, const char *db_path, bool read_only,
             tk_err *err)
{
    return app_open_as(app, config_path, db_path, read_only ? OPEN_READ : OPEN_WRITE, err);
}

int app_open_readonly(tk_app *app, const char *config_path, const char *db_path, tk_err *err)
{
    return app_open_as(app, config_path, db_path, OPEN_LOOK, err);
}

int app_entry_get(tk_app *app, int64_t id, tk_entry *out, tk_err *err)
{
    return store_entry_get(app->st, id, out, err);
}

int app_timer_get(tk_app *app, tk_timer *out, tk_err *err)
{
    return store_timer_get(app->st, app->user_id, out, err);
}

int app_client_get(tk_app *app, int64_t id, tk_client *out, tk_err *err)
{
    return store_client_get_id(app->st, id, out, err);
}

int64_t app_data_version(tk_app *app)
{
    return store_data_version(app->st);
}

store_link app_data_link(tk_app *app)
{
    return store_data_link(app->st);
}

int app_data_fd(tk_app *app)
{
    return store_data_fd(app->st);
}

void app_interactive(tk_app *app)
{
    store_busy_timeout(app->st, 200);
}

void app_close(tk_app *app)
{
    app_carry_close(app);
    store_close(app->st);
    config_free(&app->cfg);
    free(app->db_path);
    free(app->user);
    memset(app, 0, sizeof *app);
}

tk_day app_today(void)
{
    return local_day_of(clock_now());
}

tk_day app_week_of(const tk_app *app, tk_day day)
{
    return day_week_start(day, app->cfg.week_start);
}

int app_split_spec(const char *spec, char **client, char **project, tk_err *err)
{
    const char *slash = strchr(spec, '/');
    *client = slash ? xstrndup(spec, (size_t)(slash - spec)) : xstrdup(spec);
    /* "acme/" is the client alone: what completing a client with projects leaves. */
    *project = slash && slash[1] ? xstrdup(slash + 1) : NULL;
    if (!key_valid(*client) || (*project && !key_valid(*project))) {
        free(*client);
        free(*project);
        *client = *project = NULL;
        return tk_fail(err, "bad name '%s' (expected CLIENT or CLIENT/PROJECT: letters, digits, '-', '_', '.')",
                       spec);
    }
    return 0;
}

struct names {
    TK_VEC(char *) v;
};

static int collect_client(const tk_client *c, void *ctx)
{
    struct names *n = ctx;
    TK_PUSH(n->v, xstrdup(c->key));
    return 0;
}

static int collect_project(const tk_project *p, const char *client_key, void *ctx)
{
    (void)client_key;
    struct names *n = ctx;
    TK_PUSH(n->v, xstrdup(p->key));
    return 0;
}

/* Appends " (did you mean 'x'?)" when a name is close. Returns true when it differs only in
 * case: then adding `what` would make a twin, and no "add it with" is offered. */
static bool suggest(struct names *n, const char *what, strbuf *hint)
{
    const char *best = key_suggest(what, (const char *const *)n->v.items, n->v.len);
    bool twin = false;
    if (best) {
        char *a = text_fold(best), *b = text_fold(what);
        twin = !strcmp(a, b);
        free(a);
        free(b);
        sb_addf(hint, " (did you mean '%s'?%s)", best, twin ? " names are case-sensitive" : "");
    }
    for (size_t i = 0; i < n->v.len; i++)
        free(n->v.items[i]);
    free(n->v.items);
    return twin;
}

static int resolve(tk_app *app, const char *spec, bool archived_ok, tk_client *c, tk_project *p,
                   tk_err *err)
{
    char *ckey, *pkey;
    memset(c, 0, sizeof *c);
    memset(p, 0, sizeof *p);
    if (app_split_spec(spec, &ckey, &pkey, err))
        return -1;
    int rc = store_client_get(app->st, ckey, c, err);
    if (rc == 0) {
        struct names n = { 0 };
        strbuf hint = { 0 };
        store_client_each(app->st, false, collect_client, &n, NULL);
        if (suggest(&n, ckey, &hint))
            tk_fail(err, "no client '%s'%s", ckey, sb_str(&hint));
        else
            tk_fail(err, "no client '%s'%s; add it with: tock client add %s", ckey, sb_str(&hint),
                    ckey);
        sb_free(&hint);
        rc = -1;
    } else if (rc == 1 && c->archived && !archived_ok) {
        rc = tk_fail(err, "client '%s' is archived", ckey);
    } else if (rc == 1 && pkey) {
        rc = store_project_get(app->st, c->id, pkey, p, err);
        if (rc == 0) {
            struct names n = { 0 };
            strbuf hint = { 0 };
            store_project_each(app->st, c->id, false, collect_project, &n, NULL);
            if (suggest(&n, pkey, &hint))
                tk_fail(err, "no project '%s' for client '%s'%s", pkey, ckey, sb_str(&hint));
            else
                tk_fail(err, "no project '%s' for client '%s'%s; add it with: tock project add "
                        "%s/%s", pkey, ckey, sb_str(&hint), ckey, pkey);
            sb_free(&hint);
            rc = -1;
        } else if (rc == 1 && p->archived && !archived_ok) {
            rc = tk_fail(err, "project '%s/%s' is archived", ckey, pkey);
        }
    }
    free(ckey);
    free(pkey);
    if (rc < 0) {
        tk_client_clear(c);
        tk_project_clear(p);
        return -1;
    }
    return 0;
}

int app_resolve(tk_app *app, const char *spec, tk_client *c, tk_project *p, tk_err *err)
{
    return resolve(app, spec, false, c, p, err);
}

int app_find(tk_app *app, const char *spec, tk_client *c, tk_project *p, tk_err *err)
{
    return resolve(app, spec, true, c, p, err);
}

int app_check_tier(const tk_app *app, const char *tier, tk_err *err)
{
    if (config_tier_permille(&app->cfg, tier) >= 0)
        return 0;
    strbuf known = { 0 };
    for (size_t i = 0; i < app->cfg.ntiers; i++)
        sb_addf(&known, "%s%s", i ? ", " : "", app->cfg.tiers[i].name);
    tk_fail(err, "unknown tier '%s' (known: %s)", tier, sb_str(&known));
    sb_free(&known);
    return -1;
}
