/* cli.c — the command table, option parsing and output helpers shared by every command. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const cli_cmd commands[] = {
    { "start", "CLIENT[/PROJECT] [-s TIER] [-m NOTE] [--ref TICKET] [--non-billable] [--at TIME]",
      "start the timer (stopping the running one)", cmd_start, false },
    { "stop", "[-m NOTE] [--at TIME]", "stop the running timer into an entry", cmd_stop, false },
    { "cancel", "", "discard the running timer", cmd_cancel, false },
    { "toggle", "[--at TIME]", "stop the running timer, else continue the latest entry",
      cmd_toggle, false },
    { "pick", "", "choose a client or project in a list and start its timer (TUI)", cmd_pick,
      false },
    { "status", "[--json] [--format FMT]", "the running timer in one line, for tmux", cmd_status, true },
    { "run", "CLIENT[/PROJECT] [-s TIER] [-m NOTE] [--ref TICKET] -- COMMAND [ARG...]",
      "run a command and record its wall time", cmd_run, false },
    { "add", "CLIENT[/PROJECT] DATE (DURATION | HH:MM-HH:MM) [-s TIER] [-m NOTE] [--ref TICKET] "
             "[--non-billable]",
      "add an entry", cmd_add, false },
    { "edit", "ID [--to CLIENT[/PROJECT]] [--date DATE] [--duration DURATION | --time HH:MM-HH:MM] "
              "[-s TIER] [-m NOTE] [--ref TICKET] [--billable | --non-billable]",
      "change an entry", cmd_edit, false },
    { "rm", "ID", "delete an entry", cmd_rm, false },
    { "log", "[--from DATE] [--to DATE] [--client CLIENT] [--ref TICKET] [--json]", "list entries",
      cmd_log, true },
    { "week", "[DATE] [--json]", "the week containing DATE as a table", cmd_week, true },
    { "client add", "KEY [--name TEXT] [--currency ISO4217] [--rate AMOUNT] [--non-billable]",
      "add a client", cmd_client_add, false },
    { "client list", "[--all] [--json]", "list clients", cmd_client_list, true },
    { "client archive", "KEY", "hide a client from pickers (its time stays)", cmd_client_archive, false },
    { "client set", "KEY [--name TEXT] [--currency ISO4217] [--round DURATION] "
                    "[--round-mode up|nearest|down|none] [--minimum DURATION] "
                    "[--billable | --non-billable] [--zoho-customer-id ID | --zoho-create-contact "
                    "[--email ADDR]] [--payment-terms DAYS|contact] [--unarchive] "
                    "| KEY --tier TIER [--round DURATION] [--round-mode MODE] [--minimum DURATION] "
                    "[--retainer covered|excluded] [--draw MULTIPLIER] [--overage-rate AMOUNT] "
                    "(each may be 'default')",
      "change a client's settings", cmd_client_set, false },
    { "project add", "CLIENT/PROJECT [--name TEXT] [--non-billable] [--fixed AMOUNT] "
                     "[--budget-hours H]", "add a project", cmd_project_add, false },
    { "project list", "[CLIENT] [--all] [--json]", "list projects", cmd_project_list, true },
    { "project archive", "CLIENT/PROJECT", "hide a project from pickers", cmd_project_archive, false },
    { "project set", "CLIENT/PROJECT [--name TEXT] [--fixed AMOUNT|none] [--budget-hours H|none] "
                     "[--billable | --non-billable] [--outside-retainer | --inside-retainer]",
      "change a project's settings", cmd_project_set, false },
    { "project bill", "CLIENT/PROJECT (PERCENT% | AMOUNT) -m TEXT [--date DATE] [--force]",
      "bill a milestone of a fixed price on the client's next invoice", cmd_project_bill, false },
    { "rate set", "CLIENT[/PROJECT] TIER AMOUNT [--from DATE] [--replace]",
      "set an hourly rate from a day on", cmd_rate_set, false },
    { "rate list", "CLIENT[/PROJECT] [--json]", "list a client's (or a project's) rates",
      cmd_rate_list, true },
    { "cost set", "USER AMOUNT [--currency ISO4217] [--from DATE]",
      "what an hour of a user costs the agency, from a day on (admins and leads)", cmd_cost_set,
      false },
    { "cost list", "[--json]", "users' cost rates (admins and leads)", cmd_cost_list, true },
    { "retainer set", "CLIENT --hours H --fee AMOUNT --overage-rate AMOUNT "
                      "[--period month|quarter|week] [--from DATE] [--rollover none|unused] "
                      "[--rollover-cap H] [--partial prorate|whole] [--alert PERCENT]",
      "sell prepaid hours per period", cmd_retainer_set, false },
    { "retainer end", "CLIENT [--from DATE]", "stop a retainer (from the next period)",
      cmd_retainer_end, false },
    { "retainer", "[CLIENT] [--date DATE] [--json]", "prepaid hours used and left",
      cmd_retainer_show, true },
    { "sprint add", "CLIENT NAME --from DATE --to DATE", "name a sprint of a client",
      cmd_sprint_add, false },
    { "sprint every", "CLIENT EVERY [--starting DATE]",
      "sprints every 2w (or 10d …), named Sprint 1, 2, …", cmd_sprint_every, false },
    { "sprint list", "CLIENT [--json]", "a client's sprints", cmd_sprint_list, true },
    { "sprint report", "CLIENT [NAME|current|last] [--json]",
      "hours per developer and project in a sprint", cmd_sprint_report, true },
    { "invoice preview", "CLIENT [--period YYYY-MM (this month) | --from DATE --to DATE | "
                         "--sprint NAME|current|last] "
                         "[--group-by project+tier|project|tier|day|entry|ticket] [--explain] [--json]",
      "the invoice of a client's uninvoiced time", cmd_invoice_preview, true },
    { "invoice push", "CLIENT (--period YYYY-MM | --from DATE --to DATE | --sprint NAME|current|last) "
                      "[--group-by G] [--date DATE] [--send | --mark-sent] [--yes] [--verbose]",
      "create the invoice in Zoho Invoice, never twice", cmd_invoice_push, false },
    { "invoice list", "[--pending | --failed] [--client CLIENT] [--json]",
      "invoices pushed, pending and failed", cmd_invoice_list, true },
    { "invoice retry", "[ID] [--verbose]", "finish pending invoices (or re-queue a failed one)",
      cmd_invoice_retry, false },
    { "invoice discard", "ID [--force] [--verbose]", "drop a pending or failed invoice (asks Zoho "
      "first)", cmd_invoice_discard, false },
    { "invoice sync", "[--client CLIENT] [--json] [--verbose]", "status and balance back from Zoho; a void "
      "frees its entries", cmd_invoice_sync, false },
    { "report profit", "[CLIENT[/PROJECT]] [--period YYYY-MM (this month) | --from DATE --to DATE] "
                       "[--by client|project|user|month] [--json]",
      "revenue, cost, margin and effective rate (admins and leads)", cmd_report_profit, true },
    { "report tickets", "[CLIENT[/PROJECT]] [--period YYYY-MM (this month) | --from DATE --to DATE] "
                        "[--json]",
      "hours, billed time and money per ticket reference", cmd_report_tickets, true },
    { "zoho check", "[--verbose]", "check the Zoho settings (no secrets shown)", cmd_zoho_check, false },
    { "zoho contacts", "[--json] [--verbose]", "the Zoho contacts invoices can go to",
      cmd_zoho_contacts, false },
    { "import", "(toggl | harvest | timewarrior | tock | auto) FILE [--dry-run] [--skip-bad] "
                "[--strict] [--map SPEC] [--user-map FILE] [--client-map FILE] "
                "[--default-client KEY] [--json]",
      "import another tool's export (FILE '-': stdin)", cmd_import, false },
    { "export", "[--format csv|json] [--from DATE] [--to DATE] [--user LOGIN] "
                "[--client CLIENT[/PROJECT]] [--spreadsheet] [-o FILE] | --all [-o FILE]",
      "every entry with every field (--all: the whole database), to stdout or FILE", cmd_export,
      true },
    { "backup", "FILE [--force]", "a consistent copy of the database file, while others write",
      cmd_backup, true },
};

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

void cli_usage(const cli_cmd *c, FILE *f)
{
    fprintf(f, "usage: tock %s%s%s\n  %s\n", c->name, *c->usage ? " " : "", c->usage, c->summary);
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

static const cli_opt *find_long(const cli_opt *opts, const char *name, size_t len)
{
    for (const cli_opt *o = opts; o && o->name; o++)
        if (strlen(o->name) == len && !strncmp(o->name, name, len))
            return o;
    return NULL;
}

static const cli_opt *find_short(const cli_opt *opts, char c)
{
    for (const cli_opt *o = opts; o && o->name; o++)
        if (o->short_name && o->short_name == c)
            return o;
    return NULL;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, char **pos,
              int min_pos, int max_pos, int *npos, char ***rest, int *nrest)
{
    unsigned long long seen = 0; /* bit i: opts[i] took a value already */
    *npos = 0;
    if (rest) {
        *rest = NULL;
        *nrest = 0;
    }
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        const cli_opt *o = NULL;
        const char *inline_val = NULL;
        if (!strcmp(a, "--")) {
            if (!rest) {
                fprintf(stderr, "tock %s: unexpected '--' (see tock %s --help)\n", cmd, cmd);
                return EXIT_USAGE;
            }
            *rest = argv + i + 1;
            *nrest = argc - i - 1;
            break;
        }
        if (a[0] == '-' && a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            o = find_long(opts, a + 2, len);
            inline_val = eq ? eq + 1 : NULL;
        } else if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9')) {
            o = a[2] ? NULL : find_short(opts, a[1]);
        } else {
            if (*npos >= max_pos) {
                fprintf(stderr, "tock %s: unexpected argument '%s' (see tock %s --help)\n", cmd, a, cmd);
                return EXIT_USAGE;
            }
            pos[(*npos)++] = a;
            continue;
        }
        if (!o) {
            fprintf(stderr, "tock %s: unknown option '%s' (see tock %s --help)\n", cmd, a, cmd);
            return EXIT_USAGE;
        }
        if (o->flag) {
            if (inline_val) {
                fprintf(stderr, "tock %s: option --%s takes no value\n", cmd, o->name);
                return EXIT_USAGE;
            }
            *o->flag = true;
            continue;
        }
        unsigned long long bit = 1ull << ((o - opts) % 64);
        if (seen & bit) {
            fprintf(stderr, "tock %s: option --%s given twice\n", cmd, o->name);
            return EXIT_USAGE;
        }
        seen |= bit;
        if (inline_val) {
            *o->value = inline_val;
        } else if (i + 1 < argc) {
            *o->value = argv[++i];
        } else {
            fprintf(stderr, "tock %s: option --%s needs a value\n", cmd, o->name);
            return EXIT_USAGE;
        }
    }
    if (*npos < min_pos) {
        fprintf(stderr, "tock %s: missing argument (see tock %s --help)\n", cmd, cmd);
        return EXIT_USAGE;
    }
    return 0;
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
