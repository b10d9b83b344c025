/* config.c — reading config.ini through iniparser, validated against one table of keys. */
#include "config.h"

#include <errno.h>
#include <iniparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bizhours.h"
#include "duration.h"
#include "money.h"
#include "text.h"

typedef enum { K_STRING, K_HOURS, K_HOLIDAYS, K_DURATION, K_ROUND_MODE, K_WEEKDAY, K_CURRENCY, K_LONG, K_ENUM,
               K_SECRET } key_type;

/* Every key tock reads. config.example.ini documents exactly these, with these defaults. */
static const struct key_def {
    const char *section, *key;
    key_type type;
    const char *def;
    const char *choices; /* K_ENUM: space-separated */
} keys[] = {
    { "storage", "database", K_STRING, "", NULL },
    { "general", "week_start", K_WEEKDAY, "monday", NULL },
    { "general", "currency", K_CURRENCY, "EUR", NULL },
    { "billing", "round", K_DURATION, "0", NULL },
    { "billing", "round_mode", K_ROUND_MODE, "up", NULL },
    { "billing", "minimum", K_DURATION, "0", NULL },
    { "billing", "business_hours", K_HOURS, "", NULL },
    { "billing", "holidays", K_HOLIDAYS, "", NULL },
    { "billing", "group_by", K_ENUM, "project+tier", "project+tier project tier day entry" },
    { "zoho", "region", K_ENUM, "com", "com eu in com.au jp ca sa uk com.cn" },
    { "zoho", "accounts_url", K_STRING, "", NULL },
    { "zoho", "api_url", K_STRING, "", NULL },
    { "zoho", "organization_id", K_STRING, "", NULL },
    { "zoho", "client_id", K_STRING, "", NULL },
    { "zoho", "client_secret", K_SECRET, "", NULL },
    { "zoho", "refresh_token", K_SECRET, "", NULL },
    { "zoho", "client_secret_command", K_STRING, "", NULL },
    { "zoho", "refresh_token_command", K_STRING, "", NULL },
    { "zoho", "timeout", K_LONG, "30", NULL },
    { "zoho", "payment_terms", K_LONG, "", NULL },
    { "zoho", "max_retries", K_LONG, "3", NULL },
    { "zoho", "max_backoff", K_LONG, "60", NULL },
    { "zoho", "invoice_numbers", K_ENUM, "tock", "tock zoho" },
    { "zoho", "invoice_prefix", K_STRING, "TOCK-", NULL },
    { "ui", "color", K_ENUM, "auto", "auto always never" },
};

static const tk_tier default_tiers[] = {
    { (char *)TIER_STANDARD, 1000 },
    { (char *)TIER_AFTER_HOURS, 1500 },
    { (char *)TIER_EMERGENCY, 2000 },
};

static const char *const weekdays[] = { "monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday" };

char *config_xdg_dir(const char *kind)
{
    char var[32];
    snprintf(var, sizeof var, "XDG_%s_HOME", kind);
    const char *base = getenv(var);
    if (base && *base == '/')
        return xasprintf("%s/tock", base);
    const char *home = getenv("HOME");
    const char *rel = !strcmp(kind, "CONFIG") ? ".config"
                      : !strcmp(kind, "STATE") ? ".local/state" : ".local/share";
    return xasprintf("%s/%s/tock", home && *home ? home : ".", rel);
}

static void set_str(char **field, const char *v)
{
    free(*field);
    *field = xstrdup(v);
}

/* Applies one value; on a bad value returns -1 with the reason in err (no location). */
static int apply(tk_config *cfg, const struct key_def *k, const char *v, tk_err *err)
{
    int64_t secs;
    long n;
    char *end;
    const char *sk = k->key;
    switch (k->type) {
    case K_DURATION:
        if (dur_parse(v, &secs, err))
            return -1;
        if (!strcmp(sk, "round"))
            cfg->rounding.increment = secs;
        else
            cfg->rounding.minimum = secs;
        return 0;
    case K_ROUND_MODE:
        if (round_mode_parse(v, &cfg->rounding.mode))
            return tk_fail(err, "expected up, nearest, down or none");
        return 0;
    case K_WEEKDAY:
        for (int i = 0; i < 7; i++)
            if (!strcasecmp(v, weekdays[i]) || (strlen(v) == 3 && !strncasecmp(v, weekdays[i], 3))) {
                cfg->week_start = i;
                return 0;
            }
        return tk_fail(err, "expected a weekday such as monday or sunday");
    case K_CURRENCY:
        if (!currency_valid(v))
            return tk_fail(err, "expected an ISO 4217 code such as EUR");
        set_str(&cfg->default_currency, v);
        return 0;
    case K_LONG:
        if (!*v && !strcmp(sk, "payment_terms")) {   /* unset: each contact's own terms */
            cfg->zoho.payment_terms = -1;
            return 0;
        }
        errno = 0;
        n = strtol(v, &end, 10);
        if (errno || end == v || *end || n < 0 || n > 100000)
            return tk_fail(err, "expected a whole number from 0 to 100000");
        if (!strcmp(sk, "timeout")) {
            if (n == 0)
                return tk_fail(err, "expected at least 1 second");
            cfg->zoho.timeout_seconds = n;
        } else if (!strcmp(sk, "payment_terms"))
            cfg->zoho.payment_terms = n;
        else if (!strcmp(sk, "max_retries"))
            cfg->zoho.max_retries = n;
        else
            cfg->zoho.max_backoff_seconds = n;
        return 0;
    case K_ENUM: {
        size_t len = strlen(v);
        const char *c = k->choices;
        int ok = 0;
        while (*c && !ok) {
            size_t w = strcspn(c, " ");
            ok = w == len && !strncmp(c, v, w);
            c += w + (c[w] == ' ');
        }
        if (!ok)
            return tk_fail(err, "expected one of: %s", k->choices);
        break;
    }
    case K_HOURS:
    case K_HOLIDAYS: {
        tk_bizhours *b = xmalloc(sizeof *b);
        int bad = bizhours_parse(k->type == K_HOURS ? v : "Mon 09:00-10:00", b, err) ||
                  (k->type == K_HOLIDAYS && bizhours_add_holidays(b, v, err));
        free(b);
        if (bad)
            return -1;
        break;
    }
    case K_STRING:
    case K_SECRET:
        break;
    }
    char **field = NULL;
    if (!strcmp(k->section, "storage"))
        field = &cfg->database;
    else if (!strcmp(sk, "business_hours"))
        field = &cfg->business_hours;
    else if (!strcmp(sk, "holidays"))
        field = &cfg->holidays;
    else if (!strcmp(sk, "group_by"))
        field = &cfg->group_by;
    else if (!strcmp(sk, "color"))
        field = &cfg->ui_color;
    else if (!strcmp(sk, "region"))
        field = &cfg->zoho.region;
    else if (!strcmp(sk, "accounts_url"))
        field = &cfg->zoho.accounts_url;
    else if (!strcmp(sk, "api_url"))
        field = &cfg->zoho.api_url;
    else if (!strcmp(sk, "organization_id"))
        field = &cfg->zoho.organization_id;
    else if (!strcmp(sk, "client_id"))
        field = &cfg->zoho.client_id;
    else if (!strcmp(sk, "client_secret"))
        field = &cfg->zoho.client_secret;
    else if (!strcmp(sk, "refresh_token"))
        field = &cfg->zoho.refresh_token;
    else if (!strcmp(sk, "client_secret_command"))
        field = &cfg->zoho.client_secret_command;
    else if (!strcmp(sk, "refresh_token_command"))
        field = &cfg->zoho.refresh_token_command;
    else if (!strcmp(sk, "invoice_numbers"))
        field = &cfg->zoho.invoice_numbers;
    else if (!strcmp(sk, "invoice_prefix"))
        field = &cfg->zoho.invoice_prefix;
    if (field)
        set_str(field, v);
    return 0;
}

void config_defaults(tk_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < TK_ARRAY_LEN(keys); i++) {
        tk_err err;
        if (apply(cfg, &keys[i], keys[i].def, &err)) {
            fprintf(stderr, "tock: built-in default [%s] %s is invalid: %s\n", keys[i].section,
                    keys[i].key, err.msg);
            abort();
        }
    }
    cfg->ntiers = TK_ARRAY_LEN(default_tiers);
    cfg->tiers = xcalloc(cfg->ntiers, sizeof *cfg->tiers);
    for (size_t i = 0; i < cfg->ntiers; i++) {
        cfg->tiers[i].name = xstrdup(default_tiers[i].name);
        cfg->tiers[i].permille = default_tiers[i].permille;
    }
}

void config_free(tk_config *cfg)
{
    char **strs[] = { &cfg->path, &cfg->database, &cfg->default_currency, &cfg->business_hours,
                      &cfg->holidays, &cfg->group_by, &cfg->ui_color, &cfg->zoho.region,
                      &cfg->zoho.accounts_url, &cfg->zoho.api_url, &cfg->zoho.organization_id,
                      &cfg->zoho.client_id, &cfg->zoho.client_secret, &cfg->zoho.refresh_token,
                      &cfg->zoho.client_secret_command, &cfg->zoho.refresh_token_command,
                      &cfg->zoho.invoice_numbers, &cfg->zoho.invoice_prefix };
    for (size_t i = 0; i < TK_ARRAY_LEN(strs); i++)
        free(*strs[i]);
    for (size_t i = 0; i < cfg->ntiers; i++)
        free(cfg->tiers[i].name);
    free(cfg->tiers);
    memset(cfg, 0, sizeof *cfg);
}

int32_t config_tier_permille(const tk_config *cfg, const char *tier)
{
    for (size_t i = 0; i < cfg->ntiers; i++)
        if (!strcmp(cfg->tiers[i].name, tier))
            return cfg->tiers[i].permille;
    return -1;
}

/* iniparser reports syntax errors through a printf-like callback; keep the first one. */
static char parse_error[256];

static int capture_error(const char *fmt, ...)
{
    if (!parse_error[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(parse_error, sizeof parse_error, fmt, ap);
        va_end(ap);
        parse_error[strcspn(parse_error, "\n")] = '\0';
    }
    return 0;
}

static int load_tiers(tk_config *cfg, dictionary *d, const char *file, tk_err *err)
{
    int n = iniparser_getsecnkeys(d, "tiers");
    if (n <= 0)
        return 0;
    const char **names = xcalloc((size_t)n, sizeof *names);
    iniparser_getseckeys(d, "tiers", names);
    for (int i = 0; i < n; i++) {
        const char *name = names[i] + strlen("tiers:");
        const char *v = iniparser_getstring(d, names[i], "");
        int32_t pm;
        tk_err why;
        int bad = 0;
        if (!key_valid(name))
            bad = tk_fail(&why, "bad tier name (letters, digits, '-', '_', '.'; at most 64 bytes)");
        else if (permille_parse(v, &pm, &why))
            bad = -1;
        else if (!strcmp(name, TIER_STANDARD) && pm != 1000)
            bad = tk_fail(&why, "standard is the rate itself; its multiplier is 1.0");
        if (bad) {
            free(names);
            return tk_fail(err, "%s: [tiers] %s = '%s': %s", file, name, v, why.msg);
        }
        size_t j = 0;
        while (j < cfg->ntiers && strcmp(cfg->tiers[j].name, name))
            j++;
        if (j == cfg->ntiers) {
            cfg->tiers = xrealloc(cfg->tiers, (cfg->ntiers + 1) * sizeof *cfg->tiers);
            cfg->tiers[cfg->ntiers++].name = xstrdup(name);
        }
        cfg->tiers[j].permille = pm;
    }
    free(names);
    return 0;
}

static const struct key_def *find_key(const char *section, const char *key)
{
    for (size_t i = 0; i < TK_ARRAY_LEN(keys); i++)
        if (!strcmp(keys[i].section, section) && !strcmp(keys[i].key, key))
            return &keys[i];
    return NULL;
}

static int load_file(tk_config *cfg, const char *file, tk_err *err)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return tk_fail(err, "cannot read config %s: %s", file, strerror(errno));
    struct stat st;
    int secret_readable = fstat(fileno(f), &st) == 0 && (st.st_mode & 077);
    /* A folder opens but reads as nothing: it must not pass for an empty file. */
    int c = fgetc(f);
    int unreadable = ferror(f) || S_ISDIR(st.st_mode); /* /dev/null is fine */
    int read_errno = errno;
    (void)c;
    fclose(f);
    if (unreadable)
        return tk_fail(err, "cannot read config %s: %s", file,
                       S_ISDIR(st.st_mode) ? "it is a folder" : strerror(read_errno));

    parse_error[0] = '\0';
    iniparser_set_error_callback(capture_error);
    dictionary *d = iniparser_load(file);
    if (!d || parse_error[0]) {
        if (d)
            iniparser_freedict(d);
        const char *why = strstr(parse_error, "syntax error") ? strstr(parse_error, "syntax error")
                                                               : parse_error;
        return tk_fail(err, "%s: %s", file, *why ? why : "cannot be parsed");
    }
    int rc = 0;
    int has_secret = 0;
    for (int s = 0; s < iniparser_getnsec(d) && rc == 0; s++) {
        const char *sec = iniparser_getsecname(d, s);
        if (!strcmp(sec, "tiers"))
            continue;
        int n = iniparser_getsecnkeys(d, sec);
        int known_section = 0;
        for (size_t i = 0; i < TK_ARRAY_LEN(keys); i++)
            known_section |= !strcmp(keys[i].section, sec);
        if (!known_section) {
            fprintf(stderr, "tock: warning: %s: unknown section [%s]\n", file, sec);
            continue;
        }
        const char **names = xcalloc(n > 0 ? (size_t)n : 1, sizeof *names);
        if (n > 0)
            iniparser_getseckeys(d, sec, names);
        for (int i = 0; i < n && rc == 0; i++) {
            const char *key = names[i] + strlen(sec) + 1;
            const char *v = iniparser_getstring(d, names[i], "");
            const struct key_def *k = find_key(sec, key);
            tk_err why;
            if (!k) {
                fprintf(stderr, "tock: warning: %s: unknown key [%s] %s\n", file, sec, key);
                continue;
            }
            if (k->type == K_SECRET && *v)
                has_secret = 1;
            if (apply(cfg, k, v, &why))
                rc = tk_fail(err, "%s: [%s] %s = '%s': %s", file, sec, key,
                             k->type == K_SECRET ? "…" : v, why.msg);
        }
        free(names);
    }
    if (rc == 0)
        rc = load_tiers(cfg, d, file, err);
    iniparser_freedict(d);
    if (rc == 0 && has_secret && secret_readable)
        rc = tk_fail(err, "%s holds a Zoho secret and can be read by others; run: chmod 600 %s",
                     file, file);
    return rc;
}

int config_load(tk_config *cfg, const char *path, tk_err *err)
{
    config_defaults(cfg);
    char *file = NULL;
    int must_exist = 1;
    if (path && *path)
        file = xstrdup(path);
    else if (getenv("TOCK_CONFIG") && *getenv("TOCK_CONFIG"))
        file = xstrdup(getenv("TOCK_CONFIG"));
    else {
        char *dir = config_xdg_dir("CONFIG");
        file = xasprintf("%s/config.ini", dir);
        free(dir);
        must_exist = 0;
    }
    struct stat st;
    if (!must_exist && stat(file, &st) != 0) {
        free(file);
        return 0;
    }
    if (load_file(cfg, file, err)) {
        free(file);
        return -1;
    }
    cfg->path = file;
    return 0;
}
