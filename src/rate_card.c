/* rate_card.c — find the rate in force for a project, tier and day. */
#include "rate_card.h"

#include "money.h"

#include <string.h>

static const char *tier_or_standard(const char *tier)
{
    return tier ? tier : TIER_STANDARD;
}

/* Whether a is a later choice than b for the same level and tier. */
static bool newer(const tk_rate *a, const tk_rate *b)
{
    if (a->from != b->from)
        return a->from > b->from;
    return a->id >= b->id;   /* equal ids: the later element, as we scan forward */
}

/* Whether rate r is of tier (not NULL): the first byte decides most comparisons without a call. */
static inline bool of_tier(const tk_rate *r, const char *tier)
{
    const char *t = tier_or_standard(r->tier);
    return t == tier || (t[0] == tier[0] && strcmp(t, tier) == 0);   /* both TIER_STANDARD */
}

/* The rate in force on day for exactly this project_id (0 = client-wide) and tier, or NULL. */
static const tk_rate *in_force(const tk_rate_card *card, int64_t project_id, const char *tier,
                               tk_day day)
{
    const tk_rate *best = NULL;
    for (size_t i = 0; i < card->nrates; i++) {
        const tk_rate *r = &card->rates[i];
        if (r->project_id == project_id && r->from <= day && of_tier(r, tier) &&
            (!best || newer(r, best)))
            best = r;
    }
    return best;
}

/* The project's rate if it has one for this tier, else the client's. */
static const tk_rate *with_precedence(const tk_rate_card *card, int64_t project_id,
                                      const char *tier, tk_day day)
{
    const tk_rate *r = project_id ? in_force(card, project_id, tier, day) : NULL;
    return r ? r : in_force(card, 0, tier, day);
}

int32_t rate_card_permille(const tk_rate_card *card, const char *tier)
{
    tier = tier_or_standard(tier);
    if (tk_streq(tier, TIER_STANDARD))
        return 1000;
    for (size_t i = 0; card && i < card->nmults; i++)
        if (tk_streq(card->mults[i].name, tier))
            return card->mults[i].permille > 0 ? card->mults[i].permille : 0;
    return 0;
}

static int hit_of(const tk_rate *r, const char *tier, int32_t permille, bool derived,
                  tk_rate_hit *hit, tk_err *err);

int rate_card_find(const tk_rate_card *card, int64_t project_id, const char *tier, tk_day day,
                   tk_rate_hit *hit, tk_err *err)
{
    tier = tier_or_standard(tier);
    if (!card)
        return 0;
    const tk_rate *r = with_precedence(card, project_id, tier, day);
    int32_t permille = 1000;
    bool derived = false;   /* r is of tier itself (of_tier), else of standard */
    if (!r) {
        permille = rate_card_permille(card, tier);
        if (!permille || !(r = with_precedence(card, project_id, TIER_STANDARD, day)))
            return 0;
        derived = !tk_streq(TIER_STANDARD, tier);
    }
    return hit_of(r, tier, permille, derived, hit, err);
}

/* *hit from rate r, its multiplier and whether it was derived: 1, or -1 with err when the
 * multiplied rate overflows. */
static int hit_of(const tk_rate *r, const char *tier, int32_t permille, bool derived,
                  tk_rate_hit *hit, tk_err *err)
{
    hit->base_minor = r->amount_minor;
    hit->rate_id = r->id;
    hit->from = r->from;
    hit->project_level = r->project_id != 0;
    hit->derived = derived;
    hit->permille = permille;
    /* × 1000 / 1000 is the rate itself (tk_muldiv_round's product is 128-bit: no overflow). */
    if (permille == 1000)
        hit->rate_minor = r->amount_minor;
    else if (tk_muldiv_round(r->amount_minor, permille, 1000, &hit->rate_minor))
        return tk_fail(err, "rate for %s is too large after its multiplier", tier);
    return 1;
}

/* The span around day in which no rate of the card starts: [latest from ≤ day, next from − 1]. */
static void quiet_span(const tk_rate_card *card, tk_day day, tk_day *lo, tk_day *hi)
{
    tk_day a = DAY_MIN - 1, b = DAY_MAX + 1;
    for (size_t i = 0; i < card->nrates; i++) {
        tk_day f = card->rates[i].from;
        if (f <= day) {
            if (f > a)
                a = f;
        } else if (f < b) {
            b = f;
        }
    }
    *lo = a;
    *hi = b - 1;
}

/* Whether two tier names are equal: inline, as most are a few bytes and differ early. */
static inline bool same_tier(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* rate_card_find of the standard tier: the project's own rate in force, else the client's,
 * which the memo keeps for its span once asked (a busy week's clients have a few projects
 * each, most without a rate of their own: each asked the card for the client's again). */
static int standard_miss(const tk_rate_card *card, tk_rate_memo *m, int64_t project_id,
                         tk_day day, tk_rate_hit *hit, tk_err *err)
{
    const tk_rate *r = project_id ? in_force(card, project_id, TIER_STANDARD, day) : NULL;
    if (r)
        return hit_of(r, TIER_STANDARD, 1000, false, hit, err);
    if (!m->client_known) {
        m->client_found = rate_card_find(card, 0, NULL, day, &m->client_hit, err);
        if (m->client_found < 0)
            return -1;
        m->client_known = true;
    }
    if (m->client_found)
        *hit = m->client_hit;
    return m->client_found;
}

int rate_card_find_memo(const tk_rate_card *card, tk_rate_memo *m, int64_t project_id,
                        const char *tier, tk_day day, tk_rate_hit *hit, tk_err *err)
{
    if (!m || !card)
        return rate_card_find(card, project_id, tier, day, hit, err);
    if (!m->valid || day < m->lo || day > m->hi) {
        quiet_span(card, day, &m->lo, &m->hi);
        m->valid = true;
        m->n = m->next = 0;
        m->client_known = false;
    }
    /* NULL (standard) is told by a flag; a name, "standard" too, by its bytes. */
    bool standard = !tier;
    for (int i = 0; i < m->n; i++)
        if (m->project_id[i] == project_id && m->standard[i] == standard &&
            (standard || same_tier(m->slot[i].tier, tier))) {
            if (m->slot[i].found)
                *hit = m->slot[i].hit;
            return m->slot[i].found;
        }
    int found = standard ? standard_miss(card, m, project_id, day, hit, err)
                         : rate_card_find(card, project_id, tier, day, hit, err);
    size_t tn = standard ? 0 : strnlen(tier, RATE_MEMO_TIER);
    if (found < 0 || tn == RATE_MEMO_TIER)   /* an error, or a name too long to keep */
        return found;
    int i = m->n < RATE_MEMO_SLOTS ? m->n++ : m->next;
    if (i == m->next && m->n == RATE_MEMO_SLOTS)
        m->next = (m->next + 1) % RATE_MEMO_SLOTS;
    m->project_id[i] = project_id;
    m->standard[i] = standard;
    memcpy(m->slot[i].tier, standard ? "" : tier, tn + 1);
    m->slot[i].found = found;
    if (found)
        m->slot[i].hit = *hit;
    return found;
}

void rate_hit_explain(const tk_rate_hit *hit, int exponent, strbuf *sb)
{
    char rate[32], base[32], from[DAY_BUF];
    sb_addf(sb, "%s/h: ", money_format(hit->rate_minor, exponent, rate));
    if (hit->derived) {
        /* permille as a short decimal: 1500 → "1.5", 1250 → "1.25", 2000 → "2" */
        int32_t p = hit->permille, frac = p % 1000, digits = 3;
        while (frac && frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        sb_addf(sb, "standard %s × %d", money_format(hit->base_minor, exponent, base), p / 1000);
        if (frac)
            sb_addf(sb, ".%0*d", digits, frac);
        sb_add(sb, ", ");
    }
    sb_addf(sb, "%s rate from %s", hit->project_level ? "project" : "client",
            day_format(hit->from, from));
}
