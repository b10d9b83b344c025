"""What a new user hit in the first week on the command line (issue 14): implausible overnight
ranges, tiers and non-billable time shown for what they are, short runs, subcommand lists,
case-insensitive suggestions, ISO 4217 currencies, a preview without a range."""
import os
import shutil
import unittest
import re
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


HOURS = "[billing]\nbusiness_hours = Mon-Fri 09:00-18:00\n"


class TiersShownTest(TockCase):
    now = "2026-11-23T20:00:00"

    def setUp(self):
        super().setUp()
        self.t.config(HOURS)
        self.t.ok("client", "add", "acme", "--rate", "100")

    def test_log_shows_the_tiers_an_entry_bills_at(self):
        self.t.ok("add", "acme", "today", "17:00-19:00", "-m", "split")
        self.t.ok("add", "acme", "today", "19:00-19:30", "-m", "late")
        self.t.ok("add", "acme", "today", "1h", "-m", "total")
        self.t.ok("add", "acme", "today", "11:00-12:00", "-s", "emergency", "-m", "pager")
        lines = {l.rsplit(None, 1)[-1]: l for l in self.t.ok("log").out.splitlines()[:-1]}
        self.assertRegex(lines["split"], r"\bstandard\+after-hours\b")
        self.assertRegex(lines["late"], r" after-hours\b")
        self.assertNotIn("standard", lines["late"])
        self.assertRegex(lines["total"], r" standard\b")
        self.assertRegex(lines["pager"], r" emergency\b")

    def test_status_tier_is_what_the_running_time_bills_at(self):
        self.t.ok("start", "acme", "--at", "19:00")
        self.assertEqual(self.t.ok("status", "--format", "%t").out, "after-hours\n")
        self.t.ok("cancel")
        self.t.ok("start", "acme", "--at", "17:30")
        self.assertEqual(self.t.ok("status", "--format", "%k %t").out,
                         "acme standard+after-hours\n")
        self.t.ok("cancel")
        self.t.ok("start", "acme", "--at", "19:00", "-s", "emergency")
        self.assertEqual(self.t.ok("status", "--format", "%t").out, "emergency\n")


class NonBillableRowTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "100")
        self.t.ok("add", "acme", "2026-11-23", "2h", "-m", "work")
        self.t.ok("add", "acme", "2026-11-23", "1h", "--non-billable", "-m", "chat")
        self.t.ok("add", "acme", "2026-11-24", "30m", "--non-billable", "-m", "chat")

    def test_week_json_has_a_row_per_billability(self):
        rows = self.t.json("week")["rows"]
        self.assertEqual([(r["client"], r["billable"], r["seconds"][:2], r["billed_seconds"])
                          for r in rows],
                         [("acme", True, [7200, 0], 7200), ("acme", False, [3600, 1800], 0)])

    def test_week_table_marks_the_non_billable_row(self):
        out = self.t.ok("week").out.splitlines()
        self.assertRegex(out[2], r"^acme\s+2:00\s+·")
        self.assertRegex(out[3], r"^acme \(non-billable\)\s+1:00\s+0:30")
        self.assertRegex(out[4], r"^Total\s+3:00\s+0:30")

    def test_log_marks_non_billable_entries(self):
        lines = [l for l in self.t.ok("log").out.splitlines() if "chat" in l]
        self.assertEqual(len(lines), 2)
        for l in lines:
            self.assertIn("non-billable", l)


class ShortRunTest(TockCase):
    def test_seconds_show_under_a_minute(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "today", "2s")
        log = self.t.ok("log").out
        self.assertIn("0:00:02", log.splitlines()[0])
        self.assertEqual(log.splitlines()[-1], "0:00:02 total")
        self.assertRegex(self.t.ok("week").out.splitlines()[2], r"^acme\s+0:00:02\s+·")
        self.t.ok("add", "acme", "today", "1h30m")
        self.assertIn(" 1:30 ", self.t.ok("log").out)


from test_tui import TuiCase  # noqa: E402  (tmux tests: skipped without tmux)


class TuiTiersAndBillabilityTest(TuiCase):
    def test_entries_list_shows_tiers_and_the_grid_a_dimmed_non_billable_row(self):
        t = self.t
        t.config(HOURS)
        t.ok("client", "add", "acme", "--rate", "100")
        t.ok("add", "acme", "2026-11-25", "17:00-19:00", "-m", "split")
        t.ok("add", "acme", "2026-11-24", "1h", "--non-billable", "-m", "chat")
        pane = self.open()
        s = pane.screen()
        rows = [l for l in s.split("\n") if l[2:].startswith("acme ")]
        self.assertEqual(len(rows), 2, s)
        dimmed = [l for l in pane.screen(escapes=True).split("\n") if "1:00" in l and "acme" in l]
        self.assertTrue(dimmed and re.search(r"\x1b\[(?:[0-9;]*;)?2(?:;[0-9;]*)?m", dimmed[0]),
                        dimmed)
        pane.keys("Enter")        # Wednesday of the first row: the split entry
        s = pane.wait("split")
        self.assertRegex(next(l for l in s.split("\n") if "split" in l), r"standard\+after-hours")


class CommandGroupsTest(TockCase):
    def test_a_group_alone_lists_its_commands(self):
        for group, subs in (("client", ["add", "list", "archive", "set"]),
                            ("project", ["add", "list", "archive"]),
                            ("invoice", ["preview", "push", "list", "retry", "discard"]),
                            ("rate", ["set", "list"]), ("sprint", ["add", "every", "list", "report"]),
                            ("zoho", ["check"])):
            r = self.t.run(group)
            self.assertEqual(r.rc, 0, (group, r))
            self.assertEqual(r.err, "")
            self.assertIn(f"usage: tock {group} COMMAND", r.out)
            for s in subs:
                self.assertRegex(r.out, rf"(?m)^  {s} +\S", (group, s))
            self.assertEqual(self.t.run(group, "--help").out, r.out)

    def test_an_unknown_subcommand_is_one_line(self):
        r = self.assertFails("client", "frob", rc=2, contains="unknown command 'client frob'")
        self.assertIn("'tock client' lists", r.err)

    def test_retainer_alone_still_shows_retainers_and_its_help_lists_subcommands(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "900",
                  "--overage-rate", "100")
        self.assertIn("acme", self.t.ok("retainer").out)
        h = self.t.ok("retainer", "--help").out
        self.assertIn("usage: tock retainer [CLIENT]", h)
        self.assertRegex(h, r"(?m)^  set +sell")
        self.assertRegex(h, r"(?m)^  end +stop")


class SuggestionsAndCurrenciesTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("project", "add", "acme/web")

    def test_suggestions_ignore_case(self):
        r = self.assertFails("add", "ACME", "today", "1h", contains="did you mean 'acme'?")
        self.assertNotIn("tock client add", r.err)
        r = self.assertFails("add", "acme/WEB", "today", "1h", contains="did you mean 'web'?")
        self.assertNotIn("tock project add", r.err)
        r = self.assertFails("add", "acmee", "today", "1h", contains="did you mean 'acme'?")
        self.assertIn("tock client add acmee", r.err)

    def test_currency_must_be_an_iso_4217_code(self):
        for bad in ("ZZZ", "XAU", "EURO"):
            self.assertFails("client", "add", "x" + bad.lower(), "--currency", bad,
                             contains="ISO 4217")
            self.assertFails("client", "set", "acme", "--currency", bad, contains="ISO 4217")
        self.t.ok("client", "add", "yen", "--currency", "JPY", "--rate", "15000")
        self.t.ok("client", "add", "chile", "--currency", "CLF", "--rate", "1.5")
        self.assertEqual([c["currency"] for c in self.t.json("client", "list")],
                         ["EUR", "CLF", "JPY"])


class PreviewThisMonthTest(TockCase):
    def test_preview_without_a_range_is_this_month(self):
        self.t.ok("client", "add", "acme", "--rate", "100")
        self.t.ok("add", "acme", "2026-11-03", "2h")
        self.t.ok("add", "acme", "2026-10-30", "1h")
        got = self.t.json("invoice", "preview", "acme")
        self.assertEqual(got, self.t.json("invoice", "preview", "acme", "--period", "2026-11"))
        self.assertEqual((got["from"], got["to"]), ("2026-11-01", "2026-11-30"))
        self.assertIn("2026-11-01", self.t.ok("invoice", "preview", "acme").out)
        # A push still names its range: it sends money.
        self.assertFails("invoice", "push", "acme", "--yes", rc=2, contains="--period")


MAN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "man", "tock.1")


class ManPageTest(TockCase):
    @unittest.skipUnless(shutil.which("mandoc"), "mandoc is not installed")
    def test_mandoc_lint_is_clean(self):
        r = subprocess.run(["mandoc", "-T", "lint", MAN], capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout + r.stderr), (0, ""))

    def rendered(self):
        if shutil.which("man") and shutil.which("groff"):
            cmd, env = ["man", "-l", MAN], dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="")
        elif shutil.which("mandoc"):
            cmd, env = ["mandoc", "-T", "utf8", "-O", "width=80", MAN], None
        else:
            self.skipTest("neither man nor mandoc is installed")
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        return re.sub(r".\x08", "", r.stdout)

    def test_command_headings_break_only_between_options(self):
        text = self.rendered()
        section = text.split("\nCOMMANDS\n")[1].split("\nIMPORT AND EXPORT\n")[0]
        tags = [l for l in section.split("\n") if re.match(r"^ {7}\S", l)]
        self.assertGreater(len(tags), 30)
        for line, nxt in zip(tags, tags[1:] + [""]):
            self.assertFalse(line.endswith(("‐", "-")) and not line.endswith(" -"),
                             f"hyphenated: {line!r}")
            last = line.split()[-1]
            first = nxt.split()[0] if nxt.strip() else "["
            if re.fullmatch(r"[\[(]?--?[a-z][a-z-]*", last) and first[0] not in "[(-":
                self.fail(f"an option and its value are split: {line!r} / {nxt!r}")
        # Every command's tag is its own paragraph head, its text below it.
        for name in ("stop [-m|--note NOTE]", "log [--from DATE]", "edit ID [--to", "client set KEY",
                     "export [-f|--format csv|json]", "backup FILE [--force]"):
            self.assertTrue(any(l.strip().startswith(name) for l in tags), name)

    def test_every_command_is_in_the_man_page(self):
        text = self.rendered()
        for line in self.t.ok("--help").out.split("commands:\n")[1].splitlines():
            if line.startswith("  "):
                name = line.split("  ")[1].strip()
                self.assertRegex(text, rf"(?m)^ {{7}}{re.escape(name)}\b", name)


class ReadmeInstallTest(TockCase):
    ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def first_command(self):
        with open(os.path.join(self.ROOT, "README.md")) as f:
            return f.read().split("```sh\n", 1)[1].split("\n```", 1)[0]

    def test_the_first_command_needs_no_sudo_and_ends_with_the_manual(self):
        cmd = self.first_command()
        self.assertNotRegex(cmd, r"(^|[;&|]\s*)sudo\b", "sudo may not exist (root on bare Debian)")
        self.assertTrue(cmd.rstrip().endswith("man tock"), cmd)
        self.assertIn("man-db", cmd)
        # As root without sudo, the prefix is empty and each step runs as it is.
        prefix = cmd.split(";", 1)[0]
        r = subprocess.run(["/bin/sh", "-c", prefix + '; echo "[$S]"'], capture_output=True,
                           text=True, env={"PATH": "/nonexistent"})
        self.assertEqual(r.stdout, "[]\n")

    def test_make_install_gives_a_working_man_tock(self):
        if not shutil.which("man"):
            self.skipTest("man is not installed")
        dest = os.path.join(self.t.dir, "dest")
        # What make install does (-n: without building ./tock), then that step for the page.
        r = subprocess.run(["make", "-n", "install", f"DESTDIR={dest}"], cwd=self.ROOT,
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        page = os.path.join(dest, "usr/local/share/man/man1/tock.1")
        self.assertIn(f"install -m 644 man/tock.1 {page}", r.stdout)
        os.makedirs(os.path.dirname(page))
        shutil.copy(os.path.join(self.ROOT, "man", "tock.1"), page)
        man = subprocess.run(["man", "tock"], capture_output=True, text=True,
                             env=dict(os.environ, MANPATH=os.path.join(dest, "usr/local/share/man"),
                                      MANWIDTH="80", PAGER="cat", MANPAGER="cat"))
        self.assertEqual(man.returncode, 0, man.stderr)
        self.assertIn("a terminal timesheet", man.stdout)
