import { SafenetError } from '@safenet/core';
import type { PeopleConfig } from './people.config.js';
import { forgetSignInFailures, recentSignInFailures, recordSignInFailure } from './people.store.js';
import type { Executor } from './people.tables.js';

/**
 * The sign-in lock-out: `perAccount` failed sign-ins for one address within `windowMs` lock
 * that address for `windowMs` after the last of them, and `perIp` failures from one client
 * address lock that client. Failures are rows of the database, so every hub process counts
 * the same ones; the time is the hub's clock (tests move it). While locked, attempts are
 * refused before the password is looked at and are not counted: the lock ends on time.
 * Addresses nobody has are counted like real ones, so the lock-out tells nothing either.
 */
export class LockOut {
  readonly #config: PeopleConfig['lockOut'];
  readonly #now: () => number;

  constructor(config: PeopleConfig['lockOut'], now: () => number) {
    this.#config = config;
    this.#now = now;
  }

  /** Throws `sign_in_locked` (with Retry-After) while `account` or `ip` is locked. */
  async check(db: Executor, account: string, ip: string): Promise<void> {
    const now = this.#now();
    // A lock that still holds began with failures up to two windows ago.
    const since = new Date(now - 2 * this.#config.windowMs);
    const locks = await Promise.all([
      this.#lockedUntil(db, { account }, since, this.#config.perAccount),
      this.#lockedUntil(db, { ip }, since, this.#config.perIp),
    ]);
    const until = Math.max(...locks.map((lock) => lock ?? 0));
    if (until > now) {
      throw new SafenetError(
        'sign_in_locked',
        'Too many failed sign-ins: wait until Retry-After has passed, or reset the password (POST /v1/password-resets)',
        { retryAfterSeconds: Math.ceil((until - now) / 1000) },
      );
    }
  }

  /** Counts a failed sign-in of `account` from `ip`. */
  async fail(db: Executor, account: string, ip: string): Promise<void> {
    await recordSignInFailure(db, { account, ip, at: new Date(this.#now()) });
  }

  /** Forgets the failures of `account` after it signed in (and those too old to count). */
  async succeed(db: Executor, account: string): Promise<void> {
    await forgetSignInFailures(db, account, new Date(this.#now() - 2 * this.#config.windowMs));
  }

  /**
   * When the lock of `by` ends (epoch ms), or undefined when it has fewer than `limit`
   * failures in the window: `limit` failures within one window lock it for a window after
   * the last one.
   */
  async #lockedUntil(
    db: Executor,
    by: { account: string } | { ip: string },
    since: Date,
    limit: number,
  ): Promise<number | undefined> {
    const times = await recentSignInFailures(db, by, since, limit);
    const [last] = times;
    const first = times.at(-1);
    if (times.length < limit || !last || !first) return undefined;
    if (last.getTime() - first.getTime() > this.#config.windowMs) return undefined;
    return last.getTime() + this.#config.windowMs;
  }
}
