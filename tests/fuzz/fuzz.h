/* fuzz.h — shared by the libFuzzer harnesses: the input as a NUL-terminated string. */
#ifndef TOCK_FUZZ_H
#define TOCK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A copy of the input with a NUL after it (parsers take C strings); caller frees. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* A broken invariant: crash so libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond) do { if (!(cond)) { \
        fprintf(stderr, "fuzz: invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
        abort(); } } while (0)

#endif
