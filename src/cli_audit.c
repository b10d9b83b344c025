/* cli_audit.c — tock audit (the log, filtered), audit verify (the hash chain, optionally
 * against a saved head) and audit head. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "app_audit.h"

struct out {
    jw w;
    bool json;
};

/* A detail as JSON: tock's own details are JSON and go in as they are; older ones (text) and
 * anything else become a string. */
static void detail_json(jw *w, const store_audit_row *r)
{
    const char *d = r->detail ? r->detail : "";
    json_val *v = *d == '{' ? json_parse(d, r->detail_len, NULL) : NULL;
    if (v) {
        jw_raw(w, d);
        json_free(v);
    } else {
        jw_str(w, d);
    }
}

static int print_row(const store_audit_row *r, bool hidden, void *p)
{
    struct out *o = p;
    char when[DAY_TIME_BUF];
    if (o->json) {
        jw *w = &o->w;
        jw_obj(w);
        jw_kint(w, "seq", r->seq);
        jw_kstr(w, "at", utc_format(r->at, when));
        jw_kstr(w, "user", r->user);
        jw_kstr(w, "action", r->action);
        jw_kstr(w, "entity", r->entity);
        if (r->has_entity_id)
            jw_kint(w, "entity_id", r->entity_id);
        else
            jw_knull(w, "entity_id");
        jw_key(w, "detail");
        if (hidden)
            jw_null(w);
        else
            detail_json(w, r);
        jw_kstr(w, "hash", r->hash);
        jw_end_obj(w);
        return 0;
    }
    char id[32] = "";
    if (r->has_entity_id)
        snprintf(id, sizeof id, " %lld", (long long)r->entity_id);
    printf("%6lld  %.16s  %-10s %s %s%s  %s\n", (long long)r->seq, local_format_iso(r->at, when),
           r->user ? cli_text(r->user) : "-", cli_text(r->action), cli_text(r->entity), id,
           hidden ? "(another user's: admins and leads only)" : cli_text(r->detail));
    return 0;
}

int cmd_audit(tk_app *app, const cli_args *args)
{
    const char *from = cli_args_get(args, "from"),
               *user = cli_args_get(args, "user"),
               *entity = cli_args_get(args, "entity");
    bool json = cli_args_has(args, "json");
    int rc = 0;
    tk_err err = { "" };
    if (json && json_ready(&err)) /* else every detail would pass for text */
        return cli_error(&err);
    store_audit_filter f = { .user = user, .entity = entity };
    if (from) {
        tk_day d;
        if (cli_parse_day(from, &d, &err))
            return cli_error(&err);
        f.has_from = true;
        f.from_at = local_day_start(d);
    }
    strbuf sb = { 0 };
    struct out o = { .json = json };
    if (json) {
        jw_init(&o.w, &sb);
        jw_arr(&o.w);
    }
    rc = app_audit_list(app, &f, print_row, &o, &err);
    if (rc) {
        sb_free(&sb);
        return cli_error(&err);
    }
    if (json) {
        jw_end_arr(&o.w);
        cli_print_json(&sb);
    }
    return EXIT_OK;
}

int cmd_audit_verify(tk_app *app, const cli_args *args)
{
    const char *against = cli_args_get(args, "against");
    bool json = cli_args_has(args, "json");
    int rc = 0;
    tk_err err = { "" };
    app_audit_check c;
    rc = app_audit_verify(app, against, &c, &err);
    if (rc < 0)
        return cli_error(&err);
    if (json) {
        strbuf sb = { 0 };
        jw w;
        jw_init(&w, &sb);
        jw_obj(&w);
        jw_kbool(&w, "ok", rc == 0);
        jw_kint(&w, "records", c.records);
        jw_kint(&w, "head_seq", c.head_seq);
        jw_kstr(&w, "head_hash", c.head_seq ? c.head : NULL);
        if (rc) {
            jw_kint(&w, "broken_at", c.broken);
            jw_kstr(&w, "reason", c.why);
        }
        jw_end_obj(&w);
        cli_print_json(&sb);
    }
    if (rc)
        return cli_errorf("the audit log breaks at record %lld: %s", (long long)c.broken, c.why);
    if (!json)
        printf("the audit log holds: %lld record%s, head %lld:%s%s\n", (long long)c.records,
               c.records == 1 ? "" : "s", (long long)c.head_seq, c.head,
               against ? ", and the saved head is in it" : "");
    return EXIT_OK;
}

int cmd_audit_head(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    int rc = 0;
    tk_err err = { "" };
    int64_t seq;
    char hash[SHA256_HEX];
    rc = app_audit_head(app, &seq, hash, &err);
    if (rc < 0)
        return cli_error(&err);
    if (rc == 0)
        return cli_errorf("the audit log is empty");
    if (json) {
        strbuf sb = { 0 };
        jw w;
        jw_init(&w, &sb);
        jw_obj(&w);
        jw_kint(&w, "seq", seq);
        jw_kstr(&w, "hash", hash);
        jw_end_obj(&w);
        cli_print_json(&sb);
    } else {
        printf("%lld:%s\n", (long long)seq, hash);
    }
    return EXIT_OK;
}
