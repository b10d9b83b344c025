/* cli_complete.c — `tock __complete WORDS…`: the candidates for the last word of a command line,
 * one a line, for the bash, zsh and fish scripts in contrib/completion. Commands and options
 * come from the command table (each command's usage string), names from the database, opened
 * read-only. Whatever goes wrong (no database, a locked or damaged one, a bad config), the
 * answer is no candidates, nothing on stderr and exit 0: never error text in a command line. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

#define SPEC_MAX 48

/* What a usage string says a command takes. */
typedef struct spec_opt {
    char name[48];     /* "--from", "-s" */
    char value[96];    /* its placeholder ("DATE", "up|nearest|down|none"); "" for a switch */
} spec_opt;

typedef struct spec {
    spec_opt opts[SPEC_MAX];
    size_t nopts;
    char pos[SPEC_MAX][96];   /* positionals in order; alternatives joined by '|' */
    size_t npos;
} spec;

typedef struct token {
    char text[96];
    bool opens, closes;       /* a '[' or '(' was taken off the front, a ']' or ')' off the end */
} token;

/* One word of a usage string without the brackets that group it: "[--json]" → "--json",
 * "CLIENT[/PROJECT]]" → "CLIENT[/PROJECT]" (only unbalanced closers are taken off). */
static void token_read(const char *w, size_t len, token *t)
{
    memset(t, 0, sizeof *t);
    while (len && (*w == '[' || *w == '(')) {
        w++, len--;
        t->opens = true;
    }
    int depth = 0;
    for (size_t i = 0; i < len; i++)
        depth += (w[i] == '[' || w[i] == '(') - (w[i] == ']' || w[i] == ')');
    while (len && depth < 0 && (w[len - 1] == ']' || w[len - 1] == ')')) {
        len--, depth++;
        t->closes = true;
    }
    if (len >= sizeof t->text)
        len = sizeof t->text - 1;
    memcpy(t->text, w, len);
}

static bool is_option(const char *s)
{
    return s[0] == '-' && s[1] && strcmp(s, "--");
}

/* Reads the options and positionals out of a command's usage string, the one description of
 * a command's arguments the table has (issue 16 will give the table an explicit one). Rules the
 * usage strings keep: "-x VALUE" or "--name VALUE" takes a value unless the option closes its
 * bracket or a '|' follows; "A | B" offers either; positionals come before the first option,
 * so the words after them ("-- COMMAND", notes in parentheses) are not taken for arguments. */
static void spec_read(const char *usage, spec *sp)
{
    token t[2 * SPEC_MAX];
    size_t n = 0;
    for (const char *p = usage; *p && n < TK_ARRAY_LEN(t);) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len)
            token_read(p, len, &t[n++]);
        p += len;
    }
    memset(sp, 0, sizeof *sp);
    bool options_seen = false;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(t[i].text, "--"))
            break;
        if (!strcmp(t[i].text, "|"))
            continue;
        if (is_option(t[i].text)) {
            options_seen = true;
            if (sp->nopts == SPEC_MAX)
                continue;
            spec_opt *o = &sp->opts[sp->nopts++];
            snprintf(o->name, sizeof o->name, "%s", t[i].text);
            if (!t[i].closes && i + 1 < n && !t[i + 1].opens && strcmp(t[i + 1].text, "|") &&
                t[i + 1].text[0] != '-')
                snprintf(o->value, sizeof o->value, "%s", t[++i].text);
            continue;
        }
        if (options_seen || sp->npos == SPEC_MAX)
            continue;
        char *pos = sp->pos[sp->npos++];
        snprintf(pos, sizeof sp->pos[0], "%s", t[i].text);
        while (i + 2 < n && !strcmp(t[i + 1].text, "|") && !is_option(t[i + 2].text)) {
            size_t used = strlen(pos);
            snprintf(pos + used, sizeof sp->pos[0] - used, "|%s", t[i + 2].text);
            i += 2;
        }
    }
}

static const spec_opt *spec_option(const spec *sp, const char *word)
{
    size_t len = strcspn(word, "=");
    for (size_t i = 0; i < sp->nopts; i++)
        if (strlen(sp->opts[i].name) == len && !strncmp(sp->opts[i].name, word, len))
            return &sp->opts[i];
    return NULL;
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

static bool is_global_with_value(const char *w)
{
    return !strcmp(w, "--db") || !strcmp(w, "-c") || !strcmp(w, "--config");
}

/* Candidates for the last word (cur) of a known command, given the words typed after its
 * name (done). */
static void complete_command(answer *a, const cli_cmd *c, char **done, int ndone, const char *cur)
{
    spec sp;
    spec_read(c->usage, &sp);
    bool given[SPEC_MAX] = { false };
    const char *client = NULL;      /* the first CLIENT… positional, for sprint names */
    size_t npos = 0;
    for (int i = 0; i < ndone; i++) {
        if (!strcmp(done[i], "--"))
            return;                  /* a command to run follows, not tock's */
        const spec_opt *o = is_option(done[i]) ? spec_option(&sp, done[i]) : NULL;
        if (o) {
            given[o - sp.opts] = true;
            if (!o->value[0] || strchr(done[i], '='))
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
        if (npos < sp.npos && !client && !strncmp(sp.pos[npos], "CLIENT", 6))
            client = done[i];
        npos++;
    }
    if (cur[0] == '-') {
        for (size_t i = 0; i < sp.nopts; i++)
            if (!given[i])
                offer(sp.opts[i].name, a);
        offer("--help", a);
        return;
    }
    if (npos < sp.npos)
        offer_value(a, c->name, sp.pos[npos], client);
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
        if (is_global_with_value(argv[i])) {
            if (i + 2 == argc) {     /* cur is the file of --db or -c */
                fputs(":file\n", stdout);
                free(words);
                return EXIT_OK;
            }
            *(strcmp(argv[i], "--db") ? &a.config : &a.db) = argv[i + 1];
            i++;
        } else if (!strncmp(argv[i], "--db=", 5))
            a.db = argv[i] + 5;
        else if (!strncmp(argv[i], "--config=", 9))
            a.config = argv[i] + 9;
        else
            words[nwords++] = argv[i];
    }
    size_t n;
    const cli_cmd *cmds = cli_commands(&n);
    int used = 0;
    const cli_cmd *c = nwords ? cli_find(nwords, words, &used) : NULL;
    if (nwords == 0 && cur[0] == '-') {
        static const char *const globals[] = { "--db", "--config", "-c", "--help", "--version" };
        for (size_t i = 0; i < TK_ARRAY_LEN(globals); i++)
            offer(globals[i], &a);
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
