/* cli_import.c — tock import: another tool's export (or tock's own) into the database, and
 * what it did, for people or (--json) for scripts. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "app_import.h"
#include "duration.h"
#include "import.h"
#include "text.h"
#include "app_import_map.h"

/* The progress line on a terminal's stderr, cleared before anything else is said there. */
struct report {
    bool tty, shown;
    struct timespec last;
    const char *file;
};

static void clear_progress(struct report *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}

static void on_note(void *ctx, app_import_note kind, const char *line)
{
    clear_progress(ctx);
    fprintf(stderr, "tock: %s%s\n", kind == APP_IMPORT_WARNING ? "warning: " : "skipped ",
            cli_text(line));
}

static void on_progress(void *ctx, long rows)
{
    struct report *p = ctx;
    struct timespec now;
    if (!p->tty || clock_gettime(CLOCK_MONOTONIC, &now))
        return;
    double since = (double)(now.tv_sec - p->last.tv_sec) + (now.tv_nsec - p->last.tv_nsec) / 1e9;
    if (p->shown && since < 0.2)
        return;
    p->last = now;
    p->shown = true;
    fprintf(stderr, "\r\033[Ktock: importing %s: %ld rows", p->file, rows);
}

/* The reader's name for a format as typed; NULL when unknown. "auto" is kept as is. */
static const char *format_name(const char *s)
{
    if (!strcasecmp(s, "timewarrior"))
        return "timew";
    if (!strcasecmp(s, "auto"))
        return "auto";
    for (const char *const *f = import_formats(); *f; f++)
        if (!strcasecmp(s, *f))
            return *f;
    return NULL;
}

static const char *family(const char *format)
{
    return !strncmp(format, "tock", 4) ? "tock" : format;
}

/* Looks at the first bytes of a file that can be read twice: the format they look like, or
 * NULL. *seekable tells whether the look was possible. */
static const char *sniff(FILE *f, bool *seekable)
{
    char head[4096];
    *seekable = fseek(f, 0, SEEK_CUR) == 0;
    if (!*seekable)
        return NULL;
    size_t n = fread(head, 1, sizeof head, f);
    const char *kind = import_detect(head, n);
    if (fseek(f, 0, SEEK_SET))
        *seekable = false;
    clearerr(f);
    return kind;
}

/* Whether the file is a JSON object (tock export --all), not an array or CSV: its first
 * character that is not blank is '{'. That character is put back. */
static bool starts_object(FILE *f)
{
    int c;
    while ((c = getc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n')
        ;
    if (c != EOF)
        ungetc(c, f);
    return c == '{';
}

/* Settles the format: the one asked for, unless the file plainly is another. */
static int settle_format(const char *asked, FILE *f, const char *file, const char **out)
{
    bool seekable;
    const char *seen = sniff(f, &seekable);
    if (!seekable && !strcmp(asked, "auto"))
        return cli_errorf("cannot tell the format of %s without reading it twice; name the "
                          "format (toggl, harvest, timewarrior or tock)", file);
    if (!seekable)
        return *out = asked, 0;
    if (!strcmp(asked, "auto")) {
        if (!seen)
            return cli_errorf("%s does not look like a Toggl, Harvest, Timewarrior or tock export; "
                              "name the format", file);
        return *out = seen, 0;
    }
    if (seen && strcmp(seen, family(asked)))
        return cli_errorf("%s looks like a %s export, not %s; try: tock import %s %s", file, seen,
                          asked, seen, file);
    *out = asked;
    return 0;
}

static void print_json(const app_import_opts *o, const app_import_result *res)
{
    strbuf sb = { 0 };
    jw w;
    char buf[DAY_TIME_BUF];
    jw_init(&w, &sb);
    jw_obj(&w);
    jw_kstr(&w, "format", o->format);
    jw_kstr(&w, "file", o->filename);
    jw_kbool(&w, "dry_run", o->dry_run);
    jw_kint(&w, "rows", res->rows);
    jw_kint(&w, "entries", res->entries);
    jw_kint(&w, "seconds", res->seconds);
    jw_kint(&w, "duplicates", res->duplicates);
    jw_kint(&w, "skipped", res->skipped);
    jw_kint(&w, "warnings", res->warnings);
    jw_key(&w, "clients");
    jw_arr(&w);
    for (size_t i = 0; i < res->clients.len; i++) {
        const app_import_client *c = res->clients.items[i];
        if (!c->created && !c->entries)
            continue;
        jw_obj(&w);
        jw_kstr(&w, "key", c->key);
        jw_kstr(&w, "name", c->name);
        jw_kbool(&w, "created", c->created);
        jw_kint(&w, "entries", c->entries);
        jw_kint(&w, "seconds", c->seconds);
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    jw_key(&w, "projects_created");
    jw_arr(&w);
    for (size_t i = 0; i < res->projects.len; i++) {
        const app_import_project *p = res->projects.items[i];
        if (!p->created)
            continue;
        jw_obj(&w);
        jw_kstr(&w, "client", p->client->key);
        jw_kstr(&w, "key", p->key);
        jw_kstr(&w, "name", p->name);
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    jw_key(&w, "users_created");
    jw_arr(&w);
    for (size_t i = 0; i < res->users.len; i++)
        if (res->users.items[i]->created)
            jw_str(&w, res->users.items[i]->login);
    jw_end_arr(&w);
    jw_key(&w, "timers_started");
    jw_arr(&w);
    for (size_t i = 0; i < res->timers.len; i++) {
        jw_obj(&w);
        jw_kstr(&w, "user", res->timers.items[i].login);
        jw_kstr(&w, "spec", res->timers.items[i].spec);
        jw_kstr(&w, "start", utc_format(res->timers.items[i].start, buf));
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    jw_end_obj(&w);
    cli_print_json(&sb);
}

static const char *plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void print_text(const app_import_opts *o, const app_import_result *res)
{
    char hm[32], d[DAY_BUF], t[DAY_TIME_BUF];
    printf("%s %ld %s (%s) from %s\n", o->dry_run ? "would import" : "imported", res->entries,
           plural(res->entries, "entry", "entries"), dur_format_hmm(res->seconds, hm),
           cli_text(o->filename));
    for (size_t i = 0; i < res->clients.len; i++) {
        const app_import_client *c = res->clients.items[i];
        if (!c->created && !c->entries)
            continue;
        strbuf sb = { 0 };
        sb_add(&sb, "  ");
        text_fit(&sb, c->key, 24, 1, 0);
        sb_addf(&sb, " %6ld %-7s %8s", c->entries, plural(c->entries, "entry", "entries"),
                dur_format_hmm(c->seconds, hm));
        if (c->created)
            sb_addf(&sb, "  new client \"%s\"", cli_text(c->name));
        puts(sb_str(&sb));
        sb_free(&sb);
    }
    for (size_t i = 0; i < res->projects.len; i++) {
        const app_import_project *p = res->projects.items[i];
        if (p->created)
            printf("new project %s/%s \"%s\"\n", p->client->key, p->key, cli_text(p->name));
    }
    for (size_t i = 0; i < res->users.len; i++)
        if (res->users.items[i]->created)
            printf("new user %s\n", res->users.items[i]->login);
    for (size_t i = 0; i < res->timers.len; i++) {
        const app_import_timer *tm = &res->timers.items[i];
        printf("%s the timer of %s: %s since %s %s\n", o->dry_run ? "would start" : "started",
               tm->login, tm->spec, day_format(local_day_of(tm->start), d),
               local_format_hm(tm->start, t));
    }
    strbuf tail = { 0 };
    if (res->duplicates)
        sb_addf(&tail, "%ld %s (already imported)", res->duplicates,
                plural(res->duplicates, "duplicate", "duplicates"));
    if (res->skipped)
        sb_addf(&tail, "%s%ld bad %s skipped", tail.len ? ", " : "", res->skipped,
                plural(res->skipped, "row", "rows"));
    if (res->warnings)
        sb_addf(&tail, "%s%ld %s", tail.len ? ", " : "", res->warnings,
                plural(res->warnings, "warning", "warnings"));
    if (tail.len)
        puts(sb_str(&tail));
    sb_free(&tail);
    if (o->dry_run)
        puts("dry run: nothing was written");
}

int cmd_import(tk_app *app, const cli_args *args)
{
    const char *map = cli_args_get(args, "map"),
               *user_map = cli_args_get(args, "user-map"),
               *client_map = cli_args_get(args, "client-map"),
               *default_client = cli_args_get(args, "default-client");
    bool strict = cli_args_has(args, "strict"),
         skip_bad = cli_args_has(args, "skip-bad"),
         dry_run = cli_args_has(args, "dry-run"),
         json = cli_args_has(args, "json");
    char *const *pos = args->pos;
    int rc = 0;
    const char *format = format_name(pos[0]);
    if (!format) {
        fprintf(stderr, "tock import: unknown format '%s' (expected toggl, harvest, timewarrior, "
                        "tock or auto)\n", pos[0]);
        return EXIT_USAGE;
    }
    if (default_client && !key_valid(default_client))
        return cli_errorf("bad --default-client '%s' (letters, digits, '-', '_', '.')", default_client);
    tk_err err = { "" };
    app_import_opts o = { .map = map, .default_client = default_client, .strict = strict,
                          .skip_bad = skip_bad, .dry_run = dry_run, .note = on_note };
    app_name_map *users = NULL, *clients = NULL;
    if ((user_map && !(users = app_name_map_load(user_map, &err))) ||
        (client_map && !(clients = app_name_map_load(client_map, &err)))) {
        app_name_map_free(users);
        return cli_error(&err);
    }
    o.users = users;
    o.clients = clients;
    bool std_in = !strcmp(pos[1], "-");
    o.filename = std_in ? "<stdin>" : pos[1];
    FILE *f = std_in ? stdin : fopen(pos[1], "rb");
    if (!f)
        rc = cli_errorf("cannot open %s: %s", pos[1], strerror(errno));
    if (rc == 0 && (!strcmp(format, "auto") || !strcmp(family(format), "tock")) &&
        starts_object(f)) {
        rc = cli_restore(app, f, o.filename); /* tock export --all */
        if (!std_in)
            fclose(f);
        app_name_map_free(users);
        app_name_map_free(clients);
        return rc;
    }
    if (rc == 0)
        rc = settle_format(format, f, o.filename, &o.format);
    if (rc == 0 && map && strcmp(o.format, "timew"))
        rc = cli_errorf("--map applies to Timewarrior's tags; %s has columns", o.filename);
    struct report rep = { .tty = isatty(STDERR_FILENO), .file = o.filename };
    o.ctx = &rep;
    o.progress = on_progress;
    app_import_result res;
    if (rc == 0) {
        rc = app_import(app, f, &o, &res, &err);
        clear_progress(&rep);
        if (rc == 0)
            json ? print_json(&o, &res) : print_text(&o, &res);
        /* --skip-bad leaves bad rows out; a file of nothing but bad rows is still a failure
         * (a script must not take it for an import that worked). */
        if (rc == 0 && res.skipped > 0 && res.skipped == res.rows)
            rc = cli_errorf("every row of %s was bad (%ld); nothing was imported", o.filename,
                            res.skipped);
        else if (rc)
            rc = cli_errorf("%s; nothing was imported%s", err.msg,
                            res.stopped_at_bad_row ? " (--skip-bad imports the other rows)" : "");
        app_import_result_free(&res);
    }
    if (f && !std_in)
        fclose(f);
    app_name_map_free(users);
    app_name_map_free(clients);
    return rc;
}
