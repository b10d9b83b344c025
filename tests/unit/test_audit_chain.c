#include "test.h"
#include "audit_chain.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* The example of tock.1's AUDIT LOG, byte for byte. */
TEST(audit_chain_matches_the_man_page)
{
    char h[SHA256_HEX];
    audit_rec r = { .seq = 1, .at = 1795420800, .user = "root", .action = "add",
                    .entity = "client", .entity_id = 1, .has_entity_id = true, .detail = "{}",
                    .detail_len = 2 };
    audit_chain_hash(&r, "", h);
    CHECK_STR(h, "fada73367decb7e7c12c09d9a95c04bd4d095b5e57b7b3c4bec8ccb233224471");
    /* Each field counts: the previous hash, the user, a missing entity id. */
    char other[SHA256_HEX];
    audit_chain_hash(&r, h, other);
    CHECK(strcmp(h, other) != 0);
    r.has_entity_id = false;
    audit_chain_hash(&r, "", other);
    CHECK(strcmp(h, other) != 0);
    r.has_entity_id = true;
    r.user = NULL;
    audit_chain_hash(&r, "", other);
    CHECK(strcmp(h, other) != 0);
    /* Length prefixes: moving a byte between fields changes the hash. */
    audit_rec a = { .seq = 1, .at = 0, .action = "ab", .entity = "c", .detail = "" };
    audit_rec b = { .seq = 1, .at = 0, .action = "a", .entity = "bc", .detail = "" };
    char ha[SHA256_HEX], hb[SHA256_HEX];
    audit_chain_hash(&a, "", ha);
    audit_chain_hash(&b, "", hb);
    CHECK(strcmp(ha, hb) != 0);
}

TEST(audit_chain_head_parse)
{
    int64_t seq;
    char h[SHA256_HEX];
    const char *hex = "FADA73367decb7e7c12c09d9a95c04bd4d095b5e57b7b3c4bec8ccb233224471";
    char buf[128];
    snprintf(buf, sizeof buf, "42:%s", hex);
    CHECK_INT(audit_chain_head_parse(buf, &seq, h), 0);
    CHECK_INT(seq, 42);
    CHECK_STR(h, "fada73367decb7e7c12c09d9a95c04bd4d095b5e57b7b3c4bec8ccb233224471");
    snprintf(buf, sizeof buf, "0:%s", hex);
    CHECK_INT(audit_chain_head_parse(buf, &seq, h), -1);
    snprintf(buf, sizeof buf, "-1:%s", hex);
    CHECK_INT(audit_chain_head_parse(buf, &seq, h), -1);
    snprintf(buf, sizeof buf, "4:%sa", hex);
    CHECK_INT(audit_chain_head_parse(buf, &seq, h), -1);
    CHECK_INT(audit_chain_head_parse("4", &seq, h), -1);
    CHECK_INT(audit_chain_head_parse(":abc", &seq, h), -1);
    snprintf(buf, sizeof buf, "99999999999999999999:%s", hex);
    CHECK_INT(audit_chain_head_parse(buf, &seq, h), -1);
}

/* The processor's SHA instructions (where tock uses them) and the portable code agree, on
 * every length around the block boundaries and fed in pieces. */
TEST(sha256_both_paths_agree)
{
    unsigned char buf[600];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(i * 131 + 7);
    for (size_t len = 0; len < sizeof buf; len += len < 140 ? 1 : 37) {
        char fast[SHA256_HEX], slow[SHA256_HEX];
        sha256_portable(0);
        sha256_hex(buf, len, fast);
        sha256_portable(1);
        sha256_hex(buf, len, slow);
        CHECK_STR(fast, slow);
        sha256_portable(0);
        sha256_ctx c;
        unsigned char d[32];
        sha256_init(&c);
        for (size_t at = 0; at < len; at += 13)
            sha256_update(&c, buf + at, len - at < 13 ? len - at : 13);
        sha256_final(&c, d);
        char pieces[SHA256_HEX];
        for (int i = 0; i < 32; i++)
            snprintf(pieces + 2 * i, 3, "%02x", d[i]);
        CHECK_STR(pieces, slow);
    }
    sha256_portable(0);
}

/* Negative numbers, and a detail longer than the encoder's buffer. */
TEST(audit_chain_edges)
{
    char h[SHA256_HEX], want[SHA256_HEX];
    static char big[5000];
    memset(big, 'x', sizeof big - 1);
    audit_rec r = { .seq = 7, .at = -5, .user = "ada", .action = "a", .entity = "e",
                    .entity_id = -3, .has_entity_id = true, .detail = big,
                    .detail_len = sizeof big - 1 };
    audit_chain_hash(&r, "", h);
    strbuf sb = { 0 };
    sb_addf(&sb, "1:7\n2:-5\n3:ada\n1:a\n1:e\n2:-3\n4999:%s\n0:\n", big);
    sha256_hex(sb.buf, sb.len, want);
    CHECK_STR(h, want);
    sb_free(&sb);
}
