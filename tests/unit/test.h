/* test.h — a tiny unit-test harness. TEST(name) { CHECK(...); } registers itself through
 * the registry the Makefile generates from the TEST( lines. */
#ifndef TOCK_TEST_H
#define TOCK_TEST_H

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

extern int t_failed_checks;
void t_fail_at(const char *file, int line, const char *what);

#define TEST(name) void test_##name(void); void test_##name(void)
#define CHECK(cond) do { if (!(cond)) t_fail_at(__FILE__, __LINE__, #cond); } while (0)
#define CHECK_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
        if (a_ != b_) { char m_[256]; snprintf(m_, sizeof m_, "%s == %s (%lld != %lld)", #a, #b, a_, b_); \
            t_fail_at(__FILE__, __LINE__, m_); } } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
        if (!a_ || !b_ || strcmp(a_, b_)) { char m_[1024]; snprintf(m_, sizeof m_, "%.100s == %.100s (\"%.300s\" != \"%.300s\")", \
            #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); t_fail_at(__FILE__, __LINE__, m_); } } while (0)

/* The next of a seeded xorshift64 sequence (*state non-zero): random cases that repeat. */
static inline uint64_t t_rand(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* Run the rest of a test in another time zone. */
void t_set_tz(const char *tz);

#endif
