import type {
  ContactImport,
  ContactImportProgress,
  ImportColumn,
  ImportField,
  ImportStatus,
} from '@safenet/sdk';

/*
 * What the import pages show, worked out from the hub's import record: plain functions, so
 * they are tested without a browser.
 */

/** The hub's lists the import pages offer: the fields a column can fill, in the select's order. */
export {
  IMPORT_CONSENT_CHANNELS as CONSENT_CHANNELS,
  IMPORT_FIELDS,
  IMPORT_KEYS,
  LEGAL_BASES,
} from '@safenet/sdk';

/** Statuses in which the hub's job is still at work on the import. */
const RUNNING: readonly ImportStatus[] = ['validating', 'importing'];

/** Whether the import's job is still at work (the page follows it until it is not). */
export function isRunning(status: ImportStatus): boolean {
  return RUNNING.includes(status);
}

/** A finished dry run, not yet committed: the two commit buttons apply to it. */
export function isCommittable(imp: Pick<ContactImport, 'mode' | 'status'>): boolean {
  return imp.mode === 'dry_run' && imp.status === 'validated';
}

/**
 * How far the current step is, as rows done of rows to do: checking reads every row of the
 * file; writing, the valid ones. `null` when the import is not running.
 */
export function progressOf(
  imp: Pick<ContactImport, 'status' | 'processed' | 'counts'>,
): { done: number; total: number } | null {
  if (!isRunning(imp.status)) return null;
  const total = imp.status === 'validating' ? imp.counts.rows : imp.counts.valid;
  return { done: Math.min(imp.processed, total), total };
}

/** A `contact_import.progress` event's news laid over the import the page holds. */
export function withProgress(imp: ContactImport, event: ContactImportProgress): ContactImport {
  return {
    ...imp,
    mode: event.mode,
    status: event.status,
    processed: event.processed,
    counts: event.counts,
  };
}

/**
 * The mapping to send when a file is checked again: the columns the person changed from how
 * the last check read them. A child's-data column is never sent (the hub refuses to map one),
 * nor a change back to what was read.
 */
export function changedMapping(
  columns: readonly ImportColumn[],
  chosen: Readonly<Record<string, ImportField | null>>,
): Record<string, ImportField | null> {
  const mapping: Record<string, ImportField | null> = {};
  for (const column of columns) {
    if (column.source === 'child_data' || !(column.header in chosen)) continue;
    const field = chosen[column.header] ?? null;
    if (field !== column.field || column.source === 'given') mapping[column.header] = field;
  }
  return mapping;
}

/** Saves bytes the hub sent as a file the browser downloads, named `name`. */
export function saveBytes(name: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
