import {
  type Campaign,
  type CampaignCopyInput,
  CampaignCopyInput as CampaignCopyInputSchema,
  calendarStatus,
  type FieldError,
  formatPath,
  type OrgRef,
  ProgrammeFile,
  type ProgrammeLoadResult,
  parseProgrammeFile,
  programmeLocator,
  SafenetError,
  shiftProgramme,
} from '@safenet/core';
import { sql } from 'kysely';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import {
  type OrgRefAt,
  organisationInScope,
  type ResolvedOrg,
  resolveOrgRefs,
} from '../organisations/index.js';
import type { CampaignsDeps } from './campaigns.service.js';
import {
  type CampaignChildren,
  campaignChildren,
  campaignRow,
  toCampaign,
} from './campaigns.store.js';
import { type Executor, own } from './campaigns.tables.js';
import { newCampaignId } from './programme.campaign-part.js';
import type {
  PartProblem,
  ProgrammeCampaign,
  ProgrammeParts,
  ProgrammeSection,
  ResolvedProgramme,
} from './programme.parts.js';

type Path = readonly (string | number)[];

/** The advisory-lock class of programme loads (the first of the two keys; see lease.ts). */
export const PROGRAMME_LOCK_CLASS = 0x5afe_0003;

/** Every organisation reference of a file but the owner, with its path in the file. */
function orgRefsOf(file: ProgrammeFile): OrgRefAt[] {
  const refs: OrgRefAt[] = [];
  const add = (at: Path, ref: OrgRef) => {
    refs.push({ at, ref });
  };
  for (const [i, o] of (file.organisers ?? []).entries()) add(['organisers', i, 'org'], o.org);
  for (const [s, section] of (file.plan ?? []).entries()) {
    for (const [i, item] of section.items.entries()) {
      for (const [k, r] of item.responsible.entries()) {
        const at = ['plan', s, 'items', i, 'responsible', k];
        if ('org' in r) add([...at, 'org'], r.org);
        else add([...at, 'under'], r.under);
      }
    }
  }
  for (const [i, a] of (file.announcements ?? []).entries()) {
    for (const [k, ref] of (a.segment?.orgs ?? []).entries()) {
      add(['announcements', i, 'segment', 'orgs', k], ref);
    }
  }
  return refs;
}

/** Problems → the 400 `programme_invalid`, each with its line and column in the text. */
function invalid(text: string, problems: readonly PartProblem[]): SafenetError {
  const locate = programmeLocator(text);
  const errors: FieldError[] = problems.map((p) => ({
    path: formatPath(p.at),
    code: p.code,
    message: p.message,
    ...(locate(p.at) ?? {}),
  }));
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return programmeInvalid(errors);
}

function programmeInvalid(errors: FieldError[]): SafenetError {
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  const first = errors[0];
  const where = first
    ? ` (first: ${first.path || 'the file'}${first.line ? ` at line ${first.line}` : ''}: ${first.message})`
    : '';
  return new SafenetError(
    'programme_invalid',
    `The programme file has ${count}${where}: fix each one listed in errors; nothing was written`,
    { errors },
  );
}

function keyTaken(key: string): SafenetError {
  return new SafenetError(
    'conflict',
    `The owner already has a campaign with the key "${key}": choose another key for the copy`,
  );
}

/** Rolls a dry run's transaction back after its answer is made. */
class DryRun extends Error {
  constructor(readonly result: ProgrammeLoadResult) {
    super('dry run');
  }
}

/**
 * Loads a programme file: parses and validates it (core's `parseProgrammeFile`), refuses
 * sections no registered part stores (422 `programme_section_unsupported`), resolves the
 * owner (a path from the caller's organisation down) and every organisation the file names
 * (from the owner down), checks each is in the owner's subtree (organisers: on the owner's
 * line), asks every part for its problems, and reports them all at once (400
 * `programme_invalid`, each with its path, line and column). Then every part writes, in one
 * transaction with the reads: all or nothing. The campaign of the same owner and key is
 * updated rather than duplicated; `dryRun` does it all and rolls back.
 */
export async function loadProgramme(
  deps: Pick<CampaignsDeps, 'db' | 'now'>,
  parts: ProgrammeParts,
  auth: AuthContext,
  input: {
    text: string;
    format: 'yaml' | 'json';
    dryRun: boolean;
    /** Refuse (409 `conflict`) rather than update when the owner has a campaign of the key. */
    mustCreate?: boolean;
  },
): Promise<ProgrammeLoadResult> {
  const { text, format, dryRun } = input;
  const parsed = parseProgrammeFile(text, format);
  if (!parsed.ok) {
    throw programmeInvalid(parsed.problems.map((p) => ({ ...p })));
  }
  const file = parsed.file;
  const locate = programmeLocator(text);

  const unsupported = (Object.keys(file) as (keyof ProgrammeFile)[]).filter(
    (section): section is ProgrammeSection =>
      section !== 'version' && file[section] !== undefined && !parts.owning(section),
  );
  if (unsupported.length > 0) {
    const names = unsupported.map((s) => `"${s}"`).join(', ');
    throw new SafenetError(
      'programme_section_unsupported',
      `This hub does not store the section${unsupported.length > 1 ? 's' : ''} ${names} of a programme file: remove ${unsupported.length > 1 ? 'them' : 'it'} to load the rest; nothing was written`,
      {
        errors: unsupported.map((section) => ({
          path: section,
          code: 'programme_section_unsupported',
          message: `the section "${section}" is not stored by this hub`,
          ...(locate([section]) ?? {}),
        })),
      },
    );
  }

  const db = own(deps.db);
  const now = new Date(deps.now());
  const caller = await organisationInScope(share(db), auth, auth.orgId);
  const callerOrg: ResolvedOrg = caller;
  const ownerAt = await resolveOrgRefs(share(db), {
    reachOrgId: auth.orgId,
    base: callerOrg,
    refs: [{ at: ['owner'], ref: file.owner }],
  });
  const owner = ownerAt.resolved.get('owner');
  if (!owner) throw invalid(text, ownerAt.problems);

  const refs = await resolveOrgRefs(share(db), {
    reachOrgId: auth.orgId,
    base: owner,
    refs: orgRefsOf(file),
  });
  const problems: PartProblem[] = [...refs.problems];
  const usable = new Map(refs.resolved);
  for (const [path, org] of refs.resolved) {
    const organiser = path.startsWith('organisers[');
    const inSubtree = org.path.includes(owner.id);
    if (organiser && !inSubtree && !owner.path.includes(org.id)) {
      usable.delete(path);
      problems.push({
        at: pathOf(path),
        code: 'org_off_owner_line',
        message: `"${org.name}" is neither the owner, beneath it nor above it: name it under partners instead`,
      });
    } else if (!organiser && !inSubtree) {
      usable.delete(path);
      problems.push({
        at: pathOf(path),
        code: 'org_outside_owner',
        message: `"${org.name}" is not in the subtree of the owner "${owner.name}": name an organisation beneath the owner`,
      });
    }
  }
  const resolved: ResolvedProgramme = {
    owner,
    org: (path) => usable.get(path),
    callerOrgId: auth.orgId,
    now,
  };

  try {
    return await db.transaction().execute(async (trx) => {
      // Loads of one owner's key take turns: a second load of the same new file waits for
      // the first to commit, then finds its campaign (and answers unchanged) instead of
      // failing on the unique index.
      await sql`select pg_advisory_xact_lock(${PROGRAMME_LOCK_CLASS}::int4,
        hashtext(${owner.id} || ':' || ${file.key}))`.execute(trx);
      const row = await trx
        .selectFrom('campaigns')
        .select(['id', 'status', 'starts_on', 'ends_on', 'time_zone'])
        .where('org_id', '=', owner.id)
        .where('key', '=', file.key)
        .forUpdate()
        .executeTakeFirst();
      const existing = row && {
        id: row.id,
        status: calendarStatus(
          {
            status: row.status,
            startsOn: row.starts_on,
            endsOn: row.ends_on,
            timeZone: row.time_zone,
          },
          now,
        ),
      };
      if (existing && input.mustCreate) throw keyTaken(file.key);
      const handle = share(trx);
      // Every part judges, even when references failed to resolve (those read as undefined
      // and are reported already), so the answer lists every problem at once.
      for (const part of parts.list()) {
        problems.push(...(await part.problems(file, resolved, handle, existing ?? null)));
      }
      if (problems.length > 0) throw invalid(text, problems);

      const campaign: ProgrammeCampaign = existing
        ? { ...existing, orgId: owner.id, created: false }
        : { id: newCampaignId(), status: 'draft', orgId: owner.id, created: true };
      let changed = false;
      for (const part of parts.list()) {
        if (await part.write(handle, campaign, file, resolved)) changed = true;
      }
      if (changed && !campaign.created) {
        await trx
          .updateTable('campaigns')
          .set({ updated_at: now })
          .where('id', '=', campaign.id)
          .execute();
      }
      const result: ProgrammeLoadResult = {
        outcome: campaign.created ? 'created' : changed ? 'updated' : 'unchanged',
        dryRun,
        campaign: await read(trx, campaign.id, now),
      };
      if (dryRun) throw new DryRun(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    if ((error as { code?: string })?.code === '23505') {
      if (input.mustCreate) throw keyTaken(file.key);
      throw new SafenetError(
        'conflict',
        `Another load created the campaign "${file.key}" of this owner at the same moment: load the file again to update it`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function read(db: Executor, id: string, now: Date): Promise<Campaign> {
  const row = await campaignRow(db, id);
  if (!row) throw new Error(`campaign ${id} vanished inside the load's transaction`);
  return toCampaign(row, (await campaignChildren(db, [id])).get(id) as CampaignChildren, now);
}

/** `plan[0].items[3].responsible[0].org` → its segments. */
function pathOf(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : (m[1] as string),
  );
}

/** The order of a file's sections, as the format documents them. */
const SECTION_ORDER = Object.keys(ProgrammeFile.shape) as (keyof ProgrammeFile)[];

/**
 * A campaign of the caller's subtree as a programme file (organisations named by id): every
 * registered part reads its sections in one transaction. Loading the answer again changes
 * nothing; it is also where a copy into a new period starts.
 */
export async function exportProgramme(
  deps: Pick<CampaignsDeps, 'db'>,
  parts: ProgrammeParts,
  auth: AuthContext,
  campaignId: string,
): Promise<ProgrammeFile> {
  const file = await readProgramme(deps, parts, auth, campaignId);
  if (!file.key) {
    throw new SafenetError(
      'campaign_key_missing',
      `The campaign ${campaignId} has no key, and a programme file loads again by its key: give it one (PATCH /v1/campaigns/${campaignId} with { "key": "…" }) and export it again`,
    );
  }
  return file;
}

/** The campaign's file as the parts read it; `key` is absent when the campaign has none. */
async function readProgramme(
  deps: Pick<CampaignsDeps, 'db'>,
  parts: ProgrammeParts,
  auth: AuthContext,
  campaignId: string,
): Promise<ProgrammeFile> {
  const db = own(deps.db);
  return db.transaction().execute(async (trx) => {
    const row = await campaignRow(trx, campaignId, { inSubtreeOf: auth.orgId });
    if (!row) throw notFound('campaign', campaignId);
    const sections: Partial<ProgrammeFile> = { version: 1 };
    for (const part of parts.list()) {
      Object.assign(sections, await part.read(share(trx), { id: row.id, orgId: row.org_id }));
    }
    const ordered = Object.fromEntries(
      SECTION_ORDER.filter((k) => sections[k] !== undefined).map((k) => [k, sections[k]]),
    );
    return ordered as ProgrammeFile;
  });
}

/**
 * A campaign copied into a new period (`POST /v1/campaigns/:id/copy`): its file, every date
 * moved by the shift (core's `shiftProgramme`), loaded as a new draft of the same owner under
 * the new key — through the loader, so the copy is checked like any file (a moved yearly
 * deadline that leaves the window is a problem at its path) and written all or nothing.
 */
export async function copyProgramme(
  deps: Pick<CampaignsDeps, 'db' | 'now'>,
  parts: ProgrammeParts,
  auth: AuthContext,
  campaignId: string,
  input: CampaignCopyInput,
): Promise<ProgrammeLoadResult> {
  const { key, shift, title } = CampaignCopyInputSchema.parse(input);
  const original = await readProgramme(deps, parts, auth, campaignId);
  const copy = shiftProgramme(original, shift, key);
  const text = JSON.stringify(title ? { ...copy, title } : copy, null, 2);
  return loadProgramme(deps, parts, auth, {
    text,
    format: 'json',
    dryRun: false,
    mustCreate: true,
  });
}
