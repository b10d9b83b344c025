"""The retainer panel, `tock retainer --json` and `status --format %r` show one figure at every
moment: after the TUI's own changes, and with a timer running (issue 14, item 2)."""
import re
import unittest

from test_tui import TMUX, TuiCase

PANEL = re.compile(r"(\d+:\d\d)/10:00 (\d+:\d\d) left")


def secs(hmm):
    h, m = hmm.split(":")
    return int(h) * 3600 + int(m) * 60


@unittest.skipUnless(TMUX, "tmux is not installed")
class OneFigure(TuiCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000",
                  "--overage-rate", "120", "--from", "2026-11-01")
        self.t.ok("add", "acme", "2026-11-24", "4h")

    def panel(self, pane, left):
        """Waits for the panel to show `left` remaining; returns (used, left) in seconds."""
        s = pane.wait(lambda s: any(m.group(2) == left for m in PANEL.finditer(s)),
                      what=f"the panel at {left} left")
        m = next(m for m in PANEL.finditer(s) if m.group(2) == left)
        return secs(m.group(1)), secs(m.group(2))

    def cli_left(self):
        (r,) = self.t.json("retainer")
        return r["remaining_seconds"]

    def test_own_edits_move_the_panel(self):
        pane = self.open()
        self.assertEqual(self.panel(pane, "6:00"), (4 * 3600, 6 * 3600))
        pane.type("2")                               # Wed: 2 hours, typed in this TUI
        pane.keys("Enter")
        pane.wait("cell set to 2:00")
        used, left = self.panel(pane, "4:00")
        self.assertEqual(left, self.cli_left())
        pane.keys("u")
        pane.wait("undone")
        _, left = self.panel(pane, "6:00")
        self.assertEqual(left, self.cli_left())

    def test_running_timer_counts_everywhere(self):
        pane = self.open()
        self.panel(pane, "6:00")
        self.t.ok("start", "acme", "--at", "13:00")  # two hours by the pinned clock
        _, left = self.panel(pane, "4:00")
        self.assertEqual(left, self.cli_left())
        self.assertEqual(self.t.ok("status", "--format", "%r").out.strip(), "4:00")
        pane.keys("Space")                           # stopped here: the same two hours
        pane.wait("stopped acme")
        _, left = self.panel(pane, "4:00")
        self.assertEqual(left, self.cli_left())
        self.assertEqual(self.t.json("status")["running"], False)


if __name__ == "__main__":
    unittest.main()
