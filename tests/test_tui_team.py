"""Team mode in the full-screen grid, in tmux, with real OS users (see test_team.py): a member
submits with one key and sees a rejection's reason; a lead's approvals view updates when a
member submits from another terminal, opens a member's grid read-only, rejects with a reason
and approves."""
import json
import os
import types
import unittest

import test_team
import test_tui
from test_team import DEV, DEV2, GROUP, LEAD, ROOT, TeamCase


def setUpModule():
    test_team.setUpModule()


def tearDownModule():
    test_team.tearDownModule()


class TeamTui(TeamCase):
    def setUp(self):
        if not test_tui.TMUX:
            self.skipTest("tmux is not installed")
        super().setUp()
        self.panes = []

    def tearDown(self):
        errors = [p.kill() for p in self.panes]
        super().tearDown()
        for e in errors:
            self.assertEqual(e, "", "tock wrote to stderr")

    def open_as(self, user):
        """tock's grid in a tmux pane, running as user (through a setpriv wrapper)."""
        wrapper = os.path.join(self.dir, f"tock-as-{user}")
        with open(wrapper, "w") as f:
            f.write(f"#!/bin/sh\numask 007\nexec setpriv --reuid={user} --regid={GROUP} "
                    f"--init-groups -- {test_team.BIN} \"$@\"\n")
        os.chmod(wrapper, 0o755)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home,
               "TZ": "Europe/Berlin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "TOCK_NOW": self.now, "TOCK_CONFIG": self.cfg, "TOCK_DB": self.db}
        world = types.SimpleNamespace(env=env, dir=self.dir)
        saved, test_tui.BIN = test_tui.BIN, wrapper
        try:
            pane = test_tui.Pane(world)
        finally:
            test_tui.BIN = saved
        self.panes.append(pane)
        pane.wait("Total", timeout=10.0, what="the first paint")
        return pane

    def test_a_member_submits_with_one_key_and_sees_a_rejection(self):
        self.ok(DEV, "add", "acme", "2026-11-30", "3h")
        pane = self.open_as(DEV)
        pane.wait(f"Week 49 · 2026-11-30 – 2026-12-06 · {DEV}")
        pane.keys("A")
        pane.wait("only a lead or the admin sees the team's weeks")
        pane.keys("S")
        pane.wait("It is locked until a lead")
        pane.keys("n")
        pane.wait("not submitted")
        self.assertEqual(self.week(DEV)["state"], "open")
        pane.keys("S")
        pane.wait("Submit your week 49")
        pane.keys("y")
        pane.wait("submitted (locked)")
        self.assertEqual(self.week(DEV)["state"], "submitted")
        pane.keys("5")
        pane.wait("locked: this week is submitted")
        self.ok(LEAD, "reject", DEV, "-m", "Monday lacks a ticket")
        pane.wait("rejected: Monday lacks a ticket")   # without a key: another process wrote
        pane.keys("5", "Enter")
        pane.wait(lambda s: "5:00" in s, what="the cell saved")

    def test_a_lead_approves_from_the_approvals_view(self):
        self.ok(DEV, "add", "acme", "2026-12-01", "2h")
        self.ok(DEV2, "add", "acme", "2026-12-02", "1h30m")
        self.ok(DEV2, "start", "acme", "--at", "09:00")   # running for an hour at 10:00
        pane = self.open_as(LEAD)
        pane.keys("A")
        pane.wait_all("Approvals · week 49 · 2026-11-30 – 2026-12-06", DEV, DEV2)
        members = sorted([ROOT, LEAD, DEV, DEV2])
        line = lambda s, who: next(l for l in s.split("\n") if f" {who} " in f" {l} ")
        self.assertIn("open", line(pane.screen(), DEV))
        self.assertRegex(line(pane.screen(), DEV2), r"open\s+2:30\s+2:30 .*running")
        self.ok(DEV, "submit")                      # from another terminal
        s = pane.wait(lambda s: "submitted" in line(s, DEV), what="the submission, live")
        self.assertIn("2:00", line(s, DEV))
        pane.keys(*["j"] * members.index(DEV))
        pane.keys("Enter")                           # DEV's grid, read-only
        pane.wait_all(f"· {DEV} · submitted (locked) · read-only", "2:00")
        pane.keys("5")
        pane.wait(f"read-only: this is {DEV}'s week")
        pane.keys("q")
        pane.wait("Approvals · week 49")
        pane.keys("r")
        pane.wait("Reject")
        pane.keys("Enter")
        pane.wait("a reason is required")
        pane.type("no ticket on Tuesday")
        pane.keys("Enter")
        pane.wait(f"{DEV}'s week 49 rejected")
        w = self.week(DEV)
        self.assertEqual((w["state"], w["reason"]), ("rejected", "no ticket on Tuesday"))
        self.fails(DEV, "submit", contains="is as it was when")   # unchanged: not again
        self.ok(DEV, "edit", "1", "-m", "T-9")
        self.ok(DEV, "submit")
        pane.wait(lambda s: "submitted" in line(s, DEV), what="the resubmission, live")
        pane.keys("a")
        pane.wait(f"{DEV}'s week 49 approved")
        self.assertEqual(self.week(DEV)["state"], "approved")
        pane.keys("[")
        pane.wait("Approvals · week 48")
        pane.keys("q")
        pane.wait(f"Week 49 · 2026-11-30 – 2026-12-06 · {LEAD}")

    def test_a_members_week_before_is_theirs_not_the_leads(self):
        """The lead's own weeks before and after are loaded ahead for [ and ]; a member's
        grid moves through the member's weeks."""
        self.ok(DEV, "add", "acme", "2026-11-24", "4h")
        self.ok(LEAD, "add", "acme", "2026-11-25", "1h")
        pane = self.open_as(LEAD)
        pane.keys("[")
        pane.wait_all(f"Week 48 · 2026-11-23 – 2026-11-29 · {LEAD}", "1:00")
        pane.keys("]")
        pane.wait(f"Week 49 · 2026-11-30 – 2026-12-06 · {LEAD}")
        pane.keys("A")
        pane.wait("Approvals · week 49")
        pane.keys(*["j"] * sorted([ROOT, LEAD, DEV, DEV2]).index(DEV))
        pane.keys("Enter")
        pane.wait(f"Week 49 · 2026-11-30 – 2026-12-06 · {DEV}")
        pane.keys("[")
        s = pane.wait_all(f"Week 48 · 2026-11-23 – 2026-11-29 · {DEV}", "4:00")
        self.assertNotIn("1:00", s)
        pane.keys("q")
        pane.wait("Approvals")


if __name__ == "__main__":
    unittest.main()
