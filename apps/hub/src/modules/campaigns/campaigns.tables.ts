import type { CampaignDocument, CampaignStatus, LocalizedText, Target } from '@safenet/core';
import type { Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

export interface CampaignsTable {
  id: string;
  org_id: string;
  /** The programme file's key, unique per owner organisation. */
  key: string | null;
  title: Json<LocalizedText>;
  goal: Json<LocalizedText> | null;
  description: string | null;
  starts_on: string;
  ends_on: string;
  time_zone: string;
  /**
   * As last written: by a person's move, or by the calendar's sweep. Reads bring it up to
   * date with the calendar (`calendarStatus`) in case the sweep has not run yet.
   */
  status: CampaignStatus;
  /** Free-text partners outside the tree (before migration 017: `organisers`). */
  partners: string[];
  targets: Json<Target[]>;
  document: Json<CampaignDocument> | null;
  implements_campaign_id: string | null;
  created_by_user_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A phase of a campaign; the plan's items will reference it by `(campaign_id, key)`. */
export interface CampaignPhasesTable {
  campaign_id: string;
  key: string;
  position: number;
  title: Json<LocalizedText>;
  starts_on: string;
  ends_on: string;
}

/** An organiser of a campaign: an organisation of the tree. */
export interface CampaignOrganisersTable {
  campaign_id: string;
  org_id: string;
  position: number;
  by_agreement: boolean;
}

/** The tables of the campaigns module. */
export interface CampaignsTables {
  campaigns: CampaignsTable;
  campaign_phases: CampaignPhasesTable;
  campaign_organisers: CampaignOrganisersTable;
}

/** What the campaigns module's code sees: the platform's tables and its own. */
type View = PlatformTables & CampaignsTables;

/** Opens a database handle as the campaigns module's view (see `tablesView`). */
export const own = tablesView<CampaignsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
