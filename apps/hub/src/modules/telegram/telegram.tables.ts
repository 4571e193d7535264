import type { Kysely } from 'kysely';
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

/** The tables of the telegram module. */
export interface TelegramTables {
  telegram_intake: TelegramIntakeTable;
  telegram_links: TelegramLinksTable;
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
