import type { DatabaseHandle } from '../../platform/database/schema.js';
import { own } from './cases.tables.js';

/**
 * The organisation a public code names (the form's `/report/<code>`), or null when it names
 * none — or several: codes are unique within one root's tree only, and a form must not guess
 * which ministry a report goes to.
 */
export async function organisationByCode(
  db: DatabaseHandle,
  code: string,
): Promise<{ id: string; name: string } | null> {
  const rows = await own(db)
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('code', '=', code)
    .limit(2)
    .execute();
  return rows.length === 1 ? (rows[0] ?? null) : null;
}
