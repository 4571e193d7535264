import { z } from 'zod';
import { configFragment } from './config.js';

/** Days to keep a retention class: unset, the class's own default; 0 keeps it for ever. */
const days = z.coerce.number().int().min(0).max(36_500).optional();

/**
 * How long each class of data is kept, and how often worker processes purge what is older
 * (see `RetentionClass`; docs/guides/privacy.md lists the classes and their defaults). The
 * case classes are read here so that one place names every retention variable; the cases
 * module registers the classes they apply to.
 */
export const retentionConfig = configFragment(
  {
    SAFENET_RETENTION_DELIVERY_DAYS: days,
    SAFENET_RETENTION_AUDIT_DAYS: days,
    SAFENET_RETENTION_CASE_REPORT_DAYS: days,
    SAFENET_RETENTION_REPORTER_DAYS: days,
    SAFENET_RETENTION_CONTACT_IMPORT_DAYS: days,
    SAFENET_RETENTION_SWEEP_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(86_400_000)
      .default(3_600_000),
  },
  (values) => {
    const configured: Record<string, number | undefined> = {
      delivery: values.SAFENET_RETENTION_DELIVERY_DAYS,
      audit: values.SAFENET_RETENTION_AUDIT_DAYS,
      case_report: values.SAFENET_RETENTION_CASE_REPORT_DAYS,
      reporter: values.SAFENET_RETENTION_REPORTER_DAYS,
      contact_import: values.SAFENET_RETENTION_CONTACT_IMPORT_DAYS,
    };
    return {
      retention: {
        /** The configured days of a class, or undefined: the class's default. */
        days: (name: string): number | undefined => configured[name],
        sweepMs: values.SAFENET_RETENTION_SWEEP_MS,
      },
    };
  },
);
