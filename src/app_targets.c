/* app_targets.c — what time can be recorded on, for pickers: active clients and projects. */
#include "app.h"
#include "app_targets.h"

#include <stdlib.h>
#include <string.h>

void app_targets_free(app_targets *t)
{
    for (size_t i = 0; i < t->len; i++) {
        free(t->items[i].client);
        free(t->items[i].project);
        free(t->items[i].name);
    }
    free(t->items);
    memset(t, 0, sizeof *t);
}

static int add_client(const tk_client *c, void *p)
{
    app_targets *t = p;
    app_target a = { .client_id = c->id, .client = xstrdup(c->key), .project = xstrdup(""),
                     .name = xstrdup(*c->name ? c->name : c->key), .billable = c->billable };
    TK_PUSH(*t, a);
    return 0;
}

struct proj_ctx {
    app_targets *clients, *out;
};

/* Projects come ordered by client key; each goes after its client's row. */
static int add_project(const tk_project *p, const char *client_key, void *ctx)
{
    struct proj_ctx *c = ctx;
    const app_target *owner = NULL;
    for (size_t i = 0; i < c->clients->len && !owner; i++)
        if (c->clients->items[i].client_id == p->client_id)
            owner = &c->clients->items[i];
    if (!owner)
        return 0; /* the client is archived */
    app_target a = { .client_id = p->client_id, .project_id = p->id,
                     .client = xstrdup(client_key), .project = xstrdup(p->key),
                     .name = xasprintf("%s / %s", owner->name, *p->name ? p->name : p->key),
                     .billable = owner->billable && p->billable };
    TK_PUSH(*c->out, a);
    return 0;
}

static int cmp_target(const void *a, const void *b)
{
    const app_target *x = a, *y = b;
    int c = strcmp(x->client, y->client);
    return c ? c : strcmp(x->project, y->project);
}

int app_targets_list(tk_app *app, app_targets *out, tk_err *err)
{
    app_targets clients = { 0 };
    memset(out, 0, sizeof *out);
    if (store_client_each(app->st, false, add_client, &clients, err) < 0) {
        app_targets_free(&clients);
        return -1;
    }
    struct proj_ctx c = { &clients, out };
    int rc = store_project_each(app->st, 0, false, add_project, &c, err) < 0 ? -1 : 0;
    for (size_t i = 0; i < clients.len; i++)
        TK_PUSH(*out, clients.items[i]);
    free(clients.items);
    if (rc) {
        app_targets_free(out);
        return -1;
    }
    if (out->len > 1)
        qsort(out->items, out->len, sizeof *out->items, cmp_target);
    return 0;
}
