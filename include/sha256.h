/* sha256.h — SHA-256 (FIPS 180-4), for stable identities such as an imported row's source key. */
#ifndef TOCK_SHA256_H
#define TOCK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX 65 /* 64 hex digits and a NUL */

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char block[64];
    size_t fill;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
void sha256_final(sha256_ctx *c, unsigned char digest[32]);
/* Tests: non-zero makes every later block go through the portable code even where the
 * processor's SHA instructions are used; 0 lets tock choose again. */
void sha256_portable(int on);
/* One-shot: the digest of data as 64 lowercase hex digits into hex (SHA256_HEX bytes). */
char *sha256_hex(const void *data, size_t len, char hex[SHA256_HEX]);

#endif
