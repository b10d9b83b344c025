/* zoho_http.c — the transport under the Zoho client: one libcurl easy handle per client,
 * retries with backoff, and the HTTP trace with every secret redacted. TLS verification is
 * libcurl's default (on) and is never turned off. */
#include "zoho_internal.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_BODY ((size_t)8 << 20)
#define TRACE_BODY_MAX 4000
#define NO_RETRY_AFTER_429 60  /* the contract: without Retry-After, back off for a minute */

struct hdrs {
    long retry_after;
    long rate_remaining, rate_reset;   /* X-Rate-Limit-Remaining / -Reset; -1: absent */
    strbuf raw;      /* the last response's header block, for the trace */
};

int zoho_http_global_init(tk_err *err)
{
    CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK)
        return tk_fail(err, "cannot start libcurl: %s", curl_easy_strerror(rc));
    return 0;
}

void zoho_http_global_cleanup(void) { curl_global_cleanup(); }
void *zoho_http_handle_new(void) { return curl_easy_init(); }
void zoho_http_handle_free(void *h) { curl_easy_cleanup(h); }

void zoho_http_trace(const zoho_client *c, const char *fmt, ...)
{
    if (!c->trace)
        return;
    strbuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    const char *secrets[] = { c->client_secret, c->refresh_token, c->access_token,
                              c->grant_code };
    char *line = zoho_text_scrub(sb_str(&sb), secrets, TK_ARRAY_LEN(secrets));
    fprintf(c->trace, "%s\n", line);
    fflush(c->trace);
    free(line);
    sb_free(&sb);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    strbuf *sb = ud;
    if (sb->len + size * n > MAX_BODY)
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    sb_addn(sb, p, size * n);
    return size * n;
}

static long parse_retry_after(const char *v, size_t n)
{
    while (n && (*v == ' ' || *v == '\t'))
        v++, n--;
    long secs = 0;
    size_t i = 0;
    for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
        secs = secs < 1000000 ? secs * 10 + (v[i] - '0') : secs;
    return i > 0 ? secs : -1; /* an HTTP-date is not honoured: back off instead */
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct hdrs *h = ud;
    size_t len = size * n;
    if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
        h->retry_after = h->rate_remaining = h->rate_reset = -1;
        sb_reset(&h->raw);
    }
    if (len > 12 && !strncasecmp(p, "Retry-After:", 12))
        h->retry_after = parse_retry_after(p + 12, len - 12);
    if (len > 23 && !strncasecmp(p, "X-Rate-Limit-Remaining:", 23))
        h->rate_remaining = parse_retry_after(p + 23, len - 23);
    if (len > 19 && !strncasecmp(p, "X-Rate-Limit-Reset:", 19))
        h->rate_reset = parse_retry_after(p + 19, len - 19);
    sb_addn(&h->raw, p, len);
    return len;
}

static struct curl_slist *add_header(struct curl_slist *l, const char *fmt, const char *v)
{
    char *line = xasprintf(fmt, v);
    struct curl_slist *r = curl_slist_append(l, line);
    memset(line, 0, strlen(line));
    free(line);
    if (!r) {
        fputs("tock: out of memory (curl_slist_append)\n", stderr);
        abort();
    }
    return r;
}

static struct curl_slist *build_headers(const zoho_client *c, const struct zoho_http_request *rq)
{
    struct curl_slist *l = NULL;
    if (rq->api) {
        l = add_header(l, "Authorization: Zoho-oauthtoken %s", c->access_token ? c->access_token : "");
        if (!rq->no_org)
            l = add_header(l, "X-com-zoho-invoice-organizationid: %s", c->org_id);
    }
    l = add_header(l, "Accept: %s", "application/json");
    if (rq->body)
        l = add_header(l, "Content-Type: %s", rq->content_type);
    return add_header(l, "Expect:%s", ""); /* no 100-continue round trip */
}

static void free_headers(struct curl_slist *l)
{
    for (struct curl_slist *p = l; p; p = p->next)
        memset(p->data, 0, strlen(p->data));
    curl_slist_free_all(l);
}

/* The request's file as a multipart body, or NULL when it has none (caller frees). */
static curl_mime *file_part(zoho_client *c, const struct zoho_http_request *rq)
{
    if (!rq->file_field)
        return NULL;
    curl_mime *m = curl_mime_init(c->curl);
    curl_mimepart *p = m ? curl_mime_addpart(m) : NULL;
    if (!p) {
        fputs("tock: out of memory (curl_mime)\n", stderr);
        abort();
    }
    curl_mime_name(p, rq->file_field);
    curl_mime_filename(p, rq->file_name);
    curl_mime_type(p, rq->file_type);
    curl_mime_data(p, rq->file_data, rq->file_len);
    return m;
}

static void set_options(zoho_client *c, const struct zoho_http_request *rq, struct curl_slist *hl,
                        struct zoho_http_response *rs, struct hdrs *hd, char *errbuf)
{
    CURL *h = c->curl;
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, rq->url);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->timeout < 10 ? c->timeout : 10L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "tock-zoho/1");
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &rs->body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, hd);
    if (rq->fresh) {
        curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
    }
    if (rq->file_field) {
        /* set by zoho_http_perform: CURLOPT_MIMEPOST */
    } else if (rq->body) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(rq->body));
    } else if (!strcmp(rq->method, "POST")) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
}

static zoho_http_transport classify_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
        return ZOHO_HTTP_TIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY: case CURLE_COULDNT_CONNECT:
        return ZOHO_HTTP_CONNECT;
    case CURLE_GOT_NOTHING: case CURLE_RECV_ERROR: case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE: case CURLE_HTTP2: case CURLE_HTTP2_STREAM:
        return ZOHO_HTTP_DROPPED;
    case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_CERTPROBLEM:
        return ZOHO_HTTP_TLS;
    default:
        return ZOHO_HTTP_ERROR;
    }
}

static void trace_request(const zoho_client *c, const struct zoho_http_request *rq)
{
    if (!c->trace)
        return;
    zoho_http_trace(c, "zoho> %s %s", rq->method, rq->url);
    if (rq->api) {
        zoho_http_trace(c, "zoho> Authorization: Zoho-oauthtoken [REDACTED]");
        if (!rq->no_org)
            zoho_http_trace(c, "zoho> X-com-zoho-invoice-organizationid: %s", c->org_id);
    }
    if (!rq->body)
        return;
    zoho_http_trace(c, "zoho> Content-Type: %s", rq->content_type);
    strbuf red = {0};
    if (rq->secret_form)
        zoho_text_redact_form(&red, rq->body);
    else
        zoho_text_redact_json(&red, rq->body);
    char *line = zoho_text_oneline(sb_str(&red), TRACE_BODY_MAX);
    zoho_http_trace(c, "zoho> %s", line);
    free(line);
    sb_free(&red);
}

static void trace_headers(const zoho_client *c, const char *raw)
{
    for (const char *p = raw; *p; ) {
        size_t n = strcspn(p, "\r\n");
        if (n && strncmp(p, "HTTP/", 5) && strncasecmp(p, "Set-Cookie:", 11))
            zoho_http_trace(c, "zoho< %.*s", (int)n, p);
        p += n;
        p += strspn(p, "\r\n");
    }
}

static void trace_response(const zoho_client *c, const struct zoho_http_response *rs,
                           const struct hdrs *hd, double secs)
{
    if (!c->trace)
        return;
    if (rs->transport != ZOHO_HTTP_OK) {
        zoho_http_trace(c, "zoho! no reply after %.2f s: %s", secs, rs->error);
        return;
    }
    zoho_http_trace(c, "zoho< HTTP %ld (%.2f s)", rs->status, secs);
    trace_headers(c, sb_str(&hd->raw));
    strbuf red = {0};
    zoho_text_redact_json(&red, sb_str(&rs->body));
    char *line = zoho_text_oneline(sb_str(&red), TRACE_BODY_MAX);
    zoho_http_trace(c, "zoho< %s", line);
    free(line);
    sb_free(&red);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void zoho_http_perform(zoho_client *c, const struct zoho_http_request *rq, struct zoho_http_response *rs)
{
    struct hdrs hd = { -1, -1, -1, {0} };
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *hl = build_headers(c, rq);
    sb_reset(&rs->body);
    rs->transport = ZOHO_HTTP_OK;
    rs->error[0] = '\0';
    rs->status = 0;
    set_options(c, rq, hl, rs, &hd, errbuf);
    curl_mime *mime = file_part(c, rq);
    if (mime)
        curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, mime);
    trace_request(c, rq);
    if (mime)
        zoho_http_trace(c, "zoho> (file %s: %zu bytes as %s)", rq->file_name, rq->file_len, rq->file_field);
    double t0 = now_seconds();
    CURLcode rc = curl_easy_perform(c->curl);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &rs->status);
    } else {
        rs->transport = rc == CURLE_WRITE_ERROR ? ZOHO_HTTP_ERROR : classify_curl(rc);
        snprintf(rs->error, sizeof rs->error, "%s", rc == CURLE_WRITE_ERROR ?
                 "the reply is larger than 8 MiB" : *errbuf ? errbuf : curl_easy_strerror(rc));
        sb_reset(&rs->body);
    }
    rs->retry_after = hd.retry_after;
    /* A spent quota says how long until it is renewed (seconds; an instant if that large). */
    if (rs->retry_after < 0 && hd.rate_remaining == 0 && hd.rate_reset >= 0)
        rs->retry_after = hd.rate_reset > 1000000000 ? hd.rate_reset - (long)time(NULL)
                                                      : hd.rate_reset;
    trace_response(c, rs, &hd, now_seconds() - t0);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
    if (mime) {
        curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, (curl_mime *)NULL);
        curl_mime_free(mime);
    }
    free_headers(hl);
    sb_free(&hd.raw);
}

static void sleep_seconds(long secs)
{
    struct timespec ts = { secs, 0 };
    while (secs > 0 && nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* How long to wait before attempt number `attempt` + 1 (attempt counts from 0). */
static long backoff(const zoho_client *c, const struct zoho_http_response *rs, int attempt)
{
    long d;
    if (rs->retry_after >= 0)
        d = rs->retry_after;
    else if (rs->status == 429)
        d = NO_RETRY_AFTER_429;
    else
        d = attempt < 6 ? 1L << attempt : 60;
    return d < c->max_backoff ? d : c->max_backoff;
}

static bool retryable(long status, bool retry_5xx)
{
    return status == 429 || (retry_5xx && status >= 500 && status <= 599);
}

/* Says on the notices stream (if any) how long tock waits, and until when. */
static void notice_wait(const zoho_client *c, const struct zoho_http_response *rs, long d, int attempt)
{
    char at[16] = "";
    time_t when = time(NULL) + d;
    struct tm tm;
    if (!c->notices || d <= 0)
        return;
    if (localtime_r(&when, &tm))
        strftime(at, sizeof at, "%H:%M:%S", &tm);
    fprintf(c->notices, "tock: Zoho answered HTTP %ld%s; trying again in %ld s, at %s (retry %d "
            "of %d)\n", rs->status, rs->status == 429 ? " (too many requests)" : "", d, at,
            attempt + 1, c->max_retries);
    fflush(c->notices);
}

void zoho_http_send(zoho_client *c, const struct zoho_http_request *rq, bool retry_5xx, struct zoho_http_response *rs)
{
    for (int attempt = 0;; attempt++) {
        zoho_http_perform(c, rq, rs);
        rs->attempts = attempt + 1;
        rs->wait = 0;
        if (attempt >= c->max_retries)
            return;
        /* A reading (or a token refresh, which mints another token) may be sent again on a
         * connection that died without a reply: a proxy or server restart between two calls. */
        if (rs->transport == ZOHO_HTTP_DROPPED && retry_5xx) {
            zoho_http_trace(c, "zoho: connection dropped, retry %d of %d", attempt + 1, c->max_retries);
            continue;
        }
        if (rs->transport != ZOHO_HTTP_OK || !retryable(rs->status, retry_5xx))
            return;
        /* Zoho asked for a longer wait than tock may take: give up now and say when. */
        if (rs->retry_after > c->max_backoff) {
            rs->wait = rs->retry_after;
            return;
        }
        long d = backoff(c, rs, attempt);
        zoho_http_trace(c, "zoho: HTTP %ld, retry %d of %d in %ld s", rs->status, attempt + 1,
                 c->max_retries, d);
        notice_wait(c, rs, d, attempt);
        sleep_seconds(d);
    }
}

void zoho_http_response_free(struct zoho_http_response *rs)
{
    sb_free(&rs->body);
}
