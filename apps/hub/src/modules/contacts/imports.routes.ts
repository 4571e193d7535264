import type { IncomingMessage } from 'node:http';
import {
  ContactExportQuery,
  ContactImport,
  ContactImportCommit,
  ContactImportListQuery,
  ContactImportQuery,
  ImportErrorsQuery,
  ImportRowError,
  Page,
} from '@safenet/core';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import { orgInScope } from '../../platform/tenancy/lookups.js';
import { exportContacts } from './contacts-export.js';
import { errorPage, errorReport, importOf } from './import-report.js';
import { commitImport, type ImportDeps, receiveImport } from './imports.service.js';
import { listImports, toContactImport } from './imports.store.js';

const SPREADSHEET_TYPES = [
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

/** The upload: its body is the file, streamed to the reader as it arrives. */
const uploadRoutes: FastifyPluginAsyncZod<{ deps: ImportDeps }> = async (app, { deps }) => {
  // Encapsulated: only this route takes bodies of any type, and passes them on unread.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request: FastifyRequest, payload: IncomingMessage, done) =>
    done(null, payload),
  );
  app.post(
    '/contact-imports',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'importContacts',
        summary: 'Import contacts from a spreadsheet',
        description:
          'The body is the file, CSV or XLSX, streamed (any size up to `SAFENET_IMPORT_MAX_BYTES`; never held in memory). A CSV’s encoding (UTF-8, UTF-16 as Excel writes it, Windows-1251) and delimiter are detected unless given. Columns map to fields as `mapping` says, else as the organisation’s saved mapping, else as their headers’ words suggest (ru/kk/vi/en); a column holding a child’s name or birth date is never read. The import states its consent (legal basis, channels, where it was collected): nothing imported is sendable on a channel it does not name. Answers 202 with the import; its job validates every row and, unless `mode=dry_run`, writes them (`all_or_nothing` or `valid_rows`), telling the stream (`contact_import.progress`). Rows are matched on `key`: importing the same file again changes nothing.',
        tags: ['contacts'],
        consumes: SPREADSHEET_TYPES,
        errorCodes: [
          'not_found',
          'import_file_type',
          'import_file_malformed',
          'import_too_large',
          'import_mapping_invalid',
        ],
        querystring: ContactImportQuery,
        body: z.any().meta({ type: 'string', format: 'binary' }).describe('The spreadsheet'),
        response: { 202: ContactImport },
      },
    },
    async (request, reply) => {
      const body = request.body as IncomingMessage;
      const row = await receiveImport(deps, requireAuth(request), request.query, body);
      return reply.status(202).send(toContactImport(row));
    },
  );
};

/** Contact imports: upload, follow, commit a dry run, read and download what was rejected. */
export const importRoutes: FastifyPluginAsyncZod<{ deps: ImportDeps }> = async (app, { deps }) => {
  const { db } = deps;
  await app.register(uploadRoutes, { deps });

  app.get(
    '/contact-imports',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listContactImports',
        summary: 'List contact imports',
        description: 'The imports of your subtree (or of `orgId`’s), newest first.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        querystring: ContactImportListQuery,
        response: { 200: Page(ContactImport) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { orgId, ...page } = request.query;
      const root = orgId ? (await orgInScope(db, auth, orgId)).id : auth.orgId;
      return listImports(db, root, page);
    },
  );

  app.get(
    '/contact-imports/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getContactImport',
        summary: 'Get a contact import',
        description: 'Where an import stands: its columns, status, progress and row counts.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: ContactImport },
      },
    },
    async (request) => toContactImport(await importOf(db, requireAuth(request), request.params.id)),
  );

  app.post(
    '/contact-imports/:id/commit',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'commitContactImport',
        summary: 'Write a dry run’s rows',
        description:
          'Validates a finished dry run’s rows again, against the contacts as they are now, and writes them: `all_or_nothing` (none if any row is rejected) or `valid_rows`. Answers 202; `409 import_state` unless the import is a `validated` dry run.',
        tags: ['contacts'],
        errorCodes: ['not_found', 'import_state'],
        params: IdParams,
        body: ContactImportCommit,
        response: { 202: ContactImport },
      },
    },
    async (request, reply) => {
      const row = await commitImport(
        deps,
        requireAuth(request),
        request.params.id,
        request.body.mode,
      );
      return reply.status(202).send(toContactImport(row));
    },
  );

  app.get(
    '/contact-imports/:id/errors',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listContactImportErrors',
        summary: 'The rejected rows’ errors',
        description:
          'A page of the errors of the rejected rows, in row order: the row as the spreadsheet numbers it, the column, a stable code, and a message in `lang` (default: the organisation’s language).',
        tags: ['contacts'],
        errorCodes: ['not_found', 'invalid_cursor'],
        params: IdParams,
        querystring: ImportErrorsQuery,
        response: { 200: Page(ImportRowError) },
      },
    },
    async (request) => errorPage(db, requireAuth(request), request.params.id, request.query),
  );

  app.get(
    '/contact-imports/:id/error-report',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'downloadContactImportErrors',
        summary: 'The rejected rows as a CSV to fix and upload again',
        description:
          'The rejected rows with the file’s read columns, followed by `error_row`, `error_column`, `error_code` and `error_message` (in `lang`); UTF-8 with a BOM. Fix the rows and upload the file again: the error columns are not read.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        params: IdParams,
        querystring: ImportErrorsQuery.pick({ lang: true }),
        response: { 200: z.any().describe('The CSV (text/csv)') },
      },
    },
    async (request, reply) => {
      const file = await errorReport(db, requireAuth(request), request.params.id, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(file.filename))
        .send(file.body);
    },
  );

  app.get(
    '/contacts/export',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'exportContacts',
        summary: 'Export contacts as a spreadsheet',
        description:
          'Every contact `GET /v1/contacts` would list with the same filters, as CSV (UTF-8 with a BOM, so Excel opens Cyrillic and Vietnamese) or XLSX, streamed. The columns are the import’s fields by their own names (`externalRef`, `phone`, `consent.whatsapp`…): importing the file again changes nothing. `organisation` holds an organisation’s code, or its names from the exported organisation down.',
        tags: ['contacts'],
        errorCodes: ['not_found'],
        querystring: ContactExportQuery,
        response: { 200: z.any().describe('The CSV (text/csv) or XLSX file') },
      },
    },
    async (request, reply) => {
      const { format, orgId, ...filters } = request.query;
      const auth = requireAuth(request);
      const root = await orgInScope(db, auth, orgId ?? auth.orgId);
      const body = exportContacts(db, root, filters, format);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX)
        .header('content-disposition', attachment(`contacts.${format}`))
        .send(body);
    },
  );
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `Content-Disposition` for a download: an ASCII name, and the name itself as RFC 5987 UTF-8. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
