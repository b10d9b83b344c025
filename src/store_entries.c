/* store_entries.c — time entries and the running timer. */
#include "store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTRY_SELECT \
    "SELECT e.id, e.user_id, u.login, e.client_id, c.key, IFNULL(e.project_id, 0), " \
    "IFNULL(p.key, ''), e.tier, e.billable, e.day, e.last_day, e.start_utc, e.end_utc, " \
    "e.seconds, e.note, e.source_key, IFNULL(e.invoice_id, 0), e.created_utc, e.updated_utc, " \
    "e.ref FROM entries e JOIN users u ON u.id = e.user_id JOIN clients c ON c.id = e.client_id " \
    "LEFT JOIN projects p ON p.id = e.project_id "

static void read_entry(db_stmt *s, tk_entry *e)
{
    memset(e, 0, sizeof *e);
    e->id = db_column_int64(s, 0);
    e->user_id = db_column_int64(s, 1);
    e->user = store_col_text_or_empty(s, 2);
    e->client_id = db_column_int64(s, 3);
    e->client = store_col_text_or_empty(s, 4);
    e->project_id = db_column_int64(s, 5);
    e->project = store_col_text_or_empty(s, 6);
    e->tier = store_col_text(s, 7);
    e->billable = db_column_int(s, 8);
    e->day = store_col_day(s, 9);
    e->last_day = store_col_day(s, 10);
    e->has_range = db_column_type(s, 11) != DB_NULL;
    e->start = db_column_int64(s, 11);
    e->end = db_column_int64(s, 12);
    e->seconds = db_column_int64(s, 13);
    e->note = store_col_text_or_empty(s, 14);
    e->source_key = store_col_text(s, 15);
    e->invoice_id = db_column_int64(s, 16);
    e->created = db_column_int64(s, 17);
    e->updated = db_column_int64(s, 18);
    e->ref = store_col_text(s, 19);
}

/* Listings read many entries of few users, clients and projects: their rows come without
 * joins (three index searches a row) and each name is read once per listing into a small
 * table by id. */
#define ENTRY_LIST \
    "SELECT e.id, e.user_id, e.client_id, IFNULL(e.project_id, 0), e.tier, e.billable, e.day, " \
    "e.last_day, e.start_utc, e.end_utc, e.seconds, e.note, e.source_key, " \
    "IFNULL(e.invoice_id, 0), e.created_utc, e.updated_utc, e.ref FROM entries e "
/* Only the columns a user's listing shows and bills (a NULL id reads as 0 on both stores):
 * every column is work for every row of a month. */
#define ENTRY_SHOWN \
    "SELECT e.id, e.client_id, e.project_id, e.tier, e.billable, e.day, e.start_utc, " \
    "e.end_utc, e.seconds, e.note, e.invoice_id, e.ref FROM entries e "

/* Where each_listed finds each field in a row; -1: not read (the user's listing knows its
 * user; the rest are left out of what it shows). */
typedef struct listed_cols {
    int id, user, client, project, tier, billable, day, last_day, start, end, seconds, note,
        source_key, invoice, created, updated, ref;
} listed_cols;

static const listed_cols cols_list = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const listed_cols cols_shown = { 0, -1, 1, 2, 3, 4, 5, -1, 6, 7, 8, 9, -1, 10, -1, -1, 11 };
static const char sql_user_login[] = "SELECT login FROM users WHERE id = ?1";
static const char sql_client_key[] = "SELECT key FROM clients WHERE id = ?1";
static const char sql_project_key[] = "SELECT key FROM projects WHERE id = ?1";

typedef struct name_slot {
    int64_t id;     /* 0: free */
    char *name;     /* NULL: no such row */
} name_slot;

typedef struct names {
    const char *sql;     /* one name by id */
    const char *sql_all; /* every id and name (PostgreSQL, below) */
    name_slot *slots;
    size_t nslots, used;
    bool all;            /* every row is in slots */
    name_slot last;      /* the last one found: a listing names one user over and over */
} names;

static void names_free(names *n)
{
    for (size_t i = 0; i < n->nslots; i++)
        free(n->slots[i].name);
    free(n->slots);
}

static name_slot *names_slot(names *n, int64_t id)
{
    size_t i = (size_t)(((uint64_t)id * 0x9e3779b97f4a7c15u) >> 32) & (n->nslots - 1);
    while (n->slots[i].id && n->slots[i].id != id)
        i = (i + 1) & (n->nslots - 1);
    return &n->slots[i];
}

/* The slot of id, a free one when id is not there (the table grows to stay half empty). */
static name_slot *names_place(names *n, int64_t id)
{
    if (2 * (n->used + 1) > n->nslots) {
        names old = *n;
        n->nslots = n->nslots ? 2 * n->nslots : 64;
        n->slots = xcalloc(n->nslots, sizeof *n->slots);
        for (size_t i = 0; i < old.nslots; i++)
            if (old.slots[i].id)
                *names_slot(n, old.slots[i].id) = old.slots[i];
        free(old.slots);
    }
    return names_slot(n, id);
}

/* PostgreSQL: every name of the table at once, the first time one is missing. Each lookup
 * is a round trip to the server there, and these tables are small (users, clients,
 * projects); a month of a busy history names tens of clients and projects. */
static int names_load_all(store *st, names *n, tk_err *err)
{
    db_stmt *s = store_prep(st, n->sql_all, err);
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t id = db_column_int64(s, 0);
        name_slot *slot = names_place(n, id);
        if (!slot->id) {
            slot->id = id;
            slot->name = store_col_text_or_empty(s, 1);
            n->used++;
        }
    }
    db_reset(s);
    if (rc != DB_DONE)
        return store_fail(st, err, "reading entries");
    n->all = true;
    return 0;
}

static int names_miss(store *st, names *n, int64_t id, const char **out, tk_err *err);

/* The name of row `id` (NULL when there is none), read on first use; -1 on a failure. Found
 * inline: a month's listing names three ids an entry. */
static inline int names_get(store *st, names *n, int64_t id, const char **out, tk_err *err)
{
    if (id && n->last.id == id) {
        *out = n->last.name;
        return 0;
    }
    if (id && n->nslots) {
        name_slot *slot = names_slot(n, id);
        if (slot->id) {
            n->last = *slot;
            *out = slot->name;
            return 0;
        }
    }
    return names_miss(st, n, id, out, err);
}

/* names_get of an id not in the table yet (or 0). */
static int names_miss(store *st, names *n, int64_t id, const char **out, tk_err *err)
{
    name_slot *slot = names_place(n, id);
    if (!slot->id && st->pg && !n->all) {
        if (names_load_all(st, n, err))
            return -1;
        slot = names_place(n, id);
    }
    if (!slot->id && n->all) {
        slot->id = id; /* not in the table */
        slot->name = NULL;
        n->used++;
    } else if (!slot->id) {
        db_stmt *s = store_prep(st, n->sql, err);
        if (!s)
            return -1;
        db_bind_int64(s, 1, id);
        int rc = db_step(s);
        char *name = rc == DB_ROW ? store_col_text_or_empty(s, 0) : NULL;
        db_reset(s);
        if (rc != DB_ROW && rc != DB_DONE)
            return store_fail(st, err, "reading entries");
        slot->id = id;
        slot->name = name;
        n->used++;
    }
    n->last = *slot;
    *out = slot->name;
    return 0;
}

/* The hot statements, at file scope so store_explain can show their plans. */
static const char sql_max_span[] =
    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'max_span_days'";
static const char sql_max_range[] =
    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'max_range_seconds'";
static const char sql_entry_get[] = ENTRY_SELECT "WHERE e.id = ?1 AND" ENTRY_SEEN("e");
/* The latest day first (one index lookup), then the latest entry of that day. */
static const char sql_entry_last[] = ENTRY_SELECT
    "WHERE e.user_id = ?1 AND" ENTRY_SEEN("e") "AND e.day >= (SELECT MAX(day) FROM entries x "
    "WHERE x.user_id = ?1 AND" ENTRY_SEEN("x") ") "
    "ORDER BY e.day DESC, IFNULL(e.end_utc, 0) DESC, e.id DESC LIMIT 1";
/* One statement per access path, so sqlite can use the matching index: the day window is
 * [from - longest entry, to] on `day`, and `last_day >= from` trims what starts too early. */
#define ENTRY_RANGE "e.day BETWEEN ?1 AND ?2 AND e.last_day >= ?3 AND (?5 = 0 OR e.invoice_id IS NULL) " \
                    "AND (?6 = 0 OR e.project_id = ?6) AND" ENTRY_SEEN("e")
#define ENTRY_ORDER "ORDER BY e.day, IFNULL(e.start_utc, 0), e.id"
/* A user's listing comes in entries_user_list's order, (day, start, id), with no sort
 * (schema step 21 put the id after the start; sorting in sqlite copied every row of a month
 * into a sorter, a third of what `log --json` of a busy month cost). */
static const char sql_by_user[] = ENTRY_LIST "WHERE e.user_id = ?4 AND " ENTRY_RANGE
                                  "AND (?7 = 0 OR e.client_id = ?7) " ENTRY_ORDER;
/* ... of every client, project and invoice state (what `tock log` lists unless asked for
 * less): no test a row for filters it does not have. Without _reach, no entry is longer than
 * its day: the window starts at `from`, and last_day >= day >= from holds for every row. */
#define ENTRY_USER_ALL ENTRY_SHOWN "WHERE e.user_id = ?4 AND e.day BETWEEN ?1 AND ?2 AND" \
                       ENTRY_SEEN("e")
static const char sql_by_user_shown_all[] = ENTRY_USER_ALL ENTRY_ORDER;
static const char sql_by_user_shown_reach[] = ENTRY_USER_ALL "AND e.last_day >= ?3 "
                                              ENTRY_ORDER;
static const char sql_by_user_shown[] = ENTRY_SHOWN "WHERE e.user_id = ?4 AND " ENTRY_RANGE
                                        "AND (?7 = 0 OR e.client_id = ?7) " ENTRY_ORDER;
static const char sql_by_client[] = ENTRY_LIST "WHERE e.client_id = ?4 AND " ENTRY_RANGE ENTRY_ORDER;
static const char sql_by_day[] = ENTRY_LIST "WHERE ?4 = 0 AND " ENTRY_RANGE ENTRY_ORDER;
static const char sql_overlap[] = ENTRY_SELECT
    "WHERE e.user_id = ?1 AND e.start_utc IS NOT NULL AND e.start_utc >= ?4 "
    "AND e.start_utc < ?3 AND e.end_utc > ?2 AND e.end_utc > e.start_utc AND e.id != ?5 AND"
    ENTRY_SEEN("e")
    "ORDER BY e.start_utc LIMIT 1";
/* Both read an index only (entries_client_invoiced, entries_project: schema step 2). */
static const char sql_last_invoiced[] = "SELECT MAX(last_day) FROM entries WHERE client_id = ?1 "
                                        "AND invoice_id IS NOT NULL AND" ENTRY_SEEN("entries");
static const char sql_project_tracked[] = "SELECT IFNULL(SUM(seconds), 0) FROM entries "
                                          "WHERE client_id = ?1 AND project_id = ?2 AND"
                                          ENTRY_SEEN("entries");
/* A week grid's columns only: no joins, no note (entries_user_list covers it: schema step 18). */
/* No last_day (a grid and its bills go by the day an entry began) and no IFNULL (a NULL id
 * reads as 0 on both stores): each column a row reads is work for every row of a week. */
static const char sql_grid[] = "SELECT id, client_id, project_id, tier, billable, day, "
                               "start_utc, end_utc, seconds, invoice_id "
                               "FROM entries WHERE user_id = ?1 AND day BETWEEN ?2 AND ?3 "
                               "AND last_day >= ?4 AND" ENTRY_SEEN("entries");
/* The week's statements name their index on sqlite: the planner then weighs one index of
 * entries' nine, a third of what preparing them cost (every process prepares them once). */
#define WEEK_SELECT "SELECT id, client_id, project_id, tier, billable, day, start_utc, " \
                    "end_utc, seconds, invoice_id FROM entries "
#define WEEK_INDEX "INDEXED BY entries_user_list "
/* sql_grid's rows of a week's own days: each ends on its day or later, so none needs
 * last_day compared (a busy week is thousands of rows). */
#define WEEK_DAYS "WHERE user_id = ?1 AND day BETWEEN ?2 AND ?3 AND" ENTRY_SEEN("entries")
static const char sql_week_days[] = WEEK_SELECT WEEK_INDEX WEEK_DAYS;
static const char pg_week_days[] = WEEK_SELECT WEEK_DAYS;
/* sql_grid's rows of the days beside a week that have time in it (instants [?5, ?6)): passed
 * over inside sqlite, by the index's own columns, instead of stepped out and dropped (a busy
 * day beside the week is hundreds of rows). A NULL start or end compares false. */
#define WEEK_EDGE "WHERE user_id = ?1 AND day BETWEEN ?2 AND ?3 AND last_day >= ?4 " \
                  "AND +end_utc > ?5 AND +start_utc < ?6 AND" ENTRY_SEEN("entries")
static const char sql_week_edge[] = WEEK_SELECT WEEK_INDEX WEEK_EDGE;
static const char pg_week_edge[] = WEEK_SELECT WEEK_EDGE;
/* WEEK_EDGE one day at a time (sqlite): a row with time in the week [?5, ?4) began at most
 * the longest range before ?5 (?3 = ?5 − max_range), so the index, (day, IFNULL(start, 0)),
 * is sought to that start instead of stepped over the whole day (a busy day before the week
 * is hundreds of rows that end before it). A start is NULL only with its end, and a NULL
 * end compares false, as in WEEK_EDGE. */
static const char sql_week_edge_day[] = WEEK_SELECT WEEK_INDEX
    "WHERE user_id = ?1 AND day = ?2 AND IFNULL(start_utc, 0) >= ?3 "
    "AND IFNULL(start_utc, 0) < ?4 AND +end_utc > ?5 AND +last_day >= ?6 AND"
    ENTRY_SEEN("entries");
static const char sql_source_exists[] = "SELECT 1 FROM entries WHERE source_key = ?1 AND"
                                        ENTRY_SEEN("entries");
#define TIMER_SELECT \
    "SELECT t.user_id, t.client_id, IFNULL(t.project_id, 0), c.key, IFNULL(p.key, ''), " \
    "t.tier, t.billable, t.note, t.start_utc, u.login, t.ref FROM timers t " \
    "JOIN clients c ON c.id = t.client_id JOIN users u ON u.id = t.user_id " \
    "LEFT JOIN projects p ON p.id = t.project_id "
static const char sql_timer_get[] = TIMER_SELECT "WHERE t.user_id = ?1";
/* The timer's own row in TIMER_SELECT's columns, its keys not read (sqlite plans the join
 * above at every process's first look at the timer; this and three lookups by id cost less,
 * and nothing more when no timer runs). */
static const char sql_timer_row[] = "SELECT user_id, client_id, IFNULL(project_id, 0), NULL, "
                                    "NULL, tier, billable, note, start_utc, NULL, ref "
                                    "FROM timers WHERE user_id = ?1";

/* A client's entries of some days in the order a retainer period draws (schema step 14:
 * a covering index in that order). */

const store_named_sql store_hot_entries[] = {
    { "max_span", sql_max_span },
    { "max_range", sql_max_range },
    { "entry_get", sql_entry_get },
    { "entry_last", sql_entry_last },
    { "entries_by_user", sql_by_user },
    { "entries_by_user_shown", sql_by_user_shown },
    { "entries_by_user_shown_all", sql_by_user_shown_all },
    { "entries_by_user_shown_reach", sql_by_user_shown_reach },
    { "entries_by_client", sql_by_client },
    { "entries_by_day", sql_by_day },
    { "entry_overlap", sql_overlap },
    { "entry_source_exists", sql_source_exists },
    { "entry_last_invoiced_day", sql_last_invoiced },
    { "project_tracked", sql_project_tracked },
    { "entries_grid", sql_grid },
    { "entries_week_days", sql_week_days },
    { "entries_week_edge", sql_week_edge },
    { "entries_week_edge_day", sql_week_edge_day },
    { "timer_get", sql_timer_get },
    { "timer_row", sql_timer_row },
    { "entry_user_login", sql_user_login },
    { "entry_client_key", sql_client_key },
    { "entry_project_key", sql_project_key },
    { NULL, NULL },
};

/* The longest entry in days, so a range query can bound its index scan. */
static int max_span(store *st, int *out, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_max_span, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    *out = rc == DB_ROW ? db_column_int(s, 0) : 0;
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading the database");
    return 0;
}

/* The longest range in seconds, so an overlap query scans only the entries that could reach
 * back to its start. Kept in meta as 'max_range_seconds' (schema step 4). */
static int max_range(store *st, int64_t *out, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_max_range, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    *out = rc == DB_ROW ? db_column_int64(s, 0) : 0;
    db_reset(s);
    if (rc == DB_DONE)
        return tk_fail(err, "%s lacks max_range_seconds; it is damaged", st->path);
    return rc == DB_ROW ? 0 : store_fail(st, err, "reading the database");
}

static int note_range(store *st, const tk_entry *e, tk_err *err)
{
    static const char sql[] = "UPDATE meta SET value = ?1 WHERE key = 'max_range_seconds' "
                              "AND CAST(value AS INTEGER) < ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, e->end - e->start);
    return store_exec_stmt(st, s, err, "saving the entry");
}

static int note_span(store *st, const tk_entry *e, tk_err *err)
{
    static const char sql[] = "UPDATE meta SET value = ?1 WHERE key = 'max_span_days' "
                              "AND CAST(value AS INTEGER) < ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int(s, 1, e->last_day - e->day);
    if (store_exec_stmt(st, s, err, "saving the entry"))
        return -1;
    return e->has_range ? note_range(st, e, err) : 0;
}

static void bind_entry(db_stmt *s, const tk_entry *e)
{
    db_bind_int64(s, 1, e->user_id);
    db_bind_int64(s, 2, e->client_id);
    store_bind_id(s, 3, e->project_id);
    store_bind_text(s, 4, e->tier);
    db_bind_int(s, 5, e->billable);
    store_bind_day(s, 6, e->day);
    store_bind_day(s, 7, e->last_day);
    if (e->has_range) {
        db_bind_int64(s, 8, e->start);
        db_bind_int64(s, 9, e->end);
    } else {
        db_bind_null(s, 8);
        db_bind_null(s, 9);
    }
    db_bind_int64(s, 10, e->seconds);
    db_bind_text(s, 11, e->note ? e->note : "", -1, DB_TRANSIENT);
    store_bind_text(s, 12, e->source_key);
    store_bind_id(s, 13, e->invoice_id);
    db_bind_int64(s, 14, e->created);
    db_bind_int64(s, 15, e->updated);
    store_bind_text(s, 17, e->ref && *e->ref ? e->ref : NULL);
}

int store_entry_insert(store *st, tk_entry *e, tk_err *err)
{
#define ENTRY_INSERT                                                                          \
    "INSERT INTO entries(user_id, client_id, project_id, tier, billable, day, last_day, "     \
    "start_utc, end_utc, seconds, note, source_key, invoice_id, created_utc, updated_utc, "     \
    "ref"
    /* Without an id the database picks the next one (PostgreSQL refuses an explicit NULL). */
    static const char sql_new[] =
        ENTRY_INSERT ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?17)";
    static const char sql_id[] =
        ENTRY_INSERT ", id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?17,"
        "?16)";
    bool s_new = !e->id;
    db_stmt *s = store_prep(st, s_new ? sql_new : sql_id, err);
    if (!s)
        return -1;
    bind_entry(s, e);
    if (e->id)
        db_bind_int64(s, 16, e->id);
    if (store_exec_stmt(st, s, err, "saving the entry"))
        return -1;
    if (s_new)
        e->id = db_last_insert_rowid(st->db);
    return note_span(st, e, err);
}

int store_entry_update(store *st, const tk_entry *e, tk_err *err)
{
    static const char sql[] =
        "UPDATE entries SET user_id = ?1, client_id = ?2, project_id = ?3, tier = ?4, "
        "billable = ?5, day = ?6, last_day = ?7, start_utc = ?8, end_utc = ?9, seconds = ?10, "
        "note = ?11, source_key = ?12, invoice_id = ?13, created_utc = ?14, updated_utc = ?15, "
        "ref = ?17 WHERE id = ?16 AND" ENTRY_SEEN("entries");
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    bind_entry(s, e);
    db_bind_int64(s, 16, e->id);
    if (store_exec_stmt(st, s, err, "saving the entry"))
        return -1;
    return note_span(st, e, err);
}

int store_entry_delete(store *st, int64_t id, tk_err *err)
{
    static const char sql[] = "DELETE FROM entries WHERE id = ?1 AND" ENTRY_SEEN("entries");
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, id);
    return store_exec_stmt(st, s, err, "deleting the entry");
}

typedef struct listed {
    store *st;
    names users, clients, projects;
    int (*fn)(const tk_entry *, void *);
    void *ctx;
    tk_err *err;
    store_day_cache day, last_day;
    bool unnamed;           /* store_filter.unnamed */
} listed;

/* Column i's text, sqlite's own until the next step (NULL, or "" when empty is asked for). */
static char *listed_col(db_stmt *s, int i, bool or_empty)
{
    const char *t = (const char *)db_column_text(s, i);
    return (char *)(t ? t : or_empty ? "" : NULL);
}

/* Names the entry and passes it on. Nonzero stops. Its strings are sqlite's and the names
 * tables' (borrowed for the call: the callback copies what it keeps). */
static int list_one(listed *l, tk_entry *e)
{
    const char *user, *client = NULL, *project = NULL;
    int stop = 0;
    if (names_get(l->st, &l->users, e->user_id, &user, l->err) ||
        (!l->unnamed && (names_get(l->st, &l->clients, e->client_id, &client, l->err) ||
                         (e->project_id &&
                          names_get(l->st, &l->projects, e->project_id, &project, l->err)))))
        stop = -1;
    else if (user && l->unnamed) {
        e->user = (char *)user;
        stop = l->fn(e, l->ctx);
    } else if (user && client) {
        /* Borrowed from the tables for the call; the callback copies what it keeps. */
        e->user = (char *)user;
        e->client = (char *)client;
        e->project = (char *)(project ? project : "");
        stop = l->fn(e, l->ctx);
    }
    return stop;
}

/* Rows of ENTRY_LIST (or the columns c names), named from the tables by id (unnamed: the
 * user only), in the statement's order. A row whose user or client is missing is left out, as
 * the joins it replaces did; a missing project reads as none (a left join). user_id: the
 * listing's one user when c reads none. */
static int each_listed(store *st, db_stmt *s, const listed_cols *c, int64_t user_id,
                       bool unnamed, int (*fn)(const tk_entry *, void *), void *ctx,
                       tk_err *err)
{
    listed l = { st,
                 { sql_user_login, "SELECT id, login FROM users", NULL, 0, 0, false, { 0 } },
                 { sql_client_key, "SELECT id, key FROM clients", NULL, 0, 0, false, { 0 } },
                 { sql_project_key, "SELECT id, key FROM projects", NULL, 0, 0, false, { 0 } },
                 fn, ctx, err, { { 0 }, 0 }, { { 0 }, 0 }, unnamed };
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_entry e = { .id = db_column_int64(s, c->id),
                       .user_id = c->user < 0 ? user_id : db_column_int64(s, c->user),
                       .client_id = db_column_int64(s, c->client),
                       .project_id = db_column_int64(s, c->project),
                       .billable = db_column_int(s, c->billable),
                       .day = store_col_day_cached(s, c->day, &l.day),
                       .start = db_column_int64(s, c->start),
                       .end = db_column_int64(s, c->end),
                       .seconds = db_column_int64(s, c->seconds),
                       .invoice_id = db_column_int64(s, c->invoice) };
        /* A start of 0 is a range too (1970-01-01): only then is the type asked. */
        e.has_range = e.start || db_column_type(s, c->start) != DB_NULL;
        if (c->last_day < 0) {
            e.last_day = e.day;
        } else {
            e.last_day = store_col_day_cached(s, c->last_day, &l.last_day);
            e.created = db_column_int64(s, c->created);
            e.updated = db_column_int64(s, c->updated);
        }
        e.tier = listed_col(s, c->tier, false);
        e.note = listed_col(s, c->note, true);
        e.source_key = c->source_key < 0 ? NULL : listed_col(s, c->source_key, false);
        e.ref = listed_col(s, c->ref, false);
        stop = list_one(&l, &e);
    }
    if (!stop && rc != DB_DONE)
        stop = store_fail(st, err, "reading entries");
    db_reset(s);
    names_free(&l.users);
    names_free(&l.clients);
    names_free(&l.projects);
    return stop < 0 ? -1 : stop;
}

/* The row of sql keyed by ?1 = key, given to read with out: 1 found, 0 not, -1 error (what
 * names the reading in it). */
static int one_row(store *st, const char *sql, int64_t key, void (*read)(db_stmt *, void *),
                   void *out, const char *what, tk_err *err)
{
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, key);
    int rc = db_step(s);
    if (rc == DB_ROW)
        read(s, out);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, what);
    return rc == DB_ROW;
}

static void entry_row(db_stmt *s, void *out)
{
    read_entry(s, out);
}

/* One entry of a query keyed by one id: 1 found, 0 not, -1 error. */
static int entry_one(store *st, const char *sql, int64_t key, tk_entry *out, tk_err *err)
{
    return one_row(st, sql, key, entry_row, out, "reading the entry", err);
}

int store_entry_last(store *st, int64_t user_id, tk_entry *out, tk_err *err)
{
    return entry_one(st, sql_entry_last, user_id, out, err);
}

int store_entry_get(store *st, int64_t id, tk_entry *out, tk_err *err)
{
    return entry_one(st, sql_entry_get, id, out, err);
}

int store_entry_each(store *st, const store_filter *f,
                     int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err)
{
    int span;
    if (max_span(st, &span, err))
        return -1;
    /* Days are compared as 'YYYY-MM-DD' text, so every bound must be a day tock can write:
     * clamp to 0001-01-01 … 9999-12-31 (a week may run past either end). */
    tk_day from = f->from < DAY_MIN ? DAY_MIN : f->from, to = f->to > DAY_MAX ? DAY_MAX : f->to;
    tk_day lo = from - DAY_MIN < span ? DAY_MIN : from - span;
    bool shown = f->shown_only && f->user_id;
    bool all = shown && !f->uninvoiced_only && !f->project_id && !f->client_id;
    const char *sql = all ? (lo < from ? sql_by_user_shown_reach : sql_by_user_shown_all)
                      : shown ? sql_by_user_shown : f->user_id ? sql_by_user
                      : f->client_id ? sql_by_client : sql_by_day;
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    store_bind_day(s, 1, lo);
    store_bind_day(s, 2, to);
    store_bind_day(s, 3, from);
    db_bind_int64(s, 4, f->user_id ? f->user_id : f->client_id);
    if (!all) {   /* the filters' parameters: ENTRY_RANGE's statements have them */
        db_bind_int(s, 5, f->uninvoiced_only);
        db_bind_int64(s, 6, f->project_id);
        if (f->user_id)
            db_bind_int64(s, 7, f->client_id);
    }
    return each_listed(st, s, shown ? &cols_shown : &cols_list, f->user_id, f->unnamed,
                       fn, ctx, err);
}


/* Steps a statement of sql_grid's columns, bound; *rows (when not NULL) counts them. */
static int grid_rows_counted(store *st, db_stmt *s, int64_t user_id,
                             int (*fn)(const tk_entry *e, void *ctx), void *ctx, size_t *rows,
                             tk_err *err)
{
    int rc, stop = 0;
    size_t n = 0;
    store_day_cache first = { "", 0 };
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        /* A NULL start reads 0: only then is its type asked (a start at the epoch itself is
         * a range too). */
        int64_t start = db_column_int64(s, 6);
        bool range = start != 0 || db_column_type(s, 6) != DB_NULL;
        tk_day day = store_col_day_cached(s, 5, &first);
        /* The tier is sqlite's own text, valid until the next step: nothing to copy or free. */
        tk_entry e = { .id = db_column_int64(s, 0), .user_id = user_id,
                       .client_id = db_column_int64(s, 1),
                       .project_id = db_column_int64(s, 2),
                       .tier = (char *)db_column_text(s, 3),
                       .billable = db_column_int(s, 4) != 0,
                       .day = day, .last_day = day, /* not read: see sql_grid */
                       .has_range = range,
                       .start = start,
                       .end = range ? db_column_int64(s, 7) : 0,
                       .seconds = db_column_int64(s, 8),
                       .invoice_id = db_column_int64(s, 9) };
        stop = fn(&e, ctx);
        n++;
    }
    db_reset(s);
    if (rows)
        *rows = n;
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading entries");
    return stop;
}

static int grid_rows(store *st, db_stmt *s, int64_t user_id,
                     int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err)
{
    return grid_rows_counted(st, s, user_id, fn, ctx, NULL, err);
}

/* Binds sql_grid's or sql_week_edge's first four: the days [from, to] and what began before
 * them by at most the longest entry (span days) and ends in them. */
static void bind_days(db_stmt *s, int64_t user_id, int span, tk_day from, tk_day to)
{
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, from - DAY_MIN < span ? DAY_MIN : from - span);
    store_bind_day(s, 3, to);
    store_bind_day(s, 4, from);
}

int store_entry_grid_each(store *st, int64_t user_id, tk_day from, tk_day to,
                          int (*fn)(const tk_entry *e, void *ctx), void *ctx, tk_err *err)
{
    int span;
    if (max_span(st, &span, err))
        return -1;
    db_stmt *s = store_prep(st, sql_grid, err);
    if (!s)
        return -1;
    bind_days(s, user_id, span, from < DAY_MIN ? DAY_MIN : from, to > DAY_MAX ? DAY_MAX : to);
    return grid_rows(st, s, user_id, fn, ctx, err);
}

/* The rows of days [lo, hi] that end on from or later and have time in [begin, end): the
 * days beside a week. */
static int edge_each(store *st, int64_t user_id, tk_day lo, tk_day hi, tk_day from,
                     int64_t begin, int64_t end, int (*fn)(const tk_entry *e, void *ctx),
                     void *ctx, tk_err *err)
{
    db_stmt *s = store_prep(st, st->pg ? pg_week_edge : sql_week_edge, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, lo);
    store_bind_day(s, 3, hi);
    store_bind_day(s, 4, from);
    db_bind_int64(s, 5, begin);
    db_bind_int64(s, 6, end);
    return grid_rows(st, s, user_id, fn, ctx, err);
}

/* The same rows of one day on sqlite, given the longest range: sql_week_edge_day. */
static int edge_day(store *st, int64_t user_id, tk_day day, tk_day from, int64_t longest,
                    int64_t begin, int64_t end, int (*fn)(const tk_entry *e, void *ctx),
                    void *ctx, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_week_edge_day, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    store_bind_day(s, 2, day);
    db_bind_int64(s, 3, longest > 0 && begin < INT64_MIN + longest ? INT64_MIN
                        : begin - (longest > 0 ? longest : 0));
    db_bind_int64(s, 4, end);
    db_bind_int64(s, 5, begin);
    store_bind_day(s, 6, from);
    return grid_rows(st, s, user_id, fn, ctx, err);
}

/* A week with this many rows of its own has busy neighbours too: its edge days are sought
 * (edge_day) rather than stepped over. Below it a day's few rows cost less to step than
 * max_range and a second statement cost to prepare (a quiet week: ~36 k instructions). */
#define WEEK_SEEK_ROWS 256

int store_entry_week_each(store *st, int64_t user_id, tk_day first, tk_day last, int64_t begin,
                          int64_t end, int (*fn)(const tk_entry *e, void *ctx), void *ctx,
                          tk_err *err)
{
    /* What store_entry_grid_each(first - 1, last + 1) reads (entries keep the local days
     * where they were recorded: a day more on each side), less what has no time in the
     * week: the week's own days, then the rows of the days before and after that reach
     * into it. */
    int span, rc;
    size_t rows = 0;
    int64_t longest = 0;
    if (max_span(st, &span, err))
        return -1;
    tk_day from = first - 1 < DAY_MIN ? DAY_MIN : first - 1;
    db_stmt *s = store_prep(st, st->pg ? pg_week_days : sql_week_days, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);   /* the first and last weeks reach past the calendar */
    store_bind_day(s, 2, first < DAY_MIN ? DAY_MIN : first);
    store_bind_day(s, 3, last > DAY_MAX ? DAY_MAX : last);
    rc = grid_rows_counted(st, s, user_id, fn, ctx, &rows, err);
    tk_day lo = from - DAY_MIN < span ? DAY_MIN : from - span;
    if (st->pg || rows < WEEK_SEEK_ROWS) {
        if (!rc && first > DAY_MIN)
            rc = edge_each(st, user_id, lo, from, from, begin, end, fn, ctx, err);
        if (!rc && last < DAY_MAX)
            rc = edge_each(st, user_id, last + 1, last + 1, from, begin, end, fn, ctx, err);
        return rc;
    }
    /* A busy week on sqlite: each day before it that an entry can reach it from (max_span),
     * then the day after, each by its own seek; the same rows in the same order (day, then
     * start). */
    if (!rc && max_range(st, &longest, err))
        return -1;
    for (tk_day d = lo; !rc && first > DAY_MIN && d <= from; d++)
        rc = edge_day(st, user_id, d, from, longest, begin, end, fn, ctx, err);
    if (!rc && last < DAY_MAX)
        rc = edge_day(st, user_id, last + 1, from, longest, begin, end, fn, ctx, err);
    return rc;
}

int store_entry_overlap(store *st, int64_t user_id, int64_t start, int64_t end,
                        int64_t exclude_id, tk_entry *out, tk_err *err)
{
    int64_t longest;
    if (max_range(st, &longest, err))
        return -1;
    db_stmt *s = store_prep(st, sql_overlap, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    db_bind_int64(s, 2, start);
    db_bind_int64(s, 3, end);
    /* An entry overlapping [start, end) began at most the longest range earlier. */
    db_bind_int64(s, 4, start - longest);
    db_bind_int64(s, 5, exclude_id);
    int rc = db_step(s);
    if (rc == DB_ROW)
        read_entry(s, out);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "checking for overlaps");
    return rc == DB_ROW;
}

int store_entry_last_invoiced_day(store *st, int64_t client_id, tk_day *out, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_last_invoiced, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    int rc = db_step(s);
    int found = rc == DB_ROW && db_column_type(s, 0) != DB_NULL;
    if (found)
        *out = store_col_day(s, 0);
    db_reset(s);
    if (rc != DB_ROW)
        return store_fail(st, err, "reading entries");
    return found;
}

int store_project_tracked(store *st, int64_t client_id, int64_t project_id, int64_t *seconds,
                          tk_err *err)
{
    db_stmt *s = store_prep(st, sql_project_tracked, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, client_id);
    db_bind_int64(s, 2, project_id);
    int rc = db_step(s);
    *seconds = rc == DB_ROW ? db_column_int64(s, 0) : 0;
    db_reset(s);
    return rc == DB_ROW ? 0 : store_fail(st, err, "reading entries");
}

int store_entry_source_exists(store *st, const char *source_key, tk_err *err)
{
    db_stmt *s = store_prep(st, sql_source_exists, err);
    if (!s)
        return -1;
    db_bind_text(s, 1, source_key, -1, DB_TRANSIENT);
    int rc = db_step(s);
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(st, err, "reading entries");
    return rc == DB_ROW;
}

int store_entry_any(store *st, tk_err *err)
{
    static const char sql[] = "SELECT EXISTS(SELECT 1 FROM entries WHERE" ENTRY_SEEN("entries") ")";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc = db_step(s);
    int any = rc == DB_ROW && db_column_int(s, 0);
    db_reset(s);
    return rc == DB_ROW ? any : store_fail(st, err, "reading entries");
}

static void read_timer(db_stmt *s, tk_timer *out)
{
    memset(out, 0, sizeof *out);
    out->user_id = db_column_int64(s, 0);
    out->client_id = db_column_int64(s, 1);
    out->project_id = db_column_int64(s, 2);
    out->client = store_col_text_or_empty(s, 3);
    out->project = store_col_text_or_empty(s, 4);
    out->tier = store_col_text(s, 5);
    out->billable = db_column_int(s, 6);
    out->note = store_col_text_or_empty(s, 7);
    out->start = db_column_int64(s, 8);
    out->ref = store_col_text(s, 10);
}

static void text_row(db_stmt *s, void *out)
{
    *(char **)out = store_col_text_or_empty(s, 0);
}

/* Row id's text in sql's one column: 1 and *out (the caller frees), 0 when there is none;
 * what names the reading in an error. */
static int text_of(store *st, const char *sql, int64_t id, char **out, const char *what,
                   tk_err *err)
{
    return one_row(st, sql, id, text_row, out, what, err);
}

static void timer_row(db_stmt *s, void *out)
{
    read_timer(s, out);
}

/* sql_timer_get's answer from sql_timer_row and the keys by id: no timer when its user or
 * client is missing (the joins), no project key when its project is (the left join). */
static int timer_by_parts(store *st, int64_t user_id, tk_timer *out, tk_err *err)
{
    int rc = one_row(st, sql_timer_row, user_id, timer_row, out, "reading the timer", err);
    if (rc != 1)
        return rc;
    char *login = NULL, *client = NULL, *project = NULL;
    int found = text_of(st, sql_user_login, out->user_id, &login, "reading the timer", err);
    if (found == 1)
        found = text_of(st, sql_client_key, out->client_id, &client, "reading the timer", err);
    if (found == 1 && out->project_id &&
        text_of(st, sql_project_key, out->project_id, &project, "reading the timer", err) < 0)
        found = -1;
    free(login);
    if (found != 1) {
        free(client);
        free(project);
        tk_timer_clear(out);
        return found;
    }
    free(out->client);
    out->client = client;
    if (project) {
        free(out->project);
        out->project = project;
    }
    return 1;
}

int store_timer_get(store *st, int64_t user_id, tk_timer *out, tk_err *err)
{
    if (!store_round_trips(st))
        return timer_by_parts(st, user_id, out, err);
    /* A server: the join, one round trip. */
    return one_row(st, sql_timer_get, user_id, timer_row, out, "reading the timer", err);
}

int store_timer_put(store *st, const tk_timer *t, tk_err *err)
{
    static const char sql[] =
        "INSERT INTO timers(user_id, client_id, project_id, tier, billable, note, "
        "start_utc, ref) VALUES (?1,?2,?3,?4,?5,?6,?7,?8) ON CONFLICT(user_id) DO UPDATE SET "
        "client_id = excluded.client_id, project_id = excluded.project_id, tier = excluded.tier, "
        "billable = excluded.billable, note = excluded.note, start_utc = excluded.start_utc, "
        "ref = excluded.ref";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, t->user_id);
    db_bind_int64(s, 2, t->client_id);
    store_bind_id(s, 3, t->project_id);
    store_bind_text(s, 4, t->tier);
    db_bind_int(s, 5, t->billable);
    db_bind_text(s, 6, t->note ? t->note : "", -1, DB_TRANSIENT);
    db_bind_int64(s, 7, t->start);
    store_bind_text(s, 8, t->ref && *t->ref ? t->ref : NULL);
    return store_exec_stmt(st, s, err, "saving the timer");
}

int store_timer_delete(store *st, int64_t user_id, tk_err *err)
{
    static const char sql[] = "DELETE FROM timers WHERE user_id = ?1";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    db_bind_int64(s, 1, user_id);
    return store_exec_stmt(st, s, err, "stopping the timer");
}

int store_timer_each(store *st, int (*fn)(const tk_timer *t, const char *login, void *ctx),
                     void *ctx, tk_err *err)
{
    static const char sql[] = TIMER_SELECT "ORDER BY u.login";
    db_stmt *s = store_prep(st, sql, err);
    if (!s)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(s)) == DB_ROW) {
        tk_timer t;
        read_timer(s, &t);
        stop = fn(&t, (const char *)db_column_text(s, 9), ctx);
        tk_timer_clear(&t);
    }
    db_reset(s);
    if (!stop && rc != DB_DONE)
        return store_fail(st, err, "reading timers");
    return stop;
}

int store_invoice_reference(store *st, int64_t invoice_id, char **out, tk_err *err)
{
    static const char sql[] = "SELECT reference FROM invoices WHERE id = ?1";
    return text_of(st, sql, invoice_id, out, "reading invoices", err);
}
