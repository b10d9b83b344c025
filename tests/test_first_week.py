"""What a new user hit in the first week on the command line (issue 14): implausible overnight
ranges, tiers and non-billable time shown for what they are, short runs, subcommand lists,
case-insensitive suggestions, ISO 4217 currencies, a preview without a range."""
import os
import subprocess

from tockenv import BIN, TockCase


class OvernightTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")

    def test_a_swapped_range_is_refused_with_a_hint(self):
        r = self.assertFails("add", "acme", "today", "10:00-09:00", contains="max_overnight")
        self.assertIn("09:00-10:00", r.err)
        self.assertIn("22:00-02:00", r.err)
        self.assertEqual(self.t.json("log"), [])
        e = self.t.json("log", "--from", "2026-11-01")
        self.assertEqual(e, [])

    def test_a_plausible_overnight_range_still_works(self):
        self.t.ok("add", "acme", "2026-11-20", "22:00-02:00")
        self.t.ok("add", "acme", "2026-11-18", "20:00-08:00")   # exactly 12 hours
        secs = sorted(x["seconds"] for x in self.t.json("log", "--from", "2026-11-01"))
        self.assertEqual(secs, [4 * 3600, 12 * 3600])

    def test_the_limit_comes_from_the_config(self):
        self.t.config("[entry]\nmax_overnight = 2h\n")
        self.assertFails("add", "acme", "2026-11-20", "22:00-02:00", contains="(2h)")
        self.t.ok("add", "acme", "2026-11-20", "23:00-01:00")
        self.t.config("[entry]\nmax_overnight = 24h\n")
        self.t.ok("add", "acme", "2026-11-10", "10:00-09:00")

    def test_edit_checks_the_same(self):
        out = self.t.ok("add", "acme", "2026-11-20", "1h").out
        eid = out.split()[2].rstrip(":")
        self.assertFails("edit", eid, "--time", "18:00-17:00", contains="max_overnight")
