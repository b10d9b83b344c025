/* The JSON writer's fast paths: escapes between runs of plain bytes, integers at the edges. */
#include "test.h"
#include "json.h"

TEST(json_write_escapes_and_integers)
{
    strbuf sb = { 0 };
    jw w;
    jw_init(&w, &sb);
    jw_arr(&w);
    jw_str(&w, "plain");
    jw_str(&w, "");
    jw_str(&w, "a\"b\\c\nd\re\tf\x01g\x1fh");
    jw_str(&w, "\"lead and trail\\");
    jw_str(&w, "ünï 設計");
    jw_int(&w, 0);
    jw_int(&w, -7);
    jw_int(&w, INT64_MAX);
    jw_int(&w, INT64_MIN);
    jw_end_arr(&w);
    CHECK_STR(sb_str(&sb), "[\"plain\",\"\",\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\","
                           "\"\\\"lead and trail\\\\\",\"ünï 設計\",0,-7,9223372036854775807,"
                           "-9223372036854775808]");
    sb_free(&sb);
}

TEST(sb_addf_grows_past_its_room)
{
    strbuf sb = { 0 };
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sb_addf(&sb, "%d", 42);
    sb_addf(&sb, "<%s>", big);
    sb_addf(&sb, "%s", "");
    CHECK_INT(sb.len, 2 + 2 + 299);
    CHECK(sb_str(&sb)[0] == '4' && sb_str(&sb)[3] == 'x' && sb_str(&sb)[sb.len - 1] == '>');
    CHECK_INT(strlen(sb_str(&sb)), sb.len);
    sb_free(&sb);
}

/* jw_put_strn (eight and four bytes at a time) writes what jw_put_str writes: every byte value
 * at every place of strings of 0-19 bytes, in plain ASCII around it. */
TEST(json_put_strn_is_put_str)
{
    char s[24], a[24 * 6 + 8], b[24 * 6 + 8];
    int bad = 0;
    for (size_t n = 0; n < 20 && bad < 3; n++)
        for (size_t at = 0; at < (n ? n : 1) && bad < 3; at++)
            for (int c = 1; c < 256 && bad < 3; c++) {
                for (size_t i = 0; i < n; i++)
                    s[i] = (char)('a' + i);
                if (n)
                    s[at] = (char)c;
                s[n] = '\0';
                size_t la = (size_t)(jw_put_str(a, s) - a), lb = (size_t)(jw_put_strn(b, s, n) - b);
                if (la != lb || memcmp(a, b, la)) {
                    fprintf(stderr, "    n %zu, byte 0x%02x at %zu: %.*s, not %.*s\n", n, c, at,
                            (int)lb, b, (int)la, a);
                    bad++;
                }
            }
    CHECK_INT(bad, 0);
    /* A well-formed sequence split across the eight-byte step, and a broken one. */
    const char *mixed[] = { "1234567ü", "123456設計", "abcdefgh\xc3", "abc\x7f", "ab\"cdefghij" };
    for (size_t i = 0; i < sizeof mixed / sizeof *mixed; i++) {
        size_t la = (size_t)(jw_put_str(a, mixed[i]) - a),
               lb = (size_t)(jw_put_strn(b, mixed[i], strlen(mixed[i])) - b);
        CHECK(la == lb && !memcmp(a, b, la));
    }
}

/* jw_put_int writes tk_i64_format's digits at every length. */
TEST(json_put_int_every_length)
{
    char a[TK_I64_BUF], b[TK_I64_BUF + 1];
    int64_t p = 1;
    for (int k = 0; k < 19; k++) {   /* p = 10^k; 10^19 does not fit */
        int64_t vs[] = { p - 1, p, p + 1, -p, -(p - 1), 9 * p };
        for (size_t i = 0; i < sizeof vs / sizeof *vs; i++) {
            size_t la = tk_i64_format(vs[i], a), lb = (size_t)(jw_put_int(b, vs[i]) - b);
            CHECK(la == lb && !memcmp(a, b, la));
        }
        if (k < 18)
            p *= 10;
    }
    int64_t edges[] = { INT64_MAX, INT64_MIN, INT64_MIN + 1 };
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        size_t la = tk_i64_format(edges[i], a), lb = (size_t)(jw_put_int(b, edges[i]) - b);
        CHECK(la == lb && !memcmp(a, b, la));
    }
}
