"""Every screen at 60×15, 80×24, 120×40 and 200×50 (issue 14, items 13 and 14): no text runs
into other text, everything can be reached, and a sign shows where something scrolls or is
cut. check_screen looks for the overlaps a program can see (known labels intact, figures kept
apart) instead of someone eyeballing captures."""
import re
import unittest

from test_tui import TMUX, TuiCase, width

SIZES = [(60, 15), (80, 24), (120, 40), (200, 50)]
GLUED = [
    (re.compile(r"\d:\d\d\d"), "two durations run together"),
    (re.compile(r"\S ?▶ "), "text runs into the timer"),
    (re.compile(r"\d[A-Z][a-z]{1,2} \d\d"), "day headers run together"),
    (re.compile(r"\d\.\d\d\d*\.\d\d"), "two amounts run together"),
]


def check_screen(test, screen, cols, rows, labels=(), what=""):
    """Fails unless the capture is cols × rows at most, every label appears whole, and none of
    the GLUED patterns (figures or labels with no blank between them) occurs."""
    lines = screen.split("\n")
    test.assertLessEqual(len(lines), rows + 1, f"{what}: too many lines\n{screen}")
    for line in lines:
        test.assertLessEqual(width(line), cols, f"{what}: a line wider than {cols}\n{screen}")
        for pattern, why in GLUED:
            m = pattern.search(line)
            test.assertIsNone(m, f"{what}: {why} ({m and m.group(0)!r}) in {line!r}\n{screen}")
    for label in labels:
        if isinstance(label, re.Pattern):
            test.assertRegex(screen, label, f"{what}: {label.pattern} not on screen")
        else:
            test.assertIn(label, screen, f"{what}: {label!r} not intact\n{screen}")


@unittest.skipUnless(TMUX, "tmux is not installed")
class Screens(TuiCase):
    NOTE = "design review of the checkout flow with the whole team, then notes for the sprint"

    def setUp(self):
        super().setUp()
        t = self.t
        t.config("[billing]\nround = 15m\nbusiness_hours = Mon-Fri 09:00-18:00\n")
        t.ok("client", "add", "acme", "--name", "Acme Corporation International", "--rate", "150")
        t.ok("project", "add", "acme/web", "--name", "Website relaunch")
        t.ok("sprint", "add", "acme", "Sprint 12 of the relaunch", "--from", "2026-11-16",
             "--to", "2026-11-29")
        t.ok("client", "add", "zürich-ag", "--name", "Zürich AG")
        t.ok("retainer", "set", "zürich-ag", "--hours", "10", "--fee", "1000",
             "--overage-rate", "120", "--from", "2026-11-01")
        t.ok("add", "acme/web", "2026-11-02", "7m", "-m", "call")
        t.ok("add", "acme/web", "2026-11-03", "17:30-19:00")
        t.ok("add", "acme", "2026-11-24", "45m", "-m", "this week")
        t.ok("add", "acme/web", "2026-11-23", "2h", "-m", self.NOTE)
        t.ok("add", "acme/web", "2026-11-25", "10:00-12:30", "-m", "bug fixing")
        t.ok("add", "zürich-ag", "2026-11-24", "1h")
        t.ok("start", "zürich-ag", "--at", "14:00")

    def days(self, cols):
        names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        short = cols < 80
        return [re.compile(rf"(?:^|\s){n[:2] if short else n} {23 + i}(?:\s|$)", re.M)
                for i, n in enumerate(names)]

    def test_grid_and_cell_editor(self):
        for cols, rows in SIZES:
            pane = self.open(cols=cols, rows=rows)
            s = pane.wait_all("▶ zürich-ag", "? help")
            check_screen(self, s, cols, rows, ["Week 48", "Total", "? help", "q quit",
                                               *self.days(cols)], f"grid {cols}×{rows}")
            self.assertRegex(s.split("\n")[0], r"\S  +▶ zürich-ag", "two blanks before the timer")
            pane.keys("g")                           # acme (Wed): 2:30
            pane.type("12:30")
            s = pane.wait("12:30")
            check_screen(self, s, cols, rows, [], f"cell editor {cols}×{rows}")
            pane.keys("Escape")
            pane.wait_gone("12:30")
            pane.kill()
            self.panes.remove(pane)

    def test_invoice_screen(self):
        doc = self.t.json("invoice", "preview", "acme", "--period", "2026-11")
        descs = [l["description"] for l in doc["lines"]]
        self.assertEqual(len(descs), 3)
        for cols, rows in SIZES:
            pane = self.open(cols=cols, rows=rows)
            pane.keys("g", "i")
            s = pane.wait_all("Invoice · Acme", "S submit", "Esc close", "? help")
            check_screen(self, s, cols, rows, ["Hours", "Rate", "Amount", "Line 1 of 3"],
                         f"invoice {cols}×{rows}")
            self.assertNotIn("Space timer", s, "the grid's key bar shows under the invoice")
            shown = [d for d in descs if d in s]
            # Each line shows its whole description, or the screen says more is there.
            if len(shown) < 3:
                self.assertRegex(s, r"↓|…", f"no sign of more at {cols}×{rows}:\n{s}")
            self.assertGreaterEqual(len([l for l in s.split("\n") if "[x]" in l]),
                                    3 if rows >= 15 else 2, s)
            pane.keys("j", "j")                      # the last line can be reached
            s = pane.wait("Line 3 of 3")
            check_screen(self, s, cols, rows, [], f"invoice at its end {cols}×{rows}")
            pane.kill()
            self.panes.remove(pane)

    def test_entry_form_with_a_long_note(self):
        for cols, rows in SIZES:
            pane = self.open(cols=cols, rows=rows)
            pane.keys("g", "j", "h", "h", "Enter")   # acme/web, Mon: the long note
            pane.wait("Esc close")
            pane.keys("Enter", "Tab", "Tab")
            s = pane.wait("Entry ")
            check_screen(self, s, cols, rows, ["Time", "Tier", "Note"], f"form {cols}×{rows}")
            note = next(l for l in s.split("\n") if "Note " in l)
            self.assertTrue("…" in note or self.NOTE in note, note)
            pane.keys("Escape", "Escape")
            pane.wait_gone("Entry ")
            pane.kill()
            self.panes.remove(pane)

    def test_wide_terminal_uses_its_width(self):
        # 200 columns: each row's money for the week, the retainer's period, and the selected
        # cell's entries with their whole notes.
        pane = self.open(cols=200, rows=50)
        week = self.t.json("week", "2026-11-25")
        acme = next(r for r in week["rows"] if r["client"] == "acme" and r["project"] == "web")
        s = pane.wait_all("Amount", "Retainers", "Notes · ")
        check_screen(self, s, 200, 50, ["period 2026-11-01 – 2026-11-30"], "wide grid")
        # The retainer's forecast is tock retainer's, the running timer counted in both.
        f = self.t.json("retainer", "zürich-ag")["forecast"]
        h, m = divmod(f["used_seconds"] // 60, 60)
        self.assertIn(f"forecast: {h}:{m:02d} used · {f['total_minor'] // 100}."
                      f"{f['total_minor'] % 100:02d} EUR", s)
        amount = f"{acme['amount_minor'] // 100}.{acme['amount_minor'] % 100:02d} EUR"
        row = next(l for l in s.split("\n") if l[2:].startswith("acme/web"))
        self.assertIn(amount, row)
        pane.keys("g", "j")                          # acme/web, Wed: 10:00-12:30 bug fixing
        pane.wait_all("Notes · acme/web · Wed 2026-11-25", "10:00-12:30 2:30", "bug fixing")
        pane.keys("h", "h")                          # Mon: the long note, whole
        s = pane.wait("Notes · acme/web · Mon 2026-11-23")
        panel = " ".join(l.split("│", 1)[1].strip() for l in s.split("\n") if "│" in l)
        self.assertIn(self.NOTE, panel)
        used = max(width(l.rstrip()) for l in s.split("\n")[1:-2])
        self.assertGreater(used, 180, "the wide screen is mostly empty")


if __name__ == "__main__":
    unittest.main()
