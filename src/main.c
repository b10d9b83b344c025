/* main.c — global options, then hand over to a command or the TUI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"
#include "text.h"

#define TOCK_VERSION "0.1.0"

static void help(FILE *f)
{
    size_t n, ng;
    const cli_cmd *c = cli_commands(&n);
    const cli_optdef *g = cli_globals(&ng);
    fprintf(f, "tock — a terminal timesheet\n\n"
               "usage: tock [--db FILE] [-c CONFIG] [COMMAND [ARGS...]]\n"
               "       tock            open the weekly grid\n"
               "       tock help [COMMAND]\n\n"
               "options:\n");
    cli_opts_help(g, ng, f);
    fprintf(f, "\ncommands:\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %-16s %s\n", c[i].name, c[i].summary);
    fprintf(f, "\n'tock COMMAND --help' shows a command's options; 'man tock' has the rest.\n");
}

/* The global option arg spells (its table row's long name), else NULL; *inline_val is what
 * follows "--name=". */
static const cli_optdef *global_option(const char *arg, const char **inline_val)
{
    size_t n;
    const cli_optdef *g = cli_globals(&n);
    *inline_val = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(g[i].name);
        if (!g[i].value)
            continue;
        if (arg[0] == '-' && arg[1] == g[i].letter && g[i].letter && !arg[2])
            return &g[i];
        if (strncmp(arg, "--", 2) || strncmp(arg + 2, g[i].name, len))
            continue;
        if (arg[2 + len] == '=')
            *inline_val = arg + 3 + len;
        if (arg[2 + len] == '=' || !arg[2 + len])
            return &g[i];
    }
    return NULL;
}

/* Takes --db and -c/--config from anywhere before "--", leaving the rest in order. */
static int take_globals(int *argc, char **argv, const char **db, const char **config)
{
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i], *inline_val;
        if (!strcmp(a, "--")) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        const cli_optdef *g = global_option(a, &inline_val);
        if (!g) {
            argv[out++] = argv[i];
            continue;
        }
        const char **slot = strcmp(g->name, "db") ? config : db;
        if (inline_val) {
            *slot = inline_val;
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
#ifdef M_TOP_PAD
    /* The heap grows, and is given back, 1 MiB at a time, not 128 KiB: a view frees and
     * allocates ~1 MB over and over, and each page the default trim gave back faulted in
     * again (a busy week: 660 -> 585 page faults, ~1.15 µs each here). Untouched pages cost
     * nothing. */
    mallopt(M_TOP_PAD, 1 << 20);
#endif
    argc--, argv++;
    /* Hidden: the shell completion scripts ask here (before the global options are taken, so
     * a half-typed "--db" cannot become an error message). */
    if (argc >= 1 && !strcmp(argv[0], "__complete"))
        return cli_complete(argc - 1, argv + 1);
    if (argc >= 1 && !strcmp(argv[0], "__man"))
        return cli_man(argc - 1, argv + 1);
    if (take_globals(&argc, argv, &db, &config))
        return EXIT_USAGE;
    if (argc >= 1 && (!strcmp(argv[0], "--version") || !strcmp(argv[0], "-V"))) {
        printf("tock %s\n", TOCK_VERSION);
        return EXIT_OK;
    }
    if (argc >= 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
        help(stdout);
        return EXIT_OK;
    }
    if (argc >= 2 && !strcmp(argv[0], "help")) {
        /* tock help COMMAND reads as tock COMMAND --help. */
        memmove(argv, argv + 1, (size_t)(argc - 1) * sizeof *argv);
        static char help_word[] = "--help";
        argv[argc - 1] = help_word;
    } else if (argc == 1 && !strcmp(argv[0], "help")) {
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
    cli_args args;
    if (cmd && cli_args_parse(cmd, argc - used, argv + used, &args))
        return EXIT_USAGE;
    tk_app app;
    tk_err err = { "" };
    if (app_open(&app, config, db, cmd && cmd->reads_only, &err)) {
        cli_error(&err);
        app_close(&app);
        return EXIT_USER;
    }
    int rc = cmd ? cmd->run(&app, &args) : cmd_ui(&app);
    app_close(&app);
    return rc;
}
