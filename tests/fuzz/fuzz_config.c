/* config_load on a file holding the input, then the business hours and holidays it names. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bizhours.h"
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/tock-fuzz-config-%ld.ini", (long)getpid());
        if (!freopen("/dev/null", "w", stdout))
            abort();
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    chmod(path, 0600);
    tk_config cfg;
    tk_err err = { "" };
    if (config_load(&cfg, path, &err) == 0) {
        tk_bizhours b;
        if (bizhours_parse(cfg.business_hours, &b, &err) == 0)
            bizhours_add_holidays(&b, cfg.holidays, &err);
        FUZZ_ASSERT(cfg.week_start >= 0 && cfg.week_start <= 6);
        for (size_t i = 0; i < cfg.ntiers; i++)
            FUZZ_ASSERT(cfg.tiers[i].permille > 0);
    } else {
        FUZZ_ASSERT(err.msg[0] != '\0');
    }
    config_free(&cfg);
    unlink(path);
    return 0;
}
