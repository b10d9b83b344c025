#!/usr/bin/env python3
"""The audit log's price (issue 17), in `make bench` (`make bench-audit` alone):

- `tock audit verify` of a chain of --records (1M) records as tock writes them
  (tests/bench/audit_gen.c: an entry's "after" of ~330 bytes, or an edit's before and after),
  target 3 s;
- what the audit record adds to `tock add`: the same command by tock and by tock built without
  its audit record (make's build/bench/tock-noaudit: store_audit.c compiled with
  TOCK_BENCH_NO_AUDIT, so neither the snapshot nor the record is made), on the same database
  (the one holding the 1M records), in alternating rounds; target 10 %.

Each figure is the median of whole processes timed by tests/bench/spawn.c. Everything is
written under one temporary folder, removed at the end (--keep keeps it)."""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile

VERIFY_TARGET_MS = 3000.0
ADD_TARGET = 0.10


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--noaudit", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--spawn", required=True)
    ap.add_argument("--records", type=int, default=1000000)
    ap.add_argument("--verify-runs", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=10, help="runs of each binary per round")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--markdown")
    a = ap.parse_args()
    root = tempfile.mkdtemp(prefix="tock-audit-bench-")
    try:
        return run(a, root)
    finally:
        if a.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def times(spawn, runs, warmup, argv, env):
    p = subprocess.run([spawn, str(runs), str(warmup), *argv], env=env, capture_output=True,
                       text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{argv}: {p.stderr.strip()}")
    return [float(t) / 1000 for t in p.stdout.split("\n")[0].split()]


def cpu_ms(argv, env, runs):
    """Median CPU time (user + system) of runs whole processes, in ms: what the machine's load
    does not change much, beside the wall time."""
    out = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(argv, env=env, capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return statistics.median(out)


def instructions(argv, env):
    """Instructions one run executes (callgrind), or None without valgrind."""
    if not shutil.which("valgrind"):
        return None
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                       env=env, capture_output=True, text=True)
    m = re.search(r"Collected : (\d+)", p.stderr)
    return int(m.group(1)) if p.returncode == 0 and m else None


def run(a, root):
    home = os.path.join(root, "home")
    os.makedirs(home)
    db = os.path.join(root, "audit.db")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TZ": "Europe/Berlin",
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TOCK_NOW": "2026-11-19T16:00:00",
           "XDG_CONFIG_HOME": os.path.join(home, ".config"), "TOCK_DB": db}
    for cmd in (["client", "add", "acme", "--rate", "150"], ["project", "add", "acme/api"]):
        subprocess.run([a.bin, *cmd], env=env, check=True, capture_output=True)
    print(f"writing {a.records:,} audit records ...", flush=True)
    subprocess.run([a.gen, db, str(a.records)], check=True, capture_output=True)
    check = subprocess.run([a.bin, "audit", "verify"], env=env, capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"audit verify failed: {check.stderr.strip()}")
    print(check.stdout.strip(), flush=True)
    verify = statistics.median(times(a.spawn, a.verify_runs, 1, [a.bin, "audit", "verify"], env))
    verify_cpu = cpu_ms([a.bin, "audit", "verify"], env, 3)
    add = [a.bin, "add", "acme/api", "2026-11-19", "10m"]
    off = [a.noaudit, *add[1:]]
    with_audit, without = [], []
    for _ in range(a.rounds):
        with_audit += times(a.spawn, a.runs, 1, add, env)
        without += times(a.spawn, a.runs, 1, off, env)
    w, wo = statistics.median(with_audit), statistics.median(without)
    cost = (w - wo) / wo
    wc, woc = cpu_ms(add, env, 3 * a.runs), cpu_ms(off, env, 3 * a.runs)
    wi, woi = instructions(add, env), instructions(off, env)
    icost = f"{(wi - woi) / woi * 100:+.1f} %" if wi and woi else "n/a"
    check = subprocess.run([a.bin, "audit", "verify"], env=env, capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"audit verify after the adds failed: {check.stderr.strip()}")
    load = os.getloadavg()[0]
    rows = [
        ("audit verify, %s records" % f"{a.records:,}", f"{verify:.0f} ms", f"{verify_cpu:.0f} ms",
         "", "≤ 3000 ms", "ok" if verify <= VERIFY_TARGET_MS else "OVER"),
        ("tock add with its audit record", f"{w:.2f} ms", f"{wc:.2f} ms",
         f"{wi:,}" if wi else "n/a", "", ""),
        ("tock add without (tock-noaudit)", f"{wo:.2f} ms", f"{woc:.2f} ms",
         f"{woi:,}" if woi else "n/a", "", ""),
        ("the audit record's cost on tock add", f"{cost * 100:+.1f} %",
         f"{(wc - woc) / woc * 100:+.1f} %", icost, "≤ 10 %",
         "ok" if cost <= ADD_TARGET else "OVER"),
    ]
    lines = ["| measure | wall (median) | CPU (median) | instructions | target | wall |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines.append(f"\n(load average {load:.2f} on {os.cpu_count()} CPUs while measuring; "
                 f"add: {a.rounds} rounds of {a.runs} runs of each binary, alternating)")
    text = "\n".join(lines)
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
