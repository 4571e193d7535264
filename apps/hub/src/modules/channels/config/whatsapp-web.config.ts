import { WhatsAppWebPacing } from '@safenet/channels';
import { z } from 'zod';
import { configFragment, flag, numberVar } from '../../../platform/config.js';
import { databaseConfig } from '../../../platform/database/database.config.js';
import { checkAdapterConfig } from './adapter-config.js';

const field = WhatsAppWebPacing.shape;

/** Where each field of the WhatsApp Web adapter's pacing comes from. */
const VARIABLES = {
  minIntervalMs: 'SAFENET_WHATSAPP_WEB_MIN_INTERVAL_MS',
  jitterMs: 'SAFENET_WHATSAPP_WEB_JITTER_MS',
  dailyCap: 'SAFENET_WHATSAPP_WEB_DAILY_CAP',
  perRecipientIntervalMs: 'SAFENET_WHATSAPP_WEB_PER_RECIPIENT_INTERVAL_MS',
} as const;

/**
 * WhatsApp through a phone paired with WhatsApp Web, its pace on the adapter's own schema.
 * The session lives in the platform's data directory.
 */
export const whatsappWebConfig = configFragment(
  {
    SAFENET_WHATSAPP_WEB: flag.default(false),
    SAFENET_WHATSAPP_WEB_ORG_ID: z.uuid().optional(),
    SAFENET_DATA_DIR: databaseConfig.vars.SAFENET_DATA_DIR,
    SAFENET_WHATSAPP_WEB_CHROMIUM: z.string().min(1).default('/usr/bin/chromium'),
    SAFENET_WHATSAPP_WEB_MIN_INTERVAL_MS: numberVar(field.minIntervalMs),
    SAFENET_WHATSAPP_WEB_JITTER_MS: numberVar(field.jitterMs),
    SAFENET_WHATSAPP_WEB_DAILY_CAP: numberVar(field.dailyCap),
    SAFENET_WHATSAPP_WEB_PER_RECIPIENT_INTERVAL_MS: numberVar(field.perRecipientIntervalMs),
  },
  (values, problems) => {
    const pacing = {
      minIntervalMs: values.SAFENET_WHATSAPP_WEB_MIN_INTERVAL_MS,
      jitterMs: values.SAFENET_WHATSAPP_WEB_JITTER_MS,
      dailyCap: values.SAFENET_WHATSAPP_WEB_DAILY_CAP,
      perRecipientIntervalMs: values.SAFENET_WHATSAPP_WEB_PER_RECIPIENT_INTERVAL_MS,
    };
    if (values.SAFENET_WHATSAPP_WEB) {
      checkAdapterConfig(WhatsAppWebPacing, pacing, VARIABLES, 'WhatsApp Web', problems);
    }
    return {
      /**
       * WhatsApp through a phone paired with WhatsApp Web (whatsapp-web.js); the session lives
       * in `<dataDir>/whatsapp-web`. It serves the contacts of `orgId`'s subtree (the
       * association that owns the phone), or everyone when null — then without the Cloud API.
       */
      whatsappWeb: values.SAFENET_WHATSAPP_WEB
        ? {
            orgId: values.SAFENET_WHATSAPP_WEB_ORG_ID ?? null,
            dataDir: values.SAFENET_DATA_DIR,
            chromiumPath: values.SAFENET_WHATSAPP_WEB_CHROMIUM,
            pacing,
          }
        : undefined,
    };
  },
);
