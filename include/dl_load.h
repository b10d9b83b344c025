/* dl_load.h — libraries tock opens at first use rather than links (libcurl, libcjson): most
 * commands never need them, and each one linked is mapped and relocated at every start. The
 * loaders (zoho_curl_load.c, json_cjson_load.c) keep their functions; these two steps, and
 * the words of their errors, are shared. */
#ifndef TOCK_DL_LOAD_H
#define TOCK_DL_LOAD_H
#include <stddef.h>

/* The first of names[0..n) that opens, or NULL with why set to "cannot load WHAT (reason)". */
void *dl_load_open(const char *const *names, size_t n, const char *what, char *why,
                   size_t nwhy);
/* Sets the function pointer at fnptr (size bytes) to lib's function name: 0, or -1 with why
 * set to "WHAT has no NAME". */
int dl_load_fn(void *lib, const char *name, void *fnptr, size_t size, const char *what,
               char *why, size_t nwhy);
#endif
