#include "test.h"
#include "json.h"
#include "util.h"
#include "zoho.h"
#include "zoho_internal.h"

#include <stdlib.h>
#include <sys/prctl.h>

#include "app.h"
#include "app_zoho.h"

static char *enc(const char *s)
{
    strbuf sb = {0};
    zoho_text_urlencode(&sb, s);
    return sb_detach(&sb);
}

TEST(zoho_urlencode)
{
    char *e = enc("Müller & Söhne/x=1+2~._-");
    CHECK_STR(e, "M%C3%BCller%20%26%20S%C3%B6hne%2Fx%3D1%2B2~._-");
    free(e);
}

TEST(zoho_url_check)
{
    tk_err err;
    const char *good[] = {
        "https://www.zohoapis.eu/invoice/v3", "https://accounts.zohocloud.ca",
        "http://127.0.0.1:8080", "http://127.1.2.3/x", "http://localhost:1/invoice/v3",
        "http://LOCALHOST", "http://[::1]:9000/", "https://[2001:db8::1]/x",
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(good); i++)
        CHECK(zoho_text_url_check(good[i], "zoho.api_url", &err) == 0);
    const char *bad[] = {
        "http://www.zohoapis.com/invoice/v3", "http://10.0.0.1", "http://128.0.0.1",
        "http://[::2]", "http://127.0.0.1.example.com", "http://localhost.example.com",
        "http://127.1", "ftp://127.0.0.1", "https://", "https://user@host",
        "http://127.0.0.1@evil.example", "https://host/x?y=1", "https://host:99999999",
        "https://host:x", "https://ho st", "http://[::1", "", "www.zohoapis.com",
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(bad); i++) {
        err.msg[0] = '\0';
        CHECK(zoho_text_url_check(bad[i], "zoho.api_url", &err) == -1);
        CHECK(strstr(err.msg, "zoho.api_url") != NULL);
    }
    CHECK(zoho_text_url_check("http://example.com", "zoho.accounts_url", &err) == -1);
    CHECK(strstr(err.msg, "https://") && strstr(err.msg, "zoho.accounts_url"));
}

TEST(zoho_redact)
{
    strbuf sb = {0};
    zoho_text_redact_form(&sb, "grant_type=refresh_token&client_id=1000.A&client_secret=s3&refresh_token=r%26t");
    CHECK_STR(sb_str(&sb), "grant_type=refresh_token&client_id=1000.A&client_secret=[REDACTED]"
              "&refresh_token=[REDACTED]");
    sb_free(&sb);
    zoho_text_redact_json(&sb, "{\"access_token\" : \"1000.a\\\"b.c\",\"api_domain\":\"https://x\","
                   "\"nested\":{\"refresh_token\":\"r\"},\"list\":[\"access_token\"],\"code\":0}");
    CHECK_STR(sb_str(&sb), "{\"access_token\" : \"[REDACTED]\",\"api_domain\":\"https://x\","
              "\"nested\":{\"refresh_token\":\"[REDACTED]\"},\"list\":[\"access_token\"],\"code\":0}");
    sb_free(&sb);
    zoho_text_redact_json(&sb, "{\"access_token\":\"unterminated");
    CHECK(strstr(sb_str(&sb), "unterminated") == NULL);
    sb_free(&sb);
    const char *secrets[] = { "hunter22", NULL, "abc", "tok.1" };
    char *s = zoho_text_scrub("pw hunter22 and tok.1tok.1 abc", secrets, TK_ARRAY_LEN(secrets));
    CHECK_STR(s, "pw [REDACTED] and [REDACTED][REDACTED] abc");
    free(s);
}

TEST(zoho_oneline)
{
    char *s = zoho_text_oneline("a\nb\tc", 80);
    CHECK_STR(s, "a b c");
    free(s);
    s = zoho_text_oneline("Müller", 2); /* never cuts inside a UTF-8 sequence */
    CHECK_STR(s, "M…");
    free(s);
}

TEST(zoho_decimal_and_id)
{
    const char *doc = "{\"a\":375.5,\"b\":1200,\"c\":\"99.90\",\"d\":0.1,\"e\":\"1e5\",\"f\":-0.0001,"
                      "\"id\":\"460000000026049\",\"n\":460000000026049,\"x\":true}";
    json_val *v = json_parse(doc, strlen(doc), NULL);
    const char *keys[] = { "a", "b", "c", "d", "f" };
    const char *want[] = { "375.5", "1200", "99.9", "0.1", "0" };
    for (size_t i = 0; i < TK_ARRAY_LEN(keys); i++) {
        char *d = zoho_text_decimal(json_get(v, keys[i]));
        CHECK_STR(d, want[i]);
        free(d);
    }
    CHECK(zoho_text_decimal(json_get(v, "e")) == NULL);
    CHECK(zoho_text_decimal(json_get(v, "x")) == NULL);
    char *id = zoho_text_id(json_get(v, "id")), *n = zoho_text_id(json_get(v, "n"));
    CHECK_STR(id, "460000000026049");
    CHECK_STR(n, "460000000026049");
    CHECK(zoho_text_id(json_get(v, "x")) == NULL);
    free(id);
    free(n);
    json_free(v);
}

static const struct zoho_settings base = {
    .client_id = "1000.X", .client_secret = "sec-ret", .refresh_token = "1000.r.t",
    .organization_id = "600123",
};

TEST(zoho_open_regions)
{
    tk_err err;
    const char *regions[][2] = {
        { NULL, "https://www.zohoapis.com/invoice/v3" },
        { "eu", "https://www.zohoapis.eu/invoice/v3" },
        { "com.au", "https://www.zohoapis.com.au/invoice/v3" },
        { "ca", "https://www.zohoapis.ca/invoice/v3" },
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(regions); i++) {
        struct zoho_settings s = base;
        s.region = regions[i][0];
        zoho_client *c = zoho_open(&s, &err);
        CHECK(c != NULL);
        if (c)
            CHECK_STR(zoho_api_root(c), regions[i][1]);
        zoho_close(c);
    }
    struct zoho_settings s = base;
    s.region = "in";
    s.api_url = "https://invoice.zoho.in/api/v3/";
    zoho_client *c = zoho_open(&s, &err);
    CHECK(c != NULL);
    if (c)
        CHECK_STR(zoho_api_root(c), "https://invoice.zoho.in/api/v3");
    zoho_close(c);
}

TEST(zoho_open_refuses_bad_settings)
{
    tk_err err;
    struct zoho_settings s = base;
    s.region = "us";
    CHECK(zoho_open(&s, &err) == NULL && strstr(err.msg, "zoho.region"));
    s = base;
    s.refresh_token = "";
    CHECK(zoho_open(&s, &err) == NULL && strstr(err.msg, "zoho.refresh_token"));
    s = base;
    s.organization_id = "600\r\nX-Evil: 1";
    CHECK(zoho_open(&s, &err) == NULL && strstr(err.msg, "zoho.organization_id"));
    s = base;
    s.accounts_url = "http://accounts.zoho.com";
    CHECK(zoho_open(&s, &err) == NULL && strstr(err.msg, "zoho.accounts_url"));
    s = base;
    s.client_secret = "a\nb";
    CHECK(zoho_open(&s, &err) == NULL && strstr(err.msg, "zoho.client_secret") &&
          !strstr(err.msg, "a\nb"));
}

TEST(zoho_status_names)
{
    CHECK_STR(zoho_status_name(ZOHO_OK), "ok");
    CHECK_STR(zoho_status_name(ZOHO_TRANSIENT), "transient");
    CHECK_STR(zoho_status_name(ZOHO_PERMANENT), "permanent");
    CHECK_STR(zoho_status_name(ZOHO_AUTH), "auth");
}

TEST(zoho_secret_guard_nests)
{
    int before = prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L);
    zoho_secret_guard(true);
    zoho_secret_guard(true);
    CHECK_INT(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 0);
    zoho_secret_guard(false);
    CHECK_INT(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 0);   /* still one holder */
    zoho_secret_guard(false);
    CHECK_INT(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 1);
    zoho_secret_guard(false);                                /* unbalanced: no effect */
    CHECK_INT(prctl(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L), 1);
    prctl(PR_SET_DUMPABLE, (long)before, 0L, 0L, 0L);
}

TEST(app_zoho_total_rounds_like_zoho)
{
    tk_err err;
    int64_t t;
    const char *kwd = "{\"line_items\":[{\"rate\":12.345,\"quantity\":1.00},"
                      "{\"rate\":1.234,\"quantity\":2.50}]}";
    /* price precision 2: 12.35 + 1.23 × 2.5 = 3.075 → 3.08; 15.43 KWD */
    CHECK_INT(app_zoho_total(kwd, 2, 3, &t, &err), 0);
    CHECK_INT(t, 15430);
    /* precision 3: 12.345 + 3.085 */
    CHECK_INT(app_zoho_total(kwd, 3, 3, &t, &err), 0);
    CHECK_INT(t, 15430);
    const char *eur = "{\"line_items\":[{\"rate\":150.00,\"quantity\":0.75},"
                      "{\"rate\":225.00,\"quantity\":1.5}]}";
    CHECK_INT(app_zoho_total(eur, 2, 2, &t, &err), 0);
    CHECK_INT(t, 45000);
    /* whole units: each line rounds on its own, 112.5 → 113 and 337.5 → 338 */
    CHECK_INT(app_zoho_total(eur, 0, 0, &t, &err), 0);
    CHECK_INT(t, 451);
    CHECK(app_zoho_total("{\"line_items\":[{\"rate\":\"x\",\"quantity\":1}]}", 2, 2, &t, &err) < 0);
    CHECK(app_zoho_total("not json", 2, 2, &t, &err) < 0);
}

TEST(zoho_every_data_centre)
{
    static const char *const dc[][2] = {
        { "com", "https://www.zohoapis.com/invoice/v3" },
        { "eu", "https://www.zohoapis.eu/invoice/v3" },
        { "in", "https://www.zohoapis.in/invoice/v3" },
        { "com.au", "https://www.zohoapis.com.au/invoice/v3" },
        { "jp", "https://www.zohoapis.jp/invoice/v3" },
        { "ca", "https://www.zohoapis.ca/invoice/v3" },
        { "sa", "https://www.zohoapis.sa/invoice/v3" },
        { "uk", "https://www.zohoapis.uk/invoice/v3" },
        { "com.cn", "https://www.zohoapis.com.cn/invoice/v3" },
    };
    for (size_t i = 0; i < sizeof dc / sizeof dc[0]; i++) {
        tk_err err;
        struct zoho_settings s = base;
        s.region = dc[i][0];
        zoho_client *c = zoho_open(&s, &err);
        CHECK(c != NULL);
        if (c)
            CHECK_STR(zoho_api_root(c), dc[i][1]);
        zoho_close(c);
    }
}

/* tock zoho connect sends the user to the API console of their accounts server's data centre. */
TEST(zoho_console_url_per_data_centre)
{
    static const char *const cases[][3] = { /* region, accounts_url, console */
        { NULL, NULL, "https://api-console.zoho.com" },
        { "eu", NULL, "https://api-console.zoho.eu" },
        { "com.au", NULL, "https://api-console.zoho.com.au" },
        { "ca", NULL, "https://api-console.zohocloud.ca" },
        { "com", "https://accounts.zoho.in/", "https://api-console.zoho.in" },
        { "jp", "http://127.0.0.1:8080", "https://api-console.zoho.jp" },
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(cases); i++) {
        struct zoho_settings s = base;
        s.region = cases[i][0];
        s.accounts_url = cases[i][1];
        char *url = zoho_console_url(&s);
        CHECK_STR(url, cases[i][2]);
        free(url);
    }
}

/* The grant's client has no refresh token yet; any other client must have one. */
TEST(zoho_open_without_refresh_token_only_for_the_grant)
{
    tk_err err;
    struct zoho_settings s = base;
    s.refresh_token = NULL;
    CHECK(zoho_open(&s, &err) == NULL && strstr(err.msg, "zoho.refresh_token"));
    s.no_refresh_token = true;
    zoho_client *c = zoho_open(&s, &err);
    CHECK(c != NULL);
    if (c)
        CHECK(zoho_authenticate(c, &err) == ZOHO_AUTH && strstr(err.msg, "zoho.refresh_token"));
    zoho_close(c);
}

/* Found by fuzz_zoho: a token reply's api_domain holding a newline reached the error as is. */
TEST(zoho_url_check_message_is_one_line)
{
    tk_err err;
    CHECK(zoho_text_url_check("https:/\xff\n\xff/www.zohoapis.eu", "api_domain in Zoho's token reply",
                       &err) < 0);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(strstr(err.msg, "api_domain in Zoho's token reply") != NULL);
}
