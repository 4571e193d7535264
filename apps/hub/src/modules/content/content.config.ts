import { DEFAULT_ATTACHMENT_MAX_BYTES } from '@safenet/core';
import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/** WhatsApp's limit for a document (100 MB): no file may be larger than any channel takes. */
const ATTACHMENT_CEILING = 100 * 1000 * 1000;

/**
 * The largest file a version may carry: 5 MiB by default, WhatsApp's limit for an image (its
 * documents may be 100 MB), so every file goes by either WhatsApp provider.
 */
export const contentConfig = configFragment(
  {
    SAFENET_ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(ATTACHMENT_CEILING)
      .default(DEFAULT_ATTACHMENT_MAX_BYTES),
  },
  (values) => ({
    attachments: {
      /** Bytes; an upload beyond it is refused `attachment_too_large`. */
      maxBytes: values.SAFENET_ATTACHMENT_MAX_BYTES,
    },
  }),
);
