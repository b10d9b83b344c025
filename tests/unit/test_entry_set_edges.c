/* entry_set at its edges (issue 23's survivors once entry_set.c joined the money files): the
 * retainer draws of `report profit` read a held client's entries from here instead of the
 * store, so an entry lost, duplicated, out of order or with a changed field changes money
 * silently. Each test compares with what store_billing_each would give: the client's entries
 * of [from, to] by day, start (0 without a range) and id, every field as stored. */
#include "test.h"
#include "entry_set.h"

#define BIG (1LL << 33)    /* past 32 bits: such an entry is kept whole */

struct got {
    tk_entry e[64];
    int64_t tags[64];
    int n;
};

static int got_each(const tk_entry *e, void *p)
{
    struct got *g = p;
    if (g->n < 64)
        g->e[g->n++] = *e;
    return 0;
}

static int got_walk(const tk_entry *e, int64_t tag, void *p)
{
    struct got *g = p;
    if (g->n < 64) {
        g->tags[g->n] = tag;
        g->e[g->n++] = *e;
    }
    return 0;
}

static tk_entry ranged(int64_t id, int64_t client, tk_day day, int64_t start)
{
    tk_entry e = { .id = id, .client_id = client, .project_id = 5, .billable = true, .day = day,
                   .last_day = day, .has_range = true, .start = start, .end = start + 1800,
                   .seconds = 1800, .invoice_id = 0 };
    return e;
}

static tk_entry unranged(int64_t id, int64_t client, tk_day day)
{
    tk_entry e = { .id = id, .client_id = client, .project_id = 5, .billable = true, .day = day,
                   .last_day = day, .seconds = 3600 };
    return e;
}

/* The set's first and last days are its own; the days either side are not kept at all. A
 * range of one day gives that day's entries, none of the day before. */
TEST(entry_set_keeps_its_first_and_last_day)
{
    entry_set *s = entry_set_new(100, 200);
    entry_set_hold(s, 1);
    tk_entry es[] = { ranged(1, 1, 99, 99 * 86400LL), ranged(2, 1, 100, 100 * 86400LL),
                      ranged(3, 1, 149, 149 * 86400LL), ranged(4, 1, 150, 150 * 86400LL),
                      ranged(5, 1, 150, 150 * 86400LL + 60), ranged(6, 1, 200, 200 * 86400LL),
                      ranged(7, 1, 201, 201 * 86400LL) };
    for (size_t i = 0; i < sizeof es / sizeof es[0]; i++)
        entry_set_add(s, &es[i], 0);
    entry_set_sort(s);
    struct got g = { .n = 0 };
    CHECK_INT(entry_set_each(s, 1, 100, 200, got_each, &g), 0);
    CHECK_INT(g.n, 5);
    CHECK_INT(g.e[0].id, 2);
    CHECK_INT(g.e[4].id, 6);
    g.n = 0;
    CHECK_INT(entry_set_walk(s, got_walk, &g), 0);     /* days 99 and 201 were never kept */
    CHECK_INT(g.n, 5);
    g.n = 0;
    CHECK_INT(entry_set_each(s, 1, 150, 150, got_each, &g), 0);
    CHECK_INT(g.n, 2);
    CHECK_INT(g.e[0].id, 4);
    CHECK_INT(g.e[1].id, 5);
    g.n = 0;
    CHECK_INT(entry_set_each(s, 1, 200, 200, got_each, &g), 0);
    CHECK_INT(g.n, 1);
    CHECK_INT(g.e[0].id, 6);
    entry_set_free(s);
}

/* Report profit tags each entry with its user: up to 8191 in the small form, past it whole;
 * each comes back with its own tag. Tiers come back by name, however many. An entry without
 * a range has start and end 0, as the store gives it. */
TEST(entry_set_keeps_tags_tiers_and_no_range)
{
    entry_set *s = entry_set_new(100, 200);
    entry_set_hold(s, 1);
    const char *tiers[] = { "rush", "night", "rush", NULL, "night", "weekend" };
    const int64_t tags[] = { 4095, 4096, 8191, 8192, 0, 100000 };
    for (int i = 0; i < 6; i++) {
        tk_entry e = ranged(10 + i, 1, 120, 120 * 86400LL + i);
        e.tier = (char *)tiers[i];
        entry_set_add(s, &e, tags[i]);
    }
    tk_entry none = unranged(20, 1, 121);
    entry_set_add(s, &none, 7);
    entry_set_sort(s);
    struct got g = { .n = 0 };
    CHECK_INT(entry_set_walk(s, got_walk, &g), 0);
    CHECK_INT(g.n, 7);
    for (int i = 0; i < 6 && g.n == 7; i++) {
        CHECK_INT(g.e[i].id, 10 + i);
        CHECK_INT(g.tags[i], tags[i]);
        if (tiers[i])
            CHECK_STR(g.e[i].tier, tiers[i]);
        else
            CHECK(g.e[i].tier == NULL);
    }
    CHECK_INT(g.e[6].id, 20);
    CHECK(!g.e[6].has_range);
    CHECK_INT(g.e[6].start, 0);
    CHECK_INT(g.e[6].end, 0);
    CHECK_INT(g.e[6].seconds, 3600);
    CHECK_INT(g.tags[6], 7);
    entry_set_free(s);
}

static void check_same(const tk_entry *got, const tk_entry *want)
{
    CHECK_INT(got->id, want->id);
    CHECK_INT(got->client_id, want->client_id);
    CHECK_INT(got->project_id, want->project_id);
    CHECK_INT(got->invoice_id, want->invoice_id);
    CHECK_INT(got->day, want->day);
    CHECK_INT(got->last_day, want->last_day);
    CHECK_INT(got->has_range, want->has_range);
    CHECK_INT(got->start, want->start);
    CHECK_INT(got->end, want->end);
    CHECK_INT(got->seconds, want->seconds);
    CHECK_INT(got->billable, want->billable);
}

/* One value past 32 bits at a time (then all of them): each entry comes back whole. */
TEST(entry_set_keeps_each_value_past_32_bits)
{
    entry_set *s = entry_set_new(100, 200);
    entry_set_hold(s, 1);
    tk_entry es[8];
    for (int i = 0; i < 8; i++)
        es[i] = ranged(30 + i, 1, 110 + i, 1000 + i);
    es[0].id = BIG;
    es[1].project_id = BIG;
    es[2].invoice_id = BIG;
    es[3].start = -3600;                          /* before 1970 */
    es[3].end = 0;
    es[4].start = BIG;                            /* after 2106 */
    es[4].end = BIG + 60;
    es[5].end = es[5].start + BIG;                /* a range of 272 years */
    es[6].seconds = BIG;
    es[7] = (tk_entry){ .id = BIG + 1, .client_id = 1, .project_id = BIG + 2, .day = 117,
                        .last_day = 117, .has_range = true, .start = BIG + 3,
                        .end = 2 * BIG + 4, .seconds = BIG + 5, .invoice_id = BIG + 6 };
    for (int i = 0; i < 8; i++)
        entry_set_add(s, &es[i], i);
    entry_set_sort(s);
    struct got g = { .n = 0 };
    CHECK_INT(entry_set_walk(s, got_walk, &g), 0);
    CHECK_INT(g.n, 8);
    for (int i = 0; i < 8 && g.n == 8; i++) {
        check_same(&g.e[i], &es[i]);
        CHECK_INT(g.tags[i], i);
    }
    entry_set_free(s);
}

/* Billing order among entries kept whole, and between them and small ones: by day, then
 * start (0 without a range), then id, whatever order they were added in. */
TEST(entry_set_orders_whole_entries_like_the_store)
{
    entry_set *s = entry_set_new(100, 200);
    entry_set_hold(s, 1);
    tk_entry w[] = {
        unranged(BIG + 9, 1, 130),              /* a later day, added first */
        unranged(BIG + 8, 1, 120),
        ranged(BIG + 7, 1, 120, 120 * 86400LL + 600),
        ranged(BIG + 5, 1, 120, 120 * 86400LL + 300),
        ranged(BIG + 3, 1, 120, 120 * 86400LL + 600),   /* same start: by id */
        ranged(BIG + 4, 1, 120, 120 * 86400LL + 600),
        ranged(2, 1, 120, 120 * 86400LL + 600),          /* small, the same start */
        ranged(1, 1, 125, 125 * 86400LL),
    };
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        entry_set_add(s, &w[i], 0);
    entry_set_sort(s);
    const int64_t want[] = { BIG + 8, BIG + 5, 2, BIG + 3, BIG + 4, BIG + 7, 1, BIG + 9 };
    struct got g = { .n = 0 };
    CHECK_INT(entry_set_each(s, 1, 100, 200, got_each, &g), 0);
    CHECK_INT(g.n, 8);
    for (int i = 0; i < 8; i++)
        CHECK_INT(g.e[i].id, want[i]);
    g.n = 0;
    CHECK_INT(entry_set_each(s, 1, 121, 130, got_each, &g), 0);
    CHECK_INT(g.n, 2);
    CHECK_INT(g.e[0].id, 1);
    CHECK_INT(g.e[1].id, BIG + 9);
    entry_set_free(s);
}

/* Entries of one day and start arriving in id order stay in id order. */
TEST(entry_set_keeps_ids_in_order_as_added)
{
    entry_set *s = entry_set_new(100, 200);
    entry_set_hold(s, 1);
    for (int64_t id = 1; id <= 6; id++) {
        tk_entry e = ranged(id, 1, 150, 150 * 86400LL);
        entry_set_add(s, &e, 0);
    }
    for (int64_t id = 1; id <= 3; id++) {
        tk_entry e = ranged(BIG + id, 1, 151, 151 * 86400LL);
        entry_set_add(s, &e, 0);
    }
    entry_set_sort(s);
    struct got g = { .n = 0 };
    CHECK_INT(entry_set_each(s, 1, 100, 200, got_each, &g), 0);
    CHECK_INT(g.n, 9);
    for (int i = 0; i < 6; i++)
        CHECK_INT(g.e[i].id, i + 1);
    for (int i = 0; i < 3; i++)
        CHECK_INT(g.e[6 + i].id, BIG + i + 1);
    entry_set_free(s);
}

/* Forty clients held in no particular order (some held in increasing id order): each gets
 * exactly its own entries, and a walk goes client by client in id order. */
TEST(entry_set_finds_each_of_many_clients)
{
    entry_set *s = entry_set_new(100, 200);
    enum { N = 40 };
    int64_t ids[N];
    for (int i = 0; i < N; i++)
        ids[i] = i < 20 ? 100 + i : 1000 - i;     /* increasing, then decreasing */
    for (int i = 0; i < N; i++)
        entry_set_hold(s, ids[i]);
    for (int i = 0; i < N; i++) {
        tk_entry a = ranged(10 * (i + 1), ids[i], 140, 140 * 86400LL),
                 b = ranged(10 * (i + 1) + 1, ids[i], 160, 160 * 86400LL);
        entry_set_add(s, &b, i);
        entry_set_add(s, &a, i);
    }
    entry_set_sort(s);
    for (int i = 0; i < N; i++) {
        struct got g = { .n = 0 };
        CHECK_INT(entry_set_each(s, ids[i], 100, 200, got_each, &g), 0);
        CHECK_INT(g.n, 2);
        CHECK_INT(g.e[0].id, 10 * (i + 1));
        CHECK_INT(g.e[1].id, 10 * (i + 1) + 1);
        CHECK_INT(g.e[0].client_id, ids[i]);
    }
    struct got g = { .n = 0 };
    CHECK_INT(entry_set_walk(s, got_walk, &g), 0);
    CHECK_INT(g.n, 64);                            /* the first 64 of 80 */
    for (int i = 1; i < g.n; i++)
        CHECK(g.e[i - 1].client_id <= g.e[i].client_id);
    CHECK_INT(g.e[0].client_id, 100);
    entry_set_free(s);
}

/* A set that holds no client keeps others' entries but answers for none; entries without a
 * tier make no tier to free; freeing no set is harmless. */
TEST(entry_set_holding_nobody)
{
    entry_set *s = entry_set_new(100, 200);
    tk_entry e = ranged(1, 4, 150, 150 * 86400LL);
    entry_set_add(s, &e, 3);
    entry_set_sort(s);
    struct got g = { .n = 0 };
    CHECK_INT(entry_set_each(s, 4, 100, 200, got_each, &g), ENTRY_SET_MISS);
    CHECK_INT(entry_set_walk(s, got_walk, &g), 0);
    CHECK_INT(g.n, 1);
    check_same(&g.e[0], &e);
    CHECK_INT(g.tags[0], 3);
    entry_set_free(s);
    entry_set_free(NULL);
}

/* Client ids either side of 4096 (the set answers ids below it from a bitmap, the others by
 * looking): each held one gets its entries, with their tier; the ones not held, none. */
TEST(entry_set_holds_clients_either_side_of_4096)
{
    static const int64_t held[] = { 0, 63, 64, 4095, 4096, 4097, BIG };
    static const int64_t other[] = { 1, 62, 65, 4094, 4098, -1, BIG + 1 };
    entry_set *s = entry_set_new(100, 200);
    for (size_t i = 0; i < 7; i++)
        entry_set_hold(s, held[i]);
    for (size_t i = 0; i < 7; i++) {
        CHECK(entry_set_holds(s, held[i]));
        CHECK(!entry_set_holds(s, other[i]));
    }
    for (size_t i = 0; i < 7; i++) {
        tk_entry e = ranged((int64_t)i + 1, held[i], 150, 150 * 86400LL);
        e.tier = (char *)"emergency";
        entry_set_add(s, &e, 0);
    }
    entry_set_sort(s);
    for (size_t i = 0; i < 7; i++) {
        struct got g = { .n = 0 };
        CHECK_INT(entry_set_each(s, held[i], 100, 200, got_each, &g), 0);
        CHECK_INT(g.n, 1);
        CHECK_INT(g.e[0].id, (int64_t)i + 1);
        CHECK_INT(g.e[0].client_id, held[i]);
        CHECK_STR(g.e[0].tier, "emergency");
        CHECK_INT(entry_set_each(s, other[i], 100, 200, got_each, &g), ENTRY_SET_MISS);
    }
    entry_set_free(s);
}

/* A range of days across 1970-01-01 (day 0: days before it are negative), two clients: each
 * gets its own entries in billing order, and a walk goes client by client. */
TEST(entry_set_orders_days_either_side_of_1970)
{
    entry_set *s = entry_set_new(-100, 200);
    entry_set_hold(s, 2);
    entry_set_hold(s, 1);
    const tk_day days[] = { 150, -50, 0, -100, 200, -1 };
    int64_t id = 1;
    for (int64_t c = 1; c <= 2; c++)
        for (size_t i = 0; i < 6; i++, id++) {
            tk_entry e = ranged(id, c, days[i], days[i] * 86400LL + 3600 * 24 * 365 * 2);
            entry_set_add(s, &e, 0);
        }
    /* The first client's first day: three more before entry 4, added latest start first
     * (starts after 1970 too: all kept small, so sorted by client and day). */
    for (int64_t k = 1; k <= 3; k++) {
        tk_entry e = ranged(20 + k, 1, -100, -100 * 86400LL + 3600 * 24 * 365 * 2 - 600 * k);
        entry_set_add(s, &e, 0);
    }
    entry_set_sort(s);
    struct got first = { .n = 0 };
    CHECK_INT(entry_set_each(s, 1, -100, -100, got_each, &first), 0);
    CHECK_INT(first.n, 4);
    for (int i = 0; i < first.n && i < 4; i++)
        CHECK_INT(first.e[i].id, i < 3 ? 23 - i : 4);   /* by start */
    static const int64_t want[2][6] = { { 4, 2, 6, 3, 1, 5 }, { 10, 8, 12, 9, 7, 11 } };
    for (int64_t c = 1; c <= 2; c++) {
        struct got g = { .n = 0 };
        CHECK_INT(entry_set_each(s, c, -99, 200, got_each, &g), 0);
        CHECK_INT(g.n, 5);
        for (int i = 0; i < g.n && i < 5; i++)
            CHECK_INT(g.e[i].id, want[c - 1][i + 1]);
        g.n = 0;
        CHECK_INT(entry_set_each(s, c, -60, -1, got_each, &g), 0);
        CHECK_INT(g.n, 2);
    }
    struct got g = { .n = 0 };
    CHECK_INT(entry_set_walk(s, got_walk, &g), 0);
    CHECK_INT(g.n, 15);
    for (int i = 0; i < 15; i++)
        CHECK_INT(g.e[i].client_id, i < 9 ? 1 : 2);
    entry_set_free(s);
}
