import { type Campaign, editProblems, type ProgrammeFile } from '@safenet/core';
import stringify from 'safe-stable-stringify';
import { v7 as uuidv7 } from 'uuid';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import {
  type CampaignChildren,
  campaignChildren,
  campaignRow,
  insertCampaignRow,
  replaceOrganisers,
  replacePhases,
  toCampaign,
  updateCampaignRow,
} from './campaigns.store.js';
import { type Executor, own } from './campaigns.tables.js';
import type { PartProblem, ProgrammePart, ResolvedProgramme } from './programme.parts.js';

/** The campaign's own fields of a file, as a campaign record has them (status aside). */
type Fields = Pick<
  Campaign,
  | 'key'
  | 'title'
  | 'goal'
  | 'description'
  | 'startsOn'
  | 'endsOn'
  | 'timeZone'
  | 'phases'
  | 'organisers'
  | 'partners'
  | 'targets'
  | 'document'
  | 'implementsCampaignId'
>;

function fieldsOf(campaign: Campaign): Fields {
  const {
    key,
    title,
    goal,
    description,
    startsOn,
    endsOn,
    timeZone,
    phases,
    organisers,
    partners,
    targets,
    document,
    implementsCampaignId,
  } = campaign;
  return {
    key,
    title,
    goal,
    description,
    startsOn,
    endsOn,
    timeZone,
    phases,
    organisers,
    partners,
    targets,
    document,
    implementsCampaignId,
  };
}

/**
 * The campaign `implements` names: `{ campaignKey }`, the campaign with that key of the
 * nearest organisation above the owner; `{ campaignId }`, a campaign of an organisation above
 * it. Anything else is a problem: a plan implements its parent's (or a higher) campaign.
 */
async function implementsOf(
  db: Executor,
  file: ProgrammeFile,
  ownerPath: readonly string[],
): Promise<{ id: string | null; problem?: PartProblem }> {
  const target = file.implements;
  if (!target) return { id: null };
  const above = ownerPath.slice(0, -1);
  if ('campaignId' in target) {
    const row = await campaignRow(db, target.campaignId);
    if (row && above.includes(row.org_id)) return { id: row.id };
    return {
      id: null,
      problem: {
        at: ['implements', 'campaignId'],
        code: 'campaign_implements_invalid',
        message: `${target.campaignId} is not a campaign of an organisation above the owner: a plan implements its parent organisation's (or a higher one's) campaign`,
      },
    };
  }
  const rows =
    above.length === 0
      ? []
      : await db
          .selectFrom('campaigns')
          .select(['id', 'org_id'])
          .where('key', '=', target.campaignKey)
          .where('org_id', 'in', above)
          .execute();
  // The nearest organisation above the owner wins: its path position is the highest.
  const nearest = rows.sort((a, b) => above.indexOf(b.org_id) - above.indexOf(a.org_id))[0];
  if (nearest) return { id: nearest.id };
  return {
    id: null,
    problem: {
      at: ['implements', 'campaignKey'],
      code: 'campaign_implements_invalid',
      message: `no organisation above the owner has a campaign with the key "${target.campaignKey}": load the parent plan first, or check its key`,
    },
  };
}

/** The campaign record's fields as the file gives them (`description` is not in files). */
function fromFile(
  file: ProgrammeFile,
  resolved: ResolvedProgramme,
  implementsId: string | null,
  description: string | null,
): Fields {
  return {
    key: file.key,
    title: file.title,
    goal: file.goal ?? null,
    description,
    startsOn: file.startsOn,
    endsOn: file.endsOn,
    timeZone: file.timeZone,
    phases: file.phases ?? [],
    organisers: (file.organisers ?? []).map((organiser, index) => ({
      orgId: (resolved.org(`organisers[${index}].org`) as { id: string }).id,
      byAgreement: organiser.byAgreement ?? false,
    })),
    partners: file.partners ?? [],
    targets: file.targets ?? [],
    document: file.document ?? null,
    implementsCampaignId: implementsId,
  };
}

/** A lifecycle field error's path (`phases.1.startsOn`) as a path in the file. */
function filePath(path: string): (string | number)[] {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
    .map((part) =>
      part === 'orgId' ? 'org' : part === 'implementsCampaignId' ? 'implements' : part,
    );
}

async function current(db: Executor, id: string, now: Date): Promise<Campaign> {
  const row = await campaignRow(db, id);
  if (!row) throw new Error(`campaign ${id} vanished inside the load's transaction`);
  const children = (await campaignChildren(db, [id])).get(id) as CampaignChildren;
  return toCampaign(row, children, now);
}

/**
 * The campaign part of a programme file: the campaign record itself — key, title, goal,
 * window and zone, phases, organisers (organisations of the tree), partners, targets, the
 * source document and the plan it implements. A new campaign is a draft; loading again keeps
 * its status and changes what the status allows (core's `editProblems`: a running campaign
 * keeps its start…), each refusal a problem at its path in the file. `description` is not a
 * field of files: a load keeps the stored one.
 */
export const campaignPart: ProgrammePart = {
  name: 'campaign',
  sections: [
    'key',
    'owner',
    'implements',
    'document',
    'title',
    'goal',
    'startsOn',
    'endsOn',
    'timeZone',
    'phases',
    'organisers',
    'partners',
    'targets',
  ],

  async problems(file, resolved, handle, campaign) {
    const db = own(handle);
    const target = await implementsOf(db, file, resolved.owner.path);
    const problems: PartProblem[] = target.problem ? [target.problem] : [];
    const organisersResolved = (file.organisers ?? []).every((_, i) =>
      resolved.org(`organisers[${i}].org`),
    );
    if (campaign && problems.length === 0 && organisersResolved) {
      const before = await current(db, campaign.id, resolved.now);
      const after = fromFile(file, resolved, target.id, before.description);
      const row = await campaignRow(db, campaign.id);
      const status = row?.status ?? before.status;
      for (const refused of editProblems(
        { ...fieldsOf(before), status },
        { ...after, status },
        resolved.now,
      )) {
        problems.push({
          at: filePath(refused.path),
          code: 'campaign_edit_forbidden',
          message: `the campaign is ${before.status}: ${refused.message}`,
        });
      }
    }
    return problems;
  },

  async read(handle, campaign) {
    const db = own(handle);
    const row = await campaignRow(db, campaign.id);
    if (!row) throw new Error(`campaign ${campaign.id} vanished inside the export's transaction`);
    const children = (await campaignChildren(db, [row.id])).get(row.id) as CampaignChildren;
    const stored = toCampaign(row, children, new Date(0));
    return {
      ...(stored.key ? { key: stored.key } : {}),
      owner: { id: stored.orgId },
      ...(stored.implementsCampaignId
        ? { implements: { campaignId: stored.implementsCampaignId } }
        : {}),
      ...(stored.document ? { document: stored.document } : {}),
      title: stored.title,
      ...(stored.goal ? { goal: stored.goal } : {}),
      startsOn: stored.startsOn,
      endsOn: stored.endsOn,
      timeZone: stored.timeZone,
      ...(stored.phases.length > 0 ? { phases: stored.phases } : {}),
      ...(stored.organisers.length > 0
        ? {
            organisers: stored.organisers.map((o) => ({
              org: { id: o.orgId },
              ...(o.byAgreement ? { byAgreement: true } : {}),
            })),
          }
        : {}),
      ...(stored.partners.length > 0 ? { partners: stored.partners } : {}),
      ...(stored.targets.length > 0 ? { targets: stored.targets } : {}),
    };
  },

  async write(handle: ExecutorHandle, campaign, file, resolved) {
    const db = own(handle);
    const { now } = resolved;
    const target = await implementsOf(db, file, resolved.owner.path);
    if (campaign.created) {
      const fields = fromFile(file, resolved, target.id, null);
      await insertCampaignRow(db, {
        id: campaign.id,
        org_id: campaign.orgId,
        key: fields.key,
        title: JSON.stringify(fields.title),
        goal: fields.goal ? JSON.stringify(fields.goal) : null,
        description: null,
        starts_on: fields.startsOn,
        ends_on: fields.endsOn,
        time_zone: fields.timeZone,
        status: 'draft',
        partners: fields.partners,
        targets: JSON.stringify(fields.targets),
        document: fields.document ? JSON.stringify(fields.document) : null,
        implements_campaign_id: fields.implementsCampaignId,
        created_by_user_id: null,
        created_at: now,
        updated_at: now,
      });
      await replacePhases(db, campaign.id, fields.phases);
      await replaceOrganisers(db, campaign.id, fields.organisers);
      return true;
    }
    const before = await current(db, campaign.id, now);
    const stored = fieldsOf(before);
    const fields = fromFile(file, resolved, target.id, before.description);
    if (stringify(stored) === stringify(fields)) return false;
    await updateCampaignRow(db, campaign.id, {
      title: JSON.stringify(fields.title),
      goal: fields.goal ? JSON.stringify(fields.goal) : null,
      starts_on: fields.startsOn,
      ends_on: fields.endsOn,
      time_zone: fields.timeZone,
      partners: fields.partners,
      targets: JSON.stringify(fields.targets),
      document: fields.document ? JSON.stringify(fields.document) : null,
      implements_campaign_id: fields.implementsCampaignId,
      updated_at: now,
    });
    if (stringify(stored.phases) !== stringify(fields.phases)) {
      await replacePhases(db, campaign.id, fields.phases);
    }
    if (stringify(stored.organisers) !== stringify(fields.organisers)) {
      await replaceOrganisers(db, campaign.id, fields.organisers);
    }
    return true;
  },
};

/** A new campaign's id, made before its row is (the parts write under it). */
export const newCampaignId = (): string => uuidv7();
