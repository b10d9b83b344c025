/* entry_set: a client's entries come back in store_billing_each's order (day, start — 0
 * without a range — then id), only from a client and days the set holds. */
#include "test.h"
#include "entry_set.h"

struct seen {
    int64_t ids[16];
    const char *tiers[16];
    int n;
};

static int see(const tk_entry *e, void *p)
{
    struct seen *s = p;
    if (s->n < 16) {
        s->tiers[s->n] = e->tier;
        s->ids[s->n++] = e->id;
    }
    return 0;
}

static int stop_at_two(const tk_entry *e, void *p)
{
    return see(e, p) || ((struct seen *)p)->n == 2 ? -7 : 0;
}

static void add(entry_set *s, int64_t id, int64_t client, tk_day day, bool ranged, int64_t start,
                const char *tier)
{
    tk_entry e = { .id = id, .user_id = 9, .client_id = client, .day = day, .has_range = ranged,
                   .start = start, .end = start + 60, .seconds = 60, .tier = (char *)tier,
                   .billable = true };
    entry_set_add(s, &e, id * 10);
}

TEST(entry_set_gives_billing_order_of_held_clients_only)
{
    entry_set *s = entry_set_new(100, 200);
    entry_set_hold(s, 1);
    entry_set_hold(s, 1);
    CHECK(entry_set_holds(s, 1));
    CHECK(!entry_set_holds(s, 2));
    add(s, 5, 1, 150, true, 5000, NULL);
    add(s, 4, 1, 150, false, 0, "rush");      /* no range: sorts as start 0 */
    add(s, 3, 1, 150, true, 5000, "rush");    /* same day and start: by id */
    add(s, 9, 1, 120, true, 9000, NULL);
    add(s, 7, 2, 110, true, 1, NULL);         /* another client's */
    add(s, 8, 1, 99, true, 1, NULL);          /* before the set's days: not kept */
    add(s, 6, 1, 201, true, 1, NULL);         /* after them */
    struct seen got = { 0 };
    CHECK_INT(entry_set_each(s, 1, 100, 200, see, &got), ENTRY_SET_MISS);   /* not sorted */
    entry_set_sort(s);
    CHECK_INT(entry_set_each(s, 1, 100, 200, see, &got), 0);
    CHECK_INT(got.n, 4);
    CHECK_INT(got.ids[0], 9);
    CHECK_INT(got.ids[1], 4);
    CHECK_INT(got.ids[2], 3);
    CHECK_INT(got.ids[3], 5);
    CHECK_STR(got.tiers[1], "rush");
    CHECK(got.tiers[0] == NULL);
    got.n = 0;
    CHECK_INT(entry_set_each(s, 1, 121, 150, see, &got), 0);
    CHECK_INT(got.n, 3);
    CHECK_INT(got.ids[0], 4);
    got.n = 0;
    CHECK_INT(entry_set_each(s, 1, 100, 200, stop_at_two, &got), -7);
    CHECK_INT(got.n, 2);
    /* What it does not hold goes to the store. */
    CHECK_INT(entry_set_each(s, 2, 100, 200, see, &got), ENTRY_SET_MISS);
    CHECK_INT(entry_set_each(s, 1, 99, 200, see, &got), ENTRY_SET_MISS);
    CHECK_INT(entry_set_each(s, 1, 100, 201, see, &got), ENTRY_SET_MISS);
    entry_set_free(s);
}
