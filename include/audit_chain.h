/* audit_chain.h — the audit log's hash chain: the canonical encoding of a record and its
 * SHA-256, and the "SEQ:HASH" form of a chain's head. Pure: no I/O. tock.1 (AUDIT LOG)
 * defines the encoding so that an auditor can recompute it without tock. */
#ifndef TOCK_AUDIT_CHAIN_H
#define TOCK_AUDIT_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

/* One record as it is hashed. Strings are borrowed; NULL reads as "". */
typedef struct audit_rec {
    int64_t seq;               /* the record's number (audit.id) */
    int64_t at;                /* UTC seconds */
    const char *user;          /* the login (users.login), "" when none */
    const char *action, *entity;
    int64_t entity_id;
    bool has_entity_id;        /* false: encoded as "" */
    const char *detail;
    size_t detail_len;
} audit_rec;

/* hash = SHA-256 over field(seq) field(at) field(user) field(action) field(entity)
 * field(entity_id) field(detail) field(prev), where field(x) is x's length in bytes in
 * decimal, ':', x, '\n', and prev is the previous record's hash ("" for the first record).
 * out gets 64 lowercase hex digits. */
void audit_chain_hash(const audit_rec *r, const char *prev, char out[SHA256_HEX]);

/* "SEQ:HASH" (SEQ ≥ 1, HASH 64 hex digits, either case): 0, else -1. hash gets lowercase. */
int audit_chain_head_parse(const char *s, int64_t *seq, char hash[SHA256_HEX]);

#endif
