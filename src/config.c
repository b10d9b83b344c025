/* config.c — reading config.ini through iniparser, validated against one table of keys. */
#include "config.h"
#include "secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <iniparser.h>
#include <pwd.h>
#include <regex.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bizhours.h"
#include "duration.h"
#include "money.h"
#include "text.h"

/* How a value is read and where it is kept: K_TEXT and K_SECRET (never shown in messages) in a
 * char *, K_DURATION in int64_t seconds, K_COUNT in a long (0 … 100000; K_COUNT_OR_UNSET reads
 * "" as -1), K_WEEKDAY in an int (0 = Monday), K_ROUND_MODE in a round_mode, K_SWITCH (true
 * or false) in a bool, K_CHOICE in an int (the value's index in the row's choices),
 * K_DEADLINE ("Fri 17:00", config_parse_deadline) in a tk_deadline. */
typedef enum { K_TEXT, K_SECRET, K_DURATION, K_COUNT, K_COUNT_OR_UNSET, K_WEEKDAY,
               K_ROUND_MODE, K_SWITCH, K_CHOICE, K_DEADLINE } key_type;

struct key_def;
/* A key's own rule, checked after its type read the value: 0, or -1 with the reason in err. */
typedef int (*key_check)(const struct key_def *k, const char *v, tk_err *err);

static int check_choice(const struct key_def *k, const char *v, tk_err *err);
static int check_currency(const struct key_def *k, const char *v, tk_err *err);
static int check_hours(const struct key_def *k, const char *v, tk_err *err);
static int check_holidays(const struct key_def *k, const char *v, tk_err *err);
static int check_url(const struct key_def *k, const char *v, tk_err *err);
static int check_digits(const struct key_def *k, const char *v, tk_err *err);
static int check_positive(const struct key_def *k, const char *v, tk_err *err);
static int check_amount(const struct key_def *k, const char *v, tk_err *err);
static int check_regex(const struct key_def *k, const char *v, tk_err *err);

#define F(field) offsetof(tk_config, field)

/* Every key tock reads, one row each: where it lives, how it is read, its built-in default,
 * the field it sets and its own rule. config.example.ini and tock.5 document exactly these,
 * with these defaults (tests/test_man.py). */
static const struct key_def {
    const char *section, *key;
    key_type type;
    const char *def;
    size_t field;          /* offsetof(tk_config, …) */
    key_check check;       /* NULL: the type's reading is all */
    const char *choices;   /* check_choice: space-separated */
} keys[] = {
    { "storage", "database", K_TEXT, "", F(database), NULL, NULL },
    /* The same setting spelt for a server (a PostgreSQL connection string). */
    { "storage", "url", K_TEXT, "", F(database), NULL, NULL },
    { "general", "week_start", K_WEEKDAY, "monday", F(week_start), NULL, NULL },
    { "general", "currency", K_TEXT, "EUR", F(default_currency), check_currency, NULL },
    { "billing", "round", K_DURATION, "0", F(rounding.increment), NULL, NULL },
    { "billing", "round_mode", K_ROUND_MODE, "up", F(rounding.mode), NULL, NULL },
    { "billing", "minimum", K_DURATION, "0", F(rounding.minimum), NULL, NULL },
    { "billing", "business_hours", K_TEXT, "", F(business_hours), check_hours, NULL },
    { "billing", "holidays", K_TEXT, "", F(holidays), check_holidays, NULL },
    { "entry", "max_overnight", K_DURATION, "12h", F(max_overnight), NULL, NULL },
    { "billing", "group_by", K_TEXT, "project+tier", F(group_by), check_choice,
      "project+tier project tier day entry ticket" },
    { "billing", "default_cost_rate", K_TEXT, "", F(default_cost_rate), check_amount, NULL },
    { "tickets", "pattern", K_TEXT, "", F(ticket_pattern), check_regex, NULL },
    { "zoho", "region", K_TEXT, "com", F(zoho.region), check_choice,
      "com eu in com.au jp ca sa uk com.cn" },
    { "zoho", "accounts_url", K_TEXT, "", F(zoho.accounts_url), check_url, NULL },
    { "zoho", "api_url", K_TEXT, "", F(zoho.api_url), check_url, NULL },
    { "zoho", "organization_id", K_TEXT, "", F(zoho.organization_id), check_digits, NULL },
    { "zoho", "client_id", K_TEXT, "", F(zoho.client_id), NULL, NULL },
    { "zoho", "client_secret", K_SECRET, "", F(zoho.client_secret), NULL, NULL },
    { "zoho", "refresh_token", K_SECRET, "", F(zoho.refresh_token), NULL, NULL },
    { "zoho", "client_secret_command", K_TEXT, "", F(zoho.client_secret_command), NULL, NULL },
    { "zoho", "refresh_token_command", K_TEXT, "", F(zoho.refresh_token_command), NULL, NULL },
    { "zoho", "refresh_token_file", K_TEXT, "", F(zoho.refresh_token_file), NULL, NULL },
    { "zoho", "timeout", K_COUNT, "30", F(zoho.timeout_seconds), check_positive, NULL },
    { "zoho", "payment_terms", K_COUNT_OR_UNSET, "", F(zoho.payment_terms), NULL, NULL },
    { "zoho", "max_retries", K_COUNT, "3", F(zoho.max_retries), NULL, NULL },
    { "zoho", "max_backoff", K_COUNT, "60", F(zoho.max_backoff_seconds), NULL, NULL },
    { "zoho", "invoice_numbers", K_TEXT, "tock", F(zoho.invoice_numbers), check_choice,
      "tock zoho" },
    { "zoho", "invoice_prefix", K_TEXT, "TOCK-", F(zoho.invoice_prefix), NULL, NULL },
    { "ui", "color", K_TEXT, "auto", F(ui_color), check_choice, "auto always never" },
    { "billing", "invoice_approved_only", K_CHOICE, "auto", F(team.approved_only), check_choice,
      "auto true false" },
    { "team", "period", K_CHOICE, "week", F(team.monthly), check_choice, "week month" },
    { "team", "allow_self_approval", K_SWITCH, "false", F(team.self_approval), check_choice,
      "true false" },
    { "team", "submit_by", K_DEADLINE, "", F(team.submit_by), NULL, NULL },
    { "team", "remind_mail", K_SWITCH, "false", F(team.remind_mail), check_choice, "true false" },
};

#undef F

static const tk_tier default_tiers[] = {
    { (char *)TIER_STANDARD, 1000 },
    { (char *)TIER_AFTER_HOURS, 1500 },
    { (char *)TIER_EMERGENCY, 2000 },
};

static const char *const weekdays[] = { "monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday" };

int config_parse_deadline(const char *s, int *wday, int *seconds, tk_err *err)
{
    *wday = -1;
    *seconds = 0;
    if (!*s)
        return 0;
    const char *sp = strchr(s, ' ');
    size_t len = sp ? (size_t)(sp - s) : strlen(s);
    for (int i = 0; sp && i < 7; i++)
        if ((len == 3 || len == strlen(weekdays[i])) && !strncasecmp(s, weekdays[i], len)) {
            while (*sp == ' ')
                sp++;
            if (parse_hhmm(sp, seconds, err))
                return -1;
            *wday = i;
            return 0;
        }
    return tk_fail(err, "expected a weekday and a time, such as Fri 17:00");
}

char *config_home(void)
{
    const char *home = getenv("HOME");
    if (home && home[0] == '/')
        return xstrdup(home);
    /* cron, `env -i`, some service managers: never the current folder, which may be anyone's */
    struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
        return xstrdup(pw->pw_dir);
    return NULL;
}

char *config_xdg_dir(const char *kind)
{
    char var[32];
    snprintf(var, sizeof var, "XDG_%s_HOME", kind);
    const char *base = getenv(var);
    if (base && *base == '/')
        return xasprintf("%s/tock", base);
    char *home = config_home();
    if (!home)
        return NULL;
    const char *rel = !strcmp(kind, "CONFIG") ? ".config"
                      : !strcmp(kind, "STATE") ? ".local/state" : ".local/share";
    char *dir = xasprintf("%s/%s/tock", home, rel);
    free(home);
    return dir;
}

/* An https URL, or plain http to this machine only (a test double, a local proxy): secrets
 * travel in these requests. Empty means the region's own. */
static bool url_ok(const char *v)
{
    static const char *const local[] = { "http://127.0.0.1", "http://localhost", "http://[::1]" };
    if (!*v)
        return true;
    if (strpbrk(v, " \t\r\n"))
        return false;
    if (!strncmp(v, "https://", 8))
        return v[8] && v[8] != '/';
    for (size_t i = 0; i < sizeof local / sizeof *local; i++) {
        size_t n = strlen(local[i]);
        if (!strncmp(v, local[i], n) && (!v[n] || v[n] == ':' || v[n] == '/'))
            return true;
    }
    return false;
}

static int check_choice(const struct key_def *k, const char *v, tk_err *err)
{
    size_t len = strlen(v);
    for (const char *c = k->choices; *c;) {
        size_t w = strcspn(c, " ");
        if (w == len && !strncmp(c, v, w))
            return 0;
        c += w + (c[w] == ' ');
    }
    return tk_fail(err, "expected one of: %s", k->choices);
}

/* The index of v (one of them: check_choice passed) in space-separated choices. */
static int choice_index(const char *choices, const char *v)
{
    size_t len = strlen(v);
    int i = 0;
    for (const char *c = choices; *c; i++) {
        size_t w = strcspn(c, " ");
        if (w == len && !strncmp(c, v, w))
            return i;
        c += w + (c[w] == ' ');
    }
    return 0;
}

static int check_currency(const struct key_def *k, const char *v, tk_err *err)
{
    (void)k;
    return currency_valid(v) ? 0 : tk_fail(err, "expected an ISO 4217 code such as EUR");
}

/* business_hours parses as itself; holidays as the holidays of some working week. */
static int check_hours(const struct key_def *k, const char *v, tk_err *err)
{
    (void)k;
    tk_bizhours *b = xmalloc(sizeof *b);
    int bad = bizhours_parse(v, b, err);
    free(b);
    return bad ? -1 : 0;
}

static int check_holidays(const struct key_def *k, const char *v, tk_err *err)
{
    (void)k;
    tk_bizhours *b = xmalloc(sizeof *b);
    int bad = bizhours_parse("Mon 09:00-10:00", b, err) || bizhours_add_holidays(b, v, err);
    free(b);
    return bad ? -1 : 0;
}

static int check_url(const struct key_def *k, const char *v, tk_err *err)
{
    (void)k;
    if (!url_ok(v))
        return tk_fail(err, "expected an https:// URL (plain http only to 127.0.0.1, "
                       "localhost or [::1])");
    return 0;
}

static int check_digits(const struct key_def *k, const char *v, tk_err *err)
{
    (void)k;
    if (strlen(v) > 32 || v[strspn(v, "0123456789")])
        return tk_fail(err, "expected the digits of a Zoho id, such as 20071234567");
    return 0;
}

/* An amount read in each client's currency when used (default_cost_rate): checked here with
 * 3 decimals; "" is none. */
static int check_amount(const struct key_def *k, const char *v, tk_err *err)
{
    (void)k;
    int64_t minor;
    if (*v && (*v == '-' || money_parse(v, 3, &minor, err)))
        return tk_fail(err, "expected an amount of 0 or more, such as 45 or 52.50");
    return 0;
}

/* [tickets] pattern: a POSIX extended regular expression, or "" for none. */
static int check_regex(const struct key_def *k, const char *v, tk_err *err)
{
    (void)k;
    regex_t re;
    if (!*v)
        return 0;
    if (regcomp(&re, v, REG_EXTENDED))
        return tk_fail(err, "expected a POSIX extended regular expression, such as [A-Z]+-[0-9]+");
    regfree(&re);
    return 0;
}

/* A count already read (K_COUNT): at least 1. */
static int check_positive(const struct key_def *k, const char *v, tk_err *err)
{
    (void)k;
    return strtol(v, NULL, 10) > 0 ? 0 : tk_fail(err, "expected at least 1 second");
}

static int parse_weekday(const char *v, int *out)
{
    for (int i = 0; i < 7; i++)
        if (!strcasecmp(v, weekdays[i]) || (strlen(v) == 3 && !strncasecmp(v, weekdays[i], 3))) {
            *out = i;
            return 0;
        }
    return -1;
}

static int parse_count(const char *v, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 0 || n > 100000)
        return -1;
    *out = n;
    return 0;
}

/* Applies one value to its row's field; on a bad value returns -1 with the reason in err (no
 * location), leaving cfg as it was. */
static int apply(tk_config *cfg, const struct key_def *k, const char *v, tk_err *err)
{
    void *field = (char *)cfg + k->field;
    int64_t secs = 0;
    long n = 0;
    int day = 0;
    round_mode mode = ROUND_NONE;
    tk_deadline due = { -1, 0 };
    switch (k->type) {
    case K_TEXT:
    case K_SECRET:
    case K_SWITCH:   /* their check_choice reads them */
    case K_CHOICE:
        break;
    case K_DEADLINE:
        if (config_parse_deadline(v, &due.wday, &due.seconds, err))
            return -1;
        break;
    case K_DURATION:
        if (dur_parse(v, &secs, err))
            return -1;
        break;
    case K_COUNT_OR_UNSET:
        if (!*v) { /* unset: e.g. each contact's own payment terms */
            n = -1;
            break;
        }
        /* fall through */
    case K_COUNT:
        if (parse_count(v, &n))
            return tk_fail(err, "expected a whole number from 0 to 100000");
        break;
    case K_WEEKDAY:
        if (parse_weekday(v, &day))
            return tk_fail(err, "expected a weekday such as monday or sunday");
        break;
    case K_ROUND_MODE:
        if (round_mode_parse(v, &mode))
            return tk_fail(err, "expected up, nearest, down or none");
        break;
    }
    if (k->check && k->check(k, v, err))
        return -1;
    switch (k->type) {
    case K_TEXT:
    case K_SECRET:
        /* [storage] database and url are one setting: an empty one leaves the other's. */
        if (k->field == offsetof(tk_config, database) && !*v && *(char **)field)
            break;
        free(*(char **)field);
        *(char **)field = xstrdup(v);
        break;
    case K_DURATION: *(int64_t *)field = secs; break;
    case K_COUNT:
    case K_COUNT_OR_UNSET: *(long *)field = n; break;
    case K_WEEKDAY: *(int *)field = day; break;
    case K_ROUND_MODE: *(round_mode *)field = mode; break;
    case K_SWITCH: *(bool *)field = !strcmp(v, "true"); break;
    case K_CHOICE: *(int *)field = choice_index(k->choices, v); break;
    case K_DEADLINE: *(tk_deadline *)field = due; break;
    }
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
    /* The secrets' copies are wiped before they are freed; then the guard load_file left on
     * for them ends. */
    for (size_t i = 0; i < TK_ARRAY_LEN(keys); i++) {
        char *v = keys[i].type == K_SECRET ? *(char **)((char *)cfg + keys[i].field) : NULL;
        secret_wipe(v, v ? strlen(v) : 0);
    }
    if (cfg->secrets_guarded)
        secret_guard(false);
    for (size_t i = 0; i < TK_ARRAY_LEN(keys); i++)
        if (keys[i].type == K_TEXT || keys[i].type == K_SECRET) {
            char **field = (char **)((char *)cfg + keys[i].field);
            free(*field); /* NULL after: [storage] url shares database's field */
            *field = NULL;
        }
    free(cfg->path);
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

static int load_tiers(tk_config *cfg, dictionary *d, dictionary *lines, const char *file,
                      tk_err *err)
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
            strbuf sb = { 0 };
            text_add_printable(&sb, name);
            sb_add(&sb, " = '");
            text_add_printable(&sb, v);
            tk_fail(err, "%s:%s: [tiers] %s': %s", file, dictionary_get(lines, names[i], "?"),
                    sb_str(&sb), why.msg);
            sb_free(&sb);
            free(names);
            return -1;
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

/* A line of config.ini shown in a message: control characters cleaned, at most 60 bytes. */
static void add_shown(strbuf *sb, const char *s, size_t n)
{
    char *cut = xstrndup(s, n > 60 ? 60 : n);
    text_add_printable(sb, cut);
    if (n > 60)
        sb_add(sb, "…");
    free(cut);
}

static char *strip(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\v' || *s == '\f')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\v' ||
                 s[n - 1] == '\f'))
        s[--n] = '\0';
    return s;
}

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* The value after '=' as iniparser reads it: "quoted" or 'quoted' kept as is, else up to a
 * ';' or '#' comment, trimmed; "" and '' are empty. Cuts v in place. */
static const char *ini_value(char *v)
{
    if ((v[0] == '"' || v[0] == '\'') && v[1] && v[1] != v[0]) {
        char *close = strchr(v + 1, v[0]);
        if (close)
            *close = '\0';
        return v + 1;
    }
    v[strcspn(v, ";#")] = '\0';
    v = strip(v);
    if (!strcmp(v, "\"\"") || !strcmp(v, "''"))
        *v = '\0';
    return v;
}

/* Reads buf (len bytes, no NUL) line by line into d: "section:key" → value, and lines:
 * "section:key" → its line number, for messages. Lines ending in '\' go on on the next line.
 * A line that is neither a [section], a key = value, a comment nor blank is an error naming
 * it; so is a key set twice in one section. A key before any section is a warning. */
static int ini_parse(const char *file, const char *buf, size_t len, dictionary *d,
                     dictionary *lines, tk_err *err)
{
    char section[128] = "";
    strbuf line = { 0 };
    int rc = 0, lineno = 0;
    size_t pos = 0;
    while (pos < len && rc == 0) {
        int first = lineno + 1;
        sb_reset(&line);
        for (;;) { /* one logical line, joining continuations */
            size_t n = 0;
            while (pos + n < len && buf[pos + n] != '\n')
                n++;
            lineno++;
            sb_addn(&line, buf + pos, n);
            pos += n + (pos + n < len);
            while (line.len && strchr(" \t\r\v\f", line.buf[line.len - 1]))
                line.buf[--line.len] = '\0';
            if (!line.len || line.buf[line.len - 1] != '\\' || pos >= len)
                break;
            line.buf[--line.len] = '\0';
        }
        char *l = strip(line.buf ? line.buf : (char[]){ "" });
        if (!*l || *l == '#' || *l == ';')
            continue;
        size_t n = strlen(l);
        char *eq = strchr(l, '=');
        if (l[0] == '[' && l[n - 1] == ']') {
            l[n - 1] = '\0';
            l[strcspn(l, "]")] = '\0';
            char *name = strip(l + 1);
            if (!*name || strlen(name) >= sizeof section)
                rc = tk_fail(err, "%s:%d: %s section name", file, first,
                             *name ? "too long a" : "an empty");
            else {
                strcpy(section, name);
                lower(section);
                dictionary_set(d, section, NULL);
            }
            continue;
        }
        if (!eq || eq == l) {
            strbuf sb = { 0 };
            add_shown(&sb, l, n);
            rc = tk_fail(err, "%s:%d: expected [section], key = value or a ; comment, not \"%s\"",
                         file, first, sb_str(&sb));
            sb_free(&sb);
            continue;
        }
        *eq = '\0';
        char *key = strip(l);
        lower(key);
        const char *value = ini_value(strip(eq + 1));
        if (!section[0]) {
            strbuf sb = { 0 };
            add_shown(&sb, key, strlen(key));
            fprintf(stderr, "tock: warning: %s:%d: key %s is outside any [section]; ignored\n",
                    file, first, sb_str(&sb));
            sb_free(&sb);
            continue;
        }
        char *full = xasprintf("%s:%s", section, key);
        const char *seen = dictionary_get(lines, full, NULL);
        if (seen) {
            strbuf sb = { 0 };
            add_shown(&sb, key, strlen(key));
            rc = tk_fail(err, "%s:%d: [%s] %s is set twice (also on line %s); keep one", file,
                         first, section, sb_str(&sb), seen);
            sb_free(&sb);
        } else {
            char num[16];
            snprintf(num, sizeof num, "%d", first);
            dictionary_set(d, full, value);
            dictionary_set(lines, full, num);
        }
        free(full);
    }
    secret_wipe(line.buf, line.cap);   /* it held every line, secrets too */
    sb_free(&line);
    return rc;
}

/* Whether a config file may be trusted, as ssh trusts ~/.ssh/config: the file and its folder
 * belong to you (or root) and nobody else can change them, since the config names the
 * database and commands tock runs as you. A sticky folder (/tmp) is fine: others cannot
 * replace a file they do not own there. */
static int trusted(const char *file, const struct stat *st, tk_err *err)
{
    uid_t me = geteuid();
    struct stat dst;
    const char *slash = strrchr(file, '/');
    char *dir = slash ? xstrndup(file, slash == file ? 1 : (size_t)(slash - file)) : xstrdup(".");
    int rc = 0;
    if (st->st_uid != me && st->st_uid != 0)
        rc = tk_fail(err, "refusing config %s: it belongs to uid %ld, not to you", file,
                     (long)st->st_uid);
    else if (st->st_mode & 022)
        rc = tk_fail(err, "refusing config %s: others can change it; run: chmod go-w %s", file, file);
    else if (stat(dir, &dst))
        rc = tk_fail(err, "cannot read config %s: %s: %s", file, dir, strerror(errno));
    else if (dst.st_uid != me && dst.st_uid != 0)
        rc = tk_fail(err, "refusing config %s: its folder %s belongs to uid %ld, not to you", file,
                     dir, (long)dst.st_uid);
    else if ((dst.st_mode & 022) && !(dst.st_mode & S_ISVTX))
        rc = tk_fail(err, "refusing config %s: others can write to its folder; run: chmod go-w %s",
                     file, dir);
    free(dir);
    return rc;
}

#define CONFIG_MAX (1 << 20)

/* The bytes of a config file (caller frees *buf): a regular file of at most CONFIG_MAX bytes
 * that tock trusts; /dev/null reads as empty. Never blocks on a FIFO or reads a device. */
static int read_file(const char *file, char **buf, size_t *len, bool *secret_readable,
                     tk_err *err)
{
    *buf = NULL;
    *len = 0;
    if (!strcmp(file, "/dev/null"))
        return 0;
    int fd = open(file, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return tk_fail(err, "cannot read config %s: %s", file, strerror(e));
    }
    int rc = 0;
    if (!S_ISREG(st.st_mode))
        rc = tk_fail(err, "cannot read config %s: %s", file,
                     S_ISDIR(st.st_mode) ? "it is a folder" : "not a regular file");
    else if (trusted(file, &st, err))
        rc = -1;
    else if (st.st_size > CONFIG_MAX)
        rc = tk_fail(err, "cannot read config %s: larger than %d KiB", file, CONFIG_MAX / 1024);
    *secret_readable = (st.st_mode & 077) != 0;
    if (rc == 0) {
        size_t cap = (size_t)st.st_size + 1; /* a file growing meanwhile still stops at the limit */
        *buf = xmalloc(cap);
        while (*len <= CONFIG_MAX) {
            if (*len == cap) {
                cap = cap * 2 > CONFIG_MAX + 1 ? CONFIG_MAX + 1 : cap * 2;
                *buf = xrealloc(*buf, cap);
            }
            ssize_t n = read(fd, *buf + *len, cap - *len);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                rc = tk_fail(err, "cannot read config %s: %s", file, strerror(errno));
            if (n <= 0)
                break;
            *len += (size_t)n;
        }
        if (rc == 0 && *len > CONFIG_MAX)
            rc = tk_fail(err, "cannot read config %s: larger than %d KiB", file, CONFIG_MAX / 1024);
        const char *nul = rc == 0 ? memchr(*buf, '\0', *len) : NULL;
        if (nul) {
            int line = 1;
            for (const char *p = *buf; p < nul; p++)
                line += *p == '\n';
            rc = tk_fail(err, "%s:%d: a NUL byte: this is not a text file", file, line);
        }
        if (rc) {
            free(*buf);
            *buf = NULL;
        }
    }
    close(fd);
    return rc;
}

/* The parsed values of secret keys ([zoho] client_secret, refresh_token), zeroed before the
 * dictionary is freed. */
static void wipe_secret_values(dictionary *d)
{
    for (ssize_t i = 0; i < d->size; i++) {
        const char *colon = d->key[i] ? strrchr(d->key[i], ':') : NULL;
        if (colon && d->val[i] && secret_name(colon + 1, strlen(colon + 1)))
            secret_wipe(d->val[i], strlen(d->val[i]));
    }
}

static int load_file(tk_config *cfg, const char *file, tk_err *err)
{
    char *buf;
    size_t len;
    bool secret_readable = false;
    /* Undumpable before the file's bytes are in memory: it may hold a secret. */
    secret_guard(true);
    if (read_file(file, &buf, &len, &secret_readable, err)) {
        secret_guard(false);
        return -1;
    }
    dictionary *d = dictionary_new(0), *lines = dictionary_new(0);
    int rc = ini_parse(file, buf, len, d, lines, err);
    secret_wipe(buf, len);
    free(buf);
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
            strbuf sb = { 0 };
            text_add_printable(&sb, sec);
            fprintf(stderr, "tock: warning: %s: unknown section [%s]\n", file, sb_str(&sb));
            sb_free(&sb);
            continue;
        }
        const char **names = xcalloc(n > 0 ? (size_t)n : 1, sizeof *names);
        if (n > 0)
            iniparser_getseckeys(d, sec, names);
        for (int i = 0; i < n && rc == 0; i++) {
            const char *key = names[i] + strlen(sec) + 1;
            const char *v = iniparser_getstring(d, names[i], "");
            const char *at = dictionary_get(lines, names[i], "?");
            const struct key_def *k = find_key(sec, key);
            tk_err why;
            strbuf sb = { 0 };
            if (!k) {
                text_add_printable(&sb, key);
                fprintf(stderr, "tock: warning: %s:%s: unknown key [%s] %s\n", file, at, sec,
                        sb_str(&sb));
            } else {
                if (k->type == K_SECRET && *v)
                    has_secret = 1;
                text_add_printable(&sb, k->type == K_SECRET ? "…" : v);
                if (apply(cfg, k, v, &why))
                    rc = tk_fail(err, "%s:%s: [%s] %s = '%s': %s", file, at, sec, key, sb_str(&sb),
                                 why.msg);
            }
            sb_free(&sb);
        }
        free(names);
    }
    if (rc == 0)
        rc = load_tiers(cfg, d, lines, file, err);
    wipe_secret_values(d);
    iniparser_freedict(d);
    iniparser_freedict(lines);
    if (rc == 0 && has_secret && secret_readable)
        rc = tk_fail(err, "%s holds a Zoho secret and can be read by others; run: chmod 600 %s",
                     file, file);
    /* The guard stays while cfg holds a secret; without one, every copy of the file is gone. */
    if (has_secret && !cfg->secrets_guarded)
        cfg->secrets_guarded = true;
    else
        secret_guard(false);
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
        if (!dir)
            return tk_fail(err, "%s", CONFIG_NO_HOME);
        file = xasprintf("%s/config.ini", dir);
        free(dir);
        must_exist = 0;
    }
    struct stat st;
    if (!must_exist && stat(file, &st) != 0) {
        /* XDG_CONFIG_HOME naming a file must not silently drop the config and its database */
        int absent = errno == ENOENT;
        if (!absent)
            tk_fail(err, "cannot read config %s: %s (check XDG_CONFIG_HOME)", file, strerror(errno));
        free(file);
        return absent ? 0 : -1;
    }
    if (load_file(cfg, file, err)) {
        free(file);
        return -1;
    }
    cfg->path = file;
    return 0;
}
