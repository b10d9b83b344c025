/* fixed.h — fixed-price milestones, what an hour costs the agency, and the arithmetic of
 * profit. Pure: no I/O. Money in minor units, percentages in basis points (1 % = 100 bp),
 * every division rounded once, half away from zero (tk_muldiv_round). */
#ifndef TOCK_FIXED_H
#define TOCK_FIXED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "day.h"
#include "util.h"

/* A part of a fixed price, billed by the first invoice that carries it. */
typedef struct tk_milestone {
    int64_t id, project_id, client_id;
    char *project;             /* key, filled when read */
    int64_t amount_minor;      /* > 0 */
    int32_t pct_bp;            /* the percentage it was given as, 0 for an amount */
    char *note;
    tk_day day;                /* when it was recorded (billable from then on) */
    int64_t invoice_id;        /* the pending or sent invoice carrying it; 0: none */
    int64_t created;
} tk_milestone;

void tk_milestone_clear(tk_milestone *m);

/* What an hour of a user costs, in one currency, from a day on (like a rate). */
typedef struct tk_cost_rate {
    int64_t id, user_id;
    char *user;                /* login, filled when read */
    char currency[4];
    int64_t amount_minor;      /* per hour, >= 0 */
    tk_day from;
} tk_cost_rate;

void tk_cost_rate_clear(tk_cost_rate *r);

/* "40%", "12.5 %" → basis points (4000, 1250): at most two decimals, > 0. 1 parsed, 0 not a
 * percentage (no '%'), -1 with err on a malformed one. */
int fixed_parse_pct(const char *s, int32_t *bp, tk_err *err);
/* price × bp / 10000, rounded half away from zero. -1 on overflow. */
int fixed_pct_amount(int64_t price_minor, int32_t bp, int64_t *amount);
/* Whether a new milestone fits the price: 0, or -1 with err naming what is left. */
int fixed_check_fits(int64_t price_minor, int64_t billed_minor, int64_t amount_minor,
                     int exponent, const char *currency, tk_err *err);

/* The cost rate of user_id in currency on day among rates (any order): the latest from on or
 * before day. NULL when none. */
const tk_cost_rate *cost_rate_find(const tk_cost_rate *rates, size_t n, int64_t user_id,
                                   const char *currency, tk_day day);
/* rate × seconds / 3600, rounded half away from zero: the cost of one entry. -1 on overflow. */
int cost_of_seconds(int64_t rate_minor, int64_t seconds, int64_t *cost);

/* part / whole in basis points (4250 = 42.50 %), rounded half away from zero; 0 when whole is
 * 0 (has is then false). */
int64_t profit_bp(int64_t part, int64_t whole, bool *has);
/* "42.50" from 4250, "-3.05" from -305. buf of 32 bytes. */
char *profit_format_bp(int64_t bp, char *buf);

/* "40" from 4000, "12.5" from 1250, "0.25" from 25. buf of 32 bytes. */
char *fixed_format_pct(int32_t bp, char *buf);

#endif
