#!/usr/bin/env python3
"""A mutation campaign over tock's money core (`make mutate`, not part of `make test`).

Mutants are generated from the source, one small change each: a comparison flipped at its
boundary or negated, an integer literal off by one, a rounding helper rounding down or up
instead of half away from zero, a wrong arithmetic operator, a clamp dropped, a condition
inverted, && and || swapped, true and false swapped. Each is built in a scratch copy of the tree
(the real files are never touched) and the suite runs against it in tiers, cheapest first: the
C unit tests (fast ones, then slow ones), then on their survivors the money end-to-end tests,
then on theirs the rest of the suite. A tier is a subset of the suite, so the score is exact.
Prints the score per file and every survivor. A survivor listed in tests/mutants-equivalent.txt
(one line each: the mutant as printed, then '#' and why it is equivalent) is not counted.
See docs/TESTING.md.

  tools/mutate.py [--files billing.c,money.c] [--max N | --sample N] [--seed S] [-j N]
                  [--e2e-only] [--no-full] [--match REGEX] [--list] [--timeout S]
                  [--log FILE [--resume [--retry]] [--report]]
"""
import argparse
import json
import concurrent.futures as cf
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The files the issue names first (a run cut short has covered them), then the rest of the
# money core.
MONEY_FILES = ["rounding.c", "money.c", "billing.c", "rate_card.c", "retainer.c",
               "retainer_draw.c", "invoice.c", "invoice_hourly.c", "invoice_retainer.c",
               "duration.c", "bizhours.c", "day.c", "retainer_roll.c", "retainer_forecast.c",
               "invoice_fixed.c", "invoice_tax.c", "fixed.c", "bill_pack.c", "entry_set.c",
               "bill_memo.c"]
# The money end-to-end tests (tier 2), cheapest first: they stop at the first
# failure. Every other tests/test_*.py is "the rest of the suite" (tier 3).
E2E = ["test_money_rules", "test_billing", "test_money", "test_invoice", "test_rollover",
       "test_fixedcost", "test_tax", "test_invoice_void", "test_money_model",
       "test_retainer_model"]
E2E_FIRST = [("retainer", ["test_retainer_model", "test_rollover"]),
             ("invoice_tax", ["test_tax"]), ("fixed", ["test_fixedcost"]),
             ("invoice_fixed", ["test_fixedcost"]), ("invoice", ["test_invoice"]),
             ("bill_pack", ["test_fixedcost", "test_rollover"]),
             ("entry_set", ["test_fixedcost", "test_rollover"]),
             ("bill_memo", ["test_fixedcost", "test_money_model", "test_money_rules"])]
# No -g: the same code, and compiling and linking each mutant costs less.
BUILD_CFLAGS = "-O2"
EQUIV_FILE = os.path.join(ROOT, "tests", "mutants-equivalent.txt")

# Rounding direction: the helper every money rounding goes through, swapped for one that
# floors or ceils (magnitudes), prepended to the mutated file.
ROUND_HELPERS = {
    "floor": "|a*b| / |d|, truncated",
    "ceil": "|a*b| / |d|, rounded away from zero",
}
HELPER_SRC = r"""
static int mut_muldiv_%(name)s(int64_t a, int64_t b, int64_t d, int64_t *out)
{
    if (d == 0)
        return -1;
    __int128 p = (__int128)a * b, ad = d < 0 ? -(__int128)d : d;
    int neg = (p < 0) != (d < 0);
    __int128 ap = p < 0 ? -p : p, q = (ap + %(bias)s) / ad;
    if (neg)
        q = -q;
    if (q > INT64_MAX || q < INT64_MIN)
        return -1;
    *out = (int64_t)q;
    return 0;
}
"""


class Mutant:
    def __init__(self, file, line, op, before, after, text):
        self.file, self.line, self.op = file, line, op
        self.before, self.after = before, after   # the changed line(s), stripped
        self.text = text                          # the whole mutated source

    @property
    def key(self):
        return f"{self.file}: {self.before}  =>  {self.after}"

    def __str__(self):
        return f"{self.file}:{self.line} [{self.op}] {self.before}  =>  {self.after}"


def code_mask(src):
    """True for each character that is code: not a comment, string, char literal or a
    preprocessor line."""
    mask = [True] * len(src)
    i, n = 0, len(src)
    bol = True
    while i < n:
        c = src[i]
        if bol and src[i:].lstrip(" \t").startswith("#"):
            j = src.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                mask[k] = False
            i = j
            continue
        bol = c == "\n"
        if src.startswith("/*", i):
            j = src.find("*/", i + 2) + 2
            for k in range(i, j):
                mask[k] = False
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            for k in range(i, j):
                mask[k] = False
            i = j
        elif c in "\"'":
            j = i + 1
            while src[j] != c:
                j += 2 if src[j] == "\\" else 1
            for k in range(i, j + 1):
                mask[k] = False
            i = j + 1
        else:
            i += 1
    return mask


def matching_paren(src, open_at):
    depth = 0
    for i in range(open_at, len(src)):
        if src[i] == "(":
            depth += 1
        elif src[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def line_of(src, pos):
    return src.count("\n", 0, pos) + 1


def line_text(src, start, end):
    """The full lines spanning [start, end) of src."""
    a = src.rfind("\n", 0, start) + 1
    b = src.find("\n", end)
    return src[a:b if b >= 0 else len(src)]


def shown(lines):
    """Lines as one line, without comments or repeated blanks."""
    return " ".join(re.sub(r"/\*.*?\*/|//.*", "", lines).split())


def generate(file, src):
    mask = code_mask(src)
    out = []

    def add(op, start, end, repl, prefix=""):
        new = src[:start] + repl + src[end:]
        before = shown(line_text(src, start, max(end, start + 1)))
        nb = src.rfind("\n", 0, start) + 1
        after_end = new.find("\n", start + len(repl))
        after = shown(new[nb:after_end if after_end >= 0 else len(new)])
        if before == after:
            return
        if prefix:
            new = insert_after_includes(new, prefix)
        out.append(Mutant(file, line_of(src, start), op, before, after, new))

    def code(m):
        """Code, and not an argument of an error message (its wording is not money)."""
        if not all(mask[m.start():m.end()]):
            return False
        stmt = max(src.rfind(c, 0, m.start()) for c in ";{}")
        return "tk_fail(" not in src[stmt:m.start()]

    # Comparisons: the boundary (< ↔ <=, > ↔ >=) and the negation (== ↔ !=), binary only
    # (spaces on both sides, as this code base writes them).
    flips = {"<": ["<=", ">="], "<=": ["<", ">"], ">": [">=", "<="], ">=": [">", "<"],
             "==": ["!="], "!=": ["=="]}
    for m in re.finditer(r"(?<= )(<=|>=|==|!=|<|>)(?= )", src):
        if code(m):
            for r in flips[m.group(1)]:
                add("comparison", m.start(), m.end(), r)
    # Arithmetic operators, binary only.
    arith = {"+": ["-"], "-": ["+"], "*": ["/"], "/": ["*"], "%": ["/"]}
    for m in re.finditer(r"(?<= )([-+*/%])(?= )", src):
        if code(m):
            for r in arith[m.group(1)]:
                add("operator", m.start(), m.end(), r)
    for m in re.finditer(r"(?<= )(\+=|-=)(?= )", src):
        if code(m):
            add("operator", m.start(), m.end(), "-=" if m.group(1) == "+=" else "+=")
    # Integer literals off by one (not array sizes, not inside identifiers).
    for m in re.finditer(r"(?<![\w.\[])(\d+)(?![\w.\]])", src):
        if code(m):
            v = int(m.group(1))
            if not src[:m.start()].endswith("return -"):   # -1 → -2: the same error code
                add("literal", m.start(), m.end(), str(v + 1))
            if v > 0:
                add("literal", m.start(), m.end(), str(v - 1))
    # && ↔ ||
    for m in re.finditer(r"(?<= )(&&|\|\|)(?= )", src):
        if code(m):
            add("logic", m.start(), m.end(), "||" if m.group(1) == "&&" else "&&")
    # true ↔ false
    for m in re.finditer(r"\b(true|false)\b", src):
        if code(m):
            add("boolean", m.start(), m.end(), "false" if m.group(1) == "true" else "true")
    # Inverted conditions of if/while and of ternaries' conditions are covered by comparisons;
    # here the whole condition of an if or while.
    for m in re.finditer(r"\b(if|while) \(", src):
        if not code(m):
            continue
        o = m.end() - 1
        c = matching_paren(src, o)
        if c > 0:
            add("invert", o + 1, c, "!(" + src[o + 1:c] + ")")
    # Dropped clamps: an if whose only statement is an assignment (x = y;) loses it.
    for m in re.finditer(r"\bif \(", src):
        if not code(m):
            continue
        c = matching_paren(src, m.end() - 1)
        body = re.match(r"\s*([\w\->.\[\]*]+) = [^;{}]+;", src[c + 1:])
        if c > 0 and body and "==" not in body.group(0):
            s = c + 1 + body.start(1)
            add("clamp", s, c + 1 + body.end(), ";")
    # Ternary clamps: `a < b ? a : b` → one side.
    for m in re.finditer(r"(\w[\w\->.]*) ([<>]=?) (\w[\w\->.]*) \? (\w[\w\->.]*) : (\w[\w\->.]*)", src):
        if code(m):
            add("clamp", m.start(), m.end(), m.group(4))
            add("clamp", m.start(), m.end(), m.group(5))
    # Rounding direction: the rounding helper floors or ceils instead.
    for m in re.finditer(r"\btk_muldiv_round\(", src):
        if code(m):
            for name, bias in (("floor", "0"), ("ceil", "ad - 1")):
                add("rounding", m.start(), m.end() - 1, f"mut_muldiv_{name}",
                    prefix=HELPER_SRC % {"name": name, "bias": bias})
    # Rounding modes swapped.
    modes = ["ROUND_UP", "ROUND_NEAREST", "ROUND_DOWN"]
    for m in re.finditer(r"\b(ROUND_UP|ROUND_NEAREST|ROUND_DOWN)\b", src):
        if code(m):
            for r in modes:
                if r != m.group(1):
                    add("rounding", m.start(), m.end(), r)
    return out


def insert_after_includes(src, text):
    last = 0
    for m in re.finditer(r"^#include [^\n]*\n", src, re.M):
        last = m.end()
    return src[:last] + text + src[last:]


# ---- running ----

class Worker:
    """A scratch copy of the tree with the pristine build in it; one mutant at a time."""

    def __init__(self, base, idx):
        self.dir = os.path.join(base, f"w{idx}")
        # The whole tree, not only src/ and tests/: the rest of the suite (tier 3) reads the
        # man page, README, docs and tools too (test_build installs man/tock.1).
        for f in tree_files():
            os.makedirs(os.path.dirname(os.path.join(self.dir, f)), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, f), os.path.join(self.dir, f), follow_symlinks=False)
        shutil.copytree(os.path.join(base, "pristine"), os.path.join(self.dir, "build"))
        # The compile and link commands, asked of make once (make itself, with its pkg-config
        # calls and dependency files, cost more CPU than compiling one small file).
        r = subprocess.run(["make", "-n", "-W", "src/rounding.c", f"CFLAGS={BUILD_CFLAGS}",
                            "build/unit_tests", "build/tock"], cwd=self.dir,
                           capture_output=True, text=True)
        lines = [ln for ln in r.stdout.splitlines() if not ln.lstrip().startswith("echo")]
        self.cc = next(ln for ln in lines if " -c -o build/rounding.o " in ln)
        self.link = {t: next(ln for ln in lines if f" -o build/{t} " in ln)
                     for t in ("unit_tests", "tock")}
        self.built = None

    def run(self, mut, args, phase):
        src = os.path.join(self.dir, "src", mut.file)
        obj = os.path.join(self.dir, "build", mut.file[:-2] + ".o")
        original = os.path.join(ROOT, "src", mut.file)
        with open(src, "w") as f:
            f.write(mut.text)
        self.built = None
        try:
            return self._run(args, phase, mut.file)
        finally:
            shutil.copy2(original, src)   # older than the pristine object: no rebuild
            shutil.copy2(os.path.join(os.path.dirname(self.dir), "pristine",
                                      mut.file[:-2] + ".o"), obj)

    def _run(self, args, phase, file):
        """One tier of the suite on the mutant now in the tree. A tier is a subset of the
        suite, so a mutant a tier kills the suite kills: the score is exact.
        unit: the fast C unit tests, then the slow ones (each stopping at the first failure);
        e2e: the money end-to-end tests; rest: every other tests/test_*.py."""
        t0 = time.time()
        env = dict(os.environ, TZ="Europe/Berlin", LC_ALL="C.UTF-8")
        build = os.path.join(self.dir, "build")
        target = "unit_tests" if phase == "unit" else "tock"
        stem = file[:-2]
        steps = [] if self.built else [self.cc.replace("build/rounding.", f"build/{stem}.")
                                       .replace("src/rounding.c", f"src/{file}")]
        for cmd in steps + [self.link[target]]:
            if subprocess.run(cmd, shell=True, cwd=self.dir, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
                return "build-failed", "", time.time() - t0
        self.built = file
        if phase == "unit":
            tiers = [] if args.e2e_only else [("unit", args.fast, args.timeout),
                                              ("unit-slow", args.slow, args.timeout * 4)]
            for tier, names, limit in tiers:
                try:
                    u = subprocess.run([os.path.join(build, "unit_tests"), "-x", *names],
                                       cwd=self.dir, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, timeout=limit, env=env)
                    if u.returncode:
                        return "killed", tier, time.time() - t0
                except subprocess.TimeoutExpired:
                    return "killed", tier + " timeout", time.time() - t0
            return "survived", "units", time.time() - t0
        env["TOCK_BIN"] = os.path.join(build, "tock")
        mods, limit = (e2e_order(args.e2e, file), args.timeout * 20) if phase == "e2e" \
            else (args.rest, args.timeout * 80)
        try:
            e = subprocess.run([sys.executable, "-m", "unittest", "-q", "-f", *mods],
                               cwd=os.path.join(self.dir, "tests"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=limit, env=env)
            if e.returncode:
                return "killed", phase, time.time() - t0
        except subprocess.TimeoutExpired:
            return "killed", phase + " timeout", time.time() - t0
        return "survived", "subset" if phase == "e2e" else "suite", time.time() - t0


def e2e_order(mods, file):
    """The money end-to-end modules, those closest to the mutated file first (they stop at
    the first failure, so a kill comes sooner; a survivor runs them all either way)."""
    first = [m for pre, ms in E2E_FIRST if file.startswith(pre) for m in ms]
    return [m for m in first if m in mods] + [m for m in mods if m not in first]


def split_unit_tests(unit, threshold):
    """The unit tests by cost, timed one by one on the real build: those under threshold
    seconds (nearly all; run first) and the rest (a property test over many worlds, the
    100k-row imports)."""
    reg = open(os.path.join(os.path.dirname(unit), "unit", "registry.h")).read()
    names = re.findall(r"^T\((\w+)\)", reg, re.M)
    fast, slow = [], []
    for n in names:
        t = time.time()
        subprocess.run([unit, n], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t = time.time() - t
        (fast if t < threshold else slow).append((t, n))
    return [n for _, n in fast], [n for _, n in sorted(slow)]   # the cheapest slow ones first


def load_equivalent():
    eq = {}
    if os.path.exists(EQUIV_FILE):
        for line in open(EQUIV_FILE, encoding="utf-8"):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, _, why = line.partition("  # ")
            eq[key.strip()] = why.strip()
    return eq


def tree_files():
    """The work tree's files, tracked or not (git's ignored ones, build/ and logs, left out)."""
    r = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                       cwd=ROOT, capture_output=True)
    if r.returncode:
        sys.exit("git ls-files failed: " + r.stderr.decode(errors="replace")[-500:])
    return [f for f in r.stdout.decode().split("\0")
            if f and os.path.isfile(os.path.join(ROOT, f))]


def pristine_build(base, args):
    """Builds the real tree into base/pristine (a BUILD dir outside the work tree's build/):
    what `make test` builds, since the rest of the suite runs the probe and keydoc too."""
    out = os.path.join(base, "pristine")
    r = subprocess.run(["make", "-s", f"-j{args.jobs}", f"BUILD={out}", f"CFLAGS={BUILD_CFLAGS}",
                        f"{out}/tock", f"{out}/unit_tests", f"{out}/zoho_probe",
                        f"{out}/keydoc", f"{out}/bench/spawn"], cwd=ROOT, capture_output=True,
                       text=True)
    if r.returncode:
        sys.exit("the unmutated tree does not build:\n" + r.stderr[-2000:])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", default=",".join(MONEY_FILES),
                    help="comma-separated files of src/ (default: the money core)")
    ap.add_argument("--max", type=int, help="at most N mutants per file (the first N, in order)")
    ap.add_argument("--sample", type=int, help="N mutants per file drawn at random (--seed)")
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=15, help="seconds for the fast unit tests "
                    "(the slow ones get 4 times as much, the end-to-end tests 20, the rest of "
                    "the suite 80)")
    ap.add_argument("--e2e-only", action="store_true",
                    help="skip the C unit tests: how much the end-to-end suite catches alone")
    ap.add_argument("--e2e", default=",".join(E2E), help="end-to-end test modules")
    ap.add_argument("--no-full", dest="full", action="store_false",
                    help="stop after the money end-to-end tests: a survivor is one of the "
                    "subset, not of the suite")
    ap.add_argument("--match", help="only mutants whose printed form matches this regex "
                    "(e.g. to rerun the survivors of a run)")
    ap.add_argument("--list", action="store_true", help="print the mutants and stop")
    ap.add_argument("--log", help="append each mutant's fate to this file (JSON lines); with "
                    "--resume, the mutants it already holds are not run again")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--retry", action="store_true", help="with --resume: run the survivors "
                    "of the log again from the first tier (after adding tests)")
    ap.add_argument("--report", action="store_true", help="print the table of --log (the "
                    "mutants of --files it holds) and stop: nothing is built or run")
    args = ap.parse_args()
    args.e2e = [m for m in args.e2e.split(",")
                if os.path.exists(os.path.join(ROOT, "tests", m + ".py"))]
    args.rest = sorted(f[:-3] for f in os.listdir(os.path.join(ROOT, "tests"))
                       if re.fullmatch(r"test_\w+\.py", f) and f[:-3] not in args.e2e)
    files = [f.strip() for f in args.files.split(",") if f.strip()]
    rng = random.Random(args.seed)

    muts = []
    for f in files:
        path = os.path.join(ROOT, "src", f)
        if not os.path.exists(path):
            sys.exit(f"no such file: src/{f}")
        ms = generate(f, open(path, encoding="utf-8").read())
        if args.match:
            ms = [m for m in ms if re.search(args.match, str(m))]
        if args.sample and args.sample < len(ms):
            ms = sorted(rng.sample(ms, args.sample), key=lambda m: m.line)
        elif args.max:
            ms = ms[:args.max]
        muts += ms
    if args.list:
        for m in muts:
            print(m)
        print(f"{len(muts)} mutants")
        return 0

    equivalent = load_equivalent()
    done = {}   # str(mutant) -> (status, by): from the log when resuming
    if args.log and (args.resume or args.report) and os.path.exists(args.log):
        for line in open(args.log, encoding="utf-8"):
            try:
                r = json.loads(line)
            except ValueError:
                continue   # a line cut short by an interrupted run
            if args.retry and args.resume and r["status"] == "survived" \
                    and r["key"] not in equivalent:
                done.pop(r["mutant"], None)
            else:
                done[r["mutant"]] = (r["status"], r["by"])
    if args.report:
        have = [(m, *done[str(m)]) for m in muts if str(m) in done]
        print(f"{len(have)} of {len(muts)} mutants in {args.log}")
        report(files, have, equivalent, time.time(), elapsed=False)
        return 0
    logf = open(args.log, "a", encoding="utf-8") if args.log else None
    base = tempfile.mkdtemp(prefix="tock-mutate-")
    os.chmod(base, 0o755)   # the rest of the suite runs tock as other users (test_databases)
    t0 = time.time()
    results = {}   # str(mutant) -> (mutant, status, by)
    try:
        out = pristine_build(base, args)
        args.fast, args.slow = split_unit_tests(os.path.join(out, "unit_tests"), 0.05)
        workers = [Worker(base, i) for i in range(args.jobs)]
        # The unmutated tree must pass every tier in each worker, or every kill means nothing.
        with open(os.path.join(ROOT, "src", files[0]), encoding="utf-8") as f:
            real = Mutant(files[0], 0, "none", "", "", f.read())

        def check(phases):
            for w, phase in zip(workers * len(phases), phases):
                status, by, secs = w.run(real, args, phase)
                if status != "survived":
                    sys.exit(f"the unmutated tree fails in a worker ({status} by {by}): "
                             "fix that first")
            print(f"the unmutated tree passes: {', '.join(phases)}", flush=True)
        check(["unit"] * len(workers))
        free = list(workers)
        lock = threading.Lock()

        def one(m, phase):
            with lock:
                w = free.pop()
            try:
                return m, *w.run(m, args, phase)
            finally:
                with lock:
                    free.append(w)

        def campaign(todo, phase, what):
            print(f"{what}: {len(todo)} mutants, -j{args.jobs}", flush=True)
            with cf.ThreadPoolExecutor(args.jobs) as ex:
                futs = [ex.submit(one, m, phase) for m in todo]
                stop = lambda *_: [f.cancel() for f in futs] and sys.exit("stopped")
                signal.signal(signal.SIGTERM, stop)   # the running two finish; then cleanup
                for i, fut in enumerate(cf.as_completed(futs), 1):
                    m, status, by, secs = fut.result()
                    results[str(m)] = (m, status, by)
                    if logf:
                        logf.write(json.dumps({"mutant": str(m), "file": m.file, "key": m.key,
                                               "status": status, "by": by,
                                               "secs": round(secs, 1)}) + "\n")
                        logf.flush()
                    shown = "equivalent" if status == "survived" and m.key in equivalent \
                        else status
                    print(f"[{i}/{len(todo)} {secs:5.1f}s] {shown:12} {by:14} {m}", flush=True)

        for m in muts:
            if str(m) in done:
                results[str(m)] = (m, *done[str(m)])
        print(f"{len(muts)} mutants of {len(files)} files ({len(done)} in the log); unit "
              f"tests: {len(args.fast)} fast, {len(args.slow)} slow ({', '.join(args.slow)}); "
              f"money end-to-end: {', '.join(args.e2e)}", flush=True)

        def left(status, by):
            return [m for m in muts if str(m) not in results and status is None
                    or str(m) in results and results[str(m)][1:] == (status, by)
                    and m.key not in equivalent]
        # Every mutant through the unit tests first: the whole picture from the cheap tier
        # early, then the costlier tiers on what is left, each in file order.
        campaign(left(None, None), "unit", "tier 1: the C unit tests")
        todo = left("survived", "units")
        if todo:
            check(["e2e"])
        campaign(todo, "e2e", "tier 2: the money end-to-end tests")
        if args.full:
            todo = left("survived", "subset")
            if todo:
                check(["rest"])   # a module failing on the real tree would "kill" them all
            campaign(todo, "rest", f"tier 3: the rest of the suite ({len(args.rest)} modules)")
    finally:
        shutil.rmtree(base, ignore_errors=True)
        if logf:
            logf.close()
    report(files, [results[str(m)] for m in muts if str(m) in results], equivalent, t0)
    return 0


def report(files, results, equivalent, t0, elapsed=True):
    def fate(m, s):
        return "equivalent" if s == "survived" and m.key in equivalent else s

    print("\nfile                 mutants  killed  survived  equivalent  no-build  score")
    kinds = ("killed", "survived", "equivalent", "build-failed")
    total = dict.fromkeys(kinds, 0)
    for f in files:
        rs = [fate(m, s) for m, s, _ in results if m.file == f]
        c = {k: rs.count(k) for k in kinds}
        for k in kinds:
            total[k] += c[k]
        live = c["killed"] + c["survived"]
        score = f"{100 * c['killed'] / live:5.1f}%" if live else "    -"
        print(f"{f:20} {len(rs):7} {c['killed']:7} {c['survived']:9} {c['equivalent']:11} "
              f"{c['build-failed']:9}  {score}")
    live = total["killed"] + total["survived"]
    print(f"{'all':20} {len(results):7} {total['killed']:7} {total['survived']:9} "
          f"{total['equivalent']:11} {total['build-failed']:9}  "
          f"{100 * total['killed'] / live if live else 0:5.1f}%")
    by = {}
    for _, s, b in results:
        if s == "killed":
            k = b.split()[0]
            by[k] = by.get(k, 0) + 1
    print("killed by: " + ", ".join(f"{k} {n}" for k, n in sorted(by.items())))
    surv = [(m, b) for m, s, b in results if fate(m, s) == "survived"]
    if surv:
        print("\nsurvivors (kill them with a test, or list them in tests/mutants-equivalent.txt "
              "as '<mutant as below>  # why'; 'units' or 'subset': the end-to-end tests or the rest "
              "of the suite have not run on it yet):")
        for m, b in surv:
            print(f"  {m.key}    (line {m.line}, {m.op}{', ' + b if b != 'suite' else ''})")
    if elapsed:
        print(f"\n{time.time() - t0:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
