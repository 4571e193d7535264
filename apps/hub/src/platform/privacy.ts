import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { type DatabaseHandle, type ExecutorHandle, share } from './database/schema.js';

/**
 * Whose personal data an erasure removes, and what replaces it. `identifiers` are the
 * strings that identify the person wherever they were copied (a phone in E.164 and as bare
 * digits, an email, a WhatsApp or Telegram address, a display name), longest first so that a
 * phone is replaced whole before its digits are.
 */
export interface ErasureSubject {
  readonly contactId: string;
  readonly orgId: string;
  /**
   * The root of the contact's organisation tree (its tenant): identifiers are scrubbed from
   * that tenant's rows only, so erasing a contact named like another tenant's campaign, or
   * holding another tenant's parent's phone, changes nothing of theirs.
   */
  readonly rootOrgId: string;
  /** What an address becomes: `erased:<erasure id>`, the same in every table. */
  readonly placeholder: string;
  readonly identifiers: readonly string[];
}

/**
 * One module's part of an erasure: scrubs the person's data from that module's own tables,
 * in the caller's transaction, and says how many rows it changed. A module lists its steps on
 * its {@link HubModule}; an erasure runs every module's, all or nothing.
 */
export interface ErasureStep {
  readonly name: string;
  erase(trx: ExecutorHandle, subject: ErasureSubject): Promise<number>;
}

/**
 * A class of data kept for a limited time (`SAFENET_RETENTION_<NAME>_DAYS`, `defaultDays`
 * unless set; 0 keeps it for ever). `purge` deletes or scrubs, in the caller's transaction,
 * what was recorded before `cutoff`, and says how many rows it changed. A module lists the
 * classes it owns on its {@link HubModule}; a worker sweep purges them all.
 */
export interface RetentionClass {
  /** snake_case, e.g. `delivery`: the config variable is `SAFENET_RETENTION_DELIVERY_DAYS`. */
  readonly name: string;
  readonly defaultDays: number;
  purge(trx: ExecutorHandle, cutoff: Date): Promise<number>;
}

/**
 * Strings shorter than this are not scrubbed out of free text: a two-letter name would blot
 * out ordinary words in other people's messages. Addresses are always longer.
 */
const MIN_IDENTIFIER = 3;

/**
 * The identifiers of a contact: each address as stored, a phone's bare digits too (a
 * WhatsApp id is `<digits>@c.us`), and the display name; distinct, longest first.
 */
export function identifiersOf(
  addresses: Readonly<Record<string, string>>,
  displayName: string | null,
): string[] {
  const found = new Set<string>();
  for (const value of Object.values(addresses)) {
    found.add(value);
    const digits = value.replace(/\D/g, '');
    if (/^\+?[\d\s().-]+$/.test(value) && digits.length >= 6) found.add(digits);
  }
  if (displayName) found.add(displayName);
  return [...found]
    .filter((value) => value.trim().length >= MIN_IDENTIFIER)
    .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Rows whose organisation (`column`, an organisation id, or a subquery's ids) is in the
 * subject's tenant: the scope of every scrub.
 */
export function inTenantOf(column: string, subject: ErasureSubject): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (select id from organisations
    where path[1] = ${subject.rootOrgId})`;
}

/**
 * Replaces every identifier of `subject` with its placeholder in the text or JSON columns of
 * `table` that hold one, among the rows `scope` keeps (see {@link inTenantOf}), and returns
 * how many rows changed. JSON is scrubbed as its text (an address is a string inside it; what
 * replaces it holds no quote). A scan of the scope per column: erasures are rare and must not
 * miss a copy.
 */
export async function scrubColumns(
  trx: ExecutorHandle,
  table: string,
  columns: readonly { name: string; json?: boolean }[],
  subject: ErasureSubject,
  scope: RawBuilder<SqlBool>,
): Promise<number> {
  const db = trx as unknown as Kysely<unknown>;
  let changed = 0;
  for (const column of columns) {
    const ref = sql.ref(column.name);
    const asText = column.json ? sql`${ref}::text` : ref;
    let value = asText;
    for (const identifier of subject.identifiers) {
      value = sql`replace(${value}, ${identifier}, ${subject.placeholder})`;
    }
    const matches = subject.identifiers.map(
      (identifier) => sql`strpos(${asText}, ${identifier}) > 0`,
    );
    if (matches.length === 0) continue;
    const result = await sql`
      update ${sql.table(table)} set ${ref} = ${column.json ? sql`(${value})::jsonb` : value}
      where (${sql.join(matches, sql` or `)}) and ${scope}`.execute(db);
    changed += Number(result.numAffectedRows ?? 0);
  }
  return changed;
}

/** What one retention class's purge did: its cutoff (null: kept for ever) and rows changed. */
export interface RetentionRun {
  readonly name: string;
  readonly cutoff: Date | null;
  readonly purged: number;
}

/**
 * Purges every class of what it keeps longer than its days (`days(name)`, else its default;
 * 0 keeps it for ever), each class in a transaction of its own, as of `now` (the hub's clock).
 */
export async function purgeExpired(
  db: DatabaseHandle,
  classes: readonly RetentionClass[],
  days: (name: string) => number | undefined,
  now: number,
): Promise<RetentionRun[]> {
  const runs: RetentionRun[] = [];
  for (const retention of classes) {
    const keep = days(retention.name) ?? retention.defaultDays;
    if (keep <= 0) {
      runs.push({ name: retention.name, cutoff: null, purged: 0 });
      continue;
    }
    const cutoff = new Date(now - keep * 86_400_000);
    const purged = await (db as unknown as Kysely<unknown>)
      .transaction()
      .execute((trx) => retention.purge(share(trx), cutoff));
    runs.push({ name: retention.name, cutoff, purged });
  }
  return runs;
}
