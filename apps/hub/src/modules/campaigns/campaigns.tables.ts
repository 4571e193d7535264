import type { Timestamp } from '../../platform/database/schema.js';

export interface CampaignsTable {
  id: string;
  org_id: string;
  title: string;
  description: string | null;
  starts_on: string;
  ends_on: string;
  time_zone: string;
  organisers: string[];
  created_at: Timestamp;
}

/** The tables of the campaigns module. */
export interface CampaignsTables {
  campaigns: CampaignsTable;
}
