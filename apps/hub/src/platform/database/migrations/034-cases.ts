import { type Kysely, sql } from 'kysely';

/**
 * Harmful-content cases (issue 14; the cases module).
 *
 * - `cases`: one per content reported, routed to the organisation whose specialists handle it
 *   (`org_id`); `excluded_org_id` is the organisation a conflict of interest hides it from
 *   (with its subtree); the response-time clocks (`acknowledge_by`, `resolve_by`) set from the
 *   severity when it opens; `number` from `case_numbers`.
 * - `case_reports`: each report of a case, with the reporter's own `reference` (from
 *   `case_report_numbers`); the reporter only as a keyed hash (`reporter_hash`), the contact
 *   only when they chose to leave one, `feedback` (where status changes go back) only when they
 *   asked to hear back.
 * - `case_links`: the canonical links of a case and their SHA-256; an open case's links are
 *   what a new report merges on.
 * - `case_referrals`: what was sent to whom, when, and the answer.
 * - `case_routing_rules`, `case_response_times`: an organisation's settings.
 * - `case_audit`: append-only, each entry's `hash` is SHA-256 over the previous entry's hash
 *   and its own content; a trigger refuses UPDATE and DELETE.
 */
const statements = [
  sql`CREATE SEQUENCE case_numbers`,
  sql`CREATE SEQUENCE case_report_numbers`,
  sql`CREATE TABLE cases (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        intake_org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        concerned_org_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
        excluded_org_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
        state text NOT NULL,
        severity text NOT NULL,
        category text NOT NULL,
        platform text NOT NULL,
        assignee_id uuid REFERENCES users (id) ON DELETE SET NULL,
        report_count integer NOT NULL DEFAULT 1,
        acknowledge_by timestamptz NOT NULL,
        resolve_by timestamptz NOT NULL,
        acknowledged_at timestamptz,
        closed_at timestamptz,
        reject_reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
  sql`CREATE INDEX cases_org_state ON cases (org_id, state, severity)`,
  sql`CREATE INDEX cases_open_clocks ON cases (acknowledge_by, resolve_by)
        WHERE state IN ('new', 'triaged', 'referred', 'in_action')`,
  sql`CREATE TABLE case_reports (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        reference text NOT NULL UNIQUE,
        source text NOT NULL,
        category text NOT NULL,
        platform text NOT NULL,
        description text NOT NULL,
        language text NOT NULL,
        place text,
        links jsonb NOT NULL,
        reporter_hash text NOT NULL,
        contact jsonb,
        feedback jsonb,
        received_at timestamptz NOT NULL
      )`,
  sql`CREATE INDEX case_reports_case ON case_reports (case_id, received_at)`,
  sql`CREATE TABLE case_links (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        sha256 text NOT NULL,
        url text NOT NULL,
        host text NOT NULL,
        PRIMARY KEY (case_id, sha256)
      )`,
  sql`CREATE INDEX case_links_hash ON case_links (sha256)`,
  sql`CREATE TABLE case_referrals (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        target text NOT NULL,
        recipient text NOT NULL,
        summary text NOT NULL,
        sent_at timestamptz NOT NULL,
        answer text,
        answered_at timestamptz,
        created_by uuid
      )`,
  sql`CREATE INDEX case_referrals_case ON case_referrals (case_id, sent_at)`,
  sql`CREATE TABLE case_routing_rules (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        position integer NOT NULL,
        scope_org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        categories jsonb,
        target_org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
      )`,
  sql`CREATE INDEX case_routing_rules_scope ON case_routing_rules (scope_org_id)`,
  sql`CREATE TABLE case_response_times (
        org_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
        times jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
  sql`CREATE TABLE case_audit (
        seq bigserial PRIMARY KEY,
        case_id uuid NOT NULL,
        org_id uuid NOT NULL,
        at timestamptz NOT NULL,
        actor text,
        action text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`,
  sql`CREATE INDEX case_audit_case ON case_audit (case_id, seq)`,
  sql`CREATE FUNCTION case_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_audit is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`,
  sql`CREATE TRIGGER case_audit_append_only BEFORE UPDATE OR DELETE ON case_audit
        FOR EACH ROW EXECUTE FUNCTION case_audit_append_only()`,
];

/** Cases, their reports, links, referrals, settings and audit trail. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
