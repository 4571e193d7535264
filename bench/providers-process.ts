/**
 * The local Twilio and WhatsApp Cloud API servers of the pacing benchmark, in a process of
 * their own, as real providers are: their arrival times and refusals are then not distorted
 * by pauses of the hub's event loop (the embedded database runs on it). Started by
 * `pacing.bench.ts` with `fork`; limits come as arguments, the servers' addresses go back as
 * the first message, and `report` answers with what each server saw.
 */
import { startTwilioServer } from '@safenet/tests/support/twilio-server';
import { startWhatsAppCloudServer } from '@safenet/tests/support/whatsapp-cloud-server';

/** What the parent learns at start. */
export interface ProvidersReady {
  twilioUrl: string;
  cloud: { graphUrl: string; phoneNumberId: string; accessToken: string; appSecret: string };
}

/** What each server saw, for `rateStats`. */
export interface ProvidersReport {
  twilio: { arrivals: number[]; segments: number[]; breaches: number };
  cloud: { arrivals: number[]; breaches: number };
}

const [twilioLimit, cloudLimit] = process.argv.slice(2).map(Number);
const twilio = await startTwilioServer({
  statusCallbacks: false,
  limit: { segmentsPerSecond: twilioLimit as number },
});
const cloud = await startWhatsAppCloudServer({
  limit: { messagesPerSecond: cloudLimit as number },
});
process.send?.({
  twilioUrl: twilio.url,
  cloud: { graphUrl: cloud.graphUrl, ...cloud.credentials },
} satisfies ProvidersReady);
process.on('message', (message) => {
  if (message !== 'report') return;
  process.send?.({
    twilio: {
      arrivals: twilio.arrivals,
      segments: twilio.messages.map((m) => m.segments),
      breaches: twilio.breaches,
    },
    cloud: { arrivals: cloud.arrivals, breaches: cloud.breaches },
  } satisfies ProvidersReport);
});
process.on('disconnect', () => {
  void Promise.all([twilio.close(), cloud.close()]).then(() => process.exit(0));
});
