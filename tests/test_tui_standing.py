"""The retainer panel's figures when the current period's standing is stored beside its draw
(issue 21: the TUI's first paint reads one stored row per client instead of drawing every
retainer period again): they are `tock retainer --json`'s (which draws every period), with a
running timer drawn on top, and never a standing stored before the period's entries changed.
The panel and `status %r` store standings; `tock retainer` neither reads nor stores them."""
import re
import sqlite3
import unittest

from test_tui import TMUX, TuiCase
from tockenv import PG

# used/prepaid, then what is left, or the overage ("+1:20 over": nothing left).
PANEL = re.compile(r"\b(acme|beta)\s+(\d+:\d\d)/(\d+:\d\d) (?:(\d+:\d\d) left|\+(\d+:\d\d) over)")
SCRATCH = {"TOCK_NO_CARRY": "1"}   # nothing stored is read or written


def secs(hmm):
    h, m = hmm.split(":")
    return int(h) * 3600 + int(m) * 60


def hmm(seconds):
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}"


@unittest.skipUnless(TMUX, "tmux is not installed")
class StoredStanding(TuiCase):
    def setUp(self):
        super().setUp()
        t = self.t
        for c in ("acme", "beta"):
            t.ok("client", "add", c)
            t.ok("retainer", "set", c, "--hours", "10", "--fee", "1000", "--overage-rate",
                 "120", "--from", "2026-11-01")
        # acme has no time in the week on screen (23–29 November): its period is drawn by
        # nothing but the panel. beta's is drawn by the week too.
        t.ok("add", "acme", "2026-11-10", "4h")
        t.ok("add", "beta", "2026-11-23", "3h")
        t.ok("add", "beta", "2026-11-25", "2h")

    def panel(self, screen):
        """{client: (used, prepaid, left)} in seconds, as the panel shows them (H:MM)."""
        return {m.group(1): (secs(m.group(2)), secs(m.group(3)), secs(m.group(4) or "0:00"))
                for m in PANEL.finditer(screen)}

    def wait_panel(self, pane, want):
        """Waits for the panel to show want {client: left} and returns all it shows."""
        s = pane.wait(lambda s: all(self.panel(s).get(c, (0, 0, -1))[2] == secs(left)
                                    for c, left in want.items()),
                      what=f"the panel at {want}")
        return self.panel(s)

    def cli(self, env=None):
        """{client: (used, prepaid, left)} from `tock retainer --json`, as the panel shows
        them (whole minutes)."""
        return {r["client"]: tuple(x // 60 * 60 for x in (r["used_seconds"],
                                                          r["prepaid_seconds"],
                                                          r["remaining_seconds"]))
                for r in self.t.json("retainer", env=env)}

    def scratch(self):
        return self.cli(SCRATCH)

    def left(self):
        """`status --format %r`: the running client's prepaid hours left."""
        return self.t.ok("status", "--format", "%r").out.strip()

    def store(self, want):
        """An earlier TUI, closed once its panel showed want {client: left}: it stored the
        standings it drew."""
        pane = self.open()
        self.wait_panel(pane, want)
        self.panes.remove(pane)
        self.assertEqual(pane.kill(), "")

    def standings(self):
        con = sqlite3.connect(self.t.db)
        rows = con.execute("SELECT c.key, d.bills FROM carry_draw d JOIN clients c ON "
                           "c.id = d.client_id WHERE d.rules LIKE 'standing-%' "
                           "ORDER BY c.key").fetchall()
        con.close()
        return dict(rows)

    def plant_left(self, client, hundredths):
        """Makes the client's stored standing say `hundredths` of an hour are left (a wrong
        figure at the current change count: shown only if it is read)."""
        con = sqlite3.connect(self.t.db)
        n = con.execute("UPDATE carry_draw SET bills = ? || substr(bills, instr(bills, ' ')) "
                        "WHERE rules LIKE 'standing-%' AND client_id = "
                        "(SELECT id FROM clients WHERE key = ?)",
                        (str(hundredths), client)).rowcount
        con.commit()
        con.close()
        self.assertEqual(n, 1)

    def test_retainer_neither_reads_nor_stores_a_standing(self):
        self.assertEqual(self.cli(), self.scratch())
        if not PG:
            self.assertEqual(self.standings(), {})

    @unittest.skipIf(PG, "plants a standing in the sqlite file")
    def test_the_stored_standing_is_read_while_current_and_never_after_a_change(self):
        t = self.t
        want = self.scratch()
        self.assertEqual(want, {"acme": (4 * 3600, 10 * 3600, 6 * 3600),
                                "beta": (5 * 3600, 10 * 3600, 5 * 3600)})
        self.store({"acme": "6:00", "beta": "5:00"})
        stored = self.standings()
        self.assertEqual(sorted(stored), ["acme", "beta"])
        self.assertTrue(stored["acme"].startswith("600 0 0 0 "), stored["acme"])
        # The same figures from the stored standing as from drawing the period.
        pane = self.open()
        self.assertEqual(self.wait_panel(pane, {"acme": "6:00", "beta": "5:00"}), want)
        pane.keys("q")
        # Proof that a panel reads it: a wrong one at the current change count is shown
        # (and `tock retainer`, which draws, is not fooled).
        self.plant_left("acme", 500)
        pane = self.open()
        self.assertEqual(self.wait_panel(pane, {"acme": "5:00"})["acme"],
                         (4 * 3600, 10 * 3600, 5 * 3600))
        self.assertEqual(self.cli(), want)
        # Another process adds 2 h to acme's period: the open screen reloads, and neither it
        # nor a new one believes the standing stored before the change.
        t.ok("add", "acme", "2026-11-11", "2h")
        want = self.scratch()
        self.assertEqual(want["acme"], (6 * 3600, 10 * 3600, 4 * 3600))
        self.assertEqual(self.wait_panel(pane, {"acme": "4:00"}), want)
        self.plant_left("acme", 500)   # stored again by the panel: wrong again
        t.ok("edit", self.last_id("acme"), "--duration", "3h")
        want = self.scratch()
        self.assertEqual(want["acme"], (7 * 3600, 10 * 3600, 3 * 3600))
        self.assertEqual(self.wait_panel(self.open(), {"acme": "3:00"}), want)

    def last_id(self, client):
        rows = [e for e in self.t.json("log", "--from", "2026-11-01", "--to", "2026-11-30")
                if e["client"] == client]
        return str(max(e["id"] for e in rows))

    def test_a_running_timer_draws_on_top_of_what_is_stored(self):
        t = self.t
        self.store({"acme": "6:00", "beta": "5:00"})   # stored without the timer
        t.ok("start", "acme", "--at", "13:00")          # two hours by the pinned clock
        want = self.scratch()
        self.assertEqual(want["acme"], (6 * 3600, 10 * 3600, 4 * 3600))
        self.assertEqual(want["beta"], (5 * 3600, 10 * 3600, 5 * 3600))
        self.assertEqual(self.cli(), want)
        self.assertEqual(self.left(), "4:00")
        pane = self.open()
        self.assertEqual(self.wait_panel(pane, {"acme": "4:00", "beta": "5:00"}), want)
        pane.keys("q")
        if not PG:
            # Proof that the timer is drawn on top of the stored standing (it starts after
            # acme's last entry): a wrong one at the current change count, 9 h left, shows
            # as 7 h left.
            self.plant_left("acme", 900)
            self.assertEqual(self.left(), "7:00")
            pane = self.open()
            self.assertEqual(self.wait_panel(pane, {"acme": "7:00"})["acme"],
                             (6 * 3600, 10 * 3600, 7 * 3600))
            pane.keys("q")
            self.plant_left("acme", 400)   # 2 h left with the timer
        pane = self.open()
        pane.keys("Space")            # stopped here: the same two hours, now an entry
        pane.wait("stopped acme")
        self.assertEqual(self.wait_panel(pane, {"acme": "4:00"}), self.cli())
        self.assertEqual(self.cli(), self.scratch())

    def test_a_timer_before_the_last_entry_draws_the_period_again(self):
        # In draw order the timer comes at its start: before tomorrow's hour, so the period
        # is drawn with it, whatever is stored.
        t = self.t
        t.ok("add", "acme", "2026-11-26", "1h")
        self.store({"acme": "5:00", "beta": "5:00"})
        t.ok("start", "acme", "--at", "13:00")
        want = self.scratch()
        self.assertEqual(want["acme"], (7 * 3600, 10 * 3600, 3 * 3600))
        if not PG:
            self.plant_left("acme", 900)   # believed, it would show 7 h left
        self.assertEqual(self.left(), "3:00")
        pane = self.open()
        self.assertEqual(self.wait_panel(pane, {"acme": "3:00", "beta": "5:00"}), want)

    def test_a_view_counting_the_timer_stores_the_standing_without_it(self):
        t = self.t
        t.ok("start", "acme", "--at", "13:00")
        want = self.scratch()
        self.assertEqual(want["acme"], (6 * 3600, 10 * 3600, 4 * 3600))
        self.assertEqual(self.left(), "4:00")
        if not PG:
            # Stored as the entries alone drew it: 4 h, 6 h left (the timer on top: 4 h).
            self.assertTrue(self.standings()["acme"].startswith("600 0 0 0 "))
        pane = self.open()
        self.assertEqual(self.wait_panel(pane, {"acme": "4:00", "beta": "5:00"}), want)
        # Stopped by another process at 14:01: an entry now, the standing stored above is
        # stale and the panel reloads.
        t.ok("stop", "--at", "14:01")
        want = self.scratch()
        self.assertEqual(want["acme"][0], 5 * 3600 + 60)   # 1:01 billed as 1.02 h: 5:01
        self.assertEqual(self.wait_panel(pane, {"acme": hmm(want["acme"][2])}), want)

    def test_on_top_is_a_fresh_draw_when_the_timer_splits_into_overage(self):
        # 9 h of 10 used; the timer's 2 after-hours hours draw 1.5 prepaid hours each: the
        # last prepaid hour covers 40 minutes of it, the rest is overage at the after-hours
        # rate. The panel and `status %r` show what drawing from scratch gives.
        t = self.t
        t.ok("add", "acme", "2026-11-24", "5h")
        self.store({"acme": "1:00", "beta": "5:00"})
        t.ok("start", "acme", "-s", "after-hours", "--at", "13:00")
        (acme,) = [r for r in t.json("retainer", env=SCRATCH) if r["client"] == "acme"]
        self.assertEqual(acme["remaining_seconds"], 0)
        self.assertEqual(hmm(acme["overage_seconds"]), "1:20")
        self.assertEqual(self.left(), "0:00")
        pane = self.open()
        self.assertEqual(self.wait_panel(pane, {"acme": "0:00", "beta": "5:00"}), self.scratch())
        self.assertIn("+1:20 over", pane.screen())
        if not PG:
            # Proof that it is drawn on top: with 1.5 h said to be left, an hour of it is
            # covered and an hour over.
            self.plant_left("acme", 150)
            self.assertEqual(self.left(), "0:00")
            self.open().wait("+1:00 over")


if __name__ == "__main__":
    unittest.main()
