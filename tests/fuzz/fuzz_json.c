/* json_parse, then every accessor over the whole document, as the Zoho client walks replies. */
#include <stdio.h>

#include "fuzz.h"
#include "json.h"

static void walk(const json_val *v, int depth)
{
    if (!v || depth > 64)
        return;
    int64_t i;
    bool b;
    char buf[64];
    json_is_str(v);
    json_is_num(v);
    json_is_null(v);
    json_str(v);
    json_int(v, &i);
    json_bool(v, &b);
    json_decimal(v, 2, buf, sizeof buf);
    json_decimal(v, 0, buf, sizeof buf);
    json_get(v, "code");
    json_get_str(v, "message");
    if (json_is_arr(v))
        for (size_t k = 0; k < json_len(v); k++)
            walk(json_at(v, k), depth + 1);
    json_at(v, 0);
    json_at(v, (size_t)-1);
    if (json_is_obj(v)) {
        static const char *const keys[] = { "invoice", "invoices", "contact", "line_items",
                                            "access_token", "error", "page_context" };
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            walk(json_get(v, keys[k]), depth + 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tk_err err = { "" };
    json_val *doc = json_parse((const char *)data, size, &err);
    if (doc)
        walk(doc, 0);
    else
        FUZZ_ASSERT(err.msg[0] != '\0');
    json_free(doc);
    return 0;
}
