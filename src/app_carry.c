/* app_carry.c — stored usage of earlier retainer periods (app_carry.h). Who writes: the
 * reader that had to compute a figure stores it after its view (app_carry_flush), only when
 * the write lock is free at once; it never waits, never fails a command, and a read-only
 * database or a PostgreSQL member (who sees only their own entries) stores nothing. Writers
 * only make figures stale: the triggers of schema step 17 count every change to a client's
 * entries in the writer's own transaction. So two processes stay correct: a figure is read
 * only at the change count it was computed at, with the rules it was computed with. */
#include "app_carry.h"
#include "sha256.h"
#include "store_carry.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bump when billing code changes what an entry of a period draws: every stored figure of an
 * older scheme is then stale. */
#define CARRY_SCHEME "tock-carry-1"
#define CARRY_PENDING_MAX 4096   /* figures kept for storing, at most */

typedef struct carry_have {
    tk_day first, last;
    int64_t seconds;
    char *rules;
} carry_have;

typedef struct carry_ret {
    int64_t id;
    char digest[SHA256_HEX];     /* the rules the client's figures of it depend on */
    TK_VEC(carry_have) have;     /* stored at the change count read */
    bool have_read;              /* have is read (app_carry_find's first look) */
} carry_ret;

struct app_carry_client {
    int64_t client_id;
    bool use;                    /* stored figures may be read and new ones stored */
    int64_t gen;                 /* the client's change count, read before any entry */
    TK_VEC(carry_ret *) rets;
};

typedef struct app_carry {
    TK_VEC(store_carry_row) rows;   /* noted, not yet stored; rules owned */
    const store *st;                /* the database they were read from (an import works on a
                                     * private copy for a while: never stored elsewhere) */
} app_carry;

static void forget(app_carry *c);

/* rules_digest hashes these records field by field: a field added to one may change what a
 * period draws. On LP64 their sizes stop the build until rules_digest (or CARRY_SCHEME) has
 * been looked at and these numbers updated. */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(tk_client) == 72, "see rules_digest");
_Static_assert(sizeof(tk_project) == 64, "see rules_digest");
_Static_assert(sizeof(tk_rate) == 48, "see rules_digest");
_Static_assert(sizeof(tk_retainer) == 88, "see rules_digest");
_Static_assert(sizeof(tk_tier_rule) == 56, "see rules_digest");
_Static_assert(sizeof(tk_rounding) == 24, "see rules_digest");
_Static_assert(sizeof(tk_bizhours) == 2312, "see rules_digest");
_Static_assert(sizeof(app_client_rules) == 232, "see rules_digest");
#endif

static bool carry_off(void)
{
    const char *v = getenv("TOCK_NO_CARRY");
    return v && *v;
}

/* ---- the digest of every rule a period's usage depends on ---- */

/* d as 64 lowercase hex digits and a NUL (a digest per retainer and period: no printf). */
static void hex_of(const unsigned char d[32], char out[SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[64] = '\0';
}

/* A digest's input gathered into 256 bytes before hashing: the fields are 8 bytes each, and
 * a call of sha256_update per field cost as much as hashing it. The same bytes in the same
 * order: the same digests. */
typedef struct dig {
    sha256_ctx c;
    size_t n;
    unsigned char buf[256];
} dig;

static void dig_init(dig *d)
{
    sha256_init(&d->c);
    d->n = 0;
}

static void dig_add(dig *d, const void *p, size_t n)
{
    if (n > sizeof d->buf - d->n) {
        sha256_update(&d->c, d->buf, d->n);
        d->n = 0;
        if (n > sizeof d->buf) {
            sha256_update(&d->c, p, n);
            return;
        }
    }
    memcpy(d->buf + d->n, p, n);
    d->n += n;
}

static void dig_final(dig *d, unsigned char out[32])
{
    sha256_update(&d->c, d->buf, d->n);
    sha256_final(&d->c, out);
}

static void put_i64(dig *c, int64_t v)
{
    if (sizeof c->buf - c->n < 8) {
        sha256_update(&c->c, c->buf, c->n);
        c->n = 0;
    }
    /* Little-endian, written out: the compiler makes it one store where it can. */
    unsigned char *b = c->buf + c->n;
    uint64_t u = (uint64_t)v;
    b[0] = (unsigned char)u;
    b[1] = (unsigned char)(u >> 8);
    b[2] = (unsigned char)(u >> 16);
    b[3] = (unsigned char)(u >> 24);
    b[4] = (unsigned char)(u >> 32);
    b[5] = (unsigned char)(u >> 40);
    b[6] = (unsigned char)(u >> 48);
    b[7] = (unsigned char)(u >> 56);
    c->n += 8;
}

static void put_str(dig *c, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_i64(c, s ? (int64_t)n : -1);
    if (s)
        dig_add(c, s, n);
}

static void put_rounding(dig *c, const tk_rounding *r)
{
    put_i64(c, r->increment);
    put_i64(c, r->mode);
    put_i64(c, r->minimum);
}

static void put_retainer(dig *c, const tk_retainer *r)
{
    put_i64(c, r->id);
    put_i64(c, r->client_id);
    put_i64(c, r->period);
    put_i64(c, r->prepaid_seconds);
    put_i64(c, r->fee_minor);
    put_i64(c, r->overage_minor);
    put_i64(c, r->rollover);
    put_i64(c, r->alert_pct);
    put_i64(c, r->from);
    put_i64(c, r->to);
    put_i64(c, r->whole);
    put_i64(c, r->has_rollover_cap);
    put_i64(c, r->rollover_cap);
    put_i64(c, r->rollover_expiry);
    put_i64(c, r->rollover_current_first);
}

static void put_hours(dig *c, const tk_bizhours *h)
{
    put_i64(c, h->enabled);
    for (int d = 0; d < 7; d++) {
        put_i64(c, h->nspans[d]);
        for (int i = 0; i < h->nspans[d] && i < BIZ_MAX_SPANS; i++) {
            put_i64(c, h->spans[d][i].start);
            put_i64(c, h->spans[d][i].end);
        }
    }
    put_i64(c, (int64_t)h->nholidays);
    for (size_t i = 0; i < h->nholidays && i < BIZ_MAX_HOLIDAYS; i++)
        put_i64(c, h->holidays[i]);
}

/* Everything bill_hourly, under_retainer and the retainer's cover read, field by field: the
 * client, its rates, projects, tier rules and rounding, this retainer and every other of the
 * client (which one is in force on a day), the configuration's multipliers, business hours,
 * holidays and week start, and the time zone's name. */
static void rules_digest(const app_carry_rules *ru, const tk_retainer *r, char out[SHA256_HEX])
{
    const app_client_rules *cr = ru->client;
    dig c;
    dig_init(&c);
    put_str(&c, CARRY_SCHEME);
    put_str(&c, getenv("TZ"));
    put_i64(&c, ru->week_start);
    put_hours(&c, ru->hours);
    put_i64(&c, (int64_t)ru->nmults);
    for (size_t i = 0; i < ru->nmults; i++) {
        put_str(&c, ru->mults[i].name);
        put_i64(&c, ru->mults[i].permille);
    }
    const tk_client *k = &cr->client;
    put_i64(&c, k->id);
    put_str(&c, k->currency);
    put_i64(&c, k->archived);
    put_i64(&c, k->billable);
    put_i64(&c, k->has_round);
    put_i64(&c, k->has_round_mode);
    put_i64(&c, k->has_minimum);
    put_rounding(&c, &k->rounding);
    put_rounding(&c, &cr->rounding);
    put_i64(&c, (int64_t)cr->rates.len);
    for (size_t i = 0; i < cr->rates.len; i++) {
        const tk_rate *x = &cr->rates.items[i];
        put_i64(&c, x->id);
        put_i64(&c, x->client_id);
        put_i64(&c, x->project_id);
        put_str(&c, x->tier);
        put_i64(&c, x->amount_minor);
        put_i64(&c, x->from);
    }
    put_i64(&c, (int64_t)cr->projects.len);
    for (size_t i = 0; i < cr->projects.len; i++) {
        const tk_project *p = &cr->projects.items[i];
        put_i64(&c, p->id);
        put_i64(&c, p->client_id);
        put_i64(&c, p->archived);
        put_i64(&c, p->billable);
        put_i64(&c, p->fixed_minor);
        put_i64(&c, p->budget_seconds);
        put_i64(&c, p->outside_retainer);
    }
    put_i64(&c, (int64_t)cr->tiers.len);
    for (size_t i = 0; i < cr->tiers.len; i++) {
        const tk_tier_rule *t = &cr->tiers.items[i];
        put_str(&c, t->tier);
        put_i64(&c, t->has_round);
        put_i64(&c, t->has_round_mode);
        put_i64(&c, t->has_minimum);
        put_rounding(&c, &t->rounding);
        put_i64(&c, t->covered);
        put_i64(&c, t->draw_permille);
        put_i64(&c, t->overage_minor);
    }
    put_i64(&c, (int64_t)cr->retainers.len);
    for (size_t i = 0; i < cr->retainers.len; i++)
        put_retainer(&c, &cr->retainers.items[i]);
    put_retainer(&c, r);
    unsigned char d[32];
    dig_final(&c, d);
    hex_of(d, out);
}

/* The key of one period: the digest, and where its local days begin and end (a time zone's
 * rules decide which instants are business hours). */
static void period_key(const carry_ret *cr, tk_day first, tk_day last, char *out, size_t n)
{
    snprintf(out, n, "%s/%lld/%lld", cr->digest, (long long)local_day_start(first),
             (long long)local_day_start(last + 1));
}

/* ---- reading ---- */

static int keep_have(const store_carry_row *r, void *p)
{
    carry_ret *cr = p;
    carry_have h = { r->first, r->last, r->seconds, xstrdup(r->rules ? r->rules : "") };
    TK_PUSH(cr->have, h);
    return 0;
}

/* The retainer's digest, and (with have) its stored figures, each made once per client. */
static carry_ret *ret_of(tk_app *app, app_carry_client *cc, const app_carry_rules *ru,
                         const tk_retainer *r, bool have, tk_err *err)
{
    carry_ret *cr = NULL;
    for (size_t i = 0; i < cc->rets.len && !cr; i++)
        if (cc->rets.items[i]->id == r->id)
            cr = cc->rets.items[i];
    if (!cr) {
        cr = xcalloc(1, sizeof *cr);
        cr->id = r->id;
        rules_digest(ru, r, cr->digest);
        TK_PUSH(cc->rets, cr);
    }
    if (have && !cr->have_read) {
        if (store_carry_each(app->st, cc->client_id, r->id, cc->gen, keep_have, cr, err) < 0)
            return NULL;
        cr->have_read = true;
    }
    return cr;
}

/* Makes *cc, its change count read before any entry is (the first use). */
static int client_open(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                       tk_err *err)
{
    if (*cc)
        return 0;
    app_carry_client *c = xcalloc(1, sizeof *c);
    c->client_id = rules->client->client.id;
    *cc = c;
    bool clean = false;
    if (!carry_off() && store_carry_gen(app->st, c->client_id, &c->gen, &clean, err))
        return -1;
    c->use = clean;
    return 0;
}

int app_carry_find(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                   const tk_retainer *r, tk_day first, tk_day last, int64_t *seconds,
                   tk_err *err)
{
    if (client_open(app, cc, rules, err))
        return -1;
    if (!(*cc)->use)
        return 0;
    carry_ret *cr = ret_of(app, *cc, rules, r, true, err);
    if (!cr)
        return -1;
    char key[SHA256_HEX + 48];
    period_key(cr, first, last, key, sizeof key);
    for (size_t i = 0; i < cr->have.len; i++) {
        const carry_have *h = &cr->have.items[i];
        if (h->first == first && h->last == last && !strcmp(h->rules, key)) {
            *seconds = h->seconds;
            return 1;
        }
    }
    return 0;
}

/* r's digest holder, with app->carry ready for one more row to store, or NULL when a figure
 * read through this biller is not to be stored. */
static carry_ret *note_slot(tk_app *app, app_carry_client *cc, const tk_retainer *r)
{
    if (!cc || !cc->use || !store_carry_clean(app->st))
        return NULL;   /* read through this connection's own uncommitted changes: never stored */
    carry_ret *cr = NULL;
    for (size_t i = 0; i < cc->rets.len && !cr; i++)
        if (cc->rets.items[i]->id == r->id)
            cr = cc->rets.items[i];
    if (!cr)
        return NULL;   /* app_carry_find (or _draw_find) made it: without it no digest */
    if (!app->carry)
        app->carry = xcalloc(1, sizeof *app->carry);
    if (app->carry->st != app->st)
        forget(app->carry);
    app->carry->st = app->st;
    return app->carry->rows.len < CARRY_PENDING_MAX ? cr : NULL;
}

void app_carry_note(tk_app *app, app_carry_client *cc, const tk_retainer *r, tk_day first,
                    tk_day last, int64_t seconds)
{
    carry_ret *cr = note_slot(app, cc, r);
    if (!cr)
        return;
    char key[SHA256_HEX + 48];
    period_key(cr, first, last, key, sizeof key);
    store_carry_row row = { cc->client_id, r->id, first, last, cc->gen, xstrdup(key), seconds,
                            NULL };
    TK_PUSH(app->carry->rows, row);
}

void app_carry_client_free(app_carry_client *cc)
{
    if (!cc)
        return;
    for (size_t i = 0; i < cc->rets.len; i++) {
        carry_ret *cr = cc->rets.items[i];
        for (size_t j = 0; j < cr->have.len; j++)
            free(cr->have.items[j].rules);
        free(cr->have.items);
        free(cr);
    }
    free(cc->rets.items);
    free(cc);
}

/* ---- the current period's draw ---- */

/* Bump when billing code changes what an entry of a period draws (as CARRY_SCHEME). */
#define DRAW_SCHEME "draw-1"

/* The key of a period's draw: its period_key, and the entries pending invoices hold (they
 * draw first; the invoices are not entries, so no change count sees them). */
static void draw_key(const carry_ret *cr, tk_day first, tk_day last, const int64_t *pending,
                     size_t npending, char *out, size_t n)
{
    dig c;
    dig_init(&c);
    put_i64(&c, (int64_t)npending);
    for (size_t i = 0; i < npending; i++)
        put_i64(&c, pending[i]);
    unsigned char d[32];
    dig_final(&c, d);
    char hex[SHA256_HEX];
    hex_of(d, hex);
    char period[SHA256_HEX + 48];
    period_key(cr, first, last, period, sizeof period);
    snprintf(out, n, "%s/%s/%s", DRAW_SCHEME, period, hex);
}

/* The text of a draw: "id billed_seconds amount_minor;" per entry, ids ascending. */
static char *draw_text(const app_carry_draw *d)
{
    strbuf b = { 0 };
    for (size_t i = 0; i < d->n; i++)
        sb_addf(&b, "%lld %lld %lld;", (long long)d->ids[i], (long long)d->billed[i],
                (long long)d->amount[i]);
    return sb_detach(&b);
}

/* draw_text read back: false (and nothing kept) unless every entry is whole and in order. */
static bool draw_parse(const char *t, app_carry_draw *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = strlen(t) / 6 + 1;   /* an entry is at least "0 0 0;" */
    out->ids = xcalloc(cap + 1, sizeof *out->ids);
    out->billed = xcalloc(cap + 1, sizeof *out->billed);
    out->amount = xcalloc(cap + 1, sizeof *out->amount);
    const char *p = t;
    while (*p && out->n < cap) {
        int64_t id, billed, amount;
        if (!tk_read_i64(&p, ' ', &id) || !tk_read_i64(&p, ' ', &billed) ||
            !tk_read_i64(&p, ';', &amount) || (out->n && id <= out->ids[out->n - 1]))
            break;
        out->ids[out->n] = id;
        out->billed[out->n] = billed;
        out->amount[out->n++] = amount;
    }
    if (*p) {
        app_carry_draw_free(out);
        return false;
    }
    return true;
}

void app_carry_draw_free(app_carry_draw *d)
{
    free(d->ids);
    free(d->billed);
    free(d->amount);
    memset(d, 0, sizeof *d);
}

static void kind_key(const carry_ret *cr, const char *kind, tk_day first, tk_day last,
                     const int64_t *pending, size_t npending, char *out, size_t n);

/* The stored text of a period's draw (kind NULL) or of what else is kept beside it (kind):
 * 1 and *text (the caller frees it), 0 when there is none to use, -1 with err. */
static int period_get(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                      const tk_retainer *r, tk_day first, tk_day last, const int64_t *pending,
                      size_t npending, const char *kind, char **text, tk_err *err)
{
    *text = NULL;
    if (client_open(app, cc, rules, err))
        return -1;
    if (!(*cc)->use)
        return 0;
    carry_ret *cr = ret_of(app, *cc, rules, r, false, err);
    if (!cr)
        return -1;
    char key[SHA256_HEX * 2 + 128];
    if (kind)
        kind_key(cr, kind, first, last, pending, npending, key, sizeof key);
    else
        draw_key(cr, first, last, pending, npending, key, sizeof key);
    int rc = store_carry_draw_get(app->st, (*cc)->client_id, r->id, first, (*cc)->gen, key,
                                  text, err);
    if (rc != 1) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

int app_carry_draw_find(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                        const tk_retainer *r, tk_day first, tk_day last, const int64_t *pending,
                        size_t npending, app_carry_draw *out, tk_err *err)
{
    char *text;
    int rc = period_get(app, cc, rules, r, first, last, pending, npending, NULL, &text, err);
    if (rc == 1)
        rc = draw_parse(text, out) ? 1 : 0;
    free(text);
    return rc;
}

void app_carry_draw_note(tk_app *app, app_carry_client *cc, const tk_retainer *r, tk_day first,
                         tk_day last, const int64_t *pending, size_t npending,
                         const app_carry_draw *d)
{
    carry_ret *cr = note_slot(app, cc, r);
    if (!cr)
        return;
    char key[SHA256_HEX * 2 + 64];
    draw_key(cr, first, last, pending, npending, key, sizeof key);
    store_carry_row row = { cc->client_id, r->id, first, last, cc->gen, xstrdup(key), 0,
                            draw_text(d) };
    TK_PUSH(app->carry->rows, row);
}

/* ---- storing ---- */

static void forget(app_carry *c)
{
    for (size_t i = 0; i < c->rows.len; i++) {
        free((char *)c->rows.items[i].rules);
        free((char *)c->rows.items[i].bills);
    }
    c->rows.len = 0;
}

void app_carry_flush(tk_app *app)
{
    if (!app->carry || !app->carry->rows.len || !app->st)
        return;
    if (app->carry->st != app->st)
        forget(app->carry);
    else if (store_carry_save(app->st, app->carry->rows.items, app->carry->rows.len) !=
             STORE_CARRY_LATER)
        forget(app->carry);
}

void app_carry_close(tk_app *app)
{
    if (!app->carry)
        return;
    app_carry_flush(app);
    forget(app->carry);
    free(app->carry->rows.items);
    free(app->carry);
    app->carry = NULL;
}

/* ---- other figures of the current period, under its draw's key (app_carry_standing.c) ---- */

/* kind "/" the draw's key: valid exactly when the draw stored beside it would be. */
static void kind_key(const carry_ret *cr, const char *kind, tk_day first, tk_day last,
                     const int64_t *pending, size_t npending, char *out, size_t n)
{
    char key[SHA256_HEX * 2 + 64];
    draw_key(cr, first, last, pending, npending, key, sizeof key);
    snprintf(out, n, "%s/%s", kind, key);
}

int app_carry_period_find(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                          const tk_retainer *r, tk_day first, tk_day last,
                          const int64_t *pending, size_t npending, const char *kind,
                          char **text, tk_err *err)
{
    return period_get(app, cc, rules, r, first, last, pending, npending, kind, text, err);
}

void app_carry_period_note(tk_app *app, app_carry_client *cc, const tk_retainer *r,
                           tk_day first, tk_day last, const int64_t *pending, size_t npending,
                           const char *kind, char *text)
{
    carry_ret *cr = note_slot(app, cc, r);
    if (!cr) {
        free(text);
        return;
    }
    char key[SHA256_HEX * 2 + 128];
    kind_key(cr, kind, first, last, pending, npending, key, sizeof key);
    store_carry_row row = { cc->client_id, r->id, first, last, cc->gen, xstrdup(key), 0, text };
    TK_PUSH(app->carry->rows, row);
}
