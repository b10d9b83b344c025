/* zoho_curl_load.c — libcurl, loaded on first use. tock links no libcurl: the curl_*
 * functions that zoho_http.c calls are defined here and forward to libcurl.so.4, opened with
 * dlopen the first time one of them runs. Linking libcurl directly made every tock process
 * load and relocate it and its ~30 libraries (TLS, Kerberos, LDAP, SSH…) — several
 * milliseconds and megabytes on each `tock status` — for the few commands that talk to Zoho.
 *
 * When libcurl cannot be loaded, curl_global_init fails with CURLE_FAILED_INIT and
 * curl_easy_strerror says why, so the Zoho commands report it in their usual one line. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdarg.h>

#include "dl_load.h"

static struct {
    int tried;
    void *lib;
    char why[256];
    CURLcode (*global_init)(long);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    curl_mime *(*mime_init)(CURL *);
    void (*mime_free)(curl_mime *);
    curl_mimepart *(*mime_addpart)(curl_mime *);
    CURLcode (*mime_name)(curl_mimepart *, const char *);
    CURLcode (*mime_filename)(curl_mimepart *, const char *);
    CURLcode (*mime_type)(curl_mimepart *, const char *);
    CURLcode (*mime_data)(curl_mimepart *, const char *, size_t);
} cl;

#define SYM(field, name) dl_load_fn(cl.lib, name, &cl.field, sizeof cl.field, "libcurl", \
                                   cl.why, sizeof cl.why)

/* Opens libcurl once; 0 when every function is there. */
static int load(void)
{
    if (cl.tried)
        return cl.lib ? 0 : -1;
    cl.tried = 1;
    static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so" };
    cl.lib = dl_load_open(names, sizeof names / sizeof names[0], "libcurl", cl.why,
                          sizeof cl.why);
    if (!cl.lib)
        return -1;
    if (SYM(global_init, "curl_global_init") || SYM(global_cleanup, "curl_global_cleanup") ||
        SYM(easy_init, "curl_easy_init") || SYM(easy_cleanup, "curl_easy_cleanup") ||
        SYM(easy_reset, "curl_easy_reset") || SYM(easy_perform, "curl_easy_perform") ||
        SYM(easy_setopt, "curl_easy_setopt") || SYM(easy_getinfo, "curl_easy_getinfo") ||
        SYM(easy_strerror, "curl_easy_strerror") || SYM(slist_append, "curl_slist_append") ||
        SYM(slist_free_all, "curl_slist_free_all") || SYM(mime_init, "curl_mime_init") ||
        SYM(mime_free, "curl_mime_free") || SYM(mime_addpart, "curl_mime_addpart") ||
        SYM(mime_name, "curl_mime_name") || SYM(mime_filename, "curl_mime_filename") ||
        SYM(mime_type, "curl_mime_type") || SYM(mime_data, "curl_mime_data")) {
        dlclose(cl.lib);
        cl.lib = NULL;
        return -1;
    }
    return 0;
}

CURLcode curl_global_init(long flags)
{
    return load() ? CURLE_FAILED_INIT : cl.global_init(flags);
}

void curl_global_cleanup(void)
{
    if (cl.lib)
        cl.global_cleanup();
}

CURL *curl_easy_init(void)
{
    return load() ? NULL : cl.easy_init();
}

void curl_easy_cleanup(CURL *h)
{
    if (cl.lib && h)
        cl.easy_cleanup(h);
}

void curl_easy_reset(CURL *h)
{
    if (cl.lib && h)
        cl.easy_reset(h);
}

CURLcode curl_easy_perform(CURL *h)
{
    return load() ? CURLE_FAILED_INIT : cl.easy_perform(h);
}

/* The option's number says the type of its one argument, as in libcurl itself. */
CURLcode curl_easy_setopt(CURL *h, CURLoption opt, ...)
{
    if (load())
        return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, opt);
    CURLcode rc;
    if (opt < CURLOPTTYPE_OBJECTPOINT)
        rc = cl.easy_setopt(h, opt, va_arg(ap, long));
    else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
        rc = cl.easy_setopt(h, opt, va_arg(ap, void *));
    else if (opt < CURLOPTTYPE_OFF_T)
        rc = cl.easy_setopt(h, opt, va_arg(ap, void (*)(void)));
    else if (opt < CURLOPTTYPE_BLOB)
        rc = cl.easy_setopt(h, opt, va_arg(ap, curl_off_t));
    else
        rc = cl.easy_setopt(h, opt, va_arg(ap, void *));
    va_end(ap);
    return rc;
}

/* Every CURLINFO takes a pointer to where the answer goes. */
CURLcode curl_easy_getinfo(CURL *h, CURLINFO info, ...)
{
    if (load())
        return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, info);
    CURLcode rc = cl.easy_getinfo(h, info, va_arg(ap, void *));
    va_end(ap);
    return rc;
}

const char *curl_easy_strerror(CURLcode rc)
{
    if (load())
        return cl.why;
    return cl.easy_strerror(rc);
}

struct curl_slist *curl_slist_append(struct curl_slist *l, const char *s)
{
    return load() ? NULL : cl.slist_append(l, s);
}

void curl_slist_free_all(struct curl_slist *l)
{
    if (cl.lib)
        cl.slist_free_all(l);
}

/* Multipart bodies (a file attached to an invoice). */
curl_mime *curl_mime_init(CURL *h)
{
    return load() ? NULL : cl.mime_init(h);
}

void curl_mime_free(curl_mime *m)
{
    if (cl.lib)
        cl.mime_free(m);
}

curl_mimepart *curl_mime_addpart(curl_mime *m)
{
    return load() ? NULL : cl.mime_addpart(m);
}

CURLcode curl_mime_name(curl_mimepart *p, const char *name)
{
    return load() ? CURLE_FAILED_INIT : cl.mime_name(p, name);
}

CURLcode curl_mime_filename(curl_mimepart *p, const char *name)
{
    return load() ? CURLE_FAILED_INIT : cl.mime_filename(p, name);
}

CURLcode curl_mime_type(curl_mimepart *p, const char *type)
{
    return load() ? CURLE_FAILED_INIT : cl.mime_type(p, type);
}

CURLcode curl_mime_data(curl_mimepart *p, const char *data, size_t len)
{
    return load() ? CURLE_FAILED_INIT : cl.mime_data(p, data, len);
}
