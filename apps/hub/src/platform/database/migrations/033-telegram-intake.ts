import { type Kysely, sql } from 'kysely';

/**
 * The Telegram bot's intake conversations (issue 14; the telegram module).
 *
 * `telegram_intake`: one row per chat in the middle of a report, keyed by an HMAC of the chat
 * id with a hub secret (`chat_hash`), so the table names no Telegram user: the draft (links,
 * category, platform, description, feedback choice), the step, the language, and
 * `expires_at` (24 h after the last answer; an expired row is read as absent and deleted).
 */
const statements = [
  sql`CREATE TABLE telegram_intake (
        chat_hash text PRIMARY KEY,
        language text NOT NULL,
        step text NOT NULL,
        draft jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`,
  sql`CREATE INDEX telegram_intake_expires ON telegram_intake (expires_at)`,
];

/** The bot's intake conversations. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
