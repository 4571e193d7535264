/**
 * An email broadcast through the hub to a real SMTP server on loopback: the message carries
 * `List-Unsubscribe` with RFC 8058 one-click, and a mail client's one-click POST to exactly
 * that link (over a real socket, no API key) withdraws the parent's email consent.
 */

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { SafenetClient } from '@safenet/sdk';
import { expect, it } from 'vitest';
import { publishMemo } from '../support/library.js';
import { startSmtpServer } from '../support/smtp-server.js';
import { startTestHub } from '../support/test-hub.js';

const granted = {
  status: 'granted',
  source: 'parent meeting sign-up form',
  at: '2017-04-10T10:00:00+06:00',
} as const;

/** A port free right now, so the hub's public URL can name the port it will listen on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('a one-click POST to the List-Unsubscribe link of a broadcast email withdraws email consent', async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  await using smtp = await startSmtpServer();
  await using th = await startTestHub({
    env: { SAFENET_SMTP_URL: smtp.url, SAFENET_PUBLIC_URL: publicUrl },
  });
  await th.hub.app.listen({ port, host: '127.0.0.1' });
  const client = new SafenetClient({ baseUrl: publicUrl, apiKey: th.adminKey });

  const school = await client.organisations.create({
    parentId: th.seed.districtId,
    kind: 'school',
    name: 'School No. 9 (unsubscribe test)',
    timeZone: 'Asia/Almaty',
    defaultLanguage: 'ru',
  });
  const parent = await client.contacts.create({
    orgId: school.id,
    role: 'parent',
    language: 'ru',
    addresses: { email: 'parent-9@school-9.example.org' },
    consents: { email: granted },
  });
  const memo = await publishMemo(client, publicUrl, {
    orgId: school.id,
    topic: 'online-safety',
    targetRoles: ['parent'],
    title: { ru: 'Памятка для родителей' },
    body: { ru: 'Поговорите с ребёнком о том, что он видит в сети.' },
  });
  const segment = await client.segments.create({
    orgId: school.id,
    name: 'Parents of School No. 9',
    query: { underOrgIds: [school.id] },
  });
  const broadcast = await client.broadcasts.create({
    orgId: school.id,
    segmentId: segment.id,
    channels: ['email'],
    content: { recommendationId: memo.id },
  });
  await expect
    .poll(async () => (await client.broadcasts.progress(broadcast.id)).status, {
      timeout: 60_000,
      interval: 250,
    })
    .toBe('completed');

  const [mail] = await smtp.waitFor(1);
  const parsed = mail?.parsed;
  if (!parsed) throw new Error('no message received');
  // The headers as transmitted (mailparser would otherwise fold List-* into one object).
  const header = (name: string) =>
    parsed.headerLines
      .find((line) => line.key === name)
      ?.line.slice(name.length + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  const link = /^<([^>]+)>$/.exec(header('list-unsubscribe') ?? '')?.[1];
  expect(link).toMatch(new RegExp(`^${publicUrl}/v1/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
  if (!link) throw new Error('no List-Unsubscribe link');
  // The footer carries the same link, in the parent's language, in both parts.
  expect(parsed.text).toContain(`Отписаться: ${link}`);
  expect(parsed.html).toContain(`<a href="${link}">Отписаться</a>`);

  // What a scanner does first: a GET changes nothing.
  const page = await fetch(link);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form method="post">');
  expect((await client.contacts.get(parent.id)).consents.email).toEqual(granted);

  // What Gmail or Yahoo do on "Unsubscribe": the RFC 8058 POST, without any key.
  const oneClick = () =>
    fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
  const first = await oneClick();
  expect(first.status).toBe(200);
  const withdrawn = (await client.contacts.get(parent.id)).consents.email;
  expect(withdrawn).toMatchObject({
    status: 'revoked',
    source: 'one-click unsubscribe (RFC 8058)',
  });
  expect((await oneClick()).status).toBe(200);
  expect((await client.contacts.get(parent.id)).consents.email).toEqual(withdrawn);

  // A link altered by one character is refused with a stable code.
  const forged = await fetch(`${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`, {
    method: 'POST',
    body: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(forged.status).toBe(404);
  expect(forged.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await forged.json()).toMatchObject({ code: 'unsubscribe_link_invalid' });

  // The next email broadcast: the parent who unsubscribed is suppressed as `opted_out` — at
  // planning, as the preview said — and only a parent who did not gets the message.
  const other = await client.contacts.create({
    orgId: school.id,
    role: 'parent',
    language: 'ru',
    addresses: { email: 'parent-10@school-9.example.org' },
    consents: { email: granted },
  });
  const next = {
    orgId: school.id,
    segmentId: segment.id,
    channels: ['email' as const],
    content: { recommendationId: memo.id },
  };
  const preview = await client.broadcasts.preview(next);
  expect(preview).toMatchObject({
    recipients: 2,
    unreachable: 1,
    unreachableReasons: { opted_out: 1, no_consent: 0, no_address: 0 },
  });
  const again = await client.broadcasts.create(next);
  await expect
    .poll(async () => (await client.broadcasts.progress(again.id)).status, {
      timeout: 60_000,
      interval: 250,
    })
    .toBe('completed');
  const deliveries = (await client.broadcasts.deliveries(again.id)).items;
  expect(
    deliveries.map(({ contactId, channel, status, reason }) => ({
      contactId,
      channel,
      status,
      reason,
    })),
  ).toEqual(
    expect.arrayContaining([
      { contactId: parent.id, channel: 'email', status: 'suppressed', reason: 'opted_out' },
      { contactId: other.id, channel: 'email', status: 'sent', reason: null },
    ]),
  );
  expect(deliveries).toHaveLength(2);
  const received = await smtp.waitFor(2);
  expect(received.map((m) => m.envelope.to)).toEqual([
    ['parent-9@school-9.example.org'],
    ['parent-10@school-9.example.org'],
  ]);
});
