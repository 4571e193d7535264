import { type Kysely, sql } from 'kysely';

/**
 * The Telegram bot's deep links (issue 17; the telegram module).
 *
 * `telegram_links`: one row per link the hub gave for a contact
 * (`https://t.me/<bot>?start=<token>`, the token signing `id`): the contact and its
 * organisation, when it was made and until when it can be opened, and — once opened — when and
 * by which chat (`chat_hash`, an HMAC of the chat id with a hub secret, as `telegram_intake`
 * keys chats: the table names no Telegram user). Goes with its contact (`ON DELETE CASCADE`:
 * an erasure leaves none).
 */
const statements = [
  sql`CREATE TABLE telegram_links (
        id uuid PRIMARY KEY,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organisations(id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        chat_hash text,
        CHECK ((used_at IS NULL) = (chat_hash IS NULL))
      )`,
  sql`CREATE INDEX telegram_links_contact ON telegram_links (contact_id)`,
  sql`CREATE INDEX telegram_links_expires ON telegram_links (expires_at)`,
];

/** The bot's deep links. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
