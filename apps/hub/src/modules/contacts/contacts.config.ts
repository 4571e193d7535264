import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/** 200 MiB: a national register of a million parents as CSV is about 120 MB. */
const DEFAULT_IMPORT_MAX_BYTES = 200 * 1024 * 1024;

/** The largest spreadsheet an import reads (it is streamed: memory does not grow with it). */
export const contactsConfig = configFragment(
  {
    SAFENET_IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_IMPORT_MAX_BYTES),
  },
  (values) => ({
    imports: {
      /** Bytes; an upload beyond it is refused `import_too_large`. */
      maxBytes: values.SAFENET_IMPORT_MAX_BYTES,
    },
  }),
);
