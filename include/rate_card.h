/* rate_card.h — which hourly rate applies to a project, tier and day. Pure lookups over arrays
 * the caller owns; nothing is allocated or kept. */
#ifndef TOCK_RATE_CARD_H
#define TOCK_RATE_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "util.h"

/* A tier's price relative to standard, in thousandths: after-hours 1500 = × 1.5. */
typedef struct tk_tier_mult {
    const char *name;
    int32_t permille;
} tk_tier_mult;

/* One client's rates (project_id 0 = client-wide) and the configured tier multipliers.
 * Borrowed: the arrays must outlive the card. A rate's tier NULL means "standard". */
typedef struct tk_rate_card {
    const tk_rate *rates;
    size_t nrates;
    const tk_tier_mult *mults;
    size_t nmults;
} tk_rate_card;

/* The rate found, and where it came from, so an invoice preview can explain itself. */
typedef struct tk_rate_hit {
    int64_t rate_minor;     /* per hour, after any multiplier */
    int64_t base_minor;     /* the stored rate used (the standard one when derived) */
    int64_t rate_id;        /* tk_rate.id of that stored rate */
    tk_day from;            /* its first day in force */
    bool project_level;     /* a project rate rather than the client-wide one */
    bool derived;           /* standard × multiplier, no explicit rate for the tier */
    int32_t permille;       /* the multiplier applied; 1000 when not derived */
} tk_rate_hit;

/* The hourly rate for (project_id, tier, day); project_id 0 = no project, tier NULL = standard.
 * Order of preference:
 *   1. the tier's own rate: the project's, else the client's;
 *   2. only when neither exists: the standard rate (project's, else client's) × the tier's
 *      multiplier, rounded half up to the minor unit.
 * At each level the rate in force is the one with the latest `from` ≤ day (a tie goes to the
 * higher id, then to the later array element). A project rate wins over the client's even if
 * the client's is newer. Returns 1 and fills *hit when found, 0 when no rate applies (the
 * caller bills 0 and can say so), -1 with err when the multiplied rate overflows. */
int rate_card_find(const tk_rate_card *card, int64_t project_id, const char *tier, tk_day day,
                   tk_rate_hit *hit, tk_err *err);

/* A card's lookups remembered while the day stays in one span where no rate of the card starts:
 * there every (project, tier) has one answer, so a busy week's thousands of entries pay a
 * scan of the rates once per (project, tier) instead of twice per part. The caller keeps one
 * per card (zeroed = empty; valid false is enough: nothing else is read before it is
 * written) and drops it when the card changes. */
#define RATE_MEMO_SLOTS 8
#define RATE_MEMO_TIER 24   /* longer tier names are looked up every time */
typedef struct tk_rate_memo {
    bool valid;             /* false (zeroed): nothing kept yet */
    tk_day lo, hi;          /* the span the slots hold for */
    int n, next;            /* slots used; the one replaced when all are */
    bool client_known;      /* client_found and client_hit hold for the span: */
    int client_found;       /* the standard tier's client-wide answer (project 0) */
    tk_rate_hit client_hit;
    /* Slot i's key, the keys together: a lookup reads a cache line or two, not every slot. */
    int64_t project_id[RATE_MEMO_SLOTS];
    bool standard[RATE_MEMO_SLOTS];  /* asked for as NULL: its tier is not compared */
    struct {
        char tier[RATE_MEMO_TIER];
        int found;          /* rate_card_find's 0 or 1 */
        tk_rate_hit hit;
    } slot[RATE_MEMO_SLOTS];
} tk_rate_memo;

/* rate_card_find through memo (NULL = straight): the same answers, errors never kept. */
int rate_card_find_memo(const tk_rate_card *card, tk_rate_memo *memo, int64_t project_id,
                        const char *tier, tk_day day, tk_rate_hit *hit, tk_err *err);

/* The multiplier configured for tier, or 0 when none (standard is always 1000). */
int32_t rate_card_permille(const tk_rate_card *card, const char *tier);

/* Appends one line explaining a hit to sb, e.g.
 * "225.00/h: standard 150.00 × 1.5, project rate from 2026-11-01" or
 * "150.00/h: client rate from 2026-01-01"; exponent is the currency's (money.h). */
void rate_hit_explain(const tk_rate_hit *hit, int exponent, strbuf *sb);

#endif
