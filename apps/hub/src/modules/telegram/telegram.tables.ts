import type { ColumnType, Generated, Kysely } from 'kysely';
import {
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';
import type { IntakeDraft } from './intake/intake.draft.js';

/**
 * One chat's intake conversation (migration 033): keyed by a keyed hash of the chat id, never
 * the id itself; the draft so far, the step, the language chosen, and when it lapses (24 h
 * after the last answer). Dropped once the report is sent or cancelled.
 */
export interface TelegramIntakeTable {
  chat_hash: string;
  language: string;
  step: string;
  draft: Json<IntakeDraft>;
  updated_at: Timestamp;
  expires_at: Timestamp;
}

/**
 * A deep link given for a contact (migration 042): the token of `https://t.me/<bot>?start=…`
 * signs `id`. Opened once, by one chat (`chat_hash`, the same keyed hash as the intake's);
 * until then `used_at` and `chat_hash` are null. Goes with its contact.
 */
export interface TelegramLinksTable {
  id: string;
  contact_id: string;
  org_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  chat_hash: string | null;
}

/** Telegram's id of a chat (`bigint`): read as a string, written as either. */
type ChatId = ColumnType<string, string | number, string | number>;

/** A link given to connect a group or channel (migration 044): its token signs `id`. */
export interface TelegramChatLinksTable {
  id: string;
  org_id: string;
  language: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  chat_id: ChatId | null;
}

/** A group or channel connected to the bot for an organisation (migration 044). */
export interface TelegramChatsTable {
  id: string;
  org_id: string;
  chat_id: ChatId;
  type: string;
  title: string;
  username: string | null;
  language: string;
  status: string;
  connected_at: Timestamp;
  updated_at: Timestamp;
}

/** A post to connected chats (migration 044): content as a broadcast's. */
export interface TelegramPostsTable {
  id: string;
  org_id: string;
  campaign_id: string | null;
  content: Json<Record<string, unknown>>;
  content_version_id: string | null;
  content_version: number | null;
  variables: Json<Record<string, string>>;
  send_at: Timestamp;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A post's outcome in one chat (migration 044). */
export interface TelegramPostTargetsTable {
  post_id: string;
  chat_ref: string;
  status: string;
  language: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  claimed_at: Timestamp | null;
  posted_at: Timestamp | null;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
}

/** The tables of the telegram module. */
export interface TelegramTables {
  telegram_intake: TelegramIntakeTable;
  telegram_links: TelegramLinksTable;
  telegram_chat_links: TelegramChatLinksTable;
  telegram_chats: TelegramChatsTable;
  telegram_posts: TelegramPostsTable;
  telegram_post_targets: TelegramPostTargetsTable;
}

/**
 * What the module reads of another module's table: the intake organisation by its code, and
 * the name of a link's organisation (what a parent is told their messages come from).
 */
interface ForeignColumns {
  organisations: { id: string; code: string | null; name: string };
}

/** Opens a database handle as the telegram module's view (see `tablesView`). */
export const own = tablesView<TelegramTables & ForeignColumns>();
export type Db = Kysely<PlatformTables & TelegramTables & ForeignColumns>;
