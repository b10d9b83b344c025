/* cli_db.c — `tock db migrate`: the whole database into another store (app_migrate.c). */
#include "cli.h"

#include <stdio.h>

int cmd_db_migrate(tk_app *app, int argc, char **argv)
{
    const char *from = NULL, *to = NULL;
    cli_opt opts[] = { { "from", 0, &from, NULL }, { "to", 0, &to, NULL }, { 0 } };
    int npos;
    int rc = cli_parse("db migrate", argc, argv, opts, NULL, 0, 0, &npos, NULL, NULL);
    if (rc)
        return rc;
    if (!to) {
        fprintf(stderr, "tock db migrate: --to is required (see tock db migrate --help)\n");
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    app_migrate_result res;
    if (app_db_migrate(from ? from : app->db_path, to, &res, &err))
        return cli_error(&err);
    /* Neither name is printed: a connection string may hold a password. */
    printf("copied %ld rows of %d tables; the copy reads back the same\n", res.rows,
           res.tables);
    return EXIT_OK;
}
