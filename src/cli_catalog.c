/* cli_catalog.c — tock client … and tock project … */
#include "cli.h"
#include "app_catalog.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "duration.h"
#include "money.h"
#include "text.h"
#include "app_terms.h"

int cmd_client_add(tk_app *app, const cli_args *args)
{
    const char *name = cli_args_get(args, "name"),
               *currency = cli_args_get(args, "currency"),
               *rate = cli_args_get(args, "rate");
    bool non_billable = cli_args_has(args, "non-billable");
    char *const *pos = args->pos;
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
    tk_client c = { .key = (char *)key, .name = (char *)(name ? name : key),
                    .currency = (char *)currency, .billable = !non_billable };
    if (app_client_add(app, &c, rate ? &rate_minor : NULL, &err))
        return cli_error(&err);
    printf("added client %s\n", key);
    return EXIT_OK;
}

struct list_ctx {
    jw w;
    bool json;
    tk_app *app;
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

int cmd_client_list(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json"),
         all = cli_args_has(args, "all");
    strbuf sb = { 0 };
    struct list_ctx l = { .json = json };
    jw_init(&l.w, &sb);
    if (json)
        jw_arr(&l.w);
    tk_err err = { "" };
    if (app_client_each(app, all, print_client, &l, &err) < 0) {
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

int cmd_client_archive(tk_app *app, const cli_args *args)
{
    char *const *pos = args->pos;
    tk_err err = { "" };
    if (app_client_archive(app, pos[0], &err))
        return cli_error(&err);
    printf("archived client %s\n", pos[0]);
    return EXIT_OK;
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

int cmd_client_set(tk_app *app, const cli_args *args)
{
    const char *name = cli_args_get(args, "name"),
               *currency = cli_args_get(args, "currency"),
               *round = cli_args_get(args, "round"),
               *mode = cli_args_get(args, "round-mode"),
               *minimum = cli_args_get(args, "minimum"),
               *zoho = cli_args_get(args, "zoho-customer-id"),
               *email = cli_args_get(args, "email"),
               *terms = cli_args_get(args, "payment-terms");
    bool billable = cli_args_has(args, "billable"),
         non_billable = cli_args_has(args, "non-billable"),
         unarchive = cli_args_has(args, "unarchive"),
         create_contact = cli_args_has(args, "zoho-create-contact");
    app_tier_opts t = { .tier = cli_args_get(args, "tier"),
                        .cover = cli_args_get(args, "retainer"),
                        .draw = cli_args_get(args, "draw"),
                        .overage = cli_args_get(args, "overage-rate") };
    char *const *pos = args->pos;
    int rc = 0;
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
    app_client_edit ed = { .name = name, .currency = currency, .zoho_customer_id = zoho,
                           .round = round, .minimum = minimum, .mode = mode,
                           .round_seconds = round_s, .minimum_seconds = minimum_s,
                           .mode_value = rm, .billable = billable, .non_billable = non_billable,
                           .unarchive = unarchive, .terms = terms, .terms_days = terms_days };
    rc = app_client_set(app, pos[0], &ed, &err) ? cli_error(&err) : EXIT_OK;
    if (rc == EXIT_OK && created)
        printf("created Zoho contact %s and pinned it to client %s\n", created, pos[0]);
    else if (rc == EXIT_OK)
        printf("updated client %s\n", pos[0]);
    free(created);
    return rc;
}

int cmd_project_add(tk_app *app, const cli_args *args)
{
    const char *name = cli_args_get(args, "name"),
               *fixed = cli_args_get(args, "fixed"),
               *budget = cli_args_get(args, "budget-hours");
    bool non_billable = cli_args_has(args, "non-billable");
    char *const *pos = args->pos;
    int rc = 0;
    tk_err err = { "" };
    char *ckey, *pkey;
    if (app_split_spec(pos[0], &ckey, &pkey, &err))
        return cli_error(&err);
    if (!pkey) {
        free(ckey);
        return cli_errorf("expected CLIENT/PROJECT, got '%s'", pos[0]);
    }
    int64_t budget_s = -1;
    if (cli_check_text("project's name", name, &err) ||
        (budget && dur_parse(budget, &budget_s, &err))) {
        free(ckey), free(pkey);
        return cli_error(&err);
    }
    tk_project p = { .key = pkey, .name = (char *)(name && *name ? name : pkey),
                     .billable = !non_billable, .fixed_minor = -1,
                     .budget_seconds = budget_s };
    rc = app_project_add(app, ckey, &p, fixed, &err) ? cli_error(&err) : EXIT_OK;
    if (rc == EXIT_OK)
        printf("added project %s/%s\n", ckey, pkey);
    free(ckey);
    free(pkey);
    return rc;
}

int cmd_project_archive(tk_app *app, const cli_args *args)
{
    char *const *pos = args->pos;
    tk_err err = { "" };
    if (app_project_archive(app, pos[0], &err))
        return cli_error(&err);
    printf("archived project %s\n", pos[0]);
    return EXIT_OK;
}
