import type { ZaloRenew, ZaloTokens } from '@safenet/channels';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import { own } from './channels.tables.js';

/**
 * The advisory lock class of Zalo token renewals (`pg_advisory_xact_lock(class, hashtext(app
 * id))`): one renewal per Zalo app at a time, across every hub process on the database.
 */
export const ZALO_TOKENS_LOCK_CLASS = 0x5afe_0004;

/** The token pair stored for the Zalo app `appId`, if any process stored one. */
export async function storedZaloTokens(
  db: DatabaseHandle,
  appId: string,
): Promise<ZaloTokens | undefined> {
  const row = await own(db)
    .selectFrom('zalo_tokens')
    .select(['access_token', 'refresh_token', 'expires_at'])
    .where('app_id', '=', appId)
    .executeTakeFirst();
  return row && pairOf(row);
}

/**
 * The pair an adapter starts from: the stored one when it expires later than the configured
 * one (a process renewed since the configuration was written, spending its refresh token),
 * else the configured one (an operator put a new pair in the configuration).
 */
export function startingZaloTokens(
  configured: ZaloTokens,
  stored: ZaloTokens | undefined,
): ZaloTokens {
  return stored && stored.expiresAt > configured.expiresAt ? stored : configured;
}

/**
 * The hub's renewal of a Zalo app's tokens (the adapter's `renew`), safe with several
 * processes each sending through their own adapter: in one transaction holding the app's
 * advisory lock, it reads the stored pair; when that expires later than the pair the adapter
 * `held`, another process renewed already and it is returned without spending anything; else
 * the stored refresh token (the held one when none is stored) is spent and the new pair
 * stored before it is returned. A failed spend stores nothing. No token is logged or put in
 * an error.
 *
 * @example
 * createZaloAdapter(config.zalo, { renew: databaseZaloRenew(db, config.zalo.appId) });
 */
export function databaseZaloRenew(
  db: DatabaseHandle,
  appId: string,
  now: () => number = Date.now,
): ZaloRenew {
  return (spend, held) =>
    own(db)
      .transaction()
      .execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${ZALO_TOKENS_LOCK_CLASS}::int4, hashtext(${appId}))`.execute(
          trx,
        );
        const row = await trx
          .selectFrom('zalo_tokens')
          .select(['access_token', 'refresh_token', 'expires_at'])
          .where('app_id', '=', appId)
          .executeTakeFirst();
        const stored = row && pairOf(row);
        if (stored && stored.expiresAt > held.expiresAt) return stored;
        const next = await spend(stored?.refreshToken ?? held.refreshToken);
        const values = {
          access_token: next.accessToken,
          refresh_token: next.refreshToken,
          expires_at: next.expiresAt,
          updated_at: new Date(now()),
        };
        await trx
          .insertInto('zalo_tokens')
          .values({ app_id: appId, ...values })
          .onConflict((oc) => oc.column('app_id').doUpdateSet(values))
          .execute();
        return next;
      });
}

function pairOf(row: {
  access_token: string;
  refresh_token: string;
  expires_at: Date;
}): ZaloTokens {
  return {
    accessToken: row.access_token,
    refreshToken: row.refresh_token,
    expiresAt: row.expires_at,
  };
}
