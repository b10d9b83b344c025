#include "test.h"
#include "app.h"
#include "week_grid.h"
#include "app_entry.h"
#include "app_week.h"

#include <unistd.h>

#include "clock.h"

/* A grid cell edit next to a timed entry that crosses midnight counts only that entry's share
 * of the day. */
TEST(cell_set_beside_a_range_over_midnight)
{
    char db[] = "/tmp/tock-cell-XXXXXX";
    int fd = mkstemp(db);
    CHECK(fd >= 0);
    close(fd);
    unlink(db);
    setenv("TOCK_NOW", "2026-11-25T12:00:00", 1);
    setenv("TOCK_CONFIG", "/dev/null", 1);
    t_set_tz("Europe/Berlin");
    tk_app app;
    tk_err err = { "" };
    CHECK_INT(app_open(&app, NULL, db, false, &err), 0);
    tk_client c = { .key = (char *)"acme", .name = (char *)"acme", .currency = (char *)"EUR",
                    .billable = true };
    CHECK_INT(store_client_insert(app.st, &c, clock_now(), &err), 0);
    tk_day mon = day_from_ymd(2026, 11, 23);
    /* 22:00 Monday to 01:30 Tuesday: 2 h on Monday, 1.5 h on Tuesday. */
    tk_entry e = { .user_id = app.user_id, .client_id = c.id, .billable = true, .has_range = true,
                   .start = local_make(mon, 22, 0, 0), .end = local_make(mon + 1, 1, 30, 0),
                   .note = (char *)"" };
    CHECK_INT(store_begin(app.st, &err), 0);
    CHECK_INT(app_entry_save(&app, &e, &err), 0);
    CHECK_INT(store_commit(app.st, &err), 0);
    /* Set Tuesday's cell to 3 h: 1.5 h from the range, 1.5 h of duration added. */
    CHECK_INT(app_entry_set_cell(&app, c.id, 0, NULL, true, mon + 1, 3 * 3600, &err), 0);
    week_grid g;
    CHECK_INT(app_week_load(&app, app.user_id, mon, clock_now(), &g, &err), 0);
    CHECK_INT(g.nrows, 1);
    if (g.nrows == 1) {
        CHECK_INT(g.rows[0]->seconds[0], 2 * 3600);
        CHECK_INT(g.rows[0]->seconds[1], 3 * 3600);
    }
    week_grid_free(&g);
    /* Less than the range already holds is refused, not silently wrong. */
    CHECK_INT(app_entry_set_cell(&app, c.id, 0, NULL, true, mon + 1, 3600, &err), -1);
    app_close(&app);
    unlink(db);
    char wal[64];
    snprintf(wal, sizeof wal, "%s-wal", db);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", db);
    unlink(wal);
    unsetenv("TOCK_CONFIG");
}
