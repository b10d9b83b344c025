"""libcjson is opened only when JSON is read (src/json_cjson_load.c): the views never load it,
the commands that read JSON still work, and without a usable library they fail in one line."""
import os
import shutil
import subprocess

from tockenv import TockCase

CC = os.environ.get("CC", "cc")


def loaded(result):
    """Whether the dynamic loader's LD_DEBUG=files trace names libcjson."""
    return "libcjson" in result.err


class JsonLoadTest(TockCase):
    def setUp(self):
        super().setUp()
        self.t.ok("client", "add", "acme", "--rate", "150")
        self.t.ok("add", "acme", "2026-11-23", "1h30m", "-m", "mockups")
        self.export = os.path.join(self.t.dir, "export.json")
        self.t.ok("export", "--format", "json", "-o", self.export)

    def traced(self, *args):
        return self.t.run(*args, env={"LD_DEBUG": "files"})

    def test_views_do_not_load_libcjson_and_an_import_does(self):
        for args in (["status"], ["week", "--json"], ["log", "--json"]):
            r = self.traced(*args)
            self.assertEqual(r.rc, 0, r)
            self.assertFalse(loaded(r), f"tock {' '.join(args)} loaded libcjson: {r.err}")
        # The same trace does show it where JSON is read, so the check above can fail.
        r = self.traced("import", "tock", self.export)
        self.assertEqual(r.rc, 0, r)
        self.assertTrue(loaded(r), r.err)

    def test_importing_a_json_export_with_libcjson_loaded_on_demand(self):
        other = os.path.join(self.t.dir, "other.db")
        r = self.t.ok("--db", other, "import", "tock", self.export)
        self.assertIn("imported 1 entry (1:30)", r.out)
        got = self.t.json("--db", other, "log", "--from", "2026-11-23", "--to", "2026-11-23")
        self.assertEqual([(e["client"], e["seconds"], e["note"]) for e in got],
                         [("acme", 5400, "mockups")])
        # Reading its own export back finds it already there.
        self.assertIn("1 duplicate", self.t.ok("import", "tock", self.export).out)

    def fails_without(self, libdir, why):
        """Every JSON-reading command fails in one line naming libcjson, writing nothing."""
        env = {"LD_LIBRARY_PATH": libdir}
        before = self.t.digest()
        r = self.assertFails("import", "tock", self.export, env=env, contains=why)
        self.assertIn(f"{self.export}:1: ", r.err)
        dump = os.path.join(self.t.dir, "all.json")
        self.t.ok("export", "--all", "-o", dump)
        new = os.path.join(self.t.dir, "new.db")
        self.assertFails("--db", new, "import", "tock", dump, env=env, contains=why)
        self.assertFails("audit", "--json", env=env, contains=why)
        # Zoho's replies are JSON: said before any request (nothing listens on port 9).
        self.t.config("[zoho]\norganization_id = 1\nclient_id = x\nclient_secret = y\n"
                      "refresh_token = z\naccounts_url = http://127.0.0.1:9\n"
                      "api_url = http://127.0.0.1:9/invoice/v3\n")
        self.assertFails("zoho", "contacts", env=env, contains=why)
        self.assertEqual(self.t.digest(), before)
        # A view does not need it.
        self.assertEqual(self.t.run("week", "--json", env=env).rc, 0)

    def test_a_libcjson_that_cannot_be_loaded_is_one_line(self):
        libdir = os.path.join(self.t.dir, "lib")
        os.makedirs(libdir)
        with open(os.path.join(libdir, "libcjson.so.1"), "w") as f:
            f.write("not a shared library\n")
        self.fails_without(libdir, "cannot load libcjson (")

    def test_a_libcjson_without_its_functions_is_one_line(self):
        if not shutil.which(CC):
            self.skipTest(f"no C compiler ({CC}) to build a stand-in library")
        libdir = os.path.join(self.t.dir, "lib")
        os.makedirs(libdir)
        src = os.path.join(libdir, "empty.c")
        with open(src, "w") as f:
            f.write("int tock_not_cjson;\n")
        subprocess.run([CC, "-shared", "-fPIC", "-o", os.path.join(libdir, "libcjson.so.1"), src],
                       check=True, timeout=60)
        self.fails_without(libdir, "libcjson has no cJSON_ParseWithLengthOpts")
