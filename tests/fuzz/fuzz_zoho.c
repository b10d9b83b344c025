/* Zoho's replies as the client reads them: this harness replaces the HTTP transport
 * (zoho_http.c, not linked) with one that answers from the input. Byte 0 picks the call
 * (organizations, contacts, invoice by reference, create, or the token grant itself), byte 1
 * the HTTP status, the rest is the body; the token grant answers with a good token unless it
 * is the call under test. Whatever Zoho sends, the client returns a status and one line. */
#include <stdio.h>

#include "fuzz.h"
#include "zoho_internal.h"

static const uint8_t *body;
static size_t body_len;
static long status;
static bool token_under_test;

int zoho_http_global_init(tk_err *err) { (void)err; return 0; }
void zoho_http_global_cleanup(void) {}
void *zoho_http_handle_new(void) { static int handle; return &handle; }
void zoho_http_handle_free(void *h) { (void)h; }
void zoho_http_trace(const zoho_client *c, const char *fmt, ...) { (void)c; (void)fmt; }

void zoho_http_response_free(struct zoho_http_response *rs)
{
    sb_free(&rs->body);
    memset(rs, 0, sizeof *rs);
}

void zoho_http_perform(zoho_client *c, const struct zoho_http_request *rq, struct zoho_http_response *rs)
{
    (void)c;
    sb_reset(&rs->body); /* as the real one: the caller's buffer is reused, not dropped */
    rs->transport = ZOHO_HTTP_OK;
    rs->error[0] = '\0';
    rs->retry_after = -1;
    rs->attempts = 1;
    if (strstr(rq->url, "/oauth/") && !token_under_test) {
        rs->status = 200;
        sb_add(&rs->body, "{\"access_token\":\"1000.fuzz\",\"api_domain\":"
                          "\"https://www.zohoapis.com\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        return;
    }
    rs->status = status;
    rs->transport = status ? ZOHO_HTTP_OK : ZOHO_HTTP_DROPPED;
    sb_addn(&rs->body, (const char *)body, body_len);
}

void zoho_http_send(zoho_client *c, const struct zoho_http_request *rq, bool retry_5xx, struct zoho_http_response *rs)
{
    (void)retry_5xx;
    zoho_http_perform(c, rq, rs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const long statuses[] = { 200, 201, 400, 401, 403, 404, 429, 500, 503, 0 };
    if (size < 2)
        return 0;
    int call = data[0] % 5;
    status = statuses[data[1] % (sizeof statuses / sizeof *statuses)];
    body = data + 2;
    body_len = size - 2;
    token_under_test = call == 4;
    struct zoho_settings s = { .region = "com", .organization_id = "1", .client_id = "id",
                               .client_secret = "secret-123", .refresh_token = "refresh-456",
                               .max_retries = -1, .max_backoff_seconds = -1 };
    tk_err err = { "" };
    zoho_client *c = zoho_open(&s, &err);
    FUZZ_ASSERT(c != NULL);
    zoho_status st = ZOHO_OK;
    if (call == 0) {
        struct zoho_org_list l = { 0 };
        st = zoho_list_organizations(c, &l, &err);
        zoho_org_list_free(&l);
    } else if (call == 1) {
        struct zoho_contact_list l = { 0 };
        st = zoho_find_contacts(c, "Acme", &l, &err);
        zoho_contact_list_free(&l);
    } else if (call == 2) {
        size_t found = 0;
        struct zoho_invoice inv = { 0 };
        st = zoho_find_invoice_by_reference(c, "tock-1", &found, &inv, &err);
        zoho_invoice_clear(&inv);
    } else if (call == 3) {
        struct zoho_invoice inv = { 0 };
        st = zoho_create_invoice(c, "{\"customer_id\":\"1\",\"line_items\":[]}", 0, &inv, &err);
        zoho_invoice_clear(&inv);
    } else {
        st = zoho_authenticate(c, &err);
    }
    FUZZ_ASSERT(st == ZOHO_OK || err.msg[0] != '\0');
    FUZZ_ASSERT(!strstr(err.msg, "secret-123") && !strstr(err.msg, "refresh-456"));
    FUZZ_ASSERT(!strchr(err.msg, '\n'));
    zoho_close(c);
    return 0;
}
