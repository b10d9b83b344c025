/* main.c — runs every registered unit test; prints "N passed, N failed". */
#include "test.h"
#include "clock.h"

#include <stdlib.h>
#include <time.h>

#define T(name) void test_##name(void);
#include "registry.h"
#undef T

int t_failed_checks;

void t_fail_at(const char *file, int line, const char *what)
{
    fprintf(stderr, "    %s:%d: CHECK failed: %s\n", file, line, what);
    t_failed_checks++;
}

void t_set_tz(const char *tz)
{
    clock_set_zone(tz);
}

int main(int argc, char **argv)
{
    static const struct { const char *name; void (*fn)(void); } tests[] = {
#define T(name) { #name, test_##name },
#include "registry.h"
#undef T
    };
    int passed = 0, failed = 0;
    const char *only = argc > 1 ? argv[1] : NULL;
    extern void text_init_locale(void);
    text_init_locale();
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (only && !strstr(tests[i].name, only))
            continue;
        t_set_tz("UTC");
        unsetenv("TOCK_NOW");
        int before = t_failed_checks;
        tests[i].fn();
        if (t_failed_checks == before) {
            passed++;
            printf("ok   %s\n", tests[i].name);
        } else {
            failed++;
            printf("FAIL %s\n", tests[i].name);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
