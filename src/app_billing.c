/* app_billing.c — feeding the pure billing core from the store: rates, rounding and business
 * hours per client, cached for one command or one screen. */
#include "app.h"
#include "billing.h"
#include "bill_memo.h"
#include "bill_pack.h"
#include "retainer.h"
#include "app_billing.h"
#include "app_carry.h"
#include "app_carry_standing.h"
#include "app_rules.h"
#include "entry_set.h"
#include "retainer_roll.h"
#include "rounding.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a retainer period's entries need of prepaid hours (seconds), whatever was left. */
struct period_need {
    int64_t retainer_id;
    tk_day first;
    int64_t seconds;
};

/* An entry a period drew: its bill in the period's pack. */
typedef struct drawn_entry {
    int64_t id, project_id;      /* project 0: none */
    uint32_t bill;               /* index in the period's bills */
} drawn_entry;

/* One retainer period's draw: every eligible entry's share (see retainer_draw). */
typedef struct period_draw {
    tk_retainer r;
    tk_day first, last;          /* the period */
    TK_VEC(tk_day_usage) usage;  /* prepaid hundredths × 36 drawn per day of the period */
    tk_retainer_status base;     /* prepaid, rollover (from retainer_status) */
    int64_t left_centi;          /* prepaid hundredths no entry drew */
    int64_t held_centi;          /* drawn by entries invoices hold */
    tk_rolled rolled;            /* rolled-over hours it starts with, by age */
    int64_t overage_centi, overage_minor;
    /* The n entries drawn, in the order they drew, until one is asked for out of that order
     * (drawn_at): then by id, for good. A walk in billing order (report profit) asks for them
     * in the order they drew, so the next is tried first and they are seldom sorted. */
    drawn_entry *drawn;
    size_t n, next;
    bool by_id;
    bill_pack bills;
    bool released;               /* drawn and bills freed (app_biller_release) */
    /* cover_tier's last answer, for the tier named cover_for: a period's parts name a few
     * tiers, and each is asked for twice (its need, then its draw). */
    bool has_cover;
    char cover_for[BILL_TIER_MAX];
    tk_tier_cover cover;
    bool from_store;             /* its entries were read from the store (app_carry.h) */
    /* The last free entry it drew (day, start, id), which the running timer must come after
     * to be drawn on top of a stored standing (standing_of); none: every entry held, or none. */
    bool has_last_free;
    tk_day last_free_day;
    int64_t last_free_start, last_free_id;
} period_draw;

/* A period's draw as stored (app_bill_brief), or a note that it is not stored. */
typedef struct period_brief {
    int64_t retainer_id;
    tk_day first, last;
    bool stored;                 /* draw holds what the store had */
    bool noted;                  /* not stored: drawn here and noted for storing, or not to be */
    app_carry_draw draw;
} period_brief;

/* A client's first projects' ids and keys, side by side: naming an entry (a chain of loads
 * each waiting for the one before: slot, rules, record, projects, project) reads the slot
 * and these lines, not the client's record and one project record (64 bytes) per project
 * passed; perf showed app_biller_name waiting on those loads. */
#define PROJECT_IDS 8

typedef struct client_rules {
    const app_client_rules *r;   /* the client's record, rates, projects, tiers, retainers */
    char *key;                   /* r->client.key */
    const tk_project *projects;  /* r->projects.items */
    size_t nids;                 /* of project_ids: r->projects' first PROJECT_IDS */
    bool more;                   /* r->projects has more than those */
    int64_t project_ids[PROJECT_IDS];
    char *project_keys[PROJECT_IDS];
    /* What billing an entry reads of the client, beside it for the same reason. */
    bool billable;               /* r->client.billable */
    uint8_t hourly;              /* bit i: project_ids[i] bills by the hour (billable_of) */
    const tk_retainer *retainers;   /* r->retainers */
    size_t nretainers;
    tk_rounding rounding;        /* r->rounding */
    tk_bill_rules rules;         /* over rounding, the biller's hours, r->card and r->tiers */
    bool pending_read;
    int64_t *pending;            /* entries held by pending invoices other than except */
    size_t npending;
    TK_VEC(period_draw *) draws;
    TK_VEC(struct period_need) needs;   /* prepaid seconds periods' entries drew, for rollover */
    app_carry_client *carry;     /* ... as stored (app_carry.c) */
    TK_VEC(period_brief) briefs; /* app_bill_brief's periods */
    size_t last_brief;           /* the one it found last, + 1 (0: none) */
    period_draw *last_draw;      /* app_bill's last, for the next entry of the same period */
    tk_day begun_lo, begun_hi;   /* memo_key: the days on which `begun` of its rates have */
    int32_t begun;               /* begun (lo > hi: not known yet) */
    size_t draw_hint;            /* how many entries its last period drew (draw_period) */
    tk_rate_memo rate_memo;      /* r->card's lookups (bill_entry_memo); last: rules_read
                                  * leaves it unwritten but for its valid flag */
} client_rules;

struct app_biller {
    tk_app *app;
    app_rules *rules;            /* the catalogue side of each client, read once */
    tk_bizhours hours;
    tk_tier_mult *mults;
    size_t nmults;
    int64_t except;              /* an invoice whose entries count as free */
    TK_VEC(client_rules *) clients;
    bool counts_timer;           /* app_biller_count_timer: the running timer, drawn last */
    bool standings;              /* app_biller_standings: stored standings answer */
    tk_entry timer;              /* ... as an entry ending now, id INT64_MAX */
    /* clients by id: open addressing over a power of two, at most half full. A busy week
     * bills thousands of entries of hundreds of clients: no linear search per entry. Each
     * slot holds its client's id, so a probe reads no client's rules (their cache lines and
     * pages were most of what naming and billing an entry waited for). */
    struct client_slot {
        int64_t id;
        client_rules *cr;        /* NULL: empty */
    } *slots;
    size_t nslots;
    app_entry_source source;     /* app_biller_source: entries held in memory, else NULL */
    const void *src;
    bool from_store;             /* billing_each's last read went to the store */
    bill_memo *memo;             /* bills by key (bill_hourly, app_bill_sum) */
    uint32_t memo_asks, memo_hits;   /* bill_hourly's lookups in this MEMO_TRIAL, and finds */
    bool memo_cold;              /* ... found too few: bill_hourly no longer asks */
};

/* A lookup and a store cost about 40 % of billing an entry, so the memo pays only when more
 * than ~30 % of lookups find their bill. Entries app_bill bills by the hour are sampled: in
 * MEMO_TRIAL lookups with fewer than 1 in MEMO_HIT_MIN found, keys hardly repeat (a busy
 * week or month of distinct durations), and app_bill bills them without the memo from then
 * on. Draws and report totals repeat keys over and over: they always use it. */
#define MEMO_TRIAL 256
#define MEMO_HIT_MIN 4

static inline size_t slot_of(const app_biller *b, int64_t client_id)
{
    uint64_t h = (uint64_t)client_id * 0x9e3779b97f4a7c15u;
    size_t i = (size_t)(h >> 32) & (b->nslots - 1);
    while (b->slots[i].cr && b->slots[i].id != client_id)
        i = (i + 1) & (b->nslots - 1);
    return i;
}

static void index_client(app_biller *b, client_rules *cr)
{
    if (2 * (b->clients.len + 1) > b->nslots) {
        free(b->slots);
        b->nslots = b->nslots ? 2 * b->nslots : 64;
        b->slots = xcalloc(b->nslots, sizeof *b->slots);
        for (size_t i = 0; i < b->clients.len; i++) {
            client_rules *c = b->clients.items[i];
            b->slots[slot_of(b, c->r->client.id)] = (struct client_slot){ c->r->client.id, c };
        }
    }
    b->slots[slot_of(b, cr->r->client.id)] = (struct client_slot){ cr->r->client.id, cr };
}

app_biller *app_biller_new(tk_app *app, tk_err *err)
{
    return app_biller_new_on(app, NULL, err);
}

app_rules *app_biller_rules(app_biller *b)
{
    return b->rules;
}

app_biller *app_biller_new_on(tk_app *app, app_rules *rules, tk_err *err)
{
    app_biller *b = xcalloc(1, sizeof *b);
    b->app = app;
    if (bizhours_parse(app->cfg.business_hours, &b->hours, err) ||
        bizhours_add_holidays(&b->hours, app->cfg.holidays, err)) {
        free(b);
        return NULL;
    }
    b->nmults = app->cfg.ntiers;
    b->mults = xcalloc(b->nmults, sizeof *b->mults);
    for (size_t i = 0; i < b->nmults; i++) {
        b->mults[i].name = app->cfg.tiers[i].name;
        b->mults[i].permille = app->cfg.tiers[i].permille;
    }
    b->rules = rules ? app_rules_keep(rules) : app_rules_new(app, b->mults, b->nmults);
    b->memo = bill_memo_new();
    return b;
}

void app_biller_free(app_biller *b)
{
    if (!b)
        return;
    tk_entry_clear(&b->timer);
    for (size_t i = 0; i < b->clients.len; i++) {
        client_rules *r = b->clients.items[i];
        free(r->pending);
        for (size_t j = 0; j < r->draws.len; j++) {
            period_draw *d = r->draws.items[j];
            free(d->usage.items);
            free(d->drawn);
            bill_pack_free(&d->bills);
            free(d);
        }
        free(r->draws.items);
        free(r->needs.items);
        for (size_t j = 0; j < r->briefs.len; j++)
            app_carry_draw_free(&r->briefs.items[j].draw);
        free(r->briefs.items);
        app_carry_client_free(r->carry);
        free(r);
    }
    free(b->clients.items);
    free(b->slots);
    app_carry_flush(b->app);   /* stored now, or after the view's transaction */
    bill_memo_free(b->memo);
    app_rules_free(b->rules);
    free(b->mults);
    free(b);
}

tk_rounding app_client_rounding(const tk_config *cfg, const tk_client *c)
{
    tk_rounding r = cfg->rounding;
    if (c->has_round)
        r.increment = c->rounding.increment;
    if (c->has_round_mode)
        r.mode = c->rounding.mode;
    if (c->has_minimum)
        r.minimum = c->rounding.minimum;
    return r;
}

static client_rules *rules_read(app_biller *b, int64_t client_id, tk_err *err);

/* Where project_id is in project_ids; nids when not there (or 0). */
static inline size_t project_index(const client_rules *cr, int64_t project_id)
{
    size_t i = 0;
    while (i < cr->nids && cr->project_ids[i] != project_id)
        i++;
    return project_id ? i : cr->nids;
}

_Static_assert(PROJECT_IDS <= 8, "client_rules.hourly holds a bit per project id");

/* app_rules_project through project_ids. */
static inline const tk_project *project_of(const client_rules *cr, int64_t project_id)
{
    size_t i = project_index(cr, project_id);
    return i < cr->nids ? &cr->projects[i] : cr->more ? app_rules_project(cr->r, project_id)
                                                      : NULL;
}

/* A client's rules: found by hash (inline, once per entry billed), else read. */
static inline client_rules *rules_for(app_biller *b, int64_t client_id, tk_err *err)
{
    client_rules *hit = b->nslots ? b->slots[slot_of(b, client_id)].cr : NULL;
    return hit ? hit : rules_read(b, client_id, err);
}

static client_rules *rules_read(app_biller *b, int64_t client_id, tk_err *err)
{
    const app_client_rules *ar = app_rules_get(b->rules, client_id, err);
    if (!ar)
        return NULL;
    /* The rate memo, most of the record, is read only where written (rate_card.h): zeroed,
     * it was ~700 bytes written per client for nothing. */
    client_rules *cr = xmalloc(sizeof *cr);
    memset(cr, 0, offsetof(client_rules, rate_memo));
    cr->rate_memo.valid = false;
    cr->r = ar;
    cr->key = ar->client.key;
    cr->projects = ar->projects.items;
    for (size_t i = 0; i < ar->projects.len && i < PROJECT_IDS; i++) {
        cr->project_ids[i] = ar->projects.items[i].id;
        cr->project_keys[i] = ar->projects.items[i].key;
        if (bill_is_billable_by(true, true, &ar->projects.items[i]))
            cr->hourly |= (uint8_t)(1u << i);
    }
    cr->nids = ar->projects.len < PROJECT_IDS ? ar->projects.len : PROJECT_IDS;
    cr->more = ar->projects.len > PROJECT_IDS;
    cr->billable = ar->client.billable;
    cr->retainers = ar->retainers.items;
    cr->nretainers = ar->retainers.len;
    cr->rounding = ar->rounding;
    cr->rules = (tk_bill_rules){ &cr->rounding, &b->hours, &ar->card, ar->tiers.items,
                                 ar->tiers.len };
    cr->begun_lo = 1;            /* empty: lo > hi */
    index_client(b, cr);
    TK_PUSH(b->clients, cr);
    return cr;
}

int app_biller_count_timer(app_biller *b, int64_t now, tk_err *err)
{
    tk_timer t;
    int rc = store_timer_get(b->app->st, b->app->user_id, &t, err);
    if (rc <= 0)
        return rc;
    tk_entry_clear(&b->timer);
    b->counts_timer = true;
    int64_t end = now > t.start ? now : t.start;
    b->timer = (tk_entry){ .id = INT64_MAX, .user_id = t.user_id, .client_id = t.client_id,
                           .project_id = t.project_id, .tier = t.tier ? xstrdup(t.tier) : NULL,
                           .billable = t.billable, .has_range = true, .start = t.start,
                           .end = end, .seconds = end - t.start, .day = local_day_of(t.start),
                           .last_day = local_day_of(end > t.start ? end - 1 : end) };
    tk_timer_clear(&t);
    return 1;
}

void app_biller_standings(app_biller *b)
{
    b->standings = true;
}

const tk_client *app_biller_client(app_biller *b, int64_t client_id, tk_err *err)
{
    client_rules *cr = rules_for(b, client_id, err);
    return cr ? &cr->r->client : NULL;
}

const tk_project *app_biller_project(app_biller *b, int64_t client_id, int64_t project_id)
{
    client_rules *cr = project_id ? rules_for(b, client_id, NULL) : NULL;
    return cr ? project_of(cr, project_id) : NULL;
}

const tk_client *app_biller_name(app_biller *b, tk_entry *e, tk_err *err)
{
    client_rules *cr = rules_for(b, e->client_id, err);
    if (!cr)
        return NULL;
    e->client = cr->key;
    e->project = (char *)"";
    if (!e->project_id)
        return &cr->r->client;
    size_t i = project_index(cr, e->project_id);
    const tk_project *pr = i < cr->nids ? NULL : project_of(cr, e->project_id);
    if (i >= cr->nids && !pr) {
        tk_fail(err, "entry %lld: project %lld is not %s's", (long long)e->id,
                (long long)e->project_id, cr->key);
        return NULL;
    }
    e->project = pr ? pr->key : cr->project_keys[i];
    return &cr->r->client;
}

void app_biller_source(app_biller *b, app_entry_source each, const void *src)
{
    b->source = each;
    b->src = src;
}

/* A client's entries of [from, to] in billing order: from the source when it holds them. */
static int billing_each(app_biller *b, int64_t client_id, tk_day from, tk_day to,
                        int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err)
{
    int rc = b->source ? b->source(b->src, client_id, from, to, fn, ctx) : ENTRY_SET_MISS;
    b->from_store = rc == ENTRY_SET_MISS;
    return rc != ENTRY_SET_MISS ? rc
                                : store_billing_each(b->app->st, client_id, from, to, fn, ctx, err);
}

void app_biller_except(app_biller *b, int64_t invoice_id)
{
    b->except = invoice_id;
}

static inline bool memo_key(app_biller *b, client_rules *cr, const tk_entry *e,
                            bool billable, bill_memo_key *k);

/* bill_is_billable of e, of client cr: its project's record is read only past the first
 * PROJECT_IDS (their answers are cr->hourly's bits). */
static inline bool billable_of(const client_rules *cr, const tk_entry *e)
{
    size_t i = project_index(cr, e->project_id);
    if (i < cr->nids)
        return e->billable && cr->billable && (cr->hourly >> i & 1);
    return bill_is_billable_by(e->billable, cr->billable, project_of(cr, e->project_id));
}

/* The hourly bill, before any retainer: remembered by key (bill_memo.h) when memo, as a
 * retainer's draws bill the same few thousand keys over and over; *hit says it was found.
 * lean: for a caller that reads the bill's figures, not its bytes (bill_entry_lean). Inlined
 * with memo and lean constant, so each caller pays only for what it uses. */
static inline __attribute__((always_inline)) int
hourly(app_biller *b, client_rules *cr, const tk_entry *e, tk_bill *out, bool memo, bool lean,
       bool *hit, tk_err *err)
{
    bool billable = billable_of(cr, e);
    bill_memo_key k;
    bool keyed = memo && memo_key(b, cr, e, billable, &k);
    *hit = keyed && bill_memo_get_bill(b->memo, &k, out);
    if (*hit)
        return 0;
    if ((lean ? bill_entry_lean : bill_entry_memo)(e, &cr->rules, &cr->rate_memo, billable, out,
                                                   err))
        return -1;
    if (keyed)
        bill_memo_put_bill(b->memo, &k, out);
    return 0;
}

static int bill_hourly(app_biller *b, client_rules *cr, const tk_entry *e, tk_bill *out,
                       tk_err *err)
{
    bool hit;
    return hourly(b, cr, e, out, true, false, &hit, err);
}

/* app_bill's own hourly entries: the memo while it finds enough (MEMO_TRIAL). */
static inline __attribute__((always_inline)) int
bill_sampled(app_biller *b, client_rules *cr, const tk_entry *e, tk_bill *out, bool lean,
             tk_err *err)
{
    bool hit;
    /* A lean bill costs about what a lookup and a store do (and a bill found is copied
     * whole): billed without the memo. */
    if (lean || b->memo_cold)
        return hourly(b, cr, e, out, false, lean, &hit, err);
    int rc = hourly(b, cr, e, out, true, lean, &hit, err);
    b->memo_hits += hit;
    /* Cold as soon as the trial's misses leave too few lookups to find enough (a busy week
     * knows it after three quarters of a trial, and each store costs most of a bill). */
    if (++b->memo_asks - b->memo_hits > MEMO_TRIAL - MEMO_TRIAL / MEMO_HIT_MIN)
        b->memo_cold = true;
    else if (b->memo_asks == MEMO_TRIAL)
        b->memo_asks = b->memo_hits = 0;
    return rc;
}

/* The client's retainer in force on day, or NULL. */
static const tk_retainer *retainer_on(const client_rules *cr, tk_day day)
{
    const tk_retainer *found = NULL;
    for (size_t i = 0; i < cr->nretainers; i++)   /* the last in force wins, as before */
        if (cr->retainers[i].from <= day && day <= cr->retainers[i].to)
            found = &cr->retainers[i];
    return found;
}

/* Whether an entry's billed time draws on the client's retainer: billable, on a day the
 * retainer is in force, and not on a project outside it. */
static bool under_retainer(app_biller *b, const tk_retainer *r, const tk_entry *e,
                           const tk_bill *bill)
{
    const tk_project *p = app_biller_project(b, e->client_id, e->project_id);
    return bill->billable && r->from <= e->day && e->day <= r->to && !(p && p->outside_retainer);
}

/* The default cover of a tier, with the client's rule for it on top; the draw's last answer
 * when it was for the same tier (the rules and the retainer do not change during a draw). */
static int cover_tier(void *ctx, const char *tier, tk_tier_cover *out, tk_err *err)
{
    period_draw *d = ((void **)ctx)[0];
    const client_rules *cr = ((void **)ctx)[1];
    if (d->has_cover && !strcmp(d->cover_for, tier)) {
        *out = d->cover;
        return 0;
    }
    if (retainer_tier_cover(&d->r, &cr->r->card, tier, out, err))
        return -1;
    for (size_t i = 0; i < cr->r->tiers.len; i++) {
        const tk_tier_rule *t = &cr->r->tiers.items[i];
        if (!tk_streq(t->tier, tier))
            continue;
        if (t->covered >= 0)
            out->covered = t->covered;
        if (t->draw_permille >= 0)
            out->draw_permille = t->draw_permille;
        if (t->overage_minor >= 0)
            out->overage_rate_minor = t->overage_minor;
    }
    if (strlen(tier) < sizeof d->cover_for) {
        memcpy(d->cover_for, tier, strlen(tier) + 1);
        d->cover = *out;
        d->has_cover = true;
    }
    return 0;
}

/* Room for n items in vector v (TK_VEC), at least. */
#define RESERVE(v, n) do { \
        if ((v).cap < (n)) { \
            (v).cap = (n); \
            (v).items = xrealloc((v).items, (v).cap * sizeof(*(v).items)); \
        } \
    } while (0)

/* An eligible entry of a period being drawn: its order and its bill (in the period's pack:
 * a busy month's thousands of full tk_bills would be megabytes). */
typedef struct draw_item {
    bool free;                   /* not held by an invoice: draws after the held ones */
    tk_day day;
    uint32_t bill;               /* index in d->bills */
    int64_t start, id, project_id;
} draw_item;

struct draw_collect {
    app_biller *b;
    client_rules *cr;
    period_draw *d;
    TK_VEC(draw_item) items;     /* this period's */
    tk_err *err;
};

/* Prepaid hundredths an entry's parts need, whatever is left: what retainer_draw draws of
 * them from an endless balance, each covered part with time its hundredths × the tier's draw
 * (without copying the bill to draw it). */
static int need_centi(period_draw *d, client_rules *cr, const tk_bill *bill, int64_t *need,
                      tk_err *err)
{
    void *ctx[2] = { d, cr };
    *need = 0;
    for (int j = 0; bill->billable && j < bill->nparts; j++) {
        tk_tier_cover c;
        int64_t n;
        if (cover_tier(ctx, bill->parts[j].tier, &c, err))
            return -1;
        if (!c.covered || bill->parts[j].quantity_centi <= 0)
            continue;
        if (tk_muldiv_round(bill->parts[j].quantity_centi, c.draw_permille, 1000, &n))
            return tk_fail(err, "retainer: overage too large");
        if (tk_add64(*need, n, need))
            return tk_fail(err, "retainer: too many hours");
    }
    return 0;
}

static int collect_draw(const tk_entry *e, void *p)
{
    struct draw_collect *k = p;
    period_draw *d = k->d;
    tk_bill bill;
    if (bill_hourly(k->b, k->cr, e, &bill, k->err))
        return -1;
    if (!under_retainer(k->b, &d->r, e, &bill))
        return 0;
    int64_t need;
    if (need_centi(d, k->cr, &bill, &need, k->err))
        return -1;
    if (need > 0) {
        tk_day_usage u = { e->day, 0 };
        if (tk_mul64(need, 36, &u.billed_seconds))
            return tk_fail(k->err, "retainer: too many hours");
        TK_PUSH(d->usage, u);
    }
    if (e->day < d->first)
        return 0;   /* before the period (not read since the period is read alone) */
    bool held = (e->invoice_id && e->invoice_id != k->b->except) ||
                tk_ids_find(k->cr->pending, k->cr->npending, e->id) < k->cr->npending;
    draw_item it = { !held, e->day, (uint32_t)bill_pack_add(&d->bills, &bill),
                     e->has_range ? e->start : 0, e->id, e->project_id };
    TK_PUSH(k->items, it);
    return 0;
}

static int cmp_draw(const void *x, const void *y)
{
    const draw_item *a = x, *b = y;
    if (a->free != b->free)
        return a->free ? 1 : -1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* Whether a[0, n) is in billing order (day, start, id): billing_each gives the period's
 * entries so, and only the running timer, drawn after them, may break it. */
static bool in_billing_order(const draw_item *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const draw_item *x = &a[i - 1], *y = &a[i];
        if (x->day != y->day ? x->day > y->day
                             : x->start != y->start ? x->start > y->start : x->id > y->id)
            return false;
    }
    return true;
}

/* Room for the sorts of a period's draw: on the stack for a usual month's entries, else
 * one block for the period (peak RSS: a block per period left holes in the heap). */
#define DRAW_TMP 512
typedef struct draw_tmp {
    draw_item *items;            /* stack, or its own block */
    draw_item stack[DRAW_TMP];
} draw_tmp;

static draw_item *tmp_room(draw_tmp *t, size_t n)
{
    if (n <= DRAW_TMP)
        return t->stack;
    if (t->items != t->stack)
        free(t->items);
    return t->items = xmalloc(n * sizeof *t->items);
}

/* Puts a[0, n) in cmp_draw's order: when in billing order already, the held entries moved
 * ahead of the free ones, each keeping its order; else sorted. */
static void draw_order(draw_item *a, draw_tmp *t, size_t n)
{
    if (!in_billing_order(a, n)) {
        qsort(a, n, sizeof *a, cmp_draw);
        return;
    }
    size_t held = 0, o = 0;
    for (size_t i = 0; i < n; i++)
        held += !a[i].free;
    if (held == 0 || held == n)
        return;   /* all free (or all held): in order as they are */
    draw_item *tmp = tmp_room(t, n);
    for (size_t i = 0; i < n; i++)
        tmp[a[i].free ? held + o++ : i - o] = a[i];
    memcpy(a, tmp, n * sizeof *a);
}

/* Sorts a[0, n) by id (ids are distinct): a merge sort with the comparison inline, as qsort's
 * calls cost a sixth of a year's draws; tmp has room for n / 2. */
static void sort_by_id(drawn_entry *a, drawn_entry *tmp, size_t n)
{
    if (n < 12) {
        for (size_t i = 1; i < n; i++) {
            drawn_entry x = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1].id > x.id; j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    size_t h = n / 2, i = 0, j = h, o = 0;
    sort_by_id(a, tmp, h);
    sort_by_id(a + h, tmp, n - h);
    if (a[h - 1].id < a[h].id)
        return;
    memcpy(tmp, a, h * sizeof *a);
    while (i < h && j < n)   /* o <= j: what is written was read */
        a[o++] = tmp[i].id < a[j].id ? tmp[i++] : a[j++];
    while (i < h)
        a[o++] = tmp[i++];
}

struct need_sum {
    app_biller *b;
    client_rules *cr;
    period_draw *d;
    int64_t centi;
    tk_err *err;
};

static int add_need(const tk_entry *e, void *p)
{
    struct need_sum *k = p;
    tk_bill bill;
    int64_t need;
    if (bill_hourly(k->b, k->cr, e, &bill, k->err))
        return -1;
    if (!under_retainer(k->b, &k->d->r, e, &bill))
        return 0;
    if (need_centi(k->d, k->cr, &bill, &need, k->err) || tk_add64(k->centi, need, &k->centi))
        return -1;
    return 0;
}

/* Prepaid seconds the entries of r's period [first, last] need, cached per biller, and stored
 * across commands when computed from the store (app_carry.h). */
static int period_need(app_biller *b, client_rules *cr, const tk_retainer *r, tk_day first,
                       tk_day last, int64_t *out, tk_err *err)
{
    for (size_t i = 0; i < cr->needs.len; i++)
        if (cr->needs.items[i].retainer_id == r->id && cr->needs.items[i].first == first) {
            *out = cr->needs.items[i].seconds;
            return 0;
        }
    app_carry_rules ru = { cr->r, &b->hours, b->mults, b->nmults, b->app->cfg.week_start };
    int found = app_carry_find(b->app, &cr->carry, &ru, r, first, last, out, err);
    if (found < 0)
        return -1;
    if (!found) {
        period_draw d = { .r = *r };
        struct need_sum k = { b, cr, &d, 0, err };
        if (billing_each(b, cr->r->client.id, first, last, add_need, &k, err) < 0 ||
            tk_mul64(k.centi, 36, out))
            return -1;
        if (b->from_store)
            app_carry_note(b->app, cr->carry, r, first, last, *out);
    }
    struct period_need n = { r->id, first, *out };
    TK_PUSH(cr->needs, n);
    return 0;
}

/* The rolled-over hours the period starting on `first` begins with (retainer_roll.h), and
 * those of its own that period passes on (*prev_left, for the display of what expires): traced
 * back period by period until the answer no longer depends on what came before — `expiry`
 * periods in a row with no use, or one that used all its base and the most it could have
 * been handed — or the retainer's start, at most 120 periods back, then folded forward. */
#define ROLLOVER_TRACE 120
static int rolled_into(app_biller *b, client_rules *cr, const tk_retainer *r, tk_day first,
                       tk_rolled *out, tk_err *err)
{
    int64_t base[ROLLOVER_TRACE], used[ROLLOVER_TRACE];
    int n = 0, idle = 0, wday = b->app->cfg.week_start, expiry = retainer_roll_expiry(r);
    int64_t most = retainer_roll_max(r);
    tk_day pf, pl, cur = first;
    memset(out, 0, sizeof *out);
    if (r->rollover != ROLLOVER_UNUSED)
        return 0;
    while (n < ROLLOVER_TRACE && cur > DAY_MIN) {
        retainer_period(r, cur - 1, wday, &pf, &pl);   /* the one before */
        if (r->from > pl)
            break;
        if (retainer_period_base(r, pf, pl, &base[n]) ||
            period_need(b, cr, r, pf > r->from ? pf : r->from, pl < r->to ? pl : r->to, &used[n], err))
            return tk_fail(err, "retainer: too many hours");
        n++;
        cur = pf;
        idle = used[n - 1] == 0 ? idle + 1 : 0;
        if (idle >= expiry || used[n - 1] - base[n - 1] >= most)
            break;   /* what it hands on does not depend on what it was handed */
    }
    for (int i = n - 1; i >= 0; i--)
        retainer_roll_step(r, out, base[i], used[i], out, NULL);
    return 0;
}

/* The pending invoices' entries of the client, read once per biller (draw_period's). */
static int pending_of(app_biller *b, client_rules *cr, tk_err *err)
{
    if (!cr->pending_read) {
        if (store_entries_pending(b->app->st, cr->r->client.id, b->except, &cr->pending,
                                  &cr->npending, err))
            return -1;
        cr->pending_read = true;
    }
    return 0;
}

/* Draws the period's eligible entries on its prepaid hours: held entries first (their
 * shares are on invoices), then the free ones, each by day, start and id. */
static int draw_period(app_biller *b, client_rules *cr, period_draw *d, tk_err *err)
{
    struct draw_collect k = { b, cr, d, { 0 }, err };
    draw_tmp tmp;
    tmp.items = tmp.stack;
    /* Only this period's entries: what the one before drew reaches this one through
     * rolled_into (stored, app_carry.h), and retainer_status_rolled reads no other day. */
    tk_day from = d->first;
    int rc = 0;
    if (pending_of(b, cr, err))
        return -1;
    /* Room for as many entries as the client's last period drew: a period's vectors grown
     * by doubling copied each bill twice over (a year of draws, 1 % of report profit). */
    RESERVE(k.items, cr->draw_hint);
    RESERVE(d->bills.heads, cr->draw_hint);
    RESERVE(d->bills.parts, cr->draw_hint);
    RESERVE(d->usage, cr->draw_hint);
    if (billing_each(b, cr->r->client.id, from, d->last, collect_draw, &k, err) < 0)
        rc = -1;
    d->from_store = b->from_store;
    /* The running timer draws as it would if stopped now, after every saved entry. */
    if (!rc && b->counts_timer && b->timer.client_id == cr->r->client.id && b->timer.day >= from &&
        b->timer.day <= d->last && collect_draw(&b->timer, &k))
        rc = -1;
    if (!rc && rolled_into(b, cr, &d->r, d->first, &d->rolled, err))
        rc = -1;
    if (!rc && retainer_status_rolled(&d->r, d->first > d->r.from ? d->first : d->r.from,
                                      b->app->cfg.week_start, d->usage.items, d->usage.len,
                                      retainer_rolled_total(&d->rolled), &d->base, err))
        rc = -1;
    if (!rc) {
        void *ctx[2] = { d, cr };
        draw_order(k.items.items, &tmp, k.items.len);
        const draw_item *z = k.items.len ? &k.items.items[k.items.len - 1] : NULL;
        if (z && z->free) {   /* free entries draw last: the last is the last free one */
            d->has_last_free = true;
            d->last_free_day = z->day;
            d->last_free_start = z->start;
            d->last_free_id = z->id;
        }
        /* One bill at a time, in order: what one draws is left for the next. */
        d->left_centi = bill_centi(d->base.prepaid_seconds);
        for (size_t i = 0; i < k.items.len && !rc; i++) {
            tk_bill bill, *one = &bill;
            bill_pack_peek(&d->bills, k.items.items[i].bill, &bill);
            rc = retainer_draw(&one, 1, d->first, cover_tier, ctx, &d->left_centi,
                               k.items.items[i].free ? NULL : &d->held_centi, err) ? -1 : 0;
            bill_pack_put(&d->bills, k.items.items[i].bill, &bill);
        }
    }
    if (!rc) {
        d->n = k.items.len;
        cr->draw_hint = d->n;
        d->drawn = xcalloc(d->n + 1, sizeof *d->drawn);
        for (size_t i = 0; i < d->n; i++)
            d->drawn[i] = (drawn_entry){ k.items.items[i].id, k.items.items[i].project_id,
                                         k.items.items[i].bill };
        for (size_t i = 0; i < d->n && !rc; i++) {
            const bill_pack_head *h = &d->bills.heads.items[d->drawn[i].bill];
            for (int j = 0; j < h->nparts; j++)
                d->overage_centi += d->bills.parts.items[h->first + j].quantity_centi -
                                    d->bills.parts.items[h->first + j].included_centi;
            if (tk_add64(d->overage_minor, h->amount_minor, &d->overage_minor))
                rc = tk_fail(err, "retainer: overage too large");
        }
    }
    free(k.items.items);
    if (tmp.items != tmp.stack)
        free(tmp.items);
    return rc;
}

static void draw_free_bills(period_draw *d)
{
    free(d->drawn);
    bill_pack_free(&d->bills);
    d->drawn = NULL;
    d->n = d->next = 0;
    d->by_id = false;
}

/* Puts the period's drawn entries in id order, once. */
static void drawn_by_id(period_draw *d)
{
    if (d->by_id)
        return;
    drawn_entry stack[DRAW_TMP], *tmp = stack;   /* the merge's room: n / 2 */
    if (d->n / 2 + 1 > DRAW_TMP)
        tmp = xmalloc((d->n / 2 + 1) * sizeof *tmp);
    sort_by_id(d->drawn, tmp, d->n);
    if (tmp != stack)
        free(tmp);
    d->by_id = true;
}

/* Where the entry with this id is in d->drawn, or d->n when the period did not draw it: the
 * one after the last found when it is that one, else found by id. */
static size_t drawn_at(period_draw *d, int64_t id)
{
    if (!d->by_id) {
        if (d->next < d->n && d->drawn[d->next].id == id)
            return d->next++;
        drawn_by_id(d);
    }
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->drawn[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n && d->drawn[lo].id == id ? lo : d->n;
}

void app_biller_release(app_biller *b, int64_t client_id, tk_day before)
{
    client_rules *cr = b->nslots ? b->slots[slot_of(b, client_id)].cr : NULL;
    for (size_t i = 0; cr && i < cr->draws.len; i++) {
        period_draw *d = cr->draws.items[i];
        if (d->last < before && !d->released) {
            draw_free_bills(d);
            d->released = true;
        }
    }
}

/* The draw of r's period containing day, computed once per biller; bills: with each entry's
 * bill (drawn again if app_biller_release freed them), else its totals suffice. */
static period_draw *period_of(app_biller *b, client_rules *cr, const tk_retainer *r, tk_day day,
                              bool bills, tk_err *err)
{
    tk_day first, last;
    retainer_period(r, day, b->app->cfg.week_start, &first, &last);
    for (size_t i = 0; i < cr->draws.len; i++) {
        period_draw *d = cr->draws.items[i];
        if (d->r.id != r->id || d->first != first)
            continue;
        if (!d->released || !bills)
            return d;
        /* Drawn again from scratch: the same entries give the same bills and totals. */
        free(d->usage.items);
        *d = (period_draw){ .r = d->r, .first = d->first, .last = d->last };
        if (draw_period(b, cr, d, err)) {
            free(d->usage.items);
            draw_free_bills(d);
            d->usage.items = NULL;
            d->usage.len = d->usage.cap = 0;
            d->released = true;
            return NULL;
        }
        return d;
    }
    period_draw *d = xcalloc(1, sizeof *d);
    d->r = *r;
    d->first = first;
    d->last = last;
    if (draw_period(b, cr, d, err)) {
        free(d->usage.items);
        draw_free_bills(d);
        free(d);
        return NULL;
    }
    TK_PUSH(cr->draws, d);
    return d;
}

/* The draw of r's period containing day, with its bills. Entries come by day: most are in
 * the period the last one was in. */
static period_draw *draw_of(app_biller *b, client_rules *cr, const tk_retainer *r, tk_day day,
                            tk_err *err)
{
    period_draw *d = cr->last_draw;
    if (!d || d->r.id != r->id || day < d->first || day > d->last || d->released)
        d = period_of(b, cr, r, day, true, err);
    if (d)
        cr->last_draw = d;
    return d;
}

/* app_bill of e, of client cr and its retainer r on e's day (NULL: none); lean as hourly's. */
static inline __attribute__((always_inline)) int
bill_of(app_biller *b, client_rules *cr, const tk_retainer *r, const tk_entry *e, tk_bill *out,
        bool lean, tk_err *err)
{
    const tk_project *p = r ? project_of(cr, e->project_id) : NULL;
    /* Under the retainer (under_retainer, its billable part known without billing): the
     * period's draw has the entry's bill, so it is not billed by the hour first. */
    if (!r || !bill_is_billable_by(e->billable, cr->billable, p) || (p && p->outside_retainer))
        return bill_sampled(b, cr, e, out, lean, err);
    period_draw *d = draw_of(b, cr, r, e->day, err);
    if (!d)
        return -1;
    size_t at = drawn_at(d, e->id);
    if (at < d->n) {
        bill_pack_get(&d->bills, d->drawn[at].bill, out);
        return 0;
    }
    if (bill_hourly(b, cr, e, out, err))
        return -1;
    /* Not drawn yet (an entry not saved, or the running timer): after every other. */
    tk_bill *one = out;
    int64_t left = d->left_centi;
    void *ctx[2] = { d, cr };
    return retainer_draw(&one, 1, d->first, cover_tier, ctx, &left, NULL, err);
}

int app_bill(app_biller *b, const tk_entry *e, tk_bill *out, tk_err *err)
{
    client_rules *cr = rules_for(b, e->client_id, err);
    return cr ? bill_of(b, cr, retainer_on(cr, e->day), e, out, false, err) : -1;
}

/* *out: the brief of r's period [first, last], looked up in the store once per biller. */
static int brief_of(app_biller *b, client_rules *cr, const tk_retainer *r, tk_day first,
                    tk_day last, period_brief **out, tk_err *err)
{
    for (size_t i = 0; i < cr->briefs.len; i++) {
        period_brief *pb = &cr->briefs.items[i];
        if (pb->retainer_id == r->id && pb->first == first) {
            *out = pb;
            return 0;
        }
    }
    period_brief pb = { .retainer_id = r->id, .first = first, .last = last };
    /* Drawn already by this biller (a screen's other view): that draw answers. */
    for (size_t i = 0; i < cr->draws.len; i++)
        if (cr->draws.items[i]->r.id == r->id && cr->draws.items[i]->first == first)
            pb.noted = true;
    if (!pb.noted) {
        app_carry_rules ru = { cr->r, &b->hours, b->mults, b->nmults, b->app->cfg.week_start };
        int found = pending_of(b, cr, err) ? -1
                    : app_carry_draw_find(b->app, &cr->carry, &ru, r, first, last, cr->pending,
                                          cr->npending, &pb.draw, err);
        if (found < 0)
            return -1;
        pb.stored = found == 1;
    }
    TK_PUSH(cr->briefs, pb);
    *out = &cr->briefs.items[cr->briefs.len - 1];
    return 0;
}

/* Notes d, just drawn from the store for app_bill_brief, to be stored (app_carry.h). */
static void brief_note(app_biller *b, client_rules *cr, period_draw *d)
{
    bool timer = b->counts_timer && b->timer.client_id == d->r.client_id;
    if (!d->from_store || d->released || timer)
        return;
    app_carry_draw draw = { xcalloc(d->n + 1, sizeof *draw.ids),
                            xcalloc(d->n + 1, sizeof *draw.billed),
                            xcalloc(d->n + 1, sizeof *draw.amount), d->n };
    drawn_by_id(d);   /* stored ascending: app_bill_brief finds an id by bisection */
    for (size_t i = 0; i < d->n; i++) {
        const bill_pack_head *h = &d->bills.heads.items[d->drawn[i].bill];
        draw.ids[i] = d->drawn[i].id;
        draw.billed[i] = h->billed_seconds;
        draw.amount[i] = h->amount_minor;
    }
    app_carry_draw_note(b->app, cr->carry, &d->r, d->first, d->last, cr->pending, cr->npending,
                        &draw);
    app_carry_draw_free(&draw);
}

int app_bill_brief(app_biller *b, const tk_entry *e, int64_t *billed_seconds,
                   int64_t *amount_minor, tk_err *err)
{
    client_rules *cr = rules_for(b, e->client_id, err);
    if (!cr)
        return -1;
    const tk_retainer *r = retainer_on(cr, e->day);
    const tk_project *p = r ? project_of(cr, e->project_id) : NULL;
    period_brief *pb = NULL;
    /* Under the retainer (app_bill's test), for a biller whose draws are the store's own:
     * no invoice counted as free, no entries held in memory, and not the running timer's
     * client (the timer draws in by its day, before later entries). */
    if (r && bill_is_billable_by(e->billable, cr->billable, p) && !(p && p->outside_retainer) &&
        !b->except && !b->source &&
        !(b->counts_timer && b->timer.client_id == cr->r->client.id)) {
        /* Entries come by day: most are in the period the last one was in. */
        pb = cr->last_brief ? &cr->briefs.items[cr->last_brief - 1] : NULL;
        if (!pb || pb->retainer_id != r->id || e->day < pb->first || e->day > pb->last) {
            tk_day first, last;
            retainer_period(r, e->day, b->app->cfg.week_start, &first, &last);
            if (brief_of(b, cr, r, first, last, &pb, err))
                return -1;
            cr->last_brief = (size_t)(pb - cr->briefs.items) + 1;
        }
        size_t at = pb->stored ? tk_ids_find(pb->draw.ids, pb->draw.n, e->id) : 0;
        if (pb->stored && at < pb->draw.n) {
            *billed_seconds = pb->draw.billed[at];
            *amount_minor = pb->draw.amount[at];
            return 0;
        }
    }
    tk_bill bill;   /* its figures read, not its bytes: lean */
    if (bill_of(b, cr, r, e, &bill, true, err))
        return -1;
    *billed_seconds = bill.billed_seconds;
    *amount_minor = bill.amount_minor;
    if (pb && !pb->stored && !pb->noted && cr->last_draw && cr->last_draw->r.id == r->id &&
        cr->last_draw->first == pb->first) {
        brief_note(b, cr, cr->last_draw);
        pb->noted = true;
    }
    return 0;
}

/* The memo's key of an entry billed by the hour (bill_memo.h), when its bill depends on
 * nothing else: not split by business hours, a valid range. False: bill it. */
static inline bool memo_key(app_biller *b, client_rules *cr, const tk_entry *e,
                            bool billable, bill_memo_key *k)
{
    const char *tier = e->tier && *e->tier ? e->tier : NULL;
    int64_t actual = e->seconds;
    if (!tier && e->has_range && b->hours.enabled)
        return false;   /* split by business hours */
    if (e->has_range &&
        (e->end < e->start || __builtin_sub_overflow(e->end, e->start, &actual)))
        return false;
    if (actual < 0)
        return false;
    int t = tier ? bill_memo_tier(b->memo, tier) : 0;
    if (t < 0)
        return false;
    /* The rates that have begun are those with from <= day: nested as the day grows, so
     * their number names the set, and the rate card's answer depends on the day by it. It
     * holds between two of the client's rates' first days: counted again past them only. */
    if (e->day < cr->begun_lo || e->day > cr->begun_hi) {
        cr->begun = 0;
        cr->begun_lo = DAY_MIN;
        cr->begun_hi = DAY_MAX;
        for (size_t i = 0; i < cr->r->rates.len; i++) {
            tk_day from = cr->r->rates.items[i].from;
            if (from <= e->day) {
                cr->begun++;
                if (from > cr->begun_lo)
                    cr->begun_lo = from;
            } else if (from - 1 < cr->begun_hi) {
                cr->begun_hi = from - 1;
            }
        }
    }
    *k = (bill_memo_key){ cr->r->client.id, e->project_id, actual, cr->begun, (int16_t)t,
                          billable };
    return true;
}

int app_bill_sum(app_biller *b, const tk_entry *e, app_bill_total *out, tk_err *err)
{
    client_rules *cr = rules_for(b, e->client_id, err);
    if (!cr)
        return -1;
    const tk_retainer *r = retainer_on(cr, e->day);
    const tk_project *p = project_of(cr, e->project_id);
    bool billable = bill_is_billable_by(e->billable, cr->billable, p);
    bill_memo_key k;
    /* By the hour (app_bill's test) and keyed: the memo, else bill it and remember. */
    bool memo = (!r || !billable || (p && p->outside_retainer)) &&
                memo_key(b, cr, e, billable, &k);
    out->client = &cr->r->client;
    if (memo && bill_memo_get(b->memo, &k, &out->amount_minor)) {
        out->billable = billable;
        out->actual_seconds = k.actual_seconds;
        return 0;
    }
    if (r && !memo && billable && !(p && p->outside_retainer)) {
        /* Under the retainer (app_bill): the figures of its bill in the period's draw. */
        period_draw *d = draw_of(b, cr, r, e->day, err);
        if (!d)
            return -1;
        size_t at = drawn_at(d, e->id);
        if (at < d->n) {
            const bill_pack_head *h = &d->bills.heads.items[d->drawn[at].bill];
            out->billable = h->billable;
            out->actual_seconds = h->actual_seconds;
            out->amount_minor = h->amount_minor;
            return 0;
        }
    }
    tk_bill bill;
    if (memo ? bill_hourly(b, cr, e, &bill, err) : app_bill(b, e, &bill, err))
        return -1;
    out->billable = bill.billable;
    out->actual_seconds = bill.actual_seconds;
    out->amount_minor = bill.amount_minor;
    if (memo)
        bill_memo_put(b->memo, &k, bill.amount_minor);
    return 0;
}

/* The running timer drawn on top of a period's stored standing, as draw_period draws it when
 * it comes after every saved entry: after every held one (it is free) and, in cmp_draw's
 * order, after the last free one (its id, INT64_MAX, after any). 0 when drawn (or it does not
 * draw), 1 when it does not come last (draw the period), -1 with err. */
static int timer_on_top(app_biller *b, client_rules *cr, period_draw *d, tk_err *err)
{
    const tk_entry *t = &b->timer;
    int64_t start = t->has_range ? t->start : 0;
    if (d->has_last_free && (t->day != d->last_free_day ? t->day < d->last_free_day
                                                        : start < d->last_free_start))
        return 1;
    /* Collected and drawn as draw_period does: its usage, and its bill when it draws. */
    struct draw_collect k = { b, cr, d, { 0 }, err };
    int rc = collect_draw(t, &k) ? -1 : 0;
    for (size_t i = 0; i < k.items.len && !rc; i++) {   /* one at most */
        tk_bill bill, *one = &bill;
        void *ctx[2] = { d, cr };
        bill_pack_peek(&d->bills, k.items.items[i].bill, &bill);
        rc = retainer_draw(&one, 1, d->first, cover_tier, ctx, &d->left_centi, NULL, err) ? -1 : 0;
        for (int j = 0; !rc && j < bill.nparts; j++)
            d->overage_centi += bill.parts[j].quantity_centi - bill.parts[j].included_centi;
        if (!rc && tk_add64(d->overage_minor, bill.amount_minor, &d->overage_minor))
            rc = tk_fail(err, "retainer: overage too large");
    }
    free(k.items.items);
    bill_pack_free(&d->bills);
    return rc;
}

/* d's totals as a stored standing has them (its usage borrowed). */
static app_carry_standing standing_from(const period_draw *d)
{
    return (app_carry_standing){ d->left_centi, d->held_centi, d->overage_centi,
                                 d->overage_minor, d->has_last_free, d->last_free_day,
                                 d->last_free_start, d->last_free_id, d->rolled,
                                 d->usage.items, d->usage.len };
}

/* The standing of r's period [first, last] drawn without the running timer that b counts,
 * noted to be stored when its entries came from the store: 1 and *s (its usage to free), or
 * -1 with err. Drawn aside: b's own draws count the timer. */
static int draw_bare(app_biller *b, client_rules *cr, const tk_retainer *r, tk_day first,
                     tk_day last, app_carry_standing *s, tk_err *err)
{
    period_draw d = { .r = *r, .first = first, .last = last };
    b->counts_timer = false;
    int rc = draw_period(b, cr, &d, err);
    b->counts_timer = true;
    if (!rc) {
        *s = standing_from(&d);
        if (d.from_store)
            app_carry_standing_note(b->app, cr->carry, r, first, last, cr->pending,
                                    cr->npending, s);
        d.usage.items = NULL;   /* now s's */
    }
    free(d.usage.items);
    draw_free_bills(&d);
    return rc ? -1 : 1;
}

/* *tmp: r's period [first, last] as the standing s gives it (its usage now tmp's, for the
 * caller to free whatever happens), with the running timer drawn on top when timer. 0, 1 when
 * the timer does not come last (the period must be drawn with it), -1 with err. */
static int on_standing(app_biller *b, client_rules *cr, const tk_retainer *r, tk_day first,
                       tk_day last, const app_carry_standing *s, bool timer, period_draw *tmp,
                       tk_err *err)
{
    *tmp = (period_draw){ .r = *r, .first = first, .last = last, .left_centi = s->left_centi,
                          .held_centi = s->held_centi, .overage_centi = s->overage_centi,
                          .overage_minor = s->overage_minor, .rolled = s->rolled,
                          .released = true, .has_last_free = s->has_last_free,
                          .last_free_day = s->last_free_day,
                          .last_free_start = s->last_free_start,
                          .last_free_id = s->last_free_id };
    tmp->usage.items = s->usage;
    tmp->usage.len = tmp->usage.cap = s->n;
    int late = timer ? timer_on_top(b, cr, tmp, err) : 0;
    if (late)
        return late;
    /* draw_period's base, from the same usage and rolled-over hours. */
    return retainer_status_rolled(r, first > r->from ? first : r->from, b->app->cfg.week_start,
                                  tmp->usage.items, tmp->usage.len,
                                  retainer_rolled_total(&tmp->rolled), &tmp->base, err) ? -1 : 0;
}

/* The totals of r's period containing date (app_retainer_period's): the biller's own draw
 * when it has one; else, for a biller that asks for standings and whose draws are the store's
 * own but for the running timer (app_bill_brief's test), the standing stored beside the
 * period's draw when current (else drawn without the timer and noted), with the timer drawn
 * on top when it comes last, in *tmp (its usage to free); else drawn, and its standing noted
 * to be stored. */
static period_draw *standing_of(app_biller *b, client_rules *cr, const tk_retainer *r,
                                tk_day date, period_draw *tmp, tk_err *err)
{
    if (!b->standings || b->except || b->source)
        return period_of(b, cr, r, date, false, err);
    tk_day first, last;
    int wday = b->app->cfg.week_start;
    retainer_period(r, date, wday, &first, &last);
    bool timer = b->counts_timer && b->timer.client_id == cr->r->client.id &&
                 b->timer.day >= first && b->timer.day <= last;   /* draw_period's test */
    period_draw *drawn = NULL;
    for (size_t i = 0; i < cr->draws.len; i++)
        if (cr->draws.items[i]->r.id == r->id && cr->draws.items[i]->first == first)
            drawn = cr->draws.items[i];
    /* Drawn already (a week's bills), it answers; stored too unless it is (a lookup). */
    if (drawn && (timer || !drawn->from_store))
        return period_of(b, cr, r, date, false, err);
    app_carry_rules ru = { cr->r, &b->hours, b->mults, b->nmults, wday };
    app_carry_standing s;
    int found = pending_of(b, cr, err) ? -1
                : app_carry_standing_find(b->app, &cr->carry, &ru, r, first, last, cr->pending,
                                          cr->npending, &s, err);
    if (found < 0)
        return NULL;
    if (drawn) {
        if (found) {
            app_carry_standing_free(&s);
        } else {
            s = standing_from(drawn);
            app_carry_standing_note(b->app, cr->carry, r, first, last, cr->pending,
                                    cr->npending, &s);
        }
        return drawn;
    }
    if (found == 0 && timer)
        found = draw_bare(b, cr, r, first, last, &s, err);
    if (found < 0)
        return NULL;
    if (found) {
        int late = on_standing(b, cr, r, first, last, &s, timer, tmp, err);
        if (late <= 0)
            return late ? NULL : tmp;
    }
    period_draw *d = period_of(b, cr, r, date, false, err);
    if (d && d->from_store && !timer) {
        s = standing_from(d);
        app_carry_standing_note(b->app, cr->carry, r, first, last, cr->pending, cr->npending,
                                &s);
    }
    return d;
}

/* app_retainer_period's figures of d. */
static int standing_figures(app_biller *b, const tk_retainer *r, period_draw *d, tk_day date,
                            tk_retainer_status *out, tk_err *err)
{
    if (date < d->first)
        date = d->first;
    if (date > d->last)
        date = d->last;
    if (date < r->from)
        date = r->from;
    if (date > r->to)
        date = r->to;
    if (retainer_status_rolled(r, date, b->app->cfg.week_start, d->usage.items, d->usage.len,
                               retainer_rolled_total(&d->rolled), out, err))
        return -1;
    tk_rolled next;
    /* What its entries drew decides which rolled-over hours die unused at its end. */
    int64_t drawn = (bill_centi(d->base.prepaid_seconds) - d->left_centi) * 36;
    retainer_roll_step(r, &d->rolled, out->base_seconds, drawn, &next, &out->expiring_seconds);
    out->prepaid_seconds = bill_centi(out->prepaid_seconds) * 36;
    out->remaining_seconds = d->left_centi * 36;
    out->overage_seconds = d->overage_centi * 36;
    out->overage_minor = d->overage_minor;
    out->invoiced_seconds = d->held_centi * 36;
    return 0;
}

int app_retainer_period(app_biller *b, const tk_client *c, const tk_retainer *r, tk_day date,
                        tk_retainer_status *out, tk_err *err)
{
    client_rules *cr = rules_for(b, c->id, err);
    period_draw tmp = { .usage.items = NULL }, *d = cr ? standing_of(b, cr, r, date, &tmp, err)
                                                       : NULL;
    int rc = d ? standing_figures(b, r, d, date, out, err) : -1;
    free(tmp.usage.items);
    return rc;
}

struct pick {
    tk_day date;
    tk_retainer found;
    bool have;
};

static int pick_retainer(const tk_retainer *r, void *p)
{
    struct pick *k = p;
    if (r->from <= k->date && k->date <= r->to) {
        k->found = *r;
        k->have = true;
    }
    return 0;
}

int app_retainer_status(tk_app *app, app_biller *b, const tk_client *c, tk_day date,
                        tk_retainer *r, tk_retainer_status *out, tk_err *err)
{
    (void)app; /* the biller holds it */
    /* From the rules cache: a list of every client's retainer reads them all at once. */
    const client_rules *cr = rules_for(b, c->id, err);
    if (!cr)
        return -1;
    struct pick k = { .date = date };
    for (size_t i = 0; i < cr->r->retainers.len; i++)
        pick_retainer(&cr->r->retainers.items[i], &k);
    if (!k.have)
        return 0;
    *r = k.found;
    return app_retainer_period(b, c, r, date, out, err) ? -1 : 1;
}

/* The row of (project, tier) in *v, added when new. */
static app_retainer_use *use_row(app_retainer_uses *v, const char *project, const char *tier)
{
    for (size_t i = 0; i < v->len; i++)
        if (!strcmp(v->items[i].project, project) && !strcmp(v->items[i].tier, tier))
            return &v->items[i];
    app_retainer_use u = { .project = xstrdup(project) };
    snprintf(u.tier, sizeof u.tier, "%s", tier);
    TK_PUSH(*v, u);
    return &v->items[v->len - 1];
}

int app_retainer_uses_of(app_biller *b, const tk_client *c, const tk_retainer *r, tk_day date,
                         app_retainer_uses *out, tk_err *err)
{
    client_rules *cr = rules_for(b, c->id, err);
    period_draw *d = cr ? period_of(b, cr, r, date, true, err) : NULL;
    memset(out, 0, sizeof *out);
    if (!d)
        return -1;
    drawn_by_id(d);   /* the uses come in first-drawn order of (project, tier) by id */
    for (size_t i = 0; i < d->n; i++) {
        const tk_project *p = app_biller_project(b, c->id, d->drawn[i].project_id);
        const bill_pack_head *h = &d->bills.heads.items[d->drawn[i].bill];
        for (int j = 0; j < h->nparts; j++) {
            const tk_bill_part *pt = &d->bills.parts.items[h->first + j];
            app_retainer_use *u = use_row(out, p ? p->key : "", pt->tier);
            u->centi += pt->quantity_centi;
            u->drawn_centi += pt->drawn_centi;
            u->overage_centi += pt->quantity_centi - pt->included_centi;
            if (tk_add64(u->overage_minor, pt->amount_minor, &u->overage_minor))
                return tk_fail(err, "retainer: overage too large");
        }
    }
    return 0;
}

void app_retainer_uses_free(app_retainer_uses *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i].project);
    free(v->items);
    memset(v, 0, sizeof *v);
}
