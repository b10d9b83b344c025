/* cli.c — the command table (every command with its options) and output helpers shared by every
 * command. The parser and the usage it shows are in cli_args.c. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* One option: its long name, short letter (0: none), value's placeholder (NULL: a switch) and
 * one line of help. OPT_OR: an alternative to the option before it ([--billable |
 * --non-billable]); OPT_AND: in the same alternative (--from DATE --to DATE); OPT_REQ: shown
 * without [ ] (the command checks that it is given). */
#define OPT(n, l, v, h) { .name = n, .letter = l, .value = v, .help = h }
#define OPT_OR(n, l, v, h) { .name = n, .letter = l, .value = v, .help = h, .join = CLI_OR }
#define OPT_AND(n, l, v, h) { .name = n, .letter = l, .value = v, .help = h, .join = CLI_AND }
#define OPT_REQ(n, l, v, h) { .name = n, .letter = l, .value = v, .help = h, .required = true }

/* Options several commands share, spelled once. */
#define OPT_JSON OPT("json", 0, NULL, "print JSON instead of a table")
#define OPT_VERBOSE OPT("verbose", 'v', NULL, "write the HTTP exchange to stderr, secrets redacted")
#define OPT_TIER OPT("tier", 's', "TIER", "the tier it bills at (default: by the clock, [billing])")
#define OPT_NOTE OPT("note", 'm', "NOTE", "a note (a ticket, what was done)")
#define OPT_REF OPT("ref", 0, "TICKET", \
                    "its ticket reference (JIRA-123; default: [tickets] pattern in the note)")
#define OPT_AT OPT("at", 0, "TIME", "HH:MM today or a local date and time, instead of now")
#define OPT_REASON OPT_REQ("note", 'm', "REASON", "why (its owner sees it beside the week)")
#define OPT_NON_BILLABLE OPT("non-billable", 0, NULL, "the time is not billed")
#define OPT_RANGE(first)                                                                        \
    first("period", 0, "YYYY-MM", "a month (a preview without a range: this one)"),             \
    OPT_OR("from", 0, "DATE", "the first day of the range"),                                    \
    OPT_AND("to", 0, "DATE", "the last day of the range"),                                      \
    OPT_OR("sprint", 0, "NAME|current|last", "a sprint of the client's")

#define OPT_REPORT_RANGE                                                                        \
    OPT("period", 0, "YYYY-MM", "a month (default: this one)"),                                 \
    OPT_OR("from", 0, "DATE", "the first day of the range"),                                    \
    OPT_AND("to", 0, "DATE", "the last day of the range")

/* Every command with its arguments. An option's short letter means the same in every command:
 * -s tier, -m note, -a all, -d date, -t time, -r rate, -f format, -n dry run, -u user,
 * -o output, -y yes, -v verbose (and tock's own -c config, -h help, -V version).
 *
 * A new command: a row here and `int cmd_x(tk_app *app, const cli_args *args)` (cli.h), which
 * reads cli_args_get(args, "from") (NULL when not given), cli_args_has(args, "json"),
 * args->pos[0 .. args->npos) and args->rest; then `make man` writes its SYNOPSIS line and
 * heading into man/tock.1, under which its text goes (tests/test_man.py checks both). A
 * command written against the old cli_parse converts with tools/cli_convert.py. */
static const cli_cmd commands[] = {
    { .name = "start", .summary = "start the timer (stopping the running one)",
      .args = { "CLIENT[/PROJECT]" },
      .opts = { OPT_TIER, OPT_NOTE, OPT_REF, OPT_NON_BILLABLE, OPT_AT }, .run = cmd_start },
    { .name = "stop", .summary = "stop the running timer into an entry",
      .opts = { OPT_NOTE, OPT_AT }, .run = cmd_stop },
    { .name = "cancel", .summary = "discard the running timer", .run = cmd_cancel },
    { .name = "toggle", .summary = "stop the running timer, else continue the latest entry",
      .opts = { OPT_AT }, .run = cmd_toggle },
    { .name = "pick", .run = cmd_pick,
      .summary = "choose a client or project in a list and start its timer (TUI)" },
    { .name = "status", .summary = "the running timer in one line, for tmux",
      .opts = { OPT_JSON, OPT("format", 'f', "FMT", "the line's format: %k %e %R … (man tock)") },
      .run = cmd_status, .reads_only = true },
    { .name = "run", .summary = "run a command and record its wall time",
      .args = { "CLIENT[/PROJECT]" }, .rest = "COMMAND [ARG...]",
      .opts = { OPT_TIER, OPT_NOTE, OPT_REF, OPT_NON_BILLABLE }, .run = cmd_run },
    { .name = "add", .summary = "add an entry",
      .args = { "CLIENT[/PROJECT]", "DATE", "(DURATION | HH:MM-HH:MM)" },
      .opts = { OPT_TIER, OPT_NOTE, OPT_REF, OPT_NON_BILLABLE }, .run = cmd_add },
    { .name = "edit", .summary = "change an entry", .args = { "ID" },
      .opts = { OPT("to", 0, "CLIENT[/PROJECT]", "move it to another client or project"),
                OPT("date", 'd', "DATE", "move it to another day"),
                OPT("duration", 0, "DURATION", "its new duration"),
                OPT_OR("time", 't', "HH:MM-HH:MM", "its new start and end"),
                OPT_TIER, OPT_NOTE,
                OPT("ref", 0, "TICKET", "its ticket reference ('' clears it)"),
                OPT("billable", 0, NULL, "the time is billed"),
                OPT_OR("non-billable", 0, NULL, "the time is not billed") },
      .run = cmd_edit },
    { .name = "rm", .summary = "delete an entry", .args = { "ID" }, .run = cmd_rm },
    { .name = "log", .summary = "list entries",
      .opts = { OPT("from", 0, "DATE", "the first day (default: this week)"),
                OPT("to", 0, "DATE", "the last day (default: this week)"),
                OPT("client", 0, "CLIENT[/PROJECT]", "only this client's (or project's) entries"),
                OPT("ref", 0, "TICKET", "only the entries with this ticket reference"),
                OPT_JSON },
      .run = cmd_log, .reads_only = true },
    { .name = "week", .summary = "the week containing DATE as a table", .args = { "[DATE]" },
      .opts = { OPT("user", 'u', "USER", "a team member's week (leads and the admin)"),
                OPT_JSON },
      .run = cmd_week, .reads_only = true },
    { .name = "submit", .summary = "submit your week (or month) for approval; it locks",
      .args = { "[DATE]" }, .run = cmd_submit },
    { .name = "approve", .summary = "approve a user's submitted week (leads)",
      .args = { "USER", "[DATE]" }, .run = cmd_approve },
    { .name = "reject", .summary = "send a submitted week back to its owner (leads)",
      .args = { "USER", "[DATE]" }, .opts = { OPT_REASON }, .run = cmd_reject },
    { .name = "reopen", .summary = "open a submitted or approved week again (leads)",
      .args = { "USER", "[DATE]" }, .opts = { OPT_REASON }, .run = cmd_reopen },
    { .name = "team add", .summary = "add an OS user to the team (admin)", .args = { "USER" },
      .opts = { OPT("role", 0, "lead|member|admin", "their role (default: member)") },
      .run = cmd_team_add },
    { .name = "team list", .summary = "the team's users and roles", .opts = { OPT_JSON },
      .run = cmd_team_list, .reads_only = true },
    { .name = "team rm", .summary = "take a user out of the team; their time stays (admin)",
      .args = { "USER" }, .run = cmd_team_rm },
    { .name = "team set", .summary = "change a user's role (admin)", .args = { "USER" },
      .opts = { OPT_REQ("role", 0, "admin|lead|member", "their new role") },
      .run = cmd_team_set },
    { .name = "team week",
      .summary = "every member's state, hours and amount for a week (leads)",
      .args = { "[DATE]" }, .opts = { OPT_JSON }, .run = cmd_team_week, .reads_only = true },
    { .name = "team remind",
      .summary = "who has not submitted by [team] submit_by (mails them with remind_mail)",
      .args = { "[DATE]" }, .run = cmd_team_remind, .reads_only = true },
    { .name = "client add", .summary = "add a client", .args = { "KEY" },
      .opts = { OPT("name", 0, "TEXT", "its display name (default: the key)"),
                OPT("currency", 0, "ISO4217", "its currency (default: [billing] currency)"),
                OPT("rate", 'r', "AMOUNT", "its standard hourly rate, for all dates"),
                OPT("non-billable", 0, NULL, "its time is not billed") },
      .run = cmd_client_add },
    { .name = "client list", .summary = "list clients",
      .opts = { OPT("all", 'a', NULL, "archived clients too"), OPT_JSON },
      .run = cmd_client_list, .reads_only = true },
    { .name = "client archive", .summary = "hide a client from pickers (its time stays)",
      .args = { "KEY" }, .run = cmd_client_archive },
    { .name = "client set", .summary = "change a client's settings", .args = { "KEY" },
      .opts = { OPT("name", 0, "TEXT", "its display name"),
                OPT("currency", 0, "ISO4217", "its currency"),
                OPT("round", 0, "DURATION", "round each entry to this ('default': the config's)"),
                OPT("round-mode", 0, "up|nearest|down|none", "which way to round"),
                OPT("minimum", 0, "DURATION", "bill each entry at least this"),
                OPT("billable", 0, NULL, "its time is billed"),
                OPT_OR("non-billable", 0, NULL, "its time is not billed"),
                OPT("zoho-customer-id", 0, "ID", "pin the Zoho contact its invoices go to"),
                OPT_OR("zoho-create-contact", 0, NULL, "create its contact in Zoho and pin it"),
                OPT("email", 0, "ADDR", "the new Zoho contact's email"),
                OPT("payment-terms", 0, "DAYS|contact", "days its Zoho invoices are due after"),
                OPT("unarchive", 0, NULL, "show it in pickers again"),
                OPT("tier", 0, "TIER",
                    "set this tier's rules (the options below and the rounding)"),
                OPT("retainer", 0, "covered|excluded",
                    "with --tier: whether it draws prepaid hours"),
                OPT("draw", 0, "MULTIPLIER", "with --tier: prepaid hours an hour draws"),
                OPT("overage-rate", 0, "AMOUNT", "with --tier: its overage's hourly price") },
      .run = cmd_client_set },
    { .name = "project add", .summary = "add a project", .args = { "CLIENT/PROJECT" },
      .opts = { OPT("name", 0, "TEXT", "its display name (default: the key)"),
                OPT("non-billable", 0, NULL, "its time is not billed"),
                OPT("fixed", 0, "AMOUNT", "a fixed price instead of hourly billing"),
                OPT("budget-hours", 0, "H", "the hours a fixed price is meant to cover") },
      .run = cmd_project_add },
    { .name = "project list", .summary = "list projects", .args = { "[CLIENT]" },
      .opts = { OPT("all", 'a', NULL, "archived projects too"), OPT_JSON },
      .run = cmd_project_list, .reads_only = true },
    { .name = "project archive", .summary = "hide a project from pickers",
      .args = { "CLIENT/PROJECT" }, .run = cmd_project_archive },
    { .name = "project set", .summary = "change a project's settings",
      .args = { "CLIENT/PROJECT" },
      .opts = { OPT("name", 0, "TEXT", "its display name"),
                OPT("fixed", 0, "AMOUNT|none", "its fixed price (none: billed hourly again)"),
                OPT("budget-hours", 0, "H|none", "the hours the price is meant to cover"),
                OPT("billable", 0, NULL, "its time is billed"),
                OPT_OR("non-billable", 0, NULL, "its time is not billed"),
                OPT("outside-retainer", 0, NULL, "bill it hourly beside the client's retainer"),
                OPT_OR("inside-retainer", 0, NULL, "let it draw on the retainer again") },
      .run = cmd_project_set },
    { .name = "project bill",
      .summary = "bill a milestone of a fixed price on the client's next invoice",
      .args = { "CLIENT/PROJECT", "(PERCENT% | AMOUNT)" },
      .opts = { OPT_REQ("note", 'm', "TEXT", "the milestone, as the invoice line says it"),
                OPT("date", 0, "DATE", "the milestone's day (default: today)"),
                OPT("force", 0, NULL, "bill past the price") },
      .run = cmd_project_bill },
    { .name = "rate set", .summary = "set an hourly rate from a day on",
      .args = { "CLIENT[/PROJECT]", "TIER", "AMOUNT" },
      .opts = { OPT("from", 0, "DATE", "its first day (default: all earlier work, else today)"),
                OPT("replace", 0, NULL, "replace the rate that starts on that day") },
      .run = cmd_rate_set },
    { .name = "rate list", .summary = "list a client's (or a project's) rates",
      .args = { "CLIENT[/PROJECT]" }, .opts = { OPT_JSON }, .run = cmd_rate_list,
      .reads_only = true },
    { .name = "cost set",
      .summary = "what an hour of a user costs the agency, from a day on (admins and leads)",
      .args = { "USER", "AMOUNT" },
      .opts = { OPT("currency", 0, "ISO4217", "the amount's currency (default: [general] currency)"),
                OPT("from", 0, "DATE", "its first day (default: all dates)") },
      .run = cmd_cost_set },
    { .name = "cost list", .summary = "users' cost rates (admins and leads)",
      .opts = { OPT_JSON }, .run = cmd_cost_list, .reads_only = true },
    { .name = "retainer set", .summary = "sell prepaid hours per period", .args = { "CLIENT" },
      .opts = { OPT_REQ("hours", 0, "H", "prepaid hours per period"),
                OPT_REQ("fee", 0, "AMOUNT", "the fee per period"),
                OPT_REQ("overage-rate", 0, "AMOUNT", "the hourly price past them"),
                OPT("period", 0, "month|quarter|week", "the period (default: month)"),
                OPT("from", 0, "DATE", "its first day (default: this period's)"),
                OPT("rollover", 0, "none|unused",
                    "unused hours move to the next period (default: none)"),
                OPT("rollover-cap", 0, "H", "at most this many hours roll over"),
                OPT("rollover-expires", 0, "N",
                    "unused hours live N periods, at most 12 (default: 1)"),
                OPT("rollover-order", 0, "fifo|current",
                    "which hours a period uses first (default: fifo, the oldest)"),
                OPT("partial", 0, "prorate|whole",
                    "a partial period's fee and hours (default: prorate)"),
                OPT("alert", 0, "PERCENT", "warn when this % of the hours is used (default: 80)") },
      .run = cmd_retainer_set },
    { .name = "retainer end", .summary = "stop a retainer (from the next period)",
      .args = { "CLIENT" },
      .opts = { OPT("from", 0, "DATE", "the first day without it (default: the next period)") },
      .run = cmd_retainer_end },
    { .name = "retainer", .summary = "prepaid hours used and left", .args = { "[CLIENT]" },
      .opts = { OPT("date", 0, "DATE", "the period containing this day (default: today)"),
                OPT_JSON },
      .run = cmd_retainer_show, .reads_only = true },
    { .name = "tax add", .summary = "a tax: its percentage and its Zoho tax (or tax group) id",
      .args = { "NAME" },
      .opts = { OPT_REQ("percent", 0, "P", "its percentage (up to 3 decimals)"),
                OPT("zoho-id", 0, "ID", "its Zoho tax or tax group id (tock zoho taxes)") },
      .run = cmd_tax_add },
    { .name = "tax list", .summary = "the taxes", .opts = { OPT_JSON }, .run = cmd_tax_list,
      .reads_only = true },
    { .name = "tax set",
      .summary = "the tax a client's (or a project's) invoice lines carry, or its Zoho exemption",
      .args = { "CLIENT[/PROJECT]", "[TAX]" },
      .opts = { OPT("exempt", 0, "ID", "tax-exempt, with this Zoho exemption id"),
                OPT_OR("contact-default", 0, NULL, "the tax of its Zoho contact"),
                OPT_OR("none", 0, NULL, "no tax of its own (a project: the client's)"),
                OPT_VERBOSE },
      .run = cmd_tax_set },
    { .name = "sprint add", .summary = "name a sprint of a client", .args = { "CLIENT", "NAME" },
      .opts = { OPT_REQ("from", 0, "DATE", "its first day"),
                OPT_REQ("to", 0, "DATE", "its last day") },
      .run = cmd_sprint_add },
    { .name = "sprint every", .summary = "sprints every 2w (or 10d …), named Sprint 1, 2, …",
      .args = { "CLIENT", "EVERY" },
      .opts = { OPT("starting", 0, "DATE", "the first sprint's first day (default: this week)") },
      .run = cmd_sprint_every },
    { .name = "sprint list", .summary = "a client's sprints", .args = { "CLIENT" },
      .opts = { OPT_JSON }, .run = cmd_sprint_list, .reads_only = true },
    { .name = "sprint report", .summary = "hours per developer and project in a sprint",
      .args = { "CLIENT", "[NAME|current|last]" }, .opts = { OPT_JSON },
      .run = cmd_sprint_report, .reads_only = true },
    { .name = "invoice preview", .summary = "the invoice of a client's uninvoiced time",
      .args = { "CLIENT" },
      .opts = { OPT_RANGE(OPT),
                OPT("group-by", 0, "project+tier|project|tier|day|entry|ticket",
                  "what one line holds (default: [billing] group_by)"),
                OPT("explain", 0, NULL, "where each line's rate and hours come from"), OPT_JSON },
      .run = cmd_invoice_preview, .reads_only = true },
    { .name = "invoice push", .summary = "create the invoice in Zoho Invoice, never twice",
      .args = { "CLIENT" },
      .opts = { OPT_RANGE(OPT_REQ),
                OPT("group-by", 0, "project+tier|project|tier|day|entry|ticket",
                  "what one line holds (default: [billing] group_by)"),
                OPT("date", 0, "DATE", "the invoice's date (default: today)"),
                OPT("send", 0, NULL, "have Zoho email it to the contact"),
                OPT_OR("mark-sent", 0, NULL, "mark it sent without an email"),
                OPT("yes", 'y', NULL, "do not ask first (needed without a terminal)"),
                OPT_VERBOSE },
      .run = cmd_invoice_push },
    { .name = "invoice list", .summary = "invoices pushed, pending and failed",
      .opts = { OPT("pending", 0, NULL, "only those Zoho has not confirmed"),
                OPT_OR("failed", 0, NULL, "only those Zoho refused"),
                OPT("client", 0, "CLIENT", "only this client's"), OPT_JSON },
      .run = cmd_invoice_list, .reads_only = true },
    { .name = "invoice retry", .summary = "finish pending invoices (or re-queue a failed one)",
      .args = { "[ID]" }, .opts = { OPT_VERBOSE }, .run = cmd_invoice_retry },
    { .name = "invoice discard", .summary = "drop a pending or failed invoice (asks Zoho first)",
      .args = { "ID" },
      .opts = { OPT("force", 0, NULL, "discard even when Zoho may have it"), OPT_VERBOSE },
      .run = cmd_invoice_discard },
    { .name = "invoice sync",
      .summary = "status and balance back from Zoho; a void frees its entries",
      .opts = { OPT("client", 0, "CLIENT", "only this client's invoices"), OPT_JSON, OPT_VERBOSE },
      .run = cmd_invoice_sync },
    { .name = "report profit",
      .summary = "revenue, cost, margin and effective rate (admins and leads)",
      .args = { "[CLIENT[/PROJECT]]" },
      .opts = { OPT_REPORT_RANGE,
                OPT("by", 0, "client|project|user|month", "what one row is (default: client)"),
                OPT_JSON },
      .run = cmd_report_profit, .reads_only = true },
    { .name = "report tickets", .summary = "hours, billed time and money per ticket reference",
      .args = { "[CLIENT[/PROJECT]]" }, .opts = { OPT_REPORT_RANGE, OPT_JSON },
      .run = cmd_report_tickets, .reads_only = true },
    { .name = "zoho connect",
      .summary = "exchange a grant code from Zoho's API console for the refresh token, and store it",
      .opts = { OPT_VERBOSE }, .run = cmd_zoho_connect,
      .no_args_why = "zoho connect reads the grant code from the terminal (or stdin), never from "
                     "its arguments, which others can see: run tock zoho connect and paste it "
                     "there" },
    { .name = "zoho check", .summary = "check the Zoho settings (no secrets shown)",
      .opts = { OPT_VERBOSE }, .run = cmd_zoho_check },
    { .name = "zoho contacts", .summary = "the Zoho contacts invoices can go to",
      .opts = { OPT_JSON, OPT_VERBOSE }, .run = cmd_zoho_contacts },
    { .name = "zoho taxes", .summary = "the Zoho organization's taxes (ids for tock tax add)",
      .opts = { OPT_JSON, OPT_VERBOSE }, .run = cmd_zoho_taxes },
    { .name = "import", .summary = "import another tool's export (FILE '-': stdin)",
      .args = { "(toggl|harvest|timewarrior|tock|auto)", "FILE" },
      .opts = { OPT("dry-run", 'n', NULL, "report what it would do and write nothing"),
                OPT("skip-bad", 0, NULL, "report bad rows and import the rest"),
                OPT("strict", 0, NULL, "overlaps are errors"),
                OPT("map", 0, "SPEC", "which Timewarrior tags are what (client=1,project=2)"),
                OPT("user-map", 0, "FILE", "users of the file to logins here"),
                OPT("client-map", 0, "FILE", "clients of the file to keys here"),
                OPT("default-client", 0, "KEY", "the client of rows without one"), OPT_JSON },
      .run = cmd_import },
    { .name = "export", .summary = "every entry with every field (--all: the whole database), "
                                   "to stdout or FILE",
      .opts = { OPT("format", 'f', "csv|json", "the output's format (default: csv)"),
                OPT("from", 0, "DATE", "the first day (default: all)"),
                OPT("to", 0, "DATE", "the last day (default: all)"),
                OPT("user", 'u', "LOGIN", "only this user's entries"),
                OPT("client", 0, "CLIENT[/PROJECT]", "only this client's (or project's)"),
                OPT("spreadsheet", 0, NULL, "quote text a spreadsheet would run as a formula"),
                OPT("all", 0, NULL, "the whole database as one JSON document"),
                OPT("output", 'o', "FILE", "write FILE (whole or not at all), not stdout") },
      .run = cmd_export, .reads_only = true },
    { .name = "backup", .summary = "a consistent copy of the database file, while others write",
      .args = { "FILE" }, .opts = { OPT("force", 0, NULL, "replace an existing FILE") },
      .run = cmd_backup, .reads_only = true },
    { .name = "db migrate", .summary = "copy the whole database into an empty one (sqlite and "
                                       "PostgreSQL, either way), checked before it commits",
      .opts = { OPT_REQ("to", 0, "FILE|URL", "the empty database to copy into"),
                OPT("from", 0, "FILE|URL", "the database to copy (default: the one in use)") },
      .run = cmd_db_migrate, .reads_only = true },
    { .name = "audit",
      .summary = "every change, by whom, before and after (others' details: admins and leads)",
      .opts = { OPT("from", 0, "DATE", "records from this day on (default: all)"),
                OPT("user", 'u', "LOGIN", "only this user's records"),
                OPT("entity", 0, "ENTITY", "only records of this kind (entry, timer, week …)"),
                OPT_JSON },
      .run = cmd_audit, .reads_only = true },
    { .name = "audit verify",
      .summary = "recompute the audit log's hash chain; names the first record where it breaks",
      .opts = { OPT("against", 0, "SEQ:HASH", "a head saved earlier (tock audit head) that "
                                              "the log must still hold"),
                OPT_JSON },
      .run = cmd_audit_verify, .reads_only = true },
    { .name = "audit head",
      .summary = "the audit log's last record as SEQ:HASH, to keep elsewhere",
      .opts = { OPT_JSON }, .run = cmd_audit_head, .reads_only = true },
};

/* tock's own options (main.c), anywhere before "--". */
static const cli_optdef globals[] = {
    OPT("db", 0, "FILE", "the database (default: TOCK_DB, [storage] database, FILES)"),
    OPT("config", 'c', "CONFIG", "the config file (default: TOCK_CONFIG, FILES)"),
    OPT("help", 'h', NULL, "the commands, or (after one) its options"),
    OPT("version", 'V', NULL, "tock's version"),
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
