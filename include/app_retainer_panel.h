/* app_retainer_panel.h — the TUI's retainer-balance panel (app_retainer_panel.c). */
#ifndef TOCK_APP_RETAINER_PANEL_H
#define TOCK_APP_RETAINER_PANEL_H

#include "app.h"
#include "app_billing.h"
#include "app_rules.h"
#include "retainer_view.h"

/* The retainer-balance panel: one view per active client with a retainer in force on `day`
 * (app_retainer_status), in client order; out->len 0 when there are none (then the panel is
 * not shown). Caller frees out with retainer_views_free. */
int app_retainers_for_panel(tk_app *app, tk_day day, int64_t now, retainer_views *out,
                            tk_err *err);
/* The same on a rules cache the screen refresh already read (NULL: its own). */
int app_retainers_for_panel_on(tk_app *app, tk_day day, int64_t now, app_rules *rules,
                               retainer_views *out, tk_err *err);
/* The same on biller b, kept by the caller (it must count no timer): the periods the week on
 * screen drew are not drawn again; the running timer's client, if any, is drawn on a biller
 * of its own that counts the timer. */
int app_retainers_for_panel_by(tk_app *app, tk_day day, int64_t now, app_biller *b,
                               retainer_views *out, tk_err *err);

#endif
