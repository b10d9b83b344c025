/* The command line as tock reads it: the input, split at NUL bytes and newlines into at most
 * 24 arguments, goes through cli_find (the command table) and cli_parse (options anywhere,
 * "--", values given once, positional counts) with an option table like tock add's, then the
 * shared parsers of days and ids. Errors are printed: stderr goes to /dev/null (fd 2 stays
 * for the sanitizers). */
#include <stdio.h>

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
    const char *tier = NULL, *note = NULL, *at = NULL;
    bool billable = false, json = false;
    cli_opt opts[] = { { "tier", 's', &tier, NULL }, { "note", 'm', &note, NULL },
                       { "at", 0, &at, NULL }, { "non-billable", 0, NULL, &billable },
                       { "json", 'j', NULL, &json }, { 0 } };
    char *pos[3], **rest = NULL;
    int npos = 0, nrest = 0;
    int rc = cli_parse("fuzz", argc, argv, opts, pos, 0, 3, &npos, &rest, &nrest);
    if (rc == 0) {
        FUZZ_ASSERT(npos >= 0 && npos <= 3 && nrest >= 0 && nrest <= argc);
        for (int i = 0; i < npos; i++) {
            tk_day d;
            int64_t id;
            tk_err err;
            FUZZ_ASSERT(pos[i] != NULL);
            cli_parse_day(pos[i], &d, &err);
            cli_parse_id(pos[i], &id, &err);
        }
    }
    free(text);
    return 0;
}
