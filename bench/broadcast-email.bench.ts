/**
 * Broadcast 20,000 emails through the hub to a discarding SMTP server on loopback, against a
 * plain nodemailer pool sending the same messages to the same server, in the same run.
 * Prints both rates and the ratio. Usage: npm run bench [-- --recipients 20000 --postgres]
 */
import { parseArgs } from 'node:util';
import { publishMemo } from '@safenet/tests/support/library';
import { startSmtpServer } from '@safenet/tests/support/smtp-server';
import nodemailer from 'nodemailer';
import { broadcastToSchool, loadContacts, startBenchHub } from './bench-hub.js';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '5' },
    postgres: { type: 'boolean', default: false },
  },
});
const RECIPIENTS = Number(values.recipients);
const CONNECTIONS = Number(values.connections);
const SUBJECT = 'Интернетте қалай қауіпсіз болуға болады';
const BODY =
  'Балаңызбен желіде не істейтіні туралы сөйлесіңіз. Ата-ана бақылауын қосып, ережелер туралы келісіңіз. Сенім телефоны: 111.';

const address = (i: number) => `parent${i}@bench.example.kz`;

async function waitFor(count: () => number, target: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < target) {
    if (Date.now() > deadline) throw new Error(`timed out at ${count()} of ${target}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The baseline: nodemailer's pool, the same messages, the same server. */
async function baseline(): Promise<number> {
  await using smtp = await startSmtpServer({ parse: false });
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: 100,
    url: smtp.url,
    ignoreTLS: true,
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: RECIPIENTS }, (_, i) =>
      transport.sendMail({
        from: 'Safenet <no-reply@safenet.localhost>',
        to: address(i),
        subject: SUBJECT,
        text: BODY,
        html: `<p>${BODY}</p>`,
      }),
    ),
  );
  await waitFor(() => smtp.messages.length, RECIPIENTS, 60_000);
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return RECIPIENTS / seconds;
}

/** The hub: bulk-loaded contacts, one broadcast, timed from POST to `completed`. */
async function throughHub(): Promise<{ rate: number; seconds: number }> {
  await using smtp = await startSmtpServer({ parse: false });
  await using hub = await startBenchHub({
    postgres: values.postgres,
    env: { SAFENET_SMTP_URL: smtp.url, SAFENET_SMTP_MAX_CONNECTIONS: String(CONNECTIONS) },
  });
  const loadRate = await loadContacts(hub, RECIPIENTS, (i) => ({
    role: 'parent',
    language: 'kk',
    addresses: { email: address(i) },
    consents: {
      email: { status: 'granted', source: 'benchmark', at: '2017-04-03T10:00:00+06:00' },
    },
  }));
  const recommendation = await publishMemo(hub.client, hub.baseUrl, {
    orgId: hub.schoolId,
    topic: 'online-safety',
    title: { kk: SUBJECT },
    body: { kk: BODY },
  });
  const { progress, seconds } = await broadcastToSchool(hub, ['email'], {
    recommendationId: recommendation.id,
  });
  if ((progress.counts.sent ?? 0) !== RECIPIENTS) {
    throw new Error(`expected ${RECIPIENTS} sent, got ${JSON.stringify(progress.counts)}`);
  }
  if (smtp.messages.length < RECIPIENTS) throw new Error(`SMTP server got ${smtp.messages.length}`);
  console.log(`  (bulk-loaded ${RECIPIENTS} contacts: ${Math.round(loadRate)}/s)`);
  return { rate: RECIPIENTS / seconds, seconds };
}

const store = values.postgres ? 'PostgreSQL' : 'embedded PostgreSQL';
console.log(
  `broadcast-email: ${RECIPIENTS} recipients, ${CONNECTIONS} SMTP connections, ${store}, Node ${process.version}`,
);
// The raw baseline runs before and after the hub, and the ratio uses their mean, so a drift
// of the machine during the run shows instead of skewing the figure.
const rawBefore = await baseline();
console.log(`  raw nodemailer pool   ${Math.round(rawBefore)} msg/s  (before)`);
const hub = await throughHub();
console.log(
  `  through the hub       ${Math.round(hub.rate)} msg/s  (${hub.seconds.toFixed(1)} s from POST to completed)`,
);
const rawAfter = await baseline();
console.log(`  raw nodemailer pool   ${Math.round(rawAfter)} msg/s  (after)`);
const raw = (rawBefore + rawAfter) / 2;
console.log(
  `  ratio hub / raw       ${(hub.rate / raw).toFixed(2)}  (raw = mean of before and after)`,
);
