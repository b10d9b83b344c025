/* app_edit.c — changing or removing one entry by id (tock edit, tock rm): one transaction,
 * only the user's own entries, every check of app_entry_save. */
#include "app.h"
#include "app_edit.h"
#include "app_entry.h"
#include "app_cell.h"

#include <stdlib.h>

/* Moves e to another client or project: billable follows the new one unless set by hand. */
static int move_to(tk_app *app, tk_entry *e, const app_entry_changes *ch, tk_err *err)
{
    tk_client c;
    tk_project p;
    bool def;
    tk_err ignored;
    int was_default = app_cell_billable(app, e->client_id, e->project_id, &def, &ignored)
                          ? -1 : def;
    if (app_resolve(app, ch->to, &c, &p, err))
        return -1;
    /* Non-billable because its old client or project was: it follows the new one. Marked
     * non-billable by hand on a billable target: it stays so. */
    if (!ch->billable && !ch->non_billable && (e->billable || was_default == 0))
        e->billable = c.billable && (!p.id || p.billable);
    e->client_id = c.id;
    e->project_id = p.id;
    tk_client_clear(&c);
    tk_project_clear(&p);
    return 0;
}

/* Applies ch to e, read inside the transaction. */
static int apply(tk_app *app, tk_entry *e, const app_entry_changes *ch, tk_err *err)
{
    tk_day day = e->day;
    int rc = 0;
    if (ch->date)
        rc = day_parse(ch->date, app_today(), &day, err);
    if (rc == 0 && ch->time)
        rc = app_entry_parse_time(app, ch->time, day, e, err);
    else if (rc == 0 && ch->date && e->has_range) {
        /* Moving a timed entry to another day keeps its wall-clock times. */
        int sa = local_seconds_of_day(e->start);
        int64_t len = e->end - e->start;
        rc = local_make_checked(day, sa, &e->start, err);
        e->end = e->start + len;
    } else if (rc == 0 && ch->date) {
        e->day = day;
    }
    if (rc == 0 && ch->tier) {
        rc = *ch->tier ? app_check_tier(app, ch->tier, err) : 0;
        free(e->tier);
        e->tier = *ch->tier ? xstrdup(ch->tier) : NULL;
    }
    if (rc == 0 && ch->note) {
        free(e->note);
        e->note = xstrdup(ch->note);
    }
    if (rc == 0 && (ch->billable || ch->non_billable))
        e->billable = ch->billable;
    if (rc == 0 && ch->ref) {
        free(e->ref);
        e->ref = xstrdup(ch->ref);
    }
    if (rc == 0 && ch->to)
        rc = move_to(app, e, ch, err);
    return rc;
}

/* The user's own entry id, inside the transaction. */
static int load_own(tk_app *app, int64_t id, tk_entry *e, tk_err *err)
{
    int rc = store_entry_get(app->st, id, e, err);
    if (rc == 0)
        return tk_fail(err, "no entry %lld", (long long)id);
    if (rc < 0)
        return -1;
    if (e->user_id != app->user_id)
        return tk_fail(err, "entry %lld belongs to %s", (long long)id, e->user);
    return 0;
}

int app_entry_edit(tk_app *app, int64_t id, const app_entry_changes *ch, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    tk_entry e = { 0 };
    int rc = load_own(app, id, &e, err);
    if (rc == 0)
        rc = apply(app, &e, ch, err);
    if (rc == 0)
        rc = app_entry_save(app, &e, err);   /* writes its audit record */
    rc = app_change_end(app, rc, NULL, NULL, 0, NULL, err);
    tk_entry_clear(&e);
    return rc;
}

int app_entry_rm(tk_app *app, int64_t id, tk_err *err)
{
    if (app_change_begin(app, err))
        return -1;
    tk_entry e = { 0 };
    int rc = load_own(app, id, &e, err);
    if (rc == 0)
        rc = app_entry_delete(app, id, err);   /* writes its audit record */
    tk_entry_clear(&e);
    return app_change_end(app, rc, NULL, NULL, 0, NULL, err);
}
