"""The grid's liveness on PostgreSQL (issue 19): it LISTENs for the server's notifications
instead of asking each second, and rides out a lost connection, saying so. Runs under
`make test STORE=pg`; skipped otherwise."""
import os
import pwd
import socket
import subprocess
import threading
import time
import unittest

from tockenv import PG, pg_psql

try:
    from test_tui import TMUX, TuiCase
except ImportError:  # pragma: no cover
    TMUX, TuiCase = None, unittest.TestCase


class FreezableProxy:
    """A TCP port on 127.0.0.1 that forwards to the test cluster's socket, until frozen: then
    it drops the connections it carries and takes new ones without ever answering (a server
    that went away behind a network that still accepts), until thawed."""

    def __init__(self):
        self.target = os.path.join(PG, ".s.PGSQL.5432")
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.frozen = False
        self.open = []      # every socket it made or took, to close
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:  # ends when the listener is closed
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.open.append(client)
                if self.frozen:
                    continue    # held: never read, never answered
                server = socket.socket(socket.AF_UNIX)
                server.connect(self.target)
                self.open.append(server)
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self.pump, args=(a, b), daemon=True).start()

    @staticmethod
    def pump(a, b):
        try:
            while True:  # ends when either side closes
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def drop_all(self):
        with self.lock:
            for s in self.open:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
            self.open = []

    def freeze(self):
        with self.lock:
            self.frozen = True
        self.drop_all()

    def thaw(self):
        with self.lock:
            self.frozen = False
        self.drop_all()

    def stop(self):
        self.listener.close()
        self.drop_all()


@unittest.skipUnless(PG and TMUX, "needs make test STORE=pg and tmux")
class PgLiveTest(TuiCase):
    def others(self):
        """The grid's server process: every session on the world's database but psql's."""
        return (f"FROM pg_stat_activity WHERE datname = '{self.t.pg_db}' "
                "AND pid <> pg_backend_pid()")

    def grid_session(self):
        r = pg_psql(f"SELECT pid, query_start, state, query {self.others()}")
        rows = [line.split("|") for line in r.stdout.splitlines() if line]
        self.assertEqual(len(rows), 1, r.stdout)
        return rows[0]

    def test_the_grid_listens_and_asks_nothing_while_idle(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-24", "1h")
        p = self.open()
        p.wait("1:00", what="the first entry")
        first = self.grid_session()
        self.assertEqual(first[2], "idle", first)
        # Idle for several of the grid's one-second ticks: its session runs no statement
        # (a poller would have asked for the counter at each tick).
        time.sleep(3.5)
        self.assertEqual(self.grid_session()[:3], first[:3], "the idle grid ran a statement")
        # Another process's change reaches it by notification.
        self.t.ok("add", "acme", "2026-11-25", "2h")
        p.wait("3:00", timeout=10.0, what="the week's total after a notification")
        self.assertEqual(self.grid_session()[0], first[0], "the same connection, listening")

    def test_a_lost_connection_is_said_and_the_grid_reloads_when_it_is_back(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-24", "1h")
        p = self.open()
        p.wait("1:00", what="the first entry")
        # A session that stays, to change the data while nobody else can connect.
        held = subprocess.Popen(["psql", "-X", "-q", "-h", PG, "-U", "postgres", "-d",
                                 self.t.pg_db], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            held.stdin.write("\\echo connected\n")
            held.stdin.flush()
            self.assertEqual(held.stdout.readline().strip(), "connected")
            pg_psql(f"ALTER DATABASE {self.t.pg_db} ALLOW_CONNECTIONS false")
            r = pg_psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                        f"datname = '{self.t.pg_db}' AND application_name <> 'psql'")
            self.assertEqual(r.stdout.strip(), "1", r.stderr)
            p.wait("connection to the database is lost", timeout=10.0,
                   what="the status line saying the connection is lost")
            self.assertIn("1:00", p.screen(), "the screen keeps what it read")
            # Changed meanwhile, without any notification (the session is psql's).
            held.stdin.write("UPDATE entries SET seconds = 7200, end_utc = start_utc + 7200;\n"
                             "\\echo updated\n")
            held.stdin.flush()
            self.assertEqual(held.stdout.readline().strip(), "updated")
            pg_psql(f"ALTER DATABASE {self.t.pg_db} ALLOW_CONNECTIONS true")
            p.wait("connected to the database again", timeout=10.0,
                   what="the status line saying it is back")
            p.wait("2:00", timeout=10.0, what="the entry as changed while it was away")
        finally:
            pg_psql(f"ALTER DATABASE {self.t.pg_db} ALLOW_CONNECTIONS true")
            held.stdin.close()
            held.wait(timeout=10)
        # Listening again: the next change arrives by notification.
        self.t.ok("add", "acme", "2026-11-25", "2h")
        p.wait("4:00", timeout=10.0, what="the week's total after a notification")

    def test_a_connection_made_again_keeps_the_grids_short_lock_wait(self):
        """The grid waits 200 ms for another writer's lock, then says so and tries again each
        second; a connection made again after a drop keeps that setting (a new server session
        would wait for ever)."""
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-24", "1h")
        p = self.open()
        p.wait("1:00", what="the first entry")
        r = pg_psql(f"SELECT count(pg_terminate_backend(pid)) {self.others()}")
        self.assertEqual(r.stdout.strip(), "1", r.stderr)
        p.wait("connected to the database again", timeout=10.0, what="the reconnect")
        locker = subprocess.Popen(["psql", "-X", "-q", "-h", PG, "-U", "postgres", "-d",
                                   self.t.pg_db], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            locker.stdin.write("BEGIN;\nUPDATE tock_state SET data_version = data_version;\n"
                               "\\echo locked\n")
            locker.stdin.flush()
            self.assertEqual(locker.stdout.readline().strip(), "locked")
            p.type("2h")
            p.keys("Enter")
            p.wait("waiting: another tock is writing", timeout=10.0,
                   what="the grid saying it waits for the lock")
            locker.stdin.write("ROLLBACK;\n")
            locker.stdin.flush()
            p.wait("cell set to 2:00", timeout=10.0, what="the change once the lock is free")
        finally:
            locker.stdin.close()
            locker.wait(timeout=10)

    def test_a_server_that_does_not_answer_never_freezes_the_grid(self):
        """The server goes silent (a connection is taken but never answered): the grid says
        the connection is lost and still answers its keys while it tries again, then comes
        back when the server does."""
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-24", "1h")
        proxy = FreezableProxy()
        self.addCleanup(proxy.stop)
        me = pwd.getpwuid(os.geteuid()).pw_name
        db = (f"host=127.0.0.1 port={proxy.port} dbname={self.t.pg_db} user={me} "
              "sslmode=disable")
        p = self.open(env={"TOCK_DB": db})
        p.wait("1:00", what="the first entry")
        proxy.freeze()
        p.wait("connection to the database is lost", timeout=10.0,
               what="the status line saying the connection is lost")
        # libpq would wait connect_timeout (10 s) for the silent server; the grid does not.
        p.keys("?")
        p.wait("tock keys", timeout=5.0, what="the help, while the server is silent")
        p.keys("Escape")
        p.wait_gone("tock keys")
        proxy.thaw()
        p.wait("connected to the database again", timeout=20.0, what="the reconnect")
        self.t.ok("add", "acme", "2026-11-25", "2h")
        p.wait("3:00", timeout=10.0, what="the week's total after a notification")


if __name__ == "__main__":
    unittest.main()
