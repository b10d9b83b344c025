/* zoho_token.c — the access token: kept in memory, cached across runs in one file only the
 * user can read (token_cache_path, written as a 0600 temp file + rename), and renewed with the
 * refresh-token grant when missing, near expiry or rejected. */
#include "zoho_internal.h"
#include "secret_file.h"

#include <stdint.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAX 65536
#define DEFAULT_LIFE 3600

static void wipe_free(char *s)
{
    if (s) {
        volatile char *p = s;
        while (*p)
            *p++ = '\0';
        free(s);
    }
}

static void wipe_sb(strbuf *sb)
{
    if (sb->buf)
        memset(sb->buf, 0, sb->cap);
    sb_free(sb);
}

static bool token_fresh(const zoho_client *c, time_t now)
{
    return c->access_token && now + ZOHO_TOKEN_MARGIN < c->token_expires;
}

static void set_token(zoho_client *c, const char *tok, time_t expires)
{
    wipe_free(c->access_token);
    c->access_token = xstrdup(tok);
    c->token_expires = expires;
}

/* api_domain (or a cached root) moves the API root unless api_url was configured. */
static void set_api_root(zoho_client *c, const char *root)
{
    if (c->api_root_fixed)
        return;
    free(c->api_root);
    c->api_root = xstrdup(root);
    size_t n = strlen(c->api_root);
    while (n > 0 && c->api_root[n - 1] == '/')
        c->api_root[--n] = '\0';
}

/* ---- the cache file ---- */

/* Wipes the secrets a parsed token reply or cache holds before it is freed: the tree keeps
 * copies of its strings. */
void zoho_token_wipe_doc(json_val *doc)
{
    static const char *const keys[] = { "access_token", "refresh_token", "id_token" };
    for (size_t i = 0; i < TK_ARRAY_LEN(keys); i++) {
        const char *v = json_get_str(doc, keys[i]);
        if (v) {
            volatile char *p = (volatile char *)(uintptr_t)v;
            while (*p)
                *p++ = '\0';
        }
    }
}

static void cache_apply(zoho_client *c, const json_val *doc)
{
    int64_t ver, exp;
    const char *tok = json_get_str(doc, "access_token");
    const char *root = json_get_str(doc, "api_root");
    if (json_int(json_get(doc, "version"), &ver) < 0 || ver != 1 ||
        json_int(json_get(doc, "expires_at"), &exp) < 0 || !tok || !*tok || !root ||
        !tk_streq(json_get_str(doc, "accounts_url"), c->accounts_url) ||
        !tk_streq(json_get_str(doc, "client_id"), c->client_id) ||
        zoho_text_url_check(root, "api_root", NULL) < 0) {
        zoho_http_trace(c, "zoho: the token cache is for other settings; ignoring it");
        return;
    }
    if (time(NULL) + ZOHO_TOKEN_MARGIN >= exp) {
        zoho_http_trace(c, "zoho: the cached access token is (nearly) expired");
        return;
    }
    set_token(c, tok, (time_t)exp);
    set_api_root(c, root);
    zoho_http_trace(c, "zoho: using the cached access token (%lld s left)", (long long)(exp - time(NULL)));
}

static int cache_check_fd(const zoho_client *c, int fd, tk_err *err)
{
    struct stat st;
    const char *p = c->cache_path;
    if (fstat(fd, &st) < 0)
        return tk_fail(err, "token cache %s: %s (zoho.token_cache_path)", p, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return tk_fail(err, "token cache %s is not a regular file (zoho.token_cache_path)", p);
    if (st.st_uid != geteuid())
        return tk_fail(err, "token cache %s belongs to another user; refusing to use it "
                       "(zoho.token_cache_path)", p);
    if (st.st_mode & 077)
        return tk_fail(err, "token cache %s is open to group/others (mode %04o); refusing to "
                       "use it — delete it or chmod 600 it (zoho.token_cache_path)",
                       p, (unsigned)(st.st_mode & 07777));
    return 0;
}

static int cache_read_fd(zoho_client *c, int fd, tk_err *err)
{
    if (cache_check_fd(c, fd, err) < 0)
        return -1;
    strbuf sb = {0};
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0 && sb.len < CACHE_MAX)
        sb_addn(&sb, buf, (size_t)n);
    memset(buf, 0, sizeof buf);
    json_val *doc = n == 0 ? json_parse(sb_str(&sb), sb.len, NULL) : NULL;
    if (doc)
        cache_apply(c, doc);
    else
        zoho_http_trace(c, "zoho: the token cache is unreadable; ignoring it");
    zoho_token_wipe_doc(doc);
    json_free(doc);
    wipe_sb(&sb);
    return 0;
}

/* 0: loaded, or nothing usable there (missing, stale, other settings); -1: a cache that
 * must not be used (wrong owner or mode, not a file), with err. */
static int cache_load(zoho_client *c, tk_err *err)
{
    if (!c->cache_path)
        return 0;
    int fd = open(c->cache_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        return tk_fail(err, "cannot open token cache %s: %s (zoho.token_cache_path)",
                       c->cache_path, strerror(errno));
    }
    int rc = cache_read_fd(c, fd, err);
    close(fd);
    return rc;
}

/* The cache's directory and its missing parents, made 0700 (like mkdir -p). */
static int cache_dir(const zoho_client *c, tk_err *err)
{
    char *dir = xstrdup(c->cache_path);
    char *slash = strrchr(dir, '/');
    int rc = 0;
    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = strchr(dir + 1, '/');; p = strchr(p + 1, '/')) {
            if (p)
                *p = '\0';
            if (mkdir(dir, 0700) < 0 && errno != EEXIST)
                rc = tk_fail(err, "cannot create %s for the token cache: %s "
                             "(zoho.token_cache_path)", dir, strerror(errno));
            if (!p || rc < 0)
                break;
            *p = '/';
        }
    }
    free(dir);
    return rc;
}

static void cache_json(const zoho_client *c, strbuf *sb)
{
    jw w;
    jw_init(&w, sb);
    jw_obj(&w);
    jw_kint(&w, "version", 1);
    jw_kstr(&w, "accounts_url", c->accounts_url);
    jw_kstr(&w, "client_id", c->client_id);
    jw_kstr(&w, "api_root", c->api_root);
    jw_kstr(&w, "access_token", c->access_token);
    jw_kint(&w, "expires_at", (int64_t)c->token_expires);
    jw_end_obj(&w);
    sb_addc(sb, '\n');
}

static int cache_store(zoho_client *c, tk_err *err)
{
    if (!c->cache_path)
        return 0;
    if (cache_dir(c, err) < 0)
        return -1;
    strbuf sb = {0};
    cache_json(c, &sb);
    int e = secret_file_put(c->cache_path, sb.buf, sb.len, "", 0);
    wipe_sb(&sb);
    if (e)
        return tk_fail(err, "cannot write token cache %s: %s (zoho.token_cache_path)",
                       c->cache_path, strerror(e));
    return 0;
}

/* ---- the refresh-token grant ---- */

/* Zoho has sent both seconds and (older replies) milliseconds; expires_in_sec wins. */
static int64_t token_life(const json_val *doc)
{
    int64_t life;
    if (json_int(json_get(doc, "expires_in_sec"), &life) == 0 && life > 0)
        return life;
    if (json_int(json_get(doc, "expires_in"), &life) < 0 || life <= 0)
        return DEFAULT_LIFE;
    if (life > 86400)
        life /= 1000;
    return life > 0 && life <= 86400 ? life : DEFAULT_LIFE;
}

static zoho_status token_accept(zoho_client *c, const json_val *doc, tk_err *err)
{
    const char *dom = json_get_str(doc, "api_domain");
    if (dom && !c->api_root_fixed) {
        tk_err why;
        if (zoho_text_url_check(dom, "api_domain in Zoho's token reply", &why) < 0)
            return zoho_fail(c, err, ZOHO_AUTH, "%s", why.msg); /* scrubbed: a reply is anything */
        char *root = xasprintf("%s/invoice/v3", dom);
        size_t n = strlen(dom);
        if (n && dom[n - 1] == '/')
            memmove(root + n - 1, root + n, strlen(root + n) + 1);
        set_api_root(c, root);
        free(root);
    }
    int64_t life = token_life(doc);
    set_token(c, json_get_str(doc, "access_token"), time(NULL) + (time_t)life);
    zoho_http_trace(c, "zoho: new access token, valid for %lld s; API root %s", (long long)life, c->api_root);
    return cache_store(c, err) < 0 ? ZOHO_AUTH : ZOHO_OK;
}

static zoho_status token_refused(zoho_client *c, const json_val *doc, long status, tk_err *err)
{
    const char *code = json_get_str(doc, "error");
    const char *desc = json_get_str(doc, "error_description");
    const char *a = c->accounts_url;
    if (tk_streq(code, "invalid_client"))
        return zoho_fail(c, err, ZOHO_AUTH, "Zoho's accounts server %s does not know this client "
                       "(invalid_client): check zoho.client_id, and that zoho.region (or "
                       "zoho.accounts_url) is the data centre of your Zoho account", a);
    if (tk_streq(code, "invalid_client_secret"))
        return zoho_fail(c, err, ZOHO_AUTH, "Zoho's accounts server %s rejected the client secret "
                       "(invalid_client_secret): check zoho.client_secret", a);
    if (tk_streq(code, "invalid_code"))
        return zoho_fail(c, err, ZOHO_AUTH, "Zoho's accounts server %s rejected the refresh token "
                       "(invalid_code): zoho.refresh_token is revoked, expired or mistyped — run "
                       "tock zoho connect for a new one", a);
    char *d = zoho_text_oneline(desc ? desc : "", 160);
    char *e = zoho_text_oneline(code ? code : "no access_token", 60);
    bool busy = strstr(d, "too many requests") || strstr(d, "Too many requests");
    zoho_status st = zoho_fail(c, err, busy ? ZOHO_TRANSIENT : ZOHO_AUTH,
                             "Zoho's accounts server %s refused the refresh (HTTP %ld, %s%s%s)%s",
                             a, status, e, *d ? ": " : "", d,
                             busy ? "; try again in a few minutes" :
                             ": check zoho.client_id, zoho.client_secret, zoho.refresh_token and zoho.region");
    free(d);
    free(e);
    return st;
}

static zoho_status token_reply(zoho_client *c, const struct zoho_http_response *rs, tk_err *err)
{
    if (rs->transport != ZOHO_HTTP_OK)
        return zoho_fail(c, err, ZOHO_TRANSIENT, "cannot reach Zoho's accounts server %s: %s",
                       c->accounts_url, rs->error);
    if (rs->status == 429 || rs->status >= 500)
        return zoho_fail(c, err, ZOHO_TRANSIENT, "Zoho's accounts server %s answered HTTP %ld "
                       "(%d attempts); try again later", c->accounts_url, rs->status, rs->attempts);
    json_val *doc = json_parse(sb_str(&rs->body), rs->body.len, NULL);
    zoho_status st;
    if (!json_is_obj(doc))
        st = zoho_fail(c, err, ZOHO_AUTH, "Zoho's accounts server %s sent no readable token reply "
                     "(HTTP %ld): check zoho.accounts_url and zoho.region", c->accounts_url, rs->status);
    else if (json_get_str(doc, "access_token") && *json_get_str(doc, "access_token"))
        st = token_accept(c, doc, err);
    else
        st = token_refused(c, doc, rs->status, err);
    zoho_token_wipe_doc(doc);
    json_free(doc);
    return st;
}

void zoho_token_form_add(strbuf *sb, const char *key, const char *value)
{
    if (sb->len)
        sb_addc(sb, '&');
    sb_add(sb, key);
    sb_addc(sb, '=');
    zoho_text_urlencode(sb, value);
}

static zoho_status refresh(zoho_client *c, tk_err *err)
{
    strbuf form = {0};
    zoho_token_form_add(&form, "grant_type", "refresh_token");
    zoho_token_form_add(&form, "client_id", c->client_id);
    zoho_token_form_add(&form, "client_secret", c->client_secret);
    zoho_token_form_add(&form, "refresh_token", c->refresh_token);
    char *url = xasprintf("%s/oauth/v2/token", c->accounts_url);
    struct zoho_http_request rq = {
        .method = "POST", .url = url, .content_type = "application/x-www-form-urlencoded",
        .body = sb_str(&form), .secret_form = true,
    };
    struct zoho_http_response rs = {0};
    zoho_http_send(c, &rq, true, &rs);
    wipe_sb(&form);
    zoho_status st = token_reply(c, &rs, err);
    wipe_sb(&rs.body);
    free(url);
    return st;
}

void zoho_token_forget(zoho_client *c)
{
    wipe_free(c->access_token);
    c->access_token = NULL;
    c->token_expires = 0;
    if (c->cache_path && unlink(c->cache_path) == 0)
        zoho_http_trace(c, "zoho: removed the cached access token of the earlier grant");
}

zoho_status zoho_token_ensure(zoho_client *c, bool force, tk_err *err)
{
    if (!force && token_fresh(c, time(NULL)))
        return ZOHO_OK;
    if (!force && !c->access_token) {
        if (cache_load(c, err) < 0)
            return ZOHO_AUTH;
        if (token_fresh(c, time(NULL)))
            return ZOHO_OK;
    }
    if (!c->refresh_token)
        return zoho_fail(c, err, ZOHO_AUTH, "zoho.refresh_token is not set");
    return refresh(c, err);
}
