/* app_read.c — what the listing commands read (log, export, invoice list), each one query. */
#include "app_read.h"

#include <stdlib.h>

int app_entry_each(tk_app *app, const store_filter *f,
                   int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err)
{
    return store_entry_each(app->st, f, fn, ctx, err);
}

int app_timer_each(tk_app *app, int (*fn)(const tk_timer *t, const char *login, void *ctx),
                   void *ctx, tk_err *err)
{
    return store_timer_each(app->st, fn, ctx, err);
}

int app_week_state(tk_app *app, int64_t user_id, tk_day week_start, tk_week_state *out,
                   tk_err *err)
{
    return store_week_get(app->st, user_id, week_start, out, err);
}

int app_user_id(tk_app *app, const char *login, int64_t *id, tk_err *err)
{
    return store_user_get(app->st, login, id, err);
}

int app_invoice_reference(tk_app *app, int64_t invoice_id, char **out, tk_err *err)
{
    return store_invoice_reference(app->st, invoice_id, out, err);
}

int app_invoice_get(tk_app *app, int64_t id, tk_invoice_rec *out, tk_err *err)
{
    return store_invoice_get(app->st, id, out, err);
}

int app_invoice_each(tk_app *app, int64_t client_id, const tk_invoice_state *state,
                     int (*fn)(const tk_invoice_rec *r, void *ctx), void *ctx, tk_err *err)
{
    return store_invoice_each(app->st, client_id, state, fn, ctx, err);
}

int app_filter_spec(tk_app *app, const char *spec, store_filter *f, tk_err *err)
{
    char *ckey, *pkey;
    tk_client c;
    tk_project p;
    if (app_split_spec(spec, &ckey, &pkey, err))
        return -1;
    int rc = store_client_get(app->st, ckey, &c, err);
    if (rc == 0)
        tk_fail(err, "no client '%s'", ckey);
    if (rc == 1) {
        f->client_id = c.id;
        tk_client_clear(&c);
        rc = pkey ? store_project_get(app->st, f->client_id, pkey, &p, err) : 1;
        if (rc == 0)
            tk_fail(err, "no project '%s' for client '%s'", pkey, ckey);
        if (rc == 1 && pkey) {
            f->project_id = p.id;
            tk_project_clear(&p);
        }
    }
    free(ckey);
    free(pkey);
    return rc == 1 ? 0 : -1;
}
