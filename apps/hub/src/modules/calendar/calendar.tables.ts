import type { Channel, LocalizedText, Schedule } from '@safenet/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** An announcement of a campaign: a broadcast template and its schedule (migration 021). */
export interface CampaignAnnouncementsTable {
  id: string;
  campaign_id: string;
  key: string;
  position: number;
  title: Json<LocalizedText> | null;
  content: Json<{ recommendationId: string } | { text: LocalizedText }>;
  segment_id: string;
  channels: Channel[];
  fallback_after_seconds: number | null;
  urgent: boolean;
  schedule: Json<Schedule>;
  /** Bumped when the template or schedule changes: each version fires its occurrences once. */
  version: number;
  /** When this version was written: occurrences due before it never applied to it. */
  version_since: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An occurrence that came: fired (with its broadcast) or missed. Scheduled ones are computed. */
export interface AnnouncementOccurrencesTable {
  announcement_id: string;
  occurrence_key: string;
  version: number;
  campaign_id: string;
  due_at: Timestamp;
  zone: string;
  state: 'fired' | 'missed';
  broadcast_id: string | null;
  recorded_at: Timestamp;
}

/** The tables of the calendar module. */
export interface CalendarTables {
  campaign_announcements: CampaignAnnouncementsTable;
  announcement_occurrences: AnnouncementOccurrencesTable;
}

export type AnnouncementRow = Selectable<CampaignAnnouncementsTable>;
export type OccurrenceRow = Selectable<AnnouncementOccurrencesTable>;

/** What the calendar module's code sees: the platform's tables and its own. */
type View = PlatformTables & CalendarTables;

/** Opens a database handle as the calendar module's view (see `tablesView`). */
export const own = tablesView<CalendarTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
