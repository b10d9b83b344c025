#include "test.h"
#include "text.h"
#include "json.h"

TEST(text_width_and_fit)
{
    strbuf sb = { 0 };
    CHECK_INT(text_width("acme"), 4);
    CHECK_INT(text_width("café"), 4);
    CHECK_INT(text_width("サイト"), 6);
    text_fit(&sb, "サイト", 5, 1, 0);
    CHECK_STR(sb_str(&sb), "サイ…");
    sb_reset(&sb);
    text_fit(&sb, "サイト", 4, 1, 0); /* a wide character never splits */
    CHECK_STR(sb_str(&sb), "サ… ");
    CHECK_INT(text_width(sb_str(&sb)), 4);
    sb_reset(&sb);
    text_fit(&sb, "acme", 6, 1, 1);
    CHECK_STR(sb_str(&sb), "  acme");
    sb_reset(&sb);
    text_fit(&sb, "a-very-long-name", 6, 0, 0);
    CHECK_STR(sb_str(&sb), "a-ver…");
    sb_free(&sb);
}

TEST(keys_and_slugs)
{
    CHECK(key_valid("acme"));
    CHECK(key_valid("café"));
    CHECK(key_valid("サイト"));
    CHECK(key_valid("a.b_c-1"));
    CHECK(!key_valid(""));
    CHECK(!key_valid("a b"));
    CHECK(!key_valid("a/b"));
    CHECK(!key_valid("\xff"));
    char *s = key_slugify("Client A");
    CHECK_STR(s, "client-a");
    free(s);
    s = key_slugify("  Ünïcode & Co. ");
    CHECK_STR(s, "ünïcode-co.");
    free(s);
    s = key_slugify("!!!");
    CHECK_STR(s, "unnamed");
    free(s);
    const char *c[] = { "acme", "globex", "initech" };
    CHECK_STR(key_suggest("acm", c, 3), "acme");
    CHECK_STR(key_suggest("globx", c, 3), "globex");
    CHECK(key_suggest("zzzzzz", c, 3) == NULL);
}

/* json_first/json_next give an array's elements in order, as json_at does, and nothing for
 * an empty array, an object or a scalar (app_dump's restore walks its rows this way). */
TEST(json_walk_gives_what_json_at_gives)
{
    static const char doc_text[] =
        "{\"rows\":[[1,\"a\",null],[2,\"b\",7],[]],\"none\":[],\"obj\":{\"x\":1},\"n\":5}";
    tk_err err;
    json_val *doc = json_parse(doc_text, sizeof doc_text - 1, &err);
    CHECK(doc != NULL);
    const json_val *rows = json_get(doc, "rows");
    size_t k = 0;
    for (const json_val *row = json_first(rows); row; row = json_next(row), k++) {
        CHECK(row == json_at(rows, k));
        size_t i = 0;
        for (const json_val *x = json_first(row); x; x = json_next(x), i++)
            CHECK(x == json_at(row, i));
        CHECK_INT(i, json_len(row));
    }
    CHECK_INT(k, 3);
    int64_t v = 0;
    CHECK(json_int(json_first(json_first(rows)), &v) == 0 && v == 1);
    CHECK(json_first(json_get(doc, "none")) == NULL);
    CHECK(json_first(json_get(doc, "obj")) == NULL);
    CHECK(json_first(json_get(doc, "n")) == NULL);
    CHECK(json_first(NULL) == NULL);
    CHECK(json_next(NULL) == NULL);
    json_free(doc);
}

TEST(json_write_read)
{
    strbuf sb = { 0 };
    jw w;
    jw_init(&w, &sb);
    jw_obj(&w);
    jw_kstr(&w, "a", "x\"y\n");
    jw_kint(&w, "big", INT64_MAX);
    jw_key(&w, "list");
    jw_arr(&w);
    jw_int(&w, 1);
    jw_bool(&w, true);
    jw_null(&w);
    jw_end_arr(&w);
    jw_key(&w, "rate");
    jw_raw(&w, "150.00");
    jw_end_obj(&w);
    CHECK_STR(sb_str(&sb), "{\"a\":\"x\\\"y\\n\",\"big\":9223372036854775807,\"list\":[1,true,null],\"rate\":150.00}");
    tk_err err;
    json_val *doc = json_parse(sb.buf, sb.len, &err);
    CHECK(doc != NULL);
    CHECK_STR(json_get_str(doc, "a"), "x\"y\n");
    CHECK_INT(json_len(json_get(doc, "list")), 3);
    char dec[32];
    CHECK_INT(json_decimal(json_get(doc, "rate"), 2, dec, sizeof dec), 0);
    CHECK_STR(dec, "150.00");
    int64_t v;
    CHECK(json_int(json_get(doc, "big"), &v) == -1); /* beyond 2^53: refused, not rounded */
    json_free(doc);
    CHECK(json_parse("{\"a\":", 5, &err) == NULL);
    sb_free(&sb);
}

TEST(text_fit_hides_control_characters)
{
    strbuf sb = { 0 };
    text_fit(&sb, "a\tb\nc\x1b[1m\xc2\x9b" "d\xff", 12, 1, 0);
    CHECK_STR(sb_str(&sb), "a b c [1m d?");
    CHECK_INT(text_width("a\tb\nc\x1b[1m\xc2\x9b" "d\xff"), 12);
    sb_reset(&sb);
    text_fit(&sb, "x\ny\nz", 4, 1, 0);
    CHECK_STR(sb_str(&sb), "x y…");
    sb_free(&sb);
}

TEST(json_output_is_valid_utf8)
{
    strbuf sb = { 0 };
    json_escape(&sb, "caf\xc3\xa9 \xff x\xe2\x82 \xed\xa0\x80 \xf0\x9f\x94\xa5 \x01\x7f");
    #define R "\xef\xbf\xbd"
    CHECK_STR(sb_str(&sb), "\"caf\xc3\xa9 " R " x" R R " " R R R " \xf0\x9f\x94\xa5 \\u0001\\u007f\"");
#undef R
    sb_free(&sb);
}

TEST(fold_ignores_case_beyond_ascii)
{
    char *f = text_fold("ZÜRICH AG Ärzte ÉCOLE 東京 x");
    CHECK_STR(f, "zürich ag ärzte école 東京 x");
    free(f);
    f = text_fold("bad \xff byte");
    CHECK_STR(f, "bad \xff byte");
    free(f);
    f = text_fold("");
    CHECK_STR(f, "");
    free(f);
}

/* Folding for matching what people type: marks go, German umlauts also as ae/oe/ue. */
TEST(text_fold_plain_as_people_type)
{
    char *s = text_fold_plain("Zürich AG · Straße · Łódź · Ærø · Œuvre · 東京", false);
    CHECK_STR(s, "zurich ag · strasse · lodz · aero · oeuvre · 東京");
    free(s);
    s = text_fold_plain("ZÜRICH Göteborg Mäder", true);
    CHECK_STR(s, "zuerich goeteborg maeder");
    free(s);
    s = text_fold_plain("Zu\xcc\x88rich", false);   /* decomposed: u + combining diaeresis */
    CHECK_STR(s, "zurich");
    free(s);
    s = text_fold_plain("bad \xff byte", false);
    CHECK_STR(s, "bad \xff byte");
    free(s);
}
