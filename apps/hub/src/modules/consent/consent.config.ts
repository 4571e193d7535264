import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/** The key that signs unsubscribe links. */
export const consentConfig = configFragment(
  {
    SAFENET_UNSUBSCRIBE_SECRET: z
      .string()
      .min(32, 'at least 32 characters, e.g. the output of `openssl rand -base64 32`')
      .optional(),
  },
  (values) => ({
    /**
     * The key that signs unsubscribe links; unset: one generated once and kept in the database
     * (`hub_secrets`), shared by every hub process on it.
     */
    unsubscribeSecret: values.SAFENET_UNSUBSCRIBE_SECRET,
  }),
);
