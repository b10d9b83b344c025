"""Shell completion: `tock __complete` (commands and options from the command table, names from
a database opened read-only) and the bash, zsh and fish scripts in contrib/completion that ask
it. The bash script is exercised for real (bash sources it and calls the completion function);
zsh and fish are checked when they are installed."""
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import time
import unittest

from tockenv import BIN, TockCase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "contrib", "completion")


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class CompleteCase(TockCase):
    def complete(self, *words, **kw):
        r = self.t.run("__complete", *words, **kw)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.err, "", r)
        return r.out.splitlines()

    def seed(self):
        t = self.t
        t.ok("client", "add", "acme", "--name", "ACME Corp")
        t.ok("project", "add", "acme/api")
        t.ok("project", "add", "acme/web")
        t.ok("client", "add", "acorn")
        t.ok("client", "add", "beta")
        t.ok("client", "add", "gone")
        t.ok("client", "archive", "gone")
        t.ok("sprint", "add", "acme", "Launch week", "--from", "2026-11-16", "--to", "2026-11-20")
        t.ok("sprint", "every", "acme", "2w", "--starting", "2026-11-02")
        # Invoices as pushes would leave them: pending and failed ones can be retried or
        # discarded, a sent one cannot.
        db = sqlite3.connect(t.db)
        cid = db.execute("SELECT id FROM clients WHERE key = 'acme'").fetchone()[0]
        for iid, state in ((7, "pending"), (8, "sent"), (9, "failed")):
            db.execute("INSERT INTO invoices(id, client_id, from_day, to_day, reference, state, "
                       "currency, total_minor, payload, created_utc, updated_utc) "
                       "VALUES (?, ?, '2026-11-01', '2026-11-30', ?, ?, 'EUR', 100, '{}', 0, 0)",
                       (iid, cid, f"TOCK-{iid}", state))
        db.commit()
        db.close()


class TestCompleteWords(CompleteCase):
    def test_commands_and_subcommands_come_from_the_table(self):
        help_out = self.t.ok("--help").out
        names = re.findall(r"^  (\S+(?: [a-z]+)?)\s{2,}", help_out, re.M)
        self.assertIn("client add", names)
        firsts = self.complete("")
        for name in names:
            self.assertIn(name.split()[0], firsts, name)
            if " " in name:
                group, sub = name.split()
                self.assertIn(sub, self.complete(group, ""), name)
        self.assertNotIn("__complete", help_out)
        self.assertEqual(self.complete("cl"), ["client"])
        self.assertEqual(self.complete("invoice", "d"), ["discard"])

    def test_every_option_of_every_command_is_offered(self):
        names = re.findall(r"^  (\S+(?: [a-z]+)?)\s{2,}", self.t.ok("--help").out, re.M)
        self.assertGreater(len(names), 20)
        for name in names:
            usage = self.t.ok(*name.split(), "--help").out.splitlines()[0]
            usage = usage.split(" -- ")[0]   # what follows "--" is another program's
            wanted = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", usage))
            got = set(self.complete(*name.split(), "-"))
            self.assertEqual(wanted - got, set(), f"tock {name}: {usage}")
            self.assertIn("--help", got)

    def test_option_given_is_not_offered_again(self):
        got = self.complete("log", "--json", "--")
        self.assertNotIn("--json", got)
        self.assertIn("--from", got)

    def test_option_values_from_the_usage(self):
        self.assertEqual(self.complete("client", "set", "x", "--round-mode", ""),
                         ["up", "nearest", "down", "none"])
        self.assertEqual(self.complete("export", "--format", "j"), ["json"])
        self.assertEqual(self.complete("import", "t"), ["toggl", "timewarrior", "tock"])
        self.assertEqual(self.complete("log", "--from", "y"), ["yesterday"])
        self.assertEqual(self.complete("import", "toggl", ""), [":file"])
        self.assertEqual(self.complete("--db", ""), [":file"])
        self.assertEqual(self.complete("-"),
                         ["--db", "--config", "-c", "--help", "-h", "--version", "-V"])

    def test_names_from_the_database(self):
        self.seed()
        self.assertEqual(self.complete("start", "ac"), ["acme/", "acorn", "acme/api", "acme/web"])
        self.assertEqual(self.complete("start", "acme/"), ["acme/", "acme/api", "acme/web"])
        # log --client takes a project too (tock.1 always said so; the old usage line did not).
        self.assertEqual(self.complete("log", "--client", ""),
                         ["acme/", "acorn", "beta", "acme/api", "acme/web"])
        self.assertEqual(self.complete("project", "archive", ""), ["acme/api", "acme/web"])
        self.assertEqual(self.complete("project", "add", "b"), ["beta/"])
        self.assertEqual(self.complete("client", "add", ""), [], "a new key has no candidates")
        self.assertEqual(self.complete("retainer", "a"), ["acme", "acorn"])
        self.assertEqual(self.complete("retainer", ""), ["set", "end", "acme", "acorn", "beta"])
        self.assertEqual(self.complete("add", "beta", "today", "2h", "-s", ""),
                         ["standard", "after-hours", "emergency"])
        self.assertEqual(self.complete("invoice", "discard", ""), ["7", "9"])
        self.assertEqual(self.complete("invoice", "retry", "--verbose", ""), ["7", "9"])
        self.assertEqual(self.complete("sprint", "report", "acme", ""),
                         ["Sprint 1", "Launch week", "Sprint 2", "Sprint 3", "current", "last"])
        self.assertEqual(self.complete("invoice", "preview", "acme", "--sprint", "L"),
                         ["Launch week"])
        self.assertEqual(self.complete("sprint", "report", "beta", ""), ["current", "last"])
        # Global options anywhere, as tock reads them: this database has no clients.
        other = os.path.join(self.t.dir, "other.db")
        self.t.ok("--db", other, "client", "add", "zeta")
        self.assertEqual(self.complete("--db", other, "start", ""), ["zeta"])
        self.assertEqual(self.complete("start", "--db=" + other, ""), ["zeta"])

    def test_a_config_tier_is_offered(self):
        self.t.config("[tiers]\nweekend = 1.75\n[general]\nunknown_key = 1\n")
        self.t.ok("client", "add", "acme")
        self.assertIn("weekend", self.complete("start", "acme", "-s", ""))

    def test_slash_alone_means_the_client(self):
        self.seed()
        self.assertEqual(self.t.ok("start", "acme/").out, "started acme at 09:00\n")
        self.assertEqual(self.t.ok("status").out, "acme 0:00\n")


class TestCompleteNeverWrites(CompleteCase):
    def assertSilent(self, *words, **kw):
        r = self.t.run("__complete", *words, **kw)
        self.assertEqual((r.rc, r.out, r.err), (0, "", ""), r)

    def test_no_database_is_not_created(self):
        self.assertSilent("start", "")
        # What the command table offers needs no database; its names are left out.
        self.assertEqual(self.complete("retainer", ""), ["set", "end"])
        self.assertSilent("invoice", "discard", "")
        self.assertFalse(os.path.exists(os.path.dirname(self.t.db)), "completion made a folder")
        # Command names need no database.
        self.assertIn("start", self.complete(""))
        self.assertFalse(os.path.exists(self.t.db))

    def test_damaged_database_is_silent_and_untouched(self):
        self.seed()
        with open(self.t.db, "r+b") as f:
            f.seek(100)
            f.write(b"\xff" * 3000)
        before = sha(self.t.db)
        self.assertSilent("start", "a")
        self.assertSilent("invoice", "discard", "")
        self.assertEqual(self.complete("sprint", "report", "acme", ""), ["current", "last"])
        self.assertEqual(sha(self.t.db), before)
        with open(self.t.db, "wb") as f:
            f.write(b"not a database at all" * 100)
        self.assertSilent("start", "a")

    def test_older_schema_is_not_migrated(self):
        self.seed()
        db = sqlite3.connect(self.t.db)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute(f"PRAGMA user_version = {version - 1}")
        db.commit()
        db.close()
        self.assertSilent("start", "a")
        db = sqlite3.connect(self.t.db)
        self.assertEqual(db.execute("PRAGMA user_version").fetchone()[0], version - 1)
        db.close()

    def test_bad_config_is_silent(self):
        self.seed()
        self.t.config("[general]\nweek_start = someday\n")
        self.assertSilent("start", "a")

    def test_locked_database_answers_at_once(self):
        self.seed()
        db = sqlite3.connect(self.t.db, isolation_level=None)
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        db.execute("BEGIN EXCLUSIVE")
        db.execute("UPDATE clients SET name = name")
        try:
            # A writer holding the database exclusively: sqlite's own readers are refused too.
            probe = sqlite3.connect(self.t.db, timeout=0)
            with self.assertRaises(sqlite3.OperationalError):
                probe.execute("SELECT count(*) FROM clients").fetchone()
            probe.close()
            t0 = time.monotonic()
            self.assertSilent("start", "a")
            self.assertLess(time.monotonic() - t0, 5, "completion waited for the lock")
        finally:
            db.execute("ROLLBACK")
            db.close()

    def test_nothing_is_written(self):
        self.seed()
        self.t.ok("start", "acme/api")
        files = {f: sha(os.path.join(os.path.dirname(self.t.db), f))
                 for f in os.listdir(os.path.dirname(self.t.db)) if not f.endswith("-shm")}
        for words in (("start", ""), ("sprint", "report", "acme", ""), ("invoice", "retry", "")):
            self.complete(*words)
        after = {f: sha(os.path.join(os.path.dirname(self.t.db), f))
                 for f in os.listdir(os.path.dirname(self.t.db)) if not f.endswith("-shm")}
        self.assertEqual(files, after)


BASH = shutil.which("bash")


@unittest.skipUnless(BASH, "bash is not installed")
class TestBashScript(CompleteCase):
    """bash sources contrib/completion/tock.bash, as bash-completion would, and _tock fills
    COMPREPLY for a partial command line, asking the tock under test."""

    def setUp(self):
        super().setUp()
        self.bindir = os.path.join(self.t.dir, "bin")
        os.makedirs(self.bindir)
        os.symlink(BIN, os.path.join(self.bindir, "tock"))

    def bash(self, line, with_bash_completion=False):
        prelude = ""
        if with_bash_completion:
            prelude = "source /usr/share/bash-completion/bash_completion\n"
        script = (prelude +
                  f"source {SCRIPTS}/tock.bash\n"
                  "COMP_LINE=\"$1\"; COMP_POINT=${#COMP_LINE}\n"
                  "read -ra COMP_WORDS <<< \"$1\"\n"
                  "[[ $1 == *' ' ]] && COMP_WORDS+=('')\n"
                  "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                  "complete -p tock >/dev/null || exit 3\n"
                  "_tock tock \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                  "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
        env = dict(self.t.env, PATH=self.bindir + ":" + self.t.env["PATH"])
        r = subprocess.run([BASH, "--norc", "--noprofile", "-c", script, "bash", line],
                           capture_output=True, text=True, env=env, timeout=30)
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.stderr, "", r)
        return [x for x in r.stdout.split("\n") if x]

    def test_candidates(self):
        self.seed()
        self.assertEqual(self.bash("tock start ac"), ["acme/", "acorn", "acme/api", "acme/web"])
        self.assertEqual(self.bash("tock cl"), ["client"])
        self.assertEqual(self.bash("tock client "), ["add", "list", "archive", "set"])
        self.assertEqual(self.bash("tock invoice discard "), ["7", "9"])
        self.assertEqual(self.bash("tock sprint report acme La"), ["Launch\\ week"])
        self.assertEqual(self.bash("tock start acme -s e"), ["emergency"])
        self.assertIn("--non-billable", self.bash("tock start acme --"))

    def test_files_for_a_file_argument(self):
        self.seed()
        self.assertEqual(self.bash(f"tock import toggl {SCRIPTS}/tock.b"), [f"{SCRIPTS}/tock.bash"])

    @unittest.skipUnless(os.path.exists("/usr/share/bash-completion/bash_completion"),
                         "bash-completion is not installed")
    def test_with_bash_completion_loaded(self):
        self.seed()
        self.assertEqual(self.bash("tock start ac", True), ["acme/", "acorn", "acme/api", "acme/web"])
        self.assertEqual(self.bash("tock --db=" + self.t.db + " start b", True), ["beta"])

    def test_no_database_no_text(self):
        self.assertEqual(self.bash("tock start a"), [])
        self.assertFalse(os.path.exists(self.t.db))


FISH = shutil.which("fish")
ZSH = shutil.which("zsh")


@unittest.skipUnless(FISH, "fish is not installed")
class TestFishScript(CompleteCase):
    def test_candidates(self):
        self.seed()
        bindir = os.path.join(self.t.dir, "bin")
        os.makedirs(bindir)
        os.symlink(BIN, os.path.join(bindir, "tock"))
        env = dict(self.t.env, PATH=bindir + ":" + self.t.env["PATH"])
        cmd = (f"source {SCRIPTS}/tock.fish; complete -C'tock start ac'; echo =; "
               "complete -C'tock sprint report acme La'")
        r = subprocess.run([FISH, "--no-config", "-c", cmd], capture_output=True, text=True,
                           env=env, timeout=30)
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual(r.stdout.split("\n"),   # fish sorts them
                         ["acme/", "acme/api", "acme/web", "acorn", "=", "Launch week", ""], r)


@unittest.skipUnless(ZSH and shutil.which("tmux"), "zsh or tmux is not installed")
class TestZshScript(CompleteCase):
    """zsh's completion system only runs in an interactive shell: zsh runs in a private tmux
    server, Tab is pressed, and the command line is read back."""

    def test_tab_completes_a_client(self):
        self.seed()
        bindir = os.path.join(self.t.dir, "bin")
        fpath = os.path.join(self.t.dir, "zfunc")
        os.makedirs(bindir)
        os.makedirs(fpath)
        os.symlink(BIN, os.path.join(bindir, "tock"))
        shutil.copy(os.path.join(SCRIPTS, "_tock"), fpath)
        zdot = os.path.join(self.t.dir, "zdot")
        os.makedirs(zdot)
        with open(os.path.join(zdot, ".zshrc"), "w") as f:
            f.write(f"fpath=({fpath} $fpath)\nautoload -U compinit\ncompinit -u -D\nPS1='%% '\n")
        sock = f"tock-zsh-{os.getpid()}"
        env = dict(self.t.env, PATH=bindir + ":" + self.t.env["PATH"], ZDOTDIR=zdot, TERM="xterm")
        tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
        subprocess.run(tmux + ["new-session", "-d", "-x", "100", "-y", "20", ZSH],
                       env=env, check=True, timeout=30)
        try:
            self.assertTrue(self.wait(tmux, "%"), "zsh did not start")
            # A unique candidate is completed with a space after it (the screen drops
            # trailing blanks, so a letter typed after Tab shows it).
            subprocess.run(tmux + ["send-keys", "tock start acme/a", "Tab"], check=True)
            self.assertTrue(self.wait(tmux, "tock start acme/api"), self.screen(tmux))
            subprocess.run(tmux + ["send-keys", "X"], check=True)
            self.assertTrue(self.wait(tmux, "tock start acme/api X"), self.screen(tmux))
            subprocess.run(tmux + ["send-keys", "C-u", "tock sprint report acme La", "Tab"],
                           check=True)
            self.assertTrue(self.wait(tmux, "tock sprint report acme Launch\\ week"),
                            self.screen(tmux))
        finally:
            subprocess.run(tmux + ["kill-server"], capture_output=True)

    def screen(self, tmux):
        return subprocess.run(tmux + ["capture-pane", "-p"], capture_output=True,
                              text=True).stdout

    def wait(self, tmux, text, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.screen(tmux):
                return True
            time.sleep(0.05)
        return False

