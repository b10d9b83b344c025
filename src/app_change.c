/* app_change.c — the one way a change reaches the database: its transaction, and its record
 * in the audit log written in that transaction (app_audit, the only writer of audit rows). */
#include "app.h"
#include "app_carry.h"
#include "clock.h"
#include "store_rules.h"

int app_audit(tk_app *app, const char *action, const char *entity, int64_t entity_id,
              const char *detail, tk_err *err)
{
    return store_audit(app->st, app->user_id, clock_now(), action, entity, entity_id, detail, err);
}

int app_change_begin(tk_app *app, tk_err *err)
{
    return store_begin(app->st, err);
}

int app_change_end(tk_app *app, int rc, const char *action, const char *entity,
                   int64_t entity_id, const char *detail, tk_err *err)
{
    if (rc == 0 && action)
        rc = app_audit(app, action, entity, entity_id, detail, err);
    return store_end(app->st, rc, err);
}

void app_change_cancel(tk_app *app)
{
    store_rollback(app->st);
}

int app_read_begin(tk_app *app, tk_err *err)
{
    return store_read_begin(app->st, err);
}

void app_read_end(tk_app *app)
{
    store_rollback(app->st);
    app_carry_flush(app);   /* what the view computed of earlier retainer periods */
    store_rules_flush(app->st);   /* and every client's rules it read */
}
