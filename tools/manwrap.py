#!/usr/bin/env python3
"""Wraps man pages' text lines at 80 bytes (mandoc's style note), leaving requests and
no-fill blocks (.nf/.EX, where a line is a line) alone."""
import sys

for p in sys.argv[1:]:
    lines, out, nofill = open(p, encoding="utf-8").read().split("\n"), [], False
    for l in lines:
        if l.startswith((".nf", ".fi", ".EX", ".EE")):
            nofill = l.startswith((".nf", ".EX"))
        while not nofill and len(l.encode()) > 80 and not l.startswith(".") and " " in l[:80]:
            cut = l.rindex(" ", 0, 80)
            head, l = l[:cut], l[cut + 1:]
            out.append(head)
            if l.startswith((".", "'")):
                l = "\\&" + l
        out.append(l)
    open(p, "w", encoding="utf-8").write("\n".join(out))
