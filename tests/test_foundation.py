"""The foundation, as a user meets it: clients, the timer, entries, log, week, config, storage."""
import hashlib
import os
import signal
import sqlite3
import subprocess
import threading
import time

from tockenv import TockCase, Tock


def db_digest(path):
    """Every row of every table, so 'nothing was written' can be asserted."""
    con = sqlite3.connect(path)
    h = hashlib.sha256()
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        for row in con.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
            h.update(repr(row).encode())
    con.close()
    return h.hexdigest()


class TimerTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--name", "ACME Corp", "--rate", "150")
        self.t.ok("project", "add", "acme/api")

    def test_start_status_stop_round_trip(self):
        r = self.t.ok("start", "acme/api", "-m", "bug 42")
        self.assertIn("started acme/api at 09:00", r.out)
        r = self.t.ok("status", now="2026-11-23T10:23:10")
        self.assertEqual(r.out, "acme/api 1:23\n")
        st = self.t.json("status", now="2026-11-23T10:23:10")
        self.assertEqual(st, {"running": True, "client": "acme", "project": "api", "tier": None,
                              "note": "bug 42", "started": "2026-11-23T08:00:00Z",
                              "elapsed": 4990})
        r = self.t.ok("stop", now="2026-11-23T10:30:00")
        self.assertIn("stopped acme/api at 10:30 (1:30)", r.out)
        r = self.t.ok("status", now="2026-11-23T10:31:00")
        self.assertEqual(r.out, "")
        self.assertEqual(self.t.json("status"), {"running": False})
        log = self.t.json("log")
        self.assertEqual(len(log), 1)
        e = log[0]
        self.assertEqual((e["client"], e["project"], e["date"], e["seconds"], e["note"]),
                         ("acme", "api", "2026-11-23", 5400, "bug 42"))
        self.assertEqual((e["start"], e["end"]), ("2026-11-23T08:00:00Z", "2026-11-23T09:30:00Z"))

    def test_status_format(self):
        self.t.ok("start", "acme/api", "-s", "emergency", "-m", "outage")
        r = self.t.ok("status", "--format", "%c|%p|%e|%E|%s|%t|%n|%%", now="2026-11-23T09:05:07")
        self.assertEqual(r.out, "acme|api|0:05|0:05:07|09:00|emergency|outage|%\n")

    def test_timer_survives_its_process(self):
        # Each command is its own process; kill -9 one that is waiting on a command it runs.
        p = self.t.popen("run", "acme/api", "--", "sleep", "30",
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline and not self.t.json("status")["running"]:
            time.sleep(0.05)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        st = self.t.json("status")
        self.assertTrue(st["running"])
        self.assertEqual(st["note"], "sleep 30")
        self.t.ok("stop", now="2026-11-23T09:45:00")
        self.assertEqual(self.t.json("log")[0]["seconds"], 45 * 60)

    def test_starting_another_stops_the_running_one(self):
        self.t.ok("client", "add", "globex")
        self.t.ok("start", "acme/api")
        r = self.t.ok("start", "globex", now="2026-11-23T10:00:00")
        self.assertIn("stopped acme/api (1:00)", r.out)
        self.assertEqual(self.t.json("status", now="2026-11-23T10:00:00")["client"], "globex")
        self.assertEqual([e["client"] for e in self.t.json("log")], ["acme"])

    def test_cancel_and_stop_when_idle(self):
        self.assertFails("stop", contains="no timer is running")
        self.t.ok("start", "acme")
        self.t.ok("cancel")
        self.assertEqual(self.t.json("status"), {"running": False})
        self.assertEqual(self.t.json("log"), [])

    def test_unknown_client_or_project_suggests(self):
        self.assertFails("start", "acm", contains="did you mean 'acme'")
        self.assertFails("start", "acme/apj", contains="did you mean 'api'")
        self.assertFails("start", "acme/api", "-s", "platinum", contains="unknown tier 'platinum'")

    def test_run_records_wall_time_and_exit_status(self):
        r = self.t.run("run", "acme/api", "--", "sh", "-c", "echo hello; exit 3")
        self.assertEqual(r.rc, 3)
        self.assertEqual(r.out, "hello\n")
        self.assertIn("stopped acme/api", r.err)
        log = self.t.json("log")
        self.assertEqual(len(log), 1)
        self.assertEqual(log[0]["note"], "sh -c echo hello; exit 3")
        self.assertFalse(self.t.json("status")["running"])

    def test_run_interrupted_still_records(self):
        p = self.t.popen("run", "acme", "--", "sleep", "30",
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.time() + 10
        while time.time() < deadline and not self.t.json("status")["running"]:
            time.sleep(0.05)
        os.killpg(p.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
        p.wait(timeout=10)
        self.assertEqual(p.returncode, 128 + signal.SIGINT)
        self.assertEqual(len(self.t.json("log")), 1)
        self.assertFalse(self.t.json("status")["running"])

    def test_run_missing_command_records_nothing(self):
        r = self.t.run("run", "acme", "--", "no-such-command-xyz")
        self.assertEqual(r.rc, 1)
        self.assertIn("cannot run no-such-command-xyz", r.err)
        self.assertEqual(self.t.json("log"), [])
        self.assertFalse(self.t.json("status")["running"])


class EntryTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("project", "add", "acme/api")

    def test_durations_in_every_form(self):
        for i, d in enumerate(["1h30m", "90m", "1.5h", "1:30"]):
            self.t.ok("add", "acme/api", f"2026-11-{16 + i}", d)
        self.assertEqual([e["seconds"] for e in self.t.json("log", "--from", "2026-11-16")],
                         [5400] * 4)

    def test_bad_input_writes_nothing(self):
        self.t.ok("add", "acme", "today", "1h")
        before = db_digest(self.t.db)
        bad = [
            (("add", "acme", "today", "1h7x"), "bad duration"),
            (("add", "acme", "today", "-5m"), "negative duration"),
            (("add", "acme", "today", "25:99-26:00"), "bad time"),
            (("add", "acme", "today", ""), "empty duration"),
            (("add", "acme", "today", "99999999h"), "too large"),
            (("add", "acme", "2026-02-30", "1h"), "bad date"),
            (("add", "acme", "today", "26h"), "more than"),
            (("add", "nobody", "today", "1h"), "no client"),
            (("add", "acme", "today", "08:30-09:30"), "overlaps"),
            (("client", "add", "bad key"), "bad client key"),
            (("client", "add", "acme"), "already exists"),
            (("client", "add", "x", "--currency", "euro"), "bad currency"),
            (("client", "add", "x", "--rate", "-5"), "negative amount"),
            (("edit", "999", "-m", "x"), "no entry 999"),
            (("rm", "abc"), "bad entry id"),
        ]
        self.t.ok("add", "acme", "today", "08:00-09:00")
        before = db_digest(self.t.db)
        for args, msg in bad:
            with self.subTest(args=args):
                self.assertFails(*args, contains=msg)
        self.assertEqual(db_digest(self.t.db), before)

    def test_usage_errors_exit_2(self):
        for args in (("add", "acme"), ("start",), ("frobnicate",), ("log", "--bogus"),
                     ("status", "extra")):
            with self.subTest(args=args):
                r = self.t.run(*args)
                self.assertEqual(r.rc, 2, r)
                self.assertEqual(len(r.err.strip().splitlines()), 1, r)

    def test_help_and_version(self):
        r = self.t.ok("--version")
        self.assertRegex(r.out, r"^tock \d+\.\d+\.\d+\n$")
        self.assertIn("start", self.t.ok("--help").out)
        for cmd in (["start"], ["client", "add"], ["week"], ["run"], ["log"]):
            r = self.t.ok(*cmd, "--help")
            self.assertTrue(r.out.startswith("usage: tock " + " ".join(cmd)), r.out)

    def test_overlap_names_the_entry(self):
        self.t.ok("add", "acme/api", "today", "09:00-10:00")
        r = self.assertFails("add", "acme", "today", "09:30-10:30")
        self.assertIn("overlaps entry 1 (acme/api 2026-11-23 09:00-10:00)", r.err)
        self.t.ok("add", "acme", "today", "10:00-10:30")  # touching is fine

    def test_range_over_midnight_counts_in_both_days(self):
        self.t.ok("add", "acme/api", "2026-11-24", "22:00-01:30")
        w = self.t.json("week")
        row = w["rows"][0]
        self.assertEqual(row["seconds"], [0, 7200, 5400, 0, 0, 0, 0])
        self.assertEqual(w["totals"]["total"], 12600)

    def test_edit_and_rm(self):
        self.t.ok("add", "acme", "today", "1h", "-m", "first")
        self.t.ok("edit", "1", "--to", "acme/api", "--duration", "2h", "-m", "second", "-s", "emergency")
        e = self.t.json("log")[0]
        self.assertEqual((e["project"], e["seconds"], e["note"], e["tier"]),
                         ("api", 7200, "second", "emergency"))
        self.t.ok("edit", "1", "--time", "13:00-13:45")
        e = self.t.json("log")[0]
        self.assertEqual((e["seconds"], e["start"]), (2700, "2026-11-23T12:00:00Z"))
        self.t.ok("rm", "1")
        self.assertEqual(self.t.json("log"), [])

    def test_utf8_keys(self):
        self.t.ok("client", "add", "café", "--name", "Café Crème")
        self.t.ok("client", "add", "サイト")
        self.t.ok("project", "add", "サイト/デザイン")
        self.t.ok("add", "サイト/デザイン", "today", "2h")
        self.t.ok("add", "café", "today", "30m")
        keys = [c["key"] for c in self.t.json("client", "list")]
        self.assertEqual(sorted(keys), sorted(["acme", "café", "サイト"]))
        rows = {(r["client"], r["project"]): r["total"] for r in self.t.json("week")["rows"]}
        self.assertEqual(rows[("サイト", "デザイン")], 7200)
        out = self.t.ok("week").out.splitlines()
        # The table stays aligned whatever the width of the names: every line has the same width.
        widths = {self.width(line) for line in out[1:]}
        self.assertEqual(len(widths), 1, out)

    @staticmethod
    def width(s):
        import unicodedata
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)

    def test_week_json_shape_and_table(self):
        self.t.ok("add", "acme/api", "2026-11-23", "1:30")
        self.t.ok("add", "acme", "2026-11-29", "45m", "--non-billable")
        w = self.t.json("week", "2026-11-25")
        self.assertEqual(w["week_start"], "2026-11-23")
        self.assertEqual(w["days"][0], "2026-11-23")
        self.assertEqual(w["days"][6], "2026-11-29")
        self.assertEqual([(r["client"], r["project"], r["total"]) for r in w["rows"]],
                         [("acme", None, 2700), ("acme", "api", 5400)])
        self.assertEqual(w["totals"]["seconds"], [5400, 0, 0, 0, 0, 0, 2700])
        self.assertFalse(w["rows"][0]["billable"])
        table = self.t.ok("week").out
        self.assertIn("Week 48 · 2026-11-23 – 2026-11-29", table)
        self.assertRegex(table, r"acme/api\s+1:30")
        self.assertEqual(self.t.json("week", "2026-11-16")["rows"], [])

    def test_week_start_configurable(self):
        self.t.config("[general]\nweek_start = sunday\n")
        self.assertEqual(self.t.json("week", "2026-11-25")["week_start"], "2026-11-22")

    def test_log_filters(self):
        self.t.ok("client", "add", "globex")
        self.t.ok("add", "acme", "2026-11-02", "1h")
        self.t.ok("add", "globex", "2026-11-03", "1h")
        self.t.ok("add", "acme/api", "2026-11-20", "1h")
        ids = lambda *a: [e["id"] for e in self.t.json("log", *a)]
        self.assertEqual(ids("--from", "2026-11-01", "--to", "2026-11-30"), [1, 2, 3])
        self.assertEqual(ids("--from", "2026-11-01", "--client", "acme"), [1, 3])
        self.assertEqual(ids("--from", "2026-11-01", "--client", "acme/api"), [3])
        self.assertFails("log", "--from", "2026-11-10", "--to", "2026-11-01", contains="before")


class DstTest(TockCase):
    tz = "Europe/Berlin"
    now = "2026-10-28T12:00:00"

    def test_autumn_sunday_has_25_hours(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-10-24", "23:00-01:00")  # Saturday night into the long Sunday
        log = self.t.json("log", "--from", "2026-10-24", "--to", "2026-10-25")
        self.assertEqual(log[0]["seconds"], 7200)
        self.t.ok("rm", "1")
        self.t.ok("add", "acme", "2026-10-25", "00:00-24:00")
        w = self.t.json("week", "2026-10-25")
        self.assertEqual(w["week_start"], "2026-10-19")
        self.assertEqual(w["rows"][0]["seconds"][6], 25 * 3600)

    def test_spring_day_has_23_hours(self):
        self.t.ok("client", "add", "acme")
        self.assertFails("add", "acme", "2026-03-29", "24h", contains="more than")
        self.t.ok("add", "acme", "2026-03-29", "01:00-04:00")
        self.assertEqual(self.t.json("log", "--from", "2026-03-29", "--to", "2026-03-29")[0]["seconds"],
                         7200)


class NewYorkTest(DstTest):
    tz = "America/New_York"

    def test_autumn_sunday_has_25_hours(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-01", "00:00-24:00")
        self.assertEqual(self.t.json("week", "2026-11-01")["rows"][0]["seconds"][6], 25 * 3600)

    def test_spring_day_has_23_hours(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-03-08", "00:00-24:00")
        self.assertEqual(self.t.json("week", "2026-03-08")["rows"][0]["seconds"][6], 23 * 3600)


class StorageTest(TockCase):
    def test_default_path_and_overrides(self):
        self.t.ok("client", "add", "acme")
        self.assertTrue(os.path.exists(self.t.db))
        other = os.path.join(self.t.dir, "other.db")
        self.t.ok("--db", other, "client", "add", "globex")
        self.assertEqual([c["key"] for c in self.t.json("client", "list", env={"TOCK_DB": other})],
                         ["globex"])
        cfgdb = os.path.join(self.t.dir, "cfg.db")
        self.t.config(f"[storage]\ndatabase = {cfgdb}\n")
        self.t.ok("client", "add", "initech")
        self.assertTrue(os.path.exists(cfgdb))

    def test_wal_and_schema_version(self):
        self.t.ok("client", "add", "acme")
        con = sqlite3.connect(self.t.db)
        self.assertEqual(con.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        self.assertGreaterEqual(con.execute("PRAGMA user_version").fetchone()[0], 1)
        con.close()

    def test_newer_database_is_refused_untouched(self):
        self.t.ok("client", "add", "acme")
        con = sqlite3.connect(self.t.db)
        con.execute("PRAGMA user_version = 999")
        con.commit()
        con.close()
        before = open(self.t.db, "rb").read()
        r = self.assertFails("client", "list", contains="newer tock")
        self.assertEqual(open(self.t.db, "rb").read(), before)

    def test_foreign_database_is_refused(self):
        path = os.path.join(self.t.dir, "foreign.db")
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE photos(id INTEGER)")
        con.commit()
        con.close()
        self.assertFails("--db", path, "status", contains="not a tock database")
        with open(path + "2", "wb") as f:
            f.write(os.urandom(4096))
        self.assertFails("--db", path + "2", "status", contains="not a tock database")

    def test_two_processes_adding_at_once(self):
        self.t.ok("client", "add", "acme")
        script = ("for i in $(seq 0 99); do \"$TOCK\" add acme $(printf 2026-11-%02d $(( (i % 20) + 1 )))"
                  " \"$DUR\" -m \"$WHO $i\" >/dev/null || echo FAIL $i; done")
        from tockenv import BIN
        procs = []
        for who, dur in (("a", "1m"), ("b", "2m")):
            env = dict(self.t.env, TOCK=BIN, WHO=who, DUR=dur)
            procs.append(subprocess.Popen(["sh", "-c", script], env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True))
        outs = [p.communicate(timeout=300) for p in procs]
        for out, err in outs:
            self.assertEqual(out, "")
            self.assertEqual(err, "")
        log = self.t.json("log", "--from", "2026-11-01", "--to", "2026-11-30")
        self.assertEqual(len(log), 200)
        self.assertEqual(sum(e["seconds"] for e in log), 100 * 60 + 100 * 120)


class ConfigTest(TockCase):
    def test_runs_without_a_config(self):
        self.t.ok("status")

    def test_bad_value_names_file_key_and_value(self):
        path = self.t.config("[billing]\nround = 1h7x\n")
        r = self.assertFails("status")
        self.assertIn(path, r.err)
        self.assertIn("[billing] round", r.err)
        self.assertIn("1h7x", r.err)

    def test_unknown_key_is_a_warning(self):
        self.t.config("[billing]\nrond = 15m\n[colours]\nx = 1\n")
        r = self.t.ok("status")
        self.assertIn("unknown key [billing] rond", r.err)
        self.assertIn("unknown section [colours]", r.err)

    def test_syntax_error(self):
        self.t.config("[billing\nround = 15m\n")
        self.assertFails("status")

    def test_explicit_config_must_exist(self):
        self.assertFails("-c", "/nonexistent.ini", "status", contains="/nonexistent.ini")
        self.assertFails("status", env={"TOCK_CONFIG": "/nonexistent.ini"},
                         contains="/nonexistent.ini")

    def test_secret_in_readable_file_refused(self):
        path = self.t.config("[zoho]\nclient_secret = s3cr3t\n", mode=0o644)
        r = self.assertFails("status", contains=f"chmod 600 {path}")
        self.assertNotIn("s3cr3t", r.err)

    def test_bad_tock_now(self):
        self.assertFails("status", now="tomorrow-ish", contains="TOCK_NOW")
