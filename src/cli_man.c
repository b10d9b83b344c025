/* cli_man.c — `tock __man`: the parts of man/tock.1 that come from the command table, so the
 * page cannot drift from what the parser accepts. tools/mansync.py writes them into the page;
 * tests/test_man.py fails when the page is not current.
 *   tock __man synopsis   the lines between tock.1's BEGIN SYNOPSIS and END SYNOPSIS marks
 *   tock __man headings   per command: its name, a tab, and its heading in COMMANDS (the line
 *                         after .TP) */
#include "cli.h"

#include <string.h>

#include "text.h"

/* One line of the SYNOPSIS: .SY tock, then the rest as one request line (a text line could be
 * wrapped by tools/manwrap.py) with a hanging indent. */
static void synopsis_line(const char *text)
{
    printf(".SY tock\n.B \"%s\"\n.YS\n", text);
}

static void synopsis(void)
{
    size_t n, ng;
    const cli_cmd *c = cli_commands(&n);
    const cli_optdef *g = cli_globals(&ng);
    strbuf sb = { 0 };
    sb_add(&sb, "\\fR");                 /* the brackets in roman, as everywhere */
    for (size_t i = 0; i < ng; i++)     /* tock [--db FILE] [-c|--config CONFIG] [COMMAND …] */
        if (g[i].value) {
            sb_add(&sb, sb.len > 3 ? " \\%[" : "\\%[");
            cli_opt_usage(&g[i], true, &sb);
            sb_add(&sb, "]");
        }
    sb_add(&sb, " \\%[\\fICOMMAND\\fR \\%[\\fIARGS\\fR...]]");
    synopsis_line(sb_str(&sb));
    sb_reset(&sb);
    for (size_t i = 0; i < ng; i++)     /* tock -h|--help | -V|--version */
        if (!g[i].value) {
            sb_add(&sb, sb.len ? "\\~| \\%" : "\\%");
            cli_opt_usage(&g[i], true, &sb);
        }
    synopsis_line(sb_str(&sb));
    synopsis_line("\\fBhelp\\fR \\%[\\fICOMMAND\\fR]");
    for (size_t i = 0; i < n; i++) {
        sb_reset(&sb);
        cli_usage_text(&c[i], true, &sb);
        synopsis_line(sb_str(&sb));
    }
    sb_free(&sb);
}

static void headings(void)
{
    size_t n;
    const cli_cmd *c = cli_commands(&n);
    strbuf sb = { 0 };
    for (size_t i = 0; i < n; i++) {
        sb_reset(&sb);
        cli_usage_text(&c[i], true, &sb);
        printf("%s\t.B \"%s\"\n", c[i].name, sb_str(&sb));
    }
    sb_free(&sb);
}

int cli_man(int argc, char **argv)
{
    if (argc == 1 && !strcmp(argv[0], "synopsis"))
        synopsis();
    else if (argc == 1 && !strcmp(argv[0], "headings"))
        headings();
    else {
        fprintf(stderr, "usage: tock __man synopsis|headings\n");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}
