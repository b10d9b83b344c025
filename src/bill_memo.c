/* bill_memo.c — amounts by billing key (bill_memo.h): open addressing over a power of two,
 * at most half full, forgotten at once when it would pass its bound. */
#include "bill_memo.h"

#include <stdlib.h>
#include <string.h>

#define MEMO_MIN 1024
#define MEMO_MAX 32768         /* 40 bytes a slot: 1.3 MB at most */
#define MEMO_TIERS 64

typedef struct memo_slot {
    int64_t client_id, project_id, actual_seconds, amount_minor;
    int32_t rates_begun;
    int16_t tier;
    bool billable, used;
} memo_slot;

struct bill_memo {
    memo_slot *slots;
    size_t nslots, nused;
    char *tiers[MEMO_TIERS];   /* tiers[i] is number i + 1 */
    int ntiers;
};

bill_memo *bill_memo_new(void)
{
    return xcalloc(1, sizeof(bill_memo));
}

void bill_memo_free(bill_memo *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->ntiers; i++)
        free(m->tiers[i]);
    free(m->slots);
    free(m);
}

int bill_memo_tier(bill_memo *m, const char *tier)
{
    if (!tier || !*tier)
        return 0;
    for (int i = 0; i < m->ntiers; i++)
        if (m->tiers[i][0] == tier[0] && !strcmp(m->tiers[i], tier))
            return i + 1;
    if (m->ntiers == MEMO_TIERS)
        return -1;
    m->tiers[m->ntiers++] = xstrdup(tier);
    return m->ntiers;
}

static bool same(const memo_slot *s, const bill_memo_key *k)
{
    return s->client_id == k->client_id && s->project_id == k->project_id &&
           s->actual_seconds == k->actual_seconds && s->rates_begun == k->rates_begun &&
           s->tier == k->tier && s->billable == k->billable;
}

/* The slot holding k, or the empty one where it would go. */
static memo_slot *slot_of(const bill_memo *m, const bill_memo_key *k)
{
    uint64_t h = (uint64_t)k->client_id * 0x9e3779b97f4a7c15u;
    h = (h ^ (uint64_t)k->project_id) * 0x9e3779b97f4a7c15u;
    h = (h ^ (uint64_t)k->actual_seconds) * 0x9e3779b97f4a7c15u;
    h = (h ^ ((uint64_t)(uint32_t)k->rates_begun << 17) ^ ((uint64_t)(uint16_t)k->tier << 1) ^
         k->billable) * 0x9e3779b97f4a7c15u;
    size_t i = (size_t)(h >> 32) & (m->nslots - 1);
    while (m->slots[i].used && !same(&m->slots[i], k))
        i = (i + 1) & (m->nslots - 1);
    return &m->slots[i];
}

bool bill_memo_get(const bill_memo *m, const bill_memo_key *k, int64_t *amount_minor)
{
    if (!m->nslots)
        return false;
    const memo_slot *s = slot_of(m, k);
    if (!s->used)
        return false;
    *amount_minor = s->amount_minor;
    return true;
}

void bill_memo_put(bill_memo *m, const bill_memo_key *k, int64_t amount_minor)
{
    if (2 * (m->nused + 1) > m->nslots) {
        memo_slot *old = m->slots;
        size_t n = m->nslots;
        if (n >= MEMO_MAX) {   /* full: start again rather than grow */
            memset(old, 0, n * sizeof *old);
            m->nused = 0;
        } else {
            m->nslots = n ? 2 * n : MEMO_MIN;
            m->slots = xcalloc(m->nslots, sizeof *m->slots);
            for (size_t i = 0; i < n; i++)
                if (old[i].used) {
                    bill_memo_key ok = { old[i].client_id, old[i].project_id,
                                         old[i].actual_seconds, old[i].rates_begun, old[i].tier,
                                         old[i].billable };
                    *slot_of(m, &ok) = old[i];
                }
            free(old);
        }
    }
    memo_slot *s = slot_of(m, k);
    if (!s->used)
        m->nused++;
    *s = (memo_slot){ k->client_id, k->project_id, k->actual_seconds, amount_minor,
                      k->rates_begun, k->tier, k->billable, true };
}
