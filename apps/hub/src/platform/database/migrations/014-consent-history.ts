import { type Kysely, sql } from 'kysely';

/**
 * Consent history (owned by the consent module): one row per change of a contact's consent
 * on a channel, written by the same statement as the change (`setConsent`, `mergeConsents`).
 * Erased with its contact (`ON DELETE CASCADE`): a contact's erasure leaves no trace of who
 * they were. Holds no child data: a channel, the consent's status, source and time, and who
 * acted (a person's or an API key's id, no foreign key: the record outlives a revoked key).
 * Listed newest first per contact: ids are UUIDv7, in the order the rows were written.
 */
const statements = [
  sql`
    CREATE TABLE consent_events (
      id uuid PRIMARY KEY,
      contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
      channel text NOT NULL,
      status text NOT NULL CHECK (status IN ('granted', 'revoked')),
      source text NOT NULL,
      at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'key', 'contact', 'provider', 'system')),
      actor_id uuid
    )`,
  sql`CREATE INDEX consent_events_contact ON consent_events (contact_id, id)`,
  // A UUIDv7 made by the database, for rows the statement that changes consents inserts
  // itself (it does not know beforehand how many): the millisecond, then 12 bits of the
  // microsecond within it (RFC 9562 §6.2, method 3), so events written one after the other
  // sort in that order. PostgreSQL 18 has uuidv7(); the hub also runs on 14–17.
  sql`
    CREATE FUNCTION consent_event_id() RETURNS uuid LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      us bigint := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
      sub integer := ((us % 1000) * 4096 / 1000)::integer;
      bytes bytea := uuid_send(gen_random_uuid());
    BEGIN
      bytes := overlay(bytes PLACING substring(int8send(us / 1000) FROM 3) FROM 1 FOR 6);
      bytes := set_byte(bytes, 6, 112 | (sub >> 8));
      bytes := set_byte(bytes, 7, sub & 255);
      RETURN encode(bytes, 'hex')::uuid;
    END $$`,
];

/** Consent history: `consent_events` and the ids of its rows. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
