import type { Readable } from 'node:stream';
import {
  type ImportErrorsQuery,
  type ImportRowCode,
  type ImportRowError,
  importRowMessage,
  type Language,
} from '@safenet/core';
import { z } from 'zod';
import { decodeKeyCursor, encodeKeyCursor, type Page } from '../../platform/database/keyset.js';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { organisationById } from '../organisations/index.js';
import type { Executor } from './contacts.tables.js';
import { REPORT_COLUMNS } from './import-columns.js';
import {
  importErrors,
  importInSubtree,
  rejectedRows,
  type StoredProblem,
} from './imports.store.js';
import type { ContactImportRow } from './imports.tables.js';
import { writeTable } from './table-writer.js';

/** An import of the caller's subtree; `not_found` otherwise. */
export async function importOf(
  db: Executor,
  auth: AuthContext,
  id: string,
): Promise<ContactImportRow> {
  const row = await importInSubtree(db, auth.orgId, id);
  if (!row) throw notFound('contact import', id);
  return row;
}

/** The language messages are worded in: the one asked for, else the organisation's. */
async function languageOf(
  db: Executor,
  imp: ContactImportRow,
  lang: Language | undefined,
): Promise<Language> {
  return lang ?? ((await organisationById(share(db), imp.org_id)).default_language as Language);
}

function toRowError(problem: StoredProblem, lang: Language): ImportRowError {
  const code = problem.code as ImportRowCode;
  return {
    row: problem.row,
    column: problem.column,
    code,
    message: importRowMessage(code, lang, problem.detail ?? undefined),
  };
}

const ErrorCursor = z.tuple([z.int(), z.int()]);

/** A page of an import's errors, in row order, worded in `lang`. */
export async function errorPage(
  db: Executor,
  auth: AuthContext,
  id: string,
  query: z.output<typeof ImportErrorsQuery>,
): Promise<Page<ImportRowError>> {
  const imp = await importOf(db, auth, id);
  const lang = await languageOf(db, imp, query.lang);
  const after = decodeKeyCursor(query.cursor, ErrorCursor);
  const rows = await importErrors(db, imp.id, after, query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((p) => toRowError(p, lang)),
    nextCursor:
      rows.length > query.limit && last ? encodeKeyCursor([last.row, last.position]) : null,
  };
}

/**
 * The rejected rows as a CSV a person fixes and uploads again: the file's read columns as they
 * were, then the errors. Streamed, a batch of rows at a time.
 */
export async function errorReport(
  db: Executor,
  auth: AuthContext,
  id: string,
  query: { lang?: Language | undefined },
): Promise<{ filename: string; body: Readable }> {
  const imp = await importOf(db, auth, id);
  const lang = await languageOf(db, imp, query.lang);
  const read = imp.columns.filter((c) => c.field !== null);
  async function* lines(): AsyncGenerator<string[]> {
    for (let after = 0; ; ) {
      const batch = await rejectedRows(db, imp.id, after, 1_000);
      if (batch.length === 0) return;
      for (const { row, cells, problems } of batch) {
        const errors = problems.map((p) => toRowError(p, lang));
        yield [
          ...cells,
          String(row),
          [...new Set(errors.map((e) => e.column ?? ''))].filter(Boolean).join('; '),
          errors.map((e) => e.code).join('; '),
          errors.map((e) => e.message).join(' '),
        ];
      }
      after = batch.at(-1)?.row ?? after;
    }
  }
  const stem = imp.file_name.replace(/\.[^.]+$/, '').replace(/[^\p{L}\p{N}._ -]/gu, '_');
  return {
    filename: `${stem}-errors.csv`,
    body: writeTable('csv', [...read.map((c) => c.header), ...REPORT_COLUMNS], lines()),
  };
}
