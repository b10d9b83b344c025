/* json_cjson_load.h — for json_read.c only: whether libcjson, loaded on first use, is there. */
#ifndef TOCK_JSON_CJSON_LOAD_H
#define TOCK_JSON_CJSON_LOAD_H

#include "util.h"

/* Opens libcjson the first time; 0 when it can be used, else -1 with why in err. */
int json_cjson_load(tk_err *err);

#endif
