/* cli_db.c — `tock db migrate`: the whole database into another store (app_migrate.c). */
#include "cli.h"

#include <stdio.h>

int cmd_db_migrate(tk_app *app, const cli_args *args)
{
    const char *to = cli_args_get(args, "to");
    if (!to) {
        fprintf(stderr, "tock db migrate: --to is required (see tock help db migrate)\n");
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    app_migrate_result res;
    if (app_db_migrate(cli_args_get_or(args, "from", app->db_path), to, &res, &err))
        return cli_error(&err);
    /* Neither name is printed: a connection string may hold a password. */
    printf("copied %ld rows of %d tables; the copy reads back the same\n", res.rows,
           res.tables);
    return EXIT_OK;
}
