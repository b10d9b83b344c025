/* cli_complete.c — `tock __complete WORDS…`: the candidates for the last word of a command line,
 * one a line, for the bash, zsh and fish scripts in contrib/completion. Commands, options and
 * what positionals take come from the command table, names from the database, opened
 * read-only. Whatever goes wrong (no database, a locked or damaged one, a bad config), the
 * answer is no candidates, nothing on stderr and exit 0: never error text in a command line. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "app_complete.h"

/* The option of command c that word spells ("--from", "--from=…", "-s"), else NULL. */
static const cli_optdef *option_of(const cli_cmd *c, const char *word)
{
    if (word[0] != '-' || !word[1] || !strcmp(word, "--"))
        return NULL;
    for (size_t i = 0; i < CLI_OPTS_MAX && c->opts[i].name; i++) {
        const cli_optdef *o = &c->opts[i];
        size_t len = strcspn(word + 2, "=");
        if (word[1] == '-' ? strlen(o->name) == len && !strncmp(o->name, word + 2, len)
                           : o->letter == word[1] && !word[2])
            return o;
    }
    return NULL;
}

static bool is_option(const char *s)
{
    return s[0] == '-' && s[1] && strcmp(s, "--");
}

/* A positional's alternatives as completion reads them: "[NAME|current|last]" and
 * "(DURATION | HH:MM-HH:MM)" without their brackets and spaces. */
static void arg_alternatives(const char *arg, char *buf, size_t size)
{
    size_t len = strlen(arg), n = 0;
    if (len >= 2 && ((arg[0] == '[' && arg[len - 1] == ']') ||
                     (arg[0] == '(' && arg[len - 1] == ')')))
        arg++, len -= 2;
    for (size_t i = 0; i < len && n + 1 < size; i++)
        if (arg[i] != ' ')
            buf[n++] = arg[i];
    buf[n] = '\0';
}

/* The answer being built: candidates that start with the word typed so far. */
typedef struct answer {
    const char *prefix;
    strbuf out;
    tk_app app;
    int opened;              /* 0 not tried, 1 open, -1 failed */
    const char *config, *db;
} answer;

static int offer(const char *cand, void *ctx)
{
    answer *a = ctx;
    if (!strncmp(cand, a->prefix, strlen(a->prefix)))
        sb_addf(&a->out, "%s\n", cand);
    return 0;
}

static tk_app *answer_app(answer *a)
{
    if (a->opened == 0) {
        tk_err err = { "" };
        a->opened = app_open_readonly(&a->app, a->config, a->db, &err) ? -1 : 1;
    }
    return a->opened > 0 ? &a->app : NULL;
}

/* A database that cannot answer takes back what it offered (the command line shows no
 * partial list) and gives nothing more; what the command table offered stays. */
static void names_failed(answer *a, size_t mark)
{
    a->out.len = mark;
    if (a->out.buf)
        a->out.buf[mark] = '\0';
    a->opened = -1;
}

static void offer_names(answer *a, app_names_kind kind, const char *client)
{
    tk_app *app = answer_app(a);
    tk_err err = { "" };
    size_t mark = a->out.len;
    if (app && app_names(app, kind, client, offer, a, &err) < 0)
        names_failed(a, mark);
}

/* CLIENT[/PROJECT]: a client without projects as "acme", one with projects as "acme/" (the
 * client alone, or the start of its projects) followed by "acme/api" … */
struct targets {
    answer *a;
    TK_VEC(char *) with_projects;   /* client keys, in order */
};

static int target_project(const char *name, void *ctx)
{
    struct targets *t = ctx;
    size_t len = strcspn(name, "/");
    if (!t->with_projects.len ||
        strncmp(t->with_projects.items[t->with_projects.len - 1], name, len) ||
        t->with_projects.items[t->with_projects.len - 1][len])
        TK_PUSH(t->with_projects, xstrndup(name, len));
    return 0;
}

static int target_client(const char *key, void *ctx)
{
    struct targets *t = ctx;
    for (size_t i = 0; i < t->with_projects.len; i++)
        if (!strcmp(t->with_projects.items[i], key)) {
            char *slashed = xasprintf("%s/", key);
            offer(slashed, t->a);
            free(slashed);
            return 0;
        }
    return offer(key, t->a);
}

static void offer_targets(answer *a, bool projects)
{
    tk_app *app = answer_app(a);
    struct targets t = { a, { 0 } };
    tk_err err = { "" };
    size_t mark = a->out.len;
    if (app && (app_names(app, APP_NAMES_PROJECTS, NULL, target_project, &t, &err) < 0 ||
                app_names(app, APP_NAMES_CLIENTS, NULL, target_client, &t, &err) < 0 ||
                (projects && app_names(app, APP_NAMES_PROJECTS, NULL, offer, a, &err) < 0)))
        names_failed(a, mark);
    for (size_t i = 0; i < t.with_projects.len; i++)
        free(t.with_projects.items[i]);
    free(t.with_projects.items);
}

static int offer_slashed(const char *key, void *ctx)
{
    char *s = xasprintf("%s/", key);
    offer(s, ctx);
    free(s);
    return 0;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && !strcmp(s + n - m, tail);
}

/* The candidates for one placeholder of a command's usage ("TIER", "csv|json",
 * "NAME|current|last"): lowercase alternatives as they are, placeholders from the database.
 * "FILE" asks the shell for file names (the line ":file", which no name can be). Commands that
 * add something new ("client add KEY") get no names for the new thing. */
static void offer_value(answer *a, const char *cmd, const char *value, const char *client)
{
    bool adding = ends_with(cmd, " add");
    char alt[96];
    for (const char *p = value; *p;) {
        size_t len = strcspn(p, "|");
        snprintf(alt, sizeof alt, "%.*s", (int)len, p);
        p += len + (p[len] == '|');
        if (alt[strspn(alt, "abcdefghijklmnopqrstuvwxyz0123456789+.-")] == '\0')
            offer(alt, a);
        else if (!strcmp(alt, "CLIENT[/PROJECT]"))
            offer_targets(a, true);
        else if (!strcmp(alt, "CLIENT/PROJECT") && adding) {
            tk_app *app = answer_app(a);
            tk_err err = { "" };
            size_t mark = a->out.len;
            if (app && app_names(app, APP_NAMES_CLIENTS, NULL, offer_slashed, a, &err) < 0)
                names_failed(a, mark);
        } else if (!strcmp(alt, "CLIENT/PROJECT"))
            offer_names(a, APP_NAMES_PROJECTS, NULL);
        else if (!strcmp(alt, "CLIENT") || (!strcmp(alt, "KEY") && !adding))
            offer_names(a, APP_NAMES_CLIENTS, NULL);
        else if (!strcmp(alt, "TIER"))
            offer_names(a, APP_NAMES_TIERS, NULL);
        else if (!strcmp(alt, "ID") && !strncmp(cmd, "invoice ", 8))
            offer_names(a, APP_NAMES_OPEN_INVOICES, NULL);
        else if (!strcmp(alt, "NAME") && !adding)
            offer_names(a, APP_NAMES_SPRINTS, client);
        else if ((!strcmp(alt, "USER") || !strcmp(alt, "LOGIN")) && !adding)
            offer_names(a, APP_NAMES_USERS, NULL);
        else if (!strcmp(alt, "DATE")) {
            offer("today", a);
            offer("yesterday", a);
        } else if (!strcmp(alt, "FILE"))
            sb_add(&a->out, ":file\n");
    }
}

/* "--db", "-c" or "--config": a global option that takes a value (its row), else NULL. */
static const cli_optdef *global_with_value(const char *w)
{
    size_t n;
    const cli_optdef *g = cli_globals(&n);
    for (size_t i = 0; i < n; i++)
        if (g[i].value && ((w[0] == '-' && w[1] == '-' && !strcmp(w + 2, g[i].name)) ||
                           (g[i].letter && w[0] == '-' && w[1] == g[i].letter && !w[2])))
            return &g[i];
    return NULL;
}

/* "--db=FILE", "--config=FILE": the global option's row and *value, else NULL. */
static const cli_optdef *global_inline(const char *w, const char **value)
{
    size_t n;
    const cli_optdef *g = cli_globals(&n);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(g[i].name);
        if (g[i].value && !strncmp(w, "--", 2) && !strncmp(w + 2, g[i].name, len) &&
            w[2 + len] == '=') {
            *value = w + 3 + len;
            return &g[i];
        }
    }
    return NULL;
}

/* Candidates for the last word (cur) of a known command, given the words typed after its
 * name (done). */
static void complete_command(answer *a, const cli_cmd *c, char **done, int ndone, const char *cur)
{
    bool given[CLI_OPTS_MAX] = { false };
    const char *client = NULL;      /* the first CLIENT… positional, for sprint names */
    char alts[128];
    size_t npos = 0;
    for (int i = 0; i < ndone; i++) {
        if (!strcmp(done[i], "--"))
            return;                  /* a command to run follows, not tock's */
        const cli_optdef *o = option_of(c, done[i]);
        if (o) {
            given[o - c->opts] = true;
            if (!o->value || strchr(done[i], '='))
                continue;
            if (i + 1 == ndone) {    /* cur is this option's value */
                offer_value(a, c->name, o->value, client);
                return;
            }
            i++;
            continue;
        }
        if (is_option(done[i]))
            continue;
        if (npos < CLI_ARGS_MAX && c->args[npos] && !client &&
            !strncmp(c->args[npos], "CLIENT", 6))
            client = done[i];
        npos++;
    }
    if (cur[0] == '-') {
        for (size_t i = 0; i < CLI_OPTS_MAX && c->opts[i].name; i++) {
            char spell[64];
            if (given[i])
                continue;
            if (c->opts[i].letter) {
                snprintf(spell, sizeof spell, "-%c", c->opts[i].letter);
                offer(spell, a);
            }
            snprintf(spell, sizeof spell, "--%s", c->opts[i].name);
            offer(spell, a);
        }
        offer("--help", a);
        return;
    }
    if (npos < CLI_ARGS_MAX && c->args[npos]) {
        arg_alternatives(c->args[npos], alts, sizeof alts);
        offer_value(a, c->name, alts, client);
    }
}

int cli_complete(int argc, char **argv)
{
    /* Config warnings and anything else a library might say must not reach the command line. */
    if (!freopen("/dev/null", "w", stderr))
        return EXIT_OK;
    answer a = { .prefix = argc ? argv[argc - 1] : "" };
    const char *cur = a.prefix;
    char **words = xcalloc((size_t)argc + 1, sizeof *words);
    int nwords = 0;
    for (int i = 0; i + 1 < argc; i++) {
        const char *value = NULL;
        const cli_optdef *g = global_with_value(argv[i]);
        if (g) {
            if (i + 2 == argc) {     /* cur is the file of --db or -c */
                fputs(":file\n", stdout);
                free(words);
                return EXIT_OK;
            }
            value = argv[++i];
        } else if (!(g = global_inline(argv[i], &value))) {
            words[nwords++] = argv[i];
            continue;
        }
        *(strcmp(g->name, "db") ? &a.config : &a.db) = value;
    }
    size_t n;
    const cli_cmd *cmds = cli_commands(&n);
    int used = 0;
    const cli_cmd *c = nwords ? cli_find(nwords, words, &used) : NULL;
    if (nwords == 0 && cur[0] == '-') {
        size_t ng;
        const cli_optdef *g = cli_globals(&ng);
        for (size_t i = 0; i < ng; i++) {
            char spell[64];
            snprintf(spell, sizeof spell, "--%s", g[i].name);
            offer(spell, &a);
            snprintf(spell, sizeof spell, "-%c", g[i].letter);
            if (g[i].letter)
                offer(spell, &a);
        }
    } else if (nwords == 0) {
        for (size_t i = 0; i < n; i++) {      /* first words, each once */
            size_t len = strcspn(cmds[i].name, " ");
            bool dup = false;
            for (size_t j = 0; j < i && !dup; j++)
                dup = strcspn(cmds[j].name, " ") == len && !strncmp(cmds[j].name, cmds[i].name, len);
            char *w = xstrndup(cmds[i].name, len);
            if (!dup)
                offer(w, &a);
            free(w);
        }
        offer("help", &a);
    } else {
        if (nwords == 1 && cur[0] != '-') {   /* "tock client <Tab>": its subcommands */
            size_t len = strlen(words[0]);
            for (size_t i = 0; i < n; i++)
                if (!strncmp(cmds[i].name, words[0], len) && cmds[i].name[len] == ' ')
                    offer(cmds[i].name + len + 1, &a);
        }
        if (c)
            complete_command(&a, c, words + used, nwords - used, cur);
    }
    fwrite(sb_str(&a.out), 1, a.out.len, stdout);
    sb_free(&a.out);
    if (a.opened)
        app_close(&a.app);
    free(words);
    return EXIT_OK;
}
