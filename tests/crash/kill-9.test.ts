/**
 * The crash test: the real hub (`node apps/hub/dist/main.js`) is killed with SIGKILL in the
 * middle of a 5,000-recipient email broadcast and started again on the same data directory.
 * The broadcast must finish by itself: no parent is lost, and the only duplicates are the
 * messages that were in flight at the kill — at most two send batches (the send worker's
 * localConcurrency is 2), since a delivery is claimed before its provider is called.
 */
import { randomBytes } from 'node:crypto';
import { type ContactBulkInput, SafenetClient } from '@safenet/sdk';
import { expect, it } from 'vitest';
import { assertHubBuilt, freePort, spawnHub } from '../support/hub-process.js';
import { startSmtpServer } from '../support/smtp-server.js';
import { tempDir } from '../support/temp-dir.js';

const RECIPIENTS = 5_000;
const BULK_SIZE = 1_000;
const SEND_BATCH = 50;
/** Deliveries a hub can have handed to SMTP but not yet marked sent. */
const IN_FLIGHT_WINDOW = SEND_BATCH * 2;
/** Emails accepted before the kill: well into the broadcast, well before its end. */
const KILL_AFTER = 1_000;

const LANGUAGES = ['ru', 'kk', 'vi', 'en'] as const;
const CONSENT = {
  status: 'granted',
  source: 'school register import',
  at: '2017-04-05T09:00:00+06:00',
} as const;
const addressOf = (n: number) => `parent-${n}@crash-test.example.org`;

it('a broadcast killed with SIGKILL resumes after a restart: no one lost, few duplicates', {
  timeout: 360_000,
}, async () => {
  assertHubBuilt();
  await using dir = await tempDir('safenet-crash-');
  await using smtp = await startSmtpServer({ parse: false });
  const adminKey = `sn_crash_${randomBytes(16).toString('hex')}`;
  const env = {
    SAFENET_DATA_DIR: dir.path,
    SAFENET_ADMIN_KEY: adminKey,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    SAFENET_SMTP_URL: smtp.url,
    // The minimum: jobs the killed process had claimed are retried once it expires.
    SAFENET_HEARTBEAT_SECONDS: '10',
    SAFENET_SEND_BATCH: String(SEND_BATCH),
    LOG_LEVEL: 'warn',
    SAFENET_DEMO: 'true',
  };

  await using first = spawnHub(env);
  const { baseUrl } = await first.ready();
  const client = new SafenetClient({ baseUrl, apiKey: adminKey });
  expect(await (await fetch(`${baseUrl}/health`)).json()).toEqual({ status: 'ok' });

  let districtId: string | undefined;
  for await (const org of client.organisations.iterate()) {
    if (org.kind === 'district') districtId = org.id;
  }
  if (!districtId) throw new Error('the demo data has no district');
  const school = await client.organisations.create({
    parentId: districtId,
    kind: 'school',
    name: 'School No. 12 (crash test)',
  });
  for (let start = 0; start < RECIPIENTS; start += BULK_SIZE) {
    const contacts: ContactBulkInput['contacts'] = Array.from({ length: BULK_SIZE }, (_, i) => ({
      orgId: school.id,
      externalRef: `school-12/parent-${start + i}`,
      role: 'parent',
      language: LANGUAGES[(start + i) % LANGUAGES.length] ?? 'ru',
      addresses: { email: addressOf(start + i) },
      consents: { email: CONSENT },
    }));
    const result = await client.contacts.bulkUpsert({ contacts });
    expect(result.created).toBe(BULK_SIZE);
  }
  const segment = await client.segments.create({
    orgId: school.id,
    name: 'Parents of School No. 12',
    query: { underOrgIds: [school.id] },
  });
  expect((await client.segments.count(segment.id)).total).toBe(RECIPIENTS);

  const broadcast = await client.broadcasts.create({
    orgId: school.id,
    segmentId: segment.id,
    channels: ['email'],
    content: {
      title: {
        ru: 'Безопасный Интернет',
        kk: 'Қауіпсіз Интернет',
        vi: 'Internet an toàn',
        en: 'Safe Internet',
      },
      body: {
        ru: 'Телефон доверия: {{hotline}}',
        kk: 'Сенім телефоны: {{hotline}}',
        vi: 'Đường dây nóng: {{hotline}}',
        en: 'Helpline: {{hotline}}',
      },
    },
    variables: { hotline: '111' },
  });
  const startedAt = Date.now();

  // Kill the hub the moment the 1,000th email is accepted.
  await smtp.waitFor(KILL_AFTER, 180_000);
  first.child.kill('SIGKILL');
  const killed = await first.exited;
  const killedAt = Date.now();
  expect(killed.signal).toBe('SIGKILL');
  const beforeKill = smtp.messages.length;
  expect(beforeKill, 'the broadcast finished before the kill: nothing to resume').toBeLessThan(
    RECIPIENTS,
  );

  // Same environment, same data directory: the dead process's lock is taken over.
  await using second = spawnHub(env);
  await second.ready();
  const restartedAt = Date.now();
  await smtp.waitFor(beforeKill + 1, 180_000);
  const resumedAt = Date.now();
  await expect
    .poll(async () => (await client.broadcasts.progress(broadcast.id)).status, {
      timeout: 180_000,
      interval: 500,
    })
    .toBe('completed');
  const completedAt = Date.now();

  const progress = await client.broadcasts.progress(broadcast.id);
  let retried = 0;
  const statuses = new Set<string>();
  for await (const delivery of client.broadcasts.iterateDeliveries(broadcast.id, { limit: 500 })) {
    statuses.add(delivery.status);
    if (delivery.attempts > 1) retried++;
  }
  const received = new Map<string, number>();
  for (const mail of smtp.messages) {
    for (const to of mail.envelope.to) received.set(to, (received.get(to) ?? 0) + 1);
  }
  const duplicates = [...received.values()].reduce((sum, n) => sum + n - 1, 0);
  const lost = Array.from({ length: RECIPIENTS }, (_, n) => addressOf(n)).filter(
    (address) => !received.has(address),
  );
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    [
      'crash test figures:',
      `  emails before the kill     ${beforeKill} of ${RECIPIENTS} (${seconds(killedAt - startedAt)} after the broadcast was created)`,
      `  emails in all              ${smtp.messages.length}`,
      `  duplicates                 ${duplicates} (bound: ${IN_FLIGHT_WINDOW})`,
      `  lost                       ${lost.length}`,
      `  deliveries claimed again   ${retried} (claimed by the killed hub, sent by the new one)`,
      `  kill → hub ready again     ${seconds(restartedAt - killedAt)}`,
      `  kill → first email again   ${seconds(resumedAt - killedAt)}`,
      `  kill → broadcast completed ${seconds(completedAt - killedAt)}`,
    ].join('\n'),
  );

  expect(lost, 'recipients who never got the email').toEqual([]);
  expect(received.size).toBe(RECIPIENTS);
  expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT_WINDOW);
  expect(progress).toMatchObject({ status: 'completed', expanded: true, total: RECIPIENTS });
  expect(progress.counts).toEqual({ sent: RECIPIENTS });
  expect([...statuses]).toEqual(['sent']);

  // And a graceful stop still works on the recovered data directory.
  const stopped = await second.stop('SIGTERM');
  expect(stopped, second.stderr()).toEqual({ code: 0, signal: null });
});
