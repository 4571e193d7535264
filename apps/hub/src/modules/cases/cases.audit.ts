import { createHash } from 'node:crypto';
import type { CaseAuditEntry, CaseAuditTrail } from '@safenet/core';
import type { CaseRow, Executor } from './cases.tables.js';

/**
 * The case audit trail: every read of a case's reports, every change, assignment, referral and
 * merge, appended in the transaction that does it, with who, when and what (never report
 * contents or reporter details). Each entry's hash covers the previous entry's hash and its
 * own content, so a changed or removed entry breaks every hash after it; the table's trigger
 * refuses UPDATE and DELETE besides.
 */

/** The hash an entry's chain starts from. */
const GENESIS = '0'.repeat(64);

interface EntryContent {
  caseId: string;
  at: string;
  actor: string | null;
  action: string;
  detail: Record<string, unknown>;
}

/** SHA-256 over the previous hash and the entry's content, keys in a fixed order. */
function entryHash(prev: string, content: EntryContent): string {
  const canonical = JSON.stringify([
    content.caseId,
    content.at,
    content.actor,
    content.action,
    sortedKeys(content.detail),
  ]);
  return createHash('sha256').update(prev).update('\n').update(canonical).digest('hex');
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * Appends an entry to `kase`'s trail. The caller holds the case's row lock (every writer of a
 * case takes it first), so entries of one case chain one after another.
 */
export async function appendAudit(
  db: Executor,
  kase: Pick<CaseRow, 'id' | 'org_id'>,
  entry: { at: Date; actor: string | null; action: string; detail?: Record<string, unknown> },
): Promise<void> {
  const last = await db
    .selectFrom('case_audit')
    .select('hash')
    .where('case_id', '=', kase.id)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prev = last?.hash ?? GENESIS;
  const content: EntryContent = {
    caseId: kase.id,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    detail: entry.detail ?? {},
  };
  await db
    .insertInto('case_audit')
    .values({
      case_id: kase.id,
      org_id: kase.org_id,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      detail: JSON.stringify(content.detail),
      prev_hash: prev,
      hash: entryHash(prev, content),
    })
    .execute();
}

/** The trail of a case, oldest first, and whether every hash still checks. */
export async function auditTrail(db: Executor, caseId: string): Promise<CaseAuditTrail> {
  const rows = await db
    .selectFrom('case_audit')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  let prev = GENESIS;
  let intact = true;
  const entries: CaseAuditEntry[] = rows.map((row) => {
    const content: EntryContent = {
      caseId: row.case_id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      detail: row.detail,
    };
    if (row.prev_hash !== prev || entryHash(prev, content) !== row.hash) intact = false;
    prev = row.hash;
    return { seq: Number(row.seq), ...content, hash: row.hash };
  });
  return { entries, intact };
}
