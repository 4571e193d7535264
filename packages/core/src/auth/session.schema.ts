import { z } from 'zod';
import { Timestamp } from '../common/common.schema.js';
import { Email, PasswordInput, User } from './user.schema.js';

/**
 * `POST /v1/session`: sign in.
 *
 * @example
 * { email: 'editor.ministry@example.org', password: 'correct horse battery staple' }
 */
export const SignInInput = z.strictObject({ email: Email, password: PasswordInput });
export type SignInInput = z.input<typeof SignInInput>;

/**
 * A signed-in session, as the sign-in answer and `GET /v1/session` give it. The session
 * itself is an httpOnly cookie the browser keeps; `csrfToken` goes in `X-CSRF-Token` on every
 * request that changes something.
 */
export const Session = z.object({
  user: User,
  csrfToken: z
    .string()
    .describe('Send as X-CSRF-Token on POST, PATCH and DELETE made with the session cookie'),
  expiresAt: Timestamp.describe(
    'When the session ends unless used before: idle expiry, moved on by each request, never past the absolute limit',
  ),
});
export type Session = z.infer<typeof Session>;
