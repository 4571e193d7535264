/**
 * Broadcast 50,000 SMS through the hub to the local Twilio Messages API (the real `twilio`
 * library over loopback HTTP, status callbacks off, no rate limit), against a plain undici
 * POST loop sending the same form bodies with the same Basic auth to the same server at the
 * same concurrency as the hub (its two send batches in flight). Prints both rates and the
 * ratio, and between them the hub's Twilio adapter alone at that concurrency (the `twilio`
 * library over its undici transport, with no database or queue). Usage: node --import tsx broadcast-sms.bench.ts [--count 50000] [--batch 50] [--postgres]
 */
import { parseArgs } from 'node:util';
import { createTwilioSmsAdapter } from '@safenet/channels';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '@safenet/tests/support/twilio-server';
import { broadcastToSchool, loadContacts, startBenchHub } from './bench-hub.js';
import { rateStats } from './rate-stats.js';
import { phone, rawTwilioRate } from './twilio-baseline.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '50' },
    postgres: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const SEND_BATCH = Number(values.batch);
/** The hub's send worker keeps two batches in flight; the baseline matches it. */
const CONCURRENCY = SEND_BATCH * 2;
const FROM = '+15005550006';
/** One UCS-2 segment (≤ 70 characters), as most Russian memos by SMS would be. */
const BODY = 'Памятка: поговорите с ребёнком об интернете. Телефон доверия 111.';

/** The baseline: undici POSTs, `CONCURRENCY` in flight, each waiting for Twilio's 201. */
const baseline = () =>
  // The form the twilio library sends for the hub (it also sends StatusCallback).
  rawTwilioRate(COUNT, CONCURRENCY, (i) => ({
    To: phone(i),
    Body: BODY,
    From: FROM,
    StatusCallback: 'http://127.0.0.1:3000/v1/webhooks/twilio',
  }));

/** The hub's Twilio adapter without the hub: `CONCURRENCY` sends in flight. */
async function adapterAlone(): Promise<number> {
  await using twilio = await startTwilioServer({ statusCallbacks: false });
  const sms = createTwilioSmsAdapter({
    accountSid: TEST_ACCOUNT_SID,
    authToken: TEST_AUTH_TOKEN,
    from: FROM,
    apiBaseUrl: twilio.url,
    statusCallbackUrl: 'http://127.0.0.1:3000/v1/webhooks/twilio',
  });
  const context = { attempt: 1, signal: new AbortController().signal };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < COUNT; i = next++) {
        await sms.send(
          {
            deliveryId: `d-${i}`,
            broadcastId: 'b',
            orgId: 'o',
            contactId: `c-${i}`,
            to: phone(i),
            language: 'ru',
            title: null,
            body: BODY,
          },
          context,
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await sms.close();
  return COUNT / seconds;
}

/** The hub: bulk-loaded contacts, one SMS broadcast, timed from POST to `completed`. */
async function throughHub(): Promise<{ rate: number; seconds: number; providerRate: number }> {
  await using twilio = await startTwilioServer({ statusCallbacks: false });
  await using hub = await startBenchHub({
    postgres: values.postgres,
    env: {
      SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
      SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
      SAFENET_TWILIO_FROM: FROM,
      SAFENET_TWILIO_API_URL: twilio.url,
      // The most the configuration allows: pacing must not be what is measured here.
      SAFENET_TWILIO_SEGMENTS_PER_SECOND: '10000',
      SAFENET_SEND_BATCH: String(SEND_BATCH),
    },
  });
  if (hub.concurrency !== CONCURRENCY) throw new Error(`hub concurrency ${hub.concurrency}`);
  const loadRate = await loadContacts(hub, COUNT, (i) => ({
    role: 'parent',
    language: 'ru',
    addresses: { phone: phone(i) },
    consents: { sms: { status: 'granted', source: 'benchmark', at: '2017-04-03T10:00:00+06:00' } },
  }));
  console.log(`  (bulk-loaded ${COUNT} contacts: ${Math.round(loadRate)}/s)`);
  const { progress, seconds } = await broadcastToSchool(hub, ['sms'], { body: { ru: BODY } });
  if ((progress.counts.sent ?? 0) !== COUNT) {
    throw new Error(`expected ${COUNT} sent, got ${JSON.stringify(progress.counts)}`);
  }
  if (twilio.messages.length !== COUNT) {
    console.log(`  (!) the Twilio server accepted ${twilio.messages.length} messages for ${COUNT}`);
  }
  const provider = rateStats(twilio.arrivals);
  console.log(
    `  (at the Twilio server: ${Math.round(provider.perSecond)} msg/s from first to last arrival, busiest second ${provider.worstWindow})`,
  );
  return { rate: COUNT / seconds, seconds, providerRate: provider.perSecond };
}

const store = values.postgres ? 'PostgreSQL' : 'embedded PostgreSQL';
console.log(
  `broadcast-sms: ${COUNT} SMS, ${CONCURRENCY} in flight (SAFENET_SEND_BATCH=${SEND_BATCH}), ${store}, Node ${process.version}`,
);
// Before and after the hub, as in the email benchmark: drift of the machine shows.
const rawBefore = await baseline();
console.log(`  raw undici POST loop  ${Math.round(rawBefore)} msg/s  (before)`);
const adapter = await adapterAlone();
console.log(
  `  twilio adapter alone  ${Math.round(adapter)} msg/s  (no hub: the adapter's ceiling)`,
);
const hub = await throughHub();
console.log(
  `  through the hub       ${Math.round(hub.rate)} msg/s  (${hub.seconds.toFixed(1)} s from POST to completed)`,
);
const rawAfter = await baseline();
console.log(`  raw undici POST loop  ${Math.round(rawAfter)} msg/s  (after)`);
const raw = (rawBefore + rawAfter) / 2;
console.log(
  `  ratio hub / raw       ${(hub.rate / raw).toFixed(3)}  (raw = mean of before and after)`,
);
console.log(`  ratio hub / adapter   ${(hub.rate / adapter).toFixed(2)}`);
