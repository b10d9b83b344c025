/* audit_chain.c — the canonical encoding of an audit record and its link in the chain.
 * Every field is length-prefixed, so no byte of a detail can pass for a field boundary. */
#include "audit_chain.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void field(sha256_ctx *c, const char *s, size_t len)
{
    char n[24];
    int k = snprintf(n, sizeof n, "%zu:", len);
    sha256_update(c, n, (size_t)k);
    sha256_update(c, s, len);
    sha256_update(c, "\n", 1);
}

static void field_str(sha256_ctx *c, const char *s)
{
    field(c, s ? s : "", s ? strlen(s) : 0);
}

static void field_int(sha256_ctx *c, int64_t v)
{
    char n[24];
    int k = snprintf(n, sizeof n, "%" PRId64, v);
    field(c, n, (size_t)k);
}

void audit_chain_hash(const audit_rec *r, const char *prev, char out[SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    sha256_ctx c;
    unsigned char d[32];
    sha256_init(&c);
    field_int(&c, r->seq);
    field_int(&c, r->at);
    field_str(&c, r->user);
    field_str(&c, r->action);
    field_str(&c, r->entity);
    if (r->has_entity_id)
        field_int(&c, r->entity_id);
    else
        field(&c, "", 0);
    field(&c, r->detail ? r->detail : "", r->detail ? r->detail_len : 0);
    field_str(&c, prev);
    sha256_final(&c, d);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[64] = '\0';
}

int audit_head_parse(const char *s, int64_t *seq, char hash[SHA256_HEX])
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
