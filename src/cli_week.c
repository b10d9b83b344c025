/* cli_week.c — tock week: one week as an aligned table or JSON. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_team.h"
#include "clock.h"
#include "duration.h"
#include "text.h"
#include "app_week.h"
#include "week_grid.h"

static const char *const day_abbr[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

/* A string's length, 0 for none (written as null). */
static size_t len_of(const char *s)
{
    return s ? strlen(s) : 0;
}

/* s (n bytes) quoted and escaped at o, or null. */
static char *put_str(char *o, const char *s, size_t n)
{
    return s ? jw_put_strn(o, s, n) : JW_PUT(o, "null");
}

/* One row, written raw into room reserved once: a busy week has a thousand rows. Each string
 * is measured once, for the room and for jw_put_strn (eight plain bytes at a time). */
static void row_json(jw *w, const week_row *row)
{
    const char *project = *row->project ? row->project : NULL,
               *tier = *row->tier ? row->tier : NULL;
    size_t nc = len_of(row->client), np = len_of(project), nt = len_of(tier),
           ncur = len_of(row->currency);
    size_t room = 640 + 6 * (nc + np + nt + ncur) + 4 * 4;
    char *o = jw_raw_begin(w, room);
    o = JW_PUT(o, "{\"client\":");
    o = put_str(o, row->client, nc);
    o = JW_PUT(o, ",\"project\":");
    o = put_str(o, project, np);
    o = JW_PUT(o, ",\"tier\":");
    o = put_str(o, tier, nt);
    o = row->billable ? JW_PUT(o, ",\"billable\":true") : JW_PUT(o, ",\"billable\":false");
    o = row->running ? JW_PUT(o, ",\"running\":true") : JW_PUT(o, ",\"running\":false");
    o = JW_PUT(o, ",\"seconds\":[");
    for (int i = 0; i < 7; i++) {
        if (i)
            *o++ = ',';
        o = jw_put_int(o, row->seconds[i]);
    }
    o = JW_PUT(o, "],\"total\":");
    o = jw_put_int(o, row->total);
    o = JW_PUT(o, ",\"billed_seconds\":");
    o = jw_put_int(o, row->billed_seconds);
    o = JW_PUT(o, ",\"amount_minor\":");
    o = jw_put_int(o, row->amount_minor);
    o = JW_PUT(o, ",\"currency\":");
    o = put_str(o, row->currency, ncur);
    *o++ = '}';
    jw_raw_end(w, o);
}

/* Money in different currencies never adds up: one total per currency, in the order each
 * first appears among the rows. A week holds a few currencies: a short list, one pass. */
struct currency_sum {
    const char *currency;
    int64_t sum;
};

static void currency_sums(jw *w, const week_grid *g)
{
    TK_VEC(struct currency_sum) sums = { 0 };
    for (size_t r = 0; r < g->nrows; r++) {
        const week_row *row = g->rows[r];
        if (!row->currency)
            continue;
        size_t k = 0;
        while (k < sums.len && sums.items[k].currency != row->currency &&
               strcmp(sums.items[k].currency, row->currency))
            k++;
        if (k == sums.len)
            TK_PUSH(sums, ((struct currency_sum){ row->currency, 0 }));
        sums.items[k].sum += row->amount_minor;
    }
    for (size_t k = 0; k < sums.len; k++) {
        jw_obj(w);
        jw_kstr(w, "currency", sums.items[k].currency);
        jw_kint(w, "amount_minor", sums.items[k].sum);
        jw_end_obj(w);
    }
    free(sums.items);
}

/* Streamed to stdout a row at a time (a busy week's JSON is ~230 KB: held whole, its buffer
 * was ~60 fresh pages). 0, or -1 when stdout cannot be written. */
static int week_json(const week_grid *g, const char *user, const store_week *state)
{
    jw w;
    strbuf sb = { 0 };
    char d[DAY_BUF];
    jw_init(&w, &sb);
    jw_stream(&w, stdout);
    jw_obj(&w);
    jw_kstr(&w, "user", user);
    jw_kstr(&w, "state", week_state_name(state->state));
    jw_kstr(&w, "reason", state->reason);
    jw_kstr(&w, "week_start", day_format(g->start, d));
    jw_key(&w, "days");
    jw_arr(&w);
    for (int i = 0; i < 7; i++)
        jw_str(&w, day_format(g->start + i, d));
    jw_end_arr(&w);
    jw_key(&w, "rows");
    jw_arr(&w);
    int rc = 0;
    for (size_t r = 0; r < g->nrows && !rc; r++) {
        row_json(&w, g->rows[r]);
        rc = jw_spill(&w);
    }
    jw_end_arr(&w);
    jw_key(&w, "totals");
    jw_obj(&w);
    jw_key(&w, "seconds");
    jw_arr(&w);
    for (int i = 0; i < 7; i++)
        jw_int(&w, g->totals[i]);
    jw_end_arr(&w);
    jw_kint(&w, "total", g->total);
    jw_kint(&w, "billed_seconds", g->billed_seconds);
    jw_key(&w, "amounts");
    jw_arr(&w);
    currency_sums(&w, g);
    jw_end_arr(&w);
    jw_end_obj(&w);
    jw_kbool(&w, "locked", g->locked_days == 0x7f);
    jw_end_obj(&w);
    sb_addc(&sb, '\n');
    if (!rc)
        rc = jw_spill_all(&w) || fflush(stdout) ? -1 : 0;
    sb_free(&sb);
    return rc;
}

static void cell(strbuf *sb, int64_t seconds)
{
    char buf[32];
    sb_addc(sb, ' ');
    text_fit(sb, seconds ? dur_format_brief(seconds, buf) : "·", 7, 1, 1);
}

static void week_table(const char *user, const store_week *state, const week_grid *g,
                       tk_day today)
{
    const int name_w = 28;
    strbuf sb = { 0 };
    char a[DAY_BUF], b[DAY_BUF];
    printf("Week %d · %s – %s · %s", day_iso_week(g->start + 3), day_format(g->start, a),
           day_format(g->start + 6, b), cli_text(user));
    if (state->state != WEEK_OPEN || state->reason)
        printf(" · %s%s%s", week_state_name(state->state), state->reason ? ": " : "",
               cli_text(state->reason));
    putchar('\n');
    text_fit(&sb, "", name_w, 1, 0);
    for (int i = 0; i < 7; i++) {
        int y, m, d;
        day_to_ymd(g->start + i, &y, &m, &d);
        sb_addf(&sb, " %c%s %02d", g->start + i == today ? '*' : ' ',
                day_abbr[day_weekday(g->start + i)], d);
    }
    sb_add(&sb, "   Total");
    puts(sb_str(&sb));
    for (size_t r = 0; r < g->nrows; r++) {
        const week_row *row = g->rows[r];
        sb_reset(&sb);
        strbuf name = { 0 };
        week_row_label(row, &name);
        if (row->running)
            sb_add(&name, " ▶");
        text_fit(&sb, sb_str(&name), name_w, 1, 0);
        sb_free(&name);
        for (int i = 0; i < 7; i++)
            cell(&sb, row->seconds[i]);
        cell(&sb, row->total);
        puts(sb_str(&sb));
    }
    sb_reset(&sb);
    text_fit(&sb, "Total", name_w, 1, 0);
    for (int i = 0; i < 7; i++)
        cell(&sb, g->totals[i]);
    cell(&sb, g->total);
    puts(sb_str(&sb));
    sb_free(&sb);
}

int cmd_week(tk_app *app, const cli_args *args)
{
    bool json = cli_args_has(args, "json");
    char *const *pos = args->pos;
    int npos = args->npos;
    const char *user = cli_args_get(args, "user");
    tk_err err = { "" };
    tk_day day = app_today();
    if (npos == 1 && cli_parse_day(pos[0], &day, &err))
        return cli_error(&err);
    int64_t uid = app->user_id;
    tk_day start = app_week_of(app, day);
    if (user && (app_team_find(app, user, &uid, NULL, &err) ||
                 app_team_may(app, TEAM_READ, uid, start, &err)))
        return cli_error(&err);
    week_grid g;
    store_week state = { 0 };
    if (app_week_load(app, uid, start, clock_now(), &g, &err) ||
        app_period_state(app, uid, start, &state, &err)) {
        week_grid_free(&g);
        return cli_error(&err);
    }
    if (json) {
        if (week_json(&g, user ? user : app->user, &state)) {
            tk_fail(&err, "cannot write to stdout: %s", strerror(errno));
            app_period_state_clear(&state);
            week_grid_free(&g);
            return cli_error(&err);
        }
    } else {
        week_table(user ? user : app->user, &state, &g, app_today());
    }
    app_period_state_clear(&state);
    week_grid_free(&g);
    return EXIT_OK;
}
