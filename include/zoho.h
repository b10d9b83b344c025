/* zoho.h — a client for the Zoho Invoice API v3 (the contract: ../shared/zoho-invoice-api.md).
 *
 * One zoho_client holds the settings, an HTTP connection and the access token. Every call
 * returns a zoho_status and, unless ZOHO_OK, fills err with one line that names tock's
 * context, the HTTP status and Zoho's {code, message} when there is one, and — for
 * ZOHO_AUTH — the setting to fix. Secrets (client_secret, refresh_token, access tokens) never
 * appear in err, in the trace, or in any child's argv.
 *
 * Memory: strings in the settings are borrowed for the zoho_open call only (the client keeps
 * copies). Results (struct zoho_org, zoho_contact, zoho_invoice and their lists) own their
 * strings: free them with the matching _free or _clear function. Text returned by zoho_last_reply()
 * belongs to the client and lives until its next call. A client is not thread-safe. */
#ifndef TOCK_ZOHO_H
#define TOCK_ZOHO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "util.h"

/* What the caller should do with an attempt. */
typedef enum zoho_status {
    ZOHO_OK = 0,
    /* Timeout, connection refused or dropped, 429/5xx after the retries, or (create only) a
     * reply that cannot be read. The outcome may be unknown: keep the attempt pending and
     * look it up by reference before trying again. */
    ZOHO_TRANSIENT,
    /* Zoho refused this request (4xx other than 401/403/429, or a non-zero code). Retrying
     * the same request will not help: dead-letter it with zoho_last_reply(). */
    ZOHO_PERMANENT,
    /* Credentials, region, organization or local configuration: err names the setting. */
    ZOHO_AUTH,
} zoho_status;

const char *zoho_status_name(zoho_status s); /* "ok", "transient", "permanent", "auth" */

/* Configuration, as read from the [zoho] section. NULL / 0 means "default". */
struct zoho_settings {
    const char *region;            /* com (default) | eu | in | com.au | jp | ca | sa | uk | com.cn */
    const char *accounts_url;      /* overrides the region's accounts server */
    const char *api_url;           /* overrides the API root (else api_domain + /invoice/v3) */
    const char *organization_id;   /* required for everything but zoho_list_organizations */
    const char *client_id, *client_secret, *refresh_token; /* required */
    bool no_refresh_token;         /* for zoho_exchange_code only: there is none yet */
    long timeout_seconds;          /* per HTTP request; default 30 */
    int max_retries;               /* on 429/5xx; default 3; negative means 0 */
    long max_backoff_seconds;      /* cap on each sleep between retries; default 60; <0 → 0 */
    const char *token_cache_path;  /* NULL: keep the access token in memory only */
    int verbose;                   /* write an HTTP trace (secrets redacted) ... */
    FILE *trace;                   /* ... here; NULL means stderr */
    FILE *notices;                 /* a line here before each wait for a retry; NULL: none */
};

typedef struct zoho_client zoho_client;

/* Checks the settings (region, https-only URLs except loopback, required fields) and
 * prepares a client; no network traffic yet. NULL with err on a configuration error.
 * Caller frees with zoho_close. */
zoho_client *zoho_open(const struct zoho_settings *s, tk_err *err);
void zoho_close(zoho_client *c);

/* Makes sure an access token is at hand: the cached one while it has more than five minutes
 * left, else a refresh-token grant (the result is written to token_cache_path). */
zoho_status zoho_authenticate(zoho_client *c, tk_err *err);

/* The API root in use, e.g. "https://www.zohoapis.eu/invoice/v3". Owned by the client. */
const char *zoho_api_root(const zoho_client *c);

/* The last HTTP exchange of an API call (also after a failure): status (0 if none arrived),
 * Zoho's code (-1 if the reply had none) and the reply body ("" if none). Owned by the
 * client; valid until its next call. Keep body with a dead-lettered attempt. */
struct zoho_reply {
    long http_status;
    long code;
    const char *body;
};
struct zoho_reply zoho_last_reply(const zoho_client *c);

/* ---- results ---- */
struct zoho_org {
    char *organization_id, *name, *currency_code; /* NULL when Zoho sent none */
    bool is_default;
    int price_precision;           /* decimals Zoho keeps of a rate; -1 when not sent */
};
struct zoho_org_list {
    struct zoho_org *items;
    size_t len;
};
void zoho_org_list_free(struct zoho_org_list *l);

struct zoho_contact {
    char *contact_id, *contact_name, *company_name, *email, *currency_code;
    char *status;                  /* "active", "inactive"; NULL when not sent */
    long payment_terms;            /* days; -1 when not sent */
    char *tax_id, *tax_name;       /* the contact's default tax, NULL when it has none */
    char *tax_percentage;          /* decimal text ("19", "8.875"), NULL when not sent */
};
void zoho_contact_clear(struct zoho_contact *ct);
struct zoho_contact_list {
    struct zoho_contact *items;
    size_t len;
    bool more;                     /* Zoho has more pages than the first 200 returned */
};
void zoho_contact_list_free(struct zoho_contact_list *l);

/* Ids are strings as Zoho sends them. total is plain decimal text without trailing zeros
 * ("375.5", "1200"), ready for money_parse. Fields Zoho left out are NULL. Every call that
 * fills one of these leaves it empty on failure; clearing/freeing an empty one is fine. */
struct zoho_invoice {
    char *invoice_id, *invoice_number, *status, *reference_number, *currency_code, *total;
    char *customer_id, *balance;
};
void zoho_invoice_clear(struct zoho_invoice *inv);
struct zoho_invoice_list {
    struct zoho_invoice *items;
    size_t len;
};
void zoho_invoice_list_free(struct zoho_invoice_list *l);

/* ---- endpoints ---- */
/* GET /organizations (needs no organization_id). */
zoho_status zoho_list_organizations(zoho_client *c, struct zoho_org_list *out, tk_err *err);

/* GET /contacts — every contact, up to 10 pages of 200 (out->more: there are more). */
zoho_status zoho_list_contacts(zoho_client *c, struct zoho_contact_list *out, tk_err *err);

/* GET /settings/currencies: the organization's id for an ISO code (caller frees *id);
 * ZOHO_OK with *id NULL when the organization has no such currency. */
zoho_status zoho_currency_id(zoho_client *c, const char *code, char **id, tk_err *err);
/* GET /settings/taxes: the organization's taxes. percent is decimal text ("19", "8.875"). */
struct zoho_tax {
    char *tax_id, *tax_name, *percent;
};
struct zoho_tax_list {
    struct zoho_tax *items;
    size_t len;
};
zoho_status zoho_list_taxes(zoho_client *c, struct zoho_tax_list *out, tk_err *err);
void zoho_tax_list_free(struct zoho_tax_list *l);
/* POST /contacts with body_json; out is the new contact. Zoho refuses a name it has. */
zoho_status zoho_create_contact(zoho_client *c, const char *body_json, struct zoho_contact *out,
                                tk_err *err);

/* GET /contacts?contact_name=NAME — the first page (up to 200). */
zoho_status zoho_find_contacts(zoho_client *c, const char *name,
                               struct zoho_contact_list *out, tk_err *err);

/* GET /invoices?reference_number=REF, keeping only exact matches. *found is how many
 * invoices carry exactly that reference (0: none; more than 1 means duplicates exist);
 * when *found > 0, out describes the first. */
zoho_status zoho_find_invoice_by_reference(zoho_client *c, const char *ref, size_t *found,
                                           struct zoho_invoice *out, tk_err *err);

/* GET /invoices?FIELD=VALUE (field "reference_number" or "invoice_number"), keeping only the
 * invoices whose field is exactly value, every status (void ones too), up to 10 pages. Zoho's
 * lists may lag behind a create: an empty answer does not prove that no invoice exists. */
zoho_status zoho_find_invoices(zoho_client *c, const char *field, const char *value,
                               struct zoho_invoice_list *out, tk_err *err);

/* GET /invoices/{id}. *gone is set when Zoho says it does not exist (deleted): then the
 * status is ZOHO_OK and out is empty. */
zoho_status zoho_get_invoice(zoho_client *c, const char *id, struct zoho_invoice *out,
                             bool *gone, tk_err *err);

/* GET /organizations/{organization_id}: the organization in use (currency, price_precision). */
zoho_status zoho_get_organization(zoho_client *c, struct zoho_org *out, tk_err *err);

/* GET /contacts/{id}: one contact with its status and payment terms. */
zoho_status zoho_get_contact(zoho_client *c, const char *id, struct zoho_contact *out,
                             tk_err *err);

/* POST /invoices with body_json (a JSON object as the contract describes); own_number: the
 * body carries invoice_number (ZOHO_OWN_NUMBER), sent with ignore_auto_number_generation=true (Zoho refuses
 * a number it already has with code 1001). POST is not
 * idempotent, so a 5xx or a timeout is never retried here: it comes back as ZOHO_TRANSIENT
 * with the outcome unknown — call zoho_find_invoice_by_reference before trying again.
 * Only 429 (refused before any work) is retried. On ZOHO_OK out describes the new invoice. */
enum { ZOHO_OWN_NUMBER = 1, ZOHO_SEND = 2 /* ?send=true: Zoho emails it to the contact */ };
zoho_status zoho_create_invoice(zoho_client *c, const char *body_json, unsigned flags,
                                struct zoho_invoice *out, tk_err *err);

/* POST /invoices/{id}/attachment: len bytes of CSV at data as the file `name`, to be sent
 * with the invoice's email. Not repeated on a 5xx: a second attachment would be added. */
zoho_status zoho_attach_csv(zoho_client *c, const char *id, const char *name, const char *data,
                            size_t len, tk_err *err);

/* POST /invoices/{id}/status/sent: a draft marked as sent (without an email). */
zoho_status zoho_mark_sent(zoho_client *c, const char *id, tk_err *err);
/* POST /invoices/{id}/email to the given address: Zoho emails the invoice, now sent. */
zoho_status zoho_email_invoice(zoho_client *c, const char *id, const char *to, tk_err *err);

/* ---- the grant (tock zoho connect) ---- */
/* The scopes tock needs, comma-separated, as Zoho's API console takes them. */
const char *zoho_scopes(void);
/* The URL of Zoho's API console (where a Self Client's grant code is generated) for the
 * settings' data centre: accounts_url's host with "api-console." for "accounts.", else the
 * region's. Caller frees. */
char *zoho_console_url(const struct zoho_settings *s);
/* POST {accounts}/oauth/v2/token with grant_type=authorization_code: a Self Client's grant
 * code exchanged, once, for a refresh token in *refresh_token (caller frees with
 * zoho_secret_free). The code is spent even when the reply is lost, so nothing is retried
 * but a 429. The cached access token (of an earlier grant) is removed. The client may have
 * been opened with no_refresh_token. err never holds the code or the token. */
zoho_status zoho_exchange_code(zoho_client *c, const char *code, char **refresh_token,
                               tk_err *err);

/* ---- secrets ---- */
/* Runs cmd with /bin/sh -c (e.g. "pass show zoho/tock") and returns the first line of its
 * standard output, without the newline, in *out (caller frees with zoho_secret_free). The
 * secret only travels through a pipe. Fails on a non-zero exit or an empty first line. */
int zoho_secret_from_command(const char *cmd, char **out, tk_err *err);
void zoho_secret_free(char *secret); /* wipes, then frees; NULL is fine */
/* Calls nest: from the first guard(true) to the matching last guard(false) the process is
 * not dumpable (no core file, no ptrace by the same user, /proc/PID/mem closed). */
void zoho_secret_guard(bool on);

#endif
