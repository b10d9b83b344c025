"""tock log --json of a long listing: written as the entries are read (bounded memory), in the
same order and bytes as before, and a failure to write is an error, not a silent truncation."""
import json
import os
import subprocess

from tockenv import BIN, WRAP, TockCase


class LogStreamTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "150")
        self.t.ok("client", "add", "globex", "--rate", "90")

    def test_entries_that_start_together_list_by_id(self):
        # Durations of one day all start "at 0": they list by id whatever their client, and
        # before the day's ranges.
        self.t.ok("add", "globex", "2026-11-02", "09:00-10:00")
        self.t.ok("add", "globex", "2026-11-02", "1h")
        self.t.ok("add", "acme", "2026-11-02", "2h")
        self.t.ok("add", "globex", "2026-11-02", "30m")
        self.t.ok("add", "acme", "2026-11-01", "08:00-09:00")
        log = self.t.json("log", "--from", "2026-11-01", "--to", "2026-11-02")
        self.assertEqual([(e["id"], e["client"]) for e in log],
                         [(5, "acme"), (2, "globex"), (3, "acme"), (4, "globex"), (1, "globex")])
        text = self.t.ok("log", "--from", "2026-11-01", "--to", "2026-11-02").out
        self.assertEqual([line.split()[4] for line in text.splitlines()[:-1]],
                         ["acme", "globex", "acme", "globex", "globex"])

    def test_a_listing_longer_than_the_buffer_is_whole_json(self):
        note = "ü\"\\ " * 150   # escaped in JSON: ~1 KB per entry, 100 entries ≈ 100 KB
        for day in range(1, 26):
            for client in ("acme", "globex", "acme", "globex"):
                self.t.ok("add", client, f"2026-10-{day:02d}", "15m", "-m", note)
        r = self.t.ok("log", "--from", "2026-10-01", "--to", "2026-10-31", "--json")
        self.assertGreater(len(r.out), 3 * 32768)
        self.assertTrue(r.out.endswith("]\n"))
        log = json.loads(r.out)
        self.assertEqual([e["id"] for e in log], list(range(1, 101)))
        self.assertTrue(all(e["note"] == note and e["amount_minor"] in (3750, 2250) for e in log))

    def test_a_write_error_is_one_line_and_a_failure(self):
        self.t.ok("add", "acme", "2026-11-02", "1h")
        with open("/dev/full", "w") as full:
            p = subprocess.run([*WRAP, BIN, "log", "--from", "2026-11-01", "--json"], env=self.t.env,
                               stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
        self.assertNotEqual(p.returncode, 0)
        self.assertEqual(p.stderr.count("\n"), 1, p.stderr)
        self.assertIn("cannot write to stdout", p.stderr)


class WeekStreamTest(TockCase):
    """tock week --json goes out a row at a time: a week with more rows than the buffer holds
    is one whole JSON document, and a write error is one line and a failure."""

    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "100")
        for i in range(180):   # ~200 bytes a row: past the 32 KiB the buffer spills at
            self.t.ok("project", "add", f"acme/project-with-a-long-name-{i:03d}")
            self.t.ok("add", f"acme/project-with-a-long-name-{i:03d}", "2026-11-23",
                      f"{6 + i // 12:02d}:{(i % 12) * 5:02d}-{6 + i // 12:02d}:{(i % 12) * 5 + 4:02d}")

    def test_a_week_longer_than_the_buffer_is_whole_json(self):
        r = self.t.ok("week", "2026-11-23", "--json")
        self.assertGreater(len(r.out), 32768)
        self.assertTrue(r.out.endswith("}\n"))
        week = json.loads(r.out)
        self.assertEqual(len(week["rows"]), 180)
        self.assertEqual(week["totals"]["total"], 180 * 240)

    def test_a_write_error_is_one_line_and_a_failure(self):
        with open("/dev/full", "w") as full:
            p = subprocess.run([*WRAP, BIN, "week", "2026-11-23", "--json"], env=self.t.env,
                               stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr.count("\n"), 1, p.stderr)
        self.assertIn("cannot write to stdout", p.stderr)
