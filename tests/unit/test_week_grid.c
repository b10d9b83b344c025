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
    CHECK_STR(g.rows[0]->client, "c000");
    CHECK_STR(g.rows[599]->client, "c149");
    week_row *r = week_grid_row(&g, 1, "c000", 1000 + 4 * 149 + 3, "p3", "emergency");
    CHECK_INT(g.nrows, 600);
    CHECK_STR(r->client, "c000");
    CHECK_STR(r->project, "p3");
    CHECK_INT(r->seconds[3], 120);
    week_grid_row(&g, 1, "c000", 0, "", "after-hours");
    CHECK_INT(g.nrows, 601);
    week_grid_free(&g);
}

/* The sort's order: client name (ids do not matter), then project, then tier, billable
 * before not; two clients of one name keep the order their rows came in. */
TEST(week_grid_sorts_by_names_and_keeps_ties_in_order)
{
    t_set_tz("Europe/Berlin");
    tk_day mon = day_from_ymd(2026, 11, 23);
    week_grid g;
    week_grid_init(&g, mon);
    struct { int64_t cid; const char *c; int64_t pid; const char *p; const char *t; bool b; } in[] = {
        { 9, "beta", 0, "", NULL, true },      { 1, "zulu", 5, "x", NULL, true },
        { 2, "alpha", 7, "b", NULL, false },   { 2, "alpha", 7, "b", NULL, true },
        { 3, "same", 0, "", NULL, true },      { 2, "alpha", 6, "a", "emergency", true },
        { 4, "same", 0, "", NULL, true },      { 2, "alpha", 6, "a", NULL, true },
        { 3, "same", 8, "a", NULL, true },
    };
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        tk_entry e = { .client_id = in[i].cid, .client = (char *)in[i].c,
                       .project_id = in[i].pid, .project = (char *)in[i].p,
                       .tier = (char *)in[i].t, .billable = in[i].b, .day = mon,
                       .last_day = mon, .seconds = 60 * (int64_t)(i + 1) };
        week_grid_add(&g, &e);
    }
    week_grid_sort(&g);
    CHECK_INT(g.nrows, 9);
    static const char *want[] = { "alpha/a", "alpha/a [emergency]", "alpha/b",
                                  "alpha/b (non-billable)", "beta", "same", "same", "same/a",
                                  "zulu/x" };
    for (size_t i = 0; i < 9; i++) {
        strbuf sb = { 0 };
        week_row_label(g.rows[i], &sb);
        CHECK_STR(sb.buf ? sb.buf : "", want[i]);
        sb_free(&sb);
    }
    CHECK_INT(g.rows[5]->client_id, 3);   /* "same" of id 3 came first */
    CHECK_INT(g.rows[6]->client_id, 4);
    CHECK_INT(g.rows[5]->total, 5 * 60);
    CHECK_INT(week_grid_row(&g, 4, "same", 0, "", NULL)->total, 7 * 60);
    week_grid_free(&g);
}

/* A range within one day goes to that day whatever the days' lengths: the first and last
 * minutes of each day of a week with a 23-hour day (Berlin, Sunday 2026-03-29) and of one
 * with a 25-hour day (Sunday 2026-10-25), the weeks starting on a Saturday. */
TEST(week_grid_puts_a_range_of_one_day_on_its_day)
{
    t_set_tz("Europe/Berlin");
    tk_day sats[] = { day_from_ymd(2026, 3, 28), day_from_ymd(2026, 10, 24) };
    for (int w = 0; w < 2; w++) {
        week_grid g;
        week_grid_init(&g, sats[w]);
        for (int d = 0; d < 7; d++) {
            tk_entry e = { .client_id = 1, .client = (char *)"acme", .project = (char *)"",
                           .has_range = true, .day = sats[w] + d, .last_day = sats[w] + d };
            e.start = local_make(sats[w] + d, 0, 0, 0);
            e.end = e.start + 60 * (d + 1);
            week_grid_add(&g, &e);
            e.end = local_make(sats[w] + d + 1, 0, 0, 0);
            e.start = e.end - 60 * (d + 1);
            week_grid_add(&g, &e);
        }
        for (int d = 0; d < 7; d++)
            CHECK_INT(g.rows[0]->seconds[d], 120 * (d + 1));
        week_grid_free(&g);
    }
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
    CHECK_INT(g.rows[0]->seconds[5], 2 * 3600);
    CHECK_INT(g.rows[0]->seconds[6], 13 * 3600);
    /* Sunday 23:00 to Monday 01:00 of the next week, and the Sunday before 23:00 to Monday
     * 02:00 of this one: only this week's hours count. */
    tk_entry late = e, early = e;
    late.start = local_make(mon + 6, 23, 0, 0);
    late.end = local_make(mon + 7, 1, 0, 0);
    early.start = local_make(mon - 1, 23, 0, 0);
    early.end = local_make(mon, 2, 0, 0);
    week_grid_add(&g, &late);
    week_grid_add(&g, &early);
    CHECK_INT(g.rows[0]->seconds[6], 14 * 3600);
    CHECK_INT(g.rows[0]->seconds[0], 2 * 3600);
    CHECK_INT(g.total, 18 * 3600);
    week_grid_free(&g);
}
