"""The audit log that proves itself (issue 17): every change recorded with its user and its
values before and after, a hash chain an auditor can recompute from the man page, and
`tock audit verify` naming the first record an edit, a deletion or an insertion with the
sqlite3 shell broke — or, against a head kept elsewhere, a cut tail."""
import hashlib
import json
import os
import pwd
import re
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

import fake_zoho
from test_invoice import Base
from tockenv import BIN, PG, Tock, TockCase, pg_psql, sqlite_only

ME = pwd.getpwuid(os.getuid()).pw_name
IS_ROOT = os.geteuid() == 0
HAVE_USERADD = shutil.which("useradd") and shutil.which("runuser") and shutil.which("userdel")
TRIGGERS = ("audit_append_only_u", "audit_append_only_d")


def field(x):
    """tock.1, AUDIT LOG: a field is its length in bytes, ':', its bytes, a newline."""
    b = x.encode()
    return str(len(b)).encode() + b":" + b + b"\n"


def audit_rows(db):
    """The log joined with the logins, in order: db is a sqlite file or a Tock world (whose
    database may be PostgreSQL's)."""
    if PG and (isinstance(db, Tock) or db.startswith("postgresql:")):
        name = db.pg_db if isinstance(db, Tock) else db.split("///")[1].split("?")[0]
        r = pg_psql("SELECT coalesce(json_agg(json_build_array(a.id, a.at_utc, "
                    "coalesce(u.login, ''), a.action, a.entity, a.entity_id, a.detail, "
                    "a.prev_hash, a.hash) ORDER BY a.id), '[]') FROM audit a "
                    "LEFT JOIN users u ON u.id = a.user_id", db=name)
        if r.returncode:
            raise RuntimeError(r.stderr)
        return json.loads(r.stdout)
    con = sqlite3.connect(db.db if isinstance(db, Tock) else db)
    rows = con.execute("SELECT a.id, a.at_utc, IFNULL(u.login, ''), a.action, a.entity, "
                       "a.entity_id, a.detail, a.prev_hash, a.hash FROM audit a "
                       "LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id").fetchall()
    con.close()
    return rows


def recompute(db):
    """The chain as an auditor recomputes it from the man page alone: [(seq, hash, ok)]."""
    prev, out = "", []
    for seq, at, user, action, entity, eid, detail, stored_prev, stored in audit_rows(db):
        data = b"".join(field(str(v)) for v in (seq, at)) + field(user) + field(action) \
            + field(entity) + field("" if eid is None else str(eid)) + field(detail) + field(prev)
        h = hashlib.sha256(data).hexdigest()
        out.append((seq, h, h == stored and (stored_prev or "") == prev))
        prev = h
    return out


def sql(db, *statements):
    """Runs statements as someone who can write the database outside tock: sqlite3's shell
    (a plain connection, the triggers dropped first: anyone who can write the file can), or
    PostgreSQL's superuser with the append-only trigger disabled. db: a file or a world."""
    if isinstance(db, Tock) and PG:
        r = pg_psql("ALTER TABLE audit DISABLE TRIGGER audit_append_only; "
                    + "; ".join(statements), db=db.pg_db)
        if r.returncode:
            raise RuntimeError(r.stderr)
        return
    con = sqlite3.connect(db.db if isinstance(db, Tock) else db)
    for t in TRIGGERS:
        con.execute(f"DROP TRIGGER IF EXISTS {t}")
    for s in statements:
        con.execute(s)
    con.commit()
    con.close()


def query(t, statement):
    """Rows of a query on a world's database, as strings (either store)."""
    if PG:
        r = pg_psql(statement, db=t.pg_db)
        if r.returncode:
            raise RuntimeError(r.stderr)
        return [tuple(line.split("|")) for line in r.stdout.splitlines()]
    con = sqlite3.connect(t.db)
    rows = [tuple("" if v is None else str(v) for v in row) for row in con.execute(statement)]
    con.close()
    return rows


class AuditCase(TockCase):
    def records(self, *args):
        return self.t.json("audit", *args)

    def last(self, entity, action):
        rows = [r for r in self.records("--entity", entity) if r["action"] == action]
        self.assertTrue(rows, f"no {action} {entity} record")
        return rows[-1]

    def world(self):
        t = self.t
        t.ok("client", "add", "acme", "--name", "ACME Corp", "--rate", "150")
        t.ok("project", "add", "acme/api")
        t.ok("add", "acme/api", "2026-11-20", "1h30m", "-m", "ticket 42")


class EveryChangeTest(AuditCase):
    def test_every_kind_of_change_is_recorded_with_its_user_and_values(self):
        t = self.t
        self.world()
        t.ok("edit", "1", "-m", "ticket 43")
        t.ok("rate", "set", "acme", "after-hours", "225")
        t.ok("client", "set", "acme", "--round", "15m")
        t.ok("client", "set", "acme", "--tier", "emergency", "--minimum", "1h")
        t.ok("project", "set", "acme/api", "--outside-retainer")
        t.ok("retainer", "set", "acme", "--hours", "20", "--fee", "2500", "--overage-rate", "180")
        t.ok("retainer", "end", "acme")
        t.ok("sprint", "add", "acme", "Launch", "--from", "2026-12-01", "--to", "2026-12-12")
        t.ok("sprint", "every", "acme", "2w", "--starting", "2026-11-02")
        t.ok("start", "acme/api", "--at", "08:00")
        t.ok("stop", "--at", "08:45")
        t.ok("start", "acme")
        t.ok("cancel")
        t.ok("rm", "1")
        t.ok("project", "archive", "acme/api")
        t.ok("client", "archive", "acme")
        recs = self.records()
        self.assertEqual({r["user"] for r in recs}, {ME})
        self.assertEqual([r["seq"] for r in recs], list(range(1, len(recs) + 1)))
        by = {}
        for r in recs:
            by.setdefault((r["action"], r["entity"]), []).append(r)

        add = by[("add", "entry")][0]
        self.assertEqual(add["entity_id"], 1)
        self.assertEqual(add["detail"]["after"]["note"], "ticket 42")
        self.assertEqual(add["detail"]["after"]["seconds"], 5400)
        self.assertNotIn("before", add["detail"])
        edit = by[("edit", "entry")][0]["detail"]
        self.assertEqual(edit, {"before": {"note": "ticket 42"}, "after": {"note": "ticket 43"}})
        gone = by[("delete", "entry")][0]["detail"]
        self.assertEqual((gone["before"]["id"], gone["before"]["note"]), (1, "ticket 43"))
        self.assertNotIn("after", gone)

        self.assertEqual(by[("add", "client")][0]["detail"]["after"]["name"], "ACME Corp")
        self.assertEqual(by[("set", "client")][0]["detail"],
                         {"before": {"round_seconds": None}, "after": {"round_seconds": 900}})
        self.assertEqual(by[("archive", "client")][0]["detail"],
                         {"before": {"archived": 0}, "after": {"archived": 1}})
        self.assertEqual(by[("add", "project")][0]["detail"]["after"]["key"], "api")
        self.assertEqual(by[("set", "project")][0]["detail"],
                         {"before": {"outside_retainer": 0}, "after": {"outside_retainer": 1}})
        self.assertEqual(by[("archive", "project")][0]["detail"]["after"], {"archived": 1})

        first, later = by[("set", "rate")]
        self.assertEqual([(r["tier"], r["amount_minor"]) for r in first["detail"]["after"]],
                         [("standard", 15000)])
        self.assertEqual(later["detail"]["before"], [])
        self.assertEqual([(r["tier"], r["amount_minor"]) for r in later["detail"]["after"]],
                         [("after-hours", 22500)])
        rule = by[("set", "tier rule")][0]["detail"]
        self.assertEqual((rule["after"]["tier"], rule["after"]["minimum_seconds"]), ("emergency", 3600))
        ret = by[("set", "retainer")][0]["detail"]
        self.assertEqual((ret["before"], ret["after"][0]["fee_minor"]), ([], 250000))
        end = by[("end", "retainer")][0]["detail"]
        self.assertEqual((end["before"][0]["to_day"], end["after"][0]["to_day"]), (None, "2026-11-30"))
        self.assertEqual(by[("add", "sprint")][0]["detail"]["after"]["name"], "Launch")
        self.assertEqual(by[("set", "sprint_cadence")][0]["detail"]["after"]["every_days"], 14)

        start, again = by[("start", "timer")]
        self.assertEqual(start["detail"]["after"]["project_id"], 1)
        stop = by[("stop", "timer")][0]["detail"]
        self.assertEqual(stop["before"]["start_utc"], start["detail"]["after"]["start_utc"])
        self.assertNotIn("after", stop)
        stopped = by[("add", "entry")][1]["detail"]["after"]
        self.assertEqual(stopped["end_utc"] - stopped["start_utc"], 45 * 60)
        cancel = by[("cancel", "timer")][0]["detail"]
        self.assertEqual(cancel["before"]["client_id"], 1)
        self.assertIsNone(cancel["before"]["project_id"])
        self.assertEqual(t.ok("audit", "verify").rc, 0)

    def test_an_import_is_one_record_with_its_source(self):
        self.world()
        csv = os.path.join(self.t.dir, "e.csv")
        self.t.ok("export", "--from", "2026-11-01", "--to", "2026-11-30", "-o", csv)
        other = Tock(now=self.now)
        self.addCleanup(other.cleanup)
        other.ok("import", "tock", csv)
        imp = [r for r in other.json("audit") if r["action"] == "import"]
        self.assertEqual(len(imp), 1)
        self.assertEqual((imp[0]["user"], imp[0]["detail"]["after"]["entries"]), (ME, 1))
        self.assertEqual(other.ok("audit", "verify").rc, 0)

    def test_taxes_and_tax_rules_are_recorded_with_before_and_after(self):
        t = self.t
        t.ok("client", "add", "acme")
        t.ok("tax", "add", "VAT", "--percent", "19", "--zoho-id", "111")
        t.ok("tax", "add", "VAT", "--percent", "20")
        t.ok("tax", "set", "acme", "VAT")
        t.ok("tax", "set", "acme", "--exempt", "222")
        t.ok("tax", "set", "acme", "--none")
        first, second = [r for r in self.records("--entity", "tax")]
        self.assertEqual((first["action"], first["detail"]["key"]), ("set", "VAT"))
        self.assertNotIn("before", first["detail"])
        self.assertEqual(first["detail"]["after"]["percent_milli"], 19000)
        self.assertEqual(second["detail"], {"key": "VAT",
                                            "before": {"percent_milli": 19000, "zoho_tax_id": "111"},
                                            "after": {"percent_milli": 20000, "zoho_tax_id": None}})
        put, exempt, none = self.records("--entity", "tax rule")
        self.assertEqual((put["detail"]["before"], put["detail"]["after"][0]["tax_id"]), ([], 1))
        self.assertEqual((exempt["detail"]["before"][0]["tax_id"],
                          exempt["detail"]["after"][0]["exemption"]), (1, "222"))
        self.assertEqual((none["detail"]["before"][0]["exemption"], none["detail"]["after"]),
                         ("222", []))
        self.assertEqual(t.ok("audit", "verify").rc, 0)

    def test_a_refused_change_writes_no_record(self):
        self.world()
        n = len(self.records())
        self.assertFails("edit", "1", "--duration", "30h")
        self.assertFails("client", "add", "acme")
        self.assertEqual(len(self.records()), n)

    def test_no_change_without_its_record(self):
        # The record cannot be written (a trigger refuses it): the change is not made either.
        self.world()
        if PG:
            sql(self.t, "CREATE FUNCTION no_more() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$BEGIN RAISE EXCEPTION 'refused by the test'; END$$",
                "CREATE TRIGGER no_more BEFORE INSERT ON audit FOR EACH ROW "
                "EXECUTE FUNCTION no_more()")
        else:
            sql(self.t, "CREATE TRIGGER no_more BEFORE INSERT ON audit "
                        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
        for args in (("add", "acme/api", "2026-11-21", "1h"), ("edit", "1", "-m", "x"), ("rm", "1"),
                     ("start", "acme"), ("client", "set", "acme", "--round", "15m"),
                     ("rate", "set", "acme", "after-hours", "200")):
            r = self.t.run(*args)
            self.assertEqual(r.rc, 1, r)
            self.assertIn("refused by the test", r.err)
        self.assertEqual(query(self.t, "SELECT count(*), max(note) FROM entries"),
                         [("1", "ticket 42")])
        self.assertEqual(query(self.t, "SELECT count(*) FROM timers"), [("0",)])
        self.assertEqual(query(self.t, "SELECT round_seconds FROM clients"), [("",)])
        self.assertEqual(query(self.t, "SELECT count(*) FROM rates"), [("1",)])

    def test_writers_at_once_keep_one_chain(self):
        self.world()
        procs = [self.t.popen("add", "acme/api", f"2026-11-{10 + i}", "1h", stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for i in range(8)]
        for p in procs:
            self.assertEqual(p.wait(timeout=60), 0)
        # The admin's row (at first open), client, rate, project, entry and 8 more entries.
        self.assertEqual([r["seq"] for r in self.records()], list(range(1, 14)))
        self.assertEqual(self.t.ok("audit", "verify").rc, 0)

    def test_filters(self):
        self.world()
        self.t.ok("add", "acme/api", "2026-11-23", "1h", now="2026-11-24T10:00:00")
        self.assertEqual([r["action"] for r in self.records("--entity", "entry")], ["add", "add"])
        self.assertEqual(len(self.records("--from", "2026-11-24")), 1)
        self.assertEqual(self.records("--user", "nobody-here"), [])
        self.assertEqual(len(self.records("--user", ME)), 6)
        text = self.t.ok("audit").out.splitlines()
        self.assertEqual(len(text), 6)
        # The first record: the database's first user made its admin, as it was first opened.
        self.assertRegex(text[0], r"^\s+1  2026-11-23T09:00  \S+\s+add user 1  \{\"after\"")
        self.assertRegex(text[1], r"^\s+2  2026-11-23T09:00  \S+\s+add client 1  \{\"after\"")


class ChainTest(AuditCase):
    def setUp(self):
        super().setUp()
        self.world()
        for i in range(4):
            self.t.ok("add", "acme/api", "2026-11-19", "10m", "-m", f"n{i}")
        self.n = len(self.records())   # 9: the admin, client, rate, project, 5 entries

    def verify_fails(self, *args, at, says):
        r = self.t.run("audit", "verify", *args)
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.out, "")
        self.assertIn(f"the audit log breaks at record {at}: ", r.err)
        self.assertIn(says, r.err)
        return r

    def test_an_auditor_recomputes_the_chain_from_the_man_page(self):
        chain = recompute(self.t)
        self.assertEqual(len(chain), self.n)
        self.assertTrue(all(ok for _, _, ok in chain), chain)
        head = self.t.ok("audit", "head").out.strip()
        self.assertEqual(head, f"{self.n}:{chain[-1][1]}")
        self.assertEqual(self.t.json("audit", "head"), {"seq": self.n, "hash": chain[-1][1]})
        r = self.t.ok("audit", "verify")
        self.assertEqual(r.out, f"the audit log holds: {self.n} records, head {head}\n")
        self.assertEqual(self.t.ok("audit", "verify", "--against", head).rc, 0)

    def test_tock_offers_no_way_to_change_it_and_sqlite_refuses_plainly(self):
        if PG:
            for s in ("UPDATE audit SET detail = 'x' WHERE id = 2",
                      "DELETE FROM audit WHERE id = 2"):
                self.assertIn("append-only", pg_psql(s, db=self.t.pg_db).stderr)
            return
        con = sqlite3.connect(self.t.db)
        for s in ("UPDATE audit SET detail = 'x' WHERE id = 2", "DELETE FROM audit WHERE id = 2"):
            with self.assertRaisesRegex(sqlite3.DatabaseError, "append-only"):
                con.execute(s)
        con.close()

    def test_an_edited_row(self):
        sql(self.t, "UPDATE audit SET detail = replace(detail, 'n2', 'n9') WHERE id = 8")
        self.verify_fails(at=8, says="its content does not match its hash")
        self.assertEqual([ok for _, _, ok in recompute(self.t)].index(False), 7)

    def test_an_edited_row_whose_hash_was_recomputed(self):
        # The forger recomputes record 4's hash: record 5 no longer follows it.
        sql(self.t, "UPDATE audit SET at_utc = at_utc + 60 WHERE id = 4")
        h = recompute(self.t)[3][1]
        sql(self.t, f"UPDATE audit SET hash = '{h}' WHERE id = 4")
        self.verify_fails(at=5, says="it does not follow record 4")

    def test_a_changed_user_shows(self):
        sql(self.t, "INSERT INTO users(login, role, created_utc) VALUES ('mallory', 'member', 0)",
            "UPDATE audit SET user_id = (SELECT id FROM users WHERE login = 'mallory') WHERE id = 3")
        self.verify_fails(at=3, says="does not match its hash")

    def test_a_deleted_row(self):
        sql(self.t, "DELETE FROM audit WHERE id = 5")
        self.verify_fails(at=5, says="it is missing (deleted): record 6 follows record 4")

    def test_the_first_rows_deleted(self):
        sql(self.t, "DELETE FROM audit WHERE id <= 2")
        self.verify_fails(at=1, says="the log starts at record 3: the records before it are missing")

    def test_a_deleted_row_renumbered(self):
        # Closing the gap too: record 5 is now what was 6, linked to the old 5.
        sql(self.t, "DELETE FROM audit WHERE id = 5",
            *[f"UPDATE audit SET id = {i - 1} WHERE id = {i}" for i in range(6, self.n + 1)])
        self.verify_fails(at=5, says="does not")

    def test_an_inserted_row(self):
        # At the end, linked to the real head, with a hash copied from elsewhere.
        seq, h = self.t.ok("audit", "head").out.strip().split(":")
        sql(self.t, "INSERT INTO audit(id, at_utc, user_id, action, entity, entity_id, detail, "
                       f"prev_hash, hash) SELECT {int(seq) + 1}, at_utc, user_id, 'delete', 'entry', 2, "
                       f"'{{}}', '{h}', hash FROM audit WHERE id = 2")
        self.verify_fails(at=int(seq) + 1, says="does not match its hash (it was changed or inserted)")

    def test_an_inserted_row_in_the_middle(self):
        sql(self.t, *[f"UPDATE audit SET id = {i + 1} WHERE id = {i}" for i in range(self.n, 3, -1)],
            "INSERT INTO audit(id, at_utc, user_id, action, entity, entity_id, detail) "
            "VALUES (4, 0, 1, 'add', 'entry', 9, '{}')")
        self.verify_fails(at=4, says="does not match its hash")

    def test_an_inserted_row_before_the_first(self):
        sql(self.t, "INSERT INTO audit(id, at_utc, user_id, action, entity, detail) "
                       "VALUES (0, 0, 1, 'add', 'entry', '{}')")
        self.verify_fails(at=0, says="out of place (a record was inserted)")

    def test_a_cut_tail_shows_only_against_a_saved_head(self):
        head = self.t.ok("audit", "head").out.strip()
        sql(self.t, f"DELETE FROM audit WHERE id >= {self.n - 1}")
        self.assertEqual(self.t.ok("audit", "verify").rc, 0)   # what is left is a sound chain
        self.verify_fails("--against", head, at=self.n,
                          says=f"the log ends at record {self.n - 2}, before the saved head")
        r = self.t.run("audit", "verify", "--against", head, "--json")
        self.assertEqual(r.rc, 1)
        self.assertEqual((r.json()["ok"], r.json()["broken_at"]), (False, self.n))

    def test_a_rewritten_log_shows_against_a_saved_head(self):
        # A forger who recomputes every hash from record 3 on makes a sound chain, but not
        # the one whose head was kept.
        head = self.t.ok("audit", "head").out.strip()
        sql(self.t, "UPDATE audit SET detail = '{}' WHERE id = 3")
        chain = recompute(self.t)   # each hash from the one before, as recomputed
        sql(self.t, *[f"UPDATE audit SET prev_hash = '{chain[i - 1][1]}', hash = '{chain[i][1]}' "
                         f"WHERE id = {chain[i][0]}" for i in range(1, len(chain))],
            f"UPDATE audit SET hash = '{chain[0][1]}' WHERE id = 1")
        self.assertEqual(self.t.ok("audit", "verify").rc, 0)
        self.verify_fails("--against", head, at=self.n, says="not the record of the saved head")

    def test_a_bad_head_is_a_usage_error(self):
        for bad in ("7", "x:" + "0" * 64, "7:" + "0" * 63, "0:" + "0" * 64):
            self.assertFails("audit", "verify", "--against", bad, contains="SEQ:HASH")


class UpgradeTest(TockCase):
    # No PostgreSQL database predates the chain (the PostgreSQL store arrived with step 12),
    # and winding its schema back would re-run step 12, which is not written to run twice.
    @sqlite_only("winds the sqlite schema back to before the chain (PRAGMA user_version)")
    def test_records_of_an_older_tock_are_hashed_at_upgrade(self):
        t = self.t
        t.ok("client", "add", "acme")
        t.ok("add", "acme", "2026-11-20", "1h")
        # As the schema before the chain (step 11) left them: no hashes, an older version;
        # what step 12 (issue 18's milestones, cost rates, ticket references) adds goes too,
        # so that it applies again.
        sql(t.db, "UPDATE audit SET prev_hash = NULL, hash = NULL",
            "UPDATE audit SET detail = 'acme' WHERE entity = 'client'",
            "DROP TABLE invoice_milestones", "DROP TABLE milestones", "DROP TABLE cost_rates",
            # (step 18's listing index holds ref: it goes first, and comes back)
            "DROP INDEX entries_ref", "DROP INDEX entries_user_list",
            "ALTER TABLE entries DROP COLUMN ref",
            "ALTER TABLE timers DROP COLUMN ref",
            # and steps 14-15 (the billing index, issue 17: what a submitted week held)
            "ALTER TABLE weeks DROP COLUMN submitted_digest", "DROP INDEX entries_client_bill",
            "PRAGMA user_version = 10",
            "CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit BEGIN "
            "SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            "CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit BEGIN "
            "SELECT RAISE(ABORT, 'the audit log is append-only'); END")
        self.assertEqual(t.ok("audit", "verify").out.split(",")[0], "the audit log holds: 4 records")
        recs = t.json("audit")
        self.assertEqual([(r["action"], r["entity"]) for r in recs],
                         [("add", "user"), ("add", "client"), ("add", "entry"), ("chain", "audit")])
        self.assertEqual(recs[1]["detail"], "acme")          # an older record's text, kept
        self.assertEqual(recs[3]["detail"], {"hashed": 3})
        self.assertIsNone(recs[3]["user"])
        self.assertTrue(all(ok for _, _, ok in recompute(t.db)))
        con = sqlite3.connect(t.db)
        with self.assertRaisesRegex(sqlite3.DatabaseError, "append-only"):
            con.execute("UPDATE audit SET detail = 'x'")
        con.close()


_pg_count = 0


@unittest.skipUnless(IS_ROOT and HAVE_USERADD,
                     "needs root with useradd/runuser/userdel to run tock as a second OS user")
class TwoUsersTest(unittest.TestCase):
    """A shared database: records carry the OS user who made them ($USER changes nothing);
    a member reads only their own records' details, an admin (the creator) everyone's."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tock-audit-")
        os.chmod(self.dir, 0o777)
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.user = f"tocka{os.getpid() % 100000}"
        subprocess.run(["useradd", "-M", "-d", self.dir, "-s", "/bin/sh", self.user], check=True,
                       capture_output=True)
        self.addCleanup(subprocess.run, ["userdel", self.user], capture_output=True)
        self.bin = os.path.join(self.dir, "tock")
        shutil.copy(BIN, self.bin)
        os.chmod(self.bin, 0o755)
        self.db = os.path.join(self.dir, "team.db")
        if PG:
            # A database of the test cluster; the second OS user connects as the role of
            # its name (libpq's default), the one tock team add gives its group.
            global _pg_count
            _pg_count += 1
            name = f"{self.user}_{_pg_count}"
            self.assertEqual(pg_psql(f"CREATE DATABASE {name}").returncode, 0)
            pg_psql(f"CREATE ROLE {self.user} LOGIN")
            self.addCleanup(pg_psql, f"DROP ROLE IF EXISTS {self.user}")
            self.addCleanup(pg_psql, f"DROP OWNED BY {self.user}", db=name)
            self.db = f"postgresql:///{name}?host={PG}"

    def tock(self, *args, user=None, env=None):
        e = ["env", "-i", "PATH=/usr/bin:/bin", "TZ=Europe/Berlin", "HOME=" + self.dir,
             "TOCK_NOW=2026-11-23T09:00:00", "TOCK_DB=" + self.db, "LC_ALL=C.UTF-8"]
        e += [f"{k}={v}" for k, v in (env or {}).items()]
        pre = ["runuser", "-u", user, "--"] if user else []
        r = subprocess.run([*pre, *e, self.bin, *args], capture_output=True, text=True, timeout=60)
        return r

    def test_records_name_the_os_user_and_hide_others_details_from_members(self):
        def ok(*a, **kw):
            r = self.tock(*a, **kw)
            self.assertEqual(r.returncode, 0, r)
            return r
        self.start_team(ok)
        ok("add", "acme", "2026-11-20", "2h", "-m", "bob's", user=self.user, env={"USER": ME})
        ok("add", "acme", "2026-11-20", "1h", "-m", "root's")
        mine = json.loads(ok("audit", "--json").stdout)
        self.assertEqual([(r["user"], r["action"], r["entity"]) for r in mine],
                         [(ME, "add", "user"), (ME, "add", "client"), (ME, "add", "user"),
                          (self.user, "add", "entry"), (ME, "add", "entry")])
        self.assertEqual((mine[0]["entity_id"], mine[0]["detail"]["after"]["role"]), (1, "admin"))
        self.assertEqual(mine[3]["detail"]["after"]["note"], "bob's")   # an admin reads all
        self.assertEqual(mine[3]["detail"]["after"]["user_id"], 2)
        his = json.loads(ok("audit", "--json", user=self.user).stdout)
        self.assertEqual([r["detail"] is None for r in his], [True, True, True, False, True])
        self.assertEqual(his[3]["detail"]["after"]["note"], "bob's")
        text = ok("audit", user=self.user).stdout
        self.assertNotIn("root's", text)
        self.assertIn("(another user's: admins and leads only)", text)
        ok("team", "set", self.user, "--role", "lead")              # a lead reads all
        his = json.loads(ok("audit", "--json", user=self.user).stdout)
        self.assertEqual(his[4]["detail"]["after"]["note"], "root's")
        self.assertEqual(ok("audit", "verify", user=self.user).returncode, 0)

    def start_team(self, ok):
        ok("client", "add", "acme")                                  # root creates: admin
        for f in ("team.db", "team.db-wal", "team.db-shm"):
            if os.path.exists(os.path.join(self.dir, f)):
                os.chmod(os.path.join(self.dir, f), 0o666)
        ok("team", "add", self.user)

    def test_weeks_and_team_roles_are_recorded_with_before_and_after(self):
        def ok(*a, **kw):
            r = self.tock(*a, **kw)
            self.assertEqual(r.returncode, 0, r)
            return r
        self.start_team(ok)
        ok("add", "acme", "2026-11-24", "2h", user=self.user)
        ok("submit", user=self.user)
        ok("reject", self.user, "-m", "Tuesday has no ticket")
        ok("edit", "1", "-m", "T-7", user=self.user)   # a rejected week goes back changed
        ok("submit", user=self.user)
        ok("approve", self.user)
        ok("reopen", self.user, "-m", "client disputes the 24th")
        weeks = json.loads(ok("audit", "--entity", "week", "--json").stdout)
        self.assertEqual([(r["user"], r["action"]) for r in weeks],
                         [(self.user, "submit"), (ME, "reject"), (self.user, "submit"),
                          (ME, "approve"), (ME, "reopen")])
        self.assertEqual({r["entity_id"] for r in weeks}, {2})       # whose week
        self.assertEqual({r["detail"]["key"] for r in weeks}, {"2026-11-23"})   # which
        first = weeks[0]["detail"]
        self.assertNotIn("before", first)
        self.assertEqual((first["after"]["state"], first["after"]["week_start"]),
                         ("submitted", "2026-11-23"))
        self.assertEqual(weeks[1]["detail"]["before"]["state"], "submitted")
        self.assertEqual((weeks[1]["detail"]["after"]["state"], weeks[1]["detail"]["after"]["reason"]),
                         ("rejected", "Tuesday has no ticket"))
        self.assertEqual(weeks[3]["detail"]["before"]["state"], "submitted")
        self.assertEqual(weeks[3]["detail"]["after"]["state"], "approved")
        self.assertEqual((weeks[4]["detail"]["before"]["state"], weeks[4]["detail"]["after"]),
                         ("approved", {"state": "open", "reason": "client disputes the 24th"}))
        self.assertEqual(weeks[2]["detail"]["after"]["actor_id"], 2)   # who set it, each time
        ok("team", "set", self.user, "--role", "lead")
        ok("team", "rm", self.user)
        ok("team", "add", self.user, "--role", "member")
        users = json.loads(ok("audit", "--entity", "user", "--json").stdout)
        self.assertEqual([(r["entity_id"], r["action"]) for r in users[:1]], [(1, "add")])  # admin
        users = users[1:]
        self.assertEqual([r["action"] for r in users], ["add", "edit", "delete", "add"])
        self.assertEqual({r["entity_id"] for r in users}, {2})
        added = users[0]["detail"]
        self.assertNotIn("before", added)
        self.assertEqual((added["after"]["login"], added["after"]["role"], added["after"]["active"]),
                         (self.user, "member", 1))
        self.assertEqual(users[1]["detail"], {"before": {"role": "member"}, "after": {"role": "lead"}})
        self.assertEqual(users[2]["detail"], {"before": {"active": 1}, "after": {"active": 0}})
        self.assertEqual(users[3]["detail"], {"before": {"role": "lead", "active": 0},
                                              "after": {"role": "member", "active": 1}})
        self.assertTrue(all(ok for _, _, ok in recompute(self.db)))
        self.assertEqual(ok("audit", "verify").returncode, 0)


class ZohoHeadTest(Base):
    def test_each_invoice_carries_the_audit_head_it_was_recorded_at(self):
        self.acme()
        self.t.ok("add", "acme/api", "2026-11-02", "2h")
        head_before = self.t.ok("audit", "head").out.strip()
        r = self.t.run("invoice", "push", "acme", "--period", "2026-11", "--yes")
        self.assertEqual(r.rc, 0, r)
        (inv,) = self.state()["invoices"]
        m = re.search(r"tock audit head: (\d+:[0-9a-f]{64})$", inv["notes"])
        self.assertTrue(m, inv["notes"])
        self.assertEqual(m.group(1), head_before)
        self.assertTrue(inv["notes"].startswith("Acme GmbH: "), inv["notes"])
        recs = self.t.json("audit", "--entity", "invoice")
        self.assertEqual([r["action"] for r in recs], ["record", "sent"])
        self.assertEqual(recs[1]["detail"]["before"]["state"], "pending")
        self.assertEqual(recs[1]["detail"]["after"]["state"], "sent")
        self.assertEqual(self.t.ok("audit", "verify", "--against", m.group(1)).rc, 0)
        # The log cut back to before the invoice: the invoice's head shows it.
        seq = int(m.group(1).split(":")[0])
        sql(self.t, f"DELETE FROM audit WHERE id >= {seq}")
        r = self.t.run("audit", "verify", "--against", m.group(1))
        self.assertEqual(r.rc, 1, r)

    def test_sync_records_what_changed_in_zoho_once(self):
        self.acme()
        self.t.ok("add", "acme/api", "2026-11-02", "2h")
        self.assertEqual(self.t.run("invoice", "push", "acme", "--period", "2026-11", "--yes").rc, 0)
        self.t.ok("invoice", "sync")
        n = len(self.t.json("audit"))
        self.t.ok("invoice", "sync")                       # nothing changed: nothing recorded
        self.assertEqual(len(self.t.json("audit")), n)
        self.control(pay=["TOCK-000001"])
        self.t.ok("invoice", "sync")
        last = self.t.json("audit")[-1]
        self.assertEqual((last["action"], last["entity"], last["entity_id"]), ("sync", "invoice", 1))
        self.assertEqual(last["detail"]["after"]["zoho_status"], "paid")
        self.assertEqual(last["detail"]["after"]["zoho_balance_minor"], 0)
        self.assertEqual(self.t.ok("audit", "verify").rc, 0)


if __name__ == "__main__":
    unittest.main()
