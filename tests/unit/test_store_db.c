/* The storage driver's PostgreSQL dialect: what it rewrites, and which names open a server. */
#include "test.h"
#include "store_db.h"

#include <stdlib.h>

static void rewrites(const char *sql, const char *want, int want_n)
{
    int n = -1;
    char *got = db_pg_rewrite(sql, &n);
    CHECK_STR(got, want);
    CHECK_INT(n, want_n);
    free(got);
}

TEST(pg_rewrite_parameters)
{
    rewrites("SELECT a FROM t WHERE b = ?1 AND c = ?2 OR d = ?1",
             "SELECT a FROM t WHERE b = $1 AND c = $2 OR d = $1", 2);
    rewrites("INSERT INTO t(a, b) VALUES (?, ?)", "INSERT INTO t(a, b) VALUES ($1, $2)", 2);
    rewrites("SELECT '?1', \"?\" FROM t WHERE x = ?12", "SELECT '?1', \"?\" FROM t WHERE x = $12",
             12);
    rewrites("SELECT 1", "SELECT 1", 0);
}

TEST(pg_rewrite_sqlite_isms)
{
    rewrites("SELECT IFNULL(a, 0), ifnull(b, ''), MYIFNULL(c) FROM t",
             "SELECT COALESCE(a, 0), COALESCE(b, ''), MYIFNULL(c) FROM t", 0);
    rewrites("INSERT OR IGNORE INTO f(a, b) VALUES (?1, ?2);\n",
             "INSERT INTO f(a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING", 2);
    rewrites("CREATE FUNCTION f() AS $$BEGIN x := ?; END$$",
             "CREATE FUNCTION f() AS $$BEGIN x := ?; END$$", 0);
}

TEST(pg_names)
{
    CHECK(db_is_pg_name("postgresql:///tock?host=/run/postgresql"));
    CHECK(db_is_pg_name("postgres://alice@db.example.com/tock?sslmode=verify-full"));
    CHECK(db_is_pg_name("service=tock"));
    CHECK(db_is_pg_name("host=/tmp dbname=tock"));
    CHECK(!db_is_pg_name("/home/alice/.local/share/tock/tock.db"));
    CHECK(!db_is_pg_name("postgresql.db"));
    CHECK(!db_is_pg_name("service.db"));
}
