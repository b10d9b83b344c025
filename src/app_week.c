/* app_week.c — loading one week: the only query is bounded by the week's days. */
#include "app.h"

#include <string.h>

struct load {
    week_grid *g;
    app_biller *b;
    tk_err *err;
};

static int add_entry(const tk_entry *e, void *p)
{
    struct load *l = p;
    week_row *row = week_grid_add(l->g, e);
    if (e->day < l->g->start || e->day > l->g->start + 6)
        return 0; /* billed in the week it started */
    tk_bill bill;
    if (app_bill(l->b, e, &bill, l->err))
        return -1;
    row->billed_seconds += bill.billed_seconds;
    row->amount_minor += bill.amount_minor;
    l->g->billed_seconds += bill.billed_seconds;
    if (!row->currency) {
        const tk_client *c = app_biller_client(l->b, e->client_id, l->err);
        row->currency = xstrdup(c ? c->currency : "");
    }
    return 0;
}

int app_week_load(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                  tk_err *err)
{
    week_grid_init(g, start);
    struct load l = { g, app_biller_new(app, err), err };
    if (!l.b)
        return -1;
    store_filter f = { .user_id = user_id, .from = start, .to = start + 6 };
    int rc = store_entry_each(app->st, &f, add_entry, &l, err) < 0 ? -1 : 0;
    app_biller_free(l.b);
    if (rc)
        return -1;
    tk_timer t;
    rc = store_timer_get(app->st, user_id, &t, err);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        week_grid_add_timer(g, &t, now);
        tk_timer_clear(&t);
    }
    tk_week_state s;
    if (store_week_get(app->st, user_id, start, &s, err) < 0)
        return -1;
    if (s == WEEK_SUBMITTED || s == WEEK_APPROVED)
        g->locked_days = 0x7f;
    week_grid_sort(g);
    return 0;
}
