/* store_schema.c — numbered forward migrations. Append only: never edit a shipped step.
 * The steps serve both stores: a statement that starts with "sqlite:" or "pg:" runs on that
 * store only (write SQL both accept where you can; store_db.h says what is rewritten).
 * sqlite: PRAGMA user_version holds the number of steps applied; PostgreSQL: tock_state. */
#include "store_impl.h"

#include <string.h>

/* Step 1 lays out the whole product's model, so the later issues need no rework:
 * clients/projects, tiered rates with effective dates, retainers, entries (a range or a
 * duration on a day), the running timer, week approvals, sprints, invoices with their
 * outbox attempts, and an append-only audit log. Days are local dates as 'YYYY-MM-DD';
 * instants are UTC seconds. */
static const char *const step1[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n",
    "CREATE TABLE users(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  login TEXT NOT NULL UNIQUE,\n"
    "  role TEXT NOT NULL DEFAULT 'member' CHECK(role IN ('admin','lead','member')),\n"
    "  created_utc INTEGER NOT NULL);\n",
    "CREATE TABLE clients(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  currency TEXT NOT NULL,\n"
    "  archived INTEGER NOT NULL DEFAULT 0,\n"
    "  billable INTEGER NOT NULL DEFAULT 1,\n"
    "  round_seconds INTEGER, round_mode TEXT, minimum_seconds INTEGER,\n"
    "  zoho_customer_id TEXT,\n"
    "  created_utc INTEGER NOT NULL);\n",
    "CREATE TABLE projects(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  key TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  archived INTEGER NOT NULL DEFAULT 0,\n"
    "  billable INTEGER NOT NULL DEFAULT 1,\n"
    "  fixed_minor INTEGER, budget_seconds INTEGER,\n"
    "  created_utc INTEGER NOT NULL,\n"
    "  UNIQUE(client_id, key));\n",
    "CREATE TABLE rates(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  project_id INTEGER REFERENCES projects(id),\n"
    "  tier TEXT NOT NULL,\n"
    "  amount_minor INTEGER NOT NULL CHECK(amount_minor >= 0),\n"
    "  from_day TEXT NOT NULL,\n"
    "  created_utc INTEGER NOT NULL);\n",
    "CREATE UNIQUE INDEX rates_scope ON rates(client_id, IFNULL(project_id, 0), tier, from_day);\n",
    "CREATE TABLE retainers(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  period TEXT NOT NULL CHECK(period IN ('week','month','quarter')),\n"
    "  prepaid_seconds INTEGER NOT NULL CHECK(prepaid_seconds > 0),\n"
    "  fee_minor INTEGER NOT NULL CHECK(fee_minor >= 0),\n"
    "  overage_minor INTEGER NOT NULL CHECK(overage_minor >= 0),\n"
    "  rollover TEXT NOT NULL DEFAULT 'none' CHECK(rollover IN ('none','unused')),\n"
    "  alert_pct INTEGER NOT NULL DEFAULT 80,\n"
    "  from_day TEXT NOT NULL, to_day TEXT,\n"
    "  created_utc INTEGER NOT NULL);\n",
    "CREATE INDEX retainers_client ON retainers(client_id, from_day);\n",
    "CREATE TABLE invoices(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  from_day TEXT NOT NULL, to_day TEXT NOT NULL,\n"
    "  reference TEXT NOT NULL UNIQUE,\n"
    "  state TEXT NOT NULL CHECK(state IN ('pending','sent','failed','discarded')),\n"
    "  currency TEXT NOT NULL,\n"
    "  total_minor INTEGER NOT NULL,\n"
    "  payload TEXT NOT NULL,\n"
    "  zoho_invoice_id TEXT, zoho_number TEXT, zoho_status TEXT, zoho_total_minor INTEGER,\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  last_error TEXT,\n"
    "  created_by INTEGER REFERENCES users(id),\n"
    "  created_utc INTEGER NOT NULL, updated_utc INTEGER NOT NULL);\n",
    "CREATE TABLE entries(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  project_id INTEGER REFERENCES projects(id),\n"
    "  tier TEXT,\n"
    "  billable INTEGER NOT NULL DEFAULT 1,\n"
    "  day TEXT NOT NULL,\n"
    "  last_day TEXT NOT NULL,\n"
    "  start_utc INTEGER, end_utc INTEGER,\n"
    "  seconds INTEGER NOT NULL CHECK(seconds >= 0),\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  source_key TEXT UNIQUE,\n"
    "  invoice_id INTEGER REFERENCES invoices(id),\n"
    "  created_utc INTEGER NOT NULL, updated_utc INTEGER NOT NULL,\n"
    "  CHECK((start_utc IS NULL) = (end_utc IS NULL)),\n"
    "  CHECK(end_utc IS NULL OR end_utc >= start_utc),\n"
    "  CHECK(last_day >= day));\n",
    "CREATE INDEX entries_user_day ON entries(user_id, day);\n",
    "CREATE INDEX entries_client_day ON entries(client_id, day);\n",
    "CREATE INDEX entries_day ON entries(day);\n",
    "CREATE INDEX entries_user_start ON entries(user_id, start_utc) WHERE start_utc IS NOT NULL;\n",
    "CREATE INDEX entries_invoice ON entries(invoice_id) WHERE invoice_id IS NOT NULL;\n",
    "CREATE TABLE timers(\n"
    "  user_id INTEGER PRIMARY KEY REFERENCES users(id),\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  project_id INTEGER REFERENCES projects(id),\n"
    "  tier TEXT,\n"
    "  billable INTEGER NOT NULL DEFAULT 1,\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  start_utc INTEGER NOT NULL);\n",
    "CREATE TABLE weeks(\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "  week_start TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK(state IN ('open','submitted','approved','rejected')),\n"
    "  actor_id INTEGER REFERENCES users(id),\n"
    "  reason TEXT,\n"
    "  updated_utc INTEGER NOT NULL,\n"
    "  PRIMARY KEY(user_id, week_start));\n",
    "CREATE TABLE sprints(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  name TEXT NOT NULL,\n"
    "  from_day TEXT NOT NULL, to_day TEXT NOT NULL,\n"
    "  UNIQUE(client_id, name));\n",
    "CREATE TABLE sprint_cadences(\n"
    "  client_id INTEGER PRIMARY KEY REFERENCES clients(id),\n"
    "  every_days INTEGER NOT NULL CHECK(every_days > 0),\n"
    "  starting TEXT NOT NULL);\n",
    "CREATE TABLE invoice_entries(\n"
    "  invoice_id INTEGER NOT NULL REFERENCES invoices(id),\n"
    "  entry_id INTEGER NOT NULL REFERENCES entries(id),\n"
    "  PRIMARY KEY(invoice_id, entry_id));\n",
    "CREATE INDEX invoice_entries_entry ON invoice_entries(entry_id);\n",
    "CREATE TABLE audit(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at_utc INTEGER NOT NULL,\n"
    "  user_id INTEGER REFERENCES users(id),\n"
    "  action TEXT NOT NULL,\n"
    "  entity TEXT NOT NULL,\n"
    "  entity_id INTEGER,\n"
    "  detail TEXT NOT NULL DEFAULT '',\n"
    "  prev_hash TEXT, hash TEXT);\n",
    "sqlite:CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit\n"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n",
    "sqlite:CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit\n"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n",
    "pg:CREATE FUNCTION tock_audit_append_only() RETURNS trigger LANGUAGE plpgsql\n"
    "  SET search_path = pg_catalog AS\n"
    "  $$BEGIN RAISE EXCEPTION 'the audit log is append-only'; END$$;\n",
    "pg:CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit\n"
    "  FOR EACH ROW EXECUTE FUNCTION tock_audit_append_only();\n",
    "INSERT INTO meta(key, value) VALUES ('max_span_days', '0');\n",
    NULL,
};

/* Step 2: two questions the billing commands ask read an index only, instead of every entry
 * of a client: the last invoiced day of a client (MAX over a partial index of invoiced
 * entries) and the time tracked on a project (a covering index summed over that project). */
static const char *const step2[] = {
    "CREATE INDEX entries_client_invoiced ON entries(client_id, last_day) "
    "WHERE invoice_id IS NOT NULL;\n",
    "CREATE INDEX entries_project ON entries(project_id, client_id, seconds) "
    "WHERE project_id IS NOT NULL;\n",
    NULL,
};

/* Step 3, invoice submission. It needs nothing from step 2. What an attempt needs to be
 * retried, re-queued or listed without reading its payload: the customer, invoice date,
 * grouping, what it covers (a label such as a sprint's name, counts), the retainer period
 * whose fee it bills (a fee is billed once per period), whether a create was ever sent (then
 * the outcome may be unknown and the entries stay held), a dead letter's Zoho reply and time,
 * and a lease so two tock processes never submit one attempt at once. `instance` makes
 * invoice references unique per database. */
static const char *const step3[] = {
    "ALTER TABLE invoices ADD COLUMN customer_id TEXT;\n",
    "ALTER TABLE invoices ADD COLUMN customer_name TEXT;\n",
    "ALTER TABLE invoices ADD COLUMN invoice_date TEXT;\n",
    "ALTER TABLE invoices ADD COLUMN group_by TEXT;\n",
    "ALTER TABLE invoices ADD COLUMN label TEXT;\n",
    "ALTER TABLE invoices ADD COLUMN nlines INTEGER NOT NULL DEFAULT 0;\n",
    "ALTER TABLE invoices ADD COLUMN nentries INTEGER NOT NULL DEFAULT 0;\n",
    "ALTER TABLE invoices ADD COLUMN retainer_period TEXT;\n",
    "ALTER TABLE invoices ADD COLUMN creates INTEGER NOT NULL DEFAULT 0;\n",
    "ALTER TABLE invoices ADD COLUMN zoho_reply TEXT;\n",
    "ALTER TABLE invoices ADD COLUMN failed_utc INTEGER;\n",
    "ALTER TABLE invoices ADD COLUMN lease_pid INTEGER;\n",
    "ALTER TABLE invoices ADD COLUMN lease_until INTEGER;\n",
    "CREATE INDEX invoices_client_state ON invoices(client_id, state);\n",
    "sqlite:INSERT OR IGNORE INTO meta(key, value) VALUES ('instance', lower(hex(randomblob(16))));\n",
    "pg:INSERT INTO meta(key, value) VALUES ('instance', md5(random()::text || "
    "clock_timestamp()::text)) ON CONFLICT DO NOTHING;\n",
    NULL,
};

/* Step 4: the longest range in seconds, which bounds the overlap query's scan (store_entries.c
 * keeps it up to date with every saved entry). */
static const char *const step4[] = {
    "sqlite:INSERT OR REPLACE INTO meta(key, value) SELECT 'max_range_seconds', "
    "IFNULL(MAX(end_utc - start_utc), 0) FROM entries WHERE start_utc IS NOT NULL;\n",
    "pg:INSERT INTO meta(key, value) SELECT 'max_range_seconds', "
    "COALESCE(MAX(end_utc - start_utc), 0)::text FROM entries WHERE start_utc IS NOT NULL "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value;\n",
    NULL,
};

/* Step 5: retainers read each entry of a client's period for four columns only (day, project,
 * billable, seconds); a covering index answers that without touching the table (a third fewer
 * instructions at 1M entries). Its prefix (client_id, day) serves everything the index it
 * replaces did. */
static const char *const step5[] = {
    "CREATE INDEX IF NOT EXISTS entries_client_usage ON entries(client_id, day, project_id, billable, seconds);\n",
    "DROP INDEX IF EXISTS entries_client_day;\n",
    NULL,
};

/* Step 6: never twice, and the invoice's life in Zoho, in a table of its own beside invoices
 * (one row per invoice; none: all defaults). planned_number is the invoice number sent (Zoho
 * refuses a second create with it); number_gen moves it on when a void invoice holds it;
 * create_unknown and last_create_utc say whether a create may have gone through unread, and
 * when; lease_start ties a lease to its process; zoho_balance_minor and void_utc are what
 * tock invoice sync read (a void invoice kept state 'sent' here until step 9 let
 * invoices.state be 'void'); send_mode is what the push asked of Zoho once the invoice exists
 * (1: mark it sent, 2: email it). client_zoho holds a client's payment terms (-1: its Zoho contact's;
 * no row: the config's). Written so that running it twice changes nothing. */
static const char *const step6[] = {
    "CREATE TABLE IF NOT EXISTS invoice_zoho(\n"
    "  invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id),\n"
    "  planned_number TEXT,\n"
    "  number_gen INTEGER NOT NULL DEFAULT 0,\n"
    "  create_unknown INTEGER NOT NULL DEFAULT 0,\n"
    "  last_create_utc INTEGER,\n"
    "  zoho_balance_minor INTEGER,\n"
    "  lease_start INTEGER,\n"
    "  void_utc INTEGER,\n"
    "  send_mode INTEGER NOT NULL DEFAULT 0);\n",
    "CREATE TABLE IF NOT EXISTS client_zoho(\n"
    "  client_id INTEGER PRIMARY KEY REFERENCES clients(id),\n"
    "  payment_terms INTEGER);\n",
    "INSERT OR IGNORE INTO invoice_zoho(invoice_id, create_unknown) "
    "SELECT id, 1 FROM invoices WHERE state = 'pending' AND creates > 0;\n",
    NULL,
};

/* Step 7: a week grid reads each entry of a user's week for the columns it folds and bills
 * (store_entry_grid_each); a covering index answers that without touching the table. It is
 * ordered as a user's listings are (day, then start with durations first), so a month's log
 * sorts only the entries that start together instead of all of them. Its prefix (user_id,
 * day) serves everything the index it replaces did. */
static const char *const step7[] = {
    "CREATE INDEX IF NOT EXISTS entries_user_grid ON entries(user_id, day, IFNULL(start_utc, 0), "
    "last_day, client_id, project_id, tier, billable, start_utc, end_utc, seconds, invoice_id);\n",
    "DROP INDEX IF EXISTS entries_user_day;\n",
    NULL,
};

/* Step 8 (issue 12): an invoice whose range spans several retainer periods bills each
 * period's fee once: every period whose fee an invoice carries (invoices.retainer_period keeps
 * the first); retainer terms for partial periods and rollover; projects outside the retainer;
 * per-tier rules. */
static const char *const step8[] = {
    "CREATE TABLE IF NOT EXISTS invoice_fees (\n"
    "  invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,\n"
    "  period TEXT NOT NULL,\n"
    "  PRIMARY KEY (invoice_id, period)\n"
    ");\n",
    "CREATE INDEX IF NOT EXISTS invoice_fees_period ON invoice_fees(period);\n",
    /* A partial period prorated by days (default) or billed whole; a cap on rolled-over hours. */
    "ALTER TABLE retainers ADD COLUMN partial TEXT NOT NULL DEFAULT 'prorate';\n",
    "ALTER TABLE retainers ADD COLUMN rollover_cap INTEGER;\n",
    /* A project billed hourly beside its client's retainer. */
    "ALTER TABLE projects ADD COLUMN outside_retainer INTEGER NOT NULL DEFAULT 0;\n",
    /* Per client and tier: rounding, and how the tier meets the retainer (NULL: default). */
    "CREATE TABLE IF NOT EXISTS tier_rules (\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  tier TEXT NOT NULL,\n"
    "  round_seconds INTEGER CHECK(round_seconds >= 0),\n"
    "  round_mode TEXT,\n"
    "  minimum_seconds INTEGER CHECK(minimum_seconds >= 0),\n"
    "  covered INTEGER,\n"
    "  draw_permille INTEGER CHECK(draw_permille >= 0),\n"
    "  overage_minor INTEGER CHECK(overage_minor >= 0),\n"
    "  PRIMARY KEY (client_id, tier)\n"
    ");\n",
    NULL,
};

/* Step 9 (issues 12 and 13): rolled-over hours that live N periods and the order a period
 * uses them in; Zoho taxes (a percentage tock previews with and Zoho's tax id) and which
 * applies to a client or one of its projects (project_id 0: the client's), or the Zoho
 * exemption that makes it tax-free; invoices.state takes 'void'. */
static const char *const step9[] = {
    "ALTER TABLE retainers ADD COLUMN rollover_expiry INTEGER NOT NULL DEFAULT 1 "
    "CHECK(rollover_expiry BETWEEN 1 AND 12);\n",
    "ALTER TABLE retainers ADD COLUMN rollover_order TEXT NOT NULL DEFAULT 'fifo' "
    "CHECK(rollover_order IN ('fifo', 'current'));\n",
    "CREATE TABLE IF NOT EXISTS taxes (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  percent_milli INTEGER NOT NULL CHECK(percent_milli BETWEEN 0 AND 100000),\n"
    "  zoho_tax_id TEXT,\n"
    "  created_utc INTEGER NOT NULL\n"
    ");\n",
    "CREATE TABLE IF NOT EXISTS tax_rules (\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  project_id INTEGER NOT NULL DEFAULT 0,\n"
    "  tax_id INTEGER REFERENCES taxes(id),\n"
    "  exemption TEXT,\n"
    "  PRIMARY KEY (client_id, project_id),\n"
    "  CHECK ((tax_id IS NULL) <> (exemption IS NULL))\n"
    ");\n",
    /* A void invoice is state 'void' (it was 'sent' with invoice_zoho.void_utc set: the
     * CHECK on invoices.state predated 'void'). SQLite cannot change a CHECK, so the table
     * is rebuilt, the same columns in the same order. Foreign keys stay on (a migration runs
     * in one transaction), so the rows that point at invoices are set aside first and put
     * back after: no reference dangles at any moment, and no cascade fires. */
    "sqlite:CREATE TEMP TABLE step9_entries AS SELECT id, invoice_id FROM entries "
    "WHERE invoice_id IS NOT NULL;\n",
    "sqlite:CREATE TEMP TABLE step9_ie AS SELECT * FROM invoice_entries ORDER BY rowid;\n",
    "sqlite:CREATE TEMP TABLE step9_zoho AS SELECT * FROM invoice_zoho ORDER BY rowid;\n",
    "sqlite:CREATE TEMP TABLE step9_fees AS SELECT invoice_id, period FROM invoice_fees;\n",
    "sqlite:UPDATE entries SET invoice_id = NULL WHERE invoice_id IS NOT NULL;\n",
    "sqlite:DELETE FROM invoice_entries;\n",
    "sqlite:DELETE FROM invoice_zoho;\n",
    "sqlite:DELETE FROM invoice_fees;\n",
    "sqlite:CREATE TABLE invoices_v9(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),\n"
    "  from_day TEXT NOT NULL, to_day TEXT NOT NULL,\n"
    "  reference TEXT NOT NULL UNIQUE,\n"
    "  state TEXT NOT NULL CHECK(state IN ('pending','sent','failed','discarded','void')),\n"
    "  currency TEXT NOT NULL,\n"
    "  total_minor INTEGER NOT NULL,\n"
    "  payload TEXT NOT NULL,\n"
    "  zoho_invoice_id TEXT, zoho_number TEXT, zoho_status TEXT, zoho_total_minor INTEGER,\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  last_error TEXT,\n"
    "  created_by INTEGER REFERENCES users(id),\n"
    "  created_utc INTEGER NOT NULL, updated_utc INTEGER NOT NULL, customer_id TEXT,\n"
    "  customer_name TEXT, invoice_date TEXT, group_by TEXT, label TEXT,\n"
    "  nlines INTEGER NOT NULL DEFAULT 0, nentries INTEGER NOT NULL DEFAULT 0,\n"
    "  retainer_period TEXT, creates INTEGER NOT NULL DEFAULT 0, zoho_reply TEXT,\n"
    "  failed_utc INTEGER, lease_pid INTEGER, lease_until INTEGER);\n",
    "sqlite:INSERT INTO invoices_v9 SELECT id, client_id, from_day, to_day, reference, state, "
    "currency, total_minor, payload, zoho_invoice_id, zoho_number, zoho_status, zoho_total_minor, "
    "attempts, last_error, created_by, created_utc, updated_utc, customer_id, customer_name, "
    "invoice_date, group_by, label, nlines, nentries, retainer_period, creates, zoho_reply, "
    "failed_utc, lease_pid, lease_until FROM invoices;\n",
    "sqlite:DROP TABLE invoices;\n",
    "sqlite:ALTER TABLE invoices_v9 RENAME TO invoices;\n",
    "sqlite:CREATE INDEX invoices_client_state ON invoices(client_id, state);\n",
    "sqlite:INSERT INTO invoice_entries SELECT * FROM temp.step9_ie ORDER BY rowid;\n",
    "sqlite:INSERT INTO invoice_zoho SELECT * FROM temp.step9_zoho ORDER BY rowid;\n",
    "sqlite:INSERT INTO invoice_fees(invoice_id, period) SELECT invoice_id, period "
    "FROM temp.step9_fees;\n",
    "sqlite:UPDATE entries SET invoice_id = (SELECT invoice_id FROM temp.step9_entries t "
    "WHERE t.id = entries.id) WHERE id IN (SELECT id FROM temp.step9_entries);\n",
    "sqlite:DROP TABLE temp.step9_entries;\n",
    "sqlite:DROP TABLE temp.step9_ie;\n",
    "sqlite:DROP TABLE temp.step9_zoho;\n",
    "sqlite:DROP TABLE temp.step9_fees;\n",
    /* PostgreSQL changes a CHECK in place (its name is PostgreSQL's default for a column's
     * CHECK); nothing is set aside. */
    "pg:ALTER TABLE invoices DROP CONSTRAINT invoices_state_check;\n",
    "pg:ALTER TABLE invoices ADD CONSTRAINT invoices_state_check CHECK(state IN ('pending',"
    "'sent','failed','discarded','void'));\n",
    "UPDATE invoices SET state = 'void' WHERE state = 'sent' AND id IN "
    "(SELECT invoice_id FROM invoice_zoho WHERE void_utc IS NOT NULL);\n",
    NULL,
};

/* Step 10 (issue 17, team mode): a user taken out of the team (tock team rm) keeps the entries
 * and weeks that name them, so the row stays and is marked inactive; the lead's "weeks await
 * approval" counts submitted weeks through an index of their state. */
static const char *const step10[] = {
    "ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;\n",
    "CREATE INDEX IF NOT EXISTS weeks_state ON weeks(state, week_start);\n",
    NULL,
};

/* Step 11 (issue 17): the audit log becomes a hash chain (store_audit.c, tock.1 AUDIT LOG).
 * The records an older tock wrote carry no hash: the marker has them hashed, in order, right
 * after the steps (store_audit_chain_pending), so the chain starts at the log's first record.
 * No index on the log: every change writes a record, and only `tock audit` reads them. */
static const char *const step11[] = {
    "sqlite:INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_chain_pending', '1');\n",
    "pg:INSERT INTO meta(key, value) VALUES ('audit_chain_pending', '1') ON CONFLICT(key) "
    "DO UPDATE SET value = excluded.value;\n",
    NULL,
};

/* Step 12 (issue 18): fixed-price milestones, what an hour costs the agency, ticket references.
 * A milestone is billed by the invoice that carries it (invoice_milestones, read like
 * invoice_fees: held by a pending or sent invoice that is not void). Cost rates are dated per
 * user and currency like rates; only admins and leads read them once a team has roles. */
static const char *const step12[] = {
    "CREATE TABLE IF NOT EXISTS milestones (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  project_id INTEGER NOT NULL REFERENCES projects(id),\n"
    "  amount_minor INTEGER NOT NULL CHECK(amount_minor > 0),\n"
    "  pct_bp INTEGER CHECK(pct_bp > 0 AND pct_bp <= 10000),\n"
    "  note TEXT NOT NULL,\n"
    "  day TEXT NOT NULL,\n"
    "  created_by INTEGER REFERENCES users(id),\n"
    "  created_utc INTEGER NOT NULL);\n",
    "CREATE INDEX IF NOT EXISTS milestones_project ON milestones(project_id, day);\n",
    "CREATE TABLE IF NOT EXISTS invoice_milestones (\n"
    "  invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,\n"
    "  milestone_id INTEGER NOT NULL REFERENCES milestones(id),\n"
    "  PRIMARY KEY (invoice_id, milestone_id));\n",
    "CREATE INDEX IF NOT EXISTS invoice_milestones_m ON invoice_milestones(milestone_id);\n",
    "CREATE TABLE IF NOT EXISTS cost_rates (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "  currency TEXT NOT NULL,\n"
    "  amount_minor INTEGER NOT NULL CHECK(amount_minor >= 0),\n"
    "  from_day TEXT NOT NULL,\n"
    "  created_utc INTEGER NOT NULL,\n"
    "  UNIQUE(user_id, currency, from_day));\n",
    "ALTER TABLE entries ADD COLUMN ref TEXT;\n",
    "ALTER TABLE timers ADD COLUMN ref TEXT;\n",
    "CREATE INDEX IF NOT EXISTS entries_ref ON entries(client_id, ref) WHERE ref IS NOT NULL;\n",
    NULL,
};

/* Step 13 (issue 19), PostgreSQL only: what the database itself enforces for a team. tock's
 * roles are group roles (tock_admin, tock_lead, tock_member; made when the migrating role may
 * create roles, else an administrator makes them and migrates again by hand). Members may use
 * every table but not update or delete the audit log; entries, running timers and weeks are
 * row-level secured (FORCE: the owner too) so a member, even in psql, reads and writes only
 * their own (and no cost rates), submits but never approves a week, and changes no entry of a
 * submitted or approved week, while leads, admins and the database's owner see and do
 * everything. Nothing for sqlite: a file anyone can write is no access control. It comes after
 * the steps of issues 12, 13, 17 and 18, so its grants cover their tables (taxes, tax_rules, milestones,
 * invoice_milestones, cost_rates) too. */
static const char *const step13[] = {
    "pg:DO $$\n"
    "DECLARE r text;\n"
    "BEGIN\n"
    "  FOREACH r IN ARRAY ARRAY['tock_member', 'tock_lead', 'tock_admin'] LOOP\n"
    "    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN\n"
    "      BEGIN\n"
    "        EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);\n"
    "      EXCEPTION WHEN insufficient_privilege OR duplicate_object OR unique_violation THEN\n"
    "        NULL;\n"
    "      END;\n"
    "    END IF;\n"
    "  END LOOP;\n"
    "  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'tock_member') THEN\n"
    "    BEGIN\n"
    "      GRANT tock_member TO tock_lead, tock_admin;\n"
    "    EXCEPTION WHEN insufficient_privilege OR undefined_object THEN NULL;\n"
    "    END;\n"
    "    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN '\n"
    "      'SCHEMA %I TO tock_member', current_schema());\n"
    "    EXECUTE pg_catalog.format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO '\n"
    "      'tock_member', current_schema());\n"
    "    REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM tock_member;\n"
    /* Tables and sequences later steps make (run by the same owner) are granted alike. */
    "    EXECUTE pg_catalog.format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, '\n"
    "      'INSERT, UPDATE, DELETE ON TABLES TO tock_member', current_schema());\n"
    "    EXECUTE pg_catalog.format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, '\n"
    "      'SELECT ON SEQUENCES TO tock_member', current_schema());\n"
    "  END IF;\n"
    "END $$;\n",
    /* Whether the connected role sees every user's rows: a lead, an admin, or the owner. */
    "pg:CREATE FUNCTION tock_sees_all() RETURNS boolean LANGUAGE sql STABLE\n"
    "  SET search_path = pg_catalog AS $$\n"
    "  SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname IN\n"
    "    ('tock_lead', 'tock_admin') AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER'))\n"
    "  OR EXISTS (SELECT 1 FROM pg_catalog.pg_database d WHERE d.datname =\n"
    "    current_database() AND pg_catalog.pg_has_role(current_user, d.datdba, 'MEMBER'))$$;\n",
    /* tock team add/set/rm: the login's group role follows its tock role ('none': out of
     * the team). Runs as the caller: it grants only where the caller may, else leaves it to
     * the administrator. false: no such PostgreSQL role. */
    "pg:CREATE FUNCTION tock_team_grant(who text, tock_role text) RETURNS boolean\n"
    "  LANGUAGE plpgsql SET search_path = pg_catalog AS $$\n"
    "DECLARE g text;\n"
    "BEGIN\n"
    "  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = who) THEN\n"
    "    RETURN false;\n"
    "  END IF;\n"
    "  FOREACH g IN ARRAY ARRAY['tock_member', 'tock_lead', 'tock_admin'] LOOP\n"
    "    BEGIN\n"
    "      IF g = 'tock_' || tock_role THEN\n"
    "        EXECUTE pg_catalog.format('GRANT %I TO %I', g, who);\n"
    "      ELSE\n"
    "        EXECUTE pg_catalog.format('REVOKE %I FROM %I', g, who);\n"
    "      END IF;\n"
    "    EXCEPTION WHEN insufficient_privilege OR undefined_object OR\n"
    "      invalid_grant_operation THEN NULL;\n"
    "    END;\n"
    "  END LOOP;\n"
    "  RETURN true;\n"
    "END $$;\n",
    "pg:ALTER TABLE entries ENABLE ROW LEVEL SECURITY;\n",
    "pg:ALTER TABLE entries FORCE ROW LEVEL SECURITY;\n",
    "pg:CREATE POLICY entries_own ON entries USING (tock_sees_all() OR user_id IN\n"
    "  (SELECT id FROM users WHERE login = current_user));\n",
    "pg:ALTER TABLE timers ENABLE ROW LEVEL SECURITY;\n",
    "pg:ALTER TABLE timers FORCE ROW LEVEL SECURITY;\n",
    "pg:CREATE POLICY timers_own ON timers USING (tock_sees_all() OR user_id IN\n"
    "  (SELECT id FROM users WHERE login = current_user));\n",
    /* What an hour costs the agency: leads, admins and the owner only. */
    "pg:ALTER TABLE cost_rates ENABLE ROW LEVEL SECURITY;\n",
    "pg:ALTER TABLE cost_rates FORCE ROW LEVEL SECURITY;\n",
    "pg:CREATE POLICY cost_rates_lead ON cost_rates USING (tock_sees_all());\n",
    /* Weeks: a member reads their own, may submit an open or rejected one, and changes
     * nothing once it is submitted or approved; leads and admins decide. */
    "pg:ALTER TABLE weeks ENABLE ROW LEVEL SECURITY;\n",
    "pg:ALTER TABLE weeks FORCE ROW LEVEL SECURITY;\n",
    "pg:CREATE POLICY weeks_lead ON weeks USING (tock_sees_all());\n",
    "pg:CREATE POLICY weeks_read ON weeks FOR SELECT USING (user_id IN\n"
    "  (SELECT id FROM users WHERE login = current_user));\n",
    "pg:CREATE POLICY weeks_submit ON weeks FOR INSERT WITH CHECK (state IN ('open',\n"
    "  'submitted') AND user_id IN (SELECT id FROM users WHERE login = current_user));\n",
    "pg:CREATE POLICY weeks_resubmit ON weeks FOR UPDATE USING (state IN ('open', 'rejected')\n"
    "  AND user_id IN (SELECT id FROM users WHERE login = current_user)) WITH CHECK (state IN\n"
    "  ('open', 'submitted') AND user_id IN (SELECT id FROM users WHERE login = current_user));\n",
    /* A member's entries in a submitted or approved week stay as they are (an UPDATE's new
     * row is checked against the same rule: none moves into such a week either). */
    "pg:CREATE POLICY entries_locked_i ON entries AS RESTRICTIVE FOR INSERT\n"
    "  WITH CHECK (tock_sees_all() OR NOT EXISTS (SELECT 1 FROM weeks w WHERE\n"
    "  w.user_id = entries.user_id AND w.state IN ('submitted', 'approved') AND\n"
    "  w.week_start <= entries.last_day AND entries.day <=\n"
    "  to_char(w.week_start::date + 6, 'YYYY-MM-DD')));\n",
    "pg:CREATE POLICY entries_locked_u ON entries AS RESTRICTIVE FOR UPDATE\n"
    "  USING (tock_sees_all() OR NOT EXISTS (SELECT 1 FROM weeks w WHERE\n"
    "  w.user_id = entries.user_id AND w.state IN ('submitted', 'approved') AND\n"
    "  w.week_start <= entries.last_day AND entries.day <=\n"
    "  to_char(w.week_start::date + 6, 'YYYY-MM-DD')));\n",
    "pg:CREATE POLICY entries_locked_d ON entries AS RESTRICTIVE FOR DELETE\n"
    "  USING (tock_sees_all() OR NOT EXISTS (SELECT 1 FROM weeks w WHERE\n"
    "  w.user_id = entries.user_id AND w.state IN ('submitted', 'approved') AND\n"
    "  w.week_start <= entries.last_day AND entries.day <=\n"
    "  to_char(w.week_start::date + 6, 'YYYY-MM-DD')));\n",
    NULL,
};

/* Step 14 (issue 21): billing a retainer period reads each entry of a client's period in the
 * order the period draws (day, start with durations first, id) for the columns a bill needs
 * (store_billing_each); a covering index in that order answers it without touching the table
 * and without sorting (a busy week's retainer clients: 11 M fewer instructions). Its prefix
 * (client_id, day) and the columns of entries_client_usage serve everything that index did. */
static const char *const step14[] = {
    "CREATE INDEX IF NOT EXISTS entries_client_bill ON entries(client_id, day, "
    "IFNULL(start_utc, 0), id, project_id, billable, seconds, tier, last_day, start_utc, "
    "end_utc, invoice_id);\n",
    "DROP INDEX IF EXISTS entries_client_usage;\n",
    NULL,
};

/* Step 15 (issue 17): a rejected period goes back only once its owner changed it, so a
 * submit records what the period held (a digest of its entries, store_week_digest; the audit
 * record leaves it out, the entries have their own records). */
static const char *const step15[] = {
    "ALTER TABLE weeks ADD COLUMN submitted_digest TEXT;\n",
    NULL,
};

/* Step 16 (issue 19): the TUI's liveness on PostgreSQL. Every write transaction bumps
 * tock_state.data_version (store_db_pg.c); this trigger then notifies channel "tock" with the
 * new counter, so a screen LISTENs instead of asking each second (store_pg_watch.c). The
 * payload is the counter, never data. Nothing for sqlite (PRAGMA data_version). */
static const char *const step16[] = {
    "pg:CREATE FUNCTION tock_notify() RETURNS trigger LANGUAGE plpgsql\n"
    "  SET search_path = pg_catalog AS $$\n"
    "BEGIN\n"
    "  PERFORM pg_catalog.pg_notify('tock', NEW.data_version::text);\n"
    "  RETURN NULL;\n"
    "END $$;\n",
    "pg:CREATE TRIGGER tock_state_notify AFTER UPDATE OF data_version ON tock_state\n"
    "  FOR EACH ROW EXECUTE FUNCTION tock_notify();\n",
    NULL,
};

/* Step 17 (issue 21): what each earlier retainer period's entries drew, stored so a view does
 * not bill a rolling-over retainer back through every earlier period (app_carry.c). It is
 * derived data, never a source of truth: carry_gen counts every change to a client's entries
 * (these triggers, in the writer's own transaction, whoever writes: tock, an import, psql), and
 * a stored figure counts only while its gen is the client's current one and its rules digest
 * is that of the rules the reader bills with. A figure per rules digest: two users whose
 * configurations differ (or time zones) keep one each instead of replacing each other's. */
static const char *const step17[] = {
    "CREATE TABLE IF NOT EXISTS carry_gen (client_id INTEGER PRIMARY KEY, gen INTEGER NOT NULL);\n",
    "CREATE TABLE IF NOT EXISTS carry_usage (\n"
    "  client_id INTEGER NOT NULL,\n"
    "  retainer_id INTEGER NOT NULL,\n"
    "  first_day TEXT NOT NULL,\n"
    "  last_day TEXT NOT NULL,\n"
    "  gen INTEGER NOT NULL,\n"
    "  rules TEXT NOT NULL,\n"
    "  seconds INTEGER NOT NULL,\n"
    "  PRIMARY KEY (client_id, retainer_id, first_day, rules));\n",
    /* One statement each: every connection parses the schema when it opens. */
    "sqlite:CREATE TRIGGER IF NOT EXISTS carry_gen_i AFTER INSERT ON entries BEGIN INSERT INTO "
    "carry_gen VALUES (NEW.client_id, 1) ON CONFLICT DO UPDATE SET gen = gen + 1; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS carry_gen_d AFTER DELETE ON entries BEGIN INSERT INTO "
    "carry_gen VALUES (OLD.client_id, 1) ON CONFLICT DO UPDATE SET gen = gen + 1; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS carry_gen_u AFTER UPDATE ON entries BEGIN INSERT INTO "
    "carry_gen SELECT OLD.client_id, 1 UNION SELECT NEW.client_id, 1 ON CONFLICT DO UPDATE "
    "SET gen = gen + 1; END;\n",
    /* PostgreSQL: the trigger runs as whoever writes (no function of tock runs as its
     * owner), so members may count; a count only ever goes up (tock_carry_forward), so
     * nobody can set one back to a figure's; only those who see every entry read or write
     * figures (a member's would miss others' time). */
    "pg:CREATE FUNCTION tock_carry_bump() RETURNS trigger LANGUAGE plpgsql\n"
    "  SET search_path = pg_catalog AS $$\n"
    "BEGIN\n"
    "  IF TG_OP <> 'INSERT' THEN\n"
    "    EXECUTE format('INSERT INTO %I.carry_gen AS g (client_id, gen) VALUES ($1, 1) '\n"
    "      'ON CONFLICT (client_id) DO UPDATE SET gen = g.gen + 1', TG_TABLE_SCHEMA)\n"
    "      USING OLD.client_id;\n"
    "  END IF;\n"
    "  IF TG_OP <> 'DELETE' THEN\n"
    "    EXECUTE format('INSERT INTO %I.carry_gen AS g (client_id, gen) VALUES ($1, 1) '\n"
    "      'ON CONFLICT (client_id) DO UPDATE SET gen = g.gen + 1', TG_TABLE_SCHEMA)\n"
    "      USING NEW.client_id;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $$;\n",
    "pg:CREATE TRIGGER carry_gen_bump AFTER INSERT OR UPDATE OR DELETE ON entries\n"
    "  FOR EACH ROW EXECUTE FUNCTION tock_carry_bump();\n",
    "pg:CREATE FUNCTION tock_carry_forward() RETURNS trigger LANGUAGE plpgsql\n"
    "  SET search_path = pg_catalog AS $$\n"
    "BEGIN\n"
    "  IF NEW.client_id <> OLD.client_id OR NEW.gen <= OLD.gen THEN\n"
    "    RAISE EXCEPTION 'carry_gen only counts up';\n"
    "  END IF;\n"
    "  RETURN NEW;\n"
    "END $$;\n",
    "pg:CREATE TRIGGER carry_gen_forward BEFORE UPDATE ON carry_gen\n"
    "  FOR EACH ROW EXECUTE FUNCTION tock_carry_forward();\n",
    "pg:DO $$\n"
    "BEGIN\n"
    "  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'tock_member') THEN\n"
    "    REVOKE DELETE, TRUNCATE ON carry_gen FROM tock_member;\n"
    "  END IF;\n"
    "END $$;\n",
    /* A TRUNCATE fires no row trigger: every figure goes with the entries. */
    "pg:CREATE FUNCTION tock_carry_truncated() RETURNS trigger LANGUAGE plpgsql\n"
    "  SET search_path = pg_catalog AS $$\n"
    "BEGIN\n"
    "  EXECUTE format('DELETE FROM %I.carry_usage', TG_TABLE_SCHEMA);\n"
    "  RETURN NULL;\n"
    "END $$;\n",
    "pg:CREATE TRIGGER carry_truncated AFTER TRUNCATE ON entries\n"
    "  FOR EACH STATEMENT EXECUTE FUNCTION tock_carry_truncated();\n",
    "pg:ALTER TABLE carry_usage ENABLE ROW LEVEL SECURITY;\n",
    "pg:CREATE POLICY carry_usage_all ON carry_usage USING (tock_sees_all());\n",
    NULL,
};

/* Step 18 (issue 21): a user's listing (`tock log`) reads entries_user_grid's columns and
 * the note and ref it shows; with them in the index it reads no table row per entry (a busy
 * month: 8 % fewer instructions). Its prefix and columns serve everything entries_user_grid
 * did (the week grid, report profit), so it replaces it. sqlite only: a PostgreSQL index row
 * must fit in a third of a page, and a note has no length limit. */
static const char *const step18[] = {
    "sqlite:CREATE INDEX IF NOT EXISTS entries_user_list ON entries(user_id, day, "
    "IFNULL(start_utc, 0), last_day, client_id, project_id, tier, billable, start_utc, end_utc, "
    "seconds, invoice_id, note, ref);\n",
    "sqlite:DROP INDEX IF EXISTS entries_user_grid;\n",
    NULL,
};

/* Step 19 (issue 21): what the current period of a retainer drew, entry by entry (billed
 * seconds and money), stored so a busy week does not draw every retainer period it shows
 * again in every process (app_carry.c). Derived data like carry_usage (step 17): used only at
 * the client's change count it was computed at, with the rules digest and the pending
 * invoices it was computed with; left out of dumps. */
static const char *const step19[] = {
    "CREATE TABLE IF NOT EXISTS carry_draw (\n"
    "  client_id INTEGER NOT NULL,\n"
    "  retainer_id INTEGER NOT NULL,\n"
    "  first_day TEXT NOT NULL,\n"
    "  gen INTEGER NOT NULL,\n"
    "  rules TEXT NOT NULL,\n"
    "  bills TEXT NOT NULL,\n"
    "  PRIMARY KEY (client_id, retainer_id, first_day, rules));\n",
    /* A TRUNCATE fires no row trigger: every figure goes with the entries. */
    "pg:CREATE OR REPLACE FUNCTION tock_carry_truncated() RETURNS trigger LANGUAGE plpgsql\n"
    "  SET search_path = pg_catalog AS $$\n"
    "BEGIN\n"
    "  EXECUTE format('DELETE FROM %I.carry_usage', TG_TABLE_SCHEMA);\n"
    "  EXECUTE format('DELETE FROM %I.carry_draw', TG_TABLE_SCHEMA);\n"
    "  RETURN NULL;\n"
    "END $$;\n",
    "pg:ALTER TABLE carry_draw ENABLE ROW LEVEL SECURITY;\n",
    "pg:CREATE POLICY carry_draw_all ON carry_draw USING (tock_sees_all());\n",
    NULL,
};

/* Step 20 (issue 15): the entries of an import still being added (store_stage.c): rows in
 * entries that nobody sees (ENTRY_SEEN, store_impl.h) until the import's last short step
 * deletes this row, or that the next import removes when the importing process died (pid and
 * its start, store_lease.c's check). One row at most (slot = 1), so a read leaves out one
 * range: two constant lookups a statement. Never exported: it is not data. */
static const char *const step20[] = {
    "CREATE TABLE IF NOT EXISTS entries_pending (\n"
    "  slot INTEGER PRIMARY KEY CHECK (slot = 1),\n"
    "  lo INTEGER NOT NULL,\n"
    "  hi INTEGER NOT NULL,\n"
    "  pid INTEGER NOT NULL,\n"
    "  started INTEGER NOT NULL,\n"
    "  CHECK (hi >= lo));\n",
    /* PostgreSQL imports in place and never writes it; with no policy nobody (but a
     * superuser) can, so no member hides others' entries through it. */
    "pg:ALTER TABLE entries_pending ENABLE ROW LEVEL SECURITY;\n",
    "pg:ALTER TABLE entries_pending FORCE ROW LEVEL SECURITY;\n",
    NULL,
};

/* Step 21 (issue 21): every client's rules as the five statements of store_rules_all read
 * them (clients, rates, projects, tier rules, retainers), kept as one blob so a busy view
 * does not read ~2,000 rows again in every command (store_rules.c). Derived data: every
 * insert or update of those tables deletes it (these triggers, in the writer's own
 * transaction, whoever writes: tock, an import, the sqlite3 shell); a delete alone leaves
 * fewer rows than the blob holds, which its reader counts; and it is written only when
 * nothing at all was committed since the snapshot it was read in. One row; left out of
 * dumps. sqlite only: PostgreSQL reads the rules live. Every connection parses every trigger
 * when it opens (tock status too): ~12.7 k instructions each for a DELETE (a counter's
 * UPDATE, ~20 k), so ten of them and no delete triggers. */
static const char *const step21[] = {
    "sqlite:CREATE TABLE IF NOT EXISTS rules_cache (\n"
    "  slot INTEGER PRIMARY KEY CHECK (slot = 1),\n"
    "  rows BLOB NOT NULL);\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_clients_i AFTER INSERT ON clients BEGIN "
    "DELETE FROM rules_cache; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_clients_u AFTER UPDATE ON clients BEGIN "
    "DELETE FROM rules_cache; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_projects_i AFTER INSERT ON projects BEGIN "
    "DELETE FROM rules_cache; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_projects_u AFTER UPDATE ON projects BEGIN "
    "DELETE FROM rules_cache; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_rates_i AFTER INSERT ON rates BEGIN "
    "DELETE FROM rules_cache; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_rates_u AFTER UPDATE ON rates BEGIN "
    "DELETE FROM rules_cache; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_tier_rules_i AFTER INSERT ON tier_rules BEGIN "
    "DELETE FROM rules_cache; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_tier_rules_u AFTER UPDATE ON tier_rules BEGIN "
    "DELETE FROM rules_cache; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_retainers_i AFTER INSERT ON retainers BEGIN "
    "DELETE FROM rules_cache; END;\n",
    "sqlite:CREATE TRIGGER IF NOT EXISTS rules_retainers_u AFTER UPDATE ON retainers BEGIN "
    "DELETE FROM rules_cache; END;\n",
    NULL,
};

/* Step 22 (issue 21): entries_user_list orders a user's entries that start together by id
 * (the id after the start), so a listing comes in its order from the index, (day, start,
 * id), and no entry waits for the next row to be passed on: a busy month's `log --json`
 * copied every entry's strings while it waited. Rebuilding the index takes a few seconds on a
 * million entries, once. sqlite only, as step 18. */
static const char *const step22[] = {
    "sqlite:DROP INDEX IF EXISTS entries_user_list;\n",
    "sqlite:CREATE INDEX IF NOT EXISTS entries_user_list ON entries(user_id, day, "
    "IFNULL(start_utc, 0), id, last_day, client_id, project_id, tier, billable, start_utc, "
    "end_utc, seconds, invoice_id, note, ref);\n",
    NULL,
};

const char *const *const store_migrations[] = { step1, step2, step3, step4, step5, step6,
                                                   step7, step8, step9, step10, step11, step12,
                                                   step13, step14, step15, step16, step17,
                                                   step18, step19, step20, step21,
                                                   step22 };
const int store_nmigrations = (int)(sizeof store_migrations / sizeof store_migrations[0]);

const char *store_migration_sql(const char *sql, bool pg)
{
    if (!strncmp(sql, "sqlite:", 7))
        return pg ? NULL : sql + 7;
    if (!strncmp(sql, "pg:", 3))
        return pg ? sql + 3 : NULL;
    return sql;
}
