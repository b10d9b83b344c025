/* The money rule as a property (issue 12): random clients, rates (dated, 99.99, JPY, a
 * 3-decimal currency), rounding, tiers by the clock and explicit, retainers (weekly or
 * monthly, rollover, starting or ending mid-period) and entries (odd minutes, over midnight,
 * across business hours). For each: the entries' amounts as every view sums them (app_bill:
 * log, week, export, sprint report) plus the fees equal the invoice total in every grouping;
 * what Zoho is sent multiplies out to each line; the retainer's overage is its entries'; and
 * invoicing the range at once equals invoicing it month by month (each month recorded before
 * the next is built). TOCK_STRESS=1 runs ten times as many cases. */
#include "test.h"
#include "app.h"
#include "billing.h"
#include "invoice.h"
#include "app_entry.h"
#include "app_billing.h"
#include "app_sprint.h"
#include "app_invoice.h"

#include <unistd.h>

#include "clock.h"

static uint64_t seed = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
    return t_rand(&seed);
}

static int64_t pick(int64_t n)
{
    return n > 0 ? (int64_t)(rnd() % (uint64_t)n) : 0;
}

static tk_day D(int m, int d)
{
    return day_from_ymd(2026, m, d);
}

struct world {
    tk_app app;
    char db[40];
    tk_err err;
};

static int client_case(struct world *w, int n, tk_client *c, int *has_retainer)
{
    static const char *const cur[] = { "EUR", "EUR", "JPY", "KWD" };
    tk_app *app = &w->app;
    char key[32];
    snprintf(key, sizeof key, "c%d", n);
    int ci = (int)pick(4);
    memset(c, 0, sizeof *c);
    c->key = key;
    c->name = key;
    c->currency = (char *)cur[ci];
    c->billable = true;
    if (pick(3)) {
        static const int64_t incs[] = { 15 * 60, 6 * 60, 30 * 60, 60 };
        c->has_round = c->has_round_mode = true;
        c->rounding.increment = incs[pick(4)];
        c->rounding.mode = (round_mode)(1 + pick(3));
        if (pick(2)) {
            c->has_minimum = true;
            c->rounding.minimum = 60 * (1 + pick(30));
        }
    }
    if (store_client_insert(app->st, c, clock_now(), &w->err))
        return -1;
    c->key = xstrdup(key);   /* owned from here on: tk_client_clear frees them */
    c->name = xstrdup(key);
    c->currency = xstrdup(cur[ci]);
    /* Rates: standard from long ago, a new one from a day in February, an emergency rate
     * sometimes (else derived, × 2). */
    static const int64_t eur[] = { 15000, 9999, 12345, 0 }, jpy[] = { 12345, 9999, 0, 0 },
                         kwd[] = { 12345, 99999, 0, 0 };
    const int64_t *set = ci == 2 ? jpy : ci == 3 ? kwd : eur;
    int64_t base = set[pick(4)];
    if (!base)
        base = 1 + pick(40000);
    tk_rate r1 = { .client_id = c->id, .tier = (char *)TIER_STANDARD, .amount_minor = base, .from = day_from_ymd(2000, 1, 1) };
    tk_rate r2 = { .client_id = c->id, .tier = (char *)TIER_STANDARD, .amount_minor = base + 1 + pick(5000), .from = D(2, 1 + (int)pick(28)) };
    tk_rate r3 = { .client_id = c->id, .tier = (char *)TIER_EMERGENCY, .amount_minor = 1 + pick(90000),
                   .from = day_from_ymd(2000, 1, 1) };
    if (store_rate_insert(app->st, &r1, clock_now(), &w->err) ||
        (pick(2) && store_rate_insert(app->st, &r2, clock_now(), &w->err)) ||
        (pick(3) == 0 && store_rate_insert(app->st, &r3, clock_now(), &w->err)))
        return -1;
    *has_retainer = pick(3) != 0;
    if (*has_retainer) {
        tk_retainer r = { .client_id = c->id, .period = pick(5) ? PERIOD_MONTH : PERIOD_WEEK,
                          .prepaid_seconds = 60 * (30 + pick(30 * 60)),
                          .fee_minor = pick(500000), .overage_minor = pick(30000),
                          .rollover = pick(2) ? ROLLOVER_UNUSED : ROLLOVER_NONE, .alert_pct = 80,
                          .from = pick(2) ? D(1, 1) : D(1 + (int)pick(2), 1 + (int)pick(28)),
                          .to = pick(4) ? DAY_MAX : D(3, 1 + (int)pick(28)) };
        if (store_retainer_insert(app->st, &r, clock_now(), &w->err))
            return -1;
    }
    /* Entries: ranges (odd minutes, some over midnight, some with a tier) and durations. */
    int n_entries = 3 + (int)pick(20);
    static const char *const tiers[] = { NULL, NULL, NULL, TIER_AFTER_HOURS, TIER_EMERGENCY,
                                         TIER_STANDARD };
    for (int i = 0; i < n_entries; i++) {
        tk_entry e = { .user_id = app->user_id, .client_id = c->id, .billable = pick(8) != 0,
                       .tier = (char *)tiers[pick(6)], .note = (char *)"" };
        e.day = D(1 + (int)pick(3), 1 + (int)pick(28));
        if (pick(4)) {
            e.has_range = true;
            e.start = local_make(e.day, (int)pick(24), (int)pick(60), (int)pick(60));
            e.end = e.start + 60 + pick(11 * 3600);
            e.seconds = e.end - e.start;
            e.last_day = local_day_of(e.end - 1);
        } else {
            e.seconds = 1 + pick(9 * 3600);
            e.last_day = e.day;
        }
        if (app_entry_import(app, &e, &w->err))
            return -1;
    }
    return 0;
}

struct sum {
    app_biller *b;
    tk_day from, to;
    int64_t total;
    tk_err *err;
    bool release;   /* release every period's bills before each entry: each is drawn again */
};

/* What log, week, export and the sprint report add up: app_bill of each entry. */
static int add_entry(const tk_entry *e, void *p)
{
    struct sum *s = p;
    tk_bill bill;
    if (e->day < s->from || e->day > s->to)
        return 0;
    if (s->release)
        app_biller_release(s->b, e->client_id, DAY_MAX);
    if (app_bill(s->b, e, &bill, s->err))
        return -1;
    s->total += bill.billable ? bill.amount_minor : 0;
    return 0;
}

static int64_t entries_sum(struct world *w, const tk_client *c, tk_day from, tk_day to)
{
    struct sum s = { app_biller_new(&w->app, &w->err), from, to, 0, &w->err, false };
    store_filter f = { .client_id = c->id, .from = from, .to = to };
    CHECK(s.b != NULL);
    CHECK(store_entry_each(w->app.st, &f, add_entry, &s, &w->err) >= 0);
    /* A released period drawn again bills every entry as the first draw did. */
    struct sum again = { s.b, from, to, 0, &w->err, true };
    CHECK(store_entry_each(w->app.st, &f, add_entry, &again, &w->err) >= 0);
    CHECK_INT(again.total, s.total);
    app_biller_free(s.b);
    return s.total;
}

static int64_t fees(const app_draft *d)
{
    int64_t f = 0;
    for (size_t i = 0; i < d->nperiods; i++)
        f += d->periods[i].fee_minor;
    return f;
}

/* The draft's lines add up, and what Zoho is sent multiplies out to each. */
static void check_draft(const app_draft *d)
{
    int64_t sum = 0;
    for (size_t i = 0; i < d->inv.nlines; i++) {
        const tk_inv_line *l = &d->inv.lines[i];
        __extension__ __int128 x = (__int128)l->send_rate_minor * l->send_quantity_centi;
        CHECK_INT((int64_t)(x % 100), 0);
        CHECK_INT((int64_t)(x / 100), l->amount_minor);
        sum += l->amount_minor;
    }
    CHECK_INT(sum, d->inv.total_minor);
}

/* Records a draft as a pending invoice (what a push records first): its entries are held and
 * its fees billed. */
static void record(struct world *w, const app_draft *d, int k)
{
    tk_invoice_rec rec = { .client_id = d->client.id, .from = d->range.from, .to = d->range.to,
                           .state = INVOICE_PENDING, .currency = d->client.currency,
                           .total_minor = d->inv.total_minor, .payload = (char *)"{}",
                           .created = clock_now(), .updated = clock_now() };
    char ref[48];
    snprintf(ref, sizeof ref, "%s-%d", d->reference, k);
    rec.reference = ref;
    CHECK_INT(store_begin(w->app.st, &w->err), 0);
    CHECK_INT(store_invoice_insert(w->app.st, &rec, &w->err), 0);
    CHECK_INT(store_invoice_set_entries(w->app.st, rec.id, d->inv.entry_ids, d->inv.nids, &w->err), 0);
    CHECK_INT(app_invoice_fees(&w->app, rec.id, d, &w->err), 0);
    CHECK_INT(store_commit(w->app.st, &w->err), 0);
}

static void run_case(struct world *w, int n)
{
    tk_client c;
    int has_retainer = 0, before = t_failed_checks;
    CHECK_INT(store_begin(w->app.st, &w->err), 0);
    if (client_case(w, n, &c, &has_retainer)) {
        t_fail_at(__FILE__, __LINE__, w->err.msg);
        store_rollback(w->app.st);
        return;
    }
    CHECK_INT(store_commit(w->app.st, &w->err), 0);
    app_range at_once = { D(1, 1), D(3, 31), "Q1" };
    int64_t entries = entries_sum(w, &c, at_once.from, at_once.to), total = -1;
    for (int g = 0; g < 5; g++) {
        app_draft d;
        CHECK_INT(app_invoice_draft(&w->app, &c, &at_once, (inv_grouping)g, 0, &d, &w->err), 0);
        check_draft(&d);
        CHECK_INT(d.inv.total_minor, entries + fees(&d));
        if (total >= 0)
            CHECK_INT(d.inv.total_minor, total);
        total = d.inv.total_minor;
        /* Each retainer period's overage is its entries' shares. */
        for (size_t p = 0; p < d.nperiods; p++) {
            int64_t over = 0;
            for (size_t i = 0; i < d.nentries; i++)
                if (d.items[i].bill.retainer && d.items[i].bill.period == d.periods[p].period_start)
                    over += d.items[i].bill.amount_minor;
            if (d.periods[p].period_start >= at_once.from && d.periods[p].period_end <= at_once.to)
                CHECK_INT(d.periods[p].overage_minor, over);
        }
        app_draft_clear(&d);
    }
    /* Month by month, each recorded before the next: the same total. */
    int64_t pieces = 0, pieces_entries = 0;
    for (int m = 1; m <= 3; m++) {
        app_range r = { D(m, 1), day_add_months(D(m, 1), 1) - 1, "month" };
        app_draft d;
        CHECK_INT(app_invoice_draft(&w->app, &c, &r, (inv_grouping)pick(5), 0, &d, &w->err), 0);
        check_draft(&d);
        pieces += d.inv.total_minor;
        pieces_entries += d.inv.total_minor - fees(&d);
        record(w, &d, m);
        app_draft_clear(&d);
    }
    CHECK_INT(pieces, total);
    /* And the views after invoicing still show what the invoices billed. */
    CHECK_INT(entries_sum(w, &c, at_once.from, at_once.to), pieces_entries);
    if (t_failed_checks != before)
        fprintf(stderr, "    money case %d (retainer %d): %s\n", n, has_retainer, w->err.msg);
    tk_client_clear(&c);
}

TEST(money_every_view_is_the_invoice)
{
    struct world w;
    memset(&w, 0, sizeof w);
    /* In memory when the system has it: the cases commit often. */
    snprintf(w.db, sizeof w.db, "%s/tock-money-XXXXXX", access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
    int fd = mkstemp(w.db);
    CHECK(fd >= 0);
    close(fd);
    unlink(w.db);
    setenv("TOCK_NOW", "2026-06-01T12:00:00", 1);
    setenv("TOCK_CONFIG", "/dev/null", 1);
    t_set_tz("Europe/Berlin");
    CHECK_INT(app_open(&w.app, NULL, w.db, false, &w.err), 0);
    free(w.app.cfg.business_hours);
    w.app.cfg.business_hours = xstrdup("Mon-Fri 09:00-18:00");
    const char *stress = getenv("TOCK_STRESS");
    int cases = stress && *stress && strcmp(stress, "0") ? 3000 : 300;
    for (int n = 0; n < cases && t_failed_checks < 20; n++)
        run_case(&w, n);
    app_close(&w.app);
    char path[64];
    unlink(w.db);
    snprintf(path, sizeof path, "%s-wal", w.db);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", w.db);
    unlink(path);
    unsetenv("TOCK_CONFIG");
}
