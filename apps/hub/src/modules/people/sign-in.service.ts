import { SafenetError, type UserMePatch } from '@safenet/core';
import type { z } from 'zod';
import { checkNewPassword, type PeopleDeps } from './people.deps.js';
import { orgPath, toUser, updateUser, userByEmail, userById } from './people.store.js';
import type { NewSession } from './sessions.js';

/**
 * Signs a person in with their email and password. A wrong password and an address nobody
 * has answer the same `invalid_credentials`, after the same scrypt work. Locked accounts and
 * addresses answer `sign_in_locked` before the password is looked at.
 */
export async function signIn(
  deps: PeopleDeps,
  input: { email: string; password: string },
  ip: string,
): Promise<NewSession> {
  const { db, hasher, lockOut } = deps;
  await lockOut.check(db, input.email, ip);
  const user = await userByEmail(db, input.email);
  const valid = user
    ? await hasher.verify(input.password, user.password_hash)
    : await hasher.verifyNobody(input.password);
  if (!user || !valid) {
    await lockOut.fail(db, input.email, ip);
    throw new SafenetError(
      'invalid_credentials',
      'The email address or the password is wrong; after several failures sign-in is locked for a while',
    );
  }
  if (user.disabled) {
    throw new SafenetError('user_disabled', 'This account is disabled: ask an admin');
  }
  await lockOut.succeed(db, input.email);
  const at = new Date(deps.now());
  const rehashed = hasher.outdated(user.password_hash)
    ? { password_hash: await hasher.hash(input.password) }
    : {};
  const signedIn = await updateUser(db, user.id, { last_sign_in_at: at, ...rehashed });
  const path = await orgPath(db, signedIn.org_id);
  if (!path) throw new Error(`The organisation of user ${user.id} is gone`);
  return deps.sessions.open(db, signedIn, path);
}

/**
 * Changes what a signed-in person may change of themselves. A new password needs the current
 * one (`current_password_invalid` otherwise, counted towards the lock-out like a failed
 * sign-in) and ends their other sessions; this one stays.
 */
export async function updateMe(
  deps: PeopleDeps,
  who: { userId: string; sessionToken: string; ip: string },
  patch: z.output<typeof UserMePatch>,
) {
  const { db, hasher, lockOut } = deps;
  const user = await userById(db, who.userId);
  if (!user) throw new SafenetError('unauthenticated', 'Your account is gone: sign in again');
  let passwordHash: string | undefined;
  if (patch.password) {
    await lockOut.check(db, user.email, who.ip);
    if (!(await hasher.verify(patch.password.current, user.password_hash))) {
      await lockOut.fail(db, user.email, who.ip);
      throw new SafenetError(
        'current_password_invalid',
        'The current password is wrong: type the one you signed in with',
      );
    }
    checkNewPassword(patch.password.new, user.email, 'body.password.new');
    passwordHash = await hasher.hash(patch.password.new);
  }
  const updated = await db.transaction().execute(async (trx) => {
    const row = await updateUser(trx, user.id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.language !== undefined ? { language: patch.language } : {}),
      ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
    });
    if (passwordHash !== undefined) {
      await deps.sessions.endAllOf(trx, user.id, who.sessionToken);
    }
    return row;
  });
  return toUser(updated);
}
