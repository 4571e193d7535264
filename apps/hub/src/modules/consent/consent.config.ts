import { z } from 'zod';
import { configFragment, flag } from '../../platform/config.js';

/** The key that signs unsubscribe links, and whether broadcast SMS carry an opt-out link. */
export const consentConfig = configFragment(
  {
    SAFENET_UNSUBSCRIBE_SECRET: z
      .string()
      .min(32, 'at least 32 characters, e.g. the output of `openssl rand -base64 32`')
      .optional(),
    SAFENET_SMS_OPT_OUT_LINK: flag.default(true),
  },
  (values) => ({
    /**
     * The key that signs unsubscribe links; unset: one generated once and kept in the database
     * (`hub_secrets`), shared by every hub process on it.
     */
    unsubscribeSecret: values.SAFENET_UNSUBSCRIBE_SECRET,
    /**
     * Whether every broadcast SMS ends with the recipient's short opt-out link (`/u/<token>`):
     * one-way alphanumeric senders cannot receive STOP.
     */
    smsOptOutLink: values.SAFENET_SMS_OPT_OUT_LINK,
  }),
);
