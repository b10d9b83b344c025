/* dl_load.c — opening a library and finding its functions at first use (dl_load.h). */
#include "dl_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

void *dl_load_open(const char *const *names, size_t n, const char *what, char *why,
                   size_t nwhy)
{
    void *lib = NULL;
    for (size_t i = 0; i < n && !lib; i++)
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, nwhy, "cannot load %s (%s)", what, e ? e : names[0]);
    }
    return lib;
}

int dl_load_fn(void *lib, const char *name, void *fnptr, size_t size, const char *what,
               char *why, size_t nwhy)
{
    void *p = dlsym(lib, name);
    if (!p) {
        snprintf(why, nwhy, "%s has no %s", what, name);
        return -1;
    }
    memcpy(fnptr, &p, size);   /* an object pointer into a function pointer, without the cast
                                  ISO C forbids */
    return 0;
}
