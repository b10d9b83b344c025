/* zoho_internal.h — what src/zoho_*.c share: the client's insides, the HTTP transport
 * (zoho_http.c, the only user of libcurl), the token (zoho_token.c) and text helpers
 * (zoho_text.c, pure, unit-tested). Nothing outside src/zoho_*.c and tests includes this. */
#ifndef TOCK_ZOHO_INTERNAL_H
#define TOCK_ZOHO_INTERNAL_H

#include <stdbool.h>
#include <time.h>
#include "json.h"
#include "zoho.h"

/* Renew a cached access token when less than this is left of its life. */
#define ZOHO_TOKEN_MARGIN 300

struct zoho_client {
    char *accounts_url;    /* no trailing slash */
    char *api_root;        /* no trailing slash */
    bool api_root_fixed;   /* api_url was configured: api_domain does not move it */
    char *org_id, *client_id, *client_secret, *refresh_token, *cache_path;
    long timeout, max_backoff;
    int max_retries;
    FILE *trace;           /* NULL unless verbose */
    FILE *notices;         /* where waits are announced; NULL: nowhere */
    void *curl;            /* CURL *; only zoho_http.c looks inside */
    char *access_token;    /* NULL until authenticated */
    const char *grant_code; /* borrowed, during zoho_exchange_code only: scrubbed like the rest */
    time_t token_expires;
    long last_status, last_code;
    strbuf last_body;
};

/* ---- transport (zoho_http.c) ---- */
typedef enum { ZOHO_HTTP_OK, ZOHO_HTTP_TIMEOUT, ZOHO_HTTP_CONNECT, ZOHO_HTTP_DROPPED, ZOHO_HTTP_TLS, ZOHO_HTTP_ERROR } zoho_http_transport;

struct zoho_http_request {
    const char *method;        /* "GET" or "POST" */
    const char *url;           /* complete, query already encoded */
    const char *content_type;  /* of body */
    const char *body;          /* NULL: none */
    bool api;                  /* send Authorization (and the organization unless no_org) */
    bool no_org;
    bool secret_form;          /* body is the token form: redact it in the trace */
    /* A new connection, closed afterwards. For requests that must not be repeated: on a
     * reused connection that dies without a reply, libcurl silently sends it again. */
    bool fresh;
    /* A file sent as multipart/form-data (field, name, len bytes at data); field NULL: none. */
    const char *file_field, *file_name, *file_type, *file_data;
    size_t file_len;
};

struct zoho_http_response {
    zoho_http_transport transport;
    char error[256];           /* libcurl's explanation when transport != ZOHO_HTTP_OK */
    long status;               /* 0 when no reply arrived */
    long retry_after;          /* seconds (Retry-After, or a spent rate limit's reset); -1 absent */
    long wait;                 /* > 0: Zoho asked for this long, more than max_backoff: not waited */
    int attempts;
    strbuf body;
};

/* One exchange. rs is reset first; free it with zoho_http_response_free. */
void zoho_http_perform(zoho_client *c, const struct zoho_http_request *rq, struct zoho_http_response *rs);
/* The same with retries on 429 — and, when retry_5xx (the request is safe to repeat), on 5xx
 * and on a connection dropped without a reply — with backoff (Retry-After when present), at
 * most c->max_retries more attempts, each sleep capped at max_backoff. */
void zoho_http_send(zoho_client *c, const struct zoho_http_request *rq, bool retry_5xx, struct zoho_http_response *rs);
void zoho_http_response_free(struct zoho_http_response *rs);
int zoho_http_global_init(tk_err *err);
void zoho_http_global_cleanup(void);
void *zoho_http_handle_new(void);
void zoho_http_handle_free(void *h);
/* A line in the trace (if any), scrubbed of secrets. */
void zoho_http_trace(const zoho_client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- token (zoho_token.c) ---- */
/* A usable access token in c->access_token: from memory, the cache or (force, or none
 * usable) a refresh grant. On failure err says what to fix. */
zoho_status zoho_token_ensure(zoho_client *c, bool force, tk_err *err);
/* key=value (value percent-encoded) appended to a form body, '&' first unless it is empty. */
void zoho_token_form_add(strbuf *sb, const char *key, const char *value);
/* Wipes the secrets a parsed token reply holds (access, refresh and id tokens) before it is
 * freed. */
void zoho_token_wipe_doc(json_val *doc);
/* Forgets the access token, in memory and in the cache file (a new grant makes it stale). */
void zoho_token_forget(zoho_client *c);

/* ---- the authorization-code grant (zoho_grant.c): zoho_exchange_code in zoho.h ---- */

/* ---- text helpers (zoho_text.c) ---- */
/* Percent-encodes everything but RFC 3986 unreserved characters. */
void zoho_text_urlencode(strbuf *sb, const char *s);
/* 0 if url is http(s) with a plain host, https unless the host is loopback; else -1 with a
 * line naming setting. */
int zoho_text_url_check(const char *url, const char *setting, tk_err *err);
bool zoho_text_host_is_loopback(const char *host);
/* A form body with the values of secret fields replaced by [REDACTED]. */
void zoho_text_redact_form(strbuf *out, const char *form);
/* JSON text with the string values of secret keys (access_token, refresh_token,
 * client_secret, id_token) replaced by [REDACTED]. */
void zoho_text_redact_json(strbuf *out, const char *json);
/* Every occurrence of each of the n secrets (NULL or shorter than 4 bytes: skipped) replaced
 * by [REDACTED]. Returns a new string; caller frees. */
char *zoho_text_scrub(const char *text, const char *const *secrets, size_t n);
/* Text fit for one line of an error: controls become spaces, at most max bytes (cut on a
 * UTF-8 boundary, with "…" when cut). Caller frees. */
char *zoho_text_oneline(const char *text, size_t max);
/* A JSON number or string as plain decimal text without trailing zeros. NULL if neither. */
char *zoho_text_decimal(const json_val *v);
/* An id (string, or integer number) as a string; NULL if neither. */
char *zoho_text_id(const json_val *v);

/* ---- errors (zoho_fail.c), shared by the client files ---- */
/* Formats into err, scrubbed of the client's secrets; returns st. */
zoho_status zoho_fail(const zoho_client *c, tk_err *err, zoho_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
