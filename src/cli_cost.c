/* cli_cost.c — tock cost set and tock cost list: what an hour of each user costs the agency
 * (app_cost.c holds the rules: admins and leads only, never a closed period, never negative). */
#include "cli.h"

#include <stdio.h>

#include "json.h"
#include "money.h"
#include "app_cost.h"

int cmd_cost_set(tk_app *app, const cli_args *args)
{
    const char *from_s = cli_args_get(args, "from"),
               *currency = cli_args_get(args, "currency");
    char *const *pos = args->pos;
    tk_err err = { "" };
    tk_day from = DAY_MIN;
    if ((from_s && cli_parse_day(from_s, &from, &err)) ||
        app_cost_set(app, pos[0], pos[1], currency, from, &err))
        return cli_error(&err);
    printf("cost rate of %s set\n", pos[0]);
    return EXIT_OK;
}

int cmd_cost_list(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    tk_err err = { "" };
    app_costs v;
    if (app_cost_list(app, &v, &err))
        return cli_error(&err);
    strbuf sb = { 0 };
    jw w;
    jw_init(&w, &sb);
    if (json)
        jw_arr(&w);
    for (size_t i = 0; i < v.len; i++) {
        const tk_cost_rate *r = &v.items[i];
        char d[DAY_BUF], m[40];
        const char *from = r->from == DAY_MIN ? NULL : day_format(r->from, d);
        if (json) {
            jw_obj(&w);
            jw_kstr(&w, "user", r->user);
            jw_kstr(&w, "currency", r->currency);
            jw_kint(&w, "amount_minor", r->amount_minor);
            jw_kstr(&w, "from", from);
            jw_end_obj(&w);
        } else {
            printf("%-20s %s %10s/h  %s\n", r->user, r->currency,
                   money_format(r->amount_minor, currency_exponent(r->currency), m),
                   from ? from : "all dates");
        }
    }
    if (json) {
        jw_end_arr(&w);
        cli_print_json(&sb);
    }
    sb_free(&sb);
    app_costs_free(&v);
    return EXIT_OK;
}
