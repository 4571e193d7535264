import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/**
 * How often worker processes sweep for due escalation steps. A step is sent at most this long
 * after it is due; the policies count in minutes, so the default 30 s is well inside one.
 */
export const alertsConfig = configFragment(
  {
    SAFENET_ALERT_ESCALATION_SWEEP_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(600_000)
      .default(30_000),
  },
  (values) => ({ alerts: { escalationSweepMs: values.SAFENET_ALERT_ESCALATION_SWEEP_MS } }),
);
