import { type Kysely, sql } from 'kysely';

/**
 * Hotline signposting (issue 15).
 *
 * `hotlines` (the hotlines module's): the directory of help lines. `number` as dialled
 * locally, `e164` where it has one, `name` per language, `purposes` from core's vocabulary,
 * `languages` it answers in, `hours`, and `serves`: the organisations whose subtrees it
 * serves (no foreign key on an array; the service checks each is in the keeper's reach).
 * Kept by `org_id`.
 *
 * `broadcasts.signposting` (the broadcasts module's): whether a broadcast appends the
 * footer, and for which purposes. Broadcasts written before this migration, and those the
 * hub writes itself (reminders, escalations, announcements), have it off: their text was
 * approved without one.
 */
const statements = [
  sql`CREATE TABLE hotlines (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        number text NOT NULL,
        e164 text,
        name jsonb NOT NULL,
        purposes text[] NOT NULL CHECK (cardinality(purposes) > 0),
        languages text[] NOT NULL CHECK (cardinality(languages) > 0),
        hours text,
        serves uuid[] NOT NULL CHECK (cardinality(serves) > 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
  sql`CREATE INDEX hotlines_org ON hotlines (org_id, id)`,
  sql`CREATE INDEX hotlines_serves ON hotlines USING gin (serves)`,
  sql`ALTER TABLE broadcasts
        ADD COLUMN signposting jsonb NOT NULL DEFAULT '{"enabled": false}'::jsonb`,
];

/** The hotline directory, and each broadcast's signposting. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
