import { type Kysely, sql } from 'kysely';

/**
 * The pairing session of each phone (`channel:provider`, a WhatsApp Web phone), as the worker
 * that holds it last saw it: any other process (an api process, a worker waiting for the
 * lease) answers from here. The QR code is kept only while it waits to be scanned.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE channel_sessions (
      key text PRIMARY KEY,
      state text NOT NULL,
      qr text,
      qr_data_url text,
      detail text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
