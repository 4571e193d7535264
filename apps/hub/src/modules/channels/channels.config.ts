import { z } from 'zod';
import { combineFragments, configFragment } from '../../platform/config.js';
import { smtpConfig } from './config/smtp.config.js';
import { twilioConfig } from './config/twilio.config.js';
import { WHATSAPP_CLOUD_REQUIRED, whatsappCloudConfig } from './config/whatsapp-cloud.config.js';
import { whatsappWebConfig } from './config/whatsapp-web.config.js';
import { zaloConfig } from './config/zalo.config.js';

/** How old a signed webhook may be and still be applied. */
const webhooksConfig = configFragment(
  { SAFENET_WEBHOOK_MAX_AGE_HOURS: z.coerce.number().positive().max(8760).default(168) },
  (values) => ({
    /**
     * A signed webhook whose newest event is older than this is not applied (where the
     * provider stamps its events: WhatsApp Cloud). 7 days: Meta's own retries stop then.
     */
    webhookMaxAgeMs: values.SAFENET_WEBHOOK_MAX_AGE_HOURS * 3_600_000,
  }),
);

const web = whatsappWebConfig.vars;
const cloud = whatsappCloudConfig.vars;

/** A paired phone and the Cloud API share WhatsApp only when the phone names its organisation. */
const whatsappSharing = configFragment(
  {
    SAFENET_WHATSAPP_WEB: web.SAFENET_WHATSAPP_WEB,
    SAFENET_WHATSAPP_WEB_ORG_ID: web.SAFENET_WHATSAPP_WEB_ORG_ID,
    SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: cloud.SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID,
    SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: cloud.SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN,
    SAFENET_WHATSAPP_CLOUD_APP_SECRET: cloud.SAFENET_WHATSAPP_CLOUD_APP_SECRET,
    SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: cloud.SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN,
  },
  (values, problems) => {
    const cloudApi = WHATSAPP_CLOUD_REQUIRED.every((name) => values[name]);
    if (values.SAFENET_WHATSAPP_WEB && !values.SAFENET_WHATSAPP_WEB_ORG_ID && cloudApi) {
      problems.add(
        'WhatsApp',
        'SAFENET_WHATSAPP_WEB serves everyone unless SAFENET_WHATSAPP_WEB_ORG_ID names the organisation whose phone it is; with the Cloud API configured too, set it',
      );
    }
    return {};
  },
);

/**
 * The channels module's configuration: the webhooks' age limit and each channel adapter's
 * variables, every adapter's on its own zod schema from `@safenet/channels`.
 */
export const channelsConfig = combineFragments([
  webhooksConfig,
  smtpConfig,
  twilioConfig,
  whatsappCloudConfig,
  whatsappWebConfig,
  whatsappSharing,
  zaloConfig,
]);
