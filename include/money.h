/* money.h — amounts are int64 minor units of one ISO 4217 currency. No floating point. */
#ifndef TOCK_MONEY_H
#define TOCK_MONEY_H

#include <stdint.h>
#include "util.h"

/* Largest amount tock accepts from a user: 10^15 minor units. */
#define MONEY_MAX INT64_C(1000000000000000)

int currency_valid(const char *iso);          /* a current ISO 4217 code, e.g. EUR */
int currency_exponent(const char *iso);       /* its minor units (ISO 4217); 2 when unknown */

/* "150", "150.5", "150.00" in major units → minor units of a currency with that exponent.
 * More decimals than the currency has, signs, separators or junk: -1 with err. */
int money_parse(const char *s, int exponent, int64_t *minor, tk_err *err);
/* "1234.50" (no grouping; "-" for negatives); buf of at least 32 bytes. */
char *money_format(int64_t minor, int exponent, char *buf);

/* A decimal factor such as "1.5" as thousandths (1500). 0 < factor ≤ 100. */
int permille_parse(const char *s, int32_t *permille, tk_err *err);

#endif
