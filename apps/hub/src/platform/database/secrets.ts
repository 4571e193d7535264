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

/**
 * The secret `name`, read (or generated) on first call and kept for the process; a failed read
 * is retried by the next call. Modules take their signing keys this way, at first use rather
 * than at start: a hub built only for its OpenAPI document has no database.
 */
export function lazySecret<DB extends PlatformTables>(
  handle: Kysely<DB>,
  name: string,
): () => Promise<string> {
  let secret: Promise<string> | undefined;
  return () => {
    secret ??= storedSecret(handle, name).catch((error: unknown) => {
      secret = undefined;
      throw error;
    });
    return secret;
  };
}
