/* rate_card_find_memo: every lookup through the memo answers exactly what rate_card_find
 * answers, whatever was asked before (issue 21: a busy week's rates remembered per card). */
#include "test.h"
#include "rate_card.h"

#include <string.h>

/* A client rate from day 0, a project 7 rate from day 10 (mid-week), an after-hours client
 * rate from day 12, a rush project rate from day 3, and a multiplier for "remote". */
static const tk_tier_mult memo_mults[] = { { TIER_AFTER_HOURS, 1500 }, { "remote", 2000 } };
static const tk_rate memo_rates[] = {
    { 1, 1, 0, NULL, 10000, 0 },
    { 2, 1, 7, NULL, 12000, 10 },
    { 3, 1, 0, (char *)TIER_AFTER_HOURS, 17000, 12 },
    { 4, 1, 7, (char *)"rush", 30000, 3 },
};

static void check_same(const tk_rate_card *card, tk_rate_memo *m, int64_t project,
                       const char *tier, tk_day day)
{
    tk_rate_hit want, got;
    tk_err err;
    memset(&want, 0, sizeof want);
    memset(&got, 0, sizeof got);
    int a = rate_card_find(card, project, tier, day, &want, &err);
    int b = rate_card_find_memo(card, m, project, tier, day, &got, &err);
    CHECK_INT(b, a);
    if (a == 1) {
        CHECK_INT(got.rate_minor, want.rate_minor);
        CHECK_INT(got.base_minor, want.base_minor);
        CHECK_INT(got.rate_id, want.rate_id);
        CHECK_INT(got.from, want.from);
        CHECK_INT(got.project_level, want.project_level);
        CHECK_INT(got.derived, want.derived);
        CHECK_INT(got.permille, want.permille);
    }
}

/* Every (project, tier, day) in every order a week visits them: days 0..15 forward, then
 * backward, then jumping, with projects 0, 7 and 9 and five tiers. */
TEST(rate_memo_answers_as_the_card_does)
{
    tk_rate_card card = { memo_rates, 4, memo_mults, 2 };
    static const char *tiers[] = { NULL, TIER_STANDARD, TIER_AFTER_HOURS, "rush", "remote",
                                   "none" };
    static const int64_t projects[] = { 0, 7, 9 };
    tk_rate_memo m;
    memset(&m, 0, sizeof m);
    for (int pass = 0; pass < 3; pass++)
        for (int i = 0; i < 16; i++) {
            tk_day day = pass == 0 ? i : pass == 1 ? 15 - i : (i * 7) % 16;
            for (size_t p = 0; p < 3; p++)
                for (size_t t = 0; t < sizeof tiers / sizeof tiers[0]; t++) {
                    check_same(&card, &m, projects[p], tiers[t], day);
                    check_same(&card, &m, projects[p], tiers[t], day);   /* now from the memo */
                }
        }
}

/* A project rate that begins mid-week: the week's Monday found the client rate; the memo must
 * not give it back on Thursday, when the project's own rate is in force. */
TEST(rate_memo_a_rate_beginning_mid_week)
{
    tk_rate_card card = { memo_rates, 4, memo_mults, 2 };
    tk_rate_memo m;
    tk_rate_hit hit;
    tk_err err;
    memset(&m, 0, sizeof m);
    CHECK_INT(rate_card_find_memo(&card, &m, 7, NULL, 8, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 10000);
    CHECK(!hit.project_level);
    CHECK_INT(rate_card_find_memo(&card, &m, 7, NULL, 11, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 12000);
    CHECK(hit.project_level);
    CHECK_INT(hit.from, 10);
    /* ... and back on Monday, the client's again */
    CHECK_INT(rate_card_find_memo(&card, &m, 7, NULL, 8, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 10000);
}

/* The same day and project, three tiers: each its own answer (the tier's own rate, one derived
 * by its multiplier, none at all), never the previous tier's. */
TEST(rate_memo_keeps_tiers_apart)
{
    tk_rate_card card = { memo_rates, 4, memo_mults, 2 };
    tk_rate_memo m;
    tk_rate_hit hit;
    tk_err err;
    memset(&m, 0, sizeof m);
    CHECK_INT(rate_card_find_memo(&card, &m, 7, "rush", 5, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 30000);
    CHECK_INT(rate_card_find_memo(&card, &m, 7, "remote", 5, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 20000);
    CHECK(hit.derived);
    CHECK_INT(rate_card_find_memo(&card, &m, 7, "none", 5, &hit, &err), 0);
    CHECK_INT(rate_card_find_memo(&card, &m, 0, "rush", 5, &hit, &err), 0);   /* project's only */
    CHECK_INT(rate_card_find_memo(&card, &m, 7, "rush", 5, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 30000);
}

/* More (project, tier) pairs than slots, and tier names longer than a slot keeps: still the
 * card's answers. */
TEST(rate_memo_past_its_slots_and_long_names)
{
    tk_rate_card card = { memo_rates, 4, memo_mults, 2 };
    tk_rate_memo m;
    memset(&m, 0, sizeof m);
    char longer[RATE_MEMO_TIER + 8];
    memset(longer, 'r', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    for (int round = 0; round < 3; round++)
        for (int64_t p = 0; p < RATE_MEMO_SLOTS + 5; p++) {
            check_same(&card, &m, p, NULL, 11);
            check_same(&card, &m, p == 3 ? 7 : p, "rush", 11);
            check_same(&card, &m, 7, longer, 11);
        }
}

/* Names alike in their first eight bytes: "standard" (eight), "standard-plus" and
 * "standardx" each keep their own rate, asked in either order. */
TEST(rate_memo_names_alike_in_their_first_eight_bytes)
{
    static const tk_rate rates[] = { { 1, 1, 0, NULL, 10000, 0 },
                                     { 2, 1, 0, (char *)"standard-plus", 13000, 0 },
                                     { 3, 1, 0, (char *)"standardx", 9000, 0 } };
    tk_rate_card card = { rates, 3, NULL, 0 };
    static const char *order[][3] = { { "standard", "standard-plus", "standardx" },
                                      { "standard-plus", "standardx", "standard" },
                                      { "standardx", "standard", "standard-plus" } };
    for (int o = 0; o < 3; o++) {
        tk_rate_memo m;
        memset(&m, 0, sizeof m);
        for (int round = 0; round < 2; round++)
            for (int i = 0; i < 3; i++) {
                tk_rate_hit hit;
                tk_err err;
                const char *t = order[o][i];
                CHECK_INT(rate_card_find_memo(&card, &m, 0, t, 5, &hit, &err), 1);
                CHECK_INT(hit.rate_minor, t[8] == '-' ? 13000 : t[8] == 'x' ? 9000 : 10000);
            }
    }
}

/* Names of one length that differ only in their last byte ("rush", "rusk"), and NULL beside
 * "standard" (the memo tells the first by a flag, the second by its bytes): each keeps its
 * own answer, asked in either order. */
TEST(rate_memo_names_of_one_length_and_standard_asked_both_ways)
{
    static const tk_rate rates[] = { { 1, 1, 0, NULL, 10000, 0 },
                                     { 2, 1, 0, (char *)"rush", 13000, 0 },
                                     { 3, 1, 0, (char *)"rusk", 9000, 0 } };
    static const tk_tier_mult mults[] = { { "rusp", 3000 } };
    tk_rate_card card = { rates, 3, mults, 1 };
    static const char *order[][5] = { { "rush", "rusk", "rusp", NULL, TIER_STANDARD },
                                      { TIER_STANDARD, "rusp", NULL, "rusk", "rush" } };
    for (int o = 0; o < 2; o++) {
        tk_rate_memo m;
        memset(&m, 0, sizeof m);
        for (int round = 0; round < 2; round++)
            for (int i = 0; i < 5; i++) {
                tk_rate_hit hit;
                tk_err err;
                const char *t = order[o][i];
                CHECK_INT(rate_card_find_memo(&card, &m, 0, t, 5, &hit, &err), 1);
                CHECK_INT(hit.rate_minor, !t || t[1] == 't' ? 10000
                                          : t[3] == 'h'     ? 13000
                                          : t[3] == 'k'     ? 9000
                                                            : 30000);
                CHECK_INT(hit.derived, t && t[3] == 'p');
            }
    }
}

/* What the memo keeps, seen by changing the card under it (which its callers never do): in
 * the span where no rate begins it answers what it found, found or not, on the span's first
 * and last day too; past the span it asks the card again; with more pairs than slots the
 * oldest goes first. */
TEST(rate_memo_keeps_its_answers_for_the_span)
{
    tk_rate rates[] = { { 1, 1, 0, NULL, 10000, 0 },
                        { 2, 1, 0, (char *)"rush", 20000, 0 },
                        { 3, 1, 0, NULL, 50000, 10 } };
    tk_rate_card card = { rates, 3, NULL, 0 };
    tk_rate_memo m;
    memset(&m, 0, sizeof m);
    tk_rate_hit hit;
    tk_err err;
    CHECK_INT(rate_card_find_memo(&card, &m, 0, NULL, 5, &hit, &err), 1);
    CHECK_INT(rate_card_find_memo(&card, &m, 0, "rush", 5, &hit, &err), 1);
    CHECK_INT(rate_card_find_memo(&card, &m, 0, "none", 5, &hit, &err), 0);
    rates[0].amount_minor = 11111;
    rates[1].amount_minor = 22222;
    rates[2].tier = (char *)"none";   /* from day 10: the span [0, 9] is still quiet */
    rates[2].from = 0;
    for (tk_day day = 0; day <= 9; day += 9) {
        CHECK_INT(rate_card_find_memo(&card, &m, 0, NULL, day, &hit, &err), 1);
        CHECK_INT(hit.rate_minor, 10000);
        CHECK_INT(rate_card_find_memo(&card, &m, 0, "rush", day, &hit, &err), 1);
        CHECK_INT(hit.rate_minor, 20000);
        CHECK_INT(rate_card_find_memo(&card, &m, 0, "none", day, &hit, &err), 0);
    }
    rates[2].tier = NULL;
    rates[2].from = 10;
    CHECK_INT(rate_card_find_memo(&card, &m, 0, NULL, 10, &hit, &err), 1);   /* a new span */
    CHECK_INT(hit.rate_minor, 50000);
    CHECK_INT(rate_card_find_memo(&card, &m, 0, "rush", 10, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 22222);

    /* Two more pairs than slots (projects with rates of their own), then every rate
     * changed: the first two pairs asked again are the card's new answers, the others the
     * memo's. */
    tk_rate own[RATE_MEMO_SLOTS + 2];
    for (int64_t p = 1; p <= RATE_MEMO_SLOTS + 2; p++)
        own[p - 1] = (tk_rate){ p, 1, p, NULL, 11111, 0 };
    tk_rate_card owned = { own, RATE_MEMO_SLOTS + 2, NULL, 0 };
    memset(&m, 0, sizeof m);
    for (int64_t p = 1; p <= RATE_MEMO_SLOTS + 2; p++)
        CHECK_INT(rate_card_find_memo(&owned, &m, p, NULL, 3, &hit, &err), 1);
    for (int i = 0; i < RATE_MEMO_SLOTS + 2; i++)
        own[i].amount_minor = 33333;
    for (int64_t p = RATE_MEMO_SLOTS + 2; p >= 1; p--) {
        CHECK_INT(rate_card_find_memo(&owned, &m, p, NULL, 3, &hit, &err), 1);
        CHECK_INT(hit.rate_minor, p <= 2 ? 33333 : 11111);
    }

    /* The client's standard answer, kept for the projects without a rate of their own: a
     * second such project asked after the card changed gets the kept one. */
    tk_rate client[] = { { 1, 1, 0, NULL, 10000, 0 } };
    tk_rate_card one = { client, 1, NULL, 0 };
    memset(&m, 0, sizeof m);
    CHECK_INT(rate_card_find_memo(&one, &m, 4, NULL, 5, &hit, &err), 1);
    client[0].amount_minor = 44444;
    CHECK_INT(rate_card_find_memo(&one, &m, 5, NULL, 5, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 10000);
}

/* A slot taken over by a shorter name ("rush" where "rushy" was, the oldest): the longer name
 * is not found in what is left of it. */
TEST(rate_memo_a_shorter_name_in_a_longer_ones_slot)
{
    static const tk_rate rates[] = { { 1, 1, 0, NULL, 10000, 0 },
                                     { 2, 1, 0, (char *)"rush", 13000, 0 },
                                     { 3, 1, 0, (char *)"rushy", 9000, 0 } };
    tk_rate_card card = { rates, 3, NULL, 0 };
    tk_rate_memo m;
    memset(&m, 0, sizeof m);
    tk_rate_hit hit;
    tk_err err;
    CHECK_INT(rate_card_find_memo(&card, &m, 0, "rushy", 5, &hit, &err), 1);
    for (int64_t p = 1; p < RATE_MEMO_SLOTS; p++)
        CHECK_INT(rate_card_find_memo(&card, &m, p, NULL, 5, &hit, &err), 1);
    CHECK_INT(rate_card_find_memo(&card, &m, 0, "rush", 5, &hit, &err), 1);   /* replaces it */
    CHECK_INT(hit.rate_minor, 13000);
    CHECK_INT(rate_card_find_memo(&card, &m, 0, "rushy", 5, &hit, &err), 1);
    CHECK_INT(hit.rate_minor, 9000);
}

/* The client's standard rate, which the memo keeps for the projects without one of their own,
 * changing mid-week: each side of the change, in either order, is the card's answer; projects
 * with their own rate (1 and 7), and a client without any standard rate, too. */
TEST(rate_memo_the_clients_standard_rate_changing_mid_week)
{
    static const tk_rate rates[] = { { 1, 1, 0, NULL, 10000, 0 },
                                     { 2, 1, 0, (char *)TIER_STANDARD, 11000, 10 },
                                     { 3, 1, 7, NULL, 30000, 0 },
                                     { 5, 1, 1, NULL, 7000, 0 },
                                     { 4, 2, 0, (char *)"rush", 5000, 0 } };
    tk_rate_card card = { rates, 4, NULL, 0 }, none = { rates + 4, 1, NULL, 0 };
    static const tk_day days[] = { 8, 11, 9, 10, 3, 12 };
    tk_rate_memo m, n;
    memset(&m, 0, sizeof m);
    memset(&n, 0, sizeof n);
    for (int round = 0; round < 2; round++)
        for (size_t d = 0; d < sizeof days / sizeof days[0]; d++)
            for (int64_t p = 0; p <= 9; p++) {
                check_same(&card, &m, p, NULL, days[d]);
                check_same(&none, &n, p, NULL, days[d]);
            }
}

/* A memo whose bytes are garbage but for valid = false is as empty as a zeroed one (the
 * biller leaves a client's memo unwritten but for that flag): every answer the card's, in
 * the orders the first test asks them, whatever the garbage. */
TEST(rate_memo_only_its_valid_flag_cleared)
{
    tk_rate_card card = { memo_rates, 4, memo_mults, 2 };
    static const char *tiers[] = { NULL, TIER_STANDARD, TIER_AFTER_HOURS, "rush", "remote" };
    static const unsigned char fills[] = { 0xff, 0x01, 0x7f };
    for (size_t f = 0; f < sizeof fills; f++) {
        tk_rate_memo m;
        memset(&m, fills[f], sizeof m);
        m.valid = false;
        for (int i = 0; i < 16; i++)
            for (int64_t p = 0; p < 10; p += 7)
                for (size_t t = 0; t < sizeof tiers / sizeof tiers[0]; t++) {
                    check_same(&card, &m, p, tiers[t], (i * 7) % 16);
                    check_same(&card, &m, p, tiers[t], (i * 7) % 16);
                }
    }
}
