#include "test.h"
#include "week_grid.h"

#include <stdio.h>

/* A week of many rows (the grid finds rows by hash): every key gets one row, time adds up in
 * it, and after sorting an existing key still finds its row instead of adding another. */
TEST(week_grid_many_rows_one_per_key)
{
    t_set_tz("Europe/Berlin");
    tk_day mon = day_from_ymd(2026, 11, 23);
    week_grid g;
    week_grid_init(&g, mon);
    char ck[16], pk[16];
    for (int pass = 0; pass < 2; pass++)
        for (int c = 0; c < 150; c++)
            for (int p = 0; p < 4; p++) {
                snprintf(ck, sizeof ck, "c%03d", 149 - c);
                snprintf(pk, sizeof pk, p ? "p%d" : "", p);
                tk_entry e = { .client_id = 149 - c + 1, .client = ck, .project_id = p ? 1000 + 4 * c + p : 0,
                               .project = pk, .tier = p == 3 ? (char *)"emergency" : NULL,
                               .billable = true, .day = mon + p, .last_day = mon + p,
                               .seconds = 60 };
                week_grid_add(&g, &e);
            }
    CHECK_INT(g.nrows, 600);
    CHECK_INT(g.total, 2 * 600 * 60);
    week_grid_sort(&g);
    CHECK_STR(g.rows[0].client, "c000");
    CHECK_STR(g.rows[599].client, "c149");
    week_row *r = week_grid_row(&g, 1, "c000", 1000 + 4 * 149 + 3, "p3", "emergency");
    CHECK_INT(g.nrows, 600);
    CHECK_STR(r->client, "c000");
    CHECK_STR(r->project, "p3");
    CHECK_INT(r->seconds[3], 120);
    week_grid_row(&g, 1, "c000", 0, "", "after-hours");
    CHECK_INT(g.nrows, 601);
    week_grid_free(&g);
}

/* Ranges are cut at local midnights, found once per week: over the end of DST (Sunday
 * 2026-10-25 has 25 hours in Berlin) and out of the week at both ends. */
TEST(week_grid_splits_ranges_at_local_midnights)
{
    t_set_tz("Europe/Berlin");
    tk_day mon = day_from_ymd(2026, 10, 19);
    week_grid g;
    week_grid_init(&g, mon);
    /* Saturday 22:00 to Sunday 12:00: 2 h on Saturday, 13 h on Sunday (the hour repeats). */
    tk_entry e = { .client_id = 1, .client = (char *)"acme", .project = (char *)"",
                   .has_range = true, .start = local_make(mon + 5, 22, 0, 0),
                   .end = local_make(mon + 6, 12, 0, 0), .day = mon + 5, .last_day = mon + 6 };
    week_grid_add(&g, &e);
    CHECK_INT(g.rows[0].seconds[5], 2 * 3600);
    CHECK_INT(g.rows[0].seconds[6], 13 * 3600);
    /* Sunday 23:00 to Monday 01:00 of the next week, and the Sunday before 23:00 to Monday
     * 02:00 of this one: only this week's hours count. */
    tk_entry late = e, early = e;
    late.start = local_make(mon + 6, 23, 0, 0);
    late.end = local_make(mon + 7, 1, 0, 0);
    early.start = local_make(mon - 1, 23, 0, 0);
    early.end = local_make(mon, 2, 0, 0);
    week_grid_add(&g, &late);
    week_grid_add(&g, &early);
    CHECK_INT(g.rows[0].seconds[6], 14 * 3600);
    CHECK_INT(g.rows[0].seconds[0], 2 * 3600);
    CHECK_INT(g.total, 18 * 3600);
    week_grid_free(&g);
}
