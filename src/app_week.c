/* app_week.c — loading one week: the only query is bounded by the week's days. */
#include "app.h"

struct load {
    week_grid *g;
};

static int add_entry(const tk_entry *e, void *p)
{
    struct load *l = p;
    week_grid_add(l->g, e);
    return 0;
}

int app_week_load(tk_app *app, int64_t user_id, tk_day start, int64_t now, week_grid *g,
                  tk_err *err)
{
    week_grid_init(g, start);
    struct load l = { g };
    store_filter f = { .user_id = user_id, .from = start, .to = start + 6 };
    if (store_entry_each(app->st, &f, add_entry, &l, err) < 0)
        return -1;
    tk_timer t;
    int rc = store_timer_get(app->st, user_id, &t, err);
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
