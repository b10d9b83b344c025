"""The PostgreSQL team store (issue 19): what only a server store has. Runs under
`make test STORE=pg` (tests/pgcluster.py gives the cluster); skipped otherwise. The rest of
the suite runs against PostgreSQL there too, each world in a database of its own."""
import os
import subprocess
import unittest

import tockenv
from tockenv import PG, TockCase, pg_psql


def new_db(name):
    r = pg_psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    r = pg_psql(f"CREATE DATABASE {name}")
    assert r.returncode == 0, r.stderr
    return f"postgresql:///{name}?host={PG}"


@unittest.skipUnless(PG, "needs make test STORE=pg")
class PgStoreTest(TockCase):
    def setUp(self):
        super().setUp()
        self.extra = []

    def tearDown(self):
        for name in self.extra:
            pg_psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        super().tearDown()

    def other_db(self, tag):
        name = f"{self.t.pg_db}_{tag}"
        self.extra.append(name)
        return new_db(name)

    def fill(self, *db):
        """A little of everything on the database db (default: the world's own)."""
        t = self.t
        t.ok(*db, "client", "add", "acme", "--name", "Acme Ünïcode", "--currency", "EUR",
             "--rate", "120")
        t.ok(*db, "project", "add", "acme/web", "--budget-hours", "10")
        t.ok(*db, "rate", "set", "acme", "after-hours", "150")
        t.ok(*db, "retainer", "set", "acme", "--hours", "20", "--fee", "2000",
             "--overage-rate", "130", "--from", "2026-11-01")
        t.ok(*db, "add", "acme/web", "2026-11-20", "2h", "-m", "it's \"quoted\"; DROP TABLE x")
        t.ok(*db, "add", "acme", "2026-11-21", "09:00-10:30", "-s", "after-hours")
        t.ok(*db, "sprint", "add", "acme", "s1", "--from", "2026-11-16", "--to", "2026-11-29")
        t.ok(*db, "start", "acme", "-m", "running")

    def test_a_world_runs_on_postgresql(self):
        self.assertIn("postgresql://", self.t.env["TOCK_DB"])
        self.fill()
        log = self.t.json("log", "--from", "2026-11-01", "--to", "2026-11-30")
        self.assertEqual([e["seconds"] for e in log], [7200, 5400])
        self.assertEqual(log[0]["note"], "it's \"quoted\"; DROP TABLE x")
        r = pg_psql("SELECT count(*) FROM entries", db=self.t.pg_db)
        self.assertEqual(r.stdout.strip(), "2")

    def test_identity_is_the_database_role(self):
        role = f"{self.t.pg_db}_alice"
        pg_psql(f"CREATE ROLE {role} LOGIN")
        try:
            pg_psql(f"GRANT ALL ON DATABASE {self.t.pg_db} TO {role}")
            pg_psql(f"GRANT ALL ON SCHEMA public TO {role}", db=self.t.pg_db)
            self.t.ok("status")  # the schema, made by the superuser
            pg_psql(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}; "
                    f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}", db=self.t.pg_db)
            url = f"postgresql://{role}@/{self.t.pg_db}?host={PG}"
            self.t.ok("--db", url, "client", "add", "acme")
            self.t.ok("--db", url, "add", "acme", "2026-11-20", "1h")
            self.assertEqual([e["user"] for e in self.t.json("--db", url, "log", "--from",
                                                               "2026-11-20")], [role])
        finally:
            pg_psql(f"DROP OWNED BY {role}", db=self.t.pg_db)
            pg_psql(f"DROP ROLE {role}")

    def test_migrate_a_file_into_postgresql_and_back(self):
        path = os.path.join(self.t.dir, "a.db")
        self.fill("--db", path)
        url = self.other_db("m")
        r = self.t.ok("--db", path, "db", "migrate", "--to", url)
        self.assertIn("the copy reads back the same", r.out)
        self.assertNotIn(PG, r.out)
        exp_file = self.t.ok("--db", path, "export", "--all").out
        exp_pg = self.t.ok("--db", url, "export", "--all").out
        self.assertEqual(exp_file, exp_pg)
        back = os.path.join(self.t.dir, "b.db")
        self.t.ok("db", "migrate", "--from", url, "--to", back)
        self.assertEqual(self.t.ok("--db", back, "export", "--all").out, exp_file)
        # The copy on PostgreSQL goes on: new ids follow the copied ones.
        r = self.t.ok("--db", url, "add", "acme", "2026-11-22", "1h")
        self.assertIn("added entry 3", r.out)

    def test_migrate_into_a_database_in_use_writes_nothing(self):
        path = os.path.join(self.t.dir, "a.db")
        self.fill("--db", path)
        self.t.ok("client", "add", "other")
        before = self.t.ok("export", "--all").out
        self.assertFails("--db", path, "db", "migrate", "--to", self.t.env["TOCK_DB"],
                         contains="is not empty")
        self.assertEqual(self.t.ok("export", "--all").out, before)

    def test_migrate_failure_leaves_no_file(self):
        self.fill()
        self.t.ok("add", "acme", "2026-11-22", "1h")
        target = os.path.join(self.t.dir, "copy.db")
        # A target that exists and is not empty: refused, and the file is left as it was.
        self.t.ok("--db", target, "client", "add", "mine")
        self.assertFails("db", "migrate", "--to", target, contains="is not empty")
        self.assertTrue(os.path.exists(target))
        missing = os.path.join(self.t.dir, "nope", "copy.db")
        self.assertEqual(self.t.run("db", "migrate", "--to", missing).rc, 1)
        self.assertFalse(os.path.exists(missing))

    def psql_as(self, role, sql):
        return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-h", PG, "-U", role, "-d",
                               self.t.pg_db, "-c", sql], capture_output=True, text=True)

    def test_members_see_only_their_own_rows_even_in_psql(self):
        """Row-level security keyed on current_user: two members through tock and through
        psql; a lead sees everyone's; nobody updates or deletes the audit log."""
        self.t.ok("client", "add", "acme")  # the owner (a superuser here) makes the schema
        a, b, lead = (f"{self.t.pg_db}_{n}" for n in ("alice", "bob", "lead"))
        try:
            # The administrator makes the login roles; tock team add gives each its group.
            for role in (a, b, lead):
                pg_psql(f"CREATE ROLE {role} LOGIN")
            self.t.ok("team", "add", a)
            self.t.ok("team", "add", b)
            self.t.ok("team", "add", lead, "--role", "lead")
            groups = lambda r: pg_psql(  # noqa: E731
                "SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m "
                "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                f"WHERE u.rolname = '{r}'").stdout.strip()
            self.assertEqual([groups(r) for r in (a, b, lead)],
                             ["tock_member", "tock_member", "tock_lead"])
            self.assertFails("team", "add", f"{self.t.pg_db}_nobody",
                             contains="no PostgreSQL role")
            url = {r: f"postgresql://{r}@/{self.t.pg_db}?host={PG}" for r in (a, b, lead)}
            self.t.ok("--db", url[a], "add", "acme", "2026-11-20", "1h", "-m", "alice's")
            self.t.ok("--db", url[b], "add", "acme", "2026-11-20", "2h", "-m", "bob's")
            self.t.ok("--db", url[b], "start", "acme", "--at", "08:00")
            self.t.ok("--db", url[a], "start", "acme", "--at", "08:30")
            notes = lambda r: [e["note"] for e in self.t.json(  # noqa: E731
                "--db", url[r], "log", "--from", "2026-11-20", "--to", "2026-11-20")]
            self.assertEqual(notes(a), ["alice's"])
            self.assertEqual(notes(b), ["bob's"])
            r = self.psql_as(lead, "SELECT note FROM entries ORDER BY id")
            self.assertEqual(r.stdout.split("\n")[:-1], ["alice's", "bob's"], r.stderr)
            r = self.psql_as(b, "SELECT note FROM entries ORDER BY id")
            self.assertEqual(r.stdout.split("\n")[:-1], ["bob's"], r.stderr)
            r = self.psql_as(b, "SELECT count(*) FROM timers")
            self.assertEqual(r.stdout.strip(), "1", r.stderr)
            # Bob cannot move his entry to Alice, change hers, or forge one as her.
            self.psql_as(b, "UPDATE entries SET note = 'x' WHERE note = 'alice''s'")
            self.assertEqual(notes(a), ["alice's"])
            r = self.psql_as(b, "INSERT INTO entries(user_id, client_id, day, last_day, "
                                "seconds, created_utc, updated_utc) SELECT id, 1, '2026-11-20', "
                                f"'2026-11-20', 60, 0, 0 FROM users WHERE login = '{a}'")
            self.assertIn("row-level security", r.stderr)
            # Weeks: Bob submits his own, but cannot approve it, reopen it, or change an
            # entry of it; Alice's he cannot touch; a lead approves.
            me = f"(SELECT id FROM users WHERE login = '{b}')"
            r = self.psql_as(b, "INSERT INTO weeks(user_id, week_start, state, updated_utc) "
                                f"VALUES ({me}, '2026-11-16', 'submitted', 0)")
            self.assertEqual(r.returncode, 0, r.stderr)
            r = self.psql_as(b, "UPDATE weeks SET state = 'approved'")
            self.assertEqual(r.stderr, "")
            r = self.psql_as(b, "UPDATE entries SET seconds = 60 WHERE note = 'bob''s'")
            self.assertEqual(r.stderr, "")
            r = self.psql_as(b, "DELETE FROM entries")
            self.assertEqual(r.stderr, "")
            r = self.psql_as(b, "INSERT INTO entries(user_id, client_id, day, last_day, "
                                f"seconds, created_utc, updated_utc) VALUES ({me}, 1, "
                                "'2026-11-18', '2026-11-18', 60, 0, 0)")
            self.assertIn("row-level security", r.stderr)
            r = self.psql_as(b, "INSERT INTO weeks(user_id, week_start, state, updated_utc) "
                                f"VALUES ({me}, '2026-11-23', 'approved', 0)")
            self.assertIn("row-level security", r.stderr)
            r = pg_psql("SELECT state FROM weeks", db=self.t.pg_db)
            self.assertEqual(r.stdout.split(), ["submitted"])
            r = pg_psql("SELECT seconds FROM entries ORDER BY id", db=self.t.pg_db)
            self.assertEqual(r.stdout.split(), ["3600", "7200"])
            self.assertEqual(self.psql_as(lead, "UPDATE weeks SET state = 'approved' "
                                                "RETURNING state").stdout.split(),
                             ["approved"])
            # Every function tock made pins search_path and none runs as its owner.
            r = self.psql_as(b, "SELECT p.proname, p.prosecdef, array_to_string(p.proconfig, "
                                "',') FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                                "p.pronamespace WHERE n.nspname = current_schema() ORDER BY 1")
            funcs = [line.split("|") for line in r.stdout.split("\n") if line]
            self.assertEqual([f[0] for f in funcs],
                             ["tock_audit_append_only", "tock_carry_bump", "tock_carry_forward",
                              "tock_carry_truncated", "tock_notify", "tock_sees_all",
                              "tock_team_grant"])
            for name, definer, config in funcs:
                self.assertEqual(definer, "f", name)
                self.assertIn("search_path=pg_catalog", config, name)
            for sql in ("UPDATE audit SET detail = 'x'", "DELETE FROM audit",
                        "TRUNCATE audit"):
                r = self.psql_as(b, sql)
                self.assertNotEqual(r.returncode, 0, sql)
                self.assertIn("permission denied", r.stderr)
            # The group follows tock team set and rm.
            self.t.ok("team", "set", lead, "--role", "member")
            self.t.ok("team", "rm", b)
            self.assertEqual([groups(r) for r in (a, b, lead)], ["tock_member", "", "tock_member"])
        finally:
            for role in (a, b, lead):
                pg_psql(f"DROP OWNED BY {role}", db=self.t.pg_db)
                pg_psql(f"DROP ROLE IF EXISTS {role}")

    def test_storage_url_in_the_config(self):
        url = self.t.env.pop("TOCK_DB")
        self.t.config(f"[storage]\ndatabase =\nurl = {url}\n")
        self.t.ok("client", "add", "acme")
        r = pg_psql("SELECT key FROM clients", db=self.t.pg_db)
        self.assertEqual(r.stdout.strip(), "acme")
        self.assertFalse(os.path.exists(os.path.join(self.t.env["XDG_DATA_HOME"], "tock")))

    def test_backup_names_what_to_use_instead(self):
        self.fill()
        r = self.assertFails("backup", os.path.join(self.t.dir, "copy.db"), contains="pg_dump")
        self.assertFalse(os.path.exists(os.path.join(self.t.dir, "copy.db")))

    def test_the_connection_string_is_never_shown(self):
        url = f"postgresql://nobody:s3cret@/nosuchdb?host={PG}"
        r = self.assertFails("--db", url, "status")
        self.assertNotIn("s3cret", r.err)

    def test_writers_queue_one_overlap_wins(self):
        """Eight clients add the same hour at once: exactly one is saved, the others are
        refused as overlapping (every write transaction takes the write lock first)."""
        self.t.ok("client", "add", "acme")
        procs = [self.t.popen("add", "acme", "2026-11-20", "10:00-11:00", "-m", f"c{i}",
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i in range(8)]
        codes = []
        for p in procs:
            p.communicate(timeout=60)
            codes.append(p.returncode)
        self.assertEqual(sorted(codes), [0] + [1] * 7, codes)
        log = self.t.json("log", "--from", "2026-11-20", "--to", "2026-11-20")
        self.assertEqual(len(log), 1)

    def test_eight_clients_starting_and_stopping(self):
        """Eight processes start and stop timers for one user: every stop is an entry, and
        there is never more than one timer."""
        self.t.ok("client", "add", "acme")
        script = ("for i in 1 2 3; do \"$TOCK\" start acme --at \"$1:${i}0\" >/dev/null 2>&1 && "
                  "\"$TOCK\" stop --at \"$1:${i}5\" >/dev/null 2>&1; done; true")
        procs = []
        for k in range(8):
            env = dict(self.t.env, TOCK=tockenv.BIN)
            procs.append(subprocess.Popen(["sh", "-c", script, "sh", f"{k:02d}"],
                                          env=env))
        for p in procs:
            p.wait(timeout=120)
        r = pg_psql("SELECT count(*) FROM timers", db=self.t.pg_db)
        self.assertIn(r.stdout.strip(), ("0", "1"))
        r = pg_psql("SELECT count(*) FROM entries WHERE seconds >= 0", db=self.t.pg_db)
        self.assertGreater(int(r.stdout), 0)
        # No two entries overlap.
        r = pg_psql("SELECT count(*) FROM entries a JOIN entries b ON a.id < b.id AND "
                    "a.start_utc < b.end_utc AND b.start_utc < a.end_utc", db=self.t.pg_db)
        self.assertEqual(r.stdout.strip(), "0")

    def test_a_server_that_goes_away(self):
        """Connections killed between two commands: the next command connects again; one
        killed while it waits reports one line and writes nothing."""
        self.t.ok("client", "add", "acme")
        pg_psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{self.t.pg_db}' AND pid <> pg_backend_pid()")
        self.t.ok("add", "acme", "2026-11-20", "1h")
        # A command that waits for the write lock while its connection is killed.
        locker = subprocess.Popen(
            ["psql", "-X", "-q", "-h", PG, "-U", "postgres", "-d", self.t.pg_db],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            text=True)
        locker.stdin.write("BEGIN; UPDATE tock_state SET data_version = data_version;\n"
                           "SELECT pg_sleep(30);\n")
        locker.stdin.flush()
        for _ in range(100):  # until it holds the lock
            r = pg_psql("SELECT count(*) FROM pg_stat_activity WHERE "
                        f"datname = '{self.t.pg_db}' AND query LIKE 'SELECT pg_sleep%'")
            if r.stdout.strip() == "1":
                break
            subprocess.run(["sleep", "0.1"])
        waiting = self.t.popen("add", "acme", "2026-11-21", "1h", stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        killed = "0"
        for _ in range(100):
            r = pg_psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                        f"datname = '{self.t.pg_db}' AND wait_event_type = 'Lock'")
            killed = r.stdout.strip()
            if killed == "t":
                break
            subprocess.run(["sleep", "0.1"])
        out, err = waiting.communicate(timeout=60)
        locker.kill()
        locker.wait()
        self.assertEqual(killed, "t")
        self.assertEqual(waiting.returncode, 1, err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("nothing was changed", err)
        log = self.t.json("log", "--from", "2026-11-20", "--to", "2026-11-21")
        self.assertEqual([e["date"] for e in log], ["2026-11-20"])


if __name__ == "__main__":
    unittest.main()


try:
    from test_tui import TMUX, TuiCase
except ImportError:  # pragma: no cover
    TMUX, TuiCase = None, unittest.TestCase


@unittest.skipUnless(PG and TMUX, "needs make test STORE=pg and tmux")
class PgTuiTest(TuiCase):
    def test_the_grid_survives_a_dropped_connection(self):
        """The server drops the grid's connection: the grid connects again, and shows what
        another process saved meanwhile."""
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-24", "1h")
        p = self.open()
        p.wait("1:00", what="the first entry")
        r = pg_psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    f"WHERE datname = '{self.t.pg_db}' AND pid <> pg_backend_pid()")
        self.assertEqual(r.stdout.strip(), "1", r.stderr)
        self.t.ok("add", "acme", "2026-11-25", "2h")
        p.wait("3:00", timeout=10.0, what="the week's total after the reconnect")
        r = pg_psql("SELECT count(*) FROM pg_stat_activity "
                    f"WHERE datname = '{self.t.pg_db}' AND pid <> pg_backend_pid()")
        self.assertEqual(r.stdout.strip(), "1", "the grid is connected again")
