/* app_tax.c — taxes and tax rules: the commands' transactions and what a draft applies. */
#include "app.h"
#include "zoho.h"
#include "app_invoice.h"
#include "app_zoho.h"
#include "app_audit.h"
#include "app_team.h"
#include "clock.h"
#include "app_tax.h"
#include "store_tax.h"

#include <stdlib.h>
#include <string.h>

static void tax_copy(tk_inv_tax *dst, const tk_tax *t, const char *exemption)
{
    memset(dst, 0, sizeof *dst);
    dst->name = xstrdup(t ? t->name : "exempt");
    dst->percent_milli = t ? t->percent_milli : 0;
    dst->zoho_tax_id = t && t->zoho_tax_id ? xstrdup(t->zoho_tax_id) : NULL;
    dst->exemption = !t && exemption ? xstrdup(exemption) : NULL;
}

static int keep_rule(int64_t project_id, const tk_tax *t, const char *exemption, void *p)
{
    app_taxes *a = p;
    a->taxes = xrealloc(a->taxes, (a->n + 1) * sizeof *a->taxes);
    tax_copy(&a->taxes[a->n++], t, exemption);
    if (project_id == 0) {
        a->client_tax = (int)a->n;
        return 0;
    }
    a->projects = xrealloc(a->projects, (a->nprojects + 1) * sizeof *a->projects);
    a->project_tax = xrealloc(a->project_tax, (a->nprojects + 1) * sizeof *a->project_tax);
    a->projects[a->nprojects] = project_id;
    a->project_tax[a->nprojects++] = (int)a->n;
    return 0;
}

int app_taxes_load(tk_app *app, int64_t client_id, app_taxes *out, tk_err *err)
{
    memset(out, 0, sizeof *out);
    if (store_tax_rule_each(app->st, client_id, keep_rule, out, err) < 0) {
        app_taxes_free(out);
        return -1;
    }
    return 0;
}

int app_taxes_for(const app_taxes *t, int64_t project_id)
{
    for (size_t i = 0; project_id && i < t->nprojects; i++)
        if (t->projects[i] == project_id)
            return t->project_tax[i];
    return t->client_tax;
}

void app_taxes_free(app_taxes *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free((char *)t->taxes[i].name);
        free((char *)t->taxes[i].zoho_tax_id);
        free((char *)t->taxes[i].exemption);
    }
    free(t->taxes);
    free(t->projects);
    free(t->project_tax);
    memset(t, 0, sizeof *t);
}

/* A tax's name: letters, digits, '-', '_' and '.', 1 to 32 of them. */
static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32 || !strcmp(s, "exempt"))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

/* Zoho's ids are digits. */
static bool zoho_id_ok(const char *s)
{
    if (!*s || strlen(s) > 32)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

int app_tax_put(tk_app *app, const char *name, const char *percent, const char *zoho_id,
                tk_err *err)
{
    tk_tax t = { .name = name, .zoho_tax_id = zoho_id };
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (!name_ok(name))
        return tk_fail(err, "bad tax name '%s' (letters, digits, '-', '_' or '.', at most 32; "
                       "'exempt' is taken)", name);
    if (!percent)
        return tk_fail(err, "tock tax add: --percent is required");
    if (tax_parse_percent(percent, &t.percent_milli, err))
        return -1;
    if (zoho_id && !zoho_id_ok(zoho_id))
        return tk_fail(err, "bad Zoho tax id '%s' (Zoho's ids are digits: see tock zoho taxes)",
                       zoho_id);
    if (app_change_begin(app, err))
        return -1;
    char *before = app_audit_snap(app, "tax", 0, name);
    int rc = store_tax_put(app->st, &t, clock_now(), err);
    return app_audit_change_end(app, rc, "set", "tax", t.id, name, before, err);
}

struct find_tax {
    const char *name;
    int64_t id;
};

static int match_tax(const tk_tax *t, void *p)
{
    struct find_tax *f = p;
    if (strcmp(t->name, f->name))
        return 0;
    f->id = t->id;
    return 1;
}

int app_tax_rule_set(tk_app *app, const char *spec, const char *tax, const char *exempt,
                     char **key, tk_err *err)
{
    tk_client c;
    tk_project p;
    *key = NULL;
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (!!tax + !!exempt > 1)
        return tk_fail(err, "give a tax, --exempt ID or --none, one of them");
    if (exempt && !zoho_id_ok(exempt))
        return tk_fail(err, "bad exemption id '%s' (Zoho's tax exemption ids are digits)", exempt);
    struct find_tax f = { tax, 0 };
    if (tax) {
        int found = store_tax_each(app->st, match_tax, &f, err);
        if (found < 0)
            return -1;
        if (!found)
            return tk_fail(err, "no tax '%s' (add it with: tock tax add %s --percent P "
                           "--zoho-id ID)", tax, tax);
    }
    if (app_resolve(app, spec, &c, &p, err))
        return -1;
    int rc = app_change_begin(app, err);
    if (rc == 0) {
        char *before = app_audit_snap(app, "tax rule", c.id, NULL);
        rc = store_tax_rule_set(app->st, c.id, p.id, f.id, exempt, err);
        rc = app_audit_change_end(app, rc, "set", "tax rule", c.id, NULL, before, err);
    }
    if (rc == 0)
        *key = p.id ? xasprintf("%s/%s", c.key, p.key) : xstrdup(c.key);
    tk_client_clear(&c);
    tk_project_clear(&p);
    return rc;
}

struct each_tax {
    int (*fn)(const tk_inv_tax *t, void *ctx);
    void *ctx;
};

static int pass_tax(const tk_tax *t, void *p)
{
    struct each_tax *e = p;
    tk_inv_tax v = { t->name, t->percent_milli, t->zoho_tax_id, NULL };
    return e->fn(&v, e->ctx);
}

int app_tax_each(tk_app *app, int (*fn)(const tk_inv_tax *t, void *ctx), void *ctx, tk_err *err)
{
    struct each_tax e = { fn, ctx };
    return store_tax_each(app->st, pass_tax, &e, err);
}

int app_tax_zoho_ready(const app_draft *d, tk_err *err)
{
    for (size_t i = 0; i < d->inv.nlines; i++) {
        int t = d->inv.lines[i].tax;
        if (t <= 0 || (size_t)t > d->taxes.n)
            continue;
        const tk_inv_tax *x = &d->taxes.taxes[t - 1];
        if (!x->exemption && !x->zoho_tax_id)
            return tk_fail(err, "tax '%s' has no Zoho tax id, so Zoho would not charge it: "
                           "tock tax add %s --percent P --zoho-id ID (see tock zoho taxes)",
                           x->name, x->name);
    }
    return 0;
}

/* Each Zoho tax the draft's lines name exists in Zoho at tock's percentage, so that Zoho's
 * tax is tock's. */
int app_tax_zoho_check(app_zoho *z, const app_draft *d, tk_err *err)
{
    struct zoho_tax_list l;
    bool needed = false;
    for (size_t i = 0; i < d->inv.nlines; i++)
        needed = needed || (d->inv.lines[i].tax > 0 &&
                            d->taxes.taxes[d->inv.lines[i].tax - 1].zoho_tax_id);
    if (!needed)
        return 0;
    if (zoho_list_taxes(z->zc, &l, err) != ZOHO_OK) {
        app_zoho_hint(z, err);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < d->taxes.n; i++) {
        const tk_inv_tax *t = &d->taxes.taxes[i];
        const struct zoho_tax *found = NULL;
        int32_t milli;
        tk_err ignore;
        if (!t->zoho_tax_id)
            continue;
        for (size_t j = 0; j < l.len && !found; j++)
            if (tk_streq(l.items[j].tax_id, t->zoho_tax_id))
                found = &l.items[j];
        char p[16];
        if (!found)
            rc = tk_fail(err, "Zoho has no tax %s (tock's tax %s): see tock zoho taxes",
                         t->zoho_tax_id, t->name);
        else if (!found->percent || tax_parse_percent(found->percent, &milli, &ignore) ||
                 milli != t->percent_milli)
            rc = tk_fail(err, "Zoho's tax %s (%s) is %s %%, tock's tax %s %s %%: Zoho would "
                         "charge another tax; fix one of them (tock tax add %s --percent P)",
                         t->zoho_tax_id, found->tax_name ? found->tax_name : "",
                         found->percent ? found->percent : "?", t->name,
                         tax_format_percent(t->percent_milli, p), t->name);
    }
    zoho_tax_list_free(&l);
    return rc;
}

int app_tax_from_contact(tk_app *app, const char *spec, bool verbose, char **key, char **said,
                         tk_err *err)
{
    tk_client c;
    tk_project p;
    app_zoho z;
    app_customer cu = { 0 };
    struct zoho_contact ct = { 0 };
    *key = *said = NULL;
    if (app_team_may(app, TEAM_CATALOG, 0, 0, err))
        return -1;
    if (app_resolve(app, spec, &c, &p, err))
        return -1;
    int rc = app_zoho_open(app, verbose, &z, err);
    if (rc == 0)
        rc = app_zoho_customer(&z, &c, &cu, err);
    if (rc == 0 && zoho_get_contact(z.zc, cu.id, &ct, err) != ZOHO_OK) {
        app_zoho_hint(&z, err);
        rc = -1;
    }
    app_zoho_close(&z);
    int32_t milli = 0;
    if (rc == 0 && !ct.tax_id)
        rc = tk_fail(err, "the Zoho contact %s (%s) has no default tax: name one with tock tax "
                     "add and tock tax set", cu.id, ct.contact_name ? ct.contact_name : "");
    else if (rc == 0 && (!ct.tax_percentage || tax_parse_percent(ct.tax_percentage, &milli, err)))
        rc = tk_fail(err, "the Zoho contact %s's default tax %s has no readable percentage",
                     cu.id, ct.tax_id);
    char *name = rc == 0 ? xasprintf("zoho-%s", ct.tax_id) : NULL;
    tk_tax t = { .name = name, .percent_milli = milli, .zoho_tax_id = ct.tax_id };
    if (rc == 0 && !(rc = app_change_begin(app, err))) {
        /* Two changes, two records: the contact's tax as a tock tax, and the rule naming it. */
        char *before = app_audit_snap(app, "tax", 0, name);
        rc = store_tax_put(app->st, &t, clock_now(), err);
        rc = app_audit_after(app, rc, "set", "tax", t.id, name, before, err);
        before = rc ? NULL : app_audit_snap(app, "tax rule", c.id, NULL);
        if (rc == 0)
            rc = store_tax_rule_set(app->st, c.id, p.id, t.id, NULL, err);
        rc = app_audit_change_end(app, rc, "set", "tax rule", c.id, NULL, before, err);
    }
    if (rc == 0) {
        char pct[16];
        *key = p.id ? xasprintf("%s/%s", c.key, p.key) : xstrdup(c.key);
        *said = xasprintf("%s (%s, %s %%)", name, ct.tax_name ? ct.tax_name : "",
                          tax_format_percent(milli, pct));
    }
    free(name);
    zoho_contact_clear(&ct);
    app_customer_clear(&cu);
    tk_client_clear(&c);
    tk_project_clear(&p);
    return rc;
}
