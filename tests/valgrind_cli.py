#!/usr/bin/env python3
"""`make valgrind`: the command line's typical paths — successes and the usual failures — each
run under valgrind --leak-check=full. Any memory error or a definite or indirect leak fails
(exit 99 from valgrind), as does a command that ends differently from what the list expects.
Ends with "N passed, N failed"."""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

VALGRIND = ("valgrind -q --leak-check=full --show-leak-kinds=definite,indirect "
            "--errors-for-leak-kinds=definite,indirect --error-exitcode=99 "
            "--track-origins=yes")

# (expected exit status, arguments, TOCK_NOW or None)
SCRIPT = [
    (0, ["--version"], None),
    (0, ["--help"], None),
    (0, ["start", "--help"], None),
    (2, ["nosuch"], None),
    (2, ["add"], None),
    (0, ["client", "add", "acme", "--name", "ACME Corp", "--rate", "150"], None),
    (0, ["client", "add", "müller", "--currency", "JPY", "--rate", "9000"], None),
    (1, ["client", "add", "acme"], None),
    (0, ["project", "add", "acme/api", "--budget-hours", "100"], None),
    (0, ["project", "add", "acme/web", "--fixed", "5000"], None),
    (1, ["project", "add", "acmee/x"], None),
    (0, ["client", "set", "acme", "--round", "15m", "--round-mode", "up", "--minimum", "30m"], None),
    (0, ["client", "list", "--json"], None),
    (0, ["client", "list"], None),
    (0, ["project", "list", "--json"], None),
    (0, ["project", "list", "acme"], None),
    (0, ["rate", "set", "acme/api", "standard", "160.50"], None),
    (0, ["rate", "set", "acme", "emergency", "400", "--from", "2026-11-01"], None),
    (1, ["rate", "set", "acme", "standard", "-5"], None),
    (0, ["rate", "list", "acme", "--json"], None),
    (0, ["retainer", "set", "acme", "--hours", "20", "--fee", "2500", "--overage-rate", "150",
         "--from", "2026-11-01"], None),
    (0, ["start", "acme/api", "-m", "ticket 42"], "2026-11-23T09:00:00"),
    (0, ["status"], "2026-11-23T09:30:00"),
    (0, ["status", "--json"], "2026-11-23T09:30:00"),
    (0, ["status", "--format", "%k %e %E %s %t %n %%"], "2026-11-23T09:30:00"),
    (0, ["start", "müller", "-s", "after-hours"], "2026-11-23T10:00:00"),
    (0, ["stop", "-m", "done"], "2026-11-23T11:15:00"),
    (1, ["stop"], "2026-11-23T11:20:00"),
    (0, ["start", "acme"], "2026-11-23T12:00:00"),
    (0, ["cancel"], "2026-11-23T12:05:00"),
    (0, ["add", "acme/api", "2026-11-20", "09:00-12:30", "-m", "Besprechung mit Jürgen"], None),
    (0, ["add", "acme", "yesterday", "1h30m", "--non-billable"], "2026-11-23T13:00:00"),
    (0, ["add", "müller", "2026-11-21", "22:00-01:00", "-s", "emergency"], None),
    (1, ["add", "acme/api", "2026-11-20", "10:00-11:00"], None),
    (1, ["add", "acme", "2026-11-20", "26h"], None),
    (1, ["add", "nosuch", "2026-11-20", "1h"], None),
    (0, ["edit", "1", "--duration", "2h"], None),
    (0, ["edit", "2", "--to", "acme/api", "-m", "moved"], None),
    (1, ["edit", "99", "-m", "x"], None),
    (0, ["log"], "2026-11-23T14:00:00"),
    (0, ["log", "--from", "2026-11-01", "--json"], "2026-11-23T14:00:00"),
    (0, ["log", "--client", "acme/api", "--json"], "2026-11-23T14:00:00"),
    (0, ["week"], "2026-11-23T14:00:00"),
    (0, ["week", "--json"], "2026-11-23T14:00:00"),
    (0, ["week", "2026-11-20", "--json"], "2026-11-23T14:00:00"),
    (0, ["retainer", "--json"], "2026-11-23T14:00:00"),
    (0, ["retainer", "acme"], "2026-11-23T14:00:00"),
    (0, ["run", "acme", "--", "true"], "2026-11-23T15:00:00"),
    (0, ["rm", "3"], None),
    (1, ["rm", "3"], None),
    (0, ["client", "archive", "müller"], None),
    (1, ["start", "müller"], None),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    args = ap.parse_args()
    os.environ["TOCK_BIN"] = args.bin
    os.environ["TOCK_WRAP"] = VALGRIND
    sys.path.insert(0, HERE)
    from tockenv import Tock  # reads TOCK_BIN and TOCK_WRAP

    t = Tock(now="2026-11-23T09:00:00")
    # Each of sqlite's allocations one of malloc's, which valgrind watches (mem_slab.h).
    t.env["TOCK_SYSTEM_MALLOC"] = "1"
    passed = failed = 0
    try:
        known = {c[0] for c in (["rate", "list"], ["retainer"]) if t.run(*c, "--help").rc == 0}
        for rc, argv, now in SCRIPT:
            if argv[0] in ("rate", "retainer") and argv[0] not in known:
                continue
            r = t.run(*argv, now=now, timeout=300)
            if r.rc == rc:
                passed += 1
                continue
            failed += 1
            why = "valgrind found errors or leaks" if r.rc == 99 else f"exit {r.rc}, expected {rc}"
            print(f"FAIL tock {' '.join(argv)}: {why}\n{r.err}", file=sys.stderr)
    finally:
        t.cleanup()
    print(f"valgrind: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
