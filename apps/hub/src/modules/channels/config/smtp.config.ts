import { SmtpConfig } from '@safenet/channels';
import { z } from 'zod';
import { configFragment, numberVar } from '../../../platform/config.js';
import { checkAdapterConfig } from './adapter-config.js';

const field = SmtpConfig.shape;

/** Where each field of the SMTP adapter's configuration comes from. */
const VARIABLES = {
  url: 'SAFENET_SMTP_URL',
  from: 'SAFENET_SMTP_FROM',
  'pool.maxConnections': 'SAFENET_SMTP_MAX_CONNECTIONS',
} as const;

/** Email through an SMTP server, on the SMTP adapter's own schema. */
export const smtpConfig = configFragment(
  {
    SAFENET_SMTP_URL: field.url.optional(),
    SAFENET_SMTP_FROM: z.string().min(3).default('Safenet <no-reply@safenet.localhost>'),
    SAFENET_SMTP_MAX_CONNECTIONS: numberVar(field.pool.unwrap().shape.maxConnections),
  },
  (values, problems) => {
    const url = values.SAFENET_SMTP_URL;
    const smtp = url
      ? {
          url,
          from: values.SAFENET_SMTP_FROM,
          maxConnections: values.SAFENET_SMTP_MAX_CONNECTIONS,
        }
      : undefined;
    if (smtp) {
      const { maxConnections, ...rest } = smtp;
      checkAdapterConfig(
        SmtpConfig,
        { ...rest, pool: { maxConnections } },
        VARIABLES,
        'SMTP',
        problems,
      );
    }
    return {
      /** Email through an SMTP server; unset: email is captured in the outbox. */
      smtp,
    };
  },
);
