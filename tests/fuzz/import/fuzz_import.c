/* fuzz_import.c — a libFuzzer harness for the import readers and the CSV reader. The first
 * byte picks the format (0 toggl, 1 harvest, 2 timew, 3 tock, 4 bare CSV); the rest is the file.
 * Seeds: the files of tests/fixtures/import/, each behind its format's byte. Build and run:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude \
 *     $(pkg-config --cflags libcjson) tests/fuzz/import/fuzz_import.c src/import*.c src/csv.c \
 *     src/instream.c src/sha256.c src/json_read.c src/json_cjson_load.c src/day.c src/money.c \
 *     src/util.c -ldl -o build/fuzz_import
 *   TZ=Europe/Oslo build/fuzz_import -max_total_time=300 tests/fuzz/import/corpus */
#include <stddef.h>
#include <stdint.h>
#include "csv.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = { "toggl", "harvest", "timew", "tock", "csv" };
    if (size < 1)
        return 0;
    const char *format = formats[data[0] % 5];
    data++, size--;
    if (format[0] != 'c') {
        import_fuzz(format, data, size);
        return 0;
    }
    csv_reader *r = csv_open_mem(data, size, "fuzz", 4096);
    tk_err err;
    while (csv_next(r, &err) == 1)
        for (size_t i = 0; i < csv_nfields(r); i++)
            (void)csv_field(r, i);
    csv_close(r);
    return 0;
}
