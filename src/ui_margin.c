/* ui_margin.c — the `m` key: a client's or project's margin for the period, in the message
 * line. The figures are tock report profit's (app_margin_line); who may see them is the app
 * layer's rule. */
#include "ui.h"

#include <stdlib.h>

#include "app_fixed.h"

void ui_margin_show(ui *u, const char *spec, tk_day from, tk_day to)
{
    tk_err err = { "" };
    char *line = app_margin_line(u->app, spec, from, to, &err);
    if (!line) {
        ui_fail(u, &err);
        return;
    }
    ui_msg(u, "%s", line);
    free(line);
}

void ui_margin_row(ui *u, const week_row *r)
{
    tk_day first = day_month_start(u->week);
    char *spec = *r->project ? xasprintf("%s/%s", r->client, r->project) : xstrdup(r->client);
    ui_margin_show(u, spec, first, day_add_months(first, 1) - 1);
    free(spec);
}
