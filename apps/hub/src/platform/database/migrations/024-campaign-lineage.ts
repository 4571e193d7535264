import { type Kysely, sql } from 'kysely';

/**
 * Cascading plans: the campaigns implementing a campaign are looked up by it — the lineage's
 * tree below, the grid's items of the campaigns implementing one, and whether an
 * organisation already adopted a campaign (`(implements_campaign_id, org_id)`).
 * Not unique: a campaign made with `implementsCampaignId` (by POST or a programme file) may
 * implement the same plan as another of its owner's; adopting checks for one under the
 * adopted campaign's row lock instead.
 */
const statements = [
  sql`CREATE INDEX campaigns_implements ON campaigns (implements_campaign_id, org_id)
       WHERE implements_campaign_id IS NOT NULL`,
];

/** An index on the campaign each campaign implements. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
