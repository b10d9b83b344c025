"""The row picker matches as people type (accents ignored, ü also as ue, ß as ss) and a slash
opens a client's projects (issue 14, item 15)."""
import unittest

from test_tui import TMUX, TuiCase


@unittest.skipUnless(TMUX, "tmux is not installed")
class PickerTyping(TuiCase):
    def setUp(self):
        super().setUp()
        t = self.t
        t.ok("client", "add", "acme", "--name", "Acme Corp")
        t.ok("client", "add", "zürich-ag", "--name", "Zürich AG")
        t.ok("project", "add", "zürich-ag/web", "--name", "Website")
        t.ok("project", "add", "zürich-ag/app")
        t.ok("client", "add", "bau", "--name", "Großbau Müller")

    def picker(self):
        pane = self.open()
        pane.keys("a")
        pane.wait("Add a row")
        return pane

    def rows(self, s):
        """The picker's list: the first word after the box's left edge, for each line."""
        out = []
        for line in s.split("\n"):
            if "│ " in line:
                words = line.split("│ ", 1)[1].split()
                if words and words[0] not in ("Filter", "Tier", "Enter", "│", "no", "nothing"):
                    out.append(words[0])
        return out

    def filtered(self, pane, text, want):
        pane.keys("C-u")
        pane.type(text)
        return pane.wait(lambda s: self.rows(s) == want,
                         what=f"{text!r} → {want}, not {self.rows(pane.screen())}")

    def test_accents_and_spellings(self):
        pane = self.picker()
        for typed in ("zurich", "zuerich", "ZÜRICH", "zürich ag"):
            self.filtered(pane, typed, ["zürich-ag", "zürich-ag/app", "zürich-ag/web"])
        for typed in ("grossbau", "muller", "mueller", "großbau müller"):
            self.filtered(pane, typed, ["bau"])
        self.filtered(pane, "website", ["zürich-ag/web"])

    def test_slash_opens_the_clients_projects(self):
        pane = self.picker()
        self.filtered(pane, "zuerich/", ["zürich-ag/app", "zürich-ag/web"])
        self.filtered(pane, "zuerich/we", ["zürich-ag/web"])
        self.filtered(pane, "/web", ["zürich-ag/web"])
        s = self.filtered(pane, "acme/", [])
        self.assertIn("no such project", s)
        self.filtered(pane, "zuerich/", ["zürich-ag/app", "zürich-ag/web"])
        pane.keys("Enter")
        pane.wait("row zürich-ag/app added")
        self.assertNotIn("› zürich-ag  ", pane.screen())


if __name__ == "__main__":
    unittest.main()
