"""Undo in the grid covers the timer keys and brings a deleted entry back under its own id
(issue 14, item 6). Undoing a start cancels that timer (time since the key press is all it
loses) and lets the timer it stopped run on; undoing a stop removes the entry the stop made
and the timer runs on from its start."""
import unittest

from test_tui import TMUX, TuiCase


@unittest.skipUnless(TMUX, "tmux is not installed")
class UndoTimer(TuiCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("client", "add", "beta")
        self.t.ok("add", "acme", "2026-11-24", "1h")
        self.t.ok("add", "beta", "2026-11-24", "1h")

    def entries(self):
        return [(e["id"], e["client"], e.get("start"), e.get("end"))
                for e in self.t.json("log", "--from", "2026-11-01")]

    def test_undo_a_start_cancels_it(self):
        pane = self.open()
        before = self.entries()
        pane.keys("Space")                           # acme starts
        pane.wait("started acme")
        self.assertTrue(self.t.json("status")["running"])
        pane.keys("u")
        pane.wait("undone: timer start on acme (cancelled, nothing recorded)")
        self.assertFalse(self.t.json("status")["running"])
        self.assertEqual(self.entries(), before)
        pane.keys("u")
        pane.wait("nothing to undo")                 # not an older edit behind it

    def test_undo_a_switch_lets_the_stopped_timer_run_on(self):
        self.t.ok("start", "beta", "--at", "13:00")
        pane = self.open()
        pane.wait("▶ beta")
        before = self.entries()
        pane.keys("g", "s")                          # acme: beta stops into an entry
        pane.wait("started acme")
        self.assertEqual(len(self.entries()), len(before) + 1)
        pane.keys("u")
        pane.wait("undone: timer start on acme; beta runs again since 13:00")
        st = self.t.json("status")
        self.assertEqual((st["running"], st["client"]), (True, "beta"))
        self.assertEqual(st["elapsed"], 2 * 3600)
        self.assertEqual(self.entries(), before)

    def test_undo_a_stop_runs_the_timer_on(self):
        self.t.ok("start", "beta", "--at", "13:00")
        pane = self.open()
        pane.wait("▶ beta")
        before = self.entries()
        pane.keys("G", "Space")                      # beta, the last row, stops
        pane.wait("stopped beta")
        self.assertFalse(self.t.json("status")["running"])
        self.assertEqual(len(self.entries()), len(before) + 1)
        pane.keys("u")
        pane.wait("undone: timer stop; beta runs again since 13:00")
        st = self.t.json("status")
        self.assertEqual((st["running"], st["client"], st["elapsed"]), (True, "beta", 7200))
        self.assertEqual(self.entries(), before)

    def test_undo_refuses_when_the_timer_changed_elsewhere(self):
        pane = self.open()
        pane.keys("Space")
        pane.wait("started acme")
        self.t.ok("stop")
        pane.wait("no timer running")
        after = self.entries()
        pane.keys("u")
        pane.wait("stopped or changed elsewhere since; not undone")
        self.assertEqual(self.entries(), after)


@unittest.skipUnless(TMUX, "tmux is not installed")
class UndoDelete(TuiCase):
    def test_a_deleted_entry_comes_back_under_its_id(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-23", "09:00-10:00", "-m", "first")
        self.t.ok("add", "acme", "2026-11-23", "10:00-11:00", "-m", "second")
        self.t.ok("add", "acme", "2026-11-24", "1h", "-m", "third")
        before = self.t.json("log", "--from", "2026-11-01")
        first = next(e for e in before if e["note"] == "first")
        pane = self.open()
        pane.keys("h", "h", "Enter")
        pane.wait("second")
        pane.keys("g", "d")                          # the first one: not the newest id
        pane.wait(f"deleted entry {first['id']}")
        pane.keys("u")
        pane.wait(f"undone: entry {first['id']} is back")
        self.assertEqual(self.t.json("log", "--from", "2026-11-01"), before)


if __name__ == "__main__":
    unittest.main()
