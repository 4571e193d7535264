import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/**
 * How often worker processes look for cases past their response times. An alert is raised at
 * most this long after a deadline; the shortest default deadline is 15 minutes.
 */
export const casesConfig = configFragment(
  {
    SAFENET_CASE_CLOCK_SWEEP_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  },
  (values) => ({ cases: { clockSweepMs: values.SAFENET_CASE_CLOCK_SWEEP_MS } }),
);
