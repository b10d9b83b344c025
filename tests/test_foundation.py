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
    """Every row of every table, so 'nothing was written' can be asserted (but for the
    figures derived from entries that any reader may store, carry_*: app_carry.c)."""
    con = sqlite3.connect(path)
    h = hashlib.sha256()
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT "
                               "LIKE 'carry\\_%' ESCAPE '\\' ORDER BY name"):
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

    def test_run_missing_command_leaves_the_running_timer(self):
        self.t.ok("start", "acme", "-m", "before", now="2026-11-23T08:00:00")
        before = self.t.digest()
        for cmd in ("no-such-command-xyz", "./no-such-file", "/etc"):
            with self.subTest(cmd=cmd):
                self.assertFails("run", "acme/api", "--", cmd, contains=f"cannot run {cmd}")
        self.assertEqual(self.t.digest(), before)
        self.assertEqual(self.t.json("status")["note"], "before")


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
        before = self.t.digest()
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
        before = self.t.digest()
        for args, msg in bad:
            with self.subTest(args=args):
                self.assertFails(*args, contains=msg)
        self.assertEqual(self.t.digest(), before)

    def test_usage_errors_exit_2(self):
        for args in (("add", "acme"), ("start",), ("frobnicate",), ("log", "--bogus"),
                     ("status", "extra")):
            with self.subTest(args=args):
                r = self.t.run(*args)
                self.assertEqual(r.rc, 2, r)
                self.assertEqual(len(r.err.strip().splitlines()), 1, r)

    def test_an_option_given_twice_is_a_usage_error(self):
        # Which of two notes or two dates was meant? Say so rather than keep the last.
        for args in (("add", "acme", "today", "1h", "-m", "a", "-m", "b"),
                     ("log", "--from", "2026-11-01", "--from=2026-11-02"),
                     ("start", "acme", "--note", "a", "-m", "b")):
            with self.subTest(args=args):
                r = self.t.run(*args)
                self.assertEqual(r.rc, 2, r)
                self.assertIn("given twice", r.err)
        self.assertEqual(self.t.json("log"), [])
        self.t.ok("add", "acme", "today", "1h", "--non-billable", "--non-billable")

    def test_help_lists_the_options_a_command_takes(self):
        usage = self.t.ok("client", "set", "--help").out
        self.assertIn("--unarchive", usage)
        self.assertNotIn("--default", usage)  # there is no such option: 'default' is a value
        r = self.t.run("client", "set", "acme", "--default", "round")
        self.assertEqual(r.rc, 2, r)

    def test_help_and_version(self):
        r = self.t.ok("--version")
        self.assertRegex(r.out, r"^tock \d+\.\d+\.\d+\n$")
        self.assertIn("start", self.t.ok("--help").out)
        for cmd in (["start"], ["client", "add"], ["week"], ["run"], ["log"]):
            r = self.t.ok(*cmd, "--help")
            self.assertTrue(r.out.startswith("usage: tock " + " ".join(cmd)), r.out)

    def test_edit_without_a_change_is_a_usage_error(self):
        self.t.ok("add", "acme", "today", "1h")
        before = self.t.digest()
        r = self.t.run("edit", "1")
        self.assertEqual(r.rc, 2, r)
        self.assertIn("nothing to change", r.err)
        self.assertEqual(self.t.digest(), before)  # no audit row for a no-op

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

    def test_skipped_wall_times_are_refused(self):
        self.t.ok("client", "add", "acme")
        day, gap = ("2026-03-08", "02:30") if self.tz == "America/New_York" else ("2026-03-29", "02:30")
        before = self.t.digest()
        self.assertFails("add", "acme", day, gap + "-03:30", contains=f"{gap} does not exist on {day}")
        self.assertFails("add", "acme", day, "01:00-" + gap, contains="does not exist")
        self.assertFails("start", "acme", "--at", f"{day}T{gap}", contains="does not exist")
        self.assertEqual(self.t.digest(), before)
        self.t.ok("add", "acme", day, "01:30-03:30")  # one real hour
        self.assertEqual(self.t.json("log", "--from", day, "--to", day)[0]["seconds"], 3600)

    def test_a_long_day_moved_to_a_short_one(self):
        self.t.ok("client", "add", "acme")
        day, next_day = (("2026-11-01", "2026-11-02") if self.tz == "America/New_York"
                         else ("2026-10-25", "2026-10-26"))
        self.t.ok("add", "acme", day, "25h")
        self.assertFails("edit", "1", "--date", next_day, contains="more than the 24 hours")
        self.assertEqual(self.t.json("log", "--from", day, "--to", day)[0]["date"], day)

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


class FirstUseTest(TockCase):
    def test_many_processes_on_a_new_database(self):
        # tmux starts `tock status` in every pane at once: the first use must not race.
        for round_ in range(3):
            with self.subTest(round=round_):
                fresh = os.path.join(self.t.dir, f"fresh{round_}.db")
                procs = [self.t.popen("--db", fresh, "status", stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True) for _ in range(16)]
                results = [(p.wait(timeout=60), p.stderr.read()) for p in procs]
                for p in procs:
                    p.stdout.close()
                    p.stderr.close()
                self.assertEqual([r for r in results if r[0] != 0], [])


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

    def test_bad_tier_names_and_standard_multiplier(self):
        for text, msg in (("[tiers]\n" + "x" * 65 + " = 1.5\n", "bad tier name"),
                          ("[tiers]\non call = 2\n", "bad tier name"),
                          ("[tiers]\nstandard = 1.2\n", "standard is the rate itself")):
            with self.subTest(text=text):
                self.t.config(text)
                self.assertFails("status", contains=msg)
        self.t.config("[tiers]\nstandard = 1.0\nweekend = 1.25\n")
        self.t.ok("status")

    def test_bad_tock_now(self):
        self.assertFails("status", now="tomorrow-ish", contains="TOCK_NOW")


class CalendarEdgeTest(TockCase):
    """The first and last days tock knows, 0001-01-01 and 9999-12-31."""

    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")

    def test_first_day_entries_listed_beside_a_long_entry(self):
        self.t.ok("add", "acme", "0001-01-01", "1h")
        self.t.ok("add", "acme", "0001-01-01", "23:00-01:00")  # spans two days
        ids = [e["id"] for e in self.t.json("log", "--from", "0001-01-01", "--to", "0001-01-07")]
        self.assertEqual(sorted(ids), [1, 2])
        self.assertEqual(self.t.json("week", "0001-01-01")["totals"]["seconds"][0], 3600 + 3600)

    def test_last_day_shown_in_its_week(self):
        self.t.ok("add", "acme", "9999-12-31", "1h")
        w = self.t.json("week", "9999-12-31")
        self.assertEqual(w["totals"]["total"], 3600)


class TimerEdgeTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("client", "add", "globex")

    def test_empty_range_blocks_nothing(self):
        # start and stop in the same second leave a 0:00 entry; it covers no time.
        self.t.ok("start", "acme")
        self.t.ok("stop")
        self.assertEqual(self.t.json("log")[0]["seconds"], 0)
        self.t.ok("add", "globex", "today", "08:00-10:00")

    def test_at_before_the_running_timer_is_refused(self):
        self.t.ok("start", "acme")
        before = self.t.digest()
        self.assertFails("start", "globex", "--at", "08:00", contains="before it started")
        self.assertFails("stop", "--at", "08:59", contains="before it started")
        self.assertEqual(self.t.digest(), before)
        r = self.t.ok("stop", "--at", "09:00")
        self.assertIn("(0:00)", r.out)

    def test_timer_older_than_the_longest_entry(self):
        self.assertFails("start", "acme", "--at", "0001-01-01T00:00", contains="10000 hours")
        self.t.ok("start", "acme", now="2025-01-01T09:00:00")
        r = self.assertFails("stop", contains="cancel")
        self.assertIn("10000 hours", r.err)
        self.t.ok("stop", "--at", "2025-01-01T17:00:00")
        self.assertEqual(self.t.json("log", "--from", "2025-01-01", "--to", "2025-01-01")[0]["seconds"],
                         8 * 3600)

    def test_start_at_before_an_entry_that_ends_by_now_is_refused(self):
        self.t.ok("add", "acme", "today", "08:30-08:45")
        before = self.t.digest()
        # Running from 08:00 until now (09:00) would cover the entry: refused at once, not at stop.
        self.assertFails("start", "globex", "--at", "08:00", contains="entry 1")
        self.assertEqual(self.t.digest(), before)
        self.t.ok("start", "globex", "--at", "08:45")

    def test_run_leaves_a_timer_it_did_not_start(self):
        # The command (or another pane) starts a different timer while tock run waits.
        from tockenv import BIN
        r = self.t.run("run", "acme", "--", "sh", "-c", '"$TOCK" start globex -m mine >/dev/null',
                       env={"TOCK": BIN})
        self.assertEqual(r.rc, 0, r)
        st = self.t.json("status")
        self.assertEqual((st["running"], st.get("client"), st.get("note")), (True, "globex", "mine"))
        self.assertEqual([e["client"] for e in self.t.json("log")], ["acme"])


class TextInputTest(TockCase):
    """What people type into notes and names, as the tables and JSON show it."""

    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")

    def test_invalid_utf8_is_refused(self):
        bad = "caf\udce9"  # the byte 0xE9 alone: Latin-1, not UTF-8
        before = self.t.digest()
        for args in (("add", "acme", "today", "1h", "-m", bad),
                     ("start", "acme", "-m", bad),
                     ("client", "add", "x", "--name", bad),
                     ("client", "set", "acme", "--name", bad),
                     ("project", "add", "acme/x", "--name", bad)):
            with self.subTest(args=args):
                self.assertFails(*args, contains="not valid UTF-8")
        self.assertEqual(self.t.digest(), before)
        self.t.ok("add", "acme", "today", "1h")
        self.assertFails("edit", "1", "-m", bad, contains="not valid UTF-8")
        self.t.ok("start", "acme", "--at", "08:00")
        self.assertFails("stop", "-m", bad, contains="not valid UTF-8")

    def test_run_note_from_a_non_utf8_command_line(self):
        r = self.t.run("run", "acme", "--", "true", "caf\udce9")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(self.t.json("log")[0]["note"], "true caf\ufffd")

    def test_control_characters_stay_out_of_tables(self):
        note = "line one\nline two\tand\x1b[2J\x07 \u009b31m"
        self.t.ok("add", "acme", "today", "1h", "-m", note)
        self.t.ok("client", "add", "evil", "--name", "Evil\nCorp\x1b]0;pwned\x07")
        self.t.ok("project", "add", "evil/x", "--name", "X\r\nY")
        self.assertEqual(self.t.json("log")[0]["note"], note)  # kept as typed
        for args, lines in ((("log",), 2), (("client", "list"), 2), (("project", "list"), 1)):
            with self.subTest(args=args):
                out = self.t.ok(*args).out
                self.assertEqual(len(out.splitlines()), lines, out)
                self.assertFalse(any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) < 0xa0
                                     for c in out), repr(out))
        self.t.ok("start", "acme", "--at", "08:00", "-m", "a\nb\x1b[31m")
        self.assertEqual(self.t.ok("status", "--format", "%n|%k").out, "a b [31m|acme\n")


class TimeZoneChangeTest(TockCase):
    def test_a_range_shows_where_its_hours_fall_after_a_move(self):
        # Recorded in Berlin just after midnight, read in New York: it is Sunday evening there.
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-23", "00:30-01:30")
        ny = {"TZ": "America/New_York"}
        w = self.t.run("week", "2026-11-22", "--json", env=ny).json()
        self.assertEqual(w["totals"]["seconds"], [0, 0, 0, 0, 0, 0, 3600])
        w = self.t.run("week", "2026-11-23", "--json", env=ny).json()
        self.assertEqual(w["totals"]["total"], 0)
        self.assertEqual(self.t.json("week", "2026-11-23")["totals"]["seconds"][0], 3600)
