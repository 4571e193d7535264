import { SafenetError } from '@safenet/core';
import type { SendEmail } from '../channels/index.js';
import type { LockOut } from './lock-out.js';
import type { PasswordHasher } from './passwords.js';
import type { PeopleConfig } from './people.config.js';
import type { Db } from './people.tables.js';
import type { Sessions } from './sessions.js';

/** What the people module's services work with. */
export interface PeopleDeps {
  db: Db;
  config: PeopleConfig;
  /** The hub's public URL: links in emails point at the console it serves at `/`. */
  publicUrl: string;
  hasher: PasswordHasher;
  sessions: Sessions;
  lockOut: LockOut;
  /** The hub's clock, epoch ms. */
  now(): number;
  /** Sends an email; undefined when email is not configured (nothing is sent). */
  sendEmail: SendEmail | undefined;
  /** Logs a failure that needs a word of its own (an email that could not be sent). */
  warn(error: unknown, message: string): void;
}

/** A link to a page of the console (served by the hub at `/`) carrying `token`. */
export function consoleLink(publicUrl: string, page: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${page}?token=${encodeURIComponent(token)}`;
}

/**
 * Refuses a new password that is the person's own email address (the rest — 10 to 200
 * characters — the schema checks).
 */
export function checkNewPassword(password: string, email: string, path: string): void {
  if (password.trim().toLowerCase() === email.toLowerCase()) {
    throw new SafenetError('validation_failed', 'The password must not be your email address', {
      errors: [
        {
          path,
          code: 'password_equals_email',
          message: 'choose a password other than your email address',
        },
      ],
    });
  }
}
