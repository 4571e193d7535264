import { z } from 'zod';
import { configFragment } from '../config.js';

/**
 * The job queue's heartbeat (how soon a job whose worker died is tried again) and how long a
 * stopping process waits for its jobs in flight.
 */
export const queueConfig = configFragment(
  {
    SAFENET_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).default(30),
    SAFENET_SHUTDOWN_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  },
  (values) => ({
    dispatch: { heartbeatSeconds: values.SAFENET_HEARTBEAT_SECONDS },
    shutdownMs: values.SAFENET_SHUTDOWN_SECONDS * 1000,
  }),
);
