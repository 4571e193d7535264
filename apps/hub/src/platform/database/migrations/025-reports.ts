import { type Kysely, sql } from 'kysely';

/**
 * Results reports (issue 13; the reports module): forms of typed fields owned by an
 * organisation (optionally of one of its campaigns), who must report on them, one current
 * submission per (form, period, organisation) with every earlier version kept, and
 * exceptions to a period's lock.
 *
 * - `report_assignees` keeps the rules as written (one organisation, or every organisation
 *   of a kind beneath one); "expected" is read against the tree at each query, so a school
 *   opened later is expected too.
 * - `report_submissions (form_id, period_key, org_id)` is unique: its index also serves the
 *   roll-up's read of a period's submissions. The organisations' subtree is read through
 *   `organisations.path` (its GIN index, migration 001).
 * - `report_submission_versions` is append-only: a write updates the current row under its
 *   row lock and appends the version it became, so versions of one submission never repeat.
 */
const statements = [
  sql`CREATE TABLE report_forms (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        key text NOT NULL,
        campaign_id uuid REFERENCES campaigns(id),
        title jsonb NOT NULL,
        description jsonb,
        fields jsonb NOT NULL,
        schedule jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (org_id, key)
      )`,
  sql`CREATE INDEX report_forms_campaign ON report_forms (campaign_id)
       WHERE campaign_id IS NOT NULL`,
  sql`CREATE TABLE report_assignees (
        form_id uuid NOT NULL REFERENCES report_forms(id) ON DELETE CASCADE,
        position integer NOT NULL,
        org_id uuid REFERENCES organisations(id),
        all_of text,
        under_org_id uuid REFERENCES organisations(id),
        PRIMARY KEY (form_id, position),
        CHECK ((org_id IS NULL) <> (all_of IS NULL AND under_org_id IS NULL))
      )`,
  sql`CREATE TABLE report_submissions (
        id uuid PRIMARY KEY,
        form_id uuid NOT NULL REFERENCES report_forms(id) ON DELETE CASCADE,
        period_key text NOT NULL,
        org_id uuid NOT NULL REFERENCES organisations(id),
        state text NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
        "values" jsonb NOT NULL,
        version integer NOT NULL,
        first_submitted_at timestamptz,
        submitted_at timestamptz,
        on_time boolean,
        updated_at timestamptz NOT NULL,
        updated_by jsonb NOT NULL,
        UNIQUE (form_id, period_key, org_id)
      )`,
  sql`CREATE TABLE report_submission_versions (
        submission_id uuid NOT NULL REFERENCES report_submissions(id) ON DELETE CASCADE,
        version integer NOT NULL,
        state text NOT NULL,
        "values" jsonb NOT NULL,
        changed text[] NOT NULL,
        comment text,
        at timestamptz NOT NULL,
        by jsonb NOT NULL,
        PRIMARY KEY (submission_id, version)
      )`,
  sql`CREATE TABLE report_exceptions (
        form_id uuid NOT NULL REFERENCES report_forms(id) ON DELETE CASCADE,
        period_key text NOT NULL,
        org_id uuid NOT NULL REFERENCES organisations(id),
        until timestamptz NOT NULL,
        granted_at timestamptz NOT NULL,
        granted_by jsonb NOT NULL,
        PRIMARY KEY (form_id, period_key, org_id)
      )`,
];

/** Report forms, assignees, submissions and their versions, lock exceptions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: a prepared statement holds one command.
  for (const statement of statements) await statement.execute(db);
}
