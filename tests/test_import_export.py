"""Import and export as a user meets them: other tools' files in, every entry out, and back."""
import csv
import io
import json
import os
import pwd
import sqlite3
import subprocess
import time

from tockenv import BIN, TockCase, Tock

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "import")
ME = pwd.getpwuid(os.getuid()).pw_name

EXPORT_COLUMNS = ["id", "user", "client", "client_name", "project", "project_name", "tier",
                  "billable", "date", "start", "end", "seconds", "billed_seconds", "rate_minor",
                  "amount_minor", "currency", "note", "week_state", "invoice", "ref"]


def fix(name):
    return os.path.join(FIX, name)


def raw(t, *args):
    """tock's stdout as bytes (the helpers' text mode would turn CRLF into LF)."""
    p = subprocess.run([BIN, *args], env=t.env, capture_output=True, timeout=60)
    if p.returncode:
        raise AssertionError(f"tock {' '.join(args)} failed: {p.stderr!r}")
    return p.stdout


def parse_csv(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def sanitized():
    """Whether the binary under test was built with AddressSanitizer (slower, more memory)."""
    with open(BIN, "rb") as f:
        return b"__asan_init" in f.read()


class ImportCase(TockCase):
    def imp(self, *args, **kw):
        return self.t.ok("import", *args, **kw)

    def entries(self):
        return self.t.json("log", "--from", "2000-01-01", "--to", "2030-12-31")

    def clients(self):
        return {c["key"]: c for c in self.t.json("client", "list", "--all")}

    def sql(self, query, *params):
        con = sqlite3.connect(self.t.db)
        try:
            with con:
                return con.execute(query, params).fetchall()
        finally:
            con.close()

    def write(self, name, text):
        path = os.path.join(self.t.dir, name)
        with open(path, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path


class FormatsTest(ImportCase):
    def test_toggl_bom_crlf_quotes_12h_times(self):
        r = self.imp("toggl", fix("e2e-toggl.csv"))
        self.assertIn("imported 4 entries (3:20) from", r.out)
        self.assertIn('new client "Client A"', r.out)
        self.assertIn('new project client-a/website-redesign "Website Redesign"', r.out)
        self.assertEqual(r.err, "")
        log = self.entries()
        self.assertEqual([(e["client"], e["project"], e["start"], e["end"]) for e in log], [
            ("client-a", "website-redesign", "2026-03-02T08:00:00Z", "2026-03-02T09:30:00Z"),
            ("client-a", "website-redesign", "2026-03-02T12:15:00Z", "2026-03-02T12:45:00Z"),
            ("no-client", "internal", "2026-03-03T15:00:00Z", "2026-03-03T15:20:00Z"),
            ("globex", "support", "2026-03-03T22:30:00Z", "2026-03-03T23:30:00Z"),
        ])
        self.assertEqual(log[0]["note"], "Mockups, round 2")
        self.assertEqual(log[1]["note"], 'Review: Call notes:\n- "phase 2" in April [meeting, later]')
        self.assertEqual(log[3]["note"], "Late fix \u2615 [urgent]")
        self.assertEqual([e["billable"] for e in log], [True, False, False, True])
        self.assertEqual({e["user"] for e in log}, {ME})
        c = self.clients()
        self.assertEqual(c["client-a"]["name"], "Client A")
        self.assertEqual(c["globex"]["name"], "Globex")
        self.assertIn("no-client", c)

    def test_harvest_decimal_comma_and_12h_times(self):
        r = self.imp("harvest", fix("e2e-harvest.csv"))
        self.assertIn("imported 3 entries (2:45)", r.out)
        log = self.entries()
        self.assertEqual([(e["date"], e["start"], e["seconds"]) for e in log], [
            ("2026-03-02", None, 900),
            ("2026-03-02", "2026-03-02T08:00:00Z", 5400),
            ("2026-03-03", "2026-03-03T22:30:00Z", 3600),
        ])
        self.assertEqual([e["note"] for e in log],
                         ["Meetings", "Development: Cover sheets, again", "Development: Night"])
        self.assertEqual([e["billable"] for e in log], [False, True, True])
        # A client the import creates takes the currency the file gives it.
        self.assertEqual(self.clients()["initech"]["currency"], "USD")

    def test_timewarrior_tags_and_open_interval(self):
        r = self.imp("timewarrior", fix("e2e-timew.json"))
        self.assertIn("imported 2 entries (2:15)", r.out)
        self.assertIn(f"started the timer of {ME}: acme/api since 2026-11-23 08:00", r.out)
        log = self.entries()
        self.assertEqual([(e["client"], e["project"], e["note"]) for e in log], [
            ("acme", "api", "Refactor the parser [deep work]"),
            ("client-b", None, "Caf\u00e9 \u2615"),
        ])
        self.assertEqual(self.clients()["client-b"]["name"], "Client B")
        st = self.t.json("status")
        self.assertEqual((st["running"], st["client"], st["project"], st["note"], st["started"]),
                         (True, "acme", "api", "still running", "2026-11-23T07:00:00Z"))
        # Again: nothing new, and the running timer is the same one, not a warning.
        r = self.imp("timew", fix("e2e-timew.json"))
        self.assertIn("imported 0 entries", r.out)
        self.assertIn("3 duplicates (already imported)", r.out)
        self.assertEqual(r.err, "")

    def test_open_interval_does_not_replace_a_running_timer(self):
        self.t.ok("client", "add", "other")
        self.t.ok("start", "other", now="2026-11-23T08:30:00")
        r = self.imp("timew", fix("e2e-timew.json"))
        self.assertIn("a timer already runs", r.err)
        self.assertIn("e2e-timew.json:4:", r.err)
        self.assertNotIn("started the timer", r.out)
        self.assertEqual(self.t.json("status")["client"], "other")
        self.assertFails("import", "timew", fix("e2e-timew.json"), "--strict",
                         contains="a timer already runs")

    def test_timewarrior_map(self):
        r = self.imp("timew", fix("e2e-timew-prefixed.json"),
                     "--map", "client=client:,project=proj:,billable=billable")
        self.assertIn("imported 2 entries", r.out)
        log = self.entries()
        self.assertEqual([(e["client"], e["project"], e["billable"], e["note"]) for e in log], [
            ("acme", "api", True, ""),
            ("acme", "api", False, "[misc]"),
        ])
        self.assertEqual(self.clients()["acme"]["name"], "Acme")
        self.assertFails("import", "timew", fix("e2e-timew-prefixed.json"), "--map", "colour=1",
                         contains="bad tag map")
        self.assertFails("import", "toggl", fix("e2e-toggl.csv"), "--map", "client=1",
                         contains="--map applies to Timewarrior")

    def test_names_that_are_keys_or_existing_clients(self):
        # A name that is exactly an existing key goes to that client; others become slugs.
        self.t.ok("client", "add", "Globex", "--name", "Globex Corporation")
        self.imp("toggl", fix("e2e-toggl.csv"))
        c = self.clients()
        self.assertEqual(c["Globex"]["name"], "Globex Corporation")
        self.assertNotIn("globex", c)

    def test_tock_csv_and_json_detected_by_content(self):
        r = self.imp("tock", fix("tock.csv"))
        self.assertIn("imported 3 entries", r.out)
        self.assertEqual(self.clients()["acme"]["name"], "ACME Corp")
        r = self.imp("tock", fix("tock.json"))
        self.assertIn("3 duplicates", r.out)
        r = self.imp("auto", fix("e2e-harvest.csv"))
        self.assertIn("imported 3 entries", r.out)

    def test_format_mismatch_and_unknown_format(self):
        self.assertFails("import", "harvest", fix("e2e-toggl.csv"),
                         contains="looks like a toggl export, not harvest; try: tock import toggl")
        self.assertFails("import", "excel", fix("e2e-toggl.csv"), rc=2, contains="unknown format")
        self.assertFails("import", "toggl", os.path.join(self.t.dir, "missing.csv"),
                         contains="cannot open")
        self.assertFails("import", "toggl", rc=2)

    def test_stdin(self):
        with open(fix("e2e-harvest.csv"), encoding="utf-8") as f:
            r = self.imp("harvest", "-", input=f.read())
        self.assertIn("imported 3 entries (2:45) from <stdin>", r.out)
        self.assertFails("import", "auto", "-", input="", contains="name the format")


class SafetyTest(ImportCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")

    def test_idempotent(self):
        self.imp("toggl", fix("e2e-toggl.csv"))
        before = self.t.digest()
        r = self.imp("toggl", fix("e2e-toggl.csv"))
        self.assertEqual(r.out.splitlines()[0], f"imported 0 entries (0:00) from {fix('e2e-toggl.csv')}")
        self.assertIn("4 duplicates (already imported)", r.out)
        self.assertEqual(self.t.digest(), before)
        self.assertEqual(len(self.entries()), 4)

    def test_bad_row_in_the_middle_writes_nothing(self):
        before = self.t.digest()
        r = self.t.run("import", "toggl", fix("e2e-toggl-bad-middle.csv"))
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.out, "")
        self.assertEqual(r.err.count("\n"), 1, r)
        self.assertIn(f"{fix('e2e-toggl-bad-middle.csv')}:4: bad Start time '25:99:00'", r.err)
        self.assertIn("nothing was imported (--skip-bad imports the other rows)", r.err)
        self.assertEqual(self.t.digest(), before)

    def test_skip_bad_reports_each_and_imports_the_rest(self):
        r = self.imp("toggl", fix("e2e-toggl-bad-middle.csv"), "--skip-bad")
        self.assertIn("imported 4 entries (4:00)", r.out)
        self.assertIn("2 bad rows skipped", r.out)
        skipped = [l for l in r.err.splitlines() if l.startswith("tock: skipped ")]
        self.assertEqual(len(skipped), 2, r.err)
        self.assertIn("e2e-toggl-bad-middle.csv:4: bad Start time", skipped[0])
        self.assertIn("e2e-toggl-bad-middle.csv:6: bad Duration", skipped[1])
        self.assertEqual([e["note"] for e in self.entries()], ["one", "two", "four", "six"])

    def test_dry_run_writes_nothing_and_says_what_a_real_import_does(self):
        before = self.t.digest()
        dry = self.imp("timew", fix("e2e-timew.json"), "--dry-run")
        self.assertEqual(self.t.digest(), before)
        self.assertEqual(dry.out.splitlines()[-1], "dry run: nothing was written")
        self.assertFalse(self.t.json("status")["running"])
        real = self.imp("timew", fix("e2e-timew.json"))
        expect = (real.out.replace("imported ", "would import ", 1)
                  .replace("started the timer", "would start the timer")
                  + "dry run: nothing was written\n")
        self.assertEqual(dry.out, expect)
        self.assertIn('new client "Client B"', dry.out)
        # The JSON summaries agree too.
        t2 = Tock(now=self.now, tz=self.tz)
        try:
            t2.ok("client", "add", "acme")
            a = t2.json("import", "toggl", fix("e2e-toggl.csv"), "--dry-run")
            b = t2.json("import", "toggl", fix("e2e-toggl.csv"))
        finally:
            t2.cleanup()
        self.assertTrue(a.pop("dry_run"))
        self.assertFalse(b.pop("dry_run"))
        self.assertEqual(a, b)

    def test_overlaps_are_kept_with_warnings_and_strict_refuses(self):
        self.t.ok("add", "acme", "2026-03-02", "13:30-13:45", "-m", "mine")
        before = self.t.digest()
        r = self.t.run("import", "toggl", fix("e2e-overlap.csv"), "--strict")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("e2e-overlap.csv:3: overlaps entry", r.err)
        self.assertIn("(--strict)", r.err)
        self.assertEqual(self.t.digest(), before)
        r = self.imp("toggl", fix("e2e-overlap.csv"))
        self.assertIn("imported 3 entries", r.out)
        self.assertIn("2 warnings", r.out)
        warnings = r.err.splitlines()
        self.assertEqual(len(warnings), 2, r.err)
        self.assertRegex(warnings[0], r"^tock: warning: .*e2e-overlap.csv:3: overlaps entry \d+ "
                                      r"\(acme/api 2026-03-02 09:00-11:00\); kept$")
        self.assertRegex(warnings[1], r"e2e-overlap.csv:4: overlaps entry \d+ "
                                      r"\(acme 2026-03-02 13:30-13:45\); kept$")
        self.assertEqual(len(self.entries()), 4)
        # tock's own rules still hold for what people type.
        self.assertFails("add", "acme", "2026-03-02", "10:15-10:20", contains="overlaps entry")

    def test_locked_weeks_stay_locked(self):
        uid = self.sql("SELECT id FROM users WHERE login = ?", ME)[0][0]
        self.sql("INSERT INTO weeks(user_id, week_start, state, updated_utc) "
                 "VALUES (?, '2026-03-02', 'submitted', 0)", uid)
        before = self.t.digest()
        self.assertFails("import", "toggl", fix("e2e-overlap.csv"),
                         contains="e2e-overlap.csv:2: the week of 2026-03-02 is submitted and locked")
        self.assertEqual(self.t.digest(), before)

    def test_unknown_tier_is_a_bad_row(self):
        path = self.write("tiers.csv", "id,user,client,project,tier,date,seconds\n"
                                       "1,ada,acme,,platinum,2026-03-02,3600\n"
                                       "2,ada,acme,,emergency,2026-03-02,3600\n")
        self.assertFails("import", "tock", path, contains="tiers.csv:2: unknown tier 'platinum'")
        r = self.imp("tock", path, "--skip-bad")
        self.assertIn("imported 1 entry", r.out)
        self.assertEqual([e["tier"] for e in self.entries()], ["emergency"])

    def test_skip_bad_with_every_row_bad_is_a_failure(self):
        path = self.write("allbad.csv", "id,user,client,project,tier,date,seconds\n"
                                        "1,ada,acme,,platinum,2026-03-02,3600\n"
                                        "2,ada,acme,,gold,2026-03-03,3600\n")
        before = self.t.digest()
        r = self.t.run("import", "tock", path, "--skip-bad")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("every row of", r.err)
        self.assertIn("allbad.csv was bad (2); nothing was imported", r.err)
        self.assertEqual(self.t.digest(), before)


class MapsTest(ImportCase):
    def test_user_map(self):
        users = self.write("users.map", f"# source name = login\n"
                                        f"Ada Lovelace = {ME}\n"
                                        f"  BOB@example.com   =   bob  \n")
        r = self.imp("toggl", fix("e2e-toggl.csv"), "--user-map", users)
        self.assertIn("new user bob", r.out)
        self.assertEqual(len(self.entries()), 3)   # log shows the user's own entries
        out = self.t.ok("export", "--user", "bob", "--format", "json").out
        bob = json.loads(out)
        self.assertEqual([(e["user"], e["note"]) for e in bob], [("bob", "Timesheets")])

    def test_user_map_without_a_login_for_someone(self):
        users = self.write("users.map", f"Ada Lovelace = {ME}\n")
        self.assertFails("import", "toggl", fix("e2e-toggl.csv"), "--user-map", users,
                         contains="e2e-toggl.csv:5: no login for user 'Bob Builder'")
        users = self.write("users2.map", f"Ada Lovelace = {ME}\n* = carol\n")
        self.imp("toggl", fix("e2e-toggl.csv"), "--user-map", users)
        self.assertEqual(self.sql("SELECT u.login FROM entries e JOIN users u ON u.id = e.user_id "
                                  "WHERE note = 'Timesheets'"), [("carol",)])

    def test_bad_map_files(self):
        bad = self.write("bad.map", "Ada Lovelace\n")
        self.assertFails("import", "toggl", fix("e2e-toggl.csv"), "--user-map", bad,
                         contains="bad.map:1: expected 'source name = value'")
        twice = self.write("twice.map", "Ada = a\nada = b\n")
        self.assertFails("import", "toggl", fix("e2e-toggl.csv"), "--user-map", twice,
                         contains="twice.map:2: 'ada' is mapped already on line 1")
        login = self.write("login.map", "Ada = not a login\n")
        self.assertFails("import", "toggl", fix("e2e-toggl.csv"), "--user-map", login,
                         contains="login.map:1: 'not a login' is not a login")

    def test_client_map_and_default_client(self):
        self.t.ok("client", "add", "acme", "--name", "ACME")
        clients = self.write("clients.map", "client a = acme\n")
        r = self.imp("toggl", fix("e2e-toggl.csv"), "--client-map", clients,
                     "--default-client", "internal")
        self.assertNotIn("client-a", self.clients())
        self.assertIn("new project acme/website-redesign", r.out)
        log = self.entries()
        self.assertEqual([e["client"] for e in log], ["acme", "acme", "internal", "globex"])
        self.assertEqual(self.clients()["acme"]["name"], "ACME")
        missing = self.write("missing.map", "Client A = nobody\n")
        self.assertFails("import", "toggl", fix("e2e-toggl.csv"), "--client-map", missing,
                         contains="missing.map:1: no client 'nobody'")
        self.assertFails("import", "toggl", fix("e2e-toggl.csv"), "--default-client", "no client",
                         contains="bad --default-client")


class JsonSummaryTest(ImportCase):
    def test_json_summary(self):
        s = self.t.json("import", "toggl", fix("e2e-toggl-bad-middle.csv"), "--skip-bad")
        self.assertEqual({k: s[k] for k in ("format", "dry_run", "rows", "entries", "seconds",
                                             "duplicates", "skipped", "warnings")},
                         {"format": "toggl", "dry_run": False, "rows": 6, "entries": 4,
                          "seconds": 14400, "duplicates": 0, "skipped": 2, "warnings": 0})
        self.assertEqual(s["clients"], [{"key": "acme", "name": "Acme", "created": True,
                                         "entries": 4, "seconds": 14400}])
        self.assertEqual(s["projects_created"], [{"client": "acme", "key": "api", "name": "API"}])
        self.assertEqual((s["users_created"], s["timers_started"]), ([], []))
        s = self.t.json("import", "timew", fix("e2e-timew.json"))
        self.assertEqual(s["timers_started"], [{"user": ME, "spec": "acme/api",
                                                "start": "2026-11-23T07:00:00Z"}])
        self.assertEqual(s["warnings"], 1)   # its first interval overlaps entry "one"


class ExportTest(ImportCase):
    def fill(self, t):
        """A database with every kind of entry: ranges, durations, tiers, a non-billable client,
        notes that need quoting or look like formulas, two currencies, a running timer."""
        t.ok("client", "add", "acme", "--name", "ACME Corp", "--currency", "USD")
        t.ok("client", "add", "internal", "--non-billable")
        t.ok("project", "add", "acme/api", "--name", "Public API")
        t.ok("add", "acme/api", "2026-11-16", "09:00-10:30", "-m", "a, b and \"c\"")
        t.ok("add", "acme", "2026-11-16", "1h15m", "-s", "emergency", "-m", "line one\nline two")
        t.ok("add", "acme/api", "2026-11-17", "23:00-01:00", "-m", "=SUM(A1:A9)")
        t.ok("add", "internal", "2026-11-18", "30m", "-m", "caf\u00e9 \u2615")
        t.ok("add", "acme", "2026-11-18", "10:00-11:00", "--non-billable", "-m", "-minus")
        t.ok("start", "acme/api", "-m", "running", now="2026-11-23T08:00:00")

    def test_export_csv_and_json(self):
        self.fill(self.t)
        out = raw(self.t, "export")
        self.assertTrue(out.startswith(b"id,user,client,"))     # UTF-8, no byte-order mark
        self.assertEqual(out.count(b"\r\n"), 7)                 # RFC 4180 records
        self.assertIn(b'"line one\nline two"', out)
        rows = parse_csv(out)
        self.assertEqual(list(rows[0].keys()), EXPORT_COLUMNS)
        self.assertEqual(len(rows), 6)
        first = rows[1]          # a day's durations come before its ranges
        self.assertEqual((first["client"], first["client_name"], first["project"],
                          first["project_name"], first["start"], first["end"], first["seconds"],
                          first["currency"], first["note"], first["week_state"], first["billable"]),
                         ("acme", "ACME Corp", "api", "Public API", "2026-11-16T08:00:00Z",
                          "2026-11-16T09:30:00Z", "5400", "USD", 'a, b and "c"', "open", "yes"))
        self.assertEqual([r["note"] for r in rows], [
            "line one\nline two", 'a, b and "c"', "=SUM(A1:A9)", "caf\u00e9 \u2615", "-minus",
            "running"])
        self.assertEqual(rows[0]["tier"], "emergency")
        self.assertEqual((rows[0]["start"], rows[0]["date"], rows[0]["seconds"]),
                         ("", "2026-11-16", "4500"))
        self.assertEqual(rows[3]["billable"], "no")      # the client is non-billable
        timer = rows[5]
        self.assertEqual((timer["id"], timer["start"], timer["end"], timer["seconds"]),
                         ("", "2026-11-23T07:00:00Z", "", ""))
        data = json.loads(self.t.ok("export", "--format", "json").out)
        self.assertEqual(len(data), 6)
        self.assertEqual(list(data[0].keys()), EXPORT_COLUMNS)
        self.assertEqual((data[0]["id"], data[0]["billable"], data[0]["start"], data[0]["project"]),
                         (int(rows[0]["id"]), True, None, None))
        self.assertEqual(data[1]["start"], "2026-11-16T08:00:00Z")
        self.assertEqual((data[5]["id"], data[5]["end"], data[5]["seconds"]), (None, None, None))

    def test_spreadsheet_guard(self):
        self.fill(self.t)
        rows = parse_csv(raw(self.t, "export", "--spreadsheet"))
        self.assertEqual([r["note"] for r in rows][2:5],
                         ["'=SUM(A1:A9)", "caf\u00e9 \u2615", "'-minus"])
        self.assertFails("export", "--spreadsheet", "--format", "json", rc=2)

    def test_filters(self):
        self.fill(self.t)
        self.t.ok("client", "archive", "internal")
        def notes(*args):
            return [r["note"] for r in parse_csv(raw(self.t, "export", *args))]
        self.assertEqual(notes("--from", "2026-11-17", "--to", "2026-11-17"), ["=SUM(A1:A9)"])
        self.assertEqual(notes("--client", "internal"), ["caf\u00e9 \u2615"])   # archived too
        self.assertEqual(notes("--client", "acme/api"), ['a, b and "c"', "=SUM(A1:A9)", "running"])
        self.assertEqual(len(notes("--user", ME)), 6)
        self.assertFails("export", "--user", "nobody", contains="no user 'nobody'")
        self.assertFails("export", "--client", "nobody", contains="no client 'nobody'")
        self.assertFails("export", "--format", "xml", rc=2)
        self.assertFails("export", "--from", "2026-11-20", "--to", "2026-11-10",
                         contains="--to is before --from")

    def test_week_state_and_invoice(self):
        self.fill(self.t)
        uid = self.sql("SELECT id FROM users WHERE login = ?", ME)[0][0]
        cid = self.sql("SELECT id FROM clients WHERE key = 'acme'")[0][0]
        self.sql("INSERT INTO weeks(user_id, week_start, state, updated_utc) "
                 "VALUES (?, '2026-11-16', 'approved', 0)", uid)
        self.sql("INSERT INTO invoices(client_id, from_day, to_day, reference, state, currency, "
                 "total_minor, payload, created_utc, updated_utc) VALUES "
                 "(?, '2026-11-16', '2026-11-22', 'INV-2026-007', 'sent', 'USD', 0, '{}', 0, 0)", cid)
        self.sql("UPDATE entries SET invoice_id = (SELECT id FROM invoices) WHERE day = '2026-11-16'")
        rows = parse_csv(raw(self.t, "export"))
        self.assertEqual([(r["week_state"], r["invoice"]) for r in rows], [
            ("approved", "INV-2026-007"), ("approved", "INV-2026-007"), ("approved", ""),
            ("approved", ""), ("approved", ""), ("open", "")])


class RoundTripTest(ExportTest):
    def round_trip(self, fmt):
        self.fill(self.t)
        first = raw(self.t, "export", "--format", fmt)
        path = self.write("export." + fmt, first)
        other = Tock(now=self.now, tz=self.tz)
        try:
            r = other.ok("import", "tock", path)
            self.assertIn("imported 5 entries", r.out)
            self.assertIn("started the timer", r.out)
            second = raw(other, "export", "--format", fmt)
            names = {c["key"]: (c["name"], c["currency"]) for c in other.json("client", "list")}
        finally:
            other.cleanup()
        self.assertEqual(second, first)
        self.assertEqual(names, {"acme": ("ACME Corp", "USD"), "internal": ("internal", "EUR")})
        return first

    def test_round_trip_csv_is_byte_identical(self):
        self.round_trip("csv")

    def test_round_trip_json_is_byte_identical(self):
        self.round_trip("json")

    def test_importing_your_own_export_back_adds_nothing(self):
        self.fill(self.t)
        path = self.write("export.csv", raw(self.t, "export"))
        before = self.t.digest()
        r = self.imp("tock", path)
        self.assertIn("imported 0 entries", r.out)
        self.assertIn("6 duplicates", r.out)
        self.assertEqual(r.err, "")
        self.assertEqual(self.t.digest(), before)

    def test_an_export_that_matches_nothing_imports_as_nothing(self):
        # A filter that matches nothing exports an empty file; importing it back is a no-op,
        # not "looks like a timew export".
        self.fill(self.t)
        before = self.t.digest()
        for fmt in ("json", "csv"):
            path = self.write("none." + fmt, raw(self.t, "export", "--format", fmt,
                                                 "--from", "2030-01-01"))
            for name in ("tock", "tock-" + fmt):
                r = self.imp(name, path)
                self.assertIn("imported 0 entries", r.out)
        self.assertEqual(self.t.digest(), before)

    def test_rates_and_states_are_not_carried(self):
        # The export carries what was billed and the week's state for reading; importing it
        # restores entries, not the client's rates, approvals or invoices.
        self.fill(self.t)
        self.t.ok("rate", "set", "acme", "standard", "150")
        first = parse_csv(raw(self.t, "export"))
        self.assertEqual(first[1]["amount_minor"], "22500")
        path = self.write("export.csv", raw(self.t, "export"))
        other = Tock(now=self.now, tz=self.tz)
        try:
            other.ok("import", "tock", path)
            again = parse_csv(raw(other, "export"))
            self.assertEqual(again[1]["amount_minor"], "0")
            other.ok("rate", "set", "acme", "standard", "150")
            self.assertEqual(raw(other, "export"), raw(self.t, "export"))
        finally:
            other.cleanup()


class LargeFileTest(ImportCase):
    def run_measured(self, *args):
        """Runs tock; returns (exit status, seconds, peak RSS in KiB, stdout)."""
        out = os.path.join(self.t.dir, "out.txt")
        with open(out, "wb") as o, open(os.path.join(self.t.dir, "err.txt"), "wb") as e:
            t0 = time.monotonic()
            p = self.t.popen(*args, stdout=o, stderr=e)
            _, status, usage = os.wait4(p.pid, 0)
            took = time.monotonic() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
        with open(out, "rb") as f:
            text = f.read()
        return p.returncode, took, usage.ru_maxrss, text

    def peak_rss(self, spawn, *args):
        """tock's own peak RSS in KiB for one run of args."""
        p = subprocess.run([spawn, "1", "0", BIN, *args], env=self.t.env, capture_output=True,
                           text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        return int(p.stdout.split()[-1])

    def generate(self, rows):
        path = os.path.join(self.t.dir, "big.csv")
        with open(path, "w", newline="") as f:
            f.write("User,Email,Client,Project,Description,Billable,Start date,Start time,"
                    "End date,End time,Duration\r\n")
            for i in range(rows):
                day = 730120 + i // 8          # eight one-hour entries a day from 2000-01-03
                h = 9 + i % 8
                d = time.strftime("%Y-%m-%d", time.gmtime((day - 719163) * 86400))
                f.write(f'Ada,ada@example.com,Client {i % 7},Project {i % 13},'
                        f'"entry {i}, with a comma",Yes,{d},{h:02d}:00:00,{d},{h:02d}:55:00,'
                        f'00:55:00\r\n')
        return path

    def test_100k_rows_stream(self):
        slow = sanitized()
        rows = 20000 if slow else 100000
        path = self.generate(rows)
        rc, took, rss, out = self.run_measured("import", "toggl", path)
        self.assertEqual(rc, 0, out)
        self.assertIn(f"imported {rows} entries".encode(), out)
        self.assertEqual(self.sql("SELECT count(*) FROM entries"), [(rows,)])
        print(f"\n    import of {rows} rows: {took:.2f} s, peak RSS {rss // 1024} MiB", end=" ")
        rc, took_x, rss_x, out = self.run_measured("export")
        self.assertEqual(rc, 0)
        self.assertEqual(out.count(b"\r\n"), rows + 1)
        print(f"export: {took_x:.2f} s, {rss_x // 1024} MiB", end=" ")
        # Memory, not time: seconds depend on the machine's load (speed is make bench's job).
        # Peak RSS is read by a small C parent (TOCK_SPAWN): a child of this Python process
        # would inherit its high-water mark across exec and weigh what the suite weighs.
        spawn = os.environ.get("TOCK_SPAWN")
        if spawn and not slow:
            self.assertLess(self.peak_rss(spawn, "export"), 24 * 1024)  # the export is 10 MB
            self.assertLess(self.peak_rss(spawn, "import", "toggl", "--dry-run", path), 48 * 1024)
        rc, took, _, out = self.run_measured("import", "toggl", path)
        self.assertIn(f"{rows} duplicates".encode(), out)


class OverlapBoundTest(ImportCase):
    def test_upgrade_computes_the_longest_range(self):
        # The overlap query looks back as far as the longest range (meta max_range_seconds,
        # schema step 4). A database from before that step gets it computed from its entries.
        path = self.write("long.json", '[{"start":"20260302T000000Z","end":"20260303T060000Z",'
                                       '"tags":["acme"]}]')
        self.imp("timew", path)
        self.assertEqual(self.sql("SELECT value FROM meta WHERE key = 'max_range_seconds'"),
                         [("108000",)])
        self.sql("DELETE FROM meta WHERE key = 'max_range_seconds'")
        con = sqlite3.connect(self.t.db)
        con.execute("PRAGMA user_version = 3")
        # What later steps add, so that they apply again (step 6: issue 12's terms).
        con.executescript("DROP TABLE invoice_fees; DROP TABLE tier_rules; "
                          "ALTER TABLE retainers DROP COLUMN partial; "
                          "ALTER TABLE retainers DROP COLUMN rollover_cap; "
                          "ALTER TABLE projects DROP COLUMN outside_retainer; "
                          # step 9: issues 12 and 13's taxes and rollover terms
                          "DROP TABLE tax_rules; DROP TABLE taxes; "
                          "ALTER TABLE retainers DROP COLUMN rollover_expiry; "
                          "ALTER TABLE retainers DROP COLUMN rollover_order; "
                          # step 10: issue 17's team mode
                          "DROP INDEX weeks_state; ALTER TABLE users DROP COLUMN active; "
                          # step 12: issue 18's milestones, cost rates and ticket references
                          "DROP TABLE invoice_milestones; DROP TABLE milestones; "
                          "DROP TABLE cost_rates; DROP INDEX entries_ref; "
                          # (step 18's listing index holds ref: it goes first, and comes back)
                          "DROP INDEX entries_user_list; "
                          "ALTER TABLE entries DROP COLUMN ref; ALTER TABLE timers DROP COLUMN ref; "
                          # steps 14-15: the billing index, issue 17's submitted digest
                          "ALTER TABLE weeks DROP COLUMN submitted_digest; "
                          "DROP INDEX entries_client_bill;")
        con.close()
        self.assertFails("add", "acme", "2026-03-03", "06:30-06:45", contains="overlaps entry 1")
        self.assertEqual(self.sql("SELECT value FROM meta WHERE key = 'max_range_seconds'"),
                         [("108000",)])
        self.t.ok("add", "acme", "2026-03-03", "07:00-07:15")
