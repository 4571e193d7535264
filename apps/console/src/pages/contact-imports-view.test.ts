import type { ContactImport, ImportColumn } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import {
  changedMapping,
  isCommittable,
  isRunning,
  progressOf,
  withProgress,
} from './contact-imports-view.js';

const counts = { rows: 300, valid: 297, rejected: 3, created: 290, updated: 7, unchanged: 0 };

const dryRun: ContactImport = {
  id: '01900000-0000-7000-8000-000000000001',
  orgId: '01900000-0000-7000-8000-000000000002',
  fileName: '5A-parents.csv',
  format: 'csv',
  encoding: 'windows-1251',
  delimiter: ';',
  columns: [],
  key: 'phone',
  mode: 'dry_run',
  consent: {
    basis: 'consent',
    channels: ['whatsapp'],
    source: 'parent meeting form, 10 April 2017',
    at: '2017-04-10T09:00:00.000Z',
  },
  defaultCountry: 'KZ',
  defaultRole: 'parent',
  defaultLanguage: 'ru',
  status: 'validating',
  processed: 100,
  counts,
  committedFrom: null,
  createdBy: 'user:01900000-0000-7000-8000-000000000003',
  createdAt: '2017-04-10T09:00:00.000Z',
  finishedAt: null,
};

describe('an import’s standing', () => {
  it('is followed while its job checks or writes, and committed only as a finished dry run', () => {
    expect(isRunning('validating')).toBe(true);
    expect(isRunning('importing')).toBe(true);
    for (const status of ['validated', 'completed', 'rejected', 'failed'] as const) {
      expect(isRunning(status)).toBe(false);
    }
    expect(isCommittable({ mode: 'dry_run', status: 'validated' })).toBe(true);
    expect(isCommittable({ mode: 'dry_run', status: 'validating' })).toBe(false);
    expect(isCommittable({ mode: 'valid_rows', status: 'validated' })).toBe(false);
  });

  it('counts progress in the file’s rows while checking, in the valid rows while writing', () => {
    expect(progressOf(dryRun)).toEqual({ done: 100, total: 300 });
    expect(progressOf({ ...dryRun, status: 'importing', processed: 200 })).toEqual({
      done: 200,
      total: 297,
    });
    // A batch's count may overshoot the last one: never more than all.
    expect(progressOf({ ...dryRun, status: 'importing', processed: 500 })).toEqual({
      done: 297,
      total: 297,
    });
    expect(progressOf({ ...dryRun, status: 'validated' })).toBeNull();
  });

  it('takes a progress event’s status, mode, progress and counts, and keeps the rest', () => {
    const moved = withProgress(dryRun, {
      id: dryRun.id,
      fileName: dryRun.fileName,
      mode: 'valid_rows',
      status: 'importing',
      processed: 50,
      counts: { ...counts, created: 1 },
    });
    expect(moved).toEqual({
      ...dryRun,
      mode: 'valid_rows',
      status: 'importing',
      processed: 50,
      counts: { ...counts, created: 1 },
    });
  });
});

describe('the mapping sent when a file is checked again', () => {
  const columns: ImportColumn[] = [
    { header: 'Телефон', field: 'phone', source: 'guessed' },
    { header: 'Примечание', field: null, source: 'unknown' },
    { header: 'ФИО ученика', field: null, source: 'child_data' },
    { header: 'Код', field: 'externalRef', source: 'given' },
    { header: 'Язык', field: 'language', source: 'saved' },
  ];

  it('is nothing when nothing was changed', () => {
    expect(changedMapping(columns, {})).toEqual({});
  });

  it('holds the columns changed, and those chosen before, but never a child’s data', () => {
    expect(
      changedMapping(columns, {
        Примечание: 'displayName',
        Телефон: 'whatsapp',
        'ФИО ученика': 'displayName',
        Код: 'externalRef',
        Язык: null,
      }),
    ).toEqual({
      Примечание: 'displayName',
      Телефон: 'whatsapp',
      Код: 'externalRef',
      Язык: null,
    });
  });

  it('leaves out a column changed back to how it was read', () => {
    expect(changedMapping(columns, { Телефон: 'phone', Язык: 'language' })).toEqual({});
  });

  it('leaves out a header the file no longer has', () => {
    expect(changedMapping(columns, { 'Старый столбец': 'email' })).toEqual({});
  });
});
