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

/** The tables of the telegram module. */
export interface TelegramTables {
  telegram_intake: TelegramIntakeTable;
}

/** What the module reads of another module's table: the intake organisation by its code. */
interface ForeignColumns {
  organisations: { id: string; code: string | null };
}

/** Opens a database handle as the telegram module's view (see `tablesView`). */
export const own = tablesView<TelegramTables & ForeignColumns>();
export type Db = Kysely<PlatformTables & TelegramTables & ForeignColumns>;
