"""The manual pages and the example config against the code: tock.5 documents every key of the
config table (src/config.c) with its built-in default, config.example.ini states exactly those
keys and defaults (tests/unit/test_config.c checks that it parses to the same values), tock.1's
SYNOPSIS and command headings are the command table's (tools/mansync.py), every option
spelling the parser accepts is in tock.1 and in `tock help CMD`, and both pages pass mandoc's
lint and groff's warnings (-ww)."""
import configparser
import os
import re
import shutil
import subprocess
import sys
import unittest

from tockenv import BIN, TockCase

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


def man_plain(text):
    """man(7) text without fonts and escapes, as a reader sees the words."""
    text = re.sub(r"\\f[A-Z]|\\f\(..|\\%", "", text)
    return text.replace("\\-", "-").replace("\\~", " ").replace("\\ ", " ")


class TestCommandDocs(TockCase):
    """tock.1 and `tock help` against the parser, which reads the command table."""

    def commands(self):
        out = self.t.ok("--help").out
        names = re.findall(r"^  ([a-z]+(?: [a-z]+)?)\s{2,}", out.split("\ncommands:\n")[1], re.M)
        self.assertGreater(len(names), 30)
        return names

    def spellings(self, name):
        """{spelling: takes a value} of every option in `tock help NAME`'s option list."""
        out = self.t.ok("help", *name.split()).out
        self.assertEqual(out, self.t.ok(*name.split(), "--help").out, name)
        found = {}
        for short, long_, value in re.findall(r"^  (?:(-[a-zA-Z]), )?\s*(--[a-z][a-z-]*)( [^ ]+)?(?:  |$)",
                                              out.split("\noptions:\n")[1], re.M):
            if long_ == "--help":     # every command's; tock.1 says so once
                continue
            found[long_] = bool(value)
            if short:
                found[short] = bool(value)
        return found

    def test_a_short_option_means_one_thing(self):
        meaning = {}
        for name in self.commands():
            for short, long_ in re.findall(r"^  (-[a-zA-Z]), (--[a-z-]+)",
                                           self.t.ok("help", *name.split()).out, re.M):
                meaning.setdefault(short, {})[long_] = name
        for short, longs in meaning.items():
            self.assertEqual(len(longs), 1, f"{short} means {longs}")
        self.assertEqual(set(meaning["-f"]), {"--format"})
        self.assertEqual(set(meaning["-n"]), {"--dry-run"})

    def test_every_option_a_command_reads_is_declared(self):
        # cli_args_get aborts on a name its command does not declare: find such a typo here,
        # not in a user's hands.
        table = read("src", "cli.c")
        runs = dict((fn, name) for name, fn in re.findall(
            r'\{ \.name = "([^"]+)".*?\.run = (cmd_\w+)', table, re.S))
        self.assertGreater(len(runs), 30)
        reads = re.compile(r'cli_args_(?:get|has|get_or)\(\w+, "([a-z-]+)"')
        checked = 0
        for f in sorted(os.listdir(os.path.join(ROOT, "src"))):
            if not (f.startswith(("cli_", "ui_")) and f.endswith(".c")):
                continue
            src = read("src", f)
            macros = {m.group(1): set(reads.findall(m.group(0))) for m in re.finditer(
                r"#define (\w+)\(.*?(?<!\\)\n", src, re.S)}
            for m in re.finditer(r"^int (cmd_\w+)\(tk_app \*app, const cli_args \*args\)\n\{"
                                 r"(.*?)^\}", src, re.M | re.S):
                names = set(reads.findall(m.group(2)))
                for macro, inside in macros.items():
                    if macro + "(" in m.group(2):
                        names |= inside
                declared = {n[2:] for n in self.spellings(runs[m.group(1)]) if n[1] == "-"}
                self.assertEqual(names - declared, set(), f"{f}: {m.group(1)}")
                checked += 1
        self.assertEqual(checked, len(runs))

    def test_man_is_current(self):
        tool = os.path.join(ROOT, "tools", "mansync.py")
        r = subprocess.run([sys.executable, tool, "--bin", BIN, "--check",
                            os.path.join(ROOT, "man", "tock.1")], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_every_option_the_parser_accepts_is_documented(self):
        page = read("man", "tock.1")
        synopsis = man_plain(page[page.index("BEGIN SYNOPSIS"):page.index("END SYNOPSIS")])
        names = self.commands()
        usages = {}       # command: its SYNOPSIS line (the longest name a line starts with)
        for line in synopsis.splitlines():
            if line.startswith('.B "'):
                text = line[4:-1]
                owner = max((n for n in names if text == n or text.startswith(n + " ")),
                            key=len, default=None)
                if owner:
                    usages[owner] = text
        for name in names:
            documented = self.spellings(name)
            usage = usages.get(name)
            self.assertIsNotNone(usage, f"tock.1's SYNOPSIS has no line for {name}")
            words = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][a-z-]*)", usage))
            for spelling in documented:
                self.assertIn(spelling, words, f"tock {name}: {spelling} not in tock.1")
            # Every letter the parser takes as an option is in the help (and so in tock.1);
            # -h is help and -c the config file everywhere (tock --help lists them).
            for letter in "abdefgijklmnopqrstuvwxyzABCDEFGIJKLMNOPQRSTUVWXYZ":
                r = self.t.run(*name.split(), "-" + letter)
                unknown = f"unknown option '-{letter}'" in r.err
                self.assertEqual(not unknown, "-" + letter in documented,
                                 f"tock {name} -{letter}: {r!r}")
            for spelling, takes_value in documented.items():
                r = self.t.run(*name.split(), spelling)
                self.assertNotIn("unknown option", r.err, f"tock {name} {spelling}")
                if takes_value:
                    self.assertIn("needs a value", r.err, f"tock {name} {spelling}")


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
