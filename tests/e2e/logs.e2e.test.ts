/**
 * Everything the hub logs, at `trace`, while it does what brings personal data near a log: a
 * broadcast to real-looking parents over SMS (the real twilio library against the local
 * Twilio server, signed status callbacks carrying each number) and email, a number Twilio
 * refuses with a message quoting it, a refusal quoting the number and the message's text, a
 * reply from a parent with a message body, and bad requests carrying numbers, addresses and
 * text in their body, path and query. Not one captured line may hold a parent's phone number
 * (in any spelling), email address or name, or any message's text.
 */
import { Writable } from 'node:stream';
import type { Broadcast, BroadcastProgress } from '@safenet/core';
import { eventually } from '@safenet/hub/testing';
import { SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
} from '../support/twilio-server.js';

const granted = {
  status: 'granted' as const,
  source: 'parent meeting',
  at: '2017-04-05T18:00:00+06:00',
};
const PARENTS = [
  { name: 'Айгерим Нурланова', phone: '+77017120456', email: 'aigerim.nurlanova@mail.kz' },
  { name: 'Nguyễn Thị Lan', phone: '+84912345678', email: 'nguyen.thi.lan@gmail.com' },
  { name: 'Ержан Сейткали', phone: '+77051234567', email: 'yerzhan.seitkali@inbox.kz' },
  { name: 'Бекзат Оспанов', phone: '+77475550182', email: 'bekzat.ospanov@bk.ru' },
  { name: 'Дана Абенова', phone: undefined, email: 'dana.abenova@yandex.kz' },
];
/** Twilio refuses this number, quoting it. */
const REFUSED = PARENTS[2]?.phone as string;
/** Twilio refuses this number, quoting it and the text it was asked to send. */
const QUOTED = PARENTS[3]?.phone as string;
const BODY =
  'Памятка для родителей: поговорите с ребёнком о безопасности в интернете. Телефон доверия 111.';
const REPLY = 'Здравствуйте! Сыну пришло странное сообщение, перезвоните мне вечером, пожалуйста';
const BAD_NOTE = 'Записка классному руководителю о травле в чате класса';

/** The spellings a value may take in a log line. */
function spellings(kind: 'phone' | 'email' | 'text' | 'name', value: string): string[] {
  switch (kind) {
    case 'phone':
      // +77017120456, 77017120456, 7017120456 (national), %2B77017120456
      return [value, value.slice(1), value.slice(-10), encodeURIComponent(value)];
    case 'email':
      return [value, value.toUpperCase(), encodeURIComponent(value)];
    case 'text':
      // Whole, percent-encoded, or quoted in part by a provider.
      return [value, encodeURIComponent(value), value.slice(0, 24), value.slice(-24)];
    case 'name':
      return [value];
  }
}

/** Every secret's name whose value, in any spelling, occurs in `text`. */
function findLeaks(text: string, secrets: readonly [string, string[]][]): string[] {
  return secrets.filter(([, forms]) => forms.some((form) => text.includes(form))).map(([n]) => n);
}

describe('the log of a hub that sends, receives and refuses messages to real-looking parents', () => {
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let twilio: TwilioTestServer;
  let th: TestHub;
  let baseUrl: string;
  const secrets: [string, string[]][] = [
    ...PARENTS.flatMap((p) => [
      [`name ${p.name}`, spellings('name', p.name)] as [string, string[]],
      [`email ${p.email}`, spellings('email', p.email)] as [string, string[]],
      ...(p.phone ? [[`phone ${p.phone}`, spellings('phone', p.phone)] as [string, string[]]] : []),
    ]),
    ['the broadcast body', spellings('text', BODY)],
    ['the reply', spellings('text', REPLY)],
    ['the bad request note', spellings('text', BAD_NOTE)],
  ];

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    twilio = await startTwilioServer({
      inboundUrl: `${baseUrl}/v1/webhooks/twilio`,
      script: (to) => {
        if (to === REFUSED) {
          const message = `The 'To' number ${to} is not a valid phone number.`;
          return { reject: { status: 400, code: 21211, message } };
        }
        if (to === QUOTED) {
          const message = `Message to ${to} blocked as spam: "${BODY}"`;
          return { reject: { status: 400, code: 30007, message } };
        }
        return undefined;
      },
    });
    th = await startTestHub({
      logStream: capture,
      env: {
        LOG_LEVEL: 'trace',
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_TWILIO_API_URL: twilio.url,
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    const client = new SafenetClient({ baseUrl, apiKey: th.adminKey });
    const school = await client.organisations.create({
      parentId: th.seed.districtId,
      kind: 'school',
      name: 'School 7, Almaty',
    });
    for (const parent of PARENTS) {
      await client.contacts.create({
        orgId: school.id,
        role: 'parent',
        language: 'ru',
        displayName: parent.name,
        addresses: { email: parent.email, ...(parent.phone ? { phone: parent.phone } : {}) },
        consents: { email: granted, ...(parent.phone ? { sms: granted } : {}) },
      });
    }
    const segment = await client.segments.create({
      orgId: school.id,
      name: 'Parents of School 7',
      query: { underOrgIds: [school.id] },
    });
    const broadcast: Broadcast = await client.broadcasts.create({
      orgId: school.id,
      segmentId: segment.id,
      channels: ['sms', 'email'],
      content: { body: { ru: BODY } },
    });
    await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p: BroadcastProgress) =>
        p.status === 'completed' && p.counts.delivered === 2 && p.counts.captured === 3,
      'broadcast delivered, refusals fallen back to email',
    );
    await twilio.idle();

    // A parent replies.
    const reply = await twilio.sendInbound({ from: PARENTS[0]?.phone as string, body: REPLY });
    expect(reply.answered).toBe(200);

    // Bad requests with personal data in their body, path and query.
    const bad = [
      await fetch(`${baseUrl}/v1/contacts`, {
        method: 'POST',
        headers: { ...th.auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          orgId: school.id,
          role: 'parent',
          language: 'ru',
          displayName: PARENTS[0]?.name,
          note: BAD_NOTE,
          addresses: { phone: '8 701 712 04 56', email: PARENTS[1]?.email },
        }),
      }),
      await fetch(`${baseUrl}/v1/contacts`, {
        method: 'POST',
        headers: { ...th.auth, 'content-type': 'application/json' },
        body: `{"displayName": "${PARENTS[2]?.name}", "note": "${BAD_NOTE}", "phone": "${REFUSED}`,
      }),
      await fetch(`${baseUrl}/v1/contacts/${encodeURIComponent(QUOTED)}`, { headers: th.auth }),
      await fetch(
        `${baseUrl}/v1/contacts?phone=${encodeURIComponent(REFUSED)}&email=${encodeURIComponent(PARENTS[4]?.email as string)}`,
        { headers: th.auth },
      ),
    ];
    expect(bad.map((res) => res.status)).toEqual([400, 400, 400, 400]);
    await th.close();
  });

  afterAll(async () => {
    await th?.close();
    await twilio?.close();
  });

  it('captured every kind of line: requests, webhooks, and the refusals at debug level', () => {
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.filter((l) => l.msg === 'incoming request').length).toBeGreaterThan(20);
    expect(parsed.some((l) => l.msg === 'twilio webhook applied')).toBe(true);
    const refusals = parsed.filter((l) => l.msg === 'the provider did not take a message');
    expect(refusals.map((l) => l.providerCode).sort()).toEqual(['21211', '30007']);
    // The provider's words are kept for diagnosis, with what they quoted taken out.
    const said = refusals.map((l) => (l.err as { message: string }).message).sort();
    expect(said[0]).toMatch(/Message to \[redacted\] blocked as spam: "\[redacted\]"/);
    expect(said[1]).toMatch(/The 'To' number \[redacted\] is not a valid phone number/);
  });

  it('holds no phone number, email address, name or message text, in any spelling', () => {
    expect(findLeaks(lines.join('\n'), secrets)).toEqual([]);
  });

  it('finds every one of them in the same data unmasked: the scan can fail', () => {
    const unmasked = JSON.stringify({
      msg: `Message to ${QUOTED} blocked as spam: "${BODY}"`,
      url: `/v1/contacts?phone=${encodeURIComponent(REFUSED)}`,
      bare: PARENTS.map((p) => `${p.name} ${p.email} ${p.phone?.slice(1) ?? ''}`).join(', '),
      body: `${REPLY} ${BAD_NOTE}`,
    });
    expect(findLeaks(unmasked, secrets).sort()).toEqual(secrets.map(([name]) => name).sort());
  });
});
