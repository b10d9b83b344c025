"""The Zoho client (src/zoho_*.c), driven through build/zoho_probe against the strict fake
Zoho in tests/fake_zoho.py. Timeouts and backoffs are tiny so the module stays fast."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROBE = os.environ.get("TOCK_ZOHO_PROBE") or os.path.join(ROOT, "build", "zoho_probe")

sys.path.insert(0, HERE)
import fake_zoho  # noqa: E402  (credentials and defaults)

ACME = "460000000026049"
INVOICE = {
    "customer_id": ACME, "date": "2026-11-30", "payment_terms": 14,
    "reference_number": "TOCK-2026-11-ACME-1", "notes": "November",
    "line_items": [{"name": "Consulting", "description": "Week 47", "rate": 150.00,
                    "quantity": 2.5, "unit": "hrs"}],
}
SECRETS = (fake_zoho.CLIENT_SECRET, fake_zoho.REFRESH_TOKEN)


class FakeServer:
    """tests/fake_zoho.py in a child process, steered through /__control."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_zoho.py")],
                                     stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())
        self.url = f"http://127.0.0.1:{self.port}"

    def _call(self, path, obj=None):
        data = json.dumps(obj).encode() if obj is not None else None
        req = urllib.request.Request(self.url + path, data=data,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def control(self, **cmd):
        return self._call("/__control", cmd)

    def state(self):
        return self._call("/__state")

    def requests(self, path, method=None):
        return [r for r in self.state()["requests"]
                if r["path"] == path and (method is None or r["method"] == method)]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


class Probe:
    def __init__(self, proc, elapsed):
        self.rc, self.err, self.elapsed = proc.returncode, proc.stderr, elapsed
        self.out = proc.stdout
        self.json = json.loads(proc.stdout) if proc.stdout.strip() else {}
        self.status = self.json.get("status")
        self.error = self.json.get("error", "")

    def __repr__(self):
        return f"<rc={self.rc} out={self.out!r} err={self.err!r}>"


@unittest.skipUnless(os.access(PROBE, os.X_OK), f"{PROBE} not built (make {os.path.relpath(PROBE, ROOT)})")
class ZohoClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fake = FakeServer()

    @classmethod
    def tearDownClass(cls):
        cls.fake.stop()

    def setUp(self):
        self.fake.control(reset=True)
        self.dir = tempfile.mkdtemp(prefix="tock-zoho-")
        self.cache = os.path.join(self.dir, "state", "tock", "zoho-token.json")
        self.trace = os.path.join(self.dir, "trace.log")
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "ZOHO_ACCOUNTS_URL": self.fake.url,
            "ZOHO_CLIENT_ID": fake_zoho.CLIENT_ID,
            "ZOHO_CLIENT_SECRET": fake_zoho.CLIENT_SECRET,
            "ZOHO_REFRESH_TOKEN": fake_zoho.REFRESH_TOKEN,
            "ZOHO_ORGANIZATION_ID": fake_zoho.ORG_ID,
            "ZOHO_TIMEOUT": "5",
            "ZOHO_MAX_RETRIES": "2",
            "ZOHO_MAX_BACKOFF": "-1",   # no sleeping between retries unless a test says so
            "ZOHO_TOKEN_CACHE": self.cache,
        }
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                self.env[k] = os.environ[k]

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def probe(self, *args, **env):
        e = dict(self.env)
        for k, v in env.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = str(v)
        t0 = time.monotonic()
        proc = subprocess.run([PROBE, *args], capture_output=True, text=True, env=e, timeout=30)
        return Probe(proc, time.monotonic() - t0)

    def ok(self, *args, **env):
        r = self.probe(*args, **env)
        self.assertEqual((r.rc, r.status), (0, "ok"), r)
        return r.json

    def fails(self, status, *args, contains=(), **env):
        r = self.probe(*args, **env)
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.rc, {"transient": 2, "permanent": 3, "auth": 4}[status], r)
        lines = r.err.strip().splitlines()
        self.assertEqual(len(lines), 1, f"expected one error line: {r}")
        self.assertNotIn("\n", r.error)
        for text in ([contains] if isinstance(contains, str) else contains):
            self.assertIn(text, r.error)
        return r

    def invoice_file(self, **changes):
        body = dict(INVOICE, **changes)
        path = os.path.join(self.dir, "invoice.json")
        with open(path, "w") as f:
            json.dump(body, f)
        return path

    # ---- token ----
    def test_zoho_token_grant_and_cache(self):
        orgs = self.ok("orgs")["organizations"]
        self.assertEqual([o["organization_id"] for o in orgs], [fake_zoho.ORG_ID])
        self.assertEqual(self.fake.state()["token_requests"], 1)
        mode = stat.S_IMODE(os.stat(self.cache).st_mode)
        self.assertEqual(mode, 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.cache)).st_mode), 0o700)
        self.assertEqual(os.listdir(os.path.dirname(self.cache)), ["zoho-token.json"])
        with open(self.cache) as f:
            text = f.read()
        for s in SECRETS:
            self.assertNotIn(s, text)
        self.assertEqual(json.loads(text)["api_root"], self.fake.url + "/invoice/v3")
        self.ok("contacts", "Acme GmbH")
        self.ok("token")
        self.assertEqual(self.fake.state()["token_requests"], 1, "the cached token was not reused")

    def test_zoho_without_cache_path_token_stays_in_memory(self):
        self.ok("orgs", ZOHO_TOKEN_CACHE=None)
        self.ok("orgs", ZOHO_TOKEN_CACHE=None)
        self.assertEqual(self.fake.state()["token_requests"], 2)
        self.assertEqual(os.listdir(self.dir), [])

    def test_zoho_token_near_expiry_is_renewed(self):
        self.fake.control(token_lifetime=200)   # less than the five-minute margin
        self.ok("orgs")
        self.ok("orgs")
        self.assertEqual(self.fake.state()["token_requests"], 2)

    def test_zoho_cache_open_to_others_is_refused(self):
        self.ok("orgs")
        os.chmod(self.cache, 0o644)
        r = self.fails("auth", "orgs", contains=("zoho.token_cache_path", "0644"))
        self.assertIn(self.cache, r.error)
        self.assertEqual(self.fake.state()["token_requests"], 1)
        os.chmod(self.cache, 0o600)
        os.rename(self.cache, self.cache + ".real")
        os.symlink(self.cache + ".real", self.cache)
        self.fails("auth", "orgs", contains="zoho.token_cache_path")
        self.assertEqual(self.fake.state()["token_requests"], 1)

    def test_zoho_garbled_cache_is_replaced(self):
        os.makedirs(os.path.dirname(self.cache))
        fd = os.open(self.cache, os.O_WRONLY | os.O_CREAT, 0o600)
        os.write(fd, b"{not json")
        os.close(fd)
        self.ok("orgs")
        with open(self.cache) as f:
            self.assertIn("access_token", json.load(f))

    def test_zoho_cache_for_other_client_is_ignored(self):
        self.ok("orgs")
        with open(self.cache) as f:
            doc = json.load(f)
        doc["client_id"] = "1000.SOMEONEELSE"
        with open(self.cache, "w") as f:
            json.dump(doc, f)
        self.ok("orgs")
        self.assertEqual(self.fake.state()["token_requests"], 2)
        self.assertEqual(stat.S_IMODE(os.stat(self.cache).st_mode), 0o600)

    def test_zoho_401_refreshes_once_and_retries(self):
        self.ok("orgs")
        self.fake.control(expire_tokens=True)    # the cached token is now refused
        self.ok("orgs")
        st = self.fake.state()
        self.assertEqual(st["token_requests"], 2)
        self.assertEqual([r["status"] for r in self.fake.requests("/invoice/v3/organizations")],
                         [200, 401, 200])

    def test_zoho_401_after_refresh_is_auth(self):
        self.fake.control(faults=[{"path": "/organizations", "kind": "status", "status": 401,
                                   "count": 5}])
        self.fails("auth", "orgs", contains=("HTTP 401", "code 57", "zoho.region"))
        self.assertEqual(self.fake.state()["token_requests"], 2)
        self.assertEqual(len(self.fake.requests("/invoice/v3/organizations")), 2)

    def test_zoho_wrong_client_id_names_the_setting(self):
        self.fails("auth", "orgs", ZOHO_CLIENT_ID="1000.WRONG",
                   contains=("invalid_client", "zoho.client_id", "zoho.region"))
        self.fails("auth", "orgs", ZOHO_CLIENT_SECRET="wrong-secret-xyz",
                   contains=("invalid_client_secret", "zoho.client_secret"))
        self.fails("auth", "orgs", ZOHO_REFRESH_TOKEN="1000.revoked.token",
                   contains=("invalid_code", "zoho.refresh_token"))
        self.assertFalse(os.path.exists(self.cache))

    def test_zoho_token_rate_limit_is_transient(self):
        self.fake.control(token_rate_limit=1)
        self.ok("orgs", ZOHO_TOKEN_CACHE=None)
        self.fails("transient", "orgs", ZOHO_TOKEN_CACHE=None, contains="too many requests")

    def test_zoho_refresh_token_from_command(self):
        secret_file = os.path.join(self.dir, "refresh")
        with open(secret_file, "w") as f:
            f.write(fake_zoho.REFRESH_TOKEN + "\nsecond line\n")
        self.ok("orgs", ZOHO_REFRESH_TOKEN=None, ZOHO_REFRESH_TOKEN_COMMAND=f"cat {secret_file}")
        r = self.probe("secret", "printf 'tok-123\\r\\nrest\\n'")
        self.assertEqual(r.json, {"status": "ok", "secret": "tok-123"})
        r = self.probe("secret", "echo boom >&2; exit 3")
        self.assertEqual(r.rc, 4)
        self.assertIn("exit status 3", r.json["error"])
        r = self.probe("secret", "true")
        self.assertIn("printed nothing", r.json["error"])

    # ---- settings ----
    def test_zoho_plain_http_only_on_loopback(self):
        for var, url in (("ZOHO_API_URL", "http://invoice.example.com/api/v3"),
                         ("ZOHO_ACCOUNTS_URL", "http://10.0.0.1:8080"),
                         ("ZOHO_ACCOUNTS_URL", "http://user@127.0.0.1")):
            setting = "zoho." + var[5:].lower()
            self.fails("auth", "orgs", contains=setting, **{var: url})
        self.assertEqual(self.fake.state()["requests"], [])
        self.assertEqual(self.fake.state()["token_requests"], 0)
        self.ok("orgs", ZOHO_ACCOUNTS_URL=f"http://localhost:{self.fake.port}")

    def test_zoho_api_domain_must_be_https(self):
        self.fake.control(api_domain="http://zohoapis.example.com")
        self.fails("auth", "orgs", contains="api_domain")
        self.fake.control(api_domain="https://zohoapis.example.com")
        r = self.ok("token", ZOHO_API_URL=self.fake.url + "/invoice/v3")  # explicit api_url wins
        self.assertEqual(r["api_root"], self.fake.url + "/invoice/v3")

    def test_zoho_bad_settings(self):
        self.fails("auth", "orgs", ZOHO_REGION="mars", contains="zoho.region")
        self.fails("auth", "orgs", ZOHO_CLIENT_SECRET=None, contains="zoho.client_secret")
        self.fails("auth", "orgs", ZOHO_ORGANIZATION_ID="60x", contains="zoho.organization_id")
        self.fails("auth", "contacts", "Acme", ZOHO_ORGANIZATION_ID=None,
                   contains="zoho.organization_id is not set")

    def test_zoho_wrong_organization_id_names_the_setting(self):
        r = self.fails("auth", "find", "REF-1", ZOHO_ORGANIZATION_ID="60099999999",
                       contains=("zoho.organization_id", "Invalid value passed for organization_id"))
        self.assertEqual((r.json["http_status"], r.json["zoho_code"]), (400, 2))

    # ---- retries, timeouts, drops ----
    def test_zoho_429_honours_retry_after(self):
        self.fake.control(faults=[{"path": "/contacts", "kind": "status", "status": 429,
                                   "retry_after": 1}])
        r = self.probe("contacts", "Acme GmbH", ZOHO_MAX_BACKOFF=5)
        self.assertEqual(r.status, "ok", r)
        self.assertGreaterEqual(r.elapsed, 1.0)
        self.assertEqual([q["status"] for q in self.fake.requests("/invoice/v3/contacts")], [429, 200])

    def test_zoho_429_wait_longer_than_max_backoff_is_not_taken(self):
        # Retrying before Zoho's Retry-After would not honour it; waiting 120 s silently would
        # block: the call gives up at once and says how long Zoho asked for.
        self.fake.control(faults=[{"path": "/contacts", "kind": "status", "status": 429,
                                   "retry_after": 120}])
        r = self.probe("contacts", "Acme GmbH", ZOHO_MAX_BACKOFF=1)
        self.assertEqual(r.status, "transient", r)
        self.assertIn("asks to wait 120 s", r.error)
        self.assertLess(r.elapsed, 10)
        self.assertEqual([q["status"] for q in self.fake.requests("/invoice/v3/contacts")], [429])

    def test_zoho_500_retries_exhausted_is_transient(self):
        self.fake.control(faults=[{"path": "/invoices", "method": "GET", "kind": "status",
                                   "status": 500, "count": 10}])
        self.fails("transient", "find", "REF-1", contains=("HTTP 500", "3 attempts"))
        self.assertEqual(len(self.fake.requests("/invoice/v3/invoices", "GET")), 3)

    def test_zoho_500_then_success(self):
        self.fake.control(faults=[{"path": "/organizations", "kind": "status", "status": 503,
                                   "count": 2}])
        self.ok("orgs")

    def test_zoho_hang_times_out_as_transient(self):
        self.fake.control(faults=[{"path": "/organizations", "kind": "hang", "seconds": 8}])
        r = self.fails("transient", "orgs", ZOHO_TIMEOUT=1, contains="within 1 s")
        self.assertLess(r.elapsed, 5)
        self.assertEqual(len(self.fake.requests("/invoice/v3/organizations")), 1, "a timeout was retried")

    def test_zoho_dropped_reading_and_refresh_are_sent_again(self):
        # A connection that dies without a reply (a proxy restarting) costs a reading or a
        # token refresh one more try, not the command.
        self.fake.control(faults=[{"path": "/oauth/v2/token", "kind": "drop"},
                                  {"path": "/organizations", "kind": "drop"}])
        self.ok("orgs")
        self.assertEqual(len(self.fake.requests("/oauth/v2/token")), 2)
        self.assertEqual(len(self.fake.requests("/invoice/v3/organizations")), 2)

    def test_zoho_reading_dropped_every_time_is_transient(self):
        self.fake.control(faults=[{"path": "/organizations", "kind": "drop", "count": 10}])
        self.fails("transient", "orgs", contains="dropped")
        # ZOHO_MAX_RETRIES=2: three tries; libcurl itself sends the first once more when the
        # connection it reused from the token refresh dies without a reply.
        self.assertIn(len(self.fake.requests("/invoice/v3/organizations")), (3, 4))

    def test_zoho_create_dropped_after_creating_is_transient_and_findable(self):
        self.fake.control(faults=[{"path": "/invoices", "method": "POST", "kind": "drop",
                                   "process": True}])
        self.fails("transient", "create", self.invoice_file(),
                   contains=("connection dropped", "look it up by reference"))
        self.assertEqual(self.fake.state()["invoices_created"], 1)
        found = self.ok("find", INVOICE["reference_number"])
        self.assertEqual(found["found"], 1)
        self.assertEqual(found["invoice"]["invoice_number"], "INV-000001")

    def test_zoho_create_is_never_retried_after_5xx(self):
        self.fake.control(faults=[{"path": "/invoices", "method": "POST", "kind": "status",
                                   "status": 500, "process": True, "count": 5}])
        self.fails("transient", "create", self.invoice_file(), contains="may or may not")
        self.assertEqual(len(self.fake.requests("/invoice/v3/invoices", "POST")), 1)
        self.assertEqual(self.fake.state()["invoices_created"], 1)

    def test_zoho_create_retried_after_429(self):
        self.fake.control(faults=[{"path": "/invoices", "method": "POST", "kind": "status",
                                   "status": 429}])
        self.ok("create", self.invoice_file())
        self.assertEqual(self.fake.state()["invoices_created"], 1)

    def test_zoho_connection_refused_is_transient(self):
        self.fails("transient", "orgs", ZOHO_ACCOUNTS_URL="http://127.0.0.1:9",
                   contains="cannot reach")

    # ---- replies ----
    def test_zoho_create_and_find(self):
        inv = self.ok("create", self.invoice_file())["invoice"]
        self.assertEqual((inv["status"], inv["total"], inv["currency_code"]), ("draft", "375", "EUR"))
        self.assertTrue(inv["invoice_id"].isdigit())
        body = self.fake.state()["invoices"][0]["request_body"]
        self.assertEqual(body, INVOICE)
        found = self.ok("find", INVOICE["reference_number"])
        self.assertEqual((found["found"], found["invoice"]), (1, inv))
        self.assertEqual(self.ok("find", "TOCK-NOPE")["found"], 0)

    def test_zoho_total_is_zohos_rounding(self):
        path = self.invoice_file(line_items=[{"name": "Odd", "rate": 33.333, "quantity": 3}])
        self.assertEqual(self.ok("create", path)["invoice"]["total"], "99.99")

    def test_zoho_find_keeps_exact_references_only(self):
        reply = {"code": 0, "message": "success", "page_context": {"has_more_page": False},
                 "invoices": [{"invoice_id": "1", "reference_number": "REF-10", "total": 5},
                              {"invoice_id": "2", "reference_number": "REF-1", "total": 7.5},
                              {"invoice_id": "3", "reference_number": "REF-1", "total": 7.5}]}
        self.fake.control(faults=[{"path": "/invoices", "method": "GET", "kind": "status",
                                   "status": 200, "body": json.dumps(reply)}])
        found = self.ok("find", "REF-1")
        self.assertEqual((found["found"], found["invoice"]["invoice_id"], found["invoice"]["total"]),
                         (2, "2", "7.5"))

    def test_zoho_contacts_name_is_url_encoded(self):
        contacts = self.ok("contacts", "Müller & Söhne")["contacts"]
        self.assertEqual([c["contact_id"] for c in contacts], ["460000000026053"])
        q = self.fake.requests("/invoice/v3/contacts")[0]["query"]
        self.assertIn("contact_name=M%C3%BCller%20%26%20S%C3%B6hne", q)
        self.assertEqual(self.ok("contacts", "Nobody")["contacts"], [])

    def test_zoho_unknown_customer_is_permanent_with_reply(self):
        r = self.fails("permanent", "create", self.invoice_file(customer_id="999"),
                       contains=("HTTP 400", "code 1002", "TOCK-2026-11-ACME-1"))
        self.assertEqual(json.loads(r.json["reply"])["code"], 1002)
        self.assertEqual(self.fake.state()["invoices_created"], 0)

    def test_zoho_invalid_line_items_are_permanent(self):
        self.fails("permanent", "create", self.invoice_file(line_items=[]), contains="line item")
        self.fails("permanent", "create",
                   self.invoice_file(line_items=[{"name": "X", "rate": "150", "quantity": 1}]),
                   contains="rate must be a number")

    def test_zoho_nonzero_code_on_200_is_failure(self):
        self.fake.control(faults=[{"path": "/organizations", "kind": "status", "status": 200,
                                   "body": '{"code": 9017, "message": "User not in any organization"}'}])
        self.fails("auth", "orgs", contains="code 9017")
        self.fake.control(faults=[{"path": "/contacts", "kind": "status", "status": 200,
                                   "body": '{"code": 1001, "message": "Something failed"}'}])
        self.fails("permanent", "contacts", "Acme", contains="code 1001: Something failed")

    def test_zoho_malformed_reply_is_a_clear_error(self):
        self.fake.control(faults=[{"path": "/organizations", "kind": "malformed"}])
        self.fails("permanent", "orgs", contains=("not a JSON object", "malformed JSON"))
        self.fake.control(faults=[{"path": "/invoices", "method": "POST", "kind": "malformed",
                                   "process": True}])
        self.fails("transient", "create", self.invoice_file(), contains="may or may not")
        self.fake.control(faults=[{"path": "/organizations", "kind": "status", "status": 200,
                                   "body": '{"code": 0, "organizations": "none"}'}])
        self.fails("permanent", "orgs", contains="unexpected reply")
        self.fake.control(faults=[{"path": "/invoices", "method": "POST", "kind": "status",
                                   "status": 201, "body": '{"code": 0, "invoice": {}}'}])
        self.fails("transient", "create", self.invoice_file(), contains="unexpected reply")
        self.fake.control(faults=[{"path": "/contacts", "kind": "status", "status": 502,
                                   "body": "<html>Bad Gateway</html>", "count": 3}])
        self.fails("transient", "contacts", "Acme", contains="not a Zoho reply: <html>")

    def test_zoho_wrong_api_url_names_the_setting(self):
        self.fails("auth", "orgs", ZOHO_API_URL=self.fake.url + "/api/v9",
                   contains=("HTTP 404", "zoho.api_url"))

    # ---- secrets ----
    def test_zoho_secrets_never_leak(self):
        env = {"ZOHO_VERBOSE": "1", "ZOHO_TRACE": self.trace}
        self.fake.control(faults=[{"path": "/organizations", "kind": "status", "status": 401}])
        runs = [self.probe("orgs", **env), self.probe("create", self.invoice_file(), **env),
                self.probe("orgs", ZOHO_CLIENT_ID="1000.WRONG", ZOHO_TOKEN_CACHE=None, **env),
                self.probe("contacts", "Acme", ZOHO_VERBOSE="1")]
        with open(self.trace) as f:
            trace = f.read()
        tokens = self.fake.state()["access_tokens"]
        self.assertGreaterEqual(len(tokens), 2)
        for text in [trace] + [r.out + r.err for r in runs]:
            for s in SECRETS + tuple(tokens):
                self.assertNotIn(s, text)
        self.assertIn("Authorization: Zoho-oauthtoken [REDACTED]", trace)
        self.assertIn("client_secret=[REDACTED]&refresh_token=[REDACTED]", trace)
        self.assertIn('"access_token": "[REDACTED]"', trace)
        self.assertIn("zoho> GET", runs[3].err)


if __name__ == "__main__":
    unittest.main()
