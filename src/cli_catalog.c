/* cli_catalog.c — tock client … and tock project … */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "money.h"
#include "text.h"

/* Ends a change's transaction and turns the outcome into the exit status. */
static int finish(tk_app *app, int rc, tk_err *err)
{
    return store_end(app->st, rc, err) ? cli_error(err) : EXIT_OK;
}

int cmd_client_add(tk_app *app, int argc, char **argv)
{
    const char *name = NULL, *currency = NULL, *rate = NULL;
    bool non_billable = false;
    char *pos[1];
    int npos;
    cli_opt opts[] = { { "name", 'n', &name, NULL }, { "currency", 0, &currency, NULL },
                       { "rate", 'r', &rate, NULL }, { "non-billable", 0, NULL, &non_billable },
                       { 0 } };
    int rc = cli_parse("client add", argc, argv, opts, pos, 1, 1, &npos, NULL, NULL);
    if (rc)
        return rc;
    tk_err err = { "" };
    const char *key = pos[0];
    if (!key_valid(key))
        return cli_errorf("bad client key '%s' (letters, digits, '-', '_', '.'; no spaces or '/')", key);
    if (!currency)
        currency = app->cfg.default_currency;
    if (!currency_valid(currency))
        return cli_errorf("bad currency '%s' (expected an ISO 4217 code such as EUR)", currency);
    if (name && !*name)
        return cli_errorf("the client's name cannot be empty");
    if (cli_check_text("client's name", name, &err))
        return cli_error(&err);
    int64_t rate_minor = 0;
    if (rate && money_parse(rate, currency_exponent(currency), &rate_minor, &err))
        return cli_error(&err);
    if (store_begin(app->st, &err))
        return cli_error(&err);
    tk_client existing;
    rc = store_client_get(app->st, key, &existing, &err);
    if (rc == 1) {
        tk_client_clear(&existing);
        tk_fail(&err, "client '%s' already exists", key);
        return finish(app, -1, &err);
    }
    tk_client c = { .key = (char *)key, .name = (char *)(name ? name : key),
                    .currency = (char *)currency, .billable = !non_billable };
    rc = rc < 0 ? -1 : store_client_insert(app->st, &c, tk_now(), &err);
    if (rc == 0 && rate) {
        tk_rate r = { .client_id = c.id, .tier = (char *)TIER_STANDARD, .amount_minor = rate_minor,
                      .from = DAY_MIN };
        rc = store_rate_insert(app->st, &r, tk_now(), &err);
    }
    if (rc == 0)
        rc = store_audit(app->st, app->user_id, tk_now(), "add", "client", c.id, key, &err);
    rc = finish(app, rc, &err);
    if (rc == EXIT_OK)
        printf("added client %s\n", key);
    return rc;
}

struct list_ctx {
    jw w;
    bool json;
    store *st;
};

static int print_client(const tk_client *c, void *p)
{
    struct list_ctx *l = p;
    if (l->json) {
        jw_obj(&l->w);
        jw_kstr(&l->w, "key", c->key);
        jw_kstr(&l->w, "name", c->name);
        jw_kstr(&l->w, "currency", c->currency);
        jw_kbool(&l->w, "billable", c->billable);
        jw_kbool(&l->w, "archived", c->archived);
        jw_kstr(&l->w, "zoho_customer_id", c->zoho_customer_id);
        jw_end_obj(&l->w);
        return 0;
    }
    strbuf sb = { 0 };
    text_fit(&sb, c->key, 20, 1, 0);
    sb_addc(&sb, ' ');
    text_fit(&sb, c->name, 30, 1, 0);
    printf("%s %s%s%s\n", sb_str(&sb), c->currency, c->billable ? "" : "  non-billable",
           c->archived ? "  archived" : "");
    sb_free(&sb);
    return 0;
}

int cmd_client_list(tk_app *app, int argc, char **argv)
{
    bool json = false, all = false;
    int npos;
    cli_opt opts[] = { { "json", 0, NULL, &json }, { "all", 'a', NULL, &all }, { 0 } };
    int rc = cli_parse("client list", argc, argv, opts, NULL, 0, 0, &npos, NULL, NULL);
    if (rc)
        return rc;
    strbuf sb = { 0 };
    struct list_ctx l = { .json = json };
    jw_init(&l.w, &sb);
    if (json)
        jw_arr(&l.w);
    tk_err err = { "" };
    if (store_client_each(app->st, all, print_client, &l, &err) < 0) {
        sb_free(&sb);
        return cli_error(&err);
    }
    if (json) {
        jw_end_arr(&l.w);
        cli_print_json(&sb);
    }
    sb_free(&sb);
    return EXIT_OK;
}

/* Loads a client by key for a change inside a transaction. */
static int load_client(tk_app *app, const char *key, tk_client *c, tk_err *err)
{
    int rc = store_client_get(app->st, key, c, err);
    if (rc == 0)
        return tk_fail(err, "no client '%s'", key);
    return rc < 0 ? -1 : 0;
}

int cmd_client_archive(tk_app *app, int argc, char **argv)
{
    char *pos[1];
    int npos;
    cli_opt opts[] = { { 0 } };
    int rc = cli_parse("client archive", argc, argv, opts, pos, 1, 1, &npos, NULL, NULL);
    if (rc)
        return rc;
    tk_err err = { "" };
    if (store_begin(app->st, &err))
        return cli_error(&err);
    tk_client c = { 0 };
    rc = load_client(app, pos[0], &c, &err);
    if (rc == 0) {
        c.archived = true;
        rc = store_client_update(app->st, &c, &err);
    }
    if (rc == 0)
        rc = store_audit(app->st, app->user_id, tk_now(), "archive", "client", c.id, c.key, &err);
    tk_client_clear(&c);
    rc = finish(app, rc, &err);
    if (rc == EXIT_OK)
        printf("archived client %s\n", pos[0]);
    return rc;
}

/* The first amount stored for a client (a rate, retainer or fixed price), described in sb. */
static int priced_rate(const tk_rate *r, void *p)
{
    struct { strbuf *sb; const tk_client *c; } *x = p;
    char m[32];
    sb_addf(x->sb, "a %s rate of %s %s", r->tier,
            money_format(r->amount_minor, currency_exponent(x->c->currency), m), x->c->currency);
    return 1;
}

static int priced_retainer(const tk_retainer *r, void *p)
{
    struct { strbuf *sb; const tk_client *c; } *x = p;
    char m[32];
    sb_addf(x->sb, "a retainer fee of %s %s",
            money_format(r->fee_minor, currency_exponent(x->c->currency), m), x->c->currency);
    return 1;
}

static int priced_project(const tk_project *p, const char *client_key, void *ctx)
{
    struct { strbuf *sb; const tk_client *c; } *x = ctx;
    if (p->fixed_minor < 0)
        return 0;
    sb_addf(x->sb, "the fixed price of %s/%s", client_key, p->key);
    return 1;
}

/* Amounts are minor units: a currency with other decimals would silently rescale every
 * amount the client has. Refuses that change while any amount is stored. */
static int check_currency_change(tk_app *app, const tk_client *c, const char *currency,
                                 tk_err *err)
{
    if (!strcmp(c->currency, currency) ||
        currency_exponent(c->currency) == currency_exponent(currency))
        return 0;
    strbuf sb = { 0 };
    struct { strbuf *sb; const tk_client *c; } x = { &sb, c };
    int rc = store_rate_each(app->st, c->id, priced_rate, &x, err);
    if (rc == 0)
        rc = store_retainer_each(app->st, c->id, priced_retainer, &x, err);
    if (rc == 0)
        rc = store_project_each(app->st, c->id, true, priced_project, &x, err);
    if (rc > 0)
        rc = tk_fail(err, "%s has %s; %s has %d decimals where %s has %d, so its amounts would "
                     "change (add a new client for %s work)", c->key, sb_str(&sb), currency,
                     currency_exponent(currency), c->currency, currency_exponent(c->currency),
                     currency);
    sb_free(&sb);
    return rc < 0 ? -1 : 0;
}

static int tier_rule_set(tk_app *app, const char *client, const app_tier_opts *t)
{
    tk_err err = { "" };
    char *key;
    if (app_tier_rule_set(app, client, t, &key, &err))
        return cli_error(&err);
    printf("updated %s's %s rule\n", key, t->tier);
    free(key);
    return EXIT_OK;
}

int cmd_client_set(tk_app *app, int argc, char **argv)
{
    const char *name = NULL, *currency = NULL, *round = NULL, *mode = NULL, *minimum = NULL,
               *zoho = NULL, *email = NULL, *terms = NULL;
    bool billable = false, non_billable = false, unarchive = false, create_contact = false;
    char *pos[1];
    int npos;
    app_tier_opts t = { 0 };
    cli_opt opts[] = { { "name", 'n', &name, NULL }, { "currency", 0, &currency, NULL },
                       { "round", 0, &round, NULL }, { "round-mode", 0, &mode, NULL },
                       { "minimum", 0, &minimum, NULL }, { "zoho-customer-id", 0, &zoho, NULL },
                       { "billable", 0, NULL, &billable }, { "non-billable", 0, NULL, &non_billable },
                       { "unarchive", 0, NULL, &unarchive },
                       { "zoho-create-contact", 0, NULL, &create_contact },
                       { "email", 0, &email, NULL }, { "payment-terms", 0, &terms, NULL },
                       { "tier", 0, &t.tier, NULL },
                       { "retainer", 0, &t.cover, NULL }, { "draw", 0, &t.draw, NULL },
                       { "overage-rate", 0, &t.overage, NULL }, { 0 } };
    int rc = cli_parse("client set", argc, argv, opts, pos, 1, 1, &npos, NULL, NULL);
    if (rc)
        return rc;
    if (t.tier) {
        if (name || currency || zoho || billable || non_billable || unarchive)
            return cli_errorf("with --tier, only --round, --round-mode, --minimum, --retainer, "
                              "--draw and --overage-rate apply");
        t.round = round;
        t.mode = mode;
        t.minimum = minimum;
        return tier_rule_set(app, pos[0], &t);
    }
    if (t.cover || t.draw || t.overage)
        return cli_errorf("--retainer, --draw and --overage-rate are a tier's: add --tier TIER");
    if (billable && non_billable)
        return cli_errorf("--billable and --non-billable exclude each other");
    if (create_contact && (zoho || name || currency))
        return cli_errorf("--zoho-create-contact goes alone (with --email): it pins the new contact");
    if (email && !create_contact)
        return cli_errorf("--email is the new Zoho contact's: use it with --zoho-create-contact");
    long terms_days = -1;
    char *end = NULL;
    if (terms && strcmp(terms, "default") && strcmp(terms, "contact") &&
        ((terms_days = strtol(terms, &end, 10)) < 0 || terms_days > 3650 || end == terms || *end))
        return cli_errorf("bad --payment-terms '%s' (days from 0 to 3650, contact or default)", terms);
    tk_err err = { "" };
    char *created = NULL;
    if (create_contact && cli_zoho_create_contact(app, pos[0], email, &created, &err))
        return cli_error(&err);
    if (created)
        zoho = created;
    int64_t round_s = 0, minimum_s = 0;
    round_mode rm = ROUND_UP;
    /* "default" puts a setting back to the config's. */
    if (round && strcmp(round, "default") && dur_parse(round, &round_s, &err))
        return cli_error(&err);
    if (minimum && strcmp(minimum, "default") && dur_parse(minimum, &minimum_s, &err))
        return cli_error(&err);
    if (mode && strcmp(mode, "default") && round_mode_parse(mode, &rm))
        return cli_errorf("bad round mode '%s' (expected up, nearest, down or none)", mode);
    if (currency && !currency_valid(currency))
        return cli_errorf("bad currency '%s' (expected an ISO 4217 code such as EUR)", currency);
    if (name && !*name)
        return cli_errorf("the client's name cannot be empty");
    if (cli_check_text("client's name", name, &err) ||
        cli_check_text("Zoho customer id", zoho, &err))
        return cli_error(&err);
    if (store_begin(app->st, &err))
        return cli_error(&err);
    tk_client c = { 0 };
    rc = load_client(app, pos[0], &c, &err);
    if (rc == 0 && currency)
        rc = check_currency_change(app, &c, currency, &err);
    if (rc == 0) {
        if (name)
            free(c.name), c.name = xstrdup(name);
        if (currency)
            free(c.currency), c.currency = xstrdup(currency);
        if (round)
            c.has_round = strcmp(round, "default") != 0, c.rounding.increment = round_s;
        if (minimum)
            c.has_minimum = strcmp(minimum, "default") != 0, c.rounding.minimum = minimum_s;
        if (mode)
            c.has_round_mode = strcmp(mode, "default") != 0, c.rounding.mode = rm;
        if (zoho)
            free(c.zoho_customer_id), c.zoho_customer_id = *zoho ? xstrdup(zoho) : NULL;
        if (billable || non_billable)
            c.billable = billable;
        if (unarchive)
            c.archived = false;
        rc = store_client_update(app->st, &c, &err);
    }
    if (rc == 0 && terms)
        rc = store_client_terms_put(app->st, c.id, strcmp(terms, "default") != 0,
                                    strcmp(terms, "contact") ? terms_days : -1, &err);
    if (rc == 0)
        rc = store_audit(app->st, app->user_id, tk_now(), "set", "client", c.id, c.key, &err);
    tk_client_clear(&c);
    rc = finish(app, rc, &err);
    if (rc == EXIT_OK && created)
        printf("created Zoho contact %s and pinned it to client %s\n", created, pos[0]);
    else if (rc == EXIT_OK)
        printf("updated client %s\n", pos[0]);
    free(created);
    return rc;
}

int cmd_project_add(tk_app *app, int argc, char **argv)
{
    const char *name = NULL, *fixed = NULL, *budget = NULL;
    bool non_billable = false;
    char *pos[1];
    int npos;
    cli_opt opts[] = { { "name", 'n', &name, NULL }, { "fixed", 0, &fixed, NULL },
                       { "budget-hours", 0, &budget, NULL },
                       { "non-billable", 0, NULL, &non_billable }, { 0 } };
    int rc = cli_parse("project add", argc, argv, opts, pos, 1, 1, &npos, NULL, NULL);
    if (rc)
        return rc;
    tk_err err = { "" };
    char *ckey, *pkey;
    if (app_split_spec(pos[0], &ckey, &pkey, &err))
        return cli_error(&err);
    if (!pkey) {
        free(ckey);
        return cli_errorf("expected CLIENT/PROJECT, got '%s'", pos[0]);
    }
    int64_t budget_s = -1, fixed_minor = -1;
    if (cli_check_text("project's name", name, &err) ||
        (budget && dur_parse(budget, &budget_s, &err))) {
        free(ckey), free(pkey);
        return cli_error(&err);
    }
    if (store_begin(app->st, &err)) {
        free(ckey), free(pkey);
        return cli_error(&err);
    }
    tk_client c = { 0 };
    tk_project existing;
    rc = load_client(app, ckey, &c, &err);
    if (rc == 0 && fixed && money_parse(fixed, currency_exponent(c.currency), &fixed_minor, &err))
        rc = -1;
    if (rc == 0) {
        int found = store_project_get(app->st, c.id, pkey, &existing, &err);
        if (found == 1) {
            tk_project_clear(&existing);
            rc = tk_fail(&err, "project '%s/%s' already exists", ckey, pkey);
        } else if (found < 0) {
            rc = -1;
        }
    }
    tk_project p = { .client_id = c.id, .key = pkey, .name = (char *)(name && *name ? name : pkey),
                     .billable = !non_billable, .fixed_minor = fixed_minor,
                     .budget_seconds = budget_s };
    if (rc == 0)
        rc = store_project_insert(app->st, &p, tk_now(), &err);
    if (rc == 0)
        rc = store_audit(app->st, app->user_id, tk_now(), "add", "project", p.id, pos[0], &err);
    tk_client_clear(&c);
    rc = finish(app, rc, &err);
    if (rc == EXIT_OK)
        printf("added project %s/%s\n", ckey, pkey);
    free(ckey);
    free(pkey);
    return rc;
}

int cmd_project_archive(tk_app *app, int argc, char **argv)
{
    char *pos[1];
    int npos;
    cli_opt opts[] = { { 0 } };
    int rc = cli_parse("project archive", argc, argv, opts, pos, 1, 1, &npos, NULL, NULL);
    if (rc)
        return rc;
    tk_err err = { "" };
    tk_client c;
    tk_project p;
    if (app_resolve(app, pos[0], &c, &p, &err))
        return cli_error(&err);
    if (!p.id) {
        tk_client_clear(&c);
        return cli_errorf("expected CLIENT/PROJECT, got '%s'", pos[0]);
    }
    rc = store_begin(app->st, &err);
    if (rc == 0) {
        p.archived = true;
        rc = store_project_update(app->st, &p, &err);
    }
    if (rc == 0)
        rc = store_audit(app->st, app->user_id, tk_now(), "archive", "project", p.id, pos[0], &err);
    tk_client_clear(&c);
    tk_project_clear(&p);
    rc = finish(app, rc, &err);
    if (rc == EXIT_OK)
        printf("archived project %s\n", pos[0]);
    return rc;
}
