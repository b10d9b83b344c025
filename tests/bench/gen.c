/* gen.c — synthetic history for the benchmarks: a database of N entries by 20 users for 200
 * clients over the 5 years before "now", written through the store interface in bulk
 * transactions, and optionally the bench user's share as Timewarrior data files.
 *
 *   gen --db FILE --entries N --now YYYY-MM-DDTHH:MM:SS --me LOGIN
 *       [--me-share PERCENT] [--seed N] [--timew DIR] [--recent-from YYYY-MM-DD --recent-entries M]
 *
 * The history is deterministic for a seed. Working days are Monday to Friday; each user's
 * entries of a day are back to back between 08:00 and 18:00 local time (TZ), with some
 * duration entries, after-hours and emergency tiers, non-billable time, a few ranges past
 * midnight, UTF-8 names and notes. Each user works for a portfolio of 8 clients, drawn again
 * every year with a skew towards the first clients, so the first ("acme") is the busiest. The bench user (--me, the OS login that tock will run as) owns --me-share
 * percent of the entries (default: an equal share, 5%) and has a timer running since 70
 * minutes before now; two other users have one too. Past weeks are approved.
 *
 * With --recent-from, the days from that one on are as busy as in a history of M entries
 * and the older days make up the rest of the N: the same recent work (this week, last month,
 * the retainers' periods) on top of a much longer past, to show what the past costs.
 *
 * With --even, all N entries belong to the bench user and are spread evenly over time and
 * over every client/project: the 5 years before now, every day of the week, each day cut into
 * equal back-to-back ranges from midnight to midnight, each range on a client/project drawn
 * uniformly (about 5 ranges per client/project a week at 1M). No durations, approvals or
 * timers: the shape of a team lead's week or a busy client's month, where the work on screen
 * is large. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "day.h"
#include "store.h"

#define NUSERS 20
#define NCLIENTS 200
#define YEARS 5
#define BATCH 20000

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static double unit(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

static int below(int n)
{
    return (int)(rnd() % (uint64_t)n);
}

static void die(const char *what, const tk_err *err)
{
    fprintf(stderr, "gen: %s: %s\n", what, err ? err->msg : strerror(errno));
    exit(1);
}

struct client_info {
    int64_t id;
    char key[32];
    int nprojects;
    int64_t project_ids[5];
    char project_keys[5][16];
};

static struct client_info clients[NCLIENTS];
static int64_t user_ids[NUSERS];

static const char *const notes[] = {
    "code review", "standup", "deploy", "incident follow-up", "refactoring the importer",
    "Besprechung mit Jürgen", "設計レビュー", "ticket", "pairing", "release notes",
    "customer call", "écrire la documentation", "on-call", "performance", "migration", "",
};

static const char *const client_names[] = { "GmbH", "Ltd", "S.A.", "& Söhne", "株式会社",
                                            "Inc.", "AB", "Oy" };
static const char *const currencies[] = { "EUR", "EUR", "EUR", "EUR", "USD", "USD", "GBP",
                                          "JPY" };

static void make_catalog(store *st, int64_t now, tk_day today)
{
    tk_err err = { "" };
    tk_day first = today - YEARS * 365;
    for (int i = 0; i < NCLIENTS; i++) {
        struct client_info *ci = &clients[i];
        if (i == 0)
            snprintf(ci->key, sizeof ci->key, "acme");
        else
            snprintf(ci->key, sizeof ci->key, "client-%03d", i);
        char name[64];
        snprintf(name, sizeof name, "%s %03d %s", i % 7 == 3 ? "Müller" : "Client", i,
                 client_names[i % TK_ARRAY_LEN(client_names)]);
        tk_client c = { .key = ci->key, .name = name, .billable = i % 23 != 5,
                        .currency = (char *)(i == 0 ? "EUR" : currencies[i % TK_ARRAY_LEN(currencies)]) };
        if (i % 5 == 1) {
            c.has_round = c.has_round_mode = true;
            c.rounding.increment = 900;
            c.rounding.mode = ROUND_UP;
        }
        if (store_client_insert(st, &c, now, &err))
            die("client", &err);
        ci->id = c.id;
        ci->nprojects = i == 0 ? 5 : 1 + below(5);
        for (int j = 0; j < ci->nprojects; j++) {
            snprintf(ci->project_keys[j], sizeof ci->project_keys[j], "proj-%d", j + 1);
            tk_project p = { .client_id = ci->id, .key = ci->project_keys[j],
                             .name = ci->project_keys[j], .billable = j != 4,
                             .fixed_minor = -1, .budget_seconds = j == 2 ? 400 * 3600 : -1 };
            if (store_project_insert(st, &p, now, &err))
                die("project", &err);
            ci->project_ids[j] = p.id;
        }
        /* A standard rate from the start, raised on some New Year's Days; an after-hours
         * rate for some; a project rate for a few. */
        int64_t amount = (80 + below(121)) * 100;
        if (currencies[i % TK_ARRAY_LEN(currencies)][0] == 'J' && i)
            amount = (8000 + below(12000)) * 1;
        tk_rate r = { .client_id = ci->id, .tier = (char *)TIER_STANDARD, .amount_minor = amount,
                      .from = first };
        if (store_rate_insert(st, &r, now, &err))
            die("rate", &err);
        int y0, m0, d0;
        day_to_ymd(first, &y0, &m0, &d0);
        for (int y = y0 + 1; y <= y0 + YEARS; y++) {
            if (unit() < 0.5)
                continue;
            amount += amount / 20;
            tk_rate up = { .client_id = ci->id, .tier = (char *)TIER_STANDARD,
                           .amount_minor = amount, .from = day_from_ymd(y, 1, 1) };
            if (store_rate_insert(st, &up, now, &err))
                die("rate change", &err);
        }
        if (i % 4 == 0) {
            tk_rate ah = { .client_id = ci->id, .tier = (char *)TIER_AFTER_HOURS,
                           .amount_minor = amount * 3 / 2, .from = first };
            if (store_rate_insert(st, &ah, now, &err))
                die("rate", &err);
        }
        if (i % 10 == 0) {
            tk_rate pr = { .client_id = ci->id, .project_id = ci->project_ids[0],
                           .tier = (char *)TIER_STANDARD, .amount_minor = amount + 2000,
                           .from = first + 400 };
            if (store_rate_insert(st, &pr, now, &err))
                die("project rate", &err);
        }
    }
    /* Retainers: monthly for acme and a few others, one quarterly, one that ended. */
    for (int i = 0; i < 50; i += 5) {
        tk_retainer r = { .client_id = clients[i].id, .period = i == 10 ? PERIOD_QUARTER : PERIOD_MONTH,
                          .prepaid_seconds = (i == 0 ? 160 : 20) * 3600,
                          .fee_minor = i == 0 ? 2000000 : 250000, .overage_minor = 15000,
                          .rollover = i == 15 ? ROLLOVER_UNUSED : ROLLOVER_NONE, .alert_pct = 80,
                          .from = day_month_start(today - 2 * 365), .to = DAY_MAX };
        if (i == 20)
            r.to = day_month_start(today - 365) - 1;
        if (store_retainer_insert(st, &r, now, &err))
            die("retainer", &err);
    }
}

/* Timewarrior's files: one per month, "inc START - END # tags" in UTC. */
struct timew {
    char *dir;
    FILE *f;
    int year, month;
};

static void timew_line(struct timew *tw, int64_t start, int64_t end, const char *client,
                       const char *project)
{
    if (!tw->dir)
        return;
    time_t t = (time_t)start;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (!tw->f || tm.tm_year + 1900 != tw->year || tm.tm_mon + 1 != tw->month) {
        if (tw->f)
            fclose(tw->f);
        tw->year = tm.tm_year + 1900;
        tw->month = tm.tm_mon + 1;
        char path[4096];
        snprintf(path, sizeof path, "%s/data/%04d-%02d.data", tw->dir, tw->year, tw->month);
        tw->f = fopen(path, "a");
        if (!tw->f)
            die(path, NULL);
    }
    char a[32], b[32];
    strftime(a, sizeof a, "%Y%m%dT%H%M%SZ", &tm);
    if (end) {
        t = (time_t)end;
        gmtime_r(&t, &tm);
        strftime(b, sizeof b, "%Y%m%dT%H%M%SZ", &tm);
        fprintf(tw->f, "inc %s - %s # %s%s%s\n", a, b, client, *project ? " " : "", project);
    } else {
        fprintf(tw->f, "inc %s # %s%s%s\n", a, client, *project ? " " : "", project);
    }
}

/* A day's intervals, written in order of start (Timewarrior's files are sorted). */
struct tw_interval {
    int64_t start, end;
    int client, project;
};
static TK_VEC(struct tw_interval) tw_day;

static int by_start(const void *a, const void *b)
{
    const struct tw_interval *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

static void timew_flush_day(struct timew *tw)
{
    qsort(tw_day.items, tw_day.len, sizeof *tw_day.items, by_start);
    for (size_t i = 0; i < tw_day.len; i++) {
        const struct tw_interval *iv = &tw_day.items[i];
        const struct client_info *c = &clients[iv->client];
        timew_line(tw, iv->start, iv->end, c->key, iv->project >= 0 ? c->project_keys[iv->project] : "");
    }
    tw_day.len = 0;
}

static void timew_open(struct timew *tw, const char *dir)
{
    memset(tw, 0, sizeof *tw);
    if (!dir)
        return;
    tw->dir = xstrdup(dir);
    char path[4096];
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/data", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/timewarrior.cfg", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        die(path, NULL);
    fputs("verbose = no\nconfirmation = off\n", f);
    fclose(f);
}

static void timew_close(struct timew *tw)
{
    if (tw->f)
        fclose(tw->f);
    free(tw->dir);
    free(tw_day.items);
}

struct counts {
    long total, mine;
    long since_commit;
};

static void commit_batch(store *st, struct counts *n, bool force)
{
    tk_err err = { "" };
    if (!force && n->since_commit < BATCH)
        return;
    if (store_commit(st, &err) || store_begin(st, &err))
        die("commit", &err);
    n->since_commit = 0;
}

/* A client skewed towards the first ones: acme is the busiest. */
static int pick_client(void)
{
    double u = unit();
    return (int)(u * u * NCLIENTS);
}

/* Each user works for a portfolio of a few clients, drawn again every year; the first ones
 * get most of the time. Most users have acme in theirs. */
#define PORTFOLIO 8
static int portfolio[NUSERS][PORTFOLIO];

static void draw_portfolios(void)
{
    for (int u = 0; u < NUSERS; u++)
        for (int i = 0; i < PORTFOLIO; i++) {
            int c, dup;
            do {
                c = i == 0 && unit() < 0.6 ? 0 : pick_client();
                dup = 0;
                for (int j = 0; j < i; j++)
                    dup |= portfolio[u][j] == c;
            } while (dup);
            portfolio[u][i] = c;
        }
}

static int pick_client_of(int u)
{
    double x = unit();
    return portfolio[u][(int)(x * sqrt(x) * PORTFOLIO)];
}

static void add_entry(store *st, tk_entry *e, struct counts *n, int64_t now)
{
    tk_err err = { "" };
    e->created = e->updated = e->has_range ? e->end : now;
    if (store_entry_insert(st, e, &err))
        die("entry", &err);
    if (store_audit(st, e->user_id, e->created, "add", "entry", e->id, NULL, &err))
        die("audit", &err);
    n->total++;
    n->since_commit++;
}

/* One user's k entries on one day, back to back from 08:00; `until` cuts today short. */
static void user_day(store *st, int u, tk_day day, int k, int64_t until, bool me,
                     struct timew *tw, struct counts *n, int64_t now)
{
    int64_t base = local_make(day, 8, 0, 0);
    int64_t window = 10 * 3600;
    if (base + window > until)
        window = until - base;
    if (window < 60 * k || k <= 0)
        return;
    int64_t slot = window / k;
    int64_t dur_start = local_make(day, 18, 30, 0); /* where Timewarrior gets the durations */
    for (int i = 0; i < k; i++) {
        int ci = pick_client_of(u);
        struct client_info *c = &clients[ci];
        int pj = below(c->nprojects + 1);
        bool has_project = pj < c->nprojects;
        double t = unit();
        tk_entry e = { .user_id = user_ids[u], .client_id = c->id,
                       .project_id = has_project ? c->project_ids[pj] : 0,
                       .tier = t < 0.04 ? (char *)TIER_AFTER_HOURS : t < 0.05 ? (char *)TIER_EMERGENCY : NULL,
                       .billable = unit() > 0.08,
                       .note = (char *)notes[below((int)TK_ARRAY_LEN(notes))] };
        int64_t len = slot * (50 + below(46)) / 100;
        if (len >= 120)
            len -= len % 60;
        if (len < 60)
            len = 60;
        int64_t start = base + slot * i;
        if (unit() < 0.15) {
            e.day = day;
            e.last_day = day;
            e.seconds = len;
            if (me && tw->dir && dur_start + len < until) {
                struct tw_interval iv = { dur_start, dur_start + len, ci, has_project ? pj : -1 };
                TK_PUSH(tw_day, iv);
                dur_start += len;
            }
        } else {
            /* Now and then the day's last entry runs on past midnight. */
            if (i == k - 1 && unit() < 0.01 && local_make(day + 1, 1, 0, 0) < until) {
                start = local_make(day, 22, 0, 0);
                len = 3 * 3600;
            }
            e.has_range = true;
            e.start = start;
            e.end = start + len;
            e.seconds = len;
            e.day = local_day_of(e.start);
            e.last_day = local_day_of(e.end - 1);
            if (me && tw->dir) {
                struct tw_interval iv = { e.start, e.end, ci, has_project ? pj : -1 };
                TK_PUSH(tw_day, iv);
            }
        }
        add_entry(st, &e, n, now);
        if (me)
            n->mine++;
    }
    if (me)
        timew_flush_day(tw);
}

/* --even: one day cut into k equal ranges from local midnight (DST-safe) until the next or
 * until `until`; each on a client/project (or none) drawn uniformly. */
static void even_day(store *st, tk_day day, int k, int64_t until, struct timew *tw,
                     struct counts *n, int64_t now)
{
    int64_t base = local_make(day, 0, 0, 0), stop = local_make(day + 1, 0, 0, 0);
    if (stop > until)
        stop = until;
    if (k <= 0 || stop - base < 60 * k)
        return;
    int64_t slot = (stop - base) / k;
    int npairs = 0;
    for (int c = 0; c < NCLIENTS; c++)
        npairs += clients[c].nprojects + 1;
    for (int i = 0; i < k; i++) {
        int p = below(npairs), ci = 0;
        while (p > clients[ci].nprojects) {
            p -= clients[ci].nprojects + 1;
            ci++;
        }
        struct client_info *c = &clients[ci];
        bool has_project = p < c->nprojects;
        double t = unit();
        tk_entry e = { .user_id = user_ids[0], .client_id = c->id,
                       .project_id = has_project ? c->project_ids[p] : 0,
                       .tier = t < 0.04 ? (char *)TIER_AFTER_HOURS : t < 0.05 ? (char *)TIER_EMERGENCY : NULL,
                       .billable = unit() > 0.08,
                       .note = (char *)notes[below((int)TK_ARRAY_LEN(notes))] };
        e.has_range = true;
        e.start = base + slot * i;
        e.end = e.start + slot * (70 + below(31)) / 100;
        e.seconds = e.end - e.start;
        e.day = local_day_of(e.start);
        e.last_day = local_day_of(e.end - 1);
        if (tw->dir) {
            struct tw_interval iv = { e.start, e.end, ci, has_project ? p : -1 };
            TK_PUSH(tw_day, iv);
        }
        add_entry(st, &e, n, now);
        n->mine++;
    }
    if (tw->dir)
        timew_flush_day(tw);
}

static void approve_week(store *st, int u, tk_day week, int64_t now)
{
    tk_err err = { "" };
    if (store_week_set(st, user_ids[u], week, WEEK_APPROVED, user_ids[0], NULL, now, &err))
        die("week", &err);
}

static void start_timer(store *st, int u, int64_t at, struct timew *tw, bool me)
{
    tk_err err = { "" };
    tk_timer t = { .user_id = user_ids[u], .client_id = clients[0].id,
                   .project_id = clients[0].project_ids[0], .billable = true,
                   .note = (char *)"ticket 42", .start = at };
    if (store_timer_put(st, &t, &err))
        die("timer", &err);
    if (me)
        timew_line(tw, at, 0, clients[0].key, clients[0].project_keys[0]);
}

static void usage(void)
{
    fprintf(stderr, "usage: gen --db FILE --entries N --now YYYY-MM-DDTHH:MM:SS --me LOGIN "
                    "[--me-share PERCENT] [--seed N] [--timew DIR] "
                    "[--recent-from YYYY-MM-DD --recent-entries M | --even]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *db = NULL, *now_s = NULL, *me = NULL, *timew_dir = NULL;
    long entries = 0;
    double me_share = 100.0 / NUSERS;
    const char *recent_s = NULL;
    long recent_entries = 0;
    bool even = false;
    for (int i = 1; i < argc; i += 2) {
        if (!strcmp(argv[i], "--even")) {
            even = true;
            i--;
        } else if (i + 1 >= argc)
            usage();
        else if (!strcmp(argv[i], "--db"))
            db = argv[i + 1];
        else if (!strcmp(argv[i], "--entries"))
            entries = strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--now"))
            now_s = argv[i + 1];
        else if (!strcmp(argv[i], "--me"))
            me = argv[i + 1];
        else if (!strcmp(argv[i], "--me-share"))
            me_share = strtod(argv[i + 1], NULL);
        else if (!strcmp(argv[i], "--seed"))
            rng_state ^= strtoull(argv[i + 1], NULL, 10) * 0x2545f4914f6cdd1du;
        else if (!strcmp(argv[i], "--timew"))
            timew_dir = argv[i + 1];
        else if (!strcmp(argv[i], "--recent-from"))
            recent_s = argv[i + 1];
        else if (!strcmp(argv[i], "--recent-entries"))
            recent_entries = strtol(argv[i + 1], NULL, 10);
        else
            usage();
    }
    if (!db || !now_s || !me || entries <= 0 || me_share <= 0 || me_share > 100 ||
        !recent_s != !recent_entries || recent_entries < 0 || recent_entries > entries ||
        (even && recent_s))
        usage();
    tk_err err = { "" };
    int64_t now;
    if (local_parse_datetime(now_s, &now, &err))
        die("--now", &err);
    tk_day today = local_day_of(now);
    tk_day recent = DAY_MAX;
    if (recent_s && day_parse(recent_s, today, &recent, &err))
        die("--recent-from", &err);
    store *st;
    if (store_open(db, &st, &err))
        die("open", &err);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (store_begin(st, &err))
        die("begin", &err);
    /* The bench user first (the first user is the admin), then the synthetic team. */
    for (int u = 0; u < NUSERS; u++) {
        char login[32];
        snprintf(login, sizeof login, "dev%02d", u);
        if (store_user_ensure(st, u == 0 ? me : login, now - YEARS * 366 * 86400LL, &user_ids[u], &err))
            die("user", &err);
    }
    make_catalog(st, now, today);

    tk_day first = today - YEARS * 365;
    long workdays = 0, recent_days = 0;
    for (tk_day d = first; d <= today; d++) {
        workdays += day_weekday(d) < 5;
        recent_days += day_weekday(d) < 5 && d >= recent;
    }
    /* Per user and working day, an accumulator hands out whole entries at the user's rate:
     * the recent days at the rate of a history of recent_entries, the older ones at the rate
     * that brings the whole to `entries`. */
    double per_recent_day = recent_days ? (double)recent_entries / (double)workdays : 0;
    double per_old_day = ((double)entries - per_recent_day * (double)recent_days) /
                         (double)(workdays - recent_days);
    double old_rate[NUSERS], recent_rate[NUSERS], acc[NUSERS];
    for (int u = 0; u < NUSERS; u++) {
        double share = u == 0 ? me_share / 100.0 : (1.0 - me_share / 100.0) / (NUSERS - 1);
        old_rate[u] = per_old_day * share;
        recent_rate[u] = per_recent_day * share;
        acc[u] = 0.5;
    }
    struct timew tw;
    timew_open(&tw, timew_dir);
    struct counts n = { 0 };
    int64_t timer_at = now - 70 * 60;
    int year = -1;
    if (even) {
        /* Every day of the 5 years, the same number of ranges (an accumulator hands out the
         * fraction), today's cut at now. */
        double per_day = (double)entries / (double)(today - first + 1), a = 0.5;
        for (tk_day d = first; d <= today; d++) {
            a += per_day;
            int k = (int)a;
            a -= k;
            even_day(st, d, k, now, &tw, &n, now);
            commit_batch(st, &n, false);
        }
        first = today + 1; /* nothing more below */
    }
    for (tk_day d = first; d <= today; d++) {
        int y, m, dd;
        day_to_ymd(d, &y, &m, &dd);
        if (y != year) {
            draw_portfolios();
            year = y;
        }
        if (day_weekday(d) >= 5)
            continue;
        for (int u = 0; u < NUSERS; u++) {
            acc[u] += d >= recent ? recent_rate[u] : old_rate[u];
            int k = (int)acc[u];
            acc[u] -= k;
            int64_t until = d == today ? (u == 0 || u == 7 || u == 13 ? timer_at : now) : INT64_MAX;
            user_day(st, u, d, k, until, u == 0, &tw, &n, now);
            if (day_weekday(d) == 4 && d + 7 <= today)
                approve_week(st, u, day_week_start(d, 0), now);
        }
        commit_batch(st, &n, false);
    }
    if (!even) {
        start_timer(st, 0, timer_at, &tw, true);
        start_timer(st, 7, timer_at, &tw, false);
        start_timer(st, 13, timer_at, &tw, false);
    }
    if (store_commit(st, &err))
        die("commit", &err);
    timew_close(&tw);
    store_close(st);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("entries=%ld mine=%ld seconds=%.1f\n", n.total, n.mine, secs);
    return 0;
}
