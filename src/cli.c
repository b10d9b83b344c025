/* cli.c — the command table, option parsing and output helpers shared by every command. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Options several commands share, spelled once. */
#define OPT_JSON { "json", 0, NULL, "print JSON instead of a table" }
#define OPT_VERBOSE { "verbose", 'v', NULL, "write the HTTP exchange to stderr, secrets redacted" }
#define OPT_TIER { "tier", 's', "TIER", "the tier it bills at (default: by the clock, [billing])" }
#define OPT_NOTE { "note", 'm', "NOTE", "a note (a ticket, what was done)" }
#define OPT_AT { "at", 0, "TIME", "HH:MM today or a local date and time, instead of now" }
#define OPT_NON_BILLABLE { "non-billable", 0, NULL, "the time is not billed" }
#define OPT_RANGE(required)                                                                     \
    { "period", 0, "YYYY-MM", "a calendar month", CLI_OWN, required },                            \
    { "from", 0, "DATE", "the first day of the range", CLI_OR },                                  \
    { "to", 0, "DATE", "the last day of the range", CLI_AND },                                    \
    { "sprint", 0, "NAME|current|last", "a sprint of the client's", CLI_OR }

/* Every command with its arguments. An option's short letter means the same in every command:
 * -s tier, -m note, -a all, -d date, -t time, -r rate, -f format, -n dry run, -u user,
 * -o output, -y yes, -v verbose. */
static const cli_cmd commands[] = {
    { .name = "start", .summary = "start the timer (stopping the running one)",
      .args = { "CLIENT[/PROJECT]" },
      .opts = { OPT_TIER, OPT_NOTE, OPT_NON_BILLABLE, OPT_AT }, .run = cmd_start },
    { .name = "stop", .summary = "stop the running timer into an entry",
      .opts = { OPT_NOTE, OPT_AT }, .run = cmd_stop },
    { .name = "cancel", .summary = "discard the running timer", .run = cmd_cancel },
    { .name = "toggle", .summary = "stop the running timer, else continue the latest entry",
      .opts = { OPT_AT }, .run = cmd_toggle },
    { .name = "pick", .run = cmd_pick,
      .summary = "choose a client or project in a list and start its timer (TUI)" },
    { .name = "status", .summary = "the running timer in one line, for tmux",
      .opts = { OPT_JSON, { "format", 'f', "FMT", "the line's format: %k %e %R … (man tock)" } },
      .run = cmd_status, .reads_only = true },
    { .name = "run", .summary = "run a command and record its wall time",
      .args = { "CLIENT[/PROJECT]" }, .rest = "COMMAND [ARG...]",
      .opts = { OPT_TIER, OPT_NOTE, OPT_NON_BILLABLE }, .run = cmd_run },
    { .name = "add", .summary = "add an entry",
      .args = { "CLIENT[/PROJECT]", "DATE", "(DURATION | HH:MM-HH:MM)" },
      .opts = { OPT_TIER, OPT_NOTE, OPT_NON_BILLABLE }, .run = cmd_add },
    { .name = "edit", .summary = "change an entry", .args = { "ID" },
      .opts = { { "to", 0, "CLIENT[/PROJECT]", "move it to another client or project" },
                { "date", 'd', "DATE", "move it to another day" },
                { "duration", 0, "DURATION", "its new duration" },
                { "time", 't', "HH:MM-HH:MM", "its new start and end", CLI_OR },
                OPT_TIER, OPT_NOTE,
                { "billable", 0, NULL, "the time is billed" },
                { "non-billable", 0, NULL, "the time is not billed", CLI_OR } },
      .run = cmd_edit },
    { .name = "rm", .summary = "delete an entry", .args = { "ID" }, .run = cmd_rm },
    { .name = "log", .summary = "list entries",
      .opts = { { "from", 0, "DATE", "the first day (default: this week)" },
                { "to", 0, "DATE", "the last day (default: this week)" },
                { "client", 0, "CLIENT[/PROJECT]", "only this client's (or project's) entries" },
                OPT_JSON },
      .run = cmd_log, .reads_only = true },
    { .name = "week", .summary = "the week containing DATE as a table", .args = { "[DATE]" },
      .opts = { OPT_JSON }, .run = cmd_week, .reads_only = true },
    { .name = "client add", .summary = "add a client", .args = { "KEY" },
      .opts = { { "name", 0, "TEXT", "its display name (default: the key)" },
                { "currency", 0, "ISO4217", "its currency (default: [billing] currency)" },
                { "rate", 'r', "AMOUNT", "its standard hourly rate, for all dates" },
                { "non-billable", 0, NULL, "its time is not billed" } },
      .run = cmd_client_add },
    { .name = "client list", .summary = "list clients",
      .opts = { { "all", 'a', NULL, "archived clients too" }, OPT_JSON },
      .run = cmd_client_list, .reads_only = true },
    { .name = "client archive", .summary = "hide a client from pickers (its time stays)",
      .args = { "KEY" }, .run = cmd_client_archive },
    { .name = "client set", .summary = "change a client's settings", .args = { "KEY" },
      .opts = { { "name", 0, "TEXT", "its display name" },
                { "currency", 0, "ISO4217", "its currency" },
                { "round", 0, "DURATION", "round each entry to this ('default': the config's)" },
                { "round-mode", 0, "up|nearest|down|none", "which way to round" },
                { "minimum", 0, "DURATION", "bill each entry at least this" },
                { "billable", 0, NULL, "its time is billed" },
                { "non-billable", 0, NULL, "its time is not billed", CLI_OR },
                { "zoho-customer-id", 0, "ID", "pin the Zoho contact its invoices go to" },
                { "zoho-create-contact", 0, NULL, "create its contact in Zoho and pin it", CLI_OR },
                { "email", 0, "ADDR", "the new Zoho contact's email" },
                { "payment-terms", 0, "DAYS|contact", "days its Zoho invoices are due after" },
                { "unarchive", 0, NULL, "show it in pickers again" },
                { "tier", 0, "TIER", "set this tier's rules (the options below and the rounding)" },
                { "retainer", 0, "covered|excluded", "with --tier: whether it draws prepaid hours" },
                { "draw", 0, "MULTIPLIER", "with --tier: prepaid hours an hour draws" },
                { "overage-rate", 0, "AMOUNT", "with --tier: its overage's hourly price" } },
      .run = cmd_client_set },
    { .name = "project add", .summary = "add a project", .args = { "CLIENT/PROJECT" },
      .opts = { { "name", 0, "TEXT", "its display name (default: the key)" },
                { "non-billable", 0, NULL, "its time is not billed" },
                { "fixed", 0, "AMOUNT", "a fixed price instead of hourly billing" },
                { "budget-hours", 0, "H", "the hours a fixed price is meant to cover" } },
      .run = cmd_project_add },
    { .name = "project list", .summary = "list projects", .args = { "[CLIENT]" },
      .opts = { { "all", 'a', NULL, "archived projects too" }, OPT_JSON },
      .run = cmd_project_list, .reads_only = true },
    { .name = "project archive", .summary = "hide a project from pickers",
      .args = { "CLIENT/PROJECT" }, .run = cmd_project_archive },
    { .name = "project set", .summary = "change a project's settings",
      .args = { "CLIENT/PROJECT" },
      .opts = { { "outside-retainer", 0, NULL, "bill it hourly beside the client's retainer" },
                { "inside-retainer", 0, NULL, "let it draw on the retainer again", CLI_OR } },
      .run = cmd_project_set },
    { .name = "rate set", .summary = "set an hourly rate from a day on",
      .args = { "CLIENT[/PROJECT]", "TIER", "AMOUNT" },
      .opts = { { "from", 0, "DATE", "its first day (default: all earlier work, else today)" },
                { "replace", 0, NULL, "replace the rate that starts on that day" } },
      .run = cmd_rate_set },
    { .name = "rate list", .summary = "list a client's (or a project's) rates",
      .args = { "CLIENT[/PROJECT]" }, .opts = { OPT_JSON }, .run = cmd_rate_list,
      .reads_only = true },
    { .name = "retainer set", .summary = "sell prepaid hours per period", .args = { "CLIENT" },
      .opts = { { "hours", 0, "H", "prepaid hours per period", CLI_OWN, true },
                { "fee", 0, "AMOUNT", "the fee per period", CLI_OWN, true },
                { "overage-rate", 0, "AMOUNT", "the hourly price past them", CLI_OWN, true },
                { "period", 0, "month|quarter|week", "the period (default: month)" },
                { "from", 0, "DATE", "its first day (default: this period's)" },
                { "rollover", 0, "none|unused", "unused hours move to the next period" },
                { "rollover-cap", 0, "H", "at most this many hours roll over" },
                { "partial", 0, "prorate|whole", "a partial period's fee and hours" },
                { "alert", 0, "PERCENT", "warn when this much is used" } },
      .run = cmd_retainer_set },
    { .name = "retainer end", .summary = "stop a retainer (from the next period)",
      .args = { "CLIENT" },
      .opts = { { "from", 0, "DATE", "the first day without it (default: the next period)" } },
      .run = cmd_retainer_end },
    { .name = "retainer", .summary = "prepaid hours used and left", .args = { "[CLIENT]" },
      .opts = { { "date", 0, "DATE", "the period containing this day (default: today)" },
                OPT_JSON },
      .run = cmd_retainer_show, .reads_only = true },
    { .name = "sprint add", .summary = "name a sprint of a client", .args = { "CLIENT", "NAME" },
      .opts = { { "from", 0, "DATE", "its first day", CLI_OWN, true },
                { "to", 0, "DATE", "its last day", CLI_OWN, true } },
      .run = cmd_sprint_add },
    { .name = "sprint every", .summary = "sprints every 2w (or 10d …), named Sprint 1, 2, …",
      .args = { "CLIENT", "EVERY" },
      .opts = { { "starting", 0, "DATE", "the first sprint's first day (default: this week)" } },
      .run = cmd_sprint_every },
    { .name = "sprint list", .summary = "a client's sprints", .args = { "CLIENT" },
      .opts = { OPT_JSON }, .run = cmd_sprint_list, .reads_only = true },
    { .name = "sprint report", .summary = "hours per developer and project in a sprint",
      .args = { "CLIENT", "[NAME|current|last]" }, .opts = { OPT_JSON },
      .run = cmd_sprint_report, .reads_only = true },
    { .name = "invoice preview", .summary = "the invoice of a client's uninvoiced time",
      .args = { "CLIENT" },
      .opts = { OPT_RANGE(false),
                { "group-by", 0, "project+tier|project|tier|day|entry",
                  "what one line holds (default: [billing] group_by)" },
                { "explain", 0, NULL, "where each line's rate and hours come from" }, OPT_JSON },
      .run = cmd_invoice_preview, .reads_only = true },
    { .name = "invoice push", .summary = "create the invoice in Zoho Invoice, never twice",
      .args = { "CLIENT" },
      .opts = { OPT_RANGE(true),
                { "group-by", 0, "project+tier|project|tier|day|entry",
                  "what one line holds (default: [billing] group_by)" },
                { "date", 0, "DATE", "the invoice's date (default: today)" },
                { "send", 0, NULL, "have Zoho email it to the contact" },
                { "mark-sent", 0, NULL, "mark it sent without an email", CLI_OR },
                { "yes", 'y', NULL, "do not ask first (needed without a terminal)" },
                OPT_VERBOSE },
      .run = cmd_invoice_push },
    { .name = "invoice list", .summary = "invoices pushed, pending and failed",
      .opts = { { "pending", 0, NULL, "only those Zoho has not confirmed" },
                { "failed", 0, NULL, "only those Zoho refused", CLI_OR },
                { "client", 0, "CLIENT", "only this client's" }, OPT_JSON },
      .run = cmd_invoice_list, .reads_only = true },
    { .name = "invoice retry", .summary = "finish pending invoices (or re-queue a failed one)",
      .args = { "[ID]" }, .opts = { OPT_VERBOSE }, .run = cmd_invoice_retry },
    { .name = "invoice discard", .summary = "drop a pending or failed invoice (asks Zoho first)",
      .args = { "ID" },
      .opts = { { "force", 0, NULL, "discard even when Zoho may have it" }, OPT_VERBOSE },
      .run = cmd_invoice_discard },
    { .name = "invoice sync", .summary = "status and balance back from Zoho; a void frees its entries",
      .opts = { { "client", 0, "CLIENT", "only this client's invoices" }, OPT_JSON, OPT_VERBOSE },
      .run = cmd_invoice_sync },
    { .name = "zoho check", .summary = "check the Zoho settings (no secrets shown)",
      .opts = { OPT_VERBOSE }, .run = cmd_zoho_check },
    { .name = "zoho contacts", .summary = "the Zoho contacts invoices can go to",
      .opts = { OPT_JSON, OPT_VERBOSE }, .run = cmd_zoho_contacts },
    { .name = "import", .summary = "import another tool's export (FILE '-': stdin)",
      .args = { "toggl|harvest|timewarrior|tock|auto", "FILE" },
      .opts = { { "dry-run", 'n', NULL, "report what it would do and write nothing" },
                { "skip-bad", 0, NULL, "report bad rows and import the rest" },
                { "strict", 0, NULL, "overlaps are errors" },
                { "map", 0, "SPEC", "which Timewarrior tags are what (client=1,project=2)" },
                { "user-map", 0, "FILE", "users of the file to logins here" },
                { "client-map", 0, "FILE", "clients of the file to keys here" },
                { "default-client", 0, "KEY", "the client of rows without one" }, OPT_JSON },
      .run = cmd_import },
    { .name = "export", .summary = "every entry with every field (--all: the whole database), "
                                   "to stdout or FILE",
      .opts = { { "format", 'f', "csv|json", "the output's format (default: csv)" },
                { "from", 0, "DATE", "the first day (default: all)" },
                { "to", 0, "DATE", "the last day (default: all)" },
                { "user", 'u', "LOGIN", "only this user's entries" },
                { "client", 0, "CLIENT[/PROJECT]", "only this client's (or project's)" },
                { "spreadsheet", 0, NULL, "quote text a spreadsheet would run as a formula" },
                { "all", 0, NULL, "the whole database as one JSON document" },
                { "output", 'o', "FILE", "write FILE (whole or not at all), not stdout" } },
      .run = cmd_export, .reads_only = true },
    { .name = "backup", .summary = "a consistent copy of the database file, while others write",
      .args = { "FILE" }, .opts = { { "force", 0, NULL, "replace an existing FILE" } },
      .run = cmd_backup, .reads_only = true },
};

/* tock's own options (main.c), anywhere before "--". */
static const cli_optdef globals[] = {
    { "db", 0, "FILE", "the database (default: TOCK_DB, [storage] database, FILES)", CLI_OWN, false },
    { "config", 'c', "CONFIG", "the config file (default: TOCK_CONFIG, FILES)", CLI_OWN, false },
    { "help", 'h', NULL, "the commands, or (after one) its options", CLI_OWN, false },
    { "version", 'V', NULL, "tock's version", CLI_OWN, false },
};

const cli_optdef *cli_globals(size_t *n)
{
    *n = TK_ARRAY_LEN(globals);
    return globals;
}

const cli_cmd *cli_commands(size_t *n)
{
    *n = TK_ARRAY_LEN(commands);
    return commands;
}

const cli_cmd *cli_find(int argc, char **argv, int *consumed)
{
    char two[128];
    if (argc >= 2) {
        snprintf(two, sizeof two, "%s %s", argv[0], argv[1]);
        for (size_t i = 0; i < TK_ARRAY_LEN(commands); i++)
            if (!strcmp(commands[i].name, two)) {
                *consumed = 2;
                return &commands[i];
            }
    }
    for (size_t i = 0; argc >= 1 && i < TK_ARRAY_LEN(commands); i++)
        if (!strcmp(commands[i].name, argv[0])) {
            *consumed = 1;
            return &commands[i];
        }
    return NULL;
}

static size_t opts_count(const cli_cmd *c)
{
    size_t n = 0;
    while (n < CLI_OPTS_MAX && c->opts[n].name)
        n++;
    return n;
}

/* s[0..len), with each '-' as man(7) writes a minus when man. */
static void put_dashed(strbuf *sb, const char *s, size_t len, bool man)
{
    for (size_t i = 0; i < len; i++) {
        if (man && s[i] == '-')
            sb_add(sb, "\\-");
        else
            sb_addc(sb, s[i]);
    }
}

/* A placeholder or literal of a usage: as it is, or (man) placeholders in italics, literals
 * ("current", "csv") in bold, dashes escaped. */
static void put_text(strbuf *sb, const char *s, bool man)
{
    if (!man) {
        sb_add(sb, s);
        return;
    }
    while (*s) {
        bool upper = *s >= 'A' && *s <= 'Z', lower = *s >= 'a' && *s <= 'z';
        if (!upper && !lower) {
            if (*s == '-')
                sb_add(sb, "\\-");
            else
                sb_addc(sb, *s);
            s++;
            continue;
        }
        const char *chars = upper ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:-"
                                  : "abcdefghijklmnopqrstuvwxyz0123456789+-";
        size_t len = strspn(s, chars);
        sb_add(sb, upper ? "\\fI" : "\\fB");
        put_dashed(sb, s, len, man);
        sb_add(sb, "\\fR");
        s += len;
    }
}

/* An option as a usage shows it, every spelling then its value: "-s|--tier TIER" (man: bold
 * names, a space that does not break). */
void cli_opt_usage(const cli_optdef *o, bool man, strbuf *sb)
{
    const char *dash = man ? "\\-" : "-";
    if (o->letter)
        sb_addf(sb, "%s%s%c%s|", man ? "\\fB" : "", dash, o->letter, man ? "\\fR" : "");
    sb_addf(sb, "%s%s%s", man ? "\\fB" : "", dash, dash);
    put_dashed(sb, o->name, strlen(o->name), man);
    if (man)
        sb_add(sb, "\\fR");
    if (o->value) {
        sb_add(sb, man ? "\\~" : " ");
        put_text(sb, o->value, man);
    }
}

void cli_usage_text(const cli_cmd *c, bool man, strbuf *sb)
{
    sb_addf(sb, "%s%s%s", man ? "\\fB" : "", c->name, man ? "\\fR" : "");
    for (size_t i = 0; i < CLI_ARGS_MAX && c->args[i]; i++) {
        sb_addc(sb, ' ');
        put_text(sb, c->args[i], man);
    }
    size_t n = opts_count(c);
    for (size_t i = 0; i < n; i++) {
        const cli_optdef *o = &c->opts[i];
        size_t end = i + 1;     /* the group: this option and those joined to it */
        bool alternatives = false;
        while (end < n && c->opts[end].join != CLI_OWN)
            alternatives |= c->opts[end++].join == CLI_OR;
        sb_add(sb, o->required ? (alternatives ? " (" : " ") : " [");
        for (size_t j = i; j < end; j++) {
            if (j > i)
                sb_add(sb, c->opts[j].join == CLI_OR ? " | " : " ");
            cli_opt_usage(&c->opts[j], man, sb);
        }
        sb_add(sb, o->required ? (alternatives ? ")" : "") : "]");
        i = end - 1;
    }
    if (c->rest) {
        sb_add(sb, man ? " \\fB\\-\\-\\fR " : " -- ");
        put_text(sb, c->rest, man);
    }
}

void cli_usage_line(const cli_cmd *c, FILE *f)
{
    strbuf sb = { 0 };
    cli_usage_text(c, false, &sb);
    fputs(sb_str(&sb), f);
    sb_free(&sb);
}

/* "-s, --tier TIER" for the option list of `tock help CMD`. */
static void opt_spell(const cli_optdef *o, char *buf, size_t size)
{
    snprintf(buf, size, "%c%c%s--%s%s%s", o->letter ? '-' : ' ', o->letter ? o->letter : ' ',
             o->letter ? ", " : "  ", o->name, o->value ? " " : "", o->value ? o->value : "");
}

void cli_opts_help(const cli_optdef *opts, size_t n, FILE *f)
{
    enum { MAX_COLUMN = 26 };
    char spell[128];
    int width = 10;
    for (size_t i = 0; i < n; i++) {
        opt_spell(&opts[i], spell, sizeof spell);
        if ((int)strlen(spell) > width && strlen(spell) <= MAX_COLUMN)
            width = (int)strlen(spell);
    }
    for (size_t i = 0; i < n; i++) {
        opt_spell(&opts[i], spell, sizeof spell);
        if ((int)strlen(spell) > width)     /* too long for the column: help on the next line */
            fprintf(f, "  %s\n  %-*s  %s\n", spell, width, "", opts[i].help);
        else
            fprintf(f, "  %-*s  %s\n", width, spell, opts[i].help);
    }
}

void cli_usage(const cli_cmd *c, FILE *f)
{
    static const cli_optdef help = { "help", 'h', NULL, "this text", CLI_OWN, false };
    cli_optdef all[CLI_OPTS_MAX + 1];
    size_t n = opts_count(c);
    memcpy(all, c->opts, n * sizeof *all);
    all[n++] = help;
    fputs("usage: tock ", f);
    cli_usage_line(c, f);
    fprintf(f, "\n  %s\n\noptions:\n", c->summary);
    cli_opts_help(all, n, f);
    if (!strchr(c->name, ' '))
        cli_group(c->name, f);
}

size_t cli_group(const char *group, FILE *f)
{
    size_t n = 0, len = strlen(group);
    for (size_t i = 0; i < TK_ARRAY_LEN(commands); i++) {
        const char *name = commands[i].name;
        if (strncmp(name, group, len) || name[len] != ' ')
            continue;
        if (f && !n)
            fprintf(f, "\n'tock %s' commands ('tock %s COMMAND --help' shows one):\n", group,
                    group);
        if (f)
            fprintf(f, "  %-16s %s\n", name + len + 1, commands[i].summary);
        n++;
    }
    return n;
}

static const cli_optdef *find_long(const cli_cmd *c, const char *name, size_t len)
{
    for (size_t i = 0; i < CLI_OPTS_MAX && c->opts[i].name; i++)
        if (strlen(c->opts[i].name) == len && !strncmp(c->opts[i].name, name, len))
            return &c->opts[i];
    return NULL;
}

static const cli_optdef *find_short(const cli_cmd *c, char letter)
{
    for (size_t i = 0; i < CLI_OPTS_MAX && c->opts[i].name; i++)
        if (c->opts[i].letter == letter)
            return &c->opts[i];
    return NULL;
}

static int usage_error(const cli_cmd *c, const char *fmt, const char *what)
{
    fprintf(stderr, "tock %s: ", c->name);
    fprintf(stderr, fmt, what);
    fprintf(stderr, " (see tock %s --help)\n", c->name);
    return EXIT_USAGE;
}

/* An optional positional is written in [ ] in the table. */
static void args_count(const cli_cmd *c, int *min, int *max)
{
    *min = *max = 0;
    for (size_t i = 0; i < CLI_ARGS_MAX && c->args[i]; i++) {
        (*max)++;
        if (c->args[i][0] != '[')
            (*min)++;
    }
}

int cli_args_parse(const cli_cmd *c, int argc, char **argv, cli_args *a)
{
    int min_pos, max_pos;
    args_count(c, &min_pos, &max_pos);
    memset(a, 0, sizeof *a);
    a->cmd = c;
    for (int i = 0; i < argc; i++) {
        char *arg = argv[i];
        const cli_optdef *o = NULL;
        const char *inline_val = NULL;
        if (!strcmp(arg, "--")) {
            if (!c->rest)
                return usage_error(c, "unexpected '%s'", "--");
            a->rest = argv + i + 1;
            a->nrest = argc - i - 1;
            break;
        }
        if (arg[0] == '-' && arg[1] == '-') {
            const char *eq = strchr(arg + 2, '=');
            size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
            o = find_long(c, arg + 2, len);
            inline_val = eq ? eq + 1 : NULL;
        } else if (arg[0] == '-' && arg[1] && !(arg[1] >= '0' && arg[1] <= '9')) {
            o = arg[2] ? NULL : find_short(c, arg[1]);
        } else {
            if (a->npos >= max_pos)
                return usage_error(c, "unexpected argument '%s'", arg);
            a->pos[a->npos++] = arg;
            continue;
        }
        if (!o)
            return usage_error(c, "unknown option '%s'", arg);
        const char **slot = &a->values[o - c->opts];
        if (!o->value) {
            if (inline_val) {
                fprintf(stderr, "tock %s: option --%s takes no value\n", c->name, o->name);
                return EXIT_USAGE;
            }
            *slot = "";
            continue;
        }
        if (*slot) {
            fprintf(stderr, "tock %s: option --%s given twice\n", c->name, o->name);
            return EXIT_USAGE;
        }
        if (inline_val) {
            *slot = inline_val;
        } else if (i + 1 < argc) {
            *slot = argv[++i];
        } else {
            fprintf(stderr, "tock %s: option --%s needs a value\n", c->name, o->name);
            return EXIT_USAGE;
        }
    }
    if (a->npos < min_pos)
        return usage_error(c, "%s", "missing argument");
    return 0;
}

const char *cli_args_get(const cli_args *a, const char *name)
{
    const cli_optdef *o = find_long(a->cmd, name, strlen(name));
    if (!o) {
        fprintf(stderr, "tock: internal error: %s has no option --%s\n", a->cmd->name, name);
        abort();
    }
    return a->values[o - a->cmd->opts];
}

const char *cli_args_get_or(const cli_args *a, const char *name, const char *dflt)
{
    const char *v = cli_args_get(a, name);
    return v ? v : dflt;
}

bool cli_args_has(const cli_args *a, const char *name)
{
    return cli_args_get(a, name) != NULL;
}

const char *cli_text(const char *s)
{
    static strbuf ring[8];
    static unsigned next;
    strbuf *sb = &ring[next++ % TK_ARRAY_LEN(ring)];
    sb_reset(sb);
    text_add_printable(sb, s ? s : "");
    return sb_str(sb);
}

int cli_error(const tk_err *err)
{
    fprintf(stderr, "tock: %s\n", cli_text(err->msg[0] ? err->msg : "failed"));
    return EXIT_USER;
}

int cli_errorf(const char *fmt, ...)
{
    tk_err err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.msg, sizeof err.msg, fmt, ap);
    va_end(ap);
    return cli_error(&err);
}

void cli_print_json(strbuf *sb)
{
    sb_addc(sb, '\n');
    fwrite(sb_str(sb), 1, sb->len, stdout);
    sb_free(sb);
}

int cli_parse_day(const char *s, tk_day *out, tk_err *err)
{
    return day_parse(s, app_today(), out, err);
}

int cli_check_text(const char *what, const char *s, tk_err *err)
{
    if (s && !text_valid_utf8(s))
        return tk_fail(err, "the %s is not valid UTF-8", what);
    return 0;
}

int cli_parse_id(const char *s, int64_t *id, tk_err *err)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0)
        return tk_fail(err, "bad entry id '%s'", s);
    *id = v;
    return 0;
}
