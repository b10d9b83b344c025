/* cli_tax.c — tock tax add|list|set, and an invoice's net, tax and gross in the preview. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "money.h"
#include "text.h"
#include "app_invoice.h"
#include "app_zoho.h"
#include "invoice.h"
#include "app_tax.h"
#include "zoho.h"

int cmd_tax_add(tk_app *app, const cli_args *args)
{
    const char *percent = cli_args_get(args, "percent"),
               *zoho_id = cli_args_get(args, "zoho-id");
    char *const *pos = args->pos;
    tk_err err = { "" };
    if (app_tax_put(app, pos[0], percent, zoho_id, &err))
        return cli_error(&err);
    int32_t milli = 0;
    char p[16];
    tax_parse_percent(percent, &milli, &err);
    printf("tax %s: %s %%%s%s\n", pos[0], tax_format_percent(milli, p),
           zoho_id ? ", Zoho tax " : " (no Zoho tax id yet)", zoho_id ? zoho_id : "");
    return EXIT_OK;
}

struct tax_list {
    jw w;
    bool json;
    int n;
};

static int list_tax(const tk_inv_tax *t, void *ctx)
{
    struct tax_list *l = ctx;
    char p[16];
    l->n++;
    if (!l->json) {
        printf("%-16s %8s %%  %s\n", t->name, tax_format_percent(t->percent_milli, p),
               t->zoho_tax_id ? t->zoho_tax_id : "(no Zoho tax id)");
        return 0;
    }
    jw_obj(&l->w);
    jw_kstr(&l->w, "name", t->name);
    jw_key(&l->w, "percent");
    jw_raw(&l->w, tax_format_percent(t->percent_milli, p));
    jw_kstr(&l->w, "zoho_tax_id", t->zoho_tax_id);
    jw_end_obj(&l->w);
    return 0;
}

int cmd_tax_list(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    int rc = 0;
    tk_err err = { "" };
    strbuf sb = { 0 };
    struct tax_list l = { .json = json };
    jw_init(&l.w, &sb);
    if (json)
        jw_arr(&l.w);
    rc = app_tax_each(app, list_tax, &l, &err) < 0 ? -1 : 0;
    if (rc == 0 && json) {
        jw_end_arr(&l.w);
        cli_print_json(&sb);
    } else if (rc == 0 && !l.n) {
        printf("no taxes (add one with: tock tax add NAME --percent P --zoho-id ID)\n");
    }
    sb_free(&sb);
    return rc ? cli_error(&err) : EXIT_OK;
}

int cmd_tax_set(tk_app *app, const cli_args *args)
{
    const char *exempt = cli_args_get(args, "exempt");
    bool none = cli_args_has(args, "none"),
         contact = cli_args_has(args, "contact-default"),
         verbose = cli_args_has(args, "verbose");
    char *const *pos = args->pos;
    int npos = args->npos;
    const char *tax = npos == 2 ? pos[1] : NULL;
    if (!!tax + !!exempt + none + contact != 1) {
        fprintf(stderr, "tock tax set: give one of TAX, --exempt ID, --contact-default or --none\n");
        return EXIT_USAGE;
    }
    tk_err err = { "" };
    char *key, *said;
    if (contact) {
        if (app_tax_from_contact(app, pos[0], verbose, &key, &said, &err))
            return cli_error(&err);
        printf("%s: tax %s, its Zoho contact's default\n", key, said);
        free(key);
        free(said);
        return EXIT_OK;
    }
    if (app_tax_rule_set(app, pos[0], tax, exempt, &key, &err))
        return cli_error(&err);
    if (tax)
        printf("%s: tax %s\n", key, tax);
    else if (exempt)
        printf("%s: tax-exempt (Zoho exemption %s)\n", key, exempt);
    else
        printf("%s: no tax of its own\n", key);
    free(key);
    return EXIT_OK;
}

/* ---- the preview ---- */

static const tk_inv_tax *tax_at(const app_draft *dr, int t)
{
    return t > 0 && (size_t)t <= dr->taxes.n ? &dr->taxes.taxes[t - 1] : NULL;
}

void cli_tax_line_json(jw *w, const app_draft *dr, const tk_inv_line *l)
{
    const tk_inv_tax *t = tax_at(dr, l->tax);
    jw_kstr(w, "tax", t ? t->name : NULL);
    jw_kint(w, "tax_minor", l->tax_minor);
}

void cli_tax_json(jw *w, const app_draft *dr)
{
    char p[16];
    jw_kint(w, "net_minor", dr->inv.total_minor);
    jw_kint(w, "tax_minor", dr->inv.tax_minor);
    jw_kint(w, "gross_minor", dr->inv.gross_minor);
    jw_key(w, "taxes");
    jw_arr(w);
    for (size_t i = 0; i < dr->taxes.n; i++) {
        const tk_inv_tax *t = &dr->taxes.taxes[i];
        int64_t net = 0, tax = 0;
        bool used = false;
        for (size_t j = 0; j < dr->inv.nlines; j++)
            if (dr->inv.lines[j].tax == (int)i + 1) {
                used = true;
                net += dr->inv.lines[j].amount_minor;
                tax += dr->inv.lines[j].tax_minor;
            }
        if (!used)
            continue;
        jw_obj(w);
        jw_kstr(w, "name", t->name);
        jw_key(w, "percent");
        jw_raw(w, tax_format_percent(t->percent_milli, p));
        jw_kstr(w, "zoho_tax_id", t->zoho_tax_id);
        jw_kstr(w, "exemption", t->exemption);
        jw_kint(w, "net_minor", net);
        jw_kint(w, "tax_minor", tax);
        jw_end_obj(w);
    }
    jw_end_arr(w);
}

/* Under the total, when some line is taxed or exempt: the tax per tax and the gross (and,
 * explaining, the rule). */
void cli_tax_text(const app_draft *dr, int desc_w, bool explain)
{
    int exp = currency_exponent(dr->client.currency);
    char m[32], p[16];
    bool any = false;
    strbuf sb = { 0 };
    for (size_t i = 0; i < dr->taxes.n; i++) {
        const tk_inv_tax *t = &dr->taxes.taxes[i];
        int64_t tax = 0;
        bool used = false;
        for (size_t j = 0; j < dr->inv.nlines; j++)
            if (dr->inv.lines[j].tax == (int)i + 1) {
                used = true;
                tax += dr->inv.lines[j].tax_minor;
            }
        if (!used)
            continue;
        any = true;
        char *label = t->exemption ? xasprintf("Tax exempt (Zoho exemption %s)", t->exemption) :
                      xasprintf("Tax %s %s %%", t->name, tax_format_percent(t->percent_milli, p));
        sb_reset(&sb);
        text_fit(&sb, label, desc_w, 1, 0);
        printf("%s %9s %12s %14s %s\n", sb_str(&sb), "", "", money_format(tax, exp, m),
               dr->client.currency);
        free(label);
    }
    if (any && explain)
        printf("%s\n", INVOICE_TAX_RULE);
    if (any) {
        sb_reset(&sb);
        text_fit(&sb, "Gross", desc_w, 1, 0);
        printf("%s %9s %12s %14s %s\n", sb_str(&sb), "", "", money_format(dr->inv.gross_minor, exp, m),
               dr->client.currency);
    }
    sb_free(&sb);
}

/* tock zoho taxes: the organization's taxes, for tock tax add … --zoho-id. */
int cmd_zoho_taxes(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json"),
         verbose = cli_args_has(args, "verbose");
    int rc = 0;
    tk_err err = { "" };
    app_zoho z;
    struct zoho_tax_list l = { 0 };
    rc = app_zoho_open(app, verbose, &z, &err);
    if (rc == 0 && zoho_list_taxes(z.zc, &l, &err) != ZOHO_OK) {
        app_zoho_hint(&z, &err);
        rc = -1;
    }
    app_zoho_close(&z);
    if (rc)
        return cli_error(&err);
    strbuf sb = { 0 };
    jw w;
    jw_init(&w, &sb);
    if (json)
        jw_arr(&w);
    for (size_t i = 0; i < l.len; i++) {
        const struct zoho_tax *t = &l.items[i];
        if (json) {
            jw_obj(&w);
            jw_kstr(&w, "tax_id", t->tax_id);
            jw_kstr(&w, "tax_name", t->tax_name);
            jw_key(&w, "tax_percentage");
            if (t->percent)
                jw_raw(&w, t->percent);
            else
                jw_null(&w);
            jw_end_obj(&w);
            continue;
        }
        sb_reset(&sb);
        sb_addf(&sb, "%-20s %8s %%  ", t->tax_id ? t->tax_id : "", t->percent ? t->percent : "?");
        text_fit(&sb, t->tax_name ? t->tax_name : "", 40, 0, 0);
        puts(sb_str(&sb));
    }
    if (json) {
        jw_end_arr(&w);
        cli_print_json(&sb);
    }
    sb_free(&sb);
    zoho_tax_list_free(&l);
    return EXIT_OK;
}
