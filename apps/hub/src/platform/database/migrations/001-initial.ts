import { type Kysely, sql } from 'kysely';

const SCHEMA = `
    CREATE TABLE organisations (
      id uuid PRIMARY KEY,
      parent_id uuid REFERENCES organisations(id),
      kind text NOT NULL,
      name text NOT NULL,
      path uuid[] NOT NULL,
      time_zone text NOT NULL,
      default_language text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX organisations_path_idx ON organisations USING gin (path);

    CREATE TABLE api_keys (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      scopes text[] NOT NULL,
      prefix text NOT NULL,
      secret_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );

    CREATE TABLE contacts (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      org_path uuid[] NOT NULL,
      external_ref text,
      display_name text,
      role text NOT NULL,
      language text NOT NULL,
      time_zone text NOT NULL,
      child_age_bands jsonb NOT NULL DEFAULT '[]',
      addresses jsonb NOT NULL DEFAULT '{}',
      consents jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, external_ref)
    );
    CREATE INDEX contacts_org_path_idx ON contacts USING gin (org_path);

    CREATE TABLE segments (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      query jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE recommendations (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      topic text NOT NULL,
      title jsonb NOT NULL,
      body jsonb NOT NULL,
      target_roles text[] NOT NULL,
      target_age_bands jsonb NOT NULL,
      status text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE campaigns (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      title text NOT NULL,
      description text,
      starts_on text NOT NULL,
      ends_on text NOT NULL,
      time_zone text NOT NULL,
      organisers text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE broadcasts (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      campaign_id uuid REFERENCES campaigns(id),
      segment_id uuid NOT NULL REFERENCES segments(id),
      segment_query jsonb NOT NULL,
      channels text[] NOT NULL,
      content jsonb NOT NULL,
      variables jsonb NOT NULL,
      send_at timestamptz NOT NULL,
      status text NOT NULL,
      expand_cursor uuid,
      expanded boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- No foreign key to contacts: deleting a contact (erasure) keeps the delivery history.
    CREATE TABLE deliveries (
      id uuid PRIMARY KEY,
      broadcast_id uuid NOT NULL REFERENCES broadcasts(id),
      org_id uuid NOT NULL REFERENCES organisations(id),
      contact_id uuid NOT NULL,
      channel text NOT NULL,
      language text NOT NULL,
      status text NOT NULL,
      reason text,
      provider_message_id text,
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (broadcast_id, contact_id, channel)
    );
    CREATE INDEX deliveries_broadcast_status_idx ON deliveries (broadcast_id, status);
    CREATE INDEX deliveries_provider_message_idx ON deliveries (provider_message_id);

    CREATE TABLE outbox_messages (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      delivery_id uuid NOT NULL UNIQUE REFERENCES deliveries(id),
      channel text NOT NULL,
      recipient text NOT NULL,
      language text NOT NULL,
      subject text,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE idempotency_keys (
      api_key_id uuid NOT NULL REFERENCES api_keys(id),
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response_body text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (api_key_id, key)
    );
  `;

/** The first schema: organisations and everything that belongs to them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: a prepared statement holds one command.
  for (const statement of SCHEMA.split(/;\s*$/m)) {
    if (statement.trim()) await sql.raw(statement).execute(db);
  }
}
