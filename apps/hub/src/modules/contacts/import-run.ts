import type { ContactImportProgress, ImportCounts, Language, Role } from '@safenet/core';
import { sql } from 'kysely';
import type { CountryCode } from 'libphonenumber-js/max';
import { share } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { type ConsentBy, mergeConsents } from '../consent/index.js';
import { organisationById, resolveOrgCells } from '../organisations/index.js';
import type { Db, Executor } from './contacts.tables.js';
import { existingByKey, planRow, type ResolvedRow, type RowPlan } from './import-plan.js';
import { readRow, rowKey } from './import-rows.js';
import { insertImported, updateImported } from './import-writes.js';
import {
  countRows,
  dropWrittenRows,
  importById,
  insertProblems,
  type RowReading,
  recordReadings,
  rejectDuplicateKeys,
  resetValidation,
  type StoredProblem,
  stagedRows,
  toContactImport,
  updateImport,
} from './imports.store.js';
import type { ContactImportRow } from './imports.tables.js';

/** Rows read, checked or written at a time: one statement of each kind per batch. */
export const IMPORT_BATCH = 1_000;

/** What running an import needs: the database, the event bus, the clock. */
export interface ImportRunDeps {
  db: Db;
  bus: Pick<EventBus, 'publish'>;
  now: () => number;
}

/**
 * Runs an import's job from where it stands: validates its rows (`validating`), then — unless
 * it is a dry run, or `all_or_nothing` with a rejected row — writes them (`importing`). Each
 * step can be run again after a crash: validation starts over, and `valid_rows` writing
 * resumes after the last batch it committed. `all_or_nothing` writes in one transaction.
 */
export async function runImport(deps: ImportRunDeps, importId: string): Promise<void> {
  let imp = await importById(deps.db, importId);
  if (!imp) return;
  if (imp.status === 'validating') imp = await validate(deps, imp);
  if (imp.status === 'importing') await write(deps, imp);
}

async function validate(deps: ImportRunDeps, imp: ContactImportRow): Promise<ContactImportRow> {
  const { db } = deps;
  await resetValidation(db, imp.id);
  const base = await organisationById(share(db), imp.org_id);
  const defaults = {
    role: imp.default_role as Role | null,
    language: imp.default_language as Language,
    country: imp.default_country as CountryCode | null,
  };
  let processed = 0;
  for (let after = 0; ; ) {
    const batch = await stagedRows(db, imp.id, after, IMPORT_BATCH);
    if (batch.length === 0) break;
    const read = batch.map((staged) => ({
      staged,
      result: readRow(
        imp.columns.filter((c) => c.field !== null),
        staged.cells,
        defaults,
      ),
    }));
    const orgCells = read.flatMap(({ result }) =>
      'row' in result && result.row.organisation !== undefined ? [result.row.organisation] : [],
    );
    const orgs = await resolveOrgCells(share(db), base, orgCells);
    const readings: RowReading[] = [];
    const problems: StoredProblem[] = [];
    const valid: ValidRow[] = [];
    const orgHeader = imp.columns.find((c) => c.field === 'organisation')?.header ?? null;
    const keyHeader = keyHeaderOf(imp);
    for (const { staged, result } of read) {
      const reject = (list: StoredProblem[]) => {
        problems.push(...list);
        readings.push({
          row: staged.row,
          key: null,
          parsed: null,
          rejected: true,
          action: null,
          contactId: null,
        });
      };
      if ('problems' in result) {
        reject(
          result.problems.map((p) => ({
            row: staged.row,
            column: p.column,
            code: p.code,
            detail: p.detail ?? null,
          })),
        );
        continue;
      }
      const { row } = result;
      const resolution =
        row.organisation === undefined ? { org: base } : orgs.get(row.organisation);
      if (!resolution || !('org' in resolution)) {
        reject([
          {
            row: staged.row,
            column: orgHeader,
            code: 'organisation_unknown',
            detail: row.organisation ?? null,
          },
        ]);
        continue;
      }
      const key = rowKey(row, imp.key as 'externalRef' | 'phone' | 'email');
      if (key === null) {
        reject([{ row: staged.row, column: keyHeader, code: 'key_missing', detail: imp.key }]);
        continue;
      }
      valid.push({
        row: staged.row,
        key,
        parsed: {
          ...row,
          orgId: resolution.org.id,
          orgPath: resolution.org.path,
          orgTimeZone: resolution.org.time_zone,
        },
      });
    }
    const planned = await planBatch(db, imp, valid, false);
    readings.push(...planned.readings.map((r) => r.reading));
    problems.push(...planned.problems);
    await recordReadings(db, imp.id, readings);
    await insertProblems(db, imp.id, problems);
    processed += batch.length;
    after = batch.at(-1)?.row ?? after;
    imp = await progress(deps, imp, { processed });
  }
  await rejectDuplicateKeys(db, imp.id, keyHeaderOf(imp));
  const counts = await countRows(db, imp.id);
  const writes =
    imp.mode === 'valid_rows' || (imp.mode === 'all_or_nothing' && counts.rejected === 0);
  const status = writes ? 'importing' : imp.mode === 'dry_run' ? 'validated' : 'rejected';
  return progress(deps, imp, {
    status,
    // A dry run's counts say what it would do; a rejected import did nothing.
    counts: status === 'rejected' ? { ...counts, created: 0, updated: 0, unchanged: 0 } : counts,
    processed: 0,
    ...(writes ? {} : { finished_at: new Date(deps.now()) }),
  });
}

/** The column a row's key is read from (for `phone`, the phone column, else WhatsApp's). */
function keyHeaderOf(imp: ContactImportRow): string | null {
  const fields = imp.key === 'phone' ? ['phone', 'whatsapp'] : [imp.key];
  for (const field of fields) {
    const column = imp.columns.find((c) => c.field === field);
    if (column) return column.header;
  }
  return null;
}

/** A row that read well: its number, its key, and the contact it reads as. */
interface ValidRow {
  row: number;
  key: string;
  parsed: ResolvedRow;
}

type Planned = { reading: RowReading; row: ResolvedRow; plan: RowPlan };

/**
 * Plans valid rows against the contacts their keys find — without locks while validating
 * (what a dry run reports), `FOR UPDATE` while writing.
 */
async function planBatch(
  db: Executor,
  imp: ContactImportRow,
  rows: readonly ValidRow[],
  lock: boolean,
): Promise<{ readings: Planned[]; problems: StoredProblem[] }> {
  const existing = await existingByKey(
    db,
    imp,
    rows.map((r) => ({ key: r.key, row: r.parsed })),
    lock,
  );
  const readings: Planned[] = [];
  const problems: StoredProblem[] = [];
  for (const { row: number, key, parsed } of rows) {
    const plan = planRow(imp, parsed, existing.get(key) ?? []);
    const rejected = plan.action === 'reject';
    if (plan.action === 'reject') {
      problems.push({ row: number, column: null, code: plan.code, detail: plan.detail });
    }
    readings.push({
      row: parsed,
      plan,
      reading: {
        row: number,
        key,
        parsed: { ...parsed },
        rejected,
        action: rejected ? null : plan.action,
        contactId: 'contact' in plan ? plan.contact.id : null,
      },
    });
  }
  return { readings, problems };
}

/**
 * Writes the valid rows, a batch a transaction for `valid_rows` (resuming after
 * `committed_through`, with the counts committed with it), all in one for `all_or_nothing`.
 * Each batch is planned again, its contacts locked: a row valid at validation may not be now.
 * Imports into one root organisation's tree take turns (an advisory lock), so two imports of
 * one file never both create a contact.
 */
async function write(deps: ImportRunDeps, imp: ContactImportRow): Promise<void> {
  const by = actorOf(imp.created_by);
  const root = imp.org_path[0] ?? imp.org_id;
  const lockRoot = (trx: Executor) =>
    sql`SELECT pg_advisory_xact_lock(hashtext('contact-import'), hashtext(${root}))`.execute(trx);
  // What the writing did so far: from nothing, or from the last batch committed.
  const resumed = imp.committed_through > 0;
  const counts: ImportCounts = {
    ...imp.counts,
    created: resumed ? imp.counts.created : 0,
    updated: resumed ? imp.counts.updated : 0,
    unchanged: resumed ? imp.counts.unchanged : 0,
  };
  const writeBatch = async (trx: Executor, after: number): Promise<number | null> => {
    const batch = await stagedRows(trx, imp.id, after, IMPORT_BATCH, true);
    if (batch.length === 0) return null;
    const { readings, problems } = await planBatch(
      trx,
      imp,
      batch.map((staged) => ({
        row: staged.row,
        key: staged.key as string,
        parsed: staged.parsed as unknown as ResolvedRow,
      })),
      true,
    );
    if (imp.mode === 'all_or_nothing' && problems.length > 0) throw new RejectedWhileWriting();
    const at = new Date(deps.now());
    const creates = readings.filter((r) => r.plan.action === 'create');
    const ids = await insertImported(
      trx,
      creates.map((r) => r.row),
      at,
    );
    creates.forEach((r, i) => {
      r.reading.contactId = ids[i] as string;
    });
    await updateImported(
      trx,
      readings.flatMap((r) =>
        r.plan.action === 'update' && r.plan.fields
          ? [{ contact: r.plan.contact, row: r.row }]
          : [],
      ),
      at,
    );
    await mergeConsents(
      { db: share(trx), now: deps.now },
      readings.flatMap((r) =>
        r.plan.action === 'create' || r.plan.action === 'update'
          ? [{ contactId: r.reading.contactId as string, consents: r.plan.consents }]
          : [],
      ),
      by,
    );
    // Only rows rejected now are recorded again (for the report); the others are dropped
    // once the import finishes.
    await recordReadings(
      trx,
      imp.id,
      readings.filter((r) => r.reading.rejected).map((r) => r.reading),
    );
    await insertProblems(trx, imp.id, problems);
    for (const { plan } of readings) {
      if (plan.action === 'create') counts.created++;
      else if (plan.action === 'update') counts.updated++;
      else if (plan.action === 'unchanged') counts.unchanged++;
      else {
        counts.rejected++;
        counts.valid--;
      }
    }
    return batch.at(-1)?.row ?? after;
  };

  let current = imp;
  if (imp.mode === 'all_or_nothing') {
    const written = await deps.db
      .transaction()
      .execute(async (trx) => {
        await lockRoot(trx);
        for (let after = 0; ; ) {
          const last = await writeBatch(trx, after);
          if (last === null) return true;
          after = last;
        }
      })
      .catch((error: unknown) => {
        if (error instanceof RejectedWhileWriting) return false;
        throw error;
      });
    if (!written) {
      // A row valid a moment ago is not now (another import took its key): nothing was
      // written. Validating again says why, against the contacts as they are (or, if the
      // moment has passed, writes).
      await updateImport(deps.db, imp.id, { status: 'validating' });
      const again = await validate(deps, { ...imp, status: 'validating' });
      if (again.status === 'importing') await write(deps, again);
      return;
    }
  } else {
    for (let after = current.committed_through; ; ) {
      const last = await deps.db.transaction().execute(async (trx) => {
        await lockRoot(trx);
        const through = await writeBatch(trx, after);
        if (through !== null) {
          await updateImport(trx, imp.id, { committed_through: through, counts });
        }
        return through;
      });
      if (last === null) break;
      after = last;
      current = await progress(deps, current, {
        processed: counts.created + counts.updated + counts.unchanged,
      });
    }
  }
  await dropWrittenRows(deps.db, imp.id);
  await progress(deps, current, {
    status: 'completed',
    counts,
    processed: counts.created + counts.updated + counts.unchanged,
    finished_at: new Date(deps.now()),
  });
}

/** Marks an import whose job gave up as `failed`, telling the stream. */
export async function markFailed(deps: ImportRunDeps, importId: string): Promise<void> {
  const imp = await importById(deps.db, importId);
  if (!imp || imp.finished_at !== null) return;
  await progress(deps, imp, { status: 'failed', finished_at: new Date(deps.now()) });
}

/** An `all_or_nothing` import met a row it must reject while writing: roll everything back. */
class RejectedWhileWriting extends Error {}

/** Updates an import's standing and tells the stream. */
async function progress(
  deps: ImportRunDeps,
  imp: ContactImportRow,
  set: Parameters<typeof updateImport>[2],
): Promise<ContactImportRow> {
  const row = await updateImport(deps.db, imp.id, set);
  const record = toContactImport(row);
  const data: ContactImportProgress = {
    id: record.id,
    fileName: record.fileName,
    mode: record.mode,
    status: record.status,
    processed: record.processed,
    counts: record.counts as ImportCounts,
  };
  await deps.bus.publish({
    orgPath: row.org_path,
    event: {
      type: 'contact_import.progress',
      orgId: row.org_id,
      at: new Date(deps.now()).toISOString(),
      data,
    },
  });
  return row;
}

/** Who the consent history says acted: the person or key that uploaded the file. */
function actorOf(createdBy: string): ConsentBy {
  const [kind, id] = createdBy.split(':');
  return { kind: kind === 'user' ? 'user' : 'key', id: id ?? null } as ConsentBy;
}
