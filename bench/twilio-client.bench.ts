/**
 * What the `twilio` library's HTTP transport costs. One local Twilio Messages API, in a
 * process of its own (as the real one is), receives `count` SMS from this process, with
 * `concurrency` requests in flight (the hub's two send batches of 50) and as many keep-alive
 * connections, four ways, in turn, for `rounds` rounds:
 *
 * - **raw**: a plain undici `Agent` POST loop with the same form fields and Basic auth the
 *   library sends — the baseline every ratio is against;
 * - **twilio + axios**: `client.messages.create` with the library's own `RequestClient`
 *   (axios over Node's http agent), only its host rewritten to the local server — the
 *   adapter's transport before issue 10;
 * - **twilio + undici**: `client.messages.create` with `TwilioUndiciClient` (the library
 *   still builds the request, signs it and reads the answer; undici carries the bytes);
 * - **twilio, no I/O**: `client.messages.create` with a transport that answers a canned 201
 *   at once — the library's own CPU per message, the ceiling any transport can reach.
 *
 * Prints msgs/s per round, the mean, and each mean over raw's.
 * Usage: node --import tsx twilio-client.bench.ts [--count 20000] [--concurrency 100] [--rounds 3]
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TwilioUndiciClient } from '@safenet/channels';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '@safenet/tests/support/twilio-server';
import twilio from 'twilio';
import { Agent } from 'undici';
import type { ProvidersReady } from './providers-process.js';
import { phone } from './twilio-baseline.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
  },
});
const COUNT = Number(values.count);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const FROM = '+15005550006';
const BODY = 'Памятка: поговорите с ребёнком об интернете. Телефон доверия 111.';
const STATUS_CALLBACK = 'http://127.0.0.1:3000/v1/webhooks/twilio';
const TIMEOUT_MS = 15_000;

const providers = fork(
  fileURLToPath(new URL('./providers-process.ts', import.meta.url)),
  // Limits far above any rate here: the server refuses nothing.
  ['1000000', '1000000'],
  { execArgv: ['--import', 'tsx'] },
);
const { twilioUrl } = await new Promise<ProvidersReady>((resolve) =>
  providers.once('message', (m) => resolve(m as ProvidersReady)),
);

type RequestOptions = Parameters<twilio.RequestClient['request']>[0];
type Response = Awaited<ReturnType<twilio.RequestClient['request']>>;

/** The library's own axios client, its requests sent to the local server instead. */
class AxiosToLocal extends twilio.RequestClient {
  override async request<TData>(opts: RequestOptions): Promise<Response & { body: TData }> {
    const target = new URL(opts.uri);
    return (await super.request({ ...opts, uri: `${twilioUrl}${target.pathname}` })) as Response & {
      body: TData;
    };
  }
}

/** A transport that sends nothing: every request gets the 201 the server would give. */
class NoIo extends twilio.RequestClient {
  readonly #answer = JSON.stringify({
    account_sid: TEST_ACCOUNT_SID,
    api_version: '2010-04-01',
    body: BODY,
    date_created: 'Sat, 05 Dec 2026 10:00:00 +0000',
    date_sent: null,
    date_updated: 'Sat, 05 Dec 2026 10:00:00 +0000',
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: FROM,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: `SM${'0'.repeat(32)}`,
    status: 'queued',
    subresource_uris: { media: `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages/SM0/Media.json` },
    to: '+77010000000',
    uri: `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages/SM0.json`,
  });
  override async request<TData>(): Promise<Response & { body: TData }> {
    return { statusCode: 201, body: this.#answer as TData, headers: {} };
  }
}

/** `COUNT` sends, `CONCURRENCY` at a time; messages per second. */
async function loop(send: (i: number) => Promise<void>, count = COUNT): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) await send(i);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function raw(count?: number): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY });
  const path = `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages.json`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${TEST_ACCOUNT_SID}:${TEST_AUTH_TOKEN}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  try {
    return await loop(async (i) => {
      const form = { To: phone(i), Body: BODY, From: FROM, StatusCallback: STATUS_CALLBACK };
      const { statusCode, body } = await agent.request({
        origin: twilioUrl,
        path,
        method: 'POST',
        headers,
        body: new URLSearchParams(form).toString(),
      });
      await body.text();
      if (statusCode !== 201) throw new Error(`raw: HTTP ${statusCode}`);
    }, count);
  } finally {
    await agent.close();
  }
}

/** `client.messages.create` as the adapter calls it, over `httpClient`. */
async function library(httpClient: twilio.RequestClient, count?: number): Promise<number> {
  const client = twilio(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, { httpClient });
  return loop(async (i) => {
    const created = await client.messages.create({
      to: phone(i),
      body: BODY,
      from: FROM,
      statusCallback: STATUS_CALLBACK,
    });
    if (!created.sid.startsWith('SM')) throw new Error(`no SID: ${created.sid}`);
  }, count);
}

async function axios(count?: number): Promise<number> {
  return library(
    new AxiosToLocal({ timeout: TIMEOUT_MS, keepAlive: true, autoRetry: false }),
    count,
  );
}

async function undici(count?: number): Promise<number> {
  const httpClient = new TwilioUndiciClient({
    apiBaseUrl: twilioUrl,
    timeout: TIMEOUT_MS,
    connections: CONCURRENCY,
  });
  try {
    return await library(httpClient, count);
  } finally {
    await httpClient.close();
  }
}

const noIo = (count?: number) => library(new NoIo({ autoRetry: false }), count);

const variants = [
  { name: 'raw undici POST loop', run: raw },
  { name: 'twilio + axios (before)', run: axios },
  { name: 'twilio + undici', run: undici },
  { name: 'twilio, no I/O', run: noIo },
] as const;

console.log(
  `twilio-client: ${COUNT} SMS × ${ROUNDS} rounds, ${CONCURRENCY} in flight, Twilio stand-in in its own process, Node ${process.version}`,
);
// A short run of each first, so no variant pays for the JIT's warm-up in its figures.
for (const variant of variants) await variant.run(Math.min(2_000, COUNT));
const rates = new Map<string, number[]>(variants.map((v) => [v.name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const variant of variants) rates.get(variant.name)?.push(await variant.run());
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rawMean = mean(rates.get(variants[0].name) ?? []);
const round = (x: number) => Math.round(x).toLocaleString('en');
console.log(`  ${'variant'.padEnd(26)}${'msg/s per round'.padEnd(28)}${'mean'.padEnd(10)}/ raw`);
for (const variant of variants) {
  const runs = rates.get(variant.name) ?? [];
  console.log(
    `  ${variant.name.padEnd(26)}${runs.map(round).join(' / ').padEnd(28)}${round(mean(runs)).padEnd(10)}${(mean(runs) / rawMean).toFixed(3)}`,
  );
}
const [, before, after] = variants.map((v) => mean(rates.get(v.name) ?? []));
console.log(`  ratio undici / axios     ${((after ?? 0) / (before ?? 1)).toFixed(2)}`);
providers.disconnect();
