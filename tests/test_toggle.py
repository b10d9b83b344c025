"""tock toggle: one command (and one tmux key) for the timer — it stops the running one, else
continues what the latest entry was on."""
from tockenv import TockCase


class TestToggle(TockCase):
    def test_nothing_to_continue(self):
        self.assertFails("toggle", contains="no entry to continue")

    def test_stops_then_continues_the_latest_entry(self):
        t = self.t
        t.ok("client", "add", "acme")
        t.ok("project", "add", "acme/api")
        t.ok("client", "add", "beta")
        t.ok("add", "beta", "2026-11-19", "2h")
        t.ok("add", "acme/api", "2026-11-20", "09:00-10:00", "-s", "emergency", "-m", "ticket 42",
             "--non-billable")
        t.ok("add", "beta", "2026-11-20", "08:00-09:00")
        self.assertEqual(t.ok("toggle").out, "started acme/api at 09:00\n")
        self.assertEqual(t.ok("status", "--format", "%k|%t|%n").out, "acme/api|emergency|ticket 42\n")
        r = t.ok("toggle", now="2026-11-23T09:45:00")
        self.assertEqual(r.out, "stopped acme/api at 09:45 (0:45), entry 4\n")
        self.assertEqual(t.ok("status").out, "")
        entry = t.json("log", "--from", "2026-11-23")[0]
        self.assertEqual((entry["tier"], entry["note"], entry["billable"], entry["seconds"]),
                         ("emergency", "ticket 42", False, 2700))
        self.assertEqual(t.ok("toggle", "--at", "10:00", now="2026-11-23T10:05:00").out,
                         "started acme/api at 10:00\n")

    def test_archived_is_not_continued(self):
        t = self.t
        t.ok("client", "add", "acme")
        t.ok("add", "acme", "2026-11-20", "1h")
        t.ok("client", "archive", "acme")
        self.assertFails("toggle", contains="acme is archived")
        self.assertEqual(t.ok("status").out, "")
