/* The command line as tock reads it: the input, split at NUL bytes and newlines into at most
 * 24 arguments, goes through cli_find (the command table) and cli_args_parse (options anywhere,
 * "--", values given once, positional counts) with the found command's row (else run's), then
 * the shared parsers of days and ids. Errors are printed: stderr goes to /dev/null (fd 2 stays
 * for the sanitizers). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) {
        FILE *null = fopen("/dev/null", "w");
        if (!null)
            abort();
        stderr = null;
        quiet = 1;
    }
    char *text = fuzz_cstr(data, size);
    char *argv[25];
    int argc = 0;
    for (size_t i = 0, start = 0; i <= size && argc < 24; i++)
        if (i == size || text[i] == '\n' || text[i] == '\0') {
            text[i] = '\0';
            argv[argc++] = text + start;
            start = i + 1;
        }
    argv[argc] = NULL;
    int used = 0;
    const cli_cmd *cmd = cli_find(argc, argv, &used);
    FUZZ_ASSERT(!cmd || (used >= 1 && used <= argc));
    size_t n;
    const cli_cmd *all = cli_commands(&n);
    /* The found command's table row, else run's (options, positionals and "--"). */
    const cli_cmd *c = cmd;
    for (size_t i = 0; !c && i < n; i++)
        if (!strcmp(all[i].name, "run"))
            c = &all[i];
    cli_args a;
    int rc = cli_args_parse(c, argc - used, argv + used, &a);
    if (rc == 0) {
        FUZZ_ASSERT(a.npos >= 0 && a.npos <= CLI_ARGS_MAX && a.nrest >= 0 && a.nrest <= argc);
        for (size_t i = 0; i < CLI_OPTS_MAX && c->opts[i].name; i++)
            (void)cli_args_get(&a, c->opts[i].name);
        for (int i = 0; i < a.npos; i++) {
            tk_day d;
            int64_t id;
            tk_err err;
            FUZZ_ASSERT(a.pos[i] != NULL);
            cli_parse_day(a.pos[i], &d, &err);
            cli_parse_id(a.pos[i], &id, &err);
        }
    }
    free(text);
    return 0;
}
