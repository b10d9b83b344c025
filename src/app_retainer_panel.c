/* app_retainer_panel.c — the numbers behind the TUI's retainer-balance panel.
 *
 * STUB: returns no retainers, so the panel stays hidden. To wire it (billing engine,
 * retainer.h): for each client with a retainer in force on `day` (store_retainer_each), read
 * the billed usage over retainer_usage_range(), call retainer_status(), and push one
 * retainer_view per applicable status:
 *     client    = the client's name (xstrdup),
 *     period_*  = status.period_start / period_end,
 *     prepaid   = status.prepaid_seconds,   used    = status.used_seconds,
 *     remaining = status.remaining_seconds, overage = status.overage_seconds,
 *     alert     = status.alert.
 * Keep it to a bounded number of queries (one usage query per retainer), since the TUI calls
 * it on every reload (when the database changed), never on a clock tick. */
#include "app.h"

#include <stdlib.h>
#include <string.h>

void retainer_views_free(retainer_views *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i].client);
    free(v->items);
    memset(v, 0, sizeof *v);
}

int app_retainers_for_panel(tk_app *app, tk_day day, retainer_views *out, tk_err *err)
{
    (void)app;
    (void)day;
    (void)err;
    memset(out, 0, sizeof *out);
    return 0; /* STUB: no retainers until the billing engine is wired in (see above) */
}
