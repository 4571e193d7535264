/**
 * Does the hub keep answering while it sends? A 20,000-recipient SMS broadcast runs through
 * the hub (Twilio's Messages API served by the local stand-in in a process of its own), and
 * a probe in another process asks `GET /health` and `GET /v1/broadcasts/:id/progress` one
 * after the other every 25 ms for the whole broadcast. The baseline is the same probe
 * against the same hub, idle, just before. Prints p50/p99/max of both, the ratio of the p99s,
 * and the target: p99 under 200 ms on this 2-core machine.
 * Usage: node --import tsx responsiveness.bench.ts [--count 20000] [--postgres]
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '@safenet/tests/support/twilio-server';
import { loadContacts, startBenchHub } from './bench-hub.js';
import type { ProbeCommand, ProbeReport } from './latency-probe.js';
import type { ProvidersReady } from './providers-process.js';
import { phone } from './twilio-baseline.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    idle: { type: 'string', default: '5000' },
    postgres: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const TARGET_P99_MS = 200;
const BODY = 'Памятка: поговорите с ребёнком об интернете. Телефон доверия 111.';
const tsx = { execArgv: ['--import', 'tsx'] };
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const providers = fork(here('./providers-process.ts'), ['100000', '100000'], tsx);
const { twilioUrl } = await new Promise<ProvidersReady>((resolve) =>
  providers.once('message', (m) => resolve(m as ProvidersReady)),
);
await using hub = await startBenchHub({
  postgres: values.postgres,
  env: {
    SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
    SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    SAFENET_TWILIO_FROM: '+15005550006',
    SAFENET_TWILIO_API_URL: twilioUrl,
    SAFENET_TWILIO_SEGMENTS_PER_SECOND: '10000',
  },
});
const store = values.postgres ? 'PostgreSQL' : 'embedded PostgreSQL';
console.log(`responsiveness: ${COUNT} SMS through the hub, ${store}, Node ${process.version}`);
await loadContacts(hub, COUNT, (i) => ({
  role: 'parent',
  language: 'ru',
  addresses: { phone: phone(i) },
  consents: { sms: { status: 'granted', source: 'benchmark', at: '2017-04-03T10:00:00+06:00' } },
}));
const segment = await hub.client.segments.create({
  orgId: hub.schoolId,
  name: 'Bench parents',
  query: { underOrgIds: [hub.schoolId] },
});
// A finished broadcast answers progress like a running one: the idle baseline asks it.
const warmup = await hub.client.broadcasts.create({
  orgId: hub.schoolId,
  segmentId: segment.id,
  channels: ['sms'],
  content: { body: { ru: BODY } },
  sendAt: '2099-01-01T00:00:00Z',
});

const probe = fork(here('./latency-probe.ts'), [hub.baseUrl, hub.adminKey, '25'], tsx);
const tell = (command: ProbeCommand) => probe.send(command);
const report = () =>
  new Promise<ProbeReport>((resolve) => {
    probe.once('message', (m) => resolve(m as ProbeReport));
    tell('report');
  });
const progressOf = (id: string) => `/v1/broadcasts/${id}/progress`;

tell({ paths: ['/health', progressOf(warmup.id)] });
await new Promise((resolve) => setTimeout(resolve, Number(values.idle)));
const idle = await report();

const started = performance.now();
const broadcast = await hub.client.broadcasts.create({
  orgId: hub.schoolId,
  segmentId: segment.id,
  channels: ['sms'],
  content: { body: { ru: BODY } },
});
tell({ paths: ['/health', progressOf(broadcast.id)] });
for (;;) {
  const progress = await hub.client.broadcasts.progress(broadcast.id);
  if (progress.status === 'completed') {
    if ((progress.counts.sent ?? 0) !== COUNT) {
      throw new Error(`expected ${COUNT} sent: ${JSON.stringify(progress.counts)}`);
    }
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const seconds = (performance.now() - started) / 1000;
const busy = await report();
tell('stop');
providers.disconnect();

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const summary = (ms: number[] = []) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
};
const show = (label: string, s: ReturnType<typeof summary>) =>
  `${label.padEnd(22)} n=${String(s.n).padStart(5)}  p50 ${s.p50.toFixed(1).padStart(7)} ms  p99 ${s.p99.toFixed(1).padStart(7)} ms  max ${s.max.toFixed(1).padStart(7)} ms`;
console.log(
  `  broadcast: ${COUNT} sent in ${seconds.toFixed(1)} s (${Math.round(COUNT / seconds)} msg/s)`,
);
for (const [name, idlePath, busyPath] of [
  ['/health', '/health', '/health'],
  ['progress', progressOf(warmup.id), progressOf(broadcast.id)],
] as const) {
  const before = summary(idle[idlePath]);
  const during = summary(busy[busyPath]);
  console.log(`  ${show(`${name} idle`, before)}`);
  console.log(`  ${show(`${name} broadcasting`, during)}`);
  console.log(
    `  ${name}: p99 broadcasting / idle ${(during.p99 / before.p99).toFixed(1)}; target p99 < ${TARGET_P99_MS} ms: ${during.p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`,
  );
}
