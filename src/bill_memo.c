/* bill_memo.c — bills by billing key (bill_memo.h): two tables, amounts and whole bills of at
 * most one part, each open addressing over a power of two, at most half full while it grows,
 * three quarters at its bound. Small slots: a year's report has ~14,000 keys. */
#include "bill_memo.h"

#include <stdlib.h>
#include <string.h>

#define MEMO_MIN 64            /* a week bills a few hundred entries */
#define MEMO_SUMS_MAX 16384    /* 24 bytes a slot: 384 kB at most */
#define MEMO_BILLS_MAX 4096    /* 104 bytes a slot: 416 kB at most */
#define MEMO_TIERS 64

/* A key as a slot holds it, in 16 bytes (peak RSS, issue 21): ids and seconds below 2^32, at
 * most 65,535 rates begun. A key that does not fit is not remembered (pack). */
typedef struct memo_head {
    uint32_t client_id, project_id, actual_seconds;
    uint16_t rates_begun;
    uint8_t tier;
    uint8_t flags;             /* MEMO_USED, MEMO_BILLABLE */
} memo_head;

#define MEMO_USED 1
#define MEMO_BILLABLE 2

typedef struct sum_slot {
    memo_head h;
    int64_t amount_minor;
} sum_slot;

/* A bill of one part or none (bill_entry's, so nothing of a retainer): the part's tier is the
 * key's, its times and money the bill's. */
typedef struct bill_slot {
    memo_head h;
    int64_t billed_seconds, quantity_centi, amount_minor, rate_minor;
    tk_rate_hit rate;
    int8_t nparts;
    bool missing_rate, has_rate;
} bill_slot;

_Static_assert(sizeof(sum_slot) != sizeof(bill_slot), "slot_of tells the tables by size");

typedef struct memo_table {
    char *slots;
    size_t size, nslots, nused, max;
} memo_table;

struct bill_memo {
    memo_table sums, bills;
    char *tiers[MEMO_TIERS];   /* tiers[i] is number i + 1 */
    int ntiers;
};

bill_memo *bill_memo_new(void)
{
    bill_memo *m = xcalloc(1, sizeof *m);
    m->sums = (memo_table){ NULL, sizeof(sum_slot), 0, 0, MEMO_SUMS_MAX };
    m->bills = (memo_table){ NULL, sizeof(bill_slot), 0, 0, MEMO_BILLS_MAX };
    return m;
}

void bill_memo_free(bill_memo *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->ntiers; i++)
        free(m->tiers[i]);
    free(m->sums.slots);
    free(m->bills.slots);
    free(m);
}

int bill_memo_tier(bill_memo *m, const char *tier)
{
    if (!tier || !*tier)
        return 0;
    for (int i = 0; i < m->ntiers; i++)
        if (m->tiers[i][0] == tier[0] && !strcmp(m->tiers[i], tier))
            return i + 1;
    if (m->ntiers == MEMO_TIERS || strlen(tier) >= BILL_TIER_MAX)
        return -1;
    m->tiers[m->ntiers++] = xstrdup(tier);
    return m->ntiers;
}

/* k as a slot holds it (used), or false when it does not fit. */
static inline bool pack(const bill_memo_key *k, memo_head *out)
{
    if (k->client_id < 0 || k->client_id > UINT32_MAX || k->project_id < 0 ||
        k->project_id > UINT32_MAX || k->actual_seconds < 0 || k->actual_seconds > UINT32_MAX ||
        k->rates_begun < 0 || k->rates_begun > UINT16_MAX || k->tier < 0 || k->tier > UINT8_MAX)
        return false;
    uint8_t flags = MEMO_USED | (k->billable ? MEMO_BILLABLE : 0);
    *out = (memo_head){ (uint32_t)k->client_id, (uint32_t)k->project_id,
                        (uint32_t)k->actual_seconds, (uint16_t)k->rates_begun, (uint8_t)k->tier,
                        flags };
    return true;
}

_Static_assert(sizeof(memo_head) == 16, "memo_head: 16 bytes, no padding");

/* A head as two words: it has no padding, so they compare and hash it whole. */
static inline void words(const memo_head *h, uint64_t w[2])
{
    memcpy(w, h, sizeof *h);
}

static inline bool same(const memo_head *a, const memo_head *k)
{
    uint64_t x[2], y[2];
    words(a, x);
    words(k, y);
    return x[0] == y[0] && x[1] == y[1];
}

static inline size_t hash_of(const memo_head *k)
{
    uint64_t w[2];
    words(k, w);
    uint64_t h = (w[0] * 0x9e3779b97f4a7c15u) ^ (w[1] * 0xc2b2ae3d27d4eb4fu);
    return (size_t)((h ^ (h >> 29)) >> 16);
}

/* The slot holding k, or the empty one where it would go: a probe over slots of type T, so
 * each table's lookups step by a constant size. */
#define PROBE(T, t, k) do { \
        T *slots_ = (T *)(t)->slots; \
        size_t mask_ = (t)->nslots - 1, i_ = hash_of(k) & mask_; \
        while (slots_[i_].h.flags && !same(&slots_[i_].h, (k))) \
            i_ = (i_ + 1) & mask_; \
        return &slots_[i_].h; \
    } while (0)

static inline memo_head *slot_of(const memo_table *t, const memo_head *k)
{
    if (t->size == sizeof(sum_slot))
        PROBE(sum_slot, t, k);
    PROBE(bill_slot, t, k);
}

static const memo_head *find(const memo_table *t, const bill_memo_key *key)
{
    memo_head k;
    if (!t->nslots || !pack(key, &k))
        return NULL;
    const memo_head *h = slot_of(t, &k);
    return h->flags ? h : NULL;
}

/* The slot for key, made room for, for the caller to fill; NULL when key does not fit. */
static memo_head *place(memo_table *t, const bill_memo_key *key)
{
    memo_head k;
    if (!pack(key, &k))
        return NULL;
    if (2 * (t->nused + 1) > t->nslots) {
        char *old = t->slots;
        size_t n = t->nslots;
        if (n >= t->max) {
            /* At its bound, three quarters full: it starts again. Keys come in runs (a user's
             * year, then the next's; a new rate makes new keys), so recent ones matter. */
            if (4 * (t->nused + 1) > 3 * n && !slot_of(t, &k)->flags) {
                memset(old, 0, n * t->size);
                t->nused = 0;
            }
        } else {
            t->nslots = n ? 2 * n : MEMO_MIN;
            t->slots = xcalloc(t->nslots, t->size);
            for (size_t i = 0; i < n; i++) {
                const memo_head *o = (const memo_head *)(old + i * t->size);
                if (o->flags)
                    memcpy(slot_of(t, o), o, t->size);
            }
            free(old);
        }
    }
    memo_head *h = slot_of(t, &k);
    if (!h->flags)
        t->nused++;
    memset(h, 0, t->size);
    *h = k;
    return h;
}

bool bill_memo_get(const bill_memo *m, const bill_memo_key *k, int64_t *amount_minor)
{
    const memo_head *h = find(&m->sums, k);
    if (h)
        *amount_minor = ((const sum_slot *)h)->amount_minor;
    return h != NULL;
}

void bill_memo_put(bill_memo *m, const bill_memo_key *k, int64_t amount_minor)
{
    sum_slot *s = (sum_slot *)place(&m->sums, k);
    if (s)
        s->amount_minor = amount_minor;
}

bool bill_memo_get_bill(const bill_memo *m, const bill_memo_key *k, tk_bill *out)
{
    const bill_slot *s = (const bill_slot *)find(&m->bills, k);
    if (!s)
        return false;
    memset(out, 0, sizeof *out);
    out->billable = k->billable;
    out->actual_seconds = k->actual_seconds;
    out->billed_seconds = s->billed_seconds;
    out->quantity_centi = s->quantity_centi;
    out->amount_minor = s->amount_minor;
    out->missing_rate = s->missing_rate;
    out->nparts = s->nparts;
    if (s->nparts) {
        tk_bill_part *p = &out->parts[0];
        const char *tier = k->tier ? m->tiers[k->tier - 1] : TIER_STANDARD;
        memcpy(p->tier, tier, strlen(tier) + 1);
        p->actual_seconds = k->actual_seconds;
        p->billed_seconds = s->billed_seconds;
        p->quantity_centi = s->quantity_centi;
        p->has_rate = s->has_rate;
        p->rate = s->rate;
        p->rate_minor = s->rate_minor;
        p->amount_minor = s->amount_minor;
    }
    return true;
}

void bill_memo_put_bill(bill_memo *m, const bill_memo_key *k, const tk_bill *b)
{
    const tk_bill_part *p = &b->parts[0];
    /* Only what get_bill gives back exactly: one part or none, as bill_entry makes them. */
    if (b->nparts > 1 || b->retainer || b->period || b->billable != k->billable ||
        b->actual_seconds != k->actual_seconds ||
        (b->nparts && (p->actual_seconds != b->actual_seconds ||
                       p->billed_seconds != b->billed_seconds ||
                       p->quantity_centi != b->quantity_centi ||
                       p->amount_minor != b->amount_minor || p->included_centi ||
                       p->drawn_centi || p->overage_rate_minor ||
                       strcmp(p->tier, k->tier ? m->tiers[k->tier - 1] : TIER_STANDARD))))
        return;
    bill_slot *s = (bill_slot *)place(&m->bills, k);
    if (!s)
        return;
    s->billed_seconds = b->billed_seconds;
    s->quantity_centi = b->quantity_centi;
    s->amount_minor = b->amount_minor;
    s->missing_rate = b->missing_rate;
    s->nparts = (int8_t)b->nparts;
    if (b->nparts) {
        s->has_rate = p->has_rate;
        s->rate = p->rate;
        s->rate_minor = p->rate_minor;
    }
}
