import { z } from 'zod';
import { configFragment } from '../config.js';

/** How long the event log keeps events for subscribers that reconnect. */
export const eventsConfig = configFragment(
  {
    SAFENET_EVENT_RETENTION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24),
  },
  (values) => ({ events: { retentionHours: values.SAFENET_EVENT_RETENTION_HOURS } }),
);
