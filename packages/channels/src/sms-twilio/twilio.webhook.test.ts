import { createHmac } from 'node:crypto';
import { SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import type { InboundRequest } from '../channel.js';
import { parseTwilioWebhook } from './twilio.webhook.js';

const TOKEN = 'webhook-test-token';
const URL = 'https://hub.example.org/webhooks/sms/twilio?org=kz';
const SID = `SM${'1f'.repeat(16)}`;

/** A webhook signed the way Twilio signs: HMAC-SHA1 over URL + sorted name/value pairs. */
function signed(params: Record<string, string>, token = TOKEN, url = URL): InboundRequest {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return {
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': createHmac('sha1', token).update(data).digest('base64'),
    },
    rawBody: Buffer.from(new URLSearchParams(params).toString()),
  };
}

const callback = (status: string, extra: Record<string, string> = {}) =>
  signed({ MessageSid: SID, MessageStatus: status, SmsSid: SID, SmsStatus: status, ...extra });

describe('parseTwilioWebhook', () => {
  it.each(['queued', 'sending', 'accepted', 'scheduled', 'some-new-status'])(
    'skips the %s status',
    (status) => {
      expect(parseTwilioWebhook(callback(status), TOKEN)).toEqual({ statuses: [], inbound: [] });
    },
  );

  it.each(['sent', 'delivered', 'read'] as const)('reads %s', (status) => {
    expect(parseTwilioWebhook(callback(status), TOKEN).statuses).toEqual([
      { providerMessageId: SID, status, at: expect.any(Date) },
    ]);
  });

  it.each([
    ['failed', '21610', 'opted_out'],
    ['undelivered', '30003', 'provider_unavailable'],
    ['undelivered', '30005', 'invalid_address'],
    ['undelivered', '30006', 'invalid_address'],
    ['failed', '30007', 'provider_rejected'],
  ])('reads %s with ErrorCode %s as failed, reason %s', (status, errorCode, reason) => {
    expect(parseTwilioWebhook(callback(status, { ErrorCode: errorCode }), TOKEN).statuses).toEqual([
      { providerMessageId: SID, status: 'failed', errorCode, reason, at: expect.any(Date) },
    ]);
  });

  it('reads a failure without an ErrorCode as provider_rejected', () => {
    expect(parseTwilioWebhook(callback('failed'), TOKEN).statuses).toEqual([
      {
        providerMessageId: SID,
        status: 'failed',
        reason: 'provider_rejected',
        at: expect.any(Date),
      },
    ]);
  });

  it('reads an inbound SMS, with or without SmsStatus=received', () => {
    const inbound = { From: '+77012345678', To: '+15005550006', Body: 'Тоқтату', MessageSid: SID };
    const expected = {
      statuses: [],
      inbound: [
        { from: '+77012345678', body: 'Тоқтату', providerMessageId: SID, at: expect.any(Date) },
      ],
    };
    expect(parseTwilioWebhook(signed(inbound), TOKEN)).toEqual(expected);
    expect(parseTwilioWebhook(signed({ ...inbound, SmsStatus: 'received' }), TOKEN)).toEqual(
      expected,
    );
  });

  it('finds the signature header whatever its case', () => {
    const request = callback('delivered');
    const { 'X-Twilio-Signature': signature, ...rest } = request.headers;
    const lower = { ...request, headers: { ...rest, 'x-twilio-signature': signature } };
    expect(parseTwilioWebhook(lower, TOKEN).statuses).toHaveLength(1);
  });

  it.each([
    ['no signature', { ...callback('delivered'), headers: {} }],
    ['another token', signed({ MessageSid: SID, MessageStatus: 'delivered' }, 'other-token')],
    [
      'another URL',
      { ...callback('delivered'), url: 'http://10.0.0.5:3000/webhooks/sms/twilio?org=kz' },
    ],
    [
      'a changed field',
      {
        ...callback('delivered'),
        rawBody: Buffer.from(
          new URLSearchParams({
            MessageSid: SID,
            MessageStatus: 'failed',
            SmsSid: SID,
            SmsStatus: 'delivered',
          }).toString(),
        ),
      },
    ],
  ])('refuses a webhook with %s as webhook_signature_invalid', (_why, request) => {
    let thrown: unknown;
    try {
      parseTwilioWebhook(request, TOKEN);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SafenetError);
    expect(thrown).toMatchObject({ code: 'webhook_signature_invalid' });
  });
});
