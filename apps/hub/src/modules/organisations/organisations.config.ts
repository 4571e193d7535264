import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/** The root organisation's admin API key, when the operator chooses it. */
export const organisationsConfig = configFragment(
  {
    SAFENET_ADMIN_KEY: z
      .string()
      .regex(
        /^sn_[A-Za-z0-9_-]{20,100}$/,
        'must look like sn_ followed by 20–100 URL-safe characters',
      )
      .optional(),
  },
  (values) => ({ adminKey: values.SAFENET_ADMIN_KEY }),
);
