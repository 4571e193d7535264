import { z } from 'zod';
import { configFragment } from '../config.js';

/** Where the built console (apps/console/dist) is; unset: next to the hub in this checkout. */
export const consoleConfig = configFragment(
  {
    SAFENET_CONSOLE_DIR: z.string().min(1).optional(),
  },
  (values) => ({
    /** The console's built files; null: `apps/console/dist` beside the hub's package. */
    consoleDir: values.SAFENET_CONSOLE_DIR ?? null,
  }),
);
