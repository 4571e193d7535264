import { type Kysely, sql } from 'kysely';

const SCHEMA = `
    ALTER TABLE broadcasts ADD COLUMN fallback_after_seconds integer;
    ALTER TABLE deliveries ADD COLUMN fallback_from uuid REFERENCES deliveries(id);
    ALTER TABLE deliveries ADD COLUMN fallback_at timestamptz;
    ALTER TABLE deliveries ADD COLUMN receipt_due_at timestamptz;
    -- The receipt-timeout sweep reads only deliveries still waiting for a receipt.
    CREATE INDEX deliveries_receipt_due_idx ON deliveries (receipt_due_at)
      WHERE receipt_due_at IS NOT NULL AND fallback_at IS NULL AND status = 'sent';
    CREATE TABLE pacing (
      key text PRIMARY KEY,
      next_at timestamptz NOT NULL,
      day text,
      day_count integer NOT NULL DEFAULT 0
    );
  `;

/**
 * Fallback across channels (which delivery replaced which, when a receipt is overdue) and
 * the pacing state every hub process on the database shares.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of SCHEMA.split(/;\s*$/m)) {
    if (statement.trim()) await sql.raw(statement).execute(db);
  }
}
