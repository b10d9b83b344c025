"""A void invoice's state is 'void' in the database (schema step 9; it was 'sent' plus
invoice_zoho.void_utc), and a database with voids recorded the old way is migrated: its
invoices, their fees and entries kept."""
import sqlite3

from test_zoho_paths import ZohoCase


class VoidState(ZohoCase):
    def test_void_is_stored_as_void(self):
        self.assertEqual(self.push().rc, 0)
        self.control(void=["TOCK-000001"])
        self.t.ok("invoice", "sync")
        self.assertEqual(self.db("SELECT state FROM invoices"), [("void",)])
        self.assertEqual(len(self.t.json("invoice", "list", "--json")), 1)
        # The void holds no entries and no period: new retainer terms for November are fine.
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--from", "2026-11-01")

    def test_old_void_rows_are_migrated(self):
        # October invoiced and sent (invoice 1); November invoiced (2), then voided in Zoho.
        self.t.ok("retainer", "set", "acme", "--hours", "10", "--fee", "1000", "--overage-rate",
                  "100", "--from", "2026-10-01")
        self.t.ok("add", "acme/api", "2026-10-06", "3h")
        self.assertEqual(self.push("--period", "2026-10").rc, 0)
        self.assertEqual(self.push().rc, 0)
        self.control(void=["TOCK-000002"])
        self.t.ok("invoice", "sync")
        before = self.t.ok("export", "--all").out
        fees = self.db("SELECT invoice_id, period FROM invoice_fees ORDER BY 1")
        self.assertEqual([f[0] for f in fees], [1, 2])
        version = self.db("PRAGMA user_version")
        # Back to schema 8, the void stored the old way ('sent' + void_utc).
        con = sqlite3.connect(self.t.db)
        con.executescript(
            "PRAGMA foreign_keys = OFF; BEGIN;"
            "CREATE TABLE inv8 AS SELECT * FROM invoices;"
            "UPDATE inv8 SET state = 'sent' WHERE state = 'void';"
            "DROP TABLE invoices;"
            "CREATE TABLE invoices(" + self.old_columns() + ");"
            "INSERT INTO invoices SELECT * FROM inv8; DROP TABLE inv8;"
            "CREATE INDEX invoices_client_state ON invoices(client_id, state);"
            "DROP TABLE tax_rules; DROP TABLE taxes;"
            "ALTER TABLE retainers DROP COLUMN rollover_expiry;"
            "ALTER TABLE retainers DROP COLUMN rollover_order;"
            # What the steps after 9 add, so that they apply again.
            "DROP INDEX weeks_state; ALTER TABLE users DROP COLUMN active;"
            # step 12 (issue 18): milestones, cost rates, ticket references
            "DROP TABLE invoice_milestones; DROP TABLE milestones; DROP TABLE cost_rates;"
            "DROP INDEX entries_ref;"
            # (step 18's listing index holds ref: it goes first, and comes back)
            "DROP INDEX entries_user_list;"
            "ALTER TABLE entries DROP COLUMN ref; ALTER TABLE timers DROP COLUMN ref;"
            # steps 14-15: the billing index, what a submitted week held (issue 17)
            "ALTER TABLE weeks DROP COLUMN submitted_digest; DROP INDEX entries_client_bill;"
            "COMMIT; PRAGMA user_version = 8;")
        con.close()
        self.assertEqual(self.db("SELECT state FROM invoices ORDER BY id"), [("sent",), ("sent",)])
        # Any command upgrades it: the void is 'void' again, nothing else changed.
        self.assertEqual([i["state"] for i in self.t.json("invoice", "list", "--json")], ["sent", "void"])
        self.assertEqual(self.db("SELECT state FROM invoices ORDER BY id"), [("sent",), ("void",)])
        self.assertEqual(self.db("SELECT invoice_id, period FROM invoice_fees ORDER BY 1"), fees)
        self.assertEqual(self.db("PRAGMA foreign_key_check"), [])
        self.assertEqual(self.db("PRAGMA user_version"), version)
        self.assertEqual(self.t.ok("export", "--all").out, before)
        self.assertEqual([e["invoiced"] for e in self.entries()], [True, False, False, False])
        # November's fee is billable again, once: the void holds no period.
        self.assertEqual(self.preview()["lines"][0]["amount_minor"], 100000)

    def old_columns(self):
        return ("id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id), "
                "from_day TEXT NOT NULL, to_day TEXT NOT NULL, reference TEXT NOT NULL UNIQUE, "
                "state TEXT NOT NULL CHECK(state IN ('pending','sent','failed','discarded')), "
                "currency TEXT NOT NULL, total_minor INTEGER NOT NULL, payload TEXT NOT NULL, "
                "zoho_invoice_id TEXT, zoho_number TEXT, zoho_status TEXT, zoho_total_minor INTEGER, "
                "attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, "
                "created_by INTEGER REFERENCES users(id), created_utc INTEGER NOT NULL, "
                "updated_utc INTEGER NOT NULL, customer_id TEXT, customer_name TEXT, "
                "invoice_date TEXT, group_by TEXT, label TEXT, nlines INTEGER NOT NULL DEFAULT 0, "
                "nentries INTEGER NOT NULL DEFAULT 0, retainer_period TEXT, "
                "creates INTEGER NOT NULL DEFAULT 0, zoho_reply TEXT, failed_utc INTEGER, "
                "lease_pid INTEGER, lease_until INTEGER")
