/* json_read.c — the only file that includes cJSON (with its loader, json_cjson_load.c); hands
 * out opaque json_val pointers. */
#include "json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C(v) ((const cJSON *)(const void *)(v))
#define J(v) ((json_val *)(void *)(v))

/* cJSON reads "a\u0000b" as "a": a value would be cut without a word. Backslashes occur only
 * inside strings, so a plain scan finds the escape. Its byte offset, or -1. */
static long nul_escape(const char *text, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (text[i] == '\\') {
            if (text[i + 1] == 'u' && i + 6 <= len && !memcmp(text + i + 2, "0000", 4))
                return (long)i;
            i++;
        }
    return -1;
}

static int by_key(const void *a, const void *b)
{
    return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* cJSON keeps both members of {"a":1,"a":2} and hands out the first: which one the writer
 * meant is unknown, so the document is refused. The first key found twice, or NULL. */
static const char *duplicate_key(const cJSON *v)
{
    if (cJSON_IsObject(v)) {
        size_t n = 0;
        for (const cJSON *c = v->child; c; c = c->next)
            n += c->string != NULL;
        const cJSON **m = xcalloc(n, sizeof *m);
        n = 0;
        for (const cJSON *c = v->child; c; c = c->next)
            if (c->string)
                m[n++] = c;
        qsort(m, n, sizeof *m, by_key);
        const char *dup = NULL;
        for (size_t i = 1; i < n && !dup; i++)
            if (!strcmp(m[i - 1]->string, m[i]->string))
                dup = m[i]->string;
        free(m);
        if (dup)
            return dup;
    }
    for (const cJSON *c = v ? v->child : NULL; c; c = c->next) {
        const char *dup = duplicate_key(c);
        if (dup)
            return dup;
    }
    return NULL;
}

json_val *json_parse(const char *text, size_t len, tk_err *err)
{
    if (json_ready(err))
        return NULL;
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!doc) {
        size_t at = end && end >= text ? (size_t)(end - text) : 0;
        tk_fail(err, "malformed JSON near byte %zu", at);
        return NULL;
    }
    long nul = nul_escape(text, len);
    const char *dup = nul < 0 ? duplicate_key(doc) : NULL;
    if (nul >= 0)
        tk_fail(err, "a NUL character (\\u0000) in a JSON string near byte %ld", nul);
    else if (dup)
        tk_fail(err, "key \"%.60s\" appears twice in one JSON object", dup);
    if (nul >= 0 || dup) {
        cJSON_Delete(doc);
        return NULL;
    }
    return J(doc);
}

void json_free(json_val *doc)
{
    cJSON_Delete((cJSON *)(void *)doc);
}

json_val *json_get(const json_val *obj, const char *key)
{
    if (!obj || !cJSON_IsObject(C(obj)))
        return NULL;
    return J(cJSON_GetObjectItemCaseSensitive(C(obj), key));
}

size_t json_len(const json_val *arr)
{
    return arr && cJSON_IsArray(C(arr)) ? (size_t)cJSON_GetArraySize(C(arr)) : 0;
}

json_val *json_at(const json_val *arr, size_t i)
{
    if (!arr || !cJSON_IsArray(C(arr)) || i > (size_t)INT32_MAX)
        return NULL;
    return J(cJSON_GetArrayItem(C(arr), (int)i));
}

json_val *json_first(const json_val *arr)
{
    return arr && cJSON_IsArray(C(arr)) ? J(C(arr)->child) : NULL;
}

json_val *json_next(const json_val *v)
{
    return v ? J(C(v)->next) : NULL;
}

bool json_is_str(const json_val *v) { return v && cJSON_IsString(C(v)); }
bool json_is_num(const json_val *v) { return v && cJSON_IsNumber(C(v)); }
bool json_is_null(const json_val *v) { return v && cJSON_IsNull(C(v)); }
bool json_is_obj(const json_val *v) { return v && cJSON_IsObject(C(v)); }
bool json_is_arr(const json_val *v) { return v && cJSON_IsArray(C(v)); }

const char *json_str(const json_val *v)
{
    return json_is_str(v) ? C(v)->valuestring : NULL;
}

const char *json_get_str(const json_val *obj, const char *key)
{
    return json_str(json_get(obj, key));
}

int json_int(const json_val *v, int64_t *out)
{
    const double lim = 9007199254740992.0; /* 2^53 */
    if (json_is_num(v)) {
        double d = C(v)->valuedouble;
        if (!isfinite(d) || d != floor(d) || d > lim || d < -lim)
            return -1;
        *out = (int64_t)d;
        return 0;
    }
    const char *s = json_str(v);
    if (!s || !*s || strlen(s) > 18)
        return -1;
    int64_t r = 0;
    int neg = *s == '-';
    for (const char *p = s + neg; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        r = r * 10 + (*p - '0');
    }
    *out = neg ? -r : r;
    return 0;
}

int json_decimal(const json_val *v, int decimals, char *buf, size_t size)
{
    if (json_is_str(v)) {
        snprintf(buf, size, "%s", json_str(v));
        return 0;
    }
    if (!json_is_num(v) || !isfinite(C(v)->valuedouble) || fabs(C(v)->valuedouble) > 1e15)
        return -1;
    snprintf(buf, size, "%.*f", decimals, C(v)->valuedouble);
    return 0;
}

int json_bool(const json_val *v, bool *out)
{
    if (!v || !cJSON_IsBool(C(v)))
        return -1;
    *out = cJSON_IsTrue(C(v));
    return 0;
}
