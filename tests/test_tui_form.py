"""The entry form keeps what the user typed: notes of any length and any script are saved byte
for byte (issue 14, item 1), and a field wider than the form scrolls sideways with a "…" where
text is cut off."""
import json
import subprocess
import unittest

from test_tui import TMUX, TuiCase
from tockenv import BIN


def stored_notes(t, day):
    """The notes of the day's entries, as the bytes `tock export` writes (no decoding that could
    hide a broken character)."""
    p = subprocess.run([BIN, "export", "--format", "json", "--from", day, "--to", day],
                       capture_output=True, env=t.env, timeout=30)
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    return [e["note"].encode("utf-8", "surrogateescape")
            for e in json.loads(p.stdout.decode("utf-8", "surrogateescape"))]


@unittest.skipUnless(TMUX, "tmux is not installed")
class LongNotes(TuiCase):
    LONG = ("Kundengespräch über die Überarbeitung der Schnittstelle — 東京 team, "
            "naïve café résumé; ") * 7

    def setUp(self):
        super().setUp()
        self.note = self.LONG[:506]
        self.assertEqual(len(self.note), 506)
        self.assertGreater(len(self.note.encode()), 506)
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-23", "1:30", "-m", self.note)
        self.t.ok("add", "acme", "2026-11-24", "1h", "-m", "ü" * 200)

    def open_form(self, pane, left):
        pane.keys(*["h"] * left, "Enter")
        pane.wait("Esc close")
        pane.keys("Enter")
        pane.wait("Entry ")

    def test_saving_unchanged_keeps_every_byte(self):
        pane = self.open(cols=80, rows=24)
        self.open_form(pane, 2)                      # Mon: the 506-character note
        pane.keys("Enter")
        pane.wait("saved entry")
        self.assertEqual(stored_notes(self.t, "2026-11-23"), [self.note.encode()])
        pane.keys("Escape")
        pane.wait_gone("saved entry")
        self.open_form(pane, 1)                      # Tue: 200 × ü, 400 bytes
        pane.keys("Enter")
        pane.wait("saved entry")
        self.assertEqual(stored_notes(self.t, "2026-11-24"), [("ü" * 200).encode()])

    def test_typed_long_note_is_kept_and_the_field_scrolls(self):
        pane = self.open(cols=80, rows=24)
        pane.keys("Enter")                           # Wed: an empty cell
        pane.wait("Esc close")
        pane.keys("a")
        pane.wait("New entry")
        pane.type("10:00-11:00")
        pane.keys("Tab", "Tab")
        typed = "ü" * 150 + " → " + "ß" * 150 + " end"
        for i in range(0, len(typed), 60):           # send-keys in pieces, as a typist would
            pane.type(typed[i:i + 60])
        # The end of the note shows, with "…" before it: there is more to the left.
        s = pane.wait("ß end")
        line = next(l for l in s.split("\n") if "ß end" in l)
        self.assertIn("Note", line)
        self.assertRegex(line, r"Note\s+…ß+ end")
        # Home goes to the start: now the "…" is on the right.
        pane.keys("Home")
        s = pane.wait(lambda s: any("Note" in l and "üüü" in l and l.rstrip("│ ").endswith("…")
                                    for l in s.split("\n")), what="the start, cut on the right")
        pane.keys("End", "BSpace", "BSpace", "BSpace", "BSpace")
        pane.type("fin")
        pane.keys("Enter")
        pane.wait("added entry")
        want = ("ü" * 150 + " → " + "ß" * 150 + "fin").encode()
        self.assertEqual(stored_notes(self.t, "2026-11-25"), [want])

    def test_a_character_in_the_middle_is_changed_in_place(self):
        pane = self.open(cols=60, rows=15)
        self.open_form(pane, 1)                      # Tue: 200 × ü
        pane.keys("Tab", "Tab", "Home", "Right", "Right", "Delete")
        pane.type("x")
        pane.keys("Enter")
        pane.wait("saved entry")
        self.assertEqual(stored_notes(self.t, "2026-11-24"), [("üüx" + "ü" * 197).encode()])


if __name__ == "__main__":
    unittest.main()
