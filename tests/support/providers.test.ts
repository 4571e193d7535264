/**
 * `npm run providers`: what it prints is a configuration the hub accepts with all three
 * providers set, and messages sent with those settings reach the local providers.
 */
import { createSmtpAdapter, createTwilioSmsAdapter, type OutgoingMessage } from '@safenet/channels';
import { loadConfig } from '@safenet/hub';
import { describe, expect, it } from 'vitest';
import { parseEnvBlock, startLocalProviders } from './providers.js';

describe('startLocalProviders', () => {
  it('prints an environment the hub parses into SMTP, Twilio and the WhatsApp Cloud API', async () => {
    await using providers = await startLocalProviders({
      hubUrl: 'http://localhost:3999',
      ports: { smtp: 0, twilio: 0, cloud: 0 },
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
  });

  it('tells the hub to listen on the port --hub names, so callbacks find it', async () => {
    await using elsewhere = await startLocalProviders({
      hubUrl: 'http://localhost:3999/',
      ports: { smtp: 0, twilio: 0, cloud: 0 },
    });
    expect(loadConfig(parseEnvBlock(elsewhere.envBlock)).port).toBe(3999);

    // Behind a tunnel the public URL names no port of this machine: the hub keeps its own.
    await using tunnelled = await startLocalProviders({
      hubUrl: 'https://safenet-demo.example.org',
      ports: { smtp: 0, twilio: 0, cloud: 0 },
    });
    expect(tunnelled.env).not.toHaveProperty('PORT');
    expect(loadConfig(parseEnvBlock(tunnelled.envBlock)).publicUrl).toBe(
      'https://safenet-demo.example.org',
    );
  });

  it('receives and logs an SMS sent through the Twilio adapter and an email over SMTP', async () => {
    const lines: string[] = [];
    await using providers = await startLocalProviders({
      ports: { smtp: 0, twilio: 0, cloud: 0 },
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
