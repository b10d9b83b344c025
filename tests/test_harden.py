"""Hardening (issue 15): a hostile folder, a stray byte or a long import must not hurt anyone."""
import os
import pwd
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest

from test_import_export import sanitized
from tockenv import BIN, TockCase

IS_ROOT = os.geteuid() == 0
HAVE_USERADD = shutil.which("useradd") and shutil.which("runuser") and shutil.which("userdel")


@unittest.skipUnless(IS_ROOT and HAVE_USERADD,
                     "needs root with useradd/runuser/userdel to run tock as a second OS user")
class HostileFolderTest(unittest.TestCase):
    """HOME unset (cron, env -i): tock runs from a folder another user owns and can write."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tock-harden-")
        os.chmod(self.dir, 0o755)
        self.user = f"tockv{os.getpid() % 100000}"
        self.home = os.path.join(self.dir, "victim")
        subprocess.run(["useradd", "-M", "-d", self.home, "-s", "/bin/sh", self.user], check=True,
                       capture_output=True)
        self.addCleanup(subprocess.run, ["userdel", self.user], capture_output=True)
        pw = pwd.getpwnam(self.user)
        os.makedirs(self.home)
        os.chown(self.home, pw.pw_uid, pw.pw_gid)
        # The binary where the second user can run it.
        self.bin = os.path.join(self.dir, "tock")
        shutil.copy(BIN, self.bin)
        os.chmod(self.bin, 0o755)
        # The first user's folder, writable by everyone, with a config planted in it.
        self.trap = os.path.join(self.dir, "shared")
        cfg = os.path.join(self.trap, ".config", "tock")
        os.makedirs(cfg)
        for d in (self.trap, os.path.join(self.trap, ".config"), cfg):
            os.chmod(d, 0o777)
        self.attacker_db = os.path.join(self.trap, "attacker.db")
        self.pwned = os.path.join(self.trap, "pwned")
        with open(os.path.join(cfg, "config.ini"), "w") as f:
            f.write(f"[storage]\ndatabase = {self.attacker_db}\n"
                    f"[zoho]\norganization_id = 1\nclient_id = x\nclient_secret = y\n"
                    f"refresh_token_command = touch {self.pwned}\n")
        os.chmod(os.path.join(cfg, "config.ini"), 0o644)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def victim(self, *args, env=None):
        e = ["env", "-i", "PATH=/usr/bin:/bin", "TZ=UTC", "TOCK_NOW=2026-11-23T09:00:00"]
        e += [f"{k}={v}" for k, v in (env or {}).items()]
        return subprocess.run(["runuser", "-u", self.user, "--", *e, self.bin, *args],
                              cwd=self.trap, capture_output=True, text=True, timeout=60)

    def test_home_unset_uses_the_password_database_home(self):
        r = self.victim("client", "add", "acme")
        self.assertEqual(r.returncode, 0, r)
        self.assertFalse(os.path.exists(self.attacker_db), "the entry went to the attacker's file")
        self.assertFalse(os.path.exists(os.path.join(self.trap, ".local")), "data under the cwd")
        mine = os.path.join(self.home, ".local", "share", "tock", "tock.db")
        self.assertTrue(os.path.exists(mine), os.listdir(self.home))
        self.assertEqual(os.stat(mine).st_uid, pwd.getpwnam(self.user).pw_uid)
        r = self.victim("zoho", "check")
        self.assertFalse(os.path.exists(self.pwned), "a planted command ran as the victim")

    def test_config_owned_by_someone_else_is_refused(self):
        # HOME pointing at the planted folder (or XDG_CONFIG_HOME): its config is root's and
        # sits in a folder everyone can write.
        planted = os.path.join(self.trap, ".config", "tock", "config.ini")
        r = self.victim("status", env={"HOME": self.trap})
        self.assertEqual(r.returncode, 1, r)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertIn("refusing config " + planted, r.stderr)
        self.assertIn("chmod go-w", r.stderr)
        self.assertFalse(os.path.exists(self.attacker_db))
        # A file belonging to another user, in the victim's own folder.
        mine = os.path.join(self.home, "mine.ini")
        shutil.copy(planted, mine)
        os.chown(mine, 65534, 65534)
        r = self.victim("-c", mine, "status")
        self.assertEqual(r.returncode, 1, r)
        self.assertIn("belongs to uid 65534, not to you", r.stderr)
        self.assertFalse(os.path.exists(self.attacker_db))


class ConfigFileTest(TockCase):
    """What config.ini may be, and how its mistakes are named."""

    def test_writable_by_others_is_refused(self):
        path = self.t.config("[general]\nweek_start = sunday\n", mode=0o664)
        self.assertFails("status", contains=f"refusing config {path}: others can change it")
        os.chmod(path, 0o600)
        os.chmod(os.path.dirname(path), 0o777)
        self.assertFails("status", contains="others can write to its folder")
        os.chmod(os.path.dirname(path), 0o1777)  # sticky, like /tmp: others cannot replace it
        self.t.ok("status")

    def test_zoho_urls_and_ids_are_checked_when_the_file_loads(self):
        # Issue 22: found at load, with the key named, not at the first push.
        for line, why in (("organization_id = abc", "digits of a Zoho id"),
                          ("api_url = http://evil.example/invoice/v3", "https:// URL"),
                          ("accounts_url = ftp://accounts.zoho.eu", "https:// URL"),
                          ("api_url = https://", "https:// URL")):
            self.t.config(f"[zoho]\n{line}\n")
            key = line.split(" =")[0]
            r = self.assertFails("status", contains=f"[zoho] {key} = ")
            self.assertIn(why, r.err)
            self.assertEqual(len(r.err.strip().splitlines()), 1, r)
        self.t.config("[zoho]\napi_url = http://127.0.0.1:8080/invoice/v3\n"
                      "accounts_url = https://accounts.zoho.eu\norganization_id = 20071234567\n")
        self.t.ok("status")

    def test_devices_fifos_and_big_files_are_refused_quickly(self):
        self.assertFails("-c", "/dev/zero", "status", contains="not a regular file", timeout=10)
        fifo = os.path.join(self.t.dir, "fifo.ini")
        os.mkfifo(fifo)
        self.assertFails("-c", fifo, "status", contains="not a regular file", timeout=10)
        big = os.path.join(self.t.dir, "big.ini")
        with open(big, "w") as f:
            f.write(("; " + "x" * 1000 + "\n") * 1100)
        os.chmod(big, 0o600)
        self.assertFails("-c", big, "status", contains="larger than 1024 KiB")
        self.t.ok("-c", "/dev/null", "status")

    def test_binary_and_syntax_errors_name_the_line(self):
        path = self.t.config("[general]\nweek_start = monday\n\x00\x01binary\n")
        self.assertFails("status", contains=f"{path}:3: a NUL byte: this is not a text file")
        path = self.t.config("[general]\n; fine\nweek_start monday\n")
        r = self.assertFails("status", contains=f"{path}:3: expected [section], key = value")
        self.assertIn('"week_start monday"', r.err)
        path = self.t.config("[general]\nweek_start = \x1b[2Jmonday\n")
        r = self.assertFails("status", contains=f"{path}:2: [general] week_start")
        self.assertNotIn("\x1b", r.err)

    def test_duplicates_and_keys_outside_sections(self):
        path = self.t.config("[general]\nweek_start = monday\n[billing]\nround = 15m\n"
                             "[general]\nweek_start = sunday\n")
        self.assertFails("status", contains=f"{path}:6: [general] week_start is set twice "
                                             "(also on line 2)")
        path = self.t.config("week_start = sunday\n[general]\ncurrency = USD\n")
        r = self.t.run("status")
        self.assertEqual(r.rc, 0, r)
        self.assertIn(f"warning: {path}:1: key week_start is outside any [section]", r.err)
        path = self.t.config("[general]\ncurency = USD\n")
        self.assertIn(f"{path}:2: unknown key [general] curency", self.t.run("status").err)

    def test_xdg_config_home_naming_a_file_is_an_error(self):
        path = os.path.join(self.t.dir, "not-a-folder")
        with open(path, "w") as f:
            f.write("x")
        self.assertFails("status", env={"XDG_CONFIG_HOME": path},
                         contains="check XDG_CONFIG_HOME")


class ChildrenTest(TockCase):
    """What `tock run` and the *_command shells get from tock, and what tock says after them."""

    SECRETS = {"TOCK_ZOHO_CLIENT_SECRET": "cs-0123456789", "TOCK_ZOHO_REFRESH_TOKEN": "rt-9876543210"}

    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")

    def test_secrets_never_reach_a_child(self):
        r = self.t.run("run", "acme", "--", "env", env=self.SECRETS)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("TOCK_NOW=", r.out)  # the rest of the environment is passed on
        for name, value in self.SECRETS.items():
            self.assertNotIn(name, r.out)
            self.assertNotIn(value, r.out)
        dump = os.path.join(self.t.dir, "env-of-command")
        self.t.config("[zoho]\norganization_id = 1\nclient_id = id\n"
                      "accounts_url = http://127.0.0.1:9\napi_url = http://127.0.0.1:9/invoice/v3\n"
                      f"client_secret_command = env > {dump}; echo s3cret\n")
        self.t.run("zoho", "check", env={"TOCK_ZOHO_REFRESH_TOKEN": "rt-9876543210"})
        with open(dump) as f:
            seen = f.read()
        self.assertIn("TOCK_NOW=", seen)
        self.assertNotIn("TOCK_ZOHO_REFRESH_TOKEN", seen)
        self.assertNotIn("rt-9876543210", seen)

    def test_secret_command_errors_name_their_setting(self):
        self.t.config("[zoho]\norganization_id = 1\nclient_id = id\nrefresh_token_command = echo t\n"
                      "client_secret_command = exit 3\n")
        r = self.t.run("zoho", "check")
        self.assertNotEqual(r.rc, 0, r)
        self.assertIn("zoho.client_secret_command: `exit 3` failed with exit status 3", r.out + r.err)
        self.assertNotIn("refresh_token_command", r.out + r.err)

    def test_ctrl_c_right_after_fork_reaches_the_command(self):
        # The child pauses between fork and exec (a test hook), where a Ctrl-C was once ignored.
        self.t.env["TOCK_TEST_FORK_PAUSE_MS"] = "1500"
        p = self.t.popen("run", "acme", "--", "sleep", "30", stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, start_new_session=True)
        children = f"/proc/{p.pid}/task/{p.pid}/children"
        deadline = time.time() + 10
        while time.time() < deadline and p.poll() is None:
            with open(children) as f:
                if f.read().strip():  # forked: the child is in its pause
                    break
            time.sleep(0.01)
        os.killpg(p.pid, signal.SIGINT)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            self.fail("the command did not get the Ctrl-C")
        finally:
            p.stderr.close()
        self.assertEqual(p.returncode, 128 + signal.SIGINT)
        self.assertEqual(len(self.t.json("log")), 1)

    def test_run_whose_final_save_fails_exits_non_zero(self):
        db = self.t.db
        spoil = ("import os\nfor s in ('', '-wal', '-shm'):\n"
                 f"    p = {db!r} + s\n"
                 "    if os.path.exists(p):\n        open(p, 'r+b').write(b'x' * 200)\n")
        r = self.t.run("run", "acme", "--", "python3", "-c", spoil)
        self.assertEqual(r.rc, 1, r)
        self.assertIn("the timer is kept running", r.err)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)


class ImportTimerTest(TockCase):
    """An import never leaves a timer that cannot be stopped."""

    def write(self, name, text):
        path = os.path.join(self.t.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_rows_over_the_running_timer_are_refused(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("start", "acme", now="2026-11-23T08:00:00")  # Berlin: 07:00Z
        path = self.write("over.json", '[{"id":1,"start":"20261123T073000Z","end":"20261123T074500Z",'
                                       '"tags":["acme"]}]\n')
        before = self.t.digest()
        r = self.assertFails("import", "timew", path,
                             contains="over.json:1: overlaps the running timer (acme since 08:00): "
                                      "stop or cancel the timer first")
        self.assertEqual(self.t.digest(), before)
        r = self.t.run("import", "timew", path, "--skip-bad")
        self.assertIn("imported 0 entries", r.out)
        self.t.ok("stop")  # the timer stops as it always could
        self.assertEqual(len(self.t.json("log")), 1)

    def test_an_open_interval_over_an_entry_is_not_started(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "today", "08:30-08:45")
        path = self.write("open.json", '[{"id":1,"start":"20261123T070000Z","tags":["acme"]}]\n')
        r = self.t.run("import", "timew", path)
        self.assertEqual(r.rc, 0, r)
        self.assertIn("an open interval since 2026-11-23 08:00 overlaps entry", r.err)
        self.assertIn("not started", r.err)
        self.assertFalse(self.t.json("status")["running"])
        self.t.ok("start", "acme")
        self.t.ok("stop", now="2026-11-23T09:30:00")


class TerminalInjectionTest(TockCase):
    """What came from a file or the database reaches the terminal without its control bytes."""

    def test_import_summary_and_later_output_are_cleaned(self):
        path = os.path.join(self.t.dir, "evil.csv")
        with open(path, "w") as f:
            f.write("User,Email,Client,Project,Description,Start date,Start time,End date,End time,"
                    "Duration\n"
                    "Ada,ada@example.com,Acme\x1b[2J,API\x07,x,2026-11-02,09:00:00,2026-11-02,"
                    "10:00:00,01:00:00\n"
                    "Ada,ada@example.com,Acme\x1b[2J,API\x07,x,2026-11-02,09:30:00,2026-11-02,"
                    "10:30:00,01:00:00\n")
        r = self.t.run("import", "toggl", path)
        self.assertEqual(r.rc, 0, r)
        self.assertIn('new client "Acme [2J"', r.out)
        self.assertIn("overlaps entry", r.err)
        for text in (r.out, r.err):
            self.assertNotIn("\x1b", text)
            self.assertNotIn("\x07", text)
        key = [c["key"] for c in self.t.json("client", "list")][0]
        r = self.t.run("invoice", "preview", key, "--period", "2026-11")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("Acme [2J", r.out)
        self.assertNotIn("\x1b", r.out)

    def test_errors_quoting_a_file_are_cleaned(self):
        path = os.path.join(self.t.dir, "evil.csv")
        with open(path, "w") as f:
            f.write("User,Email,Client,Project,Description,Start date,Start time,End date,End time,"
                    "Duration\nAda\x1b[2J,a@b,Acme,API,x,2026-11-02,09:00:00,2026-11-02,10:00:00,"
                    "01:00:00\n")
        users = os.path.join(self.t.dir, "users.map")
        with open(users, "w") as f:
            f.write("Bob = bob\n")
        r = self.assertFails("import", "toggl", path, "--user-map", users,
                             contains="no login for user 'Ada [2J'")
        self.assertNotIn("\x1b", r.err)


class SilentChangeTest(TockCase):
    """Nothing in a file changes silently on its way into tock."""

    def imp(self, text):
        path = os.path.join(self.t.dir, "in.json")
        with open(path, "w") as f:
            f.write(text)
        return self.t.run("import", "timew", path)

    def test_json_nul_escape_and_duplicate_keys_are_refused(self):
        r = self.imp('[\n{"id":1,"start":"20261123T060000Z","end":"20261123T070000Z",'
                     '"tags":["acme"],"annotation":"a\\u0000b"}\n]\n')
        self.assertEqual(r.rc, 1, r)
        self.assertIn("in.json:2: a NUL character (\\u0000) in a JSON string", r.err)
        r = self.imp('[\n{"id":1,"start":"20261123T060000Z","end":"20261123T070000Z",'
                     '"tags":["acme"],"annotation":"first","annotation":"second"}\n]\n')
        self.assertEqual(r.rc, 1, r)
        self.assertIn('in.json:2: key "annotation" appears twice in one JSON object', r.err)
        self.assertEqual(self.t.json("log"), [])
        r = self.imp('[\n{"id":1,"start":"20261123T060000Z","end":"20261123T070000Z",'
                     '"tags":["acme"],"annotation":"a\\\\u0000b"}\n]\n')  # an escaped backslash
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(self.t.json("log")[0]["note"], "a\\u0000b")


def toggl_rows(path, rows, first_day=730120):
    """A Toggl CSV of `rows` one-hour entries, eight a day."""
    with open(path, "w") as f:
        f.write("User,Email,Client,Project,Description,Billable,Start date,Start time,End date,"
                "End time,Duration\r\n")
        for i in range(rows):
            day = first_day + i // 8
            h = 9 + i % 8
            d = time.strftime("%Y-%m-%d", time.gmtime((day - 719163) * 86400))
            f.write(f"Ada,ada@example.com,Client {i % 3},,entry {i},Yes,{d},{h:02d}:00:00,"
                    f"{d},{h:02d}:55:00,00:55:00\r\n")


class LongImportTest(TockCase):
    """A long import holds the write lock only for its last step; a dry run never takes it."""

    def can_write(self):
        db = sqlite3.connect(self.t.db, timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            db.close()

    def test_dry_run_takes_no_write_lock(self):
        self.t.ok("client", "add", "acme")
        body = os.path.join(self.t.dir, "rows.csv")
        toggl_rows(body, 6000)  # twice the reader's buffer in each half
        with open(body) as f:
            text = f.read()
        half = text.index("entry 3000,")
        half = text.rindex("\n", 0, half) + 1
        p = self.t.popen("import", "toggl", "-", "--dry-run", stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        p.stdin.write(text[:half])
        p.stdin.flush()
        time.sleep(1.5)  # the import takes half the rows, then waits for the rest
        try:
            self.assertIsNone(p.poll())
            self.assertTrue(self.can_write(), "a dry run holds the write lock")
            self.t.ok("add", "acme", "today", "1h")  # and another writer goes on
        finally:
            p.stdin.write(text[half:])
            p.stdin.close()
            out = p.stdout.read()
            p.stderr.close()
            p.stdout.close()
            p.wait(timeout=60)
        self.assertEqual(p.returncode, 0)
        self.assertIn("would import 6000 entries", out)
        self.assertEqual(len(self.t.json("log")), 1)

    def test_writers_go_on_during_an_import_and_nothing_is_lost(self):
        path = os.path.join(self.t.dir, "rows.csv")
        rows = 8000 if sanitized() else 30000
        toggl_rows(path, rows)
        self.t.ok("client", "add", "acme")
        p = self.t.popen("import", "toggl", path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        grabbed, added = 0, 0
        deadline = time.time() + 120
        while p.poll() is None and time.time() < deadline:
            if os.path.exists(self.t.db) and self.can_write():
                grabbed += 1
            if added < 3 and self.t.run("add", "acme", "today", "10m").rc == 0:
                added += 1
            time.sleep(0.05)
        out, err = p.communicate(timeout=120)
        self.assertEqual(p.returncode, 0, err)
        self.assertIn(f"imported {rows} entries".encode(), out)
        self.assertGreaterEqual(grabbed, 3, "the import held the write lock all along")
        # In a sqlite3 process, not this one: a later test measures tock's peak RSS, which on
        # Linux starts at the peak of the process that forked it.
        r = subprocess.run(["sqlite3", self.t.db, "SELECT count(*) FROM entries; "
                            "PRAGMA integrity_check;"], capture_output=True, text=True)
        self.assertEqual(r.stdout.split(), [str(rows + added), "ok"], r)
        leftovers = [n for n in os.listdir(os.path.dirname(self.t.db)) if ".stage-" in n]
        self.assertEqual(leftovers, [])


from test_tui import TuiCase  # noqa: E402  (tmux helpers)


class BusyTuiTest(TuiCase):
    """Another process holding the write lock (a long import): the TUI says it waits, keeps the
    edit and saves it once the lock is free, instead of freezing 15 s and dropping it."""

    def test_busy_database_keeps_the_edit_and_retries(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-23", "1:30", "-m", "kickoff")
        pane = self.open()
        db = sqlite3.connect(self.t.db, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        try:
            pane.type("1:30")
            start = time.time()
            pane.keys("Enter")
            pane.wait("waiting: another tock is writing", timeout=5.0)
            self.assertLess(time.time() - start, 5.0)
            self.assertEqual(self.row(self.week(), "acme")["seconds"][2], 0)
        finally:
            db.execute("ROLLBACK")
            db.close()
        pane.wait("cell set to 1:30", timeout=5.0)
        self.assertEqual(self.row(self.week(), "acme")["seconds"][2], 5400)
