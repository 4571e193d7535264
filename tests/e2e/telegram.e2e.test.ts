/**
 * Telegram end to end (issue 17): a Kazakh school's teachers open the bot through the deep
 * links the hub made for them (the hub's own webhook, the Bot API's local stand-in, grammY on
 * both sides), then one broadcast goes to them over Telegram with email as the fallback:
 *
 * | teacher | Telegram            | what happens                               | email |
 * | ------- | ------------------- | ------------------------------------------ | ----- |
 * | 1–3     | linked              | the text arrives in the chat               |       |
 * | 4       | linked, then blocks | 403 "bot was blocked": consent withdrawn    | ✓     |
 * | 5       | linked, then /stop  | no consent: not sent on Telegram           | ✓     |
 * | 6       | never linked        | no address: not sent on Telegram           | ✓     |
 *
 * Nothing is sent twice, and each withdrawal is in the consent history with who withdrew it.
 */
import type { Broadcast, BroadcastProgress, ConsentEvent, Contact, Delivery } from '@safenet/core';
import { eventually, startTelegramBotApi, type TelegramBotApi } from '@safenet/hub/testing';
import { SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process.js';
import { type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const TOKEN = '7000000001:AAH-e2e-token-of-the-school-bot-4567';
const SECRET = 'e2e-telegram-webhook-secret-0123456789';
const granted = {
  status: 'granted' as const,
  source: 'staff meeting',
  at: '2026-04-01T09:00:00+05:00',
};
const BODY = {
  kk: 'Құрметті мұғалімдер! Балалардың интернеттегі қауіпсіздігі туралы ата-аналармен жиналыс өткізіңіздер.',
};

describe('a broadcast to Kazakh teachers over Telegram, falling back to email', () => {
  let api: TelegramBotApi;
  let smtp: SmtpTestServer;
  let th: TestHub;
  let client: SafenetClient;
  let webhook: string;
  const teachers: Contact[] = [];
  /** Each teacher's Telegram user id (their private chat's id). */
  const chatOf = (n: number) => 770_000_000 + n;
  let broadcast: Broadcast;
  let deliveries: Delivery[];

  const open = async (n: number, text: string) => {
    const res = await api.update(
      webhook,
      SECRET,
      { id: chatOf(n), firstName: `Teacher ${n}`, languageCode: 'kk' },
      { text },
    );
    expect(res.status, res.body).toBe(200);
  };
  const deliveriesOf = (n: number) =>
    deliveries
      .filter((d) => d.contactId === teachers[n - 1]?.id)
      .map((d) => `${d.channel}:${d.status}`);

  beforeAll(async () => {
    api = await startTelegramBotApi(TOKEN);
    smtp = await startSmtpServer();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    webhook = `${baseUrl}/v1/telegram/webhook`;
    th = await startTestHub({
      env: {
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_SMTP_URL: smtp.url,
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
        SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
        SAFENET_TELEGRAM_BOT_USERNAME: 'SafenetSchool_bot',
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: th.adminKey });
    const school = await client.organisations.create({
      parentId: th.seed.districtId,
      kind: 'school',
      name: 'Талғар мектебі',
    });
    for (let n = 1; n <= 6; n++) {
      teachers.push(
        await client.contacts.create({
          orgId: school.id,
          role: 'teacher',
          language: 'kk',
          addresses: { email: `teacher-${n}@school.example.kz` },
          consents: { email: granted },
        }),
      );
    }
    for (let n = 1; n <= 5; n++) {
      const link = await client.contacts.telegramLink(teachers[n - 1]?.id as string);
      expect(link.url).toBe(`https://t.me/SafenetSchool_bot?start=${link.token}`);
      await open(n, `/start ${link.token}`);
    }
    await open(5, '/stop');
    api.failChat(chatOf(4), { kind: 'blocked' });

    const segment = await client.segments.create({
      orgId: school.id,
      name: 'Teachers',
      query: { underOrgIds: [school.id] },
    });
    broadcast = await client.broadcasts.create({
      orgId: school.id,
      segmentId: segment.id,
      channels: ['telegram', 'email'],
      content: { title: { kk: 'Жадынама' }, body: BODY },
    });
    await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p: BroadcastProgress) => p.status === 'completed',
      'the Telegram broadcast completed',
    );
    deliveries = [];
    for await (const d of client.broadcasts.iterateDeliveries(broadcast.id)) deliveries.push(d);
  });

  afterAll(async () => {
    await th?.close();
    await api?.close();
    await smtp?.close();
  });

  it('binds each opened link to its teacher, with consent in the history', async () => {
    for (let n = 1; n <= 4; n++) {
      const teacher = await client.contacts.get(teachers[n - 1]?.id as string);
      expect(teacher.addresses.telegram).toBe(String(chatOf(n)));
    }
    expect((await client.contacts.get(teachers[5]?.id as string)).addresses.telegram).toBe(
      undefined,
    );
  });

  it('sends the text once to each linked teacher’s chat, in Kazakh, on Telegram only', () => {
    for (const n of [1, 2, 3]) {
      const texts = api.textsTo(chatOf(n));
      // The bot's confirmation of the link, then the broadcast: title, blank line, body.
      expect(texts.at(-1)).toBe(`Жадынама\n\n${BODY.kk}`);
      expect(texts.filter((t) => t.includes(BODY.kk))).toHaveLength(1);
      expect(deliveriesOf(n)).toEqual(['telegram:sent']);
    }
    const mailed = smtp.messages.flatMap((m) => m.envelope.to);
    expect(mailed.sort()).toEqual([4, 5, 6].map((n) => `teacher-${n}@school.example.kz`));
  });

  it('falls back to email for a teacher who blocked the bot, and withdraws their consent', async () => {
    const refused = deliveries.find(
      (d) => d.contactId === teachers[3]?.id && d.channel === 'telegram',
    );
    expect(refused).toMatchObject({ status: 'failed', reason: 'opted_out' });
    expect(deliveriesOf(4)).toContain('email:sent');
    expect(
      api.callsOf('sendMessage').filter((c) => c.params.chat_id === chatOf(4) && c.status === 403),
    ).toHaveLength(1);
    const teacher = await client.contacts.get(teachers[3]?.id as string);
    expect(teacher.consents.telegram?.status).toBe('revoked');
    const history = await client.contacts.consentHistory(teachers[3]?.id as string, {
      channel: 'telegram',
    });
    expect(history.items.map((e: ConsentEvent) => [e.status, e.by.kind])).toEqual([
      ['revoked', 'provider'],
      ['granted', 'contact'],
    ]);
  });

  it('sends nothing on Telegram to a teacher who said /stop or never linked, only email', () => {
    expect(deliveriesOf(5)).toEqual(['email:sent']);
    expect(deliveriesOf(6)).toEqual(['email:sent']);
    expect(api.textsTo(chatOf(5)).some((t) => t.includes(BODY.kk))).toBe(false);
  });
});
