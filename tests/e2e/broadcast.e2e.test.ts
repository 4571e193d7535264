/**
 * One broadcast end to end, through the SDK only: a school's parents in four languages get
 * the memo by email (a real SMTP server on loopback) or, when email is not allowed, as an
 * in-app message on the websocket stream. Runs on the embedded database and on PostgreSQL.
 */
import type { AddressInfo } from 'node:net';
import { type ContactBulkInput, type EventOf, type Language, SafenetClient } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { publishMemo } from '../support/library.js';
import { startSmtpServer } from '../support/smtp-server.js';
import { postgresVariant, shouldTestPostgres, startTestHub } from '../support/test-hub.js';

const LANGUAGES = ['ru', 'kk', 'vi', 'en'] as const satisfies readonly Language[];
const PER_LANGUAGE = 12;
const HOTLINE = '111';

/** The memo, with the hotline filled in at send time. */
const TITLE: Record<(typeof LANGUAGES)[number], string> = {
  ru: 'Безопасный Интернет: памятка для родителей',
  kk: 'Қауіпсіз Интернет: ата-аналарға арналған жадынама',
  vi: 'Internet an toàn: cẩm nang cho cha mẹ',
  en: 'Safe Internet: memo for parents',
};
const BODY: Record<(typeof LANGUAGES)[number], string> = {
  ru: 'Поговорите с ребёнком о том, что он видит в сети, и включите родительский контроль. Телефон доверия: {{hotline}}.',
  kk: 'Балаңызбен желіде не көретіні туралы сөйлесіп, ата-ана бақылауын қосыңыз. Сенім телефоны: {{hotline}}.',
  vi: 'Hãy trò chuyện với con về những gì con xem trên mạng và bật chế độ kiểm soát của cha mẹ. Đường dây nóng bảo vệ trẻ em: {{hotline}}.',
  en: 'Talk with your child about what they see online and turn on parental controls. Child helpline: {{hotline}}.',
};
const rendered = (language: (typeof LANGUAGES)[number]) =>
  BODY[language].replace('{{hotline}}', HOTLINE);

const CONSENT = { source: 'parent meeting sign-up form', at: '2017-04-10T10:00:00+06:00' };
const granted = { status: 'granted', ...CONSENT } as const;
const revoked = { status: 'revoked', ...CONSENT } as const;

type Reach = 'email' | 'email+websocket' | 'websocket-only';

/**
 * Per language: 8 parents by email only, 2 by email and in-app (email comes first in the
 * broadcast's channels, so they get email), 1 with an address but email consent revoked and
 * 1 without an address — these two are reachable in-app only.
 */
function reachOf(index: number): Reach {
  if (index < 8) return 'email';
  if (index < 10) return 'email+websocket';
  return 'websocket-only';
}

function parents(orgId: string): ContactBulkInput['contacts'] {
  return LANGUAGES.flatMap((language) =>
    Array.from({ length: PER_LANGUAGE }, (_, index) => {
      const reach = reachOf(index);
      const email = `parent-${language}-${index}@school-7.example.org`;
      return {
        orgId,
        externalRef: `school-7/parent-${language}-${index}`,
        role: 'parent' as const,
        language,
        childAgeBands: [{ min: 6, max: 10 }],
        addresses: index === PER_LANGUAGE - 1 ? {} : { email },
        consents:
          reach === 'email'
            ? { email: granted }
            : reach === 'email+websocket'
              ? { email: granted, websocket: granted }
              : index === PER_LANGUAGE - 1
                ? { websocket: granted }
                : { email: revoked, websocket: granted },
      };
    }),
  );
}

const postgres = await shouldTestPostgres();

describe('a broadcast in four languages over email and websocket', () => {
  it('reaches every parent once, in their language (embedded database)', async () => {
    await broadcastScenario('embedded');
  });

  describe.runIf(postgres)(postgresVariant(postgres), () => {
    it('reaches every parent once, in their language (PostgreSQL)', async () => {
      await broadcastScenario('postgres');
    });
  });
});

async function broadcastScenario(database: 'embedded' | 'postgres'): Promise<void> {
  await using smtp = await startSmtpServer();
  await using th = await startTestHub({ database, env: { SAFENET_SMTP_URL: smtp.url } });
  await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = th.hub.app.server.address() as AddressInfo;
  const client = new SafenetClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: th.adminKey });

  // A new school under the demo district, its parents, the memo and a segment of them.
  const school = await client.organisations.create({
    parentId: th.seed.districtId,
    kind: 'school',
    name: 'School No. 7 (end-to-end test)',
    timeZone: 'Asia/Almaty',
    defaultLanguage: 'kk',
  });
  const upserted = await client.contacts.bulkUpsert({ contacts: parents(school.id) });
  expect(upserted.created).toBe(LANGUAGES.length * PER_LANGUAGE);
  const idOf = new Map(upserted.items.map((item) => [item.externalRef, item.id]));

  const memo = await publishMemo(client, `http://127.0.0.1:${port}`, {
    orgId: school.id,
    topic: 'online-safety',
    targetRoles: ['parent'],
    title: TITLE,
    body: BODY,
  });
  const segment = await client.segments.create({
    orgId: school.id,
    name: 'Parents of School No. 7',
    query: { underOrgIds: [school.id] },
  });
  const count = await client.segments.count(segment.id);
  expect(count.total).toBe(LANGUAGES.length * PER_LANGUAGE);

  // Who should get what.
  const emailOf = new Map<string, { language: (typeof LANGUAGES)[number]; contactId: string }>();
  const inApp = new Map<string, (typeof LANGUAGES)[number]>();
  for (const language of LANGUAGES) {
    for (let index = 0; index < PER_LANGUAGE; index++) {
      const contactId = idOf.get(`school-7/parent-${language}-${index}`);
      if (!contactId) throw new Error(`no contact for ${language} ${index}`);
      if (reachOf(index) === 'websocket-only') inApp.set(contactId, language);
      else emailOf.set(`parent-${language}-${index}@school-7.example.org`, { language, contactId });
    }
  }
  expect(emailOf.size).toBe(40);
  expect(inApp.size).toBe(8);

  // Subscribe before the broadcast exists, and wait until the stream is open.
  const progressEvents: EventOf<'broadcast.progress'>[] = [];
  const messageEvents: EventOf<'message'>[] = [];
  let opened: () => void = () => {};
  let refused: (error: unknown) => void = () => {};
  const open = new Promise<void>((resolve, reject) => {
    opened = resolve;
    refused = reject;
  });
  const subscription = client.stream.subscribe({
    types: ['broadcast.progress', 'message'],
    onEvent: (event) => {
      if (event.type === 'broadcast.progress') progressEvents.push(event);
      else messageEvents.push(event);
    },
    onOpen: () => opened(),
    onError: (error) => {
      if (!error.retryable) refused(error);
    },
  });
  try {
    await open;
    const broadcast = await client.broadcasts.create({
      orgId: school.id,
      segmentId: segment.id,
      channels: ['email', 'websocket'],
      content: { recommendationId: memo.id },
      variables: { hotline: HOTLINE },
    });

    await expect
      .poll(async () => (await client.broadcasts.progress(broadcast.id)).status, {
        timeout: 90_000,
        interval: 250,
      })
      .toBe('completed');
    const ours = () => progressEvents.filter((e) => e.data.broadcastId === broadcast.id);
    await expect
      .poll(() => ours().at(-1)?.data.status, { timeout: 30_000, interval: 100 })
      .toBe('completed');
    await expect
      .poll(() => messageEvents.filter((e) => e.data.broadcastId === broadcast.id).length, {
        timeout: 30_000,
        interval: 100,
      })
      .toBeGreaterThanOrEqual(inApp.size);

    // Email: exactly one per parent with email consent, in their language.
    expect(smtp.messages).toHaveLength(emailOf.size);
    const recipients = smtp.messages.flatMap((mail) => mail.envelope.to);
    expect(new Set(recipients).size).toBe(emailOf.size);
    expect(recipients.sort()).toEqual([...emailOf.keys()].sort());
    for (const mail of smtp.messages) {
      const to = mail.envelope.to[0] as string;
      const expected = emailOf.get(to);
      if (!expected) throw new Error(`unexpected recipient ${to}`);
      const parsed = mail.parsed;
      expect(parsed?.to).toMatchObject({ value: [{ address: to }] });
      expect(parsed?.subject).toBe(TITLE[expected.language]);
      const [written, footer] = parsed?.text?.split('\n-- \n') ?? [];
      expect(written?.trim()).toBe(rendered(expected.language));
      expect(footer).toMatch(/\/v1\/unsubscribe\/[\w-]+\.[\w-]+/);
      expect(parsed?.text).not.toContain('{{');
    }
    // The letters of each script came through the encodings unharmed.
    const subjectsIn = (language: (typeof LANGUAGES)[number]) =>
      smtp.messages
        .filter((m) => emailOf.get(m.envelope.to[0] as string)?.language === language)
        .map((m) => `${m.parsed?.subject} ${m.parsed?.text}`);
    for (const text of subjectsIn('ru')) expect(text).toContain('ребёнком');
    for (const text of subjectsIn('kk')) {
      expect(text).toContain('Қауіпсіз');
      expect(text).toMatch(/[әіңғүұқөһ]/);
    }
    for (const text of subjectsIn('vi')) {
      expect(text).toContain('Đường dây nóng bảo vệ trẻ em: 111');
      expect(text).toContain('cẩm nang cho cha mẹ');
    }

    // In-app: parents reachable only there got a message event, in their language.
    const messages = messageEvents.filter((e) => e.data.broadcastId === broadcast.id);
    expect(messages).toHaveLength(inApp.size);
    expect(new Set(messages.map((m) => m.data.contactId))).toEqual(new Set(inApp.keys()));
    for (const { data } of messages) {
      const language = inApp.get(data.contactId);
      if (!language) throw new Error(`unexpected in-app recipient ${data.contactId}`);
      expect(data).toMatchObject({ language, title: TITLE[language], body: rendered(language) });
    }

    // The stream reported progress up to completion.
    const final = ours().at(-1);
    expect(final?.orgId).toBe(school.id);
    expect(final?.data).toMatchObject({
      status: 'completed',
      expanded: true,
      total: 48,
      counts: { sent: 48 },
    });

    // The REST view agrees: every delivery sent, nothing queued, sending or failed.
    const progress = await client.broadcasts.progress(broadcast.id);
    expect(progress).toEqual({
      broadcastId: broadcast.id,
      status: 'completed',
      expanded: true,
      total: 48,
      recipients: 48,
      fallbacks: 0,
      deferred: 0,
      counts: { sent: 48 },
      channels: expect.any(Object),
    });
    const deliveries = [];
    for await (const delivery of client.broadcasts.iterateDeliveries(broadcast.id, { limit: 20 })) {
      deliveries.push(delivery);
    }
    expect(deliveries).toHaveLength(48);
    // The counts by channel are the deliveries' own.
    const byChannel: Record<string, { sent: number }> = {};
    for (const d of deliveries)
      byChannel[d.channel] = { sent: (byChannel[d.channel]?.sent ?? 0) + 1 };
    expect(Object.keys(byChannel).sort()).toEqual(['email', 'websocket']);
    expect(progress.channels).toEqual(byChannel);
    const contactOfEmail = new Map([...emailOf.values()].map((e) => [e.contactId, e.language]));
    for (const delivery of deliveries) {
      expect(delivery.status).toBe('sent');
      expect(delivery.attempts).toBe(1);
      if (inApp.has(delivery.contactId)) {
        expect(delivery).toMatchObject({
          channel: 'websocket',
          language: inApp.get(delivery.contactId),
        });
      } else {
        expect(delivery).toMatchObject({
          channel: 'email',
          language: contactOfEmail.get(delivery.contactId),
        });
      }
    }
    expect(new Set(deliveries.map((d) => d.contactId)).size).toBe(48);
    const sentOnly = await client.broadcasts.deliveries(broadcast.id, {
      status: 'sent',
      limit: 100,
    });
    expect(sentOnly.items).toHaveLength(48);
    expect(sentOnly.nextCursor).toBeNull();
  } finally {
    subscription.close();
  }
}
