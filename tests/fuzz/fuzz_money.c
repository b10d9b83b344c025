/* money_parse and permille_parse: accepted amounts are in range and print back to themselves. */
#include <stdio.h>

#include "fuzz.h"
#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int exponent = data[0] % 4; /* 0, 2, 3 are ISO's; 1 for good measure */
    char *s = fuzz_cstr(data + 1, size - 1);
    tk_err err = { "" };
    int64_t minor;
    if (money_parse(s, exponent, &minor, &err) == 0) {
        FUZZ_ASSERT(minor >= 0 && minor <= MONEY_MAX);
        char buf[64];
        int64_t again = -1;
        FUZZ_ASSERT(money_parse(money_format(minor, exponent, buf), exponent, &again, &err) == 0);
        FUZZ_ASSERT(again == minor);
    }
    int32_t pm;
    if (permille_parse(s, &pm, &err) == 0)
        FUZZ_ASSERT(pm > 0 && pm <= 100000);
    currency_valid(s);
    currency_exponent(s);
    free(s);
    return 0;
}
