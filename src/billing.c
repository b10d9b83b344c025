/* billing.c — split an entry into tiers, round its total, price each part. */
#include "billing.h"

#include <string.h>

#include "rounding.h"

bool bill_is_billable(const tk_entry *e, const tk_client *client, const tk_project *project)
{
    if (!e->billable || (client && !client->billable))
        return false;
    return !project || (project->billable && project->fixed_minor < 0);
}

static int add_part(tk_bill *b, const char *tier, int64_t seconds, tk_err *err)
{
    if (seconds <= 0)
        return 0;
    size_t n = strlen(tier);
    if (n >= BILL_TIER_MAX)
        return tk_fail(err, "tier name '%.20s…' is longer than %d bytes", tier,
                       BILL_TIER_MAX - 1);
    tk_bill_part *p = &b->parts[b->nparts++];
    memcpy(p->tier, tier, n + 1);
    p->actual_seconds = seconds;
    return 0;
}

/* A range without a tier: business seconds are standard, the rest after-hours, ordered so
 * the tier of the last second [end-1, end) comes last. */
static int split_by_hours(tk_bill *b, const tk_entry *e, const tk_bizhours *hours, tk_err *err)
{
    int64_t in, out;
    if (bizhours_split(hours, e->start, e->end, &in, &out))
        return tk_fail(err, "entry %lld: range cannot be split by business hours "
                       "(over %lld hours or outside years 2–9998)",
                       (long long)e->id, (long long)(BIZ_SPLIT_MAX / 3600));
    bool ends_inside = bizhours_contains(hours, e->end - 1);
    const char *first = ends_inside ? TIER_AFTER_HOURS : TIER_STANDARD;
    const char *last = ends_inside ? TIER_STANDARD : TIER_AFTER_HOURS;
    return add_part(b, first, ends_inside ? out : in, err) ||
           add_part(b, last, ends_inside ? in : out, err) ? -1 : 0;
}

/* Actual time and its parts, before any rounding. */
static int make_parts(tk_bill *b, const tk_entry *e, const tk_bizhours *hours, tk_err *err)
{
    int64_t actual = e->seconds;
    const char *tier = e->tier && *e->tier ? e->tier : NULL;   /* "" is "by the clock" too */
    if (e->has_range && (e->end < e->start || __builtin_sub_overflow(e->end, e->start, &actual)))
        return tk_fail(err, "entry %lld: bad range (ends before it starts, or too long)",
                       (long long)e->id);
    if (actual < 0)
        return tk_fail(err, "entry %lld has negative time", (long long)e->id);
    b->actual_seconds = actual;
    if (tier || !e->has_range || !hours || !hours->enabled)
        return add_part(b, tier ? tier : TIER_STANDARD, actual, err);
    return split_by_hours(b, e, hours, err);
}

/* Moves billed − actual onto the last part; a shortfall beyond it eats earlier parts. */
static void spread_rounding(tk_bill *b)
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

int64_t bill_centi(int64_t seconds)
{
    int64_t q = 0;
    tk_muldiv_round(seconds, 1, 36, &q);   /* |seconds / 36| always fits */
    return q;
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
static void divide_quantity(tk_bill *b)
{
    int64_t w[BILL_MAX_PARTS] = { 0 }, q[BILL_MAX_PARTS] = { 0 };
    b->quantity_centi = bill_centi(b->billed_seconds);
    if (b->nparts == 1) {   /* what bill_divide gives one share, without its 128-bit sums */
        b->parts[0].quantity_centi = b->quantity_centi;
        return;
    }
    for (int i = 0; i < b->nparts; i++)
        w[i] = b->parts[i].billed_seconds;
    bill_divide(b->quantity_centi, w, b->nparts, q);
    for (int i = 0; i < b->nparts; i++)
        b->parts[i].quantity_centi = q[i];
}

static int price_parts(tk_bill *b, const tk_entry *e, const tk_rate_card *card,
                       tk_rate_memo *memo, tk_err *err)
{
    divide_quantity(b);
    for (int i = 0; i < b->nparts; i++) {
        tk_bill_part *p = &b->parts[i];
        int found = rate_card_find_memo(card, memo, e->project_id, p->tier, e->day, &p->rate, err);
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

tk_rounding bill_tier_rounding(const tk_bill_rules *rules, const char *tier)
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

int bill_entry(const tk_entry *e, const tk_bill_rules *rules, bool billable, tk_bill *out,
               tk_err *err)
{
    return bill_entry_memo(e, rules, NULL, billable, out, err);
}

int bill_entry_memo(const tk_entry *e, const tk_bill_rules *rules, tk_rate_memo *memo,
                    bool billable, tk_bill *out, tk_err *err)
{
    static const tk_bill_rules none = { NULL, NULL, NULL, NULL, 0 };
    /* Built in place: a bill is most of a kilobyte, and a year's report bills 200,000. */
    tk_bill *b = out;
    memset(b, 0, sizeof *b);
    if (!rules)
        rules = &none;
    b->billable = billable;
    if (make_parts(b, e, rules->hours, err))
        return -1;
    if (billable) {
        tk_rounding r = bill_tier_rounding(rules, b->nparts ? b->parts[b->nparts - 1].tier : NULL);
        if (round_bill_checked(b->actual_seconds, rules->rounding || rules->ntiers ? &r : NULL,
                               &b->billed_seconds))
            return tk_fail(err, "entry %lld: rounded time too large", (long long)e->id);
        spread_rounding(b);
        if (price_parts(b, e, rules->card, memo, err))
            return -1;
    }
    return 0;
}
