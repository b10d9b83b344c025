/* app_carry_standing.c — a retainer's current period's standing, stored beside its draw
 * (app_carry_standing.h): the totals app_retainer_period reads of a drawn period, so that a
 * standing shown again (the TUI's panel at every start, `status %r` in a status line) reads
 * one row per client instead of the period's entries. */
#include "app_carry_standing.h"

#include <stdlib.h>
#include <string.h>

/* Bump when what a standing holds changes (the draw's own scheme is in its key too). */
#define STANDING_KIND "standing-1"

void app_carry_standing_free(app_carry_standing *s)
{
    free(s->usage);
    memset(s, 0, sizeof *s);
}

char *app_carry_standing_text(const app_carry_standing *s)
{
    strbuf b = { 0 };
    sb_addf(&b, "%lld %lld %lld %lld %d %d %lld %lld;", (long long)s->left_centi,
            (long long)s->held_centi, (long long)s->overage_centi, (long long)s->overage_minor,
            s->has_last_free ? 1 : 0, s->has_last_free ? (int)s->last_free_day : 0,
            s->has_last_free ? (long long)s->last_free_start : 0,
            s->has_last_free ? (long long)s->last_free_id : 0);
    for (int i = 0; i < ROLLOVER_MAX_EXPIRY; i++)
        sb_addf(&b, "%lld ", (long long)s->rolled.left[i]);
    sb_addf(&b, ";");
    for (size_t i = 0; i < s->n; i++)
        sb_addf(&b, "%d %lld;", (int)s->usage[i].day, (long long)s->usage[i].billed_seconds);
    return sb_detach(&b);
}

bool app_carry_standing_parse(const char *t, app_carry_standing *out)
{
    memset(out, 0, sizeof *out);
    const char *p = t;
    int64_t has, day;
    if (!tk_read_i64(&p, ' ', &out->left_centi) || !tk_read_i64(&p, ' ', &out->held_centi) ||
        !tk_read_i64(&p, ' ', &out->overage_centi) || !tk_read_i64(&p, ' ', &out->overage_minor) ||
        !tk_read_i64(&p, ' ', &has) || !tk_read_i64(&p, ' ', &day) ||
        !tk_read_i64(&p, ' ', &out->last_free_start) || !tk_read_i64(&p, ';', &out->last_free_id) ||
        (has != 0 && has != 1) || day < DAY_MIN || day > DAY_MAX) {
        memset(out, 0, sizeof *out);
        return false;
    }
    out->has_last_free = has == 1;
    out->last_free_day = (tk_day)day;
    for (int i = 0; i < ROLLOVER_MAX_EXPIRY; i++)
        if (!tk_read_i64(&p, ' ', &out->rolled.left[i])) {
            memset(out, 0, sizeof *out);
            return false;
        }
    if (*p++ != ';') {
        memset(out, 0, sizeof *out);
        return false;
    }
    size_t cap = 0;
    for (const char *q = p; *q; q++)
        cap += *q == ';';
    out->usage = xcalloc(cap + 1, sizeof *out->usage);
    bool whole = true;
    while (*p && whole) {
        int64_t seconds;
        whole = out->n < cap && tk_read_i64(&p, ' ', &day) && tk_read_i64(&p, ';', &seconds) &&
                day >= DAY_MIN && day <= DAY_MAX &&
                (!out->n || day > out->usage[out->n - 1].day);
        if (whole)
            out->usage[out->n++] = (tk_day_usage){ (tk_day)day, seconds };
    }
    if (!whole) {
        app_carry_standing_free(out);
        return false;
    }
    return true;
}

int app_carry_standing_find(tk_app *app, app_carry_client **cc, const app_carry_rules *rules,
                            const tk_retainer *r, tk_day first, tk_day last,
                            const int64_t *pending, size_t npending, app_carry_standing *out,
                            tk_err *err)
{
    char *text;
    int rc = app_carry_period_find(app, cc, rules, r, first, last, pending, npending,
                                   STANDING_KIND, &text, err);
    if (rc == 1)
        rc = app_carry_standing_parse(text, out) ? 1 : 0;
    free(text);
    return rc;
}

static int cmp_usage_day(const void *x, const void *y)
{
    const tk_day_usage *a = x, *b = y;
    return (a->day > b->day) - (a->day < b->day);
}

void app_carry_standing_note(tk_app *app, app_carry_client *cc, const tk_retainer *r,
                             tk_day first, tk_day last, const int64_t *pending,
                             size_t npending, const app_carry_standing *s)
{
    /* Per day, as retainer_status sums them: the same totals, whatever the order. */
    app_carry_standing d = *s;
    d.usage = xcalloc(s->n + 1, sizeof *d.usage);
    memcpy(d.usage, s->usage, s->n * sizeof *d.usage);
    qsort(d.usage, s->n, sizeof *d.usage, cmp_usage_day);
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (d.usage[i].billed_seconds < 0)
            goto out;   /* refused by retainer_status: never stored */
        if (n && d.usage[n - 1].day == d.usage[i].day) {
            if (tk_add64(d.usage[n - 1].billed_seconds, d.usage[i].billed_seconds,
                         &d.usage[n - 1].billed_seconds))
                goto out;
        } else {
            d.usage[n++] = d.usage[i];
        }
    }
    d.n = n;
    app_carry_period_note(app, cc, r, first, last, pending, npending, STANDING_KIND,
                          app_carry_standing_text(&d));
out:
    free(d.usage);
}
