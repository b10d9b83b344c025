"""The full-screen grid, driven for real: tock runs in a private tmux server (its own socket,
no config) with a pinned clock, time zone and size; keys go in with send-keys and the screen
comes back with capture-pane. Every wait polls for the expected text with a timeout."""
import itertools
import os
import pty
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import time
import unicodedata
import unittest

from tockenv import BIN, Tock

TMUX = shutil.which("tmux")
NOW = "2026-11-25T15:00:00"          # a Wednesday, in week 48 (Mon 23 – Sun 29 November 2026)
_counter = itertools.count()
COLOUR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|38;5;\d+|48;5;\d+)(?:;[0-9;]*)?m")


def width(s):
    """Terminal columns of s (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def hmm(seconds):
    return "·" if seconds == 0 else f"{seconds // 3600}:{seconds // 60 % 60:02d}"


def label(row):
    s = row["client"]
    if row["project"]:
        s += "/" + row["project"]
    if row["tier"]:
        s += f" [{row['tier']}]"
    if not row["billable"]:
        s += " (non-billable)"   # as `tock week` marks it: in words, not only in colour
    return s


def _running(pid):
    """Whether pid is alive and not a zombie waiting for a reaper."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Pane:
    """One tmux server with one pane running tock (or a shell to run it from)."""

    def __init__(self, tock, cols=120, rows=40, shell=False, env=None):
        self.sock = f"tock-tui-{os.getpid()}-{next(_counter)}"
        self.env = dict(tock.env, **(env or {}))
        self.env["PS1"] = "$ "
        self.env.pop("TMUX", None)
        assigns = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items() if k != "PS1")
        # tock's stderr goes to a file: it must stay empty (no sanitizer report, no noise).
        self.stderr = os.path.join(tock.dir, f"tui-stderr-{next(_counter)}.log")
        self.tock_cmd = f"env {assigns} {shlex.quote(BIN)} 2>>{shlex.quote(self.stderr)}"
        cmd = "bash --norc --noprofile" if shell else "exec " + self.tock_cmd
        self.started = time.monotonic()
        # remain-on-exit: if tock dies, the pane stays to say how (see diagnose).
        self.tmux("start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
                  "new-session", "-d", "-s", "t", "-x", str(cols), "-y", str(rows), cmd,
                  check=True)

    def tmux(self, *args, check=False):
        return subprocess.run([TMUX, "-L", self.sock, "-f", "/dev/null", "-u", *args],
                              capture_output=True, text=True, env=self.env, check=check,
                              timeout=10)

    def kill(self):
        """Ends the server (tock gets SIGHUP), waits for tock to finish, returns its stderr."""
        pid = self.pane_pid()
        socket = self.tmux("display-message", "-p", "#{socket_path}").stdout.strip()
        self.tmux("kill-server")
        if socket.endswith(self.sock) and os.path.exists(socket):
            os.unlink(socket)
        deadline = time.monotonic() + 5
        while pid and _running(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        try:
            with open(self.stderr) as f:
                return f.read()
        except OSError:
            return ""

    def pane_pid(self):
        out = self.tmux("display-message", "-p", "-t", "t", "#{pane_pid}").stdout.strip()
        return int(out) if out.isdigit() else None

    def screen(self, escapes=False):
        args = ["capture-pane", "-p", "-t", "t"] + (["-e"] if escapes else [])
        return self.tmux(*args).stdout

    def lines(self):
        return self.screen().split("\n")

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "t", *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", "t", "-l", text)

    def wait(self, test, timeout=5.0, what=None):
        """Polls until test(screen) holds (a string: appears); returns the screen."""
        pred = (lambda s: test in s) if isinstance(test, str) else test
        deadline = time.monotonic() + timeout
        while True:
            s = self.screen()
            if pred(s):
                return s
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or test!r}; "
                                     f"{self.diagnose()}; screen:\n{s}")
            time.sleep(0.04)

    def diagnose(self):
        """Whether the pane's process died, and what tock wrote on stderr."""
        dead = self.tmux("display-message", "-p", "-t", "t",
                         "dead=#{pane_dead} status=#{pane_dead_status} "
                         "signal=#{pane_dead_signal}").stdout.strip()
        try:
            with open(self.stderr) as f:
                err = f.read()
        except OSError:
            err = "(no stderr file)"
        return f"pane {dead or '(no server)'}, stderr {err!r}"

    def wait_prompt(self):
        return self.wait(lambda s: s.rstrip().endswith(("$", "#")), what="a shell prompt")

    def wait_all(self, *texts, timeout=5.0):
        """Polls until every text is on one screen: a capture can land while the terminal is
        still drawing, so what follows a first match is not there yet."""
        return self.wait(lambda s: all(t in s for t in texts), timeout, what=f"all of {texts}")

    def wait_gone(self, text, timeout=5.0):
        return self.wait(lambda s: text not in s, timeout, what=f"{text!r} to go")

    def tock_pid(self):
        """The tock process under the pane's shell."""
        shell = self.pane_pid()
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == shell:
                    return int(pid)
            except OSError:
                continue
        return None


@unittest.skipUnless(TMUX, "tmux is not installed")
class TuiCase(unittest.TestCase):
    maxDiff = None
    def setUp(self):
        self.t = Tock(now=NOW)
        self.panes = []

    def tearDown(self):
        errors = [p.kill() for p in self.panes]
        self.t.cleanup()
        for e in errors:
            self.assertEqual(e, "", "tock wrote to stderr")

    def open(self, **kw):
        p = Pane(self.t, **kw)
        self.panes.append(p)
        if not kw.get("shell"):
            p.wait("Total", timeout=10.0, what="the first paint")
        return p

    def week(self, day="2026-11-25"):
        return self.t.json("week", day)

    def row(self, week, name):
        rows = [r for r in week["rows"] if label(r) == name]
        self.assertEqual(len(rows), 1, f"no single row {name!r} in {week['rows']}")
        return rows[0]

    def grid_rows(self, screen):
        """The grid's rows as {label: [7 day cells + total]} from the screen."""
        out = {}
        for line in screen.split("\n"):
            if line[:2] not in ("  ", "› ", "▶ ") or "·" not in line and ":" not in line:
                continue
            parts = line[2:].rsplit(None, 8)
            if len(parts) == 9 and all(re.fullmatch(r"·|\d+:\d\d", c) for c in parts[1:]):
                out[parts[0].strip()] = parts[1:]
        return out


class GridTruth(TuiCase):
    def seed(self):
        t = self.t
        t.ok("client", "add", "acme", "--name", "Acme Corp")
        t.ok("project", "add", "acme/web")
        t.ok("client", "add", "zürich-ag", "--name", "Zürich AG")
        t.ok("client", "add", "東京", "--name", "東京 Ltd")
        t.ok("client", "add", "internal", "--non-billable")
        t.ok("add", "acme/web", "2026-11-23", "1:30")
        t.ok("add", "acme/web", "2026-11-24", "09:00-11:15", "-m", "standup")
        t.ok("add", "acme", "2026-11-25", "3h", "-s", "after-hours")
        t.ok("add", "zürich-ag", "2026-11-25", "2h")
        t.ok("add", "東京", "2026-11-23", "45m")
        t.ok("add", "東京", "2026-11-29", "23:30-24:00")
        t.ok("add", "internal", "2026-11-24", "1h")
        t.ok("add", "acme/web", "2026-11-26", "2h", "--non-billable")   # a second acme/web row
        t.ok("add", "acme/web", "2026-11-16", "4h")  # the week before: not shown

    def test_grid_matches_week_json(self):
        self.seed()
        pane = self.open()
        screen = pane.screen()
        week = self.week()
        shown = self.grid_rows(screen)
        for r in week["rows"]:
            want = [hmm(s) for s in r["seconds"]] + [hmm(r["total"])]
            self.assertEqual(shown.get(label(r)), want, f"row {label(r)}:\n{screen}")
        totals = [hmm(s) for s in week["totals"]["seconds"]] + [hmm(week["totals"]["total"])]
        self.assertEqual(shown.get("Total"), totals, screen)
        self.assertEqual(len(shown), len(week["rows"]) + 1, screen)
        # One project's billable and non-billable rows differ in words, not only in colour.
        self.assertIn("acme/web", shown, screen)
        self.assertIn("acme/web (non-billable)", shown, screen)
        self.assertIn("Week 48 · 2026-11-23 – 2026-11-29", screen)
        self.assertIn("no timer running", screen)
        # Wide and accented names keep the columns aligned: every row ends in the same column.
        grid = screen.split("\n")[1:2 + len(week["rows"]) + 2]   # day names … totals
        ends = {width(l.rstrip()) for l in grid if not l.startswith("─")}
        self.assertEqual(len(ends), 1, f"ragged columns {ends}:\n{screen}")
        # The totals are followed by a bar row of hours per day.
        self.assertRegex(screen, r"hours per day\s+█")

    def test_a_cut_label_keeps_the_non_billable_mark(self):
        """Where the label column is too narrow, a non-billable row keeps a short mark (nb)
        and its name is cut instead, so it never reads like its billable twin."""
        t = self.t
        t.ok("client", "add", "acme")
        t.ok("project", "add", "acme/platform-migration")
        t.ok("add", "acme/platform-migration", "2026-11-23", "1h", "-s", "after-hours")
        t.ok("add", "acme/platform-migration", "2026-11-24", "2h", "-s", "after-hours",
             "--non-billable")
        screen = self.open(cols=80).screen()
        labels = [l[2:].split("  ")[0] for l in screen.split("\n")
                  if "acme/platform" in l and l[:2] in ("  ", "› ")]
        self.assertEqual(len(labels), 2, screen)
        self.assertNotEqual(labels[0], labels[1], screen)
        self.assertTrue(labels[1].endswith("(nb)"), screen)
        self.assertIn("…", labels[1], screen)   # the name was cut, not the mark

    def test_help_overlay_lists_every_key(self):
        self.seed()
        pane = self.open()
        pane.keys("?")
        # Waits for the whole overlay: a capture can land while the terminal is still drawing.
        wanted = ("tock keys", "previous week", "start or stop the timer on this row",
                  "undo the last change", "Weekly grid", "Space s", "[ H")
        pane.wait(lambda s: all(t in s for t in wanted), what=f"all of {wanted}")
        pane.keys("G")  # scroll to the end: the other screens' keys are there too
        pane.wait(lambda s: "This help" in s and "cycle the row's tier" in s,
                  what="the end of the help")
        pane.keys("Escape")
        pane.wait_gone("tock keys")

    def test_keys_in_the_man_page_come_from_the_table(self):
        keydoc = os.path.join(os.path.dirname(BIN), "keydoc")
        if not os.path.exists(keydoc):
            keydoc = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                  "build", "keydoc")
        man = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           "man", "tock.1")
        r = subprocess.run([keydoc, "-c", man], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)


class TimerKeys(TuiCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("client", "add", "beta")
        self.t.ok("add", "acme", "2026-11-24", "1h")
        self.t.ok("add", "beta", "2026-11-24", "1h")

    def test_space_starts_and_stops_the_timer(self):
        pane = self.open()
        pane.keys("Space")
        pane.wait("▶ acme  0:00:00")
        st = self.t.json("status")
        self.assertTrue(st["running"])
        self.assertEqual(st["client"], "acme")
        pane.keys("j", "s")  # s on another row moves the timer there
        pane.wait("▶ beta")
        self.assertEqual(self.t.json("status")["client"], "beta")
        pane.keys("Space")
        pane.wait("no timer running")
        self.assertFalse(self.t.json("status")["running"])

    def test_cli_timer_shows_without_a_key(self):
        pane = self.open()
        self.t.ok("start", "beta")
        t0 = time.monotonic()
        # The header's timer and the row's mark (a capture can land between the two).
        pane.wait(lambda s: "▶ beta" in s and re.search(r"▶ beta\s+·\s+1:00", s), timeout=2.0,
                  what="the timer in the header and on the row")
        self.assertLess(time.monotonic() - t0, 2.0)
        self.t.ok("stop")
        pane.wait("no timer running", timeout=2.0)


class Editing(TuiCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("client", "add", "zürich-ag")
        self.t.ok("add", "acme", "2026-11-23", "1:30", "-m", "kickoff")

    def test_cell_edit_and_undo(self):
        pane = self.open()
        pane.type("1:30")
        pane.keys("Enter")
        pane.wait("cell set to 1:30")
        self.assertEqual(self.row(self.week(), "acme")["seconds"][2], 5400)
        pane.keys("l")
        pane.type("90m")
        pane.keys("Enter")
        pane.wait("cell set to 1:30 (was 0:00)")
        pane.keys("l", "e")
        pane.type("1.5h")
        pane.keys("Enter")
        pane.wait(lambda s: re.search(r"› acme\s+1:30\s+·\s+1:30\s+1:30\s+1:30\s+·\s+·\s+6:00", s),
                  what="1:30 on Wed, Thu and Fri")
        self.assertEqual(self.row(self.week(), "acme")["seconds"][2:5], [5400, 5400, 5400])
        pane.keys("u")
        pane.wait("undone: cell back to 0:00")
        pane.keys("u", "u")
        pane.wait(lambda s: "undone" in s and self.row(self.week(), "acme")["seconds"][2] == 0,
                  what="all three undone")
        self.assertEqual(self.row(self.week(), "acme")["seconds"], [5400, 0, 0, 0, 0, 0, 0])
        pane.keys("u")
        pane.wait("nothing to undo")

    def test_undo_does_not_overwrite_a_change_made_elsewhere(self):
        # The cell was set here, then changed from another pane: u refuses rather than throw
        # the other change away.
        pane = self.open()
        pane.type("2h")
        pane.keys("Enter")
        pane.wait("cell set to 2:00")
        mine = [e for e in self.t.json("log", "--from", "2026-11-25", "--to", "2026-11-25")
                if e["client"] == "acme" and e["seconds"] == 7200]
        self.assertEqual(len(mine), 1, mine)
        self.t.ok("edit", str(mine[0]["id"]), "--duration", "3h")
        pane.wait(lambda s: re.search(r"› acme\s+1:30\s+·\s+3:00", s), what="3:00 from elsewhere")
        pane.keys("u")
        pane.wait("changed since")
        self.assertEqual(self.row(self.week(), "acme")["seconds"][2], 3 * 3600)

    def test_bad_duration_is_refused_in_place(self):
        pane = self.open()
        pane.type("1x")
        pane.keys("Enter")
        s = pane.wait(lambda s: "1x" in s and "bad" in s.lower() or "expected" in s,
                      what="an error line")
        pane.keys("Escape")
        pane.wait_gone("1x")
        self.assertEqual(self.row(self.week(), "acme")["seconds"][2], 0, s)

    def test_locked_week_is_refused_with_a_message(self):
        self.t.ok("add", "acme", "2026-11-17", "2h")
        con = sqlite3.connect(self.t.db)
        (uid,) = con.execute("SELECT id FROM users").fetchone()
        con.execute("INSERT INTO weeks(user_id, week_start, state, updated_utc) "
                    "VALUES (?, '2026-11-16', 'submitted', 0)", (uid,))
        con.commit()
        con.close()
        pane = self.open()
        pane.keys("[")
        pane.wait("Week 47 · 2026-11-16 – 2026-11-22 · ")
        pane.wait("locked")
        pane.keys("h")   # Tue 17, the cell with time
        pane.type("5")
        s = pane.wait("locked: this week is submitted")
        self.assertNotIn("Enter saves", s)  # no editor opened
        pane.keys("Enter")
        pane.wait("2:00")
        pane.keys("a")
        pane.wait("locked: this week is submitted")
        self.assertEqual(self.row(self.week("2026-11-17"), "acme")["seconds"][1], 7200)

    def test_entries_add_edit_delete_undo(self):
        pane = self.open()
        pane.keys("h", "h", "Enter")      # Mon: the kickoff entry
        pane.wait("kickoff")
        pane.keys("a")
        pane.wait("New entry")
        pane.type("10:00-11:00")
        pane.keys("Tab", "Tab")
        pane.type("pairing ü 東京")
        pane.keys("Enter")
        pane.wait("added entry")
        pane.wait("pairing ü 東京")
        self.assertEqual(self.row(self.week(), "acme")["seconds"][0], 9000)
        pane.keys("g", "Enter")           # edit the first: kickoff, 1:30 → 2:00
        pane.wait("Entry ")
        pane.keys("C-u")
        pane.type("2:00")
        pane.keys("Enter")
        pane.wait("saved entry")
        self.assertEqual(self.row(self.week(), "acme")["seconds"][0], 10800)
        pane.keys("G", "d")
        pane.wait("deleted entry")
        self.assertEqual(self.row(self.week(), "acme")["seconds"][0], 7200)
        pane.keys("u")
        pane.wait("undone")
        pane.keys("u")
        pane.wait(lambda s: self.row(self.week(), "acme")["seconds"][0] == 9000,
                  what="the edit undone")
        pane.keys("Escape")
        pane.wait_gone("kickoff")

    def test_entry_undo_does_not_overwrite_a_change_made_elsewhere(self):
        # An entry saved in the entries screen, then changed from another pane: u leaves the
        # other change alone and says so; the same for deleting an entry changed since shown.
        pane = self.open()
        pane.keys("h", "h", "Enter")      # Mon: the kickoff entry, 1:30
        pane.wait("kickoff")
        pane.keys("g", "Enter")
        pane.wait("Entry ")
        pane.keys("C-u")
        pane.type("2:00")
        pane.keys("Enter")
        pane.wait("saved entry")
        (kick,) = [e for e in self.t.json("log", "--from", "2026-11-23", "--to", "2026-11-23")
                   if e["note"] == "kickoff"]
        self.assertEqual(kick["seconds"], 7200)
        self.t.ok("edit", str(kick["id"]), "--duration", "3h")
        pane.keys("u")
        pane.wait(f"entry {kick['id']} was changed elsewhere since; left as it is")
        (kick,) = [e for e in self.t.json("log", "--from", "2026-11-23", "--to", "2026-11-23")
                   if e["note"] == "kickoff"]
        self.assertEqual(kick["seconds"], 3 * 3600)
        self.t.ok("edit", str(kick["id"]), "--note", "kickoff, moved")
        pane.keys("g", "d")               # the list still shows the old note
        pane.wait(f"entry {kick['id']} was changed elsewhere since; left as it is")
        self.assertEqual(len([e for e in self.t.json("log", "--from", "2026-11-23",
                                                      "--to", "2026-11-23")
                              if e["id"] == kick["id"]]), 1)

    def test_picker_adds_a_row(self):
        pane = self.open()
        pane.keys("a")
        pane.wait("Add a row")
        pane.type("zür")
        pane.wait(lambda s: "│ zürich-ag" in s and "│ acme" not in s, what="the filtered list")
        pane.keys("Tab")                 # tier: after-hours
        pane.wait("after-hours")
        pane.keys("Enter")
        pane.wait("zürich-ag [after-hours]")
        pane.type("2")
        pane.keys("Enter")
        pane.wait("cell set to 2:00")
        self.assertEqual(self.row(self.week(), "zürich-ag [after-hours]")["seconds"][2], 7200)

    def test_picker_filter_ignores_case_beyond_ascii(self):
        pane = self.open()
        pane.keys("a")
        pane.wait("Add a row")
        pane.type("ZÜR")
        pane.wait(lambda s: "│ zürich-ag" in s and "│ acme" not in s, what="zürich-ag alone")


class Navigation(TuiCase):
    def test_weeks_and_today(self):
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-17", "2h")
        self.t.ok("add", "acme", "2026-11-30", "3h")
        pane = self.open()
        pane.keys("[")
        pane.wait_all("Week 47 · 2026-11-16", "2:00")
        pane.keys("]", "L")
        pane.wait_all("Week 49 · 2026-11-30", "3:00")
        pane.keys("t")
        pane.wait("Week 48 · 2026-11-23")
        pane.keys("H")
        pane.wait("Week 47")


class Terminal(TuiCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("project", "add", "acme/web")
        self.t.ok("add", "acme/web", "2026-11-23", "1h")

    def test_too_small_then_recovers(self):
        pane = self.open()
        pane.tmux("resize-window", "-t", "t", "-x", "40", "-y", "10")
        pane.wait("terminal too small (need 60×12)")
        pane.tmux("resize-window", "-t", "t", "-x", "120", "-y", "40")
        pane.wait("Total")
        pane.wait_gone("too small")

    def test_resize_storm_while_the_timer_ticks(self):
        # The real clock (not TOCK_NOW), so the header's timer ticks through the storm.
        real = {"TOCK_NOW": ""}
        self.t.ok("start", "acme/web", env=real)

        def clock(s):
            m = re.search(r"▶ acme/web\s+(\d+):(\d\d):(\d\d)", s)
            return m and int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])

        pane = self.open(env=real)
        before = clock(pane.wait(clock, what="the running timer"))
        sizes = [(40, 10), (200, 60), (61, 12), (80, 24), (59, 11), (120, 40), (20, 4), (100, 30)]
        n, end = 0, time.monotonic() + 2.5
        while time.monotonic() < end:
            x, y = sizes[n % len(sizes)]
            pane.tmux("resize-window", "-t", "t", "-x", str(x), "-y", str(y))
            n += 1
        pane.tmux("resize-window", "-t", "t", "-x", "120", "-y", "40")
        s = pane.wait(lambda s: "Total" in s and (clock(s) or 0) >= before + 2,
                      what="the grid, with the timer 2 s further on")
        self.assertGreater(n, 40, "not much of a storm")
        self.assertNotIn("too small", s)
        self.assertTrue(all(width(l) <= 120 for l in s.split("\n")), s)
        self.assertIn("acme/web", s)
        st = self.t.json("status", env=real)
        self.assertTrue(st["running"])
        self.assertEqual((st["client"], st["project"]), ("acme", "web"))

    def test_80x24_layout(self):
        long_key = "a-client-with-a-very-long-key-that-cannot-fit"
        self.t.ok("client", "add", long_key)
        self.t.ok("add", long_key, "2026-11-24", "1h")
        for i in range(20):
            self.t.ok("client", "add", f"c{i:02d}")
            self.t.ok("add", f"c{i:02d}", "2026-11-25", f"{i + 1}m")
        pane = self.open(cols=80, rows=24)
        s = pane.screen()
        lines = s.split("\n")
        self.assertTrue(all(width(l) <= 80 for l in lines), s)
        self.assertIn("Week 48", lines[0])
        self.assertIn("q quit", lines[23])
        self.assertIn("? help", lines[23])
        self.assertIn("Total", s)
        self.assertIn("a-client-with-a-ver…", lines[2])   # cut with an ellipsis
        self.assertIn("Total", lines[-5] + lines[-6] + lines[-4])
        pane.keys("G")                    # scrolls to the last row
        pane.wait("c19")

    def test_quit_leaves_a_usable_shell(self):
        pane = self.open(shell=True)
        pane.wait_prompt()
        pane.type(pane.tock_cmd + '; echo "exit=$?"')
        pane.keys("Enter")
        pane.wait("Total")
        pane.keys("q")
        pane.wait("exit=0")
        pane.type("echo ok-$((40+2))")
        pane.keys("Enter")
        pane.wait("ok-42")

    def test_ctrl_c_and_signals_restore_the_terminal_and_keep_the_timer(self):
        pane = self.open(shell=True)
        pane.wait_prompt()
        run = pane.tock_cmd + '; echo "exit=$?"'
        pane.type(run)
        pane.keys("Enter")
        pane.wait("Total")
        pane.keys("Space")
        pane.wait("▶ acme/web")
        pane.keys("C-c")
        pane.wait("exit=130")
        self.assertTrue(self.t.json("status")["running"])
        for sig, code in ((signal.SIGTERM, 143), (signal.SIGHUP, 129)):
            pane.keys("C-l")
            pane.type("clear; " + run)
            pane.keys("Enter")
            pane.wait("Total")
            pid = pane.tock_pid()
            self.assertIsNotNone(pid)
            os.kill(pid, sig)
            pane.wait(f"exit={code}")
        pane.type("echo ok-$((40+2))")
        pane.keys("Enter")
        pane.wait("ok-42")
        self.assertTrue(self.t.json("status")["running"])

    def test_no_color_uses_attributes_only(self):
        pane = self.open()
        self.assertRegex(pane.screen(escapes=True), COLOUR_SGR)
        mono = self.open(env={"NO_COLOR": "1"})
        s = mono.screen(escapes=True)
        self.assertNotRegex(s, COLOUR_SGR)
        self.assertRegex(s, r"\x1b\[(?:[0-9;]*;)?7m")   # the cursor cell, in reverse video

    def test_not_a_terminal_or_dumb(self):
        r = self.t.run()
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r)
        self.assertIn("needs a terminal", r.err)
        master, slave = pty.openpty()
        try:
            env = dict(self.t.env, TERM="dumb")
            p = subprocess.run([BIN], stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                               env=env, timeout=20, text=True)
        finally:
            os.close(slave)
            os.close(master)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("TERM=dumb", p.stderr)


class RetainerPanel(TuiCase):
    def setUp(self):
        super().setUp()
        t = self.t
        t.ok("client", "add", "acme", "--name", "Acme Corp")
        t.ok("client", "add", "beta", "--name", "Beta GmbH")
        t.ok("client", "add", "gamma")
        t.ok("add", "gamma", "2026-11-24", "1h")

    def test_hidden_without_retainers(self):
        pane = self.open()
        self.assertNotIn("Retainers", pane.screen())

    def test_beside_when_wide_below_when_narrow_with_alert_and_overage_colours(self):
        t = self.t
        t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "120",
             "--alert", "80", "--from", "2026-11-01")
        t.ok("retainer", "set", "beta", "--hours", "20", "--fee", "1000", "--overage-rate", "100",
             "--from", "2026-11-01")
        t.ok("add", "acme", "2026-11-24", "10h15m")
        t.ok("add", "beta", "2026-11-24", "2h")
        pane = self.open()
        s = pane.wait("Retainers")
        lines = s.split("\n")
        row = next(l for l in lines if "Acme Corp" in l)
        self.assertIn("10:15/10:00 +0:15 over", row)
        self.assertRegex(row, r"^. acme ", "the panel is beside the grid at 120 columns")
        self.assertIn("2:00/20:00 18:00 left", s)
        colours = pane.screen(escapes=True)
        over = next(l for l in colours.split("\n") if "+0:15 over" in l)
        self.assertRegex(over, r"\x1b\[(?:[0-9;]*;)?31(?:;[0-9;]*)?m")  # red: overage
        pane.tmux("resize-window", "-t", "t", "-x", "80", "-y", "24")
        s = pane.wait(lambda s: "\n  Retainers" in s, what="the panel below the grid")
        below = s.split("\n  Retainers")[1]
        self.assertIn("Acme Corp", below)
        self.assertIn("+0:15 over", below)
        # Time added from the CLI moves the balance without a key.
        t.ok("add", "beta", "2026-11-25", "16h")
        pane.wait("18:00/20:00 2:00 left", timeout=2.0)
        alert = next(l for l in pane.screen(escapes=True).split("\n") if "18:00/20:00" in l)
        self.assertRegex(alert, r"\x1b\[(?:[0-9;]*;)?33(?:;[0-9;]*)?m")  # yellow: alert at 80 %

    def test_panel_shows_the_current_period_in_any_week(self):
        t = self.t
        t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate", "120",
             "--from", "2026-10-01")
        t.ok("add", "acme", "2026-10-05", "3h")
        t.ok("add", "acme", "2026-11-24", "4h")
        pane = self.open()
        pane.wait("4:00/10:00 6:00 left")
        # Weeks back in October: the grid moves, the panel stays on this month's balance.
        for _ in range(7):
            pane.keys("[")
        s = pane.wait(lambda s: "Week 41" in s and "4:00/10:00 6:00 left" in s,
                      what="week 41 on screen, the panel on this month")
        self.assertNotIn("3:00/10:00", s)


if __name__ == "__main__":
    unittest.main()
