/* cli_dump.c — the whole database as one JSON document (`tock export --all`), restoring one
 * into an empty database (`tock import tock FILE`), and `tock backup FILE`.
 *
 * The document: {"tock_database": 1, "schema": N, "tables": [{"name": T, "columns": [...],
 * "rows": [[...], ...]}, ...]}, one row per line. Values are what the database holds: integers,
 * text and null; every table and column comes from the store (app_dump), so the copy holds
 * clients' settings, rates, retainers, sprints, invoices, running timers, users and the audit
 * log, and a field added to the schema is carried with no change here. */
#include "cli.h"
#include "app_dump.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_FORMAT 1

struct dump {
    FILE *f;
    strbuf sb;
    long rows;      /* of the current table */
    int tables;
};

static void flush(struct dump *d)
{
    fwrite(d->sb.buf, 1, d->sb.len, d->f);
    sb_reset(&d->sb);
}

static int dump_table(const char *name, const char *const *cols, int n, void *ctx)
{
    struct dump *d = ctx;
    sb_add(&d->sb, d->tables++ ? ",\n{\"name\": " : "\n{\"name\": ");
    json_escape(&d->sb, name);
    sb_add(&d->sb, ", \"columns\": [");
    for (int i = 0; i < n; i++) {
        sb_add(&d->sb, i ? ", " : "");
        json_escape(&d->sb, cols[i]);
    }
    sb_add(&d->sb, "], \"rows\": [");
    d->rows = 0;
    return 0;
}

static int dump_row(const store_value *v, int n, void *ctx)
{
    struct dump *d = ctx;
    sb_add(&d->sb, d->rows++ ? ",\n[" : "\n[");
    for (int i = 0; i < n; i++) {
        sb_add(&d->sb, i ? ", " : "");
        if (v[i].kind == STORE_INT)
            sb_addf(&d->sb, "%lld", (long long)v[i].i);
        else if (v[i].kind == STORE_TEXT)
            json_escape(&d->sb, v[i].s);
        else
            sb_add(&d->sb, "null");
    }
    sb_addc(&d->sb, ']');
    if (d->sb.len > 65536)
        flush(d);
    return 0;
}

static int dump_end(void *ctx)
{
    struct dump *d = ctx;
    sb_add(&d->sb, d->rows ? "\n]}" : "]}");
    flush(d);
    return 0;
}

int cli_dump(tk_app *app, const char *output)
{
    tk_err err = { "" };
    cli_sink sink;
    if (cli_sink_open(&sink, output, &err))
        return cli_error(&err);
    struct dump d = { .f = sink.f };
    store_dump_fns fns = { dump_table, dump_row, dump_end };
    fprintf(d.f, "{\"tock_database\": %d, \"schema\": %d, \"tables\": [", DUMP_FORMAT,
            app_schema_version());
    int rc = app_dump(app, &fns, &d, &err);
    sb_free(&d.sb);
    if (rc) {
        cli_sink_abort(&sink);
        return cli_error(&err);
    }
    fputs("\n]}\n", d.f);
    return cli_sink_commit(&sink, &err) ? cli_error(&err) : EXIT_OK;
}

/* ---- restoring ---- */

int cli_restore(tk_app *app, FILE *f, const char *file)
{
    tk_err err = { "" };
    strbuf text = { 0 };
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        sb_addn(&text, buf, got);
    if (ferror(f)) {
        sb_free(&text);
        return cli_errorf("cannot read %s: %s", file, strerror(errno));
    }
    json_val *doc = json_parse(sb_str(&text), text.len, &err);
    sb_free(&text);
    if (!doc)
        return cli_errorf("%s: %s; nothing was imported", file, err.msg);
    int64_t format = 0, schema = 0;
    const json_val *tables = json_get(doc, "tables");
    int rc = 0;
    if (json_int(json_get(doc, "tock_database"), &format) || format != DUMP_FORMAT ||
        !json_is_arr(tables))
        rc = tk_fail(&err, "not a whole-database copy from tock export --all");
    else if (json_int(json_get(doc, "schema"), &schema) || schema != app_schema_version())
        rc = tk_fail(&err, "the copy is of schema %lld, this tock writes %d: restore it with "
                     "the tock that made it, then export again", (long long)schema,
                     app_schema_version());
    long rows = 0;
    if (rc == 0)
        rc = app_restore(app, tables, &rows, &err);
    size_t ntables = json_len(tables);
    json_free(doc);
    if (rc)
        return cli_errorf("%s: %s; nothing was imported", file, err.msg);
    printf("restored %ld rows of %zu tables from %s\n", rows, ntables, file);
    return EXIT_OK;
}

int cmd_backup(tk_app *app, const cli_args *args)
{
    bool force = cli_args_has(args, "force");
    char *const *pos = args->pos;
    tk_err err = { "" };
    if (app_backup(app, pos[0], force, &err))
        return cli_error(&err);
    printf("backed up %s to %s\n", app->db_path, pos[0]);
    return EXIT_OK;
}
