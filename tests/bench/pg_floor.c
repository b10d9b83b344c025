/* pg_floor.c — the bare-PostgreSQL floor for pg_bench.py: what any command on PostgreSQL pays
 * before it does anything, with nothing of tock around it. Loads libpq with dlopen as tock
 * does (store_db_pg.c), connects over the Unix socket, runs one `SELECT 1` and disconnects.
 * Not part of tock: a bench tool may talk to libpq directly.
 *
 *   pg_floor CONNINFO        load, connect, SELECT 1
 *   pg_floor --load-only     only load libpq (and the TLS and Kerberos libraries it links) */
#define _GNU_SOURCE /* RTLD_DEEPBIND */
#include <dlfcn.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: pg_floor CONNINFO | --load-only\n");
        return 2;
    }
    /* As store_db_pg.c's pq_load (without a sanitizer). */
    int flags = RTLD_LAZY | RTLD_LOCAL;
#ifdef RTLD_DEEPBIND
    flags |= RTLD_DEEPBIND;
#endif
    void *h = dlopen("libpq.so.5", flags);
    if (!h) {
        fprintf(stderr, "pg_floor: %s\n", dlerror());
        return 1;
    }
    if (!strcmp(argv[1], "--load-only"))
        return 0;
    PGconn *(*connectdb)(const char *);
    ConnStatusType (*status)(const PGconn *);
    PGresult *(*exec)(PGconn *, const char *);
    ExecStatusType (*rstatus)(const PGresult *);
    void (*finish)(PGconn *);
    /* ISO C has no cast from void * to a function pointer; POSIX's dlsym idiom. */
    *(void **)&connectdb = dlsym(h, "PQconnectdb");
    *(void **)&status = dlsym(h, "PQstatus");
    *(void **)&exec = dlsym(h, "PQexec");
    *(void **)&rstatus = dlsym(h, "PQresultStatus");
    *(void **)&finish = dlsym(h, "PQfinish");
    if (!connectdb || !status || !exec || !rstatus || !finish) {
        fprintf(stderr, "pg_floor: libpq lacks a function\n");
        return 1;
    }
    PGconn *c = connectdb(argv[1]);
    if (status(c) != CONNECTION_OK) {
        fprintf(stderr, "pg_floor: cannot connect\n");
        return 1;
    }
    int ok = rstatus(exec(c, "SELECT 1")) == PGRES_TUPLES_OK;
    finish(c);
    return ok ? 0 : 1;
}
