import { z } from 'zod';
import { configFragment } from '../config.js';

/** The job queue's heartbeat: how soon a job whose worker died is tried again. */
export const queueConfig = configFragment(
  { SAFENET_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).default(30) },
  (values) => ({ dispatch: { heartbeatSeconds: values.SAFENET_HEARTBEAT_SECONDS } }),
);
