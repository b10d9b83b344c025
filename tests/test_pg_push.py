"""Pushing to Zoho from several machines on PostgreSQL (issue 19): the push lease belongs to
the pusher's database session, not to a pid of this machine, and a connection killed in the
middle of a push leaves no second Zoho invoice. Runs under `make test STORE=pg` (against the
fake Zoho of the push tests); skipped otherwise."""
import os
import subprocess
import time
import unittest

from tockenv import PG, pg_psql
from test_invoice import Base


@unittest.skipUnless(PG, "needs make test STORE=pg")
class PgPushTest(Base):
    def setUp(self):
        super().setUp()
        self.acme()
        self.t.ok("add", "acme/api", "2026-11-02", "2h")
        self.t.ok("add", "acme", "2026-11-04", "45m")

    def sql(self, query):
        r = pg_psql(query, db=self.t.pg_db)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.strip()

    def live(self):
        return [i for i in self.state()["invoices"] if i["status"] != "void"]

    def hold_a_push(self, seconds, process=False):
        """A push whose create Zoho holds for seconds (with process: Zoho makes the invoice,
        then drops the reply); returns the pushing process once the create is under way."""
        self.zoho_config(timeout=str(seconds + 5))
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "hang",
                              "seconds": seconds, "process": process}])
        p = self.t.popen("invoice", "push", "acme", "--period", "2026-11", "--yes",
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (p.kill(), p.wait()))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not self.posts():
            time.sleep(0.05)
        self.assertTrue(self.posts(), "the push never reached the create")
        return p

    def test_the_lease_lives_as_long_as_the_pushers_connection(self):
        p = self.hold_a_push(10)
        holder = self.sql("SELECT lease_pid FROM invoices WHERE id = 1")
        # The holder is the pusher's session on the server, not a process of this machine.
        self.assertEqual(self.sql(f"SELECT count(*) FROM pg_stat_activity WHERE pid = {holder} "
                                  f"AND datname = '{self.t.pg_db}'"), "1")
        self.assertNotEqual(int(holder), p.pid)
        self.assertFails("invoice", "retry", "1", contains="another tock")
        self.assertFails("invoice", "discard", "1", contains="another tock")
        # Its connection is killed while its process lives on (waiting for Zoho): the lease
        # is free at once, whatever a pid check on this machine would say.
        self.assertEqual(self.sql(f"SELECT pg_terminate_backend({holder})"), "t")
        self.assertIsNone(p.poll(), "the first pusher is still running")
        r = self.t.run("invoice", "retry", "1")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("created in Zoho", r.out)
        self.assertEqual(len(self.live()), 1)
        # The first pusher, when Zoho lets it go, records nothing over the second's result.
        _, err = p.communicate(timeout=40)
        self.assertEqual(p.returncode, 1, err)
        inv = self.invoices()
        self.assertEqual([(i["id"], i["state"]) for i in inv], [(1, "sent")])
        self.assertEqual(len(self.live()), 1)
        self.assertEqual(self.sql("SELECT coalesce(lease_pid, 0) FROM invoices"), "0")

    def test_a_live_session_holds_the_lease_whatever_its_pid(self):
        """Another machine's pusher: a session that holds the lease, and a holder pid that no
        process of this machine has. The lease is refused while the session lives."""
        self.control(faults=[{"path": "/invoices", "method": "POST", "kind": "status",
                              "status": 503}])
        self.push()   # leaves a pending attempt (Zoho was down)
        self.assertEqual(self.sql("SELECT state FROM invoices WHERE id = 1"), "pending")
        pid = 4000000  # above Linux's pid_max: no such process here
        self.assertFalse(os.path.exists(f"/proc/{pid}"))
        other = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-h", PG, "-U", "postgres",
                                  "-d", self.t.pg_db], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            other.stdin.write("SELECT pg_try_advisory_lock(746308, 1);\n"
                              f"UPDATE invoices SET lease_pid = {pid} WHERE id = 1;\n"
                              "\\echo held\n")
            other.stdin.flush()
            self.assertEqual(other.stdout.readline().strip(), "t")
            self.assertEqual(other.stdout.readline().strip(), "held")
            r = self.assertFails("invoice", "retry", "1", contains="another tock")
            self.assertIn(f"database session {pid}", r.err)
        finally:
            other.stdin.close()
            other.wait(timeout=10)
        # Its connection closed: the lease is free at once.
        r = self.t.run("invoice", "retry", "1")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(len(self.live()), 1)

    def test_a_connection_killed_mid_push_leaves_no_second_invoice(self):
        """Zoho makes the invoice while the pusher's connection is killed; the pusher cannot
        record it, and says so in one line. The retry finds the attempt in the outbox and
        Zoho's invoice by its reference: it adopts it and creates none."""
        p = self.hold_a_push(3, process=True)
        r = pg_psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                    f"datname = '{self.t.pg_db}' AND pid <> pg_backend_pid()")
        self.assertEqual(r.stdout.strip(), "1", r.stderr)
        _, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 1, err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("lost the connection", err)
        self.assertIn("finish it with: tock invoice retry 1", err)
        self.assertEqual(self.state()["invoices_created"], 1)
        self.assertEqual(self.sql("SELECT state, creates FROM invoices"), "pending|1")
        r = self.t.run("invoice", "retry", "1")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("TOCK-000001", r.out)
        self.assertEqual(self.state()["invoices_created"], 1)
        self.assertEqual(len(self.live()), 1)
        self.assertEqual([i["state"] for i in self.invoices()], ["sent"])
        self.assertTrue(all(e["invoiced"] for e in self.entries()))


if __name__ == "__main__":
    unittest.main()
