"""contrib/tmux/tock.tmux, loaded into a private tmux server: the options and keys it sets, and
(with a client attached from a second private server, so keys go through tmux's key tables)
the timer started from the picker popup and stopped with the toggle key, as the status line
shows. Every wait polls with a timeout."""
import os
import shutil
import subprocess
import time
import unittest

from tockenv import BIN, TockCase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN = os.path.join(ROOT, "contrib", "tmux", "tock.tmux")
TMUX = shutil.which("tmux")


@unittest.skipUnless(TMUX, "tmux is not installed")
class TestTmuxPlugin(TockCase):
    def setUp(self):
        super().setUp()
        bindir = os.path.join(self.t.dir, "bin")
        os.makedirs(bindir)
        os.symlink(BIN, os.path.join(bindir, "tock"))
        self.env = dict(self.t.env, PATH=bindir + ":" + self.t.env["PATH"], TERM="xterm-256color")
        self.env.pop("TOCK_NOW")      # the timer runs on the real clock here
        self.env.pop("TMUX", None)
        self.sock = f"tock-plugin-{os.getpid()}-{id(self)}"
        self.servers = [self.sock]
        self.tmux("new-session", "-d", "-x", "120", "-y", "30", "bash --norc --noprofile")

    def tearDown(self):
        for s in self.servers:
            subprocess.run([TMUX, "-L", s, "kill-server"], capture_output=True, env=self.env)
        super().tearDown()

    def tmux(self, *args, sock=None):
        r = subprocess.run([TMUX, "-L", sock or self.sock, "-f", "/dev/null", *args],
                           capture_output=True, text=True, env=self.env, timeout=30)
        self.assertEqual(r.returncode, 0, r)
        return r.stdout

    def load(self):
        self.tmux("run-shell", PLUGIN)

    def keys(self):
        out = {}
        for line in self.tmux("list-keys", "-T", "prefix").splitlines():
            parts = line.split(None, 4)
            out[parts[3]] = parts[4]
        return out

    def test_defaults(self):
        before = self.tmux("show-options", "-gv", "status-right").rstrip("\n")
        self.load()
        self.load()   # twice changes nothing twice
        right = self.tmux("show-options", "-gv", "status-right").rstrip("\n")
        self.assertEqual(right, "#(tock status --format '%%k %%e') " + before)
        keys = self.keys()
        self.assertEqual(keys["T"], 'display-popup -E -h "90%" -w "90%" tock')
        self.assertIn("tock toggle", keys["C-t"])
        self.assertTrue(keys["C-t"].startswith("run-shell -b "), keys["C-t"])
        self.assertEqual(keys["S"], 'display-popup -E -h "90%" -w "90%" '
                                    '"tock pick; tmux refresh-client -S"')

    def test_options(self):
        self.tmux("set-option", "-g", "status-right", "%H:%M")
        self.tmux("set-option", "-g", "@tock-format", "⏱ %k %E it's")
        self.tmux("set-option", "-g", "@tock-key", "")
        self.tmux("set-option", "-g", "@tock-toggle-key", "M-t")
        self.tmux("set-option", "-g", "@tock-popup-size", "70%")
        self.tmux("set-option", "-g", "@tock-bin", "/opt/my tock/tock")
        self.load()
        right = self.tmux("show-options", "-gv", "status-right").rstrip("\n")
        self.assertEqual(right, "#('/opt/my tock/tock' status --format '⏱ %%k %%E it'\\''s') %H:%M")
        keys = self.keys()
        self.assertNotIn("tock", keys.get("T", ""))
        self.assertIn("'/opt/my tock/tock' toggle", keys["M-t"])
        self.assertNotIn("tock", keys.get("C-t", ""))
        self.assertIn('-w "70%"', keys["S"])
        self.tmux("set-option", "-g", "@tock-status", "off")
        self.tmux("set-option", "-g", "status-right", "%H:%M")
        self.load()
        self.assertEqual(self.tmux("show-options", "-gv", "status-right"), "%H:%M\n")

    def test_keys_drive_the_timer(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("project", "add", "acme/api")
        self.t.ok("client", "add", "beta")
        self.tmux("set-option", "-g", "status-interval", "1")
        self.tmux("set-option", "-g", "status-right", "|")
        self.tmux("set-option", "-g", "@tock-format", "TOCK %k")
        self.load()
        # A client of this server, attached inside a second one whose pane we read and type in.
        outer = self.sock + "-outer"
        self.servers.append(outer)
        attach = f"env -u TMUX {TMUX} -L {self.sock} -f /dev/null attach"
        self.tmux("new-session", "-d", "-x", "120", "-y", "30", attach, sock=outer)
        self.tmux("set-option", "-g", "prefix", "None", sock=outer)
        self.wait(outer, "|")
        # The picker in a popup: typing filters, Enter starts the timer and closes it.
        self.tmux("send-keys", "-t", "=0:", "C-b", "S", sock=outer)
        self.wait(outer, "Add a row")
        self.tmux("send-keys", "-t", "=0:", "api", sock=outer)
        self.wait(outer, "acme / api")
        self.wait(outer, "Filter  api")
        self.tmux("send-keys", "-t", "=0:", "Enter", sock=outer)
        self.wait(outer, "TOCK acme/api")
        self.assertEqual(self.t.ok("status", "--format", "%k", env={"TOCK_NOW": ""}).out,
                         "acme/api\n")
        # The toggle key stops it, and says so in the status line.
        self.tmux("send-keys", "-t", "=0:", "C-b", "C-t", sock=outer)
        self.wait(outer, "stopped acme/api at")
        self.wait(outer, "TOCK", present=False)
        self.assertEqual(self.t.ok("status", env={"TOCK_NOW": ""}).out, "")
        # …and starts it again on the latest entry.
        self.tmux("send-keys", "-t", "=0:", "C-b", "C-t", sock=outer)
        self.wait(outer, "TOCK acme/api")
        # tock itself in a popup, q quits it.
        self.tmux("send-keys", "-t", "=0:", "C-b", "T", sock=outer)
        self.wait(outer, "acme/api")
        self.wait(outer, "Mon")
        self.tmux("send-keys", "-t", "=0:", "q", sock=outer)
        self.wait(outer, "Mon", present=False)

    def wait(self, sock, text, present=True, timeout=20):
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.tmux("capture-pane", "-p", "-t", "=0:", sock=sock)
            if (text in screen) == present:
                return
            time.sleep(0.05)
        self.fail(f"{'no' if present else 'still'} {text!r} on screen:\n{screen}")


if __name__ == "__main__":
    unittest.main()
