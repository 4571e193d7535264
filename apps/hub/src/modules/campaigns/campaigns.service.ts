import {
  type Campaign,
  type CampaignInput,
  type CampaignListQuery,
  type CampaignPatch,
  type CampaignStatus,
  calendarStatus,
  campaignProblems,
  editProblems,
  type LocalizedText,
  moveProblems,
  SafenetError,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import { type DatabaseHandle, type ExecutorHandle, share } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { type AuthContext, actingUserId } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { organisationInScope } from '../organisations/index.js';
import { checkImplements, checkOrganisers } from './campaigns.checks.js';
import { publishMove } from './campaigns.events.js';
import {
  type CampaignChildren,
  type CampaignRow,
  campaignChildren,
  campaignRow,
  campaignRowsPage,
  insertCampaignRow,
  replaceOrganisers,
  replacePhases,
  toCampaign,
  updateCampaignRow,
} from './campaigns.store.js';
import { type Executor, own } from './campaigns.tables.js';

/** What the campaigns' service needs of the hub. */
export interface CampaignsDeps {
  /** The hub's database, opened here as the module's tables. */
  db: DatabaseHandle;
  bus: EventBus;
  /** The hub's clock, epoch ms: what the calendar reads. */
  now(): number;
  orgPathOf(orgId: string): Promise<readonly string[]>;
}

type Input = z.output<typeof CampaignInput>;
type Patch = z.output<typeof CampaignPatch>;

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505';
}

function keyTaken(key: string): SafenetError {
  return new SafenetError(
    'conflict',
    `The organisation already has a campaign with the key "${key}": choose another key, or change that campaign`,
  );
}

/** Loads a campaign of the caller's subtree, or 404. */
async function inScope(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CampaignRow> {
  const row = await campaignRow(db, id, { ...options, inSubtreeOf: auth.orgId });
  if (!row) throw notFound('campaign', id);
  return row;
}

async function withChildren(db: Executor, row: CampaignRow, now: Date): Promise<Campaign> {
  const children = (await campaignChildren(db, [row.id])).get(row.id) as CampaignChildren;
  return toCampaign(row, children, now);
}

/** One page of the campaigns of the caller's subtree (or of `orgId`'s, inside it), filtered. */
export async function listCampaigns(
  deps: CampaignsDeps,
  auth: AuthContext,
  query: z.output<typeof CampaignListQuery>,
): Promise<Page<Campaign>> {
  const { limit, cursor, orgId, ...filters } = query;
  const db = own(deps.db);
  const root =
    orgId === undefined ? auth.orgId : (await organisationInScope(share(db), auth, orgId)).id;
  const now = new Date(deps.now());
  const page = await campaignRowsPage(db, root, filters, { limit, cursor }, now);
  const children = await campaignChildren(
    db,
    page.items.map((row) => row.id),
  );
  return {
    items: page.items.map((row) => toCampaign(row, children.get(row.id) as CampaignChildren, now)),
    nextCursor: page.nextCursor,
  };
}

/** One campaign of the caller's subtree, or 404. */
export async function getCampaign(
  deps: CampaignsDeps,
  auth: AuthContext,
  id: string,
): Promise<Campaign> {
  const db = own(deps.db);
  return withChildren(db, await inScope(db, auth, id), new Date(deps.now()));
}

/**
 * Whether `id` is a campaign of the caller's subtree (404 otherwise): what a broadcast that
 * names a campaign checks.
 */
export async function campaignInScope(
  db: ExecutorHandle,
  auth: AuthContext,
  id: string,
): Promise<void> {
  await inScope(own(db), auth, id);
}

/** A title given as a plain string, in the owner's default language beside the others. */
function localized(
  title: string | LocalizedText,
  language: string,
  before: LocalizedText = {},
): LocalizedText {
  return typeof title === 'string' ? { ...before, [language]: title } : title;
}

/** Creates a draft campaign for an organisation of the caller's subtree (404 otherwise). */
export async function createCampaign(
  deps: CampaignsDeps,
  auth: AuthContext,
  input: Input,
): Promise<Campaign> {
  const now = new Date(deps.now());
  return own(deps.db)
    .transaction()
    .execute((trx) => insertCampaign(share(trx), auth, input, now));
}

/**
 * Creates a draft campaign inside the caller's transaction `trx`, as `POST /v1/campaigns`
 * does: the owner must be in the caller's subtree (404), organisers on its line and the
 * campaign implemented above it (422); a key the owner already uses answers 409 `conflict`
 * (the transaction is then aborted). What adopting a plan creates its campaign with.
 */
export async function insertCampaign(
  trx: ExecutorHandle,
  auth: AuthContext,
  input: Input,
  now: Date,
): Promise<Campaign> {
  const db = own(trx);
  const owner = await organisationInScope(trx, auth, input.orgId);
  await checkOrganisers(db, owner.path, input.organisers);
  await checkImplements(db, owner.path, input.implementsCampaignId);
  try {
    const row = await insertCampaignRow(db, {
      id: uuidv7(),
      org_id: owner.id,
      key: input.key ?? null,
      title: JSON.stringify(localized(input.title, owner.default_language)),
      goal: input.goal ? JSON.stringify(input.goal) : null,
      description: input.description ?? null,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      time_zone: input.timeZone,
      status: 'draft',
      partners: input.partners,
      targets: JSON.stringify(input.targets),
      document: input.document ? JSON.stringify(input.document) : null,
      implements_campaign_id: input.implementsCampaignId ?? null,
      created_by_user_id: actingUserId(auth),
      created_at: now,
      updated_at: now,
    });
    await replacePhases(db, row.id, input.phases);
    await replaceOrganisers(db, row.id, input.organisers);
    return await withChildren(db, row, now);
  } catch (error) {
    if (input.key && isUniqueViolation(error)) throw keyTaken(input.key);
    throw error;
  }
}

/** The campaign `id` as the API shows it, whoever asks (the caller checks who may see it). */
export async function campaignById(
  handle: ExecutorHandle,
  id: string,
  now: Date,
): Promise<Campaign | undefined> {
  const db = own(handle);
  const row = await campaignRow(db, id);
  return row ? withChildren(db, row, now) : undefined;
}

/** What the lifecycle's edit rules compare: every field a PATCH can change, and the status. */
function editable(campaign: Campaign) {
  const { id, orgId, createdAt, updatedAt, createdBy, ...fields } = campaign;
  return fields;
}

/**
 * Changes a campaign as far as its status allows (`editProblems` of core: 409
 * `campaign_edit_forbidden`); the changed record must hold together (400 `validation_failed`).
 */
export async function updateCampaign(
  deps: CampaignsDeps,
  auth: AuthContext,
  id: string,
  patch: Patch,
): Promise<Campaign> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await inScope(trx, auth, id, { forUpdate: true });
      const before = await withChildren(trx, row, now);
      const owner = await organisationInScope(share(trx), auth, row.org_id);
      const { title, ...rest } = patch;
      const after: Campaign = {
        ...before,
        ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
        ...(title === undefined
          ? {}
          : { title: localized(title, owner.default_language, before.title) }),
        status: row.status,
      };
      const refused = editProblems(
        { ...editable(before), status: row.status },
        editable(after),
        now,
      );
      if (refused.length > 0) {
        throw new SafenetError(
          'campaign_edit_forbidden',
          `The campaign is ${before.status}: ${refused.map((p) => p.message).join('; ')}`,
          { errors: refused.map((p) => ({ ...p, path: `body.${p.path}` })) },
        );
      }
      const invalid = campaignProblems(after);
      if (invalid.length > 0) {
        throw new SafenetError(
          'validation_failed',
          `Fix the request: ${invalid.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
          { errors: invalid.map((p) => ({ ...p, path: `body.${p.path}` })) },
        );
      }
      if (patch.organisers) await checkOrganisers(trx, owner.path, patch.organisers);
      if (patch.implementsCampaignId !== undefined) {
        await checkImplements(trx, owner.path, patch.implementsCampaignId);
      }
      const updated = await updateCampaignRow(trx, id, {
        key: after.key,
        title: JSON.stringify(after.title),
        goal: after.goal ? JSON.stringify(after.goal) : null,
        description: after.description,
        starts_on: after.startsOn,
        ends_on: after.endsOn,
        time_zone: after.timeZone,
        partners: after.partners,
        targets: JSON.stringify(after.targets),
        document: after.document ? JSON.stringify(after.document) : null,
        implements_campaign_id: after.implementsCampaignId,
        updated_at: now,
      });
      if (patch.phases) await replacePhases(trx, id, patch.phases);
      if (patch.organisers) await replaceOrganisers(trx, id, patch.organisers);
      return withChildren(trx, updated, now);
    });
  } catch (error) {
    if (patch.key && isUniqueViolation(error)) throw keyTaken(patch.key);
    throw error;
  }
}

/**
 * A person's move of a campaign (schedule, cancel, archive) as far as the lifecycle allows
 * (`moveProblems` of core: 409 `campaign_status_conflict`), published as `campaign.updated`.
 */
export async function moveCampaign(
  deps: CampaignsDeps,
  auth: AuthContext,
  id: string,
  to: CampaignStatus,
): Promise<Campaign> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  return db.transaction().execute(async (trx) => {
    const row = await inScope(trx, auth, id, { forUpdate: true });
    const state = {
      status: row.status,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      timeZone: row.time_zone,
    };
    const from = calendarStatus(state, now);
    const refused = moveProblems(state, to, now);
    if (refused.length > 0) {
      throw new SafenetError('campaign_status_conflict', refused.map((p) => p.message).join('; '), {
        errors: refused,
      });
    }
    if (from === to) return withChildren(trx, row, now);
    const moved = await updateCampaignRow(trx, id, { status: to, updated_at: now });
    await publishMove(deps, trx, moved, from, 'request', now);
    return withChildren(trx, moved, now);
  });
}
