import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/** Expanding a broadcast: contacts planned per transaction. */
export const broadcastsConfig = configFragment(
  { SAFENET_EXPAND_CHUNK: z.coerce.number().int().min(10).max(5000).default(500) },
  (values) => ({ dispatch: { expandChunk: values.SAFENET_EXPAND_CHUNK } }),
);
