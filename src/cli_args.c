/* cli_args.c — the command line read by the command table: one parser for every command
 * (options anywhere, "--", values given once, positional counts) and the usage it shows, as
 * text for `tock help` and errors, or as man(7) for tock.1 (cli_man.c). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t opts_count(const cli_cmd *c)
{
    size_t n = 0;
    while (n < CLI_OPTS_MAX && c->opts[n].name)
        n++;
    return n;
}

/* A space between two words of a usage; in man(7), the next word is never hyphenated (groff's
 * man macros turn hyphenation back on in every paragraph). */
static void put_space(strbuf *sb, bool man)
{
    sb_add(sb, man ? " \\%" : " ");
}

/* s[0..len), with each '-' as man(7) writes a minus when man. */
static void put_dashed(strbuf *sb, const char *s, size_t len, bool man)
{
    for (size_t i = 0; i < len; i++) {
        if (man && s[i] == '-')
            sb_add(sb, "\\-");
        else
            sb_addc(sb, s[i]);
    }
}

/* A placeholder or literal of a usage: as it is, or (man) placeholders in italics, literals
 * ("current", "csv") in bold, dashes escaped. */
static void put_text(strbuf *sb, const char *s, bool man)
{
    if (!man) {
        sb_add(sb, s);
        return;
    }
    while (*s) {
        bool upper = *s >= 'A' && *s <= 'Z', lower = *s >= 'a' && *s <= 'z';
        if (!upper && !lower) {
            if (*s == '-')
                sb_add(sb, "\\-");
            else if (*s == ' ')
                put_space(sb, man);
            else
                sb_addc(sb, *s);
            s++;
            continue;
        }
        const char *chars = upper ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:-"
                                  : "abcdefghijklmnopqrstuvwxyz0123456789+-";
        size_t len = strspn(s, chars);
        sb_add(sb, upper ? "\\fI" : "\\fB");
        put_dashed(sb, s, len, man);
        sb_add(sb, "\\fR");
        s += len;
    }
}

/* An option as a usage shows it, every spelling then its value: "-s|--tier TIER" (man: bold
 * names, a space that does not break). */
void cli_opt_usage(const cli_optdef *o, bool man, strbuf *sb)
{
    const char *dash = man ? "\\-" : "-";
    if (o->letter)
        sb_addf(sb, "%s%s%c%s|", man ? "\\fB" : "", dash, o->letter, man ? "\\fR" : "");
    sb_addf(sb, "%s%s%s", man ? "\\fB" : "", dash, dash);
    put_dashed(sb, o->name, strlen(o->name), man);
    if (man)
        sb_add(sb, "\\fR");
    if (o->value) {
        sb_add(sb, man ? "\\~" : " ");
        put_text(sb, o->value, man);
    }
}

void cli_usage_text(const cli_cmd *c, bool man, strbuf *sb)
{
    sb_addf(sb, "%s%s%s", man ? "\\fB" : "", c->name, man ? "\\fR" : "");
    for (size_t i = 0; i < CLI_ARGS_MAX && c->args[i]; i++) {
        put_space(sb, man);
        put_text(sb, c->args[i], man);
    }
    size_t n = opts_count(c);
    for (size_t i = 0; i < n; i++) {
        const cli_optdef *o = &c->opts[i];
        size_t end = i + 1;     /* the group: this option and those joined to it */
        bool alternatives = false;
        while (end < n && c->opts[end].join != CLI_OWN)
            alternatives |= c->opts[end++].join == CLI_OR;
        put_space(sb, man);
        sb_add(sb, o->required ? (alternatives ? "(" : "") : "[");
        for (size_t j = i; j < end; j++) {
            if (j > i && c->opts[j].join == CLI_OR)
                sb_add(sb, man ? "\\~|" : " |");   /* a line may end in "|", never start */
            if (j > i)
                put_space(sb, man);
            cli_opt_usage(&c->opts[j], man, sb);
        }
        sb_add(sb, o->required ? (alternatives ? ")" : "") : "]");
        i = end - 1;
    }
    if (c->rest) {
        put_space(sb, man);
        sb_add(sb, man ? "\\fB\\-\\-\\fR" : "--");
        put_space(sb, man);
        put_text(sb, c->rest, man);
    }
}

void cli_usage_line(const cli_cmd *c, FILE *f)
{
    strbuf sb = { 0 };
    cli_usage_text(c, false, &sb);
    fputs(sb_str(&sb), f);
    sb_free(&sb);
}

/* "-s, --tier TIER" for the option list of `tock help CMD`. */
static void opt_spell(const cli_optdef *o, char *buf, size_t size)
{
    snprintf(buf, size, "%c%c%s--%s%s%s", o->letter ? '-' : ' ', o->letter ? o->letter : ' ',
             o->letter ? ", " : "  ", o->name, o->value ? " " : "", o->value ? o->value : "");
}

void cli_opts_help(const cli_optdef *opts, size_t n, FILE *f)
{
    enum { MAX_COLUMN = 26 };
    char spell[128];
    int width = 10;
    for (size_t i = 0; i < n; i++) {
        opt_spell(&opts[i], spell, sizeof spell);
        if ((int)strlen(spell) > width && strlen(spell) <= MAX_COLUMN)
            width = (int)strlen(spell);
    }
    for (size_t i = 0; i < n; i++) {
        opt_spell(&opts[i], spell, sizeof spell);
        if ((int)strlen(spell) > width)     /* too long for the column: help on the next line */
            fprintf(f, "  %s\n  %-*s  %s\n", spell, width, "", opts[i].help);
        else
            fprintf(f, "  %-*s  %s\n", width, spell, opts[i].help);
    }
}

void cli_usage(const cli_cmd *c, FILE *f)
{
    static const cli_optdef help = { "help", 'h', NULL, "this text", CLI_OWN, false };
    cli_optdef all[CLI_OPTS_MAX + 1];
    size_t n = opts_count(c);
    memcpy(all, c->opts, n * sizeof *all);
    all[n++] = help;
    fputs("usage: tock ", f);
    cli_usage_line(c, f);
    fprintf(f, "\n  %s\n\noptions:\n", c->summary);
    cli_opts_help(all, n, f);
    if (!strchr(c->name, ' '))
        cli_group(c->name, f);
}

static const cli_optdef *find_long(const cli_cmd *c, const char *name, size_t len)
{
    for (size_t i = 0; i < CLI_OPTS_MAX && c->opts[i].name; i++)
        if (strlen(c->opts[i].name) == len && !strncmp(c->opts[i].name, name, len))
            return &c->opts[i];
    return NULL;
}

static const cli_optdef *find_short(const cli_cmd *c, char letter)
{
    for (size_t i = 0; i < CLI_OPTS_MAX && c->opts[i].name; i++)
        if (c->opts[i].letter == letter)
            return &c->opts[i];
    return NULL;
}

static int usage_error(const cli_cmd *c, const char *fmt, const char *what)
{
    fprintf(stderr, "tock %s: ", c->name);
    fprintf(stderr, fmt, what);
    fprintf(stderr, " (see tock %s --help)\n", c->name);
    return EXIT_USAGE;
}

/* An optional positional is written in [ ] in the table. */
static void args_count(const cli_cmd *c, int *min, int *max)
{
    *min = *max = 0;
    for (size_t i = 0; i < CLI_ARGS_MAX && c->args[i]; i++) {
        (*max)++;
        if (c->args[i][0] != '[')
            (*min)++;
    }
}

int cli_args_parse(const cli_cmd *c, int argc, char **argv, cli_args *a)
{
    int min_pos, max_pos;
    args_count(c, &min_pos, &max_pos);
    memset(a, 0, sizeof *a);
    a->cmd = c;
    for (int i = 0; i < argc; i++) {
        char *arg = argv[i];
        const cli_optdef *o = NULL;
        const char *inline_val = NULL;
        if (!strcmp(arg, "--")) {
            if (!c->rest)
                return usage_error(c, "unexpected '%s'", "--");
            a->rest = argv + i + 1;
            a->nrest = argc - i - 1;
            break;
        }
        if (arg[0] == '-' && arg[1] == '-') {
            const char *eq = strchr(arg + 2, '=');
            size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
            o = find_long(c, arg + 2, len);
            inline_val = eq ? eq + 1 : NULL;
        } else if (arg[0] == '-' && arg[1] && !(arg[1] >= '0' && arg[1] <= '9')) {
            o = arg[2] ? NULL : find_short(c, arg[1]);
        } else {
            if (a->npos >= max_pos && c->no_args_why)
                return usage_error(c, "%s", c->no_args_why);
            if (a->npos >= max_pos)
                return usage_error(c, "unexpected argument '%s'", arg);
            a->pos[a->npos++] = arg;
            continue;
        }
        if (!o)
            return usage_error(c, "unknown option '%s'", arg);
        const char **slot = &a->values[o - c->opts];
        if (!o->value) {
            if (inline_val) {
                fprintf(stderr, "tock %s: option --%s takes no value\n", c->name, o->name);
                return EXIT_USAGE;
            }
            *slot = "";
            continue;
        }
        if (*slot) {
            fprintf(stderr, "tock %s: option --%s given twice\n", c->name, o->name);
            return EXIT_USAGE;
        }
        if (inline_val) {
            *slot = inline_val;
        } else if (i + 1 < argc) {
            *slot = argv[++i];
        } else {
            fprintf(stderr, "tock %s: option --%s needs a value\n", c->name, o->name);
            return EXIT_USAGE;
        }
    }
    if (a->npos < min_pos)
        return usage_error(c, "%s", "missing argument");
    return 0;
}

const char *cli_args_get(const cli_args *a, const char *name)
{
    const cli_optdef *o = find_long(a->cmd, name, strlen(name));
    if (!o) {
        fprintf(stderr, "tock: internal error: %s has no option --%s\n", a->cmd->name, name);
        abort();
    }
    return a->values[o - a->cmd->opts];
}

const char *cli_args_get_or(const cli_args *a, const char *name, const char *dflt)
{
    const char *v = cli_args_get(a, name);
    return v ? v : dflt;
}

bool cli_args_has(const cli_args *a, const char *name)
{
    return cli_args_get(a, name) != NULL;
}
