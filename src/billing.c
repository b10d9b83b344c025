/* billing.c — split an entry into tiers, round its total, price each part. */
#include "billing.h"

#include <stddef.h>
#include <string.h>

#include "rounding.h"

bool bill_is_billable(const tk_entry *e, const tk_client *client, const tk_project *project)
{
    return bill_is_billable_by(e->billable, !client || client->billable, project);
}

/* The tier names bills are made of, each once: a part named by standard_name is known to be of
 * the standard tier by its pointer. */
static const char standard_name[] = TIER_STANDARD, after_hours_name[] = TIER_AFTER_HOURS;

/* Where a part's figures begin: all of it but its tier's name. */
#define FIGURES offsetof(tk_bill_part, actual_seconds)
_Static_assert(offsetof(tk_bill_part, tier) == 0, "a part's name comes before its figures");

/* A bill in the making: which of its parts are of the standard tier (their names are
 * TIER_STANDARD's bytes), so their rates are looked up without comparing names, and whether
 * the bill is to be whole (every byte written) or lean (bill_entry_lean). */
typedef struct bill_build {
    unsigned standard;   /* bit i: part i */
    bool whole;
} bill_build;

/* Errors, out of the way of the entries that have none. */
static __attribute__((cold, noinline)) int too_long(const char *tier, tk_err *err)
{
    return tk_fail(err, "tier name '%.20s…' is longer than %d bytes", tier, BILL_TIER_MAX - 1);
}

static __attribute__((cold, noinline)) int bad_time(const tk_entry *e, tk_err *err)
{
    if (e->has_range)   /* a range's time is end − start: only a bad range fails */
        return tk_fail(err, "entry %lld: bad range (ends before it starts, or too long)",
                       (long long)e->id);
    return tk_fail(err, "entry %lld has negative time", (long long)e->id);
}

/* Appends a part of tier (n bytes, not counting its NUL). */
static inline __attribute__((always_inline)) int
add_part(tk_bill *b, bill_build *w, const char *tier, size_t n, int64_t seconds, tk_err *err)
{
    if (seconds <= 0)
        return 0;
    if (n >= BILL_TIER_MAX)
        return too_long(tier, err);
    tk_bill_part *p = &b->parts[b->nparts];
    if (!w->whole)   /* a whole bill is cleared already; a lean one clears the parts it has */
        memset((char *)p + FIGURES, 0, sizeof *p - FIGURES);
    memcpy(p->tier, tier, n + 1);
    p->actual_seconds = seconds;
    if (tier == standard_name)
        w->standard |= 1u << b->nparts;
    b->nparts++;
    return 0;
}

/* A range without a tier: business seconds are standard, the rest after-hours, ordered so
 * the tier of the last second [end-1, end) comes last. */
static int split_by_hours(tk_bill *b, bill_build *w, const tk_entry *e,
                          const tk_bizhours *hours, tk_err *err)
{
    int64_t in, out;
    if (bizhours_split(hours, e->start, e->end, &in, &out))
        return tk_fail(err, "entry %lld: range cannot be split by business hours "
                       "(over %lld hours or outside years 2–9998)",
                       (long long)e->id, (long long)(BIZ_SPLIT_MAX / 3600));
    bool ends_inside = bizhours_contains(hours, e->end - 1);
    const char *first = ends_inside ? after_hours_name : standard_name;
    const char *last = ends_inside ? standard_name : after_hours_name;
    return add_part(b, w, first, strlen(first), ends_inside ? out : in, err) ||
           add_part(b, w, last, strlen(last), ends_inside ? in : out, err) ? -1 : 0;
}

/* Actual time and its parts, before any rounding. */
static inline __attribute__((always_inline)) int
make_parts(tk_bill *b, bill_build *w, const tk_entry *e, const tk_bizhours *hours, tk_err *err)
{
    int64_t actual = e->seconds;
    const char *tier = e->tier && *e->tier ? e->tier : NULL;   /* "" is "by the clock" too */
    if ((e->has_range &&
         (e->end < e->start || __builtin_sub_overflow(e->end, e->start, &actual))) ||
        actual < 0)
        return bad_time(e, err);
    b->actual_seconds = actual;
    if (tier)
        return add_part(b, w, tier, strlen(tier), actual, err);
    if (!e->has_range || !hours || !hours->enabled)
        return add_part(b, w, standard_name, sizeof standard_name - 1, actual, err);
    return split_by_hours(b, w, e, hours, err);
}

/* Moves billed − actual onto the last part; a shortfall beyond it eats earlier parts. */
static inline __attribute__((always_inline)) void spread_rounding(tk_bill *b)
{
    int64_t diff = b->billed_seconds - b->actual_seconds;   /* both ≥ 0: cannot overflow */
    for (int i = 0; i < b->nparts; i++)
        b->parts[i].billed_seconds = b->parts[i].actual_seconds;
    if (b->nparts == 0)
        return;
    if (diff >= 0) {
        b->parts[b->nparts - 1].billed_seconds += diff;   /* parts sum to billed ≤ INT64_MAX */
        return;
    }
    int64_t take = -diff;
    for (int i = b->nparts - 1; i >= 0 && take > 0; i--) {
        tk_bill_part *p = &b->parts[i];
        int64_t t = take < p->billed_seconds ? take : p->billed_seconds;
        p->billed_seconds -= t;
        take -= t;
    }
}

static inline int64_t centi(int64_t seconds)
{
    int64_t q = 0;
    tk_muldiv_round(seconds, 1, 36, &q);   /* |seconds / 36| always fits */
    return q;
}

int64_t bill_centi(int64_t seconds)
{
    return centi(seconds);
}

void bill_divide(int64_t q, const int64_t *weights, int n, int64_t *out)
{
    __extension__ typedef __int128 i128;
    i128 total = 0, rem[BILL_MAX_PARTS > 8 ? BILL_MAX_PARTS : 8];
    int64_t given = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    for (int i = 0; i < n; i++) {
        out[i] = 0;
        rem[i] = 0;
        if (total > 0) {
            i128 p = (i128)q * weights[i];
            out[i] = (int64_t)(p / total);
            rem[i] = p % total;
        }
        given += out[i];
    }
    if (n > 0 && total <= 0) {
        out[n - 1] = q;
        return;
    }
    /* At most n − 1 hundredths are left: each to the largest remainder, the later on a tie. */
    for (int64_t left = q - given; left > 0 && n > 0; left--) {
        int best = n - 1;
        for (int i = n - 1; i >= 0; i--)
            if (rem[i] > rem[best])
                best = i;
        out[best]++;
        rem[best] = -1;
    }
}

/* Each part's hundredths: the entry's q divided by largest remainder. */
static inline __attribute__((always_inline)) void divide_quantity(tk_bill *b)
{
    b->quantity_centi = centi(b->billed_seconds);
    if (b->nparts == 1) {   /* what bill_divide gives one share, without its 128-bit sums */
        b->parts[0].quantity_centi = b->quantity_centi;
        return;
    }
    int64_t w[BILL_MAX_PARTS] = { 0 }, q[BILL_MAX_PARTS] = { 0 };
    for (int i = 0; i < b->nparts; i++)
        w[i] = b->parts[i].billed_seconds;
    bill_divide(b->quantity_centi, w, b->nparts, q);
    for (int i = 0; i < b->nparts; i++)
        b->parts[i].quantity_centi = q[i];
}

static inline __attribute__((always_inline)) int
price_parts(tk_bill *b, const bill_build *w, const tk_entry *e, const tk_rate_card *card,
            tk_rate_memo *memo, tk_err *err)
{
    divide_quantity(b);
    for (int i = 0; i < b->nparts; i++) {
        tk_bill_part *p = &b->parts[i];
        /* NULL: the standard tier, which the memo finds without comparing names */
        const char *tier = w->standard & (1u << i) ? NULL : p->tier;
        int found = rate_card_find_memo(card, memo, e->project_id, tier, e->day, &p->rate, err);
        if (found < 0)
            return -1;
        p->has_rate = found == 1;
        p->rate_minor = p->has_rate ? p->rate.rate_minor : 0;
        if (!p->has_rate && p->billed_seconds > 0)
            b->missing_rate = true;
        if (tk_muldiv_round(p->rate_minor, p->quantity_centi, 100, &p->amount_minor) ||
            tk_add64(b->amount_minor, p->amount_minor, &b->amount_minor))
            return tk_fail(err, "entry %lld: amount too large", (long long)e->id);
    }
    return 0;
}

void bill_tiers(const tk_bill *bill, strbuf *out)
{
    if (!bill->nparts)
        sb_add(out, TIER_STANDARD);
    for (int i = 0; i < bill->nparts; i++)
        sb_addf(out, "%s%s", i ? "+" : "", bill->parts[i].tier);
}

/* bill_tier_rounding, inline for bill_entry's every entry. */
static inline tk_rounding tier_rounding(const tk_bill_rules *rules, const char *tier)
{
    tk_rounding r = { 0, ROUND_NONE, 0 };
    if (rules->rounding)
        r = *rules->rounding;
    for (size_t i = 0; tier && i < rules->ntiers; i++) {
        const tk_tier_rule *t = &rules->tiers[i];
        if (!tk_streq(t->tier, tier))
            continue;
        if (t->has_round)
            r.increment = t->rounding.increment;
        if (t->has_round_mode)
            r.mode = t->rounding.mode;
        if (t->has_minimum)
            r.minimum = t->rounding.minimum;
    }
    return r;
}

tk_rounding bill_tier_rounding(const tk_bill_rules *rules, const char *tier)
{
    return tier_rounding(rules, tier);
}

/* bill_entry_memo (whole) and bill_entry_lean (not): one body, inlined into each. */
static inline __attribute__((always_inline)) int
build(const tk_entry *e, const tk_bill_rules *rules, tk_rate_memo *memo, bool billable,
      bool whole, tk_bill *b, tk_err *err)
{
    static const tk_bill_rules none = { NULL, NULL, NULL, NULL, 0 };
    bill_build w = { 0, whole };
    /* Built in place: a bill is most of a kilobyte, and a year's report bills 200,000. A lean
     * bill clears what comes before its parts and after them, and each part it adds. */
    if (whole) {
        memset(b, 0, sizeof *b);
    } else {
        memset(b, 0, offsetof(tk_bill, parts));
        b->retainer = false;
        b->period = 0;
    }
    if (!rules)
        rules = &none;
    b->billable = billable;
    if (make_parts(b, &w, e, rules->hours, err))
        return -1;
    if (billable) {
        tk_rounding r = tier_rounding(rules, b->nparts ? b->parts[b->nparts - 1].tier : NULL);
        if (round_bill_checked(b->actual_seconds, rules->rounding || rules->ntiers ? &r : NULL,
                               &b->billed_seconds))
            return tk_fail(err, "entry %lld: rounded time too large", (long long)e->id);
        spread_rounding(b);
        if (price_parts(b, &w, e, rules->card, memo, err))
            return -1;
    }
    return 0;
}

int bill_entry(const tk_entry *e, const tk_bill_rules *rules, bool billable, tk_bill *out,
               tk_err *err)
{
    return bill_entry_memo(e, rules, NULL, billable, out, err);
}

int bill_entry_memo(const tk_entry *e, const tk_bill_rules *rules, tk_rate_memo *memo,
                    bool billable, tk_bill *out, tk_err *err)
{
    return build(e, rules, memo, billable, true, out, err);
}

int bill_entry_lean(const tk_entry *e, const tk_bill_rules *rules, tk_rate_memo *memo,
                    bool billable, tk_bill *out, tk_err *err)
{
    return build(e, rules, memo, billable, false, out, err);
}
