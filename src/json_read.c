/* json_read.c — the only file that includes cJSON; hands out opaque json_val pointers. */
#include "json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define C(v) ((const cJSON *)(const void *)(v))
#define J(v) ((json_val *)(void *)(v))

json_val *json_parse(const char *text, size_t len, tk_err *err)
{
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!doc) {
        size_t at = end && end >= text ? (size_t)(end - text) : 0;
        tk_fail(err, "malformed JSON near byte %zu", at);
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
