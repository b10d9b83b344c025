"""Docs as tests: every command that README.md's ```sh blocks and the man page's EXAMPLES show
runs here, in order, in a fresh HOME with a pinned clock and time zone, with `tock` on the PATH
and a fake Zoho behind the config — so the text cannot drift from the program again.

A line's shown output is compared where the text shows it: a comment `# → TEXT` after a command
says that the command prints exactly TEXT (one line). Lines that build or install tock itself
(apt-get, make, dpkg) are what CI runs anyway and are not run again here."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import fake_zoho  # noqa: E402
from tockenv import BIN  # noqa: E402

# The first word of the lines that build, install or test tock rather than use it.
# tmux lines need a running server and an installed plugin: tests/test_tmux_plugin.py covers them.
SETUP_WORDS = {"sudo", "make", "apt-get", "apt", "dpkg-buildpackage", "dpkg", "man", "cd", "git",
               "tmux"}
NOW = "2026-12-02T09:00:00"   # a Wednesday: last month is finished, this week has a Monday
MAX_LINES = 200               # a bound on what one document may ask us to run


def readme_commands(path):
    """(line number, command) for each command line of README.md's ```sh blocks."""
    out, block, joined, first = [], False, "", 0
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            s = line.rstrip("\n")
            if s.strip().startswith("```"):
                block = s.strip() == "```sh"
                continue
            if not block:
                continue
            if not joined:
                first = no
            if s.endswith("\\"):
                joined += s[:-1] + " "
                continue
            cmd = (joined + s).strip()
            joined = ""
            if cmd and not cmd.startswith("#"):
                out.append((first, cmd))
    return out[:MAX_LINES]


def man_commands(path):
    """(line number, command) for each line of the man page's EXAMPLES (between .nf and .fi)."""
    out, inside, fill = [], False, False
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            s = line.rstrip("\n")
            if s.startswith(".SH"):
                inside = s.strip() == ".SH EXAMPLES"
                continue
            if not inside:
                continue
            if s.startswith(".nf"):
                fill = True
                continue
            if s.startswith(".fi"):
                fill = False
                continue
            if fill and s and not s.startswith("."):
                cmd = s.replace("\\-", "-").replace("\\(aq", "'").replace("\\(dq", '"') \
                       .replace("\\e", "\\").replace("\\&", "")
                if not cmd.startswith("#"):
                    out.append((no, cmd))
    return out[:MAX_LINES]


def expected_output(cmd):
    """The TEXT of a trailing `# → TEXT`, or None."""
    m = re.search(r"\s#\s*→\s?(.*)$", cmd)
    return m.group(1).rstrip() if m else None


FIXTURES = {
    "Toggl_time_entries.csv":
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
        "End date,End time,Duration,Tags,Amount ()\r\n"
        "Ada,ada@example.com,Globex,Web,,landing page,Yes,2026-11-16,10:00:00,"
        "2026-11-16,11:30:00,01:30:00,,\r\n",
    "harvest_time_report.csv":
        "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,"
        "Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,"
        "Cost Amount,Currency,External Reference URL\r\n"
        "2026-11-17,Initech,TPS,,Design,reports,2.5,2.5,Yes,No,No,Bob,Smith,,Yes,100,250,0,0,"
        "Euro - EUR,\r\n",
    "team.map": "Bob Smith = {user}\nAda = {user}\n* = {user}\n",
    "clients.map": "Initech = acme\n",
    "Makefile": "deploy:\n\t@echo deployed\ntest:\n\t@echo tested\n",
}

# What `timew export` prints: one closed interval tagged client, project.
TIMEW = """#!/bin/sh
[ "$1" = export ] || exit 1
printf '%s\\n' '[{"id":1,"start":"20261118T090000Z","end":"20261118T100000Z","tags":["umbrella","ops"]}]'
"""


class DocsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fake = fake_zoho.FakeZoho().start()
        # tock.1's team example adds the OS user alice to a team: team members are real users.
        cls.made_alice = False
        if subprocess.run(["id", "alice"], capture_output=True).returncode != 0 and \
                os.geteuid() == 0:
            cls.made_alice = subprocess.run(["useradd", "-M", "alice"],
                                            capture_output=True).returncode == 0

    @classmethod
    def tearDownClass(cls):
        cls.fake.stop()
        if cls.made_alice:
            subprocess.run(["userdel", "alice"], capture_output=True)

    def setUp(self):
        with self.fake.lock:
            self.fake.control({"reset": True, "contacts": [
                {"contact_id": "460000000029001", "contact_name": "ACME Corp", "company_name": "ACME Corp", "email": "ap@acme.example", "currency_code": "EUR"}]})
        self.dir = tempfile.mkdtemp(prefix="tock-docs-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        home = os.path.join(self.dir, "home")
        bindir = os.path.join(self.dir, "bin")
        self.work = os.path.join(self.dir, "work")
        for d in (home, bindir, self.work):
            os.makedirs(d)
        os.symlink(os.path.abspath(BIN), os.path.join(bindir, "tock"))
        with open(os.path.join(bindir, "timew"), "w") as f:
            f.write(TIMEW)
        os.chmod(os.path.join(bindir, "timew"), 0o755)
        user = subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        for name, text in FIXTURES.items():
            with open(os.path.join(self.work, name), "w", newline="") as f:
                f.write(text.replace("{user}", user))
        self.env = {
            "PATH": bindir + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home, "TZ": "Europe/Berlin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "XDG_DATA_HOME": os.path.join(home, ".local/share"),
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_STATE_HOME": os.path.join(home, ".local/state"),
            "TOCK_NOW": NOW,
        }
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                self.env[k] = os.environ[k]
        cfg = os.path.join(home, ".config", "tock")
        os.makedirs(cfg)
        with open(os.path.join(cfg, "config.ini"), "w") as f:
            f.write("[zoho]\napi_url = %s/invoice/v3\naccounts_url = %s\norganization_id = %s\n"
                    "client_id = %s\nclient_secret = %s\nrefresh_token = %s\ntimeout = 2\n"
                    "max_retries = 1\nmax_backoff = 0\n"
                    % (self.fake.url, self.fake.url, fake_zoho.ORG_ID, fake_zoho.CLIENT_ID,
                       fake_zoho.CLIENT_SECRET, fake_zoho.REFRESH_TOKEN))
        os.chmod(os.path.join(cfg, "config.ini"), 0o600)

    def run_doc(self, name, commands):
        self.assertTrue(commands, f"{name} shows no commands")
        ran = 0
        for no, cmd in commands:
            if cmd.split()[0] in SETUP_WORDS or re.search(r"\bapt-get\b", cmd):
                continue
            ran += 1
            p = subprocess.run(["bash", "-c", "set -o pipefail; " + cmd], cwd=self.work,
                               env=self.env, capture_output=True, text=True, timeout=60)
            where = f"{name}:{no}: {cmd}"
            self.assertEqual(p.returncode, 0, f"{where}\nexit {p.returncode}: {p.stderr.strip()}")
            want = expected_output(cmd)
            if want is not None:
                self.assertEqual(p.stdout.rstrip("\n"), want, f"{where}\nprinted {p.stdout!r}")
        return ran

    def test_readme_commands_run_in_order(self):
        ran = self.run_doc("README.md", readme_commands(os.path.join(ROOT, "README.md")))
        self.assertGreater(ran, 20)

    def test_man_examples_run_in_order(self):
        if subprocess.run(["id", "alice"], capture_output=True).returncode != 0:
            self.skipTest("the team example needs an OS user alice (run as root to make one)")
        ran = self.run_doc("man/tock.1", man_commands(os.path.join(ROOT, "man", "tock.1")))
        self.assertGreater(ran, 5)

    def test_readme_ini_blocks_are_valid_config(self):
        """Every ```ini block of README.md loads as a config (secrets commands aside)."""
        text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
        blocks = re.findall(r"```ini\n(.*?)```", text, re.S)
        self.assertTrue(blocks)
        for i, block in enumerate(blocks):
            path = os.path.join(self.dir, f"readme-{i}.ini")
            with open(path, "w") as f:
                f.write(block)
            os.chmod(path, 0o600)
            # --db: a block may name a database that is not here (A team on PostgreSQL).
            p = subprocess.run([BIN, "-c", path, "--db", os.path.join(self.dir, "ini.db"),
                                "status"], env=self.env, cwd=self.work,
                               capture_output=True, text=True, timeout=30)
            self.assertEqual(p.returncode, 0, f"README.md ini block {i + 1}: {p.stderr.strip()}")


if __name__ == "__main__":
    unittest.main()
