/* ui_entlist.c — one cell's entries for the entries screen and the entry form: loaded with
 * one query bounded by the day (app_cell_entries). No curses. */
#include "ui_entlist.h"
#include "app_cell.h"
#include "week_grid.h"

#include <stdlib.h>

void ui_entlist_reload(ui *u, ui_entlist *ent)
{
    tk_err err = { "" };
    tk_entry_list_free(&ent->list);
    if (app_cell_entries(u->app, ent->client_id, ent->project_id, ent->tier,
                         ent->billable, ent->day, &ent->list, &err))
        ui_fail(u, &err);
    if (ent->sel >= (int)ent->list.len)
        ent->sel = ent->list.len ? (int)ent->list.len - 1 : 0;
}

void ui_entlist_free(ui_entlist *ent)
{
    tk_entry_list_free(&ent->list);
    free(ent->tier);
    free(ent->label);
    free(ent);
}

ui_entlist *ui_entlist_new(ui *u)
{
    week_row *r = ui_row(u);
    if (!r)
        return NULL;
    char d[DAY_BUF];
    ui_entlist *ent = xcalloc(1, sizeof *ent);
    ent->client_id = r->client_id;
    ent->project_id = r->project_id;
    ent->tier = xstrdup(r->tier);
    ent->billable = r->billable;
    ent->day = u->week + u->col;
    ent->label = xasprintf("%s%s%s%s%s%s · %s %s", r->client, *r->project ? "/" : "",
                           r->project, *r->tier ? " [" : "", r->tier, *r->tier ? "]" : "",
                           ui_weekday(ent->day), day_format(ent->day, d));
    ui_entlist_reload(u, ent);
    return ent;
}
