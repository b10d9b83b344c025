/* Team mode's pure parts: the submit_by deadline, periods and their deadlines. */
#include "test.h"
#include "app_team.h"
#include "app_team_week.h"

TEST(team_deadline_parse)
{
    int wday, secs;
    tk_err err;
    CHECK_INT(config_parse_deadline("Fri 17:00", &wday, &secs, &err), 0);
    CHECK_INT(wday, 4);
    CHECK_INT(secs, 17 * 3600);
    CHECK_INT(config_parse_deadline("monday 09:30", &wday, &secs, &err), 0);
    CHECK_INT(wday, 0);
    CHECK_INT(secs, 9 * 3600 + 30 * 60);
    CHECK_INT(config_parse_deadline("", &wday, &secs, &err), 0);
    CHECK_INT(wday, -1);
    CHECK_INT(config_parse_deadline("Fri", &wday, &secs, &err), -1);
    CHECK_INT(config_parse_deadline("Fr 17:00", &wday, &secs, &err), -1);
    CHECK_INT(config_parse_deadline("Fri 25:00", &wday, &secs, &err), -1);
    CHECK_INT(config_parse_deadline("Fri 17:00x", &wday, &secs, &err), -1);
}

TEST(team_periods_and_deadlines)
{
    t_set_tz("Europe/Berlin");
    tk_app app;
    memset(&app, 0, sizeof app);
    config_defaults(&app.cfg);
    tk_day wed = day_from_ymd(2026, 12, 2);
    CHECK_INT(app_period_of(&app, wed), day_from_ymd(2026, 11, 30));
    CHECK_INT(app_period_last(&app, day_from_ymd(2026, 11, 30)), day_from_ymd(2026, 12, 6));
    char label[APP_PERIOD_BUF];
    CHECK_STR(app_period_label(&app, day_from_ymd(2026, 11, 30), label), "week 49");
    CHECK_INT(app_period_deadline(&app, day_from_ymd(2026, 11, 30)), 0);   /* none set */
    app.cfg.team.submit_by.wday = 4;
    app.cfg.team.submit_by.seconds = 17 * 3600;
    CHECK_INT(app_period_deadline(&app, day_from_ymd(2026, 11, 30)),
              local_make(day_from_ymd(2026, 12, 4), 17, 0, 0));
    app.cfg.team.monthly = true;
    CHECK_INT(app_period_of(&app, wed), day_from_ymd(2026, 12, 1));
    CHECK_INT(app_period_last(&app, day_from_ymd(2026, 2, 1)), day_from_ymd(2026, 2, 28));
    CHECK_STR(app_period_label(&app, day_from_ymd(2026, 12, 1), label), "2026-12");
    /* The month's last Friday. */
    CHECK_INT(app_period_deadline(&app, day_from_ymd(2026, 11, 1)),
              local_make(day_from_ymd(2026, 11, 27), 17, 0, 0));
    config_free(&app.cfg);
}

/* Who changes what time bills at, and who sees costs: leads and the admin (a single-user
 * database's one user is its admin); a member is refused. The member's catalog refusal
 * names the admin from the database, so tests/test_team.py covers it. */
TEST(team_catalog_and_cost_roles)
{
    tk_app app;
    memset(&app, 0, sizeof app);
    tk_err err = { "" };
    app.role = ROLE_ADMIN;
    CHECK_INT(app_team_may(&app, TEAM_CATALOG, 0, 0, &err), 0);
    CHECK_INT(app_team_may(&app, TEAM_COST, 0, 0, &err), 0);
    app.role = ROLE_LEAD;
    CHECK_INT(app_team_may(&app, TEAM_CATALOG, 0, 0, &err), 0);
    CHECK_INT(app_team_may(&app, TEAM_COST, 0, 0, &err), 0);
    app.role = ROLE_MEMBER;
    CHECK_INT(app_team_may(&app, TEAM_COST, 0, 0, &err), -1);
    CHECK_STR(err.msg, "cost rates and profit are for admins and leads only");
}
