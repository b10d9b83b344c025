/* The hot statements stay on indexes: no full scan of a table that grows with history. */
#include "test.h"
#include "store.h"

#include <unistd.h>

/* A plan step that reads a whole table ("SCAN e", "SCAN entries USING INDEX ...") rather than
 * searching an index. Covering-index scans count too: their cost grows with the table. */
static int full_scan(const char *plan)
{
    for (const char *l = plan; *l;) {
        const char *end = strchr(l, '\n');
        size_t n = end ? (size_t)(end - l) : strlen(l);
        while (n && *l == ' ')
            l++, n--;
        if (n >= 5 && !strncmp(l, "SCAN ", 5) && strncmp(l, "SCAN CONSTANT ROW", 17))
            return 1;
        l += n;
        if (*l == '\n')
            l++;
    }
    return 0;
}

TEST(store_hot_queries_use_indexes)
{
    char path[] = "/tmp/tock-plan-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    unlink(path);
    store *st = NULL;
    tk_err err = { "" };
    CHECK_INT(store_open(path, &st, &err), 0);
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
    CHECK(full_scan("SEARCH e USING INDEX x (a=?)\n  SCAN c\n"));
    CHECK(!full_scan("SEARCH e USING INDEX x (a=?)\nUSE TEMP B-TREE FOR ORDER BY\n"));
    store_close(st);
    unlink(path);
    char wal[64];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
}
