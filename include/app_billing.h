/* app_billing.h — what entries bill under their client's rules (app_billing.c): the
 * biller, and retainer standings from the same draw. */
#ifndef TOCK_APP_BILLING_H
#define TOCK_APP_BILLING_H

#include "app.h"
#include "app_rules.h"
#include "billing.h"
#include "retainer.h"

/* Bills entries, caching each client's rules (rates, rounding, projects) for its lifetime.
 * Read-only: one biller serves one command or one screen refresh. */
typedef struct app_biller app_biller;

app_biller *app_biller_new(tk_app *app, tk_err *err);
/* A biller on the rules cache another biller of the same screen refresh read (rules NULL:
 * its own), so a screen that bills its week and its retainer panel reads each client once.
 * The rules are kept (app_rules_keep) until the biller is freed. */
app_biller *app_biller_new_on(tk_app *app, app_rules *rules, tk_err *err);
/* The biller's rules cache (borrowed; app_rules_keep to hold it past the biller). */
app_rules *app_biller_rules(app_biller *b);
void app_biller_free(app_biller *b);
/* The client record behind an id (borrowed from the cache), or NULL with err. */
const tk_client *app_biller_client(app_biller *b, int64_t client_id, tk_err *err);
/* From now on the biller's retainer standings (app_retainer_status) count the user's running
 * timer as the entry it makes when stopped at `now`: the TUI's panel, `tock retainer` and
 * `status %r` all do, so they show one figure. 1 a timer runs, 0 none, -1 error. */
int app_biller_count_timer(app_biller *b, int64_t now, tk_err *err);
/* For a view that shows retainer standings without their entries' bills (the TUI's panel,
 * `status %r`): app_retainer_status reads the current period's standing stored beside its
 * draw when current, and stores it when it had to draw the period (app_carry_standing.h).
 * Not for one that also asks for the period's bills (`tock retainer`'s uses): it would look
 * up, then draw anyway. */
void app_biller_standings(app_biller *b);
/* The project record behind an id (borrowed), or NULL when id is 0 or unknown. */
const tk_project *app_biller_project(app_biller *b, int64_t client_id, int64_t project_id);
/* Names e from the biller's rules (the store may send ids only): its client's and project's
 * keys, borrowed. Its client, or NULL with err (also for a project of another client). */
const tk_client *app_biller_name(app_biller *b, tk_entry *e, tk_err *err);
/* What an entry bills — the one figure every view shows. For an entry on a day the client's
 * retainer is in force, its share of the retainer invoice (bill.retainer): the period's
 * billable entries draw on its prepaid hours first in first out (retainer_draw), those an
 * invoice holds first, then the free ones by day, start and id; an entry the period has not
 * seen (not saved, a running timer) draws after all of them. */
int app_bill(app_biller *b, const tk_entry *e, tk_bill *out, tk_err *err);
/* app_bill's billed seconds and money of a saved entry: for one under a retainer, from its
 * period's draw as the store keeps it across commands when it is current (app_carry.h),
 * else drawn and noted for storing. A week grid's figures. */
int app_bill_brief(app_biller *b, const tk_entry *e, int64_t *billed_seconds,
                   int64_t *amount_minor, tk_err *err);
/* What report profit needs of an entry's bill (app_bill's, the same figures). */
typedef struct app_bill_total {
    const tk_client *client;   /* the entry's client (borrowed from the biller) */
    bool billable;
    int64_t actual_seconds, amount_minor;
} app_bill_total;
/* app_bill's billable flag, actual time and amount. An entry billed by the hour whose bill
 * depends only on what bill_memo.h keys is billed once per key: a year of entries repeats
 * the same few thousand. */
int app_bill_sum(app_biller *b, const tk_entry *e, app_bill_total *out, tk_err *err);
/* Where the biller reads a client's entries of days [from, to] for its retainer draws, when
 * not from the store: each answers as store_billing_each would (billing order; fn's negative
 * return is returned), or ENTRY_SET_MISS (entry_set.h) for what it does not hold, which the
 * biller then reads from the store. src is borrowed and must outlive the biller's use. */
typedef int (*app_entry_source)(const void *src, int64_t client_id, tk_day from, tk_day to,
                                int (*fn)(const tk_entry *e, void *ctx), void *ctx);
void app_biller_source(app_biller *b, app_entry_source each, const void *src);
/* Entries of this invoice count as free (not held), for building it again. */
void app_biller_except(app_biller *b, int64_t invoice_id);
/* Frees the entries' bills of client_id's retainer periods that end before `before`; their
 * totals stay (app_retainer_period), and app_bill in one of them draws it again. A walk in
 * (client, day) order calls it as it moves on, so a year's periods are not all held at once. */
void app_biller_release(app_biller *b, int64_t client_id, tk_day before);

/* The standing of retainer r in its period containing date (clamped into the days it is in
 * force), from the same draw as app_bill: prepaid, rollover, remaining, overage and its money. */
int app_retainer_period(app_biller *b, const tk_client *c, const tk_retainer *r, tk_day date,
                        tk_retainer_status *out, tk_err *err);

/* What used a retainer period, per project and tier (the same draw). */
typedef struct app_retainer_use {
    char *project;             /* key, "" for none */
    char tier[BILL_TIER_MAX];
    int64_t centi;             /* hundredths worked (billed) */
    int64_t drawn_centi;       /* prepaid hundredths they drew */
    int64_t overage_centi;     /* hundredths beyond the prepaid hours */
    int64_t overage_minor;     /* what that overage costs */
} app_retainer_use;
typedef struct app_retainer_uses {
    app_retainer_use *items;   /* in first-drawn order of (project, tier) by id */
    size_t len, cap;
} app_retainer_uses;
int app_retainer_uses_of(app_biller *b, const tk_client *c, const tk_retainer *r, tk_day date,
                         app_retainer_uses *out, tk_err *err);
void app_retainer_uses_free(app_retainer_uses *v);

/* The client's retainer in force on date and its standing: 1 found, 0 none, -1 error. */
int app_retainer_status(tk_app *app, app_biller *b, const tk_client *c, tk_day date,
                        tk_retainer *r, tk_retainer_status *out, tk_err *err);

/* The client's rounding: its own overrides, else the config's, field by field. */
tk_rounding app_client_rounding(const tk_config *cfg, const tk_client *c);

#endif
