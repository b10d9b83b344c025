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
void cli_usage(const cli_cmd *c, FILE *f);

/* Prints "tock: <msg>" on stderr and returns EXIT_USER. */
int cli_error(const tk_err *err);
int cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a JSON document and a newline; frees the buffer. */
void cli_print_json(strbuf *sb);

/* The fields of an entry that every JSON listing shares. */
void cli_entry_json(jw *w, const tk_entry *e);
void cli_bill_json(jw *w, const tk_bill *bill, const char *currency);

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

/* tock client set KEY --tier TIER …: the options for that tier's rule (NULL: unchanged;
 * "default": back to the client's or the built-in). */
typedef struct cli_tier_opts {
    const char *tier, *round, *mode, *minimum, *cover, *draw, *overage;
} cli_tier_opts;
int cli_tier_rule_set(tk_app *app, const char *client, const cli_tier_opts *o);
/* The client's rule for tier into *out (untouched when it has none). */
int cli_tier_rule_load(tk_app *app, int64_t client_id, const char *tier, tk_tier_rule *out,
                       tk_err *err);
int cmd_project_add(tk_app *, int, char **);
int cmd_project_list(tk_app *, int, char **);
int cmd_project_archive(tk_app *, int, char **);
int cmd_start(tk_app *, int, char **);
int cmd_stop(tk_app *, int, char **);
int cmd_cancel(tk_app *, int, char **);
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
int cmd_zoho_check(tk_app *, int, char **);
int cmd_import(tk_app *, int, char **);
int cmd_export(tk_app *, int, char **);

#endif
