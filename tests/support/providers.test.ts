/**
 * `npm run providers`: what it prints is a configuration the hub accepts with every provider
 * set, and messages sent with those settings reach the local providers — for Telegram and Zalo
 * through a hub started with exactly the printed environment.
 */
import { createSmtpAdapter, createTwilioSmsAdapter, type OutgoingMessage } from '@safenet/channels';
import { loadConfig } from '@safenet/hub';
import { eventually } from '@safenet/hub/testing';
import { SafenetClient } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { freePort } from './hub-process.js';
import { parseEnvBlock, startLocalProviders } from './providers.js';
import { startTestHub } from './test-hub.js';

const ANY_PORTS = { smtp: 0, twilio: 0, cloud: 0, telegram: 0, zalo: 0 };

describe('startLocalProviders', () => {
  it('prints an environment the hub parses into SMTP, Twilio and the WhatsApp Cloud API', async () => {
    await using providers = await startLocalProviders({
      hubUrl: 'http://localhost:3999',
      ports: ANY_PORTS,
    });
    const env = parseEnvBlock(providers.envBlock);
    expect(env).toEqual(providers.env);
    const config = loadConfig(env);
    expect(config.publicUrl).toBe('http://localhost:3999');
    expect(config.smtp?.url).toBe(providers.smtp.url);
    expect(config.twilio).toMatchObject({
      apiBaseUrl: providers.twilio.url,
      from: '+15005550006',
    });
    expect(config.whatsappCloud).toMatchObject({ graphUrl: providers.cloud.graphUrl });
    expect(config.telegram).toMatchObject({ apiRoot: providers.telegram.apiRoot });
    expect(config.zalo).toMatchObject({
      openApiUrl: providers.zalo.urls.openApiUrl,
      businessApiUrl: providers.zalo.urls.businessApiUrl,
      oauthUrl: providers.zalo.urls.oauthUrl,
    });
    expect(Object.keys(config.zalo?.templates ?? {}).sort()).toEqual(['en', 'kk', 'ru', 'vi']);
  });

  it('a hub started with the printed environment sends to the local Telegram bot and Zalo OA', async () => {
    const port = await freePort();
    const hubUrl = `http://127.0.0.1:${port}`;
    const lines: string[] = [];
    await using providers = await startLocalProviders({
      hubUrl,
      ports: ANY_PORTS,
      log: (line) => lines.push(line),
    });
    const env = parseEnvBlock(providers.envBlock);
    const th = await startTestHub({ env });
    try {
      await th.hub.app.listen({ port: Number(env.PORT), host: '127.0.0.1' });
      const client = new SafenetClient({ baseUrl: hubUrl, apiKey: th.adminKey });
      const school = await client.organisations.create({
        parentId: th.seed.districtId,
        kind: 'school',
        name: 'Local providers school',
      });
      const consent = {
        status: 'granted',
        source: 'local test',
        at: '2026-12-01T09:00:00Z',
      } as const;
      const teacher = await client.contacts.create({
        orgId: school.id,
        role: 'teacher',
        language: 'kk',
        addresses: { telegram: '900000123' },
        consents: { telegram: consent },
      });
      const parent = await client.contacts.create({
        orgId: school.id,
        role: 'parent',
        language: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        addresses: { zalo: '+84912345001' },
        consents: { zalo: consent },
      });
      const segment = await client.segments.create({
        orgId: school.id,
        name: 'Local',
        query: { underOrgIds: [school.id] },
      });
      const broadcast = await client.broadcasts.create({
        orgId: school.id,
        segmentId: segment.id,
        channels: ['telegram', 'zalo'],
        content: {
          body: {
            kk: 'Жадынама: сенім телефоны 111.',
            vi: 'Tổng đài Quốc gia bảo vệ trẻ em: 111.',
          },
        },
      });
      // Zalo's delivery event reaches the hub's webhook, signed: the parent's is delivered.
      const deliveries = await eventually(
        async () => (await client.broadcasts.deliveries(broadcast.id, { limit: 10 })).items,
        (items) =>
          items.find((d) => d.contactId === teacher.id)?.status === 'sent' &&
          items.find((d) => d.contactId === parent.id)?.status === 'delivered',
        'the teacher’s Telegram message sent, the parent’s ZNS delivered',
      );
      expect(deliveries.map((d) => d.channel).sort()).toEqual(['telegram', 'zalo']);
      expect(providers.telegram.textsTo(900000123).join('\n')).toContain(
        'Жадынама: сенім телефоны 111.',
      );
      expect(providers.zalo.accepted).toMatchObject([
        {
          kind: 'zns',
          to: '84912345001',
          payload: {
            template_id: '318822',
            template_data: { noi_dung: expect.stringContaining('111') },
          },
        },
      ]);
      expect(lines.some((line) => /^\[telegram\] +900000123 +Жадынама/.test(line))).toBe(true);
      expect(lines.some((line) => /^\[zalo\] +\+84912345001 +Tổng đài/.test(line))).toBe(true);
    } finally {
      await th.close();
    }
  }, 90_000);

  it('tells the hub to listen on the port --hub names, so callbacks find it', async () => {
    await using elsewhere = await startLocalProviders({
      hubUrl: 'http://localhost:3999/',
      ports: ANY_PORTS,
    });
    expect(loadConfig(parseEnvBlock(elsewhere.envBlock)).port).toBe(3999);

    // Behind a tunnel the public URL names no port of this machine: the hub keeps its own.
    await using tunnelled = await startLocalProviders({
      hubUrl: 'https://safenet-demo.example.org',
      ports: ANY_PORTS,
    });
    expect(tunnelled.env).not.toHaveProperty('PORT');
    expect(loadConfig(parseEnvBlock(tunnelled.envBlock)).publicUrl).toBe(
      'https://safenet-demo.example.org',
    );
  });

  it('receives and logs an SMS sent through the Twilio adapter and an email over SMTP', async () => {
    const lines: string[] = [];
    await using providers = await startLocalProviders({
      ports: ANY_PORTS,
      log: (line) => lines.push(line),
    });
    const config = loadConfig(parseEnvBlock(providers.envBlock));
    const twilio = config.twilio;
    if (!twilio) throw new Error('no Twilio configuration');
    const sms = createTwilioSmsAdapter({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: twilio.from as string,
      apiBaseUrl: twilio.apiBaseUrl as string,
    });
    const context = { attempt: 1, signal: new AbortController().signal };
    const sent = await sms.send(
      message({ to: '+77011110001', body: 'Памятка: телефон доверия 111.' }),
      context,
    );
    await sms.close();
    expect(sent.status).toBe('sent');
    expect(providers.twilio.messages).toMatchObject([
      { sid: sent.providerMessageId, to: '+77011110001', body: 'Памятка: телефон доверия 111.' },
    ]);

    const email = createSmtpAdapter({
      url: config.smtp?.url as string,
      from: 'no-reply@safenet.localhost',
      ignoreTLS: true,
    });
    await email.send(
      message({
        to: 'parent@example.kz',
        language: 'kk',
        title: 'Жадынама',
        body: 'Сенім телефоны: 111.',
      }),
      context,
    );
    await email.close?.();
    expect(providers.smtp.messages).toMatchObject([
      { to: ['parent@example.kz'], subject: 'Жадынама' },
    ]);
    expect(providers.smtp.messages[0]?.text).toContain('Сенім телефоны: 111.');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[sms\] +\+77011110001 +Памятка: телефон доверия 111\.$/);
    expect(lines[1]).toMatch(/^\[email\] +parent@example\.kz +Жадынама — Сенім телефоны: 111\./);
  });
});

function message(fields: Partial<OutgoingMessage> & Pick<OutgoingMessage, 'to' | 'body'>) {
  return {
    deliveryId: 'd-1',
    broadcastId: 'b-1',
    orgId: 'o-1',
    contactId: 'c-1',
    language: 'ru',
    title: null,
    ...fields,
  } satisfies OutgoingMessage;
}
