import type { Campaign } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { CampaignsTable } from './campaigns.tables.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toCampaign(row: Selectable<CampaignsTable>): Campaign {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    description: row.description,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    timeZone: row.time_zone,
    organisers: row.organisers,
    createdAt: iso(row.created_at),
  };
}
