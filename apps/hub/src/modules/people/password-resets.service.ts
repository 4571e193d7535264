import { type Language, type PasswordResetComplete, SafenetError } from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { passwordResetEmail } from './mail-texts.js';
import { checkNewPassword, consoleLink, type PeopleDeps } from './people.deps.js';
import {
  insertPasswordReset,
  passwordResetByTokenHash,
  spendPasswordResets,
  updateUser,
  userByEmail,
  userById,
} from './people.store.js';
import { hashToken, newToken } from './tokens.js';

/** The console page a reset link opens. */
export const RESET_PAGE = 'reset-password';

/**
 * Starts a password reset for `email`: when it is an active account's and email is
 * configured, a link valid `passwordResetMs` is emailed, in the background. The caller answers
 * 202 whatever happened, so the answer tells nobody whether the address has an account.
 * Resolves once the link is stored; `sent` settles when the email has gone (tests wait on it).
 */
export async function requestPasswordReset(
  deps: PeopleDeps,
  email: string,
): Promise<{ sent: Promise<void> }> {
  const user = await userByEmail(deps.db, email);
  const { sendEmail } = deps;
  if (!user || user.disabled || !sendEmail) return { sent: Promise.resolve() };
  const token = newToken();
  const id = uuidv7();
  await insertPasswordReset(deps.db, {
    id,
    token_hash: hashToken(token),
    user_id: user.id,
    created_at: new Date(deps.now()),
    expires_at: new Date(deps.now() + deps.config.passwordResetMs),
  });
  const language = user.language as Language;
  const text = passwordResetEmail(
    language,
    consoleLink(deps.publicUrl, RESET_PAGE, token),
    deps.config.passwordResetMs,
  );
  // Not awaited: how long the mail server takes must not tell who has an account.
  const sent = sendEmail({ id, orgId: user.org_id, to: user.email, language, ...text }).catch(
    (error: unknown) => deps.warn(error, 'A password reset email could not be sent'),
  );
  return { sent };
}

/**
 * Sets a new password with the token of a reset link. The link works once (`reset_token_used`
 * after) and for `passwordResetMs` (`reset_token_expired`); an unknown token answers 404.
 * Every other reset link of the person is spent too, and all their sessions end.
 */
export async function completePasswordReset(
  deps: PeopleDeps,
  input: z.output<typeof PasswordResetComplete>,
): Promise<void> {
  const { db } = deps;
  const tokenHash = hashToken(input.token);
  const check = async (row: Awaited<ReturnType<typeof passwordResetByTokenHash>>) => {
    if (!row) {
      throw new SafenetError(
        'not_found',
        'No such password reset: the link is incomplete; ask for a new one (POST /v1/password-resets)',
      );
    }
    if (row.used_at) {
      throw new SafenetError(
        'reset_token_used',
        'This password reset link was already used: ask for a new one if you need to',
      );
    }
    if (row.expires_at.getTime() <= deps.now()) {
      throw new SafenetError(
        'reset_token_expired',
        'This password reset link has expired: ask for a new one (POST /v1/password-resets)',
      );
    }
    const user = await userById(db, row.user_id);
    if (!user) throw new SafenetError('not_found', 'The account of this link is gone');
    return user;
  };
  const user = await check(await passwordResetByTokenHash(db, tokenHash));
  checkNewPassword(input.password, user.email, 'body.password');
  const passwordHash = await deps.hasher.hash(input.password);
  await db.transaction().execute(async (trx) => {
    await check(await passwordResetByTokenHash(trx, tokenHash));
    const at = new Date(deps.now());
    await updateUser(trx, user.id, { password_hash: passwordHash });
    await spendPasswordResets(trx, user.id, at);
    await deps.sessions.endAllOf(trx, user.id);
  });
  // Proving the address opens the account again at once.
  await deps.lockOut.succeed(db, user.email);
}
