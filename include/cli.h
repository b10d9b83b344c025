/* cli.h — the command line: a table of commands, a small option parser, output helpers. */
#ifndef TOCK_CLI_H
#define TOCK_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "app.h"
#include "billing.h"
#include "invoice.h"
#include "app_sprint.h"
#include "app_invoice.h"
#include "json.h"

enum { EXIT_OK = 0, EXIT_USER = 1, EXIT_USAGE = 2 };

/* The command table (cli.c) declares every command with its arguments, tmux's cmd_entry
 * style: from it come the parser, `tock help CMD`, the usage in errors, the man page's
 * SYNOPSIS and command headings (tock __man), and shell completion. */
enum { CLI_OPTS_MAX = 24, CLI_ARGS_MAX = 4 };

/* How a usage line groups an option with the one before it. */
typedef enum cli_join {
    CLI_OWN = 0, /* its own brackets: [--json] */
    CLI_OR,      /* an alternative in the previous option's brackets: [--send | --mark-sent] */
    CLI_AND,     /* with the previous one in the same alternative: --from DATE --to DATE */
} cli_join;

/* One option of a command. */
typedef struct cli_optdef {
    const char *name;  /* long name without dashes ("from") */
    char letter;       /* its short spelling (-s), 0 for none; one meaning across all commands */
    const char *value; /* the value's placeholder ("DATE", "csv|json"), NULL for a switch */
    const char *help;  /* one line for `tock help CMD` */
    cli_join join;
    bool required;     /* shown without [ ] (the command checks it; the parser does not) */
} cli_optdef;

typedef struct cli_args cli_args;

typedef struct cli_cmd {
    const char *name;                 /* "start", "client add" */
    const char *summary;
    /* Positionals as usage shows them, in order; one in [ ] is optional (only at the end):
     * "CLIENT[/PROJECT]", "(DURATION | HH:MM-HH:MM)", "[NAME|current|last]". */
    const char *args[CLI_ARGS_MAX];
    const char *rest;                 /* what may follow "--" ("COMMAND [ARG...]"), else NULL */
    cli_optdef opts[CLI_OPTS_MAX];
    int (*run)(tk_app *app, const cli_args *a);
    bool reads_only;      /* opens the database read-only (a backup, another user's file) */
    /* Why it takes no argument, said instead of echoing one (which may be a secret). */
    const char *no_args_why;
} cli_cmd;

/* What the parser found on a command line: a command reads it through the calls below. */
struct cli_args {
    const cli_cmd *cmd;
    const char *values[CLI_OPTS_MAX]; /* per option of cmd: its value, "" for a switch given */
    char *pos[CLI_ARGS_MAX];
    int npos;
    char **rest;                      /* what followed "--" (NULL if none) */
    int nrest;
};

/* Reads argv after the command's name: options anywhere (--name VALUE, --name=VALUE, -x VALUE),
 * "--" ends them, an option taking a value may appear once, the positionals' count as the
 * table says. Returns 0, or EXIT_USAGE after printing one line. */
int cli_args_parse(const cli_cmd *c, int argc, char **argv, cli_args *a);
/* The value of option `name` (its long name), NULL when not given; "" for a switch given.
 * A name the command does not declare aborts (a typo in tock, not in the user's input). */
const char *cli_args_get(const cli_args *a, const char *name);
bool cli_args_has(const cli_args *a, const char *name);
/* The value of option `name`, or dflt when it was not given. */
const char *cli_args_get_or(const cli_args *a, const char *name, const char *dflt);

/* tock's own options, before or after the command (main.c reads them). */
const cli_optdef *cli_globals(size_t *n);
/* A command's usage ("start CLIENT[/PROJECT] [-s|--tier TIER] …", no "tock "), as text or
 * (man) with man(7) fonts and unbreakable spaces inside an option; one option's alone. */
void cli_usage_text(const cli_cmd *c, bool man, strbuf *sb);
void cli_opt_usage(const cli_optdef *o, bool man, strbuf *sb);
void cli_usage_line(const cli_cmd *c, FILE *f);
/* Options one a line ("  -s, --tier TIER   the tier it bills at"), for help texts. */
void cli_opts_help(const cli_optdef *opts, size_t n, FILE *f);
/* tock __man: the man page's SYNOPSIS and command headings, as man(7) lines (cli_man.c). */
int cli_man(int argc, char **argv);

const cli_cmd *cli_find(int argc, char **argv, int *consumed);
const cli_cmd *cli_commands(size_t *n);
/* A command's usage line, summary and options, one a line; for a command that is also a group
 * (retainer), its subcommands too. */
void cli_usage(const cli_cmd *c, FILE *f);
/* Lists the subcommands of a group ("client": add, list, …) on f (NULL: only counts them).
 * Returns how many there are; 0 when group is not one. */
size_t cli_group(const char *group, FILE *f);
/* tock __complete WORDS…: candidates for the last word, one a line (cli_complete.c). */
int cli_complete(int argc, char **argv);

/* s made safe for a terminal (text_add_printable: no escapes, newlines or bytes that are not
 * UTF-8), for printing what came from a file, the database or Zoho. The result lives until
 * eight more calls; NULL reads as "". */
const char *cli_text(const char *s);

/* Prints "tock: <msg>" on stderr, cleaned as cli_text does, and returns EXIT_USER. */
int cli_error(const tk_err *err);
int cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a JSON document and a newline; frees the buffer. */
void cli_print_json(strbuf *sb);

/* The fields of an entry that every JSON listing shares. */
void cli_entry_json(jw *w, const tk_entry *e);
void cli_bill_json(jw *w, const tk_bill *bill, const char *currency);

/* Output that appears whole or not at all (cli_sink.c): to path through a temporary file
 * beside it that is renamed at the end, or (path NULL) to stdout through an unnamed
 * temporary file copied at the end. Write to f; commit or abort (both release the sink). */
typedef struct cli_sink {
    FILE *f;
    char *path, *tmp;
} cli_sink;
int cli_sink_open(cli_sink *s, const char *path, tk_err *err);
int cli_sink_commit(cli_sink *s, tk_err *err);
void cli_sink_abort(cli_sink *s);

/* A secret someone types (cli_ask.c): on a terminal after prompt on stderr, without echo;
 * else the first line of stdin, no prompt. Its length (size or more: too long), or -1 when
 * the input ended first. The caller wipes buf. */
long cli_ask_secret(const char *prompt, char *buf, size_t size);

/* Shared parsing of what people type. */
int cli_parse_day(const char *s, tk_day *out, tk_err *err);
int cli_parse_id(const char *s, int64_t *id, tk_err *err);
/* Text people type (a note, a name) must be UTF-8: -1 with "the <what> is not valid UTF-8". */
int cli_check_text(const char *what, const char *s, tk_err *err);

/* Commands (cli_*.c). */
int cmd_client_add(tk_app *, const cli_args *);
int cmd_client_list(tk_app *, const cli_args *);
int cmd_client_archive(tk_app *, const cli_args *);
int cmd_client_set(tk_app *, const cli_args *);
int cmd_project_set(tk_app *, const cli_args *);
int cmd_project_bill(tk_app *, const cli_args *);
int cmd_cost_set(tk_app *, const cli_args *);
int cmd_cost_list(tk_app *, const cli_args *);
int cmd_report_profit(tk_app *, const cli_args *);
int cmd_report_tickets(tk_app *, const cli_args *);
/* The range of a report's --period or --from/--to (this month when neither). */
int cli_report_range(tk_app *app, const char *period, const char *from, const char *to,
                     app_range *r, tk_err *err);

int cmd_project_add(tk_app *, const cli_args *);
int cmd_project_list(tk_app *, const cli_args *);
int cmd_project_archive(tk_app *, const cli_args *);
int cmd_start(tk_app *, const cli_args *);
int cmd_stop(tk_app *, const cli_args *);
int cmd_cancel(tk_app *, const cli_args *);
int cmd_toggle(tk_app *, const cli_args *);
int cmd_pick(tk_app *, const cli_args *);
int cmd_status(tk_app *, const cli_args *);
int cmd_run(tk_app *, const cli_args *);
int cmd_add(tk_app *, const cli_args *);
int cmd_edit(tk_app *, const cli_args *);
int cmd_rm(tk_app *, const cli_args *);
int cmd_log(tk_app *, const cli_args *);
int cmd_week(tk_app *, const cli_args *);
int cmd_ui(tk_app *);
int cmd_rate_set(tk_app *, const cli_args *);
int cmd_rate_list(tk_app *, const cli_args *);
int cmd_retainer_set(tk_app *, const cli_args *);
int cmd_tax_add(tk_app *, const cli_args *);
int cmd_tax_list(tk_app *, const cli_args *);
int cmd_tax_set(tk_app *, const cli_args *);
int cmd_zoho_taxes(tk_app *, const cli_args *);
/* The preview's taxes (cli_tax.c): per line, the invoice's net/tax/gross, and the text rows
 * under the total. */
struct jw;
void cli_tax_line_json(struct jw *w, const app_draft *dr, const tk_inv_line *l);
void cli_tax_json(struct jw *w, const app_draft *dr);
void cli_tax_text(const app_draft *dr, int desc_w, bool explain);
int cmd_retainer_end(tk_app *, const cli_args *);
int cmd_retainer_show(tk_app *, const cli_args *);
int cmd_sprint_add(tk_app *, const cli_args *);
int cmd_sprint_every(tk_app *, const cli_args *);
int cmd_sprint_list(tk_app *, const cli_args *);
int cmd_sprint_report(tk_app *, const cli_args *);
int cmd_invoice_preview(tk_app *, const cli_args *);
int cmd_invoice_push(tk_app *, const cli_args *);
int cmd_invoice_list(tk_app *, const cli_args *);
int cmd_invoice_retry(tk_app *, const cli_args *);
int cmd_invoice_discard(tk_app *, const cli_args *);
int cmd_invoice_sync(tk_app *, const cli_args *);
int cmd_zoho_connect(tk_app *, const cli_args *);
int cmd_zoho_check(tk_app *, const cli_args *);
int cmd_zoho_contacts(tk_app *, const cli_args *);
/* The client's new Zoho contact (tock client set KEY --zoho-create-contact): 0 and *id. */
int cli_zoho_create_contact(tk_app *app, const char *key, const char *email, char **id,
                            tk_err *err);
int cmd_submit(tk_app *, const cli_args *);
int cmd_approve(tk_app *, const cli_args *);
int cmd_reject(tk_app *, const cli_args *);
int cmd_reopen(tk_app *, const cli_args *);
int cmd_team_add(tk_app *, const cli_args *);
int cmd_team_list(tk_app *, const cli_args *);
int cmd_team_rm(tk_app *, const cli_args *);
int cmd_team_set(tk_app *, const cli_args *);
int cmd_team_week(tk_app *, const cli_args *);
int cmd_team_remind(tk_app *, const cli_args *);
int cmd_import(tk_app *, const cli_args *);
int cmd_export(tk_app *, const cli_args *);
int cmd_backup(tk_app *, const cli_args *);
int cmd_db_migrate(tk_app *, const cli_args *);
int cmd_audit(tk_app *, const cli_args *);
int cmd_audit_verify(tk_app *, const cli_args *);
int cmd_audit_head(tk_app *, const cli_args *);
/* The whole database as JSON to output (NULL: stdout), and back (cli_dump.c). */
int cli_dump(tk_app *app, const char *output);
int cli_restore(tk_app *app, FILE *f, const char *file);

#endif
