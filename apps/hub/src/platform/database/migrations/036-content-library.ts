import { type Kysely, sql } from 'kysely';

/**
 * The recommendation library (issue 15): versions with a four-eyes lifecycle, and the
 * approvals audit log.
 *
 * - `recommendation_versions` (the content module's): every text a recommendation has had.
 *   A version is `draft` → `in_review` → `published` (approved by another person) →
 *   `archived`, or sent back to `draft` with a comment. At most one version of a
 *   recommendation is published and at most one is open (draft or in review). `authors` are
 *   the people who wrote it (created or edited): none of them may approve it.
 * - `recommendations` keeps the identity and points at its published and newest versions; the
 *   texts and targets move into version 1 of each (published ones stay published, approved by
 *   nobody: they predate approval).
 * - `broadcasts.content_version_id`: the version a broadcast of a recommendation sends, fixed
 *   when it is created; `ignore_targeting` records a sender's override of the version's target
 *   roles and age bands.
 * - `deliveries.content_version_id`: the version each recipient got (its `language` says in
 *   which language, once sent).
 * - `approval_events` (the approvals module's): append-only — who did what to which version
 *   or broadcast, when.
 */
const statements = [
  sql`CREATE TABLE recommendation_versions (
        id uuid PRIMARY KEY,
        recommendation_id uuid NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organisations(id),
        number integer NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'archived')),
        topic text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        title jsonb NOT NULL,
        body jsonb NOT NULL,
        target_roles text[] NOT NULL,
        target_age_bands jsonb NOT NULL,
        authors text[] NOT NULL,
        submitted_at timestamptz,
        reviewed_by text,
        reviewed_at timestamptz,
        review_decision text CHECK (review_decision IN ('approved', 'rejected')),
        review_comment text,
        published_at timestamptz,
        archived_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (recommendation_id, number)
      )`,
  sql`CREATE UNIQUE INDEX recommendation_versions_one_published
        ON recommendation_versions (recommendation_id) WHERE status = 'published'`,
  sql`CREATE UNIQUE INDEX recommendation_versions_one_open
        ON recommendation_versions (recommendation_id) WHERE status IN ('draft', 'in_review')`,
  sql`CREATE INDEX recommendation_versions_queue ON recommendation_versions (status, org_id)`,
  sql`ALTER TABLE recommendations
        ADD COLUMN published_version_id uuid REFERENCES recommendation_versions(id),
        ADD COLUMN latest_version_id uuid REFERENCES recommendation_versions(id)`,
  sql`INSERT INTO recommendation_versions
        (id, recommendation_id, org_id, number, status, topic, tags, title, body, target_roles,
         target_age_bands, authors, published_at, archived_at, created_at, updated_at)
      SELECT gen_random_uuid(), id, org_id, 1, status, topic, '{}', title, body, target_roles,
             target_age_bands, '{}',
             CASE WHEN status = 'published' THEN updated_at END,
             CASE WHEN status = 'archived' THEN updated_at END,
             created_at, updated_at
        FROM recommendations`,
  sql`UPDATE recommendations r SET
        latest_version_id = v.id,
        published_version_id = CASE WHEN v.status = 'published' THEN v.id END
      FROM recommendation_versions v WHERE v.recommendation_id = r.id`,
  sql`ALTER TABLE recommendations
        DROP COLUMN topic, DROP COLUMN title, DROP COLUMN body, DROP COLUMN target_roles,
        DROP COLUMN target_age_bands, DROP COLUMN status`,
  sql`ALTER TABLE broadcasts
        ADD COLUMN content_version_id uuid REFERENCES recommendation_versions(id),
        ADD COLUMN content_version integer,
        ADD COLUMN ignore_targeting boolean NOT NULL DEFAULT false`,
  sql`UPDATE broadcasts b SET content_version_id = r.latest_version_id, content_version = 1
        FROM recommendations r WHERE r.id::text = b.content ->> 'recommendationId'`,
  sql`ALTER TABLE deliveries ADD COLUMN content_version_id uuid`,
  sql`CREATE TABLE approval_events (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        subject_kind text NOT NULL CHECK (subject_kind IN ('recommendation_version', 'broadcast')),
        subject_id uuid NOT NULL,
        action text NOT NULL,
        actor text NOT NULL,
        person text NOT NULL,
        detail jsonb NOT NULL,
        at timestamptz NOT NULL
      )`,
  sql`CREATE INDEX approval_events_org ON approval_events (org_id, id)`,
  sql`CREATE INDEX approval_events_subject ON approval_events (subject_id, id)`,
  sql`CREATE FUNCTION approval_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'approval_events is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`,
  sql`CREATE TRIGGER approval_events_append_only BEFORE UPDATE OR DELETE ON approval_events
        FOR EACH ROW EXECUTE FUNCTION approval_events_append_only()`,
];

/** Recommendation versions, a broadcast's and a delivery's version, the approvals log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
