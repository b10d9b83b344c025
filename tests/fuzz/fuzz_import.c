/* An import reader over the input, built once per format (-DIMPORT_FORMAT="toggl"). */
#include <stdio.h>

#include "fuzz.h"
#include "import.h"

#ifndef IMPORT_FORMAT
#error "build with -DIMPORT_FORMAT=\"toggl\" (or harvest, timew, tock)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int tz_set;
    if (!tz_set) {
        setenv("TZ", "Europe/Berlin", 1);
        tz_set = 1;
    }
    import_fuzz(IMPORT_FORMAT, data, size);
    return 0;
}
