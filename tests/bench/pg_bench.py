#!/usr/bin/env python3
"""`make bench STORE=pg`: the same synthetic history (tests/bench/gen.c) on sqlite and on
PostgreSQL side by side. Each size is generated as a sqlite file and copied into a database of a
throwaway cluster (tests/pgcluster.py: a Unix socket, no TCP); the same commands are timed
against both as whole processes (tests/bench/spawn.c, the median of --runs runs, the two stores
alternating in rounds) after checking that each prints the same on both. Prints a markdown table.

The copy: up to --migrate-max entries with `tock db migrate` (what a user runs; its time is
reported); above that with COPY (`psql \\copy`, table by table in one transaction, into the
schema tock made): `tock db migrate` inserts one row per round trip, some minutes per million
rows. The commands' outputs are compared either way.

The last size is also run as "N*": N entries whose months since bench.RECENT are as busy as at
the first size (the same rows on screen, a longer past): N*/first is what the history costs.

Wall time on a shared machine is mostly waiting for a CPU, so the CPU each command costs is
measured too (--cpu-runs runs): the client's (wait4) and its server backend's — the postmaster
reaps every backend, so its children's CPU time (/proc/PID/stat cutime + cstime) grows by each
backend's when it exits. Client + server CPU is about what the command takes on an idle
machine, less the waits for the socket.

Floors, measured in the same rounds: /bin/true (a process), `pg_floor --load-only` (loading
libpq and the TLS and Kerberos libraries it links, as tock does with dlopen) and `pg_floor URL`
(that, a connection — a new server backend — and one SELECT 1): no command on PostgreSQL can
be faster than the last one."""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import bench  # noqa: E402
import pgcluster  # noqa: E402

TARGETS = {"status": 5.0, "week --json": 15.0, "log --json (month)": 40.0}
FLAT = 1.3


def copy_text(v):
    """One value in COPY's text format."""
    if v is None:
        return "\\N"
    if isinstance(v, bytes):
        v = v.decode()
    return (str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def copy_load(tock, env, lite, base, dbname):
    """Copies the sqlite file lite into the empty database dbname with COPY: tock makes the
    schema (any command does, on first open), then every table tock dumps is copied in its
    dump order (parents first) in one transaction, and each identity moves past the copied
    ids — what `tock db migrate` does, without a round trip per row."""
    url = f"postgresql:///{dbname}?host={base}"
    e = dict(env, TOCK_DB=url)
    p = subprocess.run([tock, "status"], env=e, capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"pg_bench: tock could not make the schema: {p.stderr.strip()}")
    src = sqlite3.connect(f"file:{lite}?mode=ro", uri=True)
    tables = [r[0] for r in src.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    order = ["meta", "users", "clients", "client_zoho", "tier_rules", "projects", "taxes",
             "tax_rules", "rates", "retainers", "invoices", "invoice_zoho", "invoice_fees",
             "milestones", "invoice_milestones", "cost_rates", "entries", "invoice_entries",
             "timers", "weeks", "sprints", "sprint_cadences", "audit"]
    missing = set(tables) - set(order)
    if missing:
        sys.exit(f"pg_bench: the COPY loader does not know {sorted(missing)}")
    folder = tempfile.mkdtemp(prefix="tock-pgcopy-")
    script = ["\\set ON_ERROR_STOP 1", "BEGIN;",
              "CREATE TEMP TABLE meta_copy (LIKE meta);",
              "DELETE FROM users;"]
    try:
        for t in order:
            if t not in tables:
                continue
            cols = [r[1] for r in src.execute(f'PRAGMA table_info("{t}")')]
            path = os.path.join(folder, t + ".tsv")
            with open(path, "w", encoding="utf-8") as f:
                for row in src.execute(f'SELECT {", ".join(cols)} FROM "{t}"'):
                    f.write("\t".join(copy_text(v) for v in row) + "\n")
            target = "meta_copy" if t == "meta" else t
            script.append(f"\\copy {target}({', '.join(cols)}) FROM '{path}'")
            if t == "meta":
                script.append("INSERT INTO meta SELECT * FROM meta_copy ON CONFLICT(key) DO "
                              "UPDATE SET value = excluded.value;")
            elif "id" in cols:
                script.append(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), max(id)) "
                              f"FROM {t} HAVING max(id) IS NOT NULL;")
        script.append("COMMIT;")
        path = os.path.join(folder, "load.sql")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(script) + "\n")
        subprocess.run(["psql", "-X", "-q", "-h", base, "-U", "postgres", "-d", dbname, "-f",
                        path], check=True, stdout=subprocess.DEVNULL)
        pgcluster.psql(base, "VACUUM ANALYZE", db=dbname)
    finally:
        src.close()
        shutil.rmtree(folder, ignore_errors=True)


def measure_rounds(runner, cells, runs, rounds=4):
    """The median wall ms of each cell's argv, `runs` runs taken in `rounds` rounds that go
    through every cell in turn (load on the machine then falls on all of them alike)."""
    per = max(1, runs // rounds)
    times = {k: [] for k in cells}
    for _ in range(rounds):
        for k, (argv, env) in cells.items():
            times[k] += runner.sample(argv, env, per, warmup=1)[0]
    return {k: statistics.median(v) for k, v in times.items()}


def postmaster_children_cpu(base):
    """Seconds of CPU of the postmaster's exited children (the backends it reaped)."""
    pid = int(open(os.path.join(base, "data", "postmaster.pid")).readline())
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[13]) + int(f[14])) / os.sysconf("SC_CLK_TCK")


def measure_cpu(base, argv, env, runs):
    """CPU ms per run of argv: (client, server backend)."""
    client = 0.0
    before = postmaster_children_cpu(base)
    with open(os.devnull, "w") as null:
        for _ in range(runs):
            p = subprocess.Popen(argv, env=env, stdout=null, stderr=null)
            _, _, ru = os.wait4(p.pid, 0)
            client += ru.ru_utime + ru.ru_stime
    after = postmaster_children_cpu(base)
    for _ in range(20):  # until the last backend has exited and been reaped
        time.sleep(0.2)
        now = postmaster_children_cpu(base)
        if now == after:
            break
        after = now
    return client / runs * 1000, (after - before) / runs * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--spawn", required=True)
    ap.add_argument("--floor", help="tests/bench/pg_floor (built by make bench STORE=pg)")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--migrate-max", type=int, default=100000,
                    help="copy with tock db migrate up to this many entries, above with COPY")
    ap.add_argument("--no-same-rows", action="store_true",
                    help="skip N* (the last size with its recent months as at the first)")
    ap.add_argument("--keep", action="store_true", help="keep the sqlite files and the cluster")
    ap.add_argument("--cpu-runs", type=int, default=30,
                    help="runs for the CPU figures (0: none)")
    args, _ = ap.parse_known_args()
    root = tempfile.mkdtemp(prefix="tock-pgbench-")
    runner = bench.Runner(args.bin, args.spawn, root, args.runs)
    me = bench.pwd.getpwuid(os.getuid()).pw_name
    base = pgcluster.start()
    sizes = [int(x) for x in args.sizes.split(",")]
    plan = [(n, None) for n in sizes]
    if len(sizes) > 1 and not args.no_same_rows:
        plan.append((sizes[-1], sizes[0]))
    T = args.bin
    commands = {
        "status": [T, "status"],
        "week --json": [T, "week", "--json"],
        "log --json (month)": [T, "log", "--from", bench.MONTH[0], "--to", bench.MONTH[1],
                               "--json"],
        "retainer --json": [T, "retainer", "--json"],
    }
    labels, cells, loads = [], {}, {}
    try:
        for n, recent in plan:
            label = bench.human(n) + ("*" if recent else "")
            labels.append(label)
            db = os.path.join(root, f"tock{n}{'s' if recent else ''}.db")
            cmd = [args.gen, "--db", db, "--entries", str(n), "--now", bench.NOW, "--me", me]
            if recent:
                cmd += ["--recent-from", bench.RECENT, "--recent-entries", str(recent)]
            print(f"pg_bench: {label}: generating", file=sys.stderr)
            out = subprocess.run(cmd, env=runner.env, capture_output=True, text=True)
            if out.returncode:
                sys.exit(f"pg_bench: the generator failed: {out.stderr.strip()}")
            dbname = f"bench{n}{'s' if recent else ''}"
            pgcluster.psql(base, f"CREATE DATABASE {dbname} LOCALE 'C' TEMPLATE template0")
            url = f"postgresql:///{dbname}?host={base}"
            print(f"pg_bench: {label}: copying into PostgreSQL", file=sys.stderr)
            t0 = time.perf_counter()
            if n <= args.migrate_max:
                runner.output([T, "db", "migrate", "--from", db, "--to", url], runner.env)
                loads[label] = ("db migrate", time.perf_counter() - t0)
            else:
                copy_load(T, runner.env, db, base, dbname)
                loads[label] = ("COPY", time.perf_counter() - t0)
            for name, argv in commands.items():
                if runner.output(argv, runner.tock_env(db)) != \
                        runner.output(argv, runner.tock_env(url)):
                    sys.exit(f"pg_bench: {label}: {name} prints differently on the two stores")
                cells[(label, name, "sqlite")] = (argv, runner.tock_env(db))
                cells[(label, name, "pg")] = (argv, runner.tock_env(url))
            if args.floor:
                cells[(label, "floor: connect + SELECT 1", "pg")] = ([args.floor, url],
                                                                      runner.env)
        cells[("", "floor: /bin/true", "sqlite")] = (["/bin/true"], runner.env)
        if args.floor:
            cells[("", "floor: load libpq", "pg")] = ([args.floor, "--load-only"], runner.env)
        print("pg_bench: timing", file=sys.stderr)
        ms = measure_rounds(runner, cells, args.runs)
        cpu = {}
        if args.cpu_runs:
            print("pg_bench: CPU per command", file=sys.stderr)
            for k, (argv, env) in cells.items():
                if k[2] == "pg":
                    cpu[k[:2]] = measure_cpu(base, argv, env, args.cpu_runs)
    finally:
        if args.keep:
            print(f"pg_bench: kept {root} and the cluster at {base}", file=sys.stderr)
        else:
            pgcluster.stop(base)
            shutil.rmtree(root, ignore_errors=True)
    print("| entries | command | sqlite ms | PostgreSQL ms | target | ok | PostgreSQL CPU ms: "
          "client + server |")
    print("| ---: | --- | ---: | ---: | ---: | --- | ---: |")

    def cell(k):
        return f"{ms[k]:.1f}" if k in ms else ""
    for label in [""] + labels:
        names = [k[1] for k in cells if k[0] == label]
        for name in dict.fromkeys(names):
            pg = ms.get((label, name, "pg"))
            target = TARGETS.get(name)
            ok = "" if target is None or pg is None else ("yes" if pg <= target else "no")
            c = cpu.get((label, name))
            c = "" if c is None else f"{c[0]:.1f} + {c[1]:.1f} = {c[0] + c[1]:.1f}"
            print(f"| {label} | {name} | {cell((label, name, 'sqlite'))} | "
                  f"{cell((label, name, 'pg'))} | {'' if target is None else f'≤ {target:g}'}"
                  f" | {ok} | {c} |")
        if label in loads:
            how, s = loads[label]
            print(f"| {label} | copy into PostgreSQL ({how}) | | {s * 1000:,.0f} | | | |")
    if len(labels) > 1 and labels[-1].endswith("*"):
        first, star = labels[0], labels[-1]
        print()
        print(f"| command | PostgreSQL {star}/{first} | target | ok | CPU {star}/{first} |")
        print("| --- | ---: | ---: | --- | ---: |")
        for name in commands:
            r = ms[(star, name, "pg")] / ms[(first, name, "pg")]
            c = ""
            if (star, name) in cpu and sum(cpu[(first, name)]):
                c = f"{sum(cpu[(star, name)]) / sum(cpu[(first, name)]):.2f}"
            print(f"| {name} | {r:.2f} | ≤ {FLAT} | {'yes' if r <= FLAT else 'no'} | {c} |")


if __name__ == "__main__":
    main()
