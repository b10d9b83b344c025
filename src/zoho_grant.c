/* zoho_grant.c — the authorization-code grant, done once by `tock zoho connect`: a Self
 * Client's grant code exchanged for the refresh token every later call renews its access
 * token with. The code and the token only travel in the form body and the reply; both are
 * scrubbed from errors and the trace (c->grant_code, secrets.c's "code"). */
#include "zoho_internal.h"

#include <stdlib.h>
#include <string.h>

#define WHAT "Zoho's accounts server %s"

static void wipe_sb(strbuf *sb)
{
    if (sb->buf)
        memset(sb->buf, 0, sb->cap);
    sb_free(sb);
}

/* Zoho answers refusals with HTTP 200 and {"error": ...}: the reply, not the status, says. */
static zoho_status refused(zoho_client *c, const json_val *doc, long status, tk_err *err)
{
    const char *code = json_get_str(doc, "error");
    const char *a = c->accounts_url;
    if (tk_streq(code, "invalid_code"))
        return zoho_fail(c, err, ZOHO_AUTH, WHAT " rejected the grant code (invalid_code): it "
                         "has expired, was used already, is mistyped or is another data "
                         "centre's: generate a new one and run tock zoho connect again", a);
    if (tk_streq(code, "invalid_client"))
        return zoho_fail(c, err, ZOHO_AUTH, WHAT " does not know this client (invalid_client): "
                         "check zoho.client_id, and that zoho.region (or zoho.accounts_url) is "
                         "the data centre of your Zoho account", a);
    if (tk_streq(code, "invalid_client_secret"))
        return zoho_fail(c, err, ZOHO_AUTH, WHAT " rejected the client secret "
                         "(invalid_client_secret): check zoho.client_secret", a);
    char *e = zoho_text_oneline(code ? code : "no refresh_token in the reply", 60);
    const char *desc = json_get_str(doc, "error_description");
    char *d = zoho_text_oneline(desc ? desc : "", 160);
    zoho_status st = zoho_fail(c, err, ZOHO_AUTH, WHAT " refused the grant code (HTTP %ld, %s%s%s)",
                               a, status, e, *d ? ": " : "", d);
    free(e);
    free(d);
    return st;
}

static zoho_status reply(zoho_client *c, const struct zoho_http_response *rs, char **token,
                         tk_err *err)
{
    if (rs->transport != ZOHO_HTTP_OK)
        return zoho_fail(c, err, ZOHO_TRANSIENT, "cannot reach " WHAT ": %s (the grant code "
                         "may be spent: generate a new one to try again)", c->accounts_url,
                         rs->error);
    json_val *doc = json_parse(sb_str(&rs->body), rs->body.len, NULL);
    const char *rt = json_get_str(doc, "refresh_token");
    zoho_status st = ZOHO_OK;
    if (rt && *rt)
        *token = xstrdup(rt);
    else if (rs->status == 429 || rs->status >= 500)
        st = zoho_fail(c, err, ZOHO_TRANSIENT, WHAT " answered HTTP %ld; generate a new grant "
                       "code and try again later", c->accounts_url, rs->status);
    else if (!json_is_obj(doc))
        st = zoho_fail(c, err, ZOHO_AUTH, WHAT " sent no readable token reply (HTTP %ld): "
                       "check zoho.accounts_url and zoho.region", c->accounts_url, rs->status);
    else
        st = refused(c, doc, rs->status, err);
    zoho_token_wipe_doc(doc);
    json_free(doc);
    return st;
}

zoho_status zoho_exchange_code(zoho_client *c, const char *code, char **refresh_token,
                               tk_err *err)
{
    *refresh_token = NULL;
    c->grant_code = code;
    strbuf form = {0};
    zoho_token_form_add(&form, "grant_type", "authorization_code");
    zoho_token_form_add(&form, "client_id", c->client_id);
    zoho_token_form_add(&form, "client_secret", c->client_secret);
    zoho_token_form_add(&form, "code", code);
    char *url = xasprintf("%s/oauth/v2/token", c->accounts_url);
    struct zoho_http_request rq = {
        .method = "POST", .url = url, .content_type = "application/x-www-form-urlencoded",
        .body = sb_str(&form), .secret_form = true, .fresh = true,
    };
    struct zoho_http_response rs = {0};
    zoho_http_send(c, &rq, false, &rs);
    wipe_sb(&form);
    zoho_status st = reply(c, &rs, refresh_token, err);
    wipe_sb(&rs.body);
    free(url);
    if (st == ZOHO_OK) {
        zoho_http_trace(c, "zoho: the grant code gave a refresh token");
        zoho_token_forget(c);
    }
    c->grant_code = NULL;
    return st;
}
