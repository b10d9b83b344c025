"""Helpers for tests that drive the built tock binary: a private HOME, a pinned clock and
time zone, and shortcuts for running commands and reading --json output."""
import hashlib
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

BIN = os.environ.get("TOCK_BIN") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tock")
# A command to run tock under, e.g. TOCK_WRAP="valgrind -q --error-exitcode=99".
WRAP = shlex.split(os.environ.get("TOCK_WRAP", ""))
# `make test STORE=pg`: the socket folder of a throwaway PostgreSQL cluster (tests/pgcluster.py).
# Each world then gets a database of its own there, named by TOCK_DB; a test that reads or
# writes the sqlite file itself (Tock.db) is skipped.
PG = os.environ.get("TOCK_TEST_PG")
_pg_count = 0


def sqlite_only(why):
    """Skips a test under STORE=pg: it tests what only the sqlite store does."""
    return unittest.skipIf(PG, why)


def pg_psql(sql, db="postgres"):
    """Runs sql in the test cluster as its superuser; returns psql's result."""
    return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", PG,
                           "-U", "postgres", "-d", db, "-c", sql],
                          capture_output=True, text=True)


class Result:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"<rc={self.rc} out={self.out!r} err={self.err!r}>"


class Tock:
    """One isolated tock world: its own HOME, XDG dirs, database and clock."""

    def __init__(self, now="2026-11-23T09:00:00", tz="Europe/Berlin"):
        self.dir = tempfile.mkdtemp(prefix="tock-test-")
        self.home = os.path.join(self.dir, "home")
        os.makedirs(self.home)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "TZ": tz,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "XDG_DATA_HOME": os.path.join(self.home, ".local/share"),
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_STATE_HOME": os.path.join(self.home, ".local/state"),
            "TOCK_NOW": now,
        }
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                self.env[k] = os.environ[k]
        self.pg_db = None
        if PG:
            global _pg_count
            _pg_count += 1
            self.pg_db = f"t{os.getpid()}_{_pg_count}"
            r = pg_psql(f"CREATE DATABASE {self.pg_db}")
            if r.returncode:
                raise RuntimeError(f"cannot create a test database: {r.stderr}")
            self.env["TOCK_DB"] = f"postgresql:///{self.pg_db}?host={PG}"

    def digest(self):
        """Every row of every table of this world's database, so 'nothing was written' can be
        asserted on either store (PostgreSQL: each table's rows sorted as text; tock_state,
        which counts write transactions, left out; so are carry_gen, carry_usage and
        carry_draw, figures derived from the entries that any reader may store, app_carry.c)."""
        if not PG:
            con = sqlite3.connect(self.db)
            h = hashlib.sha256()
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                       "AND name NOT LIKE 'carry\\_%' ESCAPE '\\' "
                                       "ORDER BY name"):
                for row in con.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
                    h.update(repr(row).encode())
            con.close()
            return h.hexdigest()
        query = ("SELECT format('SELECT %L, md5(coalesce(string_agg(t::text, ''|'' ORDER BY "
                 "t::text), '''')) FROM %I t', tablename, tablename) FROM pg_tables WHERE "
                 "schemaname = current_schema() AND tablename <> 'tock_state' AND tablename NOT "
                 "LIKE 'carry\\_%' "
                 "ORDER BY tablename \\gexec\n")
        r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", PG,
                            "-U", "postgres", "-d", self.pg_db], input=query,
                           capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"cannot read the test database: {r.stderr}")
        return r.stdout

    @property
    def db(self):
        if PG:
            raise unittest.SkipTest("reads the sqlite file itself")
        return os.path.join(self.env["XDG_DATA_HOME"], "tock", "tock.db")

    def config(self, text, mode=0o600):
        path = os.path.join(self.env["XDG_CONFIG_HOME"], "tock", "config.ini")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def run(self, *args, now=None, input=None, env=None, timeout=60):
        e = dict(self.env)
        if now:
            e["TOCK_NOW"] = now
        if env:
            e.update(env)
        proc = subprocess.run([*WRAP, BIN, *args], capture_output=True, text=True, env=e,
                              input=input, timeout=timeout)
        return Result(proc)

    def ok(self, *args, **kw):
        r = self.run(*args, **kw)
        if r.rc != 0:
            raise AssertionError(f"tock {' '.join(args)} failed: {r}")
        return r

    def json(self, *args, **kw):
        return self.ok(*args, "--json", **kw).json()

    def popen(self, *args, now=None, **kw):
        e = dict(self.env)
        if now:
            e["TOCK_NOW"] = now
        return subprocess.Popen([*WRAP, BIN, *args], env=e, **kw)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.pg_db:
            pg_psql(f"DROP DATABASE IF EXISTS {self.pg_db} WITH (FORCE)")
            self.pg_db = None


class TockCase(unittest.TestCase):
    """A test case with a fresh Tock world per test (self.t)."""
    tz = "Europe/Berlin"
    now = "2026-11-23T09:00:00"

    def setUp(self):
        self.t = Tock(now=self.now, tz=self.tz)

    def tearDown(self):
        self.t.cleanup()

    def assertFails(self, *args, rc=1, contains=None, **kw):
        r = self.t.run(*args, **kw)
        self.assertEqual(r.rc, rc, f"expected exit {rc}: {r}")
        self.assertEqual(r.out, "", f"a failing command printed to stdout: {r}")
        lines = r.err.strip().splitlines()
        self.assertEqual(len(lines), 1, f"expected one error line: {r}")
        if contains:
            self.assertIn(contains, r.err)
        return r
