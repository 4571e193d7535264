import { type FieldError, SafenetError } from '@safenet/core';
import { campaignRow, orgsOffLine } from './campaigns.store.js';
import type { Executor } from './campaigns.tables.js';

/**
 * What a campaign may name of the tree: organisers on the owner's line (the owner, beneath it
 * or above it — a ministry campaign names the ministry, a school's plan may name its
 * district), and, as the plan it implements, a campaign of an organisation above the owner.
 * Organisations elsewhere (a sibling region) answer 422 like unknown ids, so nothing outside
 * the caller's line is told apart.
 */

/** Organisers must be the owner, in its subtree or above it. */
export async function checkOrganisers(
  db: Executor,
  ownerPath: readonly string[],
  organisers: readonly { orgId: string }[],
): Promise<void> {
  const ids = organisers.map((o) => o.orgId);
  const off = new Set(await orgsOffLine(db, ownerPath, ids));
  if (off.size === 0) return;
  const errors: FieldError[] = ids.flatMap((id, index) =>
    off.has(id)
      ? [
          {
            path: `body.organisers.${index}.orgId`,
            code: 'campaign_organiser_outside_tree',
            message: `${id} is not the owner organisation, one beneath it or one above it`,
          },
        ]
      : [],
  );
  throw new SafenetError(
    'campaign_organiser_outside_tree',
    'Name as organisers the owner organisation, organisations beneath it or above it; put others under partners',
    { errors },
  );
}

/** The campaign implemented must belong to an organisation above the owner. */
export async function checkImplements(
  db: Executor,
  ownerPath: readonly string[],
  implementsId: string | null | undefined,
): Promise<void> {
  if (!implementsId) return;
  const parent = await campaignRow(db, implementsId);
  if (parent && ownerPath.slice(0, -1).includes(parent.org_id)) return;
  throw new SafenetError(
    'campaign_implements_invalid',
    `${implementsId} is not a campaign of an organisation above the owner: a plan implements its parent organisation's (or a higher one's) campaign`,
    {
      errors: [
        {
          path: 'body.implementsCampaignId',
          code: 'campaign_implements_invalid',
          message: 'not a campaign of an organisation above the owner',
        },
      ],
    },
  );
}
