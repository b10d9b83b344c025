/* ui_entlist.h — private to the entries screen (ui_entries.c) and the entry form over it
 * (ui_form.c): one cell's entries (ui_entlist.c), which both show and change. */
#ifndef TOCK_UI_ENTLIST_H
#define TOCK_UI_ENTLIST_H

#include "ui.h"
#include "app_cell.h"

/* A cell (a row's client, project, tier and billability on one day) and its entries. */
struct ui_entlist {
    tk_entry_list list;
    int sel, top;
    int64_t client_id, project_id;
    char *tier, *label;
    bool billable;           /* the row's: billable and non-billable time are two rows */
    tk_day day;
};

/* The selected cell's entries, loaded; NULL when no row is selected. */
ui_entlist *ui_entlist_new(ui *u);
/* Loads the cell's entries again (after a change). */
void ui_entlist_reload(ui *u, ui_entlist *ent);
void ui_entlist_free(ui_entlist *ent);

#endif
