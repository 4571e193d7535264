import type { CampaignStatus, Deadline, LocalizedText } from '@safenet/core';
import type { Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type OptionalTimestamp,
  type PlatformTables,
  tablesView,
} from '../../platform/database/schema.js';

export interface PlanSectionsTable {
  campaign_id: string;
  key: string;
  position: number;
  title: Json<LocalizedText>;
}

export interface PlanItemsTable {
  campaign_id: string;
  key: string;
  section_key: string;
  position: number;
  number: string;
  title: Json<LocalizedText>;
  completion_form: string;
  deadline: Json<Deadline>;
  /** Core's `dueDates` of the deadline in the campaign window, as written: what SQL reads. */
  due_dates: string[];
  phase_key: string | null;
}

/** A responsible entry as given: one organisation, or a rule (`all_of` beneath `under_org_id`). */
export interface PlanResponsiblesTable {
  campaign_id: string;
  item_key: string;
  position: number;
  org_id: string | null;
  all_of: string | null;
  under_org_id: string | null;
  by_agreement: boolean;
}

/** An (item, organisation) pair: what the entries expanded to, with its recorded status. */
export interface PlanAssignmentsTable {
  campaign_id: string;
  item_key: string;
  org_id: string;
  by_agreement: boolean;
  status: 'planned' | 'in_progress' | 'done';
  note: string | null;
  evidence_url: string | null;
  /** When it was last marked done (null unless done): recurring deadlines read it. */
  done_at: OptionalTimestamp;
  updated_at: OptionalTimestamp;
  /** `user:<id>` or `key:<id>` (`actorId`). */
  updated_by: string | null;
}

/**
 * Column views of other modules' tables, read in the same statement or transaction as the
 * plan's: the campaign row is locked (`FOR UPDATE`) while its plan is written, so a status
 * move or a phase edit waits for it; the grid joins each organisation's zone, kind and name
 * to compute `overdue` and to page the organisation axis in one query; cascading plans follow
 * `implements_campaign_id` up and down in one recursive query. Read only.
 */
interface ForeignColumns {
  campaigns: {
    id: string;
    org_id: string;
    key: string | null;
    title: Json<LocalizedText>;
    implements_campaign_id: string | null;
    status: CampaignStatus;
    starts_on: string;
    ends_on: string;
    time_zone: string;
  };
  campaign_phases: { campaign_id: string; key: string };
  organisations: { kind: string; name: string; time_zone: string };
}

/** The tables of the plans module. */
export interface PlansTables {
  plan_sections: PlanSectionsTable;
  plan_items: PlanItemsTable;
  plan_responsibles: PlanResponsiblesTable;
  plan_assignments: PlanAssignmentsTable;
}

type View = PlatformTables & PlansTables & ForeignColumns;

/** Opens a database handle as the plans module's view (see `tablesView`). */
export const own = tablesView<PlansTables & ForeignColumns>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
