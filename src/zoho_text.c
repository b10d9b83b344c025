/* zoho_text.c — pure text helpers for the Zoho client: URL encoding and checking, redaction
 * of secrets, one-line messages, ids and decimals from replies. No I/O, no libcurl. */
#include "zoho_internal.h"

#include "secrets.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


void zoho_text_urlencode(strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool unreserved = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                          (*p >= '0' && *p <= '9') || strchr("-._~", *p);
        if (unreserved) {
            sb_addc(sb, (char)*p);
        } else {
            char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };
            sb_addn(sb, esc, 3);
        }
    }
}

bool zoho_text_host_is_loopback(const char *host)
{
    if (!strcasecmp(host, "localhost"))
        return true;
    size_t n = strlen(host);
    if (n > 2 && host[0] == '[' && host[n - 1] == ']') {
        char v6[64];
        struct in6_addr a6;
        if (n - 2 >= sizeof v6)
            return false;
        memcpy(v6, host + 1, n - 2);
        v6[n - 2] = '\0';
        return inet_pton(AF_INET6, v6, &a6) == 1 && !memcmp(&a6, &in6addr_loopback, sizeof a6);
    }
    unsigned char a4[4];
    return inet_pton(AF_INET, host, a4) == 1 && a4[0] == 127;
}

/* Only plain printable ASCII, and nothing that lets parsers disagree about the host. */
static bool url_chars_ok(const char *url)
{
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || strchr("@\\?#", *p))
            return false;
    return true;
}

/* Splits "scheme://host[:port]/..." into the host (brackets kept for IPv6). */
static int url_host(const char *url, bool *https, char *host, size_t size)
{
    const char *p;
    if (!strncasecmp(url, "https://", 8))
        *https = true, p = url + 8;
    else if (!strncasecmp(url, "http://", 7))
        *https = false, p = url + 7;
    else
        return -1;
    size_t n = strcspn(p, "/");
    const char *port = NULL;
    if (*p == '[') {
        const char *close = memchr(p, ']', n);
        if (!close)
            return -1;
        port = close + 1 < p + n ? close + 1 : NULL;
        if (port && *port != ':')
            return -1;
        n = (size_t)(close + 1 - p);
    } else {
        const char *colon = memchr(p, ':', n);
        if (colon) {
            port = colon;
            n = (size_t)(colon - p);
        }
    }
    if (port) {
        size_t digits = strspn(port + 1, "0123456789");
        if (digits == 0 || digits > 5 || (port[1 + digits] && port[1 + digits] != '/'))
            return -1;
    }
    if (n == 0 || n >= size)
        return -1;
    memcpy(host, p, n);
    host[n] = '\0';
    return 0;
}

int zoho_text_url_check(const char *url, const char *setting, tk_err *err)
{
    char host[256];
    bool https;
    if (!url || !*url)
        return tk_fail(err, "%s is empty", setting);
    if (!url_chars_ok(url) || url_host(url, &https, host, sizeof host) < 0) {
        char *shown = zoho_text_oneline(url, 200); /* it may come from a reply: no raw controls */
        tk_fail(err, "%s: \"%s\" is not a plain http(s)://host[:port][/path] URL "
                "(no user@, query or fragment)", setting, shown);
        free(shown);
        return -1;
    }
    if (!https && !zoho_text_host_is_loopback(host))
        return tk_fail(err, "%s: refusing %.200s — Zoho must be reached over https:// "
                       "(plain http only for a loopback test server)", setting, url);
    return 0;
}

void zoho_text_redact_form(strbuf *out, const char *form)
{
    const char *p = form;
    while (*p) {
        size_t n = strcspn(p, "&");
        size_t k = strcspn(p, "=&");
        if (k < n && secret_name(p, k)) {
            sb_addn(out, p, k);
            sb_add(out, "=[REDACTED]");
        } else {
            sb_addn(out, p, n);
        }
        p += n;
        if (*p == '&')
            sb_addc(out, *p++);
    }
}

/* Index just past the string starting at s[i] == '"' (or strlen when unterminated). */
static size_t string_end(const char *s, size_t i)
{
    for (i++; s[i]; i++) {
        if (s[i] == '\\' && s[i + 1])
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return i;
}

static size_t skip_ws(const char *s, size_t i)
{
    while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
        i++;
    return i;
}

void zoho_text_redact_json(strbuf *out, const char *json)
{
    size_t i = 0;
    while (json[i]) {
        if (json[i] != '"') {
            sb_addc(out, json[i++]);
            continue;
        }
        size_t end = string_end(json, i);
        sb_addn(out, json + i, end - i);
        size_t colon = skip_ws(json, end);
        bool secret = end >= i + 2 && json[end - 1] == '"' && secret_name(json + i + 1, end - i - 2);
        i = end;
        if (!secret || json[colon] != ':')
            continue;
        size_t val = skip_ws(json, colon + 1);
        if (json[val] != '"')
            continue;
        sb_addn(out, json + i, val - i);
        sb_add(out, "\"[REDACTED]\"");
        i = string_end(json, val);
    }
}

char *zoho_text_scrub(const char *text, const char *const *secrets, size_t n)
{
    char *cur = xstrdup(text);
    for (size_t i = 0; i < n; i++) {
        const char *sec = secrets[i];
        if (!sec || strlen(sec) < 4)
            continue;
        strbuf sb = {0};
        const char *p = cur, *hit;
        while ((hit = strstr(p, sec))) {
            sb_addn(&sb, p, (size_t)(hit - p));
            sb_add(&sb, "[REDACTED]");
            p = hit + strlen(sec);
        }
        sb_add(&sb, p);
        free(cur);
        cur = sb_detach(&sb);
    }
    return cur;
}

char *zoho_text_oneline(const char *text, size_t max)
{
    size_t n = strlen(text);
    bool cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    char *s = xstrndup(text, n);
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    if (!cut)
        return s;
    char *r = xasprintf("%s…", s);
    free(s);
    return r;
}

/* "375.500" → "375.5", "1200.000" → "1200", "-0" → "0". */
static void trim_zeros(char *s)
{
    char *dot = strchr(s, '.');
    if (dot) {
        char *e = s + strlen(s);
        while (e > dot + 1 && e[-1] == '0')
            *--e = '\0';
        if (e == dot + 1)
            *dot = '\0';
    }
    if (!strcmp(s, "-0"))
        memmove(s, s + 1, 2);
}

static bool decimal_text_ok(const char *s)
{
    if (*s == '-')
        s++;
    size_t whole = strspn(s, "0123456789");
    if (whole == 0)
        return false;
    s += whole;
    if (*s == '.')
        s += 1 + strspn(s + 1, "0123456789");
    return *s == '\0' && s[-1] != '.';
}

char *zoho_text_decimal(const json_val *v)
{
    char buf[64];
    if (json_is_str(v)) {
        if (!decimal_text_ok(json_str(v)) || strlen(json_str(v)) >= sizeof buf)
            return NULL;
        snprintf(buf, sizeof buf, "%s", json_str(v));
    } else if (!json_is_num(v) || json_decimal(v, 3, buf, sizeof buf) < 0) {
        return NULL;
    }
    trim_zeros(buf);
    return xstrdup(buf);
}

char *zoho_text_id(const json_val *v)
{
    int64_t n;
    if (json_is_str(v))
        return *json_str(v) ? xstrdup(json_str(v)) : NULL;
    if (json_is_num(v) && json_int(v, &n) == 0)
        return xasprintf("%" PRId64, n);
    return NULL;
}
