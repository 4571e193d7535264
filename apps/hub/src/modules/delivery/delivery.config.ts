import { z } from 'zod';
import { configFragment } from '../../platform/config.js';
import type { BreakerPolicy } from './circuit-breaker.js';

/** Sends that probe a half-open circuit breaker: few, so a provider coming back is not flooded. */
const BREAKER_PROBES = 3;

/** Sending: batch size, how long to wait out a provider's outage, the circuit breakers. */
export const deliveryConfig = configFragment(
  {
    SAFENET_SEND_BATCH: z.coerce.number().int().min(1).max(500).default(50),
    SAFENET_OUTAGE_HORIZON_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 7, 'at most 168 hours (a week)')
      .default(6),
    SAFENET_BREAKER_FAILURE_RATIO: z.coerce
      .number()
      .gt(0, 'a share between 0 and 1, e.g. 0.5')
      .max(1, 'a share between 0 and 1, e.g. 0.5')
      .default(0.5),
    SAFENET_BREAKER_MIN_CALLS: z.coerce.number().int().min(1).max(100_000).default(50),
    SAFENET_BREAKER_WINDOW_SECONDS: z.coerce.number().positive().max(3600).default(10),
    SAFENET_BREAKER_OPEN_SECONDS: z.coerce.number().positive().max(3600).default(5),
  },
  (values) => {
    const openMs = values.SAFENET_BREAKER_OPEN_SECONDS * 1000;
    const breaker: BreakerPolicy = {
      windowMs: values.SAFENET_BREAKER_WINDOW_SECONDS * 1000,
      minCalls: values.SAFENET_BREAKER_MIN_CALLS,
      failureRatio: values.SAFENET_BREAKER_FAILURE_RATIO,
      openMs,
      // Probes of a long outage: doubling from the first wait, never rarer than once a minute.
      maxOpenMs: Math.max(60_000, openMs),
      probes: BREAKER_PROBES,
    };
    return {
      dispatch: {
        sendBatch: values.SAFENET_SEND_BATCH,
        /**
         * How long a message waits for a provider that fails for its own reasons (outage, 5xx,
         * throttling) before it fails `provider_unavailable`.
         */
        outageHorizonMs: values.SAFENET_OUTAGE_HORIZON_HOURS * 3_600_000,
        /** When a channel's circuit breaker opens, and how it probes. */
        breaker,
      },
    };
  },
);
