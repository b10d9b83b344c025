/* app_zoho_connect.c — `tock zoho connect`: where the refresh token goes (decided, and
 * checked, before the user generates a grant code that lives only minutes), the exchange of
 * the code, and the token written to zoho.refresh_token_file — or handed back for the user
 * to store where zoho.refresh_token_command (or the config file) reads it. */
#include "app.h"
#include "zoho.h"
#include "app_zoho.h"
#include "app_zoho_connect.h"

#include <stdlib.h>
#include <string.h>

#include "secret_file.h"

static bool set(const char *s)
{
    return s && *s;
}

/* The config file tock read, else where it would read one. Caller frees. */
static char *config_file(const tk_app *app)
{
    if (app->cfg.path)
        return xstrdup(app->cfg.path);
    char *dir = config_xdg_dir("CONFIG");
    char *path = xasprintf("%s/config.ini", dir ? dir : "~/.config/tock");
    free(dir);
    return path;
}

static int destination(tk_app *app, app_zoho_connect *k, tk_err *err)
{
    const tk_zoho_config *zc = &app->cfg.zoho;
    int n = set(zc->refresh_token) + set(zc->refresh_token_command) + set(zc->refresh_token_file);
    char *cfg = config_file(app);
    int rc = 0;
    if (n > 1)
        rc = tk_fail(err, "more than one of zoho.refresh_token, zoho.refresh_token_command and "
                     "zoho.refresh_token_file is set in %s; keep one", cfg);
    else if (n == 0)
        rc = tk_fail(err, "nowhere to keep the refresh token: set zoho.refresh_token_file "
                     "(such as ~/.config/tock/zoho-refresh-token) or zoho.refresh_token_command "
                     "in %s", cfg);
    else if (set(zc->refresh_token_file)) {
        bool exists;
        k->kind = APP_CONNECT_FILE;
        k->path = secret_file_path(zc->refresh_token_file, err);
        if (!k->path || secret_file_check(k->path, &exists, err))
            rc = -1;
        if (rc && !strstr(err->msg, "zoho.refresh_token_file")) {
            tk_err why = *err;
            tk_fail(err, "zoho.refresh_token_file: %s", why.msg);
        }
    } else if (set(zc->refresh_token_command)) {
        k->kind = APP_CONNECT_COMMAND;
        k->command = zc->refresh_token_command;
    } else {
        k->kind = APP_CONNECT_CONFIG;
        k->config_path = xstrdup(cfg);
    }
    free(cfg);
    return rc;
}

int app_zoho_connect_open(tk_app *app, bool verbose, app_zoho_connect *k, tk_err *err)
{
    memset(k, 0, sizeof *k);
    if (app_zoho_open_grant(app, verbose, &k->z, err) || destination(app, k, err))
        return -1;
    k->console_url = zoho_console_url(&k->z.s);
    k->scopes = zoho_scopes();
    k->env_wins = set(getenv("TOCK_ZOHO_REFRESH_TOKEN"));
    return 0;
}

int app_zoho_connect_finish(app_zoho_connect *k, const char *code, char **token, tk_err *err)
{
    char *rt = NULL;
    *token = NULL;
    if (zoho_exchange_code(k->z.zc, code, &rt, err) != ZOHO_OK) {
        app_zoho_hint(&k->z, err);
        return -1;
    }
    if (k->kind != APP_CONNECT_FILE) {
        *token = rt;
        return 0;
    }
    tk_err why = { "" };
    int rc = 0;
    if (secret_file_write(k->path, rt, &k->replaced, &why))
        rc = tk_fail(err, "zoho.refresh_token_file: %s (Zoho issued the token; generate a new "
                     "grant code once this is fixed)", why.msg);
    zoho_secret_free(rt);
    return rc;
}

void app_zoho_connect_close(app_zoho_connect *k)
{
    app_zoho_close(&k->z);
    free(k->path);
    free(k->config_path);
    free(k->console_url);
    memset(k, 0, sizeof *k);
}
