import { type Kysely, sql } from 'kysely';

/**
 * Attachments of recommendation versions (issue 15): the memos, booklets and posters a version
 * carries, stored by the hub (the content module's tables).
 *
 * - `attachments`: a file's bytes (`data`), the type sniffed from them, its size, the name
 *   recipients see, who uploaded it and when. Stored once per organisation for the same bytes
 *   under the same name (`sha256`, `filename`): uploading it again, to another version or
 *   another recommendation, reuses the row. Programme materials, never a child's data.
 * - `recommendation_version_attachments`: which files a version carries, in `position` order.
 *   A new draft made from a published version gets the same rows — the bytes are not copied —
 *   and removing a file from a draft removes its row there only; a file no version carries
 *   any more is deleted with it.
 */
const statements = [
  sql`CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        data bytea NOT NULL CHECK (octet_length(data) = size_bytes),
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        UNIQUE (org_id, sha256, filename)
      )`,
  sql`CREATE TABLE recommendation_version_attachments (
        version_id uuid NOT NULL REFERENCES recommendation_versions(id) ON DELETE CASCADE,
        attachment_id uuid NOT NULL REFERENCES attachments(id),
        position integer NOT NULL,
        PRIMARY KEY (version_id, attachment_id),
        UNIQUE (version_id, position)
      )`,
  sql`CREATE INDEX recommendation_version_attachments_file
        ON recommendation_version_attachments (attachment_id)`,
];

/** Files stored once per organisation, and the files each version carries. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
