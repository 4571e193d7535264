import { type Kysely, sql } from 'kysely';

/**
 * Telegram groups and channels as a target of their own (issue 17; the telegram module).
 *
 * `telegram_chat_links`: a link the hub gave an organisation to connect a chat (its token
 * signs `id`), used once (`used_at`, `chat_id`) until `expires_at`.
 *
 * `telegram_chats`: a group or channel connected to the bot, one organisation's: Telegram's
 * id of the chat (unique: a chat is one organisation's target at a time), its kind, title and
 * public username, the language the hub posts in, and whether the bot may post there. A chat
 * is an organisation's, not a person's: nothing here names a member.
 *
 * `telegram_posts` and `telegram_post_targets`: a post (content as a broadcast's: its own text
 * or a recommendation's version fixed when created) and its outcome in each chat.
 */
const statements = [
  sql`CREATE TABLE telegram_chat_links (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        language text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        chat_id bigint,
        CHECK ((used_at IS NULL) = (chat_id IS NULL))
      )`,
  sql`CREATE INDEX telegram_chat_links_expires ON telegram_chat_links (expires_at)`,
  sql`CREATE TABLE telegram_chats (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        chat_id bigint NOT NULL UNIQUE,
        type text NOT NULL CHECK (type IN ('group', 'supergroup', 'channel')),
        title text NOT NULL,
        username text,
        language text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'no_rights', 'removed')),
        connected_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
  sql`CREATE INDEX telegram_chats_org ON telegram_chats (org_id)`,
  sql`CREATE TABLE telegram_posts (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        campaign_id uuid,
        content jsonb NOT NULL,
        content_version_id uuid,
        content_version integer,
        variables jsonb NOT NULL,
        send_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'sending', 'completed', 'cancelled')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
  sql`CREATE INDEX telegram_posts_org ON telegram_posts (org_id, created_at DESC, id DESC)`,
  sql`CREATE TABLE telegram_post_targets (
        post_id uuid NOT NULL REFERENCES telegram_posts(id) ON DELETE CASCADE,
        chat_ref uuid NOT NULL REFERENCES telegram_chats(id) ON DELETE CASCADE,
        status text NOT NULL
          CHECK (status IN ('queued', 'sending', 'posted', 'failed', 'cancelled')),
        language text,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        claimed_at timestamptz,
        posted_at timestamptz,
        provider_message_id text,
        error_code text,
        error_message text,
        PRIMARY KEY (post_id, chat_ref)
      )`,
];

/** Connected Telegram chats and the posts to them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
