import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/** Outbound webhooks: how long an endpoint may take to answer, how long messages are kept. */
export const endpointsConfig = configFragment(
  {
    SAFENET_OUTBOUND_WEBHOOK_TIMEOUT_SECONDS: z.coerce
      .number()
      .positive()
      .max(60, 'at most 60 seconds: a slow endpoint holds a sender that long per try')
      .default(15),
    SAFENET_OUTBOUND_WEBHOOK_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(2, 'at least 2 days: the retry schedule runs for 27 hours')
      .max(3650)
      .default(30),
  },
  (values) => ({
    outboundWebhooks: {
      /** How long one POST to an endpoint may take, answer included. */
      timeoutMs: values.SAFENET_OUTBOUND_WEBHOOK_TIMEOUT_SECONDS * 1000,
      /** How long delivered and dead messages (and their attempts) are kept. */
      retentionMs: values.SAFENET_OUTBOUND_WEBHOOK_RETENTION_DAYS * 86_400_000,
    },
  }),
);
