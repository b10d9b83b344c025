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
    entry_set_hold(s, 5000);                  /* ids past the small ones' bits */
    CHECK(entry_set_holds(s, 5000));
    CHECK(!entry_set_holds(s, 5001));
    CHECK(!entry_set_holds(s, 65));
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

struct walked {
    tk_entry e[8];
    int64_t tags[8];
    int n;
};

static int walk_see(const tk_entry *e, int64_t tag, void *p)
{
    struct walked *w = p;
    if (w->n < 8) {
        w->tags[w->n] = tag;
        w->e[w->n++] = *e;
    }
    return 0;
}

/* Entries are held in 40 bytes when their values fit 32 bits; any other is kept whole. Both
 * come back with every field as added, in billing order among each other, whatever order the
 * clients were held in. */
TEST(entry_set_keeps_every_field_of_small_and_large_entries)
{
    entry_set *s = entry_set_new(100, 200);
    entry_set_hold(s, 7);
    entry_set_hold(s, 3);
    tk_entry big = { .id = 5000000000LL, .client_id = 3, .project_id = 4000000000000LL,
                     .tier = (char *)"rush", .billable = false, .day = 120, .last_day = 0,
                     .has_range = true, .start = -100, .end = 5000000000LL,
                     .seconds = 5000000100LL, .invoice_id = 1LL << 40 };
    tk_entry small = { .id = 11, .client_id = 3, .project_id = 2, .billable = true, .day = 120,
                       .last_day = 121, .has_range = true, .start = 1700000000,
                       .end = 1700003600, .seconds = 3600, .invoice_id = 9 };
    tk_entry other = { .id = 12, .client_id = 7, .day = 110, .last_day = 110, .seconds = 60 };
    entry_set_add(s, &other, 1);
    entry_set_add(s, &small, 2);
    entry_set_add(s, &big, 100000);   /* a tag past the small form's too */
    entry_set_sort(s);
    struct walked w = { 0 };
    CHECK_INT(entry_set_walk(s, walk_see, &w), 0);
    CHECK_INT(w.n, 3);
    /* client 3 before 7; in client 3, day 120: start -100 before 1700000000 */
    CHECK_INT(w.e[0].id, big.id);
    CHECK_INT(w.e[0].client_id, 3);
    CHECK_INT(w.e[0].project_id, big.project_id);
    CHECK_STR(w.e[0].tier, "rush");
    CHECK(!w.e[0].billable);
    CHECK_INT(w.e[0].last_day, 0);
    CHECK_INT(w.e[0].start, -100);
    CHECK_INT(w.e[0].end, big.end);
    CHECK_INT(w.e[0].seconds, big.seconds);
    CHECK_INT(w.e[0].invoice_id, big.invoice_id);
    CHECK_INT(w.tags[0], 100000);
    CHECK_INT(w.e[1].id, 11);
    CHECK_INT(w.e[1].project_id, 2);
    CHECK(w.e[1].tier == NULL);
    CHECK(w.e[1].billable && w.e[1].has_range);
    CHECK_INT(w.e[1].last_day, 121);
    CHECK_INT(w.e[1].start, 1700000000);
    CHECK_INT(w.e[1].end, 1700003600);
    CHECK_INT(w.e[1].seconds, 3600);
    CHECK_INT(w.e[1].invoice_id, 9);
    CHECK_INT(w.tags[1], 2);
    CHECK_INT(w.e[2].id, 12);
    CHECK_INT(w.e[2].client_id, 7);
    CHECK(!w.e[2].has_range);
    CHECK_INT(w.e[2].start, 0);
    CHECK_INT(w.tags[2], 1);
    struct seen got = { 0 };
    CHECK_INT(entry_set_each(s, 7, 100, 200, see, &got), 0);
    CHECK_INT(got.n, 1);
    CHECK_INT(got.ids[0], 12);
    entry_set_free(s);
}

struct order {
    int64_t client, id, start;
    tk_day day;
    int n, bad;
};

static int check_order(const tk_entry *e, int64_t tag, void *p)
{
    struct order *o = p;
    int64_t start = e->has_range ? e->start : 0;
    if (tag != e->id * 10)
        o->bad++;
    if (o->n++ && (e->client_id < o->client ||
                   (e->client_id == o->client &&
                    (e->day < o->day || (e->day == o->day &&
                                         (start < o->start ||
                                          (start == o->start && e->id <= o->id)))))))
        o->bad++;
    *o = (struct order){ e->client_id, e->id, start, e->day, o->n, o->bad };
    return 0;
}

/* Entries added user by user (each user's by day) come back in (client, day, start, id)
 * order: days of a few entries and a day of many, over a short and over a very long range. */
TEST(entry_set_sorts_many_users_entries_into_billing_order)
{
    for (int wide = 0; wide < 2; wide++) {
        tk_day from = 1000, to = wide ? 9000 : 1030;
        entry_set *s = entry_set_new(from, to);
        entry_set_hold(s, 30);
        entry_set_hold(s, 20);
        int64_t id = 1;
        for (int user = 0; user < 10; user++)   /* ids and tags small enough to be kept small */
            for (tk_day d = 1000; d <= 1030; d++)
                for (int64_t c = 20; c <= 30; c += 10) {
                    /* client 30: 5 entries a day; 20: 10, and 30 on day 1005 */
                    int many = c == 30 ? user < 5 : d == 1005 ? 3 : 1;
                    for (int k = 0; k < many; k++, id++)
                        add(s, 600 - id, c, d, (id % 3) != 0, 100000 - (id * 7919) % 5000, NULL);
                }
        entry_set_sort(s);
        struct order o = { 0 };
        CHECK_INT(entry_set_walk(s, check_order, &o), 0);
        CHECK_INT(o.n, (int)(id - 1));
        CHECK_INT(o.bad, 0);
        entry_set_free(s);
    }
}

/* One client's busy day, its entries added in order, in reverse, with one start for all (the
 * ids decide), and interleaved as two users' runs: each comes back in (start, id) order, every
 * entry once, for a day of a few (11) and of many (12, 13, 40, 97). */
TEST(entry_set_sorts_a_busy_day_however_it_was_added)
{
    static const int sizes[] = { 11, 12, 13, 40, 97 };
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
        for (int how = 0; how < 4; how++) {
            int n = sizes[z];
            entry_set *s = entry_set_new(1000, 1001);
            entry_set_hold(s, 7);
            for (int i = 0; i < n; i++) {
                int k = how == 1 ? n - 1 - i : i;
                int64_t id = how == 2 ? 1 + (i * 37) % n : 1 + k;
                int64_t start = how == 2 ? 5000
                              : how == 3 ? 5000 + 60 * (i % 2 ? i : n + i) : 5000 + 60 * k;
                add(s, id, 7, 1000, true, start, NULL);
            }
            entry_set_sort(s);
            struct order o = { 0 };
            CHECK_INT(entry_set_walk(s, check_order, &o), 0);
            CHECK_INT(o.n, n);
            CHECK_INT(o.bad, 0);
            entry_set_free(s);
        }
}

struct by_start {
    int64_t start, id;
    int n, bad;
};

static int check_start_order(const tk_entry *e, int64_t tag, void *p)
{
    (void)tag;
    struct by_start *o = p;
    if (o->n++ && (e->start < o->start || (e->start == o->start && e->id <= o->id)))
        o->bad++;
    o->start = e->start;
    o->id = e->id;
    return 0;
}

/* A day's entries sort by start, then id, with values the compact form still keeps: starts
 * either side of 2^31 s (2038-01-19, a day's entries straddle it) and ids past 2^31 beside
 * small ones, a start apart. Both the few-entries and the many-entries sort. */
TEST(entry_set_orders_a_day_by_start_past_31_bits)
{
    static const int sizes[] = { 6, 20 };
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
        for (int kind = 0; kind < 2; kind++) {
            int n = sizes[z];
            entry_set *s = entry_set_new(1000, 1000);
            entry_set_hold(s, 7);
            for (int i = n - 1; i >= 0; i--) {   /* added latest first */
                int64_t start = kind == 0 ? 2147483648LL - 600 + 60 * i : 4000000000LL + i;
                int64_t id = kind == 0 ? 1 + i : i % 2 ? 2 + i : 2147483648LL + 100 + i;
                tk_entry e = { .id = id, .user_id = 9, .client_id = 7, .day = 1000,
                               .has_range = true, .start = start, .end = start + 30,
                               .seconds = 30, .billable = true };
                entry_set_add(s, &e, i);
            }
            entry_set_sort(s);
            struct by_start o = { 0 };
            CHECK_INT(entry_set_walk(s, check_start_order, &o), 0);
            CHECK_INT(o.n, n);
            CHECK_INT(o.bad, 0);
            entry_set_free(s);
        }
}
