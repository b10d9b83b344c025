/* app_tickets.c — time per ticket reference: what tock report tickets shows. The money is
 * the biller's (app_bill), so it matches log, the grid and the invoice. */
#include "app_team.h"
#include "app_billing.h"
#include "billing.h"
#include "app_tickets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tickets {
    app_biller *b;
    tk_day from, to;
    app_tickets *out;
    tk_err *err;
};

static app_ticket_row *row_for(app_tickets *v, const char *client, const char *ref,
                               const char *currency)
{
    for (size_t i = v->len; i-- > 0;)
        if (!strcmp(v->items[i].client, client) && !strcmp(v->items[i].ref, ref))
            return &v->items[i];
    app_ticket_row r = { .client = xstrdup(client), .ref = xstrdup(ref) };
    snprintf(r.currency, sizeof r.currency, "%s", currency);
    TK_PUSH(*v, r);
    return &v->items[v->len - 1];
}

static int take(const tk_entry *e, void *ctx)
{
    struct tickets *t = ctx;
    if (e->day < t->from || e->day > t->to)
        return 0;
    const tk_client *c = app_biller_client(t->b, e->client_id, t->err);
    tk_bill bill;
    if (!c || app_bill(t->b, e, &bill, t->err))
        return -1;
    app_ticket_row *r = row_for(t->out, c->key, e->ref ? e->ref : "", c->currency);
    if (!r->entries || e->day < r->first_day)
        r->first_day = e->day;
    if (!r->entries || e->day > r->last_day)
        r->last_day = e->day;
    r->entries++;
    if (tk_add64(r->seconds, bill.actual_seconds, &r->seconds) ||
        tk_add64(r->billed_seconds, bill.billed_seconds, &r->billed_seconds) ||
        tk_add64(r->amount_minor, bill.amount_minor, &r->amount_minor))
        return tk_fail(t->err, "report tickets: amounts too large");
    return 0;
}

static int cmp_rows(const void *x, const void *y)
{
    const app_ticket_row *a = x, *b = y;
    int c = strcmp(a->client, b->client);
    if (c)
        return c;
    if (!*a->ref != !*b->ref)
        return *a->ref ? -1 : 1;
    return strcmp(a->ref, b->ref);
}

int app_ticket_report(tk_app *app, const char *client, tk_day from, tk_day to, app_tickets *out,
                      tk_err *err)
{
    memset(out, 0, sizeof *out);
    store_filter f = { .from = from, .to = to };
    /* In a team, members read only their own time (app_team_may): their tickets only. */
    tk_err why;
    if (app_team_is_team(app) && app_team_may(app, TEAM_READ_ALL, 0, from, &why))
        f.user_id = app->user_id;
    if (client) {
        tk_client c;
        tk_project p;
        if (app_find(app, client, &c, &p, err))
            return -1;
        f.client_id = c.id;
        f.project_id = p.id;
        tk_client_clear(&c);
        tk_project_clear(&p);
    }
    struct tickets t = { .b = app_biller_new(app, err), .from = from, .to = to, .out = out,
                         .err = err };
    if (!t.b)
        return -1;
    int rc = store_entry_each(app->st, &f, take, &t, err) < 0 ? -1 : 0;
    app_biller_free(t.b);
    if (rc) {
        app_tickets_free(out);
        return -1;
    }
    if (out->len)
        qsort(out->items, out->len, sizeof *out->items, cmp_rows);
    return 0;
}

void app_tickets_free(app_tickets *v)
{
    for (size_t i = 0; i < v->len; i++) {
        free(v->items[i].client);
        free(v->items[i].ref);
    }
    free(v->items);
    memset(v, 0, sizeof *v);
}
