"""tock zoho connect against the fake Zoho: the grant code read from stdin or, without echo,
from a terminal; exchanged for a refresh token that lands in zoho.refresh_token_file (0600,
whole) or is handed to the user for their secret store; and every failure one line, with
nothing written and no secret shown."""
import os
import pty
import select
import stat
import subprocess
import time

import fake_zoho
from test_invoice import Base
from tockenv import BIN, WRAP

TOKEN_FILE = "~/.config/tock/zoho-refresh-token"


class Connect(Base):
    def setUp(self):
        super().setUp()
        # Only a token the grant issues works: a following zoho check proves it was stored.
        self.control(revoke_refresh_token=True)
        self.file_config()

    def file_config(self, **over):
        over.setdefault("refresh_token_file", TOKEN_FILE)
        over.setdefault("region", "eu")
        over.setdefault("refresh_token", None)
        return self.zoho_config(**over)

    @property
    def token_path(self):
        return os.path.join(self.t.home, ".config/tock/zoho-refresh-token")

    def connect(self, code=fake_zoho.GRANT_CODE, *args):
        return self.t.run("zoho", "connect", *args, input=code + "\n")

    def issued(self):
        return self.state()["refresh_tokens_issued"]

    def assertNoSecret(self, r, *more):
        secrets = (fake_zoho.CLIENT_SECRET, fake_zoho.GRANT_CODE, *self.issued(),
                   *self.state()["access_tokens"], *more)
        for s in secrets:
            self.assertNotIn(s, r.out + r.err)

    def assertNothingWritten(self):
        folder = os.path.dirname(self.token_path)
        self.assertEqual(sorted(os.listdir(folder)), ["config.ini"])

    # ---- the happy path ----
    def test_stdin_code_writes_a_private_token_file_that_zoho_check_uses(self):
        r = self.connect()
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.out, f"refresh token written to {self.token_path} (mode 0600)\n"
                                "next: tock zoho check\n")
        self.assertEqual(r.err, "", "piped in, there is nothing to guide")
        [token] = self.issued()
        with open(self.token_path) as f:
            self.assertEqual(f.read(), token + "\n")
        self.assertEqual(stat.S_IMODE(os.stat(self.token_path).st_mode), 0o600)
        self.assertEqual(sorted(os.listdir(os.path.dirname(self.token_path))),
                         ["config.ini", "zoho-refresh-token"], "a temp file was left")
        grant = self.state()["grants"][0]
        self.assertEqual((grant["grant_type"], grant["client_id"], grant["code"]),
                         ("authorization_code", fake_zoho.CLIENT_ID, "[masked]"))
        r = self.t.ok("zoho", "check")
        self.assertIn("zoho.refresh_token     set, from zoho.refresh_token_file", r.out)
        self.assertIn("ok: tock can reach Zoho Invoice as Tock Test Org", r.out)
        self.assertNoSecret(r)

    def test_connecting_again_replaces_the_token_and_drops_the_cached_access_token(self):
        self.assertEqual(self.connect().rc, 0)
        self.t.ok("zoho", "check")
        cache = os.path.join(self.t.env["XDG_STATE_HOME"], "tock", "zoho-token.json")
        self.assertTrue(os.path.exists(cache))
        self.control(grant_codes=["1000.secondgrant.0123456789"])
        r = self.connect("  1000.secondgrant.0123456789 \r")
        self.assertEqual(r.rc, 0, r)
        self.assertIn(f"refresh token replaced in {self.token_path}", r.out)
        self.assertFalse(os.path.exists(cache), "the old grant's access token is still cached")
        with open(self.token_path) as f:
            self.assertEqual(f.read(), self.issued()[1] + "\n")
        self.assertEqual(stat.S_IMODE(os.stat(self.token_path).st_mode), 0o600)
        self.t.ok("zoho", "check")

    def test_secrets_never_in_output_or_trace(self):
        r = self.t.run("zoho", "connect", "--verbose", input=fake_zoho.GRANT_CODE + "\n")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("grant_type=authorization_code", r.err, "no trace was written")
        self.assertIn("code=[REDACTED]", r.err)
        self.assertNoSecret(r)
        r = self.t.run("zoho", "check", "--verbose")
        self.assertEqual(r.rc, 0, r)
        self.assertNoSecret(r)

    # ---- failures: one line, nothing written ----
    def test_bad_code_leaves_no_file(self):
        r = self.assertFails("zoho", "connect", input="1000.notacode.42\n",
                             contains="rejected the grant code (invalid_code)")
        self.assertNotIn("1000.notacode.42", r.err)
        self.assertNothingWritten()
        self.assertEqual(self.issued(), [])

    def test_a_code_works_once(self):
        self.assertEqual(self.connect().rc, 0)
        os.unlink(self.token_path)
        self.assertFails("zoho", "connect", input=fake_zoho.GRANT_CODE + "\n",
                         contains="invalid_code")
        self.assertNothingWritten()

    def test_wrong_client_secret_names_the_setting(self):
        self.file_config(client_secret="not-the-secret-at-all")
        r = self.assertFails("zoho", "connect", input=fake_zoho.GRANT_CODE + "\n",
                             contains="check zoho.client_secret")
        self.assertNotIn("not-the-secret-at-all", r.err)
        self.assertNothingWritten()

    def test_network_failure_is_one_line_and_writes_nothing(self):
        self.control(faults=[{"path": "/oauth/v2/token", "kind": "drop"}])
        r = self.assertFails("zoho", "connect", input=fake_zoho.GRANT_CODE + "\n",
                             contains="cannot reach Zoho's accounts server")
        self.assertNoSecret(r)
        self.assertNothingWritten()
        self.assertEqual(len(self.state()["requests"]), 1, "a spent code was sent again")

    def test_http_error_reply_is_one_line_and_writes_nothing(self):
        self.control(faults=[{"path": "/oauth/v2/token", "kind": "status", "status": 500}])
        r = self.assertFails("zoho", "connect", input=fake_zoho.GRANT_CODE + "\n",
                             contains="answered HTTP 500")
        self.assertNoSecret(r)
        self.assertNothingWritten()

    def test_empty_input_and_garbled_codes_are_refused_before_zoho(self):
        self.assertFails("zoho", "connect", input="", contains="no grant code given")
        self.assertFails("zoho", "connect", input="\n", contains="no grant code given")
        self.assertFails("zoho", "connect", input="1000.a b\n", contains="spaces or control")
        self.assertEqual(self.state()["grants"], [])
        self.assertNothingWritten()

    def test_the_code_is_never_an_argument(self):
        r = self.assertFails("zoho", "connect", fake_zoho.GRANT_CODE, input="", rc=2,
                             contains="never from its arguments")
        self.assertNotIn(fake_zoho.GRANT_CODE, r.err)
        self.assertEqual(self.state()["grants"], [])

    def test_nowhere_to_store_is_refused_before_asking(self):
        self.file_config(refresh_token_file=None)
        self.assertFails("zoho", "connect", input=fake_zoho.GRANT_CODE + "\n",
                         contains="set zoho.refresh_token_file")
        self.assertEqual(self.state()["grants"], [], "the code was spent for nothing")

    def test_two_places_are_refused(self):
        self.file_config(refresh_token_command="cat /dev/null")
        self.assertFails("zoho", "connect", input=fake_zoho.GRANT_CODE + "\n",
                         contains="keep one")
        self.assertEqual(self.state()["grants"], [])

    def test_a_symlink_is_not_followed(self):
        target = os.path.join(self.t.dir, "elsewhere")
        with open(target, "w") as f:
            f.write("untouched\n")
        os.symlink(target, self.token_path)
        self.assertFails("zoho", "connect", input=fake_zoho.GRANT_CODE + "\n",
                         contains="symbolic link")
        self.assertEqual(self.state()["grants"], [], "the code was spent for nothing")
        with open(target) as f:
            self.assertEqual(f.read(), "untouched\n")
        self.assertTrue(os.path.islink(self.token_path))
        # Read through it, the token is refused as well.
        self.assertFails("zoho", "check", contains="symbolic link")

    def test_before_connecting_zoho_check_says_to_connect(self):
        self.assertFails("zoho", "check", contains=f"zoho.refresh_token_file: {self.token_path} "
                         "does not exist yet: run tock zoho connect")

    def test_a_token_file_others_can_read_is_refused(self):
        self.assertEqual(self.connect().rc, 0)
        os.chmod(self.token_path, 0o644)
        self.assertFails("zoho", "check", contains=f"chmod 600 {self.token_path}")

    def test_a_revoked_token_sends_the_user_back_to_connect(self):
        self.assertEqual(self.connect().rc, 0)
        self.control(revoke_refresh_token=True)
        r = self.assertFails("zoho", "check", contains="run tock zoho connect for a new one")
        self.assertIn("zoho.refresh_token came from zoho.refresh_token_file", r.err)
        self.assertNoSecret(r)

    # ---- a secret store the user fills ----
    def test_command_store_gets_the_token_on_stdout_with_instructions(self):
        self.file_config(refresh_token_file=None, refresh_token_command="pass show zoho/tock")
        r = self.connect()
        self.assertEqual(r.rc, 0, r)
        [token] = self.issued()
        self.assertEqual(r.out, token + "\n")
        self.assertIn("tock does not write to your secret store", r.err)
        self.assertIn("`pass show zoho/tock` prints it", r.err)
        self.assertIn("pass insert zoho/tock", r.err)
        self.assertIn("shown only this once", r.err)
        self.assertNotIn(token, r.err)
        self.assertFalse(os.path.exists(self.token_path))

    def test_token_in_the_config_file_is_printed_for_the_user_to_replace(self):
        cfg = self.file_config(refresh_token_file=None, refresh_token="1000.old.token")
        r = self.connect()
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.out, self.issued()[0] + "\n")
        self.assertIn(f"Replace the value of refresh_token in\n{cfg}", r.err)
        with open(cfg) as f:
            self.assertIn("refresh_token = 1000.old.token", f.read())

    # ---- a terminal ----
    def on_terminal(self, answer):
        """Runs tock zoho connect with a terminal as stdin, types answer once the prompt is
        up (echo is off by then), and returns (rc, stdout, stderr, what the terminal echoed)."""
        master, slave = pty.openpty()
        proc = subprocess.Popen([*WRAP, BIN, "zoho", "connect"], stdin=slave,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.t.env)
        os.close(slave)
        try:
            err = b""
            deadline = time.monotonic() + 30
            while b"Grant code: " not in err and time.monotonic() < deadline:
                if select.select([proc.stderr], [], [], 1)[0]:
                    chunk = os.read(proc.stderr.fileno(), 4096)
                    if not chunk:
                        break
                    err += chunk
            self.assertIn(b"Grant code: ", err, "no prompt")
            os.write(master, answer.encode() + b"\n")
            out, rest = proc.communicate(timeout=30)
            echoed = b""
            for _ in range(100):
                if not select.select([master], [], [], 0.2)[0]:
                    break
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                echoed += chunk
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            os.close(master)
        return proc.returncode, out.decode(), (err + rest).decode(), echoed.decode()

    def test_terminal_shows_the_console_and_does_not_echo_the_code(self):
        rc, out, err, echoed = self.on_terminal(fake_zoho.GRANT_CODE)
        self.assertEqual(rc, 0, (out, err))
        self.assertNotIn(fake_zoho.GRANT_CODE, echoed, "the code was echoed")
        self.assertIn("https://api-console.zoho.eu\n", err)
        self.assertIn("ZohoInvoice.invoices.CREATE,", err)
        self.assertIn(self.token_path, err)
        self.assertNotIn(fake_zoho.GRANT_CODE, err)
        self.assertIn("written to", out)
        self.assertEqual(stat.S_IMODE(os.stat(self.token_path).st_mode), 0o600)
        self.t.ok("zoho", "check")

    def test_the_console_is_the_accounts_servers_data_centre(self):
        self.file_config(accounts_url="https://accounts.zohocloud.ca", region="com")
        rc, out, err, _ = self.on_terminal("")
        self.assertIn("https://api-console.zohocloud.ca\n", err)
        self.assertTrue(err.endswith("tock: no grant code given\n"), err)
        self.assertEqual((rc, out), (1, ""))
        self.assertEqual(self.state()["grants"], [])

if __name__ == "__main__":
    import unittest
    unittest.main()
