import { z } from 'zod';
import { configFragment } from '../config.js';

/** Where the hub's tables live: the embedded database in a directory, or a PostgreSQL. */
export type DatabaseConfig =
  | { kind: 'embedded'; dataDir: string; schema: string; port: number }
  | { kind: 'postgres'; url: string; schema: string };

/**
 * The database: PostgreSQL at `DATABASE_URL`, else the embedded one in `SAFENET_DATA_DIR`,
 * with the hub's tables in `SAFENET_DB_SCHEMA`.
 */
export const databaseConfig = configFragment(
  {
    /** Unset: the embedded database in SAFENET_DATA_DIR. Set: that PostgreSQL. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    SAFENET_DATA_DIR: z.string().min(1).default('.safenet'),
    /** The embedded PostgreSQL's port on 127.0.0.1; 0 picks a free one at each start. */
    SAFENET_EMBEDDED_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
    SAFENET_DB_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,40}$/, 'lower-case letters, digits and underscores')
      .default('safenet'),
  },
  (values): { database: DatabaseConfig } => ({
    database: values.DATABASE_URL
      ? { kind: 'postgres', url: values.DATABASE_URL, schema: values.SAFENET_DB_SCHEMA }
      : {
          kind: 'embedded',
          dataDir: values.SAFENET_DATA_DIR,
          schema: values.SAFENET_DB_SCHEMA,
          port: values.SAFENET_EMBEDDED_PORT,
        },
  }),
);
