/* app_rules.c — the billing cache: each client's rules read once, by id in O(1) (see
 * app_rules.h). */
#include "app_rules.h"
#include "app_billing.h"
#include "store_rules.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* After this many clients read one by one, the rest are read all at once (on a server, where
 * each statement is a round trip, after the first: every client's rules take five). */
#define RULES_SINGLE_MAX 8

struct app_rules {
    tk_app *app;
    tk_tier_mult *mults;         /* a copy: the rules may outlive the biller that made them */
    size_t nmults;
    int holders;                 /* app_rules_keep: a screen's billers share one cache */
    TK_VEC(app_client_rules *) clients;
    bool all_read;
    /* clients by id: open addressing over a power of two, at most half full */
    app_client_rules **slots;
    size_t nslots;
    /* The clients read all at once: their strings, and their records and rows, in blocks
     * freed with the cache (a busy week reads ~2,700 strings: one allocation and one free
     * each was ~0.7 M instructions; a record and two arrays per client, ~0.2 M more). The
     * rows apart from the strings, so that a client's array can grow in place. */
    str_pool strings;
    str_pool rows;
};

#define RULES_BLOCK 16384

/* s copied into r's blocks (NULL stays NULL). */
static char *block_strdup(app_rules *r, const char *s)
{
    return s ? str_pool_dup(&r->strings, s, RULES_BLOCK) : NULL;
}

/* n bytes for any object, from r's blocks of rows (freed with the cache, never alone). */
static void *block_alloc(app_rules *r, size_t n)
{
    enum { ALIGN = _Alignof(max_align_t) };
    str_pool *p = &r->rows;
    size_t pad = (ALIGN - (uintptr_t)p->at % ALIGN) % ALIGN;
    if (pad + n > p->left) {
        size_t size = n > RULES_BLOCK ? n : RULES_BLOCK;
        TK_PUSH(p->blocks, xmalloc(size));   /* malloc's blocks are aligned for any object */
        p->at = p->blocks.items[p->blocks.len - 1];
        p->left = size;
        pad = 0;
    }
    void *out = p->at + pad;
    p->at += pad + n;
    p->left -= pad + n;
    return out;
}

/* Room for one more in a full array of len elements of size bytes, in r's blocks: a copy
 * with twice the room (the old one stays until the cache goes). */
static void *block_grow(app_rules *r, void *items, size_t len, size_t size, size_t *cap)
{
    *cap = len ? 2 * len : 1;
    void *grown = block_alloc(r, *cap * size);
    if (len)
        memcpy(grown, items, len * size);
    return grown;
}

/* TK_PUSH for a client in blocks. A full array that ends where the blocks' free room begins
 * grows there by one: a client's rows mostly come one after another, so most arrays end up
 * their exact size, with no copy. */
#define BLOCK_PUSH(r, v, x) do { \
        if ((v).len == (v).cap) { \
            str_pool *p_ = &(r)->rows; \
            if ((v).items && (char *)((v).items + (v).len) == p_->at && \
                sizeof *(v).items <= p_->left) { \
                p_->at += sizeof *(v).items; \
                p_->left -= sizeof *(v).items; \
                (v).cap++; \
            } else { \
                (v).items = block_grow((r), (v).items, (v).len, sizeof *(v).items, &(v).cap); \
            } \
        } \
        (v).items[(v).len++] = (x); \
    } while (0)

app_rules *app_rules_new(tk_app *app, const tk_tier_mult *mults, size_t nmults)
{
    app_rules *r = xcalloc(1, sizeof *r);
    r->app = app;
    r->mults = nmults ? xcalloc(nmults, sizeof *r->mults) : NULL;
    if (nmults)
        memcpy(r->mults, mults, nmults * sizeof *mults);
    r->nmults = nmults;
    r->holders = 1;
    return r;
}

app_rules *app_rules_keep(app_rules *r)
{
    r->holders++;
    return r;
}

static void client_rules_free(app_client_rules *cr)
{
    if (cr->in_blocks)   /* it, its rows and its strings are the cache's blocks */
        return;
    tk_client_clear(&cr->client);
    for (size_t j = 0; j < cr->rates.len; j++)
        tk_rate_clear(&cr->rates.items[j]);
    for (size_t j = 0; j < cr->projects.len; j++)
        tk_project_clear(&cr->projects.items[j]);
    for (size_t j = 0; j < cr->tiers.len; j++)
        tk_tier_rule_clear(&cr->tiers.items[j]);
    free(cr->rates.items);
    free(cr->projects.items);
    free(cr->tiers.items);
    free(cr->retainers.items);
    free(cr);
}

void app_rules_free(app_rules *r)
{
    if (!r || --r->holders > 0)
        return;
    for (size_t i = 0; i < r->clients.len; i++)
        client_rules_free(r->clients.items[i]);
    free(r->clients.items);
    str_pool_free(&r->strings);
    str_pool_free(&r->rows);
    free(r->slots);
    free(r->mults);
    free(r);
}

static size_t slot_of(const app_rules *r, int64_t client_id)
{
    uint64_t h = (uint64_t)client_id * 0x9e3779b97f4a7c15u;
    size_t i = (size_t)(h >> 32) & (r->nslots - 1);
    while (r->slots[i] && r->slots[i]->client.id != client_id)
        i = (i + 1) & (r->nslots - 1);
    return i;
}

static app_client_rules *find(const app_rules *r, int64_t client_id)
{
    return r->nslots ? r->slots[slot_of(r, client_id)] : NULL;
}

static void index_client(app_rules *r, app_client_rules *cr)
{
    if (2 * (r->clients.len + 1) > r->nslots) {
        free(r->slots);
        r->nslots = r->nslots ? 2 * r->nslots : 64;
        r->slots = xcalloc(r->nslots, sizeof *r->slots);
        for (size_t i = 0; i < r->clients.len; i++)
            r->slots[slot_of(r, r->clients.items[i]->client.id)] = r->clients.items[i];
    }
    r->slots[slot_of(r, cr->client.id)] = cr;
    TK_PUSH(r->clients, cr);
}

static void keep_rate(app_client_rules *cr, const tk_rate *rt)
{
    tk_rate copy = *rt;
    copy.tier = xstrdup(rt->tier);
    TK_PUSH(cr->rates, copy);
}

static void keep_tier_rule(app_client_rules *cr, const tk_tier_rule *t)
{
    tk_tier_rule copy = *t;
    copy.tier = xstrdup(t->tier);
    TK_PUSH(cr->tiers, copy);
}

static void finish(app_rules *r, app_client_rules *cr)
{
    cr->card = (tk_rate_card){ cr->rates.items, cr->rates.len, r->mults, r->nmults };
    cr->rounding = app_client_rounding(&r->app->cfg, &cr->client);
}

/* ---- one client ---- */

static int one_rate(const tk_rate *rt, void *p)
{
    keep_rate(p, rt);
    return 0;
}

static int one_project(tk_project *p, void *ctx)
{
    app_client_rules *cr = ctx;
    TK_PUSH(cr->projects, *p);   /* its strings are ours now */
    memset(p, 0, sizeof *p);
    return 0;
}

static int one_tier_rule(const tk_tier_rule *t, void *p)
{
    keep_tier_rule(p, t);
    return 0;
}

static int one_retainer(const tk_retainer *rt, void *p)
{
    app_client_rules *cr = p;
    TK_PUSH(cr->retainers, *rt);
    return 0;
}

static app_client_rules *read_one(app_rules *r, int64_t client_id, tk_err *err)
{
    store *st = r->app->st;
    app_client_rules *cr = xcalloc(1, sizeof *cr);
    int rc = store_client_get_id(st, client_id, &cr->client, err);
    if (rc == 0)
        tk_fail(err, "no client with id %lld", (long long)client_id);
    if (rc == 1 && (store_rate_each(st, client_id, one_rate, cr, err) < 0 ||
                    store_project_of(st, client_id, one_project, cr, err) < 0 ||
                    store_tier_rule_each(st, client_id, one_tier_rule, cr, err) < 0 ||
                    store_retainer_each(st, client_id, one_retainer, cr, err) < 0))
        rc = -1;
    if (rc != 1) {
        client_rules_free(cr);
        return NULL;
    }
    finish(r, cr);
    index_client(r, cr);
    return cr;
}

/* ---- every client ---- */

/* Clients read by this pass: those read one by one before it keep what they have. */
struct all_ctx {
    app_rules *r;
    size_t first;             /* r->clients from here on are new */
    app_client_rules *last;   /* the last row's client, when new */
    /* Tiers copied lately: a busy week's 776 rates name 2 (a copy each was ~8 KB of blocks,
     * two pages to fault in, and ~40 k instructions). Strings in blocks are never freed or
     * changed alone: rows may share one. */
    const char *tiers[4];
    unsigned next_tier;
};

/* s in k's blocks: a tier copied lately, else a new copy. */
static char *tier_dup(struct all_ctx *k, const char *s)
{
    for (int i = 0; s && i < 4; i++)
        if (k->tiers[i] && !strcmp(k->tiers[i], s))
            return (char *)k->tiers[i];
    char *copy = block_strdup(k->r, s);
    k->tiers[k->next_tier++ % 4] = copy;
    return copy;
}

static app_client_rules *new_of(struct all_ctx *k, int64_t client_id)
{
    /* A client's rows mostly come one after another: its own first. */
    if (k->last && k->last->client.id == client_id)
        return k->last;
    app_client_rules *cr = find(k->r, client_id);
    k->last = cr && cr->filling ? cr : NULL;
    return k->last;
}

static int all_client(const tk_client *c, void *p)
{
    struct all_ctx *k = p;
    if (find(k->r, c->id))
        return 0;
    app_client_rules *cr = block_alloc(k->r, sizeof *cr);
    *cr = (app_client_rules){ .client = *c };
    cr->client.key = block_strdup(k->r, c->key);
    cr->client.name = block_strdup(k->r, c->name);
    cr->client.currency = block_strdup(k->r, c->currency);
    cr->client.zoho_customer_id = block_strdup(k->r, c->zoho_customer_id);
    cr->filling = true;
    cr->in_blocks = true;
    index_client(k->r, cr);
    return 0;
}

static int all_rate(const tk_rate *rt, void *p)
{
    struct all_ctx *k = p;
    app_client_rules *cr = new_of(k, rt->client_id);
    if (cr) {
        tk_rate copy = *rt;
        copy.tier = tier_dup(k, rt->tier);
        BLOCK_PUSH(k->r, cr->rates, copy);
    }
    return 0;
}

static int all_project(const tk_project *pr, void *p)
{
    struct all_ctx *k = p;
    app_client_rules *cr = new_of(k, pr->client_id);
    if (cr) {
        tk_project copy = *pr;
        copy.key = block_strdup(k->r, pr->key);
        /* most projects are named as their key (641 of 641 in a busy week) */
        copy.name = pr->name && copy.key && !strcmp(pr->name, copy.key)
                    ? copy.key : block_strdup(k->r, pr->name);
        BLOCK_PUSH(k->r, cr->projects, copy);
    }
    return 0;
}

static int all_tier_rule(int64_t client_id, const tk_tier_rule *t, void *p)
{
    struct all_ctx *k = p;
    app_client_rules *cr = new_of(k, client_id);
    if (cr) {
        tk_tier_rule copy = *t;
        copy.tier = tier_dup(k, t->tier);
        BLOCK_PUSH(k->r, cr->tiers, copy);
    }
    return 0;
}

static int all_retainer(const tk_retainer *rt, void *p)
{
    struct all_ctx *k = p;
    app_client_rules *cr = new_of(k, rt->client_id);
    if (cr)
        BLOCK_PUSH(k->r, cr->retainers, *rt);
    return 0;
}

int app_rules_load_all(app_rules *r, tk_err *err)
{
    if (r->all_read)
        return 0;
    store *st = r->app->st;
    struct all_ctx k = { r, r->clients.len, NULL, { NULL }, 0 };
    /* One call: on sqlite the rows are kept across commands (store_rules.h). */
    static const store_rules_fns fns = { all_client, all_rate, all_project, all_tier_rule,
                                         all_retainer };
    if (store_rules_all(st, &fns, &k, err) < 0) {
        /* Half-read clients must not be served: drop every client this pass added. */
        for (size_t i = k.first; i < r->clients.len; i++)
            client_rules_free(r->clients.items[i]);
        size_t n = k.first;
        free(r->slots);
        r->slots = NULL;
        r->nslots = 0;
        r->clients.len = 0;
        for (size_t i = 0; i < n; i++)
            index_client(r, r->clients.items[i]);
        return -1;
    }
    for (size_t i = k.first; i < r->clients.len; i++) {
        finish(r, r->clients.items[i]);
        r->clients.items[i]->filling = false;
    }
    r->all_read = true;
    return 0;
}

static size_t singles_max(const app_rules *r)
{
    return store_round_trips(r->app->st) ? 1 : RULES_SINGLE_MAX;
}

int app_rules_expect(app_rules *r, size_t nclients, tk_err *err)
{
    return nclients > singles_max(r) ? app_rules_load_all(r, err) : 0;
}

const app_client_rules *app_rules_get(app_rules *r, int64_t client_id, tk_err *err)
{
    app_client_rules *cr = find(r, client_id);
    if (cr)
        return cr;
    if (!r->all_read && r->clients.len >= singles_max(r)) {
        if (app_rules_load_all(r, err))
            return NULL;
        if ((cr = find(r, client_id)))
            return cr;
    }
    return read_one(r, client_id, err);
}

const tk_project *app_rules_project(const app_client_rules *cr, int64_t project_id)
{
    for (size_t i = 0; project_id && i < cr->projects.len; i++)
        if (cr->projects.items[i].id == project_id)
            return &cr->projects.items[i];
    return NULL;
}
