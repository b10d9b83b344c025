/* ui_margin.c — the `m` key: a client's or project's margin for the period, in the message
 * line. The figures are tock report profit's (app_margin_line); who may see them is the app
 * layer's rule. */
#include "ui.h"

#include <stdlib.h>

#include "week_grid.h"
#include "app_profit.h"
#include "app_cost.h"

void ui_margin_show(ui *u, const char *spec, tk_day from, tk_day to)
{
    tk_err err = { "" };
    char *line = app_margin_line(u->app, spec, from, to, true, &err);
    if (!line) {
        ui_fail(u, &err);
        return;
    }
    ui_msg(u, "%s", line);
    free(line);
}

static char *row_spec(const week_row *r)
{
    return *r->project ? xasprintf("%s/%s", r->client, r->project) : xstrdup(r->client);
}

void ui_margin_row(ui *u, const week_row *r)
{
    tk_day first = day_month_start(u->week);
    char *spec = row_spec(r);
    ui_margin_show(u, spec, first, day_add_months(first, 1) - 1);
    free(spec);
}

const char *ui_row_margin(ui *u)
{
    week_row *r = ui_row(u);
    if (!r)
        return NULL;
    tk_day first = day_month_start(u->week);
    if (u->margin.loaded && u->margin.client_id == r->client_id &&
        u->margin.project_id == r->project_id && u->margin.month == first &&
        u->margin.version == u->data_version)
        return u->margin.line;
    free(u->margin.line);
    u->margin.line = NULL;
    u->margin.client_id = r->client_id;
    u->margin.project_id = r->project_id;
    u->margin.month = first;
    u->margin.version = u->data_version;
    u->margin.loaded = true;
    tk_err err = { "" };
    if (app_cost_allowed(u->app, &err))   /* not this user's to see: nothing, no error */
        return NULL;
    char *spec = row_spec(r);
    u->margin.line = app_margin_line(u->app, spec, first, day_add_months(first, 1) - 1, false,
                                     &err);
    free(spec);
    return u->margin.line;
}
