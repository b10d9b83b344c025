/* ui_state.c — the TUI's model: the week on screen, the running timer, the selection, the
 * rows the user pinned, messages and the screen stack (each screen's state is its own:
 * ui_push, ui_pop). No curses; data comes from app_* calls, and one reload costs one week
 * (app_week_load), never history. */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "app_week.h"
#include "app_sprint.h"
#include "app_cell.h"
#include "app_targets.h"
#include "app_retainer_panel.h"
#include "week_grid.h"
#include "retainer_view.h"

void ui_init(ui *u, tk_app *app)
{
    memset(u, 0, sizeof *u);
    u->app = app;
    u->rv_version = -1; /* the panel is computed on the first load */
    u->near_failed = -1;
    u->now = clock_now();
    u->today = local_day_of(u->now);
    u->week = app_week_of(app, u->today);
    u->col = u->today - u->week;
    week_grid_init(&u->g, u->week);
}

void ui_free(ui *u)
{
    ui_reap(u);
    while (u->depth > 0)
        u->popped[u->npopped++] = u->stack[--u->depth];
    ui_reap(u);
    ui_team_free(u);
    week_grid_free(&u->g);
    for (int i = 0; i < UI_NEAR; i++)
        if (u->near[i].have)
            week_grid_free(&u->near[i].g);
    if (u->have_timer)
        tk_timer_clear(&u->timer);
    retainer_views_free(&u->rv);
    app_biller_free(u->biller);
    for (size_t i = 0; i < u->pinned.len; i++) {
        free(u->pinned.items[i].client);
        free(u->pinned.items[i].project);
        free(u->pinned.items[i].tier);
    }
    free(u->pinned.items);
    undo_free(&u->undo);
    free(u->sprint.label);
    tk_entry_list_free(&u->notes.list);
    free(u->notes.tier);
    free(u->margin.line);
    free(u->picked);
}

week_row *ui_row(ui *u)
{
    if (u->row < 0 || (size_t)u->row >= u->g.nrows)
        return NULL;
    return u->g.rows[u->row];
}

void ui_select(ui *u, int64_t client_id, int64_t project_id, const char *tier)
{
    for (size_t i = 0; i < u->g.nrows; i++) {
        const week_row *r = u->g.rows[i];
        if (r->client_id == client_id && r->project_id == project_id && !strcmp(r->tier, tier)) {
            u->row = (int)i;
            return;
        }
    }
}

/* Pinned rows show in every week, even empty; an empty row takes the target's billability.
 * sorted: the grid is in order already (a loaded week), so it is sorted again only when a
 * pinned row was added. */
static void add_pinned(ui *u, bool sorted)
{
    size_t had = u->g.nrows;
    for (size_t i = 0; i < u->pinned.len; i++) {
        const ui_pinned *p = &u->pinned.items[i];
        size_t before = u->g.nrows;
        week_row *r = week_grid_row(&u->g, p->client_id, p->client, p->project_id, p->project,
                                    p->tier);
        if (u->g.nrows > before)
            r->billable = p->billable;
    }
    if (!sorted || u->g.nrows != had)
        week_grid_sort(&u->g);
}

/* Whether a week loaded at (owner, version, at) is what loading it now would give. */
static bool near_valid(const ui *u, int64_t owner, int64_t version, int64_t at)
{
    return version >= 0 && version == u->data_version && owner == ui_team_owner(u) &&
           (!u->have_timer || at / 60 == u->now / 60);
}

static void near_drop(ui_near *n)
{
    if (n->have)
        week_grid_free(&n->g);
    n->have = false;
}

/* The slot holding `week`, valid, or NULL; drops the stale ones on the way. */
static ui_near *near_find(ui *u, tk_day week)
{
    ui_near *hit = NULL;
    for (int i = 0; i < UI_NEAR; i++) {
        ui_near *n = &u->near[i];
        if (n->have && !near_valid(u, n->owner, n->version, n->at))
            near_drop(n);
        if (n->have && n->g.start == week)
            hit = n;
    }
    return hit;
}

/* A slot for a week next to the one on screen: a free one, else one that is not next to it. */
static ui_near *near_slot(ui *u)
{
    for (int i = 0; i < UI_NEAR; i++)
        if (!u->near[i].have)
            return &u->near[i];
    for (int i = 0; i < UI_NEAR; i++)
        if (u->near[i].g.start != u->week - 7 && u->near[i].g.start != u->week + 7) {
            near_drop(&u->near[i]);
            return &u->near[i];
        }
    return NULL;
}

/* The week on screen, from a slot when one holds it, else loaded; the week it replaces is
 * kept in a slot while still valid. */
static int load_grid(ui *u, tk_err *err)
{
    bool had = u->loaded && u->g.start != u->week &&
               near_valid(u, u->g_owner, u->g_version, u->loaded_at);
    week_grid left = u->g;
    ui_near *hit = near_find(u, u->week);
    int rc = 0;
    if (hit) {
        u->g = hit->g;
        hit->have = false;
    } else if (u->biller) {
        rc = app_week_load_by(u->app, ui_team_owner(u), u->week, u->now, &u->g, u->biller, err);
        u->biller_loads++;
    } else {
        week_grid_init(&u->g, u->week);
        rc = -1;
    }
    ui_near *keep = had ? near_slot(u) : NULL;
    if (keep)
        *keep = (ui_near){ true, u->g_owner, u->g_version, u->loaded_at, left };
    else
        week_grid_free(&left);
    u->loaded = rc == 0;
    u->g_owner = ui_team_owner(u);
    u->g_version = u->data_version;
    return rc;
}

bool ui_prefetch(ui *u)
{
    if (u->depth != 1 || !u->loaded || !u->biller || u->link_down ||
        u->near_failed == u->data_version)
        return false;
    for (int d = -7; d <= 7; d += 14) {
        if (near_find(u, u->week + d))
            continue;
        /* Loaded as the key would load it: the same data and the same clock. */
        if (app_data_version(u->app) != u->data_version)
            return false;
        ui_near *n = near_slot(u);
        if (!n)
            return false;
        tk_err err = { "" };
        int64_t now = clock_now();
        if (u->have_timer && now / 60 != u->loaded_at / 60)
            return false;   /* the minute moved: the poll reloads first */
        if (app_week_load_by(u->app, ui_team_owner(u), u->week + d, u->loaded_at, &n->g,
                             u->biller, &err)) {
            week_grid_free(&n->g);
            u->near_failed = u->data_version;
            return false;
        }
        u->biller_loads++;
        n->have = true;
        n->owner = ui_team_owner(u);
        n->version = u->data_version;
        n->at = u->loaded_at;
        return true;
    }
    return false;
}

int ui_reload(ui *u)
{
    tk_err err = { "" };
    week_row *sel = ui_row(u);
    int64_t cid = sel ? sel->client_id : 0, pid = sel ? sel->project_id : 0;
    char *tier = sel ? xstrdup(sel->tier) : NULL;
    u->now = clock_now();
    u->today = local_day_of(u->now);
    /* Read the version first: a change made while loading shows on the next poll. */
    u->data_version = app_data_version(u->app);
    /* One biller for the week and the panel, kept while the data does not change: moving
     * between weeks reads no client again, nor draws again a retainer period it drew, nor
     * bills again an hourly key it billed. Any change, this screen's own included, moves
     * data_version. Started again after many weeks, on the same rules, so that the periods
     * it holds stay few. */
    if (u->biller && (u->data_version < 0 || u->biller_version != u->data_version)) {
        app_biller_free(u->biller);
        u->biller = NULL;
    } else if (u->biller && u->biller_loads >= UI_BILLER_LOADS) {
        app_biller *fresh = app_biller_new_on(u->app, app_biller_rules(u->biller), &err);
        app_biller_free(u->biller);
        u->biller = fresh;
        u->biller_loads = 0;
    }
    if (!u->biller) {
        u->biller = app_biller_new(u->app, &err);
        u->biller_loads = 0;
    }
    u->biller_version = u->data_version;
    int rc = load_grid(u, &err);
    ui_team_reload(u);
    if (!u->team.view_user)   /* a member's grid shows their rows only */
        add_pinned(u, rc == 0);
    if (u->have_timer)
        tk_timer_clear(&u->timer);
    u->have_timer = false;
    if (rc == 0) {
        int t = app_timer_get(u->app, &u->timer, &err);
        u->have_timer = t == 1;
        rc = t < 0 ? -1 : 0;
    }
    /* The panel shows the current period whatever week is on screen: recompute it only when
     * the data (changed here or elsewhere) or the day changed, or a running timer's minute
     * went by (it counts, as in `status %r`), so moving between weeks costs one week's load. */
    bool timer_tick = u->have_timer && u->now / 60 != u->rv_at / 60;
    if (rc == 0 && (u->rv_version != u->data_version || u->rv_day != u->today || timer_tick)) {
        retainer_views_free(&u->rv);
        /* The periods the week drew serve the panel as they are (a running timer's client
         * is drawn again, counting it). */
        rc = app_retainers_for_panel_by(u->app, u->today, u->now, u->biller, &u->rv, &err);
        u->rv_version = rc == 0 ? u->data_version : -1;
        u->rv_day = u->today;
        u->rv_at = u->now;
    }
    if (rc) {   /* read again next time, whatever failed */
        app_biller_free(u->biller);
        u->biller = NULL;
    }
    u->loaded_at = u->now;
    if (tier) {
        ui_select(u, cid, pid, tier);
        free(tier);
    }
    if (u->row >= (int)u->g.nrows)
        u->row = u->g.nrows ? (int)u->g.nrows - 1 : 0;
    if (rc)
        ui_fail(u, &err);
    return rc;
}

void ui_poll(ui *u)
{
    u->now = clock_now();
    int64_t v = app_data_version(u->app);
    /* A database server that went away: the screen keeps what it last read and says so; the
     * connection is tried again at each poll, and once it is back everything is read again. */
    store_link link = app_data_link(u->app);
    u->link_down = link == STORE_LINK_DOWN;
    if (link == STORE_LINK_DOWN) {
        snprintf(u->msg, sizeof u->msg, "the connection to the database is lost; trying again "
                 "each second (the screen shows what was read before)");
        u->msg_error = true;
        return;
    }
    if (link == STORE_LINK_BACK) {
        ui_msg(u, "connected to the database again; the screen was read again");
        ui_reload(u);
        return;
    }
    /* A running timer's cell shows whole minutes: reload when a minute passes. */
    bool minute = u->have_timer && u->now / 60 != u->loaded_at / 60;
    if (v != u->data_version || minute || local_day_of(u->now) != u->today)
        ui_reload(u);
}

void ui_goto_week(ui *u, tk_day week_start)
{
    u->week = week_start;
    ui_reload(u);
}

int ui_cell_locked(const ui *u, const week_row *r, int day, char *why, size_t size)
{
    if (u->team.view_user) {
        snprintf(why, size, "read-only: %s's week", u->team.view_login);
        return 1;
    }
    if (u->g.locked_days & (1u << day)) {
        tk_week_state s = u->team.state.state;
        snprintf(why, size, "locked: this week is %s; a lead can reopen it",
                 s == WEEK_SUBMITTED || s == WEEK_APPROVED ? week_state_name(s)
                                                           : "submitted or approved");
        return 1;
    }
    if (r && (r->locked_days & (1u << day))) {
        snprintf(why, size, "locked: this day holds invoiced time");
        return 1;
    }
    return 0;
}

void ui_pin(ui *u, const app_target *t, const char *tier)
{
    ui_pinned p = { .client_id = t->client_id, .project_id = t->project_id,
                    .client = xstrdup(t->client), .project = xstrdup(t->project),
                    .tier = xstrdup(tier ? tier : ""), .billable = t->billable };
    TK_PUSH(u->pinned, p);
    ui_reload(u);
    ui_select(u, p.client_id, p.project_id, p.tier);
}

void ui_undo(ui *u)
{
    tk_err err = { "" };
    char what[128];
    tk_day day;
    int rc = undo_apply(u->app, &u->undo, &day, what, sizeof what, &err);
    if (rc == 0) {
        ui_msg(u, "nothing to undo");
        return;
    }
    if (rc > 0) {
        tk_day week = app_week_of(u->app, day);
        u->col = day - week;
        if (week != u->week)
            u->week = week;
    }
    ui_reload(u);
    if (rc < 0)
        ui_fail(u, &err);
    else
        ui_msg(u, "undone: %s", what);
}

void ui_msg(ui *u, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(u->msg, sizeof u->msg, fmt, ap);
    va_end(ap);
    u->msg_error = false;
}

void ui_fail(ui *u, const tk_err *err)
{
    snprintf(u->msg, sizeof u->msg, "%s", *err->msg ? err->msg : "something went wrong");
    u->msg_error = true;
}

void ui_push(ui *u, const ui_screen *s, void *st)
{
    if (u->depth < UI_STACK_MAX)
        u->stack[u->depth++] = (ui_frame){ s, st };
    else if (s->free)                /* no room: the screen does not open */
        s->free(st);
}

void ui_pop(ui *u)
{
    if (u->depth <= 1)
        return;
    if (u->npopped == UI_STACK_MAX)  /* many in one key: the oldest are long done */
        ui_reap(u);
    u->popped[u->npopped++] = u->stack[--u->depth];
}

void ui_reap(ui *u)
{
    for (int i = 0; i < u->npopped; i++)   /* in the order they left: the top first */
        if (u->popped[i].screen->free)
            u->popped[i].screen->free(u->popped[i].st);
    u->npopped = 0;
}

size_t ui_tier_count(const ui *u)
{
    size_t n = 1;
    for (size_t i = 0; i < u->app->cfg.ntiers; i++)
        if (strcmp(u->app->cfg.tiers[i].name, TIER_STANDARD))
            n++;
    return n;
}

const char *ui_tier_name(const ui *u, size_t i)
{
    if (i == 0)
        return "";
    for (size_t j = 0; j < u->app->cfg.ntiers; j++)
        if (strcmp(u->app->cfg.tiers[j].name, TIER_STANDARD) && --i == 0)
            return u->app->cfg.tiers[j].name;
    return "";
}

const char *ui_weekday(tk_day day)
{
    static const char *const names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    return names[day_weekday(day)];
}

const tk_entry_list *ui_cell_notes(ui *u)
{
    week_row *r = ui_row(u);
    if (!r)
        return NULL;
    tk_day day = u->week + u->col;
    if (u->notes.loaded && u->notes.client_id == r->client_id &&
        u->notes.project_id == r->project_id && !strcmp(u->notes.tier, r->tier) &&
        u->notes.billable == r->billable &&
        u->notes.day == day && u->notes.version == u->data_version)
        return &u->notes.list;
    tk_err err = { "" };
    tk_entry_list_free(&u->notes.list);
    free(u->notes.tier);
    u->notes.client_id = r->client_id;
    u->notes.project_id = r->project_id;
    u->notes.tier = xstrdup(r->tier);
    u->notes.billable = r->billable;
    u->notes.day = day;
    u->notes.version = u->data_version;
    u->notes.loaded = app_cell_entries(u->app, r->client_id, r->project_id, r->tier,
                                       r->billable, day, &u->notes.list, &err) == 0;
    return u->notes.loaded ? &u->notes.list : NULL;
}

/* The selected row's client's current sprint, looked up again only when the client, the day
 * or the data change. */
const char *ui_sprint_label(ui *u)
{
    week_row *r = ui_row(u);
    int64_t cid = r ? r->client_id : 0;
    if (cid == u->sprint.client_id && u->sprint.day == u->today &&
        u->sprint.version == u->data_version)
        return u->sprint.label;
    free(u->sprint.label);
    u->sprint.label = NULL;
    u->sprint.client_id = cid;
    u->sprint.day = u->today;
    u->sprint.version = u->data_version;
    tk_client c;
    tk_sprint sp;
    tk_err err = { "" };
    if (!cid || app_client_get(u->app, cid, &c, &err) <= 0)
        return NULL;
    if (app_sprint_current(u->app, &c, u->today, &sp, &err) == 1) {
        char a[DAY_BUF], b[DAY_BUF];
        u->sprint.label = xasprintf("%s %s–%s", sp.name, day_format(sp.from, a) + 5,
                                    day_format(sp.to, b) + 5);
        tk_sprint_clear(&sp);
    }
    tk_client_clear(&c);
    return u->sprint.label;
}
