import { randomUUID } from 'node:crypto';
import {
  createCaptureAdapter,
  createWebsocketAdapter,
  type InAppMessage,
  type OutgoingMessage,
} from '@safenet/channels';
import { InAppMessageEvent, SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { channelContract, context, outgoing } from './channel.contract.js';
import { smtpTarget } from './smtp.harness.js';
import { telegramTarget } from './telegram.harness.js';
import { zaloTarget } from './zalo.harness.js';

channelContract(smtpTarget);
channelContract(telegramTarget);
channelContract(zaloTarget);

channelContract({
  name: 'capture',
  channel: 'email',
  provider: 'capture',
  status: 'captured',
  keepsTitle: true,
  address: (n) => `parent-${n}@school.example.kz`,
  async setup() {
    const outbox: OutgoingMessage[] = [];
    return {
      adapter: createCaptureAdapter('email', async (message) => {
        outbox.push(message);
      }),
      received: async () =>
        outbox.map(({ to, deliveryId, title, body }) => ({ to, deliveryId, title, body })),
      async [Symbol.asyncDispose]() {},
    };
  },
});

channelContract({
  name: 'websocket',
  channel: 'websocket',
  provider: 'websocket',
  status: 'sent',
  keepsTitle: true,
  addressIsContactId: true,
  address: () => randomUUID(),
  async setup() {
    const published: unknown[] = [];
    return {
      adapter: createWebsocketAdapter((event) => {
        published.push(event);
      }),
      // Parsing with core's schema is the contract: subscribers validate the same way.
      received: async () =>
        published.map((event) => {
          const { data } = InAppMessageEvent.parse(event);
          return {
            to: data.contactId,
            deliveryId: data.deliveryId,
            title: data.title,
            body: data.body,
          };
        }),
      async [Symbol.asyncDispose]() {},
    };
  },
});

describe('capture adapter', () => {
  it('hands the whole message to the sink and never claims delivery', async () => {
    const outbox: OutgoingMessage[] = [];
    const adapter = createCaptureAdapter('sms', async (message) => {
      outbox.push(message);
    });
    const message = outgoing('+77012345678', 'kk');

    await expect(adapter.send(message, context())).resolves.toEqual({
      status: 'captured',
      providerMessageId: null,
    });
    expect(adapter.channel).toBe('sms');
    expect(outbox).toEqual([message]);
  });

  it('lets a failing sink fail the send', async () => {
    const down = new SafenetError('store_unavailable', 'The database is not available');
    const adapter = createCaptureAdapter('email', async () => {
      throw down;
    });

    await expect(adapter.send(outgoing('parent@school.example.kz'), context())).rejects.toBe(down);
  });
});

describe('websocket adapter', () => {
  it('publishes an InAppMessageEvent stamped now, with the delivery id as message id', async () => {
    const published: InAppMessage[] = [];
    const adapter = createWebsocketAdapter(async (event) => {
      published.push(event);
    });
    const contactId = randomUUID();
    const message = outgoing(contactId, 'vi', { contactId });
    const before = Date.now();

    const result = await adapter.send(message, context());

    expect(result).toEqual({ status: 'sent', providerMessageId: message.deliveryId });
    const event = InAppMessageEvent.parse(published[0]);
    expect(event).toEqual({
      type: 'message',
      orgId: message.orgId,
      at: expect.any(String),
      data: {
        deliveryId: message.deliveryId,
        broadcastId: message.broadcastId,
        contactId,
        language: 'vi',
        title: message.title,
        body: message.body,
      },
    });
    expect(Date.parse(event.at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(event.at)).toBeLessThanOrEqual(Date.now());
  });
});
