import {
  type ChannelAdapter,
  createCaptureAdapter,
  createSmtpAdapter,
  createTwilioSmsAdapter,
  createWhatsAppCloudAdapter,
  type Pairing,
} from '@safenet/channels';
import type { Channel } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { channelRegistry } from './channel-registry.js';
import { channelLines } from './channels.banner.js';

const sessionUrl = (channel: Channel) => `http://127.0.0.1:3000/v1/channels/${channel}/session`;
const capture = (channel: Channel) =>
  createCaptureAdapter(channel, async () => {}, 'GET /v1/outbox');

/** An adapter a person pairs with a phone, as the banner sees one. */
function paired(channel: Channel, provider: string): ChannelAdapter {
  const pairing: Pairing = {
    instructions: 'Scan it',
    start: async () => {},
    session: () => ({ state: 'qr', qr: 'code', qrDataUrl: null }),
    printQr: () => false,
  };
  return {
    channel,
    provider,
    pairing,
    describe: () => `via ${provider} on a paired phone`,
    send: async () => ({ status: 'sent', providerMessageId: null }),
  };
}

describe('the start banner’s channel lines', () => {
  it('say what each configured provider declares, and never a credential', async () => {
    const adapters: ChannelAdapter[] = [
      createSmtpAdapter({
        url: 'smtp://safenet:s3cret-password@mail.example.org:587',
        from: 'Safe Internet <noreply@example.org>',
        pool: { maxConnections: 3 },
      }),
      createTwilioSmsAdapter({
        accountSid: `AC${'0'.repeat(32)}`,
        authToken: 'twilio-auth-token-secret',
        from: '+15005550006',
        segmentsPerSecond: 7,
        statusCallbackUrl: 'https://hub.example.org/v1/webhooks/twilio',
      }),
      createWhatsAppCloudAdapter({
        phoneNumberId: '106540352242922',
        accessToken: 'cloud-access-token-secret',
        appSecret: 'cloud-app-secret',
        verifyToken: 'cloud-verify-token',
        messagesPerSecond: 20,
      }),
    ];
    const registry = channelRegistry(
      new Map<Channel, ChannelAdapter>([
        ...adapters.map((a) => [a.channel, a] as const),
        ['telegram', capture('telegram')],
      ]),
    );
    const lines = channelLines(registry, { sessionUrl });
    expect(lines).toEqual([
      '  WhatsApp  via the Cloud API (graph.facebook.com), 20 messages/s',
      '  SMS       via Twilio (api.twilio.com), 7 segments/s',
      '  Email     via mail.example.org:587, 3 connections',
      '  Telegram  no provider configured: messages are captured, see GET /v1/outbox',
    ]);
    expect(lines.join('\n')).not.toMatch(/secret|password|token/i);
    await Promise.all(adapters.map((a) => a.close?.()));
  });

  it('name the organisation a routed adapter serves, and where to pair it', () => {
    const registry = channelRegistry(
      new Map<Channel, ChannelAdapter>([['whatsapp', capture('whatsapp')]]),
      [{ adapter: paired('whatsapp', 'phone'), orgId: '0190c0de-0000-7000-8000-00000000000a' }],
    );
    expect(channelLines(registry, { sessionUrl, qrInTerminal: true })).toEqual([
      '  WhatsApp  no provider configured: messages are captured, see GET /v1/outbox',
      '  WhatsApp  via phone on a paired phone for organisation 0190c0de-0000-7000-8000-00000000000a: pair it with the QR code at GET http://127.0.0.1:3000/v1/channels/whatsapp/session (also printed here)',
    ]);
  });

  it('leave out a default adapter that one serving everyone replaces', () => {
    const registry = channelRegistry(
      new Map<Channel, ChannelAdapter>([['whatsapp', capture('whatsapp')]]),
      [{ adapter: paired('whatsapp', 'phone'), orgId: null }],
    );
    expect(channelLines(registry, { sessionUrl })).toEqual([
      '  WhatsApp  via phone on a paired phone: pair it with the QR code at GET http://127.0.0.1:3000/v1/channels/whatsapp/session',
    ]);
  });

  it('fall back to the provider’s name for an adapter that declares nothing', () => {
    const bare: ChannelAdapter = {
      channel: 'sms',
      provider: 'acme-sms',
      send: async () => ({ status: 'sent', providerMessageId: null }),
    };
    expect(channelLines(channelRegistry(new Map([['sms', bare]])), { sessionUrl })).toEqual([
      '  SMS       via acme-sms',
    ]);
  });
});
