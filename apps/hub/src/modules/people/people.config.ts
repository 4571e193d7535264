import { Email } from '@safenet/core';
import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A positive amount (of hours, days…), fractions allowed. */
const amount = (max: number, fallback: number) =>
  z.coerce.number().positive().max(max).default(fallback);
const count = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/** Sessions, invitations, password resets, sign-in lock-out and password hashing. */
export const peopleConfig = configFragment(
  {
    SAFENET_ADMIN_EMAIL: Email.optional(),
    SAFENET_SESSION_IDLE_HOURS: amount(24 * 30, 12),
    SAFENET_SESSION_MAX_DAYS: amount(365, 7),
    SAFENET_INVITATION_DAYS: amount(90, 7),
    SAFENET_PASSWORD_RESET_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    SAFENET_SIGN_IN_MAX_FAILURES: count(100, 5),
    SAFENET_SIGN_IN_MAX_FAILURES_PER_IP: count(10_000, 50),
    SAFENET_SIGN_IN_LOCK_MINUTES: count(24 * 60, 15),
    SAFENET_PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(14).max(20).default(16),
  },
  (values) => ({
    people: {
      /** The first admin's address, for the invitation printed at start; unset: a placeholder. */
      adminEmail: values.SAFENET_ADMIN_EMAIL,
      sessionIdleMs: values.SAFENET_SESSION_IDLE_HOURS * HOUR,
      sessionMaxMs: values.SAFENET_SESSION_MAX_DAYS * DAY,
      invitationMs: values.SAFENET_INVITATION_DAYS * DAY,
      passwordResetMs: values.SAFENET_PASSWORD_RESET_MINUTES * MINUTE,
      lockOut: {
        /** Failures within `windowMs` that lock an account… */
        perAccount: values.SAFENET_SIGN_IN_MAX_FAILURES,
        /** …or a client address, … */
        perIp: values.SAFENET_SIGN_IN_MAX_FAILURES_PER_IP,
        /** …for this long after the last of them (also the window they are counted in). */
        windowMs: values.SAFENET_SIGN_IN_LOCK_MINUTES * MINUTE,
      },
      scrypt: { N: 2 ** values.SAFENET_PASSWORD_SCRYPT_LOG_N, r: 8, p: 1 },
    },
  }),
);

/** The people module's part of the configuration. */
export type PeopleConfig = ReturnType<(typeof peopleConfig)['read']>['people'];
