import { type Kysely, sql } from 'kysely';

/**
 * Approval of results reports up the tree, and their audit log (issue 13; the reports
 * module).
 *
 * - `report_forms.approval_levels`: the kinds of organisation that approve, lowest first
 *   (empty: the form is not approved).
 * - `report_approvals`: one row per organisation that approved a period's reports of its
 *   subtree; the row is the lock (a submission is locked while a row exists for an
 *   organisation on its path). Withdrawing the approval deletes the row; the audit log keeps
 *   that it was.
 * - `report_audit`: append-only, written in the transaction of each action. A trigger refuses
 *   UPDATE and DELETE, so no path of the hub (nor a mistaken query) rewrites history; its
 *   form is referenced without cascade for the same reason. Ids are UUIDv7: the log pages in
 *   id order, which is the order of the actions.
 */
const statements = [
  sql`ALTER TABLE report_forms ADD COLUMN approval_levels jsonb NOT NULL DEFAULT '[]'`,
  sql`CREATE TABLE report_approvals (
        form_id uuid NOT NULL REFERENCES report_forms(id) ON DELETE CASCADE,
        period_key text NOT NULL,
        org_id uuid NOT NULL REFERENCES organisations(id),
        approved_at timestamptz NOT NULL,
        approved_by jsonb NOT NULL,
        PRIMARY KEY (form_id, period_key, org_id)
      )`,
  sql`CREATE TABLE report_audit (
        id uuid PRIMARY KEY,
        form_id uuid NOT NULL REFERENCES report_forms(id),
        period_key text,
        org_id uuid NOT NULL REFERENCES organisations(id),
        action text NOT NULL CHECK (action IN ('submitted', 'drafted', 'returned', 'approved',
          'unapproved', 'exception_granted', 'exception_removed', 'form_changed',
          'assignment_changed')),
        actor jsonb NOT NULL,
        at timestamptz NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'
      )`,
  sql`CREATE INDEX report_audit_form ON report_audit (form_id, id)`,
  sql`CREATE FUNCTION report_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'report_audit is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`,
  sql`CREATE TRIGGER report_audit_append_only BEFORE UPDATE OR DELETE ON report_audit
        FOR EACH ROW EXECUTE FUNCTION report_audit_append_only()`,
];

/** Approval levels of report forms, approvals, and the append-only audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: a prepared statement holds one command.
  for (const statement of statements) await statement.execute(db);
}
