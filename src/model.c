/* model.c — freeing and naming the shared records. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void tk_client_clear(tk_client *c)
{
    free(c->key);
    free(c->name);
    free(c->currency);
    free(c->zoho_customer_id);
    memset(c, 0, sizeof *c);
}

void tk_project_clear(tk_project *p)
{
    free(p->key);
    free(p->name);
    memset(p, 0, sizeof *p);
}

void tk_rate_clear(tk_rate *r)
{
    free(r->tier);
    memset(r, 0, sizeof *r);
}

void tk_entry_clear(tk_entry *e)
{
    free(e->user);
    free(e->client);
    free(e->project);
    free(e->tier);
    free(e->note);
    free(e->source_key);
    free(e->ref);
    memset(e, 0, sizeof *e);
}

void tk_entry_copy(tk_entry *dst, const tk_entry *src)
{
    *dst = *src;
    dst->user = dup_or_null(src->user);
    dst->client = dup_or_null(src->client);
    dst->project = dup_or_null(src->project);
    dst->tier = dup_or_null(src->tier);
    dst->note = dup_or_null(src->note);
    dst->source_key = dup_or_null(src->source_key);
    dst->ref = dup_or_null(src->ref);
}

bool tk_entry_same(const tk_entry *a, const tk_entry *b)
{
    return a->user_id == b->user_id && a->client_id == b->client_id &&
           a->project_id == b->project_id &&
           tk_streq(a->tier ? a->tier : "", b->tier ? b->tier : "") &&
           a->billable == b->billable && a->day == b->day && a->last_day == b->last_day &&
           a->has_range == b->has_range &&
           (!a->has_range || (a->start == b->start && a->end == b->end)) &&
           a->seconds == b->seconds && tk_streq(a->note ? a->note : "", b->note ? b->note : "") &&
           tk_streq(a->ref ? a->ref : "", b->ref ? b->ref : "");
}

void tk_timer_clear(tk_timer *t)
{
    free(t->client);
    free(t->project);
    free(t->tier);
    free(t->note);
    free(t->ref);
    memset(t, 0, sizeof *t);
}

static const char *const round_names[] = { "none", "up", "nearest", "down" };

const char *round_mode_name(round_mode m)
{
    return (unsigned)m < TK_ARRAY_LEN(round_names) ? round_names[m] : "none";
}

int round_mode_parse(const char *s, round_mode *m)
{
    for (size_t i = 0; i < TK_ARRAY_LEN(round_names); i++)
        if (tk_streq(s, round_names[i])) {
            *m = (round_mode)i;
            return 0;
        }
    return -1;
}

static const char *const period_names[] = { "week", "month", "quarter" };

const char *period_name(tk_period p)
{
    return (unsigned)p < TK_ARRAY_LEN(period_names) ? period_names[p] : "month";
}

int period_parse(const char *s, tk_period *p)
{
    for (size_t i = 0; i < TK_ARRAY_LEN(period_names); i++)
        if (tk_streq(s, period_names[i])) {
            *p = (tk_period)i;
            return 0;
        }
    return -1;
}

static const char *const week_state_names[] = { "open", "submitted", "approved", "rejected" };

const char *week_state_name(tk_week_state s)
{
    return (unsigned)s < TK_ARRAY_LEN(week_state_names) ? week_state_names[s] : "open";
}

tk_week_state week_state_parse(const char *s)
{
    for (size_t i = 0; s && i < TK_ARRAY_LEN(week_state_names); i++)
        if (tk_streq(s, week_state_names[i]))
            return (tk_week_state)i;
    return WEEK_OPEN;
}

void tk_sprint_clear(tk_sprint *s)
{
    free(s->name);
    memset(s, 0, sizeof *s);
}

void tk_invoice_rec_clear(tk_invoice_rec *r)
{
    char *strs[] = { r->client_key, r->label, r->reference, r->currency, r->payload,
                     r->customer_id, r->customer_name, r->group_by, r->zoho_invoice_id,
                     r->zoho_number, r->zoho_status, r->last_error, r->zoho_reply,
                     r->planned_number };
    for (size_t i = 0; i < TK_ARRAY_LEN(strs); i++)
        free(strs[i]);
    memset(r, 0, sizeof *r);
}

static const char *const invoice_states[] = { "pending", "sent", "failed", "discarded",
                                                 "void" };

const char *invoice_state_name(tk_invoice_state s)
{
    return (unsigned)s < TK_ARRAY_LEN(invoice_states) ? invoice_states[s] : "pending";
}

int invoice_state_parse(const char *s, tk_invoice_state *out)
{
    for (size_t i = 0; i < TK_ARRAY_LEN(invoice_states); i++)
        if (tk_streq(s, invoice_states[i])) {
            *out = (tk_invoice_state)i;
            return 0;
        }
    return -1;
}

void tk_tier_rule_clear(tk_tier_rule *r)
{
    free(r->tier);
    memset(r, 0, sizeof *r);
}
