import { type Kysely, sql } from 'kysely';

/**
 * Outbound webhooks (the endpoints module): the HTTPS endpoints organisations register, one
 * message per (endpoint, event) — the unique key keeps an event from being queued twice for
 * an endpoint — and every try of each message. Times are the hub's clock (injectable in
 * tests), not the database's: the retry schedule runs over a day, and a test has to move it.
 * Signing secrets are kept as they are, like `hub_secrets`: the hub signs with them, so a
 * hash would not do; the API shows one only when it is made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      url text NOT NULL,
      description text,
      event_types text[],
      enabled boolean NOT NULL DEFAULT true,
      secret text NOT NULL,
      previous_secret text,
      previous_secret_expires_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX webhook_endpoints_org_id_idx ON webhook_endpoints (org_id)`.execute(db);
  await sql`
    CREATE TABLE webhook_messages (
      id uuid PRIMARY KEY,
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
      event_id text NOT NULL,
      event_type text NOT NULL,
      body text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'failing', 'delivered', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      lease_id uuid,
      last_attempt_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (endpoint_id, event_id)
    )`.execute(db);
  await sql`
    CREATE INDEX webhook_messages_due_idx ON webhook_messages (next_attempt_at)
    WHERE status IN ('pending', 'failing')`.execute(db);
  await sql`
    CREATE INDEX webhook_messages_endpoint_idx ON webhook_messages (endpoint_id, id)`.execute(db);
  await sql`
    CREATE INDEX webhook_messages_settled_idx ON webhook_messages (updated_at)
    WHERE status IN ('delivered', 'dead')`.execute(db);
  await sql`
    CREATE TABLE webhook_attempts (
      id uuid PRIMARY KEY,
      message_id uuid NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE,
      attempted_at timestamptz NOT NULL,
      status_code integer,
      response_excerpt text,
      duration_ms integer NOT NULL,
      error text
    )`.execute(db);
  await sql`
    CREATE INDEX webhook_attempts_message_idx ON webhook_attempts (message_id, id)`.execute(db);
}
