/* zoho_probe.c — the Zoho client on the command line, for tests/test_zoho_client.py only
 * (built by `make build/zoho_probe`, not part of ./tock).
 *
 *   zoho_probe token | orgs | contacts NAME | find REF | create FILE.json | secret CMD
 *
 * Settings come from the environment: ZOHO_REGION, ZOHO_ACCOUNTS_URL, ZOHO_API_URL,
 * ZOHO_ORGANIZATION_ID, ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN (or
 * ZOHO_REFRESH_TOKEN_COMMAND), ZOHO_TIMEOUT, ZOHO_MAX_RETRIES, ZOHO_MAX_BACKOFF,
 * ZOHO_TOKEN_CACHE, ZOHO_VERBOSE=1 and ZOHO_TRACE=FILE (default stderr).
 * Prints one JSON object: {"status": "ok"|"transient"|"permanent"|"auth", ...} with the results,
 * or with "error", "http_status", "zoho_code" and "reply"; the error line also goes to stderr.
 * Exit status: 0 ok, 2 transient, 3 permanent, 4 auth (and configuration), 1 usage. */
#include "json.h"
#include "util.h"
#include "zoho.h"

#include <stdlib.h>
#include <string.h>

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static long env_long(const char *name)
{
    const char *v = env(name);
    return v ? strtol(v, NULL, 10) : 0;
}

static void print_doc(strbuf *sb)
{
    fputs(sb_str(sb), stdout);
    fputc('\n', stdout);
    sb_free(sb);
}

static int finish(zoho_client *c, zoho_status st, const tk_err *err, strbuf *out, jw *w)
{
    if (st != ZOHO_OK) {
        struct zoho_reply r = c ? zoho_last_reply(c) : (struct zoho_reply){ 0, -1, "" };
        jw_kstr(w, "error", err->msg);
        jw_kint(w, "http_status", r.http_status);
        jw_kint(w, "zoho_code", r.code);
        jw_kstr(w, "reply", r.body);
        fprintf(stderr, "zoho_probe: %s\n", err->msg);
    }
    jw_end_obj(w);
    print_doc(out);
    static const int rc[] = { [ZOHO_OK] = 0, [ZOHO_TRANSIENT] = 2, [ZOHO_PERMANENT] = 3, [ZOHO_AUTH] = 4 };
    return rc[st];
}

static void put_invoice(jw *w, const struct zoho_invoice *inv)
{
    jw_obj(w);
    jw_kstr(w, "invoice_id", inv->invoice_id);
    jw_kstr(w, "invoice_number", inv->invoice_number);
    jw_kstr(w, "status", inv->status);
    jw_kstr(w, "reference_number", inv->reference_number);
    jw_kstr(w, "currency_code", inv->currency_code);
    jw_kstr(w, "total", inv->total);
    jw_end_obj(w);
}

static zoho_status cmd_orgs(zoho_client *c, jw *w, tk_err *err)
{
    struct zoho_org_list l;
    zoho_status st = zoho_list_organizations(c, &l, err);
    if (st != ZOHO_OK)
        return st;
    jw_key(w, "organizations");
    jw_arr(w);
    for (size_t i = 0; i < l.len; i++) {
        jw_obj(w);
        jw_kstr(w, "organization_id", l.items[i].organization_id);
        jw_kstr(w, "name", l.items[i].name);
        jw_kstr(w, "currency_code", l.items[i].currency_code);
        jw_kbool(w, "is_default", l.items[i].is_default);
        jw_end_obj(w);
    }
    jw_end_arr(w);
    zoho_org_list_free(&l);
    return st;
}

static zoho_status cmd_contacts(zoho_client *c, const char *name, jw *w, tk_err *err)
{
    struct zoho_contact_list l;
    zoho_status st = zoho_find_contacts(c, name, &l, err);
    if (st != ZOHO_OK)
        return st;
    jw_key(w, "contacts");
    jw_arr(w);
    for (size_t i = 0; i < l.len; i++) {
        jw_obj(w);
        jw_kstr(w, "contact_id", l.items[i].contact_id);
        jw_kstr(w, "contact_name", l.items[i].contact_name);
        jw_kstr(w, "company_name", l.items[i].company_name);
        jw_kstr(w, "email", l.items[i].email);
        jw_kstr(w, "currency_code", l.items[i].currency_code);
        jw_end_obj(w);
    }
    jw_end_arr(w);
    jw_kbool(w, "more", l.more);
    zoho_contact_list_free(&l);
    return st;
}

static zoho_status cmd_find(zoho_client *c, const char *ref, jw *w, tk_err *err)
{
    struct zoho_invoice inv;
    size_t found;
    zoho_status st = zoho_find_invoice_by_reference(c, ref, &found, &inv, err);
    if (st != ZOHO_OK)
        return st;
    jw_kint(w, "found", (int64_t)found);
    if (found) {
        jw_key(w, "invoice");
        put_invoice(w, &inv);
    }
    zoho_invoice_clear(&inv);
    return st;
}

static char *slurp(const char *path, tk_err *err)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        tk_fail(err, "cannot open %s", path);
        return NULL;
    }
    strbuf sb = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_addn(&sb, buf, n);
    if (f != stdin)
        fclose(f);
    return sb_detach(&sb);
}

static zoho_status cmd_create(zoho_client *c, const char *path, jw *w, tk_err *err)
{
    char *body = slurp(path, err);
    if (!body)
        return ZOHO_PERMANENT;
    struct zoho_invoice inv;
    zoho_status st = zoho_create_invoice(c, body, 0, &inv, err);
    free(body);
    if (st != ZOHO_OK)
        return st;
    jw_key(w, "invoice");
    put_invoice(w, &inv);
    zoho_invoice_clear(&inv);
    return st;
}

static zoho_status cmd_token(zoho_client *c, jw *w, tk_err *err)
{
    zoho_status st = zoho_authenticate(c, err);
    if (st == ZOHO_OK)
        jw_kstr(w, "api_root", zoho_api_root(c));
    return st;
}

/* -1 on a usage error; else 0 with the outcome in *st. */
static int run(zoho_client *c, int argc, char **argv, jw *w, zoho_status *st, tk_err *err)
{
    const char *cmd = argv[1], *arg = argc > 2 ? argv[2] : NULL;
    if (!strcmp(cmd, "token"))
        *st = cmd_token(c, w, err);
    else if (!strcmp(cmd, "orgs"))
        *st = cmd_orgs(c, w, err);
    else if (!strcmp(cmd, "contacts") && arg)
        *st = cmd_contacts(c, arg, w, err);
    else if (!strcmp(cmd, "find") && arg)
        *st = cmd_find(c, arg, w, err);
    else if (!strcmp(cmd, "create") && arg)
        *st = cmd_create(c, arg, w, err);
    else
        return tk_fail(err, "usage: zoho_probe token|orgs|contacts NAME|find REF|create FILE|secret CMD");
    return 0;
}

static int cmd_secret(const char *cmd, strbuf *out, jw *w)
{
    tk_err err = {""};
    char *secret = NULL;
    int rc = zoho_secret_from_command(cmd, &secret, &err);
    jw_kstr(w, "status", rc == 0 ? "ok" : "auth");
    if (rc == 0)
        jw_kstr(w, "secret", secret);
    else
        jw_kstr(w, "error", err.msg), fprintf(stderr, "zoho_probe: %s\n", err.msg);
    jw_end_obj(w);
    print_doc(out);
    zoho_secret_free(secret);
    return rc == 0 ? 0 : 4;
}

int main(int argc, char **argv)
{
    strbuf out = {0};
    jw w;
    jw_init(&w, &out);
    jw_obj(&w);
    if (argc >= 3 && !strcmp(argv[1], "secret"))
        return cmd_secret(argv[2], &out, &w);
    if (argc < 2) {
        fputs("usage: zoho_probe token|orgs|contacts NAME|find REF|create FILE|secret CMD\n", stderr);
        return 1;
    }
    tk_err err = {""};
    char *refresh = NULL;
    if (env("ZOHO_REFRESH_TOKEN_COMMAND") &&
        zoho_secret_from_command(env("ZOHO_REFRESH_TOKEN_COMMAND"), &refresh, &err) < 0) {
        jw_kstr(&w, "status", "auth");
        return finish(NULL, ZOHO_AUTH, &err, &out, &w);
    }
    FILE *trace = env("ZOHO_TRACE") ? fopen(env("ZOHO_TRACE"), "a") : NULL;
    struct zoho_settings s = {
        .region = env("ZOHO_REGION"), .accounts_url = env("ZOHO_ACCOUNTS_URL"),
        .api_url = env("ZOHO_API_URL"), .organization_id = env("ZOHO_ORGANIZATION_ID"),
        .client_id = env("ZOHO_CLIENT_ID"), .client_secret = env("ZOHO_CLIENT_SECRET"),
        .refresh_token = refresh ? refresh : env("ZOHO_REFRESH_TOKEN"),
        .timeout_seconds = env_long("ZOHO_TIMEOUT"), .max_retries = (int)env_long("ZOHO_MAX_RETRIES"),
        .max_backoff_seconds = env_long("ZOHO_MAX_BACKOFF"), .token_cache_path = env("ZOHO_TOKEN_CACHE"),
        .verbose = env("ZOHO_VERBOSE") != NULL, .trace = trace,
    };
    zoho_client *c = zoho_open(&s, &err);
    zoho_secret_free(refresh);
    zoho_status st = ZOHO_AUTH;
    if (c && run(c, argc, argv, &w, &st, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        zoho_close(c);
        sb_free(&out);
        return 1;
    }
    jw_kstr(&w, "status", zoho_status_name(st));
    int rc = finish(c, st, &err, &out, &w);
    zoho_close(c);
    if (trace)
        fclose(trace);
    return rc;
}
