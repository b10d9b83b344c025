#!/usr/bin/env python3
"""tock at scale: generate 10k, 100k and 1M entries of synthetic history (tests/bench/gen.c)
and time whole tock processes against each database — the median wall time of repeated
fork+exec runs and the peak RSS (wait4's ru_maxrss) — then print one table with the ratio
1M/10k and the targets. Where Timewarrior is installed, the same history (the bench user's
share) is written as its data files and `timew summary` is timed beside tock.

A third part (--only even runs it alone) asks what a large week costs: 1M entries of one user
spread evenly over 5 years and every client/project (gen --even), so that one week holds ~3,850
ranges in ~1,000 rows. tock's week and month are timed against a bare-sqlite reader of the same
rows (tests/bench/floor.c) and `timew summary` with TZ set and unset, interleaved and pinned to
one CPU (taskset).

Everything is written under one temporary folder, removed at the end (--keep keeps it).
"""
import argparse
import datetime
import fcntl
import os
import pty
import pwd
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

NOW = "2026-11-19T16:00:00"          # a Thursday afternoon: the week holds 3½ days
TZ = "Europe/Berlin"
WEEK = ("2026-11-16", "2026-11-22")  # the week of NOW
MONTH = ("2026-10-01", "2026-10-31")  # the last whole month
PERIOD = "2026-10"
BUSY = "acme"                          # the generator's busiest client
# The evenly spread history: 5 years up to a Sunday evening, so its last week is whole.
EVEN_NOW = "2026-11-29T20:00:00"
EVEN_WEEK = ("2026-11-23", "2026-11-29")
EVEN_MONTH = ("2026-11-01", "2026-11-30")
EVEN_TARGETS = {"week": 5.0, "month": 15.0, "TUI first paint": 10.0, "TUI week-to-week": 5.0}
EVEN_FLOOR_RATIO = 1.5
EVEN_TIMEW_RATIO = 4.0
RECENT = "2026-07-01"  # 1M*: from here on as busy as the smallest database (covers Q3's rollover)

# metric -> target at the largest size in ms; None: no target
TARGETS = {
    "status": 3.0,
    "week --json": 10.0,
    "log --json (month)": None,
    "retainer --json": 30.0,
    "invoice preview (month)": 30.0,
    "report profit (year)": 100.0,
    "export (month)": None,
    "__complete start (every client)": 10.0,
    "TUI first paint": 30.0,
    "TUI key-to-redraw": 5.0,
    "team week --json": 10.0,            # issue 17: 20 users' weeks, billed
    "approvals view first paint": 30.0,  # issue 17: a lead's A, from the key to the last byte
}
RSS_TARGET_MB = 12.0
RATIO_TARGET = 1.3


def human(n):
    if n >= 1000000 and n % 1000000 == 0:
        return f"{n // 1000000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


class Runner:
    def __init__(self, tock, spawn, root, runs):
        self.tock = tock
        self.spawn = spawn
        self.root = root
        self.runs = runs
        home = os.path.join(root, "home")
        os.makedirs(home, exist_ok=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "TZ": TZ,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "XDG_DATA_HOME": os.path.join(home, ".local/share"),
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_STATE_HOME": os.path.join(home, ".local/state"),
            "TOCK_NOW": NOW,
        }

    def sample(self, argv, env, runs, warmup=1):
        """Wall milliseconds of each of `runs` runs, and the peak RSS in MB."""
        p = subprocess.run([self.spawn, str(runs), str(warmup), *argv], env=env,
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"{argv}: {p.stderr.strip()}")
        times, rss = p.stdout.split("\n")[:2]
        return [float(t) / 1000 for t in times.split()], int(rss) / 1024

    def measure(self, argv, env, runs=None):
        """Median wall milliseconds over runs (after 3 warm-ups) and the peak RSS in MB, from
        the small C helper (tests/bench/spawn.c) that forks and execs each run."""
        runs = runs or self.runs
        p = subprocess.run([self.spawn, str(runs), "3", *argv], env=env, capture_output=True,
                           text=True)
        if p.returncode != 0:
            raise RuntimeError(f"{argv}: {p.stderr.strip()}")
        times, rss = p.stdout.split("\n")[:2]
        return statistics.median(float(t) for t in times.split()) / 1000, int(rss) / 1024

    def tock_env(self, db):
        e = dict(self.env)
        e["TOCK_DB"] = db
        return e

    def available(self, *cmd):
        p = subprocess.run([self.tock, *cmd, "--help"], env=self.env, capture_output=True)
        return p.returncode == 0

    def output(self, argv, env):
        p = subprocess.run(argv, env=env, capture_output=True)
        if p.returncode != 0:
            raise RuntimeError(f"{argv}: {p.stderr.decode(errors='replace').strip()}")
        return p.stdout


# ---- the TUI in a pseudo-terminal ----

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")


def screen_text(buf):
    return ANSI.sub(b" ", buf).decode("utf-8", errors="replace")


def read_until(fd, pattern, timeout):
    """Reads fd until pattern (a regex on the text without escapes) matches: the seconds it
    took (None on timeout or exit) and what was read."""
    buf = b""
    t0 = time.perf_counter()
    while True:
        left = timeout - (time.perf_counter() - t0)
        if left <= 0:
            return None, buf
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return None, buf
        if not chunk:
            return None, buf
        buf += chunk
        if pattern.search(screen_text(buf)):
            return time.perf_counter() - t0, buf


def until_quiet(fd, t0, quiet=0.1, limit=2.0):
    """After a key: the seconds from t0 to the last byte of the redraw, or None if nothing
    changed. Curses sends only the cells that changed ("Week 47" becomes a lone "8"), so
    the output is read as a stream: the redraw is over when it stops for `quiet`."""
    last, buf = None, b""
    while time.perf_counter() - t0 < limit:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
        last = time.perf_counter()
    return last - t0 if last is not None and buf else None


def drain(fd, quiet=0.15, limit=2.0):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def tui_once(runner, db, week_no, next_key, env=None, cpu=None):
    """Starts tock in a 40x120 pty: (first paint s, key-to-redraw s or None, rss KiB), or a
    reason string when there is no full-screen grid to measure."""
    env = dict(env or runner.tock_env(db))
    env["TERM"] = "xterm-256color"
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            if cpu is not None:
                os.sched_setaffinity(0, {cpu})
            os.execve(runner.tock, [runner.tock], env)
        finally:
            os._exit(127)
    first, buf = read_until(fd, re.compile(rf"Week {week_no}\b"), 5.0)
    if first is not None:
        first = time.perf_counter() - t0
    redraw = None
    fullscreen = b"\x1b[" in buf
    if first is not None and fullscreen:
        drain(fd)
        t1 = time.perf_counter()
        os.write(fd, next_key.encode())
        redraw = until_quiet(fd, t1)
    hwm = peak_rss_kib(pid)  # while it runs: an exited process has no VmHWM
    if first is not None and fullscreen:
        os.write(fd, b"q")
        drain(fd, 0.1, 1.0)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    if first is None or not fullscreen:
        text = screen_text(buf).strip().splitlines()
        return f"`tock` opens no full-screen grid yet ({text[0][:70] if text else 'no output'})"
    return first, redraw, hwm


def approvals_once(runner, db, week_no, env=None):
    """A lead's approvals view (issue 17): tock starts on the grid in a 40x120 pty, and `A`
    opens the view. (seconds from the key to the view's last byte, rss KiB), or a reason."""
    env = dict(env or runner.tock_env(db))
    env["TERM"] = "xterm-256color"
    pid, fd = pty.fork()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            os.execve(runner.tock, [runner.tock], env)
        finally:
            os._exit(127)
    first, _ = read_until(fd, re.compile(rf"Week {week_no}\b"), 5.0)
    paint, seen = None, b""
    if first is not None:
        drain(fd)
        t1 = time.perf_counter()
        os.write(fd, b"A")
        # Curses sends only the cells that change: the view has painted when its title is
        # there and the output stops (the time of its last byte).
        while time.perf_counter() - t1 < 5.0:
            r, _, _ = select.select([fd], [], [], 0.1)
            if not r:
                if b"Approvals" in seen:
                    break
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            paint = time.perf_counter() - t1
    hwm = peak_rss_kib(pid)
    if first is not None:
        os.write(fd, b"q")
        drain(fd, 0.1, 1.0)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    if first is None:
        return "`tock` opens no full-screen grid"
    if b"Approvals" not in seen:
        return "`A` opened no approvals view: " + screen_text(seen).strip()[:70]
    return paint, hwm


def measure_approvals(runner, db, week_no, runs=None):
    paints, rss = [], 0
    for _ in range(runs or max(5, runner.runs // 3)):
        r = approvals_once(runner, db, week_no)
        if isinstance(r, str):
            return r
        paints.append(r[0])
        rss = max(rss, r[1])
    return statistics.median(paints) * 1000, rss / 1024


def peak_rss_kib(pid):
    """The process's own high-water mark (not wait4's, which starts at the Python parent's)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure_tui(runner, db, week_no, next_key, env=None, cpu=None, runs=None):
    # This process reads the pty while tock draws. On tock's own CPU it took turns with it:
    # the first paint read ~8 ms or ~11 ms from one start to the next. So it waits on the
    # other CPUs (when there are others), as spawn.c sleeps in wait4 beside a command.
    mine = os.sched_getaffinity(0)
    if cpu is not None and mine - {cpu}:
        os.sched_setaffinity(0, mine - {cpu})
    try:
        return tui_runs(runner, db, week_no, next_key, env, cpu, runs)
    finally:
        os.sched_setaffinity(0, mine)


def tui_runs(runner, db, week_no, next_key, env, cpu, runs):
    firsts, redraws, rss = [], [], 0
    # Warmed up as every command here is (spawn's warm-ups): the first start after the
    # commands before it stores what they did not (the panel's standings), once.
    for _ in range(2):
        tui_once(runner, db, week_no, next_key, env, cpu)
    for _ in range(runs or max(5, runner.runs // 3)):
        r = tui_once(runner, db, week_no, next_key, env, cpu)
        if isinstance(r, str):
            return r
        firsts.append(r[0])
        if r[1] is not None:
            redraws.append(r[1])
        rss = max(rss, r[2])
    first = statistics.median(firsts) * 1000
    redraw = statistics.median(redraws) * 1000 if redraws else None
    return first, redraw, rss / 1024


# ---- Timewarrior ----

def measure_timew(runner, twdir):
    timew = shutil.which("timew")
    if not timew or not os.path.isdir(twdir):
        return None
    env = dict(runner.env)
    env["TIMEWARRIORDB"] = twdir
    week = [timew, "summary", WEEK[0], "-", "2026-11-23"]
    month = [timew, "summary", MONTH[0], "-", "2026-11-01"]
    runner.output(week, env)
    runs = max(5, runner.runs // 3)
    return {"timew summary (week)": runner.measure(week, env, runs),
            "timew summary (month)": runner.measure(month, env, runs)}


def iso_week(day):
    return datetime.date.fromisoformat(day).isocalendar()[1]


def bench_size(runner, gen, n, me, args, recent_entries=None, label=None):
    d = os.path.join(runner.root, f"db{n}" + ("-same" if recent_entries else ""))
    os.makedirs(d)
    db = os.path.join(d, "tock.db")
    twdir = os.path.join(d, "timew")
    cmd = [gen, "--db", db, "--entries", str(n), "--now", NOW, "--me", me]
    if recent_entries:
        cmd += ["--recent-from", RECENT, "--recent-entries", str(recent_entries)]
    if shutil.which("timew") and not recent_entries:
        cmd += ["--timew", twdir]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, env=runner.env, capture_output=True, text=True)
    gen_s = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(f"bench: the generator failed: {out.stderr.strip()}")
    info = dict(kv.split("=") for kv in out.stdout.split())
    size_mb = os.path.getsize(db) / 1e6
    env = runner.tock_env(db)
    T = runner.tock
    commands = {
        "status": [T, "status"],
        "week --json": [T, "week", "--json"],
        "log --json (month)": [T, "log", "--from", MONTH[0], "--to", MONTH[1], "--json"],
    }
    if runner.available("retainer"):
        commands["retainer --json"] = [T, "retainer", "--json"]
    if runner.available("invoice", "preview"):
        commands["invoice preview (month)"] = [T, "invoice", "preview", BUSY, "--period", PERIOD,
                                               "--json"]
    if runner.available("report", "profit"):   # issue 18: a year of every client, by month
        commands["report profit (year)"] = [T, "report", "profit", "--from", "2025-11-01",
                                            "--to", "2026-10-31", "--by", "month", "--json"]
    if runner.available("team", "week"):
        # Issue 17: a lead's view of every member's week (20 users), goal 10 ms at 1M entries.
        commands["team week --json"] = [T, "team", "week", "--json"]
    # What a shell's Tab runs: every client and project key.
    commands["__complete start (every client)"] = [T, "__complete", "start", ""]
    if runner.available("export"):
        commands["export (month)"] = [T, "export", "--from", MONTH[0], "--to", MONTH[1]]
    res, sizes = {}, {}
    for name, argv in commands.items():
        sizes[name] = len(runner.output(argv, env))
    if args.no_tui:
        res["TUI first paint"] = res["TUI key-to-redraw"] = "not measured (--no-tui)"
    else:
        tui = measure_tui(runner, db, iso_week(WEEK[0]), args.next_key)
        if isinstance(tui, str):
            res["TUI first paint"] = res["TUI key-to-redraw"] = tui
        else:
            res["TUI first paint"] = (tui[0], tui[2])
            res["TUI key-to-redraw"] = (tui[1], tui[2]) if tui[1] is not None else \
                f"the key {args.next_key!r} changed nothing on screen"
    if not args.no_tui and runner.available("team", "week"):
        res["approvals view first paint"] = measure_approvals(runner, db, iso_week(WEEK[0]))
    tw = None if recent_entries else measure_timew(runner, twdir)
    return {"n": n, "label": label or human(n), "commands": commands, "env": env, "gen_s": gen_s, "mine": int(info.get("mine", 0)), "size_mb": size_mb,
            "res": res, "bytes": sizes, "timew": tw}


def measure_interleaved(runner, runs):
    """Times every command on every database in rounds that take turns, so a burst of load
    from elsewhere on the machine weighs on all sizes alike: the ratios stay fair."""
    names = []
    for r in runs:
        names += [k for k in r["commands"] if k not in names]
    rounds, per = 8, max(1, runner.runs // 8)
    for name in names:
        have = [r for r in runs if name in r["commands"]]
        times = {id(r): [] for r in have}
        rss = {id(r): 0.0 for r in have}
        for _ in range(rounds):
            for r in have:
                t, m = runner.sample(r["commands"][name], r["env"], per)
                times[id(r)] += t
                rss[id(r)] = max(rss[id(r)], m)
        for r in have:
            r["res"][name] = (statistics.median(times[id(r)]), rss[id(r)])
        print(f"  {name:<26} " + "  ".join(f"{r['label']} {r['res'][name][0]:.2f} ms"
                                             for r in have), file=sys.stderr)


def count_instructions(runs):
    """Instructions each command executes (valgrind's callgrind): the same count whatever
    else the machine does, so the ratios between sizes can be read without noise."""
    vg = shutil.which("valgrind")
    if not vg:
        return None
    out = {}
    for r in runs:
        for name, argv in r["commands"].items():
            p = subprocess.run([vg, "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                               env=r["env"], capture_output=True, text=True)
            m = re.search(r"refs:\s+([\d,]+)", p.stderr)
            if p.returncode == 0 and m:
                out[(r["label"], name)] = int(m.group(1).replace(",", ""))
    return out


def instruction_table(runs, counts):
    first = runs[0]
    others = runs[1:]
    head = ["instructions (millions)"] + [r["label"] for r in runs] + \
        [f"{r['label']}/{first['label']}" for r in others]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    names = []
    for r in runs:
        names += [k for k in r["commands"] if k not in names]
    for name in names:
        c = [counts.get((r["label"], name)) for r in runs]
        row = [name] + [f"{x / 1e6:.1f}" if x else "n/a" for x in c]
        row += [f"{x / c[0]:.2f}" if x and c[0] else "n/a" for x in c[1:]]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def fmt_ms(v):
    return "n/a" if v is None else f"{v:.2f}"


def table(results, floor, same=None, counts=None):
    """The main table. The ratio that decides "ok" is the one that shows what the database's
    size costs: the same rows from a larger database (1M*/10k), counted in instructions when
    valgrind is there (wall time on a shared machine is noisy), else in wall time."""
    first, last = results[0], results[-1]
    counts = counts or {}
    runs = results + ([same] if same else [])
    cols = [r["label"] for r in runs]
    big, small = last["label"], first["label"]
    head = ["metric"] + [f"{c} (ms)" for c in cols] + [f"{big}/{small}"]
    if same:
        head.append(f"{same['label']}/{small}")
    if same and counts:
        head.append(f"{same['label']}/{small} instructions")
    head += [f"target at {big}", "ok"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    names = list(TARGETS)
    for r in runs:
        names += [k for k in r["res"] if k not in names]
    verdicts, notes = [], []

    def ms_of(r, name):
        v = r["res"].get(name) if r else None
        return v[0] if isinstance(v, tuple) else None

    for name in names:
        vals = [r["res"].get(name) for r in runs]
        ms = [ms_of(r, name) for r in runs]
        if any(m is None for m in ms):
            why = next((v for v in vals if isinstance(v, str)),
                       "the command is not on this branch yet (`--help` failed)")
            notes.append(f"{name}: n/a — {why}")
        m0, m1, ms_same = ms_of(first, name), ms_of(last, name), ms_of(same, name)
        raw = m1 / m0 if m0 and m1 else None
        fair = ms_same / m0 if m0 and ms_same else None
        tgt = TARGETS.get(name)
        ok = []
        if m1 is not None and tgt is not None:
            ok.append(m1 <= tgt)
        c0 = counts.get((first["label"], name))
        cs = counts.get((same["label"], name)) if same else None
        instr = cs / c0 if c0 and cs else None
        ratio = instr if instr is not None else fair if same else raw
        if ratio is not None:
            ok.append(ratio <= RATIO_TARGET)
        verdict = "n/a" if not ok else ("yes" if all(ok) else "NO")
        verdicts.append((name, verdict))
        row = [name] + [fmt_ms(m) for m in ms] + ["n/a" if raw is None else f"{raw:.2f}"]
        if same:
            row.append("n/a" if fair is None else f"{fair:.2f}")
        if same and counts:
            row.append("n/a" if instr is None else f"{instr:.2f}")
        row += ["—" if tgt is None else f"≤ {tgt:g} ms", verdict]
        lines.append("| " + " | ".join(row) + " |")
    rss = [max(v[1] for v in r["res"].values() if isinstance(v, tuple)) for r in runs]
    raw = rss[len(results) - 1] / rss[0]
    fair = rss[-1] / rss[0] if same else raw
    ok = max(rss) <= RSS_TARGET_MB and fair <= RATIO_TARGET
    lines.append("| peak RSS, any command (MB) | " + " | ".join(f"{x:.1f}" for x in rss) +
                 f" | {raw:.2f} |" + (f" {fair:.2f} |" if same else "") +
                 (" |" if same and counts else "") +
                 f" ≤ {RSS_TARGET_MB:g} MB | {'yes' if ok else 'NO'} |")
    verdicts.append(("peak RSS", "yes" if ok else "NO"))
    lines.append("| exec floor: /bin/true | " + " | ".join(f"{floor:.2f}" for _ in runs) +
                 " |" + " |" * (len(head) - len(runs) - 1))
    lines += ["", "| database | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    lines.append("| entries (the bench user's) | " +
                 " | ".join(f"{r['n']} ({r['mine']})" for r in runs) + " |")
    lines.append("| file size (MB) | " + " | ".join(f"{r['size_mb']:.0f}" for r in runs) + " |")
    lines.append("| generated in (s) | " + " | ".join(f"{r['gen_s']:.1f}" for r in runs) + " |")
    for name in last["bytes"]:
        lines.append(f"| output of {name} (bytes) | " +
                     " | ".join(str(r["bytes"].get(name, "")) for r in runs) + " |")
    if any(r["timew"] for r in results):
        cols = [r["label"] for r in results]
        lines += ["", "| same history, same run | " + " | ".join(f"{c} (ms)" for c in cols) + " |",
                  "|---|" + "---|" * len(cols)]
        pairs = [("tock week --json", "week --json"), ("timew summary (week)", None),
                 ("tock log --json (month)", "log --json (month)"), ("timew summary (month)", None)]
        for label, key in pairs:
            cells = []
            for r in results:
                v = r["res"].get(key) if key else (r["timew"] or {}).get(label)
                cells.append(f"{v[0]:.2f} ({v[1]:.1f} MB)" if isinstance(v, tuple) else "n/a")
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if notes:
        lines.append("")
        lines += [f"- {n}" for n in notes]
    return "\n".join(lines), verdicts


# ---- a large week: the evenly spread history ----

def bench_even(runner, gen, floor, me, args):
    """Generates the evenly spread 1M history and returns (markdown, verdicts)."""
    d = os.path.join(runner.root, "even")
    os.makedirs(d)
    db = os.path.join(d, "tock.db")
    twdir = os.path.join(d, "timew")
    timew = shutil.which("timew")
    cmd = [gen, "--db", db, "--entries", str(args.even_entries), "--now", EVEN_NOW, "--me", me,
           "--even"]
    if timew:
        cmd += ["--timew", twdir]
    print(f"bench: even {human(args.even_entries)}: generating", file=sys.stderr)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, env=runner.env, capture_output=True, text=True)
    gen_s = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(f"bench: the generator failed: {out.stderr.strip()}")
    env = runner.tock_env(db)
    env["TOCK_NOW"] = EVEN_NOW
    T = runner.tock
    week_end = (datetime.date.fromisoformat(EVEN_WEEK[1]) + datetime.timedelta(1)).isoformat()
    month_end = (datetime.date.fromisoformat(EVEN_MONTH[1]) + datetime.timedelta(1)).isoformat()
    # (row, column) -> (argv, env)
    cells = {
        ("week", "tock"): ([T, "week", EVEN_WEEK[0], "--json"], env),
        ("month", "tock"): ([T, "log", "--from", EVEN_MONTH[0], "--to", EVEN_MONTH[1], "--json"],
                            env),
    }
    if floor:
        cells[("week", "floor")] = ([floor, db, me, EVEN_WEEK[0], EVEN_WEEK[1]], env)
        cells[("month", "floor")] = ([floor, db, me, EVEN_MONTH[0], EVEN_MONTH[1]], env)
    if timew:
        tw_set = dict(runner.env)
        tw_set["TIMEWARRIORDB"] = twdir
        tw_unset = {k: v for k, v in tw_set.items() if k != "TZ"}
        for col, e in (("timew TZ set", tw_set), ("timew TZ unset", tw_unset)):
            cells[("week", col)] = ([timew, "summary", EVEN_WEEK[0], "-", week_end], e)
            cells[("month", col)] = ([timew, "summary", EVEN_MONTH[0], "-", month_end], e)
    sizes = {}
    for key, (argv, e) in cells.items():
        sizes[key] = len(runner.output(argv, e))
    pin = ["taskset", "-c", str(args.cpu)] if shutil.which("taskset") else []
    # Interleaved: every round runs every cell a few times, so load from elsewhere on the
    # machine weighs on tock, the floor and Timewarrior alike.
    rounds, per = 8, max(1, runner.runs // 8)
    times = {k: [] for k in cells}
    rss = {k: 0.0 for k in cells}
    print(f"bench: even: timing {len(cells)} commands in {rounds} rounds, pinned to CPU "
          f"{args.cpu if pin else '(no taskset)'}", file=sys.stderr)
    for _ in range(rounds):
        for key, (argv, e) in cells.items():
            p = subprocess.run(pin + [runner.spawn, str(per), "1", *argv], env=e,
                               capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"{argv}: {p.stderr.strip()}")
            t, m = p.stdout.split("\n")[:2]
            times[key] += [float(x) / 1000 for x in t.split()]
            rss[key] = max(rss[key], int(m) / 1024)
    res = {k: (statistics.median(v), rss[k]) for k, v in times.items()}
    if not args.no_tui:
        print("bench: even: the TUI", file=sys.stderr)
        tui = measure_tui(runner, db, iso_week(EVEN_WEEK[0]), args.prev_key, env, args.cpu,
                          max(9, runner.runs // 2))
        if isinstance(tui, tuple):
            res[("TUI first paint", "tock")] = (tui[0], tui[2])
            if tui[1] is not None:
                res[("TUI week-to-week", "tock")] = (tui[1], tui[2])
    counts = {}
    vg = shutil.which("valgrind")
    if vg and not args.no_instructions:
        for key in (("week", "tock"), ("month", "tock"), ("week", "floor")):
            if key in cells:
                argv, e = cells[key]
                p = subprocess.run([vg, "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                                   env=e, capture_output=True, text=True)
                m = re.search(r"refs:\s+([\d,]+)", p.stderr)
                if p.returncode == 0 and m:
                    counts[key] = int(m.group(1).replace(",", ""))
    return even_table(res, sizes, counts, gen_s)


def even_table(res, sizes, counts, gen_s):
    cols = ["tock", "floor", "timew TZ set", "timew TZ unset"]
    lines = [f"evenly spread {EVEN_WEEK[0]} week and {EVEN_MONTH[0][:7]} month "
             f"(TOCK_NOW={EVEN_NOW}, generated in {gen_s:.0f} s); ms, median, pinned to one CPU, "
             "peak RSS in brackets", "",
             "| | tock | bare sqlite (floor.c) | Timewarrior (TZ set) | Timewarrior (TZ unset) "
             "| target | ok |", "|---|---|---|---|---|---|---|"]
    verdicts = []
    labels = {"week": "week (`tock week --json` / `timew summary` of the week)",
              "month": "month (`tock log --json` / `timew summary` of the month)",
              "TUI first paint": "TUI first paint of the week",
              "TUI week-to-week": "TUI week-to-week (`[`)"}
    for row, label in labels.items():
        if (row, "tock") not in res:
            continue
        cells = []
        for c in cols:
            v = res.get((row, c))
            cells.append(f"{v[0]:.2f} ({v[1]:.1f} MB)" if v else "—")
        tock = res[(row, "tock")][0]
        ok = [tock <= EVEN_TARGETS[row], res[(row, "tock")][1] <= RSS_TARGET_MB]
        tgt = [f"≤ {EVEN_TARGETS[row]:g} ms"]
        fl = res.get((row, "floor"))
        if row == "week" and fl:
            ok.append(tock <= EVEN_FLOOR_RATIO * fl[0])
            tgt.append(f"≤ {EVEN_FLOOR_RATIO:g}× floor ({tock / fl[0]:.2f}×)")
        tw = res.get((row, "timew TZ set"))
        if tw:
            ok.append(tw[0] >= EVEN_TIMEW_RATIO * tock)
            tgt.append(f"timew ≥ {EVEN_TIMEW_RATIO:g}× ({tw[0] / tock:.1f}×)")
        verdict = "yes" if all(ok) else "NO"
        verdicts.append((f"even {row}", verdict))
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {', '.join(tgt)} | {verdict} |")
    lines += ["", "| output (bytes) | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for row in ("week", "month"):
        lines.append(f"| {row} | " + " | ".join(str(sizes.get((row, c), "—")) for c in cols) + " |")
    if counts:
        lines += ["", "| instructions (millions) | " + " | ".join(
            f"{r} {c}" for r, c in counts) + " |", "|---|" + "---|" * len(counts)]
        lines.append("| | " + " | ".join(f"{v / 1e6:.1f}" for v in counts.values()) + " |")
    return "\n".join(lines), verdicts


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True, help="the tock binary")
    ap.add_argument("--gen", required=True, help="the generator (tests/bench/gen.c)")
    ap.add_argument("--spawn", required=True, help="the process timer (tests/bench/spawn.c)")
    ap.add_argument("--floor", help="the bare-sqlite reader (tests/bench/floor.c)")
    ap.add_argument("--only", choices=["sizes", "even"],
                    help="run only the sizes (10k…1M*) or only the evenly spread history")
    ap.add_argument("--even-entries", type=int, default=1000000)
    ap.add_argument("--cpu", type=int, default=0, help="the CPU the even part is pinned to")
    ap.add_argument("--prev-key", default="[", help="the TUI's previous-week key")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=40,
                    help="timed runs per command and database (in 8 interleaved rounds)")
    ap.add_argument("--next-key", default="]", help="the TUI's next-week key")
    ap.add_argument("--no-tui", action="store_true")
    ap.add_argument("--no-instructions", action="store_true",
                    help="skip counting instructions under valgrind")
    ap.add_argument("--no-same-rows", action="store_true",
                    help="skip the largest database with the smallest one's recent months")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--markdown", help="also write the table to this file")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    root = tempfile.mkdtemp(prefix="tock-bench-")
    me = pwd.getpwuid(os.getuid()).pw_name
    try:
        runner = Runner(os.path.abspath(args.bin), os.path.abspath(args.spawn), root, args.runs)
        even_text, even_verdicts = "", []
        if args.only != "sizes":
            even_text, even_verdicts = bench_even(
                runner, os.path.abspath(args.gen),
                os.path.abspath(args.floor) if args.floor else None, me, args)
        if args.only == "even":
            footer = "targets missed: " + (", ".join(n for n, v in even_verdicts if v == "NO")
                                           or "none")
            print()
            print(even_text)
            print()
            print(footer)
            if args.markdown:
                with open(args.markdown, "w") as f:
                    f.write(even_text + "\n\n" + footer + "\n")
            return
        floor, _ = runner.measure(["/bin/true"], runner.env)
        results = []
        for n in sizes:
            print(f"bench: {human(n)} entries", file=sys.stderr)
            results.append(bench_size(runner, os.path.abspath(args.gen), n, me, args))
        same = None
        if len(sizes) > 1 and not args.no_same_rows:
            # The largest size again, with the months since RECENT as busy as at the smallest:
            # the same work on screen (week, month, retainer periods) on a 100 times longer
            # past. What this costs over the smallest is what the history costs.
            label = f"{human(sizes[-1])}*"
            print(f"bench: {label} entries, the months since {RECENT} as at {human(sizes[0])}",
                  file=sys.stderr)
            same = bench_size(runner, os.path.abspath(args.gen), sizes[-1], me, args, sizes[0],
                              label)
        measure_interleaved(runner, results + ([same] if same else []))
        everything = results + ([same] if same else [])
        counts = None
        if not args.no_instructions:
            print("bench: counting instructions (callgrind)", file=sys.stderr)
            counts = count_instructions(everything)
        text, verdicts = table(results, floor, same, counts)
        if counts:
            text += "\n\n" + instruction_table(everything, counts)
        cpu = ""
        try:
            cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                       if l.startswith("model name"))
        except (OSError, StopIteration):
            pass
        header = (f"tock benchmark — {os.cpu_count()} CPUs ({cpu}), TZ={TZ}, TOCK_NOW={NOW}, "
                  f"median of {args.runs // 8 * 8} runs of the whole process (spawn to exit, wall time), "
                  f"taken in 8 rounds that alternate between the databases\n")
        if even_text:
            text += "\n\n" + even_text
        missed = [n for n, v in verdicts + even_verdicts if v == "NO"]
        footer = "targets missed: " + (", ".join(missed) if missed else "none")
        print()
        print(header)
        print(text)
        print()
        print(footer)
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(header + "\n" + text + "\n\n" + footer + "\n")
    finally:
        if args.keep:
            print(f"bench: kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
