#!/usr/bin/env python3
"""Puts what comes from tock's command table into man/tock.1: the SYNOPSIS (between its BEGIN
SYNOPSIS and END SYNOPSIS marks) and each command's heading in COMMANDS (the line after .TP),
as `tock __man` prints them. The prose under each heading is the page's own.

  tools/mansync.py [--bin build/tock] man/tock.1           rewrites the page
  tools/mansync.py [--bin build/tock] --check man/tock.1   exits 1, saying what differs

A command without a heading, or a heading that names no command, is an error either way:
add the entry's text by hand, then run this."""
import argparse
import difflib
import re
import subprocess
import sys

BEGIN = '.\\" BEGIN SYNOPSIS'
END = '.\\" END SYNOPSIS'


def tock(binary, what):
    return subprocess.run([binary, "__man", what], check=True, capture_output=True,
                          text=True).stdout


def plain(request):
    """The text of a '.B "..."' heading without fonts and escapes: 'client set KEY [...'."""
    text = request[len('.B "'):].rstrip('"')
    text = re.sub(r"\\f[A-Z]|\\f\(..|\\%", "", text)
    return text.replace("\\-", "-").replace("\\~", " ").replace("\\ ", " ")


def sync(page, synopsis, headings):
    """The page as it should be, and a list of errors."""
    errors = []
    lines = page.split("\n")
    try:
        b, e = lines.index(next(l for l in lines if l.startswith(BEGIN))), \
            lines.index(next(l for l in lines if l.startswith(END)))
    except StopIteration:
        return page, [f"no '{BEGIN}' … '{END}' block"]
    lines[b + 1:e] = synopsis.rstrip("\n").split("\n")
    names = sorted(headings, key=len, reverse=True)      # "retainer set" before "retainer"
    seen = {}
    section = None
    for i, line in enumerate(lines):
        if line.startswith(".SH "):
            section = line[4:].strip()
        if section != "COMMANDS" or i == 0 or lines[i - 1] != ".TP" or \
                not line.startswith('.B "'):
            continue
        text = plain(line)
        name = next((n for n in names if text == n or text.startswith(n + " ")), None)
        if name is None:
            errors.append(f"line {i + 1}: a heading that names no command: {text}")
            continue
        if name in seen:
            errors.append(f"line {i + 1}: a second heading for '{name}' (line {seen[name]})")
            continue
        seen[name] = i + 1
        lines[i] = headings[name]
    for name in headings:
        if name not in seen:
            errors.append(f"COMMANDS has no entry for '{name}': add '.TP' and its text")
    return "\n".join(lines), errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/tock")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("page")
    args = ap.parse_args()
    headings = dict(l.split("\t", 1) for l in tock(args.bin, "headings").splitlines())
    with open(args.page, encoding="utf-8") as f:
        page = f.read()
    new, errors = sync(page, tock(args.bin, "synopsis"), headings)
    for e in errors:
        print(f"{args.page}: {e}", file=sys.stderr)
    if args.check:
        if new != page:
            diff = difflib.unified_diff(page.split("\n"), new.split("\n"), args.page,
                                        "from the command table", lineterm="", n=0)
            print("\n".join(list(diff)[:40]), file=sys.stderr)
            print(f"{args.page} is not current: run make man", file=sys.stderr)
        return 1 if errors or new != page else 0
    if new != page:
        with open(args.page, "w", encoding="utf-8") as f:
            f.write(new)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
