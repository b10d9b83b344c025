/* app_migrate.c — `tock db migrate`: a whole database copied into another store (a sqlite file
 * into PostgreSQL, or back) in one transaction of the target, checked before it commits: the
 * rows of every table, read back from the target, must be those of the source, value for
 * value, in the order `tock export --all` writes them. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"
#include "store.h"

struct copy {
    store *to;
    store_restore *r;
    tk_err *err;
    long rows;
    int tables;
};

static int copy_table(const char *name, const char *const *cols, int n, void *ctx)
{
    struct copy *c = ctx;
    c->tables++;
    c->r = store_restore_table(c->to, name, cols, n, c->err);
    return c->r ? 0 : -1;
}

static int copy_row(const store_value *v, int n, void *ctx)
{
    struct copy *c = ctx;
    (void)n;
    c->rows++;
    return store_restore_row(c->r, v, c->err);
}

static int copy_end(void *ctx)
{
    struct copy *c = ctx;
    store_restore_end(c->r);
    c->r = NULL;
    return 0;
}

/* A digest of what store_dump reads: table names, columns, and each value with its kind. */
static void digest_text(sha256_ctx *h, char kind, const char *s)
{
    sha256_update(h, &kind, 1);
    sha256_update(h, s, strlen(s) + 1);
}

static int digest_table(const char *name, const char *const *cols, int n, void *ctx)
{
    digest_text(ctx, 'T', name);
    for (int i = 0; i < n; i++)
        digest_text(ctx, 'C', cols[i]);
    return 0;
}

static int digest_row(const store_value *v, int n, void *ctx)
{
    char num[32];
    digest_text(ctx, 'R', "");
    for (int i = 0; i < n; i++) {
        if (v[i].kind == STORE_INT) {
            snprintf(num, sizeof num, "%lld", (long long)v[i].i);
            digest_text(ctx, 'i', num);
        } else if (v[i].kind == STORE_TEXT) {
            digest_text(ctx, 's', v[i].s);
        } else {
            digest_text(ctx, 'n', "");
        }
    }
    return 0;
}

static int digest(store *st, unsigned char out[32], tk_err *err)
{
    sha256_ctx h;
    sha256_init(&h);
    store_dump_fns fns = { digest_table, digest_row, NULL };
    if (store_dump(st, &fns, &h, err))
        return -1;
    sha256_final(&h, out);
    return 0;
}

static void remove_file(const char *path)
{
    static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
    for (size_t i = 0; i < TK_ARRAY_LEN(suffixes); i++) {
        char *p = xasprintf("%s%s", path, suffixes[i]);
        unlink(p);
        free(p);
    }
}

int app_db_migrate(const char *from, const char *to, app_migrate_result *res, tk_err *err)
{
    memset(res, 0, sizeof *res);
    if (!strcmp(from, to))
        return tk_fail(err, "--from and --to name the same database");
    /* A file this creates is removed again if the copy fails: nothing half-written. */
    bool made = !store_is_server(to) && access(to, F_OK) != 0;
    store *src = NULL, *dst = NULL;
    int rc = store_open_read(from, false, &src, err);
    if (rc == 0)
        rc = store_open(to, &dst, err);
    if (rc == 0)
        rc = store_read_begin(src, err);
    if (rc == 0 && (rc = store_begin(dst, err)) == 0) {
        struct copy c = { .to = dst, .err = err };
        store_dump_fns fns = { copy_table, copy_row, copy_end };
        rc = store_restore_begin(dst, err);
        if (rc == 0)
            rc = store_dump(src, &fns, &c, err);
        store_restore_end(c.r);
        if (rc == 0)
            rc = store_restore_check(dst, err);
        unsigned char a[32], b[32];
        if (rc == 0 && !(rc = digest(src, a, err)) && !(rc = digest(dst, b, err)) &&
            memcmp(a, b, sizeof a))
            rc = tk_fail(err, "the copy reads back differently from the source (a value the "
                         "target store changed); nothing was written");
        res->rows = c.rows;
        res->tables = c.tables;
        rc = store_end(dst, rc, err);
    }
    if (src)
        store_rollback(src);
    store_close(src);
    store_close(dst);
    if (rc && made)
        remove_file(to);
    return rc ? -1 : 0;
}
