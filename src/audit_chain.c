/* audit_chain.c — the canonical encoding of an audit record and its link in the chain.
 * Every field is length-prefixed, so no byte of a detail can pass for a field boundary. */
#include "audit_chain.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The encoding is built in a buffer and hashed in one call (verify runs this a million
 * times: snprintf and a dozen small updates a record cost more than the hash itself). */
typedef struct enc {
    sha256_ctx c;
    char buf[1024];
    size_t n;
} enc;

static void put(enc *e, const char *s, size_t len)
{
    if (e->n + len > sizeof e->buf) {
        sha256_update(&e->c, e->buf, e->n);
        e->n = 0;
        if (len > sizeof e->buf) {
            sha256_update(&e->c, s, len);
            return;
        }
    }
    memcpy(e->buf + e->n, s, len);
    e->n += len;
}

/* Decimal digits of v into the end of buf (24 bytes); returns where they start. */
static char *decimal(uint64_t v, char *end)
{
    do
        *--end = (char)('0' + v % 10);
    while ((v /= 10));
    return end;
}

static void field(enc *e, const char *s, size_t len)
{
    char n[24], *p = decimal(len, n + sizeof n - 1);
    n[sizeof n - 1] = ':';
    put(e, p, (size_t)(n + sizeof n - p));
    put(e, s, len);
    put(e, "\n", 1);
}

static void field_str(enc *e, const char *s)
{
    field(e, s ? s : "", s ? strlen(s) : 0);
}

static void field_int(enc *e, int64_t v)
{
    char n[24], *end = n + sizeof n;
    char *p = decimal(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, end);
    if (v < 0)
        *--p = '-';
    field(e, p, (size_t)(end - p));
}

void audit_chain_hash(const audit_rec *r, const char *prev, char out[SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    enc e;
    unsigned char d[32];
    sha256_init(&e.c);
    e.n = 0;
    field_int(&e, r->seq);
    field_int(&e, r->at);
    field_str(&e, r->user);
    field_str(&e, r->action);
    field_str(&e, r->entity);
    if (r->has_entity_id)
        field_int(&e, r->entity_id);
    else
        field(&e, "", 0);
    field(&e, r->detail ? r->detail : "", r->detail ? r->detail_len : 0);
    field_str(&e, prev);
    sha256_update(&e.c, e.buf, e.n);
    sha256_final(&e.c, d);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[64] = '\0';
}

int audit_chain_head_parse(const char *s, int64_t *seq, char hash[SHA256_HEX])
{
    const char *colon = s ? strchr(s, ':') : NULL;
    if (!colon || colon == s || strlen(colon + 1) != 64)
        return -1;
    int64_t v = 0;
    for (const char *p = s; p < colon; p++) {
        if (!isdigit((unsigned char)*p) || v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*p - '0');
    }
    for (int i = 0; i < 64; i++) {
        int ch = (unsigned char)colon[1 + i];
        if (!isxdigit(ch))
            return -1;
        hash[i] = (char)tolower(ch);
    }
    hash[64] = '\0';
    if (v < 1)
        return -1;
    *seq = v;
    return 0;
}
