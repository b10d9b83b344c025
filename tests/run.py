#!/usr/bin/env python3
"""Runs tock's whole test suite: the C unit tests, then every tests/test_*.py against the
built binary. Ends with one line "N passed, N failed" and exits non-zero on any failure."""
import argparse
import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def run_unit(binary):
    proc = subprocess.run([binary], capture_output=True, text=True)
    sys.stdout.write(proc.stdout[-4000:] if proc.returncode == 0 else proc.stdout)
    sys.stderr.write(proc.stderr)
    m = re.search(r"^(\d+) passed, (\d+) failed$", proc.stdout, re.M)
    if not m:
        print("unit tests: no summary line (crashed?)", file=sys.stderr)
        return 0, 1
    passed, failed = int(m.group(1)), int(m.group(2))
    if proc.returncode != 0 and failed == 0:
        failed = 1
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--unit")
    ap.add_argument("-k", dest="pattern", help="only tests whose name contains this")
    args = ap.parse_args()
    os.environ["TOCK_BIN"] = args.bin
    sys.path.insert(0, HERE)

    passed = failed = 0
    if args.unit and not args.pattern:
        p, f = run_unit(args.unit)
        print(f"unit: {p} passed, {f} failed".replace(" passed, ", " ok, "))
        passed += p
        failed += f

    loader = unittest.TestLoader()
    if args.pattern:
        loader.testNamePatterns = [f"*{args.pattern}*"]
    suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    result = unittest.TextTestRunner(verbosity=1, stream=sys.stdout).run(suite)
    bad = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed += result.testsRun - bad - len(result.skipped)
    failed += bad
    skipped = len(result.skipped)
    # What was skipped and why, by reason (STORE=pg skips what only a sqlite file has).
    reasons = {}
    for test, why in result.skipped:
        reasons.setdefault(why, []).append(test.id().split(".", 1)[0])
    for why, mods in sorted(reasons.items()):
        counts = ", ".join(f"{m} {mods.count(m)}" for m in sorted(set(mods)))
        print(f"skipped {len(mods)}: {why} ({counts})")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
