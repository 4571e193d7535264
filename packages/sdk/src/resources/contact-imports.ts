import type {
  ContactImport,
  ImportConsent,
  ImportEncoding,
  ImportField,
  ImportFormat,
  ImportKey,
  ImportMode,
  ImportRowError,
  Language,
  Page,
  Role,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import { sleep } from '../http/retry.js';
import type { Transport } from '../http/transport.js';

/** How a spreadsheet is read and imported (`contactImports.start`). */
export interface ContactImportOptions {
  /** The file's name, for people (`parents-5A.csv`). */
  fileName: string;
  /** The organisation rows belong to unless an `organisation` column names another; default: the key's. */
  orgId?: string;
  /** What the import states about consent: nothing is sendable on a channel it does not name. */
  consent: ImportConsent;
  /** What finds the contact a row updates (default `externalRef`): re-importing changes nothing. */
  key?: ImportKey;
  /** `dry_run` (default) writes nothing; then `commit`. Or `all_or_nothing`, `valid_rows`. */
  mode?: ImportMode;
  /** Column header → field (or `null`: not read); others are guessed or come from the saved mapping. */
  mapping?: Record<string, ImportField | null>;
  /** Saves this file's mapping as the organisation's default. */
  saveMapping?: boolean;
  format?: ImportFormat;
  encoding?: ImportEncoding;
  delimiter?: ',' | ';' | '\t' | '|';
  /** Country of numbers written without `+` (default: from the organisation's time zone). */
  defaultCountry?: string;
  /** Role of rows without one. */
  defaultRole?: Role;
  /** Language of rows without one (default: the organisation's). */
  defaultLanguage?: Language;
}

/** Statuses after which an import does no more (until a dry run is committed). */
const SETTLED = new Set<ContactImport['status']>(['validated', 'completed', 'rejected', 'failed']);

/**
 * Contact imports: a CSV or XLSX file streamed to the hub, validated row by row, and written
 * all or nothing or the valid rows only, with every rejected row reported.
 *
 * @example
 * import { openAsBlob } from 'node:fs';
 *
 * const dryRun = await client.contactImports.start(await openAsBlob('parents-5A.csv'), {
 *   fileName: 'parents-5A.csv', orgId: schoolId, key: 'phone', defaultRole: 'parent',
 *   consent: { basis: 'consent', channels: ['whatsapp', 'sms'], source: 'parent meeting form, 10 April 2017' },
 * });
 * const checked = await client.contactImports.wait(dryRun.id);
 * if (checked.counts.rejected === 0) await client.contactImports.commit(dryRun.id, { mode: 'all_or_nothing' });
 */
export class ContactImports {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /**
   * Uploads a spreadsheet and starts its import (a dry run unless `mode` says otherwise).
   * A `Blob` from `openAsBlob` is streamed from disk, never read whole into memory. The hub
   * answers once it has read and staged every row, which takes as long as the file is big:
   * the upload has no timeout of its own (the client's `timeoutMs` does not apply); abort it
   * with `request.signal`.
   */
  start(
    file: Blob | Uint8Array,
    options: ContactImportOptions,
    request?: PostOptions,
  ): Promise<ContactImport> {
    const { consent, mapping, saveMapping, ...rest } = options;
    return this.#http.request(
      {
        method: 'POST',
        path: '/v1/contact-imports',
        query: {
          ...rest,
          consentBasis: consent.basis,
          consentChannels: consent.channels.join(','),
          consentSource: consent.source,
          consentAt: consent.at,
          mapping: mapping === undefined ? undefined : JSON.stringify(mapping),
          saveMapping: saveMapping === undefined ? undefined : String(saveMapping),
        },
        bytes: { data: file, contentType: contentTypeOf(options) },
        timeoutMs: null,
      },
      request,
    );
  }

  get(id: string, options?: RequestOptions): Promise<ContactImport> {
    return this.#http.request(
      { method: 'GET', path: `/v1/contact-imports/${segment(id)}` },
      options,
    );
  }

  /** The imports of your subtree (or of `orgId`'s), newest first. */
  list(
    params: PageParams & { orgId?: string } = {},
    options?: RequestOptions,
  ): Promise<Page<ContactImport>> {
    return this.#http.request(
      { method: 'GET', path: '/v1/contact-imports', query: params },
      options,
    );
  }

  iterate(
    params: PageParams & { orgId?: string } = {},
    options?: RequestOptions,
  ): ItemIterator<ContactImport> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  /**
   * Waits until the import stops moving — validated (a dry run), completed, rejected or
   * failed — polling every `intervalMs` (default 500) and telling `onProgress` each time.
   *
   * @example
   * const done = await client.contactImports.wait(id, { onProgress: (i) => bar.update(i.processed) });
   */
  async wait(
    id: string,
    options: RequestOptions & {
      intervalMs?: number;
      onProgress?: (current: ContactImport) => void;
    } = {},
  ): Promise<ContactImport> {
    for (;;) {
      const current = await this.get(id, options);
      options.onProgress?.(current);
      if (SETTLED.has(current.status)) return current;
      await sleep(options.intervalMs ?? 500, options.signal);
    }
  }

  /** Writes a validated dry run's rows: `all_or_nothing` or `valid_rows`. */
  commit(
    id: string,
    input: { mode: 'all_or_nothing' | 'valid_rows' },
    options?: PostOptions,
  ): Promise<ContactImport> {
    return this.#http.request(
      { method: 'POST', path: `/v1/contact-imports/${segment(id)}/commit`, body: input },
      options,
    );
  }

  /** A page of the rejected rows' errors, in row order, worded in `lang`. */
  errors(
    id: string,
    params: PageParams & { lang?: Language } = {},
    options?: RequestOptions,
  ): Promise<Page<ImportRowError>> {
    return this.#http.request(
      { method: 'GET', path: `/v1/contact-imports/${segment(id)}/errors`, query: params },
      options,
    );
  }

  iterateErrors(
    id: string,
    params: PageParams & { lang?: Language } = {},
    options?: RequestOptions,
  ): ItemIterator<ImportRowError> {
    return paginate((cursor) => this.errors(id, { ...params, cursor }, options), params.cursor);
  }

  /**
   * The rejected rows as a CSV to fix and upload again: the file's columns, then
   * `error_row`, `error_column`, `error_code`, `error_message`.
   *
   * @example
   * await writeFile('parents-5A.errors.csv', await client.contactImports.errorReport(id, { lang: 'ru' }));
   */
  errorReport(
    id: string,
    params: { lang?: Language } = {},
    options?: RequestOptions,
  ): Promise<string> {
    return this.#http.request(
      {
        method: 'GET',
        path: `/v1/contact-imports/${segment(id)}/error-report`,
        query: params,
        as: 'text',
      },
      options,
    );
  }
}

function contentTypeOf(options: Pick<ContactImportOptions, 'format' | 'fileName'>): string {
  const xlsx = options.format === 'xlsx' || /\.xlsx$/i.test(options.fileName);
  return xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
}
