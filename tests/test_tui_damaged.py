"""A damaged database is refused by the grid with the CLI's one line and a non-zero exit, before
the screen is taken (issue 14, item 10)."""
import os
import pty
import sqlite3
import subprocess
import unittest

from test_tui import TMUX, Pane, TuiCase
from tockenv import BIN


@unittest.skipUnless(TMUX, "tmux is not installed")
class DamagedDatabase(TuiCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        for d in range(1, 28):
            self.t.ok("add", "acme", f"2026-11-{d:02d}", "1h", "-m", f"day {d}")
        con = sqlite3.connect(self.t.db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        roots = [r for (r,) in con.execute("SELECT rootpage FROM sqlite_master "
                                          "WHERE tbl_name = 'entries' AND rootpage > 0")]
        con.close()
        # The entries' pages (the table's and its indexes', which can answer a week alone) are
        # garbage: opening works, reading the week does not.
        with open(self.t.db, "r+b") as f:
            for root in roots:
                f.seek(4096 * (root - 1))
                f.write(b"\xff" * 4096)

    def test_refused_with_the_cli_line(self):
        cli = self.t.run("week")
        self.assertEqual(cli.rc, 1, cli)
        self.assertEqual(len(cli.err.strip().splitlines()), 1, cli)
        self.assertIn("damaged", cli.err)
        master, slave = pty.openpty()
        try:
            env = dict(self.t.env, TERM="xterm")
            p = subprocess.run([BIN], stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                               env=env, timeout=20, text=True)
        finally:
            os.close(slave)
            os.close(master)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(p.stderr, cli.err)

    def test_the_shell_is_usable_after(self):
        pane = Pane(self.t, cols=80, rows=24, shell=True)
        self.panes.append(pane)
        pane.wait_prompt()
        pane.type(f"{pane.tock_cmd}; echo \"exit=$?\"")
        pane.keys("Enter")
        pane.wait("exit=1")
        pane.type("echo ok-$((40+2))")
        pane.keys("Enter")
        s = pane.wait("ok-42")
        self.assertNotIn("Total", s)                 # the grid never came up
        with open(pane.stderr) as f:
            err = f.read()
        with open(pane.stderr, "w"):
            pass                                     # tearDown wants it empty: it was expected
        self.assertEqual(err, self.t.run("week").err)


if __name__ == "__main__":
    unittest.main()
