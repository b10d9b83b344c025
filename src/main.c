/* main.c — global options, then hand over to a command or the TUI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "text.h"

#define TOCK_VERSION "0.1.0"

static void help(FILE *f)
{
    size_t n;
    const cli_cmd *c = cli_commands(&n);
    fprintf(f, "tock — a terminal timesheet\n\n"
               "usage: tock [--db FILE] [-c CONFIG] [COMMAND [ARGS...]]\n"
               "       tock            open the weekly grid\n\n"
               "commands:\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %-16s %s\n", c[i].name, c[i].summary);
    fprintf(f, "\n'tock COMMAND --help' shows a command's options; 'man tock' has the rest.\n");
}

/* Takes --db and -c/--config from anywhere before "--", leaving the rest in order. */
static int take_globals(int *argc, char **argv, const char **db, const char **config)
{
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char **slot = NULL;
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (!strcmp(a, "--db"))
            slot = db;
        else if (!strcmp(a, "-c") || !strcmp(a, "--config"))
            slot = config;
        else if (!strncmp(a, "--db=", 5)) {
            *db = a + 5;
            continue;
        } else if (!strncmp(a, "--config=", 9)) {
            *config = a + 9;
            continue;
        }
        if (!slot) {
            argv[out++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc) {
            fprintf(stderr, "tock: %s needs a value\n", a);
            return EXIT_USAGE;
        }
        *slot = argv[++i];
    }
    *argc = out;
    return 0;
}

static int wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    const char *db = NULL, *config = NULL;
    text_init_locale();
    argc--, argv++;
    /* Hidden: the shell completion scripts ask here (before the global options are taken, so
     * a half-typed "--db" cannot become an error message). */
    if (argc >= 1 && !strcmp(argv[0], "__complete"))
        return cli_complete(argc - 1, argv + 1);
    if (take_globals(&argc, argv, &db, &config))
        return EXIT_USAGE;
    if (argc >= 1 && (!strcmp(argv[0], "--version") || !strcmp(argv[0], "-V"))) {
        printf("tock %s\n", TOCK_VERSION);
        return EXIT_OK;
    }
    if (argc >= 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h") ||
                      !strcmp(argv[0], "help"))) {
        help(stdout);
        return EXIT_OK;
    }
    const cli_cmd *cmd = NULL;
    int used = 0;
    if (argc > 0) {
        cmd = cli_find(argc, argv, &used);
        if (!cmd && cli_group(argv[0], NULL)) {
            /* A group alone lists what it does, like `tock --help` (exit 0); a group with a
             * word it does not know is a usage error. */
            if (argc == 1 || wants_help(argc - 1, argv + 1)) {
                printf("usage: tock %s COMMAND [ARGS...]\n", argv[0]);
                cli_group(argv[0], stdout);
                return EXIT_OK;
            }
            fprintf(stderr, "tock: unknown command '%s %s' ('tock %s' lists its commands)\n",
                    argv[0], argv[1], argv[0]);
            return EXIT_USAGE;
        }
        if (!cmd) {
            fprintf(stderr, "tock: unknown command '%s' (see tock --help)\n", argv[0]);
            return EXIT_USAGE;
        }
        if (wants_help(argc - used, argv + used)) {
            cli_usage(cmd, stdout);
            return EXIT_OK;
        }
    }
    tk_app app;
    tk_err err = { "" };
    if (app_open(&app, config, db, cmd && cmd->reads_only, &err)) {
        cli_error(&err);
        app_close(&app);
        return EXIT_USER;
    }
    int rc = cmd ? cmd->run(&app, argc - used, argv + used) : cmd_ui(&app, 0, NULL);
    app_close(&app);
    return rc;
}
