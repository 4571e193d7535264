import type {
  ContactImport,
  ImportColumn,
  ImportCounts,
  ImportKey,
  ImportMode,
  ImportStatus,
} from '@safenet/core';
import { sql } from 'kysely';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Executor } from './contacts.tables.js';
import type { ContactImportRow, StoredImportConsent } from './imports.tables.js';

// Import rows become API records here and nowhere else.

const iso = (date: Date) => date.toISOString();

export function toContactImport(row: ContactImportRow): ContactImport {
  return {
    id: row.id,
    orgId: row.org_id,
    fileName: row.file_name,
    format: row.format as ContactImport['format'],
    encoding: row.encoding as ContactImport['encoding'],
    delimiter: row.delimiter,
    columns: row.columns,
    key: row.key as ImportKey,
    mode: row.mode as ImportMode,
    consent: row.consent as ContactImport['consent'],
    defaultCountry: row.default_country,
    defaultRole: row.default_role as ContactImport['defaultRole'],
    defaultLanguage: row.default_language,
    status: row.status as ImportStatus,
    processed: row.processed,
    counts: row.counts,
    committedFrom: row.committed_from as ContactImport['committedFrom'],
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at ? iso(row.finished_at) : null,
  };
}

export const NO_COUNTS: ImportCounts = {
  rows: 0,
  valid: 0,
  rejected: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
};

/** A new import, as the upload writes it. */
export interface NewImport {
  id: string;
  orgId: string;
  orgPath: readonly string[];
  fileName: string;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  columns: ImportColumn[];
  key: ImportKey;
  mode: ImportMode;
  consent: StoredImportConsent;
  defaultCountry: string | null;
  defaultRole: string | null;
  defaultLanguage: string;
  createdBy: string;
  at: Date;
}

export function insertImport(db: Executor, input: NewImport): Promise<ContactImportRow> {
  return db
    .insertInto('contact_imports')
    .values({
      id: input.id,
      org_id: input.orgId,
      org_path: [...input.orgPath],
      file_name: input.fileName,
      format: input.format,
      encoding: input.encoding,
      delimiter: input.delimiter,
      columns: JSON.stringify(input.columns),
      key: input.key,
      mode: input.mode,
      consent: JSON.stringify(input.consent),
      default_country: input.defaultCountry,
      default_role: input.defaultRole,
      default_language: input.defaultLanguage,
      status: 'validating',
      counts: JSON.stringify(NO_COUNTS),
      created_by: input.createdBy,
      created_at: input.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Stages a batch of rows: the mapped cells only. */
export async function stageRows(
  db: Executor,
  importId: string,
  rows: readonly { row: number; cells: string[] }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('contact_import_rows')
    .values(rows.map((r) => ({ import_id: importId, row: r.row, cells: JSON.stringify(r.cells) })))
    .execute();
}

/** An import of the subtree of `orgId`, or undefined. */
export function importInSubtree(
  db: Executor,
  orgId: string,
  id: string,
): Promise<ContactImportRow | undefined> {
  return db
    .selectFrom('contact_imports')
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree('contact_imports.org_id', orgId))
    .executeTakeFirst();
}

export function importById(db: Executor, id: string): Promise<ContactImportRow | undefined> {
  return db.selectFrom('contact_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The imports of the subtree of `orgId`, newest first. */
export function listImports(
  db: Executor,
  orgId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<ContactImport>> {
  return keysetPage(
    db.selectFrom('contact_imports').selectAll().where(inSubtree('contact_imports.org_id', orgId)),
    page,
    toContactImport,
    'desc',
  );
}

/** Changes an import's standing; returns the row as it is now. */
export function updateImport(
  db: Executor,
  id: string,
  set: Partial<{
    status: ImportStatus;
    mode: ImportMode;
    processed: number;
    counts: ImportCounts;
    committed_from: string | null;
    committed_through: number;
    finished_at: Date | null;
  }>,
): Promise<ContactImportRow> {
  const { counts, ...rest } = set;
  return db
    .updateTable('contact_imports')
    .set({ ...rest, ...(counts ? { counts: JSON.stringify(counts) } : {}) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A staged row as the validation and the writing read it. */
export interface StagedRow {
  row: number;
  cells: string[];
  key: string | null;
  parsed: Record<string, unknown> | null;
  rejected: boolean;
  action: string | null;
  contact_id: string | null;
}

/** Up to `limit` staged rows after `afterRow`, in row order; `validOnly` leaves rejected ones out. */
export function stagedRows(
  db: Executor,
  importId: string,
  afterRow: number,
  limit: number,
  validOnly = false,
): Promise<StagedRow[]> {
  return db
    .selectFrom('contact_import_rows')
    .select(['row', 'cells', 'key', 'parsed', 'rejected', 'action', 'contact_id'])
    .where('import_id', '=', importId)
    .where('row', '>', afterRow)
    .$if(validOnly, (q) => q.where('rejected', '=', false))
    .orderBy('row')
    .limit(limit)
    .execute();
}

/** Forgets what an earlier validation found: its errors, and each row's reading. */
export async function resetValidation(db: Executor, importId: string): Promise<void> {
  await db.deleteFrom('contact_import_errors').where('import_id', '=', importId).execute();
  await db
    .updateTable('contact_import_rows')
    .set({ key: null, parsed: null, rejected: false, action: null, contact_id: null })
    .where('import_id', '=', importId)
    .execute();
}

/** What a validation found about one row. */
export interface RowReading {
  row: number;
  key: string | null;
  parsed: Record<string, unknown> | null;
  rejected: boolean;
  action: string | null;
  contactId: string | null;
}

/** Records what a batch of rows was found to be, in one statement. */
export async function recordReadings(
  db: Executor,
  importId: string,
  readings: readonly RowReading[],
): Promise<void> {
  if (readings.length === 0) return;
  await sql`
    UPDATE contact_import_rows AS r
    SET key = v.key, parsed = v.parsed, rejected = v.rejected, action = v.action,
      contact_id = v.contact_id
    FROM jsonb_to_recordset(${JSON.stringify(
      readings.map((r) => ({
        row: r.row,
        key: r.key,
        parsed: r.parsed,
        rejected: r.rejected,
        action: r.action,
        contact_id: r.contactId,
      })),
    )}::jsonb) AS v(row integer, key text, parsed jsonb, rejected boolean, action text, contact_id uuid)
    WHERE r.import_id = ${importId} AND r.row = v.row
  `.execute(db);
}

/** One rejected row's problem, as stored. */
export interface StoredProblem {
  row: number;
  column: string | null;
  code: string;
  detail: string | null;
}

export async function insertProblems(
  db: Executor,
  importId: string,
  problems: readonly StoredProblem[],
): Promise<void> {
  if (problems.length === 0) return;
  const next = new Map<number, number>();
  await db
    .insertInto('contact_import_errors')
    .values(
      problems.map((p) => {
        const position = next.get(p.row) ?? 0;
        next.set(p.row, position + 1);
        return {
          import_id: importId,
          row: p.row,
          position,
          column_header: p.column,
          code: p.code,
          detail: p.detail,
        };
      }),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Rejects every row whose key an earlier row of the file has (`duplicate_key`, naming the
 * first): the file says two things of one contact. One statement, whatever the file's size.
 */
export async function rejectDuplicateKeys(
  db: Executor,
  importId: string,
  keyHeader: string | null,
): Promise<void> {
  await sql`
    WITH firsts AS (
      SELECT key, min(row) AS first_row FROM contact_import_rows
      WHERE import_id = ${importId} AND key IS NOT NULL AND NOT rejected
      GROUP BY key HAVING count(*) > 1
    ), later AS (
      UPDATE contact_import_rows AS r SET rejected = true, action = NULL, contact_id = NULL
      FROM firsts
      WHERE r.import_id = ${importId} AND r.key = firsts.key AND r.row > firsts.first_row
        AND NOT r.rejected
      RETURNING r.row, firsts.first_row
    )
    INSERT INTO contact_import_errors (import_id, row, position, column_header, code, detail)
    SELECT ${importId}::uuid, later.row, 100, ${keyHeader}::text, 'duplicate_key', later.first_row::text
    FROM later
  `.execute(db);
}

/** The counts of an import's rows as they stand. */
export async function countRows(db: Executor, importId: string): Promise<ImportCounts> {
  const row = await db
    .selectFrom('contact_import_rows')
    .select([
      sql<number>`count(*)::int`.as('rows'),
      sql<number>`count(*) FILTER (WHERE rejected)::int`.as('rejected'),
      sql<number>`count(*) FILTER (WHERE action = 'create')::int`.as('created'),
      sql<number>`count(*) FILTER (WHERE action = 'update')::int`.as('updated'),
      sql<number>`count(*) FILTER (WHERE action = 'unchanged')::int`.as('unchanged'),
    ])
    .where('import_id', '=', importId)
    .executeTakeFirstOrThrow();
  return { ...row, valid: row.rows - row.rejected };
}

/** A page of an import's errors, in row order: `after` is the last (row, position) seen. */
export function importErrors(
  db: Executor,
  importId: string,
  after: readonly [number, number] | undefined,
  limit: number,
): Promise<(StoredProblem & { position: number })[]> {
  return db
    .selectFrom('contact_import_errors')
    .select(['row', 'position', 'column_header as column', 'code', 'detail'])
    .where('import_id', '=', importId)
    .$if(after !== undefined, (q) =>
      q.where(sql`(row, position)`, '>', sql`(${after?.[0]}::int, ${after?.[1]}::int)`),
    )
    .orderBy('row')
    .orderBy('position')
    .limit(limit)
    .execute();
}

/** The rejected rows (cells) after `afterRow`, with their errors, for the error report. */
export async function rejectedRows(
  db: Executor,
  importId: string,
  afterRow: number,
  limit: number,
): Promise<{ row: number; cells: string[]; problems: StoredProblem[] }[]> {
  const rows = await db
    .selectFrom('contact_import_rows')
    .select(['row', 'cells'])
    .where('import_id', '=', importId)
    .where('rejected', '=', true)
    .where('row', '>', afterRow)
    .orderBy('row')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const problems = await db
    .selectFrom('contact_import_errors')
    .select(['row', 'column_header as column', 'code', 'detail'])
    .where('import_id', '=', importId)
    .where(
      'row',
      'in',
      rows.map((r) => r.row),
    )
    .orderBy('row')
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ ...r, problems: problems.filter((p) => p.row === r.row) }));
}

/** Drops the staged rows an import no longer needs: all but the rejected ones (the report's). */
export async function dropWrittenRows(db: Executor, importId: string): Promise<void> {
  await db
    .deleteFrom('contact_import_rows')
    .where('import_id', '=', importId)
    .where('rejected', '=', false)
    .execute();
}

/** An organisation's saved mapping, header → field. */
export async function savedMapping(
  db: Executor,
  orgId: string,
): Promise<Record<string, string | null>> {
  const row = await db
    .selectFrom('contact_import_mappings')
    .select('mapping')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row?.mapping ?? {};
}

/** Saves a mapping as the organisation's, merged over the one it had. */
export async function saveMapping(
  db: Executor,
  orgId: string,
  mapping: Record<string, string | null>,
  at: Date,
): Promise<void> {
  await db
    .insertInto('contact_import_mappings')
    .values({ org_id: orgId, mapping: JSON.stringify(mapping), updated_at: at })
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet({
        mapping: sql`contact_import_mappings.mapping || excluded.mapping`,
        updated_at: at,
      }),
    )
    .execute();
}
