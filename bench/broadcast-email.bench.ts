/**
 * Broadcast 20,000 emails through the hub to a discarding SMTP server on loopback, against a
 * plain nodemailer pool sending the same messages to the same server, in the same run.
 * Prints both rates and the ratio. Usage: npm run bench [-- --recipients 20000 --postgres]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrap, createHub, loadConfig } from '@safenet/hub';
import { SafenetClient } from '@safenet/sdk';
import nodemailer from 'nodemailer';
import { startSmtpServer } from '../tests/support/smtp-server.js';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '5' },
    postgres: { type: 'boolean', default: false },
  },
});
const RECIPIENTS = Number(values.recipients);
const CONNECTIONS = Number(values.connections);
const ADMIN_KEY = 'sn_bench_admin_key_0000000000000000';
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
  const dir = await mkdtemp(join(tmpdir(), 'safenet-bench-'));
  const schema = `bench_${process.pid}`;
  const config = loadConfig({
    SAFENET_DATA_DIR: dir,
    SAFENET_DB_SCHEMA: schema,
    SAFENET_ADMIN_KEY: ADMIN_KEY,
    SAFENET_SMTP_URL: smtp.url,
    SAFENET_SMTP_MAX_CONNECTIONS: String(CONNECTIONS),
    LOG_LEVEL: 'warn',
    ...(values.postgres ? { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' } : {}),
  });
  const hub = await createHub(config);
  try {
    await bootstrap(hub.db, config);
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (hub.app.server.address() as { port: number }).port;
    const client = new SafenetClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: ADMIN_KEY });
    const [ministry] = (await client.organisations.list({ limit: 1 })).items;
    if (!ministry) throw new Error('no root organisation');
    const province = await client.organisations.create({
      parentId: ministry.id,
      kind: 'province',
      name: 'Bench province',
      timeZone: 'Asia/Almaty',
      defaultLanguage: 'kk',
    });
    const school = await client.organisations.create({
      parentId: province.id,
      kind: 'school',
      name: 'Bench school',
    });
    const loadStarted = performance.now();
    for (let start = 0; start < RECIPIENTS; start += 1000) {
      await client.contacts.bulkUpsert({
        contacts: Array.from({ length: Math.min(1000, RECIPIENTS - start) }, (_, k) => ({
          orgId: school.id,
          externalRef: `bench-${start + k}`,
          role: 'parent' as const,
          language: 'kk',
          addresses: { email: address(start + k) },
          consents: {
            email: {
              status: 'granted' as const,
              source: 'benchmark',
              at: '2017-04-03T10:00:00+06:00',
            },
          },
        })),
      });
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const segment = await client.segments.create({
      orgId: school.id,
      name: 'Bench parents',
      query: { underOrgIds: [school.id] },
    });
    const recommendation = await client.recommendations.create({
      orgId: school.id,
      topic: 'safe-internet',
      title: { kk: SUBJECT },
      body: { kk: BODY },
      status: 'published',
    });
    const started = performance.now();
    const broadcast = await client.broadcasts.create({
      orgId: school.id,
      segmentId: segment.id,
      channels: ['email'],
      content: { recommendationId: recommendation.id },
    });
    for (;;) {
      const progress = await client.broadcasts.progress(broadcast.id);
      if (progress.status === 'completed') {
        if ((progress.counts.sent ?? 0) !== RECIPIENTS) {
          throw new Error(`expected ${RECIPIENTS} sent, got ${JSON.stringify(progress.counts)}`);
        }
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    if (smtp.messages.length < RECIPIENTS)
      throw new Error(`SMTP server got ${smtp.messages.length}`);
    console.log(
      `  (bulk-loaded ${RECIPIENTS} contacts in ${loadSeconds.toFixed(1)} s: ${Math.round(RECIPIENTS / loadSeconds)}/s)`,
    );
    return { rate: RECIPIENTS / seconds, seconds };
  } finally {
    await hub.close();
    if (values.postgres) {
      const pg = await import('pg');
      const client = new pg.default.Client({
        connectionString: 'postgres://postgres@127.0.0.1:5432/test',
      });
      await client.connect();
      await client.query(
        `DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`,
      );
      await client.end();
    }
    await rm(dir, { recursive: true, force: true });
  }
}

const store = values.postgres ? 'PostgreSQL' : 'embedded PGlite';
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
