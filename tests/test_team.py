"""Team mode (issue 17), as several OS users meet it on one shared database: roles, weeks
submitted, approved, rejected and reopened with reasons, locked weeks, deadlines, and what a
member may not do. Real OS users are created with useradd and tock runs as them through
setpriv (so identity comes from getuid(), as in production); skipped when not root. Under
`make test STORE=pg` the team shares a PostgreSQL database instead: each OS user connects as
the role of its name (peer-style, over the test cluster's socket), so the database's own
grants and row-level security apply too."""
import grp
import json
import os
import pwd
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

from tockenv import BIN, PG, WRAP, Result, pg_psql

N = os.getpid() % 100000
LEAD, DEV, DEV2, OUT = f"tlead{N}", f"tdev{N}", f"tdevb{N}", f"tout{N}"
GROUP = f"tteam{N}"
ROOT = pwd.getpwuid(0).pw_name
CAN = os.geteuid() == 0 and shutil.which("useradd") and shutil.which("setpriv")


def setUpModule():
    if not CAN:
        return
    subprocess.run(["groupadd", GROUP], check=True, capture_output=True)
    for name in (LEAD, DEV, DEV2, OUT):
        subprocess.run(["useradd", "-M", "-N", "-g", GROUP, "-s", "/usr/sbin/nologin", name],
                       check=True, capture_output=True)
        if PG:
            pg_psql(f"CREATE ROLE {name} LOGIN")


def tearDownModule():
    if not CAN:
        return
    for name in (LEAD, DEV, DEV2, OUT):
        subprocess.run(["userdel", name], capture_output=True)
        if PG:
            for db in pg_psql("SELECT datname FROM pg_database WHERE datname LIKE "
                              f"'tteam{N}%'").stdout.split():
                pg_psql(f"DROP OWNED BY {name}", db=db)
            pg_psql(f"DROP ROLE IF EXISTS {name}")
    subprocess.run(["groupdel", GROUP], capture_output=True)


_pg_count = 0


@unittest.skipUnless(CAN, "team tests create OS users: run as root with useradd and setpriv")
class TeamCase(unittest.TestCase):
    """A shared database in a group-writable folder (setgid, umask 007), made by root (the
    admin); LEAD is a lead, DEV and DEV2 members, OUT not in the team."""
    now = "2026-12-02T10:00:00"   # Wednesday of week 49

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tock-team-")
        os.chmod(self.dir, 0o755)
        self.home = os.path.join(self.dir, "home")
        os.makedirs(self.home)
        self.shared = os.path.join(self.dir, "srv")
        os.makedirs(self.shared)
        os.chown(self.shared, 0, grp.getgrnam(GROUP).gr_gid)
        os.chmod(self.shared, 0o2770)
        self.db = os.path.join(self.shared, "team.db")
        self.cfg = os.path.join(self.dir, "config.ini")
        self.config("")
        if PG:
            # A database of the test cluster; no user in the URL: libpq connects as the OS
            # user running tock.
            global _pg_count
            _pg_count += 1
            self.pg_db = f"tteam{N}_{_pg_count}"
            r = pg_psql(f"CREATE DATABASE {self.pg_db}")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.db = f"postgresql:///{self.pg_db}?host={PG}"
        else:
            # As README's "Team database" says: the file exists, group-writable, before tock
            # first opens it (sqlite gives its -wal and -shm files the database's mode).
            subprocess.run(["install", "-m", "660", "-g", GROUP, "/dev/null", self.db],
                           check=True)
        self.ok(ROOT, "client", "add", "acme", "--rate", "100")
        self.ok(ROOT, "team", "add", LEAD, "--role", "lead")
        self.ok(ROOT, "team", "add", DEV)
        self.ok(ROOT, "team", "add", DEV2, "--role", "member")
        if PG:
            # OUT may use the database (its administrator granted it) but is not in the team.
            pg_psql(f"GRANT tock_member TO {OUT}")

    def rows(self, sql, *params):
        """A query on the team's database, outside tock, as text rows (either store)."""
        if not PG:
            con = sqlite3.connect(self.db)
            out = [tuple("" if v is None else str(v) for v in row)
                   for row in con.execute(sql, params)]
            con.commit()
            con.close()
            return out
        for p in params:
            sql = sql.replace("?", "'" + str(p).replace("'", "''") + "'", 1)
        r = pg_psql(sql, db=self.pg_db)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [tuple(line.split("|")) for line in r.stdout.splitlines()]

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def config(self, text):
        with open(self.cfg, "w") as f:
            f.write(text)
        os.chmod(self.cfg, 0o644)

    def run_as(self, user, *args, now=None, env=None):
        e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home,
             "TZ": "Europe/Berlin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
             "TOCK_NOW": now or self.now, "TOCK_CONFIG": self.cfg, "TOCK_DB": self.db}
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                e[k] = os.environ[k]
        if env:
            e.update(env)
        pre = [] if user == ROOT else ["setpriv", f"--reuid={user}", f"--regid={GROUP}",
                                       "--init-groups", "--"]
        proc = subprocess.run([*pre, *WRAP, BIN, *args], capture_output=True, text=True, env=e,
                              timeout=60, preexec_fn=lambda: os.umask(0o007))
        return Result(proc)

    def ok(self, user, *args, **kw):
        r = self.run_as(user, *args, **kw)
        if r.rc != 0:
            raise AssertionError(f"{user}: tock {' '.join(args)} failed: {r}")
        return r

    def fails(self, user, *args, contains=None, **kw):
        r = self.run_as(user, *args, **kw)
        self.assertEqual(r.rc, 1, f"expected a refusal: {r}")
        self.assertEqual(r.out, "", r)
        self.assertEqual(len(r.err.strip().splitlines()), 1, r)
        if contains:
            self.assertIn(contains, r.err)
        return r

    def week(self, user, *args, **kw):
        return json.loads(self.ok(user, "week", *args, "--json", **kw).out)

    def team_week(self, user="", day="2026-11-30"):
        d = json.loads(self.ok(user or LEAD, "team", "week", day, "--json").out)
        return {m["user"]: m for m in d["members"]}


class Identity(TeamCase):
    def test_first_user_is_admin_and_the_team_is_listed(self):
        team = json.loads(self.ok(DEV, "team", "list", "--json").out)
        self.assertEqual(sorted((m["user"], m["role"]) for m in team),
                         sorted([(ROOT, "admin"), (LEAD, "lead"), (DEV, "member"),
                                 (DEV2, "member")]))

    def test_logins_complete(self):
        want = sorted([ROOT, LEAD, DEV, DEV2])
        self.assertEqual(sorted(self.ok(LEAD, "__complete", "approve", "").out.split()), want)
        self.assertEqual(sorted(self.ok(DEV, "__complete", "week", "--user", "").out.split()),
                         want)

    def test_a_user_not_in_the_team_is_refused_naming_the_admin(self):
        for args in (("week",), ("add", "acme", "2026-12-01", "1h"), ("status",)):
            r = self.fails(OUT, *args, contains=f"{OUT} is not in the team")
            self.assertIn(f"its admin {ROOT} can add you: tock team add {OUT}", r.err)
        self.assertEqual(self.rows("SELECT COUNT(*) FROM users WHERE login = ?", OUT), [("0",)])

    def test_only_the_admin_changes_the_team(self):
        self.fails(LEAD, "team", "add", OUT, contains=f"only the admin ({ROOT}) changes the team")
        self.fails(DEV, "team", "set", DEV, "--role", "lead", contains="only the admin")
        self.ok(ROOT, "team", "set", DEV2, "--role", "lead")
        self.fails(ROOT, "team", "set", ROOT, "--role", "member", contains="the only admin")
        self.fails(ROOT, "team", "add", "no-such-login-x",
                   contains="no PostgreSQL role 'no-such-login-x'" if PG
                   else "no OS user 'no-such-login-x'")

    def test_a_removed_user_keeps_their_time_and_is_refused(self):
        self.ok(DEV2, "add", "acme", "2026-12-01", "1h")
        r = self.ok(ROOT, "team", "rm", DEV2)
        self.assertIn("their time stays", r.out)
        # PostgreSQL: team rm took the role's group too, so the database itself refuses it.
        self.fails(DEV2, "week", contains="permission denied" if PG else "not in the team")
        self.assertEqual(self.rows("SELECT COUNT(*) FROM entries"), [("1",)])
        self.assertNotIn(DEV2, self.team_week(day="2026-12-01"))
        self.ok(ROOT, "team", "add", DEV2)
        self.assertEqual(self.team_week(day="2026-12-01")[DEV2]["seconds"], 3600)

    def test_user_spoofing_changes_nothing(self):
        spoof = {"USER": ROOT, "LOGNAME": ROOT, "SUDO_USER": ROOT}
        self.ok(DEV, "add", "acme", "2026-12-01", "2h", env=spoof)
        log = json.loads(self.ok(DEV, "log", "--json", env=spoof).out)
        self.assertEqual([e["user"] for e in log], [DEV])
        self.fails(DEV, "team", "add", OUT, env=spoof, contains="only the admin")
        self.ok(DEV, "submit", env=spoof)
        self.fails(DEV, "approve", DEV, env=spoof, contains="only a lead or the admin")
        self.assertEqual(self.week(LEAD, "--user", DEV)["state"], "submitted")
        self.assertEqual(self.week(ROOT)["user"], ROOT)
        self.assertEqual(self.week(ROOT)["rows"], [])


class Catalog(TeamCase):
    def test_only_leads_and_the_admin_change_what_time_bills_at(self):
        says = f"only a lead or the admin ({ROOT}) changes clients, projects, rates"
        self.ok(ROOT, "project", "add", "acme/web")
        self.ok(LEAD, "tax", "add", "vat", "--percent", "19")
        before = self.rows("SELECT COUNT(*) FROM audit")
        for args in (("client", "add", "globex"), ("client", "set", "acme", "--round", "15m"),
                     ("client", "set", "acme", "--tier", "urgent", "--draw", "2"),
                     ("client", "archive", "acme"), ("project", "add", "acme/api"),
                     ("project", "set", "acme/web", "--fixed", "5000"),
                     ("project", "bill", "acme/web", "10%", "-m", "kick-off"),
                     ("project", "archive", "acme/web"), ("rate", "set", "acme", "standard", "1"),
                     ("retainer", "set", "acme", "--hours", "10", "--fee", "900",
                      "--overage-rate", "100"), ("retainer", "end", "acme"),
                     ("tax", "add", "gst", "--percent", "5"), ("tax", "set", "acme", "vat"),
                     ("sprint", "add", "acme", "S1", "--from", "2026-11-30", "--to",
                      "2026-12-06"), ("sprint", "every", "acme", "2w")):
            self.fails(DEV, *args, contains=says)
        self.fails(DEV, "cost", "set", DEV, "50", contains="for admins and leads only")
        self.assertEqual(self.rows("SELECT COUNT(*) FROM audit"), before)   # nothing written
        # Leads and the admin change them; members still track time against them.
        self.ok(LEAD, "rate", "set", "acme", "standard", "120", "--from", "2026-11-01")
        self.ok(LEAD, "project", "set", "acme/web", "--fixed", "5000")
        self.ok(LEAD, "project", "bill", "acme/web", "10%", "-m", "kick-off")
        self.ok(ROOT, "client", "add", "globex")
        self.ok(DEV, "add", "globex", "2026-12-01", "1h")
        self.ok(DEV, "add", "acme", "2026-12-01", "1h")
        self.assertEqual(self.team_week()[DEV]["amounts"],
                         [{"currency": "EUR", "amount_minor": 12000}])


class Weeks(TeamCase):
    def test_submit_approve_and_everything_locked(self):
        self.ok(DEV, "add", "acme", "2026-11-30", "3h")
        self.ok(DEV, "start", "acme", "--at", "08:00", now="2026-12-01T08:00:00")
        self.fails(DEV, "submit", now="2026-12-01T09:00:00", contains="your timer")
        self.ok(DEV, "stop", now="2026-12-01T09:00:00")
        r = self.ok(DEV, "submit")
        self.assertIn("week of 2026-11-30 (week 49) submitted", r.out)
        self.fails(DEV, "submit", contains="already submitted")
        self.assertEqual(self.week(DEV)["state"], "submitted")
        lock = "the week of 2026-11-30 is submitted and locked"
        self.fails(DEV, "add", "acme", "2026-12-02", "1h", contains=lock)
        r = self.fails(DEV, "edit", "1", "--duration", "4h", contains=lock)
        self.assertIn(f"tock reopen {DEV} 2026-11-30 -m REASON", r.err)
        self.fails(DEV, "rm", "1", contains=lock)
        self.fails(DEV, "start", "acme", contains=lock)
        self.ok(DEV2, "add", "acme", "2026-12-03", "1h", "-m", "late")
        csv = os.path.join(self.dir, "in.csv")
        with open(csv, "w") as f:
            f.write(self.ok(DEV2, "export").out)
        os.chmod(csv, 0o644)
        self.fails(DEV, "import", "tock", csv, contains=lock)
        tw = self.team_week()
        self.assertEqual((tw[DEV]["state"], tw[DEV]["seconds"], tw[DEV]["billable_seconds"]),
                         ("submitted", 4 * 3600, 4 * 3600))
        self.assertEqual(tw[DEV]["amounts"], [{"currency": "EUR", "amount_minor": 40000}])
        self.assertEqual(tw[DEV2]["state"], "open")
        self.ok(LEAD, "approve", DEV)
        self.assertEqual(self.team_week()[DEV]["state"], "approved")
        self.fails(DEV, "add", "acme", "2026-12-02", "1h", contains="is approved and locked")
        self.fails(LEAD, "approve", DEV, contains="approved already")
        # The next week is open.
        self.ok(DEV, "add", "acme", "2026-12-07", "1h")

    def test_reject_needs_a_reason_and_reopens_the_week_for_its_owner(self):
        self.ok(DEV, "add", "acme", "2026-11-30", "3h")
        self.fails(LEAD, "reject", DEV, "-m", "early",
                   contains=f"{DEV}'s week of 2026-11-30 (week 49) is open, not submitted")
        self.ok(DEV, "submit")
        self.fails(LEAD, "reject", DEV, contains="a reason is required (-m REASON)")
        self.ok(LEAD, "reject", DEV, "2026-12-01", "-m", "Monday is missing the ticket")
        w = self.week(DEV)
        self.assertEqual((w["state"], w["reason"]), ("rejected", "Monday is missing the ticket"))
        r = self.ok(DEV, "week")
        self.assertIn("rejected: Monday is missing the ticket", r.out.splitlines()[0])
        self.assertEqual(self.ok(DEV, "status").out, "week 49 rejected\n")
        self.ok(DEV, "edit", "1", "-m", "T-42")
        self.ok(DEV, "submit")
        self.ok(LEAD, "approve", DEV)
        self.fails(LEAD, "reopen", DEV, contains="a reason is required")
        self.ok(LEAD, "reopen", DEV, "-m", "client disputes Tuesday")
        w = self.week(DEV)
        self.assertEqual((w["state"], w["reason"]), ("open", "client disputes Tuesday"))
        self.ok(DEV, "add", "acme", "2026-12-01", "1h")
        acts = [r.split("|", 2) for r in (
            "|".join(row) for row in self.rows(
                "SELECT u.login, a.action, a.detail FROM audit a JOIN users u "
                "ON u.id = a.user_id WHERE a.entity = 'week' ORDER BY a.id"))]
        acts = [tuple(a) for a in acts]
        self.assertEqual([a[:2] for a in acts], [(DEV, "submit"), (LEAD, "reject"),
                                                 (DEV, "submit"), (LEAD, "approve"),
                                                 (LEAD, "reopen")])
        self.assertIn("Monday is missing the ticket", acts[1][2])

    def test_the_team_week_counts_a_running_timer_as_tock_week_does(self):
        self.ok(DEV, "add", "acme", "2026-12-01", "1h")
        self.ok(DEV, "start", "acme", "--at", "08:30")        # 1:30 by 10:00
        self.ok(DEV2, "start", "acme", "--at", "2026-11-29T23:00", now="2026-11-29T23:00:00")
        tw = self.team_week()
        self.assertEqual((tw[DEV]["seconds"], tw[DEV]["billable_seconds"], tw[DEV]["running"]),
                         (9000, 9000, True))
        self.assertEqual(tw[DEV]["amounts"], [{"currency": "EUR", "amount_minor": 25000}])
        self.assertEqual(self.week(DEV)["totals"]["total"], 9000)   # the same figure
        # A timer counts in the period it started in, as the entry it becomes.
        self.assertEqual((tw[DEV2]["seconds"], tw[DEV2]["running"]), (0, False))
        self.assertEqual(self.team_week(day="2026-11-29")[DEV2]["seconds"], 59 * 3600)
        r = self.ok(LEAD, "team", "week", "2026-11-30")
        line = next(l for l in r.out.splitlines() if l.startswith(DEV + " "))
        self.assertRegex(line, r"open\s+2:30\s+2:30  250\.00 EUR  running$")

    def test_a_rejected_week_goes_back_only_once_changed(self):
        self.ok(DEV, "add", "acme", "2026-11-30", "3h")
        self.ok(DEV, "add", "acme", "2026-12-01", "1h")
        self.ok(DEV, "submit")
        self.ok(LEAD, "reject", DEV, "-m", "Monday needs a ticket")
        self.fails(DEV, "submit", contains=f"your week of 2026-11-30 (week 49) is as it was when "
                   f"{LEAD} rejected it (Monday needs a ticket); change it, then submit it again")
        # Time in other weeks, or a change undone, is no change to this one.
        self.ok(DEV, "add", "acme", "2026-12-07", "1h")
        self.ok(DEV, "edit", "1", "-m", "T-1")
        self.ok(DEV, "edit", "1", "-m", "")
        self.fails(DEV, "submit", contains="is as it was when")
        self.assertEqual(self.week(DEV)["state"], "rejected")
        self.ok(DEV, "edit", "1", "-m", "T-42")
        self.ok(DEV, "submit")
        # A deleted entry is a change too; a reopened week goes back as it is.
        self.ok(LEAD, "reject", DEV, "-m", "Tuesday is not ours")
        self.ok(DEV, "rm", "2")
        self.ok(DEV, "submit")
        self.ok(LEAD, "reopen", DEV, "-m", "one more look")
        self.ok(DEV, "submit")
        self.assertEqual(self.week(LEAD, "--user", DEV)["state"], "submitted")

    def test_self_approval_is_refused_unless_allowed(self):
        self.ok(LEAD, "add", "acme", "2026-11-30", "1h")
        self.ok(LEAD, "submit")
        self.fails(LEAD, "approve", LEAD, contains="you may not approve your own week")
        self.fails(ROOT, "approve", LEAD, "2026-11-23", contains="is open, not submitted")
        self.config("[team]\nallow_self_approval = true\n")
        self.ok(LEAD, "approve", LEAD)
        self.assertEqual(self.week(LEAD)["state"], "approved")

    def test_a_member_neither_approves_nor_reads_others_weeks(self):
        self.ok(DEV2, "add", "acme", "2026-11-30", "5h", "-m", "secret client work")
        self.ok(DEV2, "submit")
        self.fails(DEV, "approve", DEV2, contains="only a lead or the admin may approve")
        self.fails(DEV, "reject", DEV2, "-m", "no", contains="only a lead or the admin may reject")
        self.fails(DEV, "week", "--user", DEV2, contains="members read only their own weeks")
        self.fails(DEV, "team", "week", contains="only a lead or the admin")
        self.fails(DEV, "export", "--user", DEV2, contains="members read only their own")
        self.fails(DEV, "export", "--all", contains="only a lead or the admin")
        self.ok(ROOT, "sprint", "add", "acme", "S1", "--from", "2026-11-30", "--to", "2026-12-06")
        self.fails(DEV, "sprint", "report", "acme", "S1", contains="only a lead or the admin")
        self.assertIn(DEV2, self.ok(LEAD, "sprint", "report", "acme", "S1").out)
        r = self.ok(DEV, "export", "--format", "json")
        self.assertNotIn("secret client work", r.out)
        # PostgreSQL: row-level security does not even show DEV the entry.
        self.fails(DEV, "edit", "1", "-m", "mine now",
                   contains="no entry 1" if PG else f"belongs to {DEV2}")
        w = self.week(LEAD, "--user", DEV2)
        self.assertEqual((w["user"], w["state"], w["totals"]["total"]), (DEV2, "submitted", 18000))
        self.assertEqual(self.week(DEV, "--user", DEV)["user"], DEV)

    def test_a_timer_running_into_a_locked_week_has_a_way_out(self):
        self.ok(DEV, "start", "acme", now="2026-11-29T22:00:00")
        # Week 49 is locked while the timer runs (say, submitted from an older tock).
        ((uid,),) = self.rows("SELECT id FROM users WHERE login = ?", DEV)
        self.rows("INSERT INTO weeks(user_id, week_start, state, updated_utc) "
                  "VALUES (?, '2026-11-30', 'submitted', 0)", uid)
        r = self.fails(DEV, "stop", now="2026-11-30T01:00:00", contains="cannot stop the timer")
        self.assertIn("tock stop --at", r.err)
        self.assertIn("tock cancel", r.err)
        self.assertTrue(json.loads(self.ok(DEV, "status", "--json").out)["running"])
        self.ok(DEV, "stop", "--at", "2026-11-29T23:59", now="2026-11-30T01:00:00")
        self.ok(DEV, "start", "acme", now="2026-11-29T23:59:00")
        self.ok(DEV, "cancel", now="2026-11-30T01:00:00")
        log = json.loads(self.ok(DEV, "log", "--from", "2026-11-29", "--json").out)
        self.assertEqual([e["seconds"] for e in log], [7140])

    def test_monthly_periods(self):
        self.config("[team]\nperiod = month\n")
        self.ok(DEV, "add", "acme", "2026-11-30", "1h")
        r = self.ok(DEV, "submit", "2026-11-10")
        self.assertIn("month of 2026-11-01 (2026-11) submitted", r.out)
        self.fails(DEV, "add", "acme", "2026-11-02", "1h", contains="the month of 2026-11-01 is "
                   "submitted and locked (2026-11)")
        self.ok(DEV, "add", "acme", "2026-12-01", "1h")
        w = self.week(DEV, "2026-11-30")
        self.assertFalse(w["locked"])   # Mon 30 is November's, Tue 1 December's
        d = json.loads(self.ok(LEAD, "team", "week", "2026-11-15", "--json").out)
        self.assertEqual((d["period"], d["label"], d["from"], d["to"]),
                         ("month", "2026-11", "2026-11-01", "2026-11-30"))

    def test_deadlines_in_status_and_remind_with_mail(self):
        mails = os.path.join(self.dir, "mails")
        os.makedirs(mails)
        os.chmod(mails, 0o777)
        bindir = os.path.join(self.dir, "bin")
        os.makedirs(bindir)
        fake = os.path.join(bindir, "sendmail")
        with open(fake, "w") as f:
            f.write(f"#!/bin/sh\ncat > {mails}/mail.$$\n")
        os.chmod(fake, 0o755)
        path = {"PATH": bindir + ":" + os.environ.get("PATH", "/usr/bin:/bin")}
        self.config("[team]\nsubmit_by = Fri 17:00\nremind_mail = true\n")
        before, after = "2026-12-04T16:59:00", "2026-12-04T17:00:00"
        self.assertEqual(self.ok(DEV, "status", now=before).out, "week 48 not submitted\n")
        self.ok(DEV, "submit", "2026-11-23", now=before)
        self.assertEqual(self.ok(DEV, "status", now=before).out, "")
        self.assertEqual(self.ok(DEV, "status", now=after).out, "week 49 not submitted\n")
        self.ok(DEV, "start", "acme", now=after)
        self.assertEqual(self.ok(DEV, "status", now="2026-12-04T17:12:00").out,
                         "acme 0:12 · week 49 not submitted\n")
        self.assertEqual(json.loads(self.ok(DEV, "status", "--json", now=after).out)["notice"],
                         "week 49 not submitted")
        self.assertEqual(self.ok(LEAD, "status", now=after).out,
                         "week 49 not submitted · 1 week awaits approval\n")
        self.ok(DEV2, "submit", now=after)
        self.assertIn("2 weeks await approval", self.ok(LEAD, "status", now=after).out)
        self.ok(DEV2, "submit", "2026-11-23", now=after)
        self.assertIn("3 weeks await approval", self.ok(ROOT, "status", now=after).out)
        r = self.ok(LEAD, "team", "remind", now="2026-12-05T10:00:00", env=path)
        late = sorted(l.split(":")[0] for l in r.out.splitlines())
        self.assertEqual(late, sorted([ROOT, LEAD, DEV]))
        self.assertIn("week 49 not submitted (due 2026-12-04 17:00)", r.out)
        sent = []
        for name in os.listdir(mails):
            with open(os.path.join(mails, name)) as f:
                sent.append(f.read())
        self.assertEqual(sorted(m.splitlines()[0] for m in sent),
                         sorted(f"To: {u}" for u in (ROOT, LEAD, DEV)))
        self.assertIn("Subject: tock: week 49 not submitted", sent[0])
        self.fails(DEV, "team", "remind", contains="only a lead or the admin")

    def test_invoices_take_only_approved_time(self):
        self.ok(DEV, "add", "acme", "2026-11-24", "2h")
        self.ok(DEV2, "add", "acme", "2026-11-25", "3h")
        self.ok(DEV, "submit", "2026-11-24")
        self.ok(DEV2, "submit", "2026-11-24")
        self.ok(LEAD, "approve", DEV, "2026-11-24")
        p = json.loads(self.ok(ROOT, "invoice", "preview", "acme", "--period", "2026-11",
                               "--json").out)
        self.assertEqual((p["total_minor"], p["awaiting_approval_seconds"]), (20000, 3 * 3600))
        r = self.ok(ROOT, "invoice", "preview", "acme", "--period", "2026-11")
        self.assertIn("3:00 hours wait for approval", r.out)
        self.fails(DEV, "invoice", "preview", "acme", "--period", "2026-11",
                   contains="only a lead or the admin invoices")
        self.config("[billing]\ninvoice_approved_only = false\n")
        p = json.loads(self.ok(ROOT, "invoice", "preview", "acme", "--period", "2026-11",
                               "--json").out)
        self.assertEqual((p["total_minor"], p["awaiting_approval_seconds"]), (50000, 0))


if __name__ == "__main__":
    unittest.main()
