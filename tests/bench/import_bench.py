#!/usr/bin/env python3
"""A long import beside other writers (issue 15, item 3), in `make bench` (`make bench-import`
alone): generate --rows entries of history (tests/bench/gen.c), export them in tock's own CSV
format, and import that file into a fresh database while another process runs `tock add`
every --interval seconds. Each add is timed as a whole process: its wait for the write lock is
most of it. Printed: the import's total time, how many adds ran and failed, their median and
maximum time, and the same for a `--dry-run` of the file (which should take no write lock).
Target: no add waits more than 2 s. Timings on a shared machine are noisy; the adds' median
is the floor to compare the maximum against. Everything is written under one temporary
folder, removed at the end (--keep keeps it)."""
import argparse
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

NOW = "2026-11-19T16:00:00"
TARGET_S = 2.0
WRITER_CLIENT = "bench-writer"
WRITER_DAY = "2030-01-07"   # far from the imported history: the adds overlap nothing
FAILURES = []               # what failed adds said, each once


def run(argv, env, check=True):
    p = subprocess.run(argv, env=env, capture_output=True, text=True)
    if check and p.returncode != 0:
        sys.exit(f"bench-import: {' '.join(argv)}: {p.stderr.strip()}")
    return p


def beside(tock, env, argv, interval, log, import_env):
    """Runs argv (an import) in the background and `tock add` every interval seconds until
    it ends: (its seconds, its exit code, its stderr, the adds' seconds, failed adds)."""
    t0 = time.perf_counter()
    with open(log, "w") as f:   # its warnings (overlaps) would fill a pipe
        imp = subprocess.Popen(argv, env=import_env, stdout=subprocess.DEVNULL, stderr=f)
    waits, failed = [], 0
    limit = time.perf_counter() + 3600
    while imp.poll() is None and time.perf_counter() < limit:
        a0 = time.perf_counter()
        p = subprocess.run([tock, "add", WRITER_CLIENT, WRITER_DAY, "1m"], env=env,
                           capture_output=True)
        dt = time.perf_counter() - a0
        if p.returncode != 0:
            failed += 1
            why = p.stderr.decode(errors="replace").strip()
            if why not in FAILURES:
                FAILURES.append(why)
        else:
            waits.append(dt)
        time.sleep(max(0.0, interval - dt))
    imp.wait()
    with open(log) as f:
        err = f.read()
    return time.perf_counter() - t0, imp.returncode, err, waits, failed


def whole(tock, env, db, rows, extra, rc, waits):
    """Whether the database holds every add, and the import's rows all or none, and its audit
    chain verifies."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n = con.execute("SELECT count(*) FROM entries").fetchone()[0]
    con.close()
    want = len(waits) + (rows if rc == 0 and not extra else 0)
    ok = run([tock, "audit", "verify"], env, check=False).returncode == 0
    return "yes" if n == want and ok else f"NO ({n} entries, {want} expected, audit ok: {ok})"


def held(err):
    """From the import's stderr (TOCK_BENCH_LOCK, /usr/bin/time): its longest hold of the
    write lock in a step, its last step's hold (ms), and its peak RSS (MiB); '-' if not told."""
    steps = [int(m) for m in re.findall(r"a step of the import held the write lock (\d+) ms", err)]
    last = re.findall(r"(?:the import's last step|the import's final step)[^\n]*?(\d+) ms", err)
    rss = re.findall(r"peak RSS (\d+) KiB", err)
    return (str(max(steps)) if steps else "-", last[-1] if last else "-",
            str(int(rss[-1]) // 1024) if rss else "-")


def row(label, secs, rc, waits, failed, whole, err):
    med = f"{statistics.median(waits):.2f}" if waits else "-"
    mx = f"{max(waits):.2f}" if waits else "-"
    ok = "yes" if waits and max(waits) <= TARGET_S and not failed else "NO"
    step, last, rss = held(err)
    return (f"| {label} | {secs:.1f} s (exit {rc}) | {len(waits)} | {failed} | {med} | {mx} | {ok} "
            f"| {whole} | {step} | {last} | {rss} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--alone", action="store_true", help="also time the import by itself")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--markdown")
    a = ap.parse_args()
    tock = os.path.abspath(a.bin)
    root = tempfile.mkdtemp(prefix="tock-bench-import-")
    try:
        home = os.path.join(root, "home")
        os.makedirs(home)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TZ": "UTC",
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "XDG_DATA_HOME": os.path.join(home, ".local/share"),
               "XDG_CONFIG_HOME": os.path.join(home, ".config"),
               "XDG_STATE_HOME": os.path.join(home, ".local/state")}
        src = os.path.join(root, "src.db")
        me = os.environ.get("USER") or "root"
        run([os.path.abspath(a.gen), "--db", src, "--entries", str(a.rows), "--now", NOW,
             "--me", me], env)
        rows = os.path.join(root, "rows.csv")
        run([tock, "export", "-o", rows], dict(env, TOCK_DB=src))
        os.unlink(src)
        # Each user's rows stay theirs (without a map all would be the importer's, and its
        # overlaps would be warnings by the hundred thousand).
        with open(rows) as f:
            users = sorted({line.split(",", 2)[1] for line in f} - {"user"})
        umap = os.path.join(root, "users.map")
        with open(umap, "w") as f:
            f.writelines(f"{u} = {u}\n" for u in users)
        lines = []
        for label, extra in (("import", []), ("import --dry-run", ["--dry-run"])):
            db = os.path.join(root, f"live{len(lines)}.db")
            e = dict(env, TOCK_DB=db)
            run([tock, "client", "add", WRITER_CLIENT], e)
            timed = ["/usr/bin/time", "-f", "peak RSS %M KiB"] if os.path.exists("/usr/bin/time") else []
            secs, rc, err, waits, failed = beside(tock, e, timed + [tock, "import", "tock", rows, "--user-map", umap, *extra],
                                                  a.interval, os.path.join(root, f"import{len(lines)}.log"),
                                                  dict(e, TOCK_BENCH_LOCK="1"))
            if rc != 0:
                print(f"bench-import: {label} failed: {err.strip()[-300:]}", file=sys.stderr)
            lines.append(row(label, secs, rc, waits, failed, whole(tock, e, db, a.rows, extra, rc,
                                                                  waits), err))
            os.unlink(db)
        if a.alone:
            t0 = time.perf_counter()
            p = run([tock, "import", "tock", rows, "--user-map", umap],
                    dict(env, TOCK_DB=os.path.join(root, "alone.db")), check=False)
            lines.append(f"| import alone | {time.perf_counter() - t0:.1f} s (exit {p.returncode})"
                         " | - | - | - | - | - | - | - | - | - |")
        head = [f"A {a.rows:,}-row import (tock's CSV) into a new database, `tock add` every "
                f"{a.interval} s beside it; target: every add within {TARGET_S:.0f} s", "",
                "| | the import | adds | failed | median s | max s | ≤ 2 s | all there "
                "| longest step ms | last step ms | peak RSS MiB |",
                "|---|---|---|---|---|---|---|---|---|---|---|"]
        text = "\n".join(head + lines + [f"\nan add failed: {w}" for w in FAILURES[:5]])
        print(text)
        if a.markdown:
            with open(a.markdown, "w") as f:
                f.write(text + "\n")
    finally:
        if a.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
