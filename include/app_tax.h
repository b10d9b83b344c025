/* app_tax.h — taxes on invoices (issue 13): named taxes with their percentage and Zoho's tax
 * id (tock tax add), the tax of a client or of one of its projects, or its Zoho exemption
 * (tock tax set), and what a draft's lines carry. */
#ifndef TOCK_APP_TAX_H
#define TOCK_APP_TAX_H

#include <stdbool.h>
#include <stddef.h>
#include "invoice_tax.h"

struct tk_app;
struct app_draft;

/* A client's taxes as an invoice applies them. Owns its memory. */
typedef struct app_taxes {
    tk_inv_tax *taxes;           /* what the indexes below point at (1-based) */
    size_t n;
    int client_tax;              /* the client's own (fee, included and overage lines), 0: none */
    int64_t *projects;           /* projects with a rule of their own … */
    int *project_tax;            /* … and their tax (index, 0: explicitly none never happens) */
    size_t nprojects;
} app_taxes;

int app_taxes_load(struct tk_app *app, int64_t client_id, app_taxes *out, tk_err *err);
/* The tax an entry of that project bills under: the project's rule, else the client's. */
int app_taxes_for(const app_taxes *t, int64_t project_id);
void app_taxes_free(app_taxes *t);

/* tock tax add NAME --percent P [--zoho-id ID]: adds or changes a tax (one transaction,
 * audited). */
int app_tax_put(struct tk_app *app, const char *name, const char *percent, const char *zoho_id,
                tk_err *err);
/* tock tax set CLIENT[/PROJECT] (TAX | --exempt ID | --none): *key gets "acme" or "acme/api"
 * (caller frees). */
int app_tax_rule_set(struct tk_app *app, const char *spec, const char *tax, const char *exempt,
                     char **key, tk_err *err);
/* tock tax set CLIENT[/PROJECT] --contact-default: the default tax of the client's Zoho
 * contact becomes tax "zoho-<its id>" (its percentage as Zoho states it) and the rule, so the
 * preview shows it before any push. *key and *said (the tax in words) are the caller's. */
int app_tax_from_contact(struct tk_app *app, const char *spec, bool verbose, char **key,
                         char **said, tk_err *err);
/* Every tax, by name. */
int app_tax_each(struct tk_app *app, int (*fn)(const tk_inv_tax *t, void *ctx), void *ctx,
                 tk_err *err);

/* Before a push: every taxed line's tax is known to Zoho (has a Zoho tax id). */
int app_tax_zoho_ready(const struct app_draft *d, tk_err *err);
/* … and Zoho's taxes of those ids have tock's percentages (GET /settings/taxes). */
struct app_zoho;
int app_tax_zoho_check(struct app_zoho *z, const struct app_draft *d, tk_err *err);

#endif
