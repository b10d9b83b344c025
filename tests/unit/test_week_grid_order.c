/* The week grid's row order against a plain reference, and its find/open/put steps. The grid
 * ranks each client's name once and counts rows into their client's place; the reference
 * compares every pair by name. They must agree on names that sort differently by byte than
 * by case or by letter (uppercase before lowercase, UTF-8 after ASCII, a prefix first), on
 * two clients of one name, and on rows added after a sort (the TUI's pinned rows). */
#include "test.h"
#include "week_grid.h"

static uint64_t seed = 0x2545F4914F6CDD1Dull;

static uint64_t rnd(void)
{
    return t_rand(&seed);
}

/* Names whose byte order is not their order by case or by letter. */
static const char *const names[] = { "Zeta", "alpha", "zeta", "\xc3\x89mile", "Alpha",
                                     "alpha-2", "alph", "_x", "a b", "\xc3\xa9mile", "" };
#define NNAMES (sizeof names / sizeof names[0])
static const char *const tiers[] = { NULL, "standard", "emergency", "Emergency", "after-hours" };
#define NTIERS (sizeof tiers / sizeof tiers[0])

/* A row as the reference sees it: its names, billability and the order it first came in. */
struct ref_row {
    int64_t client_id, project_id;
    const char *client, *project, *tier;
    bool billable;
    size_t first;
};

/* The order the grid promises: client name (as its first row gave it), project, tier, billable
 * first, then the order rows came in. */
static int ref_cmp(const struct ref_row *a, const struct ref_row *b)
{
    int d = strcmp(a->client, b->client);
    if (!d)
        d = strcmp(a->project, b->project);
    if (!d)
        d = strcmp(a->tier, b->tier);
    if (!d)
        d = (int)b->billable - (int)a->billable;
    if (!d)
        d = a->first < b->first ? -1 : a->first > b->first;
    return d;
}

/* One round: entries of random clients (ids 1..nclients, each with a name from names[] so that
 * names repeat across ids), projects and tiers, then the grid's order against the reference. */
static void one_round(int nclients, int nentries, bool pin_after_sort)
{
    t_set_tz("Europe/Berlin");
    tk_day mon = day_from_ymd(2026, 11, 23);
    week_grid g;
    week_grid_init(&g, mon);
    const char *client_name[64];
    for (int c = 0; c < nclients; c++)
        client_name[c] = names[rnd() % NNAMES];
    struct ref_row *ref = calloc((size_t)nentries + 8, sizeof *ref);
    size_t nref = 0;
    for (int i = 0; i < nentries; i++) {
        int c = (int)(rnd() % (uint64_t)nclients);
        int p = (int)(rnd() % 4);   /* 0: no project */
        const char *tier = tiers[rnd() % NTIERS];
        tk_entry e = { .id = i + 1, .client_id = c + 1, .client = (char *)client_name[c],
                       .project_id = p ? 100 * (c + 1) + p : 0,
                       .project = (char *)(p ? names[(c + p) % NNAMES] : ""),
                       .tier = (char *)tier, .billable = rnd() % 3 != 0, .day = mon + i % 7,
                       .last_day = mon + i % 7, .seconds = 60 };
        week_grid_spot spot;
        week_row *r = week_grid_find(&g, &e, &spot);
        if (!r) {
            r = week_grid_open(&g, &e, &spot, e.client, e.project);
            const char *t = tier && strcmp(tier, "standard") ? tier : "";
            ref[nref++] = (struct ref_row){ e.client_id, e.project_id, e.client, e.project, t,
                                            e.billable, nref };
        }
        week_grid_put(&g, r, &e);
    }
    week_grid_sort(&g);
    if (pin_after_sort) {   /* as the TUI adds pinned rows to a sorted week, then sorts again */
        for (int k = 0; k < 3; k++) {
            int c = (int)(rnd() % (uint64_t)nclients);
            const char *project = names[rnd() % NNAMES];
            size_t before = g.nrows;
            week_grid_row(&g, c + 1, client_name[c], 7000 + k, project, "pinned");
            CHECK_INT(g.nrows, before + 1);
            ref[nref++] = (struct ref_row){ c + 1, 7000 + k, client_name[c], project, "pinned",
                                            false, nref };
        }
        week_grid_sort(&g);
    }
    CHECK_INT(g.nrows, nref);
    /* Insertion sort of the reference: obviously stable. */
    for (size_t i = 1; i < nref; i++) {
        struct ref_row x = ref[i];
        size_t j = i;
        for (; j > 0 && ref_cmp(&ref[j - 1], &x) > 0; j--)
            ref[j] = ref[j - 1];
        ref[j] = x;
    }
    for (size_t i = 0; i < nref && i < g.nrows; i++) {
        const week_row *r = g.rows[i];
        CHECK_INT(r->client_id, ref[i].client_id);
        CHECK_INT(r->project_id, ref[i].project_id);
        CHECK_STR(r->tier, ref[i].tier);
        CHECK_INT(r->billable, ref[i].billable);
    }
    free(ref);
    week_grid_free(&g);
}

TEST(week_grid_order_is_byte_order_of_names_like_a_plain_sort)
{
    for (int round = 0; round < 200; round++)
        one_round(1 + round % 40, 1 + (int)(rnd() % 400), round % 3 == 0);
}

/* The byte order by hand: uppercase before lowercase, a prefix before its longer name, UTF-8
 * after ASCII (not "alpha, Alpha, ..." by case, not "Émile" beside "emile"). */
TEST(week_grid_sorts_clients_by_bytes_not_by_case)
{
    t_set_tz("Europe/Berlin");
    tk_day mon = day_from_ymd(2026, 11, 23);
    week_grid g;
    week_grid_init(&g, mon);
    static const char *const in[] = { "zeta", "\xc3\x89mile", "alpha", "Zeta", "alph", "Alpha" };
    for (int i = 0; i < 6; i++) {
        tk_entry e = { .client_id = 10 - i, .client = (char *)in[i], .project = (char *)"",
                       .billable = true, .day = mon, .last_day = mon, .seconds = 60 };
        week_grid_add(&g, &e);
    }
    week_grid_sort(&g);
    static const char *const want[] = { "Alpha", "Zeta", "alph", "alpha", "zeta",
                                        "\xc3\x89mile" };
    CHECK_INT(g.nrows, 6);
    for (size_t i = 0; i < 6 && i < g.nrows; i++)
        CHECK_STR(g.rows[i]->client, want[i]);
    week_grid_free(&g);
}

/* find, open and put: an entry's row is found by ids, tier and billability (standard and by
 * the clock are one row); open makes it once, with a stale spot as well as a fresh one. */
TEST(week_grid_find_open_put_make_each_row_once)
{
    t_set_tz("Europe/Berlin");
    tk_day mon = day_from_ymd(2026, 11, 23);
    week_grid g;
    week_grid_init(&g, mon);
    tk_entry a = { .client_id = 1, .project_id = 5, .billable = true, .day = mon,
                   .last_day = mon, .seconds = 600 };
    tk_entry b = a;
    b.project_id = 6;
    week_grid_spot sa, sb;
    CHECK(week_grid_find(&g, &a, &sa) == NULL);
    CHECK(week_grid_find(&g, &b, &sb) == NULL);
    week_row *rb = week_grid_open(&g, &b, &sb, "acme", "web");
    week_row *ra = week_grid_open(&g, &a, &sa, "acme", "ops");   /* stale: a row came since */
    CHECK(ra != rb);
    CHECK_STR(ra->project, "ops");
    CHECK_STR(ra->client, "acme");
    CHECK(ra->client == rb->client);   /* one client, its name held once */
    CHECK_INT(g.nrows, 2);
    tk_entry std = a;
    std.tier = (char *)"standard";
    CHECK(week_grid_find(&g, &std, &sa) == ra);
    week_grid_put(&g, ra, &std);
    week_grid_put(&g, ra, &a);
    CHECK_INT(ra->seconds[0], 1200);
    CHECK_INT(g.total, 1200);
    CHECK(week_grid_open(&g, &a, NULL, "acme", "ops") == ra);
    tk_entry nb = a;
    nb.billable = false;
    CHECK(week_grid_find(&g, &nb, &sa) == NULL);
    CHECK_INT(g.nrows, 2);
    week_grid_free(&g);
}

/* One pointer per distinct string; a string is not taken for another with its first letter. */
TEST(week_grid_intern_holds_each_string_once)
{
    week_grid g;
    week_grid_init(&g, day_from_ymd(2026, 11, 23));
    char eur[] = "EUR", eur2[] = "EUR";
    char *e1 = week_grid_intern(&g, eur);
    char *u = week_grid_intern(&g, "USD");
    char *e2 = week_grid_intern(&g, eur2);
    char *e3 = week_grid_intern(&g, "EUX");
    CHECK(e1 == e2);
    CHECK(e1 != eur && e1 != eur2);
    CHECK(u != e1);
    CHECK(e3 != e1);
    CHECK_STR(e1, "EUR");
    CHECK_STR(e3, "EUX");
    CHECK_STR(u, "USD");
    CHECK(week_grid_intern(&g, "USD") == u);
    week_grid_free(&g);
}

/* A spot is not used once the index changed: found missing, then the grid sorted and indexed
 * again (bigger: 20 rows want 128 slots, not the 64 they had) by another entry's lookup, the
 * entry's row is still made once and found again. */
TEST(week_grid_open_looks_again_after_a_sort)
{
    t_set_tz("Europe/Berlin");
    tk_day mon = day_from_ymd(2026, 11, 23);
    for (int k = 0; k < 16; k++) {   /* keys of many hashes: a stale slot is often free */
        week_grid g;
        week_grid_init(&g, mon);
        for (int i = 0; i < 20; i++) {
            tk_entry e = { .client_id = 20 - i, .client = (char *)names[i % NNAMES],
                           .project = (char *)"", .billable = true, .day = mon,
                           .last_day = mon, .seconds = 60 };
            week_grid_add(&g, &e);
        }
        tk_entry late = { .client_id = 99, .project_id = 5 + k, .billable = true, .day = mon,
                          .last_day = mon, .seconds = 60 };
        week_grid_spot spot, other;
        CHECK(week_grid_find(&g, &late, &spot) == NULL);
        week_grid_sort(&g);
        tk_entry first = { .client_id = 1, .billable = true, .day = mon, .last_day = mon };
        CHECK(week_grid_find(&g, &first, &other) != NULL);
        week_row *r = week_grid_open(&g, &late, &spot, "late", "p");
        CHECK_INT(g.nrows, 21);
        CHECK_INT(r->client_id, 99);
        CHECK(week_grid_find(&g, &late, &other) == r);
        CHECK(week_grid_open(&g, &late, &other, "late", "p") == r);
        CHECK_INT(g.nrows, 21);
        week_grid_free(&g);
    }
}

/* A client's currency, set on one of its rows, is every other of its rows' (the same pointer,
 * the grid's own), before and after a sort; another client's rows have none until set; and
 * the rows of a client share its name, the grid's copy, whatever the caller's buffers hold
 * afterwards. */
TEST(week_grid_keeps_a_clients_currency_and_name_for_its_rows)
{
    week_grid g;
    week_grid_init(&g, day_from_ymd(2026, 11, 23));
    char acme[] = "acme", zed[] = "zed", eur[] = "EUR";
    week_row *a1 = week_grid_row(&g, 1, acme, 10, "ops", NULL);
    week_row *z1 = week_grid_row(&g, 2, zed, 20, "web", NULL);
    week_row *a2 = week_grid_row(&g, 1, acme, 11, "dev", NULL);
    CHECK(week_grid_currency_of(&g, a1) == NULL);
    week_grid_set_currency(&g, a1, eur);
    CHECK(a1->currency != eur);
    CHECK_STR(a1->currency, "EUR");
    CHECK(week_grid_currency_of(&g, a2) == a1->currency);
    CHECK(week_grid_currency_of(&g, z1) == NULL);
    CHECK(a2->currency == NULL);   /* kept for the client, set on a row by the caller */
    week_grid_set_currency(&g, z1, "USD");
    CHECK_STR(week_grid_currency_of(&g, z1), "USD");
    CHECK(week_grid_currency_of(&g, a1) == a1->currency);
    CHECK(a1->client == a2->client);
    CHECK(a1->client != acme);
    memcpy(acme, "xxxx", 4);
    memcpy(eur, "XXX", 3);
    week_grid_sort(&g);
    CHECK_STR(g.rows[0]->client, "acme");
    CHECK_STR(g.rows[1]->client, "acme");
    CHECK_STR(g.rows[2]->client, "zed");
    CHECK(week_grid_currency_of(&g, g.rows[1]) == a1->currency);
    CHECK_STR(a1->currency, "EUR");
    week_grid_free(&g);
}
