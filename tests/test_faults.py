"""Fault injection: kill -9 in the middle of writes, writers at once, a full disk, a read-only,
damaged or foreign database, an unreadable config, odd terminals and locales. Each fault ends
in one clear line and exit 1 with the data on disk unchanged, or loses nothing.

`make test` runs these at a small scale; `make stress` runs them with TOCK_STRESS=1 (hundreds
of kills, longer concurrent writing)."""
import datetime
import hashlib
import os
import pty
import random
import resource
import select
import shutil
import signal
import sqlite3
import subprocess
import threading
import time

from test_foundation import db_digest
from tockenv import BIN, Tock, TockCase

STRESS = os.environ.get("TOCK_STRESS") == "1"
IS_ROOT = os.geteuid() == 0


def file_digest(*paths):
    """The bytes of the files among paths that exist and are not empty (an empty -wal comes
    and goes with whoever opened the database last)."""
    h = hashlib.sha256()
    for p in paths:
        if os.path.exists(p) and os.path.getsize(p) > 0:
            with open(p, "rb") as f:
                h.update(p.encode() + b"\0" + f.read())
    return h.hexdigest()


db_rows = db_digest  # every row of every table: what tock would read


def integrity(path):
    con = sqlite3.connect(path)
    r = con.execute("PRAGMA integrity_check").fetchall()
    fk = con.execute("PRAGMA foreign_key_check").fetchall()
    con.close()
    return r, fk


def stamp(base, minutes):
    """TOCK_NOW `minutes` after base (a local 'YYYY-MM-DDTHH:MM')."""
    t = time.mktime(time.strptime(base, "%Y-%m-%dT%H:%M")) + minutes * 60
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(t))


class KillTest(TockCase):
    """kill -9 at random moments of adds, starts and stops: every change is all or nothing."""
    now = "2026-11-23T09:00:00"

    def setUp(self):
        super().setUp()
        os.environ["TZ"] = self.tz
        time.tzset()
        self.t.ok("client", "add", "acme")
        self.t.ok("client", "add", "beta")

    def timer(self, now):
        st = self.t.json("status", now=now)
        return (st["client"], st["started"]) if st["running"] else None

    def test_kill_9_loses_nothing_that_succeeded(self):
        rng = random.Random(1234)
        n = 1000 if STRESS else 40
        added = {}          # note -> True when the add reported success
        maybe = set()       # notes of adds that were killed
        stops_ok = 0
        state = self.timer(stamp("2026-11-23T09:00", 0))
        killed = 0
        for i in range(n):
            now = stamp("2026-11-23T09:00", 10 * (i + 1))
            op = rng.choice(["add", "add", "start", "stop"])
            if op == "add":
                # One slot per add, on days before the timer's: never an overlap.
                day = 400 + i // 20
                start = (i % 20) * 30
                args = ["add", "beta", f"-{day}d", f"{start // 60:02d}:{start % 60:02d}-"
                        f"{start // 60:02d}:{start % 60 + 20:02d}", "-m", f"k{i}"]
                d = time.strftime("%Y-%m-%d", time.localtime(
                    time.mktime(time.strptime("2026-11-23", "%Y-%m-%d")) - day * 86400))
                args[2] = d
            elif op == "start":
                args = ["start", rng.choice(["acme", "beta"])]
            else:
                args = ["stop"]
            p = self.t.popen(*args, now=now, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0, 0.006))
            p.send_signal(signal.SIGKILL)
            _, err = p.communicate()
            done = p.returncode == 0
            killed += p.returncode == -signal.SIGKILL
            if p.returncode not in (0, -signal.SIGKILL):
                # A stop with no timer is a user error; nothing else may fail.
                self.assertEqual(op, "stop", f"{args}: rc={p.returncode} {err!r}")
                self.assertIn(b"no timer is running", err)
            if op == "add":
                (added if done else {}).__setitem__(f"k{i}", True)
                if not done:
                    maybe.add(f"k{i}")
            else:
                after = self.timer(now)
                if op == "start":
                    if done:
                        self.assertEqual(after[0] if after else None, args[1])
                    else:
                        self.assertIn(after[0] if after else None,
                                      [state[0] if state else None, args[1]])
                else:
                    if done:
                        self.assertIsNone(after)
                        stops_ok += 1
                    else:
                        self.assertIn(after, [state, None])
                state = after
        self.assertGreater(killed, 0, "no process was killed: the test proves nothing")
        if STRESS:
            print(f"\n  kill -9: {killed} of {n} commands killed part-way", end=" ")
        r, fk = integrity(self.t.db)
        self.assertEqual(r, [("ok",)])
        self.assertEqual(fk, [])
        log = self.t.json("log", "--from", "2024-01-01", "--to", "2026-12-31")
        notes = {e["note"] for e in log}
        for note in added:
            self.assertIn(note, notes, f"entry {note} was reported added but is gone")
        self.assertTrue(notes <= set(added) | maybe | {""}, notes - set(added) - maybe)
        # A stop is atomic: the timer row and the entry it becomes go together. Every stopped
        # timer produced an entry without a note (adds always have one).
        self.assertGreaterEqual(sum(1 for e in log if e["note"] == ""), stops_ok)


class ConcurrencyTest(TockCase):
    """Four processes writing at once: no busy error reaches anyone, nothing is lost."""

    def test_four_writers_and_readers(self):
        self.t.ok("client", "add", "acme")
        per = 150 if STRESS else 12
        failures = []

        def writer(w):
            for i in range(per):
                day = (datetime.date(2024, 1, 1) + datetime.timedelta(w * per + i)).isoformat()
                r = self.t.run("add", "acme", day, "09:00-10:00", "-m", f"w{w}-{i}")
                if r.rc != 0:
                    failures.append((w, i, r.err))

        def reader():
            for _ in range(per):
                for cmd in (["status"], ["week", "--json"], ["log", "--json"]):
                    r = self.t.run(*cmd)
                    if r.rc != 0:
                        failures.append(("reader", cmd, r.err))

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        threads.append(threading.Thread(target=reader))
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        self.assertEqual(failures, [])
        log = self.t.json("log", "--from", "2024-01-01", "--to", "2026-12-31")
        self.assertEqual(sorted(e["note"] for e in log),
                         sorted(f"w{w}-{i}" for w in range(4) for i in range(per)))
        self.assertEqual(integrity(self.t.db)[0], [("ok",)])


def open_up(top, path):
    """Lets another user reach path: every folder from top down to it becomes 0755."""
    d = os.path.dirname(path)
    while True:
        os.chmod(d, 0o755)
        if os.path.samefile(d, top) or d == "/":
            break
        d = os.path.dirname(d)


def _as_nobody():
    """preexec_fn: run the child as an unprivileged user (root ignores file modes)."""
    os.setgid(65534)
    os.setgroups([])
    os.setuid(65534)


class DiskAndFileTest(TockCase):
    """Disk full, read-only, damaged and foreign files: one line, exit 1, bytes untouched."""

    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme")
        self.t.ok("add", "acme", "2026-11-20", "1h", "-m", "before")

    def files(self):
        return [self.t.db, self.t.db + "-wal"]

    def assertUnchanged(self, before, rows):
        self.assertEqual(file_digest(*self.files()), before)
        self.assertEqual(db_rows(self.t.db), rows)

    def test_disk_full(self):
        before, rows = file_digest(*self.files()), db_rows(self.t.db)
        e = dict(self.t.env)
        # No file may grow past the limit: write() fails with EFBIG, as on a full disk, and
        # SIGXFSZ is ignored so the process sees it. At 8 KiB not even the shared-memory
        # index can be set up; at 40 KiB tock opens, but the change does not fit in the WAL.
        for limit in (8192, 40000):
            def full(limit=limit):
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            for args in (["add", "acme", "2026-11-21", "2h", "-m", "x" * 100000],
                         ["start", "acme", "-m", "y" * 100000]):
                p = subprocess.run([BIN, *args], env=e, capture_output=True, text=True,
                                   preexec_fn=full)
                self.assertEqual(p.returncode, 1, (limit, args[:3], p.stdout, p.stderr))
                self.assertEqual(p.stdout, "")
                self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
                self.assertRegex(p.stderr, "disk (is|may be) full")
                self.assertUnchanged(before, rows)
        self.assertEqual([x["note"] for x in self.t.json("log", "--from", "2026-11-01")],
                         ["before"])

    def test_read_only_database(self):
        before, rows = file_digest(*self.files()), db_rows(self.t.db)
        os.chmod(self.t.db, 0o444)
        if IS_ROOT:
            # Root writes to any file: run tock as nobody, who can read but not write it.
            open_up(self.t.dir, self.t.db)
            for p in self.files() + [self.t.db + "-shm"]:
                if os.path.exists(p):
                    os.chmod(p, 0o444)
            pre = _as_nobody
        else:
            pre = None
        for args in (["add", "acme", "2026-11-21", "2h"], ["start", "acme"]):
            p = subprocess.run([BIN, *args], env=self.t.env, capture_output=True, text=True,
                               preexec_fn=pre)
            self.assertUnchanged(before, rows)
            self.assertEqual(p.returncode, 1, p)
            self.assertEqual(p.stdout, "")
            self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
            self.assertIn("read-only", p.stderr)
            self.assertUnchanged(before, rows)

    def test_read_only_directory_of_a_new_database(self):
        d = os.path.join(self.t.dir, "locked")
        os.makedirs(d)
        os.chmod(d, 0o555)
        os.chmod(self.t.dir, 0o755)
        db = os.path.join(d, "tock.db")
        p = subprocess.run([BIN, "--db", db, "status"], env=self.t.env, capture_output=True,
                           text=True, preexec_fn=_as_nobody if IS_ROOT else None)
        self.assertEqual(p.returncode, 1, p)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
        self.assertIn("cannot open the database", p.stderr)
        self.assertEqual(os.listdir(d), [])

    def refused(self, path, contains):
        before = file_digest(path)
        for args in (["status"], ["add", "acme", "2026-11-21", "2h"], ["week"]):
            r = self.t.run("--db", path, *args)
            self.assertEqual(r.rc, 1, r)
            self.assertEqual(r.out, "")
            self.assertEqual(len(r.err.strip().splitlines()), 1, r)
            self.assertIn(contains, r.err)
            self.assertEqual(file_digest(path), before, f"{path} was written to")

    def test_random_bytes(self):
        p = os.path.join(self.t.dir, "random.db")
        with open(p, "wb") as f:
            f.write(random.Random(7).randbytes(50000))
        self.refused(p, "not a tock database")

    def test_sqlite_header_then_garbage(self):
        p = os.path.join(self.t.dir, "header.db")
        with open(p, "wb") as f:
            f.write(b"SQLite format 3\0" + random.Random(8).randbytes(8000))
        self.refused(p, "not a tock database")

    def test_damaged_pages(self):
        p = os.path.join(self.t.dir, "damaged.db")
        shutil.copy(self.t.db, p)
        size = os.path.getsize(p)
        with open(p, "r+b") as f:
            f.seek(4096)
            f.write(b"\xff" * (size - 4096))
        self.refused(p, "damaged")

    def test_truncated(self):
        p = os.path.join(self.t.dir, "cut.db")
        with open(self.t.db, "rb") as src, open(p, "wb") as dst:
            dst.write(src.read(3 * 4096 + 100))
        self.refused(p, "damaged")

    def test_foreign_and_newer(self):
        p = os.path.join(self.t.dir, "foreign.db")
        con = sqlite3.connect(p)
        con.execute("CREATE TABLE songs(title TEXT)")
        con.execute("INSERT INTO songs VALUES ('x')")
        con.commit()
        con.close()
        self.refused(p, "not a tock database")
        q = os.path.join(self.t.dir, "newer.db")
        shutil.copy(self.t.db, q)
        con = sqlite3.connect(q)
        con.execute("PRAGMA user_version = 999")
        con.commit()
        con.close()
        self.refused(q, "newer tock")

    def test_config_unreadable(self):
        # Root reads any file: a directory where the file should be is unreadable to all.
        d = os.path.join(self.t.env["XDG_CONFIG_HOME"], "tock", "config.ini")
        os.makedirs(d)
        before, rows = file_digest(*self.files()), db_rows(self.t.db)
        r = self.t.run("add", "acme", "2026-11-21", "2h")
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r)
        self.assertIn("config", r.err)
        os.rmdir(d)
        if IS_ROOT:
            path = self.t.config("[general]\nweek_start = monday\n", mode=0o000)
            open_up(self.t.dir, path)
            p = subprocess.run([BIN, "--db", "/nonexistent/never-opened.db", "status"],
                               env=self.t.env, capture_output=True, text=True,
                               preexec_fn=_as_nobody)
        else:
            path = self.t.config("[general]\nweek_start = monday\n", mode=0o000)
            p = subprocess.run([BIN, "status"], env=self.t.env, capture_output=True, text=True)
        self.assertEqual(p.returncode, 1, p)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
        self.assertIn("cannot read config", p.stderr)
        self.assertUnchanged(before, rows)


class TerminalTest(TockCase):
    """Odd terminals and locales."""

    def tui_exists(self):
        r = self.t.run()
        return "not built yet" not in r.out + r.err

    def test_no_terminal_or_dumb_terminal_is_refused(self):
        if not self.tui_exists():
            self.skipTest("`tock` without a command opens no TUI on this branch yet")
        r = self.t.run(input="")
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r)
        pid, fd = pty.fork()
        if pid == 0:
            env = dict(self.t.env, TERM="dumb")
            os.execve(BIN, [BIN], env)
        out = b""
        while True:
            ready, _, _ = select.select([fd], [], [], 5)
            if not ready:
                break
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        self.assertEqual(os.waitstatus_to_exitcode(status), 1, out)
        self.assertIn(b"terminal", out.lower())

    def test_c_locale_with_utf8_names(self):
        self.t.ok("client", "add", "müller", "--name", "Müller & Söhne")
        self.t.ok("project", "add", "müller/設計")
        self.t.ok("add", "müller/設計", "2026-11-23", "1h", "-m", "Besprechung mit Jürgen")
        self.t.ok("start", "müller/設計", "-m", "ünïcödé", now="2026-11-23T10:00:00")
        for loc in ({"LANG": "C", "LC_ALL": "C"}, {"LANG": "POSIX", "LC_ALL": ""},
                    {"LANG": "de_DE.ISO-8859-1", "LC_ALL": "de_DE.ISO-8859-1"}):
            env = dict(loc)
            for args in (["week"], ["week", "--json"], ["log"], ["status"], ["client", "list"],
                         ["project", "list"]):
                r = self.t.run(*args, env=env, now="2026-11-23T10:30:00")
                self.assertEqual(r.rc, 0, (loc, args, r))
                self.assertEqual(r.err, "", (loc, args, r))
            r = self.t.run("week", env=env, now="2026-11-23T10:30:00")
            self.assertIn("müller/設計", r.out)
            # Columns still line up: every line of the table is as wide as the header.
            import unicodedata

            def width(s):
                return sum(2 if unicodedata.east_asian_width(c) in "WF" else
                           0 if unicodedata.combining(c) else 1 for c in s)
            lines = r.out.splitlines()[1:]
            self.assertEqual(len({width(l.rstrip()) for l in lines[1:]} |
                                 {width(lines[0].rstrip())}), 1, r.out)
            self.assertEqual(self.t.run("status", env=env, now="2026-11-23T10:30:00").out,
                             "müller/設計 0:30\n")


class KillCampaignTest(TockCase):
    """Four writers (add, import, edit, rm, start/stop) and a reader at once, each writer's
    command killed -9 at a random moment half of the time: every acknowledged write is in the
    database exactly once, an import is all or nothing, and the file stays sound."""

    def test_kill_9_campaign_four_writers_and_a_reader(self):
        cycles = 250 if STRESS else 12  # per writer
        self.t.ok("client", "add", "acme")
        self.t.ok("client", "add", "beta")
        lock = threading.Lock()
        acked, maybe, gone = set(), set(), set()   # notes; gone: acknowledged removals
        groups = {}                                # import -> (its notes, acknowledged)
        problems, stats = [], {"killed": 0, "commands": 0}
        clock = [0]

        def now():
            with lock:
                clock[0] += 1
                return stamp("2026-11-23T09:00", clock[0])

        def writer(w):
            rng = random.Random(w)
            mine = []  # (id, note) acknowledged and still there
            for i in range(cycles):
                day = datetime.date(2000, 1, 3) + datetime.timedelta(w * 2000 + i * 3)
                op = rng.choice(["add", "add", "import", "edit", "rm", "timer"])
                if op in ("edit", "rm") and not mine:
                    op = "add"
                notes, args = [], None
                if op == "add":
                    notes = [f"a{w}-{i}"]
                    args = ["add", "beta", day.isoformat(), "09:00-10:00", "-m", notes[0]]
                elif op == "import":
                    path = os.path.join(self.t.dir, f"imp{w}-{i}.csv")
                    notes = [f"i{w}-{i}-{k}" for k in range(3)]
                    with open(path, "w") as f:
                        f.write("Client,Description,Start date,Start time,End date,End time\n")
                        for k, n in enumerate(notes):
                            d = (day + datetime.timedelta(k)).isoformat()
                            f.write(f"beta,{n},{d},11:00:00,{d},12:00:00\n")
                    args = ["import", "toggl", path]
                elif op == "edit":
                    eid, old = mine.pop(rng.randrange(len(mine)))
                    notes = [old + "e"]
                    args = ["edit", str(eid), "-m", notes[0]]
                elif op == "rm":
                    eid, old = mine.pop(rng.randrange(len(mine)))
                    args = ["rm", str(eid)]
                else:
                    args = ["start", "acme"] if rng.random() < .5 else ["stop"]
                kill = rng.random() < 0.5
                p = self.t.popen(*args, now=now(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                if kill:
                    time.sleep(rng.uniform(0, 0.03))
                    p.send_signal(signal.SIGKILL)
                out, err = p.communicate()
                ok = p.returncode == 0
                with lock:
                    stats["commands"] += 1
                    stats["killed"] += p.returncode == -signal.SIGKILL
                    stats["acked"] = stats.get("acked", 0) + (ok and op != "timer")
                    if p.returncode not in (0, -signal.SIGKILL) and op != "timer":
                        problems.append((args, p.returncode, err))
                    if op == "add":
                        (acked if ok else maybe).add(notes[0])
                        if ok:
                            mine.append((int(out.split()[2].rstrip(b":")), notes[0]))
                    elif op == "import":
                        groups[args[2]] = (notes, ok)
                        (acked if ok else maybe).update(notes)
                    elif op == "edit":
                        if ok:
                            acked.discard(old)
                            acked.add(notes[0])
                            mine.append((eid, notes[0]))
                        else:
                            maybe.update([old, notes[0]])
                            acked.discard(old)
                    elif op == "rm":
                        acked.discard(old)
                        (gone if ok else maybe).add(old)

        def reader():
            while not done.is_set():
                for cmd in (["status"], ["log", "--json", "--from", "2000-01-01"], ["week", "--json"]):
                    r = self.t.run(*cmd)
                    if r.rc != 0:
                        with lock:
                            problems.append(("reader", cmd, r.err))

        done = threading.Event()
        started = time.time()
        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        rd = threading.Thread(target=reader)
        for th in threads + [rd]:
            th.start()
        for th in threads:
            th.join()
        done.set()
        rd.join()
        self.assertEqual(problems, [])
        self.assertGreater(stats["killed"], 0, "no command was killed: the test proves nothing")
        r, fk = integrity(self.t.db)
        self.assertEqual((r, fk), ([("ok",)], []))
        con = sqlite3.connect(self.t.db)
        rows = [n for (n,) in con.execute("SELECT note FROM entries WHERE note != ''")]
        con.close()
        counts = {}
        for n in rows:
            counts[n] = counts.get(n, 0) + 1
        duplicated = sorted(n for n, c in counts.items() if c > 1)
        lost = sorted(acked - set(counts))
        strange = sorted(set(counts) - acked - maybe)
        back = sorted(gone & set(counts))
        torn = sorted(f for f, (notes, _) in groups.items()
                      if len({n for n in notes if n in counts}) not in (0, 3))
        self.assertEqual((lost, duplicated, strange, back, torn), ([], [], [], [], []))
        if STRESS:
            print(f"\n  kill -9 campaign: {stats['commands']} commands by 4 writers and a reader "
                  f"in {time.time() - started:.0f} s, {stats['killed']} killed, {stats['acked']} "
                  f"acknowledged writes ({len(acked)} entries at the end): 0 lost, 0 duplicated, "
                  f"0 torn imports, integrity ok", end=" ")


class SmallDiskTest(TockCase):
    """A real full disk (a 1 MiB tmpfs): each write that does not fit fails with one line and
    leaves nothing half-written; every acknowledged write survives; room again, writes go on."""

    def test_full_tmpfs(self):
        if not IS_ROOT:
            self.skipTest("mounting a small tmpfs needs root")
        mnt = os.path.join(self.t.dir, "small")
        os.makedirs(mnt)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt],
                           capture_output=True, text=True)
        if r.returncode:
            self.skipTest(f"cannot mount a tmpfs here: {r.stderr.strip()}")
        self.addCleanup(subprocess.run, ["umount", "-l", mnt], capture_output=True)
        env = {"TOCK_DB": os.path.join(mnt, "tock.db")}
        filler = os.path.join(mnt, "filler")
        with open(filler, "wb") as f:
            f.write(b"\0" * 200000)
        self.t.ok("client", "add", "acme", env=env)
        acked, refused = [], []
        n = 400 if STRESS else 200
        for i in range(n):
            day = (datetime.date(2020, 1, 1) + datetime.timedelta(i)).isoformat()
            r = self.t.run("add", "acme", day, "09:00-10:00", "-m", f"n{i} " + "x" * 6000, env=env)
            if r.rc == 0:
                acked.append(f"n{i}")
                continue
            self.assertEqual((r.rc, r.out, len(r.err.strip().splitlines())), (1, "", 1), r)
            self.assertRegex(r.err, "disk (is|may be) full")
            refused.append(i)
            if len(refused) >= 5:
                break
        self.assertTrue(refused, "the disk never filled: the test proves nothing")
        csv_path = os.path.join(self.t.dir, "more.csv")
        with open(csv_path, "w") as f:
            f.write("Client,Description,Start date,Start time,End date,End time\n")
            # As large as the adds that no longer fit: a small row may still find a free page.
            f.write("acme,imported " + "z" * 6000 + ",2019-06-03,09:00:00,2019-06-03,10:00:00\n")
        # Fill what is left to the last block: sqlite may still rewrite WAL frames it already
        # has, but nothing that needs a new block can fit.
        fd = os.open(os.path.join(mnt, "filler2"), os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for _ in range(4096):
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        for args in (["import", "toggl", csv_path], ["start", "acme", "-m", "y" * 6000]):
            r = self.t.run(*args, env=env)
            self.assertEqual((r.rc, len(r.err.strip().splitlines())), (1, 1), (args, r))
        self.assertEqual([n for n in os.listdir(mnt) if ".stage-" in n], [])
        self.assertEqual(integrity(env["TOCK_DB"]), ([("ok",)], []))
        log = self.t.json("log", "--from", "2019-01-01", "--to", "2026-12-31", env=env)
        notes = [e["note"].split()[0] for e in log]
        self.assertEqual(notes, acked)
        os.unlink(filler)  # room again
        os.unlink(os.path.join(mnt, "filler2"))
        self.t.ok("import", "toggl", csv_path, env=env)
        self.t.ok("add", "acme", "2019-01-01", "1h", "-m", "after", env=env)
        if STRESS:
            print(f"\n  full tmpfs: {len(acked)} adds fitted, then {len(refused)} refused with one "
                  f"line; import and start refused; 0 lost", end=" ")
