import type { Campaign, CampaignInput } from '@safenet/core';
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { CampaignsTable, Executor } from './campaigns.tables.js';

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

/** One keyset page of the campaigns in the subtree of `rootOrgId`. */
export function campaignsPage(
  db: Executor,
  rootOrgId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Campaign>> {
  return keysetPage(
    db.selectFrom('campaigns').selectAll().where(inSubtree('campaigns.org_id', rootOrgId)),
    page,
    toCampaign,
  );
}

/** Inserts a campaign with a new id, created now. */
export function insertCampaign(
  db: Executor,
  input: z.output<typeof CampaignInput>,
): Promise<Selectable<CampaignsTable>> {
  return db
    .insertInto('campaigns')
    .values({
      id: uuidv7(),
      org_id: input.orgId,
      title: input.title,
      description: input.description ?? null,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      time_zone: input.timeZone,
      organisers: input.organisers,
      created_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
