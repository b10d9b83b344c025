/* store_pg_watch.c — the data version on PostgreSQL, for the TUI's liveness.
 *
 * Every write transaction bumps tock_state.data_version, and a trigger on that row (schema
 * step 16) sends NOTIFY tock with the new counter as its payload (a number, never data). A
 * screen's connection LISTENs once; after that store_data_version costs no round trip: it
 * takes what libpq already holds and reads the socket only when it is readable. A connection
 * found gone is made again here (or by the next statement), LISTENs again, re-reads the
 * counter, and counts as a change, so the screen reloads; store_data_link says which. Making
 * it again never blocks the screen for long (db_pg_link: libpq's non-blocking reset). */
#include "store_impl.h"

/* LISTENs on this connection and reads the counter as it is now: a commit after the LISTEN
 * is notified, one before it is in the counter. 0 or -1. */
static int listen_now(store *st)
{
    static const char sql[] = "SELECT data_version FROM tock_state";
    if (db_exec(st->db, "LISTEN tock", NULL, NULL, NULL) != DB_OK)
        return -1;
    db_stmt *s = store_prep(st, sql, NULL);
    int rc = s && db_step(s) == DB_ROW ? 0 : -1;
    if (rc == 0)
        st->watch.version = db_column_int64(s, 0);
    if (s)
        db_reset(s);
    st->watch.listening = rc == 0;
    return rc;
}

/* A connection made again: its LISTEN is gone, and anything may have changed meanwhile. */
static void note_reconnect(store *st)
{
    st->reconnects++;
    st->watch.listening = false;
    st->watch.link = STORE_LINK_BACK;
}

int64_t store_pg_data_version(store *st)
{
    /* BACK is said once; DOWN stays until the connection is made again. */
    if (st->watch.link == STORE_LINK_BACK)
        st->watch.link = STORE_LINK_UP;
    /* Never blocks for long: a screen calls this each second, and a server that does not
     * answer would freeze it for connect_timeout. */
    int link = db_pg_link(st->db, 100);
    if (link == 1)
        note_reconnect(st);
    if (link >= 0 && st->watch.listening && db_pg_notified(st->db, &st->watch.version) < 0) {
        st->watch.listening = false; /* found gone just now: start making it again at once */
        link = db_pg_link(st->db, 100);
        if (link == 1)
            note_reconnect(st);
    }
    if (link < 0 || (!st->watch.listening && listen_now(st) != 0)) {
        st->watch.listening = false;
        st->watch.link = STORE_LINK_DOWN;
        return -1;
    }
    if (st->watch.link == STORE_LINK_DOWN)
        st->watch.link = STORE_LINK_BACK;
    return st->watch.version + st->reconnects;
}

store_link store_data_link(store *st)
{
    return st->pg ? st->watch.link : STORE_LINK_UP;
}

int store_data_fd(store *st)
{
    return st->pg && st->watch.listening ? db_pg_socket(st->db) : -1;
}
