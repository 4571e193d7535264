import { type Kysely, sql } from 'kysely';

/**
 * Privacy (issue 14): erasures and audit retention.
 *
 * `contact_erasures` (the privacy module's): one row per erased contact — its id, its
 * organisation, who erased it and when, how many rows were scrubbed. No personal data: the
 * record says that an erasure happened, not whom it was about beyond an id that no longer
 * resolves.
 *
 * `report_audit` stays append-only, with one exception: the retention purge may delete
 * entries older than the cutoff it sets for its own transaction
 * (`set_config('safenet.audit_purge_before', <timestamptz>, true)`). Any other UPDATE or
 * DELETE is refused as before.
 */
const statements = [
  sql`CREATE TABLE contact_erasures (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        contact_id uuid NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'key')),
        actor_id uuid NOT NULL,
        rows_scrubbed integer NOT NULL,
        erased_at timestamptz NOT NULL
      )`,
  sql`CREATE INDEX contact_erasures_org ON contact_erasures (org_id, id)`,
  sql`CREATE OR REPLACE FUNCTION report_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        purge_before text := current_setting('safenet.audit_purge_before', true);
      BEGIN
        IF TG_OP = 'DELETE' AND purge_before IS NOT NULL AND purge_before <> ''
           AND OLD.at < purge_before::timestamptz THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'report_audit is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`,
];

/** Erasure records, and the audit log's retention purge. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
