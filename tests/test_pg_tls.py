"""TLS to a PostgreSQL server with sslmode=verify-full (issue 19): a throwaway cluster of its
own (tests/pgcluster.py) with a certificate for localhost signed by a CA made here with
openssl, listening on 127.0.0.1 (TLS only) on a free port. Runs under `make test STORE=pg`."""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import unittest

import pgcluster
from tockenv import PG, TockCase

OPENSSL = shutil.which("openssl")


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def make_ca(cwd, name):
    """A CA's certificate and key: name.crt, name.key."""
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.crt", "-days", "2",
            "-subj", f"/CN=tock test {name}", cwd=cwd)


def make_server_cert(cwd, ca):
    """server.crt and server.key for localhost, signed by ca."""
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost", cwd=cwd)
    with open(os.path.join(cwd, "ext.cnf"), "w") as f:
        f.write("subjectAltName = DNS:localhost\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key",
            "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "ext.cnf",
            cwd=cwd)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@unittest.skipUnless(PG, "needs make test STORE=pg")
@unittest.skipUnless(OPENSSL, "needs openssl to make the test's certificates (apt install openssl)")
class PgTlsTest(TockCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="tock-tls-")
        make_ca(cls.dir, "ca")
        make_ca(cls.dir, "wrong")
        make_server_cert(cls.dir, "ca")
        cls.port = free_port()
        cls.base = pgcluster.start(tls=(os.path.join(cls.dir, "server.crt"),
                                        os.path.join(cls.dir, "server.key"), cls.port))
        pgcluster.psql(cls.base, "CREATE DATABASE tock", port=cls.port)

    @classmethod
    def tearDownClass(cls):
        pgcluster.stop(cls.base)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def conninfo(self, host="localhost", ca="ca", mode="verify-full", extra=""):
        me = pwd.getpwuid(os.geteuid()).pw_name
        return (f"host={host} port={self.port} dbname=tock user={me} sslmode={mode} "
                f"sslrootcert={os.path.join(self.dir, ca + '.crt')}{extra}")

    def test_verify_full_connects_over_tls(self):
        db = self.conninfo()
        self.t.ok("--db", db, "client", "add", "acme")
        self.t.ok("--db", db, "add", "acme", "2026-11-20", "1h30m")
        log = self.t.json("--db", db, "log", "--from", "2026-11-20", "--to", "2026-11-20")
        self.assertEqual([e["seconds"] for e in log], [5400])
        # The server takes nothing but TLS on TCP.
        r = self.t.run("--db", self.conninfo(mode="disable"), "status")
        self.assertEqual(r.rc, 1, r)

    def test_a_certificate_from_another_ca_is_refused_in_one_line(self):
        r = self.t.run("--db", self.conninfo(ca="wrong", extra=" password=s3cret"), "status")
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
        self.assertIn("certificate verify failed", r.err)
        self.assertNotIn("s3cret", r.err + r.out)
        self.assertNotIn(self.dir, r.err)

    def test_verify_full_checks_the_servers_name(self):
        r = self.t.run("--db", self.conninfo(host="127.0.0.1"), "status")
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
        self.assertIn("does not match host name", r.err)


if __name__ == "__main__":
    unittest.main()
