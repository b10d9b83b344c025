#!/usr/bin/env python3
"""`make bench STORE=pg`: the same synthetic history (tests/bench/gen.c) on sqlite and on
PostgreSQL side by side. Each size is generated as a sqlite file, copied into a database of a
throwaway cluster (tests/pgcluster.py: a Unix socket, no TCP) with `tock db migrate`, and the
same commands are timed against both as whole processes (tests/bench/spawn.c, the median of
--runs runs). Prints a markdown table."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import bench  # noqa: E402
import pgcluster  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--spawn", required=True)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=20)
    args, _ = ap.parse_known_args()
    root = tempfile.mkdtemp(prefix="tock-pgbench-")
    runner = bench.Runner(args.bin, args.spawn, root, args.runs)
    me = bench.pwd.getpwuid(os.getuid()).pw_name
    base = pgcluster.start()
    rows = []
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            db = os.path.join(root, f"tock{n}.db")
            out = subprocess.run([args.gen, "--db", db, "--entries", str(n), "--now",
                                  bench.NOW, "--me", me], env=runner.env, capture_output=True,
                                 text=True)
            if out.returncode:
                sys.exit(f"pg_bench: the generator failed: {out.stderr.strip()}")
            pgcluster.psql(base, f"CREATE DATABASE bench{n} LOCALE 'C' TEMPLATE template0")
            url = f"postgresql:///bench{n}?host={base}"
            t0 = time.perf_counter()
            runner.output([args.bin, "db", "migrate", "--from", db, "--to", url], runner.env)
            migrate_s = time.perf_counter() - t0
            T = args.bin
            commands = {
                "status": [T, "status"],
                "week --json": [T, "week", "--json"],
                "log --json (month)": [T, "log", "--from", bench.MONTH[0], "--to",
                                       bench.MONTH[1], "--json"],
                "retainer --json": [T, "retainer", "--json"],
            }
            for name, argv in commands.items():
                lite = runner.measure(argv, runner.tock_env(db))[0]
                pg = runner.measure(argv, runner.tock_env(url))[0]
                if runner.output(argv, runner.tock_env(db)) != \
                        runner.output(argv, runner.tock_env(url)):
                    sys.exit(f"pg_bench: {name} prints differently on the two stores")
                rows.append((bench.human(n), name, lite, pg))
            rows.append((bench.human(n), "db migrate (whole database)", None, migrate_s * 1000))
    finally:
        pgcluster.stop(base)
        shutil.rmtree(root, ignore_errors=True)
    print("| entries | command | sqlite ms | PostgreSQL ms |")
    print("| ---: | --- | ---: | ---: |")
    for n, name, lite, pg in rows:
        print(f"| {n} | {name} | {'' if lite is None else f'{lite:.1f}'} | {pg:.1f} |")


if __name__ == "__main__":
    main()
