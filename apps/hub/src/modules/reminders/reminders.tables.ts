import type { CampaignStatus, Deadline, LocalizedText, Reminder } from '@safenet/core';
import type { Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type OptionalTimestamp,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** A reminder rule of a campaign (migration 023). */
export interface CampaignRemindersTable {
  campaign_id: string;
  key: string;
  position: number;
  items: Json<Reminder['items']>;
  days_before: number[];
  time: string;
  roles: string[] | null;
  channels: string[];
  digest: boolean;
  updated_at: Timestamp;
}

/** One reminder sent for one (item, responsible organisation, occurrence). */
export interface ReminderFiringsTable {
  campaign_id: string;
  reminder_key: string;
  item_key: string;
  org_id: string;
  /** Core's reminder key: `<due date>/<days before>d@<zone>`. */
  occurrence_key: string;
  due_at: Timestamp;
  fired_at: Timestamp;
  broadcast_id: string | null;
}

/** One (item, organisation, due date) found overdue and escalated. */
export interface PlanEscalationsTable {
  campaign_id: string;
  item_key: string;
  org_id: string;
  due_date: string;
  escalated_at: Timestamp;
}

/** The tables of the reminders module. */
export interface RemindersTables {
  campaign_reminders: CampaignRemindersTable;
  reminder_firings: ReminderFiringsTable;
  plan_escalations: PlanEscalationsTable;
}

/** What the module reads of others' tables (the campaign, its plan, the tree); never writes. */
interface ForeignColumns {
  campaigns: {
    id: string;
    org_id: string;
    title: Json<LocalizedText>;
    status: CampaignStatus;
    starts_on: string;
    ends_on: string;
    time_zone: string;
  };
  plan_items: {
    campaign_id: string;
    key: string;
    number: string;
    title: Json<LocalizedText>;
    deadline: Json<Deadline>;
    due_dates: string[];
  };
  plan_assignments: {
    campaign_id: string;
    item_key: string;
    org_id: string;
    status: 'planned' | 'in_progress' | 'done';
    done_at: OptionalTimestamp;
  };
  organisations: {
    id: string;
    parent_id: string | null;
    name: string;
    time_zone: string;
    default_language: string;
  };
}

type View = PlatformTables & RemindersTables & ForeignColumns;

/** Opens a database handle as the reminders module's view (see `tablesView`). */
export const own = tablesView<RemindersTables & ForeignColumns>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
