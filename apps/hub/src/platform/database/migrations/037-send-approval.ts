import { type Kysely, sql } from 'kysely';

/**
 * Four-eyes approval of large sends (issue 15).
 *
 * - `send_approval_thresholds` (the broadcasts module's): per organisation, the audience size
 *   above which its broadcasts wait for a second person. The nearest setting up an
 *   organisation's path is in force; none: the hub's default (`SAFENET_SEND_APPROVAL_THRESHOLD`).
 * - `broadcasts.requested_by`: the person (`user:<id>`, or `key:<id>` for a key nobody created)
 *   whose broadcast waits for approval — they may not approve it.
 * - `broadcasts.approved_terms`: what the second person approved (content version, segment and
 *   a hash of its query, channels, audience count), while the approval holds; the expand worker
 *   compares it with the live terms before planning anything.
 */
const statements = [
  sql`CREATE TABLE send_approval_thresholds (
        org_id uuid PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
        threshold integer NOT NULL CHECK (threshold >= 0),
        updated_at timestamptz NOT NULL
      )`,
  sql`ALTER TABLE broadcasts ADD COLUMN requested_by text`,
  sql`ALTER TABLE broadcasts ADD COLUMN approved_terms jsonb`,
  sql`CREATE INDEX broadcasts_awaiting_approval ON broadcasts (org_id, id)
        WHERE status = 'awaiting_approval'`,
];

/** Send-approval thresholds, and a broadcast's requester and approved terms. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
