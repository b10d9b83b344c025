"""The layers README states, kept by the source itself: the command line (src/cli_*.c) and the
screens (src/ui_*.c) parse and show and reach the database only through the app layer, which
holds the rules and the transactions; and no two ui_ (or zoho_) modules include each other's
headers in a loop. Reads the source only: no binary needed."""
import glob
import os
import re
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The acceptance grep of issue 16: `grep -nE '\bstore_[a-z_]+ *\(' src/cli_*.c src/ui_*.c`.
STORE_CALL = re.compile(r"\bstore_[a-z_]+ *\(")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def store_calls(paths):
    """Every line of paths that calls the store, as "file:line: text"."""
    hits = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if STORE_CALL.search(line):
                    hits.append(f"{os.path.relpath(path, ROOT)}:{n}: {line.strip()}")
    return hits


def include_graph(prefix):
    """Module → the other modules of prefix whose header it includes. A module is a file's
    name without .c or .h (src/ui_state.c and include/ui_state.h are module ui_state)."""
    graph = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "src", prefix + "*.[ch]")) +
                       glob.glob(os.path.join(ROOT, "include", prefix + "*.h"))):
        mod = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        deps = graph.setdefault(mod, set())
        for inc in INCLUDE.findall(text):
            other = os.path.splitext(os.path.basename(inc))[0]
            if other.startswith(prefix) and other != mod:
                deps.add(other)
    return graph


def find_cycle(graph):
    """One include loop as a list of modules (first == last), or None."""
    state = {}   # 1: on the path being walked, 2: done

    def walk(mod, path):
        state[mod] = 1
        for dep in sorted(graph.get(mod, ())):
            if state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            if dep not in state:
                loop = walk(dep, path + [dep])
                if loop:
                    return loop
        state[mod] = 2
        return None

    for mod in sorted(graph):
        if mod not in state:
            loop = walk(mod, [mod])
            if loop:
                return loop
    return None


class TestLayers(unittest.TestCase):
    def test_the_check_sees_a_store_call(self):
        # The patterns below would pass vacuously if they matched nothing: they must see these.
        for line in ("    rc = store_begin(app->st, &err);", "if (!store_client_get (st, k))"):
            self.assertRegex(line, STORE_CALL)
        for line in ("store_filter f = { 0 };", "/* store_* calls */", "app_store_x(1)"):
            self.assertNotRegex(line, STORE_CALL)
        self.assertEqual(find_cycle({"ui_a": {"ui_b"}, "ui_b": {"ui_c"}, "ui_c": {"ui_a"}}),
                         ["ui_a", "ui_b", "ui_c", "ui_a"])
        self.assertIsNone(find_cycle({"ui_a": {"ui_b"}, "ui_b": set()}))

    def test_cli_and_ui_call_no_store_function(self):
        paths = sorted(glob.glob(os.path.join(ROOT, "src", "cli_*.c")) +
                       glob.glob(os.path.join(ROOT, "src", "ui_*.c")))
        self.assertGreater(len(paths), 10, "the source files were not found")
        hits = store_calls(paths)
        self.assertEqual(hits, [], "the command line and the screens reach the database only "
                         "through app_ functions; these call the store:\n" + "\n".join(hits))

    def test_no_include_cycle_between_ui_or_zoho_modules(self):
        for prefix in ("ui_", "zoho_"):
            graph = include_graph(prefix)
            self.assertTrue(graph, f"no {prefix} files found")
            loop = find_cycle(graph)
            self.assertIsNone(loop, f"{prefix} modules include each other in a loop: "
                              + " -> ".join(loop or []))


if __name__ == "__main__":
    unittest.main()
