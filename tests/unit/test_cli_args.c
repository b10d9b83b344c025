/* The command table's parser and the usage it prints, on a row of its own. */
#include "test.h"
#include "cli.h"

static const cli_cmd demo = {
    .name = "demo", .summary = "a row to test with", .args = { "CLIENT", "[NAME|current]" },
    .rest = "COMMAND [ARG...]",
    .opts = { { .name = "from", .value = "DATE", .help = "h" },
              { .name = "json", .help = "h" },
              { .name = "tier", .letter = 's', .value = "TIER", .help = "h" },
              { .name = "billable", .help = "h" },
              { .name = "non-billable", .help = "h", .join = CLI_OR },
              { .name = "hours", .value = "H", .help = "h", .required = true } },
};

static int parse(cli_args *a, int argc, const char *const *words)
{
    static char buf[16][32];
    char *argv[16];
    for (int i = 0; i < argc; i++) {
        snprintf(buf[i], sizeof buf[i], "%s", words[i]);
        argv[i] = buf[i];
    }
    FILE *keep = stderr;
    stderr = fopen("/dev/null", "w");        /* usage errors are the point, not the output */
    int rc = cli_args_parse(&demo, argc, argv, a);
    fclose(stderr);
    stderr = keep;
    return rc;
}

TEST(cli_args_options_anywhere)
{
    cli_args a;
    const char *w[] = { "--json", "acme", "-s", "after-hours", "--from=2026-11-01", "last" };
    CHECK_INT(parse(&a, 6, w), 0);
    CHECK_INT(a.npos, 2);
    CHECK_STR(a.pos[0], "acme");
    CHECK_STR(a.pos[1], "last");
    CHECK_STR(cli_args_get(&a, "tier"), "after-hours");
    CHECK_STR(cli_args_get(&a, "from"), "2026-11-01");
    CHECK(cli_args_has(&a, "json"));
    CHECK(!cli_args_has(&a, "billable"));
    CHECK_STR(cli_args_get_or(&a, "hours", "20"), "20");
    CHECK(a.rest == NULL);
}

TEST(cli_args_positionals_and_rest)
{
    cli_args a;
    const char *dash[] = { "-", "-5" };     /* "-" (stdin) and a negative number are arguments */
    CHECK_INT(parse(&a, 2, dash), 0);
    CHECK_STR(a.pos[1], "-5");
    const char *rest[] = { "acme", "--", "make", "--json" };
    CHECK_INT(parse(&a, 4, rest), 0);
    CHECK_INT(a.npos, 1);
    CHECK_INT(a.nrest, 2);
    CHECK_STR(a.rest[1], "--json");
    CHECK(!cli_args_has(&a, "json"));
}

TEST(cli_args_refuses)
{
    cli_args a;
    const char *none[] = { "--json" };
    CHECK_INT(parse(&a, 1, none), EXIT_USAGE);              /* CLIENT missing */
    const char *twice[] = { "acme", "--from", "a", "--from", "b" };
    CHECK_INT(parse(&a, 5, twice), EXIT_USAGE);
    const char *value[] = { "acme", "--json=1" };
    CHECK_INT(parse(&a, 2, value), EXIT_USAGE);
    const char *needs[] = { "acme", "-s" };
    CHECK_INT(parse(&a, 2, needs), EXIT_USAGE);
    const char *unknown[] = { "acme", "-x" };
    CHECK_INT(parse(&a, 2, unknown), EXIT_USAGE);
    const char *glued[] = { "acme", "-sx" };                 /* no bundling of short options */
    CHECK_INT(parse(&a, 2, glued), EXIT_USAGE);
    const char *many[] = { "acme", "last", "more" };
    CHECK_INT(parse(&a, 3, many), EXIT_USAGE);
    const char *switches[] = { "acme", "--json", "--json" }; /* a switch may repeat */
    CHECK_INT(parse(&a, 3, switches), 0);
}

TEST(cli_usage_from_the_row)
{
    strbuf sb = { 0 };
    cli_usage_text(&demo, false, &sb);
    CHECK_STR(sb_str(&sb), "demo CLIENT [NAME|current] [--from DATE] [--json] [-s|--tier TIER] "
                           "[--billable | --non-billable] --hours H -- COMMAND [ARG...]");
    sb_reset(&sb);
    cli_opt_usage(&demo.opts[2], true, &sb);
    CHECK_STR(sb_str(&sb), "\\fB\\-s\\fR|\\fB\\-\\-tier\\fR\\~\\fITIER\\fR");
    sb_free(&sb);
}
