/* config.h — tock's settings: embedded defaults, overridden by one INI file.
 * Only config.c includes iniparser. */
#ifndef TOCK_CONFIG_H
#define TOCK_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "model.h"
#include "util.h"

typedef struct tk_tier {
    char *name;
    int32_t permille; /* multiplier of the standard rate, in thousandths */
} tk_tier;

typedef struct tk_zoho_config {
    char *region;                 /* com, eu, in, com.au, jp, ca, sa, uk, com.cn */
    char *accounts_url, *api_url; /* explicit endpoints override the region's */
    char *organization_id;
    char *client_id, *client_secret, *refresh_token;
    char *client_secret_command, *refresh_token_command;
    char *refresh_token_file;     /* written by tock zoho connect; "~/" is the home folder */
    long timeout_seconds;
    long payment_terms;           /* days; -1: unset, each contact's own terms */
    long max_retries;
    long max_backoff_seconds;
    char *invoice_numbers;        /* "tock": prefix + attempt id (idempotent); "zoho": the org's */
    char *invoice_prefix;
} tk_zoho_config;

/* A weekly deadline: [team] submit_by = Fri 17:00. */
typedef struct tk_deadline {
    int wday;                     /* 0 = Monday … 6; -1: no deadline */
    int seconds;                  /* local time of day */
} tk_deadline;

/* invoice_approved_only: the index of its value in "auto true false". */
enum { APPROVED_ONLY_AUTO, APPROVED_ONLY_TRUE, APPROVED_ONLY_FALSE };

/* [team] and [billing] invoice_approved_only (issue 17). */
typedef struct tk_team_config {
    int monthly;                  /* period: 0 week, 1 month (months submitted and approved) */
    bool self_approval;           /* a lead may approve their own period */
    bool remind_mail;             /* tock team remind mails the late through sendmail */
    int approved_only;            /* APPROVED_ONLY_*: auto means more than one user */
    tk_deadline submit_by;
} tk_team_config;

typedef struct tk_config {
    char *path;                   /* the file read, or NULL when running on defaults */
    char *database;               /* [storage] database; NULL = $XDG_DATA_HOME/tock/tock.db */
    int week_start;               /* 0 = Monday … 6 = Sunday */
    char *default_currency;       /* for new clients */
    tk_rounding rounding;         /* [billing] round, round_mode, minimum */
    char *business_hours;         /* "" = none: every minute is business hours */
    char *holidays;               /* comma-separated dates */
    char *group_by;               /* invoice line grouping */
    int64_t max_overnight;        /* [entry] max_overnight: the longest HH:MM-HH:MM over midnight */
    tk_tier *tiers;
    size_t ntiers;
    tk_zoho_config zoho;
    char *ui_color;               /* auto, always, never */
    char *default_cost_rate;      /* [billing] default_cost_rate: "" none, else an amount per
                                   * hour read in each client's currency (issue 18) */
    char *ticket_pattern;         /* [tickets] pattern: "" none, else a POSIX ERE */
    bool secrets_guarded;         /* the file held a secret: the process stays undumpable
                                   * (secret_guard) until config_free wipes it */
    tk_team_config team;
} tk_config;

/* Fills cfg with the built-in defaults (what config.example.ini states). */
void config_defaults(tk_config *cfg);

/* Loads path, else $TOCK_CONFIG, else $XDG_CONFIG_HOME/tock/config.ini (absent: defaults).
 * An explicit path that does not exist is an error. Only a regular file of at most 1 MiB
 * without NUL bytes is read (/dev/null reads as empty), and only when it and its folder
 * belong to the user (or root) and nobody else can write them. Unknown sections and keys and
 * keys before any section are warnings on stderr; a syntax error, a key set twice or a bad
 * value is an error naming file, line, key and value. A file holding a secret that group or
 * others can read is refused with the chmod command that fixes it. */
int config_load(tk_config *cfg, const char *path, tk_err *err);
void config_free(tk_config *cfg);

/* "Fri 17:00" (a weekday's first three letters or whole name, then HH:MM) → *wday (0 =
 * Monday) and *seconds; "" → *wday -1 (no deadline). */
int config_parse_deadline(const char *s, int *wday, int *seconds, tk_err *err);

/* The multiplier of a tier, or -1 if tock does not know the tier. */
int32_t config_tier_permille(const tk_config *cfg, const char *tier);

/* The user's home: $HOME when absolute, else the password database's (never the current
 * folder). NULL when neither is known. Caller frees. */
char *config_home(void);
#define CONFIG_NO_HOME "cannot find your home folder: HOME is not set and the password database has none; set HOME"

/* $XDG_<kind>_HOME/tock (kind: DATA, CONFIG, STATE), falling back to config_home()'s
 * .local/share etc.; NULL when there is no home. Caller frees. */
char *config_xdg_dir(const char *kind);

#endif
