"""The build's promises: the pure core reads no clock and keeps no state; every TEST(name) in
tests/unit/*.c runs (whatever C identifier it is named with); `make uninstall` removes
everything `make install` put in place."""
import os
import re
import subprocess
import tempfile
import unittest

from tockenv import BIN

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.dirname(os.path.abspath(BIN))


# The pure core of README's layer table (the billing modules by name).
CORE = ["day", "duration", "money", "text", "week_grid", "billing", "bizhours", "rounding",
        "rate_card", "retainer", "retainer_draw", "invoice", "invoice_hourly", "invoice_retainer"]


class Build(unittest.TestCase):
    def test_the_core_reads_no_clock_and_no_environment(self):
        for name in CORE:
            with open(os.path.join(ROOT, "src", name + ".c"), encoding="utf-8") as f:
                code = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
            for call in ("getenv", "time", "clock_gettime", "gettimeofday", "clock_now"):
                self.assertIsNone(re.search(r"\b%s\s*\(" % call, code), f"src/{name}.c calls {call}")
            # File-scope variables: only constants (day.c's memo of the zone is the exception
            # clock.c resets).
            for m in re.finditer(r"^static (?!const)[^(\n]*(?:;|=)", code, re.M):
                self.assertEqual(name, "day", f"src/{name}.c: {m.group(0)}")

    def test_every_unit_test_is_registered(self):
        unit = os.path.join(BUILD, "unit_tests")
        self.assertTrue(os.access(unit, os.X_OK), f"{unit} is not built (make unit_tests)")
        declared = set()
        folder = os.path.join(ROOT, "tests", "unit")
        for name in sorted(os.listdir(folder)):
            if name.endswith(".c"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    declared |= set(re.findall(r"^TEST\(\s*([A-Za-z_]\w*)\s*\)", f.read(), re.M))
        self.assertGreater(len(declared), 100)
        out = subprocess.run([unit], capture_output=True, text=True, timeout=600).stdout
        ran = set(re.findall(r"^(?:ok  |FAIL) (\S+)$", out, re.M))
        self.assertEqual(declared - ran, set(), "declared but never run")

    def test_uninstall_removes_what_install_put(self):
        with tempfile.TemporaryDirectory() as dest:
            make = ["make", "-s", "-C", ROOT, f"BUILD={BUILD}", f"DESTDIR={dest}",
                    "PREFIX=/usr/local", "-o", os.path.join(BUILD, "tock")]
            inst = subprocess.run(make + ["install"], capture_output=True, text=True, timeout=120)
            self.assertEqual(inst.returncode, 0, inst.stderr)
            files = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs]
            self.assertIn(os.path.join(dest, "usr/local/bin/tock"), files)
            self.assertIn(os.path.join(dest, "usr/local/share/man/man5/tock.5"), files)
            self.assertGreaterEqual(len(files), 8)
            un = subprocess.run(make + ["uninstall"], capture_output=True, text=True, timeout=120)
            self.assertEqual(un.returncode, 0, un.stderr)
            left = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs]
            self.assertEqual(left, [])
            self.assertFalse(os.path.exists(os.path.join(dest, "usr/local/share/tock")))


if __name__ == "__main__":
    unittest.main()
