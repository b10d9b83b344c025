#!/usr/bin/env python3
"""A strict fake of Zoho Accounts (OAuth) and the Zoho Invoice API v3, for tock's tests.

It enforces the API contract tock speaks (shared/zoho-invoice-api.md, beside the project) and
is stricter than Zoho where a lax client would get away with something it should not (secrets
in URLs, unknown query parameters).

Run it:      python3 tests/fake_zoho.py [--port-file FILE] [--verbose]
             → listens on 127.0.0.1, a free port, printed as the first line of stdout.
In-process:  fz = FakeZoho(); fz.start(); ...; fz.stop()      (fz.url, fz.port)

Endpoints (API root = http://127.0.0.1:PORT/invoice/v3; accounts = http://127.0.0.1:PORT):
  POST /oauth/v2/token                      refresh-token grant, and the authorization-code
                                            grant of a Self Client's grant code (single use;
                                            GRANT_CODE is valid after a reset): it issues a
                                            new refresh token (form body only)
  GET  /invoice/v3/organizations            no organization id needed
  GET  /invoice/v3/organizations/{id}       the organization, with its price_precision
  GET  /invoice/v3/contacts                 contact_name (exact, any case), search_text, email
  GET  /invoice/v3/contacts/{id}            one contact, with status and payment_terms
  POST /invoice/v3/contacts                 contact_name (refused with 3062 when taken),
                                            currency_id, contact_persons [{"email", ...}]
  GET  /invoice/v3/settings/currencies      the organization's currencies (ids and codes)
  GET  /invoice/v3/settings/taxes           the organization's taxes (tax_id, tax_percentage);
                                            a line item's tax_id must be one, and its tax is
                                            item_total × percentage, half up, per line; or a
                                            tax_exemption_id (never both)
  GET  /invoice/v3/invoices                 reference_number, invoice_number (exact), customer_id,
                                            status
  GET  /invoice/v3/invoices/{id}            1002 when it does not exist (deleted)
  POST /invoice/v3/invoices                 ?send=true, ?ignore_auto_number_generation=true;
                                            a taken invoice_number is refused with code 1001;
                                            rates and item totals are rounded to the
                                            organization's price_precision; without
                                            payment_terms the contact's own apply
  POST /invoice/v3/invoices/{id}/status/sent
  POST /invoice/v3/invoices/{id}/status/void
  POST /invoice/v3/invoices/{id}/email      {"to_mail_ids": [...]}: recorded in "emails", sent
  POST /invoice/v3/invoices/{id}/attachment multipart/form-data, one file in field
                                            "attachment" (?can_send_in_email=true): recorded
                                            in "attachments"

Test control (no auth):
  GET  /__state     → {"token_requests", "tokens_issued", "access_tokens", "invoices_created",
                       "refresh_tokens_issued" (by the authorization-code grant), "grants"
                       (the authorization-code requests' forms, client_secret and code masked),
                       "invoices": [... each with the "request_body" it was made from],
                       "requests": [{"method","path","query","status","fault"}], "faults": [...],
                       "credentials": {...}}
  POST /__control   JSON object; every key present is applied:
    "reset": true                 fresh state (default credentials/contacts, no tokens,
                                  invoices, faults or counts)
    "faults": [FAULT, ...]        queued; each answers the next `count` matching requests
    "token_lifetime": SECONDS     expires_in of tokens issued from now on (default 3600)
    "token_rate_limit": N         token requests allowed before "Access Denied" (default 10;
                                  0 = unlimited) — Zoho allows about 10 per 10 minutes
    "expire_tokens": true         every access token issued so far becomes invalid
    "revoke_refresh_token": true  the refresh token stops working (invalid_code)
    "grant_codes": [CODE, ...]    more valid grant codes (each works once)
    "api_domain": URL             api_domain in token replies (default this server)
    "contacts": [CONTACT, ...]    added to the known contacts
    "taxes": [TAX, ...]           added to the organization's taxes
    "org": {...}                  merged into the organization (e.g. {"price_precision": 3})
    "list_lag": N                 invoices created from now on stay out of the next N invoice
                                  list answers (GET /invoices): Zoho's lists lag behind a create
    "void": [NUMBER, ...]         those invoices (by invoice_number) become void, balance 0
    "delete": [NUMBER, ...]       those invoices are deleted
    "pay": [NUMBER, ...]          those invoices become paid, balance 0
    "edit": {NUMBER: {...}}       fields of those invoices changed (as someone in Zoho would)
  FAULT = {"path": "/invoices" (below the API root) or "/oauth/v2/token" (full path),
           "method": "POST" (optional), "count": 1,
           "kind": "status"    reply "status" (e.g. 401, 429, 500) with {"code","message"}
                               (or "body"), and Retry-After if "retry_after" is given
                   "hang"      sleep "seconds" (default 10), then close without a reply
                   "drop"      close the connection without any reply
                   "malformed" reply 200 with a truncated JSON body (or "body")
           "process": true     handle the request for real first (create the invoice), then
                               answer with the fault instead of the real reply}
"""
import argparse
import json
import os
import re
import secrets
import sys
import threading
import time
import urllib.parse
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API = "/invoice/v3"
TOKEN_PATH = "/oauth/v2/token"

CLIENT_ID = "1000.FAKECLIENT7Q2XW"
CLIENT_SECRET = "fake-client-secret-5e3c1b77a0"
REFRESH_TOKEN = "1000.fakerefresh9f8e7d6c.5b4a39281706"
GRANT_CODE = "1000.fakegrantc0de3a1b2c.77e0d4f5a6b7c8d9"
ORG_ID = "60012345678"
CURRENCIES = [{"currency_id": str(460000000000100 + n), "currency_code": code}
              for n, code in enumerate(("EUR", "USD", "GBP", "KWD", "JPY"))]

DEFAULT_CONTACTS = [
    {"contact_id": "460000000026049", "contact_name": "Acme GmbH", "company_name": "Acme GmbH",
     "email": "billing@acme.example", "currency_code": "EUR", "status": "active",
     "payment_terms": 30},
    {"contact_id": "460000000026051", "contact_name": "Globex Corporation",
     "company_name": "Globex", "email": "ap@globex.example", "currency_code": "USD",
     "status": "active", "payment_terms": 15},
    {"contact_id": "460000000026053", "contact_name": "Müller & Söhne",
     "company_name": "Müller & Söhne KG", "email": "rechnung@mueller.example",
     "currency_code": "EUR", "status": "active", "payment_terms": 0},
]

# The organization's taxes (GET /settings/taxes) and tax exemptions; a line item's tax_id must
# be one of them. A line's tax is its item_total × tax_percentage / 100, rounded half up to the
# price precision, per line; the invoice's tax_total is the sum of its lines'.
DEFAULT_TAXES = [
    {"tax_id": "460000000070001", "tax_name": "VAT 19", "tax_percentage": 19.0, "tax_type": "tax"},
    {"tax_id": "460000000070002", "tax_name": "VAT 7", "tax_percentage": 7.0, "tax_type": "tax"},
    {"tax_id": "460000000070003", "tax_name": "NYC sales tax", "tax_percentage": 8.875,
     "tax_type": "tax"},
]
DEFAULT_EXEMPTIONS = [
    {"tax_exemption_id": "460000000071001", "tax_exemption_code": "EXPORT",
     "description": "Export of services", "type": "item"},
]

DEFAULT_STATUS_REPLY = {
    400: (2, "Invalid value passed"),
    401: (57, "You are not authorized to perform this operation"),
    403: (57, "You are not authorized to perform this operation"),
    404: (5, "Invalid URL Passed"),
    429: (44, "You have made too many requests. Please try again after some time."),
    500: (1, "Internal error"),
    502: (1, "Bad gateway"),
    503: (1, "Service temporarily unavailable"),
    504: (1, "Gateway timeout"),
}


class ApiError(Exception):
    """An error answered as Zoho does: HTTP status + {"code", "message"}."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def money(d):
    """Decimal → JSON number the way Zoho writes amounts (375.5, 1200.0)."""
    return float(d)


def round_to(d, places):
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class State:
    """Everything the fake remembers; guarded by FakeZoho.lock."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.client_id, self.client_secret = CLIENT_ID, CLIENT_SECRET
        self.refresh_tokens = {REFRESH_TOKEN: CLIENT_ID}
        self.grant_codes = {GRANT_CODE}
        self.refresh_tokens_issued = []
        self.grants = []
        self.org = {"organization_id": ORG_ID, "name": "Tock Test Org", "currency_code": "EUR",
                    "is_default_org": True, "price_precision": 2}
        self.contacts = [dict(c) for c in DEFAULT_CONTACTS]
        self.taxes = [dict(t) for t in DEFAULT_TAXES]
        self.exemptions = [dict(t) for t in DEFAULT_EXEMPTIONS]
        self.tokens = {}            # access token -> expiry (time.time())
        self.token_lifetime = 3600
        self.token_rate_limit = 10
        self.api_domain = base_url
        self.token_requests = 0
        self.tokens_issued = 0
        self.invoices = []
        self.next_invoice = 1
        self.faults = []
        self.requests = []
        self.list_lag = 0
        self.emails = []            # {"invoice_number", "to"}
        self.attachments = []       # {"invoice_number", "filename", "content_type", "content"}

    def snapshot(self):
        return {
            "token_requests": self.token_requests,
            "tokens_issued": self.tokens_issued,
            "access_tokens": list(self.tokens),
            "invoices_created": len(self.invoices),
            "refresh_tokens_issued": list(self.refresh_tokens_issued),
            "grants": list(self.grants),
            "invoices": self.invoices,
            "emails": self.emails,
            "attachments": self.attachments,
            "requests": self.requests,
            "faults": self.faults,
            "credentials": {"client_id": self.client_id, "client_secret": self.client_secret,
                            "refresh_token": next(iter(self.refresh_tokens), None),
                            "organization_id": self.org["organization_id"]},
        }

    def take_fault(self, method, path):
        for f in self.faults:
            fpath = f.get("path", "")
            if not fpath.startswith(("/oauth", API, "/__")):
                fpath = API + fpath
            if fpath == path and f.get("method", method).upper() == method:
                f["count"] = f.get("count", 1) - 1
                if f["count"] <= 0:
                    self.faults.remove(f)
                return dict(f)
        return None


class FakeZoho:
    def __init__(self, verbose=False):
        self.verbose = verbose
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.fake = self
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.state = State(self.url)
        self.thread = None

    def start(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def serve_forever(self):
        self.httpd.serve_forever()

    def stop(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- control ----
    def control(self, cmd):
        if not isinstance(cmd, dict):
            raise ApiError(400, 2, "control body must be a JSON object")
        if cmd.get("reset"):
            self.state = State(self.url)
        st = self.state
        for f in cmd.get("faults", []):
            if f.get("kind") not in ("status", "hang", "drop", "malformed"):
                raise ApiError(400, 2, f"unknown fault kind {f.get('kind')!r}")
            st.faults.append(dict(f))
        if "token_lifetime" in cmd:
            st.token_lifetime = int(cmd["token_lifetime"])
        if "token_rate_limit" in cmd:
            st.token_rate_limit = int(cmd["token_rate_limit"])
        if cmd.get("expire_tokens"):
            st.tokens = {t: 0 for t in st.tokens}
        if cmd.get("revoke_refresh_token"):
            st.refresh_tokens = {}
        st.grant_codes.update(cmd.get("grant_codes", []))
        if "api_domain" in cmd:
            st.api_domain = cmd["api_domain"]
        st.taxes += [dict(t) for t in cmd.get("taxes", [])]
        for c in cmd.get("contacts", []):
            st.contacts.append({"status": "active", **c})
        st.org.update(cmd.get("org", {}))
        if "list_lag" in cmd:
            st.list_lag = int(cmd["list_lag"])
        for key, change in (("void", {"status": "void"}), ("pay", {"status": "paid"})):
            for num in cmd.get(key, []):
                for i in st.invoices:
                    if i["invoice_number"] == num:
                        i.update(change, balance=0.0)
        for num, fields in cmd.get("edit", {}).items():
            for i in st.invoices:
                if i["invoice_number"] == num:
                    i.update(fields)
        for num in cmd.get("delete", []):
            st.invoices = [i for i in st.invoices if i["invoice_number"] != num]
        return {"ok": True}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeZoho/1"

    @property
    def fake(self):
        return self.server.fake

    def log_message(self, fmt, *args):
        if self.fake.verbose:
            sys.stderr.write("fake_zoho: " + (fmt % args) + "\n")

    # ---- plumbing ----
    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def read_body(self):
        if self.headers.get("Transfer-Encoding"):
            raise ApiError(411, 2, "chunked request bodies are not accepted")
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def send(self, status, obj=None, raw=None, headers=None, ctype="application/json"):
        body = raw if raw is not None else json.dumps(obj).encode()
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype + ";charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        extra = headers or {}
        for k, v in (("X-Rate-Limit-Limit", "100"), ("X-Rate-Limit-Remaining", "99"),
                     ("X-Rate-Limit-Reset", "60")):
            if k not in extra:
                self.send_header(k, v)
        for k, v in extra.items():
            self.send_header(k, str(v))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass
        return status

    def drop(self):
        self.close_connection = True
        return "dropped"

    def dispatch(self, method):
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, url.query
        try:
            body = self.read_body()
        except ApiError as e:
            self.send(e.status, {"code": e.code, "message": e.message})
            self.close_connection = True
            return
        if path in ("/__state", "/__control"):
            self.control(method, path, body)
            return
        with self.fake.lock:
            fault = self.fake.state.take_fault(method, path)
            record = {"method": method, "path": path, "query": query, "status": None,
                      "fault": fault["kind"] if fault else None}
            self.fake.state.requests.append(record)
        status = self.apply(fault, method, path, query, body)
        with self.fake.lock:
            record["status"] = status

    def control(self, method, path, body):
        fake = self.fake
        try:
            with fake.lock:
                if path == "/__state" and method == "GET":
                    self.send(200, json.loads(json.dumps(fake.state.snapshot())))
                elif path == "/__control" and method == "POST":
                    self.send(200, fake.control(json.loads(body or b"{}")))
                else:
                    self.send(405, {"code": 2, "message": "use GET /__state or POST /__control"})
        except (ApiError, ValueError, TypeError) as e:
            self.send(400, {"code": 2, "message": f"bad control request: {e}"})

    # ---- faults ----
    def apply(self, fault, method, path, query, body):
        if not fault:
            status, obj, headers = self.serve(method, path, query, body)
            return self.send(status, obj, headers=headers)
        if fault.get("process"):
            self.serve(method, path, query, body)
        kind = fault["kind"]
        if kind == "hang":
            self.fake.stopping.wait(float(fault.get("seconds", 10)))
            return self.drop()
        if kind == "drop":
            return self.drop()
        if kind == "malformed":
            raw = fault.get("body", '{"code":0,"message":"success","invoice":{"invoice_id":"46')
            return self.send(int(fault.get("status", 200)), raw=raw)
        st = int(fault.get("status", 500))
        code, msg = DEFAULT_STATUS_REPLY.get(st, (1, "Error"))
        headers = {"Retry-After": fault["retry_after"]} if "retry_after" in fault else {}
        if "rate_reset" in fault:   # a spent quota: renewed in that many seconds
            headers.update({"X-Rate-Limit-Remaining": 0, "X-Rate-Limit-Reset": fault["rate_reset"]})
        if "body" in fault:
            return self.send(st, raw=fault["body"], headers=headers)
        return self.send(st, {"code": fault.get("code", code), "message": fault.get("message", msg)},
                         headers=headers)

    # ---- the real thing ----
    def serve(self, method, path, query, body):
        """Returns (status, reply object, extra headers); never raises."""
        try:
            if path == TOKEN_PATH:
                return 200, self.token(method, query, body), {}
            if path.startswith(API + "/"):
                return self.api(method, path[len(API):], query, body)
            raise ApiError(404, 5, "Invalid URL Passed")
        except ApiError as e:
            return e.status, {"code": e.code, "message": e.message}, {}

    def token(self, method, query, body):
        st = self.fake.state
        with self.fake.lock:
            st.token_requests += 1
            if method != "POST":
                raise ApiError(405, 2, "the token endpoint takes POST")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if ctype != "application/x-www-form-urlencoded":
                return {"error": "invalid_request", "error_description": "form body expected"}
            if (any(k in query for k in ("client_secret", "refresh_token")) or
                    "code" in urllib.parse.parse_qs(query, keep_blank_values=True)):
                return {"error": "invalid_request",
                        "error_description": "secrets belong in the body, not the URL"}
            try:
                form = urllib.parse.parse_qs(body.decode(), keep_blank_values=True,
                                             strict_parsing=True)
            except (ValueError, UnicodeDecodeError):
                return {"error": "invalid_request", "error_description": "unreadable form"}
            if any(len(v) != 1 for v in form.values()):
                return {"error": "invalid_request", "error_description": "repeated field"}
            f = {k: v[0] for k, v in form.items()}
            if f.get("grant_type") == "authorization_code":
                return self.grant(st, f)
            if f.get("grant_type") != "refresh_token":
                return {"error": "unsupported_grant_type"}
            if f.get("client_id") != st.client_id:
                return {"error": "invalid_client"}
            if f.get("client_secret") != st.client_secret:
                return {"error": "invalid_client_secret"}
            if st.refresh_tokens.get(f.get("refresh_token")) != st.client_id:
                return {"error": "invalid_code"}
            if st.token_rate_limit and st.tokens_issued >= st.token_rate_limit:
                return {"error": "Access Denied", "error_description":
                        "You have made too many requests continuously. Please try again after some time."}
            tok = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
            st.tokens[tok] = time.time() + st.token_lifetime
            st.tokens_issued += 1
            return {"access_token": tok, "api_domain": st.api_domain, "token_type": "Bearer",
                    "expires_in": st.token_lifetime}

    @staticmethod
    def grant(st, f):
        """The authorization-code grant of a Self Client (called holding the lock): Zoho's
        fields only, refusals with HTTP 200 as Zoho sends them; a code works once."""
        st.grants.append({k: ("[masked]" if k in ("client_secret", "code") else v)
                          for k, v in f.items()})
        if set(f) - {"grant_type", "client_id", "client_secret", "code", "redirect_uri"}:
            return {"error": "invalid_request", "error_description": "unknown field"}
        if f.get("client_id") != st.client_id:
            return {"error": "invalid_client"}
        if f.get("client_secret") != st.client_secret:
            return {"error": "invalid_client_secret"}
        if f.get("code") not in st.grant_codes:
            return {"error": "invalid_code"}
        st.grant_codes.discard(f["code"])
        refresh = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        st.refresh_tokens[refresh] = st.client_id
        st.refresh_tokens_issued.append(refresh)
        tok = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        st.tokens[tok] = time.time() + st.token_lifetime
        st.tokens_issued += 1
        return {"access_token": tok, "refresh_token": refresh, "api_domain": st.api_domain,
                "token_type": "Bearer", "expires_in": st.token_lifetime}

    def check_auth(self, query):
        if re.search(r"(^|&)(authtoken|access_token|oauthtoken)=", query):
            raise ApiError(400, 2, "the access token must not be in the URL")
        auth = self.headers.get("Authorization")
        m = re.fullmatch(r"Zoho-oauthtoken (\S+)", auth or "")
        if not m:
            raise ApiError(401, 14, "Invalid value passed for Authorization")
        if self.fake.state.tokens.get(m.group(1), 0) <= time.time():
            raise ApiError(401, 57, "You are not authorized to perform this operation")

    def check_org(self, q):
        header = self.headers.get("X-com-zoho-invoice-organizationid")
        param = q.get("organization_id")
        if header is not None and param is not None and header != param:
            raise ApiError(400, 2, "Invalid value passed for organization_id")
        if (header or param) != self.fake.state.org["organization_id"]:
            raise ApiError(400, 2, "Invalid value passed for organization_id")

    def api(self, method, path, query, body):
        try:
            pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
        except ValueError:
            raise ApiError(400, 2, "Invalid query string")
        q = dict(pairs)
        if len(q) != len(pairs):
            raise ApiError(400, 2, "Repeated query parameter")
        with self.fake.lock:
            self.check_auth(query)
            if path != "/organizations":
                self.check_org(q)
            q.pop("organization_id", None)
            return self.route(method, path, q, body)

    def route(self, method, path, q, body):
        m = re.fullmatch(r"/invoices/(\d+)(/status/(sent|void)|/email|/attachment)?", path)
        one = re.fullmatch(r"/(organizations|contacts)/(\d+)", path)
        routes = {("GET", "/organizations"): self.get_orgs, ("GET", "/contacts"): self.get_contacts,
                  ("GET", "/invoices"): self.get_invoices, ("POST", "/invoices"): self.post_invoice,
                  ("POST", "/contacts"): self.post_contact,
                  ("GET", "/settings/currencies"): self.get_currencies,
                  ("GET", "/settings/taxes"): self.get_taxes}
        if (method, path) in routes:
            return routes[(method, path)](q, body)
        if one and method == "GET":
            return self.get_one(one.group(1), one.group(2), q)
        if m and method == "GET" and not m.group(2):
            inv = {k: v for k, v in self.invoice(m.group(1)).items() if k != "request_body"}
            return 200, {"code": 0, "message": "success", "invoice": inv}, {}
        if m and method == "POST" and m.group(2) == "/attachment":
            return self.post_attachment(self.invoice(m.group(1)), q, body)
        if m and method == "POST" and m.group(2) == "/email":
            inv = self.invoice(m.group(1))
            try:
                to = json.loads(body)["to_mail_ids"]
            except (ValueError, KeyError, TypeError):
                raise ApiError(400, 2, "to_mail_ids is required")
            if not isinstance(to, list) or not to:
                raise ApiError(400, 2, "to_mail_ids is required")
            inv["status"] = "sent"
            self.fake.state.emails += [{"invoice_number": inv["invoice_number"], "to": t} for t in to]
            return 200, {"code": 0, "message": "Your invoice has been sent."}, {}
        if m and method == "POST" and m.group(2):
            inv = self.invoice(m.group(1))
            if m.group(3) == "void":
                inv.update(status="void", balance=0.0)
            else:
                inv["status"] = "sent"
            return 200, {"code": 0, "message": f"Invoice status has been changed to {m.group(3)}."}, {}
        if path in ("/organizations", "/contacts", "/invoices") or m or one:
            raise ApiError(405, 37, "The HTTP method is not allowed for the requested resource")
        raise ApiError(404, 5, "Invalid URL Passed")

    @staticmethod
    def allow(q, *names):
        for k in q:
            if k not in names:
                raise ApiError(400, 2, f"Invalid value passed for {k}")

    @staticmethod
    def page(q, items):
        try:
            page, per = int(q.get("page", 1)), int(q.get("per_page", 200))
        except ValueError:
            raise ApiError(400, 2, "Invalid value passed for page")
        if page < 1 or not 1 <= per <= 200:
            raise ApiError(400, 2, "Invalid value passed for per_page")
        chunk = items[(page - 1) * per: page * per]
        return chunk, {"page": page, "per_page": per, "has_more_page": len(items) > page * per}

    def get_orgs(self, q, body):
        self.allow(q)
        return 200, {"code": 0, "message": "success", "organizations": [self.fake.state.org]}, {}

    def get_one(self, kind, oid, q):
        self.allow(q)
        st = self.fake.state
        if kind == "organizations":
            if oid != st.org["organization_id"]:
                raise ApiError(400, 2, "Invalid value passed for organization_id")
            return 200, {"code": 0, "message": "success", "organization": st.org}, {}
        for c in st.contacts:
            if c["contact_id"] == oid:
                return 200, {"code": 0, "message": "success", "contact": c}, {}
        raise ApiError(404, 1002, "Contact does not exist.")

    def post_attachment(self, inv, q, body):
        self.allow(q, "can_send_in_email")
        import email
        import email.policy
        ctype = self.headers.get("Content-Type") or ""
        if not ctype.startswith("multipart/form-data"):
            raise ApiError(400, 2, "the attachment must be sent as multipart/form-data")
        msg = email.message_from_bytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body,
                                       policy=email.policy.HTTP)
        files = [p for p in msg.iter_parts() if p.get_param("name", header="content-disposition")
                 == "attachment" and p.get_filename()]
        if len(files) != 1:
            raise ApiError(400, 2, "one file is expected in the field attachment")
        f = files[0]
        self.fake.state.attachments.append({
            "invoice_number": inv["invoice_number"], "filename": f.get_filename(),
            "content_type": f.get_content_type(), "content": f.get_payload(decode=True).decode(),
            "can_send_in_email": q.get("can_send_in_email") == "true"})
        return 201, {"code": 0, "message": "Your file has been successfully attached to the invoice."}, {}

    def get_taxes(self, q, body):
        self.allow(q)
        return 200, {"code": 0, "message": "success", "taxes": self.fake.state.taxes}, {}

    def get_currencies(self, q, body):
        self.allow(q)
        return 200, {"code": 0, "message": "success", "currencies": CURRENCIES}, {}

    def post_contact(self, q, body):
        self.allow(q)
        try:
            c = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, 2, "Invalid value passed for JSONString")
        st = self.fake.state
        name = c.get("contact_name") if isinstance(c, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ApiError(400, 2, "contact_name is required")
        if any(x["contact_name"].casefold() == name.casefold() for x in st.contacts):
            raise ApiError(400, 3062, f"The contact \"{name}\" already exists.")
        codes = {x["currency_id"]: x["currency_code"] for x in CURRENCIES}
        if c.get("currency_id", CURRENCIES[0]["currency_id"]) not in codes:
            raise ApiError(400, 2, "Invalid value passed for currency_id")
        persons = c.get("contact_persons") or []
        contact = {"contact_id": str(460000000030000 + len(st.contacts)), "contact_name": name,
                   "company_name": c.get("company_name", ""),
                   "email": persons[0].get("email", "") if persons else "",
                   "currency_code": codes[c.get("currency_id", CURRENCIES[0]["currency_id"])],
                   "status": "active", "payment_terms": 0}
        st.contacts.append(contact)
        return 201, {"code": 0, "message": "The contact has been added.", "contact": contact}, {}

    def get_contacts(self, q, body):
        self.allow(q, "contact_name", "search_text", "email", "page", "per_page")
        found = self.fake.state.contacts
        if "contact_name" in q:
            found = [c for c in found if c["contact_name"].casefold() == q["contact_name"].casefold()]
        if "search_text" in q:
            t = q["search_text"].casefold()
            found = [c for c in found if t in c["contact_name"].casefold()]
        if "email" in q:
            found = [c for c in found if c["email"] == q["email"]]
        chunk, ctx = self.page(q, found)
        return 200, {"code": 0, "message": "success", "contacts": chunk, "page_context": ctx}, {}

    def get_invoices(self, q, body):
        self.allow(q, "reference_number", "invoice_number", "customer_id", "status", "page",
                   "per_page")
        st = self.fake.state
        for i in st.invoices:   # an invoice shows up in lists only after its lag has passed
            i["_lag"] = i.get("_lag", 0) - 1
        found = [i for i in st.invoices if i.get("_lag", 0) < 0]
        for k in ("reference_number", "invoice_number", "customer_id", "status"):
            if k in q:
                found = [i for i in found if i.get(k) == q[k]]
        keys = ("invoice_id", "invoice_number", "reference_number", "status", "total", "balance",
                "customer_id", "customer_name", "currency_code", "date")
        chunk, ctx = self.page(q, [{k: i.get(k) for k in keys} for i in found])
        return 200, {"code": 0, "message": "success", "invoices": chunk, "page_context": ctx}, {}

    def invoice(self, invoice_id):
        for i in self.fake.state.invoices:
            if i["invoice_id"] == invoice_id:
                return i
        raise ApiError(404, 1002, "Invoice does not exist.")

    # ---- POST /invoices ----
    def post_invoice(self, q, body):
        self.allow(q, "send", "ignore_auto_number_generation")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if ctype != "application/json":
            raise ApiError(400, 2, "Content-Type must be application/json")
        try:
            inv = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, 2, "Invalid value passed for JSONString")
        if not isinstance(inv, dict):
            raise ApiError(400, 2, "Invalid value passed for JSONString")
        st = self.fake.state
        contact = self.customer(inv)
        lines = self.lines(inv, int(st.org.get("price_precision", 2)))
        number = self.number(inv, q)
        for k in ("date", "due_date"):
            if k in inv and not self.valid_date(inv[k]):
                raise ApiError(400, 2, f"Invalid value passed for {k}")
        if "reference_number" in inv and not isinstance(inv["reference_number"], str):
            raise ApiError(400, 2, "Invalid value passed for reference_number")
        if "payment_terms" in inv and not isinstance(inv["payment_terms"], int):
            raise ApiError(400, 2, "Invalid value passed for payment_terms")
        sub_total = sum((Decimal(repr(li["item_total"])) for li in lines), Decimal(0))
        taxes = {}
        for li in lines:
            if li.get("tax_id"):
                taxes[li["tax_name"]] = taxes.get(li["tax_name"], Decimal(0)) + li.pop("_tax")
            li.pop("_tax", None)
        tax_total = sum(taxes.values(), Decimal(0))
        total = sub_total + tax_total
        iid = str(460000000050000 + st.next_invoice)
        st.next_invoice += 1
        record = {
            "invoice_id": iid, "invoice_number": number,
            "status": "sent" if q.get("send") == "true" else "draft",
            "date": inv.get("date", time.strftime("%Y-%m-%d")),
            "reference_number": inv.get("reference_number", ""),
            "customer_id": contact["contact_id"], "customer_name": contact["contact_name"],
            "currency_code": contact["currency_code"], "notes": inv.get("notes", ""),
            "payment_terms": inv.get("payment_terms", contact.get("payment_terms", 0)),
            "line_items": lines,
            "sub_total": money(sub_total), "tax_total": money(tax_total),
            "taxes": [{"tax_name": k, "tax_amount": money(v)} for k, v in taxes.items()],
            "total": money(total), "balance": money(total),
            "request_body": inv, "_lag": st.list_lag,
        }
        st.invoices.append(record)
        if q.get("send") == "true":
            st.emails.append({"invoice_number": number, "to": contact.get("email")})
        reply = {k: v for k, v in record.items() if k not in ("request_body", "_lag")}
        return 201, {"code": 0, "message": "The invoice has been created.", "invoice": reply}, {}

    def customer(self, inv):
        cid = inv.get("customer_id")
        if cid is None:
            raise ApiError(400, 2, "customer_id is required")
        if not isinstance(cid, str):
            raise ApiError(400, 2, "Invalid value passed for customer_id")
        for c in self.fake.state.contacts:
            if c["contact_id"] == cid:
                return c
        raise ApiError(400, 1002, "Customer does not exist.")

    def lines(self, inv, precision):
        items = inv.get("line_items")
        if not isinstance(items, list) or not items:
            raise ApiError(400, 2, "At least one line item is required")
        out = []
        for n, li in enumerate(items, 1):
            if not isinstance(li, dict):
                raise ApiError(400, 2, "Invalid value passed for line_items")
            if not (isinstance(li.get("name"), str) and li["name"].strip()) and "item_id" not in li:
                raise ApiError(400, 2, f"Line item {n}: name or item_id is required")
            for k in ("rate", "quantity"):
                if not is_number(li.get(k)):
                    raise ApiError(400, 2, f"Line item {n}: {k} must be a number")
            if li["quantity"] <= 0 or li["rate"] < 0:
                raise ApiError(400, 2, f"Line item {n}: Invalid value passed for rate or quantity")
            try:
                rate = round_to(Decimal(repr(li["rate"])), precision)  # Zoho's price_precision
                qty = Decimal(repr(li["quantity"]))
            except InvalidOperation:
                raise ApiError(400, 2, f"Line item {n}: Invalid value passed for rate")
            item_total = round_to(rate * qty, precision)
            line = {"line_item_id": str(460000000090000 + len(out) + 1),
                    "name": li.get("name", ""), "description": li.get("description", ""),
                    "unit": li.get("unit", ""), "rate": money(rate), "quantity": float(qty),
                    "item_total": money(item_total)}
            line.update(self.line_tax(li, n, item_total, precision))
            out.append(line)
        return out

    def line_tax(self, li, n, item_total, precision):
        """A line's tax as Zoho computes it: per line, item_total × percentage, half up."""
        st = self.fake.state
        if "tax_id" in li and "tax_exemption_id" in li:
            raise ApiError(400, 2, f"Line item {n}: a tax and a tax exemption cannot both be given")
        if "tax_exemption_id" in li:
            if not any(e["tax_exemption_id"] == li["tax_exemption_id"] for e in st.exemptions):
                raise ApiError(400, 2, f"Line item {n}: Invalid value passed for tax_exemption_id")
            return {"tax_exemption_id": li["tax_exemption_id"], "tax_id": "", "_tax": Decimal(0)}
        if "tax_id" not in li:
            return {"tax_id": "", "_tax": Decimal(0)}
        tax = next((t for t in st.taxes if t["tax_id"] == li["tax_id"]), None)
        if tax is None:
            raise ApiError(400, 1002, f"Line item {n}: Tax does not exist.")
        pct = Decimal(repr(tax["tax_percentage"]))
        return {"tax_id": tax["tax_id"], "tax_name": tax["tax_name"], "tax_percentage": tax["tax_percentage"],
                "_tax": round_to(item_total * pct / 100, precision)}

    def number(self, inv, q):
        st = self.fake.state
        if "invoice_number" in inv:
            if q.get("ignore_auto_number_generation") != "true":
                raise ApiError(400, 4097, "Invoice number is auto-generated; pass "
                                          "ignore_auto_number_generation=true to set your own")
            if any(i["invoice_number"] == inv["invoice_number"] for i in st.invoices):
                raise ApiError(400, 1001, f"Invoice \"{inv['invoice_number']}\" already exists")
            return inv["invoice_number"]
        return f"INV-{len(st.invoices) + 1:06d}"

    @staticmethod
    def valid_date(s):
        try:
            time.strptime(s, "%Y-%m-%d")
            return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s))
        except (TypeError, ValueError):
            return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port-file", help="also write the port here (atomically)")
    ap.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = ap.parse_args()
    fake = FakeZoho(verbose=args.verbose)
    print(fake.port, flush=True)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{fake.port}\n")
        os.replace(tmp, args.port_file)
    try:
        fake.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
