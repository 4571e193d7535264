import { z } from 'zod';
import { configFragment } from '../config.js';

/** Who may read `/metrics`: anyone with the token, or (without one) this machine only. */
export const metricsConfig = configFragment(
  {
    SAFENET_METRICS_TOKEN: z
      .string()
      .min(
        16,
        'must be at least 16 characters; generate one with `openssl rand -hex 32` and give Prometheus the same',
      )
      .optional(),
  },
  (values) => ({
    metrics: {
      /** Required as `Authorization: Bearer <token>` when set; unset, loopback clients only. */
      token: values.SAFENET_METRICS_TOKEN,
    },
  }),
);
