/* zoho.c — the Zoho Invoice API calls: settings, one authenticated call with a single
 * refresh-and-retry on 401, classification of every outcome, and the replies read into
 * plain structs. The transport is zoho_http.c, the token zoho_token.c. */
#include "zoho_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_TIMEOUT 30
#define DEFAULT_RETRIES 3
#define DEFAULT_BACKOFF 60
#define MAX_PAGES 10
#define SCOPES "ZohoInvoice.invoices.CREATE,ZohoInvoice.invoices.READ," \
               "ZohoInvoice.invoices.UPDATE,ZohoInvoice.contacts.READ," \
               "ZohoInvoice.contacts.CREATE,ZohoInvoice.settings.READ"

static const struct region {
    const char *name, *api, *accounts;
} regions[] = {
    { "com", "https://www.zohoapis.com/invoice/v3", "https://accounts.zoho.com" },
    { "eu", "https://www.zohoapis.eu/invoice/v3", "https://accounts.zoho.eu" },
    { "in", "https://www.zohoapis.in/invoice/v3", "https://accounts.zoho.in" },
    { "com.au", "https://www.zohoapis.com.au/invoice/v3", "https://accounts.zoho.com.au" },
    { "jp", "https://www.zohoapis.jp/invoice/v3", "https://accounts.zoho.jp" },
    { "ca", "https://www.zohoapis.ca/invoice/v3", "https://accounts.zohocloud.ca" },
    { "sa", "https://www.zohoapis.sa/invoice/v3", "https://accounts.zoho.sa" },
    { "uk", "https://www.zohoapis.uk/invoice/v3", "https://accounts.zoho.uk" },
    { "com.cn", "https://www.zohoapis.com.cn/invoice/v3", "https://accounts.zoho.com.cn" },
};

/* Each data centre's API console lives beside its accounts server: accounts.zoho.eu has
 * api-console.zoho.eu. */
#define ACCOUNTS_HOST "https://accounts."
#define CONSOLE_HOST "https://api-console."

const char *zoho_status_name(zoho_status s)
{
    switch (s) {
    case ZOHO_OK: return "ok";
    case ZOHO_TRANSIENT: return "transient";
    case ZOHO_PERMANENT: return "permanent";
    case ZOHO_AUTH: return "auth";
    }
    return "?";
}

/* ---- settings ---- */

static bool set(const char *s)
{
    return s && *s;
}

static const struct region *find_region(const char *name)
{
    for (size_t i = 0; i < TK_ARRAY_LEN(regions); i++)
        if (!strcasecmp(regions[i].name, name))
            return &regions[i];
    return NULL;
}

static bool printable(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static int check_settings(const struct zoho_settings *s, tk_err *err)
{
    const struct { const char *name, *value; } need[] = {
        { "zoho.client_id", s->client_id },
        { "zoho.client_secret", s->client_secret },
        { "zoho.refresh_token", s->refresh_token },
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(need) - s->no_refresh_token; i++) {
        if (!set(need[i].value))
            return tk_fail(err, "%s is not set", need[i].name);
        if (!printable(need[i].value))
            return tk_fail(err, "%s contains control characters", need[i].name);
    }
    const char *org = s->organization_id;
    if (set(org) && (strspn(org, "0123456789") != strlen(org) || strlen(org) > 30))
        return tk_fail(err, "zoho.organization_id: \"%.40s\" is not a Zoho organization id "
                       "(digits only)", org);
    if (set(s->region) && !find_region(s->region))
        return tk_fail(err, "zoho.region: unknown region \"%.40s\" (one of com, eu, in, "
                       "com.au, jp, ca, sa, uk, com.cn)", s->region);
    return 0;
}

static char *dup_url(const char *url)
{
    char *s = xstrdup(url);
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '/')
        s[--n] = '\0';
    return s;
}

zoho_client *zoho_open(const struct zoho_settings *s, tk_err *err)
{
    if (check_settings(s, err) < 0)
        return NULL;
    const struct region *r = find_region(set(s->region) ? s->region : "com");
    const char *acc = set(s->accounts_url) ? s->accounts_url : r->accounts;
    const char *api = set(s->api_url) ? s->api_url : r->api;
    if (zoho_text_url_check(acc, "zoho.accounts_url", err) < 0 || zoho_text_url_check(api, "zoho.api_url", err) < 0)
        return NULL;
    /* Every reply is JSON: without a reader, say so before talking to Zoho, not as a bad reply. */
    if (json_ready(err) < 0 || zoho_http_global_init(err) < 0)
        return NULL;
    zoho_client *c = xcalloc(1, sizeof *c);
    c->curl = zoho_http_handle_new();
    if (!c->curl) {
        zoho_http_global_cleanup();
        free(c);
        tk_fail(err, "cannot start libcurl");
        return NULL;
    }
    c->accounts_url = dup_url(acc);
    c->api_root = dup_url(api);
    c->api_root_fixed = set(s->api_url);
    c->org_id = set(s->organization_id) ? xstrdup(s->organization_id) : NULL;
    c->client_id = xstrdup(s->client_id);
    c->client_secret = xstrdup(s->client_secret);
    c->refresh_token = set(s->refresh_token) ? xstrdup(s->refresh_token) : NULL;
    c->cache_path = set(s->token_cache_path) ? xstrdup(s->token_cache_path) : NULL;
    c->timeout = s->timeout_seconds > 0 ? s->timeout_seconds : DEFAULT_TIMEOUT;
    c->max_retries = s->max_retries > 0 ? s->max_retries : s->max_retries < 0 ? 0 : DEFAULT_RETRIES;
    c->max_backoff = s->max_backoff_seconds > 0 ? s->max_backoff_seconds :
                     s->max_backoff_seconds < 0 ? 0 : DEFAULT_BACKOFF;
    c->trace = s->verbose ? (s->trace ? s->trace : stderr) : NULL;
    c->notices = s->notices;
    c->last_code = -1;
    return c;
}

static void wipe_free(char *s)
{
    zoho_secret_free(s);
}

void zoho_close(zoho_client *c)
{
    if (!c)
        return;
    zoho_http_handle_free(c->curl);
    zoho_http_global_cleanup();
    wipe_free(c->client_secret);
    wipe_free(c->refresh_token);
    wipe_free(c->access_token);
    free(c->accounts_url);
    free(c->api_root);
    free(c->org_id);
    free(c->client_id);
    free(c->cache_path);
    sb_free(&c->last_body);
    free(c);
}

const char *zoho_scopes(void)
{
    return SCOPES;
}

char *zoho_console_url(const struct zoho_settings *s)
{
    const char *acc = s->accounts_url;
    size_t n = strlen(ACCOUNTS_HOST);
    if (set(acc) && !strncmp(acc, ACCOUNTS_HOST, n) && acc[n] && acc[n] != '/') {
        char *url = xasprintf("%s%.*s", CONSOLE_HOST, (int)strcspn(acc + n, "/"), acc + n);
        return url;
    }
    const struct region *r = find_region(set(s->region) ? s->region : "com");
    if (!r)
        r = &regions[0];
    return xasprintf("%s%s", CONSOLE_HOST, r->accounts + n);
}

zoho_status zoho_authenticate(zoho_client *c, tk_err *err)
{
    return zoho_token_ensure(c, false, err);
}

const char *zoho_api_root(const zoho_client *c)
{
    return c->api_root;
}

struct zoho_reply zoho_last_reply(const zoho_client *c)
{
    struct zoho_reply r = { c->last_status, c->last_code, sb_str(&c->last_body) };
    return r;
}

/* ---- one API call ---- */

struct call {
    const char *what;      /* tock's context for messages, e.g. "listing Zoho organizations" */
    const char *method;
    const char *path;      /* below the API root, query encoded */
    const char *body;      /* JSON, or NULL */
    bool no_org;
    bool retry_5xx;        /* safe to repeat after a server error */
    bool unsure;           /* POST: no readable reply means the outcome is unknown */
    const char *file_name, *file_data;   /* a CSV sent as the "attachment" field */
    size_t file_len;
};

/* How Zoho explained itself, for a message: "code 1002: Customer does not exist". */
static char *zoho_said(const zoho_client *c, const json_val *doc)
{
    int64_t code;
    const char *msg = json_get_str(doc, "message");
    if (json_is_obj(doc) && json_int(json_get(doc, "code"), &code) == 0) {
        char *m = zoho_text_oneline(msg ? msg : "no message", 200);
        char *s = xasprintf("code %lld: %s", (long long)code, m);
        free(m);
        return s;
    }
    char *snippet = zoho_text_oneline(sb_str(&c->last_body), 80);
    char *s = xasprintf(*snippet ? "not a Zoho reply: %s" : "empty reply", snippet);
    free(snippet);
    return s;
}

static void record_reply(zoho_client *c, const struct zoho_http_response *rs, const json_val *doc)
{
    int64_t code;
    c->last_status = rs->status;
    sb_reset(&c->last_body);
    sb_addn(&c->last_body, sb_str(&rs->body), rs->body.len);
    c->last_code = json_int(json_get(doc, "code"), &code) == 0 ? (long)code : -1;
}

static const char *unknown_note(const struct call *k)
{
    return k->unsure ? " — it may or may not have been created: look it up by reference "
                       "before trying again" : "";
}

static zoho_status transport_fail(const zoho_client *c, const struct call *k,
                                  const struct zoho_http_response *rs, tk_err *err)
{
    switch (rs->transport) {
    case ZOHO_HTTP_TIMEOUT:
        return zoho_fail(c, err, ZOHO_TRANSIENT, "%s: no reply from Zoho within %ld s%s",
                       k->what, c->timeout, unknown_note(k));
    case ZOHO_HTTP_CONNECT:
        return zoho_fail(c, err, ZOHO_TRANSIENT, "%s: cannot connect to Zoho (%s)", k->what, rs->error);
    case ZOHO_HTTP_DROPPED:
        return zoho_fail(c, err, ZOHO_TRANSIENT, "%s: the connection dropped before Zoho replied "
                       "(%s)%s", k->what, rs->error, unknown_note(k));
    case ZOHO_HTTP_TLS:
        return zoho_fail(c, err, ZOHO_TRANSIENT, "%s: TLS failure talking to Zoho (%s)", k->what, rs->error);
    default:
        return zoho_fail(c, err, ZOHO_TRANSIENT, "%s: %s%s", k->what, rs->error, unknown_note(k));
    }
}

static bool about_org(const json_val *doc)
{
    int64_t code;
    const char *msg = json_get_str(doc, "message");
    if (json_int(json_get(doc, "code"), &code) == 0 && code == 9017)
        return true;
    return msg && strstr(msg, "organization_id");
}

static zoho_status http_fail(const zoho_client *c, const struct call *k, const struct zoho_http_response *rs,
                             const json_val *doc, tk_err *err)
{
    long st = rs->status;
    int64_t code = -1;
    json_int(json_get(doc, "code"), &code);
    char *said = zoho_said(c, doc);
    zoho_status r;
    if (st == 401)
        r = zoho_fail(c, err, ZOHO_AUTH, "%s: Zoho rejected a freshly issued access token (HTTP 401, "
                    "%s): check that zoho.region (or zoho.api_url) is your account's data centre",
                    k->what, said);
    else if (st == 403)
        r = zoho_fail(c, err, ZOHO_AUTH, "%s: no permission (HTTP 403, %s): run tock zoho connect "
                    "with a grant code of the scopes " SCOPES, k->what, said);
    else if (((st >= 400 && st < 500) || code > 0) && st != 429 && about_org(doc))
        r = zoho_fail(c, err, ZOHO_AUTH, "%s: Zoho does not accept organization id %s (HTTP %ld, "
                    "%s): check zoho.organization_id", k->what, c->org_id ? c->org_id : "(none)", st, said);
    else if ((st == 429 || st >= 500) && rs->wait > 0)
        r = zoho_fail(c, err, ZOHO_TRANSIENT, "%s: Zoho answered HTTP %ld (%s) and asks to wait "
                    "%ld s, longer than zoho.max_backoff: try again after that%s", k->what, st,
                    said, rs->wait, st >= 500 ? unknown_note(k) : "");
    else if (st == 429 || st >= 500)
        r = zoho_fail(c, err, ZOHO_TRANSIENT, "%s: Zoho answered HTTP %ld (%s) after %d attempt%s%s",
                    k->what, st, said, rs->attempts, rs->attempts == 1 ? "" : "s",
                    st >= 500 ? unknown_note(k) : "");
    else if ((st == 404 || st == 405) && code != 1002)
        r = zoho_fail(c, err, ZOHO_AUTH, "%s: Zoho has no such endpoint (HTTP %ld, %s): check "
                    "zoho.api_url and zoho.region", k->what, st, said);
    else if ((st >= 400 && st < 500) || (st >= 200 && st < 300))
        r = zoho_fail(c, err, ZOHO_PERMANENT, "%s: Zoho refused it (HTTP %ld, %s)", k->what, st, said);
    else
        r = zoho_fail(c, err, ZOHO_AUTH, "%s: unexpected HTTP %ld from Zoho (%s): check "
                    "zoho.api_url and zoho.region", k->what, st, said);
    free(said);
    return r;
}

static zoho_status classify(zoho_client *c, const struct call *k, const struct zoho_http_response *rs,
                            json_val **out, tk_err *err)
{
    if (rs->transport != ZOHO_HTTP_OK)
        return transport_fail(c, k, rs, err);
    tk_err perr = {""};
    int64_t code;
    json_val *doc = json_parse(sb_str(&rs->body), rs->body.len, &perr);
    record_reply(c, rs, doc);
    zoho_status st;
    if (rs->status < 200 || rs->status > 299) {
        st = http_fail(c, k, rs, doc, err);
    } else if (!json_is_obj(doc)) {
        char *snip = zoho_text_oneline(sb_str(&rs->body), 60);
        st = zoho_fail(c, err, k->unsure ? ZOHO_TRANSIENT : ZOHO_PERMANENT, "%s: Zoho's reply "
                     "(HTTP %ld) is not a JSON object (%s%s%s)%s", k->what, rs->status,
                     doc ? "another JSON value" : perr.msg, *snip ? ": " : "", snip, unknown_note(k));
        free(snip);
    } else if (json_int(json_get(doc, "code"), &code) == 0 && code != 0) {
        st = http_fail(c, k, rs, doc, err);
    } else {
        *out = doc;
        return ZOHO_OK;
    }
    json_free(doc);
    return st;
}

static void send_api(zoho_client *c, const struct call *k, struct zoho_http_response *rs)
{
    char *url = xasprintf("%s%s", c->api_root, k->path);
    struct zoho_http_request rq = {
        .method = k->method, .url = url, .content_type = "application/json",
        .body = k->body, .api = true, .no_org = k->no_org, .fresh = k->unsure,
        .file_field = k->file_name ? "attachment" : NULL, .file_name = k->file_name,
        .file_type = "text/csv", .file_data = k->file_data, .file_len = k->file_len,
    };
    zoho_http_send(c, &rq, k->retry_5xx, rs);
    free(url);
}

/* Authenticates, sends, refreshes the token and resends once on 401, and classifies. On
 * ZOHO_OK *doc is the parsed reply (caller frees with json_free). */
static zoho_status api_call(zoho_client *c, const struct call *k, json_val **doc, tk_err *err)
{
    *doc = NULL;
    c->last_status = 0;
    c->last_code = -1;
    sb_reset(&c->last_body);
    if (!k->no_org && !c->org_id)
        return zoho_fail(c, err, ZOHO_AUTH, "%s: zoho.organization_id is not set", k->what);
    tk_err e = {""};
    zoho_status st = zoho_token_ensure(c, false, &e);
    if (st != ZOHO_OK)
        return zoho_fail(c, err, st, "%s: %s", k->what, e.msg);
    struct zoho_http_response rs = {0};
    send_api(c, k, &rs);
    if (rs.transport == ZOHO_HTTP_OK && rs.status == 401) {
        zoho_http_trace(c, "zoho: HTTP 401 — refreshing the access token and trying once more");
        st = zoho_token_ensure(c, true, &e);
        if (st == ZOHO_OK)
            send_api(c, k, &rs);
        else
            zoho_fail(c, err, st, "%s: %s", k->what, e.msg);
    }
    if (st == ZOHO_OK)
        st = classify(c, k, &rs, doc, err);
    zoho_http_response_free(&rs);
    return st;
}

static zoho_status shape_fail(const zoho_client *c, const struct call *k, const char *what,
                              tk_err *err)
{
    return zoho_fail(c, err, k->unsure ? ZOHO_TRANSIENT : ZOHO_PERMANENT,
                   "%s: unexpected reply from Zoho (HTTP %ld): %s%s", k->what, c->last_status,
                   what, unknown_note(k));
}

/* ---- results ---- */

static char *dup_str(const json_val *obj, const char *key)
{
    const char *s = json_get_str(obj, key);
    return s ? xstrdup(s) : NULL;
}

void zoho_org_list_free(struct zoho_org_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].organization_id);
        free(l->items[i].name);
        free(l->items[i].currency_code);
    }
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

void zoho_contact_clear(struct zoho_contact *ct)
{
    free(ct->contact_id);
    free(ct->contact_name);
    free(ct->company_name);
    free(ct->email);
    free(ct->currency_code);
    free(ct->status);
    free(ct->tax_id);
    free(ct->tax_name);
    free(ct->tax_percentage);
    memset(ct, 0, sizeof *ct);
    ct->payment_terms = -1;
}

void zoho_contact_list_free(struct zoho_contact_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        zoho_contact_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
    l->more = false;
}

void zoho_invoice_clear(struct zoho_invoice *inv)
{
    free(inv->invoice_id);
    free(inv->invoice_number);
    free(inv->status);
    free(inv->reference_number);
    free(inv->currency_code);
    free(inv->total);
    free(inv->customer_id);
    free(inv->balance);
    memset(inv, 0, sizeof *inv);
}

void zoho_invoice_list_free(struct zoho_invoice_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        zoho_invoice_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->len = 0;
}

/* 0, or -1 when o is no invoice (not an object, or without an id). */
static int read_invoice(const json_val *o, struct zoho_invoice *out)
{
    memset(out, 0, sizeof *out);
    if (!json_is_obj(o) || !(out->invoice_id = zoho_text_id(json_get(o, "invoice_id"))))
        return -1;
    out->invoice_number = dup_str(o, "invoice_number");
    out->status = dup_str(o, "status");
    out->reference_number = dup_str(o, "reference_number");
    out->currency_code = dup_str(o, "currency_code");
    out->total = zoho_text_decimal(json_get(o, "total"));
    out->customer_id = zoho_text_id(json_get(o, "customer_id"));
    out->balance = zoho_text_decimal(json_get(o, "balance"));
    return 0;
}

/* The array at key, or NULL; an element that is not an object makes it NULL too. */
static const json_val *object_array(const json_val *doc, const char *key)
{
    const json_val *arr = json_get(doc, key);
    if (!json_is_arr(arr))
        return NULL;
    for (size_t i = 0; i < json_len(arr); i++)
        if (!json_is_obj(json_at(arr, i)))
            return NULL;
    return arr;
}

static bool more_pages(const json_val *doc)
{
    bool more = false;
    json_bool(json_get(json_get(doc, "page_context"), "has_more_page"), &more);
    return more;
}

/* ---- endpoints ---- */

/* 0, or -1 when o has no organization id. */
static int read_org(const json_val *o, struct zoho_org *org)
{
    int64_t pp;
    memset(org, 0, sizeof *org);
    if (!(org->organization_id = zoho_text_id(json_get(o, "organization_id"))))
        return -1;
    org->name = dup_str(o, "name");
    org->currency_code = dup_str(o, "currency_code");
    json_bool(json_get(o, "is_default_org"), &org->is_default);
    org->price_precision = json_int(json_get(o, "price_precision"), &pp) == 0 && pp >= 0 &&
                           pp <= 9 ? (int)pp : -1;
    return 0;
}

/* 0, or -1 when o has no contact id. */
static int read_contact(const json_val *o, struct zoho_contact *ct)
{
    int64_t terms;
    memset(ct, 0, sizeof *ct);
    ct->payment_terms = -1;
    if (!(ct->contact_id = zoho_text_id(json_get(o, "contact_id"))))
        return -1;
    ct->contact_name = dup_str(o, "contact_name");
    ct->company_name = dup_str(o, "company_name");
    ct->email = dup_str(o, "email");
    ct->currency_code = dup_str(o, "currency_code");
    ct->status = dup_str(o, "status");
    ct->tax_id = zoho_text_id(json_get(o, "tax_id"));   /* "" or absent: none */
    ct->tax_name = dup_str(o, "tax_name");
    ct->tax_percentage = zoho_text_decimal(json_get(o, "tax_percentage"));
    if (json_int(json_get(o, "payment_terms"), &terms) == 0 && terms >= 0)
        ct->payment_terms = (long)terms;
    return 0;
}

static zoho_status read_orgs(const zoho_client *c, const struct call *k, const json_val *doc,
                             struct zoho_org_list *out, tk_err *err)
{
    const json_val *arr = object_array(doc, "organizations");
    if (!arr)
        return shape_fail(c, k, "no list of organizations", err);
    out->items = xcalloc(json_len(arr), sizeof *out->items);
    for (size_t i = 0; i < json_len(arr); i++) {
        const json_val *o = json_at(arr, i);
        if (read_org(o, &out->items[out->len]) == 0)
            out->len++;
    }
    return ZOHO_OK;
}

zoho_status zoho_list_organizations(zoho_client *c, struct zoho_org_list *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    struct call k = {
        .what = "listing Zoho organizations", .method = "GET", .path = "/organizations",
        .no_org = true, .retry_5xx = true,
    };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    if (st == ZOHO_OK)
        st = read_orgs(c, &k, doc, out, err);
    json_free(doc);
    return st;
}

static zoho_status read_contacts(const zoho_client *c, const struct call *k, const json_val *doc,
                                 struct zoho_contact_list *out, tk_err *err)
{
    const json_val *arr = object_array(doc, "contacts");
    if (!arr)
        return shape_fail(c, k, "no list of contacts", err);
    out->items = xcalloc(json_len(arr), sizeof *out->items);
    for (size_t i = 0; i < json_len(arr); i++) {
        const json_val *o = json_at(arr, i);
        if (read_contact(o, &out->items[out->len]) == 0)
            out->len++;
    }
    out->more = more_pages(doc);
    return ZOHO_OK;
}

/* "searching Zoho contacts named \"X\"" with X made safe for one line. */
static char *context(const char *fmt, const char *arg)
{
    char *a = zoho_text_oneline(arg, 80);
    char *s = xasprintf(fmt, a);
    free(a);
    return s;
}

zoho_status zoho_list_contacts(zoho_client *c, struct zoho_contact_list *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    zoho_status st = ZOHO_OK;
    out->more = true;
    for (int page = 1; st == ZOHO_OK && out->more && page <= MAX_PAGES; page++) {
        char path[64];
        snprintf(path, sizeof path, "/contacts?page=%d&per_page=200", page);
        struct call k = { .what = "listing Zoho contacts", .method = "GET", .path = path,
                          .retry_5xx = true };
        json_val *doc;
        struct zoho_contact_list one = { 0 };
        st = api_call(c, &k, &doc, err);
        if (st == ZOHO_OK)
            st = read_contacts(c, &k, doc, &one, err);
        json_free(doc);
        if (st != ZOHO_OK)
            break;
        out->items = xrealloc(out->items, (out->len + one.len + 1) * sizeof *out->items);
        memcpy(out->items + out->len, one.items, one.len * sizeof *one.items);
        out->len += one.len;
        out->more = one.more;
        free(one.items);
    }
    if (st != ZOHO_OK)
        zoho_contact_list_free(out);
    return st;
}

zoho_status zoho_find_contacts(zoho_client *c, const char *name, struct zoho_contact_list *out,
                               tk_err *err)
{
    memset(out, 0, sizeof *out);
    strbuf path = {0};
    sb_add(&path, "/contacts?contact_name=");
    zoho_text_urlencode(&path, name);
    sb_add(&path, "&per_page=200");
    char *what = context("searching Zoho contacts named \"%s\"", name);
    struct call k = { .what = what, .method = "GET", .path = sb_str(&path), .retry_5xx = true };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    if (st == ZOHO_OK)
        st = read_contacts(c, &k, doc, out, err);
    json_free(doc);
    free(what);
    sb_free(&path);
    return st;
}

/* Keeps the invoices of one page whose field is exactly value. */
static zoho_status match_invoices(const zoho_client *c, const struct call *k, const json_val *doc,
                                  const char *field, const char *value,
                                  struct zoho_invoice_list *out, tk_err *err)
{
    const json_val *arr = object_array(doc, "invoices");
    if (!arr)
        return shape_fail(c, k, "no list of invoices", err);
    for (size_t i = 0; i < json_len(arr); i++) {
        const json_val *o = json_at(arr, i);
        if (!tk_streq(json_get_str(o, field), value))
            continue;
        out->items = xrealloc(out->items, (out->len + 1) * sizeof *out->items);
        if (read_invoice(o, &out->items[out->len]) < 0)
            return shape_fail(c, k, "an invoice without invoice_id", err);
        out->len++;
    }
    return ZOHO_OK;
}

zoho_status zoho_find_invoices(zoho_client *c, const char *field, const char *value,
                               struct zoho_invoice_list *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    char *what = context(!strcmp(field, "invoice_number") ?
                         "looking up the Zoho invoice numbered \"%s\"" :
                         "looking up the Zoho invoice with reference \"%s\"", value);
    zoho_status st = ZOHO_OK;
    bool more = true;
    for (int page = 1; st == ZOHO_OK && more && page <= MAX_PAGES; page++) {
        strbuf path = {0};
        sb_addf(&path, "/invoices?%s=", field);
        zoho_text_urlencode(&path, value);
        sb_addf(&path, "&page=%d&per_page=200", page);
        struct call k = { .what = what, .method = "GET", .path = sb_str(&path), .retry_5xx = true };
        json_val *doc;
        st = api_call(c, &k, &doc, err);
        if (st == ZOHO_OK)
            st = match_invoices(c, &k, doc, field, value, out, err);
        more = more_pages(doc);
        json_free(doc);
        sb_free(&path);
    }
    if (st != ZOHO_OK)
        zoho_invoice_list_free(out);
    free(what);
    return st;
}

zoho_status zoho_find_invoice_by_reference(zoho_client *c, const char *ref, size_t *found,
                                           struct zoho_invoice *out, tk_err *err)
{
    struct zoho_invoice_list l;
    memset(out, 0, sizeof *out);
    zoho_status st = zoho_find_invoices(c, "reference_number", ref, &l, err);
    *found = l.len;
    if (l.len) {
        *out = l.items[0];
        memset(&l.items[0], 0, sizeof l.items[0]);
    }
    zoho_invoice_list_free(&l);
    return st;
}

zoho_status zoho_get_invoice(zoho_client *c, const char *id, struct zoho_invoice *out,
                             bool *gone, tk_err *err)
{
    memset(out, 0, sizeof *out);
    *gone = false;
    strbuf path = {0};
    sb_add(&path, "/invoices/");
    zoho_text_urlencode(&path, id);
    char *what = context("reading Zoho invoice %s", id);
    struct call k = { .what = what, .method = "GET", .path = sb_str(&path), .retry_5xx = true };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    if (st == ZOHO_OK && read_invoice(json_get(doc, "invoice"), out) < 0)
        st = shape_fail(c, &k, "no invoice with an invoice_id", err);
    else if (st == ZOHO_PERMANENT && c->last_code == 1002) {
        *gone = true;
        st = ZOHO_OK;
    }
    json_free(doc);
    free(what);
    sb_free(&path);
    return st;
}

zoho_status zoho_get_organization(zoho_client *c, struct zoho_org *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    out->price_precision = -1;
    if (!c->org_id)
        return zoho_fail(c, err, ZOHO_AUTH, "reading the Zoho organization: zoho.organization_id "
                       "is not set");
    strbuf path = {0};
    sb_add(&path, "/organizations/");
    zoho_text_urlencode(&path, c->org_id);
    struct call k = { .what = "reading the Zoho organization", .method = "GET",
                      .path = sb_str(&path), .retry_5xx = true };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    if (st == ZOHO_OK && read_org(json_get(doc, "organization"), out) < 0)
        st = shape_fail(c, &k, "no organization", err);
    json_free(doc);
    sb_free(&path);
    return st;
}

zoho_status zoho_get_contact(zoho_client *c, const char *id, struct zoho_contact *out,
                             tk_err *err)
{
    memset(out, 0, sizeof *out);
    out->payment_terms = -1;
    strbuf path = {0};
    sb_add(&path, "/contacts/");
    zoho_text_urlencode(&path, id);
    char *what = context("reading Zoho contact %s", id);
    struct call k = { .what = what, .method = "GET", .path = sb_str(&path), .retry_5xx = true };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    if (st == ZOHO_OK && read_contact(json_get(doc, "contact"), out) < 0)
        st = shape_fail(c, &k, "no contact", err);
    json_free(doc);
    free(what);
    sb_free(&path);
    return st;
}

zoho_status zoho_create_invoice(zoho_client *c, const char *body_json, unsigned flags,
                                struct zoho_invoice *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    tk_err perr = {""};
    json_val *body = json_parse(body_json, strlen(body_json), &perr);
    if (!json_is_obj(body)) {
        json_free(body);
        return zoho_fail(c, err, ZOHO_PERMANENT, "creating Zoho invoice: the request body is not "
                       "a JSON object (%s)", body ? "another JSON value" : perr.msg);
    }
    const char *ref = json_get_str(body, "reference_number");
    char *what = ref ? context("creating Zoho invoice with reference \"%s\"", ref)
                     : xstrdup("creating Zoho invoice");
    json_free(body);
    struct call k = {
        .what = what, .method = "POST", .body = body_json, .unsure = true,
        .path = (flags & ZOHO_OWN_NUMBER) ?
                ((flags & ZOHO_SEND) ? "/invoices?ignore_auto_number_generation=true&send=true"
                                     : "/invoices?ignore_auto_number_generation=true")
                : (flags & ZOHO_SEND) ? "/invoices?send=true" : "/invoices",
    };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    if (st == ZOHO_OK && read_invoice(json_get(doc, "invoice"), out) < 0)
        st = shape_fail(c, &k, "no invoice with an invoice_id", err);
    json_free(doc);
    free(what);
    return st;
}

/* A POST about one invoice whose reply carries nothing tock keeps. */
static zoho_status invoice_action(zoho_client *c, const char *id, const char *action,
                                  const char *what_fmt, const char *body, tk_err *err)
{
    strbuf path = {0};
    sb_add(&path, "/invoices/");
    zoho_text_urlencode(&path, id);
    sb_add(&path, action);
    char *what = context(what_fmt, id);
    struct call k = { .what = what, .method = "POST", .path = sb_str(&path), .body = body };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    json_free(doc);
    free(what);
    sb_free(&path);
    return st;
}

zoho_status zoho_mark_sent(zoho_client *c, const char *id, tk_err *err)
{
    return invoice_action(c, id, "/status/sent", "marking Zoho invoice %s as sent", NULL, err);
}

zoho_status zoho_email_invoice(zoho_client *c, const char *id, const char *to, tk_err *err)
{
    strbuf body = {0};
    sb_add(&body, "{\"to_mail_ids\":[");
    json_escape(&body, to);
    sb_add(&body, "]}");
    zoho_status st = invoice_action(c, id, "/email", "emailing Zoho invoice %s", sb_str(&body), err);
    sb_free(&body);
    return st;
}

zoho_status zoho_currency_id(zoho_client *c, const char *code, char **id, tk_err *err)
{
    *id = NULL;
    struct call k = { .what = "listing the Zoho organization's currencies", .method = "GET",
                      .path = "/settings/currencies", .retry_5xx = true };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    const json_val *arr = st == ZOHO_OK ? object_array(doc, "currencies") : NULL;
    if (st == ZOHO_OK && !arr)
        st = shape_fail(c, &k, "no list of currencies", err);
    for (size_t i = 0; st == ZOHO_OK && !*id && i < json_len(arr); i++)
        if (tk_streq(json_get_str(json_at(arr, i), "currency_code"), code))
            *id = zoho_text_id(json_get(json_at(arr, i), "currency_id"));
    json_free(doc);
    return st;
}

zoho_status zoho_list_taxes(zoho_client *c, struct zoho_tax_list *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    struct call k = { .what = "listing the Zoho organization's taxes", .method = "GET",
                      .path = "/settings/taxes", .retry_5xx = true };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    const json_val *arr = st == ZOHO_OK ? object_array(doc, "taxes") : NULL;
    if (st == ZOHO_OK && !arr)
        st = shape_fail(c, &k, "no list of taxes", err);
    for (size_t i = 0; st == ZOHO_OK && i < json_len(arr); i++) {
        const json_val *t = json_at(arr, i);
        struct zoho_tax x = { zoho_text_id(json_get(t, "tax_id")), NULL,
                              zoho_text_decimal(json_get(t, "tax_percentage")) };
        x.tax_name = json_get_str(t, "tax_name") ? xstrdup(json_get_str(t, "tax_name")) : NULL;
        out->items = xrealloc(out->items, (out->len + 1) * sizeof *out->items);
        out->items[out->len++] = x;
    }
    json_free(doc);
    if (st != ZOHO_OK)
        zoho_tax_list_free(out);
    return st;
}

void zoho_tax_list_free(struct zoho_tax_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].tax_id);
        free(l->items[i].tax_name);
        free(l->items[i].percent);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

zoho_status zoho_create_contact(zoho_client *c, const char *body_json, struct zoho_contact *out,
                                tk_err *err)
{
    memset(out, 0, sizeof *out);
    out->payment_terms = -1;
    struct call k = { .what = "creating the Zoho contact", .method = "POST", .path = "/contacts",
                      .body = body_json, .unsure = true };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    if (st == ZOHO_OK && read_contact(json_get(doc, "contact"), out) < 0)
        st = shape_fail(c, &k, "no contact with a contact_id", err);
    json_free(doc);
    return st;
}

zoho_status zoho_attach_csv(zoho_client *c, const char *id, const char *name, const char *data,
                            size_t len, tk_err *err)
{
    strbuf path = {0};
    sb_add(&path, "/invoices/");
    zoho_text_urlencode(&path, id);
    sb_add(&path, "/attachment?can_send_in_email=true");
    char *what = context("attaching the timesheet to Zoho invoice %s", id);
    struct call k = { .what = what, .method = "POST", .path = sb_str(&path), .file_name = name,
                      .file_data = data, .file_len = len };
    json_val *doc;
    zoho_status st = api_call(c, &k, &doc, err);
    json_free(doc);
    free(what);
    sb_free(&path);
    return st;
}
