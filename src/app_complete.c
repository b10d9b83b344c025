/* app_complete.c — the names tock knows (clients, projects, tiers, invoices, sprints), listed
 * for shell completion. Reads only. */
#include "app.h"
#include "app_sprint.h"
#include "app_complete.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

struct names_ctx {
    int (*fn)(const char *name, void *ctx);
    void *ctx;
};

static int client_name(const tk_client *c, void *ctx)
{
    struct names_ctx *n = ctx;
    return n->fn(c->key, n->ctx);
}

static int project_name(const tk_project *p, const char *client_key, void *ctx)
{
    struct names_ctx *n = ctx;
    char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", client_key, p->key);
    return n->fn(buf, n->ctx);
}

static int invoice_name(const tk_invoice_rec *r, void *ctx)
{
    struct names_ctx *n = ctx;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)r->id);
    return n->fn(buf, n->ctx);
}

static int user_name(const store_member *m, void *ctx)
{
    struct names_ctx *n = ctx;
    return m->active ? n->fn(m->login, n->ctx) : 0;
}

static int sprint_names(tk_app *app, const char *client, struct names_ctx *n, tk_err *err)
{
    tk_client c = { 0 };
    if (!client || !key_valid(client) || store_client_get(app->st, client, &c, err) != 1) {
        tk_client_clear(&c);
        return 0;
    }
    app_sprints l = { 0 };
    int rc = app_sprint_list(app, &c, app_today(), &l, err);
    for (size_t i = 0; rc == 0 && i < l.len; i++)
        rc = n->fn(l.items[i].name, n->ctx);
    app_sprints_free(&l);
    tk_client_clear(&c);
    return rc;
}

int app_names(tk_app *app, app_names_kind kind, const char *client,
              int (*fn)(const char *name, void *ctx), void *ctx, tk_err *err)
{
    struct names_ctx n = { fn, ctx };
    int rc = 0;
    switch (kind) {
    case APP_NAMES_CLIENTS:
        return store_client_each(app->st, false, client_name, &n, err);
    case APP_NAMES_PROJECTS:
        return store_project_each(app->st, 0, false, project_name, &n, err);
    case APP_NAMES_TIERS:
        for (size_t i = 0; rc == 0 && i < app->cfg.ntiers; i++)
            rc = fn(app->cfg.tiers[i].name, ctx);
        return rc;
    case APP_NAMES_OPEN_INVOICES: {
        static const tk_invoice_state open[] = { INVOICE_PENDING, INVOICE_FAILED };
        for (size_t i = 0; rc == 0 && i < TK_ARRAY_LEN(open); i++)
            rc = store_invoice_each(app->st, 0, &open[i], invoice_name, &n, err);
        return rc;
    }
    case APP_NAMES_SPRINTS:
        return sprint_names(app, client, &n, err);
    case APP_NAMES_USERS:
        return store_member_each(app->st, user_name, &n, err);
    }
    return 0;
}
