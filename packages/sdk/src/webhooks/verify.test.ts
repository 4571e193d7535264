import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from './verify.js';

// The hub signs with the same library; here a request is signed the way the Standard
// Webhooks specification says, and the SDK's check must take it, or refuse it for cause.

const secretOf = () => `whsec_${randomBytes(32).toString('base64')}`;
const body = JSON.stringify({
  type: 'alert',
  timestamp: '2017-04-10T09:00:00.000Z',
  data: {
    orgId: '0190a5a0-0000-7000-8000-000000000001',
    severity: 'critical',
    code: 'x',
    message: 'Тест',
  },
});

function signed(secrets: string[], { at = new Date(), id = 'evt_1', payload = body } = {}) {
  const signature = secrets.map((s) => new Webhook(s).sign(id, at, payload)).join(' ');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

describe('verifyWebhook', () => {
  it('answers the event of a request signed with the secret, from a string or bytes', () => {
    const secret = secretOf();
    const headers = signed([secret]);
    expect(verifyWebhook(secret, headers, body)).toEqual(JSON.parse(body));
    expect(verifyWebhook(secret, headers, Buffer.from(body))).toEqual(JSON.parse(body));
  });

  it('reads fetch Headers and Node headers in any case', () => {
    const secret = secretOf();
    const headers = signed([secret]);
    expect(verifyWebhook(secret, new Headers(headers), body)).toMatchObject({ type: 'alert' });
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook(secret, upper, body)).toMatchObject({ type: 'alert' });
  });

  it('takes either of two signatures (a rotation) and refuses a third secret', () => {
    const [old, next, other] = [secretOf(), secretOf(), secretOf()];
    const headers = signed([next, old]);
    expect(verifyWebhook(old, headers, body)).toMatchObject({ type: 'alert' });
    expect(verifyWebhook(next, headers, body)).toMatchObject({ type: 'alert' });
    expect(() => verifyWebhook(other, headers, body)).toThrow(WebhookVerificationError);
  });

  it('refuses an altered body, another id, a stale timestamp and missing headers', () => {
    const secret = secretOf();
    const headers = signed([secret]);
    expect(() => verifyWebhook(secret, headers, body.replace('Тест', 'Test'))).toThrow(
      /No matching signature/,
    );
    expect(() => verifyWebhook(secret, { ...headers, 'webhook-id': 'evt_2' }, body)).toThrow(
      WebhookVerificationError,
    );
    const stale = signed([secret], { at: new Date(Date.now() - 6 * 60_000) });
    expect(() => verifyWebhook(secret, stale, body)).toThrow(/too old/);
    const { 'webhook-signature': _, ...unsigned } = headers;
    expect(() => verifyWebhook(secret, unsigned, body)).toThrow(/Missing required headers/);
  });

  it('says so when the secret is not a signing secret', () => {
    expect(() => verifyWebhook('whsec_', signed([secretOf()]), body)).toThrow(TypeError);
  });
});
