import { TwilioSmsConfig } from '@safenet/channels';
import { configFragment, numberVar } from '../../../platform/config.js';
import { allOrNone, checkAdapterConfig } from './adapter-config.js';

const field = TwilioSmsConfig.shape;

/** Where each field of the Twilio adapter's configuration comes from. */
const VARIABLES = {
  accountSid: 'SAFENET_TWILIO_ACCOUNT_SID',
  authToken: 'SAFENET_TWILIO_AUTH_TOKEN',
  from: 'SAFENET_TWILIO_FROM',
  messagingServiceSid: 'SAFENET_TWILIO_MESSAGING_SERVICE_SID',
  apiBaseUrl: 'SAFENET_TWILIO_API_URL',
  segmentsPerSecond: 'SAFENET_TWILIO_SEGMENTS_PER_SECOND',
} as const;

/**
 * SMS through Twilio, on the Twilio adapter's own schema: the account, its token and one
 * sender — a number or sender id, or a Messaging Service, never both.
 */
export const twilioConfig = configFragment(
  {
    SAFENET_TWILIO_ACCOUNT_SID: field.accountSid.optional(),
    SAFENET_TWILIO_AUTH_TOKEN: field.authToken.optional(),
    SAFENET_TWILIO_FROM: field.from,
    SAFENET_TWILIO_MESSAGING_SERVICE_SID: field.messagingServiceSid,
    SAFENET_TWILIO_API_URL: field.apiBaseUrl,
    SAFENET_TWILIO_SEGMENTS_PER_SECOND: numberVar(field.segmentsPerSecond),
  },
  (values, problems) => {
    const accountSid = values.SAFENET_TWILIO_ACCOUNT_SID;
    const authToken = values.SAFENET_TWILIO_AUTH_TOKEN;
    const from = values.SAFENET_TWILIO_FROM;
    const messagingServiceSid = values.SAFENET_TWILIO_MESSAGING_SERVICE_SID;
    const twilio =
      accountSid && authToken
        ? {
            accountSid,
            authToken,
            from,
            messagingServiceSid,
            apiBaseUrl: values.SAFENET_TWILIO_API_URL,
            segmentsPerSecond: values.SAFENET_TWILIO_SEGMENTS_PER_SECOND,
          }
        : undefined;
    if (from && messagingServiceSid) {
      // The adapter takes exactly one sender: neither is silently preferred.
      problems.add(
        'Twilio',
        'set one of SAFENET_TWILIO_FROM and SAFENET_TWILIO_MESSAGING_SERVICE_SID, not both',
      );
    } else if ((accountSid || authToken) && !(twilio && (from || messagingServiceSid))) {
      problems.add(
        'Twilio',
        allOrNone([
          'SAFENET_TWILIO_ACCOUNT_SID',
          'SAFENET_TWILIO_AUTH_TOKEN',
          'SAFENET_TWILIO_FROM or SAFENET_TWILIO_MESSAGING_SERVICE_SID',
        ]),
      );
    } else if (twilio) {
      checkAdapterConfig(TwilioSmsConfig, twilio, VARIABLES, 'Twilio', problems);
    }
    return {
      /** SMS through Twilio; unset: SMS is captured in the outbox. */
      twilio,
    };
  },
);
