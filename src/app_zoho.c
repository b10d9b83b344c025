/* app_zoho.c — tock's [zoho] settings as the Zoho client takes them (the one place they are
 * mapped), where the secrets come from, and which Zoho contact a client is billed as. */
#include "app.h"
#include "app_tax.h"
#include "zoho.h"
#include "app_invoice.h"
#include "app_zoho.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "money.h"
#include "secret_file.h"

static bool set(const char *s)
{
    return s && *s;
}

/* Where a secret is configured to come from (not the environment): at most one place. */
static int secret_source(const char *setting, const char *value, const char *command,
                         const char *file, tk_err *err)
{
    const char *names[3];
    size_t n = 0;
    if (set(value))
        names[n++] = "";
    if (set(command))
        names[n++] = "_command";
    if (set(file))
        names[n++] = "_file";
    if (n < 2)
        return 0;
    if (n == 2)
        return tk_fail(err, "zoho.%s%s and zoho.%s%s are both set; keep one", setting, names[0],
                       setting, names[1]);
    return tk_fail(err, "zoho.%s, zoho.%s_command and zoho.%s_file are all set; keep one",
                   setting, setting, setting);
}

/* One secret: the environment, else the config's value, else its command's first line, else
 * its file's (file: NULL for a secret that has none). */
static int load_secret(const char *setting, const char *env, const char *value,
                       const char *command, const char *file, char **out, const char **from,
                       tk_err *err)
{
    const char *e = getenv(env);
    *out = NULL;
    *from = NULL;
    if (set(e)) {
        *out = xstrdup(e);
        *from = env;
        return 0;
    }
    if (secret_source(setting, value, command, file, err))
        return -1;
    if (set(file)) {
        tk_err why = { "" };
        bool exists = false;
        char *path = secret_file_path(file, &why);
        if (path && !secret_file_check(path, &exists, &why) && !exists)
            tk_fail(&why, "%s does not exist yet: run tock zoho connect", path);
        if (!path || !exists || secret_file_read(path, out, &why)) {
            free(path);
            return tk_fail(err, "zoho.%s_file: %s", setting, why.msg);
        }
        free(path);
        *from = "zoho.refresh_token_file";
        return 0;
    }
    if (set(value)) {
        *out = xstrdup(value);
        *from = "the config file";
        return 0;
    }
    if (set(command)) {
        tk_err why = { "" };
        if (zoho_secret_from_command(command, out, &why))
            return tk_fail(err, "zoho.%s_command: %s", setting, why.msg);
        *from = setting[0] == 'c' ? "zoho.client_secret_command" : "zoho.refresh_token_command";
        return 0;
    }
    return tk_fail(err, "zoho.%s is not set (in the config file, zoho.%s_command%s, or %s)",
                   setting, setting, file ? ", zoho.refresh_token_file" : "", env);
}

/* Zero in the config means "none"; in the client's settings zero means "the default". */
static long none_is_negative(long v)
{
    return v == 0 ? -1 : v;
}

static void map_settings(const tk_zoho_config *zc, app_zoho *z, bool verbose)
{
    struct zoho_settings *s = &z->s;
    memset(s, 0, sizeof *s);
    s->region = zc->region;
    s->accounts_url = zc->accounts_url;
    s->api_url = zc->api_url;
    s->organization_id = zc->organization_id;
    s->client_id = zc->client_id;
    s->client_secret = z->client_secret;
    s->refresh_token = z->refresh_token;
    s->timeout_seconds = zc->timeout_seconds;
    s->max_retries = (int)none_is_negative(zc->max_retries);
    s->max_backoff_seconds = none_is_negative(zc->max_backoff_seconds);
    s->token_cache_path = z->token_cache;
    s->verbose = verbose;
    s->trace = verbose ? stderr : NULL;
    s->notices = stderr;
}

static bool zoho_set_up(const tk_zoho_config *zc)
{
    return set(zc->organization_id) || set(zc->client_id) || set(zc->client_secret) ||
           set(zc->client_secret_command) || set(zc->refresh_token) ||
           set(zc->refresh_token_command) || set(zc->refresh_token_file) ||
           set(getenv("TOCK_ZOHO_CLIENT_SECRET")) || set(getenv("TOCK_ZOHO_REFRESH_TOKEN"));
}

/* Opens the client; grant: for the authorization-code grant, without a refresh token. */
static int open_client(tk_app *app, bool verbose, bool grant, app_zoho *z, tk_err *err)
{
    const tk_zoho_config *zc = &app->cfg.zoho;
    memset(z, 0, sizeof *z);
    if (!zoho_set_up(zc)) {
        char *dir = app->cfg.path ? NULL : config_xdg_dir("CONFIG");
        tk_fail(err, "Zoho is not set up: add a [zoho] section to %s%s (see tock(1), CONFIGURATION)",
                dir ? dir : app->cfg.path, dir ? "/config.ini" : "");
        free(dir);
        return -1;
    }
    /* From the first secret read to app_zoho_close, no core dump can hold one. */
    zoho_secret_guard(true);
    z->guarded = true;
    if (load_secret("client_secret", "TOCK_ZOHO_CLIENT_SECRET", zc->client_secret,
                    zc->client_secret_command, NULL, &z->client_secret, &z->client_secret_from,
                    err) ||
        (!grant && load_secret("refresh_token", "TOCK_ZOHO_REFRESH_TOKEN", zc->refresh_token,
                               zc->refresh_token_command, zc->refresh_token_file,
                               &z->refresh_token, &z->refresh_token_from, err)))
        return -1;
    char *dir = config_xdg_dir("STATE");
    if (!dir)
        return tk_fail(err, "%s", CONFIG_NO_HOME);
    z->token_cache = xasprintf("%s/zoho-token.json", dir);
    free(dir);
    map_settings(zc, z, verbose);
    z->s.no_refresh_token = grant;
    z->zc = zoho_open(&z->s, err);
    if (!z->zc) {
        app_zoho_hint(z, err);
        return -1;
    }
    return 0;
}

int app_zoho_open(tk_app *app, bool verbose, app_zoho *z, tk_err *err)
{
    return open_client(app, verbose, false, z, err);
}

int app_zoho_open_grant(tk_app *app, bool verbose, app_zoho *z, tk_err *err)
{
    return open_client(app, verbose, true, z, err);
}

void app_zoho_close(app_zoho *z)
{
    if (z->zc)
        zoho_close(z->zc);
    zoho_secret_free(z->client_secret);
    zoho_secret_free(z->refresh_token);
    free(z->token_cache);
    if (z->guarded)
        zoho_secret_guard(false);
    memset(z, 0, sizeof *z);
}

void app_zoho_hint(const app_zoho *z, tk_err *err)
{
    const struct { const char *setting, *from; } s[] = {
        { "zoho.client_secret", z->client_secret_from },
        { "zoho.refresh_token", z->refresh_token_from },
    };
    for (size_t i = 0; i < TK_ARRAY_LEN(s); i++) {
        size_t len = strlen(err->msg);
        if (s[i].from && strcmp(s[i].from, "the config file") && strstr(err->msg, s[i].setting) &&
            len + 40 < sizeof err->msg)
            snprintf(err->msg + len, sizeof err->msg - len, " (%s came from %s)", s[i].setting,
                     s[i].from);
    }
}

/* ---- the customer ---- */

void app_customer_clear(app_customer *cu)
{
    free(cu->id);
    free(cu->name);
    memset(cu, 0, sizeof *cu);
}

static void candidates(const struct zoho_contact_list *l, strbuf *sb)
{
    for (size_t i = 0; i < l->len && i < 5; i++) {
        const struct zoho_contact *k = &l->items[i];
        sb_addf(sb, "%s%s (%s", i ? ", " : "", k->contact_id ? k->contact_id : "?",
                k->contact_name ? k->contact_name : "");
        if (k->email && *k->email)
            sb_addf(sb, ", %s", k->email);
        if (k->currency_code)
            sb_addf(sb, ", %s", k->currency_code);
        sb_add(sb, ")");
    }
    if (l->len > 5 || l->more)
        sb_add(sb, ", …");
}

int app_zoho_customer(app_zoho *z, const tk_client *c, app_customer *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    if (c->zoho_customer_id && *c->zoho_customer_id) {
        out->id = xstrdup(c->zoho_customer_id);
        out->name = xstrdup(c->name);
        out->pinned = true;
        return 0;
    }
    struct zoho_contact_list l;
    if (zoho_find_contacts(z->zc, c->name, &l, err) != ZOHO_OK) {
        app_zoho_hint(z, err);
        return -1;
    }
    const struct zoho_contact *hit = NULL;
    size_t exact = 0;
    for (size_t i = 0; i < l.len; i++)
        if (tk_streq(l.items[i].contact_name, c->name) && l.items[i].contact_id) {
            hit = &l.items[i];
            exact++;
        }
    strbuf sb = { 0 };
    candidates(&l, &sb);
    int rc = 0;
    if (l.len == 0) {
        rc = tk_fail(err, "no Zoho contact is named '%s'; create it in Zoho Invoice, or pin one "
                     "with: tock client set %s --zoho-customer-id ID", c->name, c->key);
    } else if (exact == 0) {
        rc = tk_fail(err, "no Zoho contact is named exactly '%s' (similar: %s); pin one with: "
                     "tock client set %s --zoho-customer-id ID", c->name, sb_str(&sb), c->key);
    } else if (exact > 1 || l.more) {
        rc = tk_fail(err, "%zu%s Zoho contacts are named '%s' (%s); pin one with: tock client "
                     "set %s --zoho-customer-id ID", exact, l.more ? "+" : "", c->name,
                     sb_str(&sb), c->key);
    } else if (hit->currency_code && *hit->currency_code && strcmp(hit->currency_code, c->currency)) {
        rc = tk_fail(err, "the Zoho contact '%s' (%s) bills in %s, but %s's currency is %s",
                     c->name, hit->contact_id, hit->currency_code, c->key, c->currency);
    } else {
        out->id = xstrdup(hit->contact_id);
        out->name = xstrdup(hit->contact_name);
    }
    sb_free(&sb);
    zoho_contact_list_free(&l);
    return rc;
}

/* ---- checks before the first create ---- */

/* Decimal text ("150.000000", "-3.5") as an integer of `scale` decimals, rounded half up
 * (away from zero). 0, or -1 when it is not a plain decimal or too large. */
static int dec_scaled(const char *s, int scale, int64_t *out)
{
    bool neg = *s == '-';
    s += neg;
    int64_t v = 0;
    int frac = -1, round_digit = 0;
    if (!(*s >= '0' && *s <= '9'))
        return -1;
    for (; *s; s++) {
        if (*s == '.' && frac < 0) {
            frac = 0;
            continue;
        }
        if (*s < '0' || *s > '9' || v > INT64_C(100000000000000000))
            return -1;
        if (frac >= scale) {
            if (frac == scale)
                round_digit = *s - '0';
            frac++;
            continue;
        }
        v = v * 10 + (*s - '0');
        if (frac >= 0)
            frac++;
    }
    for (int f = frac < 0 ? 0 : frac; f < scale; f++)
        v *= 10;
    v += round_digit >= 5;
    *out = neg ? -v : v;
    return 0;
}

static int64_t pow10i(int n)
{
    int64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

int app_zoho_total(const char *payload, int precision, int exponent, int64_t *total, tk_err *err)
{
    json_val *doc = json_parse(payload, strlen(payload), err);
    const json_val *items = json_get(doc, "line_items");
    int64_t sum = 0;   /* in units of 10^-precision */
    int rc = doc ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < json_len(items); i++) {
        char rate_s[64], qty_s[64];
        int64_t rate, qty;
        const json_val *li = json_at(items, i);
        if (json_decimal(json_get(li, "rate"), 6, rate_s, sizeof rate_s) ||
            json_decimal(json_get(li, "quantity"), 6, qty_s, sizeof qty_s) ||
            dec_scaled(rate_s, precision, &rate) || dec_scaled(qty_s, 4, &qty) ||
            (rate && qty > INT64_MAX / 2 / (rate < 0 ? -rate : rate))) {
            rc = tk_fail(err, "the request for Zoho has an unreadable line %zu", i + 1);
            break;
        }
        /* item_total = rate (at the organization's precision) × quantity, to that precision */
        int64_t item = rate * qty;
        sum += (item + (item >= 0 ? 5000 : -5000)) / 10000;
    }
    json_free(doc);
    if (rc)
        return -1;
    if (precision <= exponent)
        *total = sum * pow10i(exponent - precision);
    else {
        int64_t d = pow10i(precision - exponent);
        *total = (sum + (sum >= 0 ? d / 2 : -d / 2)) / d;
    }
    return 0;
}

static void org_clear(struct zoho_org *o)
{
    free(o->organization_id);
    free(o->name);
    free(o->currency_code);
    memset(o, 0, sizeof *o);
}

int app_zoho_precheck(app_zoho *z, const app_draft *d, const app_customer *cu,
                      const char *payload, tk_err *err)
{
    struct zoho_org org = { 0 };
    struct zoho_contact ct = { 0 };
    const char *cur = d->client.currency;
    if (app_tax_zoho_ready(d, err) || app_tax_zoho_check(z, d, err))
        return -1;
    if (zoho_get_organization(z->zc, &org, err) != ZOHO_OK ||
        zoho_get_contact(z->zc, cu->id, &ct, err) != ZOHO_OK) {
        org_clear(&org);
        zoho_contact_clear(&ct);
        app_zoho_hint(z, err);
        return -1;
    }
    const char *zcur = ct.currency_code && *ct.currency_code ? ct.currency_code : org.currency_code;
    int rc = 0;
    int exp = currency_exponent(cur);
    int64_t ztotal;
    char a[32], b[32];
    if (ct.status && strcmp(ct.status, "active"))
        rc = tk_fail(err, "the Zoho contact %s (%s) is %s: make it active in Zoho, or pin another "
                     "with: tock client set %s --zoho-customer-id ID", cu->id,
                     ct.contact_name ? ct.contact_name : "", ct.status, d->client.key);
    else if (zcur && strcmp(zcur, cur))
        rc = tk_fail(err, "the Zoho contact %s (%s) bills in %s, but %s's currency is %s: Zoho "
                     "would invoice in %s; pin a contact in %s with: tock client set %s "
                     "--zoho-customer-id ID", cu->id, ct.contact_name ? ct.contact_name : "", zcur,
                     d->client.key, cur, zcur, cur, d->client.key);
    else if (org.price_precision >= 0 &&
             app_zoho_total(payload, org.price_precision, exp, &ztotal, err))
        rc = -1;
    else if (org.price_precision >= 0 && ztotal != d->inv.total_minor)
        rc = tk_fail(err, "Zoho keeps %d decimal%s of a price, so its total would be %s %s, not "
                     "tock's %s %s: set the organization's price precision to %d in Zoho",
                     org.price_precision, org.price_precision == 1 ? "" : "s",
                     money_format(ztotal, exp, a), cur, money_format(d->inv.total_minor, exp, b),
                     cur, exp);
    org_clear(&org);
    zoho_contact_clear(&ct);
    return rc;
}

/* ---- a new contact ---- */

int app_zoho_create_contact(app_zoho *z, const tk_client *c, const char *email, char **id,
                            tk_err *err)
{
    struct zoho_contact_list l;
    *id = NULL;
    if (zoho_find_contacts(z->zc, c->name, &l, err) != ZOHO_OK) {
        app_zoho_hint(z, err);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < l.len; i++)
        if (tk_streq(l.items[i].contact_name, c->name))
            rc = tk_fail(err, "Zoho already has a contact named '%s' (%s); pin it with: tock "
                         "client set %s --zoho-customer-id %s", c->name, l.items[i].contact_id,
                         c->key, l.items[i].contact_id);
    zoho_contact_list_free(&l);
    char *currency = NULL;
    if (rc == 0 && zoho_currency_id(z->zc, c->currency, &currency, err) != ZOHO_OK) {
        app_zoho_hint(z, err);
        rc = -1;
    } else if (rc == 0 && !currency) {
        rc = tk_fail(err, "the Zoho organization has no currency %s: add it in Zoho (Settings, "
                     "Currencies) first", c->currency);
    }
    if (rc)
        return -1;
    strbuf sb = { 0 };
    jw w;
    jw_init(&w, &sb);
    jw_obj(&w);
    jw_kstr(&w, "contact_name", c->name);
    jw_kstr(&w, "company_name", c->name);
    jw_kstr(&w, "currency_id", currency);
    if (email && *email) {
        jw_key(&w, "contact_persons");
        jw_arr(&w);
        jw_obj(&w);
        jw_kstr(&w, "email", email);
        jw_kbool(&w, "is_primary_contact", true);
        jw_end_obj(&w);
        jw_end_arr(&w);
    }
    jw_end_obj(&w);
    struct zoho_contact ct;
    if (zoho_create_contact(z->zc, sb_str(&sb), &ct, err) != ZOHO_OK) {
        app_zoho_hint(z, err);
        rc = -1;
    } else {
        *id = xstrdup(ct.contact_id);
    }
    zoho_contact_clear(&ct);
    sb_free(&sb);
    free(currency);
    return rc;
}
