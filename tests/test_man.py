"""The manual pages and the example config against the code: tock.5 documents every key of the
config table (src/config.c) with its built-in default, config.example.ini states exactly those
keys and defaults (tests/unit/test_config.c checks that it parses to the same values), and
both pages pass mandoc's lint and groff's warnings (-ww)."""
import configparser
import os
import re
import shutil
import subprocess
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(*path):
    with open(os.path.join(ROOT, *path), encoding="utf-8") as f:
        return f.read()


def config_table():
    """(section, key, default) of every row of the key table in src/config.c."""
    src = read("src", "config.c")
    table = src[src.index("} keys[] = {"):]
    table = table[:table.index("};")]
    rows = re.findall(r'\{ "(\w+)", "(\w+)", K_\w+, "([^"]*)"', table)
    if len(rows) < 20:
        raise AssertionError(f"the key table was not found in src/config.c ({len(rows)} rows)")
    return rows


def example():
    cp = configparser.ConfigParser(interpolation=None, comment_prefixes=(";", "#"),
                                   delimiters=("=",))
    cp.optionxform = str
    cp.read_string(read("config.example.ini"))
    return cp


def man5_sections():
    """{section: {key: the text of its entry}} from man/tock.5's SECTIONS AND KEYS."""
    out, sec, key = {}, None, None
    for line in read("man", "tock.5").splitlines():
        m = re.match(r"\.SS \[(\w+)\]$", line)
        if m:
            sec, key = m.group(1), None
            out[sec] = {}
            continue
        if line.startswith(".SH"):
            sec = key = None
            continue
        if sec is None:
            continue
        if line in (".TP", ".PP"):
            key = "" if line == ".TP" else None
            continue
        if key == "" and line.startswith(".B "):
            key = line[3:].replace("\\-", "-")
            out[sec][key] = ""
            continue
        if key:
            out[sec][key] += " " + line
    return out


class TestConfigDocs(unittest.TestCase):
    def test_tock5_names_every_key_with_its_default(self):
        man = man5_sections()
        for sec, key, default in config_table():
            self.assertIn(sec, man, f"tock.5 has no section [{sec}]")
            self.assertIn(key, man[sec], f"tock.5 does not document [{sec}] {key}")
            text = man[sec][key].replace("\\-", "-")
            want = "Default: empty" if default == "" else f"Default: .BR {default} ."
            self.assertIn(want, text, f"[{sec}] {key}: tock.5 does not state the default")

    def test_tock5_documents_the_default_tiers(self):
        man = man5_sections()
        for tier, mult in example()["tiers"].items():
            self.assertIn(f"Default: .BR {mult} .", man["tiers"].get(tier, ""), tier)

    def test_example_states_exactly_the_defaults(self):
        ex = example()
        table = config_table()
        want = {(s, k): d for s, k, d in table}
        got = {(s, k): v for s in ex.sections() if s != "tiers" for k, v in ex[s].items()}
        self.assertEqual(got, want)


MANDOC = shutil.which("mandoc")


@unittest.skipUnless(MANDOC, "mandoc is not installed")
class TestManLint(unittest.TestCase):
    def lint(self, page, level):
        r = subprocess.run([MANDOC, "-T", "lint", "-W", level, os.path.join(ROOT, "man", page)],
                           capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout + r.stderr), (0, ""), page)

    def test_tock5_is_clean(self):
        self.lint("tock.5", "style")

    def test_tock1_has_no_warning(self):
        # Style notes (lines over 80 bytes) are left: rewrapping the page would rewrite it.
        self.lint("tock.1", "warning")


GROFF = shutil.which("groff")


@unittest.skipUnless(GROFF, "groff is not installed")
class TestGroffWarnings(unittest.TestCase):
    """groff -ww -z: every warning groff has (raw non-ASCII characters, unknown escapes and
    macros, unterminated quotes) is a failure; man(1) renders these pages with groff."""

    def check(self, page):
        r = subprocess.run([GROFF, "-man", "-t", "-ww", "-z", os.path.join(ROOT, "man", page)],
                           capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout + r.stderr), (0, ""), page)

    def test_tock1_has_no_groff_warning(self):
        self.check("tock.1")

    def test_tock5_has_no_groff_warning(self):
        self.check("tock.5")


if __name__ == "__main__":
    unittest.main()
