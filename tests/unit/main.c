/* main.c — runs every registered unit test; prints "N passed, N failed".
 * unit_tests [-x] [NAME...]: only the tests whose name contains one of the NAMEs; -x stops at
 * the first failure (tools/mutate.py runs a mutant's cheap tests first and stops there). */
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
    int passed = 0, failed = 0, stop_at_failure = 0, nonly = 0;
    char **only = argv + 1;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-x"))
            stop_at_failure = 1;
        else
            only[nonly++] = argv[a];
    }
    extern void text_init_locale(void);
    text_init_locale();
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (nonly) {
            int hit = 0;
            for (int k = 0; k < nonly && !hit; k++)
                hit = strstr(tests[i].name, only[k]) != NULL;
            if (!hit)
                continue;
        }
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
            if (stop_at_failure)
                break;
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
