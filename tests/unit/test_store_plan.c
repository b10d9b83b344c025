/* The hot statements stay on indexes: no full scan of a table that grows with history. */
#include "test.h"
#include "store.h"

#include <unistd.h>

/* A plan step that reads a whole table ("SCAN e", "SCAN entries USING INDEX ...") rather than
 * searching an index, or that reads entries without bounding them: a search of the entries
 * must use the primary key, a covering index, a range of days or start times, or the index of
 * invoiced entries (whose MAX reads one row). An unbounded search by user or client grows with
 * the history. Returns the offending line's length (0: none) and its start in *bad. */
static size_t bad_step(const char *plan, const char **bad)
{
    for (const char *l = plan; *l;) {
        const char *end = strchr(l, '\n');
        size_t n = end ? (size_t)(end - l) : strlen(l);
        char line[512];
        while (n && *l == ' ')
            l++, n--;
        snprintf(line, sizeof line, "%.*s", (int)n, l);
        int scan = !strncmp(line, "SCAN ", 5) && strncmp(line, "SCAN CONSTANT ROW", 17);
        int entries = !strncmp(line, "SEARCH e ", 9) || !strncmp(line, "SEARCH entries ", 15);
        if (entries && (strstr(line, "PRIMARY KEY") || strstr(line, "COVERING INDEX") ||
                        strstr(line, "day>") || strstr(line, "start_utc>") ||
                        strstr(line, "INDEX entries_client_invoiced ")))
            entries = 0;
        if (scan || entries) {
            *bad = l;
            return n;
        }
        l += n;
        if (*l == '\n')
            l++;
    }
    return 0;
}

static int full_scan(const char *plan)
{
    const char *bad;
    return bad_step(plan, &bad) > 0;
}

/* A new database in a scratch file named from path's template (NULL when it cannot open:
 * the check has failed), and its removal with its WAL and shared-memory files. */
static store *plan_store(char *path, tk_err *err)
{
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return NULL;
    close(fd);
    unlink(path);
    store *st = NULL;
    CHECK_INT(store_open(path, &st, err), 0);
    return st;
}

static void plan_store_drop(store *st, const char *path)
{
    store_close(st);
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

TEST(store_hot_queries_use_indexes)
{
    char path[] = "/tmp/tock-plan-XXXXXX";
    tk_err err = { "" };
    store *st = plan_store(path, &err);
    if (!st)
        return;
    const char *names[64];
    size_t n = store_hot_names(names, 64);
    CHECK(n >= 10 && n <= 64);
    for (size_t i = 0; i < n && i < 64; i++) {
        strbuf plan = { 0 };
        CHECK_INT(store_explain(st, names[i], &plan, &err), 0);
        CHECK(plan.len > 0);
        if (full_scan(sb_str(&plan))) {
            fprintf(stderr, "    %s scans a table:\n%s", names[i], sb_str(&plan));
            CHECK(!"a hot statement scans a table");
        }
        sb_free(&plan);
    }
    strbuf plan = { 0 };
    CHECK_INT(store_explain(st, "no-such-statement", &plan, &err), -1);
    sb_free(&plan);
    /* The test catches a scan when there is one. */
    CHECK(full_scan("SEARCH e USING INDEX x (day>?)\n  SCAN c\n"));
    CHECK(full_scan("SEARCH e USING INDEX entries_client_day (client_id=?)\n"));
    CHECK(!full_scan("SEARCH e USING INDEX x (user_id=? AND day>? AND day<?)\n"
                     "USE TEMP B-TREE FOR ORDER BY\n"));
    plan_store_drop(st, path);
}

/* What a user's listing shows (`tock log`, schema step 18), what a week grid reads and what
 * report profit bills (entry_bills: it stops at the first day past its range) come from one
 * index alone, in listing order: no table row per entry and no sort. */
TEST(store_listing_and_grid_read_one_covering_index)
{
    char path[] = "/tmp/tock-plan-XXXXXX";
    tk_err err = { "" };
    store *st = plan_store(path, &err);
    if (!st)
        return;
    static const char *const names[] = { "entries_by_user_shown", "entries_by_user_shown_all",
                                         "entries_by_user_shown_reach", "entries_grid",
                                         "entry_bills", "entries_week_days",
                                         "entries_week_edge", "entries_week_edge_day" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        strbuf plan = { 0 };
        CHECK_INT(store_explain(st, names[i], &plan, &err), 0);
        if (!strstr(sb_str(&plan), "COVERING INDEX entries_user_list") ||
            strstr(sb_str(&plan), "TEMP B-TREE")) {
            fprintf(stderr, "    %s:\n%s", names[i], sb_str(&plan));
            CHECK(!"reads the table or sorts");
        }
        sb_free(&plan);
    }
    /* The days next to a week: sought to the earliest start that can reach into it. */
    strbuf plan = { 0 };
    CHECK_INT(store_explain(st, "entries_week_edge_day", &plan, &err), 0);
    CHECK(strstr(sb_str(&plan), "day=? AND <expr>>? AND <expr><?") != NULL);
    sb_free(&plan);
    plan_store_drop(st, path);
}
