import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the contact search (`GET /v1/contacts?q=…`), which matches the start of a
 * contact's external reference, display name, email and Telegram name case-insensitively
 * (`lower(…) LIKE 'text%'`) and the start of its phone and WhatsApp numbers.
 *
 * Plain btree indexes with `text_pattern_ops`, which serve `LIKE 'prefix%'` whatever the
 * database's collation, on both stores. Trigram indexes (`pg_trgm`) would also serve matches
 * inside a word, but the extension is a database-wide object that a hub with its own schema
 * on a shared or managed PostgreSQL may not be allowed to create (and dropping a schema that
 * holds it drops it for every other); the embedded store ships it, the others may not. Prefix
 * matching needs nothing beyond PostgreSQL 14 itself.
 *
 * The other filters (language, role, consent, channel, child age) are left to the scan in
 * id order the keyset page already does over the organisation's subtree: they each keep a
 * large share of a subtree, so the page fills after reading a few times its size.
 */
const statements = [
  sql`CREATE INDEX contacts_search_external_ref ON contacts (lower(external_ref) text_pattern_ops)`,
  sql`CREATE INDEX contacts_search_display_name ON contacts (lower(display_name) text_pattern_ops)`,
  sql`CREATE INDEX contacts_search_email ON contacts (lower(addresses ->> 'email') text_pattern_ops)`,
  sql`CREATE INDEX contacts_search_telegram ON contacts (lower(addresses ->> 'telegram') text_pattern_ops)`,
  sql`CREATE INDEX contacts_search_phone ON contacts ((addresses ->> 'phone') text_pattern_ops)`,
  sql`CREATE INDEX contacts_search_whatsapp ON contacts ((addresses ->> 'whatsapp') text_pattern_ops)`,
];

/** Contact search: prefix indexes on what `q` matches. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: a prepared statement holds one command.
  for (const statement of statements) await statement.execute(db);
}
