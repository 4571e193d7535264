import { createHmac } from 'node:crypto';
import { SafenetError, scopesOf, type User } from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { SessionAuth } from '../../platform/tenancy/auth.js';
import type { PeopleConfig } from './people.config.js';
import {
  deleteEndedSessions,
  deleteSession,
  deleteUserSessions,
  insertSession,
  sessionByTokenHash,
  toUser,
  touchSession,
} from './people.store.js';
import type { Executor } from './people.tables.js';
import { hashToken, newToken } from './tokens.js';

/** A session a person holds: who, and until when it lasts unless used again. */
export interface SignedIn extends SessionAuth {
  user: User;
  /** The idle expiry, never past the absolute end. */
  expiresAt: Date;
}

/** A new session: its token (for the cookie only) and what the answer says of it. */
export interface NewSession extends SignedIn {
  token: string;
}

/** Last use is written at most this often per session: a request a second writes nothing. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Sessions of signed-in people. The cookie carries a random token; the database keeps its
 * SHA-256 only. A session ends when idle for `sessionIdleMs` (each request moves that on),
 * at `sessionMaxMs` after sign-in whatever happens, at sign-out, and when its person's
 * password changes (their other sessions) or they are disabled (all).
 *
 * The CSRF token of a session is an HMAC of its token under a key the hub keeps in its
 * database (`hub_secrets`): bound to the session, the same in every hub process, nothing
 * more to store, and worthless without the cookie it was made for.
 */
export class Sessions {
  readonly #config: Pick<PeopleConfig, 'sessionIdleMs' | 'sessionMaxMs'>;
  readonly #now: () => number;
  readonly #csrfKey: () => Promise<string>;

  constructor(
    config: Pick<PeopleConfig, 'sessionIdleMs' | 'sessionMaxMs'>,
    now: () => number,
    csrfKey: () => Promise<string>,
  ) {
    this.#config = config;
    this.#now = now;
    this.#csrfKey = csrfKey;
  }

  /** How long the cookie may live: the absolute limit of a session. */
  get cookieMaxAgeSeconds(): number {
    return Math.floor(this.#config.sessionMaxMs / 1000);
  }

  /** Opens a session for `user`, who just proved who they are, and forgets their ended ones. */
  async open(
    db: Executor,
    user: Parameters<typeof toUser>[0],
    path: string[],
  ): Promise<NewSession> {
    const at = new Date(this.#now());
    const token = newToken();
    const end = new Date(at.getTime() + this.#config.sessionMaxMs);
    await deleteEndedSessions(db, user.id, at, this.#config.sessionIdleMs);
    await insertSession(db, {
      id: uuidv7(),
      user_id: user.id,
      token_hash: hashToken(token),
      at,
      expires_at: end,
    });
    return {
      token,
      user: toUser(user),
      auth: authOf(user, path),
      csrfToken: await this.#csrf(token),
      expiresAt: this.#expiry(at, end),
    };
  }

  /**
   * Who the session of `token` signs in, moving its idle expiry on; `unauthenticated` when it
   * is unknown, ended, or its person is disabled.
   */
  async authenticate(db: Executor, token: string): Promise<SignedIn> {
    const row = await sessionByTokenHash(db, hashToken(token));
    const now = this.#now();
    if (
      !row ||
      row.disabled ||
      row.expires_at.getTime() <= now ||
      row.last_used_at.getTime() + this.#config.sessionIdleMs <= now
    ) {
      throw new SafenetError(
        'unauthenticated',
        'Your session has ended (signed out, idle too long, or too old): sign in again',
      );
    }
    let lastUsed = row.last_used_at;
    if (now - lastUsed.getTime() >= TOUCH_EVERY_MS) {
      lastUsed = new Date(now);
      await touchSession(db, row.session_id, lastUsed);
    }
    return {
      user: toUser(row),
      auth: authOf(row, row.path),
      csrfToken: await this.#csrf(token),
      expiresAt: this.#expiry(lastUsed, row.expires_at),
    };
  }

  /** Ends the session of `token`, if there is one. */
  async end(db: Executor, token: string): Promise<void> {
    await deleteSession(db, hashToken(token));
  }

  /** Ends every session of `userId`, but the one of `keepToken` when given. */
  async endAllOf(db: Executor, userId: string, keepToken?: string): Promise<void> {
    await deleteUserSessions(
      db,
      userId,
      keepToken === undefined ? undefined : hashToken(keepToken),
    );
  }

  async #csrf(token: string): Promise<string> {
    return createHmac('sha256', await this.#csrfKey())
      .update(`csrf:${token}`)
      .digest('base64url');
  }

  #expiry(lastUsed: Date, end: Date): Date {
    return new Date(Math.min(lastUsed.getTime() + this.#config.sessionIdleMs, end.getTime()));
  }
}

/** What a signed-in person may do: act on their organisation's subtree with their role's scopes. */
function authOf(user: { id: string; org_id: string; role: User['role'] }, path: string[]) {
  return {
    actor: { kind: 'user' as const, userId: user.id },
    orgId: user.org_id,
    orgPath: path,
    scopes: scopesOf(user.role),
  };
}
