/* json_cjson_load.c — cJSON, loaded on first use. tock links no libcjson: the cJSON_*
 * functions that json_read.c calls are defined here and forward to libcjson.so.1, opened with
 * dlopen the first time a document is parsed. Linking it made every tock process map and
 * relocate one more library at start (~27 µs), though most commands never read JSON.
 *
 * When libcjson cannot be loaded, json_ready (json.h) says why in err, so json_parse fails with
 * that one line and every cJSON_* here answers "nothing" instead of calling through NULL. */
#include "json.h"

#include <cjson/cJSON.h>
#include <dlfcn.h>

#include "dl_load.h"

static struct {
    int tried;
    void *lib;
    char why[256];
    cJSON *(*parse)(const char *, size_t, const char **, cJSON_bool);
    void (*del)(cJSON *);
    cJSON *(*get_item)(const cJSON *, const char *);
    int (*array_size)(const cJSON *);
    cJSON *(*array_item)(const cJSON *, int);
    cJSON_bool (*is_object)(const cJSON *);
    cJSON_bool (*is_array)(const cJSON *);
    cJSON_bool (*is_string)(const cJSON *);
    cJSON_bool (*is_number)(const cJSON *);
    cJSON_bool (*is_null)(const cJSON *);
    cJSON_bool (*is_bool)(const cJSON *);
    cJSON_bool (*is_true)(const cJSON *);
} cj;

#define SYM(field, name) dl_load_fn(cj.lib, name, &cj.field, sizeof cj.field, "libcjson", \
                                   cj.why, sizeof cj.why)

/* Opens libcjson once; 0 when every function is there. */
static int load(void)
{
    if (cj.tried)
        return cj.lib ? 0 : -1;
    cj.tried = 1;
    static const char *const names[] = { "libcjson.so.1" };
    cj.lib = dl_load_open(names, 1, "libcjson", cj.why, sizeof cj.why);
    if (!cj.lib)
        return -1;
    if (SYM(parse, "cJSON_ParseWithLengthOpts") || SYM(del, "cJSON_Delete") ||
        SYM(get_item, "cJSON_GetObjectItemCaseSensitive") ||
        SYM(array_size, "cJSON_GetArraySize") || SYM(array_item, "cJSON_GetArrayItem") ||
        SYM(is_object, "cJSON_IsObject") || SYM(is_array, "cJSON_IsArray") ||
        SYM(is_string, "cJSON_IsString") || SYM(is_number, "cJSON_IsNumber") ||
        SYM(is_null, "cJSON_IsNull") || SYM(is_bool, "cJSON_IsBool") ||
        SYM(is_true, "cJSON_IsTrue")) {
        dlclose(cj.lib);
        cj.lib = NULL;
        return -1;
    }
    return 0;
}

int json_ready(tk_err *err)
{
    return load() ? tk_fail(err, "%s", cj.why) : 0;
}

cJSON *cJSON_ParseWithLengthOpts(const char *value, size_t len, const char **end,
                                 cJSON_bool require_null_terminated)
{
    return load() ? NULL : cj.parse(value, len, end, require_null_terminated);
}

/* A node exists only once the library is loaded: without it there is nothing to free or ask. */
void cJSON_Delete(cJSON *item)
{
    if (cj.lib)
        cj.del(item);
}

cJSON *cJSON_GetObjectItemCaseSensitive(const cJSON *object, const char *key)
{
    return cj.lib ? cj.get_item(object, key) : NULL;
}

int cJSON_GetArraySize(const cJSON *array)
{
    return cj.lib ? cj.array_size(array) : 0;
}

cJSON *cJSON_GetArrayItem(const cJSON *array, int index)
{
    return cj.lib ? cj.array_item(array, index) : NULL;
}

cJSON_bool cJSON_IsObject(const cJSON *item) { return cj.lib && cj.is_object(item); }
cJSON_bool cJSON_IsArray(const cJSON *item) { return cj.lib && cj.is_array(item); }
cJSON_bool cJSON_IsString(const cJSON *item) { return cj.lib && cj.is_string(item); }
cJSON_bool cJSON_IsNumber(const cJSON *item) { return cj.lib && cj.is_number(item); }
cJSON_bool cJSON_IsNull(const cJSON *item) { return cj.lib && cj.is_null(item); }
cJSON_bool cJSON_IsBool(const cJSON *item) { return cj.lib && cj.is_bool(item); }
cJSON_bool cJSON_IsTrue(const cJSON *item) { return cj.lib && cj.is_true(item); }
