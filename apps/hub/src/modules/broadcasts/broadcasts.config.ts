import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/**
 * Expanding a broadcast: contacts planned per transaction. Approving large sends: the
 * hub-wide audience size above which a broadcast waits for a second person, where no
 * organisation up the tree set its own (unset: none waits).
 */
export const broadcastsConfig = configFragment(
  {
    SAFENET_EXPAND_CHUNK: z.coerce.number().int().min(10).max(5000).default(500),
    SAFENET_SEND_APPROVAL_THRESHOLD: z.coerce.number().int().min(0).max(100_000_000).optional(),
  },
  (values) => ({
    dispatch: { expandChunk: values.SAFENET_EXPAND_CHUNK },
    sendApproval: { defaultThreshold: values.SAFENET_SEND_APPROVAL_THRESHOLD ?? null },
  }),
);
