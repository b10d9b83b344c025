/* floor.c — the bare-sqlite floor for bench.py: what reading one week's entries costs with
 * nothing else around it. Opens the database read-only, finds the user, reads the columns a
 * week grid needs (client, project, tier, billable, day, start, end, seconds) of the user's
 * entries in [FROM, TO] through the (user_id, day) index, and sums them so the work is not
 * optimised away. Not part of tock: a bench tool may talk to sqlite directly.
 *
 *   floor DB LOGIN FROM TO        (days as YYYY-MM-DD; prints "rows=N seconds=S") */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

static int fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "floor: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: floor DB LOGIN FROM TO\n");
        return 2;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL))
        return fail(db, argv[1]);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db,
                           "SELECT e.client_id, e.project_id, e.tier, e.billable, e.day, "
                           "e.start_utc, e.end_utc, e.seconds FROM users u JOIN entries e "
                           "ON e.user_id = u.id WHERE u.login = ?1 AND e.day BETWEEN ?2 AND ?3",
                           -1, &s, NULL))
        return fail(db, "prepare");
    sqlite3_bind_text(s, 1, argv[2], -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, argv[3], -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, argv[4], -1, SQLITE_STATIC);
    long rows = 0;
    int64_t sum = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sum += sqlite3_column_int64(s, 0) + sqlite3_column_int64(s, 1) +
               sqlite3_column_int(s, 3) + sqlite3_column_int64(s, 5) +
               sqlite3_column_int64(s, 6) + sqlite3_column_int64(s, 7);
        sum += sqlite3_column_bytes(s, 2) + sqlite3_column_bytes(s, 4);
        rows++;
    }
    if (rc != SQLITE_DONE)
        return fail(db, "step");
    sqlite3_finalize(s);
    sqlite3_close(db);
    printf("rows=%ld sum=%lld\n", rows, (long long)sum);
    return 0;
}
