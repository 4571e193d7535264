import type { DatabaseHandle } from '../../platform/database/schema.js';
import { lazySecret } from '../../platform/database/secrets.js';
import { formDb } from './case-form.tables.js';
import type { SpendNonce } from './case-form-guard.js';

/** The `hub_secrets` row holding the form tokens' signing key. */
const SECRET_NAME = 'case-form';

/**
 * The form tokens' signing key, generated once and kept in the database (every hub process
 * agrees), read on first use; a failed read is retried by the next request.
 */
export function caseFormSecret(db: DatabaseHandle): () => Promise<string> {
  return lazySecret(formDb(db), SECRET_NAME);
}

/**
 * Spent nonces in the database: the insert is the test (primary key, `on conflict do
 * nothing`), so of two posts of one form at once, in one process or two, exactly one wins.
 * Expired rows are deleted on the way: their tokens are refused by age before this is asked.
 */
export function databaseNonces(db: DatabaseHandle, now: () => number): SpendNonce {
  const q = formDb(db);
  return async (nonce, expiresAt) => {
    await q.deleteFrom('case_form_nonces').where('expires_at', '<', new Date(now())).execute();
    const inserted = await q
      .insertInto('case_form_nonces')
      .values({ nonce, expires_at: expiresAt })
      .onConflict((oc) => oc.column('nonce').doNothing())
      .returning('nonce')
      .executeTakeFirst();
    return inserted !== undefined;
  };
}
