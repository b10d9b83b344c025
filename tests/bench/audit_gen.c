/* audit_gen.c — appends N chained audit records to a tock database, as tock writes them (an
 * entry's "after" of ~330 bytes, edits with a before and after), for timing `tock audit
 * verify`. A bench tool, not part of tock: it may use sqlite3 directly. The hash is tock's
 * own (src/audit_chain.c, compiled in).
 *
 *   audit_gen DB N */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_chain.h"

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "audit_gen: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: audit_gen DB N\n");
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK)
        die(db, "open");
    sqlite3_stmt *head, *user, *ins;
    if (sqlite3_prepare_v2(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1, &head,
                           NULL) ||
        sqlite3_prepare_v2(db, "SELECT id, login FROM users ORDER BY id LIMIT 1", -1, &user, NULL) ||
        sqlite3_prepare_v2(db, "INSERT INTO audit(id, at_utc, user_id, action, entity, entity_id, "
                           "detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, 'entry', ?5, ?6, ?7, ?8)",
                           -1, &ins, NULL))
        die(db, "prepare");
    int64_t seq = 0, uid = 0;
    char prev[SHA256_HEX] = "", login[256] = "";
    if (sqlite3_step(head) == SQLITE_ROW) {
        seq = sqlite3_column_int64(head, 0);
        snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(head, 1));
    }
    if (sqlite3_step(user) != SQLITE_ROW)
        die(db, "no user: run a tock command on the database first");
    uid = sqlite3_column_int64(user, 0);
    snprintf(login, sizeof login, "%s", (const char *)sqlite3_column_text(user, 1));
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    int64_t at = 1700000000;
    char detail[1024];
    for (long i = 0; i < n; i++) {
        seq++;
        at += 37;
        int64_t eid = i / 2 + 1;
        const char *action = i % 2 ? "edit" : "add";
        int len;
        if (i % 2)
            len = snprintf(detail, sizeof detail, "{\"before\":{\"seconds\":%" PRId64 ",\"note\":"
                           "\"ticket %" PRId64 "\"},\"after\":{\"seconds\":%" PRId64 ",\"note\":"
                           "\"ticket %" PRId64 " and review\"}}", (int64_t)3600, eid,
                           (int64_t)5400, eid);
        else
            len = snprintf(detail, sizeof detail, "{\"after\":{\"id\":%" PRId64 ",\"user_id\":%"
                           PRId64 ",\"client_id\":%d,\"project_id\":%d,\"tier\":null,"
                           "\"billable\":1,\"day\":\"2026-11-19\",\"last_day\":\"2026-11-19\","
                           "\"start_utc\":%" PRId64 ",\"end_utc\":%" PRId64 ",\"seconds\":3600,"
                           "\"note\":\"ticket %" PRId64 ": fixing the importer\","
                           "\"source_key\":null,\"invoice_id\":null,\"created_utc\":%" PRId64
                           "}}", eid, uid, (int)(i % 200) + 1, (int)(i % 700) + 1, at - 3600,
                           at, eid, at);
        audit_rec r = { .seq = seq, .at = at, .user = login, .action = action, .entity = "entry",
                        .entity_id = eid, .has_entity_id = true, .detail = detail,
                        .detail_len = (size_t)len };
        char hash[SHA256_HEX];
        audit_chain_hash(&r, prev, hash);
        sqlite3_bind_int64(ins, 1, seq);
        sqlite3_bind_int64(ins, 2, at);
        sqlite3_bind_int64(ins, 3, uid);
        sqlite3_bind_text(ins, 4, action, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 5, eid);
        sqlite3_bind_text(ins, 6, detail, len, SQLITE_STATIC);
        if (*prev)
            sqlite3_bind_text(ins, 7, prev, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(ins, 7);
        sqlite3_bind_text(ins, 8, hash, -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die(db, "insert");
        sqlite3_reset(ins);
        memcpy(prev, hash, SHA256_HEX);
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die(db, "commit");
    sqlite3_finalize(head);
    sqlite3_finalize(user);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    printf("%" PRId64 "\n", seq);
    return 0;
}
