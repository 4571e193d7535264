import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type PlatformTables, platformDb } from './schema.js';

/**
 * The secret stored under `name`, generated on first use. Two processes starting at once may
 * both generate one: the insert keeps whichever came first and both read that one back.
 */
export async function storedSecret<DB extends PlatformTables>(
  handle: Kysely<DB>,
  name: string,
): Promise<string> {
  const db = platformDb(handle);
  await db
    .insertInto('hub_secrets')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('hub_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
