import {
  type ContactImportQuery,
  IMPORT_CONSENT_CHANNELS,
  ImportMapping,
  type ImportMode,
  SafenetError,
} from '@safenet/core';
import { getTimezone } from 'countries-and-timezones';
import { fromKysely, type PgBoss } from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { organisationInScope } from '../organisations/index.js';
import type { Tx } from './contacts.tables.js';
import { decideColumns, mappingOf } from './import-columns.js';
import { IMPORT_BATCH, type ImportRunDeps } from './import-run.js';
import {
  importInSubtree,
  insertImport,
  savedMapping,
  saveMapping,
  stageRows,
  updateImport,
} from './imports.store.js';
import type { ContactImportRow } from './imports.tables.js';
import { readTable } from './table-reader.js';

/** The queue that runs imports: jobs carry an import's id; the database holds the rest. */
export const IMPORT_QUEUE = 'contact-import';

export interface ImportJob {
  importId: string;
}

/** What receiving and committing imports need. */
export interface ImportDeps extends ImportRunDeps {
  boss: PgBoss;
  /** The largest upload read (`SAFENET_IMPORT_MAX_BYTES`). */
  maxBytes: number;
}

/** The actor an import records, `user:<id>` or `key:<id>`: whose consent statement it is. */
function actorKey(auth: AuthContext): string {
  const { actor } = auth;
  return actor.kind === 'user' ? `user:${actor.userId}` : `key:${actor.apiKeyId}`;
}

/**
 * Receives a spreadsheet: reads it as it streams in (never whole in memory), decides how its
 * columns map, and stages the mapped cells of every row — in one transaction, so a file that
 * breaks at row 90,000 leaves nothing behind. Then queues the import's job, which validates
 * and (unless a dry run) writes. Refused before anything is stored: an organisation outside
 * the caller's subtree (404), a consent channel or mapping that makes no sense (400), a file
 * that is no spreadsheet (415), too large (413) or unreadable (400).
 */
export async function receiveImport(
  deps: ImportDeps,
  auth: AuthContext,
  query: z.output<typeof ContactImportQuery>,
  body: AsyncIterable<Uint8Array>,
): Promise<ContactImportRow> {
  const org = await organisationInScope(share(deps.db), auth, query.orgId ?? auth.orgId);
  const channels = consentChannels(query.consentChannels);
  const given = parseMapping(query.mapping);
  const table = await readTable(body, {
    ...(query.format ? { format: query.format } : {}),
    ...(query.encoding ? { encoding: query.encoding } : {}),
    ...(query.delimiter ? { delimiter: query.delimiter } : {}),
    maxBytes: deps.maxBytes,
  });
  const columns = decideColumns(table.headers, given, await savedMapping(deps.db, org.id), {
    key: query.key,
    defaultRole: query.defaultRole !== undefined,
  });
  const read = columns.flatMap((column, index) => (column.field === null ? [] : [index]));
  const at = new Date(deps.now());
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertImport(trx, {
      id: uuidv7(),
      orgId: org.id,
      orgPath: org.path,
      fileName: query.fileName,
      format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
      columns,
      key: query.key,
      mode: query.mode,
      consent: {
        basis: query.consentBasis,
        channels,
        source: query.consentSource,
        at: query.consentAt ?? at.toISOString(),
      },
      defaultCountry: query.defaultCountry ?? countryOf(org.time_zone),
      defaultRole: query.defaultRole ?? null,
      defaultLanguage: query.defaultLanguage ?? org.default_language,
      createdBy: actorKey(auth),
      at,
    });
    let batch: { row: number; cells: string[] }[] = [];
    let rows = 0;
    for await (const { row: number, cells } of table.rows) {
      batch.push({ row: number, cells: read.map((index) => cells[index] ?? '') });
      rows++;
      if (batch.length === IMPORT_BATCH) {
        await stageRows(trx, inserted.id, batch);
        batch = [];
      }
    }
    await stageRows(trx, inserted.id, batch);
    if (query.saveMapping) await saveMapping(trx, org.id, mappingOf(columns), at);
    const counted = await updateImport(trx, inserted.id, {
      counts: { rows, valid: 0, rejected: 0, created: 0, updated: 0, unchanged: 0 },
    });
    await queueImport(trx, deps.boss, counted.id);
    return counted;
  });
  return row;
}

/**
 * Commits a dry run: the rows are validated again against the contacts as they are now, then
 * written as `mode` says. Only a finished dry run can be committed (`import_state`).
 */
export async function commitImport(
  deps: ImportDeps,
  auth: AuthContext,
  id: string,
  mode: Exclude<ImportMode, 'dry_run'>,
): Promise<ContactImportRow> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await importInSubtree(trx, auth.orgId, id);
    if (!current) throw notFound('contact import', id);
    const locked = await trx
      .selectFrom('contact_imports')
      .select(['status', 'mode'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.mode !== 'dry_run' || locked.status !== 'validated') {
      throw new SafenetError(
        'import_state',
        locked.mode === 'dry_run'
          ? `This dry run is ${locked.status}: it can be committed once it is validated`
          : `This import was run as ${locked.mode} and is ${locked.status}: only a dry run is committed; upload the file again to import it anew`,
      );
    }
    const updated = await updateImport(trx, id, {
      mode,
      status: 'validating',
      committed_from: 'dry_run',
      processed: 0,
      finished_at: null,
    });
    await queueImport(trx, deps.boss, id);
    return updated;
  });
}

async function queueImport(trx: Tx, boss: PgBoss, importId: string): Promise<void> {
  await boss.send(IMPORT_QUEUE, { importId } satisfies ImportJob, { db: fromKysely(trx) });
}

/** The consent channels of the query, each checked; `[]` for an empty list. */
function consentChannels(raw: string): string[] {
  const channels = raw === '' ? [] : raw.split(',');
  const unknown = channels.filter(
    (c) => !(IMPORT_CONSENT_CHANNELS as readonly string[]).includes(c),
  );
  if (unknown.length > 0 || new Set(channels).size !== channels.length) {
    throw new SafenetError(
      'validation_failed',
      `consentChannels must list distinct channels among ${IMPORT_CONSENT_CHANNELS.join(', ')}`,
      {
        errors: [
          {
            path: 'query.consentChannels',
            code: 'invalid_value',
            message:
              unknown.length > 0 ? `unknown: ${unknown.join(', ')}` : 'a channel appears twice',
          },
        ],
      },
    );
  }
  return channels;
}

function parseMapping(raw: string | undefined): ImportMapping {
  if (raw === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = ImportMapping.safeParse(json);
  if (!parsed.success) {
    throw new SafenetError(
      'import_mapping_invalid',
      'mapping must be a JSON object of column header → field (or null), e.g. {"Телефон":"phone","ФИО ученика":null}',
      {
        errors: parsed.error.issues.map((issue) => ({
          path: ['query', 'mapping', ...issue.path.map(String)].join('.'),
          code: issue.code,
          message: issue.message,
        })),
      },
    );
  }
  return parsed.data;
}

/** The country of an organisation's time zone, whose national numbers its files hold. */
function countryOf(timeZone: string): string | null {
  return getTimezone(timeZone)?.countries[0] ?? null;
}
