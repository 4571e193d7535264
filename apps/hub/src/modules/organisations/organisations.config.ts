import { z } from 'zod';
import { configFragment } from '../../platform/config.js';
import { HUB_DEFAULT_QUIET_HOURS, parseQuietHours } from './quiet-hours.js';

/**
 * The root organisation's admin API key, when the operator chooses it, and the quiet hours
 * of organisations that set none up their tree.
 */
export const organisationsConfig = configFragment(
  {
    SAFENET_ADMIN_KEY: z
      .string()
      .regex(
        /^sn_[A-Za-z0-9_-]{20,100}$/,
        'must look like sn_ followed by 20–100 URL-safe characters',
      )
      .optional(),
    SAFENET_QUIET_HOURS: z
      .string()
      .default(HUB_DEFAULT_QUIET_HOURS)
      .refine((text) => parseQuietHours(text) !== undefined, {
        message: 'write HH:mm-HH:mm on the 24-hour clock (e.g. 21:00-08:00), or off',
      }),
  },
  (values) => ({
    adminKey: values.SAFENET_ADMIN_KEY,
    /**
     * Quiet hours of recipients whose organisations set none up the tree, on each recipient's
     * wall clock; null: none.
     */
    quietHours: parseQuietHours(values.SAFENET_QUIET_HOURS) ?? null,
  }),
);
