import { type Kysely, sql } from 'kysely';

/**
 * The campaign's calendar (issue 12):
 * - `campaign_announcements`: a broadcast template and its schedule, by key per campaign.
 *   `version` is bumped whenever the template or the schedule changes; `version_since` is
 *   when that version was written: occurrences due before it never applied to it.
 * - `announcement_occurrences`: each occurrence that came, once per (announcement, occurrence
 *   key, version) — the primary key is what makes firing exactly once with many processes:
 *   the fire step inserts `ON CONFLICT DO NOTHING` and creates the broadcast only if it
 *   inserted. `broadcast_id` is written in the same transaction, before the broadcast row,
 *   so its foreign key is checked at commit.
 */
const SCHEMA = `
  CREATE TABLE campaign_announcements (
    id uuid PRIMARY KEY,
    campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    key text NOT NULL,
    position integer NOT NULL,
    title jsonb,
    content jsonb NOT NULL,
    segment_id uuid NOT NULL REFERENCES segments(id),
    channels text[] NOT NULL,
    fallback_after_seconds integer,
    urgent boolean NOT NULL,
    schedule jsonb NOT NULL,
    version integer NOT NULL,
    version_since timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (campaign_id, key)
  );
  CREATE TABLE announcement_occurrences (
    announcement_id uuid NOT NULL REFERENCES campaign_announcements(id) ON DELETE CASCADE,
    occurrence_key text NOT NULL,
    version integer NOT NULL,
    campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    due_at timestamptz NOT NULL,
    zone text NOT NULL,
    state text NOT NULL CHECK (state IN ('fired', 'missed')),
    broadcast_id uuid REFERENCES broadcasts(id) DEFERRABLE INITIALLY DEFERRED,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (announcement_id, occurrence_key, version)
  );
  CREATE INDEX announcement_occurrences_campaign ON announcement_occurrences (campaign_id, due_at);
`;

/** Announcements on the campaign's calendar and the occurrences they fired or missed. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SCHEMA).execute(db);
}
