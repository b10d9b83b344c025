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
