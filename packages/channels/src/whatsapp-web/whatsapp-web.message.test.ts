import { describe, expect, it } from 'vitest';
import type { WhatsAppMessage } from './whatsapp-web.client.js';
import { digitsOf, inboundOf, statusOfAck, textOf } from './whatsapp-web.message.js';

const at = new Date('2017-04-10T09:00:00Z');

function message(overrides: Partial<WhatsAppMessage> = {}): WhatsAppMessage {
  return {
    id: {
      fromMe: true,
      remote: '77011234567@c.us',
      id: 'ABCDEF',
      _serialized: 'true_77011234567@c.us_ABCDEF',
    },
    from: '77010000000@c.us',
    to: '77011234567@c.us',
    body: 'Памятка',
    timestamp: 1491814800,
    fromMe: true,
    ...overrides,
  };
}

describe('textOf', () => {
  it('puts the title in bold on its own line, then a blank line', () => {
    expect(textOf({ title: 'Памятка для родителей', body: 'Текст\n\nещё' })).toBe(
      '*Памятка для родителей*\n\nТекст\n\nещё',
    );
  });

  it('keeps the title on one line so the bold markers hold', () => {
    expect(textOf({ title: '  Safe\nInternet ', body: 'x' })).toBe('*Safe Internet*\n\nx');
  });

  it('sends the body alone without a title', () => {
    expect(textOf({ title: null, body: 'Gọi 111' })).toBe('Gọi 111');
    expect(textOf({ title: ' ', body: 'Gọi 111' })).toBe('Gọi 111');
  });
});

describe('digitsOf', () => {
  it.each([
    ['+77011234567', '77011234567'],
    ['+84912345678', '84912345678'],
    ['77011234567', '77011234567'],
  ])('%s → %s', (e164, digits) => {
    expect(digitsOf(e164)).toBe(digits);
  });

  it.each(['', '+', '+0123456789', '+7 701 123', 'parent@example.kz', '+1234567890123456'])(
    'refuses %s',
    (to) => {
      expect(digitsOf(to)).toBeNull();
    },
  );
});

describe('statusOfAck', () => {
  it.each([
    [1, 'sent'],
    [2, 'delivered'],
    [3, 'read'],
    [4, 'read'],
  ] as const)('maps ack %i to %s', (ack, status) => {
    expect(statusOfAck(message(), ack, at)).toEqual({
      providerMessageId: 'true_77011234567@c.us_ABCDEF',
      status,
      at,
    });
  });

  it('maps ACK_ERROR to failed', () => {
    expect(statusOfAck(message(), -1, at)).toMatchObject({
      status: 'failed',
      reason: 'provider_rejected',
      errorCode: '-1',
    });
  });

  it('ignores a pending ack, an unknown one, and acks of messages the phone received', () => {
    expect(statusOfAck(message(), 0, at)).toBeNull();
    expect(statusOfAck(message(), 7, at)).toBeNull();
    const received = message({ id: { ...message().id, fromMe: false }, fromMe: false });
    expect(statusOfAck(received, 3, at)).toBeNull();
  });
});

describe('inboundOf', () => {
  const incoming = (from: string, overrides: Partial<WhatsAppMessage> = {}) =>
    message({
      id: { fromMe: false, remote: from, id: 'X1', _serialized: `false_${from}_X1` },
      from,
      to: '77010000000@c.us',
      body: 'STOP',
      fromMe: false,
      ...overrides,
    });

  it('reports the sender as E.164, at the time WhatsApp stamped', () => {
    expect(inboundOf(incoming('84912345678@c.us'), at)).toEqual({
      from: '+84912345678',
      body: 'STOP',
      providerMessageId: 'false_84912345678@c.us_X1',
      at: new Date(1491814800 * 1000),
    });
  });

  it('uses now when the message has no timestamp', () => {
    expect(inboundOf(incoming('77011234567@c.us', { timestamp: 0 }), at)?.at).toBe(at);
  });

  it.each([
    '120363025246125888@g.us',
    'status@broadcast',
    '123456789012345@lid',
    '120363123456789@newsletter',
  ])('ignores %s, which is not one phone number', (from) => {
    expect(inboundOf(incoming(from), at)).toBeNull();
  });

  it('ignores messages sent from the paired phone itself', () => {
    expect(inboundOf(incoming('77011234567@c.us', { fromMe: true }), at)).toBeNull();
  });
});
