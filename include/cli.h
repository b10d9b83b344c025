/* cli.h — the command line: a table of commands, a small option parser, output helpers. */
#ifndef TOCK_CLI_H
#define TOCK_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "app.h"
#include "json.h"

enum { EXIT_OK = 0, EXIT_USER = 1, EXIT_USAGE = 2 };

typedef struct cli_cmd {
    const char *name;     /* "start", "client add" */
    const char *usage;    /* options after the name, for --help and errors */
    const char *summary;
    int (*run)(tk_app *app, int argc, char **argv);
    bool reads_only;      /* opens the database read-only (a backup, another user's file) */
} cli_cmd;

/* One option of a command. Exactly one of value/flag is set. */
typedef struct cli_opt {
    const char *name;     /* long name without dashes */
    char short_name;      /* 0 for none */
    const char **value;   /* takes an argument */
    bool *flag;           /* a switch */
} cli_opt;

/* Parses argv (options anywhere; "--" ends them; an option taking a value may appear once).
 * Positionals are left in pos (at most
 * max_pos, else a usage error), what follows "--" in *rest (NULL if none). Returns 0, or
 * EXIT_USAGE after printing one line. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, char **pos,
              int min_pos, int max_pos, int *npos, char ***rest, int *nrest);

const cli_cmd *cli_find(int argc, char **argv, int *consumed);
const cli_cmd *cli_commands(size_t *n);
/* A command's usage line and summary; for a command that is also a group (retainer), its
 * subcommands too. */
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

/* Shared parsing of what people type. */
int cli_parse_day(const char *s, tk_day *out, tk_err *err);
int cli_parse_id(const char *s, int64_t *id, tk_err *err);
/* Text people type (a note, a name) must be UTF-8: -1 with "the <what> is not valid UTF-8". */
int cli_check_text(const char *what, const char *s, tk_err *err);

/* Commands (cli_*.c). */
int cmd_client_add(tk_app *, int, char **);
int cmd_client_list(tk_app *, int, char **);
int cmd_client_archive(tk_app *, int, char **);
int cmd_client_set(tk_app *, int, char **);
int cmd_project_set(tk_app *, int, char **);
int cmd_project_bill(tk_app *, int, char **);
int cmd_cost_set(tk_app *, int, char **);
int cmd_cost_list(tk_app *, int, char **);
int cmd_report_profit(tk_app *, int, char **);
int cmd_report_tickets(tk_app *, int, char **);
/* The range of a report's --period or --from/--to (this month when neither). */
int cli_report_range(tk_app *app, const char *period, const char *from, const char *to,
                     app_range *r, tk_err *err);

int cmd_project_add(tk_app *, int, char **);
int cmd_project_list(tk_app *, int, char **);
int cmd_project_archive(tk_app *, int, char **);
int cmd_start(tk_app *, int, char **);
int cmd_stop(tk_app *, int, char **);
int cmd_cancel(tk_app *, int, char **);
int cmd_toggle(tk_app *, int, char **);
int cmd_pick(tk_app *, int, char **);
int cmd_status(tk_app *, int, char **);
int cmd_run(tk_app *, int, char **);
int cmd_add(tk_app *, int, char **);
int cmd_edit(tk_app *, int, char **);
int cmd_rm(tk_app *, int, char **);
int cmd_log(tk_app *, int, char **);
int cmd_week(tk_app *, int, char **);
int cmd_ui(tk_app *, int, char **);
int cmd_rate_set(tk_app *, int, char **);
int cmd_rate_list(tk_app *, int, char **);
int cmd_retainer_set(tk_app *, int, char **);
int cmd_retainer_end(tk_app *, int, char **);
int cmd_retainer_show(tk_app *, int, char **);
int cmd_sprint_add(tk_app *, int, char **);
int cmd_sprint_every(tk_app *, int, char **);
int cmd_sprint_list(tk_app *, int, char **);
int cmd_sprint_report(tk_app *, int, char **);
int cmd_invoice_preview(tk_app *, int, char **);
int cmd_invoice_push(tk_app *, int, char **);
int cmd_invoice_list(tk_app *, int, char **);
int cmd_invoice_retry(tk_app *, int, char **);
int cmd_invoice_discard(tk_app *, int, char **);
int cmd_invoice_sync(tk_app *, int, char **);
int cmd_zoho_check(tk_app *, int, char **);
int cmd_zoho_contacts(tk_app *, int, char **);
/* The client's new Zoho contact (tock client set KEY --zoho-create-contact): 0 and *id. */
int cli_zoho_create_contact(tk_app *app, const char *key, const char *email, char **id,
                            tk_err *err);
int cmd_import(tk_app *, int, char **);
int cmd_export(tk_app *, int, char **);
int cmd_backup(tk_app *, int, char **);
/* The whole database as JSON to output (NULL: stdout), and back (cli_dump.c). */
int cli_dump(tk_app *app, const char *output);
int cli_restore(tk_app *app, FILE *f, const char *file);

#endif
